import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "~/generated/prisma/client";
import { databaseFile, databaseUrl } from "./url";

/** How long a writer waits for the SQLite lock before giving up (ms). */
export const BUSY_TIMEOUT_MS = 5000;

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
  const adapter = new PrismaBetterSQLite3({ url, timeout: BUSY_TIMEOUT_MS });
  return new PrismaClient({ adapter });
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
