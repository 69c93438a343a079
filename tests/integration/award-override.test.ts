import "../support/test-env";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { prisma } from "~/db/client.server";
import { decideResults, listUnsupportedAwards, loadResultsAudit, setDecision } from "~/results/decisions.server";
import { allowCssImports } from "../support/css-modules";
import { generateLargeCycle } from "../support/large-cycle";
import { args, respond, sessionCookie } from "../support/route-calls";
import { testDatabase } from "../support/test-env";
import { actorOf } from "../support/actors";

allowCssImports();
const moderationRoute = await import("~/routes/admin.cycles.$slug.results");

const base = "http://localhost";

function post(url: string, body: Record<string, string>, cookie: string) {
  return new Request(url, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    body: new URLSearchParams(body).toString(),
  });
}

/**
 * Four judged nominations (3 judges each, the cycle needs 3), then: "Unjudged" put back to
 * submitted (never checked) with no judges, as in the issue; "Short" eligible with one of
 * its three reviews still a draft.
 */
async function cycleWithAnUnjudgedNomination(slug: string) {
  const g = await generateLargeCycle(testDatabase.url, { nominations: 4, judges: 3, criteria: 2, categories: 1, slug, minJudgesPerNomination: 3 });
  const [unjudged, short, judged, other] = g.nominationIds;
  await prisma.nomination.update({ where: { id: unjudged }, data: { status: "submitted", title: "Unjudged" } });
  await prisma.assignment.deleteMany({ where: { nominationId: unjudged } });
  await prisma.nomination.update({ where: { id: short }, data: { title: "Short" } });
  const oneReview = await prisma.review.findFirstOrThrow({ where: { assignment: { nominationId: short } } });
  await prisma.review.update({ where: { id: oneReview.id }, data: { status: "draft", submittedAt: null } });
  const cycle = await prisma.awardCycle.findUniqueOrThrow({ where: { id: g.cycleId } });
  const highlyCommended = await prisma.outcomeTier.findFirstOrThrow({ where: { cycleId: g.cycleId, name: "Highly commended" } });
  return { g, cycle, unjudged, short, judged, other, tier: highlyCommended.id, organiser: await actorOf(g.organiserId) };
}

describe("issue 19, item 1: an award needs judging, or an override with a reason", () => {
  it("setting an award on an unjudged nomination is refused next to the field; an override with a reason is stored and audited", async () => {
    const { cycle, unjudged, short, tier, organiser, g } = await cycleWithAnUnjudgedNomination("award-override-set");

    const refused = await setDecision(prisma, organiser, unjudged, { outcomeTierId: tier, rationale: "Lovely work" });
    assert.equal(refused.ok, false);
    assert.ok(!refused.ok);
    assert.match(refused.errors.outcome, /not been checked for eligibility/);
    assert.match(refused.errors.outcome, /no judge has submitted a review \(the cycle needs 3\)/);
    assert.match(refused.errors.override, /reason for the override/);
    assert.equal(await prisma.decision.count({ where: { nominationId: unjudged } }), 0, "nothing stored");

    const shortRefused = await setDecision(prisma, organiser, short, { outcomeTierId: tier, rationale: "Good" });
    assert.ok(!shortRefused.ok && /only 2 submitted reviews of the 3 the cycle needs/.test(shortRefused.errors.outcome));

    // Not awarded needs no judging.
    assert.ok((await setDecision(prisma, organiser, short, { outcomeTierId: null, rationale: "Not enough evidence yet" })).ok);

    const before = Date.now();
    const overridden = await setDecision(prisma, organiser, unjudged, {
      outcomeTierId: tier,
      rationale: "Lovely work",
      overrideReason: "Judged in person at the panel meeting on 2 February; the scores were not entered",
    });
    assert.ok(overridden.ok && overridden.changed);
    const row = await prisma.decision.findUniqueOrThrow({ where: { nominationId: unjudged } });
    assert.equal(row.overrideReason, "Judged in person at the panel meeting on 2 February; the scores were not entered");
    assert.equal(row.overriddenById, g.organiserId);
    assert.ok(row.overriddenAt && row.overriddenAt.getTime() >= before - 1000);

    const event = await prisma.auditEvent.findFirstOrThrow({ where: { cycleId: cycle.id, action: "decision.set", entityId: row.id } });
    const data = JSON.parse(event.data);
    assert.equal(data.to.override, row.overrideReason);
    assert.equal(data.override.reason, row.overrideReason);
    assert.match(data.override.shortfalls, /not been checked for eligibility/);
    const trail = await loadResultsAudit(prisma, cycle.id);
    const entry = trail.find((e) => e.nominationId === unjudged)!;
    assert.equal(entry.override, row.overrideReason);
    assert.match(entry.summary, /^Highly commended, by override: /);

    // Changing it to Not awarded takes the override away.
    assert.ok((await setDecision(prisma, organiser, unjudged, { outcomeTierId: null, rationale: "On reflection", overrideReason: "ignored" })).ok);
    const cleared = await prisma.decision.findUniqueOrThrow({ where: { nominationId: unjudged } });
    assert.equal(cleared.overrideReason, null);
    assert.equal(cleared.overriddenById, null);
    assert.equal(cleared.overriddenAt, null);
  });

  it("locking refuses while an award fails the rule without an override, naming each one; with the override it locks", async () => {
    const { cycle, unjudged, short, judged, other, tier, organiser } = await cycleWithAnUnjudgedNomination("award-override-lock");
    // Given while "Short" had all three reviews; one was taken back to draft afterwards.
    const draft = await prisma.review.findFirstOrThrow({ where: { assignment: { nominationId: short }, status: "draft" } });
    await prisma.review.update({ where: { id: draft.id }, data: { status: "submitted", submittedAt: new Date() } });
    assert.ok((await setDecision(prisma, organiser, short, { outcomeTierId: tier, rationale: "Strong" })).ok);
    await prisma.assignment.update({ where: { id: draft.assignmentId }, data: { conflict: "declared", conflictReason: "My sister runs it" } });
    // The case, written straight into the database the way main allowed it.
    await prisma.decision.create({ data: { nominationId: unjudged, outcomeTierId: tier, rationale: "Lovely", decidedById: organiser.userId } });
    assert.ok((await setDecision(prisma, organiser, judged, { outcomeTierId: tier, rationale: "Judged and strong" })).ok);
    assert.ok((await setDecision(prisma, organiser, other, { outcomeTierId: null, rationale: "Not this year" })).ok);

    const refused = await decideResults(prisma, organiser, cycle);
    assert.equal(refused.ok, false);
    assert.ok(!refused.ok);
    assert.match(refused.message, /2 awards are not supported by the judging/);
    assert.match(refused.message, /"Short" \(Highly commended: only 2 submitted reviews of the 3 the cycle needs\)/);
    assert.match(refused.message, /"Unjudged" \(Highly commended: it has not been checked for eligibility and no judge has submitted a review/);
    assert.deepEqual(refused.unsupported?.map((u) => u.id).sort(), [short, unjudged].sort());
    assert.equal((await prisma.awardCycle.findUniqueOrThrow({ where: { id: cycle.id } })).resultsDecidedAt, null);

    // Through the moderation page: 400, the message, and each one listed.
    const cookie = await sessionCookie(organiser.userId);
    const url = `${base}/admin/cycles/${cycle.slug}/results`;
    const lock = await respond(() => moderationRoute.action(args(post(url, { intent: "lock" }, cookie), { slug: cycle.slug })));
    assert.equal(lock.status, 400);
    const lockBody = await lock.json();
    assert.equal(lockBody.unsupported.length, 2);

    for (const id of [short, unjudged]) {
      const r = await setDecision(prisma, organiser, id, {
        outcomeTierId: tier,
        rationale: "Decided at the panel",
        overrideReason: "The panel read it in full at its meeting",
      });
      assert.ok(r.ok, JSON.stringify(r));
    }
    assert.deepEqual(await listUnsupportedAwards(prisma, cycle.id), []);
    const locked = await decideResults(prisma, organiser, cycle);
    assert.ok(locked.ok, locked.message);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { cycleId: cycle.id, action: "cycle.results_decided" } });
    assert.deepEqual(JSON.parse(event.data).overridden.sort(), [short, unjudged].sort());
  });

  it("the moderation page refuses an award without an override next to the field, keeps what was typed, then stores the override and shows it", async () => {
    const { cycle, unjudged, tier, organiser } = await cycleWithAnUnjudgedNomination("award-override-page");
    const cookie = await sessionCookie(organiser.userId);
    const url = `${base}/admin/cycles/${cycle.slug}/results`;
    const params = { slug: cycle.slug };

    const page = await respond(() => moderationRoute.loader(args(new Request(url, { headers: { Cookie: cookie } }), params)));
    const data = await page.json();
    const item = data.groups.flatMap((g: { items: unknown[] }) => g.items).find((i: { id: string }) => i.id === unjudged);
    assert.match(item.awardShortfall, /not been checked for eligibility/);

    const form = {
      intent: "decide",
      nominationId: unjudged,
      [`outcome-${unjudged}`]: tier,
      [`rationale-${unjudged}`]: "Everyone loved it",
      [`citation-${unjudged}`]: "",
    };
    const refused = await respond(() => moderationRoute.action(args(post(url, form, cookie), params)));
    assert.equal(refused.status, 400);
    const body = await refused.json();
    assert.match(body.errors[`outcome-${unjudged}`], /Highly commended needs an eligible nomination with at least 3 submitted reviews/);
    assert.ok(body.errors[`override-${unjudged}`]);
    assert.equal(body.values[`rationale-${unjudged}`], "Everyone loved it", "what was typed comes back");

    const saved = await respond(() =>
      moderationRoute.action(args(post(url, { ...form, [`override-${unjudged}`]: "Seen by the whole panel at the ceremony rehearsal" }, cookie), params)),
    );
    assert.equal(saved.status, 302);
    const after = await (await respond(() => moderationRoute.loader(args(new Request(url, { headers: { Cookie: cookie } }), params)))).json();
    const decided = after.groups.flatMap((g: { items: unknown[] }) => g.items).find((i: { id: string }) => i.id === unjudged);
    assert.equal(decided.decision.override.reason, "Seen by the whole panel at the ceremony rehearsal");
    assert.ok(decided.decision.override.byName);
    const trailEntry = after.trail.find((e: { nominationId: string }) => e.nominationId === unjudged);
    assert.equal(trailEntry.override, "Seen by the whole panel at the ceremony rehearsal");
  });
});
