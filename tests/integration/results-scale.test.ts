import "../support/test-env";
import { prisma } from "~/db/client.server";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { computeResults } from "~/results/results.server";
import { generateLargeCycle } from "../support/large-cycle";
import { testDatabase } from "../support/test-env";

/**
 * Results at the size the issue names: 2,000 nominations x 30 judges x 6 criteria (360,000
 * scores) in 8 categories. Correctness only: timings are the benchmark's business
 * (tests never assert them; the figure is printed for information).
 */
describe("results at scale: 2,000 nominations x 30 judges x 6 criteria", () => {
  it("ranks every nomination, overall and within its category, from one pass", async () => {
    const g = await generateLargeCycle(testDatabase.url, { nominations: 2000, judges: 30, criteria: 6, categories: 8 });
    assert.equal(g.counts.scores, 360_000);
    const cycle = await prisma.awardCycle.findUniqueOrThrow({ where: { id: g.cycleId } });

    const started = performance.now();
    const computed = await computeResults(prisma, cycle, { comments: "none" });
    const ms = performance.now() - started;
    assert.ok(computed.ok, computed.ok ? "" : computed.problems.map((p) => p.text).join("\n"));
    console.log(
      `# computeResults 2000x30x6: ${Math.round(ms)} ms (query ${Math.round(computed.timings.queryMs)} ms, aggregate ${Math.round(computed.timings.aggregateMs)} ms); insert ${Math.round(g.insertMs)} ms`,
    );

    const { results } = computed;
    assert.equal(results.length, 2000);
    assert.equal(computed.timings.scoreRows, 360_000);
    assert.ok(results.every((r) => r.judgeCount === 30 && r.judgeScores.length === 30));
    assert.ok(results.every((r) => r.flags.length === 0 || r.flags.every((f) => f === "disagreement")));
    assert.ok(results.every((r) => r.rankOverall !== null && r.rankInCategory !== null && r.normalised !== null && r.mean !== null));

    // Competition ranks overall: best first, 1 for the first, never above the position, ties share.
    assert.equal(results[0].rankOverall, 1);
    for (let i = 1; i < results.length; i++) {
      const [a, b] = [results[i - 1], results[i]];
      assert.ok(a.normalised! >= b.normalised! - 1e-9, `sorted at ${i}`);
      assert.ok(b.rankOverall! <= i + 1);
      if (b.rankOverall === a.rankOverall) assert.ok(a.tiedOverall && b.tiedOverall);
      else assert.equal(b.rankOverall, i + 1);
    }

    // Within each of the 8 categories: 250 nominations ranked 1..250 the same way.
    assert.equal(computed.byCategory.length, 8);
    for (const group of computed.byCategory) {
      assert.equal(group.results.length, 250);
      assert.equal(group.results[0].rankInCategory, 1);
      for (let i = 1; i < group.results.length; i++) {
        const [a, b] = [group.results[i - 1], group.results[i]];
        assert.ok(b.rankInCategory! >= a.rankInCategory!);
        if (b.rankInCategory !== a.rankInCategory) assert.equal(b.rankInCategory, i + 1);
      }
    }

    // The normalised score recovers the hidden quality despite harsh and generous judges.
    const quality = new Map(g.nominationIds.map((id, i) => [id, g.quality[i]]));
    const top = results.slice(0, 200).map((r) => quality.get(r.nominationId)!);
    const bottom = results.slice(-200).map((r) => quality.get(r.nominationId)!);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    assert.ok(mean(top) > mean(bottom) + 1, `top ${mean(top).toFixed(2)} vs bottom ${mean(bottom).toFixed(2)}`);
  });
});
