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
 *
 * Speed (the scoring page and its autosave are the busiest requests of a cycle): an
 * assignment is read in one SQL statement (loadAssignment) and checked once per request;
 * a save is decided on that snapshot and written in one short batch transaction that only
 * applies if the review is unchanged (see saveReview), never a transaction held open while
 * the decision is made.
 */
import { NotAllowedError } from "~/auth/not-allowed";
import { can, type Actor } from "~/auth/permissions";
import { audit, auditRow } from "~/audit/audit.server";
import { judgingOpen, judgingOpensAt, type CycleTimeline } from "~/cycles/phase";
import { TIMELINE_SELECT } from "~/cycles/phase";
import type { NominationViewProps } from "~/components/nomination-view";
import { rawReader, type Db } from "~/db/client.server";
import { jsonColumn, portable } from "~/db/raw.server";
import { PARTNER_ROLE_LABELS, principleLabel, SECTOR_SHORT_LABELS, type PartnerRole, type Sector } from "~/domain/vocabulary";
import { partnerSide } from "~/nominations/eligibility";
import { isJudgeable } from "~/nominations/status";
import { parsePrinciples } from "~/nominations/view.server";
import { formatUkDateTime } from "~/utils/time";
import { applicableCriteria, validateScores, weightedTotal, type ScoreErrors, type ScoringCriterion, type WeightedTotal } from "./scoring";
import type { StoryText } from "~/nominations/story";
import { lockRow } from "~/db/locks.server";

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

export type CycleForJudging = CycleTimeline & { id: string; slug: string; name: string };

export const CYCLE_SELECT = {
  id: true,
  slug: true,
  name: true,
  ...TIMELINE_SELECT,
  judgingClosedAt: true,
  contactName: true,
  contactEmail: true,
} as const;

/** A criterion as the judge scores it (the scoring form and the arithmetic), with where it applies and its order. */
export type JudgedCriterion = ScoringCriterion & { categoryId: string | null; position: number };

/** The judge's own review as stored, with its scores. */
export type LoadedReview = {
  id: string;
  commentForPanel: string;
  noteForNominators: string;
  status: string;
  version: number;
  submittedAt: Date | null;
  updatedAt: Date;
  scores: { criterionId: string; value: number }[];
};

/**
 * One assignment with everything the judge's page and a save need: the facts `can()` decides
 * on, the cycle's timeline, the nomination's status and category, the judge's own review (no
 * one else's) and the criteria that apply to the nomination, in order.
 */
export type JudgeAssignment = {
  id: string;
  cycleId: string;
  judgeId: string;
  nominationId: string;
  conflict: string;
  conflictReason: string | null;
  conflictAt: Date | null;
  openedAt: Date | null;
  cycle: CycleForJudging & { contactName: string; contactEmail: string };
  nomination: { id: string; title: string; status: string; categoryId: string | null; category: { id: string; name: string } | null };
  review: LoadedReview | null;
  criteria: JudgedCriterion[];
};

/**
 * Why raw SQL here: this is the hot path of judging (every scoring page, every autosave).
 * Through Prisma it was six queries (assignment, cycle, nomination, category, review, scores)
 * plus one for the criteria, each compiled in Wasm and queued for the one connection, and
 * run twice on a save. As one statement on the raw reader (rawReader(), the same database)
 * it is a single consistent snapshot, read without waiting behind a transaction: the review
 * and its scores can never come from two different saves. Writes still go through Prisma.
 * Scores and criteria come as JSON arrays (criteria in position, then name, order).
 */
const JUDGE_ASSIGNMENT_SQL = portable(`
SELECT a.id, a.cycleId, a.judgeId, a.nominationId, a.conflict, a.conflictReason, a.conflictAt, a.openedAt,
       c.slug AS cycleSlug, c.name AS cycleName, c.nominationsOpenAt, c.nominationsCloseAt, c.judgingOpenAt, c.judgingCloseAt,
       c.launchedAt, c.resultsDecidedAt, c.resultsSentAt, c.publishedAt, c.judgingClosedAt, c.contactName, c.contactEmail,
       n.title AS nominationTitle, n.status AS nominationStatus, n.categoryId AS categoryId, k.name AS categoryName,
       r.id AS reviewId, r.commentForPanel, r.noteForNominators, r.status AS reviewStatus, r.version AS reviewVersion,
       r.submittedAt AS reviewSubmittedAt, r.updatedAt AS reviewUpdatedAt,
       (SELECT json_group_array(json_array(s.criterionId, s.value)) FROM "Score" s WHERE s.reviewId = r.id) AS scores,
       (SELECT json_group_array(json_object('id', q.id, 'name', q.name, 'guidance', q.guidance, 'weight', q.weight,
                 'scaleMin', q.scaleMin, 'scaleMax', q.scaleMax, 'descriptors', q.descriptors, 'categoryId', q.categoryId,
                 'position', q.position) ORDER BY q.position, q.name)
          FROM "Criterion" q WHERE q.cycleId = a.cycleId) AS criteria
FROM "Assignment" a
JOIN "AwardCycle" c ON c.id = a.cycleId
JOIN "Nomination" n ON n.id = a.nominationId
LEFT JOIN "Category" k ON k.id = n.categoryId
LEFT JOIN "Review" r ON r.assignmentId = a.id
WHERE a.id = ?`);

/** The judge's review alone, as above (one statement): re-read when a save lost a race. */
const JUDGE_REVIEW_SQL = portable(`
SELECT r.id AS reviewId, r.commentForPanel, r.noteForNominators, r.status AS reviewStatus, r.version AS reviewVersion,
       r.submittedAt AS reviewSubmittedAt, r.updatedAt AS reviewUpdatedAt,
       (SELECT json_group_array(json_array(s.criterionId, s.value)) FROM "Score" s WHERE s.reviewId = r.id) AS scores
FROM "Review" r
WHERE r.assignmentId = ?`);

type SqlValue = string | number | bigint | Date | null;
type ReviewRow = {
  reviewId: string | null;
  commentForPanel: string | null;
  noteForNominators: string | null;
  reviewStatus: string | null;
  reviewVersion: number | null;
  reviewSubmittedAt: SqlValue;
  reviewUpdatedAt: SqlValue;
  scores: unknown;
};
type JudgeAssignmentRow = ReviewRow & {
  id: string;
  cycleId: string;
  judgeId: string;
  nominationId: string;
  conflict: string;
  conflictReason: string | null;
  conflictAt: SqlValue;
  openedAt: SqlValue;
  cycleSlug: string;
  cycleName: string;
  nominationsOpenAt: SqlValue;
  nominationsCloseAt: SqlValue;
  judgingOpenAt: SqlValue;
  judgingCloseAt: SqlValue;
  launchedAt: SqlValue;
  resultsDecidedAt: SqlValue;
  resultsSentAt: SqlValue;
  publishedAt: SqlValue;
  judgingClosedAt: SqlValue;
  contactName: string;
  contactEmail: string;
  nominationTitle: string;
  nominationStatus: string;
  categoryId: string | null;
  categoryName: string | null;
  criteria: unknown;
};

/**
 * A DateTime column as Prisma reads it: ISO text as Prisma writes it ("...+00:00"), text
 * without a zone (UTC), a date alone (midnight UTC), or milliseconds since 1970.
 */
function sqlDate(value: SqlValue): Date | null {
  if (value === null) return null;
  if (value instanceof Date) return value;
  if (typeof value === "number" || typeof value === "bigint") return new Date(Number(value));
  let text = value.trim().replace(/^(\d{4}-\d{2}-\d{2}) (?=\d)/, "$1T");
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) text += "T00:00:00Z";
  else if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(text)) text += "Z";
  return new Date(text);
}

function requiredDate(value: SqlValue): Date {
  return sqlDate(value) ?? new Date(Number.NaN);
}

function reviewOfRow(row: ReviewRow): LoadedReview | null {
  if (row.reviewId === null) return null;
  const pairs = jsonColumn<[string, number]>(row.scores);
  return {
    id: row.reviewId,
    commentForPanel: row.commentForPanel ?? "",
    noteForNominators: row.noteForNominators ?? "",
    status: row.reviewStatus ?? "draft",
    version: Number(row.reviewVersion ?? 0),
    submittedAt: sqlDate(row.reviewSubmittedAt),
    updatedAt: requiredDate(row.reviewUpdatedAt),
    scores: pairs.map(([criterionId, value]) => ({ criterionId, value: Number(value) })),
  };
}

/** Assignments loaded by loadAssignment, so assignmentFor knows a passed-in one is real. */
const loadedAssignments = new WeakSet<JudgeAssignment>();

async function loadAssignment(assignmentId: string): Promise<JudgeAssignment | null> {
  const row = await rawReader().get<JudgeAssignmentRow>(JUDGE_ASSIGNMENT_SQL, [assignmentId]);
  if (!row) return null;
  const criteria = jsonColumn<JudgedCriterion>(row.criteria).map((c) => ({ ...c, weight: Number(c.weight) }));
  const assignment: JudgeAssignment = {
    id: row.id,
    cycleId: row.cycleId,
    judgeId: row.judgeId,
    nominationId: row.nominationId,
    conflict: row.conflict,
    conflictReason: row.conflictReason,
    conflictAt: sqlDate(row.conflictAt),
    openedAt: sqlDate(row.openedAt),
    cycle: {
      id: row.cycleId,
      slug: row.cycleSlug,
      name: row.cycleName,
      nominationsOpenAt: requiredDate(row.nominationsOpenAt),
      nominationsCloseAt: requiredDate(row.nominationsCloseAt),
      judgingOpenAt: sqlDate(row.judgingOpenAt),
      judgingCloseAt: sqlDate(row.judgingCloseAt),
      launchedAt: sqlDate(row.launchedAt),
      resultsDecidedAt: sqlDate(row.resultsDecidedAt),
      resultsSentAt: sqlDate(row.resultsSentAt),
      publishedAt: sqlDate(row.publishedAt),
      judgingClosedAt: sqlDate(row.judgingClosedAt),
      contactName: row.contactName,
      contactEmail: row.contactEmail,
    },
    nomination: {
      id: row.nominationId,
      title: row.nominationTitle,
      status: row.nominationStatus,
      categoryId: row.categoryId,
      category: row.categoryId !== null && row.categoryName !== null ? { id: row.categoryId, name: row.categoryName } : null,
    },
    review: reviewOfRow(row),
    criteria: applicableCriteria(criteria, row.categoryId),
  };
  loadedAssignments.add(assignment);
  return assignment;
}

async function loadReview(assignmentId: string): Promise<LoadedReview | null> {
  const row = await rawReader().get<ReviewRow>(JUDGE_REVIEW_SQL, [assignmentId]);
  return row ? reviewOfRow(row) : null;
}

/**
 * The assignment, if this actor may do this to it; null otherwise (not theirs, not a judge of
 * the cycle, a detected conflict, or no such assignment): routes answer null with a 404. Pass
 * an id to load it (one query on the read handle, the judging hot path: not through Prisma),
 * or an assignment already loaded here for this request to check it again for another action
 * without loading it twice: the rule is always `can()`.
 */
export async function assignmentFor(
  actor: Actor | null,
  assignment: string | JudgeAssignment | undefined,
  action: "assignment.view" | "assignment.score",
): Promise<JudgeAssignment | null> {
  let loaded: JudgeAssignment | null;
  if (typeof assignment === "object") {
    if (!loadedAssignments.has(assignment)) throw new Error("assignmentFor: pass an assignment id, or an assignment it loaded");
    loaded = assignment;
  } else {
    loaded = assignment ? await loadAssignment(assignment) : null;
  }
  return loaded && can(actor, { action, assignment: loaded }) ? loaded : null;
}

/** assignmentFor inside the domain functions below: a "no" is NotAllowedError (the route has asked first). */
async function allowedAssignment(actor: Actor, assignment: string | JudgeAssignment, action: "assignment.view" | "assignment.score"): Promise<JudgeAssignment> {
  const allowed = await assignmentFor(actor, assignment, action);
  if (!allowed) throw new NotAllowedError(`${action} ${typeof assignment === "string" ? assignment : assignment.id}`);
  return allowed;
}

/**
 * The nomination as the judge reads it (app/components/nomination-view.tsx, without contacts
 * or consent): the story, the partners and the photos and evidence. Never the partners'
 * contact details, nor organisers' notes to the nominators: they are not even read.
 */
export type JudgeNominationView = {
  nomination: NominationViewProps["nomination"];
  partners: NominationViewProps["partners"];
  attachments: NonNullable<NominationViewProps["attachments"]>;
};

/**
 * Why raw SQL: the scoring page is the judges' hot path, and through Prisma this was five
 * queries (nomination, cycle, category, partners, organisations, attachments) compiled and
 * run one by one for fields the judge never sees. One statement on the read-only handle reads
 * only what the page shows; the labels are the vocabulary's, as on every nomination page.
 */
const JUDGE_NOMINATION_SQL = portable(`
SELECT n.id, n.title, n.summary, n.whatHappened, n.impact, n.howPartnersWorked, n.quote, n.quoteAttribution,
       n.principles, n.startedOn, n.consentToPublish,
       (SELECT json_group_array(json_object('id', p.id, 'organisationName', o.name, 'sector', o.sector, 'role', p.role,
                 'confirmedAt', p.confirmedAt) ORDER BY p.position, p.createdAt)
          FROM "NominationPartner" p JOIN "Organisation" o ON o.id = p.organisationId WHERE p.nominationId = n.id) AS partners,
       (SELECT json_group_array(json_object('id', f.id, 'kind', f.kind, 'fileName', f.fileName, 'caption', f.caption,
                 'credit', f.credit, 'consentToPublish', f.consentToPublish, 'contentType', f.contentType) ORDER BY f.createdAt)
          FROM "Attachment" f WHERE f.nominationId = n.id) AS attachments
FROM "Nomination" n
WHERE n.id = ?`);

type JudgeNominationRow = StoryText & {
  id: string;
  principles: string;
  startedOn: string | null;
  consentToPublish: number | boolean;
  partners: unknown;
  attachments: unknown;
};

/**
 * What the judge reads of an assignment's nomination, or null when there is none. Takes an
 * assignment assignmentFor has let this judge view: callers check access first.
 */
export async function loadNominationForJudge(assignment: JudgeAssignment): Promise<JudgeNominationView | null> {
  if (!loadedAssignments.has(assignment)) throw new Error("loadNominationForJudge: pass an assignment assignmentFor returned");
  const row = await rawReader().get<JudgeNominationRow>(JUDGE_NOMINATION_SQL, [assignment.nominationId]);
  if (!row) return null;
  const partners = jsonColumn<{ id: string; organisationName: string; sector: string; role: string; confirmedAt: SqlValue }>(row.partners);
  const attachments = jsonColumn<JudgeNominationView["attachments"][number] & { consentToPublish: number | boolean }>(row.attachments);
  return {
    nomination: {
      id: row.id,
      category: assignment.nomination.category,
      title: row.title,
      summary: row.summary,
      whatHappened: row.whatHappened,
      impact: row.impact,
      howPartnersWorked: row.howPartnersWorked,
      quote: row.quote,
      quoteAttribution: row.quoteAttribution,
      principles: parsePrinciples(row.principles).map((key) => ({ key, label: principleLabel(key) })),
      startedOn: row.startedOn,
      consentToPublish: !!row.consentToPublish,
    },
    partners: partners.map((p) => ({
      id: p.id,
      organisationName: p.organisationName,
      sector: p.sector,
      sectorLabel: SECTOR_SHORT_LABELS[p.sector as Sector] ?? p.sector,
      side: partnerSide(p.sector),
      roleLabel: PARTNER_ROLE_LABELS[p.role as PartnerRole] ?? p.role,
      contactName: "",
      contactEmail: "",
      confirmedAt: sqlDate(p.confirmedAt)?.toISOString() ?? null,
    })),
    attachments: attachments.map((a) => ({ ...a, consentToPublish: !!a.consentToPublish })),
  };
}

/** Why judging is not open, in words, or null when it is. */
export function judgingClosedMessage(cycle: CycleTimeline, now = new Date()): string | null {
  if (judgingOpen(cycle, now)) return null;
  if (cycle.resultsDecidedAt || cycle.publishedAt) return "Judging has finished and the outcomes have been decided, so scores can no longer be changed.";
  if (cycle.judgingClosedAt) {
    return "Judging has finished: the partners have been told the results, so scores can no longer be changed. If something is wrong, contact the organisers.";
  }
  const opens = judgingOpensAt(cycle);
  if (!cycle.launchedAt || now.getTime() < opens.getTime()) {
    return `Judging opens on ${formatUkDateTime(opens)} (UK time). You can read the nomination now, and score it from then.`;
  }
  return `Judging closed on ${formatUkDateTime(cycle.judgingCloseAt)} (UK time), so scores can no longer be saved or changed. If something is wrong, contact the organisers.`;
}

export function storedReviewOf(review: LoadedReview | null, criterionIds?: readonly string[]): StoredReview | null {
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

/** First look: marks the assignment opened (the judge has said they have no conflict). */
export async function openAssignment(db: Db, actor: Actor, assignmentOrId: string | JudgeAssignment, now = new Date()) {
  const assignment = await allowedAssignment(actor, assignmentOrId, "assignment.view");
  if (assignment.conflict !== "none" || assignment.openedAt || !isJudgeable(assignment.nomination.status)) return { openedAt: assignment.openedAt };
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
export async function declareConflict(db: Db, actor: Actor, assignmentOrId: string | JudgeAssignment, reason: string, now = new Date()) {
  const assignment = await allowedAssignment(actor, assignmentOrId, "assignment.view");
  const text = reason.trim();
  if (assignment.conflict === "declared") return { conflict: "declared" as const, reason: assignment.conflictReason ?? "" };
  if (!text) throw new IncompleteReviewError("Say briefly why you have a conflict of interest", { reason: "Say briefly why you have a conflict of interest" });
  if (text.length > CONFLICT_REASON_MAX) {
    throw new IncompleteReviewError(`Keep the reason to ${CONFLICT_REASON_MAX} characters or fewer`, {
      reason: `Keep the reason to ${CONFLICT_REASON_MAX} characters or fewer`,
    });
  }
  await db.$transaction(async (tx) => {
    await lockRow(tx, "Assignment", assignment.id);
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
    if (updated.count !== 1) throw new NotAllowedError(`declare a conflict on ${assignment.id}: it changed meanwhile`);
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
 * Throws NotAllowedError for no access; ReviewRefusedError (StaleReviewError,
 * JudgingClosedError, IncompleteReviewError) when the rules refuse the save.
 */
export async function saveReview(
  db: Db,
  actor: Actor,
  assignmentOrId: string | JudgeAssignment,
  input: SaveReviewInput,
  now = new Date(),
): Promise<SaveReviewResult> {
  const assignment = await allowedAssignment(actor, assignmentOrId, "assignment.score");
  if (!assignment.openedAt) {
    throw new ReviewRefusedError("not_opened", "Before you score this nomination, tell us whether you have a conflict of interest with any of its partners.");
  }
  if (!isJudgeable(assignment.nomination.status)) {
    throw new ReviewRefusedError(
      "not_judged",
      "This nomination is no longer being judged (it has been withdrawn or found ineligible), so it cannot be scored.",
    );
  }
  const closed = judgingClosedMessage(assignment.cycle, now);
  if (closed) throw new JudgingClosedError(closed);

  const criteria = assignment.criteria;
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
  if (yours.commentForPanel.length > COMMENT_FOR_PANEL_MAX)
    fieldErrors.commentForPanel = `Comment for the panel must be ${COMMENT_FOR_PANEL_MAX} characters or fewer`;
  if (yours.noteForNominators.length > NOTE_FOR_NOMINATORS_MAX)
    fieldErrors.noteForNominators = `Note for the nominators must be ${NOTE_FOR_NOMINATORS_MAX} characters or fewer`;
  const version = Number.isInteger(input.version) && input.version >= 0 ? input.version : -1;
  const complete = validateScores(yours.scores, criteria, { requireAll: true });
  const isComplete = Object.keys(complete).length === 0;
  const total = weightedTotal(yours.scores, criteria);
  // The review's scores become exactly these: scored criteria kept, the rest removed
  // (including any for criteria that no longer apply).
  const keep = criterionIds.filter((id) => typeof yours.scores[id] === "number");

  /*
   * Optimistic concurrency without holding the one connection for a conversation. The
   * decision is made on a consistent snapshot of the stored review (one statement), then
   * written in one short batch transaction that only applies if the review is still the one
   * decided on: the update matches on its version (no row: P2025, and the batch, audit
   * included, is rolled back), and a first review can only be created once (assignmentId is
   * unique: P2002). A save that lost such a race decides again on a fresh snapshot, which is
   * exactly what it would have decided had it come second: refused as stale, or accepted
   * unchanged when the stored content is already this one (a retry).
   */
  let current = assignment.review;
  for (let attempt = 1; ; attempt++) {
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

    const wasSubmitted = stored?.status === "submitted";
    const status: ReviewStatus = input.intent === "submit" ? "submitted" : wasSubmitted && isComplete ? "submitted" : "draft";

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
    const action =
      input.intent === "submit" ? "review.submitted" : status === "submitted" ? "review.updated" : wasSubmitted ? "review.reopened" : "review.draft_saved";
    const newVersion = current ? current.version + 1 : 1;
    const auditEvent = (reviewId: string) =>
      auditRow({
        actorId: actor.userId,
        cycleId: assignment.cycleId,
        action,
        entityType: "Review",
        entityId: reviewId,
        data: {
          assignmentId: assignment.id,
          nominationId: assignment.nominationId,
          version: newVersion,
          status,
          scored: total.scored,
          of: total.of,
        },
      });
    const fields = { commentForPanel: yours.commentForPanel, noteForNominators: yours.noteForNominators, status, submittedAt };
    const scoreRows = keep.map((criterionId) => ({ criterionId, value: yours.scores[criterionId] as number }));

    let saved: { id: string; updatedAt: Date; submittedAt: Date | null };
    try {
      if (current) {
        // One batch, one round trip: BEGIN, the versioned update (which stops the batch if the
        // review changed), its scores replaced, the audit, COMMIT.
        const reviewId = current.id;
        const [updated] = await db.$transaction([
          db.review.update({
            where: { id: reviewId, version: current.version },
            data: { ...fields, version: newVersion },
            select: { id: true, updatedAt: true, submittedAt: true },
          }),
          db.score.deleteMany({ where: { reviewId } }),
          db.score.createMany({ data: scoreRows.map((row) => ({ reviewId, ...row })) }),
          db.auditEvent.create({ data: auditEvent(reviewId), select: { id: true } }),
        ]);
        saved = updated;
      } else {
        // The first save of this review (once per assignment): the audit needs the new id.
        saved = await db.$transaction(async (tx) => {
          const created = await tx.review.create({
            data: { assignmentId: assignment.id, ...fields, version: 1, scores: { createMany: { data: scoreRows } } },
            select: { id: true, updatedAt: true, submittedAt: true },
          });
          await tx.auditEvent.create({ data: auditEvent(created.id), select: { id: true } });
          return created;
        });
      }
    } catch (error) {
      if (!lostRace(error)) throw error;
      // Another save got there first: decide again on what is stored now.
      const fresh = await loadReview(assignment.id);
      if (attempt >= 3 || (!current && !fresh)) {
        throw new StaleReviewError(version, storedReviewOf(fresh, criterionIds) ?? emptyStored(criterionIds), yours);
      }
      current = fresh;
      continue;
    }
    return {
      reviewId: saved.id,
      version: newVersion,
      status,
      updatedAt: saved.updatedAt.toISOString(),
      submittedAt: saved.submittedAt ? saved.submittedAt.toISOString() : null,
      total,
      changed: true,
    };
  }
}

/** The review changed (P2025: the versioned update found no row) or was created (P2002) since the snapshot. */
function lostRace(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "P2025" || code === "P2002";
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
