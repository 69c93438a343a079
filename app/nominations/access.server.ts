import { type NominationFacts } from "~/auth/permissions";
import { type Db } from "~/db/client.server";
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
