/**
 * Results in words and figures, shared by the server (exports, CLI) and the moderation page
 * in the browser: no server-only imports here.
 */
import type { RankingMeasure } from "~/domain/vocabulary";
import type { NominationResult, ResultFlag } from "./aggregate";

/** The form value for "not awarded" in a decision form (a tier id is never this). */
export const NOT_AWARDED = "none";
/** A decision's one-line citation, at most this long. */
export const CITATION_MAX = 300;
/** A decision's rationale, at most this long. */
export const RATIONALE_MAX = 3000;

export const RANKING_MEASURE_LABELS: Record<RankingMeasure, string> = {
  normalised: "Normalised score (judges' harshness and generosity evened out)",
  mean: "Mean of the judges' scores",
  median: "Median of the judges' scores",
};

export const FLAG_LABELS: Record<ResultFlag, string> = {
  disagreement: "Judges disagree",
  too_few_judges: "Too few judges",
  conflicts_reduced_panel: "Conflicts reduced the panel",
};

/** The flags in words, with the numbers that raised them. */
export function describeFlags(result: NominationResult, settings: { minJudges: number; disagreementThreshold: number }): string[] {
  return result.flags.map((flag) => {
    switch (flag) {
      case "disagreement":
        return `Judges disagree: their scores are ${formatScore(result.spread)} points apart on the 0-100 scale (more than ${formatScore((settings.disagreementThreshold / 4) * 100)}, that is ${settings.disagreementThreshold} points on a 1-5 scale)`;
      case "too_few_judges":
        return `Too few judges: ${result.judgeCount} of the ${settings.minJudges} needed have scored it`;
      case "conflicts_reduced_panel":
        return `Conflicts reduced the panel: ${result.conflictedAssignments} ${result.conflictedAssignments === 1 ? "judge is" : "judges are"} conflicted; assign another judge`;
    }
  });
}

/** A 0-100 score or spread, to one decimal place; "-" for none. */
export function formatScore(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? "-" : value.toFixed(1);
}

/** A normalised (z) score, signed, to two decimal places; "-" for none. */
export function formatZ(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "-";
  const rounded = Math.abs(value) < 0.005 ? 0 : value;
  return `${rounded > 0 ? "+" : rounded < 0 ? "\u2212" : ""}${Math.abs(rounded).toFixed(2)}`;
}

/** "=2" for a shared rank, "2" otherwise, "-" for none. */
export function formatRank(rank: number | null, tied: boolean): string {
  if (rank === null) return "-";
  return tied ? `=${rank}` : String(rank);
}
