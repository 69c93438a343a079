/**
 * A judge's side of judging: their queue, opening an assignment (the conflict-of-interest
 * step comes first), declaring a conflict, and saving or submitting a review.
 *
 * Rules, all enforced here on the server whatever the page shows:
 * - Access is `can()` (app/auth/permissions.ts): a judge reaches only their own assignments;
 *   a detected conflict is "not found"; a declared conflict is readable (the declaration)
 *   but never scorable. Refusals of access are thrown as 404 Responses.
 * - A conflict can be declared only before any score is saved.
 * - Saving carries the review version the judge loaded. If the stored version differs, the
 *   save is refused with a StaleReviewError holding both versions: nothing is overwritten.
 *   (A retried save whose content is already stored is accepted as it is: a lost response on
 *   flaky wifi is not a conflict.)
 * - Saving and submitting only while judging is open (judgingOpen); submitting needs every
 *   applicable criterion (the cycle's general ones and the nomination's category's) scored
 *   on its scale.
 * - Every state change is audited.
 */
import { can, type Actor } from "~/auth/permissions";
import { audit, notFound } from "~/cycles/cycles.server";
import { judgingOpen, judgingOpensAt, type CycleTimeline } from "~/cycles/phase";
import type { Db } from "~/db/client.server";
import { formatUkDateTime } from "~/utils/time";
import { applicableCriteria, validateScores, weightedTotal, type QueueStatus, type ScoreErrors, type WeightedTotal } from "./scoring";

export const COMMENT_FOR_PANEL_MAX = 5000;
export const NOTE_FOR_NOMINATORS_MAX = 2000;
export const CONFLICT_REASON_MAX = 1000;

export type ReviewStatus = "draft" | "submitted";
export type SaveIntent = "draft" | "submit";

/** What a review says: used for "yours" and "the saved one" when a save is stale. */
export type ReviewSnapshot = {
  scores: Record<string, number | null>;
  commentForPanel: string;
  noteForNominators: string;
};

export type StoredReview = ReviewSnapshot & {
  version: number;
  status: ReviewStatus;
  /** ISO instants */
  updatedAt: string | null;
  submittedAt: string | null;
};

/** A save or declaration the rules refuse; `message` is written for the judge. */
export class ReviewRefusedError extends Error {
  readonly code: "stale" | "closed" | "invalid" | "not_opened" | "not_judged" | "conflict_not_allowed";
  readonly fieldErrors: Record<string, string>;
  constructor(code: ReviewRefusedError["code"], message: string, fieldErrors: Record<string, string> = {}) {
    super(message);
    this.name = "ReviewRefusedError";
    this.code = code;
    this.fieldErrors = fieldErrors;
  }
}

/**
 * Someone (another tab, another device) saved this review since the judge loaded it.
 * `theirVersion` is the version the judge's save was based on; `storedVersion` the one saved.
 */
export class StaleReviewError extends ReviewRefusedError {
  readonly theirVersion: number;
  readonly storedVersion: number;
  readonly yours: ReviewSnapshot & { intent: SaveIntent };
  readonly stored: StoredReview;
  constructor(theirVersion: number, stored: StoredReview, yours: ReviewSnapshot & { intent: SaveIntent }) {
    super(
      "stale",
      `These scores were changed somewhere else (another tab or device) after you opened this page. Your save was based on version ${theirVersion}; the saved review is now version ${stored.version}. Nothing has been overwritten: choose which version to keep.`,
    );
    this.name = "StaleReviewError";
    this.theirVersion = theirVersion;
    this.storedVersion = stored.version;
    this.yours = yours;
    this.stored = stored;
  }
}

/** Saving or submitting outside the judging window. */
export class JudgingClosedError extends ReviewRefusedError {
  constructor(message: string) {
    super("closed", message);
    this.name = "JudgingClosedError";
  }
}

/** Scores off the scale, text too long, or (submitting) criteria not scored. */
export class IncompleteReviewError extends ReviewRefusedError {
  constructor(message: string, fieldErrors: Record<string, string>) {
    super("invalid", message, fieldErrors);
    this.name = "IncompleteReviewError";
  }
}

type CycleForJudging = CycleTimeline & { id: string; slug: string; name: string };

const CYCLE_SELECT = {
  id: true,
  slug: true,
  name: true,
  nominationsOpenAt: true,
  nominationsCloseAt: true,
  judgingOpenAt: true,
  judgingCloseAt: true,
  launchedAt: true,
  resultsDecidedAt: true,
  resultsSentAt: true,
  publishedAt: true,
  contactName: true,
  contactEmail: true,
} as const;

async function loadAssignment(db: Db, assignmentId: string) {
  if (!assignmentId) return null;
  return db.assignment.findUnique({
    where: { id: assignmentId },
    include: {
      cycle: { select: CYCLE_SELECT },
      nomination: { select: { id: true, title: true, status: true, categoryId: true, category: { select: { id: true, name: true } } } },
      review: { include: { scores: { select: { criterionId: true, value: true } } } },
    },
  });
}
type LoadedAssignment = NonNullable<Awaited<ReturnType<typeof loadAssignment>>>;

/**
 * The assignment, if this actor may do this to it; a 404 Response otherwise (not theirs,
 * not a judge of the cycle, a detected conflict, or no such assignment).
 */
export async function requireAssignment(
  db: Db,
  actor: Actor | null,
  assignmentId: string | undefined,
  action: "assignment.view" | "assignment.score",
): Promise<LoadedAssignment> {
  const assignment = assignmentId ? await loadAssignment(db, assignmentId) : null;
  if (!assignment || !can(actor, { action, assignment })) throw notFound();
  return assignment;
}

/** Why judging is not open, in words, or null when it is. */
export function judgingClosedMessage(cycle: CycleTimeline, now = new Date()): string | null {
  if (judgingOpen(cycle, now)) return null;
  if (cycle.resultsDecidedAt || cycle.publishedAt) return "Judging has finished and the outcomes have been decided, so scores can no longer be changed.";
  const opens = judgingOpensAt(cycle);
  if (!cycle.launchedAt || now.getTime() < opens.getTime()) {
    return `Judging opens on ${formatUkDateTime(opens)} (UK time). You can read the nomination now, and score it from then.`;
  }
  return `Judging closed on ${formatUkDateTime(cycle.judgingCloseAt)} (UK time), so scores can no longer be saved or changed. If something is wrong, contact the organisers.`;
}

export function storedReviewOf(review: LoadedAssignment["review"], criterionIds?: readonly string[]): StoredReview | null {
  if (!review) return null;
  const scores: Record<string, number | null> = {};
  for (const id of criterionIds ?? []) scores[id] = null;
  for (const s of review.scores) scores[s.criterionId] = s.value;
  return {
    scores,
    commentForPanel: review.commentForPanel,
    noteForNominators: review.noteForNominators,
    version: review.version,
    status: review.status === "submitted" ? "submitted" : "draft",
    updatedAt: review.updatedAt.toISOString(),
    submittedAt: review.submittedAt ? review.submittedAt.toISOString() : null,
  };
}

/** The criteria a judge scores for this nomination, in order. */
export async function criteriaForNomination(db: Db, cycleId: string, categoryId: string | null) {
  const all = await db.criterion.findMany({
    where: { cycleId },
    orderBy: [{ position: "asc" }, { name: "asc" }],
    select: { id: true, name: true, guidance: true, weight: true, scaleMin: true, scaleMax: true, descriptors: true, categoryId: true, position: true },
  });
  return applicableCriteria(all, categoryId);
}

/** First look: marks the assignment opened (the judge has said they have no conflict). */
export async function openAssignment(db: Db, actor: Actor, assignmentId: string, now = new Date()) {
  const assignment = await requireAssignment(db, actor, assignmentId, "assignment.view");
  if (assignment.conflict !== "none" || assignment.openedAt) return { openedAt: assignment.openedAt };
  const updated = await db.assignment.updateMany({ where: { id: assignment.id, openedAt: null, conflict: "none" }, data: { openedAt: now } });
  if (updated.count === 1) {
    await audit(db, {
      actorId: actor.userId,
      cycleId: assignment.cycleId,
      action: "assignment.opened",
      entityType: "Assignment",
      entityId: assignment.id,
      data: { nominationId: assignment.nominationId, noConflict: true },
    });
  }
  return { openedAt: now };
}

/**
 * The judge says they have a conflict of interest with this nomination. Allowed only before
 * they have saved any score; an empty draft (a comment, no scores) is discarded with it.
 */
export async function declareConflict(db: Db, actor: Actor, assignmentId: string, reason: string, now = new Date()) {
  const assignment = await requireAssignment(db, actor, assignmentId, "assignment.view");
  const text = reason.trim();
  if (assignment.conflict === "declared") return { conflict: "declared" as const, reason: assignment.conflictReason ?? "" };
  if (!text) throw new IncompleteReviewError("Say briefly why you have a conflict of interest", { reason: "Say briefly why you have a conflict of interest" });
  if (text.length > CONFLICT_REASON_MAX) {
    throw new IncompleteReviewError(`Keep the reason to ${CONFLICT_REASON_MAX} characters or fewer`, { reason: `Keep the reason to ${CONFLICT_REASON_MAX} characters or fewer` });
  }
  await db.$transaction(async (tx) => {
    const scored = await tx.score.count({ where: { review: { assignmentId: assignment.id } } });
    if (scored > 0) {
      throw new ReviewRefusedError(
        "conflict_not_allowed",
        "You have already saved scores for this nomination, so a conflict of interest can no longer be declared here. Please contact the organisers, who can take you off this nomination.",
      );
    }
    const updated = await tx.assignment.updateMany({
      where: { id: assignment.id, conflict: "none" },
      data: { conflict: "declared", conflictReason: text, conflictAt: now, openedAt: assignment.openedAt ?? now },
    });
    if (updated.count !== 1) throw notFound();
    await tx.review.deleteMany({ where: { assignmentId: assignment.id } });
    await audit(tx as unknown as Db, {
      actorId: actor.userId,
      cycleId: assignment.cycleId,
      action: "assignment.conflict_declared",
      entityType: "Assignment",
      entityId: assignment.id,
      data: { nominationId: assignment.nominationId, reason: text },
    });
  });
  return { conflict: "declared" as const, reason: text };
}

export type SaveReviewInput = {
  scores: Record<string, number | null>;
  commentForPanel: string;
  noteForNominators: string;
  /** the review version the judge loaded; 0 when there was no review yet */
  version: number;
  intent: SaveIntent;
};

export type SaveReviewResult = {
  reviewId: string;
  version: number;
  status: ReviewStatus;
  /** ISO instants */
  updatedAt: string;
  submittedAt: string | null;
  total: WeightedTotal;
  /** false when the same content was already saved (a retried save): nothing was written */
  changed: boolean;
};

function sameScores(a: Record<string, number | null>, b: Record<string, number | null>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if ((a[k] ?? null) !== (b[k] ?? null)) return false;
  return true;
}

function sameContent(a: ReviewSnapshot, b: ReviewSnapshot): boolean {
  return sameScores(a.scores, b.scores) && a.commentForPanel === b.commentForPanel && a.noteForNominators === b.noteForNominators;
}

/**
 * Saves the judge's review as a draft, or submits it. See the top of this file for the rules.
 * Throws a 404 Response for no access; ReviewRefusedError (StaleReviewError,
 * JudgingClosedError, IncompleteReviewError) when the rules refuse the save.
 */
export async function saveReview(db: Db, actor: Actor, assignmentId: string, input: SaveReviewInput, now = new Date()): Promise<SaveReviewResult> {
  const assignment = await requireAssignment(db, actor, assignmentId, "assignment.score");
  if (!assignment.openedAt) {
    throw new ReviewRefusedError("not_opened", "Before you score this nomination, tell us whether you have a conflict of interest with any of its partners.");
  }
  if (assignment.nomination.status !== "eligible") {
    throw new ReviewRefusedError("not_judged", "This nomination is no longer being judged (it has been withdrawn or found ineligible), so it cannot be scored.");
  }
  const closed = judgingClosedMessage(assignment.cycle, now);
  if (closed) throw new JudgingClosedError(closed);

  const criteria = await criteriaForNomination(db, assignment.cycleId, assignment.nomination.categoryId);
  const criterionIds = criteria.map((c) => c.id);
  const yours: ReviewSnapshot & { intent: SaveIntent } = {
    scores: Object.fromEntries(criterionIds.map((id) => [id, input.scores[id] ?? null])),
    commentForPanel: (input.commentForPanel ?? "").replace(/\r\n/g, "\n").trim(),
    noteForNominators: (input.noteForNominators ?? "").replace(/\r\n/g, "\n").trim(),
    intent: input.intent,
  };

  // Field checks that do not depend on what is stored.
  const scoreErrors: ScoreErrors = validateScores(input.scores, criteria, { requireAll: input.intent === "submit" });
  const fieldErrors: Record<string, string> = {};
  for (const [key, message] of Object.entries(scoreErrors)) fieldErrors[key === "form" ? "form" : `score.${key}`] = message;
  if (yours.commentForPanel.length > COMMENT_FOR_PANEL_MAX) fieldErrors.commentForPanel = `Comment for the panel must be ${COMMENT_FOR_PANEL_MAX} characters or fewer`;
  if (yours.noteForNominators.length > NOTE_FOR_NOMINATORS_MAX) fieldErrors.noteForNominators = `Note for the nominators must be ${NOTE_FOR_NOMINATORS_MAX} characters or fewer`;
  const version = Number.isInteger(input.version) && input.version >= 0 ? input.version : -1;

  return db.$transaction(async (tx) => {
    const current = await tx.review.findUnique({
      where: { assignmentId: assignment.id },
      include: { scores: { select: { criterionId: true, value: true } } },
    });
    const stored = storedReviewOf(current, criterionIds);
    const storedVersion = stored?.version ?? 0;
    const identical = !!stored && sameContent(stored, yours);

    if (version !== storedVersion && !identical) {
      // Never overwrite: the judge chooses between the two versions.
      throw new StaleReviewError(version, stored ?? emptyStored(criterionIds), yours);
    }
    if (Object.keys(fieldErrors).length > 0) {
      const missing = Object.keys(scoreErrors).filter((k) => k !== "form").length;
      throw new IncompleteReviewError(
        input.intent === "submit" && missing > 0
          ? `Your scores have not been submitted: ${missing === 1 ? "1 criterion needs" : `${missing} criteria need`} a score. Choose a score for each criterion, then submit again.`
          : "Your review has not been saved: check the highlighted answers.",
        fieldErrors,
      );
    }

    const complete = validateScores(yours.scores, criteria, { requireAll: true });
    const isComplete = Object.keys(complete).length === 0;
    const wasSubmitted = stored?.status === "submitted";
    const status: ReviewStatus = input.intent === "submit" ? "submitted" : wasSubmitted && isComplete ? "submitted" : "draft";
    const total = weightedTotal(yours.scores, criteria);

    if (current && identical && status === stored!.status) {
      // Already saved exactly like this (a retry after a lost response): nothing to write.
      return {
        reviewId: current.id,
        version: current.version,
        status,
        updatedAt: current.updatedAt.toISOString(),
        submittedAt: current.submittedAt ? current.submittedAt.toISOString() : null,
        total,
        changed: false,
      };
    }

    const submittedAt = status === "submitted" ? (input.intent === "submit" || !current?.submittedAt ? now : current.submittedAt) : null;
    let reviewId: string;
    let newVersion: number;
    if (!current) {
      try {
        const created = await tx.review.create({
          data: {
            assignmentId: assignment.id,
            commentForPanel: yours.commentForPanel,
            noteForNominators: yours.noteForNominators,
            status,
            version: 1,
            submittedAt,
          },
        });
        reviewId = created.id;
        newVersion = 1;
      } catch {
        // Another save created it a moment ago.
        const raced = await tx.review.findUnique({ where: { assignmentId: assignment.id }, include: { scores: { select: { criterionId: true, value: true } } } });
        throw new StaleReviewError(version, storedReviewOf(raced, criterionIds) ?? emptyStored(criterionIds), yours);
      }
    } else {
      const updated = await tx.review.updateMany({
        where: { id: current.id, version: current.version },
        data: {
          commentForPanel: yours.commentForPanel,
          noteForNominators: yours.noteForNominators,
          status,
          version: current.version + 1,
          submittedAt,
        },
      });
      if (updated.count !== 1) {
        const raced = await tx.review.findUnique({ where: { id: current.id }, include: { scores: { select: { criterionId: true, value: true } } } });
        throw new StaleReviewError(version, storedReviewOf(raced, criterionIds) ?? emptyStored(criterionIds), yours);
      }
      reviewId = current.id;
      newVersion = current.version + 1;
    }

    // The review's scores become exactly these: scored criteria upserted, the rest removed
    // (including any for criteria that no longer apply).
    const keep = criterionIds.filter((id) => typeof yours.scores[id] === "number");
    await tx.score.deleteMany({ where: { reviewId, criterionId: { notIn: keep } } });
    for (const criterionId of keep) {
      const value = yours.scores[criterionId] as number;
      await tx.score.upsert({
        where: { reviewId_criterionId: { reviewId, criterionId } },
        create: { reviewId, criterionId, value },
        update: { value },
      });
    }

    const action =
      input.intent === "submit"
        ? "review.submitted"
        : status === "submitted"
          ? "review.updated"
          : wasSubmitted
            ? "review.reopened"
            : "review.draft_saved";
    await audit(tx as unknown as Db, {
      actorId: actor.userId,
      cycleId: assignment.cycleId,
      action,
      entityType: "Review",
      entityId: reviewId,
      data: { assignmentId: assignment.id, nominationId: assignment.nominationId, version: newVersion, status, scored: total.scored, of: total.of },
    });

    const saved = await tx.review.findUniqueOrThrow({ where: { id: reviewId }, select: { updatedAt: true, submittedAt: true } });
    return {
      reviewId,
      version: newVersion,
      status,
      updatedAt: saved.updatedAt.toISOString(),
      submittedAt: saved.submittedAt ? saved.submittedAt.toISOString() : null,
      total,
      changed: true,
    };
  });
}

function emptyStored(criterionIds: readonly string[]): StoredReview {
  return {
    scores: Object.fromEntries(criterionIds.map((id) => [id, null])),
    commentForPanel: "",
    noteForNominators: "",
    version: 0,
    status: "draft",
    updatedAt: null,
    submittedAt: null,
  };
}

// ---------------------------------------------------------------- the judge's queue

export { QUEUE_STATUS_LABELS, type QueueStatus } from "./scoring";

export function queueStatusOf(a: { conflict: string; review: { status: string } | null }): QueueStatus {
  if (a.conflict !== "none") return "conflict_declared";
  if (!a.review) return "not_started";
  return a.review.status === "submitted" ? "submitted" : "draft";
}

/**
 * The judge's assignments in every cycle they judge, grouped by cycle then category.
 * Detected conflicts are left out entirely (the judge never sees those nominations), as are
 * nominations no longer being judged (withdrawn, ineligible).
 */
export async function judgeQueue(db: Db, actor: Actor, now = new Date()) {
  const cycleIds = [...new Set(actor.roles.filter((r) => r.role === "judge").map((r) => r.cycleId))];
  if (cycleIds.length === 0) return [];
  const [cycles, assignments] = await Promise.all([
    db.awardCycle.findMany({ where: { id: { in: cycleIds } }, select: CYCLE_SELECT }),
    db.assignment.findMany({
      where: { judgeId: actor.userId, cycleId: { in: cycleIds }, conflict: { not: "detected" }, nomination: { status: "eligible" } },
      select: {
        id: true,
        cycleId: true,
        conflict: true,
        openedAt: true,
        nomination: { select: { id: true, title: true, category: { select: { id: true, name: true, position: true } } } },
        review: { select: { status: true, updatedAt: true } },
      },
    }),
  ]);

  const groups = cycles.map((cycle: CycleForJudging) => {
    const mine = assignments.filter((a) => a.cycleId === cycle.id);
    const items = mine.map((a) => ({
      id: a.id,
      title: a.nomination.title || "Untitled nomination",
      categoryId: a.nomination.category?.id ?? "",
      categoryName: a.nomination.category?.name ?? "No category",
      categoryPosition: a.nomination.category?.position ?? Number.MAX_SAFE_INTEGER,
      status: queueStatusOf(a),
      updatedAt: a.review?.updatedAt.toISOString() ?? null,
    }));
    items.sort((x, y) => x.categoryPosition - y.categoryPosition || x.categoryName.localeCompare(y.categoryName) || x.title.localeCompare(y.title) || (x.id < y.id ? -1 : 1));
    const categories: { id: string; name: string; items: typeof items; scored: number; toScore: number }[] = [];
    for (const item of items) {
      let group = categories.find((c) => c.id === item.categoryId);
      if (!group) categories.push((group = { id: item.categoryId, name: item.categoryName, items: [], scored: 0, toScore: 0 }));
      group.items.push(item);
      if (item.status !== "conflict_declared") group.toScore += 1;
      if (item.status === "submitted") group.scored += 1;
    }
    const toScore = items.filter((i) => i.status !== "conflict_declared").length;
    const scored = items.filter((i) => i.status === "submitted").length;
    const open = judgingOpen(cycle, now);
    return {
      cycle: { id: cycle.id, slug: cycle.slug, name: cycle.name },
      judgingOpen: open,
      judgingOpensAt: judgingOpensAt(cycle).toISOString(),
      judgingCloseAt: cycle.judgingCloseAt ? cycle.judgingCloseAt.toISOString() : null,
      closedMessage: open ? null : judgingClosedMessage(cycle, now),
      finished: !open && now.getTime() >= judgingOpensAt(cycle).getTime(),
      scored,
      toScore,
      drafts: items.filter((i) => i.status === "draft").length,
      categories: categories.map(({ id, name, items, scored, toScore }) => ({
        id,
        name,
        scored,
        toScore,
        items: items.map(({ id, title, status, updatedAt }) => ({ id, title, status, updatedAt })),
      })),
    };
  });
  // Cycles being judged now first, then those not yet open, then finished ones; newest first within each.
  const rank = (g: (typeof groups)[number]) => (g.judgingOpen ? 0 : g.finished ? 2 : 1);
  groups.sort((a, b) => rank(a) - rank(b) || b.judgingOpensAt.localeCompare(a.judgingOpensAt));
  return groups;
}
