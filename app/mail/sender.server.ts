import type { Db } from "~/db/client.server";
import { every, type JobQueue } from "~/jobs/queue.server";
import { resumeUnfinishedSends } from "./campaigns.server";
import { deliverDue } from "./outbox.server";

/**
 * The background sender, a recurring job (every few seconds, MAIL_SENDER_INTERVAL_MS; one
 * round at a time across all the servers, docs/decisions/0070). A round is deliverDue: the
 * messages sendEmail could not send while the person waited, tried again with back-off until
 * they go or are given up on (docs/decisions/0021). It also takes over the recorded sends
 * nobody holds: a server was killed mid-send (docs/decisions/0069), or a send's job was lost.
 */
export const SENDER_INTERVAL_MS = Number(process.env.MAIL_SENDER_INTERVAL_MS) || 5000;
export const OUTBOX_ROUND_JOB = "outbox-round";

export async function outboxRound(db: Db) {
  const taken = await resumeUnfinishedSends(db, { takeLive: false });
  if (taken.length > 0) console.log(`Taking over ${taken.length} email send(s) nobody was carrying out.`);
  const delivered = await deliverDue(db);
  return { sendsTakenOver: taken.length, delivered };
}

export function startBackgroundSender(db: Db, queue: JobQueue) {
  return every(queue, OUTBOX_ROUND_JOB, SENDER_INTERVAL_MS, () => outboxRound(db));
}

export type QueueHealth = {
  /** emails in the outbox not yet sent or given up on */
  emailsWaiting: number;
  /** how long the oldest of them has waited, in whole seconds (0 when none) */
  oldestWaitingSeconds: number;
  /** recorded sends a server is carrying out now (its hold runs) */
  sendsUnderWay: number;
  /** recorded sends nobody holds: a round of any server's background sender takes them over */
  sendsWaitingForAServer: number;
};

/**
 * The background work's state, for /healthz: read from the database, so every server answers
 * the same. A number that only grows (emails waiting for hours, sends no server takes) is the
 * thing to alert on, not any one reading.
 */
export async function queueHealth(db: Db, now = new Date()): Promise<QueueHealth> {
  const waiting = { status: { in: ["queued", "sending"] } };
  const [emailsWaiting, oldest, sendsUnderWay, sendsWaitingForAServer] = await Promise.all([
    db.emailMessage.count({ where: waiting }),
    db.emailMessage.findFirst({ where: waiting, orderBy: { createdAt: "asc" }, select: { createdAt: true } }),
    db.campaignSend.count({ where: { finishedAt: null, leaseUntil: { gt: now } } }),
    db.campaignSend.count({ where: { finishedAt: null, OR: [{ leaseUntil: null }, { leaseUntil: { lte: now } }] } }),
  ]);
  const oldestWaitingSeconds = oldest ? Math.max(0, Math.floor((now.getTime() - oldest.createdAt.getTime()) / 1000)) : 0;
  return { emailsWaiting, oldestWaitingSeconds, sendsUnderWay, sendsWaitingForAServer };
}
