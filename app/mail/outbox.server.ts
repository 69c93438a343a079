import crypto from "node:crypto";
import type { Db } from "~/db/client.server";
import { transportForEnvironment, type MailTransport, type StoredMessage } from "./transport.server";

export type DeliveryOptions = {
  transport?: MailTransport;
  /** Attempts per call before the messages are marked failed. */
  maxAttempts?: number;
  /** First back-off delay; doubles each attempt unless the service says how long (Retry-After). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Called after each call with running totals, for the progress shown on the page. */
  onProgress?: (p: { sent: number; failed: number; total: number }) => void;
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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
  const totals = { sent: 0, failed: 0, total: 0, calls: 0 };

  // Resume calls a crash interrupted first: same members, same key. The very same call
  // means ALL the members of that call (even those outside this filter: a resumed call may
  // have mixed campaigns) in the same order as when it was claimed (by id). A different
  // body under a key the service has seen is refused (409) instead of replayed.
  const interruptedKeys = await db.emailMessage.findMany({
    where: { ...where, status: "sending", batchKey: { not: null } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { batchKey: true },
  });
  const keys = [...new Set(interruptedKeys.map((m) => m.batchKey!))];
  const interrupted = keys.length ? await db.emailMessage.findMany({ where: { batchKey: { in: keys }, status: "sending" }, orderBy: { id: "asc" } }) : [];
  const groups = new Map<string, typeof interrupted>(keys.map((k) => [k, []]));
  for (const m of interrupted) groups.get(m.batchKey!)!.push(m);

  const queued = await db.emailMessage.findMany({
    where: { ...where, status: "queued" },
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
      data: { status: "sending", batchKey: plan.key },
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
  totals: { sent: number; failed: number; total: number; calls: number },
) {
  const maxAttempts = options.maxAttempts ?? 5;
  const baseDelay = options.baseDelayMs ?? 1000;
  const maxDelay = options.maxDelayMs ?? 30_000;
  const sleep = options.sleep ?? defaultSleep;
  const ids = members.map((m) => m.id);

  for (let attempt = 1; ; attempt++) {
    totals.calls++;
    const outcome = await transport.send(members, key);
    if (outcome.ok) {
      const now = new Date();
      await db.$transaction(
        members.map((m, i) =>
          db.emailMessage.update({
            where: { id: m.id },
            data: { status: "sent", providerId: outcome.providerIds[i], sentAt: now, attempts: { increment: 1 }, lastError: null, transport: transport.name },
          }),
        ),
      );
      await db.auditEvent.createMany({
        data: members.map((m, i) => ({
          action: "email.sent",
          cycleId: m.cycleId ?? null,
          entityType: "EmailMessage",
          entityId: m.id,
          data: JSON.stringify({ to: m.toEmail, providerId: outcome.providerIds[i] }),
        })),
      });
      totals.sent += members.length;
      options.onProgress?.(totals);
      return;
    }
    await db.emailMessage.updateMany({ where: { id: { in: ids } }, data: { attempts: { increment: 1 }, lastError: outcome.error } });
    if (!outcome.retryable || attempt >= maxAttempts) {
      await db.emailMessage.updateMany({ where: { id: { in: ids } }, data: { status: "failed" } });
      await db.auditEvent.createMany({
        data: members.map((m) => ({
          action: "email.failed",
          cycleId: m.cycleId ?? null,
          entityType: "EmailMessage",
          entityId: m.id,
          data: JSON.stringify({ to: m.toEmail, error: outcome.error }),
        })),
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
