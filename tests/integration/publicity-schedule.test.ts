/**
 * Issue 19, items 5 and 6: results in step with the ceremony, and counts and dates that tell
 * the truth. Publishing before the ceremony asks again (a second submit, no JavaScript);
 * publication scheduled for the ceremony is published by the background job's tick exactly
 * once, however many ticks run, and audited; the press release's tense and counts follow the
 * facts; the booklet's year is the cycle's own; the overview says when results were published.
 */
import "../support/test-env";
import { testDatabase } from "../support/test-env";
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { loadActor } from "~/auth/actor.server";
import { currentBookletInputs, cycleYear } from "~/booklet/booklet.server";
import { prisma } from "~/db/client.server";
import { seedDemo } from "~/demo/seed.server";
import { buildPressReleaseDraft } from "~/press/press-release.server";
import { unlockResults } from "~/results/decisions.server";
import { publishDueResults, schedulePublication } from "~/results/publication.server";
import { loadAwards } from "~/results/published.server";
import { formatUkDate, formatUkDateTime } from "~/utils/time";
import { startAppServer } from "../support/app-server";
import { allowCssImports } from "../support/css-modules";
import { args, respond, sessionCookie } from "../support/route-calls";

allowCssImports();
const resultsRoute = await import("~/routes/admin.cycles.$slug.results");
const overviewRoute = await import("~/routes/admin.cycles.$slug._index");

const SLUG = "coventry-2010";
const DAY = 24 * 3_600_000;
const ceremonyAt = new Date(Date.now() + 60 * DAY);
let cycleId = "";
let organiserId = "";
let cookie = "";

function post(body: Record<string, string>) {
  return new Request(`http://localhost/admin/cycles/${SLUG}/results`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    body: new URLSearchParams(body).toString(),
  });
}
const act = (body: Record<string, string>) => respond(() => resultsRoute.action(args(post(body), { slug: SLUG })));
const cycleNow = () => prisma.awardCycle.findUniqueOrThrow({ where: { id: cycleId } });
const events = (action: string) => prisma.auditEvent.findMany({ where: { cycleId, action }, orderBy: { createdAt: "asc" } });

before(async () => {
  const demo = await seedDemo(prisma);
  const cycle = await prisma.awardCycle.findUniqueOrThrow({ where: { slug: SLUG } });
  cycleId = cycle.id;
  organiserId = (await prisma.user.findUniqueOrThrow({ where: { email: demo.organiserEmail } })).id;
  cookie = await sessionCookie(organiserId);
});

/** The demo's decided cycle, unpublished, its ceremony two months away. */
async function beforeTheCeremony() {
  await prisma.awardCycle.update({ where: { id: cycleId }, data: { publishedAt: null, publishResultsAt: null, ceremonyAt } });
  await prisma.auditEvent.deleteMany({
    where: { cycleId, action: { in: ["cycle.published", "cycle.publication_scheduled", "cycle.publication_unscheduled"] } },
  });
}

describe("issue 19, item 5: publishing before the ceremony asks the organiser to confirm", () => {
  beforeEach(beforeTheCeremony);

  it("the first submit is answered with the ceremony's date and the results email's promise; only a second submit publishes", async () => {
    const first = await act({ intent: "publish", confirm: "yes" });
    assert.equal(first.status, 200);
    const asked = (await first.json()) as { beforeCeremony?: { message: string } };
    assert.ok(asked.beforeCeremony, "a second question");
    assert.ok(asked.beforeCeremony.message.includes(formatUkDateTime(ceremonyAt)), asked.beforeCeremony.message);
    assert.match(asked.beforeCeremony.message, /confidential until they are announced at the ceremony/);
    assert.equal((await cycleNow()).publishedAt, null, "nothing published by the first submit");

    const second = await act({ intent: "publish", confirm: "yes", beforeCeremony: "yes" });
    assert.equal(second.status, 302);
    assert.ok((await cycleNow()).publishedAt, "published by the second");
    const [published] = await events("cycle.published");
    assert.equal(JSON.parse(published.data).beforeCeremony, true, "the audit trail says it was before the ceremony");
    assert.equal(published.actorId, organiserId);
  });

  it("after the ceremony, one confirmation is enough", async () => {
    await prisma.awardCycle.update({ where: { id: cycleId }, data: { ceremonyAt: new Date(Date.now() - DAY) } });
    const response = await act({ intent: "publish", confirm: "yes" });
    assert.equal(response.status, 302);
    assert.ok((await cycleNow()).publishedAt);
  });

  it("scheduled for the ceremony, the job's tick publishes it once when due (several ticks at once included), and the audit trail says so", async () => {
    const scheduled = await act({ intent: "schedule-publication" });
    assert.equal(scheduled.status, 302);
    assert.equal((await cycleNow()).publishResultsAt?.getTime(), ceremonyAt.getTime());
    assert.equal((await events("cycle.publication_scheduled")).length, 1);

    assert.deepEqual(await publishDueResults(prisma, new Date()), [], "not due yet");
    assert.equal((await cycleNow()).publishedAt, null);

    const due = new Date(ceremonyAt.getTime() + 30_000);
    const ticks = await Promise.all([publishDueResults(prisma, due), publishDueResults(prisma, due), publishDueResults(prisma, due)]);
    const later = await publishDueResults(prisma, new Date(due.getTime() + 60_000));
    assert.deepEqual([...ticks.flat(), ...later], [SLUG], "published by exactly one tick");

    const cycle = await cycleNow();
    assert.equal(cycle.publishedAt?.getTime(), due.getTime());
    assert.equal(cycle.publishResultsAt, null);
    const published = await events("cycle.published");
    assert.equal(published.length, 1, "audited once");
    assert.equal(JSON.parse(published[0].data).scheduled, true);
    assert.equal(published[0].actorId, organiserId, "on the word of the organiser who scheduled it");
  });

  it("a schedule that fell due while the server was down is published by the server's start-up job", async () => {
    await prisma.awardCycle.update({ where: { id: cycleId }, data: { publishResultsAt: new Date(Date.now() - 60_000) } });
    const server = await startAppServer({ databaseUrl: testDatabase.url });
    try {
      for (let i = 0; i < 100 && !(await cycleNow()).publishedAt; i++) await new Promise((r) => setTimeout(r, 100));
      assert.ok((await cycleNow()).publishedAt, "published at start-up");
      assert.equal((await events("cycle.published")).length, 1);
    } finally {
      await server.stop();
    }
  });

  it("unlocking the results cancels a scheduled publication: the job then publishes nothing", async () => {
    const actor = (await loadActor(prisma, organiserId))!;
    assert.equal((await schedulePublication(prisma, actor, { id: cycleId })).ok, true);
    const unlocked = await unlockResults(prisma, actor, { id: cycleId }, "A partner's name was wrong");
    assert.equal(unlocked.ok, true);
    assert.equal((await cycleNow()).publishResultsAt, null);
    assert.deepEqual(await publishDueResults(prisma, new Date(ceremonyAt.getTime() + DAY)), []);
    await prisma.awardCycle.update({ where: { id: cycleId }, data: { resultsDecidedAt: new Date() } });
  });

  it("the press release's tense follows the ceremony: future before it, past once published at it", async () => {
    const before = await buildPressReleaseDraft(prisma, cycleId, { embargoAt: null });
    assert.ok(before.includes(`will be celebrated at the Coventry Compact Awards 2010 on ${formatUkDate(ceremonyAt)}`), before.slice(0, 600));
    assert.ok(!before.includes("were celebrated"));
    assert.match(before, /^# 14 partnerships to be recognised at/m);

    // Released when the scheduled publication happens, at the ceremony: past tense.
    const actor = (await loadActor(prisma, organiserId))!;
    await schedulePublication(prisma, actor, { id: cycleId });
    const atCeremony = await buildPressReleaseDraft(prisma, cycleId, { embargoAt: null });
    assert.ok(atCeremony.includes(`were celebrated at the Coventry Compact Awards 2010, held on ${formatUkDate(ceremonyAt)}`));
  });
});

describe("issue 19, item 6: counts and dates that are right", () => {
  after(async () => {
    await prisma.nomination.deleteMany({ where: { cycleId, title: { startsWith: "Never checked" } } });
  });

  it("the press release counts what the judges considered, not nominations nobody checked", async () => {
    const judged = await prisma.nomination.count({
      where: { cycleId, status: "eligible", assignments: { some: { conflict: "none", review: { is: { status: "submitted" } } } } },
    });
    const receivedBefore = (await loadAwards(prisma, cycleId)).counts.nominationsReceived;
    for (const n of [1, 2, 3]) await prisma.nomination.create({ data: { cycleId, title: `Never checked ${n}`, status: "submitted" } });
    const { counts } = await loadAwards(prisma, cycleId);
    assert.equal(counts.nominationsJudged, judged);
    assert.equal(counts.nominationsReceived, receivedBefore + 3, "received still counts them");
    const draft = (await buildPressReleaseDraft(prisma, cycleId)).replace(/\\/g, "");
    assert.ok(draft.includes(`The judges considered ${judged} nominations and made 14 awards`), draft.slice(0, 800));
    assert.ok(draft.includes(`The awards received ${receivedBefore + 3} nominations, of which the judges considered ${judged}.`));
  });

  it("the overview says when the results were published, not when the cycle was launched", async () => {
    const publishedAt = new Date("2026-12-03T10:00:00Z");
    await prisma.awardCycle.update({ where: { id: cycleId }, data: { publishedAt } });
    const cycle = await cycleNow();
    assert.notEqual(cycle.launchedAt?.getTime(), publishedAt.getTime());
    const response = await respond(() =>
      overviewRoute.loader(args(new Request(`http://localhost/admin/cycles/${SLUG}`, { headers: { Cookie: cookie } }), { slug: SLUG })),
    );
    const data = (await response.json()) as { cycle: { resultsPublishedAt: string | null } };
    assert.equal(data.cycle.resultsPublishedAt, publishedAt.toISOString());
  });

  it("the booklet's cover carries the cycle's own name and year, though the ceremony fell in the next year", async () => {
    await prisma.awardCycle.update({
      where: { id: cycleId },
      data: { name: "Coventry Compact Awards 2026", ceremonyAt: new Date("2027-02-04T19:00:00Z") },
    });
    const { inputs } = await currentBookletInputs(prisma, cycleId);
    assert.equal(inputs.view.cycle.name, "Coventry Compact Awards 2026");
    assert.equal(inputs.view.cycle.year, "2026");
    assert.equal(
      cycleYear({
        name: "Coventry Compact Awards",
        ceremonyAt: new Date("2027-02-04T19:00:00Z"),
        publishedAt: null,
        resultsDecidedAt: null,
        nominationsCloseAt: new Date(),
      }),
      "2027",
      "without a year in its name, the ceremony's",
    );
  });
});
