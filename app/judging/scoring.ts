/**
 * Scoring arithmetic and checks, shared by the judge's scoring page (server and browser),
 * the review domain (app/judging/reviews.server.ts) and tests. Pure: no database, no clock.
 *
 * The common scale. Criteria may have different scales (1-5, 0-10) and weights. A judge's
 * weighted total for a nomination puts every score on 0-1 within its own scale, then takes
 * the weighted mean, times 100:
 *
 *   total = sum(w * (s - min) / (max - min)) / sum(w) * 100
 *
 * the same formula results use (app/results/aggregate.ts). When every criterion shares one
 * scale the total is also shown in that scale's own terms ("3.8 out of 5"): the weighted mean
 * of the scores themselves, min + total / 100 * (max - min).
 */

export type ScoreValue = number | null | undefined;

/** criterionId -> the point chosen; null or missing: not scored yet. */
export type ScoreSet = Readonly<Record<string, ScoreValue>>;

/** What scoring needs to know about a criterion. */
export type CriterionScale = {
  id: string;
  name?: string;
  /** relative weight; must be above 0 to count */
  weight: number;
  scaleMin: number;
  scaleMax: number;
  /** null: applies to every category */
  categoryId?: string | null;
};

export type Descriptor = { score: number; label: string };

/** A criterion as the scoring page shows it, the same on server and browser. */
export type ScoringCriterion = {
  id: string;
  name: string;
  guidance: string;
  weight: number;
  scaleMin: number;
  scaleMax: number;
  /** JSON as stored: parsed by describedScale, the same way on server and browser */
  descriptors: string;
};

/** The criteria that apply to a nomination: the cycle's general ones and its category's own. */
export function applicableCriteria<C extends { categoryId?: string | null }>(criteria: readonly C[], categoryId: string | null | undefined): C[] {
  return criteria.filter((c) => c.categoryId == null || (categoryId != null && c.categoryId === categoryId));
}

/** A criterion the arithmetic can use: a positive finite weight and a scale of at least two points. */
export function isUsableCriterion(c: CriterionScale): boolean {
  return Number.isFinite(c.weight) && c.weight > 0 && Number.isInteger(c.scaleMin) && Number.isInteger(c.scaleMax) && c.scaleMax > c.scaleMin;
}

/** Every point on a criterion's scale, lowest first: [1, 2, 3, 4, 5]. Empty for an unusable scale. */
export function scalePoints(c: Pick<CriterionScale, "scaleMin" | "scaleMax">): number[] {
  if (!Number.isInteger(c.scaleMin) || !Number.isInteger(c.scaleMax) || c.scaleMax < c.scaleMin) return [];
  if (c.scaleMax - c.scaleMin > 100) return [];
  return Array.from({ length: c.scaleMax - c.scaleMin + 1 }, (_, i) => c.scaleMin + i);
}

/**
 * Criterion.descriptors, a JSON text: normally [{ "score": 1, "label": "..." }, ...]. Also
 * accepts a plain list of labels (["...", "..."], one per point from the scale's minimum),
 * as organisers sometimes paste. Anything unreadable, off the scale, blank or repeated is
 * left out rather than breaking the scoring page; the result is ordered by score.
 */
export function parseDescriptors(json: string | null | undefined, scale?: Pick<CriterionScale, "scaleMin" | "scaleMax">): Descriptor[] {
  if (!json) return [];
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  const start = scale?.scaleMin ?? 1;
  const byScore = new Map<number, string>();
  value.forEach((item: unknown, index) => {
    let score: number | undefined;
    let label: string | undefined;
    if (typeof item === "string") {
      score = start + index;
      label = item;
    } else if (item && typeof item === "object") {
      const record = item as Record<string, unknown>;
      const rawScore = record.score ?? record.value ?? record.point;
      score = typeof rawScore === "number" ? rawScore : typeof rawScore === "string" && rawScore.trim() !== "" ? Number(rawScore) : undefined;
      const rawLabel = record.label ?? record.descriptor ?? record.text;
      label = typeof rawLabel === "string" ? rawLabel : undefined;
    }
    if (score === undefined || !Number.isInteger(score)) return;
    const text = label?.trim();
    if (!text) return;
    if (scale && (score < scale.scaleMin || score > scale.scaleMax)) return;
    if (!byScore.has(score)) byScore.set(score, text);
  });
  return [...byScore.entries()].sort(([a], [b]) => a - b).map(([score, label]) => ({ score, label }));
}

/** The descriptor of each point on the scale (label "" where the organiser wrote none). */
export function describedScale(c: Pick<CriterionScale, "scaleMin" | "scaleMax"> & { descriptors?: string | null }): Descriptor[] {
  const labels = new Map(parseDescriptors(c.descriptors, c).map((d) => [d.score, d.label]));
  return scalePoints(c).map((score) => ({ score, label: labels.get(score) ?? "" }));
}

export type WeightedTotal = {
  /** 0-100 over the criteria scored so far; null when none is scored (or none can count) */
  percent: number | null;
  /** in the shared scale's own terms when every criterion has the same scale, else null */
  onScale: { value: number; min: number; max: number } | null;
  /** criteria counted, and the criteria that apply */
  scored: number;
  of: number;
  /** every applicable criterion has a valid score */
  complete: boolean;
};

/** A score the arithmetic can count: a whole number on the criterion's scale. */
export function isValidScore(c: Pick<CriterionScale, "scaleMin" | "scaleMax">, value: ScoreValue): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= c.scaleMin && value <= c.scaleMax;
}

/**
 * The weighted total of the valid scores given, over the criteria passed (pass the
 * applicable ones). Unscored or invalid scores are left out of both sums, so a draft shows
 * a provisional total of what has been scored; `complete` says whether it is final.
 */
export function weightedTotal(scores: ScoreSet, criteria: readonly CriterionScale[]): WeightedTotal {
  const usable = criteria.filter(isUsableCriterion);
  let sum = 0;
  let weights = 0;
  let scored = 0;
  for (const c of usable) {
    const value = scores[c.id];
    if (!isValidScore(c, value)) continue;
    sum += (c.weight * (value - c.scaleMin)) / (c.scaleMax - c.scaleMin);
    weights += c.weight;
    scored += 1;
  }
  const percent = weights > 0 ? (sum / weights) * 100 : null;
  const first = usable[0];
  const shared = !!first && usable.every((c) => c.scaleMin === first.scaleMin && c.scaleMax === first.scaleMax);
  return {
    percent,
    onScale:
      percent !== null && shared
        ? { value: first.scaleMin + (percent / 100) * (first.scaleMax - first.scaleMin), min: first.scaleMin, max: first.scaleMax }
        : null,
    scored,
    of: criteria.length,
    complete: criteria.length > 0 && scored === criteria.length && usable.length === criteria.length,
  };
}

/** One decimal place, rounding halves up (3.25 -> "3.3"), never "-0.0". */
export function oneDecimal(value: number): string {
  const rounded = Math.round(value * 10 + 1e-9) / 10;
  return (Object.is(rounded, -0) ? 0 : rounded).toFixed(1);
}

/** "3.8 out of 5 (70.0 out of 100)", "62.5 out of 100", or "Not scored yet". */
export function formatTotal(total: WeightedTotal): string {
  if (total.percent === null) return "Not scored yet";
  const common = `${oneDecimal(total.percent)} out of 100`;
  if (total.onScale && total.onScale.min === 1 && total.onScale.max > 1) return `${oneDecimal(total.onScale.value)} out of ${total.onScale.max} (${common})`;
  if (total.onScale) return `${oneDecimal(total.onScale.value)} on a scale of ${total.onScale.min} to ${total.onScale.max} (${common})`;
  return common;
}

/** criterionId (or "form") -> a message a judge can act on. */
export type ScoreErrors = Record<string, string>;

/**
 * Checks a score set against the criteria that apply. Always: no unknown criteria, and every
 * score given is a whole number on its scale. With `requireAll` (submitting): every criterion
 * is scored. Returns no keys when all is well.
 */
export function validateScores(
  scores: ScoreSet,
  criteria: readonly (CriterionScale & { name?: string })[],
  options: { requireAll?: boolean } = {},
): ScoreErrors {
  const errors: ScoreErrors = {};
  const byId = new Map(criteria.map((c) => [c.id, c]));
  for (const [criterionId, value] of Object.entries(scores)) {
    const c = byId.get(criterionId);
    if (!c) {
      if (value !== null && value !== undefined)
        errors.form ??= "A score was sent for a criterion that does not apply to this nomination. Reload the page and try again.";
      continue;
    }
    if (value === null || value === undefined) continue;
    if (!isValidScore(c, value)) errors[c.id] = `Choose a score from ${c.scaleMin} to ${c.scaleMax} for ${label(c)}`;
  }
  if (options.requireAll) {
    for (const c of criteria) {
      if (errors[c.id]) continue;
      const value = scores[c.id];
      if (value === null || value === undefined) errors[c.id] = `Choose a score for ${label(c)}`;
    }
  }
  return errors;
}

function label(c: { id: string; name?: string }): string {
  return c.name?.trim() ? `"${c.name.trim()}"` : "this criterion";
}

/**
 * Reads scores from a form: fields named "score.<criterionId>" holding a whole number, or
 * "" for none. A value that is not a whole number is kept as NaN so validation names it.
 */
export function scoresFromForm(entries: Iterable<[string, FormDataEntryValue]>, prefix = "score."): Record<string, number | null> {
  const scores: Record<string, number | null> = {};
  for (const [key, raw] of entries) {
    if (!key.startsWith(prefix) || typeof raw !== "string") continue;
    const id = key.slice(prefix.length);
    if (!id) continue;
    const text = raw.trim();
    scores[id] = text === "" ? null : /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
  }
  return scores;
}

/** Where a judge is with one assignment, as their queue shows it. */
export type QueueStatus = "not_started" | "draft" | "submitted" | "conflict_declared";

export const QUEUE_STATUS_LABELS: Record<QueueStatus, string> = {
  not_started: "Not started",
  draft: "Draft",
  submitted: "Submitted",
  conflict_declared: "Conflict declared",
};
