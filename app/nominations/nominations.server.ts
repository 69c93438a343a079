/**
 * The nominator's journey, on the server: start, save each section, edit after submitting,
 * withdraw. The partners (the drafter's organisation, adding and removing partners) are in
 * partners.server.ts, the lists of a person's nominations in lists.server.ts, submitting
 * and the other sector's confirmation in confirmation.server.ts, the people in people.server.ts.
 *
 * Every function here checks with `can()` that this person may change the nomination, and
 * the deadline and the nomination's status itself, so no page can skip them, and records an
 * AuditEvent for every state change. Functions return { ok: false, errors } rather than
 * throwing for anything a person can put right; `errors.form` is a message for the whole page.
 */
import { can, type Actor } from "~/auth/permissions";
import { audit } from "~/audit/audit.server";
import { nominationsOpen } from "~/cycles/phase";
import type { Db } from "~/db/client.server";
import { env } from "~/env.server";
import { sendEmail } from "~/mail/send.server";
import { formatUkDateTime, ukToday } from "~/utils/time";
import { leadRoleForSector, sectionReports, storyProblems, type NominationContent, type PartnerFacts, type SectionReport } from "./eligibility";
import { nominationFactsOf } from "./access.server";
import { askToConfirmAgain } from "./confirmation.server";
import { substantiveChange } from "./confirmation-rules";
import type { ConsentInput, StoryInput } from "./schemas";
import { isEditable, isWithdrawable } from "./status";
import { parsePrinciples } from "./view.server";
import { nominationTitle } from "./title";
import { storyText } from "./story";
import { lockRow } from "~/db/locks.server";

export type Failure = { ok: false; status: number; errors: Record<string, string> };
export function fail(errors: Record<string, string>, status = 400): Failure {
  return { ok: false, status, errors };
}

export const STALE_MESSAGE =
  "This nomination was changed somewhere else (another tab, or a partner) after you opened this page, so your changes were not saved. Copy anything you need, then reload the page to see the latest version.";

// ---------------------------------------------------------------- loading

export async function loadNomination(db: Db, id: string) {
  return db.nomination.findUnique({
    where: { id },
    include: {
      cycle: true,
      category: { select: { id: true, name: true } },
      createdBy: { select: { id: true, name: true, email: true, organisationId: true } },
      partners: { orderBy: [{ position: "asc" }, { createdAt: "asc" }], include: { organisation: { include: { domains: { select: { domain: true } } } } } },
      collaborators: { where: { status: "active" }, select: { email: true } },
      _count: { select: { attachments: true } },
    },
  });
}
export type LoadedNomination = NonNullable<Awaited<ReturnType<typeof loadNomination>>>;
export type LoadedPartner = LoadedNomination["partners"][number];

export function partnerFacts(p: LoadedPartner): PartnerFacts & { id: string } {
  return {
    id: p.id,
    organisationId: p.organisationId,
    organisationName: p.organisation.name,
    sector: p.organisation.sector,
    role: p.role,
    contactName: p.contactName,
    contactEmail: p.contactEmail,
    confirmedAt: p.confirmedAt,
  };
}

export function contentOf(n: LoadedNomination): NominationContent {
  return {
    categoryId: n.categoryId,
    ...storyText(n),
    principles: parsePrinciples(n.principles),
    startedOn: n.startedOn,
    publicContact: n.publicContact,
    consentToPublish: n.consentToPublish,
  };
}

/** The nominating organisation: the partner added when the nomination was started. */
export function drafterPartner(n: LoadedNomination): LoadedPartner | null {
  return n.partners[0] ?? null;
}

export function sectionReportsFor(n: LoadedNomination, now: Date): SectionReport[] {
  const drafter = drafterPartner(n);
  return sectionReports({
    content: contentOf(n),
    partners: n.partners.map(partnerFacts),
    drafter: drafter ? partnerFacts(drafter) : null,
    attachmentCount: n._count.attachments,
    today: ukToday(now),
  });
}

/** Why this nomination cannot be changed now (status or deadline), or null if it can. */
export function changeRefusal(n: Pick<LoadedNomination, "status" | "extensionUntil" | "cycle">, now: Date): string | null {
  if (!isEditable(n.status)) {
    if (n.status === "withdrawn") return "This nomination has been withdrawn, so it can no longer be changed.";
    return "The organisers have already checked this nomination, so it can no longer be changed. Contact them if something is wrong.";
  }
  return deadlineRefusal(n, now);
}

/** The deadline rule alone: after the closing date (or the nomination's extension) nothing changes. */
export function deadlineRefusal(n: Pick<LoadedNomination, "extensionUntil" | "cycle">, now: Date): string | null {
  const cycle = n.cycle;
  if (nominationsOpen(cycle, now, n.extensionUntil)) return null;
  if (!cycle.launchedAt) return `${cycle.name} is not open for nominations yet.`;
  if (now.getTime() < cycle.nominationsOpenAt.getTime()) return `Nominations for ${cycle.name} open on ${formatUkDateTime(cycle.nominationsOpenAt)}.`;
  if (n.extensionUntil && n.extensionUntil.getTime() > cycle.nominationsCloseAt.getTime()) {
    return `The extension for this nomination ended on ${formatUkDateTime(n.extensionUntil)}. It can no longer be changed, confirmed or submitted.`;
  }
  return `Nominations for ${cycle.name} closed on ${formatUkDateTime(cycle.nominationsCloseAt)}. Nominations can no longer be started, changed, confirmed or submitted.`;
}

export function emailCycle(cycle: LoadedNomination["cycle"]) {
  return { name: cycle.name, contactName: cycle.contactName, contactEmail: cycle.contactEmail, signOff: cycle.signOff };
}

export const nominationUrl = (id: string) => `${env.appUrl}/nominations/${id}`;

type Guarded = { ok: true; n: LoadedNomination } | Failure;

/** Loads the nomination and refuses unless this person may change it, and it can be changed now. */
export async function guardChange(db: Db, actor: Actor, id: string, now: Date): Promise<Guarded> {
  const n = await loadNomination(db, id);
  if (!n || !can(actor, { action: "nomination.edit", nomination: nominationFactsOf(n) })) return fail({ form: "Not found" }, 404);
  const refusal = changeRefusal(n, now);
  if (refusal) return fail({ form: refusal }, 403);
  return { ok: true, n };
}

// ---------------------------------------------------------------- after a change

/**
 * A submitted nomination changed: every partner contact (but the person who changed it) is
 * told, at most once a day each, so autosave does not flood their inboxes.
 */
export async function notifyPartnersOfEdit(db: Db, n: LoadedNomination, actor: Actor, now: Date) {
  if (n.status !== "submitted") return;
  const seen = new Set<string>();
  for (const p of n.partners) {
    const email = p.contactEmail.toLowerCase();
    if (!email || email === actor.email || seen.has(email)) continue;
    seen.add(email);
    await sendEmail(db, {
      to: email,
      toName: p.contactName || null,
      template: "nomination-edited",
      props: { cycle: emailCycle(n.cycle), nominationTitle: nominationTitle(n), editorName: actor.name ?? actor.email, nominationUrl: nominationUrl(n.id) },
      idempotencyKey: `nomination-edited:${n.id}:${email}:${ukToday(now)}`,
      cycleId: n.cycleId,
      nominationId: n.id,
    });
  }
}

/**
 * Records a content change. Autosaves of a draft are not state changes and are not
 * recorded one by one; autosaves of a submitted nomination are, at most every ten minutes.
 */
async function recordEdit(db: Db, n: LoadedNomination, actor: Actor, section: string, now: Date, autosave = false) {
  if (autosave && n.status === "draft") return;
  const action = n.status === "draft" ? "nomination.section_saved" : "nomination.edited";
  if (autosave) {
    const recent = await db.auditEvent.findFirst({
      where: { entityType: "Nomination", entityId: n.id, action, actorId: actor.userId, createdAt: { gt: new Date(now.getTime() - 10 * 60_000) } },
      select: { id: true },
    });
    if (recent) return;
  }
  await audit(db, {
    actorId: actor.userId,
    cycleId: n.cycleId,
    action,
    entityType: "Nomination",
    entityId: n.id,
    data: { section, status: n.status, autosave },
  });
}

/**
 * After a content change. A substantive one (the story's answers) made after a partner
 * confirmed asks that partner to confirm again (confirmation.server.ts).
 */
async function afterContentChange(
  db: Db,
  n: LoadedNomination,
  actor: Actor,
  section: string,
  now: Date,
  opts: { autosave?: boolean; substantive?: boolean } = {},
) {
  await recordEdit(db, n, actor, section, now, opts.autosave);
  if (opts.substantive) await askToConfirmAgain(db, actor, n.id, section, now);
  await notifyPartnersOfEdit(db, n, actor, now);
}

// ---------------------------------------------------------------- start

/** Unfinished (draft) nominations one person may have in a cycle at once: a real partnership needs a handful. */
export const MAX_DRAFTS_PER_PERSON = 10;

export async function startNomination(db: Db, actor: Actor, cycleId: string, now = new Date()): Promise<{ ok: true; id: string } | Failure> {
  const cycle = await db.awardCycle.findUnique({ where: { id: cycleId } });
  if (!cycle) return fail({ form: "Not found" }, 404);
  const refusal = deadlineRefusal({ cycle, extensionUntil: null }, now);
  if (refusal) return fail({ form: refusal }, 403);
  if (!actor.organisationId) return fail({ form: "Tell us which organisation you work for before you start a nomination." }, 400);
  const organisation = await db.organisation.findUnique({ where: { id: actor.organisationId } });
  if (!organisation) return fail({ form: "Tell us which organisation you work for before you start a nomination." }, 400);
  // Counted and created in one transaction, so many requests at once cannot start more.
  const nomination = await db.$transaction(async (tx) => {
    await lockRow(tx, "User", actor.userId);
    const drafts = await tx.nomination.count({ where: { cycleId: cycle.id, createdById: actor.userId, status: "draft" } });
    if (drafts >= MAX_DRAFTS_PER_PERSON) return null;
    return tx.nomination.create({
      data: {
        cycleId: cycle.id,
        createdById: actor.userId,
        partners: {
          create: {
            organisationId: organisation.id,
            role: leadRoleForSector(organisation.sector) ?? "other",
            contactName: actor.name ?? "",
            contactEmail: actor.email,
            position: 0,
          },
        },
      },
    });
  });
  if (!nomination) {
    return fail(
      {
        form: `You already have ${MAX_DRAFTS_PER_PERSON} unfinished nominations for ${cycle.name}. Finish or withdraw one of them (from “Your nominations”) before you start another.`,
      },
      429,
    );
  }
  await audit(db, {
    actorId: actor.userId,
    cycleId: cycle.id,
    action: "nomination.started",
    entityType: "Nomination",
    entityId: nomination.id,
    data: { organisationId: organisation.id },
  });
  return { ok: true, id: nomination.id };
}

// ---------------------------------------------------------------- sections

export async function saveCategory(db: Db, actor: Actor, id: string, input: { categoryId: string }, now = new Date()) {
  const g = await guardChange(db, actor, id, now);
  if (!g.ok) return g;
  const category = await db.category.findFirst({ where: { id: input.categoryId, cycleId: g.n.cycleId } });
  if (!category) return fail({ categoryId: "Choose one of the categories listed" });
  await db.nomination.update({ where: { id }, data: { categoryId: category.id, version: { increment: 1 } } });
  await afterContentChange(db, g.n, actor, "category", now);
  return { ok: true as const };
}

/**
 * Saves the story. `version` is the one the form was loaded with: if the nomination changed
 * since (another tab, a partner), the save is refused, never merged silently. A submitted
 * nomination must stay complete, so it is checked in full even when autosaving.
 */
export async function saveStory(
  db: Db,
  actor: Actor,
  id: string,
  input: StoryInput,
  opts: { autosave?: boolean; now?: Date } = {},
): Promise<{ ok: true; version: number } | (Failure & { version?: number })> {
  const now = opts.now ?? new Date();
  const g = await guardChange(db, actor, id, now);
  if (!g.ok) return g;
  const n = g.n;
  if (input.version !== undefined && input.version !== n.version) return { ...fail({ form: STALE_MESSAGE }, 409), version: n.version };
  const data = {
    ...storyText(input),
    principles: JSON.stringify(input.principles),
    startedOn: input.startedOn,
  };
  if (n.status !== "draft") {
    const problems = storyProblems({ ...contentOf(n), ...data, principles: input.principles }, ukToday(now));
    if (Object.keys(problems).length) {
      return fail({ ...problems, form: "This nomination has been sent, so every required answer must stay filled in." });
    }
  }
  const updated = await db.nomination.updateMany({ where: { id, version: n.version }, data: { ...data, version: { increment: 1 } } });
  if (updated.count !== 1) {
    const current = await db.nomination.findUnique({ where: { id }, select: { version: true } });
    return { ...fail({ form: STALE_MESSAGE }, 409), version: current?.version };
  }
  await afterContentChange(db, n, actor, "story", now, {
    autosave: opts.autosave,
    substantive: substantiveChange({ ...contentOf(n), principles: parsePrinciples(n.principles) }, { ...data, principles: input.principles }),
  });
  return { ok: true, version: n.version + 1 };
}

export async function saveConsent(db: Db, actor: Actor, id: string, input: ConsentInput, now = new Date()) {
  const g = await guardChange(db, actor, id, now);
  if (!g.ok) return g;
  await db.nomination.update({
    where: { id },
    data: { consentToPublish: input.consentToPublish === "yes", publicContact: input.publicContact, version: { increment: 1 } },
  });
  await afterContentChange(db, g.n, actor, "consent", now);
  return { ok: true as const };
}

// ---------------------------------------------------------------- withdraw

export async function withdrawNomination(db: Db, actor: Actor, id: string, reason: string, now = new Date()) {
  const n = await loadNomination(db, id);
  if (!n || !can(actor, { action: "nomination.edit", nomination: nominationFactsOf(n) })) return fail({ form: "Not found" }, 404);
  if (!isWithdrawable(n.status)) {
    return fail(
      {
        form: n.status === "withdrawn" ? "This nomination has already been withdrawn." : "This nomination can no longer be withdrawn. Contact the organisers.",
      },
      409,
    );
  }
  const refusal = deadlineRefusal(n, now);
  if (refusal) return fail({ form: `${refusal} Contact the organisers if it should be withdrawn.` }, 403);
  await db.$transaction([
    db.nomination.update({ where: { id }, data: { status: "withdrawn", withdrawnAt: now } }),
    db.nominationPartner.updateMany({ where: { nominationId: id }, data: { confirmTokenHash: null } }),
  ]);
  await audit(db, {
    actorId: actor.userId,
    cycleId: n.cycleId,
    action: "nomination.withdrawn",
    entityType: "Nomination",
    entityId: id,
    data: { from: n.status, reason },
  });
  return { ok: true as const };
}
