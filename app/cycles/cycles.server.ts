import { type Db } from "~/db/client.server";
import { cyclePhase, isPastPhase, TIMELINE_SELECT } from "./phase";

export async function getCycleBySlug(db: Db, slug: string) {
  return db.awardCycle.findUnique({
    where: { slug },
    include: {
      categories: { orderBy: [{ position: "asc" }, { name: "asc" }] },
      criteria: { orderBy: [{ position: "asc" }, { name: "asc" }] },
      outcomeTiers: { orderBy: { rank: "asc" } },
      compactArea: { select: { slug: true, name: true } },
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
      compactArea: { select: { slug: true, name: true } },
      intro: true,
      ...TIMELINE_SELECT,
      ceremonyAt: true,
    },
  });
  const withPhase = cycles.map((c) => ({ ...c, phase: cyclePhase(c, now) }));
  return {
    current: withPhase.filter((c) => !isPastPhase(c.phase)).sort((a, b) => a.nominationsCloseAt.getTime() - b.nominationsCloseAt.getTime()),
    past: withPhase.filter((c) => isPastPhase(c.phase)),
  };
}
