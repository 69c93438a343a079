/**
 * Who speaks for an organisation, on the server (docs/decisions/0045): asking to join,
 * verification by domain, approval by an organiser or a verified member, invitation,
 * verified domains. Each function checks `can()` itself and returns a result value.
 */
import { can, organisesAnyCycle, type Actor } from "~/auth/permissions";
import { audit } from "~/audit/audit.server";
import type { Db } from "~/db/client.server";
import { domainProblem, matchingDomain, normaliseDomain, normaliseEmail } from "./email-domains";
import type { MembershipStatus, VerifiedVia } from "./membership";

export type MembershipResult =
  { ok: true; status: MembershipStatus; verifiedVia: VerifiedVia | null } | { ok: false; status: number; errors: Record<string, string> };

const fail = (errors: Record<string, string>, status = 400) => ({ ok: false as const, status, errors });

/** The organisations this person is a verified member of. */
export async function verifiedOrganisationIds(db: Db, userId: string): Promise<string[]> {
  const rows = await db.membership.findMany({ where: { userId, status: "verified" }, select: { organisationId: true } });
  return rows.map((r) => r.organisationId);
}

async function domainsOf(db: Db, organisationId: string): Promise<string[]> {
  return (await db.organisationDomain.findMany({ where: { organisationId }, select: { domain: true } })).map((d) => d.domain);
}

/**
 * Makes this person a verified member (creating the membership if need be), and lets any
 * confirmation they gave for the organisation while they waited count now.
 */
export async function verifyMembership(db: Db, input: { userId: string; organisationId: string; via: VerifiedVia; decidedById: string | null; now?: Date }) {
  const now = input.now ?? new Date();
  const existing = await db.membership.findUnique({ where: { userId_organisationId: { userId: input.userId, organisationId: input.organisationId } } });
  if (existing?.status === "verified") return existing;
  const membership = await db.membership.upsert({
    where: { userId_organisationId: { userId: input.userId, organisationId: input.organisationId } },
    create: {
      userId: input.userId,
      organisationId: input.organisationId,
      status: "verified",
      verifiedVia: input.via,
      decidedById: input.decidedById,
      decidedAt: now,
    },
    update: { status: "verified", verifiedVia: input.via, decidedById: input.decidedById, decidedAt: now },
  });
  await audit(db, {
    actorId: input.decidedById,
    action: "membership.verified",
    entityType: "Membership",
    entityId: membership.id,
    data: { userId: input.userId, organisationId: input.organisationId, via: input.via },
  });
  const { confirmationsNowCount } = await import("~/nominations/confirmation.server");
  await confirmationsNowCount(db, input.userId, input.organisationId, now);
  return membership;
}

/**
 * "I work for this organisation" (the About you page). The claim is recorded as a request to
 * join, verified at once only when the person's address is at one of the organisation's
 * verified domains. Changing organisation is a new request; the old membership is left.
 */
export async function claimOrganisation(db: Db, actor: Actor, input: { organisationId: string }, now = new Date()): Promise<MembershipResult> {
  const organisation = await db.organisation.findUnique({ where: { id: input.organisationId }, select: { id: true } });
  if (!organisation) return fail({ organisationId: "Choose your organisation from the list" });
  const user = await db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { organisationId: true, email: true } });
  if (user.organisationId && user.organisationId !== organisation.id) {
    await db.membership.updateMany({
      where: { userId: actor.userId, organisationId: user.organisationId, status: { in: ["asking", "verified"] } },
      data: { status: "left", decidedAt: now },
    });
  }
  await db.user.update({ where: { id: actor.userId }, data: { organisationId: organisation.id } });
  const existing = await db.membership.findUnique({ where: { userId_organisationId: { userId: actor.userId, organisationId: organisation.id } } });
  if (existing?.status === "verified") return { ok: true, status: "verified", verifiedVia: existing.verifiedVia as VerifiedVia };
  if (matchingDomain(user.email, await domainsOf(db, organisation.id))) {
    await verifyMembership(db, { userId: actor.userId, organisationId: organisation.id, via: "domain", decidedById: null, now });
    return { ok: true, status: "verified", verifiedVia: "domain" };
  }
  // A refused request stays refused until someone decides again: asking afresh does not reopen it.
  if (existing?.status === "refused") return { ok: true, status: "refused", verifiedVia: null };
  const membership = await db.membership.upsert({
    where: { userId_organisationId: { userId: actor.userId, organisationId: organisation.id } },
    create: { userId: actor.userId, organisationId: organisation.id, status: "asking" },
    update: { status: "asking", verifiedVia: null, decidedById: null, decidedAt: null },
  });
  if (existing?.status !== "asking") {
    await audit(db, {
      actorId: actor.userId,
      action: "membership.asked",
      entityType: "Membership",
      entityId: membership.id,
      data: { organisationId: organisation.id },
    });
  }
  return { ok: true, status: "asking", verifiedVia: null };
}

/** Asks to join an organisation without changing the profile's own (a confirmation link uses this). */
export async function askToJoin(db: Db, userId: string, organisationId: string) {
  const existing = await db.membership.findUnique({ where: { userId_organisationId: { userId, organisationId } } });
  if (existing && existing.status !== "left") return existing;
  const membership = await db.membership.upsert({
    where: { userId_organisationId: { userId, organisationId } },
    create: { userId, organisationId, status: "asking" },
    update: { status: "asking", verifiedVia: null, decidedById: null, decidedAt: null },
  });
  await audit(db, { actorId: userId, action: "membership.asked", entityType: "Membership", entityId: membership.id, data: { organisationId } });
  return membership;
}

/** After signing in: any request to join whose organisation's verified domain the address is at is verified. */
export async function verifyByDomain(db: Db, userId: string, now = new Date()) {
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true } });
  if (!user) return 0;
  const asking = await db.membership.findMany({
    where: { userId, status: "asking" },
    select: { organisationId: true, organisation: { select: { domains: { select: { domain: true } } } } },
  });
  let verified = 0;
  for (const m of asking) {
    if (
      !matchingDomain(
        user.email,
        m.organisation.domains.map((d) => d.domain),
      )
    )
      continue;
    await verifyMembership(db, { userId, organisationId: m.organisationId, via: "domain", decidedById: null, now });
    verified++;
  }
  return verified;
}

/** An organiser or a verified member approves or refuses a request to join. */
export async function decideMembership(
  db: Db,
  actor: Actor,
  input: { membershipId: string; decision: "approve" | "refuse" },
  now = new Date(),
): Promise<{ ok: true; name: string; organisationName: string } | { ok: false; status: number; errors: Record<string, string> }> {
  const membership = await db.membership.findUnique({
    where: { id: input.membershipId },
    include: { user: { select: { name: true, email: true } }, organisation: { select: { name: true } } },
  });
  if (!membership || !can(actor, { action: "organisation.decide-membership", organisationId: membership.organisationId, memberUserId: membership.userId })) {
    return fail({ form: "Not found" }, 404);
  }
  // A refused request can be approved later (the organiser learned more); nothing else is re-decided.
  if (membership.status !== "asking" && !(membership.status === "refused" && input.decision === "approve")) {
    return fail({ form: "Someone has already answered this request." }, 409);
  }
  const name = membership.user.name ?? membership.user.email;
  if (input.decision === "approve") {
    await verifyMembership(db, { userId: membership.userId, organisationId: membership.organisationId, via: "approval", decidedById: actor.userId, now });
  } else {
    await db.membership.update({ where: { id: membership.id }, data: { status: "refused", decidedById: actor.userId, decidedAt: now } });
    await audit(db, {
      actorId: actor.userId,
      action: "membership.refused",
      entityType: "Membership",
      entityId: membership.id,
      data: { userId: membership.userId, organisationId: membership.organisationId },
    });
  }
  return { ok: true, name, organisationName: membership.organisation.name };
}

/** An organiser or a verified member adds a colleague by email: they are verified by the invitation. */
export async function inviteMember(db: Db, actor: Actor, input: { organisationId: string; email: string; name?: string }, now = new Date()) {
  if (!can(actor, { action: "organisation.invite-member", organisationId: input.organisationId })) return fail({ form: "Not found" }, 404);
  const organisation = await db.organisation.findUnique({ where: { id: input.organisationId }, select: { id: true, name: true } });
  if (!organisation) return fail({ form: "Not found" }, 404);
  const email = normaliseEmail(input.email);
  const user = await db.user.upsert({ where: { email }, update: {}, create: { email, name: input.name?.trim() || null, organisationId: organisation.id } });
  await verifyMembership(db, { userId: user.id, organisationId: organisation.id, via: "invitation", decidedById: actor.userId, now });
  return { ok: true as const, email, organisationName: organisation.name };
}

/** Organisers verify an email domain as the organisation's own; free-mail domains never. */
export async function addOrganisationDomain(db: Db, actor: Actor, input: { organisationId: string; domain: string }, now = new Date()) {
  if (!can(actor, { action: "organisation.manage-domains" })) return fail({ form: "Not found" }, 404);
  const problem = domainProblem(input.domain);
  if (problem) return fail({ domain: problem });
  const domain = normaliseDomain(input.domain)!;
  const holder = await db.organisationDomain.findUnique({ where: { domain }, include: { organisation: { select: { name: true } } } });
  if (holder)
    return fail({
      domain:
        holder.organisationId === input.organisationId
          ? `${domain} is already verified for this organisation`
          : `${domain} is already verified for ${holder.organisation.name}`,
    });
  const row = await db.organisationDomain.create({ data: { organisationId: input.organisationId, domain, addedById: actor.userId } });
  await audit(db, { actorId: actor.userId, action: "organisation.domain_added", entityType: "Organisation", entityId: input.organisationId, data: { domain } });
  // Everyone already asking to join from that domain is verified now.
  const asking = await db.membership.findMany({
    where: { organisationId: input.organisationId, status: "asking" },
    select: { userId: true, user: { select: { email: true } } },
  });
  for (const m of asking) {
    if (matchingDomain(m.user.email, [domain]))
      await verifyMembership(db, { userId: m.userId, organisationId: input.organisationId, via: "domain", decidedById: actor.userId, now });
  }
  return { ok: true as const, domain: row.domain };
}

export async function removeOrganisationDomain(db: Db, actor: Actor, input: { organisationId: string; domainId: string }) {
  if (!can(actor, { action: "organisation.manage-domains" })) return fail({ form: "Not found" }, 404);
  const row = await db.organisationDomain.findFirst({ where: { id: input.domainId, organisationId: input.organisationId } });
  if (!row) return fail({ form: "Not found" }, 404);
  await db.organisationDomain.delete({ where: { id: row.id } });
  await audit(db, {
    actorId: actor.userId,
    action: "organisation.domain_removed",
    entityType: "Organisation",
    entityId: input.organisationId,
    data: { domain: row.domain },
  });
  return { ok: true as const, domain: row.domain };
}

/** Requests to join that this person may answer, oldest first. */
export async function membershipRequestsFor(db: Db, actor: Actor) {
  const where = organisesAnyCycle(actor) ? {} : { organisationId: { in: actor.verifiedOrganisationIds } };
  const rows = await db.membership.findMany({
    where: { ...where, status: "asking", userId: { not: actor.userId } },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      createdAt: true,
      organisationId: true,
      user: { select: { id: true, name: true, email: true, jobTitle: true } },
      organisation: { select: { name: true, sector: true } },
    },
  });
  return rows
    .filter((r) => can(actor, { action: "organisation.decide-membership", organisationId: r.organisationId, memberUserId: r.user.id }))
    .map((r) => ({
      id: r.id,
      at: r.createdAt.toISOString(),
      organisationName: r.organisation.name,
      person: { name: r.user.name, email: r.user.email, jobTitle: r.user.jobTitle },
    }));
}

/** This person's memberships, for their own pages. */
export async function membershipsOf(db: Db, userId: string) {
  return db.membership.findMany({
    where: { userId, status: { not: "left" } },
    orderBy: { createdAt: "asc" },
    select: { id: true, status: true, verifiedVia: true, createdAt: true, organisation: { select: { id: true, name: true, sector: true } } },
  });
}
