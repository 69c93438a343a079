import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// The PostgreSQL variant's config (docs/decisions/0067): `prisma generate` of the second
// client. Migrations on PostgreSQL are applied by app/db/migrate-postgresql.server.ts, since
// `migrate deploy` through @prisma/adapter-pg 6.19 is broken (docs/decisions/0060).
process.env.DATABASE_URL ??= "postgresql://localhost:5432/compact_awards";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "postgresql", "schema.prisma"),
  migrations: { path: path.join("prisma", "postgresql", "migrations") },
  async adapter() {
    // allowExitOnIdle: an idle pool must not hold the CLI open for pg's 10 s idle timeout.
    return new PrismaPg({ connectionString: process.env.DATABASE_URL, allowExitOnIdle: true });
  },
});
