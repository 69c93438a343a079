/**
 * The organisation directory as organisers keep it: every organisation with its verified
 * domains and how many people speak for it, and the requests to join waiting for an answer.
 */
import { organisesAnyCycle, type Actor } from "~/auth/permissions";
import type { Db } from "~/db/client.server";
import { membershipRequestsFor } from "./membership.server";

export async function loadDirectory(db: Db, actor: Actor, query: string) {
  if (!organisesAnyCycle(actor)) return null;
  const q = query.trim();
  const organisations = await db.organisation.findMany({
    where: q ? { name: { contains: q } } : {},
    orderBy: { name: "asc" },
    take: 200,
    select: {
      id: true,
      name: true,
      sector: true,
      domains: { orderBy: { domain: "asc" }, select: { id: true, domain: true } },
      _count: { select: { memberships: { where: { status: "verified" } } } },
    },
  });
  const requests = await membershipRequestsFor(db, actor);
  return {
    organisations: organisations.map((o) => ({ id: o.id, name: o.name, sector: o.sector, domains: o.domains, verifiedMembers: o._count.memberships })),
    requests,
  };
}
