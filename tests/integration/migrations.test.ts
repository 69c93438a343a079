/**
 * Both migration histories (docs/decisions/0060): prisma/migrations applied from empty on a
 * fresh SQLite file by `prisma migrate deploy`, and prisma/postgresql/migrations applied from
 * empty on a fresh PostgreSQL database by our own migrator, ending with the same tables,
 * columns, keys and indexes. Runs the same whichever database the rest of the suite is on; the
 * PostgreSQL half needs TEST_POSTGRES_URL (an admin URL of a throwaway cluster, as `npm test`
 * sets when PostgreSQL is installed) and is one named test saying so when it is not set.
 */
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import Database from "better-sqlite3";
import pg from "pg";
import { migratePostgresql, type MigrationReport } from "~/db/migrate-postgresql.server";
import { POSTGRESQL_SCHEMA, SQLITE_SCHEMA, postgresqlVariant } from "../../scripts/schema-variants";
import { databaseUrlFor, psql } from "../support/postgres";

const prisma = path.resolve("node_modules", ".bin", "prisma");
const SQLITE_MIGRATIONS = path.resolve("prisma", "migrations");
const POSTGRESQL_MIGRATIONS = path.resolve("prisma", "postgresql", "migrations");

function run(args: string[], file: string) {
  return execFileSync(prisma, args, { env: { ...process.env, DATABASE_URL: `file:${file}` }, encoding: "utf8", stdio: "pipe" });
}

/** Tables, columns and indexes of a SQLite file, in a form two files can be compared by. */
function shape(file: string) {
  const db = new Database(file, { readonly: true });
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name != '_prisma_migrations' ORDER BY name")
    .all() as { name: string }[];
  const result = tables.map(({ name }) => ({
    name,
    columns: (db.prepare(`PRAGMA table_info("${name}")`).all() as { name: string; type: string; notnull: number; pk: number }[]).map(
      (c) => `${c.name} ${c.type} ${c.notnull ? "NOT NULL" : ""} ${c.pk ? "PK" : ""}`,
    ),
    indexes: (db.prepare(`PRAGMA index_list("${name}")`).all() as { name: string; unique: number }[])
      .map((i) => `${i.name}${i.unique ? " UNIQUE" : ""}`)
      .sort(),
  }));
  db.close();
  return result;
}

/** The migration folders of a history, oldest first. */
function migrationFolders(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((d) => fs.statSync(path.join(dir, d)).isDirectory())
    .sort();
}

// ---------------------------------------------------------------------------------------------
// One database's tables in words both dialects can be compared in. `_prisma_migrations` is left
// out: each tool keeps it in its own column types.

/** Per table, per column: "<type family> NULL|NOT NULL". */
type Columns = Record<string, Record<string, string>>;
/** Per table: its primary key, indexes and foreign keys, one line each, sorted. */
type Keys = Record<string, string[]>;

/** The coarse type family of a column as Prisma declares it on SQLite. Anything else is named, so a comparison fails on it. */
function sqliteFamily(declared: string): string {
  const type = declared.toUpperCase();
  if (type === "TEXT") return "text";
  if (type === "INTEGER" || type === "BIGINT") return "integer";
  if (type === "REAL" || type === "DOUBLE" || type === "FLOAT") return "real-float";
  if (type === "BOOLEAN") return "boolean";
  if (type === "DATETIME") return "datetime";
  if (type === "BLOB") return "bytes";
  return `unmapped SQLite type ${declared}`;
}

/** The coarse type family of a PostgreSQL column, from information_schema.columns.data_type. */
function postgresFamily(dataType: string): string {
  if (dataType === "text" || dataType === "character varying" || dataType === "character") return "text";
  if (dataType === "integer" || dataType === "bigint" || dataType === "smallint") return "integer";
  if (dataType === "double precision" || dataType === "real") return "real-float";
  if (dataType === "boolean") return "boolean";
  if (dataType.startsWith("timestamp") || dataType === "date") return "datetime";
  if (dataType === "bytea") return "bytes";
  return `unmapped PostgreSQL type ${dataType}`;
}

/** An object with its keys (and its values' keys) in order, so a failed comparison's diff reads table by table. */
function sorted<T>(byTable: Record<string, T>): Record<string, T> {
  const inOrder = <V>(o: Record<string, V>) =>
    Object.fromEntries(
      Object.keys(o)
        .sort()
        .map((k) => [k, o[k]]),
    );
  return Object.fromEntries(
    Object.keys(byTable)
      .sort()
      .map((k) => {
        const value = byTable[k];
        return [k, Array.isArray(value) || typeof value !== "object" || value === null ? value : inOrder(value as Record<string, unknown>)];
      }),
  ) as Record<string, T>;
}

function column(family: string, nullable: boolean) {
  return `${family} ${nullable ? "NULL" : "NOT NULL"}`;
}

function sqliteTables(file: string): { columns: Columns; keys: Keys } {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '_prisma_migrations' ORDER BY name")
      .all() as { name: string }[];
    const columns: Columns = {};
    const keys: Keys = {};
    for (const { name } of tables) {
      const info = db.prepare(`PRAGMA table_info("${name}")`).all() as { name: string; type: string; notnull: number; pk: number }[];
      columns[name] = Object.fromEntries(info.map((c) => [c.name, column(sqliteFamily(c.type), !c.notnull)]));
      const primary = info
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name);
      const lines = primary.length ? [`PRIMARY KEY (${primary.join(", ")})`] : [];
      for (const index of db.prepare(`PRAGMA index_list("${name}")`).all() as { name: string; unique: number; origin: string }[]) {
        if (index.origin === "pk") continue; // the primary key, above
        const cols = (db.prepare(`PRAGMA index_info("${index.name}")`).all() as { seqno: number; name: string }[])
          .sort((a, b) => a.seqno - b.seqno)
          .map((c) => c.name);
        lines.push(`${index.unique ? "UNIQUE INDEX" : "INDEX"} ${index.name} (${cols.join(", ")})`);
      }
      const fks = db.prepare(`PRAGMA foreign_key_list("${name}")`).all() as {
        id: number;
        seq: number;
        table: string;
        from: string;
        to: string;
        on_update: string;
        on_delete: string;
      }[];
      for (const id of [...new Set(fks.map((f) => f.id))]) {
        const parts = fks.filter((f) => f.id === id).sort((a, b) => a.seq - b.seq);
        lines.push(
          `FOREIGN KEY (${parts.map((p) => p.from).join(", ")}) REFERENCES ${parts[0].table} (${parts.map((p) => p.to).join(", ")})` +
            ` ON DELETE ${parts[0].on_delete} ON UPDATE ${parts[0].on_update}`,
        );
      }
      keys[name] = lines.sort();
    }
    return { columns, keys };
  } finally {
    db.close();
  }
}

const FK_ACTIONS: Record<string, string> = { a: "NO ACTION", r: "RESTRICT", c: "CASCADE", n: "SET NULL", d: "SET DEFAULT" };

async function postgresTables(client: pg.Client): Promise<{ columns: Columns; keys: Keys }> {
  const cols = await client.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
    `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations' ORDER BY table_name, ordinal_position`,
  );
  const columns: Columns = {};
  for (const c of cols.rows) (columns[c.table_name] ??= {})[c.column_name] = column(postgresFamily(c.data_type), c.is_nullable === "YES");

  const keys: Keys = Object.fromEntries(Object.keys(columns).map((t) => [t, []]));
  const indexes = await client.query<{ table: string; name: string; unique: boolean; primary: boolean; columns: string[] }>(
    `SELECT t.relname AS "table", i.relname AS name, x.indisunique AS "unique", x.indisprimary AS "primary",
            array_agg(a.attname::text ORDER BY k.ord) AS columns
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE n.nspname = current_schema() AND t.relname <> '_prisma_migrations'
      GROUP BY 1, 2, 3, 4`,
  );
  for (const index of indexes.rows) {
    const cols = index.columns.join(", ");
    (keys[index.table] ??= []).push(index.primary ? `PRIMARY KEY (${cols})` : `${index.unique ? "UNIQUE INDEX" : "INDEX"} ${index.name} (${cols})`);
  }
  const fks = await client.query<{ table: string; references: string; columns: string[]; referenced: string[]; on_delete: string; on_update: string }>(
    `SELECT t.relname AS "table", r.relname AS "references", c.confdeltype AS on_delete, c.confupdtype AS on_update,
            (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum) AS columns,
            (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum) AS referenced
       FROM pg_constraint c
       JOIN pg_class t ON t.oid = c.conrelid
       JOIN pg_class r ON r.oid = c.confrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE c.contype = 'f' AND n.nspname = current_schema()`,
  );
  for (const fk of fks.rows) {
    (keys[fk.table] ??= []).push(
      `FOREIGN KEY (${fk.columns.join(", ")}) REFERENCES ${fk.references} (${fk.referenced.join(", ")})` +
        ` ON DELETE ${FK_ACTIONS[fk.on_delete]} ON UPDATE ${FK_ACTIONS[fk.on_update]}`,
    );
  }
  for (const table of Object.keys(keys)) keys[table].sort();
  return { columns, keys };
}

// ---------------------------------------------------------------------------------------------
// The PostgreSQL history, applied once per run to a database of its own (made in the root
// `before` below, dropped in `after`). `prisma migrate status` is started as soon as the
// migrations are in and awaited by the last test: its run (about 12 s, most of it the pg pool's
// idle timer in prisma.postgresql.config.ts) overlaps the SQLite tests.

const adminUrl = process.env.TEST_POSTGRES_URL;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "compact-awards-migrations-"));
const sqliteMigrated = path.join(dir, "migrated.db");

type Status = { code: number | null; output: string };
type PostgresRun = {
  first: MigrationReport;
  second: MigrationReport;
  log: string[];
  tables: { columns: Columns; keys: Keys };
  recorded: {
    id: string;
    checksum: string;
    migration_name: string;
    finished_at: Date | null;
    rolled_back_at: Date | null;
    logs: string | null;
    applied_steps_count: number;
  }[];
  status: Promise<Status>;
};

let postgres: Promise<PostgresRun> | undefined;
/** This run's database, dropped in `after` even when migrating it failed. */
let scratchDatabase: string | undefined;
let statusChild: ReturnType<typeof spawn> | undefined;

async function preparePostgres(admin: string): Promise<PostgresRun> {
  const database = `migrations_test_${process.pid}_${crypto.randomBytes(3).toString("hex")}`;
  psql(admin, `CREATE DATABASE "${database}"`);
  scratchDatabase = database;
  const url = databaseUrlFor(admin, database);
  const log: string[] = [];
  const first = await migratePostgresql(url, { dir: POSTGRESQL_MIGRATIONS, log: (line) => log.push(line) });
  const second = await migratePostgresql(url, { dir: POSTGRESQL_MIGRATIONS, log: (line) => log.push(line) });

  statusChild = spawn(prisma, ["migrate", "status", "--config", "prisma.postgresql.config.ts"], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const child = statusChild;
  const status = new Promise<Status>((resolve) => {
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    child.on("error", (error) => resolve({ code: null, output: `${output}\n${error.message}` }));
    child.on("close", (code) => resolve({ code, output }));
  });

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await postgresTables(client);
    const recorded = (await client.query(`SELECT * FROM "_prisma_migrations" ORDER BY migration_name`)).rows;
    return { first, second, log, tables, recorded, status };
  } finally {
    await client.end();
  }
}

before(async () => {
  if (!adminUrl) return;
  postgres = preparePostgres(adminUrl);
  await postgres.catch(() => undefined); // each PostgreSQL test fails with the error itself
});

after(async () => {
  if (statusChild && statusChild.exitCode === null && statusChild.signalCode === null) statusChild.kill();
  await postgres?.catch(() => undefined);
  if (adminUrl && scratchDatabase) psql(adminUrl, `DROP DATABASE IF EXISTS "${scratchDatabase}" WITH (FORCE)`);
  fs.rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------

describe("SQLite migrations (prisma/migrations, applied by prisma migrate deploy)", () => {
  it("apply from an empty database and give exactly the schema in prisma/schema.prisma", () => {
    const pushed = path.join(dir, "pushed.db");
    const out = run(["migrate", "deploy"], sqliteMigrated);
    assert.match(out, /applied|No pending migrations/i);
    run(["db", "push", "--skip-generate", "--accept-data-loss"], pushed);
    const a = shape(sqliteMigrated);
    const b = shape(pushed);
    assert.ok(a.length >= 18, `expected the whole domain model, got ${a.map((t) => t.name).join(", ")}`);
    assert.deepEqual(a, b, "prisma/schema.prisma has changes with no migration: run npm run db:new-migration -- <name>");
  });

  it("a second deploy has nothing to do", () => {
    const out = run(["migrate", "deploy"], sqliteMigrated);
    assert.match(out, /No pending migrations/i);
  });

  it("every migration keeps a copy of the schema it produces, for the offline migration writer", () => {
    const folders = migrationFolders(SQLITE_MIGRATIONS);
    assert.ok(folders.length > 0);
    for (const folder of folders) {
      assert.ok(fs.existsSync(path.join(SQLITE_MIGRATIONS, folder, "migration.sql")), `${folder}/migration.sql`);
      assert.ok(fs.existsSync(path.join(SQLITE_MIGRATIONS, folder, "schema.prisma")), `${folder}/schema.prisma`);
    }
    const latest = fs.readFileSync(path.join(SQLITE_MIGRATIONS, folders.at(-1)!, "schema.prisma"), "utf8");
    assert.equal(latest, fs.readFileSync(path.resolve("prisma", "schema.prisma"), "utf8"), "the latest migration's schema copy is the current schema");
  });
});

describe("PostgreSQL migration files (prisma/postgresql)", () => {
  it("prisma/postgresql/schema.prisma is exactly what postgresqlVariant() makes of prisma/schema.prisma", () => {
    const expected = postgresqlVariant(fs.readFileSync(path.resolve(SQLITE_SCHEMA), "utf8"));
    assert.equal(
      fs.readFileSync(path.resolve(POSTGRESQL_SCHEMA), "utf8"),
      expected,
      `${POSTGRESQL_SCHEMA} is generated: edit ${SQLITE_SCHEMA}, then run npm run db:new-migration -- <name> (or npx tsx scripts/schema-variants.ts)`,
    );
  });

  it("every PostgreSQL migration keeps a copy of the schema it produces, and the newest is prisma/postgresql/schema.prisma", () => {
    const folders = migrationFolders(POSTGRESQL_MIGRATIONS);
    assert.ok(folders.length > 0);
    for (const folder of folders) {
      assert.ok(fs.existsSync(path.join(POSTGRESQL_MIGRATIONS, folder, "migration.sql")), `${folder}/migration.sql`);
      assert.ok(fs.existsSync(path.join(POSTGRESQL_MIGRATIONS, folder, "schema.prisma")), `${folder}/schema.prisma`);
    }
    const latest = fs.readFileSync(path.join(POSTGRESQL_MIGRATIONS, folders.at(-1)!, "schema.prisma"), "utf8");
    assert.equal(
      latest,
      fs.readFileSync(path.resolve(POSTGRESQL_SCHEMA), "utf8"),
      "the newest PostgreSQL migration's schema copy is prisma/postgresql/schema.prisma",
    );
    assert.match(fs.readFileSync(path.join(POSTGRESQL_MIGRATIONS, "migration_lock.toml"), "utf8"), /provider\s*=\s*"postgresql"/);
  });

  it("every migration after the PostgreSQL baseline is written for both databases, with the same name", () => {
    const postgresFolders = migrationFolders(POSTGRESQL_MIGRATIONS);
    const baseline = postgresFolders[0];
    const sqliteAfter = migrationFolders(SQLITE_MIGRATIONS).filter((f) => f > baseline);
    assert.deepEqual(sqliteAfter, postgresFolders.slice(1), "npm run db:new-migration -- <name> writes each migration in both histories");
  });
});

if (adminUrl) {
  describe("PostgreSQL migrations (prisma/postgresql/migrations, applied by migratePostgresql)", () => {
    it("apply from an empty database: every migration, once, with the whole domain model", async () => {
      const { first, tables } = await postgres!;
      assert.deepEqual(first, { applied: migrationFolders(POSTGRESQL_MIGRATIONS), alreadyApplied: 0 });
      const names = Object.keys(tables.columns);
      assert.ok(names.length >= 18, `expected the whole domain model, got ${names.join(", ")}`);
    });

    it("a second run applies nothing", async () => {
      const { second, log } = await postgres!;
      assert.deepEqual(second, { applied: [], alreadyApplied: migrationFolders(POSTGRESQL_MIGRATIONS).length });
      assert.equal(log.at(-1), "No pending migrations to apply.");
      assert.ok(!log.some((line) => /Warning/.test(line)), log.join("\n"));
    });

    it("records each migration in _prisma_migrations as Prisma does, with the SHA-256 of its migration.sql", async () => {
      const { recorded } = await postgres!;
      const folders = migrationFolders(POSTGRESQL_MIGRATIONS);
      assert.deepEqual(
        recorded.map((r) => r.migration_name),
        folders,
        "one row per migration, none twice",
      );
      for (const row of recorded) {
        const sql = fs.readFileSync(path.join(POSTGRESQL_MIGRATIONS, row.migration_name, "migration.sql"));
        assert.equal(row.checksum, crypto.createHash("sha256").update(sql).digest("hex"), `${row.migration_name}: checksum`);
        assert.match(row.id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, `${row.migration_name}: id`);
        assert.ok(row.finished_at instanceof Date, `${row.migration_name}: finished`);
        assert.equal(row.rolled_back_at, null, `${row.migration_name}: not rolled back`);
        assert.equal(row.logs, null, `${row.migration_name}: no failure logged`);
        assert.equal(row.applied_steps_count, 1, `${row.migration_name}: applied_steps_count`);
      }
    });

    it("both histories end with the same tables and columns (names, nullability, type family)", async () => {
      const { tables } = await postgres!;
      if (!fs.existsSync(sqliteMigrated)) run(["migrate", "deploy"], sqliteMigrated);
      const sqlite = sqliteTables(sqliteMigrated);
      assert.deepEqual(sorted(tables.columns), sorted(sqlite.columns), "PostgreSQL (actual) and SQLite (expected) differ in these tables or columns");
    });

    it("both histories end with the same primary keys, indexes and foreign keys", async () => {
      const { tables } = await postgres!;
      if (!fs.existsSync(sqliteMigrated)) run(["migrate", "deploy"], sqliteMigrated);
      const sqlite = sqliteTables(sqliteMigrated);
      assert.deepEqual(sorted(tables.keys), sorted(sqlite.keys), "PostgreSQL (actual) and SQLite (expected) differ in these keys or indexes");
    });

    it("`prisma migrate status --config prisma.postgresql.config.ts` reports the database up to date", async () => {
      const { status } = await postgres!;
      const { code, output } = await status;
      assert.equal(code, 0, output);
      assert.match(output, /Database schema is up to date/, output);
      const found = /(\d+) migrations? found/.exec(output);
      assert.equal(Number(found?.[1]), migrationFolders(POSTGRESQL_MIGRATIONS).length, `status read the PostgreSQL history:\n${output}`);
    });
  });
} else {
  it(
    "PostgreSQL was not available (TEST_POSTGRES_URL is not set), so prisma/postgresql/migrations were not applied nor compared with SQLite's: " +
      "apt-get install postgresql and run npm test, or set TEST_POSTGRES_URL to a PostgreSQL admin URL",
    (t) => {
      t.diagnostic("PostgreSQL half of the migration checks not run: no TEST_POSTGRES_URL");
      assert.ok(!process.env.TEST_POSTGRES_URL);
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Issue 13's data step (docs/decisions/0068): cycles written before Compact areas existed each
// end up in an area named after their old free-text place, one area per place, in both dialects.

const AREAS_MIGRATION = "compact_areas";
const PLACES = [
  ["c1", "coventry-2010", "Coventry"],
  ["c2", "coventry-2026", " coventry "],
  ["c3", "warwickshire-2026", "Coventry & Warwickshire"],
  ["c4", "preston-2026", "Preston Compact"],
];
const EXPECTED_AREAS = [
  ["coventry", "Coventry Compact", ["coventry-2010", "coventry-2026"]],
  ["coventry-and-warwickshire", "Coventry & Warwickshire Compact", ["warwickshire-2026"]],
  ["preston-compact", "Preston Compact", ["preston-2026"]],
];

function areasByPlace(rows: { slug: string; name: string; cycle: string }[]) {
  const byArea = new Map<string, [string, string, string[]]>();
  for (const r of rows) {
    const entry = byArea.get(r.slug) ?? [r.slug, r.name, []];
    entry[2].push(r.cycle);
    byArea.set(r.slug, entry);
  }
  return [...byArea.values()].map(([s, n, c]) => [s, n, c.sort()]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));
}

describe("issue 13: the Compact areas data step", () => {
  it("SQLite: one area per distinct place, every cycle attached to its area", () => {
    const db = new Database(":memory:");
    for (const folder of migrationFolders(SQLITE_MIGRATIONS)) {
      if (folder.endsWith(AREAS_MIGRATION)) {
        const insert = db.prepare(
          `INSERT INTO "AwardCycle" (id, slug, name, area, nominationsOpenAt, nominationsCloseAt, createdAt, updatedAt) VALUES (?, ?, ?, ?, 1, 2, 1000, 1000)`,
        );
        for (const [id, slug, place] of PLACES) insert.run(id, slug, `Awards ${slug}`, place);
      }
      db.exec(fs.readFileSync(path.join(SQLITE_MIGRATIONS, folder, "migration.sql"), "utf8"));
    }
    const rows = db.prepare(`SELECT a.slug AS slug, a.name AS name, c.slug AS cycle FROM "AwardCycle" c JOIN "CompactArea" a ON a.id = c.areaId`).all() as {
      slug: string;
      name: string;
      cycle: string;
    }[];
    assert.equal(rows.length, PLACES.length, "every cycle has its area");
    assert.deepEqual(areasByPlace(rows), EXPECTED_AREAS);
    assert.equal(
      (db.prepare(`SELECT area FROM "AwardCycle" WHERE id = 'c3'`).get() as { area: string }).area,
      "Coventry & Warwickshire",
      "the place text is kept",
    );
    db.close();
  });

  it("PostgreSQL: the same areas and attachments", async (t) => {
    if (!adminUrl) {
      t.diagnostic("PostgreSQL not available (TEST_POSTGRES_URL is not set): only SQLite's data step was checked");
      return;
    }
    const database = `areas_step_${process.pid}_${crypto.randomBytes(3).toString("hex")}`;
    psql(adminUrl, `CREATE DATABASE "${database}"`);
    const client = new pg.Client({ connectionString: databaseUrlFor(adminUrl, database) });
    await client.connect();
    try {
      for (const folder of migrationFolders(POSTGRESQL_MIGRATIONS)) {
        if (folder.endsWith(AREAS_MIGRATION)) {
          for (const [id, slug, place] of PLACES) {
            await client.query(
              `INSERT INTO "AwardCycle" (id, slug, name, area, "nominationsOpenAt", "nominationsCloseAt", "createdAt", "updatedAt") VALUES ($1, $2, $3, $4, now(), now(), now(), now())`,
              [id, slug, `Awards ${slug}`, place],
            );
          }
        }
        await client.query(fs.readFileSync(path.join(POSTGRESQL_MIGRATIONS, folder, "migration.sql"), "utf8"));
      }
      const { rows } = await client.query(
        `SELECT a.slug AS slug, a.name AS name, c.slug AS cycle FROM "AwardCycle" c JOIN "CompactArea" a ON a.id = c."areaId"`,
      );
      assert.equal(rows.length, PLACES.length, "every cycle has its area");
      assert.deepEqual(areasByPlace(rows), EXPECTED_AREAS);
    } finally {
      await client.end();
      psql(adminUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    }
  });
});
