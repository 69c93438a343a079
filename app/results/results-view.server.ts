/**
 * The organiser's results page (/admin/cycles/:slug/results) as data: what the address asks to
 * see (measure, threshold, category, bands: a GET form, so it works without JavaScript and can
 * be bookmarked), the nominations by category in rank order with their measures, flags,
 * judges' comments, suggested outcome and decision, where the results stand, and the audit trail.
 */
import type { CycleWithSetup } from "~/cycles/cycles.server";
import { COUNTED, statusIn } from "~/nominations/status";
import { nominationTitle } from "~/nominations/title";
import { cyclePhase, judgingOpen, PHASE_LABELS } from "~/cycles/phase";
import type { Db } from "~/db/client.server";
import { RANKING_MEASURES, type RankingMeasure } from "~/domain/vocabulary";
import { measureValue, suggestTier } from "~/results/aggregate";
import { awardShortfalls, describeShortfalls } from "~/results/award-rules";
import { loadResultsAudit, partnersToldCount } from "~/results/decisions.server";
import { describeFlags, formatRank, formatScore, formatZ, NOT_AWARDED } from "~/results/format";
import { ceremonyAhead } from "~/results/publication";
import { computeResults } from "~/results/results.server";

/** Above this many counted nominations the page opens on one category at a time. */
const ALL_CATEGORIES_UP_TO = 300;
const MEASURE_SHORT: Record<RankingMeasure, string> = { normalised: "normalised", mean: "mean", median: "median" };

/* ------------------------------------------------------------------ view */

export type ResultsView = {
  measure: RankingMeasure;
  threshold: number;
  thresholdText: string;
  thresholdError: string | null;
  /** "all", a category id, or "none" (no category) */
  category: string;
  /** tierId -> the band's minimum as typed */
  bands: Record<string, string>;
  bandErrors: Record<string, string>;
  confirmPublish: boolean;
  accept: string | null;
};

/** What the organiser chose to see: from the address (a GET form), so it works without JavaScript and can be bookmarked. */
function readView(
  search: URLSearchParams,
  cycle: { disagreementThreshold: number; rankingMeasure: string },
  tiers: { id: string }[],
): Omit<ResultsView, "category"> & { category: string | null } {
  const measureParam = search.get("measure") ?? "";
  const measure = (RANKING_MEASURES as readonly string[]).includes(measureParam)
    ? (measureParam as RankingMeasure)
    : (RANKING_MEASURES as readonly string[]).includes(cycle.rankingMeasure)
      ? (cycle.rankingMeasure as RankingMeasure)
      : "normalised";
  const thresholdText = (search.get("threshold") ?? "").trim();
  let threshold = cycle.disagreementThreshold;
  let thresholdError: string | null = null;
  if (thresholdText) {
    const n = Number(thresholdText);
    if (!/^\d+(\.\d+)?$/.test(thresholdText) || !Number.isFinite(n) || n < 0 || n > 4) {
      thresholdError = "The disagreement threshold must be a number between 0 and 4 points, like 1.5";
    } else threshold = n;
  }
  const bands: Record<string, string> = {};
  const bandErrors: Record<string, string> = {};
  for (const t of tiers) {
    const raw = (search.get(`band-${t.id}`) ?? "").trim();
    if (!raw) continue;
    bands[t.id] = raw;
    if (!/^[-+\u2212]?\d+(\.\d+)?$/.test(raw)) bandErrors[t.id] = "Enter a number, like 0.5 (or 70 for mean and median)";
  }
  return {
    measure,
    threshold,
    thresholdText: thresholdText || String(cycle.disagreementThreshold),
    thresholdError,
    category: search.get("category"),
    bands,
    bandErrors,
    confirmPublish: search.get("confirm") === "publish",
    accept: search.get("accept"),
  };
}

const bandNumber = (raw: string) => Number(raw.replace("\u2212", "-"));

/** Everything the results page shows, for this cycle and the view its address asks for. */
export async function resultsPage(db: Db, cycle: CycleWithSetup, url: URL, now = new Date()) {
  const tiers = cycle.outcomeTiers.map((t) => ({ id: t.id, name: t.name, rank: t.rank }));
  const partial = readView(url.searchParams, cycle, tiers);

  // The category shown: as asked, or all of them unless the cycle is large.
  const counts = await db.nomination.groupBy({
    by: ["categoryId"],
    where: { cycleId: cycle.id, status: statusIn(COUNTED) },
    _count: { _all: true },
  });
  const countOf = (id: string | null) => counts.find((c) => c.categoryId === id)?._count._all ?? 0;
  const total = counts.reduce((sum, c) => sum + c._count._all, 0);
  const categoryOptions = [
    { value: "all", label: `All categories (${total})` },
    ...cycle.categories.map((c) => ({ value: c.id, label: `${c.name} (${countOf(c.id)})` })),
    ...(countOf(null) ? [{ value: "none", label: `No category (${countOf(null)})` }] : []),
  ];
  let category = partial.category && categoryOptions.some((o) => o.value === partial.category) ? partial.category : null;
  if (!category) category = total <= ALL_CATEGORIES_UP_TO ? "all" : (cycle.categories.find((c) => countOf(c.id) > 0)?.id ?? "all");
  const view: ResultsView = { ...partial, category };
  const categoryFilter = category === "all" ? null : { categoryId: category === "none" ? null : category };

  const computed = await computeResults(db, cycle, {
    rankBy: view.measure,
    disagreementThreshold: view.threshold,
    comments: categoryFilter ?? "all",
  });
  const trail = await loadResultsAudit(db, cycle.id, 100);
  const told = await partnersToldCount(db, cycle.id);

  const bands = tiers
    .filter((t) => view.bands[t.id] !== undefined && !view.bandErrors[t.id])
    .map((t) => ({ tierId: t.id, name: t.name, minScore: bandNumber(view.bands[t.id]) }));
  const shows = (categoryId: string | null) => !categoryFilter || categoryFilter.categoryId === categoryId;

  const items = computed.nominations.filter((n) => shows(n.categoryId));
  const itemData = (n: (typeof computed.nominations)[number]) => {
    const r = computed.ok ? computed.resultById.get(n.id) : undefined;
    const weightedBy = new Map(r?.judgeScores.map((s) => [s.judgeId, s.weighted]) ?? []);
    const comments = (computed.comments.get(n.id) ?? []).map((c) => ({
      judgeName: c.judgeName,
      weighted: weightedBy.get(c.judgeId) ?? null,
      comment: c.comment,
    }));
    const score = r ? measureValue(r, view.measure) : null;
    // Why an award would need an override here, in words ("" when the judging supports one).
    const awardShortfall = describeShortfalls(awardShortfalls({ status: n.status, submittedReviews: n.submittedReviews }, cycle.minJudgesPerNomination));
    const suggested = bands.length && score !== null ? suggestTier(score, bands) : undefined;
    return {
      id: n.id,
      title: nominationTitle(n),
      status: n.status,
      isExample: n.isExample,
      categoryId: n.categoryId,
      rank: r ? formatRank(r.rankInCategory, r.tiedInCategory) : "-",
      rankOverall: r ? formatRank(r.rankOverall, r.tiedOverall) : "-",
      tied: r?.tiedInCategory ?? false,
      judgeCount: r?.judgeCount ?? 0,
      conflicted: n.conflictedAssignments,
      pending: n.pendingReviews,
      submittedReviews: n.submittedReviews,
      awardShortfall,
      normalised: r?.normalised ?? null,
      mean: r?.mean ?? null,
      median: r?.median ?? null,
      spread: r?.spread ?? null,
      flags: r ? describeFlags(r, computed.settings) : [],
      chart: r
        ? {
            points: r.judgeScores.map((s) => ({ label: computed.judges.get(s.judgeId)?.name ?? s.judgeId, value: s.weighted })),
            mean: r.mean,
          }
        : null,
      comments,
      suggestion:
        suggested === undefined
          ? null
          : {
              tierId: suggested ? suggested.tierId : NOT_AWARDED,
              name: suggested ? suggested.name : "Not awarded",
              because: suggested
                ? `the ${MEASURE_SHORT[view.measure]} score ${view.measure === "normalised" ? formatZ(score) : formatScore(score)} reaches the ${suggested.name} band (${view.bands[suggested.tierId]})`
                : `the ${MEASURE_SHORT[view.measure]} score ${view.measure === "normalised" ? formatZ(score) : formatScore(score)} is below every band`,
            },
      decision: n.decision
        ? {
            outcomeTierId: n.decision.outcomeTierId,
            outcomeName: n.decision.outcomeName,
            rationale: n.decision.rationale,
            citation: n.decision.citation,
            decidedByName: n.decision.decidedByName,
            decidedAt: n.decision.decidedAt.toISOString(),
            override: n.decision.override
              ? { reason: n.decision.override.reason, byName: n.decision.override.byName, at: n.decision.override.at?.toISOString() ?? null }
              : null,
          }
        : null,
    };
  };

  // By category in rank order (ties together, as the aggregation orders them); unranked last, by title.
  const groups: { key: string; name: string; items: ReturnType<typeof itemData>[] }[] = [];
  const categoryName = new Map(cycle.categories.map((c) => [c.id, c.name]));
  if (computed.ok) {
    for (const group of computed.byCategory) {
      if (!shows(group.categoryId)) continue;
      groups.push({
        key: group.categoryId ?? "none",
        name: group.categoryId ? (categoryName.get(group.categoryId) ?? "Category") : "No category",
        items: group.results.map((r) => itemData(computed.nominationById.get(r.nominationId)!)),
      });
    }
  } else {
    for (const c of [...cycle.categories.map((c) => c.id as string | null), null]) {
      const inCategory = items.filter((n) => n.categoryId === c);
      if (inCategory.length) groups.push({ key: c ?? "none", name: c ? (categoryName.get(c) ?? "Category") : "No category", items: inCategory.map(itemData) });
    }
  }

  const decided = computed.nominations.filter((n) => n.decision).length;
  const byTier = tiers.map((t) => ({ name: t.name, count: computed.nominations.filter((n) => n.decision?.outcomeTierId === t.id).length }));
  const lockedEvent = trail.find((e) => e.action === "cycle.results_decided");

  return {
    cycle: {
      slug: cycle.slug,
      name: cycle.name,
      phase: PHASE_LABELS[cyclePhase(cycle, now)],
      judgingOpen: judgingOpen(cycle, now),
      judgingCloseAt: cycle.judgingCloseAt?.toISOString() ?? null,
      resultsDecidedAt: cycle.resultsDecidedAt?.toISOString() ?? null,
      lockedBy: cycle.resultsDecidedAt && lockedEvent ? lockedEvent.actorName : null,
      resultsSentAt: cycle.resultsSentAt?.toISOString() ?? null,
      publishedAt: cycle.publishedAt?.toISOString() ?? null,
      judgingClosedAt: cycle.judgingClosedAt?.toISOString() ?? null,
      /** Results emails (or corrections) reached partners, or the results are marked as sent: unlocking is then a correction. */
      partnersTold: told > 0 || !!cycle.resultsSentAt,
      publishResultsAt: cycle.publishResultsAt?.toISOString() ?? null,
      // the ceremony, while it is still to come: publishing before it asks again, and scheduling for it is offered
      ceremonyAhead: ceremonyAhead(cycle.ceremonyAt, now)?.toISOString() ?? null,
      defaults: { measure: cycle.rankingMeasure, threshold: cycle.disagreementThreshold, minJudges: cycle.minJudgesPerNomination },
    },
    view,
    search: url.search,
    tiers,
    categoryOptions,
    ok: computed.ok,
    problems: computed.ok ? [] : computed.problems.map((p) => ({ text: p.text, nominationId: p.nominationId ?? null })),
    problemCount: computed.ok ? 0 : computed.problemCount,
    excluded: computed.excluded,
    counts: {
      nominations: computed.nominations.length,
      decided,
      undecided: computed.nominations.length - decided,
      byTier,
      notAwarded: computed.nominations.filter((n) => n.decision && !n.decision.outcomeTierId).length,
    },
    timingMs: Math.round(computed.timings.totalMs),
    groups,
    trail: trail.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      who: e.actorName ?? "Someone (account removed)",
      summary: e.summary,
      nominationId: e.nominationId,
      title: (e.nominationId ? computed.nominationById.get(e.nominationId)?.title : null) ?? e.title,
      note: e.rationale ?? e.reason,
      override: e.override,
    })),
  };
}

export type ResultsPage = Awaited<ReturnType<typeof resultsPage>>;
