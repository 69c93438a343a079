/**
 * A cycle's outcomes (/admin/cycles/:slug/tiers): add, change, remove.
 * The functions take (db, actor, cycle, input), ask can() (via assertManage) and write the
 * change and its audit record in one transaction (docs/decisions/0064).
 */
import { plural } from "~/utils/text";
import { type Actor } from "~/auth/permissions";
import type { Db } from "~/db/client.server";
import type { FieldErrors } from "~/forms/validate";
import type { TierInput } from "./schemas";

import { SetupCycle, ok, fail, assertManage, record, isUniqueViolation } from "./setup-kit.server";

// ---------------------------------------------------------------- outcome tiers

async function tierClash(db: Db, cycle: SetupCycle, input: TierInput, exceptId?: string): Promise<FieldErrors | null> {
  const others = await db.outcomeTier.findMany({ where: { cycleId: cycle.id, ...(exceptId ? { NOT: { id: exceptId } } : {}) } });
  const sameRank = others.find((t) => t.rank === input.rank);
  if (sameRank) return { rank: `"${sameRank.name}" already has rank ${input.rank}: give each award its own rank` };
  const sameName = others.find((t) => t.name.toLowerCase() === input.name.toLowerCase());
  if (sameName) return { name: `There is already an award called "${sameName.name}"` };
  return null;
}

export async function addTier(db: Db, actor: Actor, cycle: SetupCycle, input: TierInput) {
  assertManage(actor, cycle);
  const clash = await tierClash(db, cycle, input);
  if (clash) return fail(clash);
  try {
    const tier = await db.$transaction(async (tx) => {
      const row = await tx.outcomeTier.create({ data: { cycleId: cycle.id, name: input.name, rank: input.rank, kind: input.kind } });
      await record(tx, actor, { cycleId: cycle.id, action: "tier.added", entityType: "OutcomeTier", entityId: row.id, data: input });
      return row;
    });
    return ok(tier);
  } catch (error) {
    if (isUniqueViolation(error)) return fail({ rank: `Another award already has rank ${input.rank}` });
    throw error;
  }
}

export async function updateTier(db: Db, actor: Actor, cycle: SetupCycle, input: TierInput & { id: string }) {
  assertManage(actor, cycle);
  const existing = await db.outcomeTier.findFirst({ where: { id: input.id, cycleId: cycle.id } });
  if (!existing) return fail({ form: "That award is no longer in this cycle. It may have been removed." });
  const clash = await tierClash(db, cycle, input, existing.id);
  if (clash) return fail(clash);
  try {
    const tier = await db.$transaction(async (tx) => {
      const row = await tx.outcomeTier.update({ where: { id: existing.id }, data: { name: input.name, rank: input.rank, kind: input.kind } });
      await record(tx, actor, {
        cycleId: cycle.id,
        action: "tier.updated",
        entityType: "OutcomeTier",
        entityId: row.id,
        data: { ...input, id: undefined, previous: { name: existing.name, rank: existing.rank, kind: existing.kind } },
      });
      return row;
    });
    return ok(tier);
  } catch (error) {
    if (isUniqueViolation(error)) return fail({ rank: `Another award already has rank ${input.rank}` });
    throw error;
  }
}

/** An award tier can go only while no decision gives it. */
export async function removeTier(db: Db, actor: Actor, cycle: SetupCycle, input: { id: string }) {
  assertManage(actor, cycle);
  const tier = await db.outcomeTier.findFirst({ where: { id: input.id, cycleId: cycle.id } });
  if (!tier) return fail({ form: "That award is no longer in this cycle. It may have been removed." });
  const decisions = await db.decision.count({ where: { outcomeTierId: tier.id } });
  if (decisions > 0) {
    return fail({
      form: `You cannot remove "${tier.name}": ${plural(decisions, "nomination has", "nominations have")} been given it. Change those decisions first.`,
    });
  }
  await db.$transaction(async (tx) => {
    await tx.outcomeTier.delete({ where: { id: tier.id } });
    await record(tx, actor, {
      cycleId: cycle.id,
      action: "tier.removed",
      entityType: "OutcomeTier",
      entityId: tier.id,
      data: { name: tier.name, rank: tier.rank },
    });
  });
  return ok(tier);
}
