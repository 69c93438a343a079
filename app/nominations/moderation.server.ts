/**
 * The organiser's eligibility check (issue 3, "Organiser side"): mark a submitted nomination
 * eligible or not eligible (the partners are emailed the reason), return it to the partners
 * for changes while they still have time to make them, and grant or remove a named extension.
 *
 * Domain only: no HTTP. Callers check that the person is an organiser of the nomination's
 * cycle (requireOrganiser) before calling; these functions enforce the rules about state and
 * dates, record an AuditEvent for every change, and refuse anything else with a message
 * written for the organiser.
 */
import { audit } from "~/audit/audit.server";
import { ensureAllowed } from "~/auth/not-allowed";
import type { Actor } from "~/auth/permissions";
import { nominationFacts } from "./access.server";
import { nominationsOpen } from "~/cycles/phase";
import type { Db } from "~/db/client.server";
import { NOMINATION_STATUS_LABELS } from "~/domain/vocabulary";
import { effectiveDeadline } from "~/nominations/eligibility";
import { isReviewable } from "~/nominations/status";
import { env } from "~/env.server";
import { sendEmail } from "~/mail/send.server";
import type { EmailCycle } from "~/mail/templates.server";
import { formatUkDateTime } from "~/utils/time";
import { nominationTitle } from "./title";

/** Longest reason or comment an organiser can write: it is quoted in full in an email. */
export const MODERATION_TEXT_MAX = 2000;

export type ModerationField = "reason" | "comment" | "until";

export type ModerationResult<T = ModerationNomination> =
  { ok: true; nomination: T; emailsSent: number } | { ok: false; message: string; field?: ModerationField };

export type ModerationNomination = NonNullable<Awaited<ReturnType<typeof loadForModeration>>>;

type Common = { nominationId: string; now?: Date };

async function loadForModeration(db: Db, nominationId: string) {
  return db.nomination.findUnique({
    where: { id: nominationId },
    include: {
      cycle: true,
      partners: { orderBy: [{ position: "asc" }, { createdAt: "asc" }], include: { organisation: { select: { name: true } } } },
    },
  });
}
type Loaded = ModerationNomination;

/** The nomination, if it exists; NotAllowedError unless this person reviews the cycle's nominations (its organisers). */
async function loadAllowed(db: Db, actor: Actor, nominationId: string): Promise<Loaded | null> {
  const facts = await nominationFacts(db, nominationId);
  if (!facts) return null;
  ensureAllowed(actor, { action: "nomination.review-eligibility", nomination: facts });
  return loadForModeration(db, nominationId);
}

async function reload(db: Db, nominationId: string): Promise<Loaded> {
  const n = await loadForModeration(db, nominationId);
  if (!n) throw new Error(`Nomination ${nominationId} disappeared while it was being changed`);
  return n;
}

function refuse(message: string, field?: ModerationField): { ok: false; message: string; field?: ModerationField } {
  return field ? { ok: false, message, field } : { ok: false, message };
}

function statusLabel(status: string) {
  return (NOMINATION_STATUS_LABELS as Record<string, string>)[status]?.toLowerCase() ?? status;
}

/** Outcomes fixed: eligibility and deadlines are settled for good. */
function settledMessage(n: Loaded): string | null {
  if (n.cycle.publishedAt) return "The results of this cycle have been published, so this nomination can no longer be changed.";
  if (n.cycle.resultsDecidedAt) return "Outcomes have been decided for this cycle, so this nomination can no longer be changed.";
  return null;
}

function notMarkableMessage(n: Loaded): string {
  switch (n.status) {
    case "withdrawn":
      return "This nomination has been withdrawn by the partners, so it cannot be marked eligible or not eligible.";
    case "draft":
      return "This nomination is still a draft: it can be marked only once the partners have submitted it.";
    case "awaiting_partner":
      return "This nomination is waiting for a partner to confirm it: it can be marked only once it has been submitted.";
    default:
      return `A nomination that is ${statusLabel(n.status)} cannot be marked.`;
  }
}

/** The partners' contacts, once each (a person named on two partners gets one email). */
function partnerContacts(n: Loaded): { email: string; name: string }[] {
  const seen = new Map<string, { email: string; name: string }>();
  for (const p of n.partners) {
    const email = p.contactEmail.trim().toLowerCase();
    if (email && !seen.has(email)) seen.set(email, { email, name: p.contactName });
  }
  return [...seen.values()];
}

function emailCycle(n: Loaded): EmailCycle {
  return { name: n.cycle.name, contactName: n.cycle.contactName, contactEmail: n.cycle.contactEmail, signOff: n.cycle.signOff };
}

/** How many times this has happened to the nomination before: numbers the emails' idempotency keys. */
async function previousCount(db: Db, nominationId: string, action: string) {
  return db.auditEvent.count({ where: { entityType: "Nomination", entityId: nominationId, action } });
}

/**
 * Changes the status only if nobody else changed it meanwhile (two organisers pressing at
 * once): the update is conditional on the status we read.
 */
async function transition(db: Db, n: Loaded, data: Parameters<Db["nomination"]["updateMany"]>[0]["data"]): Promise<boolean> {
  const { count } = await db.nomination.updateMany({ where: { id: n.id, status: n.status, version: n.version }, data });
  return count === 1;
}

const RACED = "Someone else changed this nomination at the same moment. Please look at it again and retry.";

// ---------------------------------------------------------------- eligible

/** A submitted (or not eligible) nomination is eligible: it goes on to the judges. */
export async function markEligible(db: Db, actor: Actor, input: Common): Promise<ModerationResult> {
  const n = await loadAllowed(db, actor, input.nominationId);
  if (!n) return refuse("There is no such nomination.");
  const settled = settledMessage(n);
  if (settled) return refuse(settled);
  if (!isReviewable(n.status)) return refuse(notMarkableMessage(n));
  if (n.status === "eligible") return refuse("This nomination is already marked eligible.");
  const ok = await transition(db, n, { status: "eligible", ineligibleReason: null, version: { increment: 1 } });
  if (!ok) return refuse(RACED);
  await audit(db, {
    actorId: actor.userId,
    cycleId: n.cycleId,
    action: "nomination.eligible",
    entityType: "Nomination",
    entityId: n.id,
    data: { title: n.title, from: n.status },
  });
  return { ok: true, nomination: await reload(db, n.id), emailsSent: 0 };
}

// ---------------------------------------------------------------- not eligible

/** Not eligible, with a reason every partner contact is emailed. */
export async function markIneligible(db: Db, actor: Actor, input: Common & { reason: string }): Promise<ModerationResult> {
  const reason = input.reason.trim();
  if (!reason) return refuse("Enter the reason it is not eligible: the partners are sent it", "reason");
  if (reason.length > MODERATION_TEXT_MAX) return refuse(`The reason must be ${MODERATION_TEXT_MAX} characters or fewer`, "reason");
  const n = await loadAllowed(db, actor, input.nominationId);
  if (!n) return refuse("There is no such nomination.");
  const settled = settledMessage(n);
  if (settled) return refuse(settled);
  if (!isReviewable(n.status)) return refuse(notMarkableMessage(n));
  if (n.status === "ineligible") return refuse("This nomination is already marked not eligible. Mark it eligible first to change the decision.");
  const ok = await transition(db, n, { status: "ineligible", ineligibleReason: reason, version: { increment: 1 } });
  if (!ok) return refuse(RACED);
  const times = (await previousCount(db, n.id, "nomination.ineligible")) + 1;
  await audit(db, {
    actorId: actor.userId,
    cycleId: n.cycleId,
    action: "nomination.ineligible",
    entityType: "Nomination",
    entityId: n.id,
    data: { title: n.title, from: n.status, reason },
  });
  const contacts = partnerContacts(n);
  for (const contact of contacts) {
    await sendEmail(db, {
      to: contact.email,
      toName: contact.name || null,
      template: "nomination-ineligible",
      props: { cycle: emailCycle(n), nominationTitle: nominationTitle(n), reason },
      idempotencyKey: `ineligible:${n.id}:${contact.email}:${times}`,
      cycleId: n.cycleId,
      nominationId: n.id,
    });
  }
  return { ok: true, nomination: await reload(db, n.id), emailsSent: contacts.length };
}

// ---------------------------------------------------------------- return for changes

/**
 * Sends the nomination back to the partners as a draft with the organiser's comment, while
 * they can still act on it: before the closing date, or within the nomination's extension.
 */
export async function returnForChanges(db: Db, actor: Actor, input: Common & { comment: string }): Promise<ModerationResult> {
  const now = input.now ?? new Date();
  const comment = input.comment.trim();
  if (!comment) return refuse("Enter what the partners need to change", "comment");
  if (comment.length > MODERATION_TEXT_MAX) return refuse(`The comment must be ${MODERATION_TEXT_MAX} characters or fewer`, "comment");
  const n = await loadAllowed(db, actor, input.nominationId);
  if (!n) return refuse("There is no such nomination.");
  const settled = settledMessage(n);
  if (settled) return refuse(settled);
  if (n.status === "withdrawn") return refuse("This nomination has been withdrawn by the partners, so it cannot be returned for changes.");
  if (n.status === "draft") return refuse("This nomination is already a draft with the partners.");
  if (n.status === "awaiting_partner") return refuse("This nomination is with the partners already: it is waiting for a partner to confirm it.");
  if (!isReviewable(n.status)) return refuse(`A nomination that is ${statusLabel(n.status)} cannot be returned.`);
  const deadline = effectiveDeadline(n.cycle, n.extensionUntil);
  if (!nominationsOpen(n.cycle, now, n.extensionUntil)) {
    return refuse(
      `The deadline for this nomination (${formatUkDateTime(deadline)}) has passed, so the partners could not send it in again. ` +
        "Grant an extension first if they should have time to make changes.",
      "comment",
    );
  }
  const ok = await transition(db, n, { status: "draft", returnedComment: comment, ineligibleReason: null, version: { increment: 1 } });
  if (!ok) return refuse(RACED);
  const times = (await previousCount(db, n.id, "nomination.returned")) + 1;
  await audit(db, {
    actorId: actor.userId,
    cycleId: n.cycleId,
    action: "nomination.returned",
    entityType: "Nomination",
    entityId: n.id,
    data: { title: n.title, from: n.status, comment },
  });
  const contacts = partnerContacts(n);
  for (const contact of contacts) {
    await sendEmail(db, {
      to: contact.email,
      toName: contact.name || null,
      template: "nomination-returned",
      props: {
        cycle: emailCycle(n),
        nominationTitle: nominationTitle(n),
        comment,
        nominationUrl: `${env.appUrl}/nominations/${n.id}`,
        deadline: formatUkDateTime(deadline),
      },
      idempotencyKey: `returned:${n.id}:${contact.email}:${times}`,
      cycleId: n.cycleId,
      nominationId: n.id,
    });
  }
  return { ok: true, nomination: await reload(db, n.id), emailsSent: contacts.length };
}

// ---------------------------------------------------------------- extensions

/**
 * A named extension: this nomination may be edited, confirmed and submitted until `until`
 * (the cycle's closing date still applies to everyone else). Granting again moves it.
 */
export async function grantExtension(db: Db, actor: Actor, input: Common & { until: Date }): Promise<ModerationResult> {
  const now = input.now ?? new Date();
  const until = input.until;
  if (!(until instanceof Date) || Number.isNaN(until.getTime())) return refuse("Enter the date and time the extension ends", "until");
  if (until.getTime() <= now.getTime()) return refuse("The extension must end in the future", "until");
  const n = await loadAllowed(db, actor, input.nominationId);
  if (!n) return refuse("There is no such nomination.");
  const settled = settledMessage(n);
  if (settled) return refuse(settled);
  if (n.status === "withdrawn") return refuse("This nomination has been withdrawn by the partners, so it cannot be given an extension.");
  if (until.getTime() <= n.cycle.nominationsCloseAt.getTime()) {
    return refuse(`The extension must end after nominations close (${formatUkDateTime(n.cycle.nominationsCloseAt)})`, "until");
  }
  if (n.extensionUntil && n.extensionUntil.getTime() === until.getTime()) {
    return refuse(`This nomination already has an extension until ${formatUkDateTime(until)}.`, "until");
  }
  await db.nomination.update({ where: { id: n.id }, data: { extensionUntil: until } });
  await audit(db, {
    actorId: actor.userId,
    cycleId: n.cycleId,
    action: "nomination.extension_granted",
    entityType: "Nomination",
    entityId: n.id,
    data: { title: n.title, until: until.toISOString(), previous: n.extensionUntil?.toISOString() ?? null },
  });
  return { ok: true, nomination: await reload(db, n.id), emailsSent: 0 };
}

/** Takes a nomination's extension away: the cycle's closing date applies to it again. */
export async function clearExtension(db: Db, actor: Actor, input: Common): Promise<ModerationResult> {
  const n = await loadAllowed(db, actor, input.nominationId);
  if (!n) return refuse("There is no such nomination.");
  const settled = settledMessage(n);
  if (settled) return refuse(settled);
  if (!n.extensionUntil) return refuse("This nomination has no extension to remove.");
  await db.nomination.update({ where: { id: n.id }, data: { extensionUntil: null } });
  await audit(db, {
    actorId: actor.userId,
    cycleId: n.cycleId,
    action: "nomination.extension_removed",
    entityType: "Nomination",
    entityId: n.id,
    data: { title: n.title, previous: n.extensionUntil.toISOString() },
  });
  return { ok: true, nomination: await reload(db, n.id), emailsSent: 0 };
}

/** Plain-English names of this module's audit actions, for the nomination's history. */
export const MODERATION_ACTION_LABELS: Record<string, string> = {
  "nomination.eligible": "Marked eligible",
  "nomination.ineligible": "Marked not eligible",
  "nomination.returned": "Returned to the partners for changes",
  "nomination.extension_granted": "Extension granted",
  "nomination.extension_removed": "Extension removed",
};
