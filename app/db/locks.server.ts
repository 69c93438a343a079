/**
 * Row locks for check-then-write transactions ("count the files, then add one"). SQLite has
 * one writer and our one-connection gate runs each transaction alone, so the check and the
 * write can never interleave with another's. PostgreSQL runs transactions side by side (READ
 * COMMITTED): two uploads racing for the tenth place would both count nine. Locking the row
 * the rule is about (the nomination) first makes the second wait until the first commits,
 * then count again. One function, so every such transaction reads the same on both databases.
 */
import type { Db } from "./client.server";
import { databaseProvider } from "./url";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

/** Tables whose rows a transaction may lock; their primary key is `id`. */
export type LockableTable = "Nomination" | "AwardCycle" | "User" | "Assignment" | "Organisation";

export async function lockRow(tx: Tx, table: LockableTable, id: string): Promise<void> {
  if (databaseProvider() !== "postgresql") return;
  await tx.$queryRawUnsafe(`SELECT 1 FROM "${table}" WHERE id = $1 FOR UPDATE`, id);
}
