import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "~/generated/prisma/client";
import { PrismaClient as PrismaClientPg } from "~/generated/prisma-pg/client";
import { oneConnectionAtATime } from "./one-connection.server";
import { createRawReader, type RawReader } from "./raw.server";
import { databaseFile, databaseProvider, databaseUrl } from "./url";

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

/** Connections per process to PostgreSQL (DATABASE_POOL_SIZE, default 10). */
export function poolSize(): number {
  const size = Number(process.env.DATABASE_POOL_SIZE ?? 10);
  return Number.isInteger(size) && size >= 1 && size <= 200 ? size : 10;
}

// PostgreSQL `timestamp` (without zone) holds UTC here, as Prisma writes it: read it as
// UTC, never in the process's own zone. Counts (bigint) come as numbers: none is near 2^53.
pg.types.setTypeParser(pg.types.builtins.TIMESTAMP, (text) => new Date(`${text.replace(" ", "T")}Z`));
pg.types.setTypeParser(pg.types.builtins.INT8, (text) => Number(text));

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

const transactionOptions = { maxWait: TRANSACTION_MAX_WAIT_MS, timeout: TRANSACTION_TIMEOUT_MS };

/** The pool a PostgreSQL client and its raw reader share, per URL. */
const pools = new Map<string, pg.Pool>();
export function postgresPool(url: string): pg.Pool {
  let pool = pools.get(url);
  if (!pool) {
    // allowExitOnIdle: Prisma's $disconnect does not end a pool it was given, and idle
    // connections would keep a finished script or test alive for pg's 10 s idle timeout.
    // jit=off: PostgreSQL's JIT compiles the results' walk over 60,000 reviews for a quarter
    // of a second on every run (measured: 255 ms of a 663 ms query), and never pays back on
    // queries this short.
    pool = new pg.Pool({ connectionString: url, max: poolSize(), allowExitOnIdle: true, options: "-c jit=off" });
    pools.set(url, pool);
  }
  return pool;
}

/**
 * The Prisma client for a database URL. Two providers (docs/decisions/0060): the SQLite
 * client's types are the app's `Db`; the PostgreSQL client, generated from the same models
 * (prisma/postgresql/schema.prisma), has the same shape and is typed as it in this one place.
 * SQLite has one writer, so its one connection is gated (one-connection.server.ts);
 * PostgreSQL gets a pool and no gate.
 */
export function createPrismaClient(url = databaseUrl()) {
  if (databaseProvider(url) === "postgresql") {
    const adapter = new PrismaPg(postgresPool(url));
    return new PrismaClientPg({ adapter, transactionOptions }) as unknown as PrismaClient;
  }
  prepareDatabaseFile(url);
  // One connection: a transaction has it to itself from BEGIN to COMMIT (see one-connection.server.ts).
  const adapter = oneConnectionAtATime(new PrismaBetterSQLite3({ url, timeout: BUSY_TIMEOUT_MS }));
  return new PrismaClient({ adapter, transactionOptions });
}

export type Db = ReturnType<typeof createPrismaClient>;

// One client per process, kept across `remix dev` rebuilds.
const globalForDb = globalThis as unknown as { __prisma?: Db; __reader?: RawReader };

export const prisma: Db = globalForDb.__prisma ?? (globalForDb.__prisma = createPrismaClient());

/**
 * The raw reader on the app's database, for read-heavy hot paths (the judge's scoring page,
 * results over hundreds of thousands of scores) where Prisma's row mapping would cost more
 * than the work itself. Read-only use only; writes go through Prisma.
 */
export function rawReader(): RawReader {
  return (globalForDb.__reader ??= openRawReader(databaseUrl()));
}

/** A raw reader on any database URL (the bench and tests open their own). */
export function openRawReader(url: string): RawReader {
  if (databaseProvider(url) === "postgresql") return createRawReader({ dialect: "postgresql", pool: postgresPool(url) });
  return createRawReader({ dialect: "sqlite", handle: new Database(databaseFile(url), { timeout: BUSY_TIMEOUT_MS, readonly: true }) });
}
