/**
 * Aggregation, in this process (no HTTP): computeResults on the 2,000 x 30 x 6 cycle
 * (360,000 scores), against a floor: ONE plain SQL query through better-sqlite3 on the same
 * file that reads the same 360,000 scores once, joined the way the results count them
 * (counted nominations, non-conflicted assignments, submitted reviews), every row consumed
 * with .all(). The floor selects only each score's value: the least work that still touches
 * every score (the cost of touching the data at all). The same query also selecting what
 * identifies each score (review, judge, nomination, criterion: what an aggregation needs) is
 * reported beside it as floor_rows_ms; it costs more, because every row then carries four
 * id strings into JavaScript.
 *
 * One cold run of each first (cold_ms: the first computeResults also prepares its
 * statements and warms the JIT), then `runs` timed runs each; the median is reported.
 */
import Database from "better-sqlite3";
import { prisma } from "~/db/client.server";
import { computeResults } from "~/results/results.server";
import { DB_FILE } from "./env";
import type { BenchData } from "./setup";

const FROM_WHERE = `
FROM "Assignment" a
JOIN "Nomination" n ON n.id = a.nominationId
JOIN "Review" r ON r.assignmentId = a.id
JOIN "Score" s ON s.reviewId = r.id
WHERE a.cycleId = ?
  AND a.conflict = 'none'
  AND r.status = 'submitted'
  AND n.status IN ('submitted', 'eligible')`;

/** The floor: every counted score's value, once. */
export const FLOOR_SQL = `SELECT s.value AS value ${FROM_WHERE}`;
/** The same scores as rows an aggregation could use. */
export const FLOOR_ROWS_SQL = `SELECT r.id AS reviewId, a.judgeId AS judgeId, a.nominationId AS nominationId, s.criterionId AS criterionId, s.value AS value ${FROM_WHERE}`;

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export type AggregationResult = {
  ms: number;
  floor_ms: number;
  cold_ms: number;
  floor_cold_ms: number;
  /** the same scores with the ids that identify each (review, judge, nomination, criterion), .all() */
  floor_rows_ms: number;
  scores: number;
  nominations: number;
  runs_ms: number[];
  floor_runs_ms: number[];
  /** computeResults' own split of its time (median run): the SQL and the arithmetic */
  split: { queryMs: number; aggregateMs: number; totalMs: number };
};

export async function benchAggregation(data: BenchData, runs: number): Promise<AggregationResult> {
  const cycle = await prisma.awardCycle.findUniqueOrThrow({
    where: { id: data.aggregation.cycleId },
    select: { id: true, minJudgesPerNomination: true, disagreementThreshold: true, rankingMeasure: true },
  });

  const once = async () => {
    const started = performance.now();
    const computed = await computeResults(prisma, cycle);
    const ms = performance.now() - started;
    if (!computed.ok)
      throw new Error(
        `computeResults found problems: ${computed.problems
          .slice(0, 3)
          .map((p) => p.text)
          .join("; ")}`,
      );
    return { ms, computed };
  };
  const cold = await once();
  const timed: { ms: number; split: AggregationResult["split"] }[] = [];
  for (let i = 0; i < runs; i++) {
    const { ms, computed } = await once();
    timed.push({ ms, split: { queryMs: computed.timings.queryMs, aggregateMs: computed.timings.aggregateMs, totalMs: computed.timings.totalMs } });
  }
  const nominations = cold.computed.ok ? cold.computed.results.length : 0;
  const scores = cold.computed.timings.scoreRows;

  const db = new Database(DB_FILE, { readonly: true });
  let floorRows = 0;
  const floor = (sql: string) => {
    const statement = db.prepare(sql);
    const started = performance.now();
    const rows = statement.all(cycle.id) as unknown[];
    const ms = performance.now() - started;
    floorRows = rows.length;
    return ms;
  };
  let floorCold: number;
  const floorRuns: number[] = [];
  const rowsRuns: number[] = [];
  try {
    floorCold = floor(FLOOR_SQL);
    for (let i = 0; i < runs; i++) floorRuns.push(floor(FLOOR_SQL));
    floor(FLOOR_ROWS_SQL);
    for (let i = 0; i < runs; i++) rowsRuns.push(floor(FLOOR_ROWS_SQL));
  } finally {
    db.close();
  }
  if (floorRows !== scores) throw new Error(`The floor query read ${floorRows} scores but computeResults read ${scores}`);

  const runsMs = timed.map((t) => t.ms);
  const mid = [...timed].sort((a, b) => a.ms - b.ms)[Math.floor(timed.length / 2)];
  return {
    ms: median(runsMs),
    floor_ms: median(floorRuns),
    cold_ms: cold.ms,
    floor_cold_ms: floorCold,
    floor_rows_ms: median(rowsRuns),
    scores,
    nominations,
    runs_ms: runsMs,
    floor_runs_ms: floorRuns,
    split: mid.split,
  };
}
