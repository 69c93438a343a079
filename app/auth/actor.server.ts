import type { Db } from "~/db/client.server";
import { env } from "~/env.server";
import type { Actor } from "./permissions";

export type { Actor } from "./permissions";

/** Loads everything `can()` needs to know about a user, in one query. */
export async function loadActor(db: Db, userId: string): Promise<Actor | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      name: true,
      organisationId: true,
      isSiteAdmin: true,
      roles: { select: { cycleId: true, role: true, cycle: { select: { areaId: true } } } },
      areaRoles: { where: { role: "admin" }, select: { areaId: true, area: { select: { cycles: { select: { id: true } } } } } },
      memberships: { where: { status: "verified" }, select: { organisationId: true } },
    },
  });
  if (!user) return null;
  return {
    userId: user.id,
    email: user.email,
    name: user.name,
    organisationId: user.organisationId,
    verifiedOrganisationIds: user.memberships.map((m) => m.organisationId),
    isSiteAdmin: user.isSiteAdmin || env.adminEmails.includes(user.email),
    roles: user.roles.map((r) => ({ cycleId: r.cycleId, role: r.role === "organiser" ? "organiser" : "judge", areaId: r.cycle.areaId })),
    areaAdminOf: user.areaRoles.map((r) => r.areaId),
    areaCycleIds: user.areaRoles.flatMap((r) => r.area.cycles.map((c) => c.id)),
  };
}
