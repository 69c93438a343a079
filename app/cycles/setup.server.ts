/**
 * Setting up a cycle: the organiser's side of issue 2. Every function takes
 * (db, actor, cycle, input), checks the actor may do it (can(), app/auth/permissions.ts),
 * makes the change and its AuditEvent in one transaction, and returns either the result
 * or plain-English errors keyed by the form field they belong to ("form" for the page).
 * Routes parse input with app/cycles/schemas.ts first; these functions enforce the rules
 * that need the database (unique names, "not while something uses it", last organiser).
 */
import { NotAllowedError } from "~/auth/not-allowed";
import { can, type Actor } from "~/auth/permissions";
import { createSignInLink, findOrCreateUser } from "~/auth/sign-in.server";
import { normaliseEmail } from "~/organisations/email-domains";
import type { Db } from "~/db/client.server";
import { DEFAULT_OUTCOME_TIERS, type CycleRoleName } from "~/domain/vocabulary";
import type { FieldErrors } from "~/forms/validate";
import type { Prisma } from "~/generated/prisma/client";
import { sendEmail } from "~/mail/send.server";
import { findOrCreateOrganisation } from "~/organisations/organisations.server";
import { formatUkDateTime } from "~/utils/time";
import { judgingOpensAt, TIMELINE_SELECT } from "./phase";
import type { CategoryInput, CriterionInput, CycleCreateInput, CycleSettingsInput, InviteInput, TierInput } from "./schemas";
import { audit, type AuditEntry } from "~/audit/audit.server";

type Tx = Prisma.TransactionClient;

/** What the set-up functions need to know about the cycle being changed. */
export type SetupCycle = { id: string; slug: string; launchedAt: Date | null; publishedAt: Date | null };

export type SetupResult<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

const ok = <T>(value: T): SetupResult<T> => ({ ok: true, value });
const fail = <T = never>(errors: FieldErrors): SetupResult<T> => ({ ok: false, errors });

function assertManage(actor: Actor, cycle: SetupCycle) {
  if (!can(actor, { action: "cycle.manage", cycle })) throw new NotAllowedError(`manage cycle ${cycle.slug}`);
}

/** The audit record, written inside the same transaction as the change it records. */
async function record(tx: Tx, actor: Actor, event: Omit<AuditEntry, "actorId">) {
  await audit(tx, { ...event, actorId: actor.userId });
}

function isUniqueViolation(error: unknown): boolean {
  return !!error && typeof error === "object" && (error as { code?: unknown }).code === "P2002";
}

// ---------------------------------------------------------------- the cycle

const slugTaken = (slug: string) => `The web address name "${slug}" is already used by another cycle: choose a different one, for example ${slug}-2`;

function cycleData(input: CycleCreateInput | CycleSettingsInput) {
  return {
    name: input.name,
    area: input.area,
    intro: input.intro,
    nominationsOpenAt: input.nominationsOpenAt,
    nominationsCloseAt: input.nominationsCloseAt,
    judgingOpenAt: input.judgingOpenAt,
    judgingCloseAt: input.judgingCloseAt,
    ceremonyAt: input.ceremonyAt,
    ceremonyVenue: input.ceremonyVenue || null,
    contactName: input.contactName,
    contactEmail: input.contactEmail,
    contactPhone: input.contactPhone || null,
    signOff: input.signOff,
    ...("rankingMeasure" in input
      ? {
          bookletIntro: input.bookletIntro,
          pressContact: input.pressContact,
          minJudgesPerNomination: input.minJudgesPerNomination,
          disagreementThreshold: input.disagreementThreshold,
          rankingMeasure: input.rankingMeasure,
        }
      : {}),
  };
}

/**
 * A new cycle, as a draft (not public until launched), with the default outcome tiers;
 * the person creating it becomes its organiser.
 */
export async function createCycle(db: Db, actor: Actor, input: CycleCreateInput) {
  if (!can(actor, { action: "cycle.create" })) throw new NotAllowedError("create a cycle");
  if (await db.awardCycle.findUnique({ where: { slug: input.slug }, select: { id: true } })) return fail({ slug: slugTaken(input.slug) });
  try {
    const cycle = await db.$transaction(async (tx) => {
      const created = await tx.awardCycle.create({
        data: {
          slug: input.slug,
          ...cycleData(input),
          launchedAt: null,
          outcomeTiers: { create: DEFAULT_OUTCOME_TIERS.map((t) => ({ name: t.name, rank: t.rank, kind: t.kind })) },
          roles: { create: { userId: actor.userId, role: "organiser" } },
        },
      });
      await record(tx, actor, {
        cycleId: created.id,
        action: "cycle.created",
        entityType: "AwardCycle",
        entityId: created.id,
        data: { slug: created.slug, name: created.name },
      });
      return created;
    });
    return ok(cycle);
  } catch (error) {
    if (isUniqueViolation(error)) return fail({ slug: slugTaken(input.slug) });
    throw error;
  }
}

/** Changes the cycle's details and settings. The web address (slug) is fixed once the cycle is public. */
export async function updateCycle(db: Db, actor: Actor, cycle: SetupCycle, input: CycleCreateInput | CycleSettingsInput) {
  assertManage(actor, cycle);
  const current = await db.awardCycle.findUniqueOrThrow({ where: { id: cycle.id } });
  if (input.slug !== current.slug) {
    if (current.launchedAt) return fail({ slug: "The web address cannot change once the cycle is public: people may have shared it" });
    if (await db.awardCycle.findUnique({ where: { slug: input.slug }, select: { id: true } })) return fail({ slug: slugTaken(input.slug) });
  }
  const data = { slug: input.slug, ...cycleData(input) };
  // Locked awards were checked against this number (app/results/award-rules.ts): it stays until they are unlocked.
  if ("minJudgesPerNomination" in data && data.minJudgesPerNomination !== current.minJudgesPerNomination && (current.resultsDecidedAt || current.publishedAt)) {
    return fail({
      minJudgesPerNomination: `The results are decided, so the number of judges for each nomination (${current.minJudgesPerNomination}) cannot change now: the awards were checked against it. Unlock the results first.`,
    });
  }
  const changed = Object.entries(data)
    .filter(([key, value]) => {
      const before = (current as Record<string, unknown>)[key];
      return before instanceof Date || value instanceof Date ? (before as Date | null)?.getTime() !== (value as Date | null)?.getTime() : before !== value;
    })
    .map(([key]) => key);
  try {
    const updated = await db.$transaction(async (tx) => {
      const row = await tx.awardCycle.update({ where: { id: cycle.id }, data });
      await record(tx, actor, { cycleId: cycle.id, action: "cycle.updated", entityType: "AwardCycle", entityId: cycle.id, data: { changed } });
      return row;
    });
    return ok(updated);
  } catch (error) {
    if (isUniqueViolation(error)) return fail({ slug: slugTaken(input.slug) });
    throw error;
  }
}

export type ChecklistKey = "dates" | "contact" | "categories" | "criteria" | "tiers";
export type ChecklistItem = {
  key: ChecklistKey;
  label: string;
  done: boolean;
  /** what is there, or what is missing */
  detail: string;
  /** the organiser's section that fixes it, relative to the dashboard */
  section: "settings" | "categories" | "criteria" | "tiers";
};

export type ChecklistFacts = {
  nominationsOpenAt: Date;
  nominationsCloseAt: Date;
  judgingOpenAt: Date | null;
  judgingCloseAt: Date | null;
  contactName: string;
  contactEmail: string;
  categories: number;
  criteria: number;
  tiers: number;
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What set-up still needs before the cycle can be made public. */
export function setupChecklist(f: ChecklistFacts): ChecklistItem[] {
  const judgingOpens = judgingOpensAt(f);
  const datesOk =
    f.nominationsCloseAt.getTime() > f.nominationsOpenAt.getTime() &&
    judgingOpens.getTime() >= f.nominationsCloseAt.getTime() &&
    (!f.judgingCloseAt || f.judgingCloseAt.getTime() > judgingOpens.getTime());
  return [
    {
      key: "dates",
      label: "Dates: when nominations open and close, and when judging happens",
      done: datesOk,
      detail: datesOk
        ? `Nominations open ${formatUkDateTime(f.nominationsOpenAt)} and close ${formatUkDateTime(f.nominationsCloseAt)}`
        : "The dates are not in order: nominations must close after they open, and judging must come after that",
      section: "settings",
    },
    {
      key: "contact",
      label: "A contact for questions",
      done: !!f.contactName.trim() && !!f.contactEmail.trim(),
      detail: f.contactName.trim() && f.contactEmail.trim() ? `${f.contactName}, ${f.contactEmail}` : "Add a contact name and email address",
      section: "settings",
    },
    {
      key: "categories",
      label: "At least one category",
      done: f.categories > 0,
      detail: f.categories > 0 ? plural(f.categories, "category", "categories") : "No categories yet",
      section: "categories",
    },
    {
      key: "criteria",
      label: "At least one judging criterion",
      done: f.criteria > 0,
      detail: f.criteria > 0 ? plural(f.criteria, "criterion", "criteria") : "No criteria yet",
      section: "criteria",
    },
    {
      key: "tiers",
      label: "At least one outcome (award) tier",
      done: f.tiers > 0,
      detail: f.tiers > 0 ? plural(f.tiers, "tier", "tiers") : "No outcome tiers: add Winner, for example",
      section: "tiers",
    },
  ];
}

/** The checklist for a cycle as it is in the database now. */
export async function loadChecklist(db: Db, cycleId: string) {
  const cycle = await db.awardCycle.findUniqueOrThrow({
    where: { id: cycleId },
    select: {
      nominationsOpenAt: true,
      nominationsCloseAt: true,
      judgingOpenAt: true,
      judgingCloseAt: true,
      contactName: true,
      contactEmail: true,
      _count: { select: { categories: true, criteria: true, outcomeTiers: true } },
    },
  });
  return setupChecklist({
    ...cycle,
    categories: cycle._count.categories,
    criteria: cycle._count.criteria,
    tiers: cycle._count.outcomeTiers,
  });
}

/** Everything the organiser's dashboard counts. */
export async function loadSetupSummary(db: Db, cycleId: string) {
  const [checklist, byStatus, roles] = await Promise.all([
    loadChecklist(db, cycleId),
    db.nomination.groupBy({ by: ["status"], where: { cycleId }, _count: { _all: true } }),
    db.cycleRole.groupBy({ by: ["role"], where: { cycleId }, _count: { _all: true } }),
  ]);
  const roleCount = (role: CycleRoleName) => roles.find((r) => r.role === role)?._count._all ?? 0;
  return {
    checklist,
    nominationsByStatus: Object.fromEntries(byStatus.map((s) => [s.status, s._count._all])) as Record<string, number>,
    nominations: byStatus.reduce((sum, s) => sum + s._count._all, 0),
    judges: roleCount("judge"),
    organisers: roleCount("organiser"),
  };
}

/** Makes a draft cycle public, once the checklist is complete. */
export async function launchCycle(db: Db, actor: Actor, cycle: SetupCycle, input: { now?: Date } = {}) {
  assertManage(actor, cycle);
  const now = input.now ?? new Date();
  const current = await db.awardCycle.findUniqueOrThrow({ where: { id: cycle.id }, select: { launchedAt: true } });
  if (current.launchedAt) return fail({ form: "This cycle is already public." });
  const missing = (await loadChecklist(db, cycle.id)).filter((item) => !item.done);
  if (missing.length) {
    return fail({
      form: `This cycle cannot be made public yet. Still needed: ${missing.map((m) => m.label.charAt(0).toLowerCase() + m.label.slice(1)).join("; ")}.`,
    });
  }
  const launched = await db.$transaction(async (tx) => {
    // Conditional: two organisers pressing "Launch" at once launch it once.
    const changed = await tx.awardCycle.updateMany({ where: { id: cycle.id, launchedAt: null }, data: { launchedAt: now } });
    if (changed.count === 1) await record(tx, actor, { cycleId: cycle.id, action: "cycle.launched", entityType: "AwardCycle", entityId: cycle.id });
    return changed.count === 1;
  });
  if (!launched) return fail({ form: "This cycle is already public." });
  return ok(await db.awardCycle.findUniqueOrThrow({ where: { id: cycle.id } }));
}

// ---------------------------------------------------------------- ordering

type Ordered = { id: string; position: number };

/** Swaps an item with its neighbour and renumbers the list 0..n-1. Returns false at either end. */
async function moveInList(
  items: Ordered[],
  itemId: string,
  direction: "up" | "down",
  write: (id: string, position: number) => Promise<unknown>,
): Promise<boolean> {
  const index = items.findIndex((i) => i.id === itemId);
  const target = direction === "up" ? index - 1 : index + 1;
  if (index < 0 || target < 0 || target >= items.length) return false;
  const reordered = [...items];
  [reordered[index], reordered[target]] = [reordered[target], reordered[index]];
  for (const [position, item] of reordered.entries()) {
    if (item.position !== position) await write(item.id, position);
  }
  return true;
}

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
    await tx.category.delete({ where: { id: category.id } });
    const rest = await tx.category.findMany({ where: { cycleId: cycle.id }, orderBy: categoryOrder, select: { id: true, position: true } });
    for (const [position, item] of rest.entries()) if (item.position !== position) await tx.category.update({ where: { id: item.id }, data: { position } });
    await record(tx, actor, { cycleId: cycle.id, action: "category.removed", entityType: "Category", entityId: category.id, data: { name: category.name } });
  });
  return ok(category);
}

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

// ---------------------------------------------------------------- people

export type InviteOutcome = {
  userId: string;
  roleId: string;
  email: string;
  role: CycleRoleName;
  /** they already had this role: the invitation was sent again */
  alreadyHadRole: boolean;
  /** the judge already belongs to another organisation, which was kept */
  keptOrganisation: string | null;
  emailMessageId: string;
};

/** Where an invitation's sign-in link takes someone. */
export function invitationRedirect(role: CycleRoleName, slug: string) {
  return role === "organiser" ? `/admin/cycles/${slug}` : "/judge";
}

/**
 * Adds someone as an organiser or judge and emails them an invitation with a one-time
 * sign-in link. Inviting someone again sends a fresh link; a double-click within the same
 * minute sends one email (the idempotency key names the minute).
 */
export async function invitePerson(db: Db, actor: Actor, cycle: SetupCycle, input: InviteInput, options: { now?: Date } = {}) {
  assertManage(actor, cycle);
  const now = options.now ?? new Date();
  const email = normaliseEmail(input.email);
  const full = await db.awardCycle.findUniqueOrThrow({ where: { id: cycle.id } });

  let organisationId: string | null = null;
  if (input.organisation?.kind === "existing") {
    const org = await db.organisation.findUnique({ where: { id: input.organisation.id }, select: { id: true } });
    if (!org) return fail({ organisationId: "Choose the judge's organisation from the list" });
    organisationId = org.id;
  } else if (input.organisation?.kind === "new") {
    organisationId = (await findOrCreateOrganisation(db, { name: input.organisation.name, sector: input.organisation.sector })).id;
  }

  // Someone who has already told us their name keeps it; a new person gets the name the organiser typed.
  const known = await db.user.findUnique({ where: { email }, include: { organisation: { select: { name: true } } } });
  const user = await findOrCreateUser(db, email, known?.name ? undefined : input.name);
  let keptOrganisation: string | null = null;
  const setOrganisation = !!organisationId && !user.organisationId;
  if (organisationId && user.organisationId && user.organisationId !== organisationId) keptOrganisation = known?.organisation?.name ?? null;

  const { role, alreadyHadRole } = await db.$transaction(async (tx) => {
    if (setOrganisation) await tx.user.update({ where: { id: user.id }, data: { organisationId } });
    const existing = await tx.cycleRole.findUnique({ where: { userId_cycleId_role: { userId: user.id, cycleId: cycle.id, role: input.role } } });
    const row = existing ?? (await tx.cycleRole.create({ data: { userId: user.id, cycleId: cycle.id, role: input.role } }));
    await record(tx, actor, {
      cycleId: cycle.id,
      action: existing ? "role.reinvited" : "role.added",
      entityType: "CycleRole",
      entityId: row.id,
      data: { email, role: input.role, organisationId: setOrganisation ? organisationId : undefined },
    });
    return { role: row, alreadyHadRole: !!existing };
  });

  const link = await createSignInLink(db, { email, redirectTo: invitationRedirect(input.role, full.slug), skipRateLimit: true, now });
  if (!link.ok) throw new Error("Could not create a sign-in link for an invitation");
  const emailCycle = { name: full.name, contactName: full.contactName, contactEmail: full.contactEmail, signOff: full.signOff };
  const idempotencyKey = `invite:${cycle.id}:${input.role}:${email}:${now.toISOString().slice(0, 16)}`;
  const recipientName = known?.name || input.name;
  const message =
    input.role === "organiser"
      ? await sendEmail(db, {
          to: email,
          toName: recipientName,
          template: "organiser-invitation",
          props: { cycle: emailCycle, inviterName: actor.name || actor.email, signInUrl: link.url },
          idempotencyKey,
          cycleId: cycle.id,
        })
      : await sendEmail(db, {
          to: email,
          toName: recipientName,
          template: "judge-invitation",
          props: {
            cycle: emailCycle,
            judgeName: recipientName,
            signInUrl: link.url,
            judgingOpens: formatUkDateTime(judgingOpensAt(full)),
            judgingCloses: full.judgingCloseAt ? formatUkDateTime(full.judgingCloseAt) : "to be confirmed",
          },
          idempotencyKey,
          cycleId: cycle.id,
        });

  return ok<InviteOutcome>({
    userId: user.id,
    roleId: role.id,
    email,
    role: input.role,
    alreadyHadRole,
    keptOrganisation,
    emailMessageId: message.id,
  });
}

/**
 * Takes someone's role in this cycle away. A cycle always keeps at least one organiser,
 * and a judge with nominations to judge keeps the role until those are reassigned.
 */
export async function removeRole(db: Db, actor: Actor, cycle: SetupCycle, input: { roleId: string }) {
  assertManage(actor, cycle);
  const role = await db.cycleRole.findFirst({ where: { id: input.roleId, cycleId: cycle.id }, include: { user: { select: { name: true, email: true } } } });
  if (!role) return fail({ form: "That person no longer has a role in this cycle." });
  const who = role.user.name || role.user.email;
  if (role.role === "organiser") {
    const organisers = await db.cycleRole.count({ where: { cycleId: cycle.id, role: "organiser" } });
    if (organisers <= 1) {
      return fail({
        form:
          role.userId === actor.userId
            ? "You are the only organiser of this cycle, so you cannot remove yourself. Invite another organiser first."
            : `${who} is the only organiser of this cycle. Invite another organiser before removing them.`,
      });
    }
  } else {
    const assignments = await db.assignment.count({ where: { cycleId: cycle.id, judgeId: role.userId } });
    if (assignments > 0) {
      return fail({
        form: `${who} has ${plural(assignments, "nomination", "nominations")} to judge. Take them off those nominations on the Judges page first.`,
      });
    }
  }
  await db.$transaction(async (tx) => {
    await tx.cycleRole.delete({ where: { id: role.id } });
    await record(tx, actor, {
      cycleId: cycle.id,
      action: "role.removed",
      entityType: "CycleRole",
      entityId: role.id,
      data: { email: role.user.email, role: role.role },
    });
  });
  return ok({ ...role, who });
}

/** Organisers and judges of a cycle, for the People page. */
export async function listPeople(db: Db, cycleId: string) {
  const roles = await db.cycleRole.findMany({
    where: { cycleId },
    orderBy: [{ role: "desc" }, { createdAt: "asc" }],
    include: { user: { select: { id: true, name: true, email: true, lastSignInAt: true, organisation: { select: { name: true } } } } },
  });
  return roles.map((r) => ({
    roleId: r.id,
    role: r.role as CycleRoleName,
    userId: r.user.id,
    name: r.user.name,
    email: r.user.email,
    organisation: r.user.organisation?.name ?? null,
    hasSignedIn: !!r.user.lastSignInAt,
    since: r.createdAt,
  }));
}

/** Cycles an actor organises (every cycle for site admins), newest first. */
export async function listOrganisedCycles(db: Db, actor: Actor) {
  const organised = actor.roles.filter((r) => r.role === "organiser").map((r) => r.cycleId);
  if (!actor.isSiteAdmin && organised.length === 0) return [];
  return db.awardCycle.findMany({
    where: actor.isSiteAdmin ? {} : { id: { in: organised } },
    orderBy: [{ nominationsOpenAt: "desc" }, { name: "asc" }],
    select: {
      id: true,
      slug: true,
      name: true,
      area: true,
      ...TIMELINE_SELECT,
    },
  });
}
