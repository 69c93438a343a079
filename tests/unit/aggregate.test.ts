import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  aggregateReviews,
  aggregateScores,
  aggregateWeightedScores,
  aggregationSettingsFromCycle,
  disagreementThresholdOnCommonScale,
  groupByCategory,
  judgeZScores,
  measureValue,
  reviewsToScoreRows,
  ScoreDataError,
  suggestTier,
  type AggregationSettings,
  type CriterionInput,
  type NestedReview,
  type NominationInput,
  type NominationResult,
  type ScoreRow,
  type WeightedScore,
} from "../../app/results/aggregate";

const TOLERANCE = 1e-6;

function near(actual: number | null, expected: number, what = "value") {
  assert.ok(actual !== null, `${what}: expected ${expected}, got null`);
  assert.ok(Math.abs(actual - expected) <= TOLERANCE, `${what}: expected ${expected}, got ${actual}`);
}

function byId(results: readonly NominationResult[], nominationId: string): NominationResult {
  const result = results.find((r) => r.nominationId === nominationId);
  assert.ok(result, `no result for ${nominationId}`);
  return result;
}

function judgeScore(result: NominationResult, judgeId: string) {
  const score = result.judgeScores.find((s) => s.judgeId === judgeId);
  assert.ok(score, `no score by ${judgeId} for ${result.nominationId}`);
  return score;
}

/** Expects a ScoreDataError and returns it for closer checks. */
function scoreDataError(run: () => unknown): ScoreDataError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ScoreDataError, `expected ScoreDataError, got ${String(error)}`);
    return error;
  }
  assert.fail("expected a ScoreDataError");
}

/* ------------------------------------------------------------------------
 * The hand-worked fixture.
 *
 * Criteria, both for every category, both on a 1-5 scale:
 *   impact       weight 2
 *   partnership  weight 1
 * A judge's weighted score = (2 * (impact - 1) / 4 + 1 * (partnership - 1) / 4) / (2 + 1) * 100
 *                          = (2 * impact + partnership - 3) / 12 * 100
 *
 * Nominations: N1, N2 in category "cat-a"; N3, N4 in "cat-b".
 * Judge C has a conflict on N2 (one conflicted assignment), so N2 has two judges.
 *
 *   judge  nomination  impact  partnership  2i + p - 3   weighted
 *   A      N1          5       5            12           100
 *   A      N2          5       2             9            75
 *   A      N3          5       5            12           100
 *   A      N4          4       4             9            75
 *   B      N1          2       5             6            50
 *   B      N2          1       1             0             0
 *   B      N3          1       4             3            25
 *   B      N4          2       2             3            25
 *   C      N1          4       4             9            75
 *   C      N3          2       2             3            25
 *   C      N4          3       3             6            50
 *
 * Each judge's mean and (population) standard deviation over the nominations they scored:
 *   A: 100, 75, 100, 75   mean 87.5  deviations +12.5 -12.5 +12.5 -12.5
 *      variance 4 * 156.25 / 4 = 156.25, sd 12.5
 *      z: N1 +1, N2 -1, N3 +1, N4 -1
 *   B: 50, 0, 25, 25      mean 25    deviations +25 -25 0 0
 *      variance (625 + 625) / 4 = 312.5, sd sqrt(312.5) = 17.677670
 *      z: N1 +25/17.677670 = +sqrt(2) = +1.414214, N2 -1.414214, N3 0, N4 0
 *   C: 75, 25, 50 (N1, N3, N4)  mean 50  deviations +25 -25 0
 *      variance 1250 / 3 = 416.666667, sd 20.412415
 *      z: N1 +25/20.412415 = +sqrt(1.5) = +1.224745, N3 -1.224745, N4 0
 *
 * Per nomination:
 *          weighted        judges  mean   median  spread  z-scores                 normalised
 *   N1     100, 50, 75     3       75     75      50      1, 1.414214, 1.224745    3.638959 / 3 = +1.212986
 *   N2     75, 0           2       37.5   37.5    75      -1, -1.414214            -2.414214 / 2 = -1.207107
 *   N3     100, 25, 25     3       50     25      75      1, 0, -1.224745          -0.224745 / 3 = -0.074915
 *   N4     75, 25, 50      3       50     50      50      -1, 0, 0                 -1 / 3        = -0.333333
 *
 * Ranks:
 *   normalised: N1 1.213 > N3 -0.075 > N4 -0.333 > N2 -1.207  -> overall 1, 2, 3, 4 (no ties)
 *               cat-a: N1 1, N2 2; cat-b: N3 1, N4 2
 *   mean:       N1 75 > N3 50 = N4 50 > N2 37.5               -> overall 1, 2, 2, 4 (N3, N4 tied)
 *               cat-a: N1 1, N2 2; cat-b: N3 1, N4 1 (tied)
 *   median:     N1 75 > N4 50 > N2 37.5 > N3 25               -> overall 1, 2, 3, 4
 *               cat-a: N1 1, N2 2; cat-b: N4 1, N3 2
 *
 * Flags with minJudges 3 and disagreementThreshold 2.5 points of a 1-5 scale
 * (2.5 / 4 * 100 = 62.5 on the 0-100 scale):
 *   N1 spread 50: none.  N2 spread 75 > 62.5, 2 judges < 3, one conflict: all three flags.
 *   N3 spread 75: disagreement.  N4 spread 50: none.
 * ---------------------------------------------------------------------- */

const impact: CriterionInput = { id: "impact", weight: 2, scaleMin: 1, scaleMax: 5, categoryId: null };
const partnership: CriterionInput = { id: "partnership", weight: 1, scaleMin: 1, scaleMax: 5, categoryId: null };
const fixtureCriteria = [impact, partnership];
const fixtureNominations: NominationInput[] = [
  { id: "N1", categoryId: "cat-a" },
  { id: "N2", categoryId: "cat-a" },
  { id: "N3", categoryId: "cat-b" },
  { id: "N4", categoryId: "cat-b" },
];
const review = (judgeId: string, nominationId: string, impactScore: number | null, partnershipScore: number | null): NestedReview => ({
  judgeId,
  nominationId,
  scores: { impact: impactScore, partnership: partnershipScore },
});
const fixtureReviews: NestedReview[] = [
  review("A", "N1", 5, 5),
  review("A", "N2", 5, 2),
  review("A", "N3", 5, 5),
  review("A", "N4", 4, 4),
  review("B", "N1", 2, 5),
  review("B", "N2", 1, 1),
  review("B", "N3", 1, 4),
  review("B", "N4", 2, 2),
  review("C", "N1", 4, 4),
  review("C", "N3", 2, 2),
  review("C", "N4", 3, 3),
];
const fixtureSettings: AggregationSettings = { minJudges: 3, disagreementThreshold: 2.5 };

function runFixture(rankBy?: AggregationSettings["rankBy"]) {
  return aggregateReviews({
    reviews: fixtureReviews,
    criteria: fixtureCriteria,
    nominations: fixtureNominations,
    conflictedAssignments: { N2: 1 },
    settings: { ...fixtureSettings, rankBy },
  });
}

describe("hand-worked fixture", () => {
  test("weighted scores on the 0-100 scale", () => {
    const results = runFixture();
    const expected: [string, string, number][] = [
      ["A", "N1", 100],
      ["A", "N2", 75],
      ["A", "N3", 100],
      ["A", "N4", 75],
      ["B", "N1", 50],
      ["B", "N2", 0],
      ["B", "N3", 25],
      ["B", "N4", 25],
      ["C", "N1", 75],
      ["C", "N3", 25],
      ["C", "N4", 50],
    ];
    for (const [judgeId, nominationId, weighted] of expected) {
      near(judgeScore(byId(results, nominationId), judgeId).weighted, weighted, `${judgeId}/${nominationId} weighted`);
    }
  });

  test("z-scores per judge", () => {
    const results = runFixture();
    const r2 = Math.SQRT2;
    const r15 = Math.sqrt(1.5);
    const expected: [string, string, number][] = [
      ["A", "N1", 1],
      ["A", "N2", -1],
      ["A", "N3", 1],
      ["A", "N4", -1],
      ["B", "N1", r2],
      ["B", "N2", -r2],
      ["B", "N3", 0],
      ["B", "N4", 0],
      ["C", "N1", r15],
      ["C", "N3", -r15],
      ["C", "N4", 0],
    ];
    for (const [judgeId, nominationId, z] of expected) {
      near(judgeScore(byId(results, nominationId), judgeId).z, z, `${judgeId}/${nominationId} z`);
    }
  });

  test("measures per nomination", () => {
    const results = runFixture();
    const expected = {
      N1: { judgeCount: 3, mean: 75, median: 75, spread: 50, normalised: 1.212986 },
      N2: { judgeCount: 2, mean: 37.5, median: 37.5, spread: 75, normalised: -1.207107 },
      N3: { judgeCount: 3, mean: 50, median: 25, spread: 75, normalised: -0.074915 },
      N4: { judgeCount: 3, mean: 50, median: 50, spread: 50, normalised: -1 / 3 },
    };
    for (const [id, e] of Object.entries(expected)) {
      const result = byId(results, id);
      assert.equal(result.judgeCount, e.judgeCount, `${id} judges`);
      near(result.mean, e.mean, `${id} mean`);
      near(result.median, e.median, `${id} median`);
      near(result.spread, e.spread, `${id} spread`);
      near(result.normalised, e.normalised, `${id} normalised`);
    }
    assert.deepEqual(
      byId(results, "N1").judgeScores.map((s) => s.judgeId),
      ["A", "B", "C"],
      "judge scores are ordered by judge",
    );
  });

  test("ranked by normalised (default): 1, 2, 3, 4 with no ties", () => {
    const results = runFixture();
    assert.deepEqual(
      results.map((r) => [r.nominationId, r.rankOverall, r.tiedOverall, r.rankInCategory, r.tiedInCategory]),
      [
        ["N1", 1, false, 1, false],
        ["N3", 2, false, 1, false],
        ["N4", 3, false, 2, false],
        ["N2", 4, false, 2, false],
      ],
    );
  });

  test("ranked by mean: N3 and N4 tie at 2, next is 4", () => {
    const results = runFixture("mean");
    assert.deepEqual(
      results.map((r) => [r.nominationId, r.rankOverall, r.tiedOverall, r.rankInCategory, r.tiedInCategory]),
      [
        ["N1", 1, false, 1, false],
        ["N3", 2, true, 1, true],
        ["N4", 2, true, 1, true],
        ["N2", 4, false, 2, false],
      ],
    );
  });

  test("ranked by median", () => {
    const results = runFixture("median");
    assert.deepEqual(
      results.map((r) => [r.nominationId, r.rankOverall, r.rankInCategory]),
      [
        ["N1", 1, 1],
        ["N4", 2, 1],
        ["N2", 3, 2],
        ["N3", 4, 2],
      ],
    );
  });

  test("flags", () => {
    const results = runFixture();
    assert.deepEqual(byId(results, "N1").flags, []);
    assert.deepEqual(byId(results, "N2").flags, ["disagreement", "too_few_judges", "conflicts_reduced_panel"]);
    assert.deepEqual(byId(results, "N3").flags, ["disagreement"]);
    assert.deepEqual(byId(results, "N4").flags, []);
    assert.equal(byId(results, "N2").conflictedAssignments, 1);
  });

  test("flat rows and nested reviews give the same results", () => {
    const flat = aggregateScores({
      scores: reviewsToScoreRows(fixtureReviews),
      criteria: fixtureCriteria,
      nominations: fixtureNominations,
      conflictedAssignments: new Map([["N2", 1]]),
      settings: fixtureSettings,
    });
    assert.deepEqual(flat, runFixture());
  });

  test("judgeZScores works from weighted scores directly", () => {
    const z = judgeZScores([
      { judgeId: "B", weighted: 50 },
      { judgeId: "B", weighted: 0 },
      { judgeId: "B", weighted: 25 },
      { judgeId: "B", weighted: 25 },
      { judgeId: "solo", weighted: 80 },
    ]);
    [Math.SQRT2, -Math.SQRT2, 0, 0, 0].forEach((expected, i) => near(z[i], expected, `z[${i}]`));
  });
});

describe("weighted scores", () => {
  test("criteria on different scales share the 0-100 scale", () => {
    // ten: 1-10, weight 3; three: 0-3, weight 1.
    // Scores 7 and 2: (3 * (7 - 1) / 9 + 1 * (2 - 0) / 3) / 4 * 100 = (2 + 0.666667) / 4 * 100 = 66.666667
    const results = aggregateReviews({
      reviews: [{ judgeId: "J", nominationId: "N", scores: { ten: 7, three: 2 } }],
      criteria: [
        { id: "ten", weight: 3, scaleMin: 1, scaleMax: 10, categoryId: null },
        { id: "three", weight: 1, scaleMin: 0, scaleMax: 3, categoryId: null },
      ],
      nominations: [{ id: "N", categoryId: null }],
      settings: { minJudges: 1, disagreementThreshold: 1.5 },
    });
    near(results[0].mean, 200 / 3, "weighted");
    // Top and bottom of every scale are 100 and 0.
    const ends = aggregateReviews({
      reviews: [
        { judgeId: "J", nominationId: "top", scores: { ten: 10, three: 3 } },
        { judgeId: "J", nominationId: "bottom", scores: { ten: 1, three: 0 } },
      ],
      criteria: [
        { id: "ten", weight: 3, scaleMin: 1, scaleMax: 10, categoryId: null },
        { id: "three", weight: 1, scaleMin: 0, scaleMax: 3, categoryId: null },
      ],
      nominations: [
        { id: "top", categoryId: null },
        { id: "bottom", categoryId: null },
      ],
      settings: { minJudges: 1, disagreementThreshold: 1.5 },
    });
    near(byId(ends, "top").mean, 100, "top");
    near(byId(ends, "bottom").mean, 0, "bottom");
  });

  test("a criterion of another category is ignored, and not required", () => {
    const youthOnly: CriterionInput = { id: "youth", weight: 5, scaleMin: 1, scaleMax: 5, categoryId: "youth" };
    const results = aggregateReviews({
      reviews: [
        // A stray score for the youth criterion on a cat-a nomination, even off its scale, does not count.
        { judgeId: "J", nominationId: "adult", scores: { impact: 5, partnership: 5, youth: 99 } },
        // A cat-a nomination need not have a youth score at all.
        { judgeId: "J", nominationId: "adult2", scores: { impact: 1, partnership: 1 } },
        // The youth nomination counts all three: (2 * 1 + 1 * 1 + 5 * 0) / 8 * 100 = 37.5
        { judgeId: "J", nominationId: "young", scores: { impact: 5, partnership: 5, youth: 1 } },
      ],
      criteria: [impact, partnership, youthOnly],
      nominations: [
        { id: "adult", categoryId: "cat-a" },
        { id: "adult2", categoryId: "cat-a" },
        { id: "young", categoryId: "youth" },
      ],
      settings: { minJudges: 1, disagreementThreshold: 1.5 },
    });
    near(byId(results, "adult").mean, 100, "adult");
    near(byId(results, "adult2").mean, 0, "adult2");
    near(byId(results, "young").mean, 37.5, "young");
  });

  test("a nomination with no category is scored on the criteria for every category only", () => {
    const results = aggregateReviews({
      reviews: [{ judgeId: "J", nominationId: "N", scores: { impact: 3, partnership: 3 } }],
      criteria: [impact, partnership, { id: "youth", weight: 5, scaleMin: 1, scaleMax: 5, categoryId: "youth" }],
      nominations: [{ id: "N", categoryId: null }],
      settings: { minJudges: 1, disagreementThreshold: 1.5 },
    });
    near(results[0].mean, 50, "weighted");
  });
});

describe("score data errors", () => {
  const settings = { minJudges: 1, disagreementThreshold: 1.5 };
  const nominations = [{ id: "N1", categoryId: "cat-a" }];

  test("a blank criterion is an error naming review, judge, nomination and criterion", () => {
    const error = scoreDataError(() =>
      aggregateReviews({
        reviews: [{ reviewId: "R1", judgeId: "J1", nominationId: "N1", scores: { impact: 4, partnership: null } }],
        criteria: fixtureCriteria,
        nominations,
        settings,
      }),
    );
    assert.equal(error.problems.length, 1);
    assert.deepEqual(
      { ...error.problems[0], message: undefined },
      {
        kind: "blank",
        reviewId: "R1",
        judgeId: "J1",
        nominationId: "N1",
        criterionId: "partnership",
        message: undefined,
      },
    );
    assert.match(error.message, /R1.*J1.*N1.*partnership.*blank/);
  });

  test("a criterion with no row at all is blank, not zero", () => {
    const rows: ScoreRow[] = [{ reviewId: "R1", judgeId: "J1", nominationId: "N1", criterionId: "impact", value: 4 }];
    const error = scoreDataError(() => aggregateScores({ scores: rows, criteria: fixtureCriteria, nominations, settings }));
    assert.deepEqual(
      error.problems.map((p) => [p.kind, p.reviewId, p.criterionId]),
      [["blank", "R1", "partnership"]],
    );
  });

  test("a submitted review with no scores (LEFT JOIN marker row) has every criterion blank", () => {
    const rows: ScoreRow[] = [{ reviewId: "R1", judgeId: "J1", nominationId: "N1", criterionId: null, value: null }];
    const error = scoreDataError(() => aggregateScores({ scores: rows, criteria: fixtureCriteria, nominations, settings }));
    assert.deepEqual(
      error.problems.map((p) => [p.kind, p.criterionId]),
      [
        ["blank", "impact"],
        ["blank", "partnership"],
      ],
    );
    // The same through the nested form.
    const nested = scoreDataError(() =>
      aggregateReviews({
        reviews: [{ judgeId: "J1", nominationId: "N1", scores: {} }],
        criteria: fixtureCriteria,
        nominations,
        settings,
      }),
    );
    assert.equal(nested.problemCount, 2);
  });

  test("a score outside the criterion's scale is an error", () => {
    for (const bad of [0, 6, 5.5, Number.NaN]) {
      const error = scoreDataError(() =>
        aggregateReviews({
          reviews: [{ reviewId: "R1", judgeId: "J1", nominationId: "N1", scores: { impact: bad, partnership: 3 } }],
          criteria: fixtureCriteria,
          nominations,
          settings,
        }),
      );
      assert.deepEqual(
        error.problems.map((p) => [p.kind, p.reviewId, p.judgeId, p.nominationId, p.criterionId]),
        [["out_of_scale", "R1", "J1", "N1", "impact"]],
        `score ${bad}`,
      );
    }
  });

  test("every problem is reported at once, not just the first", () => {
    const error = scoreDataError(() =>
      aggregateReviews({
        reviews: [
          { judgeId: "J1", nominationId: "N1", scores: { impact: null, partnership: 9 } },
          { judgeId: "J2", nominationId: "N1", scores: { impact: 3 } },
        ],
        criteria: fixtureCriteria,
        nominations,
        settings,
      }),
    );
    assert.deepEqual(error.problems.map((p) => [p.kind, p.judgeId, p.criterionId]).sort(), [
      ["blank", "J1", "impact"],
      ["blank", "J2", "partnership"],
      ["out_of_scale", "J1", "partnership"],
    ]);
  });

  test("inconsistent input is an error, never silently dropped", () => {
    const row = (reviewId: string, judgeId: string, nominationId: string, criterionId: string, value: number): ScoreRow => ({
      reviewId,
      judgeId,
      nominationId,
      criterionId,
      value,
    });
    const kinds = (scores: ScoreRow[], criteria = fixtureCriteria, noms: NominationInput[] = nominations) =>
      scoreDataError(() => aggregateScores({ scores, criteria, nominations: noms, settings })).problems.map((p) => p.kind);

    const good = [row("R1", "J1", "N1", "impact", 3), row("R1", "J1", "N1", "partnership", 3)];
    assert.deepEqual(kinds([...good, row("R1", "J1", "N1", "impact", 4)]), ["duplicate_score"]);
    assert.deepEqual(kinds([...good, row("R1", "J1", "N1", "mystery", 4)]), ["unknown_criterion"]);
    assert.deepEqual(kinds([...good, row("R9", "J1", "N9", "impact", 4)]), ["unknown_nomination"]);
    // A review is a judge's scoring of a nomination; the reviewId is only its name, so a
    // row of judge J2 counts as J2's review, whatever it is called (here missing a score).
    assert.deepEqual(kinds([...good, row("R1", "J2", "N1", "impact", 4)]), ["blank"]);
    assert.deepEqual(kinds([...good, row("R2", "J1", "N1", "impact", 4), row("R2", "J1", "N1", "partnership", 4)]), ["duplicate_review"]);
    assert.deepEqual(kinds(good, [{ ...impact, weight: 0 }, partnership]), ["invalid_criterion"]);
    assert.deepEqual(kinds(good, [{ ...impact, scaleMax: 1 }, partnership]), ["invalid_criterion"]);
    assert.deepEqual(kinds(good, fixtureCriteria, [...nominations, ...nominations]), ["duplicate_nomination"]);
    assert.deepEqual(
      kinds(good, [
        { ...impact, categoryId: "other" },
        { ...partnership, categoryId: "other" },
      ]),
      ["no_criteria"],
    );
    assert.deepEqual(
      scoreDataError(() =>
        aggregateWeightedScores({
          weightedScores: [{ judgeId: "J", nominationId: "N1", weighted: Number.NaN }],
          nominations,
          settings,
        }),
      ).problems.map((p) => p.kind),
      ["invalid_weighted_score"],
    );
  });

  test("bad settings are refused", () => {
    const run = (s: AggregationSettings) => () => aggregateWeightedScores({ weightedScores: [], nominations, settings: s });
    assert.throws(run({ minJudges: -1, disagreementThreshold: 1.5 }), RangeError);
    assert.throws(run({ minJudges: 1, disagreementThreshold: Number.NaN }), RangeError);
    assert.throws(run({ minJudges: 1, disagreementThreshold: 1.5, rankBy: "best" as never }), RangeError);
  });
});

describe("ties", () => {
  const settings = { minJudges: 1, disagreementThreshold: 4 };

  test("equal scores share a competition rank and are marked tied", () => {
    // One judge: P 80, Q 60, R 60, S 60, T 40 -> by mean 1, 2, 2, 2, 5.
    const weightedScores: WeightedScore[] = [
      { judgeId: "J", nominationId: "P", weighted: 80 },
      { judgeId: "J", nominationId: "Q", weighted: 60 },
      { judgeId: "J", nominationId: "R", weighted: 60 },
      { judgeId: "J", nominationId: "S", weighted: 60 },
      { judgeId: "J", nominationId: "T", weighted: 40 },
    ];
    const nominations = ["T", "S", "R", "Q", "P"].map((id) => ({ id, categoryId: "c" }));
    for (const rankBy of ["mean", "median", "normalised"] as const) {
      const results = aggregateWeightedScores({ weightedScores, nominations, settings: { ...settings, rankBy } });
      assert.deepEqual(
        results.map((r) => [r.nominationId, r.rankOverall, r.tiedOverall, r.rankInCategory, r.tiedInCategory]),
        [
          ["P", 1, false, 1, false],
          // Tied nominations keep the order they were given in: S, R, Q.
          ["S", 2, true, 2, true],
          ["R", 2, true, 2, true],
          ["Q", 2, true, 2, true],
          ["T", 5, false, 5, false],
        ],
        rankBy,
      );
    }
  });

  test("floating-point noise does not break a tie", () => {
    const results = aggregateWeightedScores({
      weightedScores: [
        { judgeId: "J", nominationId: "A", weighted: 0.1 + 0.2 }, // 0.30000000000000004
        { judgeId: "J", nominationId: "B", weighted: 0.3 },
        { judgeId: "J", nominationId: "C", weighted: 0.3 - 1e-7 },
      ],
      nominations: ["A", "B", "C"].map((id) => ({ id, categoryId: null })),
      settings: { ...settings, rankBy: "mean" },
    });
    assert.deepEqual(
      results.map((r) => [r.nominationId, r.rankOverall, r.tiedOverall]),
      [
        ["A", 1, true],
        ["B", 1, true],
        ["C", 3, false],
      ],
    );
  });

  test("a harsh judge: ranking by mean and by normalised score differ", () => {
    // Harsh judge H scores P 50 (their best), X 10, Y 10: mean 23.33, sd 18.856; z(P) = +1.414214.
    // Generous judge G scores Q 70 (their worst), U 90, V 90: mean 83.33, sd 9.428; z(Q) = -1.414214.
    // By mean Q (70) beats P (50); by normalised P (+1.41) beats Q (-1.41).
    const weightedScores: WeightedScore[] = [
      { judgeId: "H", nominationId: "P", weighted: 50 },
      { judgeId: "H", nominationId: "X", weighted: 10 },
      { judgeId: "H", nominationId: "Y", weighted: 10 },
      { judgeId: "G", nominationId: "Q", weighted: 70 },
      { judgeId: "G", nominationId: "U", weighted: 90 },
      { judgeId: "G", nominationId: "V", weighted: 90 },
    ];
    const nominations = ["P", "Q", "U", "V", "X", "Y"].map((id) => ({ id, categoryId: "c" }));
    const byMean = aggregateWeightedScores({ weightedScores, nominations, settings: { ...settings, rankBy: "mean" } });
    const byNormalised = aggregateWeightedScores({ weightedScores, nominations, settings });
    assert.ok(byId(byMean, "Q").rankOverall! < byId(byMean, "P").rankOverall!);
    assert.ok(byId(byNormalised, "P").rankOverall! < byId(byNormalised, "Q").rankOverall!);
    near(byId(byNormalised, "P").normalised, Math.SQRT2, "P normalised");
    near(byId(byNormalised, "Q").normalised, -Math.SQRT2, "Q normalised");
    // Normalised order: P +1.414214; U, V +0.707107 (tied); X, Y -0.707107 (tied); Q -1.414214.
    assert.deepEqual(
      byNormalised.map((r) => [r.nominationId, r.rankOverall]),
      [
        ["P", 1],
        ["U", 2],
        ["V", 2],
        ["X", 4],
        ["Y", 4],
        ["Q", 6],
      ],
    );
  });
});

describe("judges who carry no information about relative merit", () => {
  test("a judge who scored only one nomination has z 0 there", () => {
    // Judge S scored only N2 (weighted 100). Judge A: N1 75, N2 25 -> mean 50, sd 25, z +1 / -1.
    // N2 normalised = (-1 + 0) / 2 = -0.5; N1 = +1.
    const results = aggregateWeightedScores({
      weightedScores: [
        { judgeId: "A", nominationId: "N1", weighted: 75 },
        { judgeId: "A", nominationId: "N2", weighted: 25 },
        { judgeId: "S", nominationId: "N2", weighted: 100 },
      ],
      nominations: [
        { id: "N1", categoryId: null },
        { id: "N2", categoryId: null },
      ],
      settings: { minJudges: 1, disagreementThreshold: 4 },
    });
    assert.equal(judgeScore(byId(results, "N2"), "S").z, 0);
    near(byId(results, "N2").normalised, -0.5, "N2 normalised");
    near(byId(results, "N1").normalised, 1, "N1 normalised");
  });

  test("a judge who gave every nomination the same score has z 0 everywhere", () => {
    // Criteria with awkward weights so the same marks can add up with different rounding
    // when rows come in different orders; the judge still counts as giving equal scores.
    const criteria: CriterionInput[] = [
      { id: "a", weight: 0.1, scaleMin: 1, scaleMax: 5, categoryId: null },
      { id: "b", weight: 0.7, scaleMin: 1, scaleMax: 7, categoryId: null },
      { id: "c", weight: 0.3, scaleMin: 0, scaleMax: 3, categoryId: null },
    ];
    const rows: ScoreRow[] = [];
    const marks = { a: 2, b: 3, c: 1 } as const;
    const orders = [
      ["a", "b", "c"],
      ["c", "b", "a"],
      ["b", "a", "c"],
    ] as const;
    orders.forEach((order, i) => {
      for (const criterionId of order) {
        rows.push({
          reviewId: `flat-${i}`,
          judgeId: "flat",
          nominationId: `N${i}`,
          criterionId,
          value: marks[criterionId],
        });
      }
    });
    const results = aggregateScores({
      scores: rows,
      criteria,
      nominations: [0, 1, 2].map((i) => ({ id: `N${i}`, categoryId: null })),
      settings: { minJudges: 1, disagreementThreshold: 1.5 },
    });
    for (const result of results) {
      assert.equal(result.judgeScores[0].z, 0);
      assert.equal(result.normalised, 0);
      assert.equal(result.rankOverall, 1);
      assert.equal(result.tiedOverall, true);
    }
  });
});

describe("flags", () => {
  test("disagreement: the threshold is in points of a 1-5 scale, flagged only above it", () => {
    assert.equal(disagreementThresholdOnCommonScale(1.5), 37.5);
    assert.equal(disagreementThresholdOnCommonScale(4), 100);
    const run = (low: number, high: number) =>
      aggregateWeightedScores({
        weightedScores: [
          { judgeId: "A", nominationId: "N", weighted: low },
          { judgeId: "B", nominationId: "N", weighted: high },
        ],
        nominations: [{ id: "N", categoryId: null }],
        settings: { minJudges: 2, disagreementThreshold: 1.5 },
      })[0].flags;
    assert.deepEqual(run(50, 87.5), [], "spread exactly 37.5 is not above the threshold");
    assert.deepEqual(run(50, 87.6), ["disagreement"]);
    assert.deepEqual(run(0.1, 0.1 + 37.5), [], "noise at the threshold does not flag");
  });

  test("too few judges, and conflicts only when they left the panel short", () => {
    const weightedScores: WeightedScore[] = [
      { judgeId: "A", nominationId: "full", weighted: 50 },
      { judgeId: "B", nominationId: "full", weighted: 50 },
      { judgeId: "A", nominationId: "short", weighted: 50 },
      { judgeId: "A", nominationId: "shortConflict", weighted: 50 },
    ];
    const nominations = ["full", "short", "shortConflict", "fullConflict"].map((id) => ({ id, categoryId: null }));
    weightedScores.push({ judgeId: "A", nominationId: "fullConflict", weighted: 50 }, { judgeId: "B", nominationId: "fullConflict", weighted: 50 });
    for (const conflictedAssignments of [
      { shortConflict: 1, fullConflict: 2 },
      new Map([
        ["shortConflict", 1],
        ["fullConflict", 2],
      ]),
    ]) {
      const results = aggregateWeightedScores({
        weightedScores,
        nominations,
        conflictedAssignments,
        settings: { minJudges: 2, disagreementThreshold: 1.5 },
      });
      assert.deepEqual(byId(results, "full").flags, []);
      assert.deepEqual(byId(results, "short").flags, ["too_few_judges"]);
      assert.deepEqual(byId(results, "shortConflict").flags, ["too_few_judges", "conflicts_reduced_panel"]);
      assert.deepEqual(byId(results, "fullConflict").flags, [], "a conflict with a full panel needs no action");
      assert.equal(byId(results, "fullConflict").conflictedAssignments, 2);
    }
  });
});

describe("nominations without judges", () => {
  test("have no measures, no rank, come last, and break nothing", () => {
    const results = aggregateReviews({
      reviews: fixtureReviews,
      criteria: fixtureCriteria,
      nominations: [{ id: "empty1", categoryId: "cat-a" }, ...fixtureNominations, { id: "empty2", categoryId: "cat-z" }],
      conflictedAssignments: { empty2: 3 },
      settings: fixtureSettings,
    });
    assert.deepEqual(
      results.map((r) => r.nominationId),
      ["N1", "N3", "N4", "N2", "empty1", "empty2"],
    );
    const empty = byId(results, "empty1");
    assert.deepEqual(
      { ...empty },
      {
        nominationId: "empty1",
        categoryId: "cat-a",
        judgeCount: 0,
        conflictedAssignments: 0,
        judgeScores: [],
        mean: null,
        median: null,
        spread: null,
        normalised: null,
        rankInCategory: null,
        rankOverall: null,
        tiedInCategory: false,
        tiedOverall: false,
        flags: ["too_few_judges"],
      },
    );
    assert.deepEqual(byId(results, "empty2").flags, ["too_few_judges", "conflicts_reduced_panel"]);
    // The others are ranked exactly as without the empty nominations.
    assert.deepEqual(
      results.slice(0, 4).map((r) => [r.rankOverall, r.rankInCategory]),
      [
        [1, 1],
        [2, 1],
        [3, 2],
        [4, 2],
      ],
    );
  });

  test("no scores at all, and no nominations at all", () => {
    const settings = { minJudges: 0, disagreementThreshold: 1.5 };
    const results = aggregateScores({
      scores: [],
      criteria: fixtureCriteria,
      nominations: fixtureNominations,
      settings,
    });
    assert.equal(results.length, 4);
    assert.ok(results.every((r) => r.rankOverall === null && r.mean === null && r.flags.length === 0));
    assert.deepEqual(aggregateScores({ scores: [], criteria: [], nominations: [], settings }), []);
    assert.deepEqual(groupByCategory([]), []);
  });
});

describe("helpers", () => {
  test("groupByCategory keeps rank order and the categories' own order", () => {
    const groups = groupByCategory(runFixture("mean"), ["cat-b", "cat-a", "cat-unused"]);
    assert.deepEqual(
      groups.map((g) => [g.categoryId, g.results.map((r) => [r.nominationId, r.rankInCategory])]),
      [
        [
          "cat-b",
          [
            ["N3", 1],
            ["N4", 1],
          ],
        ],
        [
          "cat-a",
          [
            ["N1", 1],
            ["N2", 2],
          ],
        ],
      ],
    );
    // Without an order, categories come as they first appear.
    assert.deepEqual(
      groupByCategory(runFixture()).map((g) => g.categoryId),
      ["cat-a", "cat-b"],
    );
  });

  test("suggestTier: the highest band the score reaches, else not awarded", () => {
    const bands = [
      { tierId: "winner", minScore: 80 },
      { tierId: "commendation", minScore: 60 },
      { tierId: "highly_commended", minScore: 50 },
    ];
    assert.equal(suggestTier(85, bands)?.tierId, "winner");
    assert.equal(suggestTier(80, bands)?.tierId, "winner");
    assert.equal(suggestTier(79.9, bands)?.tierId, "commendation");
    assert.equal(suggestTier(50 - 1e-12, bands)?.tierId, "highly_commended");
    assert.equal(suggestTier(49, bands), null);
    assert.equal(suggestTier(null, bands), null);
    assert.equal(suggestTier(90, [...bands].reverse())?.tierId, "winner", "band order does not matter");
    const n1 = byId(runFixture(), "N1");
    assert.equal(suggestTier(measureValue(n1, "mean"), bands)?.tierId, "commendation", "N1 mean 75");
  });

  test("settings from a cycle row", () => {
    assert.deepEqual(aggregationSettingsFromCycle({ minJudgesPerNomination: 3, disagreementThreshold: 1.5, rankingMeasure: "median" }), {
      minJudges: 3,
      disagreementThreshold: 1.5,
      rankBy: "median",
    });
    assert.throws(() => aggregationSettingsFromCycle({ minJudgesPerNomination: 3, disagreementThreshold: 1.5, rankingMeasure: "best" }), RangeError);
  });
});

/* ------------------------------------------------------------ properties */

/** Random weighted scores: some judges, some nominations, each judge scoring a subset. */
const weightedPanel = fc
  .record({
    judges: fc.integer({ min: 1, max: 5 }),
    nominations: fc.integer({ min: 1, max: 8 }),
    categories: fc.integer({ min: 1, max: 3 }),
  })
  .chain(({ judges, nominations, categories }) =>
    fc.record({
      nominations: fc.constant(Array.from({ length: nominations }, (_, n) => ({ id: `N${n}`, categoryId: `cat${n % categories}` }))),
      // Whole numbers 0-100, as real scores of a few criteria mostly are; null: not scored.
      matrix: fc.array(
        fc.array(fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }), {
          minLength: nominations,
          maxLength: nominations,
        }),
        {
          minLength: judges,
          maxLength: judges,
        },
      ),
    }),
  )
  .map(({ nominations, matrix }) => {
    const weightedScores: WeightedScore[] = [];
    matrix.forEach((row, j) =>
      row.forEach((weighted, n) => {
        if (weighted !== null) weightedScores.push({ judgeId: `J${j}`, nominationId: nominations[n].id, weighted });
      }),
    );
    return { nominations, weightedScores, judges: matrix.length };
  });

const ranksOf = (results: NominationResult[]) =>
  Object.fromEntries(results.map((r) => [r.nominationId, [r.rankOverall, r.tiedOverall, r.rankInCategory, r.tiedInCategory]]));

describe("properties", () => {
  const settings = { minJudges: 2, disagreementThreshold: 1.5 };

  test("a positive affine change to one judge's scores leaves z-scores and the normalised ranking unchanged", () => {
    fc.assert(
      fc.property(
        weightedPanel,
        fc.nat(),
        fc.double({ min: 0.05, max: 20, noNaN: true }),
        fc.double({ min: -500, max: 500, noNaN: true }),
        ({ nominations, weightedScores, judges }, pick, factor, shift) => {
          const judgeId = `J${pick % judges}`;
          const before = aggregateWeightedScores({ weightedScores, nominations, settings });
          const changed = weightedScores.map((s) => (s.judgeId === judgeId ? { ...s, weighted: s.weighted * factor + shift } : s));
          const after = aggregateWeightedScores({ weightedScores: changed, nominations, settings });
          assert.deepEqual(ranksOf(after), ranksOf(before));
          for (const result of before) {
            const other = byId(after, result.nominationId);
            if (result.normalised !== null) near(other.normalised, result.normalised, "normalised");
            result.judgeScores.forEach((s, k) => near(other.judgeScores[k].z, s.z, "z"));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  test("each judge's z-scores have mean 0 and standard deviation 1 (or are all 0)", () => {
    fc.assert(
      fc.property(weightedPanel, ({ weightedScores }) => {
        const z = judgeZScores(weightedScores);
        const byJudge = new Map<string, number[]>();
        weightedScores.forEach((s, i) => byJudge.set(s.judgeId, [...(byJudge.get(s.judgeId) ?? []), z[i]]));
        for (const zs of byJudge.values()) {
          const mean = zs.reduce((a, b) => a + b, 0) / zs.length;
          const sd = Math.sqrt(zs.reduce((a, b) => a + (b - mean) ** 2, 0) / zs.length);
          near(mean, 0, "mean z");
          if (zs.every((v) => v === 0)) continue;
          near(sd, 1, "sd of z");
        }
      }),
    );
  });

  test("ranks are competition ranks: 1 + the number of nominations strictly better", () => {
    fc.assert(
      fc.property(weightedPanel, fc.constantFrom("normalised", "mean", "median" as const), ({ nominations, weightedScores }, rankBy) => {
        const results = aggregateWeightedScores({ weightedScores, nominations, settings: { ...settings, rankBy } });
        const scored = results.filter((r) => r.judgeCount > 0);
        for (const r of results) {
          const value = measureValue(r, rankBy);
          if (value === null) {
            assert.equal(r.rankOverall, null);
            continue;
          }
          const better = scored.filter((o) => measureValue(o, rankBy)! - value > 1e-9);
          const equal = scored.filter((o) => Math.abs(measureValue(o, rankBy)! - value) <= 1e-9);
          assert.equal(r.rankOverall, better.length + 1);
          assert.equal(r.tiedOverall, equal.length > 1);
          const sameCategory = better.filter((o) => o.categoryId === r.categoryId);
          assert.equal(r.rankInCategory, sameCategory.length + 1);
        }
        // Ordered by rank, unranked last.
        const ranks = results.map((r) => r.rankOverall ?? Infinity);
        assert.deepEqual(
          ranks,
          [...ranks].sort((a, b) => a - b),
        );
      }),
    );
  });

  test("the order of the score rows does not matter", () => {
    const reviewArb = fc.array(
      fc.record({
        judge: fc.integer({ min: 0, max: 3 }),
        nomination: fc.integer({ min: 0, max: 4 }),
        impact: fc.integer({ min: 1, max: 5 }),
        partnership: fc.integer({ min: 1, max: 5 }),
      }),
      { maxLength: 20 },
    );
    fc.assert(
      fc.property(reviewArb, fc.nat(), (drafts, seed) => {
        const seenPairs = new Set<string>();
        const reviews: NestedReview[] = [];
        for (const d of drafts) {
          const key = `J${d.judge}:N${d.nomination}`;
          if (seenPairs.has(key)) continue;
          seenPairs.add(key);
          reviews.push(review(`J${d.judge}`, `N${d.nomination}`, d.impact, d.partnership));
        }
        const nominations = [0, 1, 2, 3, 4].map((n) => ({ id: `N${n}`, categoryId: `cat${n % 2}` }));
        const rows = reviewsToScoreRows(reviews);
        // A deterministic shuffle from the seed.
        const shuffled = rows
          .map((row, i) => ({ row, key: Math.sin(seed + i * 7919) }))
          .sort((a, b) => a.key - b.key)
          .map((x) => x.row);
        const input = { criteria: fixtureCriteria, nominations, settings };
        const a = aggregateScores({ ...input, scores: rows });
        const b = aggregateScores({ ...input, scores: shuffled });
        assert.deepEqual(ranksOf(b), ranksOf(a));
        assert.deepEqual(
          b.map((r) => r.nominationId),
          a.map((r) => r.nominationId),
        );
      }),
    );
  });
});
