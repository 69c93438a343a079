/** The lists of nominations a person sees: their own, and their organisations'. */
import type { Actor } from "~/auth/permissions";
import type { Db } from "~/db/client.server";
import { isLeadRole } from "./eligibility";
import { WITHDRAWN } from "./status";
import { nominationTitle } from "./title";
import type { LoadedNomination } from "./nominations.server";

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
    title: nominationTitle(r),
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
      status: { not: WITHDRAWN },
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
    title: nominationTitle(r),
    cycleName: r.cycle.name,
    partnerNames: r.partners.map((p) => p.organisation.name),
    request: (r.collaborators[0]?.status ?? null) as "asking" | "refused" | null,
  }));
}
