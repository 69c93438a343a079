/**
 * The PostgreSQL figures (issue 13, docs/decisions/0016-benchmark.md "PostgreSQL"), beside the
 * embedded default's of the same run, on the same data:
 *
 * - a throwaway PostgreSQL cluster (scripts/postgres-cluster.mjs: initdb in a temporary
 *   folder, 127.0.0.1, fsync off), a database migrated with the project's PostgreSQL history
 *   (migratePostgresql), and the SQLite bench database copied into it table by table
 *   (copySqliteToPostgres: every table, the same rows, counts checked): `copy.ms`;
 * - aggregation: computeResults on bench-aggregation (2,000 x 30 x 6) through a PostgreSQL
 *   Prisma client and openRawReader(pgUrl), against ITS floor: the same FLOOR_SQL (made
 *   PostgreSQL's by postgresText) through `pg`, every row consumed; the ratio ms / floor;
 * - HTTP: bare (the floor), scoring_form and save_scores on the bench's built snapshot of
 *   the app pointed at the PostgreSQL database, with one app process and with two (two
 *   ports, the same database; autocannon spreads its connections round-robin over both).
 *
 * Where the run has not measured the SQLite side itself (BENCH_ONLY=postgresql), this section
 * measures it too, the same way and with the same run length, so every PostgreSQL figure has
 * its SQLite one beside it. The HTTP runs are shortened to fit the run's budget
 * (BENCH_BUDGET_SECONDS) and the output says so.
 * - queue send: 1,000 results emails sent through the job queue (pg-boss) by the app, with
 *   one and with two app processes (bench/queue-send.ts).
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { createPrismaClient, openRawReader, postgresPool, prisma, type Db } from "~/db/client.server";
import { migratePostgresql } from "~/db/migrate-postgresql.server";
import { numberPlaceholders, postgresText } from "~/db/raw.server";
import { computeResults } from "~/results/results.server";
import { postgresBinDir, startPostgresCluster, HOW_TO_GET_POSTGRES } from "../scripts/postgres-cluster.mjs";
import { benchAggregation, FLOOR_ROWS_SQL, FLOOR_SQL, median, type AggregationResult } from "./aggregation";
import { startServer, type RunningServer } from "./app-server";
import { load, PACED, quiet, SATURATION, type LoadResult } from "./http";
import { benchQueueSend, type QueueSendFigure } from "./queue-send";
import { checkRoutes, scenarios, signIn, type HttpName, type VersionsOf } from "./scenarios";
import type { BenchData } from "./setup";

/** The figures of this section (and their floor). */
export const PG_HTTP_NAMES = ["bare", "scoring_form", "save_scores"] as const satisfies readonly HttpName[];
type PgHttpName = (typeof PG_HTTP_NAMES)[number];

/** Seconds the rest of the run keeps for this section: cluster, copy, aggregation, the two queue sends, two-second HTTP runs. */
export const POSTGRES_RESERVE_S = 240;
/** The shortest HTTP run this section will make, however little time is left. */
const MIN_HTTP_SECONDS = 2;
/** Estimated cost of one load run beyond its own seconds (a settle, the quiet check, autocannon's start). */
const LOAD_OVERHEAD_S = 2.5;
/** Estimated cost of starting one app server, and of signing in and checking the routes on one set-up. */
const SERVER_START_S = 10;
const CHECKS_S = 4;
/**
 * Each set-up's servers are warmed up before anything is recorded: WARMUP_S of saturation on
 * each figure (a fresh process's first seconds are its JIT's, and with one round there is no
 * later round to make up for them).
 */
const WARMUP_S = 2;

export const QUEUE_SEND_METHOD =
  "queue send: a 500-nomination cycle's 1,000 results emails, Send pressed on the built app on PostgreSQL, timed until the fake Resend (no latency) accepted all 1,000; the send is one pg-boss job, with one and with two app processes";

export function postgresAvailable(): { ok: true; bin: string } | { ok: false; reason: string } {
  const bin = postgresBinDir();
  return bin ? { ok: true, bin } : { ok: false, reason: `No PostgreSQL binaries found (initdb, pg_ctl). ${HOW_TO_GET_POSTGRES}` };
}

export type PgHttpFigure = {
  rps: number;
  p50_ms: number;
  p99_ms: number;
  paced_p50_ms: number;
  paced_p99_ms: number;
  /** non-2xx answers and socket errors over all its load runs */
  errors: number;
  requests: number;
  status_codes: Record<string, number>;
  runs: { saturation: Omit<LoadResult, "statusCodes">[]; paced: Omit<LoadResult, "statusCodes">[] };
};
export type PgHttpSet = Partial<Record<PgHttpName, PgHttpFigure>> & { processes: number; database: "sqlite" | "postgresql"; startup_ms: number[] };

type SqliteHttpFigure = Pick<PgHttpFigure, "rps" | "p50_ms" | "p99_ms" | "paced_p50_ms" | "paced_p99_ms" | "errors">;

export type AggregationSide = {
  ms: number;
  floor_ms: number;
  /** ms / floor_ms: each database against its own floor */
  ratio: number;
  cold_ms: number;
  floor_cold_ms: number;
  floor_rows_ms: number;
  runs_ms: number[];
  floor_runs_ms: number[];
  scores: number;
  split?: AggregationResult["split"];
};

export type PostgresFigures = {
  run: true;
  server_version: string;
  cluster: string;
  pool_size_per_process: string;
  migrate_ms: number;
  copy: CopyReport;
  aggregation: { postgresql: AggregationSide | null; sqlite: AggregationSide | null; sqlite_measured: string };
  http: {
    seconds: number;
    rounds: number;
    note: string;
    sqlite_measured: string;
    sqlite_1: PgHttpSet | null;
    postgresql_1: PgHttpSet | null;
    postgresql_2: PgHttpSet | null;
  };
  queue_send: { postgresql_1: QueueSendFigure | null; postgresql_2: QueueSendFigure | null };
  not_measured: string[];
  section_steps_ms: Record<string, number>;
};

export type PostgresContext = {
  data: BenchData;
  runs: number;
  /** the run's HTTP seconds (BENCH_HTTP_SECONDS): the longest a run here takes */
  httpSeconds: number;
  settleMs: number;
  secondsLeft: () => number;
  log: (line: string) => void;
  /** the SQLite database to copy: the bench database as set-up left it */
  source: string;
  /** the run's own SQLite figures, when it measured them (null: this section measures them) */
  sqlite: { aggregation: AggregationResult | null; http: Partial<Record<HttpName, SqliteHttpFigure>> | null };
  /** where cuts to fit the budget are reported */
  cutDown: string[];
  /** called after every figure, to write results.json as it goes */
  progress: (figures: Partial<PostgresFigures>) => void;
};

// ---------------------------------------------------------------------------------------
// The copy

export type CopyReport = {
  ms: number;
  tables: number;
  rows: number;
  rows_by_table: Record<string, number>;
  /** SQLite tables with no PostgreSQL counterpart (Prisma's own history, which each database keeps for itself) */
  skipped: string[];
  batch_rows: number;
  method: string;
};

type PgColumn = { table_name: string; column_name: string; data_type: string; udt_name: string };

const BATCH_ROWS = 5000;
const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** A SQLite value as PostgreSQL's column type wants it: 0/1 booleans as booleans, datetimes as UTC text. */
function converter(column: PgColumn): (value: unknown) => unknown {
  switch (column.data_type) {
    case "boolean":
      return (v) => (v === null || v === undefined ? null : v === true || v === 1 || v === "1" || v === "true");
    case "timestamp without time zone":
    case "timestamp with time zone":
    case "date":
      // Prisma on SQLite stores ISO text ("...+00:00"); older rows may hold epoch milliseconds.
      // Sent as UTC ISO text, which `timestamp` (without zone) takes as the UTC wall time Prisma means.
      return (v) => {
        if (v === null || v === undefined) return null;
        const date = typeof v === "number" || typeof v === "bigint" ? new Date(Number(v)) : new Date(String(v));
        if (Number.isNaN(date.getTime())) throw new Error(`${column.table_name}.${column.column_name}: not a date: ${String(v)}`);
        return date.toISOString();
      };
    case "integer":
    case "bigint":
    case "smallint":
    case "double precision":
    case "real":
    case "numeric":
      return (v) => (v === null || v === undefined ? null : typeof v === "bigint" ? v.toString() : v);
    case "bytea":
      return (v) => (v === null || v === undefined ? null : `\\x${Buffer.from(v as Uint8Array).toString("hex")}`);
    default:
      return (v) => (v === null || v === undefined ? null : typeof v === "string" ? v : Buffer.isBuffer(v) ? v.toString("utf8") : String(v));
  }
}

/**
 * Copies every table of a SQLite database made by the project's SQLite history into a
 * PostgreSQL database migrated with its PostgreSQL history: the same rows, by the PostgreSQL
 * columns' types (information_schema), in batches of `INSERT ... SELECT * FROM unnest($1::type[], ...)`,
 * in one transaction with `session_replication_role = replica` (the cluster's superuser: foreign
 * keys and triggers are not fired, so table order does not matter), then VACUUM ANALYZE, then every
 * table's row count compared with SQLite's.
 */
export async function copySqliteToPostgres(sqliteFile: string, url: string): Promise<CopyReport> {
  const started = performance.now();
  const src = new Database(sqliteFile, { readonly: true });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = (
      await client.query<PgColumn>(
        `SELECT c.table_name, c.column_name, c.data_type, c.udt_name
         FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
         WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.table_name <> '_prisma_migrations'
         ORDER BY c.table_name, c.ordinal_position`,
      )
    ).rows;
    const pgTables = new Map<string, PgColumn[]>();
    for (const c of columns) pgTables.set(c.table_name, [...(pgTables.get(c.table_name) ?? []), c]);
    const sqliteTables = (
      src.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[]
    ).map((r) => r.name);
    const missing = [...pgTables.keys()].filter((t) => !sqliteTables.includes(t));
    if (missing.length) throw new Error(`PostgreSQL tables with no SQLite table to copy from: ${missing.join(", ")}`);
    const skipped = sqliteTables.filter((t) => !pgTables.has(t));

    const rowsByTable: Record<string, number> = {};
    await client.query("BEGIN");
    await client.query("SET LOCAL session_replication_role = replica");
    for (const [table, cols] of pgTables) {
      const sqliteCols = new Set((src.prepare(`PRAGMA table_info(${quoteIdent(table)})`).all() as { name: string }[]).map((c) => c.name));
      const absent = cols.filter((c) => !sqliteCols.has(c.column_name)).map((c) => c.column_name);
      if (absent.length) throw new Error(`${table}: PostgreSQL columns missing in SQLite: ${absent.join(", ")}`);
      const convert = cols.map(converter);
      const insert = `INSERT INTO ${quoteIdent(table)} (${cols.map((c) => quoteIdent(c.column_name)).join(", ")})
        SELECT * FROM unnest(${cols.map((c, i) => `$${i + 1}::${c.udt_name}[]`).join(", ")})`;
      const read = src.prepare(`SELECT ${cols.map((c) => quoteIdent(c.column_name)).join(", ")} FROM ${quoteIdent(table)}`).raw(true);
      let arrays: unknown[][] = cols.map(() => []);
      let inBatch = 0;
      let copied = 0;
      const flush = async () => {
        if (inBatch === 0) return;
        await client.query(insert, arrays);
        copied += inBatch;
        arrays = cols.map(() => []);
        inBatch = 0;
      };
      for (const row of read.iterate() as IterableIterator<unknown[]>) {
        for (let i = 0; i < cols.length; i++) arrays[i].push(convert[i](row[i]));
        if (++inBatch >= BATCH_ROWS) await flush();
      }
      await flush();
      rowsByTable[table] = copied;
    }
    await client.query("COMMIT");
    // VACUUM as well: as autovacuum would have by now on a live database, so index-only scans need no heap visits.
    await client.query("VACUUM ANALYZE");

    for (const table of pgTables.keys()) {
      const inSqlite = (src.prepare(`SELECT count(*) AS n FROM ${quoteIdent(table)}`).get() as { n: number }).n;
      const inPg = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quoteIdent(table)}`)).rows[0].n);
      if (inSqlite !== inPg || rowsByTable[table] !== inSqlite)
        throw new Error(`${table}: ${inSqlite} rows in SQLite, ${inPg} in PostgreSQL after the copy (${rowsByTable[table]} sent)`);
    }
    return {
      ms: Math.round(performance.now() - started),
      tables: pgTables.size,
      rows: Object.values(rowsByTable).reduce((a, b) => a + b, 0),
      rows_by_table: rowsByTable,
      skipped,
      batch_rows: BATCH_ROWS,
      method:
        "better-sqlite3 reads every table; pg writes batches of INSERT ... SELECT * FROM unnest($n::type[]) by information_schema's column types, one transaction, session_replication_role = replica; VACUUM ANALYZE; counts checked",
    };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end();
    src.close();
  }
}

// ---------------------------------------------------------------------------------------
// Aggregation on PostgreSQL

async function aggregationOnPostgres(db: Db, url: string, data: BenchData, runs: number): Promise<AggregationSide> {
  const reader = openRawReader(url);
  const cycle = await db.awardCycle.findUniqueOrThrow({
    where: { id: data.aggregation.cycleId },
    select: { id: true, minJudgesPerNomination: true, disagreementThreshold: true, rankingMeasure: true },
  });
  const once = async () => {
    const started = performance.now();
    const computed = await computeResults(db, cycle, { reader });
    const ms = performance.now() - started;
    if (!computed.ok)
      throw new Error(
        `computeResults on PostgreSQL found problems: ${computed.problems
          .slice(0, 3)
          .map((p) => p.text)
          .join("; ")}`,
      );
    return { ms, computed };
  };
  const cold = await once();
  const timed: { ms: number; split: AggregationResult["split"] }[] = [];
  for (let i = 0; i < runs; i++) {
    const { ms, computed } = await once();
    timed.push({ ms, split: { queryMs: computed.timings.queryMs, aggregateMs: computed.timings.aggregateMs, totalMs: computed.timings.totalMs } });
  }
  const scores = cold.computed.timings.scoreRows;

  // The floor: the same query in PostgreSQL's words, through `pg` on a connection of its own
  // (a named statement, parsed and planned once), every row made into a JavaScript object as
  // better-sqlite3's .all() does.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let floorRows = 0;
  const floor = async (name: string, sql: string) => {
    const started = performance.now();
    const result = await client.query({ name, text: numberPlaceholders(postgresText(sql)), values: [cycle.id] });
    const ms = performance.now() - started;
    floorRows = result.rows.length;
    return ms;
  };
  const floorRuns: number[] = [];
  const rowsRuns: number[] = [];
  let floorCold: number;
  try {
    floorCold = await floor("floor", FLOOR_SQL);
    for (let i = 0; i < runs; i++) floorRuns.push(await floor("floor", FLOOR_SQL));
    if (floorRows !== scores) throw new Error(`The PostgreSQL floor read ${floorRows} scores but computeResults read ${scores}`);
    await floor("floor_rows", FLOOR_ROWS_SQL);
    for (let i = 0; i < runs; i++) rowsRuns.push(await floor("floor_rows", FLOOR_ROWS_SQL));
  } finally {
    await client.end();
  }
  const ms = median(timed.map((t) => t.ms));
  const floorMs = median(floorRuns);
  return {
    ms,
    floor_ms: floorMs,
    ratio: ms / floorMs,
    cold_ms: cold.ms,
    floor_cold_ms: floorCold,
    floor_rows_ms: median(rowsRuns),
    runs_ms: timed.map((t) => t.ms),
    floor_runs_ms: floorRuns,
    scores,
    split: [...timed].sort((a, b) => a.ms - b.ms)[Math.floor(timed.length / 2)].split,
  };
}

function sqliteSide(a: AggregationResult): AggregationSide {
  return {
    ms: a.ms,
    floor_ms: a.floor_ms,
    ratio: a.ms / a.floor_ms,
    cold_ms: a.cold_ms,
    floor_cold_ms: a.floor_cold_ms,
    floor_rows_ms: a.floor_rows_ms,
    runs_ms: a.runs_ms,
    floor_runs_ms: a.floor_runs_ms,
    scores: a.scores,
    split: a.split,
  };
}

// ---------------------------------------------------------------------------------------
// HTTP

function figureOf(sat: LoadResult[], pac: LoadResult[]): PgHttpFigure {
  const statusCodes: Record<string, number> = {};
  for (const r of [...sat, ...pac]) for (const [code, n] of Object.entries(r.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
  const strip = ({ statusCodes: _s, ...rest }: LoadResult) => rest;
  return {
    rps: median(sat.map((r) => r.rps)),
    p50_ms: median(sat.map((r) => r.p50_ms)),
    p99_ms: median(sat.map((r) => r.p99_ms)),
    paced_p50_ms: median(pac.map((r) => r.p50_ms)),
    paced_p99_ms: median(pac.map((r) => r.p99_ms)),
    errors: [...sat, ...pac].reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0),
    requests: [...sat, ...pac].reduce((n, r) => n + r.requests, 0),
    status_codes: statusCodes,
    runs: { saturation: sat.map(strip), paced: pac.map(strip) },
  };
}

type HttpTarget = { database: "sqlite" | "postgresql"; processes: number; env: Record<string, string>; db: Db; versionsOf?: VersionsOf };

/** Starts `processes` app servers on one database, checks the routes, loads the three figures `rounds` times. */
async function measureSet(
  target: HttpTarget,
  ctx: PostgresContext,
  seconds: number,
  rounds: number,
  label: string,
  onFigure: (set: PgHttpSet) => void,
): Promise<PgHttpSet> {
  const servers: RunningServer[] = [];
  const set: PgHttpSet = { processes: target.processes, database: target.database, startup_ms: [] };
  try {
    for (let i = 0; i < target.processes; i++) {
      const server = await startServer({ env: target.env });
      servers.push(server);
      set.startup_ms.push(Math.round(server.startupMs));
    }
    ctx.log(`  ${label}: ${servers.length} app process(es) on ${servers.map((s) => s.port).join(", ")} (started in ${set.startup_ms.join(", ")} ms)`);
    const origins = servers.map((s) => s.origin);
    const cookie = await signIn(origins[0], ctx.data.judging.judgeEmail, target.db);
    for (const origin of origins) {
      const all = scenarios(origin, cookie, ctx.data, target.versionsOf);
      await checkRoutes(origin, cookie, ctx.data, all, { names: PG_HTTP_NAMES, versionsOf: target.versionsOf });
    }
    const all = scenarios(origins[0], cookie, ctx.data, target.versionsOf);
    const sat = Object.fromEntries(PG_HTTP_NAMES.map((n) => [n, [] as LoadResult[]])) as Record<PgHttpName, LoadResult[]>;
    const pac = Object.fromEntries(PG_HTTP_NAMES.map((n) => [n, [] as LoadResult[]])) as Record<PgHttpName, LoadResult[]>;
    const rest = async () => {
      for (const origin of origins) await quiet(origin, ctx.settleMs);
    };
    for (const name of PG_HTTP_NAMES) {
      await rest();
      await load(origins, all[name], { ...SATURATION, durationS: WARMUP_S });
    }
    for (let round = 0; round < rounds; round++) {
      for (const name of PG_HTTP_NAMES) {
        await rest();
        sat[name].push(await load(origins, all[name], { ...SATURATION, durationS: seconds }));
        await rest();
        pac[name].push(await load(origins, all[name], { ...PACED, durationS: seconds }));
        const f = (set[name] = figureOf(sat[name], pac[name]));
        onFigure(set);
        ctx.log(
          `    ${name.padEnd(13)} ${fmt(sat[name].at(-1)!.rps, 0).padStart(6)} req/s  p50 ${fmt(sat[name].at(-1)!.p50_ms)} ms  p99 ${fmt(sat[name].at(-1)!.p99_ms)} ms  | paced p50 ${fmt(pac[name].at(-1)!.p50_ms)} ms  p99 ${fmt(pac[name].at(-1)!.p99_ms)} ms  | errors so far ${f.errors}`,
        );
      }
    }
    return set;
  } finally {
    for (const server of servers) await server.stop();
  }
}

export function fmt(n: number | null | undefined, digits = 1): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "-";
  return n.toLocaleString("en-GB", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

async function timedStep<T>(steps: Record<string, number>, name: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await fn();
  } finally {
    steps[name] = Math.round(performance.now() - started);
  }
}

/** PostgreSQL's review versions for the save_scores scenario (SQLite's are read from the file). */
function postgresVersions(url: string): VersionsOf {
  return async (ids) => {
    const versions = new Map<string, number>(ids.map((id) => [id, 0]));
    const { rows } = await postgresPool(url).query<{ assignmentId: string; version: number }>(
      `SELECT "assignmentId", version FROM "Review" WHERE "assignmentId" = ANY($1::text[])`,
      [[...ids]],
    );
    for (const r of rows) versions.set(r.assignmentId, r.version);
    return versions;
  };
}

// ---------------------------------------------------------------------------------------
// The section

export async function benchPostgresql(ctx: PostgresContext): Promise<PostgresFigures> {
  const { log } = ctx;
  const steps: Record<string, number> = {};
  const figures: Partial<PostgresFigures> = { run: true, not_measured: [], section_steps_ms: steps };
  const cluster = await timedStep(steps, "cluster_start_ms", () => startPostgresCluster({ log: log as () => void }));
  // The cluster is removed even if the bench is stopped or crashes after this point.
  const stopCluster = () => cluster.stop();
  const stopAndExit = () => {
    stopCluster();
    process.exit(130);
  };
  process.once("exit", stopCluster);
  process.once("SIGINT", stopAndExit);
  process.once("SIGTERM", stopAndExit);
  const adminUrl = cluster.url;
  const url = new URL(adminUrl);
  url.pathname = "/bench";
  const pgUrl = url.toString();
  let db: Db | null = null;
  try {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    figures.server_version = (await admin.query<{ server_version: string }>("SHOW server_version")).rows[0].server_version;
    await admin.query(`CREATE DATABASE bench`);
    await admin.end();
    figures.cluster = "throwaway cluster (scripts/postgres-cluster.mjs): 127.0.0.1, --locale=C, fsync=off, synchronous_commit=off, shared_buffers=128MB";
    figures.pool_size_per_process = process.env.DATABASE_POOL_SIZE ?? "10 (default)";

    const migrateStarted = performance.now();
    await migratePostgresql(pgUrl, { log: () => {} });
    figures.migrate_ms = Math.round(performance.now() - migrateStarted);
    log(`  migrated in ${figures.migrate_ms} ms; copying ${path.basename(ctx.source)} into it`);
    figures.copy = await copySqliteToPostgres(ctx.source, pgUrl);
    steps.copy_ms = figures.copy.ms;
    log(`  copied ${figures.copy.rows.toLocaleString("en-GB")} rows of ${figures.copy.tables} tables in ${figures.copy.ms} ms (row counts equal)`);
    ctx.progress(figures);

    db = createPrismaClient(pgUrl);

    // Aggregation: PostgreSQL, and SQLite here too when the run has not measured it.
    const sqliteAgg = ctx.sqlite.aggregation ?? (await timedStep(steps, "sqlite_aggregation_ms", () => benchAggregation(ctx.data, ctx.runs)));
    const pgAgg = await timedStep(steps, "aggregation_ms", () => aggregationOnPostgres(db!, pgUrl, ctx.data, ctx.runs));
    figures.aggregation = {
      postgresql: pgAgg,
      sqlite: sqliteSide(sqliteAgg),
      sqlite_measured: ctx.sqlite.aggregation ? "the run's aggregation figure" : "in this section, the same way",
    };
    log(
      `  aggregation: PostgreSQL ${fmt(pgAgg.ms)} ms, floor ${fmt(pgAgg.floor_ms)} ms (${fmt(pgAgg.ratio, 2)} x); SQLite ${fmt(sqliteAgg.ms)} ms, floor ${fmt(sqliteAgg.floor_ms)} ms (${fmt(sqliteAgg.ms / sqliteAgg.floor_ms, 2)} x)`,
    );
    ctx.progress(figures);

    // 1,000 results through the queue, one app process and two.
    const queueSend: PostgresFigures["queue_send"] = { postgresql_1: null, postgresql_2: null };
    figures.queue_send = queueSend;
    for (const processes of [1, 2] as const) {
      queueSend[`postgresql_${processes}`] = await timedStep(steps, `queue_send_${processes}_ms`, () =>
        benchQueueSend({ url: pgUrl, db: db!, processes, log }),
      );
      ctx.progress(figures);
    }

    // HTTP: as long as the budget allows, at most the run's own length and rounds.
    const measureSqlite = !ctx.sqlite.http;
    const sets = measureSqlite ? 3 : 2;
    const servers = measureSqlite ? 4 : 3;
    const loads = sets * PG_HTTP_NAMES.length * 2;
    const available = ctx.secondsLeft() - 10;
    const fixed = servers * SERVER_START_S + sets * (CHECKS_S + PG_HTTP_NAMES.length * (WARMUP_S + LOAD_OVERHEAD_S));
    let seconds = Math.floor((available - fixed) / loads - LOAD_OVERHEAD_S);
    seconds = Math.max(MIN_HTTP_SECONDS, Math.min(ctx.httpSeconds, seconds));
    let rounds = 1;
    while (rounds < ctx.runs && fixed + (rounds + 1) * loads * (seconds + LOAD_OVERHEAD_S) <= available) rounds++;
    let note = `${seconds} s a load run, ${rounds} round(s)`;
    if (seconds < ctx.httpSeconds) {
      note += `: shortened from ${ctx.httpSeconds} s to fit the run's budget`;
      ctx.cutDown.push(`postgresql http: ${seconds} s load runs instead of ${ctx.httpSeconds} s (SQLite's here measured the same way)`);
    }
    if (rounds < ctx.runs) ctx.cutDown.push(`postgresql http: ${rounds} round(s) instead of ${ctx.runs}`);
    const http: PostgresFigures["http"] = {
      seconds,
      rounds,
      note,
      sqlite_measured: measureSqlite
        ? "in this section, the same way and length (one app process)"
        : `the run's http figures (${ctx.httpSeconds} s runs, one app process)`,
      sqlite_1: null,
      postgresql_1: null,
      postgresql_2: null,
    };
    figures.http = http;
    log(`  HTTP: ${note}`);
    const pgTarget = (processes: number): HttpTarget => ({
      database: "postgresql",
      processes,
      env: { DATABASE_URL: pgUrl },
      db: db!,
      versionsOf: postgresVersions(pgUrl),
    });
    const save = () => ctx.progress(figures);
    if (measureSqlite) {
      http.sqlite_1 = await timedStep(steps, "http_sqlite_1_ms", () =>
        measureSet({ database: "sqlite", processes: 1, env: {}, db: prisma }, ctx, seconds, rounds, "SQLite, one process", (s) => {
          http.sqlite_1 = s;
          save();
        }),
      );
    } else {
      const h = ctx.sqlite.http!;
      const pick = (f: SqliteHttpFigure | undefined) => (f ? { ...f, status_codes: {}, requests: 0, runs: { saturation: [], paced: [] } } : undefined);
      http.sqlite_1 = {
        processes: 1,
        database: "sqlite",
        startup_ms: [],
        bare: pick(h.bare),
        scoring_form: pick(h.scoring_form),
        save_scores: pick(h.save_scores),
      };
    }
    http.postgresql_1 = await timedStep(steps, "http_postgresql_1_ms", () =>
      measureSet(pgTarget(1), ctx, seconds, rounds, "PostgreSQL, one process", (s) => {
        http.postgresql_1 = s;
        save();
      }),
    );
    http.postgresql_2 = await timedStep(steps, "http_postgresql_2_ms", () =>
      measureSet(pgTarget(2), ctx, seconds, rounds, "PostgreSQL, two processes", (s) => {
        http.postgresql_2 = s;
        save();
      }),
    );
    return figures as PostgresFigures;
  } finally {
    if (db) await db.$disconnect().catch(() => {});
    await postgresPool(pgUrl)
      .end()
      .catch(() => {});
    stopCluster();
    process.removeListener("exit", stopCluster);
    process.removeListener("SIGINT", stopAndExit);
    process.removeListener("SIGTERM", stopAndExit);
    if (fs.existsSync(cluster.root)) fs.rmSync(cluster.root, { recursive: true, force: true });
  }
}

/** The section's lines of the printed summary. */
export function postgresSummary(pgResults: unknown, fmtRatio = (n: number | null | undefined) => fmt(n, 2)): string[] {
  const lines: string[] = [];
  const r = pgResults as Partial<Omit<PostgresFigures, "run">> & { run?: boolean; reason?: string };
  if (!r) return lines;
  if (r.run === false) {
    lines.push(`PostgreSQL: not run: ${r.reason}`);
    return lines;
  }
  lines.push(
    `PostgreSQL ${r.server_version ?? "?"} beside SQLite, same data (copied: ${r.copy ? `${r.copy.rows.toLocaleString("en-GB")} rows, ${r.copy.tables} tables in ${fmt(r.copy.ms / 1000)} s` : "-"})`,
  );
  const a = r.aggregation;
  if (a) {
    const side = (name: string, s: AggregationSide | null) =>
      `  ${name.padEnd(11)} ${fmt(s?.ms).padStart(8)} ms  floor ${fmt(s?.floor_ms).padStart(7)} ms  ${fmtRatio(s?.ratio).padStart(5)} x its floor  (floor with ids ${fmt(s?.floor_rows_ms)} ms; cold ${fmt(s?.cold_ms)} ms)`;
    lines.push(`  aggregation, 2,000 x 30 x 6 (each against its own database's floor; SQLite: ${a.sqlite_measured}):`);
    lines.push(side("SQLite", a.sqlite));
    lines.push(side("PostgreSQL", a.postgresql));
  }
  const h = r.http;
  if (h) {
    lines.push(
      `  HTTP (${h.note}; saturation ${SATURATION.connections} connections, paced ${PACED.connections} at ${PACED.overallRate} req/s; SQLite: ${h.sqlite_measured}):`,
    );
    lines.push(
      `  ${"".padEnd(40)} ${"req/s".padStart(7)} ${"x bare".padStart(7)} ${"p50".padStart(7)} ${"p99".padStart(7)} ${"paced p50".padStart(10)} ${"paced p99".padStart(10)} ${"errors".padStart(7)}`,
    );
    const sets: [string, PgHttpSet | null][] = [
      ["SQLite, 1 process", h.sqlite_1],
      ["PostgreSQL, 1 process", h.postgresql_1],
      ["PostgreSQL, 2 processes", h.postgresql_2],
    ];
    for (const name of PG_HTTP_NAMES) {
      for (const [label, set] of sets) {
        const f = set?.[name];
        const bare = set?.bare?.rps;
        lines.push(
          `  ${`${name}: ${label}`.padEnd(40).slice(0, 40)} ${fmt(f?.rps, 0).padStart(7)} ${(name === "bare" ? "" : fmtRatio(bare && f ? f.rps / bare : null)).padStart(7)} ${fmt(f?.p50_ms).padStart(7)} ${fmt(f?.p99_ms).padStart(7)} ${fmt(f?.paced_p50_ms).padStart(10)} ${fmt(f?.paced_p99_ms).padStart(10)} ${String(f?.errors ?? "-").padStart(7)}`,
        );
      }
    }
  }
  const q = r.queue_send;
  if (q) {
    lines.push("  1,000 results emails through the queue (Send pressed to the last accepted by the fake Resend):");
    for (const f of [q.postgresql_1, q.postgresql_2]) {
      if (!f) continue;
      lines.push(
        `    PostgreSQL, ${f.processes} process${f.processes === 1 ? "" : "es"}: ${fmt(f.ms / 1000)} s (press ${f.press_ms} ms; all stored at ${fmt(f.stored_ms / 1000)} s), ${f.api_calls} API calls, ${f.duplicates} duplicates, ${f.missing} missing, sent by server ${f.sent_by.join(", ") || "?"}`,
      );
    }
  }
  for (const n of r.not_measured ?? []) lines.push(`  ${n}`);
  return lines;
}
