/**
 * A judge's work, decided once (docs/decisions/0061): an assignment is work when its
 * nomination is being judged (JUDGEABLE: checked and found eligible) and the judge has no
 * conflict; it is outstanding until its review is submitted. The judge's queue, the
 * organiser's progress table and the reminders all ask this, so a judge is never reminded of
 * a nomination their queue does not show (one returned to draft keeps its assignments).
 */
import type { Prisma } from "~/generated/prisma/client";
import { JUDGEABLE, isJudgeable, statusIn } from "~/nominations/status";

type AssignmentFacts = { conflict: string; nomination: { status: string } };

/**
 * The where-clause of a judge's work, narrowed by `scope` (cycle, judge). With
 * `withDeclaredConflicts` it also matches the declared conflicts the judge's own queue lists
 * (not to score); a detected conflict is never shown to the judge.
 */
export function judgeWorkload(scope: Prisma.AssignmentWhereInput = {}, options: { withDeclaredConflicts?: boolean } = {}): Prisma.AssignmentWhereInput {
  return {
    ...scope,
    conflict: options.withDeclaredConflicts ? { in: ["none", "declared"] } : "none",
    nomination: { status: statusIn(JUDGEABLE) },
  };
}

/** The same rule for rows already loaded. */
export function isJudgeWork(a: AssignmentFacts): boolean {
  return a.conflict === "none" && isJudgeable(a.nomination.status);
}

/** Work still to do: not yet a submitted review. */
export function isOutstanding(a: AssignmentFacts & { review: { status: string } | null }): boolean {
  return isJudgeWork(a) && a.review?.status !== "submitted";
}
