/**
 * Row locks for check-then-write transactions ("count the files, then add one"). SQLite has
 * one writer and our one-connection gate runs each transaction alone, so the check and the
 * write can never interleave with another's. PostgreSQL runs transactions side by side (READ
 * COMMITTED): two uploads racing for the tenth place would both count nine. Locking the row
 * the rule is about (the nomination) first makes the second wait until the first commits,
 * then count again. One function, so every such transaction reads the same on both databases.
 */
import { postgresPool, type Db } from "./client.server";
import { databaseProvider, databaseUrl } from "./url";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** Tables whose rows a transaction may lock; their primary key is `id`. */
export type LockableTable = "Nomination" | "AwardCycle" | "User" | "Assignment" | "Organisation";

export async function lockRow(tx: Tx, table: LockableTable, id: string): Promise<void> {
  if (databaseProvider() !== "postgresql") return;
  await tx.$queryRawUnsafe(`SELECT 1 FROM "${table}" WHERE id = $1 FOR UPDATE`, id);
}

/**
 * Runs `work` while holding a lock named `name` across every app server on the database
 * (docs/decisions/0069): on PostgreSQL a session advisory lock on a connection of its own,
 * held for as long as the work takes (seconds, for a booklet: longer than a transaction
 * should stay open); a second server asking waits, then runs its work after the first, which
 * should look again at what the first did. Released when the work ends or, if the server
 * dies, when its connection closes. SQLite serves one app server, whose callers already
 * share one run in-process, so there is nothing to take.
 */
export async function withLockEverywhere<T>(name: string, work: () => Promise<T>, url = databaseUrl()): Promise<T> {
  if (databaseProvider(url) !== "postgresql") return work();
  const client = await postgresPool(url).connect();
  try {
    await client.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", [name]);
    try {
      return await work();
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [name]);
    }
  } finally {
    client.release();
  }
}

/**
 * Runs `work` under the same lock only if no server holds it now; `{ ran: false }` at once if
 * one does (a recurring job whose last run still goes on somewhere need not run twice).
 */
export async function withLockIfFree<T>(name: string, work: () => Promise<T>, url = databaseUrl()): Promise<{ ran: true; value: T } | { ran: false }> {
  if (databaseProvider(url) !== "postgresql") return { ran: true, value: await work() };
  const client = await postgresPool(url).connect();
  try {
    const got = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked", [name]);
    if (!got.rows[0]?.locked) return { ran: false };
    try {
      return { ran: true, value: await work() };
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [name]);
    }
  } finally {
    client.release();
  }
}
