import "../support/test-env";
import { prisma, rawReader } from "~/db/client.server";
import { portable } from "~/db/raw.server";
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { seedDemo } from "~/demo/seed.server";
import { decideResults, LOCKED_MESSAGE, loadResultsAudit, publishResults, setDecision, unlockResults, unpublishResults } from "~/results/decisions.server";
import { decisionsCsv, resultsCsv, scoresCsv } from "~/results/export.server";
import { aggregateScores, type ScoreRow } from "~/results/aggregate";
import { computeResults, type ComputedResults } from "~/results/results.server";
import { run as exportCommand } from "../../cli/commands/export";
import { run as resultsCommand } from "../../cli/commands/results";
import { generateLargeCycle, type LargeCycle } from "../support/large-cycle";
import { testDatabase } from "../support/test-env";
import { allowCssImports } from "../support/css-modules";
import { args, respond, sessionCookie as cookieFor } from "../support/route-calls";
import { actorOf } from "../support/actors";

allowCssImports();
const moderationRoute = await import("~/routes/admin.cycles.$slug.results");
const csvRoute = await import("~/routes/admin.cycles.$slug.results[.csv]");
const bookletRoute = await import("~/routes/cycles.$slug.booklet[.pdf]");
const caseStudiesRoute = await import("~/routes/cycles.$slug.case-studies._index");
const publicRoute = await import("~/routes/cycles.$slug.results");

/* ---------------------------------------------------------------- helpers */

type Ok = Extract<ComputedResults, { ok: true }>;

function assertOk(computed: ComputedResults): asserts computed is Ok {
  assert.ok(computed.ok, computed.ok ? "" : computed.problems.map((p) => p.text).join("\n"));
}

async function cycleBySlug(slug: string) {
  return prisma.awardCycle.findUniqueOrThrow({ where: { slug } });
}

async function userId(email: string) {
  return (await prisma.user.findUniqueOrThrow({ where: { email } })).id;
}

function get(url: string, cookie?: string) {
  return new Request(url, { headers: cookie ? { Cookie: cookie } : {} });
}

function post(url: string, body: Record<string, string>, cookie?: string) {
  return new Request(url, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(body).toString(),
  });
}

/** Captures what a CLI command writes to stdout. */
async function captureStdout(fn: () => Promise<number | void>): Promise<{ code: number | void; out: string }> {
  const written: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const log = console.log;
  const error = console.error;
  // The test runner talks to its parent on stdout too: keep only the command's text, pass the rest on.
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (typeof chunk === "string") return (written.push(chunk), true);
    return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  console.log = (...parts: unknown[]) => void written.push(parts.join(" ") + "\n");
  console.error = () => {};
  try {
    const code = await fn();
    return { code, out: written.join("") };
  } finally {
    process.stdout.write = write;
    console.log = log;
    console.error = error;
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

const DEMO_ORGANISER = "organiser@demo.compact-awards.example";
const DEMO_JUDGE = "judge1@demo.compact-awards.example";
const DEMO_NOMINATOR = "nominator@demo.compact-awards.example";

before(async () => {
  await seedDemo(prisma);
});

/* ------------------------------------------------------------- the demo */

describe("computeResults on the demo coventry-2010", () => {
  it("ranks every nomination, and the awarded ones score higher than those not awarded, as the seed promises", async () => {
    const computed = await computeResults(prisma, await cycleBySlug("coventry-2010"));
    assertOk(computed);
    assert.equal(computed.results.length, 16);
    assert.ok(computed.results.every((r) => r.rankOverall !== null && r.rankInCategory !== null && r.judgeCount >= 2));
    const outcome = (id: string) => computed.nominationById.get(id)!.decision?.outcomeName ?? null;
    const awarded = computed.results.filter((r) => outcome(r.nominationId) !== "Not awarded");
    const notAwarded = computed.results.filter((r) => outcome(r.nominationId) === "Not awarded");
    assert.equal(awarded.length, 14);
    assert.equal(notAwarded.length, 2);
    assert.ok(mean(awarded.map((r) => r.mean!)) > mean(notAwarded.map((r) => r.mean!)), "mean");
    assert.ok(mean(awarded.map((r) => r.normalised!)) > mean(notAwarded.map((r) => r.normalised!)), "normalised");
    // Stronger, and true of this deterministic seed: every award ranks above every "not awarded".
    const worstAwarded = Math.max(...awarded.map((r) => r.rankOverall!));
    const bestNotAwarded = Math.min(...notAwarded.map((r) => r.rankOverall!));
    assert.ok(worstAwarded < bestNotAwarded, `awards rank 1-${worstAwarded}, not awarded from ${bestNotAwarded}`);
    const special = computed.results.filter((r) => outcome(r.nominationId) === "Special commendation");
    const commended = computed.results.filter((r) => outcome(r.nominationId) === "Commendation");
    assert.equal(special.length, 4);
    assert.equal(commended.length, 10);
    assert.ok(mean(special.map((r) => r.normalised!)) > mean(commended.map((r) => r.normalised!)));
    // The seed's detected conflicts are counted; with two judges left the panel is not short (minimum 2).
    assert.ok(computed.results.some((r) => r.conflictedAssignments > 0));
    assert.ok(computed.results.every((r) => !r.flags.includes("too_few_judges")));
    // Comments come with the results, one per submitted, non-conflicted review.
    for (const r of computed.results) assert.equal(computed.comments.get(r.nominationId)?.length, r.judgeCount);
  });

  it("a conflicted judge's review and scores never count, even when they are in the database", async () => {
    const cycle = await cycleBySlug("coventry-2010");
    const before = await computeResults(prisma, cycle);
    assertOk(before);
    const conflicted = await prisma.assignment.findFirstOrThrow({
      where: { cycleId: cycle.id, conflict: "detected", review: { is: null } },
      include: { nomination: { select: { id: true } } },
    });
    const criteria = await prisma.criterion.findMany({ where: { cycleId: cycle.id } });
    // A full, submitted review of top marks on the conflicted assignment.
    const review = await prisma.review.create({
      data: {
        assignmentId: conflicted.id,
        status: "submitted",
        submittedAt: new Date(),
        commentForPanel: "CONFLICTED COMMENT",
        scores: { create: criteria.map((c) => ({ criterionId: c.id, value: c.scaleMax })) },
      },
    });
    try {
      const after = await computeResults(prisma, cycle);
      assertOk(after);
      assert.deepEqual(after.results, before.results);
      const comments = [...after.comments.values()].flat();
      assert.ok(!comments.some((c) => c.comment === "CONFLICTED COMMENT"));
      const result = after.resultById.get(conflicted.nominationId)!;
      assert.ok(!result.judgeScores.some((s) => s.judgeId === conflicted.judgeId));
      assert.ok(!(await scoresCsv(cycle.id)).includes("CONFLICTED"));

      // A judge who declares a conflict after scoring: their submitted review stops counting.
      const scored = await prisma.assignment.findFirstOrThrow({
        where: { cycleId: cycle.id, conflict: "none", review: { is: { status: "submitted" } } },
      });
      await prisma.assignment.update({ where: { id: scored.id }, data: { conflict: "declared", conflictReason: "Trustee of a partner" } });
      const declared = await computeResults(prisma, cycle);
      assertOk(declared);
      const was = before.resultById.get(scored.nominationId)!;
      const now = declared.resultById.get(scored.nominationId)!;
      assert.equal(now.judgeCount, was.judgeCount - 1);
      assert.equal(now.conflictedAssignments, was.conflictedAssignments + 1);
      assert.ok(!now.judgeScores.some((s) => s.judgeId === scored.judgeId));
      await prisma.assignment.update({ where: { id: scored.id }, data: { conflict: "none", conflictReason: null } });
    } finally {
      await prisma.review.delete({ where: { id: review.id } });
    }
  });

  it("the public results page shows the seed's outcomes: 4 special commendations and 10 commendations", async () => {
    const response = await respond(() => publicRoute.loader(args(get("http://localhost/cycles/coventry-2010/results"), { slug: "coventry-2010" })));
    assert.equal(response.status, 200);
    const data = await response.json();
    const count = (heading: string) =>
      data.categories.reduce(
        (sum: number, c: { tiers: { heading: string; awards: unknown[] }[] }) =>
          sum + c.tiers.filter((t) => t.heading === heading).reduce((s, t) => s + t.awards.length, 0),
        0,
      );
    assert.equal(count("Special commendations"), 4);
    assert.equal(count("Commendations"), 10);
    assert.equal(count("Winners"), 0);
    assert.equal(data.total, 14);
    assert.equal(data.summary, "four special commendations and ten commendations");
    assert.equal(data.categories.length, 4);
    const first = data.categories[0].tiers[0].awards[0];
    assert.ok(first.title && first.partners.length >= 2, "each award has its partners");
  });

  it("`results --json` prints counts per tier and category and each nomination's measures and outcome", async () => {
    const { code, out } = await captureStdout(() => resultsCommand(["coventry-2010", "--json"]));
    assert.equal(code, 0);
    const doc = JSON.parse(out);
    assert.equal(doc.cycle.slug, "coventry-2010");
    assert.equal(doc.counts.nominations, 16);
    assert.equal(doc.counts.undecided, 0);
    assert.equal(doc.counts.notAwarded, 2);
    assert.deepEqual(
      doc.counts.byTier.map((t: { tier: string; count: number }) => [t.tier, t.count]),
      [
        ["Winner", 0],
        ["Special commendation", 4],
        ["Commendation", 10],
        ["Highly commended", 0],
      ],
    );
    assert.equal(doc.categories.length, 4);
    assert.equal(
      doc.categories.reduce((s: number, c: { nominations: number }) => s + c.nominations, 0),
      16,
    );
    assert.equal(doc.nominations.length, 16);
    const top = doc.nominations[0];
    assert.equal(top.rankOverall, 1);
    for (const key of ["normalised", "mean", "median", "spread", "judges", "flags", "outcome", "rankInCategory", "tiedInCategory"]) assert.ok(key in top, key);
    const unknown = await captureStdout(() => resultsCommand(["no-such-cycle", "--json"]));
    assert.equal(unknown.code, 1);
  });

  it("CLI exports: scores in long form, results and decisions", async () => {
    const scores = await captureStdout(() => exportCommand(["coventry-2010", "scores"]));
    assert.equal(scores.code, 0);
    const lines = scores.out.trim().split("\r\n");
    assert.equal(lines[0], "Nomination ID,Category,Nomination,Judge,Criterion,Weight,Scale,Score");
    // 16 nominations, 42 submitted non-conflicted reviews, 4 criteria each.
    assert.equal(lines.length - 1, 42 * 4);
    const results = await captureStdout(() => exportCommand(["coventry-2010", "results"]));
    const resultLines = results.out.trim().split("\r\n");
    assert.match(resultLines[0], /^Rank overall,Tied overall,Rank in category,Tied in category,Category,Nomination ID,Nomination,Judges/);
    assert.match(resultLines[0], /Normalised \(z\),Mean \(0-100\),Median \(0-100\),Spread \(0-100\)/);
    assert.equal(resultLines.length - 1, 16);
    assert.match(resultLines[1], /^1,/);
    const decisions = await captureStdout(() => exportCommand(["coventry-2010", "decisions"]));
    const decisionLines = decisions.out.trim().split("\r\n");
    assert.equal(decisionLines[0], "Nomination ID,Category,Nomination,Outcome,Rationale,Citation,Decided by,Decided at (UK time),Decided at (UTC)");
    assert.equal(decisionLines.length - 1, 16);
    assert.ok(decisions.out.includes("Special commendation"));
    assert.ok(decisions.out.includes("Sam Whitfield"));
  });
});

/* ----------------------------------------------- which nominations count */

describe("which nominations count", () => {
  it("withdrawn, ineligible and never-submitted nominations are excluded, with their reviews", async () => {
    const g = await generateLargeCycle(testDatabase.url, {
      nominations: 12,
      judges: 4,
      criteria: 3,
      categories: 2,
      slug: "small-excluded",
      minJudgesPerNomination: 2,
    });
    const cycle = await cycleBySlug(g.slug);
    const [withdrawn, ineligible, draft, submitted] = g.nominationIds;
    await prisma.nomination.update({ where: { id: withdrawn }, data: { status: "withdrawn", withdrawnAt: new Date() } });
    await prisma.nomination.update({ where: { id: ineligible }, data: { status: "ineligible", ineligibleReason: "No statutory partner" } });
    await prisma.nomination.update({ where: { id: draft }, data: { status: "draft" } });
    await prisma.nomination.update({ where: { id: submitted }, data: { status: "submitted" } });

    const computed = await computeResults(prisma, cycle);
    assertOk(computed);
    const ids = computed.results.map((r) => r.nominationId);
    assert.equal(ids.length, 9);
    for (const gone of [withdrawn, ineligible, draft]) assert.ok(!ids.includes(gone), gone);
    assert.ok(ids.includes(submitted), "submitted (not yet checked) still counts");
    assert.deepEqual(computed.excluded, { withdrawn: 1, ineligible: 1, notSubmitted: 1 });
    // Ranks run over the counted nominations only: 1..9 overall.
    assert.ok(computed.results.every((r) => r.rankOverall! <= 9));
    const csv = await scoresCsv(cycle.id);
    assert.equal(csv.trim().split("\r\n").length - 1, 9 * 4 * 3);
    assert.ok(!(await decisionsCsv(prisma, cycle.id)).includes(withdrawn));

    const organiser = await actorOf(g.organiserId);
    const refused = await setDecision(prisma, organiser, withdrawn, { outcomeTierId: g.tierIds[0], rationale: "Great" });
    assert.equal(refused.ok, false);
    assert.match(!refused.ok ? refused.message : "", /withdrawn/);
  });

  it("a blank score is reported as a problem to fix, never read as zero, and the page does not crash", async () => {
    const g = await generateLargeCycle(testDatabase.url, { nominations: 5, judges: 3, criteria: 3, categories: 1, slug: "small-blank" });
    const cycle = await cycleBySlug(g.slug);
    const review = await prisma.review.findFirstOrThrow({
      where: { assignment: { cycleId: cycle.id, nominationId: g.nominationIds[2] } },
      include: { assignment: true },
    });
    await prisma.score.delete({ where: { reviewId_criterionId: { reviewId: review.id, criterionId: g.criterionIds[1] } } });
    const computed = await computeResults(prisma, cycle);
    assert.equal(computed.ok, false);
    if (computed.ok) return;
    assert.equal(computed.problems.length, 1);
    const [problem] = computed.problems;
    assert.equal(problem.kind, "blank");
    assert.equal(problem.nominationTitle, "Generated nomination 3");
    assert.match(problem.text, /Judge \d/);
    assert.match(problem.text, /"Generated nomination 3"/);
    assert.match(problem.text, /"Criterion 2"/);
    assert.equal(computed.nominations.length, 5, "nominations are still listed for decisions");

    // The moderation page shows the list instead of failing.
    const cookie = await cookieFor(g.organiserId);
    const page = await respond(() => moderationRoute.loader(args(get(`http://localhost/admin/cycles/${g.slug}/results`, cookie), { slug: g.slug })));
    assert.equal(page.status, 200);
    const data = await page.json();
    assert.equal(data.ok, false);
    assert.equal(data.problems.length, 1);
    assert.equal(data.groups[0].items.length, 5);
    // The results CSV cannot be made: a clear 409, not a broken file.
    const csv = await respond(() => csvRoute.loader(args(get(`http://localhost/admin/cycles/${g.slug}/results.csv?kind=results`, cookie), { slug: g.slug })));
    assert.equal(csv.status, 409);
    assert.match(await csv.text(), /Generated nomination 3/);
  });
});

describe("the one query reads exactly what the plain query reads", () => {
  it("same results as aggregateScores over `Review LEFT JOIN Score` rows, with conflicts, drafts and two criteria sets", async () => {
    const g = await generateLargeCycle(testDatabase.url, {
      nominations: 60,
      judges: 8,
      criteria: 4,
      categories: 3,
      judgesPerNomination: 5,
      conflictRate: 0.2,
      slug: "small-reference",
      seed: 7,
    });
    const cycle = await cycleBySlug(g.slug);
    // A category's own criterion (only its nominations are scored on it) and a few reviews still in draft.
    const own = await prisma.criterion.create({
      data: { cycleId: cycle.id, categoryId: g.categoryIds[1], name: "Category's own", weight: 3, scaleMin: 0, scaleMax: 10, position: 9 },
    });
    const inCategory = await prisma.review.findMany({
      where: { assignment: { cycleId: cycle.id, nomination: { categoryId: g.categoryIds[1] } } },
      select: { id: true },
    });
    await prisma.score.createMany({ data: inCategory.map((r, i) => ({ reviewId: r.id, criterionId: own.id, value: i % 11 })) });
    const drafts = await prisma.review.findMany({ where: { assignment: { cycleId: cycle.id } }, take: 7, orderBy: { id: "desc" }, select: { id: true } });
    await prisma.review.updateMany({ where: { id: { in: drafts.map((d) => d.id) } }, data: { status: "draft" } });

    const computed = await computeResults(prisma, cycle);
    assertOk(computed);
    const rows = await rawReader().all<ScoreRow>(
      portable(
        `SELECT r.id AS reviewId, a.judgeId AS judgeId, a.nominationId AS nominationId, s.criterionId AS criterionId, s.value AS value
         FROM "Assignment" a JOIN "Nomination" n ON n.id = a.nominationId JOIN "Review" r ON r.assignmentId = a.id LEFT JOIN "Score" s ON s.reviewId = r.id
         WHERE a.cycleId = ? AND a.conflict = 'none' AND r.status = 'submitted' AND n.status IN ('submitted', 'eligible')
         ORDER BY a.nominationId, a.judgeId, s.criterionId`,
      ),
      [cycle.id],
    );
    assert.equal(computed.timings.scoreRows, rows.length);
    const conflicts = await prisma.assignment.groupBy({
      by: ["nominationId"],
      where: { cycleId: cycle.id, conflict: { not: "none" } },
      _count: { _all: true },
    });
    assert.ok(conflicts.length > 0, "some conflicts");
    const reference = aggregateScores({
      scores: rows,
      criteria: computed.criteria,
      nominations: computed.nominations.map((n) => ({ id: n.id, categoryId: n.categoryId })),
      conflictedAssignments: new Map(conflicts.map((c) => [c.nominationId, c._count._all])),
      settings: computed.settings,
    });
    // Rows come in another order, so sums may differ in the last bit: compare to 1e-9.
    const rounded = (value: unknown): unknown =>
      typeof value === "number"
        ? Math.round(value * 1e9) / 1e9
        : Array.isArray(value)
          ? value.map(rounded)
          : value && typeof value === "object"
            ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]))
            : value;
    assert.deepEqual(rounded(computed.results), rounded(reference));
    const pending = computed.nominations.reduce((sum, n) => sum + n.pendingReviews, 0);
    assert.equal(pending, 7);
  });

  it("a review with no scores at all, and a score for another cycle's criterion, are reported, not skipped", async () => {
    const g = await generateLargeCycle(testDatabase.url, { nominations: 4, judges: 2, criteria: 2, categories: 1, slug: "small-odd" });
    const cycle = await cycleBySlug(g.slug);
    const [empty, foreign] = await prisma.review.findMany({ where: { assignment: { cycleId: cycle.id } }, orderBy: { id: "asc" }, take: 2 });
    await prisma.score.deleteMany({ where: { reviewId: empty.id } });
    const other = await prisma.criterion.findFirstOrThrow({ where: { cycle: { slug: "coventry-2010" } } });
    await prisma.score.create({ data: { reviewId: foreign.id, criterionId: other.id, value: 3 } });
    const computed = await computeResults(prisma, cycle);
    assert.equal(computed.ok, false);
    if (computed.ok) return;
    const kinds = computed.problems.map((p) => `${p.kind}:${p.reviewId}`).sort();
    assert.deepEqual(kinds, [`blank:${empty.id}`, `blank:${empty.id}`, `unknown_criterion:${foreign.id}`].sort());
  });
});

/* ------------------------------------------------------------ decisions */

describe("decisions: set, lock, unlock, publish, unpublish, all audited", () => {
  it("follows the rules and records who did what, when", async () => {
    const g = await generateLargeCycle(testDatabase.url, { nominations: 4, judges: 3, criteria: 2, categories: 2, slug: "small-decisions" });
    const cycle = await cycleBySlug(g.slug);
    const organiser = await actorOf(g.organiserId);
    const judge = await actorOf(g.judgeIds[0]);
    const [winnerTier, specialTier] = g.tierIds;
    const [n1, n2, n3, n4] = g.nominationIds;

    // A rationale is required; nothing is stored without one.
    const blank = await setDecision(prisma, organiser, n1, { outcomeTierId: winnerTier, rationale: "   " });
    assert.equal(blank.ok, false);
    assert.ok(!blank.ok && blank.errors.rationale);
    assert.equal(await prisma.decision.count({ where: { nominationId: n1 } }), 0);

    // Only this cycle's tiers.
    const otherTier = await prisma.outcomeTier.findFirstOrThrow({ where: { cycle: { slug: "coventry-2010" } } });
    const wrongTier = await setDecision(prisma, organiser, n1, { outcomeTierId: otherTier.id, rationale: "Because" });
    assert.equal(wrongTier.ok, false);
    assert.ok(!wrongTier.ok && wrongTier.errors.outcome);

    // Only organisers.
    const byJudge = await setDecision(prisma, judge, n1, { outcomeTierId: winnerTier, rationale: "I liked it" });
    assert.equal(byJudge.ok, false);

    // Set, then change: both audited with old -> new.
    const first = await setDecision(prisma, organiser, n1, {
      outcomeTierId: winnerTier,
      rationale: "Outstanding joint work",
      citation: "For a partnership of equals",
    });
    assert.ok(first.ok && first.changed);
    const changed = await setDecision(prisma, organiser, n1, { outcomeTierId: null, rationale: "On reflection, the evidence is thin" });
    assert.ok(changed.ok && changed.changed);
    const same = await setDecision(prisma, organiser, n1, { outcomeTierId: null, rationale: "On reflection, the evidence is thin" });
    assert.ok(same.ok && !same.changed, "saving the same decision records nothing");
    const events = await prisma.auditEvent.findMany({ where: { cycleId: cycle.id, action: "decision.set" }, orderBy: { createdAt: "asc" } });
    assert.equal(events.length, 2);
    assert.ok(events.every((e) => e.actorId === g.organiserId && e.createdAt instanceof Date));
    const [set1, set2] = events.map((e) => JSON.parse(e.data));
    assert.equal(set1.from, null);
    assert.equal(set1.to.outcome, "Winner");
    assert.equal(set1.to.citation, "For a partnership of equals");
    assert.equal(set2.from.outcome, "Winner");
    assert.equal(set2.to.outcome, "Not awarded");
    const decision = await prisma.decision.findUniqueOrThrow({ where: { nominationId: n1 } });
    assert.equal(decision.outcomeTierId, null);
    assert.equal(decision.decidedById, g.organiserId);

    // Lock refused while some nominations have no outcome: the message names them.
    const early = await decideResults(prisma, organiser, cycle);
    assert.equal(early.ok, false);
    assert.match(early.message, /3 nominations have no outcome/);
    assert.match(early.message, /Generated nomination 2/);
    assert.deepEqual((!early.ok && early.undecided ? early.undecided.map((n) => n.id) : []).sort(), [n2, n3, n4].sort());
    assert.equal((await cycleBySlug(g.slug)).resultsDecidedAt, null);

    // Publishing before deciding is refused.
    const tooSoon = await publishResults(prisma, organiser, cycle, { confirmed: true });
    assert.equal(tooSoon.ok, false);
    assert.match(tooSoon.message, /Decide the results/);

    for (const id of [n2, n3, n4]) assert.ok((await setDecision(prisma, organiser, id, { outcomeTierId: specialTier, rationale: "Strong" })).ok);
    assert.equal((await decideResults(prisma, judge, cycle)).ok, false, "a judge cannot lock");
    const locked = await decideResults(prisma, organiser, cycle);
    assert.ok(locked.ok, locked.message);
    assert.ok((await cycleBySlug(g.slug)).resultsDecidedAt instanceof Date);

    // While locked, no decision changes.
    const whileLocked = await setDecision(prisma, organiser, n2, { outcomeTierId: winnerTier, rationale: "Upgrade" });
    assert.equal(whileLocked.ok, false);
    assert.equal(!whileLocked.ok && whileLocked.message, LOCKED_MESSAGE);
    assert.equal((await prisma.decision.findUniqueOrThrow({ where: { nominationId: n2 } })).outcomeTierId, specialTier);

    // Publishing needs confirmation.
    const unconfirmed = await publishResults(prisma, organiser, cycle, { confirmed: false });
    assert.equal(unconfirmed.ok, false);
    assert.equal((await cycleBySlug(g.slug)).publishedAt, null);
    assert.ok((await publishResults(prisma, organiser, cycle, { confirmed: true })).ok);
    assert.ok((await cycleBySlug(g.slug)).publishedAt instanceof Date);

    // Unlocking while published is refused; unpublishing needs a reason.
    assert.equal((await unlockResults(prisma, organiser, cycle, "Typo")).ok, false);
    const noReason = await unpublishResults(prisma, organiser, cycle, " ");
    assert.equal(noReason.ok, false);
    assert.ok(!noReason.ok && noReason.errors?.reason);
    assert.ok((await unpublishResults(prisma, organiser, cycle, "A partner asked us to wait for their board")).ok);
    assert.equal((await cycleBySlug(g.slug)).publishedAt, null);

    // Unlocking needs a reason, and then decisions can change again.
    assert.equal((await unlockResults(prisma, organiser, cycle, "")).ok, false);
    assert.ok((await unlockResults(prisma, organiser, cycle, "Judge scores corrected for one nomination")).ok);
    assert.equal((await cycleBySlug(g.slug)).resultsDecidedAt, null);
    assert.ok((await setDecision(prisma, organiser, n2, { outcomeTierId: winnerTier, rationale: "Upgrade after the correction" })).ok);

    const lifecycle = await prisma.auditEvent.findMany({
      where: { cycleId: cycle.id, action: { in: ["cycle.results_decided", "cycle.published", "cycle.unpublished", "cycle.results_unlocked"] } },
      orderBy: { createdAt: "asc" },
    });
    assert.deepEqual(
      lifecycle.map((e) => e.action),
      ["cycle.results_decided", "cycle.published", "cycle.unpublished", "cycle.results_unlocked"],
    );
    assert.ok(lifecycle.every((e) => e.actorId === g.organiserId));
    assert.equal(JSON.parse(lifecycle[2].data).reason, "A partner asked us to wait for their board");
    assert.equal(JSON.parse(lifecycle[3].data).reason, "Judge scores corrected for one nomination");

    const trail = await loadResultsAudit(prisma, cycle.id);
    assert.equal(trail[0].action, "decision.set");
    assert.equal(trail[0].summary, "Winner (was Special commendation)");
    assert.equal(trail[0].actorName, "Generated Organiser");
  });
});

/* ------------------------------------------------------ who sees what */

describe("access: moderation and exports are for the cycle's organisers; results are public only once published", () => {
  let slug: string;
  let g: LargeCycle;
  const base = "http://localhost";

  before(async () => {
    g = await generateLargeCycle(testDatabase.url, { nominations: 6, judges: 3, criteria: 2, categories: 2, slug: "small-access" });
    slug = g.slug;
  });

  it("judges and nominators get 404 from the moderation page (loader and action) and every CSV; anonymous visitors are sent to sign in", async () => {
    const judge = g.judgeIds[0];
    const nominator = await userId(DEMO_NOMINATOR);
    const demoJudge = await userId(DEMO_JUDGE);
    for (const [who, id] of [
      ["judge of this cycle", judge],
      ["nominator", nominator],
      ["judge of another cycle", demoJudge],
    ] as const) {
      const cookie = await cookieFor(id);
      const page = await respond(() => moderationRoute.loader(args(get(`${base}/admin/cycles/${slug}/results`, cookie), { slug })));
      assert.equal(page.status, 404, `${who}: page`);
      const act = await respond(() =>
        moderationRoute.action(
          args(
            post(
              `${base}/admin/cycles/${slug}/results`,
              {
                intent: "decide",
                nominationId: g.nominationIds[0],
                [`outcome-${g.nominationIds[0]}`]: g.tierIds[0],
                [`rationale-${g.nominationIds[0]}`]: "Mine",
              },
              cookie,
            ),
            { slug },
          ),
        ),
      );
      assert.equal(act.status, 404, `${who}: action`);
      const lock = await respond(() => moderationRoute.action(args(post(`${base}/admin/cycles/${slug}/results`, { intent: "lock" }, cookie), { slug })));
      assert.equal(lock.status, 404, `${who}: lock`);
      for (const kind of ["scores", "results", "decisions"]) {
        const csv = await respond(() => csvRoute.loader(args(get(`${base}/admin/cycles/${slug}/results.csv?kind=${kind}`, cookie), { slug })));
        assert.equal(csv.status, 404, `${who}: ${kind} CSV`);
      }
      // The demo's published cycle: still organisers only.
      const published = await respond(() =>
        csvRoute.loader(args(get(`${base}/admin/cycles/coventry-2010/results.csv?kind=scores`, cookie), { slug: "coventry-2010" })),
      );
      assert.equal(published.status, 404, `${who}: published cycle's scores`);
    }
    assert.equal(await prisma.decision.count({ where: { nominationId: g.nominationIds[0] } }), 0);
    const anonymous = await respond(() => moderationRoute.loader(args(get(`${base}/admin/cycles/${slug}/results`), { slug })));
    assert.equal(anonymous.status, 302);
    assert.match(anonymous.headers.get("Location") ?? "", /^\/sign-in/);
    const anonymousCsv = await respond(() => csvRoute.loader(args(get(`${base}/admin/cycles/${slug}/results.csv?kind=scores`), { slug })));
    assert.equal(anonymousCsv.status, 302);
  });

  it("organisers see the moderation page, decide through the form, and download the CSVs", async () => {
    const cookie = await cookieFor(g.organiserId);
    const page = await respond(() => moderationRoute.loader(args(get(`${base}/admin/cycles/${slug}/results?measure=mean&threshold=1`, cookie), { slug })));
    assert.equal(page.status, 200);
    const data = await page.json();
    assert.equal(data.ok, true);
    assert.equal(data.view.measure, "mean");
    assert.equal(data.view.threshold, 1);
    const items = data.groups.flatMap((group: { items: unknown[] }) => group.items) as {
      id: string;
      rank: string;
      chart: { points: unknown[] };
      comments: unknown[];
    }[];
    assert.equal(items.length, 6);
    assert.ok(items.every((i) => i.chart.points.length === 3 && i.comments.length === 3));

    // Score bands suggest a tier.
    const banded = await respond(() =>
      moderationRoute.loader(args(get(`${base}/admin/cycles/${slug}/results?measure=mean&band-${g.tierIds[0]}=0`, cookie), { slug })),
    );
    const bandedData = await banded.json();
    assert.ok(bandedData.groups[0].items.every((i: { suggestion: { tierId: string } }) => i.suggestion.tierId === g.tierIds[0]));

    // A decision without reasons: 400, the error on the field, what was typed kept.
    const id = g.nominationIds[1];
    const url = `${base}/admin/cycles/${slug}/results?measure=mean`;
    const missing = await respond(() =>
      moderationRoute.action(
        args(
          post(
            url,
            { intent: "decide", nominationId: id, [`outcome-${id}`]: g.tierIds[1], [`rationale-${id}`]: "", [`citation-${id}`]: "Kept citation" },
            cookie,
          ),
          { slug },
        ),
      ),
    );
    assert.equal(missing.status, 400);
    const body = await missing.json();
    assert.ok(body.errors[`rationale-${id}`]);
    assert.equal(body.values[`citation-${id}`], "Kept citation");
    assert.equal(body.values[`outcome-${id}`], g.tierIds[1]);

    const saved = await respond(() =>
      moderationRoute.action(
        args(
          post(
            url,
            { intent: "decide", nominationId: id, [`outcome-${id}`]: g.tierIds[1], [`rationale-${id}`]: "Clear impact", [`citation-${id}`]: "Kept citation" },
            cookie,
          ),
          { slug },
        ),
      ),
    );
    assert.equal(saved.status, 302);
    assert.equal(saved.headers.get("Location"), `/admin/cycles/${slug}/results?measure=mean#nomination-${id}`);
    assert.equal((await prisma.decision.findUniqueOrThrow({ where: { nominationId: id } })).outcomeTierId, g.tierIds[1]);

    // Another cycle's nomination cannot be decided from this page.
    const foreign = await prisma.nomination.findFirstOrThrow({ where: { cycle: { slug: "coventry-2010" } } });
    const cross = await respond(() =>
      moderationRoute.action(
        args(post(url, { intent: "decide", nominationId: foreign.id, [`outcome-${foreign.id}`]: "none", [`rationale-${foreign.id}`]: "x" }, cookie), { slug }),
      ),
    );
    assert.equal(cross.status, 404);

    // Locking with undecided nominations: a clear message listing them.
    const lock = await respond(() => moderationRoute.action(args(post(url, { intent: "lock" }, cookie), { slug })));
    assert.equal(lock.status, 400);
    const lockBody = await lock.json();
    assert.match(lockBody.errors.form, /5 nominations have no outcome/);
    assert.equal(lockBody.undecided.length, 5);

    for (const kind of ["scores", "results", "decisions"]) {
      const csv = await respond(() => csvRoute.loader(args(get(`${base}/admin/cycles/${slug}/results.csv?kind=${kind}`, cookie), { slug })));
      assert.equal(csv.status, 200, kind);
      assert.match(csv.headers.get("Content-Type") ?? "", /^text\/csv/);
      assert.equal(csv.headers.get("Content-Disposition"), `attachment; filename="${slug}-${kind}.csv"`);
      const bytes = new Uint8Array(await csv.arrayBuffer());
      assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf], "a UTF-8 byte-order mark for spreadsheets");
    }
    const unknown = await respond(() => csvRoute.loader(args(get(`${base}/admin/cycles/${slug}/results.csv?kind=judges`, cookie), { slug })));
    assert.equal(unknown.status, 404);
    const exported = await prisma.auditEvent.findMany({ where: { cycleId: (await cycleBySlug(slug)).id, action: "cycle.exported" } });
    assert.deepEqual(exported.map((e) => JSON.parse(e.data).kind).sort(), ["decisions", "results", "scores"]);
  });

  it("unpublished results are not public anywhere, for anyone: page, case studies, booklet; published ones are", async () => {
    const cycle = await cycleBySlug(slug);
    const organiser = await actorOf(g.organiserId);
    for (const id of g.nominationIds)
      await setDecision(prisma, organiser, id, { outcomeTierId: id === g.nominationIds[0] ? g.tierIds[0] : null, rationale: "Decided" });
    assert.ok((await decideResults(prisma, organiser, cycle)).ok);
    // Decided, not yet published: 404 for anonymous visitors, judges and the organiser alike.
    for (const cookie of [undefined, await cookieFor(g.judgeIds[0]), await cookieFor(g.organiserId)]) {
      const page = await respond(() => publicRoute.loader(args(get(`${base}/cycles/${slug}/results`, cookie), { slug })));
      assert.equal(page.status, 404);
    }
    const caseStudies = await respond(() => caseStudiesRoute.loader(args(get(`${base}/cycles/${slug}/case-studies`), { slug })));
    assert.equal(caseStudies.status, 404);
    const booklet = await respond(() => bookletRoute.loader(args(get(`${base}/cycles/${slug}/booklet.pdf`), { slug })));
    assert.equal(booklet.status, 404);

    assert.ok((await publishResults(prisma, organiser, cycle, { confirmed: true })).ok);
    const page = await respond(() => publicRoute.loader(args(get(`${base}/cycles/${slug}/results`), { slug })));
    assert.equal(page.status, 200);
    const data = await page.json();
    assert.equal(data.total, 1);
    assert.equal(data.categories[0].tiers[0].heading, "Winners");
    assert.equal(data.categories[0].tiers[0].awards[0].id, g.nominationIds[0]);

    // Unpublished again: gone again.
    assert.ok((await unpublishResults(prisma, organiser, cycle, "Embargo until the ceremony")).ok);
    const again = await respond(() => publicRoute.loader(args(get(`${base}/cycles/${slug}/results`), { slug })));
    assert.equal(again.status, 404);
  });

  it("the open demo cycle's results are not public", async () => {
    const open = await prisma.awardCycle.findFirstOrThrow({ where: { isDemo: true, publishedAt: null } });
    const organiserCookie = await cookieFor(await userId(DEMO_ORGANISER));
    const page = await respond(() => publicRoute.loader(args(get(`${base}/cycles/${open.slug}/results`, organiserCookie), { slug: open.slug })));
    assert.equal(page.status, 404);
    const csv = await resultsCsv(prisma, open);
    assert.ok(csv.startsWith("Rank overall"));
  });
});
