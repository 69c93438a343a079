/**
 * Automatic judge assignment: give every eligible nomination enough judges without a
 * conflict, spread as evenly as the conflicts allow. Pure: no database, no clock, no
 * randomness; the same input (in any order) gives the same answer.
 *
 * How (see docs/decisions/0011-automatic-judge-assignment.md):
 *   1. Greedy. Most-constrained nominations first (fewest judges to spare); each takes the
 *      judges with the lowest load, preferring, at equal load, judges already on that
 *      category's panel, then by id.
 *   2. Cover. Where a nomination is still short because the judges who could take it are full,
 *      look for a chain of hand-overs (judge A takes it and passes one of their new nominations
 *      to B, who passes one to C, ... who has room) and apply it.
 *   3. Level. While a judge could pass work along such a chain to a judge with at least two
 *      fewer nominations, do so.
 * Steps 2 and 3 only move assignments this run creates; existing ones are never touched.
 * After step 2 no nomination can be covered further (no chain is left: a maximum flow); after
 * step 3 no judge's load can fall without another's rising to the same height or above: the
 * most even spread possible (smallest sum of squared loads). Loads differ by at most one unless
 * conflicts, the maximum load or existing assignments force a wider spread.
 */

import { plural } from "~/utils/text";
import { compareIds } from "./conflicts";

export type JudgeNominationPair = { judgeId: string; nominationId: string };

/** A pair that must never be assigned (a detected or declared conflict); the reason is for reports. */
export type ConflictedPair = JudgeNominationPair & { reason?: string };

/** An eligible nomination waiting for judges. */
export type NominationToJudge = { id: string; categoryId: string };

export type AutoAssignInput = {
  /** eligible nominations only: the ones to be judged */
  nominations: readonly NominationToJudge[];
  /** the cycle's judges who can take more work */
  judges: readonly { id: string }[];
  /** detected and declared conflicts (an array or a Set of pairs) */
  conflicts: Iterable<ConflictedPair>;
  /** assignments already made: kept, and counted towards coverage and load unless conflicted */
  existing: readonly JudgeNominationPair[];
  minJudgesPerNomination: number;
  /** no judge ends up with more nominations than this, counting existing ones */
  maxLoadPerJudge?: number;
};

export type UncoveredCause = "not_enough_judges" | "max_load_reached";

export type UncoveredNomination = {
  nominationId: string;
  /** judges without a conflict who will read it, existing and new */
  have: number;
  need: number;
  cause: UncoveredCause;
  reason: string;
};

export type AutoAssignResult = {
  /** new assignments to create, ordered by nomination then judge */
  assignments: JudgeNominationPair[];
  /** nominations left with fewer than the minimum, and why */
  uncovered: UncoveredNomination[];
  /** nominations per judge afterwards (existing non-conflicted plus new), every judge listed */
  loads: Record<string, number>;
};

/** Judge-nomination pairs, without gluing ids into one string (ids may contain anything). */
class PairSet {
  private readonly byJudge = new Map<string, Set<string>>();
  add(judgeId: string, nominationId: string): void {
    let set = this.byJudge.get(judgeId);
    if (!set) this.byJudge.set(judgeId, (set = new Set()));
    set.add(nominationId);
  }
  has(judgeId: string, nominationId: string): boolean {
    return this.byJudge.get(judgeId)?.has(nominationId) ?? false;
  }
}

function checkWholeNumber(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number, 0 or more (got ${value})`);
}

function uniqueSortedIds(ids: Iterable<string>): string[] {
  return [...new Set(ids)].sort(compareIds);
}

/** Work out which new assignments to make. See the top of this file for how. */
export function autoAssign(input: AutoAssignInput): AutoAssignResult {
  const min = input.minJudgesPerNomination;
  const maxLoad = input.maxLoadPerJudge;
  checkWholeNumber("minJudgesPerNomination", min);
  if (maxLoad !== undefined) checkWholeNumber("maxLoadPerJudge", maxLoad);

  // Sort everything first: the answer must not depend on the order rows came out of the database.
  const judgeIds = uniqueSortedIds(input.judges.map((j) => j.id));
  const categoryOf = new Map<string, string>();
  for (const n of [...input.nominations].sort((a, b) => compareIds(a.id, b.id) || compareIds(a.categoryId, b.categoryId))) {
    if (!categoryOf.has(n.id)) categoryOf.set(n.id, n.categoryId);
  }
  const nominationIds = [...categoryOf.keys()];

  const conflicted = new PairSet();
  for (const c of input.conflicts) conflicted.add(c.judgeId, c.nominationId);

  const panel = new Map<string, Set<string>>(nominationIds.map((id) => [id, new Set<string>()])); // everyone assigned, conflicted or not
  const covered = new Map<string, number>(nominationIds.map((id) => [id, 0])); // judges without a conflict
  const load = new Map<string, number>(judgeIds.map((id) => [id, 0]));
  const created = new Map<string, Set<string>>(judgeIds.map((id) => [id, new Set<string>()])); // this run's, movable
  const categoryLoad = new Map<string, Map<string, number>>(judgeIds.map((id) => [id, new Map()]));
  const isJudge = new Set(judgeIds);

  const bump = (judgeId: string, nominationId: string, by: 1 | -1) => {
    load.set(judgeId, (load.get(judgeId) ?? 0) + by);
    covered.set(nominationId, (covered.get(nominationId) ?? 0) + by);
    const perCategory = categoryLoad.get(judgeId);
    const category = categoryOf.get(nominationId);
    if (perCategory && category !== undefined) perCategory.set(category, (perCategory.get(category) ?? 0) + by);
  };

  // Existing assignments stay. A conflicted one blocks the pair but is no work and no coverage:
  // that judge will not score it. Ones on nominations not being judged (withdrawn, ineligible) do not count.
  for (const e of uniquePairs(input.existing)) {
    const onPanel = panel.get(e.nominationId);
    if (!onPanel) continue;
    onPanel.add(e.judgeId);
    if (!conflicted.has(e.judgeId, e.nominationId)) bump(e.judgeId, e.nominationId, 1);
  }

  const need = (nominationId: string) => Math.max(0, min - (covered.get(nominationId) ?? 0));
  const canTake = (judgeId: string, nominationId: string) =>
    isJudge.has(judgeId) && !conflicted.has(judgeId, nominationId) && !(panel.get(nominationId)?.has(judgeId) ?? true);
  const hasRoom = (judgeId: string) => maxLoad === undefined || (load.get(judgeId) ?? 0) < maxLoad;

  const assign = (judgeId: string, nominationId: string) => {
    panel.get(nominationId)?.add(judgeId);
    created.get(judgeId)?.add(nominationId);
    bump(judgeId, nominationId, 1);
  };
  const unassign = (judgeId: string, nominationId: string) => {
    panel.get(nominationId)?.delete(judgeId);
    created.get(judgeId)?.delete(nominationId);
    bump(judgeId, nominationId, -1);
  };

  // 1. Greedy, most-constrained first: a nomination that only three judges can read must get
  //    them before easier nominations fill those judges up.
  const queue = nominationIds
    .filter((id) => need(id) > 0)
    .map((id) => ({ id, candidates: judgeIds.filter((j) => canTake(j, id)).length }))
    .sort((a, b) => a.candidates - need(a.id) - (b.candidates - need(b.id)) || a.candidates - b.candidates || compareIds(a.id, b.id));
  // Lower load first; at equal load a judge already reading this category (panels read better); then id.
  const inCategory = (judgeId: string, category: string) => ((categoryLoad.get(judgeId)?.get(category) ?? 0) > 0 ? 1 : 0);
  const preferJudge = (a: string, b: string, category: string): boolean =>
    ((load.get(a) ?? 0) - (load.get(b) ?? 0) || inCategory(b, category) - inCategory(a, category) || compareIds(a, b)) < 0;
  for (const { id } of queue) {
    const category = categoryOf.get(id) ?? "";
    while (need(id) > 0) {
      let best: string | undefined;
      for (const j of judgeIds) {
        if (!canTake(j, id) || !hasRoom(j)) continue;
        if (best === undefined || preferJudge(j, best, category)) best = j;
      }
      if (best === undefined) break;
      assign(best, id);
    }
  }

  /**
   * Breadth-first search for a chain of hand-overs: from a start judge, an edge to judge B via
   * nomination m means "this judge passes m (one of this run's) to B", allowed when B could take m.
   * Returns, for every judge reached, how it was reached; starts map to null.
   */
  const chainsFrom = (starts: readonly string[]) => {
    const via = new Map<string, { from: string; nominationId: string } | null>(starts.map((s) => [s, null]));
    const queue = [...starts];
    for (let i = 0; i < queue.length; i++) {
      const from = queue[i];
      for (const nominationId of [...(created.get(from) ?? [])].sort(compareIds)) {
        for (const to of judgeIds) {
          if (via.has(to) || !canTake(to, nominationId)) continue;
          via.set(to, { from, nominationId });
          queue.push(to);
        }
      }
    }
    return via;
  };

  /** Walk the chain back from its end: each judge takes what the one before passes on. Returns the start. */
  const handOver = (via: ReturnType<typeof chainsFrom>, end: string): string => {
    let judge = end;
    for (let step = via.get(judge); step; step = via.get(judge)) {
      unassign(step.from, step.nominationId);
      assign(judge, step.nominationId);
      judge = step.from;
    }
    return judge;
  };

  // 2. Cover. One pass is enough: a nomination with no chain now cannot gain one from later
  //    hand-overs, which only add reverse moves among judges it could not reach.
  for (const id of nominationIds) {
    while (need(id) > 0) {
      const starts = judgeIds.filter((j) => canTake(j, id));
      if (starts.length === 0) break;
      const via = chainsFrom(starts);
      const end = [...via.keys()].find((j) => hasRoom(j));
      if (end === undefined) break;
      const start = handOver(via, end);
      assign(start, id);
    }
  }

  // 3. Level. Each hand-over takes one from a judge and gives one to a judge with two or more
  //    fewer, so the sum of squared loads falls every time and the loop ends.
  for (let improved = true; improved;) {
    improved = false;
    const busiestFirst = [...judgeIds].sort((a, b) => (load.get(b) ?? 0) - (load.get(a) ?? 0) || compareIds(a, b));
    for (const busy of busiestFirst) {
      const busyLoad = load.get(busy) ?? 0;
      const via = chainsFrom([busy]);
      let lightest: string | undefined;
      for (const j of via.keys()) {
        const l = load.get(j) ?? 0;
        if (j === busy || l > busyLoad - 2 || !hasRoom(j)) continue;
        if (lightest === undefined || l < (load.get(lightest) ?? 0)) lightest = j; // ties: first reached, nearest then by id
      }
      if (lightest === undefined) continue;
      handOver(via, lightest);
      improved = true;
      break;
    }
  }

  const assignments: JudgeNominationPair[] = [];
  for (const judgeId of judgeIds) for (const nominationId of created.get(judgeId) ?? []) assignments.push({ judgeId, nominationId });
  assignments.sort((a, b) => compareIds(a.nominationId, b.nominationId) || compareIds(a.judgeId, b.judgeId));

  const uncovered: UncoveredNomination[] = [];
  for (const id of nominationIds) {
    const have = covered.get(id) ?? 0;
    if (have >= min) continue;
    const free = judgeIds.filter((j) => canTake(j, id)).length;
    if (have + free < min) {
      uncovered.push({
        nominationId: id,
        have,
        need: min,
        cause: "not_enough_judges",
        reason: `${have + free === 0 ? "No judge" : `Only ${plural(have + free, "judge")}`} can read this nomination without a conflict of interest; ${min} ${min === 1 ? "is" : "are"} needed. Add judges to the cycle or lower the minimum.`,
      });
    } else {
      uncovered.push({
        nominationId: id,
        have,
        need: min,
        cause: "max_load_reached",
        reason: `The judges without a conflict who are not yet reading this nomination already have the maximum of ${plural(maxLoad ?? 0, "nomination")} each. Raise the maximum or add judges.`,
      });
    }
  }

  const loads: Record<string, number> = Object.fromEntries([...load.entries()].sort(([a], [b]) => compareIds(a, b)));
  return { assignments, uncovered, loads };
}

function uniquePairs(pairs: Iterable<JudgeNominationPair>): JudgeNominationPair[] {
  const seen = new PairSet();
  const out: JudgeNominationPair[] = [];
  for (const p of pairs) {
    if (seen.has(p.judgeId, p.nominationId)) continue;
    seen.add(p.judgeId, p.nominationId);
    out.push({ judgeId: p.judgeId, nominationId: p.nominationId });
  }
  return out;
}

export type PanelForCategoryInput = {
  categoryId: string;
  /** nominations of the cycle; only this category's are used */
  nominations: readonly NominationToJudge[];
  /** the panel: judges to read every nomination in the category */
  judgeIds: readonly string[];
  conflicts: Iterable<ConflictedPair>;
  existing: readonly JudgeNominationPair[];
};

export type PanelForCategoryResult = {
  /** new assignments to create, ordered by nomination then judge */
  assignments: JudgeNominationPair[];
  /** panel members left off a nomination because of a conflict, with the reason when known */
  skipped: { judgeId: string; nominationId: string; reason: string }[];
  /** pairs that were already assigned, left as they are */
  alreadyAssigned: JudgeNominationPair[];
};

/**
 * A category panel: every judge on the list reads every nomination in the category, except
 * where they are conflicted (reported in `skipped`, never assigned) or already assigned.
 */
export function panelForCategory(input: PanelForCategoryInput): PanelForCategoryResult {
  const reasons = new Map<string, Map<string, string>>();
  for (const c of input.conflicts) {
    let forJudge = reasons.get(c.judgeId);
    if (!forJudge) reasons.set(c.judgeId, (forJudge = new Map()));
    // Keep the first reason given; a later bare pair must not wipe it.
    if (!forJudge.has(c.nominationId) || !forJudge.get(c.nominationId)) forJudge.set(c.nominationId, c.reason ?? "");
  }
  const existing = new PairSet();
  for (const e of input.existing) existing.add(e.judgeId, e.nominationId);

  const nominationIds = uniqueSortedIds(input.nominations.filter((n) => n.categoryId === input.categoryId).map((n) => n.id));
  const judgeIds = uniqueSortedIds(input.judgeIds);

  const result: PanelForCategoryResult = { assignments: [], skipped: [], alreadyAssigned: [] };
  for (const nominationId of nominationIds) {
    for (const judgeId of judgeIds) {
      const reason = reasons.get(judgeId)?.get(nominationId);
      if (reason !== undefined) {
        result.skipped.push({
          judgeId,
          nominationId,
          reason: reason || "The judge has a conflict of interest with this nomination.",
        });
      } else if (existing.has(judgeId, nominationId)) {
        result.alreadyAssigned.push({ judgeId, nominationId });
      } else {
        result.assignments.push({ judgeId, nominationId });
      }
    }
  }
  return result;
}
