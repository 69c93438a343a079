import { redirect } from "@remix-run/node";
import { firstVisitPath } from "~/auth/first-visit";
import { can, type Actor } from "~/auth/permissions";
import { requireActor, getActor } from "~/auth/session.server";
import { prisma, type Db } from "~/db/client.server";
import { cyclePhase, isPastPhase } from "./phase";

export async function getCycleBySlug(db: Db, slug: string) {
  return db.awardCycle.findUnique({
    where: { slug },
    include: {
      categories: { orderBy: [{ position: "asc" }, { name: "asc" }] },
      criteria: { orderBy: [{ position: "asc" }, { name: "asc" }] },
      outcomeTiers: { orderBy: { rank: "asc" } },
    },
  });
}
export type CycleWithSetup = NonNullable<Awaited<ReturnType<typeof getCycleBySlug>>>;

/** Cycles anyone may see, split for the home page. Draft cycles stay hidden. */
export async function listPublicCycles(db: Db, now = new Date()) {
  const cycles = await db.awardCycle.findMany({
    where: { launchedAt: { not: null } },
    orderBy: [{ nominationsOpenAt: "desc" }],
    select: {
      slug: true,
      name: true,
      area: true,
      intro: true,
      nominationsOpenAt: true,
      nominationsCloseAt: true,
      judgingOpenAt: true,
      judgingCloseAt: true,
      launchedAt: true,
      resultsDecidedAt: true,
      resultsSentAt: true,
      publishedAt: true,
      ceremonyAt: true,
    },
  });
  const withPhase = cycles.map((c) => ({ ...c, phase: cyclePhase(c, now) }));
  return {
    current: withPhase.filter((c) => !isPastPhase(c.phase)).sort((a, b) => a.nominationsCloseAt.getTime() - b.nominationsCloseAt.getTime()),
    past: withPhase.filter((c) => isPastPhase(c.phase)),
  };
}

/**
 * A cycle a visitor may see: launched cycles are public; drafts only for their organisers.
 * Anything else is "not found", so drafts are not revealed.
 */
export async function requireVisibleCycle(request: Request, slug: string) {
  const cycle = await getCycleBySlug(prisma, slug);
  const actor = await getActor(request);
  if (!cycle || !can(actor, { action: "cycle.view", cycle })) throw notFound();
  return { cycle, actor };
}

/** The cycle, if the person asking organises it (or is a site admin); sign in first; 404 otherwise. */
export async function requireOrganiser(request: Request, slug: string): Promise<{ actor: Actor; cycle: CycleWithSetup }> {
  const actor = await requireActor(request);
  const cycle = await getCycleBySlug(prisma, slug);
  if (!cycle || !can(actor, { action: "cycle.manage", cycle })) throw notFound();
  return { actor, cycle };
}

export function notFound(message = "Not found") {
  return new Response(message, { status: 404, statusText: "Not Found" });
}

/** Sends someone who has not told us their name and organisation to do that first. */
export function requireProfile(actor: Actor, request: Request) {
  if (!actor.name || !actor.organisationId) {
    const url = new URL(request.url);
    throw redirect(firstVisitPath(url.pathname + url.search));
  }
}

/** Record who changed what: every state change is in the audit trail. */
export async function audit(
  db: Db,
  event: { actorId?: string | null; cycleId?: string | null; action: string; entityType: string; entityId: string; data?: unknown },
) {
  await db.auditEvent.create({
    data: {
      actorId: event.actorId ?? null,
      cycleId: event.cycleId ?? null,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId,
      data: JSON.stringify(event.data ?? {}),
    },
  });
}
