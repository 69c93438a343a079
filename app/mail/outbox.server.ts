import crypto from "node:crypto";
import type { Db } from "~/db/client.server";
import { transportForEnvironment, type MailTransport, type StoredMessage } from "./transport.server";
import { auditRow } from "~/audit/audit.server";

export type DeliveryOptions = {
  transport?: MailTransport;
  /** Attempts per call before the messages are marked failed (or, with retryLater, left for later). */
  maxAttempts?: number;
  /** How long each attempt may take (else the transport's own timeout). */
  callTimeoutMs?: number;
  /**
   * For messages sent one by one (sendEmail, and the background sender that finishes them):
   * when the attempts of this call run out on an error worth retrying, the call is left
   * `sending` with its key, for the background sender to repeat at `nextAttemptAt` (with
   * back-off), until RETRY_LATER.maxAttempts in all; only then is it marked failed. While a
   * sender has a call in hand, nextAttemptAt is its lease: no other sender takes the call.
   */
  retryLater?: boolean;
  /** First back-off delay; doubles each attempt unless the service says how long (Retry-After). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Called after each call with running totals, for the progress shown on the page. */
  onProgress?: (p: { sent: number; failed: number; total: number }) => void;
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The background sender's patience: first retry after baseDelayMs, doubling to maxDelayMs, at most maxAttempts in all (about an hour and a quarter). */
export const RETRY_LATER = {
  baseDelayMs: Number(process.env.MAIL_RETRY_BASE_MS) || 30_000,
  maxDelayMs: 15 * 60_000,
  maxAttempts: 10,
  /** a sender holding a call: longer than any attempt can take */
  leaseMs: 2 * 60_000,
};

/**
 * The links that sign someone in or confirm a nomination, with the token taken out: once a
 * message has gone, the outbox (an audit of what was sent, which organisers can read) keeps
 * no live token. The token is a 43-character base64url string (app/auth/tokens.ts).
 */
export function withoutLiveLinks(body: string): string {
  return body.replace(/(\/(?:sign-in|confirm)\/)[A-Za-z0-9_-]{20,}/g, "$1[removed-once-sent]");
}

function callKey(prefix: string, keys: string[]) {
  return `${prefix}-${crypto.createHash("sha256").update(keys.join("\n")).digest("hex")}`;
}

/**
 * Delivers queued messages through the outbox (docs/decisions/0012-email-outbox.md).
 *
 * 1. Claim: messages are grouped into calls (a batch of up to 100, or one message when it
 *    has attachments) and each group is written as `sending` with the call's idempotency
 *    key BEFORE anything is sent.
 * 2. Send: the call carries that key. If the process dies here, the next run finds the
 *    `sending` rows and repeats the very same call with the very same key, so the service
 *    answers with the first result instead of delivering again.
 * 3. Record: sent (with the provider id) or, after retries with back-off, failed.
 */
export async function deliverMessages(db: Db, ids?: string[], options: DeliveryOptions = {}) {
  const where = ids ? { id: { in: ids } } : {};
  return deliver(db, where, options);
}

/** Delivers everything waiting (used at start-up to resume after a crash, and by the sender). */
export async function deliverQueued(db: Db, filter: { cycleId?: string; template?: string } = {}, options: DeliveryOptions = {}) {
  return deliver(db, { ...(filter.cycleId ? { cycleId: filter.cycleId } : {}), ...(filter.template ? { template: filter.template } : {}) }, options);
}

async function deliver(db: Db, where: Record<string, unknown>, options: DeliveryOptions) {
  const transport = options.transport ?? transportForEnvironment();
  const totals = { sent: 0, failed: 0, delayed: 0, total: 0, calls: 0 };
  const now = new Date();
  // Calls held by a sender, or waiting for their next attempt, are not ours to send now.
  const due = { OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }] };
  const lease = options.retryLater ? new Date(now.getTime() + RETRY_LATER.leaseMs) : undefined;

  // Resume calls a crash interrupted (or left for later) first: same members, same key. The
  // very same call means ALL the members of that call (even those outside this filter: a
  // resumed call may have mixed campaigns) in the same order as when it was claimed (by id).
  // A different body under a key the service has seen is refused (409) instead of replayed.
  const interruptedKeys = await db.emailMessage.findMany({
    where: { AND: [where, due], status: "sending", batchKey: { not: null } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { batchKey: true },
  });
  const keys = [...new Set(interruptedKeys.map((m) => m.batchKey!))];
  const claimedKeys: string[] = [];
  for (const key of keys) {
    // With a lease, take the call only if no other sender took it meanwhile.
    if (lease && (await db.emailMessage.updateMany({ where: { AND: [due], batchKey: key, status: "sending" }, data: { nextAttemptAt: lease } })).count === 0)
      continue;
    claimedKeys.push(key);
  }
  const interrupted = claimedKeys.length
    ? await db.emailMessage.findMany({ where: { batchKey: { in: claimedKeys }, status: "sending" }, orderBy: { id: "asc" } })
    : [];
  const groups = new Map<string, typeof interrupted>(claimedKeys.map((k) => [k, []]));
  for (const m of interrupted) groups.get(m.batchKey!)!.push(m);

  const queued = await db.emailMessage.findMany({
    where: { AND: [where, due], status: "queued" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  totals.total = interrupted.length + queued.length;

  const singles = queued.filter((m) => m.attachments);
  const batchable = queued.filter((m) => !m.attachments);
  const planned: { key: string; ids: string[] }[] = [];
  for (const m of singles) planned.push({ key: callKey(`single-${m.attempts}`, [m.idempotencyKey]), ids: [m.id] });
  for (let i = 0; i < batchable.length; i += transport.maxBatch) {
    const chunk = batchable.slice(i, i + transport.maxBatch);
    const prefix = chunk.length === 1 ? `single-${chunk[0].attempts}` : "batch";
    planned.push({
      key: callKey(
        prefix,
        chunk.map((m) => m.idempotencyKey),
      ),
      ids: chunk.map((m) => m.id),
    });
  }

  for (const [key, members] of groups) {
    if (members.length === 0) continue; // finished by someone else meanwhile
    await sendCall(db, transport, key, members, options, totals);
  }
  for (const plan of planned) {
    // Claim only rows still queued: a second sender running at the same time skips them.
    const claimed = await db.emailMessage.updateMany({
      where: { id: { in: plan.ids }, status: "queued" },
      data: { status: "sending", batchKey: plan.key, ...(lease ? { nextAttemptAt: lease } : {}) },
    });
    if (claimed.count === 0) continue;
    const members = await db.emailMessage.findMany({ where: { batchKey: plan.key, status: "sending" }, orderBy: { id: "asc" } });
    await sendCall(db, transport, plan.key, members, options, totals);
  }
  return totals;
}

async function sendCall(
  db: Db,
  transport: MailTransport,
  key: string,
  members: (StoredMessage & { attempts: number; cycleId?: string | null })[],
  options: DeliveryOptions,
  totals: { sent: number; failed: number; delayed: number; total: number; calls: number },
) {
  const maxAttempts = options.maxAttempts ?? 5;
  const baseDelay = options.baseDelayMs ?? 1000;
  const maxDelay = options.maxDelayMs ?? 30_000;
  const sleep = options.sleep ?? defaultSleep;
  const ids = members.map((m) => m.id);
  const attemptsBefore = Math.max(0, ...members.map((m) => m.attempts));

  for (let attempt = 1; ; attempt++) {
    totals.calls++;
    const outcome = await transport.send(members, key, { timeoutMs: options.callTimeoutMs, db });
    if (outcome.ok) {
      const now = new Date();
      await db.$transaction(
        members.map((m, i) =>
          db.emailMessage.update({
            where: { id: m.id },
            data: {
              status: "sent",
              providerId: outcome.providerIds[i],
              sentAt: now,
              attempts: { increment: 1 },
              lastError: null,
              nextAttemptAt: null,
              transport: transport.name,
              // Sent: the outbox keeps the message without its live links (withoutLiveLinks).
              html: withoutLiveLinks(m.html),
              text: withoutLiveLinks(m.text),
            },
          }),
        ),
      );
      await db.auditEvent.createMany({
        data: members.map((m, i) =>
          auditRow({
            action: "email.sent",
            cycleId: m.cycleId,
            entityType: "EmailMessage",
            entityId: m.id,
            data: { to: m.toEmail, providerId: outcome.providerIds[i] },
          }),
        ),
      });
      totals.sent += members.length;
      options.onProgress?.(totals);
      return;
    }
    await db.emailMessage.updateMany({ where: { id: { in: ids } }, data: { attempts: { increment: 1 }, lastError: outcome.error } });
    const attemptsSoFar = attemptsBefore + attempt;
    if (outcome.retryable && attempt >= maxAttempts && options.retryLater && attemptsSoFar < RETRY_LATER.maxAttempts) {
      // Left for the background sender: still `sending` under the same key (the service may
      // have had it), to be repeated at nextAttemptAt.
      const wait = Math.max(outcome.retryAfterMs ?? 0, Math.min(RETRY_LATER.maxDelayMs, RETRY_LATER.baseDelayMs * 2 ** (attemptsSoFar - 1)));
      await db.emailMessage.updateMany({ where: { id: { in: ids } }, data: { nextAttemptAt: new Date(Date.now() + wait) } });
      totals.delayed += members.length;
      options.onProgress?.(totals);
      return;
    }
    if (!outcome.retryable || attempt >= maxAttempts) {
      await db.emailMessage.updateMany({ where: { id: { in: ids } }, data: { status: "failed", nextAttemptAt: null } });
      await db.auditEvent.createMany({
        data: members.map((m) =>
          auditRow({ action: "email.failed", cycleId: m.cycleId, entityType: "EmailMessage", entityId: m.id, data: { to: m.toEmail, error: outcome.error } }),
        ),
      });
      totals.failed += members.length;
      options.onProgress?.(totals);
      return;
    }
    const backoff = Math.min(maxDelay, baseDelay * 2 ** (attempt - 1));
    await sleep(Math.min(maxDelay, outcome.retryAfterMs ?? backoff));
  }
}

/**
 * The background sender's round (app/mail/sender.server.ts): every message whose next
 * attempt is due (left for later by sendEmail, or queued by it and never tried: a crash),
 * one try each, leaving for later again what still fails.
 */
export async function deliverDue(db: Db, options: DeliveryOptions = {}) {
  return deliver(db, { nextAttemptAt: { lte: new Date() } }, { maxAttempts: 1, ...options, retryLater: true });
}

/**
 * An organiser re-sends one failed message on its own. It gets a fresh call key (its
 * attempt count is part of it), because the failed call was answered with an error and
 * delivered nothing.
 */
export async function resendFailedMessage(db: Db, id: string, options: DeliveryOptions = {}) {
  const updated = await db.emailMessage.updateMany({ where: { id, status: "failed" }, data: { status: "queued", batchKey: null, nextAttemptAt: null } });
  if (updated.count === 0) return null;
  await deliverMessages(db, [id], options);
  return db.emailMessage.findUnique({ where: { id } });
}
