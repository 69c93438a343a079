import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import Database from "better-sqlite3";

const prisma = path.resolve("node_modules", ".bin", "prisma");

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

describe("migrations", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "compact-awards-migrations-"));

  it("apply from an empty database and give exactly the schema in prisma/schema.prisma", () => {
    const migrated = path.join(dir, "migrated.db");
    const pushed = path.join(dir, "pushed.db");
    const out = run(["migrate", "deploy"], migrated);
    assert.match(out, /applied|No pending migrations/i);
    run(["db", "push", "--skip-generate", "--accept-data-loss"], pushed);
    const a = shape(migrated);
    const b = shape(pushed);
    assert.ok(a.length >= 18, `expected the whole domain model, got ${a.map((t) => t.name).join(", ")}`);
    assert.deepEqual(a, b, "prisma/schema.prisma has changes with no migration: run npm run db:new-migration -- <name>");
  });

  it("a second deploy has nothing to do", () => {
    const migrated = path.join(dir, "migrated.db");
    const out = run(["migrate", "deploy"], migrated);
    assert.match(out, /No pending migrations/i);
  });

  it("every migration keeps a copy of the schema it produces, for the offline migration writer", () => {
    const migrationsDir = path.resolve("prisma", "migrations");
    const folders = fs
      .readdirSync(migrationsDir)
      .filter((d) => fs.statSync(path.join(migrationsDir, d)).isDirectory())
      .sort();
    assert.ok(folders.length > 0);
    for (const folder of folders) {
      assert.ok(fs.existsSync(path.join(migrationsDir, folder, "migration.sql")), `${folder}/migration.sql`);
      assert.ok(fs.existsSync(path.join(migrationsDir, folder, "schema.prisma")), `${folder}/schema.prisma`);
    }
    const latest = fs.readFileSync(path.join(migrationsDir, folders.at(-1)!, "schema.prisma"), "utf8");
    assert.equal(latest, fs.readFileSync(path.resolve("prisma", "schema.prisma"), "utf8"), "the latest migration's schema copy is the current schema");
  });
});
