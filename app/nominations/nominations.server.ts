/**
 * The nominator's journey, on the server: start, save each section, add and remove partners,
 * edit after submitting, withdraw. Submitting and the other sector's confirmation are in
 * confirmation.server.ts; the nomination's people in people.server.ts.
 *
 * Every function here checks with `can()` that this person may change the nomination, and
 * the deadline and the nomination's status itself, so no page can skip them, and records an
 * AuditEvent for every state change. Functions return { ok: false, errors } rather than
 * throwing for anything a person can put right; `errors.form` is a message for the whole page.
 */
import { can, type Actor } from "~/auth/permissions";
import { audit } from "~/cycles/cycles.server";
import { nominationsOpen } from "~/cycles/phase";
import type { Db } from "~/db/client.server";
import { PARTNER_ROLE_LABELS, type PartnerRole, type Sector } from "~/domain/vocabulary";
import { env } from "~/env.server";
import { sendEmail } from "~/mail/send.server";
import { findOrCreateOrganisation, organisationNameKey } from "~/organisations/organisations.server";
import { formatUkDateTime, formatUkInput } from "~/utils/time";
import {
  effectiveDeadline,
  isEditableStatus,
  isLeadRole,
  isWithdrawableStatus,
  leadRoleForSector,
  partnerRule,
  roleFitsSector,
  sectionReports,
  storyProblems,
  type NominationContent,
  type PartnerFacts,
  type SectionReport,
} from "./eligibility";
import { nominationFactsOf } from "./access.server";
import { askToConfirmAgain } from "./confirmation.server";
import { substantiveChange } from "./confirmation-rules";
import type { ConsentInput, OrganisationInput, PartnerEditInput, PartnerInput, StoryInput } from "./schemas";
import { parsePrinciples } from "./view.server";
import { storyText } from "./story";

export type Failure = { ok: false; status: number; errors: Record<string, string> };
export function fail(errors: Record<string, string>, status = 400): Failure {
  return { ok: false, status, errors };
}

/** The calendar date in the UK at `now`, as YYYY-MM-DD. */
export function ukToday(now: Date): string {
  return formatUkInput(now).slice(0, 10);
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
  if (!isEditableStatus(n.status)) {
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

/** The deadline that applies to this nomination (its extension if later than the cycle's). */
export function deadlineOf(n: Pick<LoadedNomination, "extensionUntil" | "cycle">): Date {
  return effectiveDeadline(n.cycle, n.extensionUntil);
}

export function emailCycle(cycle: LoadedNomination["cycle"]) {
  return { name: cycle.name, contactName: cycle.contactName, contactEmail: cycle.contactEmail, signOff: cycle.signOff };
}

export const nominationUrl = (id: string) => `${env.appUrl}/nominations/${id}`;
export const titleOf = (n: { title: string }) => n.title.trim() || "Untitled nomination";

type Guarded = { ok: true; n: LoadedNomination } | Failure;

/** Loads the nomination and refuses unless this person may change it, and it can be changed now. */
async function guardChange(db: Db, actor: Actor, id: string, now: Date): Promise<Guarded> {
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
async function notifyPartnersOfEdit(db: Db, n: LoadedNomination, actor: Actor, now: Date) {
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
      props: { cycle: emailCycle(n.cycle), nominationTitle: titleOf(n), editorName: actor.name ?? actor.email, nominationUrl: nominationUrl(n.id) },
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
      where: { entityType: "nomination", entityId: n.id, action, actorId: actor.userId, createdAt: { gt: new Date(now.getTime() - 10 * 60_000) } },
      select: { id: true },
    });
    if (recent) return;
  }
  await audit(db, {
    actorId: actor.userId,
    cycleId: n.cycleId,
    action,
    entityType: "nomination",
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

/**
 * The partners changed. While waiting for a partner to confirm, the request no longer
 * matches what would be confirmed: the nomination goes back to draft and the links stop
 * working; the nominator submits again. A submitted nomination's partners are told.
 */
async function afterPartnerChange(db: Db, n: LoadedNomination, actor: Actor, change: string, data: Record<string, unknown>, now: Date) {
  await audit(db, { actorId: actor.userId, cycleId: n.cycleId, action: `nomination.partner_${change}`, entityType: "nomination", entityId: n.id, data });
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
      entityType: "nomination",
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
    entityType: "nomination",
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
  if (!isWithdrawableStatus(n.status)) {
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
    entityType: "nomination",
    entityId: id,
    data: { from: n.status, reason },
  });
  return { ok: true as const };
}

// ---------------------------------------------------------------- lists

/**
 * The nominations this person is one of the people of (nomination.edit): they started it,
 * confirmed it for a lead partner, or a lead added them. The same rule as can(), as a query.
 */
export function personalNominationsWhere(actor: Actor) {
  return [
    { createdById: actor.userId },
    { partners: { some: { confirmedById: actor.userId, confirmedAt: { not: null }, role: { in: ["lead_statutory", "lead_vcs"] } } } },
    { collaborators: { some: { email: actor.email.toLowerCase(), status: "active" } } },
  ];
}

/** "Your nominations": every nomination this person is one of the people of. */
export async function listNominationsFor(db: Db, actor: Actor) {
  const rows = await db.nomination.findMany({
    where: { OR: personalNominationsWhere(actor) },
    orderBy: [{ updatedAt: "desc" }],
    select: {
      id: true,
      title: true,
      status: true,
      updatedAt: true,
      submittedAt: true,
      isExample: true,
      cycle: { select: { slug: true, name: true, nominationsCloseAt: true } },
      category: { select: { name: true } },
      partners: { orderBy: [{ position: "asc" }], select: { organisation: { select: { name: true } } } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    title: titleOf(r),
    status: r.status,
    updatedAt: r.updatedAt.toISOString(),
    submittedAt: r.submittedAt?.toISOString() ?? null,
    isExample: r.isExample,
    cycle: { slug: r.cycle.slug, name: r.cycle.name },
    categoryName: r.category?.name ?? null,
    partnerNames: r.partners.map((p) => p.organisation.name),
  }));
}

/** The latest "please change" from a confirming partner, while the nomination is back in draft. */
export function changesRequest(n: LoadedNomination) {
  if (n.status !== "draft") return null;
  const asked = n.partners
    .filter((p) => p.changesRequestedAt && p.changesComment)
    .sort((a, b) => b.changesRequestedAt!.getTime() - a.changesRequestedAt!.getTime())[0];
  if (!asked) return null;
  return {
    organisationName: asked.organisation.name,
    contactName: asked.contactName,
    comment: asked.changesComment!,
    at: asked.changesRequestedAt!.toISOString(),
  };
}

/** Whose confirmation the nomination is waiting for (and whether they confirmed but await verification). */
export function awaitingConfirmationFrom(n: LoadedNomination) {
  if (n.status !== "awaiting_partner") return [];
  return n.partners
    .filter((p) => isLeadRole(p.role) && !p.confirmedAt)
    .map((p) => ({
      organisationName: p.organisation.name,
      contactName: p.contactName,
      contactEmail: p.contactEmail,
      requestedAt: p.confirmationRequestedAt?.toISOString() ?? null,
      awaitingVerificationAt: p.awaitingVerificationAt?.toISOString() ?? null,
    }));
}

/**
 * Nominations of the organisations this person is a verified member of, that they are not one
 * of the people of: they may see that it exists (title, partners) and ask a lead to add them.
 */
export async function organisationNominationsFor(db: Db, actor: Actor) {
  if (!actor.verifiedOrganisationIds.length) return [];
  const rows = await db.nomination.findMany({
    where: {
      partners: { some: { organisationId: { in: actor.verifiedOrganisationIds } } },
      NOT: { OR: personalNominationsWhere(actor) },
      status: { not: "withdrawn" },
    },
    orderBy: [{ updatedAt: "desc" }],
    select: {
      id: true,
      title: true,
      cycle: { select: { name: true } },
      partners: { orderBy: [{ position: "asc" }], select: { organisation: { select: { name: true } } } },
      collaborators: { where: { email: actor.email.toLowerCase() }, select: { status: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    title: titleOf(r),
    cycleName: r.cycle.name,
    partnerNames: r.partners.map((p) => p.organisation.name),
    request: (r.collaborators[0]?.status ?? null) as "asking" | "refused" | null,
  }));
}
