/**
 * Gets the embedded demo ready: migrates the SQLite database, loads the demo cycles and
 * prints sign-in links for the demo organiser, judge and nominator.
 */
import { createSignInLink } from "../app/auth/sign-in.server";
import { prisma } from "../app/db/client.server";
import { migrateDatabase } from "../app/db/migrate.server";
import { seedDemo } from "../app/demo/seed.server";

async function main() {
  migrateDatabase(undefined, { quiet: true });
  const demo = await seedDemo(prisma);
  const people: [string, string][] = [
    ["Organiser", demo.organiserEmail],
    ["Judge", demo.judgeEmails[0]],
    ["Nominator", demo.nominatorEmails[0]],
  ];
  if (demo.nominatorEmails[1]) people.push(["Partner (second nominator)", demo.nominatorEmails[1]]);
  const lines: string[] = [];
  for (const [role, email] of people) {
    const link = await createSignInLink(prisma, { email, skipRateLimit: true });
    if (link.ok) lines.push(`  ${role.padEnd(27)} ${email}\n  ${"".padEnd(27)} ${link.url}`);
  }
  console.log(`\nDemo cycles: ${demo.cycles.join(", ")}`);
  console.log(`\nSign-in links (each works once, for 15 minutes; more at /sign-in, read them in /dev/mailbox):\n${lines.join("\n")}\n`);
  await prisma.$disconnect();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
