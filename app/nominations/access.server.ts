import { can, type Actor, type NominationFacts } from "~/auth/permissions";
import { requireActor } from "~/auth/session.server";
import { notFound } from "~/cycles/cycles.server";
import { prisma, type Db } from "~/db/client.server";

/** The facts `can()` needs about a nomination, in one query. */
export async function nominationFacts(db: Db, nominationId: string): Promise<(NominationFacts & { id: string }) | null> {
  const n = await db.nomination.findUnique({
    where: { id: nominationId },
    select: { id: true, cycleId: true, createdById: true, partners: { select: { organisationId: true, contactEmail: true } } },
  });
  if (!n) return null;
  return {
    id: n.id,
    cycleId: n.cycleId,
    createdById: n.createdById,
    partnerOrganisationIds: n.partners.map((p) => p.organisationId),
    partnerEmails: n.partners.map((p) => p.contactEmail.toLowerCase()).filter(Boolean),
  };
}

type NominationAction = "nomination.view" | "nomination.edit" | "nomination.review-eligibility";

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
