/**
 * Writes prisma/postgresql/schema.prisma from prisma/schema.prisma, the one source of the
 * domain model (docs/decisions/0067). Only the datasource's provider and the generated
 * client's folder differ: the models are the same text, so both databases hold the same
 * tables and columns. Run by `npm run db:new-migration` and checked by a unit test.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const SQLITE_SCHEMA = "prisma/schema.prisma";
export const POSTGRESQL_SCHEMA = "prisma/postgresql/schema.prisma";

export function postgresqlVariant(source: string): string {
  const header =
    "// GENERATED from prisma/schema.prisma by scripts/schema-variants.ts: edit that file, then\n" +
    "// run `npm run db:new-migration -- <name>`. Only the provider and the client's folder differ.\n";
  const out = source
    .replace(/provider\s*=\s*"sqlite"/, 'provider = "postgresql"')
    .replace(/output\s*=\s*"\.\.\/app\/generated\/prisma"/, 'output       = "../../app/generated/prisma-pg"');
  if (out === source || !out.includes("prisma-pg") || !out.includes('"postgresql"')) {
    throw new Error(`${SQLITE_SCHEMA}: expected provider "sqlite" and output "../app/generated/prisma"`);
  }
  return header + out;
}

export function writeVariants(root = process.cwd()): boolean {
  const target = path.join(root, POSTGRESQL_SCHEMA);
  const next = postgresqlVariant(fs.readFileSync(path.join(root, SQLITE_SCHEMA), "utf8"));
  const current = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : "";
  if (current === next) return false;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, next);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(writeVariants() ? `Wrote ${POSTGRESQL_SCHEMA}` : `${POSTGRESQL_SCHEMA} is up to date`);
}
