/**
 * Issue 19, items 3 and 9, their pure rules: who needs a correction (correctionNeed), when
 * judging is open after a correction (judgingOpen), and a campaign's whole progress
 * (wholeProgress).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { correctionNeed, tellsCurrent, type CurrentOutcome, type Notice } from "../../app/mail/corrections.server";
import { wholeProgress } from "../../app/mail/campaigns.server";
import { judgingOpen, type CycleTimeline } from "../../app/cycles/phase";

const at = (minute: number) => new Date(Date.UTC(2026, 2, 12, 10, minute));
const WINNER: CurrentOutcome = { tierId: "t-winner", name: "Winner", template: "results-winner" };
const NOT_AWARDED: CurrentOutcome = { tierId: null, name: "Not awarded", template: "results-not-awarded" };

function notice(over: Partial<Notice> & Pick<Notice, "key">): Notice {
  return {
    kind: "results",
    status: "sent",
    template: "results-winner",
    outcomeTierId: "t-winner",
    outcome: "Winner",
    createdAt: at(0),
    sentAt: at(1),
    ...over,
  };
}

describe("issue 19, item 3: who needs a correction", () => {
  test("never told: nothing (the results email tells them)", () => {
    assert.equal(correctionNeed([], WINNER).action, "none");
    assert.equal(correctionNeed([notice({ key: "r", status: "failed", sentAt: null })], NOT_AWARDED).action, "none");
    assert.equal(correctionNeed([notice({ key: "r", status: "queued", sentAt: null })], NOT_AWARDED).action, "none");
  });

  test("told the outcome now: nothing", () => {
    const need = correctionNeed([notice({ key: "r" })], WINNER);
    assert.equal(need.action, "none");
    assert.equal(need.told?.key, "r");
  });

  test("told another outcome: one new correction, the first", () => {
    const need = correctionNeed([notice({ key: "r" })], NOT_AWARDED);
    assert.equal(need.action, "new");
    assert.ok(need.action === "new" && need.n === 1 && need.previous.outcome === "Winner");
  });

  test("a correction telling the outcome now is shown, whatever its status, and never duplicated", () => {
    for (const status of ["queued", "sending", "sent", "failed"]) {
      const c = notice({
        key: "c1",
        kind: "correction",
        status,
        template: "results-correction",
        outcomeTierId: null,
        outcome: "Not awarded",
        createdAt: at(5),
      });
      const need = correctionNeed([notice({ key: "r" }), c], NOT_AWARDED);
      assert.equal(need.action, "show", status);
      assert.ok(need.action === "show" && need.notice.key === "c1" && need.previous?.key === "r");
    }
  });

  test("changed again after a correction: a second correction, replacing the first", () => {
    const c = notice({ key: "c1", kind: "correction", template: "results-correction", outcomeTierId: null, outcome: "Not awarded", createdAt: at(5) });
    const need = correctionNeed([c, notice({ key: "r" })], WINNER);
    assert.equal(need.action, "new");
    assert.ok(need.action === "new" && need.n === 2 && need.previous.key === "c1");
  });

  test("changed back to what the results email said, after a correction: a correction again (they were last told otherwise)", () => {
    const c = notice({ key: "c1", kind: "correction", template: "results-correction", outcomeTierId: null, outcome: "Not awarded", createdAt: at(5) });
    assert.equal(correctionNeed([notice({ key: "r" }), c], WINNER).action, "new");
  });

  test("an email stored before outcomes were recorded: its template says what it told", () => {
    const old = notice({ key: "r", outcome: null, outcomeTierId: null });
    assert.equal(tellsCurrent(old, WINNER), true);
    assert.equal(tellsCurrent(old, NOT_AWARDED), false);
    assert.equal(correctionNeed([old], NOT_AWARDED).action, "new");
  });
});

describe("issue 19, item 3: judging after a correction", () => {
  const cycle: CycleTimeline = {
    launchedAt: at(0),
    nominationsOpenAt: new Date("2026-01-01T09:00:00Z"),
    nominationsCloseAt: new Date("2026-02-01T09:00:00Z"),
    judgingOpenAt: null,
    judgingCloseAt: new Date("2026-04-01T09:00:00Z"),
    resultsDecidedAt: null,
    resultsSentAt: at(1),
    publishedAt: null,
  };
  const now = new Date("2026-03-15T12:00:00Z");
  test("unlocked after the partners were told: judging stays closed until reopened", () => {
    assert.equal(judgingOpen({ ...cycle, judgingClosedAt: at(2) }, now), false);
    assert.equal(judgingOpen({ ...cycle, judgingClosedAt: null }, now), true, "reopened on purpose");
    assert.equal(judgingOpen({ ...cycle, judgingClosedAt: null, resultsDecidedAt: at(3) }, now), false, "locked");
  });
});

describe("issue 19, item 9: a campaign's whole progress", () => {
  test("counts every planned email, not only those stored so far", () => {
    const statuses = ["sent", "sent", "sent", ...Array<string>(44).fill("none")];
    assert.deepEqual(wholeProgress(statuses, true), { total: 47, queued: 44, sending: 0, sent: 3, failed: 0, notSent: 0 });
    assert.deepEqual(wholeProgress(statuses, false), { total: 47, queued: 0, sending: 0, sent: 3, failed: 0, notSent: 44 });
    assert.deepEqual(wholeProgress(["queued", "sending", "failed", "sent"], false), { total: 4, queued: 1, sending: 1, sent: 1, failed: 1, notSent: 0 });
  });
});
