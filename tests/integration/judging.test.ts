import { NotAllowedError } from "~/auth/not-allowed";
import "../support/test-env";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Actor } from "~/auth/permissions";
import { prisma } from "~/db/client.server";
import { listCycleJudges, loadJudgingOverview, runAutoAssign, assignOne, unassign, assignPanel, clearConflict } from "~/judging/assignments.server";
import { detectConflicts } from "~/judging/conflicts";
import {
  declareConflict,
  IncompleteReviewError,
  JudgingClosedError,
  openAssignment,
  ReviewRefusedError,
  saveReview,
  StaleReviewError,
} from "~/judging/reviews.server";
import { allowCssImports } from "../support/css-modules";
import { sessionCookie as cookieFor } from "../support/route-calls";
import { actorOf } from "../support/actors";
import { inArea } from "../support/areas";

allowCssImports();
const judgeRoute = await import("~/routes/judge.$assignmentId");
const queueRoute = await import("~/routes/judge._index");
const adminRoute = await import("~/routes/admin.cycles.$slug.judges");

const BASE = "http://localhost";
const DAY = 24 * 3600 * 1000;

// ---------------------------------------------------------------- a generated cycle

type Cycle = Awaited<ReturnType<typeof makeCycle>>;

/**
 * 40 eligible nominations in 4 categories, 6 judges. Judge 0 works for the council (a
 * partner in every 4th nomination, 10 in all): an organisation conflict. Judge 1 has an
 * email address at the NHS trust's domain (a partner in every 5th nomination the council is
 * not in, 6 in all): an email-domain conflict.
 */
async function makeCycle(slug: string, options: { nominations?: number; judges?: number; judgingOpen?: boolean } = {}) {
  const nominationCount = options.nominations ?? 40;
  const judgeCount = options.judges ?? 6;
  const now = Date.now();
  const org = async (name: string, sector: string, emailDomain: string | null = null) => {
    const row = await prisma.organisation.create({
      data: {
        name: `${name} ${slug}`,
        nameKey: `${name} ${slug}`.toLowerCase(),
        sector,
        domains: emailDomain ? { create: { domain: emailDomain } } : undefined,
      },
    });
    return { ...row, emailDomain };
  };
  const council = await org("City Council", "statutory", `council-${slug}.example.gov.uk`);
  const nhs = await org("NHS Trust", "statutory", `nhs-${slug}.example.org`);
  const police = await org("Police", "statutory");
  const groups = await Promise.all(Array.from({ length: 10 }, (_, i) => org(`Community Group ${i}`, "voluntary_community")));
  const judgeOrg = await org("Independent", "private");

  const cycle = await prisma.awardCycle.create({
    data: {
      slug,
      name: `Awards ${slug}`,
      area: "Testshire",
      ...inArea("Testshire"),
      nominationsOpenAt: new Date(now - 30 * DAY),
      nominationsCloseAt: new Date(now - 3 * DAY),
      judgingOpenAt: options.judgingOpen === false ? new Date(now + 5 * DAY) : new Date(now - 2 * DAY),
      judgingCloseAt: new Date(now + 14 * DAY),
      launchedAt: new Date(now - 31 * DAY),
      minJudgesPerNomination: 3,
      contactName: "Sam Organiser",
      contactEmail: "sam@example.org",
    },
  });
  const categories = await Promise.all(
    ["Joint working", "Thriving VCS", "Codes of practice", "Embedding the Compact"].map((name, position) =>
      prisma.category.create({ data: { cycleId: cycle.id, name, position } }),
    ),
  );
  const descriptors = JSON.stringify([1, 2, 3, 4, 5].map((score) => ({ score, label: `Point ${score}` })));
  const criteria = await Promise.all([
    prisma.criterion.create({ data: { cycleId: cycle.id, name: "Partnership", weight: 2, descriptors, position: 0 } }),
    prisma.criterion.create({ data: { cycleId: cycle.id, name: "Difference made", weight: 2, descriptors, position: 1 } }),
    prisma.criterion.create({ data: { cycleId: cycle.id, name: "Learning", weight: 1, descriptors, position: 2 } }),
    // Only for the first category: a nomination in another category never needs it.
    prisma.criterion.create({ data: { cycleId: cycle.id, categoryId: categories[0].id, name: "Joint decisions", weight: 1, descriptors, position: 3 } }),
  ]);

  const organiser = await prisma.user.create({ data: { email: `organiser@${slug}.example`, name: "Sam Organiser" } });
  await prisma.cycleRole.create({ data: { userId: organiser.id, cycleId: cycle.id, role: "organiser" } });
  const nominator = await prisma.user.create({ data: { email: `nominator@${slug}.example`, name: "Nia Nominator", organisationId: groups[0].id } });

  const judges = [];
  for (let i = 0; i < judgeCount; i++) {
    const email = i === 1 ? `judge${i}@nhs-${slug}.example.org` : `judge${i}@judges-${slug}.example`;
    const organisationId = i === 0 ? council.id : judgeOrg.id;
    const user = await prisma.user.create({ data: { email, name: `Judge ${i}`, organisationId } });
    await prisma.cycleRole.create({ data: { userId: user.id, cycleId: cycle.id, role: "judge" } });
    judges.push(user);
  }

  const nominations = [];
  for (let i = 0; i < nominationCount; i++) {
    const statutory = i % 4 === 0 ? council : i % 5 === 0 ? nhs : police;
    const n = await prisma.nomination.create({
      data: {
        cycleId: cycle.id,
        categoryId: categories[i % 4].id,
        createdById: nominator.id,
        title: `Nomination ${String(i).padStart(2, "0")}`,
        summary: `Summary ${i}`,
        whatHappened: "Things happened.",
        impact: "A difference.",
        status: "eligible",
        submittedAt: new Date(now - 10 * DAY),
        partners: {
          create: [
            { organisationId: groups[i % 10].id, role: "lead_vcs", contactName: "Nia", contactEmail: nominator.email, position: 0 },
            { organisationId: statutory.id, role: "lead_statutory", contactName: "Stat", contactEmail: `contact@${statutory.id}.example`, position: 1 },
          ],
        },
      },
    });
    nominations.push(n);
  }
  // Not yet checked for eligibility: never given judges.
  const waiting = await prisma.nomination.create({
    data: { cycleId: cycle.id, categoryId: categories[0].id, title: "Waiting for a check", status: "submitted", createdById: nominator.id },
  });
  return { cycle, categories, criteria, organiser, nominator, judges, nominations, waiting, council, nhs };
}

function get(path: string, cookie?: string) {
  return new Request(`${BASE}${path}`, { headers: cookie ? { Cookie: cookie } : {} });
}

function post(path: string, cookie: string | undefined, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  return new Request(`${BASE}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
    body,
  });
}

type Handler = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => Promise<unknown>;

/** Runs a loader or action; a thrown Response (404, redirect) comes back like a returned one. */
async function call(fn: unknown, request: Request, params: Record<string, string> = {}): Promise<Response> {
  try {
    const result = await (fn as Handler)({ request, params, context: {} });
    assert.ok(result instanceof Response, "loaders and actions answer with a Response");
    return result;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
}

/** The scores for every criterion that applies to this nomination, all set to `value`. */
function fullScores(c: Cycle, nominationId: string, value = 4) {
  const n = c.nominations.find((x) => x.id === nominationId)!;
  return Object.fromEntries(c.criteria.filter((k) => k.categoryId === null || k.categoryId === n.categoryId).map((k) => [k.id, value]));
}

// ---------------------------------------------------------------- tests

let c: Cycle;
let organiser: Actor;

before(async () => {
  c = await makeCycle("gen");
  organiser = await actorOf(c.organiser.id);
});

after(async () => {
  await prisma.$disconnect();
});

describe("automatic assignment on a generated cycle (40 nominations, 6 judges, minimum 3)", () => {
  test("covers every eligible nomination, balances the load, and records every detected conflict", async () => {
    const result = await runAutoAssign(prisma, organiser, c.cycle, {});
    assert.equal(result.nominations, 40, "only eligible nominations are judged");
    assert.equal(result.judges, 6);
    assert.deepEqual(result.uncovered, []);
    assert.equal(result.created.length, 120);

    const rows = await prisma.assignment.findMany({ where: { cycleId: c.cycle.id } });
    const active = rows.filter((r) => r.conflict === "none");
    const detectedRows = rows.filter((r) => r.conflict === "detected");

    // Coverage: at least 3 judges without a conflict on each nomination.
    for (const n of c.nominations) {
      assert.ok(active.filter((a) => a.nominationId === n.id).length >= 3, `${n.title} has 3 judges`);
    }
    assert.equal(rows.filter((r) => r.nominationId === c.waiting.id).length, 0, "a nomination not yet found eligible gets no judges");

    // Balance: 120 readings over 6 judges is 20 each; the conflicts leave room for that.
    const loads = c.judges.map((j) => active.filter((a) => a.judgeId === j.id).length);
    assert.ok(Math.max(...loads) - Math.min(...loads) <= 1, `loads ${loads.join(",")} are even`);
    assert.deepEqual(result.loads.map((l) => l.load).sort(), loads.slice().sort());

    // Detected conflicts: exactly those of the one rule, recorded with the reason, never assigned for scoring.
    const judges = await listCycleJudges(prisma, c.cycle.id);
    const expected = detectConflicts(
      judges.map((j) => ({ id: j.id, email: j.email, organisationIds: j.organisationIds })),
      c.nominations.map((n, i) => ({
        id: n.id,
        partners: [
          {
            organisationId: i % 4 === 0 ? c.council.id : i % 5 === 0 ? c.nhs.id : "police",
            emailDomains: [i % 4 === 0 ? c.council.emailDomain : i % 5 === 0 ? c.nhs.emailDomain : null].filter((d): d is string => !!d),
          },
        ],
      })),
    );
    assert.equal(detectedRows.length, expected.length);
    assert.equal(result.conflictsRecorded, expected.length);
    const councilConflicts = detectedRows.filter((r) => r.judgeId === c.judges[0].id);
    const nhsConflicts = detectedRows.filter((r) => r.judgeId === c.judges[1].id);
    assert.equal(councilConflicts.length, 10, "the council judge is conflicted with the 10 council nominations");
    assert.equal(nhsConflicts.length, 6, "the judge at the NHS trust's email domain is conflicted with its 6 nominations");
    assert.match(councilConflicts[0].conflictReason ?? "", /organisation, City Council gen, is a partner/);
    assert.match(nhsConflicts[0].conflictReason ?? "", /email address is at nhs-gen\.example\.org/);
    assert.equal(detectedRows.filter((r) => r.judgeId !== c.judges[0].id && r.judgeId !== c.judges[1].id).length, 0);
    for (const d of detectedRows) {
      assert.ok(!active.some((a) => a.judgeId === d.judgeId && a.nominationId === d.nominationId), "a conflicted pair is never assigned");
    }

    // Audited.
    assert.equal(await prisma.auditEvent.count({ where: { cycleId: c.cycle.id, action: "judging.auto_assigned" } }), 1);
    assert.equal(await prisma.auditEvent.count({ where: { cycleId: c.cycle.id, action: "assignment.conflict_detected" } }), expected.length);
  });

  test("running it again creates nothing new", async () => {
    const before = await prisma.assignment.count({ where: { cycleId: c.cycle.id } });
    const again = await runAutoAssign(prisma, organiser, c.cycle, {});
    assert.equal(again.created.length, 0);
    assert.equal(again.conflictsRecorded, 0);
    assert.equal(await prisma.assignment.count({ where: { cycleId: c.cycle.id } }), before);
  });

  test("the organiser's overview shows progress, every conflict with its reason, and no flags when covered", async () => {
    const overview = await loadJudgingOverview(prisma, c.cycle);
    assert.equal(overview.judges.length, 6);
    assert.equal(overview.judges.find((j) => j.id === c.judges[0].id)?.organisationName, "City Council gen");
    assert.equal(overview.totals.assigned, 120);
    assert.equal(overview.totals.notStarted, 120);
    assert.equal(overview.conflicts.length, 16);
    assert.ok(overview.conflicts.every((x) => x.kind === "detected" && x.reason.length > 10));
    assert.deepEqual(overview.flagged, []);
    assert.equal(overview.awaitingEligibility, 1);
    assert.equal(
      overview.categories.reduce((n, cat) => n + cat.nominations, 0),
      40,
    );
  });

  test("what cannot be covered is reported with why, and nominations short of judges are flagged", async () => {
    const small = await makeCycle("small", { nominations: 5, judges: 2 });
    const smallOrganiser = await actorOf(small.organiser.id);
    const result = await runAutoAssign(prisma, smallOrganiser, small.cycle, {});
    assert.equal(result.uncovered.length, 5);
    assert.ok(result.uncovered.every((u) => u.cause === "not_enough_judges" && /can read this nomination/.test(u.reason)));
    const overview = await loadJudgingOverview(prisma, small.cycle);
    assert.equal(overview.flagged.length, 5);
    assert.ok(overview.flagged.every((f) => f.need === 3 && f.have < 3));

    const capped = await makeCycle("capped", { nominations: 6, judges: 4 });
    const cappedResult = await runAutoAssign(prisma, await actorOf(capped.organiser.id), capped.cycle, { maxLoad: 2 });
    assert.ok(cappedResult.uncovered.length > 0);
    assert.ok(cappedResult.uncovered.some((u) => u.cause === "max_load_reached"));
    assert.ok(cappedResult.loads.every((l) => l.load <= 2));
  });

  test("one by one: a conflicted judge is refused with the reason and the conflict recorded; unassign before any review", async () => {
    const one = await makeCycle("one", { nominations: 4, judges: 3 });
    const oneOrganiser = await actorOf(one.organiser.id);
    // Nomination 0 has the council as a partner; judge 0 works for the council.
    const refused = await assignOne(prisma, oneOrganiser, one.cycle, { judgeId: one.judges[0].id, nominationId: one.nominations[0].id });
    assert.equal(refused.ok, false);
    assert.match(refused.message, /cannot judge/);
    const row = await prisma.assignment.findUniqueOrThrow({
      where: { judgeId_nominationId: { judgeId: one.judges[0].id, nominationId: one.nominations[0].id } },
    });
    assert.equal(row.conflict, "detected");

    const ok = await assignOne(prisma, oneOrganiser, one.cycle, { judgeId: one.judges[2].id, nominationId: one.nominations[0].id });
    assert.ok(ok.ok && ok.created);
    const removed = await unassign(prisma, oneOrganiser, one.cycle, ok.assignmentId);
    assert.equal(removed.ok, true);
    assert.equal(await prisma.assignment.count({ where: { id: ok.assignmentId } }), 0);
    const conflictRecord = await unassign(prisma, oneOrganiser, one.cycle, row.id);
    assert.equal(conflictRecord.ok, false, "conflict records stay");

    // A panel for the first category: every judge gets every nomination there, except conflicts.
    const panel = await assignPanel(prisma, oneOrganiser, one.cycle, { categoryId: one.categories[0].id, judgeIds: one.judges.map((j) => j.id) });
    assert.ok(panel.ok);
    assert.equal(panel.created, 2, "judges 1 and 2 get nomination 0");
    assert.equal(panel.skipped.length, 1);
    assert.match(panel.skipped[0].reason, /City Council one/);
  });
});

describe("reviews: declaring a conflict, drafts, submitting, stale saves, the deadline", () => {
  /** An active assignment of judge `j` (index into c.judges), opened. */
  async function assignmentOf(j: number, skip = 0) {
    const rows = await prisma.assignment.findMany({
      where: { cycleId: c.cycle.id, judgeId: c.judges[j].id, conflict: "none" },
      orderBy: { nominationId: "asc" },
      include: { review: true },
    });
    const free = rows.filter((r) => !r.review);
    return free[skip];
  }

  test("a judge declares a conflict when first opening a nomination; after that it cannot be scored", async () => {
    const judge = await actorOf(c.judges[3].id);
    const a = await assignmentOf(3, 0);
    await assert.rejects(declareConflict(prisma, judge, a.id, "   "), IncompleteReviewError, "a reason is required");
    await declareConflict(prisma, judge, a.id, "I am a trustee of the community group.");
    const row = await prisma.assignment.findUniqueOrThrow({ where: { id: a.id } });
    assert.equal(row.conflict, "declared");
    assert.equal(row.conflictReason, "I am a trustee of the community group.");
    assert.equal(await prisma.auditEvent.count({ where: { entityId: a.id, action: "assignment.conflict_declared" } }), 1);
    await assert.rejects(
      saveReview(prisma, judge, a.id, { scores: {}, commentForPanel: "", noteForNominators: "", version: 0, intent: "draft" }),
      (e: unknown) => e instanceof NotAllowedError,
    );
    // The organiser sees it with its reason.
    const overview = await loadJudgingOverview(prisma, c.cycle);
    assert.ok(overview.conflicts.some((x) => x.assignmentId === a.id && x.kind === "declared" && x.reason.includes("trustee")));
  });

  test("a conflict cannot be declared once a score is saved", async () => {
    const judge = await actorOf(c.judges[3].id);
    const a = await assignmentOf(3, 0);
    await openAssignment(prisma, judge, a.id);
    const first = Object.keys(fullScores(c, a.nominationId))[0];
    await saveReview(prisma, judge, a.id, { scores: { [first]: 3 }, commentForPanel: "", noteForNominators: "", version: 0, intent: "draft" });
    await assert.rejects(
      declareConflict(prisma, judge, a.id, "Too late"),
      (e: unknown) => e instanceof ReviewRefusedError && e.code === "conflict_not_allowed",
    );
  });

  test("save a draft, refuse an incomplete submit, submit, with versions and audit", async () => {
    const judge = await actorOf(c.judges[4].id);
    const a = await assignmentOf(4, 0);
    await assert.rejects(
      saveReview(prisma, judge, a.id, { scores: {}, commentForPanel: "", noteForNominators: "", version: 0, intent: "draft" }),
      (e: unknown) => e instanceof ReviewRefusedError && e.code === "not_opened",
      "the conflict step comes first",
    );
    await openAssignment(prisma, judge, a.id);
    const all = fullScores(c, a.nominationId, 4);
    const ids = Object.keys(all);
    const draft = await saveReview(prisma, judge, a.id, {
      scores: { [ids[0]]: 5 },
      commentForPanel: "Promising",
      noteForNominators: "",
      version: 0,
      intent: "draft",
    });
    assert.equal(draft.status, "draft");
    assert.equal(draft.version, 1);
    assert.equal(draft.total.complete, false);

    await assert.rejects(
      saveReview(prisma, judge, a.id, { scores: { [ids[0]]: 5 }, commentForPanel: "Promising", noteForNominators: "", version: 1, intent: "submit" }),
      (e: unknown) => e instanceof IncompleteReviewError && Object.keys(e.fieldErrors).length === ids.length - 1 && !!e.fieldErrors[`score.${ids[1]}`],
    );
    await assert.rejects(
      saveReview(prisma, judge, a.id, { scores: { ...all, [ids[0]]: 9 }, commentForPanel: "", noteForNominators: "", version: 1, intent: "draft" }),
      (e: unknown) => e instanceof IncompleteReviewError && /from 1 to 5/.test(e.fieldErrors[`score.${ids[0]}`] ?? ""),
      "a score off the scale is refused even in a draft",
    );
    const stored = await prisma.review.findUniqueOrThrow({ where: { assignmentId: a.id }, include: { scores: true } });
    assert.equal(stored.version, 1, "refused saves change nothing");
    assert.equal(stored.scores.length, 1);

    const submitted = await saveReview(prisma, judge, a.id, {
      scores: all,
      commentForPanel: "Strong partnership",
      noteForNominators: "Well done",
      version: 1,
      intent: "submit",
    });
    assert.equal(submitted.status, "submitted");
    assert.equal(submitted.version, 2);
    assert.equal(submitted.total.complete, true);
    const scores = await prisma.score.findMany({ where: { reviewId: submitted.reviewId } });
    assert.equal(scores.length, ids.length);
    assert.ok(scores.every((s) => s.value === 4));
    const actions = (await prisma.auditEvent.findMany({ where: { entityId: submitted.reviewId }, orderBy: { createdAt: "asc" } })).map((e) => e.action);
    assert.deepEqual(actions, ["review.draft_saved", "review.submitted"]);

    // Editing a submitted review (autosave sends "draft") keeps it submitted while complete.
    const edited = await saveReview(prisma, judge, a.id, {
      scores: { ...all, [ids[0]]: 3 },
      commentForPanel: "Strong partnership",
      noteForNominators: "Well done",
      version: 2,
      intent: "draft",
    });
    assert.equal(edited.status, "submitted");
    assert.equal(edited.version, 3);
  });

  test("a stale save is refused with both versions, and nothing is overwritten", async () => {
    const judge = await actorOf(c.judges[5].id);
    const a = await assignmentOf(5, 0);
    await openAssignment(prisma, judge, a.id);
    const all = fullScores(c, a.nominationId, 3);
    const ids = Object.keys(all);
    // Tab 1 and tab 2 both load version 0; tab 1 saves first.
    const tab1 = await saveReview(prisma, judge, a.id, {
      scores: { [ids[0]]: 2 },
      commentForPanel: "From tab 1",
      noteForNominators: "",
      version: 0,
      intent: "draft",
    });
    assert.equal(tab1.version, 1);
    const tab2 = saveReview(prisma, judge, a.id, {
      scores: { [ids[0]]: 5 },
      commentForPanel: "From tab 2",
      noteForNominators: "",
      version: 0,
      intent: "draft",
    });
    await assert.rejects(tab2, (e: unknown) => {
      assert.ok(e instanceof StaleReviewError);
      assert.equal(e.theirVersion, 0);
      assert.equal(e.storedVersion, 1);
      assert.equal(e.stored.commentForPanel, "From tab 1");
      assert.equal(e.stored.scores[ids[0]], 2);
      assert.equal(e.yours.commentForPanel, "From tab 2");
      assert.equal(e.yours.scores[ids[0]], 5);
      assert.match(e.message, /version 0.*version 1/);
      return true;
    });
    const stored = await prisma.review.findUniqueOrThrow({ where: { assignmentId: a.id }, include: { scores: true } });
    assert.equal(stored.commentForPanel, "From tab 1");
    assert.equal(stored.version, 1);
    assert.equal(stored.scores[0].value, 2);

    // A retried save whose content is already stored (its answer was lost) is not a conflict.
    const retried = await saveReview(prisma, judge, a.id, {
      scores: { [ids[0]]: 2 },
      commentForPanel: "From tab 1",
      noteForNominators: "",
      version: 0,
      intent: "draft",
    });
    assert.equal(retried.changed, false);
    assert.equal(retried.version, 1);

    // Keeping "mine" means saving again on the stored version: a deliberate choice.
    const kept = await saveReview(prisma, judge, a.id, {
      scores: { [ids[0]]: 5 },
      commentForPanel: "From tab 2",
      noteForNominators: "",
      version: 1,
      intent: "draft",
    });
    assert.equal(kept.version, 2);
  });

  test("saving or submitting after judging closes is refused with a clear message", async () => {
    const judge = await actorOf(c.judges[5].id);
    const a = await assignmentOf(5, 1);
    await openAssignment(prisma, judge, a.id);
    const closeAt = c.cycle.judgingCloseAt!;
    await prisma.awardCycle.update({ where: { id: c.cycle.id }, data: { judgingCloseAt: new Date(Date.now() - 60_000) } });
    try {
      await assert.rejects(
        saveReview(prisma, judge, a.id, { scores: fullScores(c, a.nominationId), commentForPanel: "", noteForNominators: "", version: 0, intent: "submit" }),
        (e: unknown) => e instanceof JudgingClosedError && /Judging closed on .* \(UK time\)/.test(e.message),
      );
      // The clock is the rule, not the page: the same through the route.
      const res = await call(
        judgeRoute.action,
        post(`/judge/${a.id}`, await cookieFor(c.judges[5].id), { intent: "submit", version: "0", ...prefixed(fullScores(c, a.nominationId)) }),
        { assignmentId: a.id },
      );
      const body = await res.json();
      assert.equal(body.kind, "refused");
      assert.equal(body.code, "closed");
      assert.equal(await prisma.review.count({ where: { assignmentId: a.id } }), 0);
    } finally {
      await prisma.awardCycle.update({ where: { id: c.cycle.id }, data: { judgingCloseAt: closeAt } });
    }
  });
});

function prefixed(scores: Record<string, number>) {
  return Object.fromEntries(Object.entries(scores).map(([k, v]) => [`score.${k}`, String(v)]));
}

describe("access through the routes", () => {
  test("a judge cannot load or post another judge's assignment, or one they are conflicted on (404)", async () => {
    const mine = await prisma.assignment.findFirstOrThrow({ where: { cycleId: c.cycle.id, judgeId: c.judges[2].id, conflict: "none" } });
    const theirs = await prisma.assignment.findFirstOrThrow({ where: { cycleId: c.cycle.id, judgeId: c.judges[3].id, conflict: "none" } });
    const detected = await prisma.assignment.findFirstOrThrow({ where: { cycleId: c.cycle.id, judgeId: c.judges[0].id, conflict: "detected" } });
    const cookie2 = await cookieFor(c.judges[2].id);
    const cookie0 = await cookieFor(c.judges[0].id);

    assert.equal((await call(judgeRoute.loader, get(`/judge/${mine.id}`, cookie2), { assignmentId: mine.id })).status, 200);
    assert.equal((await call(judgeRoute.loader, get(`/judge/${theirs.id}`, cookie2), { assignmentId: theirs.id })).status, 404);
    assert.equal(
      (await call(judgeRoute.action, post(`/judge/${theirs.id}`, cookie2, { intent: "draft", version: "0" }), { assignmentId: theirs.id })).status,
      404,
    );
    assert.equal((await call(judgeRoute.action, post(`/judge/${theirs.id}`, cookie2, { intent: "no-conflict" }), { assignmentId: theirs.id })).status, 404);
    // Detected conflict: not found, by URL or by form post, for the judge concerned.
    assert.equal((await call(judgeRoute.loader, get(`/judge/${detected.id}`, cookie0), { assignmentId: detected.id })).status, 404);
    for (const intent of ["no-conflict", "declare-conflict", "draft", "submit"]) {
      const res = await call(judgeRoute.action, post(`/judge/${detected.id}`, cookie0, { intent, version: "0", reason: "x" }), { assignmentId: detected.id });
      assert.equal(res.status, 404, `${intent} on a detected conflict`);
    }
    const untouched = await prisma.assignment.findUniqueOrThrow({ where: { id: detected.id } });
    assert.equal(untouched.openedAt, null);
    assert.equal(await prisma.review.count({ where: { assignmentId: detected.id } }), 0);
    // No such assignment; signed out.
    assert.equal((await call(judgeRoute.loader, get(`/judge/nope`, cookie2), { assignmentId: "nope" })).status, 404);
    const anonymous = await call(judgeRoute.loader, get(`/judge/${mine.id}`), { assignmentId: mine.id });
    assert.equal(anonymous.status, 302);
    assert.match(anonymous.headers.get("Location") ?? "", /^\/sign-in/);
  });

  test("the conflict step, then the declaration only: the declared assignment shows no nomination and takes no posts", async () => {
    const a = await prisma.assignment.findFirstOrThrow({ where: { cycleId: c.cycle.id, judgeId: c.judges[2].id, conflict: "none", openedAt: null } });
    const cookie = await cookieFor(c.judges[2].id);
    const first = await (await call(judgeRoute.loader, get(`/judge/${a.id}`, cookie), { assignmentId: a.id })).json();
    assert.equal(first.mode, "check");
    assert.equal(first.partners.length, 2);
    assert.ok(!("nomination" in first), "the nomination is not shown before the conflict question");
    assert.ok(!JSON.stringify(first).includes("Things happened."));

    const missing = await call(judgeRoute.action, post(`/judge/${a.id}`, cookie, { intent: "declare-conflict", reason: "" }), { assignmentId: a.id });
    assert.equal(missing.status, 400);
    assert.equal((await missing.json()).kind, "conflict-error");

    const declared = await call(judgeRoute.action, post(`/judge/${a.id}`, cookie, { intent: "declare-conflict", reason: "My sister runs the group." }), {
      assignmentId: a.id,
    });
    assert.equal(declared.status, 302);
    const page = await (await call(judgeRoute.loader, get(`/judge/${a.id}`, cookie), { assignmentId: a.id })).json();
    assert.equal(page.mode, "declared");
    assert.equal(page.reason, "My sister runs the group.");
    assert.ok(!("nomination" in page) && !("criteria" in page));
    for (const intent of ["no-conflict", "draft", "submit"]) {
      const res = await call(judgeRoute.action, post(`/judge/${a.id}`, cookie, { intent, version: "0" }), { assignmentId: a.id });
      assert.equal(res.status, 404, `${intent} on a declared conflict`);
    }
  });

  test("scoring through the route without JavaScript: no conflict, draft, stale, submit", async () => {
    const a = await prisma.assignment.findFirstOrThrow({ where: { cycleId: c.cycle.id, judgeId: c.judges[2].id, conflict: "none", openedAt: null } });
    const cookie = await cookieFor(c.judges[2].id);
    const path = `/judge/${a.id}`;
    const params = { assignmentId: a.id };
    assert.equal((await call(judgeRoute.action, post(path, cookie, { intent: "no-conflict" }), params)).status, 302);
    const page = await (await call(judgeRoute.loader, get(path, cookie), params)).json();
    assert.equal(page.mode, "score");
    assert.equal(page.canSave, true);
    assert.equal(page.saved, null);
    assert.ok(page.criteria.length >= 3);
    assert.equal(page.nomination.partners[0].contactEmail, "", "partners' contact details are not sent to judges");
    const scores = prefixed(fullScores(c, a.nominationId, 5));

    const draft = await call(judgeRoute.action, post(path, cookie, { intent: "draft", version: "0", commentForPanel: "Draft comment", ...scores }), params);
    assert.equal(draft.status, 302, "without JavaScript a save redirects back (post/redirect/get)");
    const viaFetch = await call(
      judgeRoute.action,
      post(path, cookie, { intent: "draft", version: "1", _via: "fetch", _save: "s1", commentForPanel: "Autosaved", ...scores }),
      params,
    );
    const saved = await viaFetch.json();
    assert.equal(saved.kind, "saved");
    assert.equal(saved.version, 2);
    assert.equal(saved.saveId, "s1");

    const stale = await call(judgeRoute.action, post(path, cookie, { intent: "submit", version: "1", commentForPanel: "Old tab", ...scores }), params);
    assert.equal(stale.status, 409);
    const staleBody = await stale.json();
    assert.equal(staleBody.kind, "stale");
    assert.equal(staleBody.theirVersion, 1);
    assert.equal(staleBody.storedVersion, 2);
    assert.equal(staleBody.yours.commentForPanel, "Old tab");
    assert.equal(staleBody.stored.commentForPanel, "Autosaved");

    const incomplete = await call(judgeRoute.action, post(path, cookie, { intent: "submit", version: "2", commentForPanel: "Autosaved" }), params);
    assert.equal(incomplete.status, 400);
    const incompleteBody = await incomplete.json();
    assert.equal(incompleteBody.kind, "invalid");
    assert.ok(Object.keys(incompleteBody.fieldErrors).length >= 3);

    const submitted = await call(
      judgeRoute.action,
      post(path, cookie, { intent: "submit", version: String(incompleteBody.values.version), commentForPanel: "Final", ...scores }),
      params,
    );
    assert.equal(submitted.status, 302);
    const review = await prisma.review.findUniqueOrThrow({ where: { assignmentId: a.id } });
    assert.equal(review.status, "submitted");
    assert.equal(review.commentForPanel, "Final");
  });

  test("a judge's loader JSON never contains another judge's scores or comments", async () => {
    // Find a nomination read by judges 2 and 3.
    const rows = await prisma.assignment.findMany({ where: { cycleId: c.cycle.id, conflict: "none", judgeId: { in: [c.judges[2].id, c.judges[3].id] } } });
    const shared = rows.find(
      (r) => r.judgeId === c.judges[2].id && rows.some((o) => o.judgeId === c.judges[3].id && o.nominationId === r.nominationId && o.conflict === "none"),
    )!;
    const other = rows.find((o) => o.judgeId === c.judges[3].id && o.nominationId === shared.nominationId)!;
    const judge3 = await actorOf(c.judges[3].id);
    await openAssignment(prisma, judge3, other.id);
    const existing = await prisma.review.findUnique({ where: { assignmentId: other.id } });
    await saveReview(prisma, judge3, other.id, {
      scores: fullScores(c, other.nominationId, 1),
      commentForPanel: "SECRET-PANEL-COMMENT-OF-JUDGE-3",
      noteForNominators: "SECRET-NOTE-OF-JUDGE-3",
      version: existing?.version ?? 0,
      intent: "submit",
    });

    const cookie = await cookieFor(c.judges[2].id);
    await call(judgeRoute.action, post(`/judge/${shared.id}`, cookie, { intent: "no-conflict" }), { assignmentId: shared.id });
    const page = await (await call(judgeRoute.loader, get(`/judge/${shared.id}`, cookie), { assignmentId: shared.id })).json();
    assert.equal(page.mode, "score");
    const serialised = JSON.stringify(page);
    assert.ok(!serialised.includes("SECRET-PANEL-COMMENT-OF-JUDGE-3"));
    assert.ok(!serialised.includes("SECRET-NOTE-OF-JUDGE-3"));
    assert.ok(!serialised.includes(c.judges[3].id), "not even the other judge's id");
    assert.ok(page.saved === null || page.saved.commentForPanel !== "SECRET-PANEL-COMMENT-OF-JUDGE-3");

    const queue = await (await call(queueRoute.loader, get(`/judge`, cookie))).json();
    const queueText = JSON.stringify(queue);
    assert.ok(!queueText.includes("SECRET"));
    assert.ok(!queueText.includes(c.judges[3].id));
  });

  test("the judge's queue: grouped by cycle and category, progress, no detected conflicts; 404 for non-judges", async () => {
    const cookie0 = await cookieFor(c.judges[0].id);
    const res = await call(queueRoute.loader, get(`/judge`, cookie0));
    assert.equal(res.status, 200);
    const { groups } = await res.json();
    const group = groups.find((g: { cycle: { slug: string } }) => g.cycle.slug === "gen");
    assert.ok(group);
    assert.equal(group.judgingOpen, true);
    const items = group.categories.flatMap((cat: { items: { id: string }[] }) => cat.items);
    assert.equal(items.length, group.toScore);
    const detectedIds = (await prisma.assignment.findMany({ where: { judgeId: c.judges[0].id, conflict: "detected" } })).map((r) => r.id);
    assert.ok(detectedIds.length > 0);
    assert.ok(
      items.every((i: { id: string }) => !detectedIds.includes(i.id)),
      "detected conflicts never appear in the queue",
    );
    // Every "Joint working" nomination has the council as a partner: judge 0 has none of them.
    assert.ok(group.categories.length > 0);
    assert.ok(group.categories.every((cat: { name: string }) => cat.name !== "Joint working"));

    const nominatorCookie = await cookieFor(c.nominator.id);
    assert.equal((await call(queueRoute.loader, get(`/judge`, nominatorCookie))).status, 404);
  });

  test("a judge and a nominator get 404 on the organiser's judges page, loader and action", async () => {
    const path = `/admin/cycles/${c.cycle.slug}/judges`;
    const params = { slug: c.cycle.slug };
    for (const userId of [c.judges[2].id, c.nominator.id]) {
      const cookie = await cookieFor(userId);
      assert.equal((await call(adminRoute.loader, get(path, cookie), params)).status, 404);
      assert.equal((await call(adminRoute.action, post(path, cookie, { intent: "auto-assign", min: "3" }), params)).status, 404);
      assert.equal((await call(adminRoute.action, post(path, cookie, { intent: "remind" }), params)).status, 404);
    }
    const organiserCookie = await cookieFor(c.organiser.id);
    const page = await call(adminRoute.loader, get(path, organiserCookie), params);
    assert.equal(page.status, 200);
    const data = await page.json();
    assert.equal(data.judges.length, 6);
    const bad = await call(adminRoute.action, post(path, organiserCookie, { intent: "auto-assign", min: "none" }), params);
    assert.equal(bad.status, 400);
    assert.match((await bad.json()).errors.min, /whole number/);
    const run = await (await call(adminRoute.action, post(path, organiserCookie, { intent: "auto-assign", min: "3", maxLoad: "" }), params)).json();
    assert.equal(run.kind, "auto");
    // Two judges declared conflicts above: each of those nominations gets a replacement judge.
    const declared = await prisma.assignment.count({ where: { cycleId: c.cycle.id, conflict: "declared" } });
    assert.equal(declared, 2);
    assert.equal(run.result.createdCount, declared);
    assert.deepEqual(run.result.uncovered, []);
  });

  test("send reminder: judges with work outstanding get one reminder a day", async () => {
    const path = `/admin/cycles/${c.cycle.slug}/judges`;
    const organiserCookie = await cookieFor(c.organiser.id);
    const first = await (await call(adminRoute.action, post(path, organiserCookie, { intent: "remind" }), { slug: c.cycle.slug })).json();
    assert.equal(first.kind, "message");
    assert.equal(first.ok, true);
    const queued = await prisma.emailMessage.findMany({ where: { cycleId: c.cycle.id, template: "judging-reminder" } });
    assert.equal(queued.length, 6, "every judge still has nominations to score");
    const again = await (await call(adminRoute.action, post(path, organiserCookie, { intent: "remind" }), { slug: c.cycle.slug })).json();
    assert.match(again.message, /already reminded today/);
    assert.equal(await prisma.emailMessage.count({ where: { cycleId: c.cycle.id, template: "judging-reminder" } }), 6);
    // Let the background sender finish before the process ends.
    for (
      let i = 0;
      i < 50 && (await prisma.emailMessage.count({ where: { cycleId: c.cycle.id, template: "judging-reminder", status: { in: ["queued", "sending"] } } })) > 0;
      i++
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
  });
});

describe("issue 19, item 2: a conflict stays until an organiser clears it with a reason", () => {
  test("a council judge's detected conflict stays after they change organisation: auto-assign runs again, never assigned", async () => {
    // 4 nominations, 3 judges, the cycle needs 3: judge 0 (the council) is conflicted with
    // nomination 0 (a council partnership), so it is short of one judge unless the conflict goes.
    const s = await makeCycle("stays", { nominations: 4, judges: 3 });
    const org = await actorOf(s.organiser.id);
    const [councilJudge] = s.judges;
    const councilNomination = s.nominations[0];
    await runAutoAssign(prisma, org, s.cycle, {});
    const pair = { judgeId_nominationId: { judgeId: councilJudge.id, nominationId: councilNomination.id } };
    const detected = await prisma.assignment.findUniqueOrThrow({ where: pair });
    assert.equal(detected.conflict, "detected");
    assert.match(detected.conflictReason ?? "", /City Council stays, is a partner/);

    // While the rule still finds it, even an organiser cannot clear it.
    const early = await clearConflict(prisma, org, s.cycle, { assignmentId: detected.id, reason: "Moved jobs" });
    assert.ok(!early.ok && /still detected/.test(early.message));

    // The judge moves to another organisation (and no membership of the council remains).
    const elsewhere = await prisma.organisation.create({ data: { name: "Elsewhere stays", nameKey: "elsewhere stays", sector: "private" } });
    await prisma.membership.deleteMany({ where: { userId: councilJudge.id } });
    await prisma.user.update({ where: { id: councilJudge.id }, data: { organisationId: elsewhere.id } });

    const again = await runAutoAssign(prisma, org, s.cycle, {});
    const after = await prisma.assignment.findUniqueOrThrow({ where: pair });
    assert.equal(after.id, detected.id);
    assert.equal(after.conflict, "detected", "still conflicted");
    assert.equal(after.conflictReason, detected.conflictReason, "with the reason it was found for");
    assert.ok(!again.created.some((x) => x.judgeId === councilJudge.id && x.nominationId === councilNomination.id), "never assigned");
    assert.ok(
      again.uncovered.some((u) => u.nominationId === councilNomination.id),
      "the nomination stays a judge short instead",
    );
    assert.equal(await prisma.auditEvent.count({ where: { cycleId: s.cycle.id, action: "assignment.conflict_cleared" } }), 0);

    // The judge still cannot see it.
    const judgeCookie = await cookieFor(councilJudge.id);
    assert.equal((await call(judgeRoute.loader, get(`/judge/${detected.id}`, judgeCookie), { assignmentId: detected.id })).status, 404);

    // The organiser sees it is no longer detected, and may clear it.
    const overview = await loadJudgingOverview(prisma, s.cycle);
    const shown = overview.conflicts.find((x) => x.assignmentId === detected.id)!;
    assert.equal(shown.stillDetected, false);
    assert.equal(shown.clearable, true);
  });

  test("a judge can never clear a conflict: not through the judges page, not through their own scoring page", async () => {
    const s = await makeCycle("judge-clears", { nominations: 4, judges: 3 });
    const org = await actorOf(s.organiser.id);
    await runAutoAssign(prisma, org, s.cycle, {});
    const judge = s.judges[2];
    const mine = await prisma.assignment.findFirstOrThrow({ where: { judgeId: judge.id, conflict: "none" } });
    await declareConflict(prisma, await actorOf(judge.id), mine.id, "My partner chairs one of the groups");
    const cookie = await cookieFor(judge.id);
    const path = `/admin/cycles/${s.cycle.slug}/judges`;
    const fields = { intent: "clear-conflict", assignmentId: mine.id, [`reason-${mine.id}`]: "I was wrong" };
    assert.equal((await call(adminRoute.action, post(path, cookie, fields), { slug: s.cycle.slug })).status, 404);
    assert.equal((await call(judgeRoute.action, post(`/judge/${mine.id}`, cookie, fields), { assignmentId: mine.id })).status, 404);
    assert.equal((await call(judgeRoute.action, post(`/judge/${mine.id}`, cookie, { intent: "no-conflict" }), { assignmentId: mine.id })).status, 404);
    // The domain function refuses a judge too (the cycle's organisers only).
    await assert.rejects(
      clearConflict(prisma, await actorOf(judge.id), s.cycle, { assignmentId: mine.id, reason: "I was wrong" }),
      (e: unknown) => e instanceof NotAllowedError,
    );
    assert.equal((await prisma.assignment.findUniqueOrThrow({ where: { id: mine.id } })).conflict, "declared");
  });

  test("the organiser clears a conflict with a reason (refused without one, next to the field) and sees who cleared it, when and why", async () => {
    const s = await makeCycle("org-clears", { nominations: 4, judges: 3 });
    const org = await actorOf(s.organiser.id);
    await runAutoAssign(prisma, org, s.cycle, {});
    const judge = s.judges[2];
    const mine = await prisma.assignment.findFirstOrThrow({ where: { judgeId: judge.id, conflict: "none" }, include: { nomination: true } });
    await declareConflict(prisma, await actorOf(judge.id), mine.id, "I think I know the chair");
    const cookie = await cookieFor(s.organiser.id);
    const path = `/admin/cycles/${s.cycle.slug}/judges`;
    const params = { slug: s.cycle.slug };

    const blank = await call(adminRoute.action, post(path, cookie, { intent: "clear-conflict", assignmentId: mine.id, [`reason-${mine.id}`]: "  " }), params);
    assert.equal(blank.status, 400);
    assert.match((await blank.json()).errors[`reason-${mine.id}`], /Enter why/);
    assert.equal((await prisma.assignment.findUniqueOrThrow({ where: { id: mine.id } })).conflict, "declared");

    const reason = "Checked with the judge: it is a different person of the same name";
    const cleared = await call(
      adminRoute.action,
      post(path, cookie, { intent: "clear-conflict", assignmentId: mine.id, [`reason-${mine.id}`]: reason }),
      params,
    );
    assert.equal(cleared.status, 200);
    assert.match((await cleared.json()).message, /Conflict of interest cleared/);
    const row = await prisma.assignment.findUniqueOrThrow({ where: { id: mine.id } });
    assert.equal(row.conflict, "none");
    assert.equal(row.openedAt, null, "the judge is asked the conflict question again");

    const event = await prisma.auditEvent.findFirstOrThrow({ where: { entityId: mine.id, action: "assignment.conflict_cleared" } });
    assert.equal(event.actorId, s.organiser.id);
    const data = JSON.parse(event.data);
    assert.equal(data.reason, reason);
    assert.equal(data.kind, "declared");
    assert.equal(data.conflictReason, "I think I know the chair");

    const page = await (await call(adminRoute.loader, get(path, cookie), params)).json();
    assert.deepEqual(
      page.clearedConflicts.map((x: { judgeName: string; nominationTitle: string; clearedBy: string; reason: string; kind: string }) => [
        x.judgeName,
        x.nominationTitle,
        x.kind,
        x.clearedBy,
        x.reason,
      ]),
      [["Judge 2", mine.nomination.title, "declared", "Sam Organiser", reason]],
    );
    assert.ok(!Number.isNaN(new Date(page.clearedConflicts[0].at).getTime()));
  });
});

describe("issue 19, item 4: one minimum number of judges, the cycle's", () => {
  test("the judges page's automatic assignment uses the cycle's number; changing it there changes the cycle's setting and says so", async () => {
    const s = await makeCycle("one-number", { nominations: 4, judges: 3 });
    const cookie = await cookieFor(s.organiser.id);
    const path = `/admin/cycles/${s.cycle.slug}/judges`;
    const params = { slug: s.cycle.slug };
    const page = await (await call(adminRoute.loader, get(path, cookie), params)).json();
    assert.equal(page.cycle.minJudgesPerNomination, 3);

    // The organiser asks for 2: the cycle's setting becomes 2, and the run used it.
    const run = await call(adminRoute.action, post(path, cookie, { intent: "auto-assign", min: "2", maxLoad: "" }), params);
    assert.equal(run.status, 200);
    const body = await run.json();
    assert.equal(body.result.min, 2);
    assert.deepEqual(body.result.minChanged, { from: 3, to: 2 });
    const cycle = await prisma.awardCycle.findUniqueOrThrow({ where: { id: s.cycle.id } });
    assert.equal(cycle.minJudgesPerNomination, 2);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { cycleId: s.cycle.id, action: "cycle.updated" } });
    assert.deepEqual(JSON.parse(event.data).changed, ["minJudgesPerNomination"]);
    for (const n of s.nominations) {
      assert.equal(await prisma.assignment.count({ where: { nominationId: n.id, conflict: "none" } }), 2, `${n.title}: exactly the cycle's 2`);
    }
    // Every other place reads the same number: the flags and the page.
    const overview = await loadJudgingOverview(prisma, cycle);
    assert.ok(overview.nominations.every((n) => n.need === 2));
    assert.deepEqual(overview.flagged, []);
    assert.equal((await (await call(adminRoute.loader, get(path, cookie), params)).json()).cycle.minJudgesPerNomination, 2);

    // The same number again changes nothing and says nothing about it.
    const same = await (await call(adminRoute.action, post(path, cookie, { intent: "auto-assign", min: "2" }), params)).json();
    assert.equal(same.result.minChanged, null);
    assert.equal(same.result.createdCount, 0);

    // Without a number the domain function uses the cycle's as it is.
    const plain = await runAutoAssign(prisma, await actorOf(s.organiser.id), cycle, {});
    assert.equal(plain.min, 2);

    // Out of the settings page's range: refused next to the field.
    const tooMany = await call(adminRoute.action, post(path, cookie, { intent: "auto-assign", min: "21" }), params);
    assert.equal(tooMany.status, 400);
    assert.match((await tooMany.json()).errors.min, /20 or fewer/);

    // Once the results are decided, the number the awards were checked against stays.
    await prisma.awardCycle.update({ where: { id: s.cycle.id }, data: { resultsDecidedAt: new Date() } });
    const locked = await call(adminRoute.action, post(path, cookie, { intent: "auto-assign", min: "3" }), params);
    assert.equal(locked.status, 400);
    assert.match((await locked.json()).errors.min, /results are decided/);
    assert.equal((await prisma.awardCycle.findUniqueOrThrow({ where: { id: s.cycle.id } })).minJudgesPerNomination, 2);
  });
});
