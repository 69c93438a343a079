/**
 * The nomination's partners, on the server: the drafter's own organisation, adding, changing
 * and removing partners, and what a change of partners does to a nomination waiting for, or
 * past, confirmation. Same checks as nominations.server.ts: can(), the deadline, the status.
 */
import type { Actor } from "~/auth/permissions";
import { audit } from "~/audit/audit.server";
import type { Db } from "~/db/client.server";
import { PARTNER_ROLE_LABELS, type PartnerRole, type Sector } from "~/domain/vocabulary";
import { findOrCreateOrganisation, organisationNameKey } from "~/organisations/organisations.server";
import { isLeadRole, leadRoleForSector, partnerRule, roleFitsSector, type PartnerFacts } from "./eligibility";
import { askToConfirmAgain } from "./confirmation.server";
import type { OrganisationInput, PartnerEditInput, PartnerInput } from "./schemas";
import { fail, guardChange, notifyPartnersOfEdit, type LoadedNomination, partnerFacts, drafterPartner } from "./nominations.server";

/**
 * The partners changed. While waiting for a partner to confirm, the request no longer
 * matches what would be confirmed: the nomination goes back to draft and the links stop
 * working; the nominator submits again. A submitted nomination's partners are told.
 */
async function afterPartnerChange(
  db: Db,
  n: LoadedNomination,
  actor: Actor,
  change: "added" | "updated" | "removed",
  data: Record<string, unknown>,
  now: Date,
) {
  await audit(db, { actorId: actor.userId, cycleId: n.cycleId, action: `nomination.partner_${change}`, entityType: "Nomination", entityId: n.id, data });
  // Who the partners are is substantive: the partners who confirmed a submitted nomination confirm it again.
  if (n.status === "submitted") await askToConfirmAgain(db, actor, n.id, "partners", now);
  if (n.status === "awaiting_partner") {
    await db.$transaction([
      db.nomination.updateMany({ where: { id: n.id, status: "awaiting_partner" }, data: { status: "draft" } }),
      db.nominationPartner.updateMany({ where: { nominationId: n.id }, data: { confirmTokenHash: null } }),
    ]);
    await audit(db, {
      actorId: actor.userId,
      cycleId: n.cycleId,
      action: "nomination.returned_to_draft",
      entityType: "Nomination",
      entityId: n.id,
      data: { reason: "partners_changed" },
    });
  }
  await notifyPartnersOfEdit(db, n, actor, now);
}

/**
 * A submitted nomination keeps its confirmed lead partners and the partner rule: a change
 * that would break either is refused (withdrawing and starting again is the way to do that).
 */
function submittedPartnerProblem(n: LoadedNomination, next: PartnerFacts[]): string | null {
  if (n.status !== "submitted") return null;
  const leadsBefore = n.partners
    .filter((p) => isLeadRole(p.role))
    .map((p) => `${p.organisationId}:${p.role}`)
    .sort()
    .join("|");
  const leadsAfter = next
    .filter((p) => isLeadRole(p.role))
    .map((p) => `${p.organisationId}:${p.role}`)
    .sort()
    .join("|");
  if (leadsBefore !== leadsAfter) {
    return "Both lead partners have confirmed this nomination, so the lead partners cannot change now. Contact the organisers if a lead partner has changed.";
  }
  if (!partnerRule(next).ok) return "A submitted nomination must keep at least one statutory and one voluntary or community partner.";
  return null;
}

export async function saveOrganisation(db: Db, actor: Actor, id: string, input: OrganisationInput, now = new Date()) {
  const g = await guardChange(db, actor, id, now);
  if (!g.ok) return g;
  const n = g.n;
  const drafter = drafterPartner(n);
  if (!drafter) return fail({ form: "Not found" }, 404);
  let role: PartnerRole = "other";
  if (input.role === "lead") {
    const lead = leadRoleForSector(drafter.organisation.sector);
    if (!lead) return fail({ role: "A private business can be a partner, but not a lead partner. Choose “Other partner”." });
    const holder = n.partners.find((p) => p.id !== drafter.id && p.role === lead);
    if (holder) {
      return fail({
        role: `${holder.organisation.name} is already the ${PARTNER_ROLE_LABELS[lead].toLowerCase()}. Change their role on the partners page first, or choose “Other partner”.`,
      });
    }
    role = lead;
  }
  const next = n.partners.map((p) => (p.id === drafter.id ? { ...partnerFacts(p), role } : partnerFacts(p)));
  const problem = submittedPartnerProblem(n, next);
  if (problem) return fail({ role: problem });
  const contactChanged = drafter.contactEmail.toLowerCase() !== input.contactEmail || drafter.role !== role;
  await db.nominationPartner.update({
    where: { id: drafter.id },
    data: {
      contactName: input.contactName,
      contactEmail: input.contactEmail,
      role,
      ...(contactChanged && n.status !== "submitted" ? { confirmedAt: null, confirmTokenHash: null } : {}),
    },
  });
  await afterPartnerChange(db, n, actor, "updated", { partnerId: drafter.id, organisationId: drafter.organisationId, role }, now);
  return { ok: true as const };
}

/** The options for the "pick an existing organisation" list: everything not already a partner. */
export async function organisationChoices(db: Db, n: LoadedNomination) {
  const taken = new Set(n.partners.map((p) => p.organisationId));
  const all = await db.organisation.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, sector: true } });
  return all.filter((o) => !taken.has(o.id));
}

function roleProblem(role: PartnerRole, sector: string, orgName: string): string | null {
  if (roleFitsSector(role, sector)) return null;
  if (role === "lead_statutory") return `${orgName} is not a statutory organisation, so it cannot be the lead statutory partner`;
  return `${orgName} is not a voluntary, community, faith or social-enterprise group, so it cannot be the lead voluntary or community partner`;
}

/**
 * The organisation with this name, if we have it: "no duplicates by name". Looks up the
 * name key first; then compares every organisation's name the same way, so rows whose key
 * was made by another rule (imports, the demo seed) still count as the same organisation.
 */
export async function findOrganisationByName(db: Db, name: string) {
  const key = organisationNameKey(name);
  if (!key) return null;
  return db.organisation.findUnique({ where: { nameKey: key }, select: { id: true, name: true, sector: true } });
}

export async function addPartner(db: Db, actor: Actor, id: string, input: PartnerInput, now = new Date()) {
  const g = await guardChange(db, actor, id, now);
  if (!g.ok) return g;
  const n = g.n;
  let existing: { id: string; name: string; sector: string } | null = null;
  let sector: string;
  let name: string;
  if (input.organisationChoice === "existing") {
    existing = await db.organisation.findUnique({ where: { id: input.organisationId }, select: { id: true, name: true, sector: true } });
    if (!existing) return fail({ organisationId: "Choose the organisation from the list" });
    sector = existing.sector;
    name = existing.name;
  } else {
    existing = await findOrganisationByName(db, input.newOrganisationName);
    sector = existing?.sector ?? input.newOrganisationSector;
    name = existing?.name ?? input.newOrganisationName;
  }
  const field = input.organisationChoice === "existing" ? "organisationId" : "newOrganisationName";
  if (existing && n.partners.some((p) => p.organisationId === existing!.id)) {
    return fail({ [field]: `${existing.name} is already a partner in this nomination` });
  }
  const problem = roleProblem(input.role, sector, name);
  if (problem) return fail({ role: problem });
  if (isLeadRole(input.role)) {
    const holder = n.partners.find((p) => p.role === input.role);
    if (holder) {
      return fail({
        role: `${holder.organisation.name} is already the ${PARTNER_ROLE_LABELS[input.role].toLowerCase()}. Choose “Other partner”, or change ${holder.organisation.name} first.`,
      });
    }
  }
  const next = [
    ...n.partners.map(partnerFacts),
    { organisationId: existing?.id ?? "new", sector, role: input.role, contactName: input.contactName, contactEmail: input.contactEmail, confirmedAt: null },
  ];
  const submittedProblem = submittedPartnerProblem(n, next);
  if (submittedProblem) return fail({ role: submittedProblem });
  const organisation = existing ?? (await findOrCreateOrganisation(db, { name: input.newOrganisationName, sector: input.newOrganisationSector as Sector }));
  const position = Math.max(0, ...n.partners.map((p) => p.position)) + 1;
  let partner;
  try {
    partner = await db.nominationPartner.create({
      data: {
        nominationId: n.id,
        organisationId: organisation.id,
        role: input.role,
        contactName: input.contactName,
        contactEmail: input.contactEmail,
        position,
      },
    });
  } catch {
    return fail({ [field]: `${organisation.name} is already a partner in this nomination` });
  }
  await afterPartnerChange(db, n, actor, "added", { partnerId: partner.id, organisationId: organisation.id, role: input.role }, now);
  return { ok: true as const, partnerId: partner.id, organisationName: organisation.name };
}

export async function updatePartner(db: Db, actor: Actor, id: string, partnerId: string, input: PartnerEditInput, now = new Date()) {
  const g = await guardChange(db, actor, id, now);
  if (!g.ok) return g;
  const n = g.n;
  const partner = n.partners.find((p) => p.id === partnerId);
  if (!partner) return fail({ form: "Not found" }, 404);
  const problem = roleProblem(input.role, partner.organisation.sector, partner.organisation.name);
  if (problem) return fail({ role: problem });
  if (isLeadRole(input.role)) {
    const holder = n.partners.find((p) => p.id !== partner.id && p.role === input.role);
    if (holder) {
      return fail({
        role: `${holder.organisation.name} is already the ${PARTNER_ROLE_LABELS[input.role].toLowerCase()}. Change ${holder.organisation.name} first, or choose “Other partner”.`,
      });
    }
  }
  const next = n.partners.map((p) => (p.id === partner.id ? { ...partnerFacts(p), role: input.role } : partnerFacts(p)));
  const submittedProblem = submittedPartnerProblem(n, next);
  if (submittedProblem) return fail({ role: submittedProblem });
  const changed = partner.contactEmail.toLowerCase() !== input.contactEmail || partner.role !== input.role;
  await db.nominationPartner.update({
    where: { id: partner.id },
    data: {
      contactName: input.contactName,
      contactEmail: input.contactEmail,
      role: input.role,
      // A confirmation belongs to a contact in a role: a new contact or role confirms afresh.
      ...(changed && n.status !== "submitted" ? { confirmedAt: null, confirmTokenHash: null } : {}),
    },
  });
  await afterPartnerChange(db, n, actor, "updated", { partnerId: partner.id, organisationId: partner.organisationId, role: input.role }, now);
  return { ok: true as const };
}

export async function removePartner(db: Db, actor: Actor, id: string, partnerId: string, now = new Date()) {
  const g = await guardChange(db, actor, id, now);
  if (!g.ok) return g;
  const n = g.n;
  const partner = n.partners.find((p) => p.id === partnerId);
  if (!partner) return fail({ form: "Not found" }, 404);
  if (partner.id === drafterPartner(n)?.id) {
    return fail({
      form: `${partner.organisation.name} started this nomination, so it cannot be removed. Withdraw the nomination instead if it should not go ahead.`,
    });
  }
  const next = n.partners.filter((p) => p.id !== partner.id).map(partnerFacts);
  const problem = submittedPartnerProblem(n, next);
  if (problem) return fail({ form: problem });
  await db.nominationPartner.delete({ where: { id: partner.id } });
  await afterPartnerChange(
    db,
    n,
    actor,
    "removed",
    { partnerId: partner.id, organisationId: partner.organisationId, organisationName: partner.organisation.name },
    now,
  );
  return { ok: true as const, organisationName: partner.organisation.name };
}
