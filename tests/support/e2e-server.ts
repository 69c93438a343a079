/**
 * Starts the built app for the end-to-end tests: a fresh migrated SQLite file with the
 * demo data, then the production server (server.ts) in this same process.
 */
import { migrateDatabase } from "../../app/db/migrate.server";

async function main() {
  migrateDatabase(process.env.DATABASE_URL, { quiet: true });
  const { prisma } = await import("../../app/db/client.server");
  const { seedDemo } = await import("../../app/demo/seed.server");
  await seedDemo(prisma);
  await import("../../server");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
