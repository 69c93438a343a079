/**
 * A cycle's results as organisers moderate them: every counted nomination with its
 * measures, ranks and flags (app/results/aggregate.ts), plus what the moderation page,
 * the exports and the CLI show beside them (title, category, decision, judges' comments).
 *
 * Which nominations count. Only nominations sent in and still standing: status
 * `submitted` or `eligible`. Excluded: `draft` and `awaiting_partner` (never sent in),
 * `withdrawn` (taken back by the partners) and `ineligible` (ruled out by the organisers).
 * Their reviews and scores stay in the database but never reach the aggregation, and no
 * decision is needed for them before results can be locked.
 *
 * Which scores count. Submitted reviews (Review.status = 'submitted') of assignments with
 * no conflict (Assignment.conflict = 'none'). A judge who declares a conflict after scoring
 * keeps the review row, but it is left out from then on; conflicted assignments are counted
 * per nomination (the "conflicts reduced the panel" flag).
 *
 * Speed (docs/decisions/0010-score-normalisation.md): every score is read with ONE SQL query
 * through the plain better-sqlite3 handle (`sqlite()`), `Review LEFT JOIN Score` so a
 * submitted review without scores is still seen (and reported blank), grouped by review;
 * the other reads are one query each for the whole cycle, never one per nomination. Then
 * one pass in memory (aggregateScores).
 *
 * Bad score data does not crash the page: a ScoreDataError comes back as `ok: false` with
 * its problems in words (which judge, which nomination, which criterion), a "fix these
 * reviews" list for organisers.
 */
import type Database from "better-sqlite3";
import { sqlite as defaultSqlite, type Db } from "~/db/client.server";
import type { RankingMeasure } from "~/domain/vocabulary";
import {
  aggregateScores,
  aggregationSettingsFromCycle,
  groupByCategory,
  ScoreDataError,
  type AggregationSettings,
  type CategoryResults,
  type NominationResult,
  type ResultFlag,
  type ScoreProblem,
  type ScoreRow,
} from "./aggregate";

/** Nomination statuses that count in the results; every other status is excluded. */
export const COUNTED_STATUSES = ["submitted", "eligible"] as const;
const COUNTED_SQL = COUNTED_STATUSES.map((s) => `'${s}'`).join(", ");

export const RANKING_MEASURE_LABELS: Record<RankingMeasure, string> = {
  normalised: "Normalised score (judges' harshness and generosity evened out)",
  mean: "Mean of the judges' scores",
  median: "Median of the judges' scores",
};

export const FLAG_LABELS: Record<ResultFlag, string> = {
  disagreement: "Judges disagree",
  too_few_judges: "Too few judges",
  conflicts_reduced_panel: "Conflicts reduced the panel",
};

/** The flags in words, with the numbers that raised them. */
export function describeFlags(result: NominationResult, settings: Pick<ResultsSettings, "minJudges" | "disagreementThreshold">): string[] {
  return result.flags.map((flag) => {
    switch (flag) {
      case "disagreement":
        return `Judges disagree: their scores are ${formatScore(result.spread)} points apart on the 0-100 scale (more than ${formatScore((settings.disagreementThreshold / 4) * 100)}, that is ${settings.disagreementThreshold} points on a 1-5 scale)`;
      case "too_few_judges":
        return `Too few judges: ${result.judgeCount} of the ${settings.minJudges} needed have scored it`;
      case "conflicts_reduced_panel":
        return `Conflicts reduced the panel: ${result.conflictedAssignments} ${result.conflictedAssignments === 1 ? "judge is" : "judges are"} conflicted; assign another judge`;
    }
  });
}

/** A 0-100 score or spread, to one decimal place; "-" for none. */
export function formatScore(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? "-" : value.toFixed(1);
}

/** A normalised (z) score, signed, to two decimal places; "-" for none. */
export function formatZ(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "-";
  const rounded = Math.abs(value) < 0.005 ? 0 : value;
  return `${rounded > 0 ? "+" : rounded < 0 ? "\u2212" : ""}${Math.abs(rounded).toFixed(2)}`;
}

/** "=2" for a shared rank, "2" otherwise, "-" for none. */
export function formatRank(rank: number | null, tied: boolean): string {
  if (rank === null) return "-";
  return tied ? `=${rank}` : String(rank);
}

export type ResultsSettings = Required<AggregationSettings>;

export type ResultsCycle = {
  id: string;
  minJudgesPerNomination: number;
  disagreementThreshold: number;
  rankingMeasure: string;
};

export type ResultsCriterion = { id: string; name: string; weight: number; scaleMin: number; scaleMax: number; categoryId: string | null; position: number };
export type ResultsCategory = { id: string; name: string; position: number };
export type ResultsTier = { id: string; name: string; rank: number; kind: string };
export type ResultsJudge = { id: string; name: string; email: string };

export type ResultsDecision = {
  id: string;
  /** null: not awarded */
  outcomeTierId: string | null;
  /** the tier's name, or "Not awarded" */
  outcomeName: string;
  rationale: string;
  citation: string;
  decidedById: string | null;
  decidedByName: string | null;
  decidedAt: Date;
};

export type ResultsNomination = {
  id: string;
  title: string;
  summary: string;
  status: string;
  isExample: boolean;
  categoryId: string | null;
  /** "No category" when none was chosen */
  categoryName: string;
  /** conflicted assignments (declared or detected) */
  conflictedAssignments: number;
  /** non-conflicted assignments whose review is not submitted yet */
  pendingReviews: number;
  decision: ResultsDecision | null;
};

export type PanelComment = { judgeId: string; judgeName: string; comment: string };

export type ResultsProblem = ScoreProblem & {
  /** the problem in words, with names instead of ids */
  text: string;
  nominationTitle: string | null;
  judgeName: string | null;
  criterionName: string | null;
};

type ResultsBase = {
  cycleId: string;
  settings: ResultsSettings;
  criteria: ResultsCriterion[];
  categories: ResultsCategory[];
  tiers: ResultsTier[];
  judges: Map<string, ResultsJudge>;
  /** counted nominations, in category order then by title (the order ties are shown in) */
  nominations: ResultsNomination[];
  nominationById: Map<string, ResultsNomination>;
  /** nominations left out, by reason */
  excluded: { withdrawn: number; ineligible: number; notSubmitted: number };
  /** judges' comments for the panel, per nomination (submitted, non-conflicted reviews), judge order as the scores */
  comments: Map<string, PanelComment[]>;
  /** how long the work took, ms: for benchmarks and logs, never for tests */
  timings: { queryMs: number; aggregateMs: number; totalMs: number; scoreRows: number };
};

export type ComputedResults =
  | (ResultsBase & {
      ok: true;
      /** best first overall; ties together; unranked (no judges) last */
      results: NominationResult[];
      resultById: Map<string, NominationResult>;
      /** by category in category order, each in rank order */
      byCategory: CategoryResults[];
    })
  | (ResultsBase & { ok: false; problems: ResultsProblem[]; problemCount: number });

export type ComputeResultsOptions = {
  /** Override the cycle's ranking measure (e.g. from the page's address). */
  rankBy?: RankingMeasure;
  /** Override the cycle's disagreement threshold (points on a 1-5 scale). */
  disagreementThreshold?: number;
  /** Load judges' comments: all (default), none, or only one category's (null: no category). */
  comments?: "all" | "none" | { categoryId: string | null };
  /** The better-sqlite3 handle to read with; default the app's read-only `sqlite()`. */
  sqlite?: Database.Database;
};

/* ------------------------------------------------------------------- SQL */

/**
 * THE scores query: every criterion score of every submitted, non-conflicted review of a
 * counted nomination of the cycle. `Review LEFT JOIN Score`: a submitted review with no
 * scores gives one row with a null criterion, so it is reported blank, not skipped.
 * Ordered by nomination, judge, criterion: grouped by review, the fastest input for
 * aggregateScores (docs/decisions/0010-score-normalisation.md).
 */
export const SCORES_SQL = `
SELECT r.id AS reviewId, a.judgeId AS judgeId, a.nominationId AS nominationId, s.criterionId AS criterionId, s.value AS value
FROM "Assignment" a
JOIN "Nomination" n ON n.id = a.nominationId
JOIN "Review" r ON r.assignmentId = a.id
LEFT JOIN "Score" s ON s.reviewId = r.id
WHERE a.cycleId = ?
  AND a.conflict = 'none'
  AND r.status = 'submitted'
  AND n.cycleId = a.cycleId
  AND n.status IN (${COUNTED_SQL})
ORDER BY a.nominationId, a.judgeId, s.criterionId`;

const NOMINATIONS_SQL = `
SELECT n.id, n.title, n.summary, n.status, n.isExample, n.categoryId, c.name AS categoryName,
       d.id AS decisionId, d.outcomeTierId, d.rationale, d.citation, d.decidedById, d.decidedAt,
       u.name AS decidedByName, u.email AS decidedByEmail
FROM "Nomination" n
LEFT JOIN "Category" c ON c.id = n.categoryId
LEFT JOIN "Decision" d ON d.nominationId = n.id
LEFT JOIN "User" u ON u.id = d.decidedById
WHERE n.cycleId = ? AND n.status IN (${COUNTED_SQL})
ORDER BY (c.position IS NULL), c.position, c.name, n.title COLLATE NOCASE, n.id`;

const STATUS_COUNTS_SQL = `SELECT status, COUNT(*) AS count FROM "Nomination" WHERE cycleId = ? GROUP BY status`;

const ASSIGNMENT_COUNTS_SQL = `
SELECT a.nominationId AS nominationId,
       SUM(CASE WHEN a.conflict <> 'none' THEN 1 ELSE 0 END) AS conflicted,
       SUM(CASE WHEN a.conflict = 'none' AND (r.status IS NULL OR r.status <> 'submitted') THEN 1 ELSE 0 END) AS pending
FROM "Assignment" a
LEFT JOIN "Review" r ON r.assignmentId = a.id
WHERE a.cycleId = ?
GROUP BY a.nominationId`;

const COMMENTS_SQL = `
SELECT a.nominationId AS nominationId, a.judgeId AS judgeId, r.commentForPanel AS comment
FROM "Assignment" a
JOIN "Nomination" n ON n.id = a.nominationId
JOIN "Review" r ON r.assignmentId = a.id
WHERE a.cycleId = ? AND a.conflict = 'none' AND r.status = 'submitted' AND n.status IN (${COUNTED_SQL})`;

const JUDGES_SQL = `
SELECT DISTINCT u.id, u.name, u.email
FROM "Assignment" a JOIN "User" u ON u.id = a.judgeId
WHERE a.cycleId = ?`;

type NominationSqlRow = {
  id: string;
  title: string;
  summary: string;
  status: string;
  isExample: number;
  categoryId: string | null;
  categoryName: string | null;
  decisionId: string | null;
  outcomeTierId: string | null;
  rationale: string | null;
  citation: string | null;
  decidedById: string | null;
  decidedAt: string | null;
  decidedByName: string | null;
  decidedByEmail: string | null;
};

const statementCache = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function statement(handle: Database.Database, sql: string): Database.Statement {
  let cache = statementCache.get(handle);
  if (!cache) statementCache.set(handle, (cache = new Map()));
  let prepared = cache.get(sql);
  if (!prepared) cache.set(sql, (prepared = handle.prepare(sql)));
  return prepared;
}

/** Reads a DateTime column as Prisma stores it in SQLite (ISO text; integers are epoch ms). */
function sqliteDate(value: string | number | null): Date | null {
  if (value === null) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function judgeDisplayName(judge: { name: string | null; email: string } | undefined, fallbackId = "unknown"): string {
  if (!judge) return `Judge ${fallbackId}`;
  return judge.name?.trim() || judge.email;
}

/* ------------------------------------------------------------- computing */

export async function computeResults(db: Db, cycle: ResultsCycle, options: ComputeResultsOptions = {}): Promise<ComputedResults> {
  const started = performance.now();
  const handle = options.sqlite ?? defaultSqlite();
  const base = aggregationSettingsFromCycle(cycle);
  const settings: ResultsSettings = {
    minJudges: base.minJudges,
    disagreementThreshold: options.disagreementThreshold ?? base.disagreementThreshold,
    rankBy: options.rankBy ?? base.rankBy,
  };

  // The cycle's set-up: small, through Prisma.
  const [criteria, categories, tiers] = await Promise.all([
    db.criterion.findMany({
      where: { cycleId: cycle.id },
      orderBy: [{ position: "asc" }, { name: "asc" }],
      select: { id: true, name: true, weight: true, scaleMin: true, scaleMax: true, categoryId: true, position: true },
    }),
    db.category.findMany({ where: { cycleId: cycle.id }, orderBy: [{ position: "asc" }, { name: "asc" }], select: { id: true, name: true, position: true } }),
    db.outcomeTier.findMany({ where: { cycleId: cycle.id }, orderBy: { rank: "asc" }, select: { id: true, name: true, rank: true, kind: true } }),
  ]);
  const tierName = new Map(tiers.map((t) => [t.id, t.name]));

  // Everything per nomination, one query each for the whole cycle (better-sqlite3, synchronous).
  const queryStarted = performance.now();
  const judgeRows = statement(handle, JUDGES_SQL).all(cycle.id) as { id: string; name: string | null; email: string }[];
  const nominationRows = statement(handle, NOMINATIONS_SQL).all(cycle.id) as NominationSqlRow[];
  const statusRows = statement(handle, STATUS_COUNTS_SQL).all(cycle.id) as { status: string; count: number }[];
  const assignmentRows = statement(handle, ASSIGNMENT_COUNTS_SQL).all(cycle.id) as { nominationId: string; conflicted: number; pending: number }[];
  const scoreRows = statement(handle, SCORES_SQL).all(cycle.id) as ScoreRow[];
  const commentScope = options.comments ?? "all";
  const commentRows =
    commentScope === "none" ? [] : (statement(handle, COMMENTS_SQL).all(cycle.id) as { nominationId: string; judgeId: string; comment: string }[]);
  const queryMs = performance.now() - queryStarted;

  const judges = new Map<string, ResultsJudge>(judgeRows.map((j) => [j.id, { id: j.id, name: judgeDisplayName(j, j.id), email: j.email }]));
  const assignmentCounts = new Map(assignmentRows.map((r) => [r.nominationId, r]));
  const conflicted = new Map<string, number>();
  for (const r of assignmentRows) if (r.conflicted > 0) conflicted.set(r.nominationId, r.conflicted);

  const nominations: ResultsNomination[] = nominationRows.map((n) => ({
    id: n.id,
    title: n.title,
    summary: n.summary,
    status: n.status,
    isExample: !!n.isExample,
    categoryId: n.categoryId,
    categoryName: n.categoryName ?? "No category",
    conflictedAssignments: assignmentCounts.get(n.id)?.conflicted ?? 0,
    pendingReviews: assignmentCounts.get(n.id)?.pending ?? 0,
    decision: n.decisionId
      ? {
          id: n.decisionId,
          outcomeTierId: n.outcomeTierId,
          outcomeName: n.outcomeTierId ? (tierName.get(n.outcomeTierId) ?? "Unknown outcome") : "Not awarded",
          rationale: n.rationale ?? "",
          citation: n.citation ?? "",
          decidedById: n.decidedById,
          decidedByName: n.decidedById ? (n.decidedByName?.trim() || n.decidedByEmail || null) : null,
          decidedAt: sqliteDate(n.decidedAt) ?? new Date(0),
        }
      : null,
  }));
  const nominationById = new Map(nominations.map((n) => [n.id, n]));

  const excluded = { withdrawn: 0, ineligible: 0, notSubmitted: 0 };
  for (const row of statusRows) {
    if (row.status === "withdrawn") excluded.withdrawn += row.count;
    else if (row.status === "ineligible") excluded.ineligible += row.count;
    else if (!(COUNTED_STATUSES as readonly string[]).includes(row.status)) excluded.notSubmitted += row.count;
  }

  const comments = new Map<string, PanelComment[]>();
  const wantComment = (nominationId: string) =>
    commentScope === "all" || (typeof commentScope === "object" && nominationById.get(nominationId)?.categoryId === commentScope.categoryId);
  for (const row of commentRows) {
    if (!wantComment(row.nominationId)) continue;
    let list = comments.get(row.nominationId);
    if (!list) comments.set(row.nominationId, (list = []));
    list.push({ judgeId: row.judgeId, judgeName: judges.get(row.judgeId)?.name ?? row.judgeId, comment: row.comment });
  }
  // Same order as NominationResult.judgeScores (by judgeId), so comments and dots line up.
  for (const list of comments.values()) list.sort((a, b) => (a.judgeId < b.judgeId ? -1 : a.judgeId > b.judgeId ? 1 : 0));

  const common: ResultsBase = {
    cycleId: cycle.id,
    settings,
    criteria,
    categories,
    tiers,
    judges,
    nominations,
    nominationById,
    excluded,
    comments,
    timings: { queryMs, aggregateMs: 0, totalMs: 0, scoreRows: scoreRows.length },
  };

  const aggregateStarted = performance.now();
  try {
    const results = aggregateScores({
      scores: scoreRows,
      criteria,
      nominations: nominations.map((n) => ({ id: n.id, categoryId: n.categoryId })),
      conflictedAssignments: conflicted,
      settings,
    });
    common.timings.aggregateMs = performance.now() - aggregateStarted;
    common.timings.totalMs = performance.now() - started;
    return {
      ...common,
      ok: true,
      results,
      resultById: new Map(results.map((r) => [r.nominationId, r])),
      byCategory: groupByCategory(results, categories.map((c) => c.id)),
    };
  } catch (error) {
    if (!(error instanceof ScoreDataError)) throw error;
    common.timings.aggregateMs = performance.now() - aggregateStarted;
    common.timings.totalMs = performance.now() - started;
    const criterionName = new Map(criteria.map((c) => [c.id, c.name]));
    return {
      ...common,
      ok: false,
      problemCount: error.problemCount,
      problems: error.problems.map((p) => describeProblem(p, { nominationById, judges, criterionName })),
    };
  }
}

/** A score problem in words: names instead of ids. */
function describeProblem(
  problem: ScoreProblem,
  names: { nominationById: Map<string, ResultsNomination>; judges: Map<string, ResultsJudge>; criterionName: Map<string, string> },
): ResultsProblem {
  const nominationTitle = problem.nominationId ? (names.nominationById.get(problem.nominationId)?.title ?? null) : null;
  const judgeName = problem.judgeId ? (names.judges.get(problem.judgeId)?.name ?? null) : null;
  const criterionName = problem.criterionId ? (names.criterionName.get(problem.criterionId) ?? null) : null;
  let text = problem.message;
  if (problem.reviewId) text = text.replace(`Review ${problem.reviewId} by`, "The review by").replace(` (${problem.reviewId}`, " (").replace(`${problem.reviewId})`, ")");
  if (problem.judgeId && judgeName) text = replaceWord(text, `judge ${problem.judgeId}`, judgeName);
  if (problem.nominationId && nominationTitle) text = replaceWord(text, `nomination ${problem.nominationId}`, `"${nominationTitle}"`);
  if (problem.criterionId && criterionName) text = replaceWord(text, `criterion ${problem.criterionId}`, `"${criterionName}"`);
  return { ...problem, text, nominationTitle, judgeName, criterionName };
}

/** Replaces "judge abc" or "Judge abc" (any case of the first word) with a name. */
function replaceWord(text: string, phrase: string, replacement: string): string {
  const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return text.replace(new RegExp(escaped, "gi"), () => replacement);
}

/** Counted nominations with no decision yet, in display order. */
export function undecidedNominations(computed: Pick<ResultsBase, "nominations">): ResultsNomination[] {
  return computed.nominations.filter((n) => !n.decision);
}
