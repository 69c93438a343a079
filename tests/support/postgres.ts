/**
 * Fresh PostgreSQL databases for tests, as db.ts makes fresh SQLite files: the project's
 * migrations are applied once per run to a template database, and each test file gets its
 * own copy (`CREATE DATABASE ... TEMPLATE`, about a tenth of a second). TEST_POSTGRES_URL
 * is the throwaway cluster's admin URL (scripts/postgres-cluster.mjs starts it for
 * `npm test`). Synchronous, through psql, because the app's client is made at import time.
 */
import crypto from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** psql from PATH, else Debian's PostgreSQL 15 (or newer) binaries. */
export function postgresBin(name: string): string {
  for (const dir of [process.env.POSTGRES_BIN, ...["17", "16", "15"].map((v) => `/usr/lib/postgresql/${v}/bin`)]) {
    if (dir && fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  return name;
}

export function psql(adminUrl: string, sql: string): string {
  return execFileSync(postgresBin("psql"), [adminUrl, "-v", "ON_ERROR_STOP=1", "-X", "-q", "-t", "-A", "-c", sql], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  }).trim();
}

export function databaseUrlFor(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** The migrations' fingerprint: a template made from another set is never reused. */
function migrationsKey(): string {
  const dir = path.resolve("prisma", "postgresql", "migrations");
  const hash = crypto.createHash("sha256");
  for (const name of fs
    .readdirSync(dir)
    .filter((d) => !d.endsWith(".toml"))
    .sort()) {
    hash
      .update(name)
      .update("\0")
      .update(fs.readFileSync(path.join(dir, name, "migration.sql")))
      .update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

/** The migrated template database's name, made if this cluster has none for these migrations. */
export function postgresTemplate(adminUrl: string): string {
  const template = `template_${migrationsKey()}`;
  const exists = psql(adminUrl, `SELECT 1 FROM pg_database WHERE datname = '${template}'`) === "1";
  if (exists) return template;
  // Made under a name of its own and renamed when complete: two test files starting at once
  // never copy a half-migrated template (the loser of the rename drops its copy).
  const building = `${template}_${process.pid}_${crypto.randomBytes(3).toString("hex")}`;
  psql(adminUrl, `CREATE DATABASE "${building}"`);
  execFileSync(process.execPath, ["--import", "tsx", path.resolve("scripts", "migrate.ts")], {
    env: { ...process.env, DATABASE_URL: databaseUrlFor(adminUrl, building) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    psql(adminUrl, `ALTER DATABASE "${building}" RENAME TO "${template}"`);
  } catch {
    psql(adminUrl, `DROP DATABASE IF EXISTS "${building}"`);
  }
  return template;
}

/** A fresh migrated database for one test file; its URL. */
export function freshPostgresDatabase(adminUrl: string, name: string): string {
  const database = `t_${name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .slice(0, 30)}_${crypto.randomBytes(4).toString("hex")}`;
  psql(adminUrl, `CREATE DATABASE "${database}" TEMPLATE "${postgresTemplate(adminUrl)}"`);
  return databaseUrlFor(adminUrl, database);
}
