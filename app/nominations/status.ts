/**
 * Which nominations are in play, named once (pretalx's SubmissionStates style). Every page,
 * job and test that asks "does this nomination count here?" imports one of these sets, so a
 * rule changes in one place (docs/decisions/0061).
 */
import type { NominationStatus } from "~/domain/vocabulary";

type Statuses = readonly NominationStatus[];

function has(set: Statuses, status: string): boolean {
  return (set as readonly string[]).includes(status);
}

/** Still with the partners: started, or waiting for the other sector to confirm. */
export const DRAFTING = ["draft", "awaiting_partner"] as const satisfies Statuses;

/** Sent in by the partners: what the organisers check, and what "received" counts. */
export const RECEIVED = ["submitted", "eligible", "ineligible"] as const satisfies Statuses;
/** Never sent in, or taken back: the complement of RECEIVED. */
export const NOT_RECEIVED = ["draft", "awaiting_partner", "withdrawn"] as const satisfies Statuses;

/** Out of the running for good (unless an organiser returns an ineligible one for changes). */
export const OUT_OF_PLAY = ["withdrawn", "ineligible"] as const satisfies Statuses;
/** Still in the running: anything not withdrawn or found ineligible. */
export const IN_PLAY = ["draft", "awaiting_partner", "submitted", "eligible"] as const satisfies Statuses;

/**
 * Counted in the results and able to hold an outcome: sent in and not found ineligible. A
 * "submitted" one counts (an organiser may not have checked it yet) but is flagged.
 */
export const COUNTED = ["submitted", "eligible"] as const satisfies Statuses;

/** Judged and awardable: an organiser has checked it and found it eligible. */
export const JUDGEABLE = ["eligible"] as const satisfies Statuses;

/** An organiser may mark these eligible or not, or send them back for changes: exactly RECEIVED. */
export const REVIEWABLE = RECEIVED;

/** Taken back by the partners: kept, but listed nowhere as theirs to work on. */
export const WITHDRAWN = "withdrawn" satisfies NominationStatus;

/** The partners may still change these (before the deadline). */
export const EDITABLE = ["draft", "awaiting_partner", "submitted"] as const satisfies Statuses;
/** The partners may withdraw these (before the deadline): anything still in play. */
export const WITHDRAWABLE = IN_PLAY;

export const isReceived = (status: string) => has(RECEIVED, status);
export const isInPlay = (status: string) => has(IN_PLAY, status);
export const isCounted = (status: string) => has(COUNTED, status);
export const isJudgeable = (status: string) => has(JUDGEABLE, status);
export const isReviewable = (status: string) => has(REVIEWABLE, status);
export const isEditable = (status: string) => has(EDITABLE, status);
export const isWithdrawable = (status: string) => has(WITHDRAWABLE, status);

/** A Prisma `status` filter for a set (a fresh array: Prisma wants a mutable one). */
export function statusIn(set: Statuses): { in: NominationStatus[] } {
  return { in: [...set] };
}
