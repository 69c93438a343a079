import type { Db } from "~/db/client.server";

/**
 * Rate limits that hold (docs/decisions/0020): a token bucket per key in the database, taken
 * from by ONE statement, an UPSERT that refills the bucket for the time since its last take,
 * takes a token if there is one, and says with RETURNING whether it did. SQLite runs writes one
 * at a time, so twenty requests at once get exactly as many tokens as the bucket holds, in
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
  // (In an UPDATE, SQLite reads every column as it was before the row changed.)
  const rows = await db.$queryRaw<{ allowed: number | boolean | bigint }[]>`
    INSERT INTO "RateLimit" ("key", "tokens", "updatedMs", "allowed", "fullAtMs")
    VALUES (${key}, ${capacity - 1}, ${at}, 1, ${at + rule.windowMs})
    ON CONFLICT ("key") DO UPDATE SET
      "tokens" = MIN(${capacity}, "tokens" + MAX(0, ${at} - "updatedMs") * 1.0 / ${msPerToken})
        - (MIN(${capacity}, "tokens" + MAX(0, ${at} - "updatedMs") * 1.0 / ${msPerToken}) >= 1),
      "allowed" = (MIN(${capacity}, "tokens" + MAX(0, ${at} - "updatedMs") * 1.0 / ${msPerToken}) >= 1),
      "updatedMs" = MAX("updatedMs", ${at}),
      "fullAtMs" = MAX("updatedMs", ${at}) + ${rule.windowMs}
    RETURNING "allowed"`;
  const allowed = rows[0]?.allowed;
  return allowed === true || Number(allowed) === 1;
}

/** Buckets that have been full again for a while are the same as no bucket: drop them. */
export async function pruneRateLimits(db: Db, now = new Date()): Promise<number> {
  return db.rateLimit.deleteMany({ where: { fullAtMs: { lt: now.getTime() } } }).then((r) => r.count);
}
