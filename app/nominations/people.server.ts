/**
 * A nomination's people: the person who started it, the people who confirmed it for a lead
 * partner, and collaborators a lead adds by email. Everyone else from a partner organisation
 * may ask to be added; a lead decides. Rights follow people, never a claimed organisation.
 */
import { can, type Actor } from "~/auth/permissions";
import { audit } from "~/audit/audit.server";
import type { Db } from "~/db/client.server";
import { normaliseEmail } from "~/organisations/email-domains";
import { nominationFacts } from "./access.server";
import { isLeadRole } from "./eligibility";
import { fail, type Failure } from "./nominations.server";

/** How many collaborators a nomination may have: a partnership's working group, not a mailing list. */
export const MAX_COLLABORATORS = 20;

export type NominationPerson = { kind: "starter" | "lead" | "collaborator" | "asking"; id: string | null; name: string | null; email: string; detail: string };

export async function listPeople(db: Db, actor: Actor, nominationId: string): Promise<{ ok: true; people: NominationPerson[]; canManage: boolean } | Failure> {
  const facts = await nominationFacts(db, nominationId);
  if (!facts || !can(actor, { action: "nomination.edit", nomination: facts })) return fail({ form: "Not found" }, 404);
  const n = await db.nomination.findUniqueOrThrow({
    where: { id: nominationId },
    select: {
      createdBy: { select: { name: true, email: true } },
      partners: {
        where: { confirmedAt: { not: null }, confirmedById: { not: null } },
        select: { role: true, organisation: { select: { name: true } }, confirmedById: true },
      },
      collaborators: { where: { status: { in: ["active", "asking"] } }, orderBy: { createdAt: "asc" }, select: { id: true, email: true, status: true } },
    },
  });
  const leadIds = n.partners.filter((p) => isLeadRole(p.role)).map((p) => p.confirmedById!);
  const users = await db.user.findMany({
    where: { OR: [{ id: { in: leadIds } }, { email: { in: n.collaborators.map((c) => c.email) } }] },
    select: { id: true, name: true, email: true },
  });
  const byId = new Map(users.map((u) => [u.id, u]));
  const byEmail = new Map(users.map((u) => [u.email, u]));
  const people: NominationPerson[] = [];
  if (n.createdBy) people.push({ kind: "starter", id: null, name: n.createdBy.name, email: n.createdBy.email, detail: "Started the nomination" });
  for (const p of n.partners.filter((x) => isLeadRole(x.role))) {
    const u = byId.get(p.confirmedById!);
    if (!u || u.email === n.createdBy?.email) continue;
    people.push({ kind: "lead", id: null, name: u.name, email: u.email, detail: `Confirmed it for ${p.organisation.name}` });
  }
  for (const c of n.collaborators) {
    const u = byEmail.get(c.email);
    people.push({
      kind: c.status === "active" ? "collaborator" : "asking",
      id: c.id,
      name: u?.name ?? null,
      email: c.email,
      detail: c.status === "active" ? "Added by a lead partner" : "Asks to be added",
    });
  }
  return { ok: true, people, canManage: can(actor, { action: "nomination.manage-people", nomination: facts }) };
}

/** A lead adds someone by email: they can read and edit the nomination once they sign in with that address. */
export async function addCollaborator(db: Db, actor: Actor, nominationId: string, input: { email: string }, now = new Date()) {
  const facts = await nominationFacts(db, nominationId);
  if (!facts || !can(actor, { action: "nomination.manage-people", nomination: facts })) return fail({ form: "Not found" }, 404);
  const email = normaliseEmail(input.email);
  if (email === actor.email.toLowerCase()) return fail({ email: "You are already one of this nomination's people" });
  const count = await db.nominationCollaborator.count({ where: { nominationId, status: "active" } });
  if (count >= MAX_COLLABORATORS) return fail({ email: `A nomination can have at most ${MAX_COLLABORATORS} people added to it` });
  const row = await db.nominationCollaborator.upsert({
    where: { nominationId_email: { nominationId, email } },
    create: { nominationId, email, status: "active", invitedById: actor.userId, decidedById: actor.userId, decidedAt: now },
    update: { status: "active", decidedById: actor.userId, decidedAt: now },
  });
  await audit(db, {
    actorId: actor.userId,
    cycleId: facts.cycleId,
    action: "nomination.collaborator_added",
    entityType: "Nomination",
    entityId: nominationId,
    data: { email, collaboratorId: row.id },
  });
  return { ok: true as const, email };
}

/** A verified member of one of its organisations asks a lead to add them. */
export async function askToBeAdded(db: Db, actor: Actor, nominationId: string, now = new Date()) {
  const facts = await nominationFacts(db, nominationId);
  if (!facts || !can(actor, { action: "nomination.ask-to-join", nomination: facts })) return fail({ form: "Not found" }, 404);
  const email = actor.email.toLowerCase();
  const existing = await db.nominationCollaborator.findUnique({ where: { nominationId_email: { nominationId, email } } });
  if (existing?.status === "refused")
    return fail({ form: "A lead partner has already said no to your request. Contact them if you think this is wrong." }, 409);
  if (existing) return { ok: true as const, already: true };
  const row = await db.nominationCollaborator.create({ data: { nominationId, email, status: "asking", createdAt: now } });
  await audit(db, {
    actorId: actor.userId,
    cycleId: facts.cycleId,
    action: "nomination.collaborator_asked",
    entityType: "Nomination",
    entityId: nominationId,
    data: { email, collaboratorId: row.id },
  });
  return { ok: true as const, already: false };
}

/** A lead says yes or no to someone asking, or removes someone they added. */
export async function decideCollaborator(
  db: Db,
  actor: Actor,
  nominationId: string,
  input: { collaboratorId: string; decision: "approve" | "refuse" | "remove" },
  now = new Date(),
) {
  const facts = await nominationFacts(db, nominationId);
  if (!facts || !can(actor, { action: "nomination.manage-people", nomination: facts })) return fail({ form: "Not found" }, 404);
  const row = await db.nominationCollaborator.findFirst({ where: { id: input.collaboratorId, nominationId } });
  if (!row) return fail({ form: "Not found" }, 404);
  if (input.decision === "approve" && row.status !== "asking") return fail({ form: "Someone has already answered this request." }, 409);
  const status = input.decision === "approve" ? "active" : "refused";
  await db.nominationCollaborator.update({ where: { id: row.id }, data: { status, decidedById: actor.userId, decidedAt: now } });
  await audit(db, {
    actorId: actor.userId,
    cycleId: facts.cycleId,
    action:
      input.decision === "approve"
        ? "nomination.collaborator_approved"
        : input.decision === "refuse"
          ? "nomination.collaborator_refused"
          : "nomination.collaborator_removed",
    entityType: "Nomination",
    entityId: nominationId,
    data: { email: row.email, collaboratorId: row.id },
  });
  return { ok: true as const, email: row.email };
}
