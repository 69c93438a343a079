import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "~/generated/prisma/client";
import { oneConnectionAtATime } from "./one-connection.server";
import { databaseFile, databaseUrl } from "./url";

/** How long a writer waits for the SQLite lock before giving up (ms). */
export const BUSY_TIMEOUT_MS = 5000;

/**
 * Transactions queue for the one connection (see one-connection.server.ts). Prisma's
 * defaults (wait at most 2 s to start, 5 s to finish) turned a busy minute into 500s
 * ("Unable to start a transaction in the given time", P2028) for saves that only had to
 * wait their turn: a request would rather wait than fail.
 */
export const TRANSACTION_MAX_WAIT_MS = 30_000;
export const TRANSACTION_TIMEOUT_MS = 30_000;

/**
 * WAL lets readers carry on while one writer writes; it is a property of the file,
 * so setting it once per process start is enough.
 */
function prepareDatabaseFile(url: string) {
  const file = databaseFile(url);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  db.pragma("journal_mode = WAL");
  db.close();
}

export function createPrismaClient(url = databaseUrl()) {
  prepareDatabaseFile(url);
  // One connection: a transaction has it to itself from BEGIN to COMMIT (see one-connection.server.ts).
  const adapter = oneConnectionAtATime(new PrismaBetterSQLite3({ url, timeout: BUSY_TIMEOUT_MS }));
  return new PrismaClient({ adapter, transactionOptions: { maxWait: TRANSACTION_MAX_WAIT_MS, timeout: TRANSACTION_TIMEOUT_MS } });
}

export type Db = ReturnType<typeof createPrismaClient>;

// One client per process, kept across `remix dev` rebuilds.
const globalForDb = globalThis as unknown as { __prisma?: Db; __sqlite?: Database.Database };

export const prisma: Db = globalForDb.__prisma ?? (globalForDb.__prisma = createPrismaClient());

/**
 * A plain better-sqlite3 handle on the same file, for read-heavy hot paths (results
 * aggregation over hundreds of thousands of scores) where going through Prisma's
 * row mapping would cost more than the work itself. Read-only use only.
 */
export function sqlite(): Database.Database {
  if (!globalForDb.__sqlite) {
    const db = new Database(databaseFile(), { timeout: BUSY_TIMEOUT_MS, readonly: true });
    globalForDb.__sqlite = db;
  }
  return globalForDb.__sqlite;
}
