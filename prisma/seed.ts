/**
 * Seeds the demo data into the app's database (DATABASE_URL, else data/compact-awards.db):
 *   npx tsx prisma/seed.ts                      (or: npm run db:seed)
 *   npx tsx prisma/seed.ts --now 2026-03-01T12:00:00Z   (the open cycle is placed around this instant)
 * Safe to run again: it resets the demo cycles to their seeded state and leaves everything else alone.
 * The database must be migrated first (npm run db:migrate).
 */
import { prisma } from "~/db/client.server";
import { seedDemo } from "~/demo/seed.server";

function nowFromArgs(argv: string[]): Date | undefined {
  const i = argv.findIndex((a) => a === "--now" || a.startsWith("--now="));
  if (i < 0) return undefined;
  const value = argv[i].includes("=") ? argv[i].slice("--now=".length) : argv[i + 1];
  const date = new Date(value ?? "");
  if (Number.isNaN(date.getTime())) throw new Error(`--now needs an ISO date-time, got ${JSON.stringify(value)}`);
  return date;
}

try {
  const result = await seedDemo(prisma, { now: nowFromArgs(process.argv.slice(2)) });
  console.log("Demo data seeded.");
  console.log(`  areas:      ${result.areas.join(", ")}`);
  console.log(`  cycles:     ${[...result.cycles, ...result.exampleCycles].join(", ")}`);
  console.log(`  organiser:  ${result.organiserEmail}`);
  console.log(`  judges:     ${result.judgeEmails.join(", ")}`);
  console.log(`  nominators: ${result.nominatorEmails.join(", ")}`);
} catch (error) {
  console.error("Seeding the demo data failed. Is the database migrated (npm run db:migrate)?");
  console.error(error);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
}
