/**
 * Applies prisma/postgresql/migrations to a PostgreSQL database, in this process.
 *
 * Why not `prisma migrate deploy`: through @prisma/adapter-pg 6.19.3 it fails on the catalog's
 * `name` type (prisma/prisma#27403), splits each script on every `;` and runs the pieces
 * outside a transaction, and waits on a 10 s timer every time (docs/decisions/0060). This
 * migrator does what deploy does, the way deploy records it: each pending migration's SQL in
 * one transaction, under Prisma's advisory lock, recorded in Prisma's own `_prisma_migrations`
 * with Prisma's checksum (SHA-256 of the file), so `prisma migrate status` agrees with it.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

export const POSTGRESQL_MIGRATIONS = path.join("prisma", "postgresql", "migrations");

/** The lock key `prisma migrate` takes, so this and a deploy never run at once. */
const PRISMA_ADVISORY_LOCK = 72707369;

const MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export type MigrationReport = { applied: string[]; alreadyApplied: number };

export function postgresqlMigrations(dir = path.resolve(POSTGRESQL_MIGRATIONS)): { name: string; sql: string; checksum: string }[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
}

export async function migratePostgresql(
  url: string,
  { dir, log = console.log }: { dir?: string; log?: (line: string) => void } = {},
): Promise<MigrationReport> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PRISMA_ADVISORY_LOCK]);
    await client.query(MIGRATIONS_TABLE);
    const done = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null }>(
      `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`,
    );
    const applied = new Map(done.rows.filter((r) => r.rolled_back_at === null).map((r) => [r.migration_name, r]));
    const report: MigrationReport = { applied: [], alreadyApplied: 0 };
    for (const migration of postgresqlMigrations(dir)) {
      const previous = applied.get(migration.name);
      if (previous) {
        if (previous.finished_at === null) throw new Error(`Migration ${migration.name} failed earlier and was never finished: resolve it before deploying.`);
        if (previous.checksum !== migration.checksum) log(`Warning: ${migration.name} was changed after it was applied.`);
        report.alreadyApplied++;
        continue;
      }
      const id = crypto.randomUUID();
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, now(), 1)`,
          [id, migration.checksum, migration.name],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${migration.name} failed and was rolled back: ${(error as Error).message}`, { cause: error });
      }
      report.applied.push(migration.name);
      log(`Applied migration ${migration.name}`);
    }
    if (report.applied.length === 0) log("No pending migrations to apply.");
    return report;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [PRISMA_ADVISORY_LOCK]).catch(() => undefined);
    await client.end();
  }
}
