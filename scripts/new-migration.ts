/**
 * Writes a new migration offline: `npm run db:new-migration -- <name>`.
 *
 * `prisma migrate dev` needs a shadow database and a native schema engine, neither of
 * which works on our machines (docs/decisions/0002). Each migration folder keeps a copy of
 * the schema it produces (schema.prisma); the new migration is the diff from the latest
 * copy to prisma/schema.prisma, made by `prisma migrate diff`, then applied with deploy.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const name = (process.argv[2] ?? "")
  .trim()
  .toLowerCase()
  .replace(/[^a-z0-9]+/g, "_")
  .replace(/^_|_$/g, "");
if (!name) {
  console.error("Usage: npm run db:new-migration -- <name>   e.g. add_ceremony_venue");
  process.exit(2);
}

const dir = path.join("prisma", "migrations");
const previous = fs
  .readdirSync(dir)
  .filter((d) => fs.existsSync(path.join(dir, d, "schema.prisma")))
  .sort()
  .at(-1);

const prisma = path.join("node_modules", ".bin", "prisma");
const from = previous ? ["--from-schema-datamodel", path.join(dir, previous, "schema.prisma")] : ["--from-empty"];
const sql = execFileSync(prisma, ["migrate", "diff", ...from, "--to-schema-datamodel", "prisma/schema.prisma", "--script"], {
  encoding: "utf8",
  stdio: ["ignore", "pipe", "inherit"],
});

if (!/\b(CREATE|ALTER|DROP|INSERT|PRAGMA)\b/.test(sql)) {
  console.log("prisma/schema.prisma has no changes since the last migration: nothing written.");
  process.exit(0);
}

const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const target = path.join(dir, `${stamp}_${name}`);
fs.mkdirSync(target, { recursive: true });
fs.writeFileSync(path.join(target, "migration.sql"), sql);
fs.copyFileSync("prisma/schema.prisma", path.join(target, "schema.prisma"));
console.log(`Wrote ${target}/migration.sql. Apply it with: npm run db:migrate`);
