import fs from "node:fs";
import path from "node:path";
import { audit } from "../../app/audit/audit.server";
import { prisma, type Db } from "../../app/db/client.server";
import { nominationsCsv, UTF8_BOM } from "../../app/nominations/export.server";
import { decisionsCsv, resultsCsv, RESULTS_EXPORT_DESCRIPTIONS, scoresCsv } from "../../app/results/export.server";

/** The cycle an export is of. */
export type ExportCycle = { id: string; slug: string; name: string };

/**
 * Every kind of export, by the name typed on the command line. To add one (scores,
 * decisions, results), add an entry: a description for the help, and a function that
 * returns the CSV text (build it with toCsv from app/nominations/export.server.ts, which
 * guards every cell against formula injection).
 */
export const EXPORT_KINDS: Record<string, { describe: string; csv: (db: Db, cycle: ExportCycle) => Promise<string> }> = {
  nominations: {
    describe: "every nomination: category, title, status, summary, partners, lead contacts, principles, dates, files",
    csv: (db, cycle) => nominationsCsv(db, cycle.id),
  },
  scores: {
    describe: RESULTS_EXPORT_DESCRIPTIONS.scores,
    csv: async (_db, cycle) => scoresCsv(cycle.id),
  },
  results: {
    describe: RESULTS_EXPORT_DESCRIPTIONS.results,
    csv: async (db, cycle) =>
      resultsCsv(
        db,
        await db.awardCycle.findUniqueOrThrow({
          where: { id: cycle.id },
          select: { id: true, minJudgesPerNomination: true, disagreementThreshold: true, rankingMeasure: true },
        }),
      ),
  },
  decisions: {
    describe: RESULTS_EXPORT_DESCRIPTIONS.decisions,
    csv: (db, cycle) => decisionsCsv(db, cycle.id),
  },
};

function kinds() {
  return Object.keys(EXPORT_KINDS).join("|");
}

export const help = `<slug> <${kinds()}> [--out FILE]  write a cycle's data as CSV (to FILE, or to the screen)`;

function usage(problem?: string) {
  if (problem) console.error(problem);
  console.error(`Usage: npm run awards -- export <slug> <${kinds()}> [--out FILE]`);
  console.error("Kinds:");
  for (const [name, kind] of Object.entries(EXPORT_KINDS)) console.error(`  ${name.padEnd(12)} ${kind.describe}`);
  return 2;
}

export async function run(args: string[]) {
  const positional: string[] = [];
  let out: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--out" || arg === "-o") {
      out = args[++i];
      if (!out) return usage("--out needs a file name.");
    } else if (arg.startsWith("--out=")) {
      out = arg.slice("--out=".length);
      if (!out) return usage("--out needs a file name.");
    } else if (arg === "--help" || arg === "-h") {
      return usage();
    } else if (arg.startsWith("-")) {
      return usage(`Unknown option "${arg}".`);
    } else {
      positional.push(arg);
    }
  }
  const [slug, kindName, ...extra] = positional;
  if (!slug || !kindName) return usage();
  if (extra.length) return usage(`Unexpected argument "${extra[0]}".`);
  if (!Object.prototype.hasOwnProperty.call(EXPORT_KINDS, kindName)) return usage(`Unknown export "${kindName}".`);
  const kind = EXPORT_KINDS[kindName];

  const cycle = await prisma.awardCycle.findUnique({ where: { slug }, select: { id: true, slug: true, name: true } });
  if (!cycle) {
    console.error(`No cycle with the slug "${slug}".`);
    return 1;
  }
  const csv = await kind.csv(prisma, cycle);
  await audit(prisma, { cycleId: cycle.id, action: "cycle.exported", entityType: "AwardCycle", entityId: cycle.id, data: { kind: kindName, via: "cli" } });
  if (out) {
    const file = path.resolve(out);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, UTF8_BOM + csv, "utf8");
    console.error(`Wrote ${kindName} of ${cycle.name} to ${file}`);
  } else {
    process.stdout.write(csv);
  }
  return 0;
}
