/**
 * Bulk sending for organisers (issue 6) through the outbox and the real `resend` SDK,
 * against the fake Resend that checks every request against Resend's OpenAPI description.
 */
import "../support/test-env";
import { prisma } from "~/db/client.server";
import assert from "node:assert/strict";
import { beforeEach, describe, test } from "node:test";
import { makeCampaignCycle } from "../support/campaign-fixtures";
import {
  CampaignError,
  campaignLog,
  campaignProgress,
  enqueueSend,
  isSending,
  markResultsSentIfComplete,
  planCampaign,
  queueAndSend,
  queueCampaign,
  resendFailed,
  sendFailure,
  sendUnderWay,
  startCampaignSendWorker,
  startSending,
  type CampaignKind,
} from "~/mail/campaigns.server";
import { fakeResendForThisFile } from "../support/sending";
import { testDatabase } from "../support/test-env";
import { CAMPAIGN_SEND_JOB } from "~/mail/campaigns.server";
import { createJobQueue } from "~/jobs/queue.server";
import { waitFor } from "../support/wait";

const mail = fakeResendForThisFile();
const NOW = new Date("2026-03-12T10:00:00Z");

async function cycleOf(cycleId: string) {
  return prisma.awardCycle.findUniqueOrThrow({ where: { id: cycleId } });
}

/** "Name <a@b>" -> "a@b" */
function addressOf(to: string) {
  return (/<([^>]+)>$/.exec(to)?.[1] ?? to).toLowerCase();
}

async function sendAll(cycleId: string, kind: CampaignKind, extra: Parameters<typeof startSending>[3] = {}) {
  const { done } = startSending(prisma, cycleId, kind, { transport: mail.transport, sleep: async () => {}, now: NOW, ...extra });
  await done;
}

beforeEach(() => {
  mail.fake.setMode({ kind: "ok" });
  mail.fake.requests.length = 0;
  mail.fake.emails.length = 0;
});

describe("planning the results", () => {
  test("one email per partner contact per decided nomination, with the right template and the cycle's details", async () => {
    const f = await makeCampaignCycle(prisma, { slug: "plan", nominations: 5, partnersPer: 2, sharedContact: true });
    const cycle = await cycleOf(f.cycleId);
    const plan = await planCampaign(prisma, cycle, "results", NOW);

    assert.equal(plan.length, 10);
    assert.deepEqual(
      plan.map((r) => `${r.nominationId} ${r.to}`).sort(),
      f.expectedResults.map((e) => `${e.nominationId} ${e.email}`).sort(),
      "withdrawn, ineligible and undecided nominations get nothing",
    );
    // A contact in two nominations gets two emails, with two keys.
    const shared = plan.filter((r) => r.to === f.sharedContact);
    assert.equal(shared.length, 2);
    assert.notEqual(shared[0].idempotencyKey, shared[1].idempotencyKey);
    assert.equal(new Set(plan.map((r) => r.idempotencyKey)).size, plan.length);
    for (const r of plan) assert.equal(r.idempotencyKey, `results:${f.cycleId}:${r.nominationId}:${r.to}`);

    const byTier = new Map(f.expectedResults.map((e) => [`${e.nominationId} ${e.email}`, e.tierKind]));
    const expectedTemplate: Record<string, string> = {
      winner: "results-winner",
      special_commendation: "results-special-commendation",
      commendation: "results-commendation",
      highly_commended: "results-highly-commended",
      null: "results-not-awarded",
    };
    for (const r of plan) assert.equal(r.template, expectedTemplate[String(byTier.get(`${r.nominationId} ${r.to}`))]);

    const first = plan.find((r) => r.nominationId === `${f.slug}-nom-001` && r.to.startsWith("shared"))!;
    const props = first.props as Record<string, unknown>;
    assert.deepEqual(props.cycle, {
      name: cycle.name,
      contactName: "Rob Allison",
      contactEmail: cycle.contactEmail,
      signOff: "Rob Allison, for the Testshire Compact",
    });
    assert.equal(props.recipientName, "Contact 001.0");
    assert.equal(props.nominationTitle, "Partnership 001");
    assert.equal(props.categoryName, "Working together");
    assert.equal(props.tierName, "Winner");
    assert.deepEqual(props.partners, ["Organisation 001.0 (plan)", "Organisation 001.1 (plan)"]);
    // 16:30 UTC in June is 5:30pm in the UK.
    assert.deepEqual(props.ceremony, { when: "Thursday 11 June 2026, 5:30pm", venue: "The Welcome Centre, Parkside" });
    // Only submitted, non-conflicted reviews' notes, each once.
    assert.equal(props.noteForNominators, "A note from judge 3 on nomination 1.");
    const all = JSON.stringify(plan.map((r) => r.props));
    assert.doesNotMatch(all, /CONFLICTED NOTE|DRAFT NOTE/);
    // Not awarded: the kind email, no tier name.
    const notAwarded = plan.find((r) => r.template === "results-not-awarded")!;
    assert.equal((notAwarded.props as Record<string, unknown>).tierName, undefined);
  });

  test("results cannot be queued before they are decided, with a clear message", async () => {
    const f = await makeCampaignCycle(prisma, { slug: "undecided", nominations: 2, decided: false });
    const cycle = await cycleOf(f.cycleId);
    await assert.rejects(
      () => queueCampaign(prisma, null, cycle, "results", NOW),
      (error: unknown) => {
        assert.ok(error instanceof CampaignError);
        assert.match(error.message, /results have not been decided yet/i);
        return true;
      },
    );
    assert.equal(await prisma.emailMessage.count({ where: { cycleId: f.cycleId } }), 0);
  });
});

describe("sending the results through Resend's batch API", () => {
  test("250 results: exactly 3 batch calls, 250 deliveries, every message sent once; resultsSentAt set", async () => {
    const f = await makeCampaignCycle(prisma, { slug: "big", nominations: 125, partnersPer: 2, sharedContact: true });
    const cycle = await cycleOf(f.cycleId);

    const queueStarted = performance.now();
    const queued = await queueCampaign(prisma, { userId: f.organiserId }, cycle, "results", NOW);
    const queueMs = performance.now() - queueStarted;
    assert.equal(queued.total, 250);
    assert.equal(queued.created, 250);

    const sendStarted = performance.now();
    await sendAll(f.cycleId, "results", { actorId: f.organiserId });
    const sendMs = performance.now() - sendStarted;
    console.log(`# queued (rendered) 250 results in ${Math.round(queueMs)} ms; sent them through the fake in ${Math.round(sendMs)} ms`);

    const batchCalls = mail.fake.requests.filter((r) => r.path === "/emails/batch");
    assert.equal(batchCalls.length, 3);
    assert.deepEqual(
      batchCalls.map((r) => (r.body as unknown[]).length),
      [100, 100, 50],
    );
    assert.ok(batchCalls.every((r) => r.status === 200 && r.idempotencyKey));
    assert.equal(mail.fake.requests.filter((r) => r.path === "/emails").length, 0);
    assert.equal(mail.fake.emails.length, 250);

    const messages = await prisma.emailMessage.findMany({ where: { cycleId: f.cycleId } });
    assert.equal(messages.length, 250);
    assert.ok(messages.every((m) => m.status === "sent" && m.transport === "resend" && m.attempts === 1));
    // Each stored message's provider id is the id the fake gave the same recipient.
    const delivered = new Map(mail.fake.emails.map((e) => [e.id, e]));
    for (const m of messages) {
      const e = delivered.get(m.providerId!);
      assert.ok(e, `no delivery for ${m.toEmail}`);
      assert.equal(addressOf(e.to[0]), m.toEmail);
      assert.equal(e.subject, m.subject);
    }
    // Every planned recipient exactly once; the shared contact twice (two nominations).
    const got = mail.fake.emails.map((e) => addressOf(e.to[0])).sort();
    assert.deepEqual(got, f.expectedResults.map((e) => e.email).sort());
    assert.equal(got.filter((a) => a === f.sharedContact).length, 2);

    assert.deepEqual(await campaignProgress(prisma, f.cycleId, "results"), { queued: 0, sending: 0, sent: 250, failed: 0, total: 250 });
    assert.equal(isSending(f.cycleId, "results"), false);
    const after = await cycleOf(f.cycleId);
    assert.deepEqual(after.resultsSentAt, NOW);
    const actions = (await prisma.auditEvent.findMany({ where: { cycleId: f.cycleId } })).map((a) => a.action);
    assert.equal(actions.filter((a) => a === "email.sent").length, 250);
    for (const a of ["emails.queued", "emails.sending_started", "emails.sending_finished", "cycle.results_sent"]) assert.ok(actions.includes(a), a);
  });

  test("queueing the same campaign twice creates no duplicates, and sending again sends nothing", async () => {
    const f = await makeCampaignCycle(prisma, { slug: "twice", nominations: 6, partnersPer: 2 });
    const cycle = await cycleOf(f.cycleId);
    const first = await queueCampaign(prisma, null, cycle, "results", NOW);
    const second = await queueCampaign(prisma, null, cycle, "results", NOW);
    assert.equal(first.created, 12);
    assert.equal(second.created, 0);
    assert.equal(second.reused, 12);
    assert.deepEqual(second.ids, first.ids);
    assert.equal(await prisma.emailMessage.count({ where: { cycleId: f.cycleId } }), 12);

    await sendAll(f.cycleId, "results");
    assert.equal(mail.fake.emails.length, 12);
    await queueCampaign(prisma, null, cycle, "results", NOW);
    await sendAll(f.cycleId, "results");
    assert.equal(mail.fake.emails.length, 12, "nothing is delivered twice");
    assert.equal(await prisma.emailMessage.count({ where: { cycleId: f.cycleId } }), 12);
  });

  test("only one sender per cycle and campaign at a time", async () => {
    const f = await makeCampaignCycle(prisma, { slug: "onesender", nominations: 3 });
    await queueCampaign(prisma, null, await cycleOf(f.cycleId), "results", NOW);
    const a = startSending(prisma, f.cycleId, "results", { transport: mail.transport, sleep: async () => {} });
    const b = startSending(prisma, f.cycleId, "results", { transport: mail.transport, sleep: async () => {} });
    assert.equal(a.started, true);
    assert.equal(b.started, false);
    assert.equal(isSending(f.cycleId, "results"), true);
    await Promise.all([a.done, b.done]);
    assert.equal(isSending(f.cycleId, "results"), false);
    assert.equal(mail.fake.requests.length, 1);
    assert.equal(mail.fake.emails.length, 6);
  });

  test("the page's Send: queue and send in the background; refused at once before the results are decided", async () => {
    const f = await makeCampaignCycle(prisma, { slug: "pagesend", nominations: 3 });
    const cycle = await cycleOf(f.cycleId);
    const run = queueAndSend(prisma, { userId: f.organiserId }, cycle, "results", { transport: mail.transport, sleep: async () => {}, now: NOW });
    assert.equal(run.started, true);
    assert.equal(isSending(f.cycleId, "results"), true);
    // Asking again while it runs joins the running sender.
    const again = queueAndSend(prisma, { userId: f.organiserId }, cycle, "results", { transport: mail.transport, now: NOW });
    assert.equal(again.started, false);
    await run.done;
    assert.equal(mail.fake.emails.length, 6);
    assert.deepEqual(await campaignProgress(prisma, f.cycleId, "results"), { queued: 0, sending: 0, sent: 6, failed: 0, total: 6 });
    assert.equal(await prisma.emailMessage.count({ where: { cycleId: f.cycleId } }), 6);

    const g = await makeCampaignCycle(prisma, { slug: "pagesend-undecided", nominations: 1, decided: false });
    assert.throws(() => queueAndSend(prisma, null, { ...cycle, ...{ id: g.cycleId, resultsDecidedAt: null } }, "results"), CampaignError);
    assert.equal(isSending(g.cycleId, "results"), false);
  });

  test("Send on a server is a job: recorded and enqueued together, under way before a server takes it, then carried out by it", async () => {
    const f = await makeCampaignCycle(prisma, { slug: "queued-send", nominations: 3, partnersPer: 2 });
    const queue = createJobQueue(testDatabase.url, { pollingIntervalSeconds: 0.5 });
    await queue.start();
    try {
      const { sendId, jobId } = await enqueueSend(prisma, queue, { userId: f.organiserId }, await cycleOf(f.cycleId), "results", { now: NOW });
      const waiting = await queue.jobState(jobId);
      assert.equal(waiting?.state, "created", "no server works the queue yet: the job waits");
      assert.equal(waiting?.singletonKey, sendId, "the job is keyed by its send, for the page to find");
      const send = await prisma.campaignSend.findUniqueOrThrow({ where: { id: sendId } });
      assert.equal(send.leaseHolder, null, "nobody holds the send until its job (or a sweep) claims it");
      assert.equal(await sendUnderWay(prisma, f.cycleId, "results"), true, "the page shows it under way, not a second Send");

      await startCampaignSendWorker(prisma, queue);
      const done = await waitFor(async () => {
        const s = await queue.jobState(jobId);
        return s?.state === "completed" ? s : null;
      }, "the send's job to complete");
      assert.deepEqual(done.output, { sendId, carriedOut: true });
      assert.equal(await prisma.emailMessage.count({ where: { cycleId: f.cycleId, status: "sent" } }), f.expectedResults.length);
      assert.ok((await prisma.campaignSend.findUniqueOrThrow({ where: { id: sendId } })).finishedAt, "the send is finished");
      assert.equal(await sendUnderWay(prisma, f.cycleId, "results"), false);
      assert.equal(await sendFailure(prisma, queue, f.cycleId, "results"), null);
      assert.equal((await queue.latestJob(CAMPAIGN_SEND_JOB, sendId))?.id, jobId);
    } finally {
      await queue.stop();
    }
  });

  test("a 429 with Retry-After: 1 waits as told (about 1000 ms) and then succeeds", async () => {
    const f = await makeCampaignCycle(prisma, { slug: "ratelimit", nominations: 4 });
    await queueCampaign(prisma, null, await cycleOf(f.cycleId), "results", NOW);
    mail.fake.setMode({ kind: "status", status: 429, times: 1, retryAfter: 1 });
    const waits: number[] = [];
    await sendAll(f.cycleId, "results", { sleep: async (ms) => void waits.push(ms) });

    assert.equal(waits.length, 1);
    assert.ok(Math.abs(waits[0] - 1000) <= 50, `asked to wait ${waits[0]} ms`);
    assert.deepEqual(
      mail.fake.requests.map((r) => r.status),
      [429, 200],
    );
    assert.equal(mail.fake.requests[0].idempotencyKey, mail.fake.requests[1].idempotencyKey, "the retry repeats the same call");
    assert.equal(mail.fake.emails.length, 8);
    const messages = await prisma.emailMessage.findMany({ where: { cycleId: f.cycleId } });
    assert.ok(messages.every((m) => m.status === "sent" && m.attempts === 2 && m.lastError === null));
  });

  test("a message that keeps failing (500) is marked failed with the error, then re-sent alone", async () => {
    const f = await makeCampaignCycle(prisma, { slug: "failing", nominations: 2 });
    await queueCampaign(prisma, null, await cycleOf(f.cycleId), "results", NOW);
    mail.fake.setMode({ kind: "status", status: 500 });
    const waits: number[] = [];
    await sendAll(f.cycleId, "results", { sleep: async (ms) => void waits.push(ms) });

    assert.equal(mail.fake.requests.length, 5, "five attempts");
    assert.deepEqual(waits, [1000, 2000, 4000, 8000], "exponential back-off between them");
    assert.equal(mail.fake.emails.length, 0);
    const failed = await prisma.emailMessage.findMany({ where: { cycleId: f.cycleId }, orderBy: { id: "asc" } });
    assert.equal(failed.length, 4);
    for (const m of failed) {
      assert.equal(m.status, "failed");
      assert.equal(m.attempts, 5);
      assert.match(m.lastError ?? "", /^500 internal_server_error/);
    }
    assert.deepEqual(await campaignProgress(prisma, f.cycleId, "results"), { queued: 0, sending: 0, sent: 0, failed: 4, total: 4 });
    assert.equal((await cycleOf(f.cycleId)).resultsSentAt, null, "not every result was sent");

    mail.fake.setMode({ kind: "ok" });
    mail.fake.requests.length = 0;
    const target = failed[1];
    const { done } = await resendFailed(prisma, { userId: f.organiserId }, f.cycleId, "results", target.id, {
      transport: mail.transport,
      sleep: async () => {},
    });
    await done;

    assert.equal(mail.fake.requests.length, 1);
    assert.equal(mail.fake.requests[0].path, "/emails", "sent on its own, not in a batch");
    assert.equal(mail.fake.emails.length, 1);
    assert.equal(addressOf(mail.fake.emails[0].to[0]), target.toEmail);
    const after = await prisma.emailMessage.findUniqueOrThrow({ where: { id: target.id } });
    assert.equal(after.status, "sent");
    assert.equal(after.providerId, mail.fake.emails[0].id);
    assert.equal(after.lastError, null);
    const log = await campaignLog(prisma, f.cycleId, "results");
    assert.equal(log.filter((m) => m.status === "failed").length, 3, "the others still wait for their own re-send");
    // A message that has not failed cannot be "re-sent".
    await assert.rejects(() => resendFailed(prisma, null, f.cycleId, "results", target.id), CampaignError);
    const audit = await prisma.auditEvent.findMany({ where: { cycleId: f.cycleId, action: "email.resend_requested" } });
    assert.equal(audit.length, 1);
    assert.equal(audit[0].actorId, f.organiserId);

    // Re-send the rest: then the results count as sent.
    for (const m of failed.filter((m) => m.id !== target.id)) {
      await (
        await resendFailed(prisma, null, f.cycleId, "results", m.id, { transport: mail.transport, sleep: async () => {} })
      ).done;
    }
    assert.equal(mail.fake.emails.length, 4);
    assert.ok(await markResultsSentIfComplete(prisma, f.cycleId));
    assert.ok((await cycleOf(f.cycleId)).resultsSentAt);
  });
});

describe("ceremony invitation and judging reminder", () => {
  test("the ceremony invitation carries the .ics and goes as a single send, one per person", async () => {
    const f = await makeCampaignCycle(prisma, { slug: "invite", nominations: 5, partnersPer: 2, sharedContact: true });
    const cycle = await cycleOf(f.cycleId);
    const plan = await planCampaign(prisma, cycle, "ceremony-invitation", NOW);
    // Awarded nominations: 001-004 (the fifth is not awarded); the shared contact is on 001 and 002.
    const expected = new Set([
      ...f.expectedResults.filter((e) => e.tierKind !== null).map((e) => e.email),
      "organiser@invite.example.org",
      "judge1@invite.example.org",
      "judge2@invite.example.org",
      "judge3@invite.example.org",
    ]);
    assert.equal(plan.length, expected.size);
    assert.deepEqual(new Set(plan.map((r) => r.to)), expected);
    assert.ok(plan.every((r) => r.template === "ceremony-invitation" && r.attachments?.length === 1));

    await queueCampaign(prisma, null, cycle, "ceremony-invitation", NOW);
    await sendAll(f.cycleId, "ceremony-invitation");

    assert.equal(mail.fake.requests.filter((r) => r.path === "/emails/batch").length, 0, "the batch API takes no attachments");
    assert.equal(mail.fake.requests.filter((r) => r.path === "/emails").length, expected.size);
    assert.equal(mail.fake.emails.length, expected.size);
    for (const e of mail.fake.emails) {
      assert.equal(e.attachments?.length, 1);
      const a = e.attachments![0];
      assert.equal(a.filename, "ceremony.ics");
      assert.match(a.content_type ?? "", /^text\/calendar/);
      const ics = Buffer.from(a.content!, "base64").toString("utf8");
      assert.match(ics, /BEGIN:VCALENDAR\r\n/);
      assert.match(ics, /DTSTART:20260611T163000Z\r\n/);
      assert.match(ics, /DTEND:20260611T183000Z\r\n/, "two hours");
      assert.match(ics, /LOCATION:The Welcome Centre\\, Parkside\r\n/);
      assert.match(e.subject, /You are invited: Testshire Compact Awards invite ceremony, Thursday 11 June 2026, 5:30pm/);
    }
    const messages = await prisma.emailMessage.findMany({ where: { cycleId: f.cycleId } });
    assert.ok(messages.every((m) => m.status === "sent"));
  });

  test("the ceremony invitation needs a ceremony date", async () => {
    const f = await makeCampaignCycle(prisma, { slug: "noceremony", nominations: 2, ceremonyAt: null });
    await assert.rejects(async () => queueCampaign(prisma, null, await cycleOf(f.cycleId), "ceremony-invitation", NOW), /no ceremony date/);
  });

  test("the judging reminder goes to judges with unscored, non-conflicted work, once a day", async () => {
    const f = await makeCampaignCycle(prisma, { slug: "reminder", nominations: 4, decided: false });
    const cycle = await cycleOf(f.cycleId);
    const plan = await planCampaign(prisma, cycle, "judging-reminder", NOW);
    assert.equal(plan.length, 1, "judge 2's only open assignment is conflicted; judge 3 has finished");
    assert.equal(plan[0].to, "judge1@reminder.example.org");
    assert.equal(plan[0].idempotencyKey, `judging-reminder:${f.cycleId}:2026-03-12:judge1@reminder.example.org`);
    const props = plan[0].props as Record<string, unknown>;
    assert.equal(props.outstanding, 2);
    assert.equal(props.total, 4);
    assert.equal(props.judgingCloses, "Sunday 1 March 2026, 5pm");

    const first = await queueCampaign(prisma, null, cycle, "judging-reminder", NOW);
    const again = await queueCampaign(prisma, null, cycle, "judging-reminder", new Date("2026-03-12T22:00:00Z"));
    assert.equal(first.created, 1);
    assert.equal(again.created, 0, "the same UK day: no second reminder");
    const nextDay = await queueCampaign(prisma, null, cycle, "judging-reminder", new Date("2026-03-13T09:00:00Z"));
    assert.equal(nextDay.created, 1);
    await sendAll(f.cycleId, "judging-reminder");
    assert.equal(mail.fake.requests.length, 1);
    assert.equal((mail.fake.requests[0].body as unknown[]).length, 2);
    const subjects = mail.fake.emails.map((e) => e.subject);
    assert.deepEqual(subjects, [
      "Reminder: 2 nominations still to score by Sunday 1 March 2026, 5pm",
      "Reminder: 2 nominations still to score by Sunday 1 March 2026, 5pm",
    ]);
  });
});
