import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  applicableCriteria,
  describedScale,
  formatTotal,
  oneDecimal,
  parseDescriptors,
  scalePoints,
  scoresFromForm,
  validateScores,
  weightedTotal,
  type CriterionScale,
} from "../../app/judging/scoring";

const partnership: CriterionScale = { id: "c1", name: "Partnership", weight: 2, scaleMin: 1, scaleMax: 5, categoryId: null };
const difference: CriterionScale = { id: "c2", name: "Difference made", weight: 2, scaleMin: 1, scaleMax: 5, categoryId: null };
const compact: CriterionScale = { id: "c3", name: "Compact principles", weight: 1, scaleMin: 1, scaleMax: 5, categoryId: null };
const learning: CriterionScale = { id: "c4", name: "Learning", weight: 1, scaleMin: 1, scaleMax: 5, categoryId: null };
const demo = [partnership, difference, compact, learning];

const close = (actual: number | null, expected: number, what = "value") => {
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-9, `${what}: expected ${expected}, got ${actual}`);
};

describe("weightedTotal", () => {
  test("all top marks is 100, all bottom marks is 0", () => {
    close(weightedTotal({ c1: 5, c2: 5, c3: 5, c4: 5 }, demo).percent, 100);
    close(weightedTotal({ c1: 1, c2: 1, c3: 1, c4: 1 }, demo).percent, 0);
  });

  test("sum(w * (s - min) / (max - min)) / sum(w) * 100", () => {
    // (2*0.75 + 2*0.5 + 1*0.25 + 1*1) / 6 * 100 = 3.75 / 6 * 100 = 62.5
    const total = weightedTotal({ c1: 4, c2: 3, c3: 2, c4: 5 }, demo);
    close(total.percent, 62.5);
    assert.equal(total.complete, true);
    assert.equal(total.scored, 4);
    assert.equal(total.of, 4);
    // Shared 1-5 scale: the weighted mean of the scores is 1 + 0.625 * 4 = 3.5
    close(total.onScale!.value, 3.5, "on the shared scale");
    assert.equal(formatTotal(total), "3.5 out of 5 (62.5 out of 100)");
  });

  test("weights count: a heavier criterion moves the total more", () => {
    const highOnHeavy = weightedTotal({ c1: 5, c3: 1 }, [partnership, compact]).percent!;
    const highOnLight = weightedTotal({ c1: 1, c3: 5 }, [partnership, compact]).percent!;
    close(highOnHeavy, (2 / 3) * 100);
    close(highOnLight, (1 / 3) * 100);
  });

  test("different scales share the 0-100 scale, with no 'out of 5' display", () => {
    const tenPoint: CriterionScale = { id: "t", name: "Ten", weight: 1, scaleMin: 0, scaleMax: 10 };
    const total = weightedTotal({ c3: 3, t: 10 }, [compact, tenPoint]);
    close(total.percent, 75); // (0.5 + 1) / 2
    assert.equal(total.onScale, null);
    assert.equal(formatTotal(total), "75.0 out of 100");
  });

  test("a draft shows a provisional total of what is scored, and says it is incomplete", () => {
    const total = weightedTotal({ c1: 5, c2: null }, demo);
    close(total.percent, 100);
    assert.equal(total.scored, 1);
    assert.equal(total.complete, false);
  });

  test("nothing scored: no total", () => {
    const total = weightedTotal({}, demo);
    assert.equal(total.percent, null);
    assert.equal(total.onScale, null);
    assert.equal(formatTotal(total), "Not scored yet");
  });

  test("scores off the scale, fractions and criteria with no weight are not counted", () => {
    const zeroWeight: CriterionScale = { id: "z", weight: 0, scaleMin: 1, scaleMax: 5 };
    const total = weightedTotal({ c1: 7, c2: 2.5, c3: 5, z: 1 }, [partnership, difference, compact, zeroWeight]);
    close(total.percent, 100);
    assert.equal(total.scored, 1);
    assert.equal(total.complete, false);
  });

  test("property: the total is between 0 and 100 and does not depend on criterion order", () => {
    const criterion = fc.record({
      weight: fc.integer({ min: 1, max: 5 }),
      scaleMin: fc.integer({ min: 0, max: 2 }),
      span: fc.integer({ min: 1, max: 9 }),
    });
    fc.assert(
      fc.property(
        fc.array(criterion, { minLength: 1, maxLength: 6 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 6, maxLength: 6 }),
        (specs, picks) => {
          const criteria = specs.map((s, i) => ({ id: `k${i}`, weight: s.weight, scaleMin: s.scaleMin, scaleMax: s.scaleMin + s.span }));
          const scores = Object.fromEntries(criteria.map((c, i) => [c.id, c.scaleMin + Math.round(picks[i] * (c.scaleMax - c.scaleMin))]));
          const a = weightedTotal(scores, criteria).percent!;
          const b = weightedTotal(scores, [...criteria].reverse()).percent!;
          assert.ok(a >= 0 && a <= 100 + 1e-9);
          assert.ok(Math.abs(a - b) < 1e-9);
        },
      ),
    );
  });
});

describe("oneDecimal", () => {
  test("rounds halves up and never shows -0.0", () => {
    assert.equal(oneDecimal(3.25), "3.3");
    assert.equal(oneDecimal(62.5), "62.5");
    assert.equal(oneDecimal(-0.01), "0.0");
    assert.equal(oneDecimal(100), "100.0");
  });
});

describe("validateScores", () => {
  test("a draft may leave criteria unscored", () => {
    assert.deepEqual(validateScores({ c1: 3, c2: null }, demo), {});
  });

  test("submitting needs every criterion scored, naming each one", () => {
    const errors = validateScores({ c1: 3, c2: null }, demo, { requireAll: true });
    assert.deepEqual(Object.keys(errors).sort(), ["c2", "c3", "c4"]);
    assert.match(errors.c2, /Choose a score for "Difference made"/);
  });

  test("scores must be whole numbers on the criterion's scale", () => {
    const errors = validateScores({ c1: 0, c2: 6, c3: 2.5, c4: Number.NaN }, demo);
    assert.deepEqual(Object.keys(errors).sort(), ["c1", "c2", "c3", "c4"]);
    assert.match(errors.c1, /from 1 to 5/);
  });

  test("a score for a criterion that does not apply is refused", () => {
    const errors = validateScores({ other: 3 }, demo);
    assert.ok(errors.form);
  });

  test("a complete, valid set passes when submitting", () => {
    assert.deepEqual(validateScores({ c1: 1, c2: 5, c3: 3, c4: 4 }, demo, { requireAll: true }), {});
  });
});

describe("applicableCriteria", () => {
  test("the cycle's general criteria and the nomination's category's own", () => {
    const own: CriterionScale = { id: "own", weight: 1, scaleMin: 1, scaleMax: 5, categoryId: "cat-a" };
    const other: CriterionScale = { id: "other", weight: 1, scaleMin: 1, scaleMax: 5, categoryId: "cat-b" };
    assert.deepEqual(
      applicableCriteria([partnership, own, other], "cat-a").map((c) => c.id),
      ["c1", "own"],
    );
    assert.deepEqual(
      applicableCriteria([partnership, own, other], null).map((c) => c.id),
      ["c1"],
    );
  });
});

describe("descriptors", () => {
  test("reads the stored shape, ordered by score", () => {
    const json = JSON.stringify([
      { score: 2, label: "Some" },
      { score: 1, label: "None" },
    ]);
    assert.deepEqual(parseDescriptors(json), [
      { score: 1, label: "None" },
      { score: 2, label: "Some" },
    ]);
  });

  test("accepts a plain list of labels, from the scale's minimum", () => {
    assert.deepEqual(parseDescriptors(JSON.stringify(["Nothing", "A little", "Lots"]), { scaleMin: 0, scaleMax: 2 }), [
      { score: 0, label: "Nothing" },
      { score: 1, label: "A little" },
      { score: 2, label: "Lots" },
    ]);
  });

  test("unreadable JSON, blanks, repeats and points off the scale are left out", () => {
    assert.deepEqual(parseDescriptors("not json"), []);
    assert.deepEqual(parseDescriptors('{"score":1}'), []);
    assert.deepEqual(parseDescriptors(null), []);
    const json = JSON.stringify([
      { score: 1, label: "One" },
      { score: 1, label: "One again" },
      { score: 2, label: "   " },
      { score: 9, label: "Nine" },
      { score: "3", label: "Three" },
      { score: 4.5, label: "Half" },
      42,
    ]);
    assert.deepEqual(parseDescriptors(json, { scaleMin: 1, scaleMax: 5 }), [
      { score: 1, label: "One" },
      { score: 3, label: "Three" },
    ]);
  });

  test("describedScale gives every point, with an empty label where none was written", () => {
    const scale = describedScale({ scaleMin: 1, scaleMax: 3, descriptors: JSON.stringify([{ score: 2, label: "Middle" }]) });
    assert.deepEqual(scale, [
      { score: 1, label: "" },
      { score: 2, label: "Middle" },
      { score: 3, label: "" },
    ]);
  });

  test("scalePoints", () => {
    assert.deepEqual(scalePoints({ scaleMin: 1, scaleMax: 5 }), [1, 2, 3, 4, 5]);
    assert.deepEqual(scalePoints({ scaleMin: 5, scaleMax: 1 }), []);
  });
});

describe("scoresFromForm", () => {
  test("reads score.<criterionId> fields; blank is unscored; junk is kept as NaN for validation", () => {
    const form = new FormData();
    form.set("score.c1", "4");
    form.set("score.c2", "");
    form.set("score.c3", "three");
    form.set("commentForPanel", "ignored");
    const scores = scoresFromForm(form.entries());
    assert.equal(scores.c1, 4);
    assert.equal(scores.c2, null);
    assert.ok(Number.isNaN(scores.c3));
    assert.equal("commentForPanel" in scores, false);
  });
});
