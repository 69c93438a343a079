/**
 * Issue 19, item 3: after the results emails went out, unlocking is a correction. Judging
 * stays closed unless the organiser reopens it on purpose, and a changed outcome goes as one
 * correction to exactly the partner contacts who were told the earlier one, nobody else.
 * Through the real `resend` SDK against the fake Resend (tests/support/fake-resend.ts).
 */
import "../support/test-env";
import { prisma } from "~/db/client.server";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Actor } from "~/auth/permissions";
import { judgingOpen } from "~/cycles/phase";
import { JudgingClosedError, saveReview } from "~/judging/reviews.server";
import { planCampaign, queueAndSend, requestSend, resendFailed } from "~/mail/campaigns.server";
import { partnersTold } from "~/mail/corrections.server";
import { decideResults, reopenJudging, setDecision, unlockResults } from "~/results/decisions.server";
import { makeCampaignCycle } from "../support/campaign-fixtures";
import { actorOf } from "../support/actors";
import { fakeResendForThisFile } from "../support/sending";

const mail = fakeResendForThisFile();
/** Inside the fixture's judging dates (10 February to 1 March 2026): only the lock and the correction close judging. */
const DURING_JUDGING = new Date("2026-02-20T12:00:00Z");

const addressOf = (to: string) => (/<([^>]+)>$/.exec(to)?.[1] ?? to).toLowerCase();
const cycleOf = (id: string) => prisma.awardCycle.findUniqueOrThrow({ where: { id } });

/** A judge saving a draft of their review, as the scoring page's autosave does. */
async function saveDraft(judge: Actor, assignmentId: string, now: Date) {
  const review = await prisma.review.findUniqueOrThrow({ where: { assignmentId } });
  return saveReview(
    prisma,
    judge,
    assignmentId,
    { scores: {}, commentForPanel: "", noteForNominators: "Changed after the results", version: review.version, intent: "draft" },
    now,
  );
}

describe("issue 19, item 3: a correction after the results were sent", () => {
  it("issue 19, item 3: send results, unlock with a reason, change one outcome, relock, send corrections: exactly that nomination's partners get one correction each; judges cannot save unless judging is reopened", async () => {
    const f = await makeCampaignCycle(prisma, { slug: "correction", nominations: 4, partnersPer: 2 });
    // Every awarded nomination here has at least two submitted reviews: the lock's own rules are met.
    await prisma.awardCycle.update({ where: { id: f.cycleId }, data: { minJudgesPerNomination: 2 } });
    // The fixture's undecided nomination would stop the lock again: it has been withdrawn.
    await prisma.nomination.update({ where: { id: `${f.slug}-nom-undecided` }, data: { status: "withdrawn" } });
    const organiser = await actorOf(f.organiserId);
    const judge = await actorOf(f.judgeIds[0]);
    // Judge 1's draft on the third nomination; they have opened it.
    const assignmentId = `${f.slug}-asg-2-0`;
    await prisma.assignment.update({ where: { id: assignmentId }, data: { openedAt: new Date("2026-02-11T10:00:00Z") } });

    // 1. The results go to every partner contact.
    const sent = queueAndSend(prisma, organiser, await cycleOf(f.cycleId), "results", { transport: mail.transport, sleep: async () => {} });
    await sent.done;
    assert.equal(mail.fake.emails.length, 8, "two contacts on each of four nominations");
    assert.ok((await cycleOf(f.cycleId)).resultsSentAt, "the results count as sent");
    mail.fake.emails.length = 0;
    mail.fake.requests.length = 0;

    // 2. Unlocking after that is a correction: a reason, and judging stays closed.
    assert.equal((await unlockResults(prisma, organiser, { id: f.cycleId }, "")).ok, false, "a reason is required");
    const unlocked = await unlockResults(prisma, organiser, { id: f.cycleId }, "A judge's conflict was found after sending");
    assert.ok(unlocked.ok, unlocked.message);
    assert.match(unlocked.message, /correction/);
    const correcting = await cycleOf(f.cycleId);
    assert.equal(correcting.resultsDecidedAt, null);
    assert.ok(correcting.judgingClosedAt, "judging is closed by the correction");
    assert.equal(judgingOpen(correcting, DURING_JUDGING), false);
    await assert.rejects(() => saveDraft(judge, assignmentId, DURING_JUDGING), JudgingClosedError, "a judge cannot save after the unlock");

    // 3. One nomination's outcome changes (special commendation -> not awarded), then the lock again.
    const changed = f.decidedNominationIds[1];
    const result = await setDecision(prisma, organiser, changed, { outcomeTierId: null, rationale: "Withdrawn from the awards after the conflict" });
    assert.ok(result.ok && result.changed);
    const relocked = await decideResults(prisma, organiser, { id: f.cycleId });
    assert.ok(relocked.ok, relocked.message);

    // The page says who was told what: the two contacts of that nomination need a correction.
    const told = await partnersTold(prisma, f.cycleId);
    assert.equal(told.length, 8);
    const changedContacts = f.expectedResults.filter((r) => r.nominationId === changed).map((r) => r.email);
    assert.equal(changedContacts.length, 2);
    for (const row of told) {
      assert.ok(row.told, `${row.email} was told`);
      if (row.nominationId === changed) {
        assert.equal(row.state, "correction-needed");
        assert.equal(row.told.outcome, "Special commendation");
        assert.equal(row.current, "Not awarded");
      } else {
        assert.equal(row.state, "up-to-date");
        assert.equal(row.told.outcome, row.current);
      }
    }

    // 4. The corrections: exactly those two contacts, one each; nobody else gets anything.
    const plan = await planCampaign(prisma, await cycleOf(f.cycleId), "results-correction");
    assert.deepEqual(plan.map((r) => r.to).sort(), [...changedContacts].sort());
    const corrections = await requestSend(prisma, organiser, await cycleOf(f.cycleId), "results-correction", {
      transport: mail.transport,
      sleep: async () => {},
    });
    await corrections.done;
    assert.deepEqual(mail.fake.emails.map((e) => addressOf(e.to[0])).sort(), [...changedContacts].sort());
    for (const e of mail.fake.emails) {
      assert.match(e.subject, /^Correction to your result/);
      assert.match(e.text ?? "", /Special commendation/);
      assert.match(e.text ?? "", /Not awarded/);
    }
    assert.equal((await prisma.campaignSend.findUniqueOrThrow({ where: { id: corrections.sendId } })).finishedAt !== null, true, "the send is finished");

    // Sending again, and the results again, send nothing more.
    await (
      await requestSend(prisma, organiser, await cycleOf(f.cycleId), "results-correction", { transport: mail.transport, sleep: async () => {} })
    ).done;
    await queueAndSend(prisma, organiser, await cycleOf(f.cycleId), "results", { transport: mail.transport, sleep: async () => {} }).done;
    assert.equal(mail.fake.emails.length, 2, "one correction each, and nothing for anyone else");
    const after = await partnersTold(prisma, f.cycleId);
    assert.ok(after.every((r) => r.state === "up-to-date" && r.told?.outcome === r.current));

    // 5. Reopening judging is a separate, deliberate choice, with its own reason.
    assert.ok((await unlockResults(prisma, organiser, { id: f.cycleId }, "A judge must correct a score")).ok);
    await assert.rejects(() => saveDraft(judge, assignmentId, DURING_JUDGING), JudgingClosedError);
    assert.equal((await reopenJudging(prisma, organiser, { id: f.cycleId }, "")).ok, false, "a reason is required");
    assert.equal((await reopenJudging(prisma, judge, { id: f.cycleId }, "I want to")).ok, false, "only organisers");
    const byDate = await reopenJudging(prisma, organiser, { id: f.cycleId }, "Judge to correct a score", new Date("2026-04-01T12:00:00Z"));
    assert.equal(byDate.ok, false, "judging's own close date has passed: nothing would reopen");
    assert.match(byDate.message, /close date/);
    const reopened = await reopenJudging(prisma, organiser, { id: f.cycleId }, "Judge to correct a score", DURING_JUDGING);
    assert.ok(reopened.ok, reopened.message);
    const saved = await saveDraft(judge, assignmentId, DURING_JUDGING);
    assert.ok(saved.reviewId, "the judge can save once judging is reopened");
    const audit = await prisma.auditEvent.findMany({ where: { cycleId: f.cycleId, action: { in: ["cycle.results_unlocked", "cycle.judging_reopened"] } } });
    assert.equal(audit.filter((e) => e.action === "cycle.results_unlocked" && JSON.parse(e.data).correction === true).length, 2);
    assert.equal(audit.filter((e) => e.action === "cycle.judging_reopened").length, 1);
  });

  it("issue 19, item 3: a failed correction that no longer tells the outcome now is not re-sent", async () => {
    const f = await makeCampaignCycle(prisma, { slug: "correction-failed", nominations: 2, partnersPer: 1 });
    await prisma.awardCycle.update({ where: { id: f.cycleId }, data: { minJudgesPerNomination: 2 } });
    // The fixture's undecided nomination would stop the lock again: it has been withdrawn.
    await prisma.nomination.update({ where: { id: `${f.slug}-nom-undecided` }, data: { status: "withdrawn" } });
    const organiser = await actorOf(f.organiserId);
    await queueAndSend(prisma, organiser, await cycleOf(f.cycleId), "results", { transport: mail.transport, sleep: async () => {} }).done;
    const changed = f.decidedNominationIds[0];
    assert.ok((await unlockResults(prisma, organiser, { id: f.cycleId }, "Correction")).ok);
    assert.ok((await setDecision(prisma, organiser, changed, { outcomeTierId: null, rationale: "Corrected" })).ok);
    assert.ok((await decideResults(prisma, organiser, { id: f.cycleId })).ok);
    mail.fake.setMode({ kind: "status", status: 500 });
    await (
      await requestSend(prisma, organiser, await cycleOf(f.cycleId), "results-correction", { transport: mail.transport, sleep: async () => {}, maxAttempts: 1 })
    ).done;
    mail.fake.setMode({ kind: "ok" });
    const failed = await prisma.emailMessage.findFirstOrThrow({ where: { cycleId: f.cycleId, template: "results-correction" } });
    assert.equal(failed.status, "failed");

    // The outcome changes again: the failed correction is out of date; a new one is planned instead.
    assert.ok((await unlockResults(prisma, organiser, { id: f.cycleId }, "Second correction")).ok);
    assert.ok((await setDecision(prisma, organiser, changed, { outcomeTierId: `${f.slug}-tier-commendation`, rationale: "Corrected again" })).ok);
    assert.ok((await decideResults(prisma, organiser, { id: f.cycleId })).ok);
    await assert.rejects(() => resendFailed(prisma, organiser, f.cycleId, "results-correction", failed.id, { transport: mail.transport }), /changed since/);
    const plan = await planCampaign(prisma, await cycleOf(f.cycleId), "results-correction");
    assert.equal(plan.length, 1);
    assert.notEqual(plan[0].idempotencyKey, failed.idempotencyKey);
    assert.equal(plan[0].outcome?.name, "Commendation");
  });
});
