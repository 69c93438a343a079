/**
 * A cycle's categories (/admin/cycles/:slug/categories): add, change, reorder, remove.
 * The functions take (db, actor, cycle, input), ask can() (via assertManage) and write the
 * change and its audit record in one transaction (docs/decisions/0064).
 */
import { plural } from "~/utils/text";
import { type Actor } from "~/auth/permissions";
import type { Db } from "~/db/client.server";
import type { CategoryInput } from "./schemas";

import { Tx, SetupCycle, ok, fail, assertManage, record, isUniqueViolation, moveInList } from "./setup-kit.server";
import { lockRow } from "~/db/locks.server";

// ---------------------------------------------------------------- categories

const categoryOrder = [{ position: "asc" as const }, { name: "asc" as const }];

async function findCategory(db: Db | Tx, cycle: SetupCycle, id: string) {
  return db.category.findFirst({ where: { id, cycleId: cycle.id } });
}

const categoryNameTaken = (name: string) => `There is already a category called "${name}" in this cycle`;

export async function addCategory(db: Db, actor: Actor, cycle: SetupCycle, input: CategoryInput) {
  assertManage(actor, cycle);
  if (await db.category.findFirst({ where: { cycleId: cycle.id, name: input.name }, select: { id: true } }))
    return fail({ name: categoryNameTaken(input.name) });
  try {
    const category = await db.$transaction(async (tx) => {
      const last = await tx.category.aggregate({ where: { cycleId: cycle.id }, _max: { position: true } });
      const row = await tx.category.create({
        data: { cycleId: cycle.id, name: input.name, description: input.description, guidance: input.guidance, position: (last._max.position ?? -1) + 1 },
      });
      await record(tx, actor, { cycleId: cycle.id, action: "category.added", entityType: "Category", entityId: row.id, data: { name: row.name } });
      return row;
    });
    return ok(category);
  } catch (error) {
    if (isUniqueViolation(error)) return fail({ name: categoryNameTaken(input.name) });
    throw error;
  }
}

export async function updateCategory(db: Db, actor: Actor, cycle: SetupCycle, input: CategoryInput & { id: string }) {
  assertManage(actor, cycle);
  const existing = await findCategory(db, cycle, input.id);
  if (!existing) return fail({ form: "That category is no longer in this cycle. It may have been removed." });
  const clash = await db.category.findFirst({ where: { cycleId: cycle.id, name: input.name, NOT: { id: input.id } }, select: { id: true } });
  if (clash) return fail({ name: categoryNameTaken(input.name) });
  try {
    const category = await db.$transaction(async (tx) => {
      const row = await tx.category.update({
        where: { id: existing.id },
        data: { name: input.name, description: input.description, guidance: input.guidance },
      });
      await record(tx, actor, {
        cycleId: cycle.id,
        action: "category.updated",
        entityType: "Category",
        entityId: row.id,
        data: { name: row.name, previousName: existing.name !== row.name ? existing.name : undefined },
      });
      return row;
    });
    return ok(category);
  } catch (error) {
    if (isUniqueViolation(error)) return fail({ name: categoryNameTaken(input.name) });
    throw error;
  }
}

export async function moveCategory(db: Db, actor: Actor, cycle: SetupCycle, input: { id: string; direction: "up" | "down" }) {
  assertManage(actor, cycle);
  const category = await findCategory(db, cycle, input.id);
  if (!category) return fail({ form: "That category is no longer in this cycle. It may have been removed." });
  const moved = await db.$transaction(async (tx) => {
    await lockRow(tx, "AwardCycle", cycle.id);
    const items = await tx.category.findMany({ where: { cycleId: cycle.id }, orderBy: categoryOrder, select: { id: true, position: true } });
    const done = await moveInList(items, input.id, input.direction, (id, position) => tx.category.update({ where: { id }, data: { position } }));
    if (done)
      await record(tx, actor, {
        cycleId: cycle.id,
        action: "category.moved",
        entityType: "Category",
        entityId: input.id,
        data: { direction: input.direction },
      });
    return done;
  });
  if (!moved) return fail({ form: `The ${category.name} category is already ${input.direction === "up" ? "first" : "last"}.` });
  return ok(category);
}

/** A category can go only while no nomination (not even a draft) is in it. */
export async function removeCategory(db: Db, actor: Actor, cycle: SetupCycle, input: { id: string }) {
  assertManage(actor, cycle);
  const category = await findCategory(db, cycle, input.id);
  if (!category) return fail({ form: "That category is no longer in this cycle. It may have been removed." });
  const nominations = await db.nomination.count({ where: { categoryId: category.id } });
  if (nominations > 0) {
    return fail({
      form: `You cannot remove the ${category.name} category: ${plural(nominations, "nomination uses", "nominations use")} it. You can still change its name and description.`,
    });
  }
  const ownCriteria = await db.criterion.findMany({ where: { categoryId: category.id }, select: { name: true } });
  if (ownCriteria.length > 0) {
    return fail({
      form: `You cannot remove the ${category.name} category yet: ${ownCriteria.length === 1 ? "the criterion" : "the criteria"} ${ownCriteria
        .map((c) => `"${c.name}"`)
        .join(
          ", ",
        )} apply only to it. Change ${ownCriteria.length === 1 ? "it" : "them"} to apply to all categories, or remove ${ownCriteria.length === 1 ? "it" : "them"}, first.`,
    });
  }
  await db.$transaction(async (tx) => {
    await lockRow(tx, "AwardCycle", cycle.id);
    await tx.category.delete({ where: { id: category.id } });
    const rest = await tx.category.findMany({ where: { cycleId: cycle.id }, orderBy: categoryOrder, select: { id: true, position: true } });
    for (const [position, item] of rest.entries()) if (item.position !== position) await tx.category.update({ where: { id: item.id }, data: { position } });
    await record(tx, actor, { cycleId: cycle.id, action: "category.removed", entityType: "Category", entityId: category.id, data: { name: category.name } });
  });
  return ok(category);
}
