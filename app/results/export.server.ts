/**
 * CSV exports of a cycle's results for organisers (the moderation page's downloads and
 * `npm run awards -- export <slug> scores|results|decisions`). Built with toCsv from
 * app/nominations/export.server.ts, which guards every cell against formula injection.
 *
 * Same rules as the moderation page: only counted nominations (submitted or eligible; not
 * withdrawn, ineligible or never sent in) and only submitted, non-conflicted reviews.
 */
import { rawReader, type Db } from "~/db/client.server";
import { portable, type RawReader } from "~/db/raw.server";
import type { RankingMeasure } from "~/domain/vocabulary";
import { toCsv, type CsvColumn } from "~/nominations/export.server";
import { COUNTED, statusIn } from "~/nominations/status";
import { formatUkDateTime } from "~/utils/time";
import { computeResults, tuneForReads, type ComputedResults, type ResultsCycle, type ResultsProblem } from "./results.server";
import { FLAG_LABELS } from "./format";

const COUNTED_SQL = COUNTED.map((s) => `'${s}'`).join(", ");

export const RESULTS_EXPORT_KINDS = ["scores", "results", "decisions"] as const;
export type ResultsExportKind = (typeof RESULTS_EXPORT_KINDS)[number];

export const RESULTS_EXPORT_DESCRIPTIONS: Record<ResultsExportKind, string> = {
  scores: "every score in long form: nomination, category, judge, criterion, score (submitted, non-conflicted reviews)",
  results: "every nomination's measures, ranks, ties and flags, with its outcome",
  decisions: "every nomination's outcome, rationale, citation, who decided and when",
};

/** The results cannot be computed: the score data has problems (listed). */
export class ResultsUnavailableError extends Error {
  constructor(
    readonly problems: ResultsProblem[],
    readonly problemCount: number,
  ) {
    const shown = problems.slice(0, 3).map((p) => p.text);
    super(
      `The results cannot be worked out until these reviews are fixed: ${shown.join("; ")}${problemCount > shown.length ? ` (and ${problemCount - shown.length} more)` : ""}`,
    );
    this.name = "ResultsUnavailableError";
  }
}

/* ----------------------------------------------------------------- scores */

type ScoreCsvRow = {
  nominationId: string;
  title: string;
  category: string | null;
  judgeName: string | null;
  judgeEmail: string;
  criterion: string;
  scaleMin: number;
  scaleMax: number;
  weight: number;
  value: number;
};

const SCORES_LONG_SQL = portable(`
SELECT n.id AS nominationId, n.title AS title, c.name AS category, u.name AS judgeName, u.email AS judgeEmail,
       cr.name AS criterion, cr.scaleMin AS scaleMin, cr.scaleMax AS scaleMax, cr.weight AS weight, s.value AS value
FROM "Assignment" a
JOIN "Nomination" n ON n.id = a.nominationId
JOIN "Review" r ON r.assignmentId = a.id
JOIN "Score" s ON s.reviewId = r.id
JOIN "Criterion" cr ON cr.id = s.criterionId
JOIN "User" u ON u.id = a.judgeId
LEFT JOIN "Category" c ON c.id = n.categoryId
WHERE a.cycleId = ? AND a.conflict = 'none' AND r.status = 'submitted' AND n.cycleId = a.cycleId AND n.status IN (${COUNTED_SQL})
ORDER BY (c.position IS NULL), c.position, lower(n.title), n.id, lower(u.name) NULLS FIRST, u.email, cr.position, cr.name`);

const SCORE_COLUMNS: CsvColumn<ScoreCsvRow>[] = [
  { header: "Nomination ID", value: (r) => r.nominationId },
  { header: "Category", value: (r) => r.category ?? "No category" },
  { header: "Nomination", value: (r) => r.title },
  { header: "Judge", value: (r) => r.judgeName?.trim() || r.judgeEmail },
  { header: "Criterion", value: (r) => r.criterion },
  { header: "Weight", value: (r) => r.weight },
  { header: "Scale", value: (r) => `${r.scaleMin} to ${r.scaleMax}` },
  { header: "Score", value: (r) => r.value },
];

/** Scores in long form, one row per judge x criterion: one SQL query. */
export async function scoresCsv(cycleId: string, reader: RawReader = rawReader()): Promise<string> {
  tuneForReads(reader);
  const rows = await reader.all<ScoreCsvRow>(SCORES_LONG_SQL, [cycleId]);
  return toCsv(SCORE_COLUMNS, rows);
}

/* ---------------------------------------------------------------- results */

const round = (v: number | null, places: number) => (v === null || !Number.isFinite(v) ? "" : Number(v.toFixed(places)));

type ResultCsvRow = { computed: Extract<ComputedResults, { ok: true }>; index: number };

function resultColumns(): CsvColumn<ResultCsvRow>[] {
  const r = (row: ResultCsvRow) => row.computed.results[row.index];
  const n = (row: ResultCsvRow) => row.computed.nominationById.get(r(row).nominationId)!;
  return [
    { header: "Rank overall", value: (row) => r(row).rankOverall ?? "" },
    { header: "Tied overall", value: (row) => (r(row).tiedOverall ? "yes" : "") },
    { header: "Rank in category", value: (row) => r(row).rankInCategory ?? "" },
    { header: "Tied in category", value: (row) => (r(row).tiedInCategory ? "yes" : "") },
    { header: "Category", value: (row) => n(row).categoryName },
    { header: "Nomination ID", value: (row) => r(row).nominationId },
    { header: "Nomination", value: (row) => n(row).title },
    { header: "Judges", value: (row) => r(row).judgeCount },
    { header: "Conflicted judges", value: (row) => r(row).conflictedAssignments },
    { header: "Reviews not submitted", value: (row) => n(row).pendingReviews },
    { header: "Normalised (z)", value: (row) => round(r(row).normalised, 4) },
    { header: "Mean (0-100)", value: (row) => round(r(row).mean, 2) },
    { header: "Median (0-100)", value: (row) => round(r(row).median, 2) },
    { header: "Spread (0-100)", value: (row) => round(r(row).spread, 2) },
    { header: "Judges disagree", value: (row) => (r(row).flags.includes("disagreement") ? "yes" : "") },
    { header: "Too few judges", value: (row) => (r(row).flags.includes("too_few_judges") ? "yes" : "") },
    { header: "Conflicts reduced the panel", value: (row) => (r(row).flags.includes("conflicts_reduced_panel") ? "yes" : "") },
    {
      header: "Flags",
      value: (row) =>
        r(row)
          .flags.map((f) => FLAG_LABELS[f])
          .join("; "),
    },
    { header: "Outcome", value: (row) => n(row).decision?.outcomeName ?? "Not decided yet" },
    { header: "Ranked by", value: (row) => row.computed.settings.rankBy },
  ];
}

/**
 * Every counted nomination's measures, ranks (competition ranks, ties marked) and flags,
 * best first. @throws ResultsUnavailableError when the score data has problems.
 */
export async function resultsCsv(
  db: Db,
  cycle: ResultsCycle,
  options: { rankBy?: RankingMeasure; disagreementThreshold?: number; reader?: RawReader } = {},
): Promise<string> {
  const computed = await computeResults(db, cycle, { ...options, comments: "none" });
  if (!computed.ok) throw new ResultsUnavailableError(computed.problems, computed.problemCount);
  return toCsv(
    resultColumns(),
    computed.results.map((_, index) => ({ computed, index })),
  );
}

/* -------------------------------------------------------------- decisions */

async function decisionRows(db: Db, cycleId: string) {
  return db.nomination.findMany({
    where: { cycleId, status: statusIn(COUNTED) },
    orderBy: [{ category: { position: "asc" } }, { title: "asc" }, { id: "asc" }],
    select: {
      id: true,
      title: true,
      category: { select: { name: true } },
      decision: {
        select: {
          rationale: true,
          citation: true,
          decidedAt: true,
          outcomeTier: { select: { name: true, rank: true } },
          decidedBy: { select: { name: true, email: true } },
        },
      },
    },
  });
}
type DecisionCsvRow = Awaited<ReturnType<typeof decisionRows>>[number];

const DECISION_COLUMNS: CsvColumn<DecisionCsvRow>[] = [
  { header: "Nomination ID", value: (n) => n.id },
  { header: "Category", value: (n) => n.category?.name ?? "No category" },
  { header: "Nomination", value: (n) => n.title },
  { header: "Outcome", value: (n) => (n.decision ? (n.decision.outcomeTier?.name ?? "Not awarded") : "Not decided yet") },
  { header: "Rationale", value: (n) => n.decision?.rationale ?? "" },
  { header: "Citation", value: (n) => n.decision?.citation ?? "" },
  { header: "Decided by", value: (n) => (n.decision?.decidedBy ? n.decision.decidedBy.name?.trim() || n.decision.decidedBy.email : "") },
  { header: "Decided at (UK time)", value: (n) => (n.decision ? formatUkDateTime(n.decision.decidedAt) : "") },
  { header: "Decided at (UTC)", value: (n) => n.decision?.decidedAt.toISOString() ?? "" },
];

/** Every counted nomination's outcome, rationale and citation, with who decided and when. */
export async function decisionsCsv(db: Db, cycleId: string): Promise<string> {
  return toCsv(DECISION_COLUMNS, await decisionRows(db, cycleId));
}

/** The CSV text of one kind of results export. */
export async function resultsExportCsv(
  db: Db,
  cycle: ResultsCycle,
  kind: ResultsExportKind,
  options: { rankBy?: RankingMeasure; disagreementThreshold?: number } = {},
): Promise<string> {
  switch (kind) {
    case "scores":
      return scoresCsv(cycle.id);
    case "results":
      return resultsCsv(db, cycle, options);
    case "decisions":
      return decisionsCsv(db, cycle.id);
  }
}
