/**
 * The organiser's side of judging: who judges what. Judges of a cycle with their
 * organisation; automatic assignment; one-by-one assignment; a panel per category;
 * progress; conflicts (detected and declared) with their reasons; nominations short of
 * judges; reminders to judges with work outstanding.
 *
 * Only ELIGIBLE nominations are judged: a nomination the organisers have not yet checked
 * (status "submitted") gets no judges until it is found eligible.
 *
 * Conflicts come from one rule (detectConflict in ./conflicts.ts). Whenever judges are
 * assigned (automatically, by panel or one by one) every detected conflict between the
 * judges and the nominations concerned is recorded as an Assignment row with conflict
 * "detected" and the reason, so organisers see every conflict and why. Such a row is a
 * record, not work: the judge never sees that nomination (can(), app/auth/permissions.ts).
 *
 * A conflict, once detected or declared, stays until an organiser clears it with a reason
 * (clearConflict): no assignment run removes one because the rule stopped finding it (a
 * judge who changed organisation is still the person who worked there), and a judge can
 * never clear one. Every clearing is in the audit trail and on the judges page
 * (issue 19, item 2; docs/decisions/0051).
 *
 * Every function checks the actor organises the cycle (a 404 Response otherwise) and audits
 * what it changes.
 */
import { type Actor } from "~/auth/permissions";
import { audit } from "~/audit/audit.server";
import { ensureAllowed } from "~/auth/not-allowed";
import { judgingOpen, type CycleTimeline } from "~/cycles/phase";
import { MIN_JUDGES_RANGE } from "~/cycles/schemas";
import type { Db } from "~/db/client.server";
import type { Prisma } from "~/generated/prisma/client";
import { queueCampaign, startSending, type CampaignCycle } from "~/mail/campaigns.server";
import { COUNTED, isJudgeable, JUDGEABLE, statusIn } from "~/nominations/status";
import { autoAssign, panelForCategory, type ConflictedPair, type JudgeNominationPair, type UncoveredNomination } from "./auto-assign";
import { judgeOrganisationIds } from "~/organisations/membership";
import { isJudgeWork } from "./workload";
import { compareIds, detectConflict, detectConflicts, type DetectedConflict, type PartnerIdentity } from "./conflicts";
import { nominationTitle } from "~/nominations/title";
import { lockRow } from "~/db/locks.server";

/** What these functions need to know about the cycle (requireOrganiser's cycle has it all). */
export type JudgingCycle = CycleTimeline & {
  id: string;
  slug: string;
  name: string;
  minJudgesPerNomination: number;
  contactName: string;
  contactEmail: string;
  signOff: string;
};

type Tx = Prisma.TransactionClient;

function requireManage(actor: Actor | null, cycle: JudgingCycle) {
  ensureAllowed(actor, { action: "cycle.manage", cycle });
}

// ---------------------------------------------------------------- reading

export type CycleJudge = {
  id: string;
  email: string;
  name: string | null;
  jobTitle: string | null;
  organisation: { id: string; name: string } | null;
  /** every organisation the judge has a membership of, whatever its status: the conflicts rule */
  organisationIds: string[];
};

/** The cycle's judges, with their organisation, by name. */
export async function listCycleJudges(db: Db | Tx, cycleId: string): Promise<CycleJudge[]> {
  const roles = await db.cycleRole.findMany({
    where: { cycleId, role: "judge" },
    select: {
      user: {
        select: {
          id: true,
          email: true,
          name: true,
          jobTitle: true,
          organisation: { select: { id: true, name: true } },
          memberships: { select: { organisationId: true } },
        },
      },
    },
  });
  return roles
    .map(({ user: { memberships, ...user } }) => ({ ...user, organisationIds: judgeOrganisationIds(user.organisation?.id ?? null, memberships) }))
    .sort((a, b) => (a.name ?? a.email).localeCompare(b.name ?? b.email, "en-GB") || compareIds(a.id, b.id));
}

/** A judge's name for pages and messages. */
export function judgeLabel(j: Pick<CycleJudge, "name" | "email">): string {
  return j.name?.trim() || j.email;
}

const PARTNER_IDENTITY = {
  select: { organisationId: true, contactEmail: true, organisation: { select: { name: true, domains: { select: { domain: true } } } } },
} as const;

function partnerIdentity(p: { organisationId: string; contactEmail: string; organisation: { name: string; domains: { domain: string }[] } }): PartnerIdentity {
  return {
    organisationId: p.organisationId,
    organisationName: p.organisation.name,
    emailDomains: p.organisation.domains.map((d) => d.domain),
    contactEmail: p.contactEmail,
  };
}

/** Eligible nominations with their partners, as detectConflict wants them. */
async function eligibleNominations(db: Db | Tx, cycleId: string, categoryId?: string) {
  const rows = await db.nomination.findMany({
    where: { cycleId, status: statusIn(JUDGEABLE), ...(categoryId ? { categoryId } : {}) },
    select: {
      id: true,
      title: true,
      categoryId: true,
      partners: PARTNER_IDENTITY,
    },
  });
  return rows.map((n) => ({
    id: n.id,
    title: nominationTitle(n),
    categoryId: n.categoryId ?? "",
    partners: n.partners.map(partnerIdentity),
  }));
}

function judgeIdentities(judges: readonly CycleJudge[]) {
  return judges.map((j) => ({ id: j.id, email: j.email, organisationIds: j.organisationIds }));
}

/**
 * Records detected conflicts as Assignment rows (conflict "detected", with the reason).
 * A judge's existing ordinary assignment that turns out to be conflicted becomes detected:
 * from then on they cannot open it and any scores are left out of results. A declared
 * conflict stays as the judge declared it. A detected conflict the rule no longer finds
 * (say the judge changed organisation) stays too: only an organiser clears a conflict.
 */
async function recordDetectedConflicts(
  tx: Tx,
  actor: Actor,
  cycleId: string,
  detected: readonly DetectedConflict[],
  scope: { judgeIds: readonly string[]; nominationIds: readonly string[] },
  now: Date,
): Promise<number> {
  const rows = await tx.assignment.findMany({
    where: { cycleId, judgeId: { in: [...scope.judgeIds] }, nominationId: { in: [...scope.nominationIds] } },
    select: { id: true, judgeId: true, nominationId: true, conflict: true, conflictReason: true },
  });
  const byPair = new Map(rows.map((r) => [`${r.judgeId}\u0000${r.nominationId}`, r]));
  let recorded = 0;
  for (const c of detected) {
    const key = `${c.judgeId}\u0000${c.nominationId}`;
    const row = byPair.get(key);
    if (!row) {
      const created = await tx.assignment.create({
        data: { cycleId, judgeId: c.judgeId, nominationId: c.nominationId, conflict: "detected", conflictReason: c.reason, conflictAt: now },
      });
      await audit(tx as unknown as Db, {
        actorId: actor.userId,
        cycleId,
        action: "assignment.conflict_detected",
        entityType: "Assignment",
        entityId: created.id,
        data: { judgeId: c.judgeId, nominationId: c.nominationId, reason: c.reason },
      });
      recorded += 1;
    } else if (row.conflict === "none" || (row.conflict === "detected" && row.conflictReason !== c.reason)) {
      await tx.assignment.update({ where: { id: row.id }, data: { conflict: "detected", conflictReason: c.reason, conflictAt: now } });
      await audit(tx as unknown as Db, {
        actorId: actor.userId,
        cycleId,
        action: "assignment.conflict_detected",
        entityType: "Assignment",
        entityId: row.id,
        data: { judgeId: c.judgeId, nominationId: c.nominationId, reason: c.reason, was: row.conflict },
      });
      if (row.conflict === "none") recorded += 1;
    }
  }
  return recorded;
}

// ---------------------------------------------------------------- automatic assignment

export type AutoAssignOptions = {
  /**
   * A new minimum number of judges per nomination: it becomes the CYCLE's setting (audited),
   * the one number the "too few judges" flags, reminders and lock checks use too. Omit it to
   * use the cycle's setting as it is. There is no separate minimum for one run (issue 19, item 4).
   */
  minJudgesPerNomination?: number;
  maxLoad?: number | null;
};

export class AutoAssignRefused extends Error {
  constructor(
    message: string,
    readonly field: "min" | "maxLoad",
  ) {
    super(message);
  }
}

export type RunAutoAssignResult = {
  /** eligible nominations and judges considered */
  nominations: number;
  judges: number;
  created: (JudgeNominationPair & { assignmentId: string })[];
  /** the minimum used: always the cycle's setting (after any change) */
  min: number;
  /** the cycle's setting changed by this run, from -> to */
  minChanged: { from: number; to: number } | null;
  /** detected conflicts newly recorded in this run */
  conflictsRecorded: number;
  uncovered: (UncoveredNomination & { title: string })[];
  /** nominations per judge afterwards, without conflicts */
  loads: { judgeId: string; name: string; load: number }[];
};

/**
 * Gives every eligible nomination at least the cycle's minimum of judges without a conflict
 * (after setting it, if `minJudgesPerNomination` is given), spread as evenly
 * as the conflicts (and the optional maximum per judge) allow, keeping every existing
 * assignment. Deterministic: the same data gives the same assignments; a second run creates
 * nothing new. See docs/decisions/0011-automatic-judge-assignment.md.
 */
export async function runAutoAssign(db: Db, actor: Actor, cycle: JudgingCycle, options: AutoAssignOptions, now = new Date()): Promise<RunAutoAssignResult> {
  requireManage(actor, cycle);
  const wanted = options.minJudgesPerNomination;
  const maxLoad = options.maxLoad ?? undefined;
  if (wanted !== undefined && (!Number.isInteger(wanted) || wanted < MIN_JUDGES_RANGE.min || wanted > MIN_JUDGES_RANGE.max)) {
    throw new AutoAssignRefused(`The minimum number of judges must be a whole number from ${MIN_JUDGES_RANGE.min} to ${MIN_JUDGES_RANGE.max}`, "min");
  }
  if (maxLoad !== undefined && (!Number.isInteger(maxLoad) || maxLoad < 1))
    throw new AutoAssignRefused("The maximum per judge must be a whole number, 1 or more", "maxLoad");

  return db.$transaction(
    async (tx) => {
      // The cycle's own number, read afresh: the one the flags, reminders and lock checks read.
      const current = await tx.awardCycle.findUniqueOrThrow({
        where: { id: cycle.id },
        select: { minJudgesPerNomination: true, resultsDecidedAt: true, publishedAt: true },
      });
      let min = current.minJudgesPerNomination;
      let minChanged: RunAutoAssignResult["minChanged"] = null;
      if (wanted !== undefined && wanted !== min) {
        if (current.resultsDecidedAt || current.publishedAt) {
          throw new AutoAssignRefused(
            `The results are decided, so the cycle's minimum number of judges (${min}) cannot change now: the awards were checked against it.`,
            "min",
          );
        }
        await tx.awardCycle.update({ where: { id: cycle.id }, data: { minJudgesPerNomination: wanted } });
        await audit(tx as unknown as Db, {
          actorId: actor.userId,
          cycleId: cycle.id,
          action: "cycle.updated",
          entityType: "AwardCycle",
          entityId: cycle.id,
          data: { changed: ["minJudgesPerNomination"], from: { minJudgesPerNomination: min }, to: { minJudgesPerNomination: wanted }, via: "judges page" },
        });
        minChanged = { from: min, to: wanted };
        min = wanted;
      }
      const judges = await listCycleJudges(tx, cycle.id);
      const nominations = await eligibleNominations(tx, cycle.id);
      const detected = detectConflicts(judgeIdentities(judges), nominations);
      const conflictsRecorded = await recordDetectedConflicts(
        tx,
        actor,
        cycle.id,
        detected,
        { judgeIds: judges.map((j) => j.id), nominationIds: nominations.map((n) => n.id) },
        now,
      );

      const rows = await tx.assignment.findMany({
        where: { cycleId: cycle.id, nominationId: { in: nominations.map((n) => n.id) } },
        select: { judgeId: true, nominationId: true, conflict: true, conflictReason: true },
      });
      const conflicts: ConflictedPair[] = rows
        .filter((r) => r.conflict !== "none")
        .map((r) => ({ judgeId: r.judgeId, nominationId: r.nominationId, reason: r.conflictReason ?? undefined }));
      const result = autoAssign({
        nominations: nominations.map((n) => ({ id: n.id, categoryId: n.categoryId })),
        judges: judges.map((j) => ({ id: j.id })),
        conflicts,
        existing: rows.map((r) => ({ judgeId: r.judgeId, nominationId: r.nominationId })),
        minJudgesPerNomination: min,
        maxLoadPerJudge: maxLoad,
      });

      const created: RunAutoAssignResult["created"] = [];
      for (const pair of result.assignments) {
        const row = await tx.assignment.create({ data: { cycleId: cycle.id, judgeId: pair.judgeId, nominationId: pair.nominationId } });
        created.push({ ...pair, assignmentId: row.id });
      }
      const titles = new Map(nominations.map((n) => [n.id, n.title]));
      const names = new Map(judges.map((j) => [j.id, judgeLabel(j)]));
      await audit(tx as unknown as Db, {
        actorId: actor.userId,
        cycleId: cycle.id,
        action: "judging.auto_assigned",
        entityType: "AwardCycle",
        entityId: cycle.id,
        data: { min, maxLoad: maxLoad ?? null, created: created.length, conflictsRecorded, uncovered: result.uncovered.map((u) => u.nominationId) },
      });
      return {
        nominations: nominations.length,
        judges: judges.length,
        created,
        min,
        minChanged,
        conflictsRecorded,
        uncovered: result.uncovered.map((u) => ({ ...u, title: titles.get(u.nominationId) ?? u.nominationId })),
        loads: Object.entries(result.loads).map(([judgeId, load]) => ({ judgeId, name: names.get(judgeId) ?? judgeId, load })),
      };
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
}

// ---------------------------------------------------------------- one by one

export type AssignOneResult = { ok: true; assignmentId: string; created: boolean; message: string } | { ok: false; message: string };

/** Gives one eligible nomination to one judge of the cycle, unless they are conflicted. */
export async function assignOne(
  db: Db,
  actor: Actor,
  cycle: JudgingCycle,
  input: { judgeId: string; nominationId: string },
  now = new Date(),
): Promise<AssignOneResult> {
  requireManage(actor, cycle);
  return db.$transaction(async (tx) => {
    const judge = (await listCycleJudges(tx, cycle.id)).find((j) => j.id === input.judgeId);
    if (!judge) return { ok: false, message: "Choose one of this cycle's judges." };
    const [nomination] = (await eligibleNominations(tx, cycle.id)).filter((n) => n.id === input.nominationId);
    if (!nomination) return { ok: false, message: "Choose an eligible nomination of this cycle. Only eligible nominations are judged." };
    const existing = await tx.assignment.findUnique({ where: { judgeId_nominationId: { judgeId: judge.id, nominationId: nomination.id } } });
    if (existing && existing.conflict !== "none") {
      return {
        ok: false,
        message: `${judgeLabel(judge)} has a ${existing.conflict} conflict of interest with "${nomination.title}": ${existing.conflictReason ?? "no reason given"}`,
      };
    }
    const check = detectConflict({ organisationIds: judge.organisationIds, email: judge.email }, nomination.partners);
    if (check.conflicted) {
      await recordDetectedConflicts(
        tx,
        actor,
        cycle.id,
        [{ judgeId: judge.id, nominationId: nomination.id, reason: check.reason }],
        { judgeIds: [judge.id], nominationIds: [nomination.id] },
        now,
      );
      return { ok: false, message: `${judgeLabel(judge)} cannot judge "${nomination.title}": ${check.reason}` };
    }
    if (existing) return { ok: true, assignmentId: existing.id, created: false, message: `${judgeLabel(judge)} already has "${nomination.title}".` };
    const row = await tx.assignment.create({ data: { cycleId: cycle.id, judgeId: judge.id, nominationId: nomination.id } });
    await audit(tx as unknown as Db, {
      actorId: actor.userId,
      cycleId: cycle.id,
      action: "assignment.created",
      entityType: "Assignment",
      entityId: row.id,
      data: { judgeId: judge.id, nominationId: nomination.id },
    });
    return { ok: true, assignmentId: row.id, created: true, message: `"${nomination.title}" assigned to ${judgeLabel(judge)}.` };
  });
}

/**
 * Takes a nomination off a judge. Refused once the judge has saved a review (their work
 * would be lost) and for conflict records, which stay so the conflict is never forgotten.
 */
export async function unassign(db: Db, actor: Actor, cycle: JudgingCycle, assignmentId: string): Promise<{ ok: boolean; message: string }> {
  requireManage(actor, cycle);
  const row = await db.assignment.findFirst({
    where: { id: assignmentId, cycleId: cycle.id },
    include: { judge: { select: { name: true, email: true } }, nomination: { select: { title: true } }, review: { select: { status: true } } },
  });
  if (!row) return { ok: false, message: "That assignment no longer exists." };
  const who = judgeLabel(row.judge);
  const what = nominationTitle(row.nomination);
  if (row.conflict !== "none") return { ok: false, message: `The conflict of interest between ${who} and "${what}" is kept on record and cannot be removed.` };
  if (row.review) {
    return {
      ok: false,
      message: `${who} has already ${row.review.status === "submitted" ? "submitted scores" : "saved a draft"} for "${what}", so it cannot be taken off them here.`,
    };
  }
  const deleted = await db.assignment.deleteMany({ where: { id: row.id, conflict: "none", review: { is: null } } });
  if (deleted.count !== 1) return { ok: false, message: `${who} started scoring "${what}" a moment ago, so it was not taken off them.` };
  await audit(db, {
    actorId: actor.userId,
    cycleId: cycle.id,
    action: "assignment.removed",
    entityType: "Assignment",
    entityId: row.id,
    data: { judgeId: row.judgeId, nominationId: row.nominationId },
  });
  return { ok: true, message: `"${what}" taken off ${who}.` };
}

// ---------------------------------------------------------------- clearing a conflict

export const CLEAR_REASON_MAX = 1000;

export type ClearConflictResult = { ok: true; message: string } | { ok: false; message: string; field?: "reason" };

/**
 * An organiser clears a conflict of interest, with a reason (audited as
 * "assignment.conflict_cleared": who, when, why, and the conflict as it was). The judge then
 * has the nomination as ordinary work again and is asked the conflict question afresh when
 * they open it. Refused while the rule still detects the conflict (it would only come back),
 * and once the results are decided (cleared scores would count again).
 * Judges cannot reach this: it needs cycle.manage.
 */
export async function clearConflict(
  db: Db,
  actor: Actor,
  cycle: JudgingCycle,
  input: { assignmentId: string; reason: string },
  now = new Date(),
): Promise<ClearConflictResult> {
  requireManage(actor, cycle);
  const reason = (input.reason ?? "").trim();
  if (!reason) return { ok: false, message: "Enter why this conflict of interest no longer applies", field: "reason" };
  if (reason.length > CLEAR_REASON_MAX) return { ok: false, message: `The reason must be ${CLEAR_REASON_MAX} characters or fewer`, field: "reason" };
  return db.$transaction(async (tx) => {
    await lockRow(tx, "AwardCycle", cycle.id);
    const current = await tx.awardCycle.findUniqueOrThrow({ where: { id: cycle.id }, select: { resultsDecidedAt: true, publishedAt: true } });
    const row = await tx.assignment.findFirst({
      where: { id: input.assignmentId, cycleId: cycle.id },
      select: {
        id: true,
        judgeId: true,
        nominationId: true,
        conflict: true,
        conflictReason: true,
        conflictAt: true,
        review: { select: { status: true } },
        nomination: { select: { title: true, partners: PARTNER_IDENTITY } },
      },
    });
    if (!row) return { ok: false, message: "That conflict of interest is no longer on record." };
    const judge = (await listCycleJudges(tx, cycle.id)).find((j) => j.id === row.judgeId);
    const who = judge ? judgeLabel(judge) : "The judge";
    const what = nominationTitle(row.nomination);
    if (row.conflict === "none") return { ok: false, message: `${who} has no conflict of interest recorded with "${what}".` };
    if (current.resultsDecidedAt || current.publishedAt) {
      return { ok: false, message: "The results are decided, so conflicts of interest can no longer be cleared: that would change which scores count." };
    }
    if (row.conflict === "detected" && judge) {
      const check = detectConflict({ organisationIds: judge.organisationIds, email: judge.email }, row.nomination.partners.map(partnerIdentity));
      if (check.conflicted) {
        return {
          ok: false,
          field: "reason",
          message: `This conflict is still detected (${check.reason}), so it cannot be cleared: it would be found again at once.`,
        };
      }
    }
    const { count } = await tx.assignment.updateMany({
      where: { id: row.id, conflict: row.conflict },
      data: { conflict: "none", conflictReason: null, conflictAt: null, openedAt: null },
    });
    if (count !== 1) return { ok: false, message: "Someone changed this conflict of interest at the same moment. Look at it again and retry." };
    await audit(tx as unknown as Db, {
      actorId: actor.userId,
      cycleId: cycle.id,
      action: "assignment.conflict_cleared",
      entityType: "Assignment",
      entityId: row.id,
      data: {
        judgeId: row.judgeId,
        nominationId: row.nominationId,
        judgeName: who,
        title: what,
        kind: row.conflict,
        conflictReason: row.conflictReason,
        conflictAt: row.conflictAt?.toISOString() ?? null,
        reason,
        clearedAt: now.toISOString(),
      },
    });
    const scored = row.review?.status === "submitted" ? " Their submitted scores count again." : "";
    return {
      ok: true,
      message: `Conflict of interest cleared: "${what}" is on ${who}'s list again, and they will be asked about conflicts when they open it.${scored} Remove it from them below if they should not judge it.`,
    };
  });
}

export type ClearedConflict = {
  id: string;
  judgeName: string;
  nominationTitle: string;
  /** declared | detected, or null for records older than the rule */
  kind: string | null;
  /** the conflict as it was recorded */
  conflictReason: string | null;
  clearedBy: string;
  at: string;
  reason: string;
};

/** Every conflict cleared in this cycle, newest first, with who cleared it, when and why. */
export async function listClearedConflicts(db: Db | Tx, cycleId: string): Promise<ClearedConflict[]> {
  const events = await db.auditEvent.findMany({
    where: { cycleId, action: "assignment.conflict_cleared" },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, createdAt: true, data: true, actor: { select: { name: true, email: true } } },
  });
  const parsed = events.map((e) => {
    let data: Record<string, unknown> = {};
    try {
      data = JSON.parse(e.data) as Record<string, unknown>;
    } catch {
      // an unreadable record still shows who and when
    }
    return { e, data };
  });
  const str = (v: unknown) => (typeof v === "string" ? v : null);
  // Older records (automatic clearing, before issue 19) carry ids only: name them now.
  const judgeIds = [...new Set(parsed.map((p) => str(p.data.judgeId)).filter((v): v is string => !!v))];
  const nominationIds = [...new Set(parsed.map((p) => str(p.data.nominationId)).filter((v): v is string => !!v))];
  const [users, nominations] = await Promise.all([
    db.user.findMany({ where: { id: { in: judgeIds } }, select: { id: true, name: true, email: true } }),
    db.nomination.findMany({ where: { id: { in: nominationIds } }, select: { id: true, title: true } }),
  ]);
  const userName = new Map(users.map((u) => [u.id, judgeLabel(u)]));
  const title = new Map(nominations.map((n) => [n.id, nominationTitle(n)]));
  return parsed.map(({ e, data }) => ({
    id: e.id,
    judgeName: str(data.judgeName) ?? userName.get(str(data.judgeId) ?? "") ?? "A former judge",
    nominationTitle: str(data.title) ?? title.get(str(data.nominationId) ?? "") ?? "A removed nomination",
    kind: str(data.kind),
    conflictReason: str(data.conflictReason),
    clearedBy: e.actor ? judgeLabel(e.actor) : "Someone (account removed)",
    at: e.createdAt.toISOString(),
    reason: str(data.reason) ?? "",
  }));
}

// ---------------------------------------------------------------- panel per category

export type AssignPanelResult = {
  ok: boolean;
  message: string;
  created: number;
  alreadyAssigned: number;
  skipped: { judgeName: string; nominationTitle: string; reason: string }[];
};

/** Every listed judge reads every eligible nomination in the category, except where conflicted. */
export async function assignPanel(
  db: Db,
  actor: Actor,
  cycle: JudgingCycle,
  input: { categoryId: string; judgeIds: readonly string[] },
  now = new Date(),
): Promise<AssignPanelResult> {
  requireManage(actor, cycle);
  return db.$transaction(
    async (tx) => {
      const category = await tx.category.findFirst({ where: { id: input.categoryId, cycleId: cycle.id }, select: { id: true, name: true } });
      if (!category) return { ok: false, message: "Choose one of this cycle's categories.", created: 0, alreadyAssigned: 0, skipped: [] };
      const allJudges = await listCycleJudges(tx, cycle.id);
      const judges = allJudges.filter((j) => input.judgeIds.includes(j.id));
      if (judges.length === 0) return { ok: false, message: "Choose at least one judge for the panel.", created: 0, alreadyAssigned: 0, skipped: [] };
      const nominations = await eligibleNominations(tx, cycle.id, category.id);
      const detected = detectConflicts(judgeIdentities(judges), nominations);
      await recordDetectedConflicts(tx, actor, cycle.id, detected, { judgeIds: judges.map((j) => j.id), nominationIds: nominations.map((n) => n.id) }, now);
      const rows = await tx.assignment.findMany({
        where: { cycleId: cycle.id, judgeId: { in: judges.map((j) => j.id) }, nominationId: { in: nominations.map((n) => n.id) } },
        select: { judgeId: true, nominationId: true, conflict: true, conflictReason: true },
      });
      const result = panelForCategory({
        categoryId: category.id,
        nominations: nominations.map((n) => ({ id: n.id, categoryId: n.categoryId })),
        judgeIds: judges.map((j) => j.id),
        conflicts: rows
          .filter((r) => r.conflict !== "none")
          .map((r) => ({ judgeId: r.judgeId, nominationId: r.nominationId, reason: r.conflictReason ?? undefined })),
        existing: rows.filter((r) => r.conflict === "none").map((r) => ({ judgeId: r.judgeId, nominationId: r.nominationId })),
      });
      for (const pair of result.assignments) {
        await tx.assignment.create({ data: { cycleId: cycle.id, judgeId: pair.judgeId, nominationId: pair.nominationId } });
      }
      await audit(tx as unknown as Db, {
        actorId: actor.userId,
        cycleId: cycle.id,
        action: "judging.panel_assigned",
        entityType: "Category",
        entityId: category.id,
        data: { judgeIds: judges.map((j) => j.id), created: result.assignments.length, skipped: result.skipped.length },
      });
      const names = new Map(judges.map((j) => [j.id, judgeLabel(j)]));
      const titles = new Map(nominations.map((n) => [n.id, n.title]));
      return {
        ok: true,
        message: `Panel for "${category.name}": ${result.assignments.length} new ${result.assignments.length === 1 ? "assignment" : "assignments"}${
          result.skipped.length ? `; ${result.skipped.length} left out because of a conflict of interest` : ""
        }.`,
        created: result.assignments.length,
        alreadyAssigned: result.alreadyAssigned.length,
        skipped: result.skipped.map((s) => ({
          judgeName: names.get(s.judgeId) ?? s.judgeId,
          nominationTitle: titles.get(s.nominationId) ?? s.nominationId,
          reason: s.reason,
        })),
      };
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
}

// ---------------------------------------------------------------- progress, conflicts, flags

export type Progress = { assigned: number; submitted: number; draft: number; notStarted: number };

function emptyProgress(): Progress {
  return { assigned: 0, submitted: 0, draft: 0, notStarted: 0 };
}

function addTo(p: Progress, reviewStatus: string | null) {
  p.assigned += 1;
  if (reviewStatus === "submitted") p.submitted += 1;
  else if (reviewStatus === "draft") p.draft += 1;
  else p.notStarted += 1;
}

/**
 * Everything the organiser's judges page shows: judges with their organisation and progress,
 * progress per category, eligible nominations with their judges, every conflict with its
 * reason, and the nominations with fewer judges free of conflict than the cycle's minimum.
 */
export async function loadJudgingOverview(db: Db, cycle: JudgingCycle, now = new Date()) {
  const [judges, categories, nominations, assignments] = await Promise.all([
    listCycleJudges(db, cycle.id),
    db.category.findMany({ where: { cycleId: cycle.id }, orderBy: [{ position: "asc" }, { name: "asc" }], select: { id: true, name: true } }),
    db.nomination.findMany({
      where: { cycleId: cycle.id, status: statusIn(COUNTED) },
      orderBy: [{ title: "asc" }, { id: "asc" }],
      select: { id: true, title: true, status: true, categoryId: true },
    }),
    db.assignment.findMany({
      where: { cycleId: cycle.id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: {
        id: true,
        judgeId: true,
        nominationId: true,
        conflict: true,
        conflictReason: true,
        conflictAt: true,
        nomination: { select: { title: true, status: true, categoryId: true } },
        review: { select: { status: true, updatedAt: true } },
      },
    }),
  ]);

  const eligible = nominations.filter((n) => isJudgeable(n.status));
  const judgeById = new Map(judges.map((j) => [j.id, j]));
  const categoryName = new Map(categories.map((c) => [c.id, c.name]));
  const active = assignments.filter(isJudgeWork);

  const perJudge = new Map(judges.map((j) => [j.id, { ...emptyProgress(), conflicts: 0 }]));
  const perCategory = new Map<string, Progress & { nominations: number }>(categories.map((c) => [c.id, { ...emptyProgress(), nominations: 0 }]));
  for (const n of eligible) {
    const key = n.categoryId ?? "";
    if (!perCategory.has(key)) perCategory.set(key, { ...emptyProgress(), nominations: 0 });
    perCategory.get(key)!.nominations += 1;
  }
  for (const a of active) {
    const j = perJudge.get(a.judgeId);
    if (j) addTo(j, a.review?.status ?? null);
    const c = perCategory.get(a.nomination.categoryId ?? "");
    if (c) addTo(c, a.review?.status ?? null);
  }
  for (const a of assignments) {
    const j = a.conflict !== "none" ? perJudge.get(a.judgeId) : undefined;
    if (j) j.conflicts += 1;
  }

  const judgesOf = new Map<string, typeof assignments>();
  for (const a of assignments) {
    if (!judgesOf.has(a.nominationId)) judgesOf.set(a.nominationId, []);
    judgesOf.get(a.nominationId)!.push(a);
  }

  const nominationRows = eligible.map((n) => {
    const rows = judgesOf.get(n.id) ?? [];
    const assigned = rows.filter((a) => a.conflict === "none");
    return {
      id: n.id,
      title: nominationTitle(n),
      categoryId: n.categoryId ?? "",
      categoryName: categoryName.get(n.categoryId ?? "") ?? "No category",
      judges: assigned.map((a) => ({
        assignmentId: a.id,
        judgeId: a.judgeId,
        judgeName: judgeLabel(judgeById.get(a.judgeId) ?? { name: null, email: a.judgeId }),
        status: a.review?.status === "submitted" ? "submitted" : a.review ? "draft" : "not_started",
        removable: !a.review,
      })),
      conflicted: rows.filter((a) => a.conflict !== "none").map((a) => ({ judgeId: a.judgeId, conflict: a.conflict })),
      have: assigned.length,
      need: cycle.minJudgesPerNomination,
      /** judges who could still be given it: on the cycle, not on it, not conflicted */
      available: judges.filter((j) => !rows.some((a) => a.judgeId === j.id)).map((j) => ({ id: j.id, name: judgeLabel(j) })),
    };
  });

  // Is each detected conflict still found by the rule? One that is not can be cleared, with a reason.
  const detectedRows = assignments.filter((a) => a.conflict === "detected");
  const partnersOf = new Map(
    (
      await db.nomination.findMany({
        where: { id: { in: [...new Set(detectedRows.map((a) => a.nominationId))] } },
        select: { id: true, partners: PARTNER_IDENTITY },
      })
    ).map((n) => [n.id, n.partners.map(partnerIdentity)]),
  );
  const stillDetected = (a: (typeof assignments)[number]) => {
    const judge = judgeById.get(a.judgeId);
    if (!judge) return false;
    return detectConflict({ organisationIds: judge.organisationIds, email: judge.email }, partnersOf.get(a.nominationId) ?? []).conflicted;
  };
  const settled = !!(cycle.resultsDecidedAt || cycle.publishedAt);

  const conflicts = assignments
    .filter((a) => a.conflict !== "none")
    .map((a) => ({
      assignmentId: a.id,
      judgeId: a.judgeId,
      judgeName: judgeLabel(judgeById.get(a.judgeId) ?? { name: null, email: "(no longer a judge)" }),
      nominationId: a.nominationId,
      nominationTitle: nominationTitle(a.nomination),
      nominationStatus: a.nomination.status,
      kind: a.conflict === "declared" ? ("declared" as const) : ("detected" as const),
      reason: a.conflictReason ?? "",
      at: a.conflictAt ? a.conflictAt.toISOString() : null,
      /** detected only: the rule finds it today (true), or no longer does (false) */
      stillDetected: a.conflict === "detected" ? stillDetected(a) : null,
      /** an organiser may clear it here now (with a reason) */
      clearable: !settled && !(a.conflict === "detected" && stillDetected(a)),
    }))
    .sort((a, b) => a.nominationTitle.localeCompare(b.nominationTitle, "en-GB") || a.judgeName.localeCompare(b.judgeName, "en-GB"));

  const flagged = nominationRows
    .filter((n) => n.have < cycle.minJudgesPerNomination)
    .map((n) => ({ id: n.id, title: n.title, categoryName: n.categoryName, have: n.have, need: n.need, conflicted: n.conflicted.length }));

  const judgeRows = judges.map((j) => {
    const p = perJudge.get(j.id)!;
    return {
      id: j.id,
      name: judgeLabel(j),
      email: j.email,
      jobTitle: j.jobTitle,
      organisationName: j.organisation?.name ?? null,
      ...p,
      outstanding: p.assigned - p.submitted,
    };
  });
  const categoryRows = [...perCategory.entries()]
    .filter(([id, p]) => id !== "" || p.nominations > 0)
    .map(([id, p]) => ({ id, name: categoryName.get(id) ?? "No category", ...p }));

  return {
    judges: judgeRows,
    categories: categoryRows,
    nominations: nominationRows,
    awaitingEligibility: nominations.filter((n) => !isJudgeable(n.status)).length,
    conflicts,
    clearedConflicts: await listClearedConflicts(db, cycle.id),
    flagged,
    totals: active.reduce((t, a) => (addTo(t, a.review?.status ?? null), t), emptyProgress()),
    judgingOpen: judgingOpen(cycle, now),
  };
}

// ---------------------------------------------------------------- reminders

export type ReminderResult = {
  /** judges with work outstanding today */
  total: number;
  /** reminders newly queued now */
  queued: number;
  /** judges already sent today's reminder (one a day at most) */
  alreadyToday: number;
  /** settles when the background sender stops (tests wait for it) */
  done: Promise<void>;
};

/**
 * "Send reminder": emails every judge with work outstanding (the judging-reminder template),
 * through the bulk-email campaigns (app/mail/campaigns.server.ts): queued in the outbox with
 * one idempotency key per judge per UK day, so pressing twice in a day sends nothing more,
 * then delivered in the background. Throws CampaignError when judging is over.
 */
export async function sendJudgingReminders(db: Db, actor: Actor, cycle: JudgingCycle & CampaignCycle, now = new Date()): Promise<ReminderResult> {
  requireManage(actor, cycle);
  const queued = await queueCampaign(db, actor, cycle, "judging-reminder", now);
  const runner = startSending(db, cycle.id, "judging-reminder", { actorId: actor.userId, now });
  await audit(db, {
    actorId: actor.userId,
    cycleId: cycle.id,
    action: "judging.reminders_sent",
    entityType: "AwardCycle",
    entityId: cycle.id,
    data: { total: queued.total, queued: queued.created, alreadyToday: queued.reused },
  });
  return { total: queued.total, queued: queued.created, alreadyToday: queued.reused, done: runner.done };
}
