import { can, type Actor, type NominationFacts } from "~/auth/permissions";
import { requireActor } from "~/auth/session.server";
import { notFound } from "~/cycles/cycles.server";
import { prisma, type Db } from "~/db/client.server";
import { isLeadRole } from "./eligibility";

/** What to select of a nomination to build its NominationFacts (nominationFactsOf). */
export const NOMINATION_FACTS_SELECT = {
  id: true,
  cycleId: true,
  createdById: true,
  partners: { select: { organisationId: true, role: true, confirmedAt: true, confirmedById: true } },
  collaborators: { where: { status: "active" }, select: { email: true } },
} as const;

type FactsRow = {
  id: string;
  cycleId: string;
  createdById: string | null;
  partners: { organisationId: string; role: string; confirmedAt: Date | null; confirmedById: string | null }[];
  collaborators: { email: string }[];
};

/** The one place a nomination's facts for `can()` are made: its people, never its organisations' claimants. */
export function nominationFactsOf(n: FactsRow): NominationFacts & { id: string } {
  return {
    id: n.id,
    cycleId: n.cycleId,
    createdById: n.createdById,
    confirmedLeadUserIds: n.partners.filter((p) => isLeadRole(p.role) && p.confirmedAt && p.confirmedById).map((p) => p.confirmedById!),
    collaboratorEmails: n.collaborators.map((c) => c.email.toLowerCase()),
    partnerOrganisationIds: n.partners.map((p) => p.organisationId),
  };
}

/** The facts `can()` needs about a nomination, in one query. */
export async function nominationFacts(db: Db, nominationId: string): Promise<(NominationFacts & { id: string }) | null> {
  const n = await db.nomination.findUnique({ where: { id: nominationId }, select: NOMINATION_FACTS_SELECT });
  return n ? nominationFactsOf(n) : null;
}

type NominationAction = "nomination.view" | "nomination.edit" | "nomination.review-eligibility" | "nomination.manage-people";

/**
 * Signs in first, then 404s unless the person may do this to this nomination, so changing
 * the id in a URL or a form reveals nothing. Used by every nomination loader and action.
 */
export async function requireNominationAccess(
  request: Request,
  nominationId: string | undefined,
  action: NominationAction,
): Promise<{ actor: Actor; facts: NominationFacts & { id: string } }> {
  const actor = await requireActor(request);
  const facts = nominationId ? await nominationFacts(prisma, nominationId) : null;
  if (!facts || !can(actor, { action, nomination: facts })) throw notFound();
  return { actor, facts };
}
