/**
 * Results aggregation: from judges' criterion scores to each nomination's measures,
 * ranks and flags. Pure: no HTTP, no database. The reasoning behind the scale, the
 * z-scores and the tie rule is in docs/decisions/0010-score-normalisation.md.
 *
 * Three ways in, one computation:
 * - aggregateScores: flat score rows, as one SQL query returns them (the fast path);
 * - aggregateReviews: nested reviews, for tests and small callers;
 * - aggregateWeightedScores: judges' weighted scores already worked out (used by the
 *   property tests to transform one judge's scores directly).
 *
 * Bad score data (a blank criterion, a score off the scale, ...) is never skipped or
 * read as zero: the aggregation throws a ScoreDataError listing every problem found.
 */
import { RANKING_MEASURES, type RankingMeasure } from "../domain/vocabulary";

/* ------------------------------------------------------------------ input */

/**
 * One criterion score as the SQL query returns it. A review is identified by judge and
 * nomination (an assignment has one review); reviewId names it in problems. Rows are
 * fastest grouped by review (e.g. ORDER BY nomination, judge, criterion) but any order works.
 */
export interface ScoreRow {
  reviewId: string;
  judgeId: string;
  nominationId: string;
  /**
   * null marks a submitted review with no score rows at all, as `Review LEFT JOIN Score`
   * returns it: the review is still seen, so its criteria are reported as blank.
   */
  criterionId: string | null;
  /** null (or a row missing altogether) is a blank: an error, never a zero. */
  value: number | null;
}

export interface CriterionInput {
  id: string;
  /** Relative weight; must be above 0. */
  weight: number;
  scaleMin: number;
  scaleMax: number;
  /** null: applies to every category. */
  categoryId: string | null;
}

export interface NominationInput {
  id: string;
  categoryId: string | null;
}

export interface AggregationSettings {
  /** Fewer submitted, non-conflicted reviews than this raises "too_few_judges". */
  minJudges: number;
  /**
   * Spread between the highest and lowest judge above which a nomination is flagged
   * "disagreement", in POINTS OF A 1-5 SCALE, as the cycle stores it (default 1.5).
   * It is converted to the common 0-100 scale with disagreementThresholdOnCommonScale.
   */
  disagreementThreshold: number;
  /** Measure the ranks use; default "normalised". */
  rankBy?: RankingMeasure;
}

/** nominationId -> number of conflicted assignments (declared or detected). */
export type ConflictedCounts = ReadonlyMap<string, number> | Readonly<Record<string, number>>;

export interface ScoreAggregationInput {
  /** Submitted reviews of non-conflicted assignments only. */
  scores: readonly ScoreRow[];
  criteria: readonly CriterionInput[];
  /** Every nomination to rank, in the order ties are displayed (e.g. by title). */
  nominations: readonly NominationInput[];
  conflictedAssignments?: ConflictedCounts;
  settings: AggregationSettings;
}

export interface NestedReview {
  /** Defaults to `${judgeId}:${nominationId}` (a judge has one review per nomination). */
  reviewId?: string;
  judgeId: string;
  nominationId: string;
  /** criterionId -> score; null or absent is a blank. */
  scores: Readonly<Record<string, number | null | undefined>>;
}

export interface ReviewAggregationInput extends Omit<ScoreAggregationInput, "scores"> {
  reviews: readonly NestedReview[];
}

/** One judge's weighted score of one nomination, normally on the 0-100 scale. */
export interface WeightedScore {
  judgeId: string;
  nominationId: string;
  weighted: number;
}

export interface WeightedAggregationInput extends Omit<ScoreAggregationInput, "scores" | "criteria"> {
  weightedScores: readonly WeightedScore[];
}

/* ----------------------------------------------------------------- output */

export const RESULT_FLAGS = ["disagreement", "too_few_judges", "conflicts_reduced_panel"] as const;
export type ResultFlag = (typeof RESULT_FLAGS)[number];

export interface JudgeScore {
  judgeId: string;
  /** This judge's weighted score on the common 0-100 scale. */
  weighted: number;
  /** The weighted score as a z-score over every nomination this judge scored. */
  z: number;
}

export interface NominationResult {
  nominationId: string;
  categoryId: string | null;
  judgeCount: number;
  /** Conflicted assignments of this nomination, as passed in. */
  conflictedAssignments: number;
  /** One per judge, ordered by judgeId. */
  judgeScores: JudgeScore[];
  /** Mean, median and spread (max - min) of the weighted scores; null with no judges. */
  mean: number | null;
  median: number | null;
  spread: number | null;
  /** Mean of the judges' z-scores; null with no judges. */
  normalised: number | null;
  /** Competition ranks (1, 2, 2, 4) by the chosen measure; null with no judges. */
  rankInCategory: number | null;
  rankOverall: number | null;
  tiedInCategory: boolean;
  tiedOverall: boolean;
  flags: ResultFlag[];
}

/* ----------------------------------------------------------------- errors */

export type ScoreProblemKind =
  | "blank" // an applicable criterion left blank (null or no row)
  | "out_of_scale" // a score outside the criterion's scale, or not a number
  | "duplicate_score" // two scores for one criterion in one review
  | "unknown_criterion" // a score for a criterion not passed in
  | "unknown_nomination" // a review of a nomination not passed in
  | "duplicate_review" // two reviews by one judge of one nomination
  | "invalid_criterion" // weight not above 0, scale empty, or id repeated
  | "duplicate_nomination"
  | "no_criteria" // a reviewed nomination with no criterion that applies to it
  | "invalid_weighted_score"; // aggregateWeightedScores: not a finite number

export interface ScoreProblem {
  kind: ScoreProblemKind;
  message: string;
  reviewId?: string;
  judgeId?: string;
  nominationId?: string;
  criterionId?: string;
}

/** How many problems an error keeps in full; the rest are only counted. */
export const MAX_REPORTED_PROBLEMS = 200;

/** The score data cannot be aggregated as given; `problems` says where, review by review. */
export class ScoreDataError extends Error {
  readonly problems: readonly ScoreProblem[];
  /** Every problem found, including those beyond MAX_REPORTED_PROBLEMS. */
  readonly problemCount: number;

  constructor(problems: readonly ScoreProblem[], problemCount = problems.length) {
    const shown = problems.slice(0, 3).map((p) => p.message);
    const more = problemCount > shown.length ? ` (and ${problemCount - shown.length} more)` : "";
    super(`Score data cannot be aggregated: ${shown.join("; ")}${more}`);
    this.name = "ScoreDataError";
    this.problems = problems;
    this.problemCount = problemCount;
  }
}

/** Collects problems so one run reports all of them, not just the first. */
class ProblemList {
  readonly kept: ScoreProblem[] = [];
  count = 0;
  add(problem: ScoreProblem) {
    this.count++;
    if (this.kept.length < MAX_REPORTED_PROBLEMS) this.kept.push(problem);
  }
  throwIfAny() {
    if (this.count > 0) throw new ScoreDataError(this.kept, this.count);
  }
}

/* -------------------------------------------------------------- constants */

/** Scores closer than this are equal: floating-point noise must not break a tie. */
export const TIE_EPSILON = 1e-9;
/** A judge whose weighted scores vary less than this (0-100 scale) gave them all the same. */
export const SD_EPSILON = 1e-9;

const ALL_CATEGORIES = -1;
const NO_CATEGORY = -2;

/* ---------------------------------------------------------------- helpers */

/**
 * The cycle's disagreement threshold is in points of a 1-5 scale (4 points from bottom to
 * top); on the common 0-100 scale one such point is 25. 1.5 points -> 37.5.
 */
export function disagreementThresholdOnCommonScale(pointsOnFivePointScale: number): number {
  return (pointsOnFivePointScale / 4) * 100;
}

/** Settings from an AwardCycle row; throws on a ranking measure the vocabulary does not know. */
export function aggregationSettingsFromCycle(cycle: {
  minJudgesPerNomination: number;
  disagreementThreshold: number;
  rankingMeasure: string;
}): Required<AggregationSettings> {
  return {
    minJudges: cycle.minJudgesPerNomination,
    disagreementThreshold: cycle.disagreementThreshold,
    rankBy: parseRankingMeasure(cycle.rankingMeasure),
  };
}

function parseRankingMeasure(value: string): RankingMeasure {
  if ((RANKING_MEASURES as readonly string[]).includes(value)) return value as RankingMeasure;
  throw new RangeError(`Unknown ranking measure "${value}" (expected one of ${RANKING_MEASURES.join(", ")})`);
}

/** The value a result is ranked by under a measure. */
export function measureValue(result: NominationResult, measure: RankingMeasure): number | null {
  return result[measure];
}

export interface TierBand {
  tierId: string;
  /** On the scale of the chosen measure: 0-100 for mean and median, z units for normalised. */
  minScore: number;
}

/**
 * Suggests an outcome tier: the band with the highest minScore that the score reaches
 * (bands given highest first are simply checked in order), or null for "not awarded".
 * Only a suggestion: organisers decide.
 */
export function suggestTier<B extends TierBand>(score: number | null, bands: readonly B[]): B | null {
  if (score === null || !Number.isFinite(score)) return null;
  // Stable sort: bands with equal minScore keep the order given.
  const highestFirst = [...bands].sort((a, b) => b.minScore - a.minScore);
  for (const band of highestFirst) {
    if (score >= band.minScore - TIE_EPSILON) return band;
  }
  return null;
}

export interface CategoryResults {
  categoryId: string | null;
  results: NominationResult[];
}

/**
 * Groups results by category, each in rank order (unranked last). Categories come in
 * `categoryOrder` (e.g. by Category.position), then any others in order of appearance.
 */
export function groupByCategory(results: readonly NominationResult[], categoryOrder: readonly (string | null)[] = []): CategoryResults[] {
  const groups = new Map<string | null, NominationResult[]>();
  for (const id of categoryOrder) if (!groups.has(id)) groups.set(id, []);
  for (const result of results) {
    let group = groups.get(result.categoryId);
    if (!group) groups.set(result.categoryId, (group = []));
    group.push(result);
  }
  const out: CategoryResults[] = [];
  for (const [categoryId, group] of groups) {
    // Stable: ties and unranked keep the order they were given in.
    group.sort((a, b) => (a.rankInCategory ?? Infinity) - (b.rankInCategory ?? Infinity));
    if (group.length > 0) out.push({ categoryId, results: group });
  }
  return out;
}

/* ---------------------------------------------------------- entry points */

/**
 * Aggregates flat score rows (the fast path): one pass over the rows, typed arrays per
 * review, nothing allocated per row. 360,000 rows take about 0.1 s.
 * @throws ScoreDataError listing every blank, off-scale or otherwise unusable score.
 */
export function aggregateScores(input: ScoreAggregationInput): NominationResult[] {
  const { scores: rows, criteria, nominations, settings } = input;
  checkSettings(settings);
  const problems = new ProblemList();
  const noms = indexNominations(nominations, problems);

  // Criteria: a category index (or ALL_CATEGORIES), the scale's bottom, and the factor
  // weight / (max - min) so a score contributes factor * (value - min).
  const criterionCount = criteria.length;
  const criterionIndexById = new Map<string, number>();
  const criterionCategory = new Int32Array(criterionCount);
  const criterionMin = new Float64Array(criterionCount);
  const criterionMax = new Float64Array(criterionCount);
  const criterionFactor = new Float64Array(criterionCount);
  for (let c = 0; c < criterionCount; c++) {
    const criterion = criteria[c];
    const { id, weight, scaleMin, scaleMax } = criterion;
    if (criterionIndexById.has(id)) {
      problems.add({ kind: "invalid_criterion", criterionId: id, message: `Criterion ${id} is listed twice` });
    }
    if (!(Number.isFinite(weight) && weight > 0)) {
      problems.add({
        kind: "invalid_criterion",
        criterionId: id,
        message: `Criterion ${id} has weight ${weight}; it must be above 0`,
      });
    }
    if (!(Number.isFinite(scaleMin) && Number.isFinite(scaleMax) && scaleMax > scaleMin)) {
      problems.add({
        kind: "invalid_criterion",
        criterionId: id,
        message: `Criterion ${id} has scale ${scaleMin}-${scaleMax}; the top must be above the bottom`,
      });
    }
    criterionIndexById.set(id, c);
    criterionCategory[c] = criterion.categoryId === null ? ALL_CATEGORIES : noms.categoryIndex(criterion.categoryId);
    criterionMin[c] = scaleMin;
    criterionMax[c] = scaleMax;
    criterionFactor[c] = weight / (scaleMax - scaleMin);
  }
  problems.throwIfAny(); // rows cannot be judged against broken criteria or nominations

  // What each nomination expects: how many criteria apply and their total weight.
  const nominationCount = nominations.length;
  const expectedCriteria = new Int32Array(nominationCount);
  const weightTotal = new Float64Array(nominationCount);
  for (let n = 0; n < nominationCount; n++) {
    for (let c = 0; c < criterionCount; c++) {
      if (applies(criterionCategory[c], noms.category[n])) {
        expectedCriteria[n]++;
        weightTotal[n] += criteria[c].weight;
      }
    }
  }

  // A review is one judge's scoring of one nomination (an assignment has one review), so
  // reviews are found by judge x nomination in a small table per judge, not by reviewId in
  // a Map of 60,000 fresh strings; reviewId is kept to name the review in problems.
  // Per review (index r): who, what, the running weighted sum, and which criteria were
  // seen (a bitmap of reviews x criteria, grown as reviews appear).
  const reviewIds: string[] = [];
  const reviewJudgeIds: string[] = [];
  const reviewNominationIds: string[] = [];
  const reviewJudge: number[] = [];
  const reviewNomination: number[] = [];
  const reviewSum: number[] = [];
  const reviewSeen: number[] = [];
  const judgeIndexById = new Map<string, number>();
  const judgeIds: string[] = [];
  const reviewOfJudge: Int32Array[] = []; // [judge][nomination]: review index + 1, 0 for none
  const reportedOnce = new Set<string>();
  let seen = new Uint8Array(Math.max(1, Math.min(rows.length, 1024) * criterionCount));
  let lastNominationId: string | null = null;
  let lastNomination: number | undefined;

  /** The review a row belongs to, added if new; -1 when its rows are to be skipped (reported). */
  const findReview = (row: ScoreRow): number => {
    let j = judgeIndexById.get(row.judgeId);
    if (j === undefined) {
      j = judgeIds.length;
      judgeIndexById.set(row.judgeId, j);
      judgeIds.push(row.judgeId);
      reviewOfJudge.push(new Int32Array(nominationCount));
    }
    // Rows usually come nomination by nomination: one comparison instead of a lookup.
    if (row.nominationId !== lastNominationId) {
      lastNominationId = row.nominationId;
      lastNomination = noms.indexById.get(row.nominationId);
    }
    const n = lastNomination;
    if (n === undefined) {
      reportOnce(`unknown:${row.reviewId}`, {
        kind: "unknown_nomination",
        ...who(row),
        message: `Review ${row.reviewId} by judge ${row.judgeId} is of nomination ${row.nominationId}, which is not among the nominations to rank`,
      });
      return -1;
    }
    const existing = reviewOfJudge[j][n] - 1;
    if (existing >= 0) {
      if (reviewIds[existing] === row.reviewId) return existing; // its rows resume
      reportOnce(`duplicate:${row.reviewId}`, {
        kind: "duplicate_review",
        ...who(row),
        message: `Judge ${row.judgeId} has more than one review of nomination ${row.nominationId} (${reviewIds[existing]} and ${row.reviewId})`,
      });
      return -1;
    }
    if (expectedCriteria[n] === 0) {
      reportOnce(`no_criteria:${row.nominationId}`, {
        kind: "no_criteria",
        nominationId: row.nominationId,
        message: `Nomination ${row.nominationId} has reviews but no criterion applies to its category`,
      });
    }
    const r = reviewIds.length;
    reviewOfJudge[j][n] = r + 1;
    reviewIds.push(row.reviewId);
    reviewJudgeIds.push(row.judgeId);
    reviewNominationIds.push(row.nominationId);
    reviewJudge.push(j);
    reviewNomination.push(n);
    reviewSum.push(0);
    reviewSeen.push(0);
    if ((r + 1) * criterionCount > seen.length) {
      const bigger = new Uint8Array(seen.length * 2);
      bigger.set(seen);
      seen = bigger;
    }
    return r;
  };
  const reportOnce = (key: string, problem: ScoreProblem) => {
    if (reportedOnce.has(key)) return;
    reportedOnce.add(key);
    problems.add(problem);
  };

  // Rows normally come grouped by review, each review's criteria in the same order as the
  // previous review's of the same category. So the review and the next criterion are first
  // guessed and checked with a string comparison; only a wrong guess pays for a lookup
  // (which must hash the fresh string the database driver made). Any row order still works.
  const criterionIds = criteria.map((criterion) => criterion.id);
  const nextCriterion = new Int32Array((noms.categoryCount() + 1) * (criterionCount + 1)).fill(-1);
  let r = -1;
  let n = -1;
  let guessFrom = 0; // where this review's category starts in nextCriterion
  let previousCriterion = criterionCount; // criterionCount: the start of a review
  let currentReviewId: string | null = null;
  let currentJudgeId: string | null = null;
  let currentNominationId: string | null = null;

  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (row.reviewId !== currentReviewId || row.judgeId !== currentJudgeId || row.nominationId !== currentNominationId) {
      currentReviewId = row.reviewId;
      currentJudgeId = row.judgeId;
      currentNominationId = row.nominationId;
      r = findReview(row);
      if (r >= 0) {
        n = reviewNomination[r];
        const category = noms.category[n];
        guessFrom = (category < 0 ? noms.categoryCount() : category) * (criterionCount + 1);
        previousCriterion = criterionCount;
      }
    }
    const criterionId = row.criterionId;
    if (r < 0 || criterionId === null) continue;
    const guessAt = guessFrom + previousCriterion;
    let c = nextCriterion[guessAt];
    if (c < 0 || criterionIds[c] !== criterionId) {
      const found = criterionIndexById.get(criterionId);
      if (found === undefined) {
        problems.add({
          kind: "unknown_criterion",
          ...who(row),
          criterionId,
          message: `Review ${row.reviewId} by judge ${row.judgeId} of nomination ${row.nominationId} scores criterion ${criterionId}, which is not among the criteria`,
        });
        continue;
      }
      c = nextCriterion[guessAt] = found;
    }
    previousCriterion = c;
    // A criterion of another category does not count for this nomination.
    if (!applies(criterionCategory[c], noms.category[n])) continue;
    const at = r * criterionCount + c;
    if (seen[at] !== 0) {
      problems.add({
        kind: "duplicate_score",
        ...who(row),
        criterionId,
        message: `Review ${row.reviewId} by judge ${row.judgeId} of nomination ${row.nominationId} scores criterion ${criterionId} more than once`,
      });
      continue;
    }
    seen[at] = 1;
    reviewSeen[r]++;
    const value = row.value;
    if (value === null || value === undefined) {
      problems.add(blank(row.reviewId, row.judgeId, row.nominationId, criterionId));
      continue;
    }
    // Written so that NaN fails too.
    if (!(value >= criterionMin[c] && value <= criterionMax[c])) {
      problems.add({
        kind: "out_of_scale",
        ...who(row),
        criterionId,
        message: `Review ${row.reviewId} by judge ${row.judgeId} of nomination ${row.nominationId} gives criterion ${criterionId} the score ${value}, outside its scale ${criterionMin[c]}-${criterionMax[c]}`,
      });
      continue;
    }
    reviewSum[r] += criterionFactor[c] * (value - criterionMin[c]);
  }

  // Criteria with no row at all are blanks too. Only reviews short of a row are searched.
  const reviewCount = reviewIds.length;
  for (let q = 0; q < reviewCount; q++) {
    const m = reviewNomination[q];
    if (reviewSeen[q] === expectedCriteria[m]) continue;
    for (let c = 0; c < criterionCount; c++) {
      if (applies(criterionCategory[c], noms.category[m]) && seen[q * criterionCount + c] === 0) {
        problems.add(blank(reviewIds[q], reviewJudgeIds[q], reviewNominationIds[q], criteria[c].id));
      }
    }
  }
  problems.throwIfAny();

  // sum(w * (s - min) / (max - min)) / sum(w) * 100: 0 is the bottom of every scale, 100 the top.
  const weighted = new Float64Array(reviewCount);
  for (let q = 0; q < reviewCount; q++) {
    weighted[q] = (reviewSum[q] / weightTotal[reviewNomination[q]]) * 100;
  }
  return aggregate(judgeIds, reviewJudge, reviewNomination, weighted, nominations, input.conflictedAssignments, settings);
}

/** Converts nested reviews to flat rows and aggregates them. @throws ScoreDataError */
export function aggregateReviews(input: ReviewAggregationInput): NominationResult[] {
  const { reviews, ...rest } = input;
  return aggregateScores({ ...rest, scores: reviewsToScoreRows(reviews) });
}

/** Flat rows from nested reviews; a review with no scores gives one marker row (criterionId null). */
export function reviewsToScoreRows(reviews: readonly NestedReview[]): ScoreRow[] {
  const rows: ScoreRow[] = [];
  for (const review of reviews) {
    const reviewId = review.reviewId ?? `${review.judgeId}:${review.nominationId}`;
    const base = { reviewId, judgeId: review.judgeId, nominationId: review.nominationId };
    const criterionIds = Object.keys(review.scores);
    if (criterionIds.length === 0) rows.push({ ...base, criterionId: null, value: null });
    for (const criterionId of criterionIds) {
      rows.push({ ...base, criterionId, value: review.scores[criterionId] ?? null });
    }
  }
  return rows;
}

/**
 * Aggregates judges' weighted scores as given (normally 0-100, but any finite numbers are
 * accepted, so tests can transform one judge's scores freely). @throws ScoreDataError
 */
export function aggregateWeightedScores(input: WeightedAggregationInput): NominationResult[] {
  const { weightedScores, nominations, settings } = input;
  checkSettings(settings);
  const problems = new ProblemList();
  const noms = indexNominations(nominations, problems);
  const judgeIndexById = new Map<string, number>();
  const judgeIds: string[] = [];
  const reviewJudge: number[] = [];
  const reviewNomination: number[] = [];
  const weighted = new Float64Array(weightedScores.length);
  const pairs = new Set<string>();
  for (let r = 0; r < weightedScores.length; r++) {
    const { judgeId, nominationId, weighted: score } = weightedScores[r];
    const n = noms.indexById.get(nominationId);
    if (n === undefined) {
      problems.add({
        kind: "unknown_nomination",
        judgeId,
        nominationId,
        message: `Judge ${judgeId} scored nomination ${nominationId}, which is not among the nominations to rank`,
      });
    }
    if (!Number.isFinite(score)) {
      problems.add({
        kind: "invalid_weighted_score",
        judgeId,
        nominationId,
        message: `Judge ${judgeId} has weighted score ${score} for nomination ${nominationId}`,
      });
    }
    const pair = `${judgeId}\u0000${nominationId}`;
    if (pairs.has(pair)) {
      problems.add({
        kind: "duplicate_review",
        judgeId,
        nominationId,
        message: `Judge ${judgeId} has more than one score for nomination ${nominationId}`,
      });
    }
    pairs.add(pair);
    let j = judgeIndexById.get(judgeId);
    if (j === undefined) {
      j = judgeIds.length;
      judgeIndexById.set(judgeId, j);
      judgeIds.push(judgeId);
    }
    reviewJudge.push(j);
    reviewNomination.push(n ?? -1);
    weighted[r] = score;
  }
  problems.throwIfAny();
  return aggregate(judgeIds, reviewJudge, reviewNomination, weighted, nominations, input.conflictedAssignments, settings);
}

/**
 * Each score as a z-score over all the scores of the same judge, in input order. A judge
 * whose scores do not vary (one nomination, or the same score throughout) gets z = 0:
 * they say nothing about relative merit, so they count as "at this judge's own average".
 */
export function judgeZScores(scores: readonly { judgeId: string; weighted: number }[]): number[] {
  const judgeIndexById = new Map<string, number>();
  const reviewJudge = new Int32Array(scores.length);
  const weighted = new Float64Array(scores.length);
  for (let r = 0; r < scores.length; r++) {
    let j = judgeIndexById.get(scores[r].judgeId);
    if (j === undefined) judgeIndexById.set(scores[r].judgeId, (j = judgeIndexById.size));
    reviewJudge[r] = j;
    weighted[r] = scores[r].weighted;
  }
  return Array.from(zScores(reviewJudge, weighted, judgeIndexById.size));
}

/* ------------------------------------------------------------ computation */

function zScores(reviewJudge: ArrayLike<number>, weighted: Float64Array, judgeCount: number): Float64Array {
  const count = new Int32Array(judgeCount);
  const mean = new Float64Array(judgeCount);
  const squares = new Float64Array(judgeCount);
  const reviewCount = weighted.length;
  for (let r = 0; r < reviewCount; r++) {
    count[reviewJudge[r]]++;
    mean[reviewJudge[r]] += weighted[r];
  }
  for (let j = 0; j < judgeCount; j++) mean[j] /= count[j];
  // Deviations from the mean in a second pass: steadier than sum of squares minus square of sum.
  for (let r = 0; r < reviewCount; r++) {
    const d = weighted[r] - mean[reviewJudge[r]];
    squares[reviewJudge[r]] += d * d;
  }
  // Population standard deviation: the judge's own scores are the whole set, not a sample.
  const sd = new Float64Array(judgeCount);
  for (let j = 0; j < judgeCount; j++) sd[j] = Math.sqrt(squares[j] / count[j]);
  const z = new Float64Array(reviewCount);
  for (let r = 0; r < reviewCount; r++) {
    const j = reviewJudge[r];
    // No spread, no information: z = 0 (see the decision record).
    z[r] = sd[j] > SD_EPSILON ? (weighted[r] - mean[j]) / sd[j] : 0;
  }
  return z;
}

/** The shared second half: measures, ranks and flags from per-review weighted scores. */
function aggregate(
  judgeIds: readonly string[],
  reviewJudge: ArrayLike<number>,
  reviewNomination: ArrayLike<number>,
  weighted: Float64Array,
  nominations: readonly NominationInput[],
  conflicted: ConflictedCounts | undefined,
  settings: AggregationSettings,
): NominationResult[] {
  const nominationCount = nominations.length;
  const reviewCount = weighted.length;
  const z = zScores(reviewJudge, weighted, judgeIds.length);

  // Reviews grouped by nomination, each group in judgeId order: two counting sorts (by judge,
  // then stably by nomination) instead of sorting every nomination's judges by string.
  const panel = judgeIds.length;
  const judgesById = Array.from({ length: panel }, (_, j) => j).sort((a, b) => (judgeIds[a] < judgeIds[b] ? -1 : judgeIds[a] > judgeIds[b] ? 1 : 0));
  const judgePosition = new Int32Array(panel);
  judgesById.forEach((j, position) => (judgePosition[j] = position));
  const byJudge = countingSort(reviewCount, panel, (r) => judgePosition[reviewJudge[r]]);
  const { start, order: byNomination } = countingSort(reviewCount, nominationCount, (k) => reviewNomination[byJudge.order[k]]);
  for (let k = 0; k < reviewCount; k++) byNomination[k] = byJudge.order[byNomination[k]];

  const rankBy = settings.rankBy ?? "normalised";
  const threshold = disagreementThresholdOnCommonScale(settings.disagreementThreshold);
  const measure = new Float64Array(nominationCount);
  const results: NominationResult[] = new Array(nominationCount);
  let scratch = new Float64Array(16);

  for (let n = 0; n < nominationCount; n++) {
    const nomination = nominations[n];
    const from = start[n];
    const judgeCount = start[n + 1] - from;
    const judgeScores: JudgeScore[] = new Array(judgeCount);
    if (judgeCount > scratch.length) scratch = new Float64Array(judgeCount * 2);
    let sum = 0;
    let zSum = 0;
    for (let k = 0; k < judgeCount; k++) {
      const r = byNomination[from + k];
      judgeScores[k] = { judgeId: judgeIds[reviewJudge[r]], weighted: weighted[r], z: z[r] };
      scratch[k] = weighted[r];
      sum += weighted[r];
      zSum += z[r];
    }

    let mean: number | null = null;
    let median: number | null = null;
    let spread: number | null = null;
    let normalised: number | null = null;
    if (judgeCount > 0) {
      const sorted = scratch.subarray(0, judgeCount).sort();
      const middle = judgeCount >> 1;
      mean = sum / judgeCount;
      median = judgeCount % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
      spread = sorted[judgeCount - 1] - sorted[0];
      normalised = zSum / judgeCount;
    }
    const value = rankBy === "mean" ? mean : rankBy === "median" ? median : normalised;
    measure[n] = value ?? NaN;

    const conflictedAssignments = conflictCount(conflicted, nomination.id);
    const flags: ResultFlag[] = [];
    if (spread !== null && spread - threshold > TIE_EPSILON) flags.push("disagreement");
    if (judgeCount < settings.minJudges) flags.push("too_few_judges");
    // Only when the panel is actually short: a conflict with a full panel needs no action.
    if (conflictedAssignments > 0 && judgeCount < settings.minJudges) flags.push("conflicts_reduced_panel");

    results[n] = {
      nominationId: nomination.id,
      categoryId: nomination.categoryId,
      judgeCount,
      conflictedAssignments,
      judgeScores,
      mean,
      median,
      spread,
      normalised,
      rankInCategory: null,
      rankOverall: null,
      tiedInCategory: false,
      tiedOverall: false,
      flags,
    };
  }

  // Best first; exact equals keep the input order. Nominations without judges are not ranked.
  const ranked: number[] = [];
  const unranked: number[] = [];
  for (let n = 0; n < nominationCount; n++) (Number.isNaN(measure[n]) ? unranked : ranked).push(n);
  ranked.sort((a, b) => measure[b] - measure[a] || a - b);

  assignCompetitionRanks(ranked, measure, (n, rank, tied) => {
    results[n].rankOverall = rank;
    results[n].tiedOverall = tied;
  });
  const byCategory = new Map<string | null, number[]>();
  for (const n of ranked) {
    const key = nominations[n].categoryId;
    let list = byCategory.get(key);
    if (!list) byCategory.set(key, (list = []));
    list.push(n);
  }
  for (const list of byCategory.values()) {
    assignCompetitionRanks(list, measure, (n, rank, tied) => {
      results[n].rankInCategory = rank;
      results[n].tiedInCategory = tied;
    });
  }

  // Ties are shown together in the order the nominations were given: never broken silently.
  ranked.sort((a, b) => (results[a].rankOverall as number) - (results[b].rankOverall as number) || a - b);
  const ordered: NominationResult[] = new Array(nominationCount);
  let at = 0;
  for (const n of ranked) ordered[at++] = results[n];
  for (const n of unranked) ordered[at++] = results[n];
  return ordered;
}

/**
 * Stable counting sort of the items 0..count-1 by a key in 0..keys-1: `order` lists the items
 * by key, and the items with key k are order[start[k]] .. order[start[k + 1] - 1].
 */
function countingSort(count: number, keys: number, keyOf: (item: number) => number) {
  const start = new Int32Array(keys + 1);
  for (let i = 0; i < count; i++) start[keyOf(i) + 1]++;
  for (let k = 0; k < keys; k++) start[k + 1] += start[k];
  const next = start.slice(0, keys);
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[next[keyOf(i)]++] = i;
  return { start, order };
}

/**
 * Competition ranking (1, 2, 2, 4) over `order`, sorted best first. A nomination within
 * TIE_EPSILON of the first of its group shares that group's rank (comparing with the group's
 * first, not the previous one, keeps noise from chaining distinct scores into one tie).
 */
function assignCompetitionRanks(order: readonly number[], measure: Float64Array, set: (nomination: number, rank: number, tied: boolean) => void) {
  let groupStart = 0;
  while (groupStart < order.length) {
    const head = measure[order[groupStart]];
    let groupEnd = groupStart + 1;
    while (groupEnd < order.length && head - measure[order[groupEnd]] <= TIE_EPSILON) groupEnd++;
    const tied = groupEnd - groupStart > 1;
    for (let k = groupStart; k < groupEnd; k++) set(order[k], groupStart + 1, tied);
    groupStart = groupEnd;
  }
}

/* ---------------------------------------------------------------- private */

interface NominationIndex {
  indexById: Map<string, number>;
  /** Category index per nomination, NO_CATEGORY for none. */
  category: Int32Array;
  categoryIndex(categoryId: string): number;
  categoryCount(): number;
}

function indexNominations(nominations: readonly NominationInput[], problems: ProblemList): NominationIndex {
  const indexById = new Map<string, number>();
  const categoryIndexById = new Map<string, number>();
  const categoryIndex = (categoryId: string) => {
    let k = categoryIndexById.get(categoryId);
    if (k === undefined) categoryIndexById.set(categoryId, (k = categoryIndexById.size));
    return k;
  };
  const category = new Int32Array(nominations.length);
  for (let n = 0; n < nominations.length; n++) {
    const { id, categoryId } = nominations[n];
    if (indexById.has(id)) {
      problems.add({ kind: "duplicate_nomination", nominationId: id, message: `Nomination ${id} is listed twice` });
    } else {
      indexById.set(id, n);
    }
    category[n] = categoryId === null ? NO_CATEGORY : categoryIndex(categoryId);
  }
  return { indexById, category, categoryIndex, categoryCount: () => categoryIndexById.size };
}

function applies(criterionCategory: number, nominationCategory: number): boolean {
  return criterionCategory === ALL_CATEGORIES || criterionCategory === nominationCategory;
}

function checkSettings(settings: AggregationSettings) {
  if (!(Number.isInteger(settings.minJudges) && settings.minJudges >= 0)) {
    throw new RangeError(`minJudges must be a whole number, 0 or more (got ${settings.minJudges})`);
  }
  if (!(Number.isFinite(settings.disagreementThreshold) && settings.disagreementThreshold >= 0)) {
    throw new RangeError(`disagreementThreshold must be 0 or more (got ${settings.disagreementThreshold})`);
  }
  if (settings.rankBy !== undefined) parseRankingMeasure(settings.rankBy);
}

function conflictCount(conflicted: ConflictedCounts | undefined, nominationId: string): number {
  if (!conflicted) return 0;
  const count =
    conflicted instanceof Map ? (conflicted as ReadonlyMap<string, number>).get(nominationId) : (conflicted as Readonly<Record<string, number>>)[nominationId];
  return typeof count === "number" && count > 0 ? count : 0;
}

function who(row: ScoreRow) {
  return { reviewId: row.reviewId, judgeId: row.judgeId, nominationId: row.nominationId };
}

function blank(reviewId: string, judgeId: string, nominationId: string, criterionId: string): ScoreProblem {
  return {
    kind: "blank",
    reviewId,
    judgeId,
    nominationId,
    criterionId,
    message: `Review ${reviewId} by judge ${judgeId} of nomination ${nominationId} leaves criterion ${criterionId} blank`,
  };
}
