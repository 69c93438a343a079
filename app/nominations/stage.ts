/**
 * Where a nomination in play stands, as its partners see it on the nomination's page (issue 19,
 * item 8): checked, waiting for judging, being judged, outcomes being decided, and once the
 * partners have been told, its outcome, the ceremony and its published case study.
 * Pure: the one rule, given what stage.server.ts loads.
 */
import { judgingOpen, judgingOpensAt, type CycleTimeline } from "~/cycles/phase";
import { ceremonyAhead } from "~/results/publication";
import { isCounted } from "./status";

/** What the partners were told, as stage.server.ts works it out from the results emails and the cycle. */
export type Told = {
  /** the outcome in words ("Winner", "Not awarded") */
  outcome: string;
  awarded: boolean;
  /** the outcome told is still the outcome now, and the results are locked */
  stands: boolean;
};

export type StageInput = {
  status: string;
  cycle: CycleTimeline & { ceremonyAt: Date | null; ceremonyVenue: string | null; publishResultsAt: Date | null };
  told: Told | null;
  /** the path of its public case study, when the results are published and it has one */
  caseStudyPath: string | null;
};

export type NominationStage =
  | { kind: "checking" }
  | { kind: "waiting_for_judging"; judgingOpensAt: Date }
  | { kind: "judging"; judgingClosesAt: Date | null }
  | { kind: "deciding"; ceremonyAt: Date | null }
  | {
      kind: "told";
      outcome: string;
      awarded: boolean;
      /** the organisers unlocked the results, or changed this outcome, since the partners were told */
      beingCorrected: boolean;
      ceremony: { at: Date; venue: string | null } | null;
      published: boolean;
      publishAt: Date | null;
      caseStudyPath: string | null;
    };

export function nominationStage(input: StageInput, now = new Date()): NominationStage | null {
  const { status, cycle, told } = input;
  if (!isCounted(status)) return null; // the rest have their own words on the page
  if (told) {
    const ceremonyAt = ceremonyAhead(cycle.ceremonyAt, now);
    return {
      kind: "told",
      outcome: told.outcome,
      awarded: told.awarded,
      beingCorrected: !told.stands,
      ceremony: ceremonyAt ? { at: ceremonyAt, venue: cycle.ceremonyVenue } : null,
      published: !!cycle.publishedAt,
      publishAt: cycle.publishedAt ? null : cycle.publishResultsAt,
      caseStudyPath: cycle.publishedAt ? input.caseStudyPath : null,
    };
  }
  const opens = judgingOpensAt(cycle);
  const decided = !!cycle.resultsDecidedAt;
  if (!decided && now < opens) return status === "submitted" ? { kind: "checking" } : { kind: "waiting_for_judging", judgingOpensAt: opens };
  if (judgingOpen(cycle, now)) return { kind: "judging", judgingClosesAt: cycle.judgingCloseAt };
  return { kind: "deciding", ceremonyAt: ceremonyAhead(cycle.ceremonyAt, now) };
}
