/**
 * Submitting a joint nomination and the other sector's confirmation, on the server. The rules
 * are pure and live in confirmation-rules.ts; this module loads the facts, applies them and
 * records every step in the audit trail (docs/decisions/0045).
 *
 * - Submitting confirms the submitter's own lead partner, and only if they are a verified
 *   member of its organisation. Every other lead partner's contact gets a single-use link
 *   (only its hash is stored), at most once an hour and three times a day.
 * - The link is bound to the contact: whoever holds that address confirms, and the
 *   confirmation counts only when they verifiably speak for the organisation (its verified
 *   domain, or an approval); otherwise it waits for an organiser or a verified member.
 * - A substantive change after a partner confirmed asks that partner to confirm again.
 */
import { can, type Actor } from "~/auth/permissions";
import { findOrCreateUser } from "~/auth/sign-in.server";
import { hashToken, newToken, tokenState } from "~/auth/tokens";
import { audit } from "~/audit/audit.server";
import type { Db } from "~/db/client.server";
import { PARTNER_ROLE_LABELS, SECTOR_SHORT_LABELS, type PartnerRole, type Sector } from "~/domain/vocabulary";
import { env } from "~/env.server";
import { sendEmail } from "~/mail/send.server";
import { askToJoin, verifiedOrganisationIds, verifyMembership } from "~/organisations/membership.server";
import { formatUkDateTime } from "~/utils/time";
import { nominationFactsOf } from "./access.server";
import { confirmationPlan, linkConfirmation, nextConfirmationAllowedAt, type ConfirmingPartner, type PlanProblem } from "./confirmation-rules";
import { confirmLinkExpiresAt, effectiveDeadline, isLeadRole, leadsConfirmed, submissionProblems } from "./eligibility";
import {
  changeRefusal,
  deadlineRefusal,
  drafterPartner,
  emailCycle,
  fail,
  loadNomination,
  nominationUrl,
  partnerFacts,
  sectionReportsFor,
  type Failure,
  type LoadedNomination,
  type LoadedPartner,
} from "./nominations.server";
import { nominationTitle } from "./title";

export type PendingPartner = {
  partnerId: string;
  organisationName: string;
  contactName: string;
  contactEmail: string;
  /** an email with a link went to them now */
  sent: boolean;
  /** when another may go, if this one could not (too soon after the last) */
  nextAllowedAt: string | null;
  /** they confirmed, and an organiser or a verified member of their organisation has still to approve them */
  awaitingVerification: boolean;
};

/** A partner as the confirmation rules see it: its facts, who confirmed for it, and its organisation's verified domains. */
export function confirmingPartnerOf(p: LoadedPartner): ConfirmingPartner {
  return {
    ...partnerFacts(p),
    organisationName: p.organisation.name,
    confirmedById: p.confirmedById,
    emailDomains: p.organisation.domains.map((d) => d.domain),
  };
}

const UNCONFIRMED = { confirmedAt: null, confirmedById: null, awaitingVerificationAt: null, confirmTokenHash: null } as const;

/**
 * When confirmation requests went to this contact for this nomination since they last answered
 * (confirmed, or asked for changes): the resend limit stops repeated requests nobody answers,
 * never the next request after an answer.
 */
async function requestTimes(db: Db, nominationId: string, email: string, answeredAt: Date | null, now: Date): Promise<Date[]> {
  const dayAgo = new Date(now.getTime() - 24 * 3_600_000);
  const since = answeredAt && answeredAt > dayAgo ? answeredAt : dayAgo;
  const rows = await db.emailMessage.findMany({
    where: { nominationId, toEmail: email.toLowerCase(), template: "partner-confirmation-request", createdAt: { gt: since } },
    select: { createdAt: true },
  });
  return rows.map((r) => r.createdAt);
}

/** When this partner's contact last answered a request: confirmed it, or asked for changes. */
function answeredAt(p: Pick<LoadedPartner, "confirmedAt" | "awaitingVerificationAt" | "changesRequestedAt">): Date | null {
  const times = [p.confirmedAt, p.awaitingVerificationAt, p.changesRequestedAt].filter((d): d is Date => !!d).map((d) => d.getTime());
  return times.length ? new Date(Math.max(...times)) : null;
}

/**
 * Sends this partner's contact a fresh single-use link, unless one went too recently: then the
 * earlier link (if still live) stays the one that works, and nothing is sent.
 */
async function requestConfirmation(
  db: Db,
  n: LoadedNomination,
  p: LoadedPartner,
  from: { name: string; organisation: string },
  now: Date,
  opts: { changed: boolean; answeredAt: Date | null },
) {
  const nextAllowed = nextConfirmationAllowedAt(await requestTimes(db, n.id, p.contactEmail, opts.answeredAt, now), now);
  if (nextAllowed) return { sent: false, nextAllowedAt: nextAllowed };
  const token = newToken();
  await db.nominationPartner.update({
    where: { id: p.id },
    data: { confirmTokenHash: hashToken(token), confirmationRequestedAt: now, changesRequestedAt: null, changesComment: null },
  });
  const fresh = await db.nomination.findUniqueOrThrow({ where: { id: n.id }, select: { title: true } });
  await sendEmail(db, {
    to: p.contactEmail,
    toName: p.contactName || null,
    template: "partner-confirmation-request",
    props: {
      cycle: emailCycle(n.cycle),
      // The title as it is now: after a change, the notice shows the new one.
      nominationTitle: nominationTitle(fresh),
      categoryName: n.category?.name ?? "",
      drafterName: from.name,
      drafterOrganisation: from.organisation,
      partnerContactName: p.contactName,
      partnerOrganisation: p.organisation.name,
      confirmUrl: `${env.appUrl}/confirm/${token}`,
      deadline: formatUkDateTime(confirmLinkExpiresAt(now, effectiveDeadline(n.cycle, n.extensionUntil))),
      changedSinceConfirmed: opts.changed,
    },
    idempotencyKey: `partner-confirmation:${p.id}:${hashToken(token)}`,
    cycleId: n.cycleId,
    nominationId: n.id,
  });
  return { sent: true, nextAllowedAt: null };
}

/** A live link already waits for this partner: it was requested, not spent, and has not expired. */
function hasLiveLink(n: LoadedNomination, p: LoadedPartner, now: Date): boolean {
  if (!p.confirmTokenHash || !p.confirmationRequestedAt) return false;
  return (
    tokenState({ expiresAt: confirmLinkExpiresAt(p.confirmationRequestedAt, effectiveDeadline(n.cycle, n.extensionUntil)), usedAt: null }, now) === "valid"
  );
}

// ---------------------------------------------------------------- submit

/** Where a nominator puts a confirmation problem right: their own organisation (About you), or the partners section. */
export function planProblemLink(problem: PlanProblem): { path: string; label: string; message: string } {
  return problem.kind === "membership"
    ? { path: "/welcome", label: "Your organisation", message: problem.message }
    : { path: "partners", label: "Partner organisations", message: problem.message };
}

/**
 * Submits the nomination. The submitter's own lead partner confirms by submitting; every other
 * lead partner that has not confirmed is asked by its own contact. With nobody left to confirm,
 * it is submitted and every partner contact gets a receipt. From "awaiting partner" this sends
 * the request again (within the resend limit).
 */
export async function submitNomination(
  db: Db,
  actor: Actor,
  id: string,
  now = new Date(),
): Promise<{ ok: true; status: "submitted" | "awaiting_partner"; pending: PendingPartner[] } | (Failure & { problems?: { path: string; message: string }[] })> {
  const n = await loadNomination(db, id);
  if (!n || !can(actor, { action: "nomination.edit", nomination: nominationFactsOf(n) })) return fail({ form: "Not found" }, 404);
  if (n.status === "submitted") return fail({ form: "This nomination has already been submitted." }, 409);
  const refusal = changeRefusal(n, now);
  if (refusal) return fail({ form: refusal }, 403);
  const problems = submissionProblems(sectionReportsFor(n, now));
  if (problems.length) {
    return {
      ...fail({ form: "The nomination is not ready to submit yet. Complete the sections listed." }),
      problems: problems.map((p) => ({ path: p.section.path, message: p.message })),
    };
  }
  const plan = confirmationPlan(
    { userId: actor.userId, email: actor.email, verifiedOrganisationIds: actor.verifiedOrganisationIds },
    n.partners.map(confirmingPartnerOf),
    drafterPartner(n)?.organisation.sector ?? null,
  );
  if (!plan.ok) {
    return { ...fail({ form: plan.problems[0].message }), problems: plan.problems.map(planProblemLink) };
  }
  const fresh = n.status === "draft";
  await db.$transaction(async (tx) => {
    // A new round: every other lead confirms what is being submitted now.
    if (fresh) await tx.nominationPartner.updateMany({ where: { nominationId: n.id, id: { not: plan.ownLead.id } }, data: UNCONFIRMED });
    await tx.nominationPartner.update({
      where: { id: plan.ownLead.id },
      data: {
        confirmedAt: now,
        confirmedById: actor.userId,
        awaitingVerificationAt: null,
        confirmTokenHash: null,
        changesRequestedAt: null,
        changesComment: null,
      },
    });
  });
  const before = new Map(n.partners.map((p) => [p.id, answeredAt(p)]));
  const after = (await loadNomination(db, n.id))!;
  const others = after.partners.filter((p) => plan.others.some((o) => o.id === p.id) && !p.confirmedAt);
  const from = { name: actor.name ?? actor.email, organisation: plan.ownLead.organisationName };
  const pending: PendingPartner[] = [];
  for (const p of others) {
    const waiting = !!p.awaitingVerificationAt;
    // Someone who confirmed and waits to be verified is not asked again; nor is a live link replaced too soon.
    const request = waiting
      ? { sent: false, nextAllowedAt: null }
      : await requestConfirmation(db, after, p, from, now, { changed: false, answeredAt: before.get(p.id) ?? null });
    pending.push({
      partnerId: p.id,
      organisationName: p.organisation.name,
      contactName: p.contactName,
      contactEmail: p.contactEmail,
      sent: request.sent,
      // Too soon to email again, and no earlier link still works: say when another may go.
      nextAllowedAt: request.sent || hasLiveLink(after, p, now) ? null : (request.nextAllowedAt?.toISOString() ?? null),
      awaitingVerification: waiting,
    });
  }
  const status = pending.length === 0 ? ("submitted" as const) : ("awaiting_partner" as const);
  await db.nomination.update({ where: { id: n.id }, data: { status, ...(status === "submitted" ? { submittedAt: now } : {}), returnedComment: null } });
  await audit(db, {
    actorId: actor.userId,
    cycleId: n.cycleId,
    action: status === "submitted" ? "nomination.submitted" : "nomination.confirmation_requested",
    entityType: "Nomination",
    entityId: n.id,
    data: { ownLead: plan.ownLead.id, pending: pending.map((p) => ({ partnerId: p.partnerId, sent: p.sent })) },
  });
  if (status === "submitted") await sendReceipts(db, n.id);
  return { ok: true, status, pending };
}

/** Every partner contact gets a receipt listing all the partners (once per submission). */
export async function sendReceipts(db: Db, nominationId: string) {
  const n = await loadNomination(db, nominationId);
  if (!n || !n.submittedAt) return 0;
  const partners = n.partners.map((p) => ({
    organisation: p.organisation.name,
    sectorLabel: SECTOR_SHORT_LABELS[p.organisation.sector as Sector] ?? p.organisation.sector,
    role: PARTNER_ROLE_LABELS[p.role as PartnerRole] ?? p.role,
  }));
  const seen = new Set<string>();
  for (const p of n.partners) {
    const email = p.contactEmail.toLowerCase();
    if (!email || seen.has(email)) continue;
    seen.add(email);
    await sendEmail(db, {
      to: email,
      toName: p.contactName || null,
      template: "nomination-received",
      props: {
        cycle: emailCycle(n.cycle),
        nominationTitle: nominationTitle(n),
        categoryName: n.category?.name ?? "",
        partners,
        nominationUrl: nominationUrl(n.id),
        recipientName: p.contactName || p.organisation.name,
      },
      idempotencyKey: `nomination-received:${n.id}:${n.submittedAt.toISOString()}:${email}`,
      cycleId: n.cycleId,
      nominationId: n.id,
    });
  }
  return seen.size;
}

/** Awaiting a partner, and every lead has now confirmed: submitted, with receipts. */
async function submitIfAllConfirmed(db: Db, nominationId: string, actorId: string | null, confirmedBy: string, now: Date): Promise<boolean> {
  const partners = await db.nominationPartner.findMany({ where: { nominationId }, select: { role: true, confirmedAt: true } });
  if (!leadsConfirmed(partners)) return false;
  const moved = await db.nomination.updateMany({ where: { id: nominationId, status: "awaiting_partner" }, data: { status: "submitted", submittedAt: now } });
  if (moved.count !== 1) return false;
  const n = await db.nomination.findUniqueOrThrow({ where: { id: nominationId }, select: { cycleId: true } });
  await audit(db, { actorId, cycleId: n.cycleId, action: "nomination.submitted", entityType: "Nomination", entityId: nominationId, data: { confirmedBy } });
  await sendReceipts(db, nominationId);
  return true;
}

// ---------------------------------------------------------------- the emailed link

export type ConfirmationState = "valid" | "expired" | "used" | "unknown" | "closed";

/** What an emailed confirmation link is worth now, and what it is for. Looking does not spend it. */
export async function findConfirmation(db: Db, token: string, now = new Date()) {
  const tokenHash = hashToken(token);
  const partner = await db.nominationPartner.findUnique({ where: { confirmTokenHash: tokenHash }, include: { organisation: true } });
  if (!partner) {
    const used = await db.auditEvent.findFirst({
      where: { entityType: "Nomination", action: { in: ["nomination.partner_confirmed", "nomination.changes_requested"] }, data: { contains: tokenHash } },
      select: { id: true },
    });
    return { state: (used ? "used" : "unknown") as ConfirmationState, tokenHash, partner: null, nomination: null };
  }
  const n = await loadNomination(db, partner.nominationId);
  if (!n || n.status !== "awaiting_partner") return { state: "unknown" as ConfirmationState, tokenHash, partner: null, nomination: null };
  const expiresAt = confirmLinkExpiresAt(partner.confirmationRequestedAt ?? now, effectiveDeadline(n.cycle, n.extensionUntil));
  let state: ConfirmationState = tokenState({ expiresAt, usedAt: partner.confirmedAt }, now);
  if (state === "valid" && deadlineRefusal(n, now)) state = "closed";
  return { state, tokenHash, partner, nomination: n, expiresAt, refusal: deadlineRefusal(n, now) };
}

export type ConfirmResult =
  | { ok: true; submitted: boolean; awaitingVerification: boolean; nominationId: string; organisationName: string }
  | { ok: false; state: ConfirmationState | "changed" | "refused"; message?: string };

/**
 * The other sector's lead contact confirms through the emailed link. Single use; refused
 * after the deadline, for a changed nomination, and for anyone who already confirmed it for
 * another lead partner. Counts at once for a verified member; otherwise waits for approval.
 */
export async function confirmNomination(db: Db, token: string, opts: { actorId?: string | null; version?: number; now?: Date } = {}): Promise<ConfirmResult> {
  const now = opts.now ?? new Date();
  const found = await findConfirmation(db, token, now);
  if (found.state !== "valid" || !found.partner || !found.nomination) return { ok: false, state: found.state, message: found.refusal ?? undefined };
  const n = found.nomination;
  if (opts.version !== undefined && opts.version !== n.version) return { ok: false, state: "changed" };
  const partner = n.partners.find((p) => p.id === found.partner.id)!;
  // The link is bound to the contact's address: the one confirming is whoever holds it.
  const confirmer = await findOrCreateUser(db, partner.contactEmail);
  const decision = linkConfirmation({
    confirmerUserId: confirmer.id,
    contactEmail: partner.contactEmail,
    partner: confirmingPartnerOf(partner),
    confirmerVerifiedOrganisationIds: await verifiedOrganisationIds(db, confirmer.id),
    otherLeadConfirmerIds: n.partners.filter((p) => p.id !== partner.id && isLeadRole(p.role) && p.confirmedAt).map((p) => p.confirmedById),
    signedInUserId: opts.actorId ?? null,
  });
  if (decision.kind === "refused") return { ok: false, state: "refused", message: decision.message };
  const counts = decision.kind === "confirmed";
  const spent = await db.nominationPartner.updateMany({
    where: { id: partner.id, confirmTokenHash: found.tokenHash },
    data: {
      confirmTokenHash: null,
      confirmedById: confirmer.id,
      changesRequestedAt: null,
      changesComment: null,
      ...(counts ? { confirmedAt: now, awaitingVerificationAt: null } : { awaitingVerificationAt: now }),
    },
  });
  if (spent.count !== 1) return { ok: false, state: "used" };
  await audit(db, {
    actorId: opts.actorId ?? confirmer.id,
    cycleId: n.cycleId,
    action: "nomination.partner_confirmed",
    entityType: "Nomination",
    entityId: n.id,
    data: {
      partnerId: partner.id,
      organisationId: partner.organisationId,
      contactEmail: partner.contactEmail,
      confirmedBy: confirmer.id,
      counts,
      verifiedVia: counts ? decision.verifiedVia : null,
      tokenHash: found.tokenHash,
    },
  });
  if (decision.kind === "confirmed" && decision.verifiedVia === "domain") {
    await verifyMembership(db, { userId: confirmer.id, organisationId: partner.organisationId, via: "domain", decidedById: null, now });
  }
  if (!counts) await askToJoin(db, confirmer.id, partner.organisationId);
  const submitted = counts ? await submitIfAllConfirmed(db, n.id, opts.actorId ?? confirmer.id, partner.id, now) : false;
  return { ok: true, submitted, awaitingVerification: !counts, nominationId: n.id, organisationName: partner.organisation.name };
}

/**
 * This person has just become a verified member of this organisation: every confirmation they
 * gave for it while they waited now counts (as given when they gave it).
 */
export async function confirmationsNowCount(db: Db, userId: string, organisationId: string, now = new Date()) {
  const waiting = await db.nominationPartner.findMany({
    where: { confirmedById: userId, organisationId, awaitingVerificationAt: { not: null }, nomination: { status: "awaiting_partner" } },
    select: { id: true, nominationId: true, awaitingVerificationAt: true, nomination: { select: { cycleId: true } } },
  });
  for (const p of waiting) {
    const moved = await db.nominationPartner.updateMany({
      where: { id: p.id, awaitingVerificationAt: { not: null }, confirmedById: userId },
      data: { confirmedAt: p.awaitingVerificationAt, awaitingVerificationAt: null },
    });
    if (moved.count !== 1) continue;
    await audit(db, {
      actorId: null,
      cycleId: p.nomination.cycleId,
      action: "nomination.partner_confirmation_counted",
      entityType: "Nomination",
      entityId: p.nominationId,
      data: { partnerId: p.id, confirmedBy: userId },
    });
    await submitIfAllConfirmed(db, p.nominationId, null, p.id, now);
  }
  return waiting.length;
}

/** The confirming partner asks for changes: the link is spent, the nomination goes back to draft and the drafter is emailed. */
export async function requestChanges(
  db: Db,
  token: string,
  comment: string,
  opts: { actorId?: string | null; now?: Date } = {},
): Promise<{ ok: true; nominationId: string } | { ok: false; state: ConfirmationState; message?: string }> {
  const now = opts.now ?? new Date();
  const found = await findConfirmation(db, token, now);
  if (found.state !== "valid" || !found.partner || !found.nomination) return { ok: false, state: found.state, message: found.refusal ?? undefined };
  const n = found.nomination;
  const spent = await db.nominationPartner.updateMany({
    where: { id: found.partner.id, confirmTokenHash: found.tokenHash },
    data: { ...UNCONFIRMED, changesRequestedAt: now, changesComment: comment },
  });
  if (spent.count !== 1) return { ok: false, state: "used" };
  await db.$transaction([
    db.nomination.updateMany({ where: { id: n.id, status: "awaiting_partner" }, data: { status: "draft" } }),
    db.nominationPartner.updateMany({ where: { nominationId: n.id }, data: { confirmTokenHash: null } }),
  ]);
  await audit(db, {
    actorId: opts.actorId ?? null,
    cycleId: n.cycleId,
    action: "nomination.changes_requested",
    entityType: "Nomination",
    entityId: n.id,
    data: {
      partnerId: found.partner.id,
      organisationId: found.partner.organisationId,
      contactEmail: found.partner.contactEmail,
      tokenHash: found.tokenHash,
      comment,
    },
  });
  const drafter = drafterPartner(n);
  const to = n.createdBy?.email ?? drafter?.contactEmail;
  if (to) {
    await sendEmail(db, {
      to,
      toName: n.createdBy?.name ?? drafter?.contactName ?? null,
      template: "changes-requested",
      props: {
        cycle: emailCycle(n.cycle),
        nominationTitle: nominationTitle(n),
        partnerName: found.partner.contactName || found.partner.organisation.name,
        partnerOrganisation: found.partner.organisation.name,
        comment,
        nominationUrl: nominationUrl(n.id),
      },
      idempotencyKey: `changes-requested:${found.partner.id}:${found.tokenHash}`,
      cycleId: n.cycleId,
      nominationId: n.id,
    });
  }
  return { ok: true, nominationId: n.id };
}

// ---------------------------------------------------------------- after a substantive change

/**
 * A substantive change (the story's answers, the partners) to a submitted nomination, or one
 * awaiting a partner: every lead partner confirmed by someone other than the person who made
 * the change confirms again, and until they do the nomination is "awaiting partner". Their
 * notice shows the title as it is now. Within the resend limit, a link already sent stays the
 * one that works.
 */
export async function askToConfirmAgain(db: Db, actor: Actor, nominationId: string, section: string, now = new Date()) {
  const n = await loadNomination(db, nominationId);
  if (!n || (n.status !== "submitted" && n.status !== "awaiting_partner")) return [];
  const again = n.partners.filter((p) => isLeadRole(p.role) && (p.confirmedAt || p.awaitingVerificationAt) && p.confirmedById !== actor.userId);
  if (!again.length) return [];
  await db.$transaction([
    db.nominationPartner.updateMany({ where: { id: { in: again.map((p) => p.id) } }, data: { confirmedAt: null, awaitingVerificationAt: null } }),
    db.nomination.updateMany({ where: { id: n.id, status: "submitted" }, data: { status: "awaiting_partner" } }),
  ]);
  await audit(db, {
    actorId: actor.userId,
    cycleId: n.cycleId,
    action: "nomination.confirmation_again_requested",
    entityType: "Nomination",
    entityId: n.id,
    data: { section, partners: again.map((p) => p.id), from: n.status },
  });
  const ownLead = n.partners.find((p) => isLeadRole(p.role) && p.confirmedById === actor.userId);
  const from = { name: actor.name ?? actor.email, organisation: ownLead?.organisation.name ?? drafterPartner(n)?.organisation.name ?? "" };
  const after = (await loadNomination(db, n.id))!;
  const sent = [];
  for (const p of after.partners.filter((x) => again.some((a) => a.id === x.id))) {
    // A link already on its way stays the one that works while the resend limit holds.
    const earlier = again.find((a) => a.id === p.id)!;
    sent.push({ partnerId: p.id, ...(await requestConfirmation(db, after, p, from, now, { changed: true, answeredAt: answeredAt(earlier) })) });
  }
  return sent;
}
