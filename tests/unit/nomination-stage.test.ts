/**
 * Issue 19, item 8, its pure rule: where a nomination in play stands on its partners' page
 * (nominationStage), at every step from checking to a published case study.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { nominationStage, type StageInput } from "../../app/nominations/stage";

const day = (d: number) => new Date(Date.UTC(2026, 2, d, 12));
const cycle: StageInput["cycle"] = {
  launchedAt: day(1),
  nominationsOpenAt: day(1),
  nominationsCloseAt: day(10),
  judgingOpenAt: day(11),
  judgingCloseAt: day(20),
  resultsDecidedAt: null,
  resultsSentAt: null,
  publishedAt: null,
  judgingClosedAt: null,
  ceremonyAt: day(28),
  ceremonyVenue: "Coventry Cathedral",
  publishResultsAt: null,
};
const stageAt = (now: Date, over: Partial<StageInput> = {}) =>
  nominationStage({ status: "eligible", told: null, caseStudyPath: null, ...over, cycle: { ...cycle, ...over.cycle } }, now);

describe("issue 19, item 8: where a nomination stands, at every stage", () => {
  test("drafts, nominations waiting for a partner, withdrawn and ineligible ones have their own words", () => {
    for (const status of ["draft", "awaiting_partner", "withdrawn", "ineligible"]) assert.equal(stageAt(day(5), { status }), null, status);
  });

  test("submitted and not yet checked, then checked and waiting for judging", () => {
    assert.deepEqual(stageAt(day(5), { status: "submitted" }), { kind: "checking" });
    assert.deepEqual(stageAt(day(5)), { kind: "waiting_for_judging", judgingOpensAt: day(11) });
  });

  test("being judged, with the closing date; then the outcomes being decided, with the ceremony", () => {
    assert.deepEqual(stageAt(day(12)), { kind: "judging", judgingClosesAt: day(20) });
    assert.deepEqual(stageAt(day(21)), { kind: "deciding", ceremonyAt: day(28) });
    // Locked but not yet told: still being decided, as far as the partners know.
    assert.deepEqual(stageAt(day(21), { cycle: { ...cycle, resultsDecidedAt: day(21) } }), { kind: "deciding", ceremonyAt: day(28) });
    // After the ceremony, no ceremony is promised.
    assert.deepEqual(stageAt(day(29)), { kind: "deciding", ceremonyAt: null });
  });

  test("once told: the outcome, the ceremony still to come, and when the results will be published", () => {
    const told = { outcome: "Winner", awarded: true, stands: true };
    const decided = { ...cycle, resultsDecidedAt: day(21), resultsSentAt: day(22), publishResultsAt: day(28) };
    assert.deepEqual(stageAt(day(22), { told, cycle: decided }), {
      kind: "told",
      outcome: "Winner",
      awarded: true,
      beingCorrected: false,
      ceremony: { at: day(28), venue: "Coventry Cathedral" },
      published: false,
      publishAt: day(28),
      caseStudyPath: null,
    });
  });

  test("published: the link to its case study; an outcome told and then unlocked is being corrected", () => {
    const published = { ...cycle, resultsDecidedAt: day(21), resultsSentAt: day(22), publishedAt: day(28) };
    const stage = stageAt(day(29), { told: { outcome: "Winner", awarded: true, stands: true }, cycle: published, caseStudyPath: "/cycles/c/case-studies/n" });
    assert.equal(stage?.kind, "told");
    assert.ok(stage?.kind === "told" && stage.published && stage.caseStudyPath === "/cycles/c/case-studies/n" && stage.ceremony === null);
    // A case study is linked only once the results are published.
    const early = stageAt(day(22), { told: { outcome: "Winner", awarded: true, stands: true }, caseStudyPath: "/cycles/c/case-studies/n" });
    assert.ok(early?.kind === "told" && early.caseStudyPath === null);
    const correcting = stageAt(day(23), { told: { outcome: "Highly commended", awarded: true, stands: false }, cycle: { ...cycle, resultsSentAt: day(22) } });
    assert.ok(correcting?.kind === "told" && correcting.beingCorrected && correcting.outcome === "Highly commended");
  });
});
