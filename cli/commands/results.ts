/**
 * `npm run awards -- results <slug> [--json] [--measure normalised|mean|median] [--threshold N]`
 *
 * A cycle's results for operators and scripts: counts per outcome tier and per category,
 * and each counted nomination's measures, rank, flags and outcome. --json prints one JSON
 * document on stdout (nothing else goes to stdout); without it, a short summary.
 * The CLI is for people with the server's database: it shows unpublished results too.
 */
import { prisma } from "../../app/db/client.server";
import { RANKING_MEASURES, type RankingMeasure } from "../../app/domain/vocabulary";
import { computeResults, type ComputedResults } from "../../app/results/results.server";
import { FLAG_LABELS, formatRank, formatScore, formatZ } from "../../app/results/format";

export const help =
  "<slug> [--json] [--measure normalised|mean|median] [--threshold N]  a cycle's results: counts per tier and category, each nomination's measures and outcome";

function usage(problem?: string) {
  if (problem) console.error(problem);
  console.error("Usage: npm run awards -- results <slug> [--json] [--measure normalised|mean|median] [--threshold N]");
  return 2;
}

const round = (v: number | null, places: number) => (v === null || !Number.isFinite(v) ? null : Number(v.toFixed(places)));

/** The JSON document `results --json` prints. */
export function resultsJson(
  cycle: { slug: string; name: string; resultsDecidedAt: Date | null; publishedAt: Date | null },
  computed: Extract<ComputedResults, { ok: true }>,
) {
  const byTier = new Map<string | null, number>();
  let undecided = 0;
  for (const n of computed.nominations) {
    if (!n.decision) undecided++;
    else byTier.set(n.decision.outcomeTierId, (byTier.get(n.decision.outcomeTierId) ?? 0) + 1);
  }
  const categories = [...computed.categories.map((c) => ({ id: c.id as string | null, name: c.name })), { id: null, name: "No category" }]
    .map((c) => {
      const inCategory = computed.nominations.filter((n) => n.categoryId === c.id);
      return {
        id: c.id,
        name: c.name,
        nominations: inCategory.length,
        undecided: inCategory.filter((n) => !n.decision).length,
        notAwarded: inCategory.filter((n) => n.decision && n.decision.outcomeTierId === null).length,
        byTier: computed.tiers.map((t) => ({ tier: t.name, count: inCategory.filter((n) => n.decision?.outcomeTierId === t.id).length })),
      };
    })
    .filter((c) => c.id !== null || c.nominations > 0);

  return {
    cycle: {
      slug: cycle.slug,
      name: cycle.name,
      resultsDecidedAt: cycle.resultsDecidedAt?.toISOString() ?? null,
      publishedAt: cycle.publishedAt?.toISOString() ?? null,
    },
    settings: computed.settings,
    counts: {
      nominations: computed.nominations.length,
      decided: computed.nominations.length - undecided,
      undecided,
      notAwarded: byTier.get(null) ?? 0,
      byTier: computed.tiers.map((t) => ({ tier: t.name, kind: t.kind, rank: t.rank, count: byTier.get(t.id) ?? 0 })),
      excluded: computed.excluded,
    },
    categories,
    nominations: computed.results.map((r) => {
      const n = computed.nominationById.get(r.nominationId)!;
      return {
        id: r.nominationId,
        title: n.title,
        category: n.categoryName,
        status: n.status,
        rankOverall: r.rankOverall,
        tiedOverall: r.tiedOverall,
        rankInCategory: r.rankInCategory,
        tiedInCategory: r.tiedInCategory,
        judges: r.judgeCount,
        conflictedAssignments: r.conflictedAssignments,
        pendingReviews: n.pendingReviews,
        normalised: round(r.normalised, 4),
        mean: round(r.mean, 2),
        median: round(r.median, 2),
        spread: round(r.spread, 2),
        flags: r.flags,
        outcome: n.decision ? n.decision.outcomeName : null,
        decided: !!n.decision,
      };
    }),
  };
}

export async function run(args: string[]) {
  let json = false;
  let rankBy: RankingMeasure | undefined;
  let threshold: number | undefined;
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--json") json = true;
    else if (arg === "--measure" || arg.startsWith("--measure=")) {
      const value = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : args[++i];
      if (!(RANKING_MEASURES as readonly string[]).includes(value ?? "")) return usage(`--measure must be one of ${RANKING_MEASURES.join(", ")}.`);
      rankBy = value as RankingMeasure;
    } else if (arg === "--threshold" || arg.startsWith("--threshold=")) {
      const value = Number(arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : args[++i]);
      if (!Number.isFinite(value) || value < 0) return usage("--threshold must be a number, 0 or more (points on a 1-5 scale).");
      threshold = value;
    } else if (arg === "--help" || arg === "-h") return usage();
    else if (arg.startsWith("-")) return usage(`Unknown option "${arg}".`);
    else positional.push(arg);
  }
  const [slug, ...extra] = positional;
  if (!slug) return usage();
  if (extra.length) return usage(`Unexpected argument "${extra[0]}".`);

  const cycle = await prisma.awardCycle.findUnique({
    where: { slug },
    select: {
      id: true,
      slug: true,
      name: true,
      minJudgesPerNomination: true,
      disagreementThreshold: true,
      rankingMeasure: true,
      resultsDecidedAt: true,
      publishedAt: true,
    },
  });
  if (!cycle) {
    console.error(`No cycle with the slug "${slug}".`);
    return 1;
  }
  const computed = await computeResults(prisma, cycle, { rankBy, disagreementThreshold: threshold, comments: "none" });
  if (!computed.ok) {
    if (json) {
      process.stdout.write(
        `${JSON.stringify({ error: "score_data", problemCount: computed.problemCount, problems: computed.problems.map((p) => ({ kind: p.kind, text: p.text, nominationId: p.nominationId ?? null, judgeId: p.judgeId ?? null, criterionId: p.criterionId ?? null })) }, null, 2)}\n`,
      );
    } else {
      console.error(`The results of ${cycle.name} cannot be worked out until these reviews are fixed (${computed.problemCount}):`);
      for (const p of computed.problems) console.error(`  - ${p.text}`);
    }
    return 1;
  }

  const doc = resultsJson(cycle, computed);
  if (json) {
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    return 0;
  }
  console.log(`${cycle.name}: ${doc.counts.nominations} nominations, ${doc.counts.decided} decided, ranked by ${computed.settings.rankBy}`);
  console.log(`Results ${cycle.resultsDecidedAt ? "decided" : "not decided yet"}; ${cycle.publishedAt ? "published" : "not published"}.`);
  for (const t of doc.counts.byTier) console.log(`  ${t.tier.padEnd(24)} ${t.count}`);
  console.log(`  ${"Not awarded".padEnd(24)} ${doc.counts.notAwarded}`);
  if (doc.counts.undecided) console.log(`  ${"Not decided yet".padEnd(24)} ${doc.counts.undecided}`);
  for (const group of computed.byCategory) {
    const name = group.categoryId ? (computed.categories.find((c) => c.id === group.categoryId)?.name ?? group.categoryId) : "No category";
    console.log(`\n${name}`);
    for (const r of group.results) {
      const n = computed.nominationById.get(r.nominationId)!;
      const flags = r.flags.length ? `  [${r.flags.map((f) => FLAG_LABELS[f]).join("; ")}]` : "";
      console.log(
        `  ${formatRank(r.rankInCategory, r.tiedInCategory).padStart(4)}  z ${formatZ(r.normalised).padStart(6)}  mean ${formatScore(r.mean).padStart(5)}  ${n.title}  -> ${n.decision?.outcomeName ?? "not decided"}${flags}`,
      );
    }
  }
  return 0;
}
