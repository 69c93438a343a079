import { startBookletWorker } from "~/booklet/booklet.server";
import { prisma } from "~/db/client.server";
import { jobQueue } from "~/jobs/queue.server";
import { env } from "~/env.server";
import { campaignKeyPrefix, campaignOfKey, resumeUnfinishedSends, startCampaignSendWorker, startSending, type CampaignKind } from "~/mail/campaigns.server";
import { startBackgroundSender } from "~/mail/sender.server";
import { startPublicationScheduler } from "~/results/publication.server";
import { startRateLimitPruning } from "~/utils/rate-limit.server";

/** Said once at start-up, loudly where it matters. */
export async function startupChecks() {
  await prisma.$queryRawUnsafe("SELECT 1");
  if (env.localMailboxOn) {
    console.warn(
      "\n*** LOCAL MAILBOX IS ON: every email, sign-in links included, is readable at /dev/mailbox (from this computer only).\n" +
        "*** Fine for a demo on your own laptop; never switch LOCAL_MAILBOX on for a public server.\n",
    );
  } else if (!env.resendApiKey && env.isProduction) {
    console.warn(
      "\n*** NO EMAIL IS BEING SENT: RESEND_API_KEY is not set, so emails go nowhere (the outbox records them, without their links).\n" +
        "*** Nobody will receive sign-in links. Set RESEND_API_KEY, or give people links with:\n" +
        "***   npm run awards -- sign-in-link <email>\n",
    );
  }
  // Carry on every send a crash or restart interrupted, by itself (docs/decisions/0054): the
  // organiser pressed Send once; the emails not stored yet are stored and everything goes,
  // each once (the outbox never sends a message twice). A lone server takes them all: their
  // holder was its predecessor. Beside other servers, only those whose hold has run out
  // (docs/decisions/0069); the background sender takes over the rest when theirs do.
  const resumed = await resumeUnfinishedSends(prisma, { takeLive: env.instances <= 1 });
  if (resumed.length > 0) console.log(`Resuming ${resumed.length} unfinished email send(s).`);
  // Messages left in the outbox without a recorded send (queued by other means) resume too.
  const pending = await prisma.emailMessage.findMany({
    where: { status: { in: ["queued", "sending"] } },
    select: { id: true, cycleId: true, idempotencyKey: true },
  });
  if (pending.length > 0) {
    console.log(`Resuming ${pending.length} email(s) left in the outbox.`);
    // A campaign (results, invitations, reminders) resumes through its own sender, as if the
    // organiser had pressed Send again: their page shows it sending (so no second sender is
    // started beside it), and the results are marked as sent once the last one has gone.
    // One with a recorded send still open is that send's (resumed above, or another server's).
    const campaigns = new Map<string, { cycleId: string; kind: CampaignKind }>();
    const open = new Set(
      (await prisma.campaignSend.findMany({ where: { finishedAt: null }, select: { cycleId: true, kind: true } })).map((s) => `${s.cycleId}:${s.kind}`),
    );
    const others: string[] = [];
    for (const m of pending) {
      const kind = campaignOfKey(m.idempotencyKey);
      if (kind && m.cycleId && m.idempotencyKey.startsWith(campaignKeyPrefix(m.cycleId, kind))) {
        if (!open.has(`${m.cycleId}:${kind}`)) campaigns.set(`${m.cycleId}:${kind}`, { cycleId: m.cycleId, kind });
      } else {
        others.push(m.id);
      }
    }
    for (const { cycleId, kind } of campaigns.values()) startSending(prisma, cycleId, kind);
    // Every other message is the background sender's, now (those already waiting for a later try keep their time).
    if (others.length > 0) await prisma.emailMessage.updateMany({ where: { id: { in: others }, nextAttemptAt: null }, data: { nextAttemptAt: new Date() } });
  }
  // The job queue (docs/decisions/0070): a lone server fails the jobs its predecessor left
  // running (their server is gone); then this server works the queue's jobs with the others.
  const jobs = jobQueue();
  await jobs.start();
  if (env.instances <= 1) {
    const abandoned = await jobs.failAbandoned();
    if (abandoned > 0) console.log(`${abandoned} job(s) left running by the previous server marked as failed.`);
  }
  await startBookletWorker(prisma, jobs);
  await startCampaignSendWorker(prisma, jobs);
  // The recurring jobs: each runs on one server at a time, whichever is free.
  await startBackgroundSender(prisma, jobs);
  await startPublicationScheduler(prisma, jobs);
  // Rate-limit buckets that are full again are the same as none.
  await startRateLimitPruning(prisma, jobs);
}
