/**
 * A cycle's status, derived from its dates and its organisers' actions, so it can never
 * disagree with them (docs/decisions/0005-cycle-status-derived.md).
 *
 * draft -> upcoming -> nominations_open -> nominations_closed -> judging -> moderation
 *       -> results_decided -> results_sent -> published
 */
export const PHASES = [
  "draft",
  "upcoming",
  "nominations_open",
  "nominations_closed",
  "judging",
  "moderation",
  "results_decided",
  "results_sent",
  "published",
] as const;
export type Phase = (typeof PHASES)[number];

export const PHASE_LABELS: Record<Phase, string> = {
  draft: "Draft (not public yet)",
  upcoming: "Nominations open soon",
  nominations_open: "Nominations open",
  nominations_closed: "Nominations closed",
  judging: "Judging",
  moderation: "Deciding outcomes",
  results_decided: "Results decided",
  results_sent: "Results sent",
  published: "Results published",
};

/** What to select of a cycle for its CycleTimeline (judgingClosedAt, where judges save, is added by those reads). */
export const TIMELINE_SELECT = {
  nominationsOpenAt: true,
  nominationsCloseAt: true,
  judgingOpenAt: true,
  judgingCloseAt: true,
  launchedAt: true,
  resultsDecidedAt: true,
  resultsSentAt: true,
  publishedAt: true,
} as const;

export type CycleTimeline = {
  nominationsOpenAt: Date;
  nominationsCloseAt: Date;
  judgingOpenAt: Date | null;
  judgingCloseAt: Date | null;
  launchedAt: Date | null;
  resultsDecidedAt: Date | null;
  resultsSentAt: Date | null;
  publishedAt: Date | null;
  /**
   * Judging closed by a correction after the partners were told (docs/decisions/0053). Every
   * read that decides whether judges may save selects it (judgingOpen).
   */
  judgingClosedAt?: Date | null;
};

export function cyclePhase(cycle: CycleTimeline, now = new Date()): Phase {
  const t = now.getTime();
  if (!cycle.launchedAt) return "draft";
  if (cycle.publishedAt) return "published";
  if (cycle.resultsSentAt) return "results_sent";
  if (cycle.resultsDecidedAt) return "results_decided";
  if (t < cycle.nominationsOpenAt.getTime()) return "upcoming";
  if (t < cycle.nominationsCloseAt.getTime()) return "nominations_open";
  const judgingOpens = judgingOpensAt(cycle);
  if (t < judgingOpens.getTime()) return "nominations_closed";
  if (!cycle.judgingCloseAt || t < cycle.judgingCloseAt.getTime()) return "judging";
  return "moderation";
}

/** Judging opens on its own date, or when nominations close if none is set. */
export function judgingOpensAt(cycle: Pick<CycleTimeline, "judgingOpenAt" | "nominationsCloseAt">): Date {
  return cycle.judgingOpenAt ?? cycle.nominationsCloseAt;
}

/** Nominations may be started, edited, confirmed or submitted only while open (or within a granted extension). */
export function nominationsOpen(cycle: CycleTimeline, now = new Date(), extensionUntil?: Date | null): boolean {
  if (!cycle.launchedAt || cycle.resultsDecidedAt || cycle.publishedAt || cycle.judgingClosedAt) return false;
  const t = now.getTime();
  if (t < cycle.nominationsOpenAt.getTime()) return false;
  if (t < cycle.nominationsCloseAt.getTime()) return true;
  return !!extensionUntil && t < extensionUntil.getTime();
}

/**
 * Judges may save and submit scores only while judging is open and outcomes are not yet
 * decided. Results unlocked after the partners were told them keep judging closed
 * (judgingClosedAt) unless an organiser reopens it on purpose.
 */
export function judgingOpen(cycle: CycleTimeline, now = new Date()): boolean {
  if (!cycle.launchedAt || cycle.resultsDecidedAt || cycle.publishedAt || cycle.judgingClosedAt) return false;
  const t = now.getTime();
  if (t < judgingOpensAt(cycle).getTime()) return false;
  return !cycle.judgingCloseAt || t < cycle.judgingCloseAt.getTime();
}

/** Shown on the home page: open or upcoming cycles first, then past ones. */
export function isPastPhase(phase: Phase) {
  return !["draft", "upcoming", "nominations_open"].includes(phase);
}
