import type { Db } from "~/db/client.server";
import { every, type JobQueue } from "~/jobs/queue.server";
import { Prisma } from "~/generated/prisma/client";

/**
 * Rate limits that hold (docs/decisions/0020): a token bucket per key in the database, taken
 * from by ONE statement, an UPSERT that refills the bucket for the time since its last take,
 * takes a token if there is one, and says with RETURNING whether it did. SQLite runs writes one
 * at a time (PostgreSQL locks the bucket's row for the upsert), so twenty requests at once get exactly as many tokens as the bucket holds, in
 * this process or any other on the same database. (Counting rows, then inserting, let all
 * twenty through: every count ran before any insert.)
 *
 * A bucket holds `capacity` tokens and refills evenly over `windowMs`: 5 sign-in links per
 * 15 minutes is a burst of 5, then one more every 3 minutes.
 */
export type RateRule = { name: string; capacity: number; windowMs: number };

/** Takes one token from `rule`'s bucket for `subject`; false when there was none left. */
export async function takeToken(db: Db, rule: RateRule, subject: string, now = new Date()): Promise<boolean> {
  const key = `${rule.name}:${subject}`;
  const at = now.getTime();
  const capacity = Math.max(1, rule.capacity);
  const msPerToken = rule.windowMs / capacity;
  // The bucket as it is now: what was left, plus what has dripped back in since, never more than it holds.
  // (In an UPDATE, SQLite and PostgreSQL read every column as it was before the row changed.)
  // One text for both databases: CASE for MIN/MAX (SQLite has no LEAST, PostgreSQL no scalar
  // MIN), explicit casts for the numbers, TRUE and comparisons for the boolean, the stored
  // row's columns named with the table (PostgreSQL: "excluded" would be the other reading).
  const now_ = Prisma.sql`CAST(${at} AS DOUBLE PRECISION)`;
  const dripped = Prisma.sql`(CASE WHEN ${now_} > "RateLimit"."updatedMs" THEN ${now_} - "RateLimit"."updatedMs" ELSE 0 END) / CAST(${msPerToken} AS DOUBLE PRECISION)`;
  const bucket = Prisma.sql`(CASE WHEN "RateLimit"."tokens" + ${dripped} > ${capacity} THEN CAST(${capacity} AS DOUBLE PRECISION) ELSE "RateLimit"."tokens" + ${dripped} END)`;
  const latest = Prisma.sql`(CASE WHEN "RateLimit"."updatedMs" > ${now_} THEN "RateLimit"."updatedMs" ELSE ${now_} END)`;
  const rows = await db.$queryRaw<{ allowed: number | boolean | bigint }[]>`
    INSERT INTO "RateLimit" ("key", "tokens", "updatedMs", "allowed", "fullAtMs")
    VALUES (${key}, CAST(${capacity - 1} AS DOUBLE PRECISION), ${now_}, TRUE, CAST(${at + rule.windowMs} AS DOUBLE PRECISION))
    ON CONFLICT ("key") DO UPDATE SET
      "tokens" = ${bucket} - (CASE WHEN ${bucket} >= 1 THEN 1 ELSE 0 END),
      "allowed" = (${bucket} >= 1),
      "updatedMs" = ${latest},
      "fullAtMs" = ${latest} + CAST(${rule.windowMs} AS DOUBLE PRECISION)
    RETURNING "allowed"`;
  const allowed = rows[0]?.allowed;
  return allowed === true || Number(allowed) === 1;
}

/** Buckets that have been full again for a while are the same as no bucket: drop them. */
export async function pruneRateLimits(db: Db, now = new Date()): Promise<number> {
  return db.rateLimit.deleteMany({ where: { fullAtMs: { lt: now.getTime() } } }).then((r) => r.count);
}

export const PRUNE_RATE_LIMITS_JOB = "prune-rate-limits";

/** The clearing out, a recurring job: hourly, one run at a time across all the servers. */
export function startRateLimitPruning(db: Db, queue: JobQueue) {
  return every(queue, PRUNE_RATE_LIMITS_JOB, 60 * 60_000, async () => ({ cleared: await pruneRateLimits(db) }));
}
