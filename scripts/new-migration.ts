/**
 * Writes a new migration offline, for every database the app supports:
 * `npm run db:new-migration -- <name>`.
 *
 * `prisma migrate dev` needs a shadow database and a native schema engine, neither of
 * which works on our machines (docs/decisions/0002). Each migration folder keeps a copy of
 * the schema it produces (schema.prisma); the new migration is the diff from the latest
 * copy to the current schema, made by `prisma migrate diff`. Two providers
 * (docs/decisions/0060): prisma/schema.prisma is the source, prisma/postgresql/schema.prisma
 * its PostgreSQL variant (scripts/schema-variants.ts), and each has its own history under
 * prisma/migrations and prisma/postgresql/migrations, written here together with the same
 * name and stamp. A data step (UPDATE, INSERT ... SELECT) is added by hand in each dialect.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { POSTGRESQL_SCHEMA, SQLITE_SCHEMA, writeVariants } from "./schema-variants";

const name = (process.argv[2] ?? "")
  .trim()
  .toLowerCase()
  .replace(/[^a-z0-9]+/g, "_")
  .replace(/^_|_$/g, "");
if (!name) {
  console.error("Usage: npm run db:new-migration -- <name>   e.g. add_ceremony_venue");
  process.exit(2);
}

writeVariants();
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const prisma = path.join("node_modules", ".bin", "prisma");

function diff(dir: string, schema: string): string {
  const previous = fs
    .readdirSync(dir)
    .filter((d) => fs.existsSync(path.join(dir, d, "schema.prisma")))
    .sort()
    .at(-1);
  const from = previous ? ["--from-schema-datamodel", path.join(dir, previous, "schema.prisma")] : ["--from-empty"];
  return execFileSync(prisma, ["migrate", "diff", ...from, "--to-schema-datamodel", schema, "--script"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
}

const histories = [
  { dir: path.join("prisma", "migrations"), schema: SQLITE_SCHEMA },
  { dir: path.join("prisma", "postgresql", "migrations"), schema: POSTGRESQL_SCHEMA },
];
const changes = histories.map((h) => ({ ...h, sql: diff(h.dir, h.schema) }));
if (changes.every((c) => !/\b(CREATE|ALTER|DROP|INSERT|PRAGMA)\b/.test(c.sql))) {
  console.log(`${SQLITE_SCHEMA} has no changes since the last migration: nothing written.`);
  process.exit(0);
}
for (const change of changes) {
  const target = path.join(change.dir, `${stamp}_${name}`);
  fs.mkdirSync(target, { recursive: true });
  fs.writeFileSync(path.join(target, "migration.sql"), change.sql);
  fs.copyFileSync(change.schema, path.join(target, "schema.prisma"));
  console.log(`Wrote ${target}/migration.sql`);
}
console.log("Apply with: npm run db:migrate (the database in DATABASE_URL, or the embedded default)");
