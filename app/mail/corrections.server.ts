/**
 * What each partner was told, and the corrections a changed outcome needs
 * (docs/decisions/0053-corrections-after-results-sent.md).
 *
 * Every results email and every correction records the outcome it tells (EmailMessage
 * .outcomeTierId and .outcome). A partner contact "was told" the outcome of the last such
 * message that reached them. When a nomination's outcome now differs from what a contact
 * was told, that contact (and nobody else) gets one correction, keyed
 *   results-correction:<cycleId>:<nominationId>:<email>:<n>
 * where n counts that contact's corrections for that nomination: a second change later gets
 * a second correction, and planning again never makes a duplicate of one already stored.
 */
import type { Db } from "~/db/client.server";
import { IN_PLAY, statusIn } from "~/nominations/status";
import { resultsTemplateFor, type ResultsTemplateName } from "~/mail/templates.server";
import { normaliseEmail } from "~/organisations/email-domains";
import { ceremonyFactsOf, emailCycleOf, tierKindOf, type CampaignCycle, type CampaignRecipient } from "./campaigns.server";
import { nominationTitle } from "~/nominations/title";

export const NOT_AWARDED_NAME = "Not awarded";

export function correctionKey(cycleId: string, nominationId: string, email: string, n: number): string {
  return `results-correction:${cycleId}:${nominationId}:${normaliseEmail(email)}:${n}`;
}

/** One results email or correction stored for a contact about a nomination. */
export type Notice = {
  key: string;
  kind: "results" | "correction";
  status: string;
  template: string;
  outcomeTierId: string | null;
  /** null: stored before outcomes were recorded; the template then says what it told */
  outcome: string | null;
  createdAt: Date;
  sentAt: Date | null;
};

export type CurrentOutcome = { tierId: string | null; name: string; template: ResultsTemplateName };

/** Does this notice tell the current outcome? */
export function tellsCurrent(notice: Pick<Notice, "outcome" | "outcomeTierId" | "template">, current: CurrentOutcome): boolean {
  if (notice.outcome !== null) return notice.outcomeTierId === current.tierId;
  return notice.template === current.template;
}

/** The outcome a notice told, in words. */
export function toldOutcome(notice: Pick<Notice, "outcome">): string {
  return notice.outcome ?? "The outcome in our earlier email (not recorded)";
}

/**
 * What one contact needs about one nomination, from their notices (any order) and the
 * outcome now. Pure: the rule in one place.
 * - "none": never told (the results email will tell them), or told the current outcome by
 *   their results email;
 * - "show": their latest notice is a correction telling the current outcome (sent, waiting or
 *   failed): it is part of the corrections, nothing new is needed;
 * - "new": told something else: one new correction, number n, replacing `previous`.
 */
export type CorrectionNeed =
  | { action: "none"; told: Notice | null }
  | { action: "show"; told: Notice; notice: Notice; previous: Notice | null }
  | { action: "new"; told: Notice; n: number; previous: Notice };

export function correctionNeed(notices: Notice[], current: CurrentOutcome): CorrectionNeed {
  const sorted = [...notices].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.key.localeCompare(b.key));
  const sent = sorted.filter((n) => n.status === "sent");
  const told = sent.at(-1) ?? null;
  if (!told) return { action: "none", told: null };
  const last = sorted.at(-1)!;
  if (last.kind === "correction" && tellsCurrent(last, current)) {
    const previous = sent.filter((n) => n.createdAt.getTime() < last.createdAt.getTime() && n.key !== last.key).at(-1) ?? null;
    return { action: "show", told, notice: last, previous };
  }
  if (tellsCurrent(told, current)) return { action: "none", told };
  return { action: "new", told, n: sorted.filter((n) => n.kind === "correction").length + 1, previous: told };
}

type ContactNotices = { email: string; name: string | null; notices: Notice[] };

/**
 * Every decided, still-counted nomination of the cycle with its outcome now and, per contact
 * (current partner contacts and anyone already emailed about it), their notices.
 */
async function loadNotices(db: Db, cycleId: string) {
  const nominations = await db.nomination.findMany({
    where: { cycleId, decision: { isNot: null }, status: statusIn(IN_PLAY) },
    orderBy: [{ category: { position: "asc" } }, { title: "asc" }, { id: "asc" }],
    select: {
      id: true,
      title: true,
      category: { select: { name: true } },
      decision: { select: { outcomeTierId: true, outcomeTier: { select: { name: true, kind: true } } } },
      partners: {
        orderBy: [{ position: "asc" }, { createdAt: "asc" }],
        select: { contactName: true, contactEmail: true, organisation: { select: { name: true } } },
      },
    },
  });
  const messages = await db.emailMessage.findMany({
    where: {
      cycleId,
      nominationId: { in: nominations.map((n) => n.id) },
      OR: [{ idempotencyKey: { startsWith: `results:${cycleId}:` } }, { idempotencyKey: { startsWith: `results-correction:${cycleId}:` } }],
    },
    select: {
      nominationId: true,
      toEmail: true,
      toName: true,
      idempotencyKey: true,
      status: true,
      template: true,
      outcomeTierId: true,
      outcome: true,
      createdAt: true,
      sentAt: true,
    },
  });
  const byNomination = new Map<string, Map<string, ContactNotices>>();
  for (const n of nominations) {
    const contacts = new Map<string, ContactNotices>();
    for (const p of n.partners) {
      const email = normaliseEmail(p.contactEmail);
      if (email && !contacts.has(email)) contacts.set(email, { email, name: p.contactName.trim() || null, notices: [] });
    }
    byNomination.set(n.id, contacts);
  }
  for (const m of messages) {
    const contacts = byNomination.get(m.nominationId!);
    if (!contacts) continue;
    const email = normaliseEmail(m.toEmail);
    const entry = contacts.get(email) ?? { email, name: m.toName, notices: [] };
    entry.notices.push({
      key: m.idempotencyKey,
      kind: m.idempotencyKey.startsWith("results-correction:") ? "correction" : "results",
      status: m.status,
      template: m.template,
      outcomeTierId: m.outcomeTierId,
      outcome: m.outcome,
      createdAt: m.createdAt,
      sentAt: m.sentAt,
    });
    contacts.set(email, entry);
  }
  return nominations.map((n) => {
    const tier = n.decision?.outcomeTier ?? null;
    const current: CurrentOutcome = {
      tierId: n.decision?.outcomeTierId ?? null,
      name: tier?.name ?? NOT_AWARDED_NAME,
      template: resultsTemplateFor(tierKindOf(tier?.kind)),
    };
    return {
      id: n.id,
      title: nominationTitle(n),
      categoryName: n.category?.name ?? "No category",
      partners: n.partners.map((p) => p.organisation.name),
      current,
      contacts: [...byNomination.get(n.id)!.values()],
    };
  });
}

/** The corrections campaign's plan: one correction per contact told an outcome that has changed since. */
export async function planCorrections(db: Db, cycle: CampaignCycle): Promise<CampaignRecipient[]> {
  const emailCycle = emailCycleOf(cycle);
  const ceremony = ceremonyFactsOf(cycle);
  const recipients: CampaignRecipient[] = [];
  for (const n of await loadNotices(db, cycle.id)) {
    for (const c of n.contacts) {
      const need = correctionNeed(c.notices, n.current);
      if (need.action === "none") continue;
      const previous = need.previous;
      recipients.push({
        to: c.email,
        toName: c.name,
        template: "results-correction",
        props: {
          cycle: emailCycle,
          recipientName: c.name || c.email,
          nominationTitle: n.title,
          categoryName: n.categoryName,
          partners: n.partners,
          previousOutcome: previous ? toldOutcome(previous) : toldOutcome(need.told),
          outcome: n.current.name,
          awarded: n.current.tierId !== null,
          ...(ceremony ? { ceremony } : {}),
        },
        idempotencyKey: need.action === "show" ? need.notice.key : correctionKey(cycle.id, n.id, c.email, need.n),
        cycleId: cycle.id,
        nominationId: n.id,
        nominationTitle: n.title,
        outcome: { tierId: n.current.tierId, name: n.current.name },
      });
    }
  }
  return recipients;
}

/** One row of "who was told what" on the emails page. */
export type ToldRow = {
  nominationId: string;
  nominationTitle: string;
  email: string;
  name: string | null;
  /** The outcome they were last told, and when; null: not told yet. */
  told: { outcome: string; at: string } | null;
  current: string;
  /** up-to-date | correction-needed | correction-waiting | correction-failed | not-told */
  state: "up-to-date" | "correction-needed" | "correction-waiting" | "correction-failed" | "not-told";
};

/** Per partner contact of every decided nomination: what they were told, when, and whether a correction is due. */
export async function partnersTold(db: Db, cycleId: string): Promise<ToldRow[]> {
  const rows: ToldRow[] = [];
  for (const n of await loadNotices(db, cycleId)) {
    for (const c of n.contacts) {
      const need = correctionNeed(c.notices, n.current);
      const told = need.told ? { outcome: toldOutcome(need.told), at: (need.told.sentAt ?? need.told.createdAt).toISOString() } : null;
      let state: ToldRow["state"];
      if (!told) state = "not-told";
      else if (need.action === "new") state = "correction-needed";
      else if (need.action === "show" && need.notice.status === "failed") state = "correction-failed";
      else if (need.action === "show" && need.notice.status !== "sent") state = "correction-waiting";
      else state = "up-to-date";
      rows.push({ nominationId: n.id, nominationTitle: n.title, email: c.email, name: c.name, told, current: n.current.name, state });
    }
  }
  return rows;
}

/**
 * Is this stored results email or correction still telling the current outcome? A failed
 * one that no longer does is not re-sent (the correction plan covers its contact instead).
 */
export async function stillCurrent(db: Db, message: { nominationId: string | null; template: string; outcomeTierId: string | null; outcome: string | null }) {
  if (!message.nominationId) return true;
  const decision = await db.decision.findUnique({
    where: { nominationId: message.nominationId },
    select: { outcomeTierId: true, outcomeTier: { select: { kind: true, name: true } } },
  });
  if (!decision) return false;
  const current: CurrentOutcome = {
    tierId: decision.outcomeTierId,
    name: decision.outcomeTier?.name ?? NOT_AWARDED_NAME,
    template: resultsTemplateFor(tierKindOf(decision.outcomeTier?.kind)),
  };
  return tellsCurrent(message, current);
}
