import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { NOMINATION_STATUSES } from "~/domain/vocabulary";
import {
  COUNTED,
  DRAFTING,
  EDITABLE,
  IN_PLAY,
  isCounted,
  isEditable,
  isInPlay,
  isJudgeable,
  isReceived,
  isReviewable,
  isWithdrawable,
  JUDGEABLE,
  NOT_RECEIVED,
  OUT_OF_PLAY,
  RECEIVED,
  REVIEWABLE,
  WITHDRAWABLE,
  WITHDRAWN,
} from "~/nominations/status";

const sorted = (xs: readonly string[]) => [...xs].sort();
const union = (...sets: (readonly string[])[]) => sorted(sets.flat());
const minus = (a: readonly string[], b: readonly string[]) => a.filter((x) => !b.includes(x));

describe("nomination status sets (docs/decisions/0061)", () => {
  it("RECEIVED and NOT_RECEIVED split every status in two", () => {
    assert.deepEqual(union(RECEIVED, NOT_RECEIVED), sorted(NOMINATION_STATUSES));
    assert.deepEqual(
      RECEIVED.filter((s) => (NOT_RECEIVED as readonly string[]).includes(s)),
      [],
    );
  });

  it("IN_PLAY and OUT_OF_PLAY split every status in two", () => {
    assert.deepEqual(union(IN_PLAY, OUT_OF_PLAY), sorted(NOMINATION_STATUSES));
    assert.deepEqual(minus(IN_PLAY, OUT_OF_PLAY), [...IN_PLAY]);
  });

  it("DRAFTING, COUNTED and OUT_OF_PLAY split every status in three", () => {
    assert.deepEqual(union(DRAFTING, COUNTED, OUT_OF_PLAY), sorted(NOMINATION_STATUSES));
    assert.deepEqual(sorted(IN_PLAY), union(DRAFTING, COUNTED));
  });

  it("what is judged is counted, what is counted was received and is still in play", () => {
    for (const s of JUDGEABLE) assert.ok(isCounted(s), s);
    for (const s of COUNTED) assert.ok(isReceived(s) && isInPlay(s), s);
    assert.deepEqual(sorted(COUNTED), sorted(RECEIVED.filter((s) => isInPlay(s))));
    assert.deepEqual([...JUDGEABLE], ["eligible"]);
  });

  it("organisers review exactly what was received; partners withdraw anything still in play", () => {
    assert.deepEqual(sorted(REVIEWABLE), sorted(RECEIVED));
    assert.deepEqual(sorted(WITHDRAWABLE), sorted(IN_PLAY));
    assert.ok(!isWithdrawable(WITHDRAWN));
  });

  it("partners edit only what no organiser has decided on yet", () => {
    assert.deepEqual(sorted(EDITABLE), union(DRAFTING, minus(COUNTED, JUDGEABLE)));
  });

  it("each helper agrees with its set for every status", () => {
    const pairs: [(s: string) => boolean, readonly string[]][] = [
      [isCounted, COUNTED],
      [isInPlay, IN_PLAY],
      [isReceived, RECEIVED],
      [isJudgeable, JUDGEABLE],
      [isReviewable, REVIEWABLE],
      [isEditable, EDITABLE],
      [isWithdrawable, WITHDRAWABLE],
    ];
    for (const [is, set] of pairs) for (const s of NOMINATION_STATUSES) assert.equal(is(s), set.includes(s), `${is.name}(${s})`);
    assert.equal(isCounted("no-such-status"), false);
  });
});
