import "../support/test-env";
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { loadActor } from "~/auth/actor.server";
import { prisma } from "~/db/client.server";
import { loadJudgingOverview } from "~/judging/assignments.server";
import { judgeQueue } from "~/judging/queue.server";
import { planCampaign } from "~/mail/campaigns.server";
import { returnForChanges } from "~/nominations/moderation.server";
import { NOMINATION_STATUSES } from "~/domain/vocabulary";
import { isJudgeable } from "~/nominations/status";
import { inArea } from "../support/areas";

const DAY = 24 * 3600 * 1000;

after(async () => {
  await prisma.$disconnect();
});

/** A cycle in judging with one judge and one assigned, unscored nomination in `status`. */
async function cycleWith(slug: string, status: string, extra: { extensionUntil?: Date } = {}) {
  const now = Date.now();
  const cycle = await prisma.awardCycle.create({
    data: {
      slug,
      name: `Awards ${slug}`,
      area: "Testshire",
      ...inArea("Testshire"),
      nominationsOpenAt: new Date(now - 30 * DAY),
      nominationsCloseAt: new Date(now - 3 * DAY),
      judgingOpenAt: new Date(now - 2 * DAY),
      judgingCloseAt: new Date(now + 14 * DAY),
      launchedAt: new Date(now - 31 * DAY),
      contactName: "Sam Organiser",
      contactEmail: "sam@example.org",
    },
  });
  const category = await prisma.category.create({ data: { cycleId: cycle.id, name: "Joint working", position: 0 } });
  const organiser = await prisma.user.create({ data: { email: `organiser@${slug}.example`, name: "Sam Organiser" } });
  await prisma.cycleRole.create({ data: { userId: organiser.id, cycleId: cycle.id, role: "organiser" } });
  const judge = await prisma.user.create({ data: { email: `judge@${slug}.example`, name: "Jo Judge" } });
  await prisma.cycleRole.create({ data: { userId: judge.id, cycleId: cycle.id, role: "judge" } });
  const nominator = await prisma.user.create({ data: { email: `nominator@${slug}.example`, name: "Nia Nominator" } });
  const vcs = await prisma.organisation.create({ data: { name: `Group ${slug}`, nameKey: `group ${slug}`, sector: "voluntary_community" } });
  const nomination = await prisma.nomination.create({
    data: {
      cycleId: cycle.id,
      categoryId: category.id,
      createdById: nominator.id,
      title: `A ${status} nomination`,
      status,
      submittedAt: new Date(now - 10 * DAY),
      extensionUntil: extra.extensionUntil ?? null,
      partners: { create: [{ organisationId: vcs.id, role: "lead_vcs", contactName: "Nia", contactEmail: nominator.email, position: 0 }] },
    },
  });
  await prisma.assignment.create({ data: { cycleId: cycle.id, judgeId: judge.id, nominationId: nomination.id, conflict: "none" } });
  return { cycle, judge, organiser, nomination };
}

/** What the reminder, the judge's queue and the organiser's progress table each say is left to do. */
async function outstandingEverywhere(c: Awaited<ReturnType<typeof cycleWith>>) {
  const reminders = await planCampaign(prisma, c.cycle, "judging-reminder");
  const reminded = reminders.find((r) => r.to === c.judge.email);
  const reminder = reminded ? (reminded.props as { outstanding: number }).outstanding : 0;

  const actor = await loadActor(prisma, c.judge.id);
  assert.ok(actor);
  const groups = await judgeQueue(prisma, actor);
  const queue = groups
    .filter((g) => g.cycle.id === c.cycle.id)
    .flatMap((g) => g.categories.flatMap((cat) => cat.items))
    .filter((i) => i.status !== "submitted" && i.status !== "conflict_declared").length;

  const overview = await loadJudgingOverview(prisma, c.cycle);
  const progress = overview.judges.find((j) => j.id === c.judge.id)?.outstanding ?? 0;
  return { reminder, queue, progress };
}

describe("a judge's outstanding work is one rule (docs/decisions/0061)", () => {
  for (const status of NOMINATION_STATUSES) {
    test(`a nomination that is ${status}: reminders, queue and progress agree`, async () => {
      const c = await cycleWith(`work-${status.replace(/_/g, "-")}`, status);
      const expected = isJudgeable(status) ? 1 : 0;
      assert.deepEqual(await outstandingEverywhere(c), { reminder: expected, queue: expected, progress: expected });
    });
  }

  test("a nomination returned for changes keeps its assignment, but is no longer anyone's work", async () => {
    const c = await cycleWith("work-returned", "eligible", { extensionUntil: new Date(Date.now() + 7 * DAY) });
    assert.deepEqual(await outstandingEverywhere(c), { reminder: 1, queue: 1, progress: 1 });
    const result = await returnForChanges(prisma, (await loadActor(prisma, c.organiser.id))!, {
      nominationId: c.nomination.id,
      comment: "Please add a quote.",
    });
    assert.ok(result.ok, JSON.stringify(result));
    assert.equal(await prisma.assignment.count({ where: { nominationId: c.nomination.id } }), 1, "the assignment stays for when it comes back");
    assert.deepEqual(await outstandingEverywhere(c), { reminder: 0, queue: 0, progress: 0 });
  });
});
