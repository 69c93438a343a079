/**
 * Fresh, real SQLite files for tests, migrated with the project's own migrations.
 * Integration tests import "../support/test-env" first, which uses testDb() below.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { freshPostgresDatabase } from "./postgres";

const TEMPLATE_DIR = path.join(os.tmpdir(), "compact-awards-test-template");

/** Migrating takes ~1 s (a Prisma CLI process); do it once per run and copy the file. */
function migratedTemplate(): string {
  const migrationsDir = path.resolve("prisma", "migrations");
  // Keyed by every migration's name and SQL: a template made from another set (another
  // checkout, a branch with migrations in a different order) is never reused.
  const hash = crypto.createHash("sha256");
  for (const name of fs
    .readdirSync(migrationsDir)
    .filter((d) => !d.endsWith(".toml"))
    .sort()) {
    hash
      .update(name)
      .update("\0")
      .update(fs.readFileSync(path.join(migrationsDir, name, "migration.sql")))
      .update("\0");
  }
  const key = hash.digest("base64url").slice(0, 24);
  const file = path.join(TEMPLATE_DIR, `${key}.db`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(TEMPLATE_DIR, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    execFileSync(path.resolve("node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
      env: { ...process.env, DATABASE_URL: `file:${tmp}` },
      stdio: "pipe",
    });
    fs.renameSync(tmp, file);
  }
  return file;
}

export function freshDatabaseFile(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `compact-awards-${name}-`));
  const file = path.join(dir, "test.db");
  fs.copyFileSync(migratedTemplate(), file);
  return file;
}

let current: { url: string; file: string; provider: "sqlite" | "postgresql" } | undefined;

/**
 * Points the app's database at a fresh migrated database for this test process: an SQLite
 * file, or with TEST_POSTGRES_URL set (the second run of the suite in `npm test`) a
 * PostgreSQL database of the throwaway cluster. `file` is the SQLite file ("" on PostgreSQL).
 */
export function testDb(name: string) {
  if (!current) {
    const adminUrl = process.env.TEST_POSTGRES_URL;
    if (adminUrl) current = { file: "", url: freshPostgresDatabase(adminUrl, name), provider: "postgresql" };
    else {
      const file = freshDatabaseFile(name);
      current = { file, url: `file:${file}`, provider: "sqlite" };
    }
    process.env.DATABASE_URL = current.url;
    process.env.MAIL_TRANSPORT ??= "outbox";
    process.env.SESSION_SECRET ??= "test-session-secret";
  }
  return current;
}
