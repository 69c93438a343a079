/**
 * "Start from last year's set-up" (issue 13, item 5): a new cycle of the same Compact area
 * takes a previous cycle's categories with their guidance, criteria with their descriptors and
 * weights, outcome tiers, the email sign-off and the judging settings, and its judging panel
 * (judge roles; no invitation is sent until an organiser invites them from People).
 * Nominations, scores, decisions and organisers are never copied.
 */
import { NotAllowedError } from "~/auth/not-allowed";
import { can, type Actor } from "~/auth/permissions";
import type { Db } from "~/db/client.server";
import { record, type Tx } from "./setup-kit.server";

/** The cycles of an area a person may start from: those they manage, newest first. */
export async function previousCyclesToStartFrom(db: Db, actor: Actor, areaIds: string[]) {
  if (areaIds.length === 0) return [];
  const cycles = await db.awardCycle.findMany({
    where: { areaId: { in: areaIds } },
    orderBy: [{ nominationsOpenAt: "desc" }, { name: "asc" }],
    select: { id: true, slug: true, name: true, areaId: true, launchedAt: true, publishedAt: true },
  });
  return cycles.filter((c) => can(actor, { action: "cycle.manage", cycle: c })).map((c) => ({ id: c.id, name: c.name, areaId: c.areaId }));
}

type CycleRef = { id: string; slug: string; areaId: string; launchedAt: Date | null; publishedAt: Date | null };

/** Whether `from` may be copied into a new cycle of `areaId` by this person. */
export function mayStartFrom(actor: Actor, from: CycleRef, areaId: string): boolean {
  return from.areaId === areaId && can(actor, { action: "cycle.manage", cycle: from });
}

/** Copies the set-up inside the caller's transaction. The new cycle's default tiers are replaced by the previous cycle's. */
export async function copySetupIn(tx: Tx, actor: Actor, from: CycleRef, to: CycleRef) {
  if (!mayStartFrom(actor, from, to.areaId) || !can(actor, { action: "cycle.manage", cycle: to })) {
    throw new NotAllowedError(`copy the set-up of ${from.slug}`);
  }
  const source = await tx.awardCycle.findUniqueOrThrow({
    where: { id: from.id },
    select: {
      signOff: true,
      minJudgesPerNomination: true,
      disagreementThreshold: true,
      rankingMeasure: true,
      categories: { orderBy: [{ position: "asc" }, { name: "asc" }] },
      criteria: { orderBy: [{ position: "asc" }, { name: "asc" }] },
      outcomeTiers: { orderBy: { rank: "asc" } },
      roles: { where: { role: "judge" }, select: { userId: true } },
    },
  });
  const target = await tx.awardCycle.findUniqueOrThrow({ where: { id: to.id }, select: { signOff: true } });

  const categoryIds = new Map<string, string>();
  for (const c of source.categories) {
    const made = await tx.category.create({
      data: { cycleId: to.id, name: c.name, description: c.description, guidance: c.guidance, position: c.position },
      select: { id: true },
    });
    categoryIds.set(c.id, made.id);
  }
  for (const c of source.criteria) {
    await tx.criterion.create({
      data: {
        cycleId: to.id,
        categoryId: c.categoryId ? (categoryIds.get(c.categoryId) ?? null) : null,
        name: c.name,
        guidance: c.guidance,
        weight: c.weight,
        scaleMin: c.scaleMin,
        scaleMax: c.scaleMax,
        descriptors: c.descriptors,
        position: c.position,
      },
    });
  }
  if (source.outcomeTiers.length > 0) {
    await tx.outcomeTier.deleteMany({ where: { cycleId: to.id } });
    await tx.outcomeTier.createMany({ data: source.outcomeTiers.map((t) => ({ cycleId: to.id, name: t.name, rank: t.rank, kind: t.kind })) });
  }
  await tx.awardCycle.update({
    where: { id: to.id },
    data: {
      // What the new cycle's form said wins; a blank sign-off takes last year's.
      signOff: target.signOff || source.signOff,
      minJudgesPerNomination: source.minJudgesPerNomination,
      disagreementThreshold: source.disagreementThreshold,
      rankingMeasure: source.rankingMeasure,
    },
  });
  const existingJudges = new Set((await tx.cycleRole.findMany({ where: { cycleId: to.id, role: "judge" }, select: { userId: true } })).map((r) => r.userId));
  const judges = source.roles.map((r) => r.userId).filter((id) => !existingJudges.has(id));
  if (judges.length > 0) await tx.cycleRole.createMany({ data: judges.map((userId) => ({ userId, cycleId: to.id, role: "judge" })) });

  const copied = { categories: source.categories.length, criteria: source.criteria.length, tiers: source.outcomeTiers.length, judges: judges.length };
  await record(tx, actor, { cycleId: to.id, action: "cycle.setup_copied", entityType: "AwardCycle", entityId: to.id, data: { from: from.slug, ...copied } });
  return copied;
}
