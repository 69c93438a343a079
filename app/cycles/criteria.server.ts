/**
 * A cycle's judging criteria (/admin/cycles/:slug/criteria): add, change, reorder, remove.
 * The functions take (db, actor, cycle, input), ask can() (via assertManage) and write the
 * change and its audit record in one transaction (docs/decisions/0064).
 */
import { plural } from "~/utils/text";
import { type Actor } from "~/auth/permissions";
import type { Db } from "~/db/client.server";
import type { FieldErrors } from "~/forms/validate";
import type { CriterionInput } from "./schemas";

import { Tx, SetupCycle, ok, fail, assertManage, record, moveInList } from "./setup-kit.server";
import { lockRow } from "~/db/locks.server";

// ---------------------------------------------------------------- criteria

const criterionOrder = [{ position: "asc" as const }, { name: "asc" as const }];

async function findCriterion(db: Db | Tx, cycle: SetupCycle, id: string) {
  return db.criterion.findFirst({ where: { id, cycleId: cycle.id } });
}

async function checkCriterionCategory(db: Db, cycle: SetupCycle, categoryId: string | null): Promise<FieldErrors | null> {
  if (!categoryId) return null;
  const found = await db.category.findFirst({ where: { id: categoryId, cycleId: cycle.id }, select: { id: true } });
  return found ? null : { categoryId: "Choose a category of this cycle, or all categories" };
}

function criterionData(input: CriterionInput) {
  return {
    name: input.name,
    guidance: input.guidance,
    weight: input.weight,
    scaleMin: input.scaleMin,
    scaleMax: input.scaleMax,
    descriptors: JSON.stringify(input.descriptors),
    categoryId: input.categoryId,
  };
}

export async function addCriterion(db: Db, actor: Actor, cycle: SetupCycle, input: CriterionInput) {
  assertManage(actor, cycle);
  const categoryError = await checkCriterionCategory(db, cycle, input.categoryId);
  if (categoryError) return fail(categoryError);
  const criterion = await db.$transaction(async (tx) => {
    const last = await tx.criterion.aggregate({ where: { cycleId: cycle.id }, _max: { position: true } });
    const row = await tx.criterion.create({ data: { cycleId: cycle.id, ...criterionData(input), position: (last._max.position ?? -1) + 1 } });
    await record(tx, actor, {
      cycleId: cycle.id,
      action: "criterion.added",
      entityType: "Criterion",
      entityId: row.id,
      data: { name: row.name, weight: row.weight, scale: [row.scaleMin, row.scaleMax] },
    });
    return row;
  });
  return ok(criterion);
}

/** Changes a criterion. Its scale is fixed once a judge has scored with it (scores would change meaning). */
export async function updateCriterion(db: Db, actor: Actor, cycle: SetupCycle, input: CriterionInput & { id: string }) {
  assertManage(actor, cycle);
  const existing = await findCriterion(db, cycle, input.id);
  if (!existing) return fail({ form: "That criterion is no longer in this cycle. It may have been removed." });
  const categoryError = await checkCriterionCategory(db, cycle, input.categoryId);
  if (categoryError) return fail(categoryError);
  if (existing.scaleMin !== input.scaleMin || existing.scaleMax !== input.scaleMax) {
    const scores = await db.score.count({ where: { criterionId: existing.id } });
    if (scores > 0) {
      return fail({
        scaleMax: `The scale cannot change: judges have already given ${plural(scores, "score", "scores")} on ${existing.scaleMin} to ${existing.scaleMax}`,
      });
    }
  }
  const criterion = await db.$transaction(async (tx) => {
    const row = await tx.criterion.update({ where: { id: existing.id }, data: criterionData(input) });
    await record(tx, actor, {
      cycleId: cycle.id,
      action: "criterion.updated",
      entityType: "Criterion",
      entityId: row.id,
      data: { name: row.name, weight: row.weight, scale: [row.scaleMin, row.scaleMax] },
    });
    return row;
  });
  return ok(criterion);
}

export async function moveCriterion(db: Db, actor: Actor, cycle: SetupCycle, input: { id: string; direction: "up" | "down" }) {
  assertManage(actor, cycle);
  const criterion = await findCriterion(db, cycle, input.id);
  if (!criterion) return fail({ form: "That criterion is no longer in this cycle. It may have been removed." });
  const moved = await db.$transaction(async (tx) => {
    await lockRow(tx, "AwardCycle", cycle.id);
    const items = await tx.criterion.findMany({ where: { cycleId: cycle.id }, orderBy: criterionOrder, select: { id: true, position: true } });
    const done = await moveInList(items, input.id, input.direction, (id, position) => tx.criterion.update({ where: { id }, data: { position } }));
    if (done)
      await record(tx, actor, {
        cycleId: cycle.id,
        action: "criterion.moved",
        entityType: "Criterion",
        entityId: input.id,
        data: { direction: input.direction },
      });
    return done;
  });
  if (!moved) return fail({ form: `The criterion "${criterion.name}" is already ${input.direction === "up" ? "first" : "last"}.` });
  return ok(criterion);
}

/** A criterion can go only until a judge has scored with it. */
export async function removeCriterion(db: Db, actor: Actor, cycle: SetupCycle, input: { id: string }) {
  assertManage(actor, cycle);
  const criterion = await findCriterion(db, cycle, input.id);
  if (!criterion) return fail({ form: "That criterion is no longer in this cycle. It may have been removed." });
  const scores = await db.score.count({ where: { criterionId: criterion.id } });
  if (scores > 0) {
    return fail({
      form: `You cannot remove the criterion "${criterion.name}": judges have already given ${plural(scores, "score", "scores")} with it. You can still change its name and guidance.`,
    });
  }
  await db.$transaction(async (tx) => {
    await lockRow(tx, "AwardCycle", cycle.id);
    await tx.criterion.delete({ where: { id: criterion.id } });
    const rest = await tx.criterion.findMany({ where: { cycleId: cycle.id }, orderBy: criterionOrder, select: { id: true, position: true } });
    for (const [position, item] of rest.entries()) if (item.position !== position) await tx.criterion.update({ where: { id: item.id }, data: { position } });
    await record(tx, actor, {
      cycleId: cycle.id,
      action: "criterion.removed",
      entityType: "Criterion",
      entityId: criterion.id,
      data: { name: criterion.name },
    });
  });
  return ok(criterion);
}
