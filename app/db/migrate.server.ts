import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { databaseFile, databaseProvider, databaseUrl } from "./url";

/**
 * Brings a database to the latest schema: `prisma migrate deploy` (offline with the JS
 * engine) for SQLite; for PostgreSQL our own migrator (migrate-postgresql.server.ts), run
 * in a child so this stays synchronous. Used by `npm run db:migrate`, the demo, the tests and
 * the bench, so they all reach the same schema the same way.
 */
export function migrateDatabase(url = databaseUrl(), { quiet = false } = {}) {
  const stdio = quiet ? "pipe" : "inherit";
  const env = { ...process.env, DATABASE_URL: url };
  if (databaseProvider(url) === "postgresql") {
    execFileSync(process.execPath, ["--import", "tsx", path.resolve("scripts", "migrate.ts")], { env, stdio });
    return;
  }
  fs.mkdirSync(path.dirname(databaseFile(url)), { recursive: true });
  execFileSync(path.resolve("node_modules", ".bin", "prisma"), ["migrate", "deploy"], { env, stdio });
}
