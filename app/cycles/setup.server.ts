/**
 * Setting up a cycle: the organiser's side of issue 2. Every function takes
 * (db, actor, cycle, input), checks the actor may do it (can(), app/auth/permissions.ts),
 * makes the change and its AuditEvent in one transaction, and returns either the result
 * or plain-English errors keyed by the form field they belong to ("form" for the page).
 * Routes parse input with app/cycles/schemas.ts first; these functions enforce the rules
 * that need the database (unique names, "not while something uses it", last organiser).
 */
import { plural } from "~/utils/text";
import { areaForNewCycle } from "~/areas/areas.server";
import { copySetupIn, mayStartFrom } from "./copy-setup.server";
import { NotAllowedError } from "~/auth/not-allowed";
import { can, type Actor } from "~/auth/permissions";
import type { Db } from "~/db/client.server";
import { DEFAULT_OUTCOME_TIERS, type CycleRoleName } from "~/domain/vocabulary";
import { formatUkDateTime } from "~/utils/time";
import { judgingOpensAt, TIMELINE_SELECT } from "./phase";
import type { CycleCreateInput, CycleSettingsInput } from "./schemas";

import { SetupCycle, ok, fail, assertManage, record, isUniqueViolation } from "./setup-kit.server";

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
 * A new cycle, as a draft (not public until launched), with the default outcome tiers, in a
 * Compact area the person may create cycles in (areaForNewCycle); the person creating it
 * becomes its organiser.
 */
export async function createCycle(db: Db, actor: Actor, input: CycleCreateInput) {
  if (!can(actor, { action: "cycle.create" })) throw new NotAllowedError("create a cycle");
  if (await db.awardCycle.findUnique({ where: { slug: input.slug }, select: { id: true } })) return fail({ slug: slugTaken(input.slug) });
  const area = await areaForNewCycle(db, actor, { areaId: input.areaId || undefined, place: input.area });
  if (!area.ok) return fail(area.errors);
  const from = input.startFrom
    ? await db.awardCycle.findUnique({ where: { id: input.startFrom }, select: { id: true, slug: true, areaId: true, launchedAt: true, publishedAt: true } })
    : null;
  if (input.startFrom && (!from || !mayStartFrom(actor, from, area.value.id))) {
    return fail({ startFrom: "Choose a previous cycle of the same Compact area, or start from nothing" });
  }
  try {
    const cycle = await db.$transaction(async (tx) => {
      const created = await tx.awardCycle.create({
        data: {
          slug: input.slug,
          compactArea: { connect: { id: area.value.id } },
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
      // The creator is the new cycle's organiser from here on: the set-up is copied as them.
      const creator = { ...actor, roles: [...actor.roles, { cycleId: created.id, role: "organiser" as const, areaId: created.areaId }] };
      if (!from) return created;
      await copySetupIn(tx, creator, from, created);
      return tx.awardCycle.findUniqueOrThrow({ where: { id: created.id } });
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

/** Cycles an actor organises (every cycle of their areas for area administrators, every cycle for site admins), newest first. */
export async function listOrganisedCycles(db: Db, actor: Actor) {
  const organised = [...actor.roles.filter((r) => r.role === "organiser").map((r) => r.cycleId), ...actor.areaCycleIds];
  if (!actor.isSiteAdmin && organised.length === 0) return [];
  return db.awardCycle.findMany({
    where: actor.isSiteAdmin ? {} : { id: { in: organised } },
    orderBy: [{ nominationsOpenAt: "desc" }, { name: "asc" }],
    select: {
      id: true,
      slug: true,
      name: true,
      area: true,
      compactArea: { select: { name: true } },
      ...TIMELINE_SELECT,
    },
  });
}
