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
 * through the raw reader (`rawReader()`: better-sqlite3, or the PostgreSQL pool), `Review LEFT JOIN Score` so a
 * submitted review without scores is still seen (and reported blank), grouped by review;
 * the other reads are one query each for the whole cycle, never one per nomination. Then
 * one pass in memory (aggregateScores).
 *
 * Bad score data does not crash the page: a ScoreDataError comes back as `ok: false` with
 * its problems in words (which judge, which nomination, which criterion), a "fix these
 * reviews" list for organisers.
 */
import { rawReader, type Db } from "~/db/client.server";
import { portable, type RawReader } from "~/db/raw.server";
import type { RankingMeasure } from "~/domain/vocabulary";
import {
  aggregateScores,
  aggregationSettingsFromCycle,
  groupByCategory,
  ScoreDataError,
  type AggregationSettings,
  type CategoryResults,
  type NominationResult,
  type ScoreProblem,
  type ScoreRow,
} from "./aggregate";
import { COUNTED as COUNTED_STATUSES, isCounted } from "~/nominations/status";
const COUNTED_SQL = COUNTED_STATUSES.map((s) => `'${s}'`).join(", ");

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
  /** the award stands by an organiser's override (app/results/award-rules.ts): why, who, when */
  override: { reason: string; byName: string | null; at: Date | null } | null;
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
  /** submitted reviews of judges without a conflict: what the award rule weighs */
  submittedReviews: number;
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
  /** The raw reader to read with; default the app's (`rawReader()`). */
  reader?: RawReader;
};

/* ------------------------------------------------------------------- SQL */

/**
 * THE query: one walk over the cycle's assignments of counted nominations, one row per
 * assignment, bringing everything the results need per judge and nomination:
 * - kind: 0 counted (no conflict, review submitted), 1 conflicted, 2 review not submitted yet;
 * - for counted ones, the review's id, its comment for the panel (if asked for), and ALL its
 *   scores, packed "criterionId<US>value<RS>criterionId<US>value" by a correlated subquery on
 *   Score's primary key. A submitted review with no scores at all comes back with null
 *   scores and is reported blank, never skipped, exactly as `Review LEFT JOIN Score` would.
 * Ordered by nomination, then judge: grouped by review, the fastest input for aggregateScores.
 *
 * Why one row per review, packed, with rowids: one row per score made the driver create four
 * fresh JavaScript strings per score (1.4 million for 2,000 x 30 x 6), which cost several
 * times the query itself, and separate queries for conflicts, pending reviews and comments
 * each walked the 60,000 assignments again. Here nominations and judges come as integer
 * rowids, mapped to the id strings already read; criteria are recognised inside the packed
 * text without making strings (scores come in criterion-id order, the primary key's), so
 * every ScoreRow shares the same string instances and aggregateScores' one-comparison
 * guesses hit. (See docs/decisions/0010-score-normalisation.md, "Speed".)
 */
export const PANEL_SQL = {
  // Parameters: comments (0 none, 1 one category, 2 all) twice, the category, the cycle.
  sqlite: `
SELECT n.rowid AS nomination,
       u.rowid AS judge,
       CASE WHEN a.conflict <> 'none' THEN 1 WHEN r.status = 'submitted' THEN 0 ELSE 2 END AS kind,
       CASE WHEN a.conflict = 'none' AND r.status = 'submitted' THEN r.id END AS review,
       CASE WHEN a.conflict = 'none' AND r.status = 'submitted' AND (? = 2 OR (? = 1 AND n.categoryId IS ?))
            THEN r.commentForPanel END AS comment,
       CASE WHEN a.conflict = 'none' AND r.status = 'submitted'
            THEN (SELECT group_concat(s.criterionId || char(31) || s.value, char(30)) FROM "Score" s WHERE s.reviewId = r.id) END AS scores
FROM "Assignment" a
JOIN "Nomination" n ON n.id = a.nominationId
JOIN "User" u ON u.id = a.judgeId
LEFT JOIN "Review" r ON r.assignmentId = a.id
WHERE a.cycleId = ?
  AND n.cycleId = a.cycleId
  AND n.status IN (${COUNTED_SQL})
ORDER BY n.rowid, u.rowid`,
  // PostgreSQL has no rowid: nominations and judges come as their ids (the same mapping
  // below works on either key). Scores in criterion-id order by code point, as SQLite's
  // primary key returns them, whatever the database's collation.
  postgresql: `
SELECT n.id AS nomination,
       u.id AS judge,
       CASE WHEN a.conflict <> 'none' THEN 1 WHEN r.status = 'submitted' THEN 0 ELSE 2 END AS kind,
       CASE WHEN a.conflict = 'none' AND r.status = 'submitted' THEN r.id END AS review,
       CASE WHEN a.conflict = 'none' AND r.status = 'submitted' AND (?::int = 2 OR (?::int = 1 AND n."categoryId" IS NOT DISTINCT FROM ?::text))
            THEN r."commentForPanel" END AS comment,
       CASE WHEN a.conflict = 'none' AND r.status = 'submitted'
            THEN (SELECT string_agg(s."criterionId" || chr(31) || s.value::text, chr(30) ORDER BY s."criterionId" COLLATE "C")
                  FROM "Score" s WHERE s."reviewId" = r.id) END AS scores
FROM "Assignment" a
JOIN "Nomination" n ON n.id = a."nominationId"
JOIN "User" u ON u.id = a."judgeId"
LEFT JOIN "Review" r ON r."assignmentId" = a.id
WHERE a."cycleId" = ?
  AND n."cycleId" = a."cycleId"
  AND n.status IN (${COUNTED_SQL})
ORDER BY n.id, u.id`,
};

/** kind in PANEL_SQL */
const COUNTED = 0;
const CONFLICTED = 1;

type PanelRow = [
  nominationKey: number | string,
  judgeKey: number | string,
  kind: number,
  reviewId: string | null,
  comment: string | null,
  scores: string | null,
];

const UNIT_SEPARATOR = 31;
const RECORD_SEPARATOR = 30;

/**
 * One review's packed scores as flat ScoreRows (what aggregateScores takes), appended to
 * `out`. Criterion ids are matched in place against the cycle's ids (in the order the
 * primary key returns them) so no string is made; an id that is not the cycle's is cut out
 * and passed on, so the aggregation reports it. A value that is not a whole number is passed
 * on as read (a number, or NaN) and reported as off the scale.
 */
function unpackScores(
  out: ScoreRow[],
  review: { reviewId: string; judgeId: string; nominationId: string },
  scores: string,
  criteria: { sortedIds: readonly string[]; byId: ReadonlyMap<string, string> },
) {
  const { reviewId, judgeId, nominationId } = review;
  const { sortedIds, byId } = criteria;
  const end = scores.length;
  let i = 0;
  let k = 0; // the criterion expected next
  while (i < end) {
    let criterionId: string | undefined;
    for (let tries = 0; tries < sortedIds.length && criterionId === undefined; tries++, k++) {
      const expected = sortedIds[k % sortedIds.length];
      if (scores.startsWith(expected, i) && scores.charCodeAt(i + expected.length) === UNIT_SEPARATOR) {
        criterionId = expected;
        i += expected.length + 1;
      }
    }
    if (criterionId === undefined) {
      let stop = i;
      while (stop < end && scores.charCodeAt(stop) !== UNIT_SEPARATOR) stop++;
      const cut = scores.slice(i, stop);
      criterionId = byId.get(cut) ?? cut;
      i = stop + 1;
    }
    const valueStart = i;
    let value = 0;
    let plain = i < end;
    let ch = scores.charCodeAt(i);
    while (i < end && ch !== RECORD_SEPARATOR) {
      if (ch < 48 || ch > 57) plain = false;
      else value = value * 10 + (ch - 48);
      ch = scores.charCodeAt(++i);
    }
    const read: number | null = plain ? value : valueStart === i ? null : Number(scores.slice(valueStart, i));
    out.push({ reviewId, judgeId, nominationId, criterionId, value: read });
    i++; // past the record separator
  }
}

/** A row's key: SQLite's rowid (an integer, no string made), PostgreSQL's id. */
const ROW_KEY = { sqlite: "rowid", postgresql: "id" } as const;

const nominationsSql = (key: string) =>
  portable(`
SELECT n.${key} AS rowKey, n.id, n.title, n.summary, n.status, n.isExample, n.categoryId, c.name AS categoryName,
       d.id AS decisionId, d.outcomeTierId, d.rationale, d.citation, d.decidedById, d.decidedAt,
       u.name AS decidedByName, u.email AS decidedByEmail,
       d.overrideReason, d.overriddenAt, o.name AS overriddenByName, o.email AS overriddenByEmail
FROM "Nomination" n
LEFT JOIN "Category" c ON c.id = n.categoryId
LEFT JOIN "Decision" d ON d.nominationId = n.id
LEFT JOIN "User" u ON u.id = d.decidedById
LEFT JOIN "User" o ON o.id = d.overriddenById
WHERE n.cycleId = ? AND n.status IN (${COUNTED_SQL})
ORDER BY (c.position IS NULL), c.position, c.name, lower(n.title), n.id`);
const NOMINATIONS_SQL = { sqlite: nominationsSql(ROW_KEY.sqlite).sqlite, postgresql: nominationsSql(ROW_KEY.postgresql).postgresql };

const STATUS_COUNTS_SQL = portable(`SELECT status, COUNT(*) AS count FROM "Nomination" WHERE cycleId = ? GROUP BY status`);

const judgesSql = (key: string) =>
  portable(`SELECT u.${key} AS rowKey, u.id, u.name, u.email FROM "User" u WHERE u.id IN (SELECT judgeId FROM "Assignment" WHERE cycleId = ?)`);
const JUDGES_SQL = { sqlite: judgesSql(ROW_KEY.sqlite).sqlite, postgresql: judgesSql(ROW_KEY.postgresql).postgresql };

type NominationSqlRow = {
  rowKey: number | string;
  id: string;
  title: string;
  summary: string;
  status: string;
  isExample: number | boolean;
  categoryId: string | null;
  categoryName: string | null;
  decisionId: string | null;
  outcomeTierId: string | null;
  rationale: string | null;
  citation: string | null;
  decidedById: string | null;
  decidedAt: string | Date | null;
  decidedByName: string | null;
  decidedByEmail: string | null;
  overrideReason: string | null;
  overriddenAt: string | Date | null;
  overriddenByName: string | null;
  overriddenByEmail: string | null;
};

const tuned = new WeakSet<object>();
/**
 * Gives an SQLite read handle room for the results' walk over the whole cycle: a 64 MB page
 * cache and memory-mapped reads (SQLite's defaults, 2 MB and no mmap, make the 60,000-review
 * walk re-read pages through the OS: about 40% slower). Per connection, once; harmless to
 * others. PostgreSQL needs nothing of the kind (its server has its own shared buffers).
 */
export function tuneForReads(reader: RawReader) {
  const handle = reader.sqliteHandle;
  if (!handle || tuned.has(handle)) return;
  tuned.add(handle);
  handle.pragma("cache_size = -65536");
  handle.pragma("mmap_size = 268435456");
}

/** Reads a DateTime column: SQLite's ISO text as Prisma stores it (integers are epoch ms), or PostgreSQL's Date. */
function sqliteDate(value: string | number | Date | null): Date | null {
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
  const reader = options.reader ?? rawReader();
  tuneForReads(reader);
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

  // Everything per nomination, one query each for the whole cycle.
  const queryStarted = performance.now();
  const commentScope = options.comments ?? "all";
  const commentsWanted = commentScope === "all" ? 2 : commentScope === "none" ? 0 : 1;
  const [judgeRows, nominationRows, statusRows, panelRows] = await Promise.all([
    reader.all<{ rowKey: number | string; id: string; name: string | null; email: string }>(JUDGES_SQL, [cycle.id]),
    reader.all<NominationSqlRow>(NOMINATIONS_SQL, [cycle.id]),
    reader.all<{ status: string; count: number }>(STATUS_COUNTS_SQL, [cycle.id]),
    reader.arrays<PanelRow>(PANEL_SQL, [commentsWanted, commentsWanted, typeof commentScope === "object" ? commentScope.categoryId : null, cycle.id]),
  ]);
  const queryMs = performance.now() - queryStarted;

  // Row keys back to the id strings already read; one ScoreRow per score, sharing those strings.
  const nominationIdByRowid = new Map(nominationRows.map((n) => [n.rowKey, n.id]));
  const judgeIdByRowid = new Map(judgeRows.map((j) => [j.rowKey, j.id]));
  const criteriaIds = {
    sortedIds: criteria.map((c) => c.id).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    byId: new Map(criteria.map((c) => [c.id, c.id])),
  };
  const scoreRows: ScoreRow[] = [];
  const conflicted = new Map<string, number>();
  const pending = new Map<string, number>();
  const submitted = new Map<string, number>();
  const comments = new Map<string, PanelComment[]>();
  for (const [nominationRowid, judgeRowid, kind, reviewId, comment, scores] of panelRows) {
    const nominationId = nominationIdByRowid.get(nominationRowid) ?? `#${nominationRowid}`;
    const judgeId = judgeIdByRowid.get(judgeRowid) ?? `#${judgeRowid}`;
    if (kind === CONFLICTED) conflicted.set(nominationId, (conflicted.get(nominationId) ?? 0) + 1);
    else if (kind !== COUNTED || reviewId === null) pending.set(nominationId, (pending.get(nominationId) ?? 0) + 1);
    else {
      submitted.set(nominationId, (submitted.get(nominationId) ?? 0) + 1);
      if (scores === null) scoreRows.push({ reviewId, judgeId, nominationId, criterionId: null, value: null });
      else unpackScores(scoreRows, { reviewId, judgeId, nominationId }, scores, criteriaIds);
      if (comment !== null) {
        let list = comments.get(nominationId);
        if (!list) comments.set(nominationId, (list = []));
        list.push({ judgeId, judgeName: "", comment });
      }
    }
  }

  const judges = new Map<string, ResultsJudge>(judgeRows.map((j) => [j.id, { id: j.id, name: judgeDisplayName(j, j.id), email: j.email }]));

  const nominations: ResultsNomination[] = nominationRows.map((n) => ({
    id: n.id,
    title: n.title,
    summary: n.summary,
    status: n.status,
    isExample: !!n.isExample,
    categoryId: n.categoryId,
    categoryName: n.categoryName ?? "No category",
    conflictedAssignments: conflicted.get(n.id) ?? 0,
    pendingReviews: pending.get(n.id) ?? 0,
    submittedReviews: submitted.get(n.id) ?? 0,
    decision: n.decisionId
      ? {
          id: n.decisionId,
          outcomeTierId: n.outcomeTierId,
          outcomeName: n.outcomeTierId ? (tierName.get(n.outcomeTierId) ?? "Unknown outcome") : "Not awarded",
          rationale: n.rationale ?? "",
          citation: n.citation ?? "",
          decidedById: n.decidedById,
          decidedByName: n.decidedById ? n.decidedByName?.trim() || n.decidedByEmail || null : null,
          decidedAt: sqliteDate(n.decidedAt) ?? new Date(0),
          override:
            n.overrideReason !== null
              ? { reason: n.overrideReason, byName: n.overriddenByName?.trim() || n.overriddenByEmail || null, at: sqliteDate(n.overriddenAt) }
              : null,
        }
      : null,
  }));
  const nominationById = new Map(nominations.map((n) => [n.id, n]));

  const excluded = { withdrawn: 0, ineligible: 0, notSubmitted: 0 };
  for (const row of statusRows) {
    if (row.status === "withdrawn") excluded.withdrawn += row.count;
    else if (row.status === "ineligible") excluded.ineligible += row.count;
    else if (!isCounted(row.status)) excluded.notSubmitted += row.count;
  }

  for (const list of comments.values()) for (const c of list) c.judgeName = judges.get(c.judgeId)?.name ?? c.judgeId;
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
      byCategory: groupByCategory(
        results,
        categories.map((c) => c.id),
      ),
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
  if (problem.reviewId)
    text = text.replace(`Review ${problem.reviewId} by`, "The review by").replace(` (${problem.reviewId}`, " (").replace(`${problem.reviewId})`, ")");
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
