import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { awardShortfalls, checkAward, describeShortfalls, unsupportedAwards } from "../../app/results/award-rules";

const WINNER = "tier-winner";

describe("issue 19, item 1: no award without judging (the award rule)", () => {
  test("the issue's case: submitted, never checked, no judges: Highly commended is refused, both reasons named", () => {
    const check = checkAward({ outcomeTierId: WINNER, facts: { status: "submitted", submittedReviews: 0 }, minReviews: 3 });
    assert.equal(check.ok, false);
    assert.deepEqual(check.shortfalls, [
      { kind: "not_eligible", status: "submitted" },
      { kind: "too_few_reviews", have: 0, need: 3 },
    ]);
    assert.equal(describeShortfalls(check.shortfalls), "it has not been checked for eligibility and no judge has submitted a review (the cycle needs 3)");
  });

  test("eligible with the cycle's minimum of submitted reviews: allowed, no override needed", () => {
    assert.deepEqual(checkAward({ outcomeTierId: WINNER, facts: { status: "eligible", submittedReviews: 3 }, minReviews: 3 }), {
      ok: true,
      overridden: false,
      shortfalls: [],
    });
    assert.equal(checkAward({ outcomeTierId: WINNER, facts: { status: "eligible", submittedReviews: 5 }, minReviews: 3 }).ok, true);
  });

  test("eligible but one review short: refused, saying how many of how many", () => {
    const check = checkAward({ outcomeTierId: WINNER, facts: { status: "eligible", submittedReviews: 2 }, minReviews: 3 });
    assert.equal(check.ok, false);
    assert.equal(describeShortfalls(check.shortfalls), "only 2 submitted reviews of the 3 the cycle needs");
    assert.equal(describeShortfalls(awardShortfalls({ status: "eligible", submittedReviews: 1 }, 2)), "only 1 submitted review of the 2 the cycle needs");
  });

  test("enough reviews but not eligible (never checked): refused", () => {
    const check = checkAward({ outcomeTierId: WINNER, facts: { status: "submitted", submittedReviews: 4 }, minReviews: 3 });
    assert.equal(check.ok, false);
    assert.equal(describeShortfalls(check.shortfalls), "it has not been checked for eligibility");
  });

  test("Not awarded always stands, whatever the judging", () => {
    assert.deepEqual(checkAward({ outcomeTierId: null, facts: { status: "submitted", submittedReviews: 0 }, minReviews: 3 }), {
      ok: true,
      overridden: false,
      shortfalls: [],
    });
  });

  test("an override with a reason lets the award stand, marked as overridden; a blank reason is no override", () => {
    const facts = { status: "submitted", submittedReviews: 0 };
    const withReason = checkAward({ outcomeTierId: WINNER, facts, minReviews: 3, overrideReason: "Judged at the panel meeting; scores lost" });
    assert.ok(withReason.ok && withReason.overridden);
    assert.equal(withReason.shortfalls.length, 2);
    assert.equal(checkAward({ outcomeTierId: WINNER, facts, minReviews: 3, overrideReason: "   " }).ok, false);
    assert.equal(checkAward({ outcomeTierId: WINNER, facts, minReviews: 3, overrideReason: null }).ok, false);
    // Not needed: not an override, whatever was typed.
    const needless = checkAward({ outcomeTierId: WINNER, facts: { status: "eligible", submittedReviews: 3 }, minReviews: 3, overrideReason: "Just in case" });
    assert.ok(needless.ok && !needless.overridden);
  });

  test("locking: only awards that fail the rule and have no override stop it, named in order", () => {
    const awards = [
      { id: "a", title: "Judged", outcome: "Winner", outcomeTierId: WINNER, overrideReason: null, facts: { status: "eligible", submittedReviews: 3 } },
      {
        id: "b",
        title: "Unjudged",
        outcome: "Highly commended",
        outcomeTierId: "t4",
        overrideReason: null,
        facts: { status: "submitted", submittedReviews: 0 },
      },
      {
        id: "c",
        title: "Overridden",
        outcome: "Commendation",
        outcomeTierId: "t3",
        overrideReason: "Panel meeting",
        facts: { status: "eligible", submittedReviews: 1 },
      },
      { id: "d", title: "Not awarded", outcome: "Not awarded", outcomeTierId: null, overrideReason: null, facts: { status: "submitted", submittedReviews: 0 } },
      { id: "e", title: "Short", outcome: "Commendation", outcomeTierId: "t3", overrideReason: "", facts: { status: "eligible", submittedReviews: 2 } },
    ];
    assert.deepEqual(
      unsupportedAwards(awards, 3).map((u) => u.id),
      ["b", "e"],
    );
  });

  test("property: an award stands exactly when it is eligible with enough reviews, or has a reasoned override", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("submitted", "eligible", "ineligible", "withdrawn"),
        fc.nat(10),
        fc.integer({ min: 1, max: 10 }),
        fc.option(fc.string(), { nil: null }),
        fc.boolean(),
        (status, submittedReviews, minReviews, overrideReason, awarded) => {
          const check = checkAward({ outcomeTierId: awarded ? WINNER : null, facts: { status, submittedReviews }, minReviews, overrideReason });
          const judged = status === "eligible" && submittedReviews >= minReviews;
          const reasoned = !!overrideReason && overrideReason.trim() !== "";
          assert.equal(check.ok, !awarded || judged || reasoned);
          if (check.ok) assert.equal(check.overridden, awarded && !judged && reasoned);
        },
      ),
    );
  });
});
