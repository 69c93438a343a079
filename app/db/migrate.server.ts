import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { databaseFile, databaseUrl } from "./url";

/**
 * Runs `prisma migrate deploy` (offline with the JS engine) against a database URL.
 * Used by `npm run db:migrate`, the demo, the tests and the bench, so they all reach the
 * same schema the same way.
 */
export function migrateDatabase(url = databaseUrl(), { quiet = false } = {}) {
  fs.mkdirSync(path.dirname(databaseFile(url)), { recursive: true });
  const prisma = path.resolve("node_modules", ".bin", "prisma");
  execFileSync(prisma, ["migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: quiet ? "pipe" : "inherit",
  });
}
