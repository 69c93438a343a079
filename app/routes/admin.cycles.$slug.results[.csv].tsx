import type { LoaderFunctionArgs } from "@remix-run/node";
import { audit } from "~/audit/audit.server";
import { prisma } from "~/db/client.server";
import { RANKING_MEASURES, type RankingMeasure } from "~/domain/vocabulary";
import { exportFileName, UTF8_BOM } from "~/nominations/export.server";
import { RESULTS_EXPORT_KINDS, resultsExportCsv, ResultsUnavailableError, type ResultsExportKind } from "~/results/export.server";
import { requireOrganiser } from "~/http/guards.server";

/**
 * /admin/cycles/:slug/results.csv?kind=scores|results|decisions: the results as a
 * spreadsheet. Organisers of the cycle only (anyone else: 404, published or not).
 * `measure` and `threshold` (as on the moderation page) change the ranking of `results`.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, cycle } = await requireOrganiser(request, params.slug!);
  const search = new URL(request.url).searchParams;
  const kind = search.get("kind") ?? "";
  if (!(RESULTS_EXPORT_KINDS as readonly string[]).includes(kind)) {
    return new Response(`Unknown export "${kind}": choose one of ${RESULTS_EXPORT_KINDS.join(", ")}.`, {
      status: 404,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const measure = search.get("measure");
  const threshold = Number(search.get("threshold"));
  const options = {
    rankBy: (RANKING_MEASURES as readonly string[]).includes(measure ?? "") ? (measure as RankingMeasure) : undefined,
    disagreementThreshold: search.get("threshold") && Number.isFinite(threshold) && threshold >= 0 && threshold <= 4 ? threshold : undefined,
  };

  let csv: string;
  try {
    csv = await resultsExportCsv(prisma, cycle, kind as ResultsExportKind, options);
  } catch (error) {
    if (!(error instanceof ResultsUnavailableError)) throw error;
    const lines = error.problems.map((p) => `- ${p.text}`).join("\n");
    return new Response(`The results cannot be worked out until these reviews are fixed (${error.problemCount}):\n${lines}\n`, {
      status: 409,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store" },
    });
  }
  // Scores and decisions are confidential until published (and the scores always): who took a copy is worth knowing.
  await audit(prisma, {
    actorId: actor.userId,
    cycleId: cycle.id,
    action: "cycle.exported",
    entityType: "AwardCycle",
    entityId: cycle.id,
    data: { kind, via: "web" },
  });
  return new Response(UTF8_BOM + csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exportFileName(cycle.slug, kind)}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
