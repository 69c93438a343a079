import { can, type Actor, type NominationFacts } from "~/auth/permissions";

/**
 * "Who may download this file?" - a pure function of who is asking and facts about the
 * file, so it is unit-tested on its own (tests/unit/attachment-access.test.ts). The file
 * route turns a "no" into a 404, so a file's existence is not revealed.
 */

export type AttachmentDownloadFacts = {
  /** photo | evidence */
  kind: string;
  /** the photo's own consent to publish */
  consentToPublish: boolean;
  nomination: NominationFacts & {
    status: string;
    /** the partners' consent to publish the nomination at all */
    consentToPublish: boolean;
    /** there is a Decision with an outcome tier (not "not awarded") */
    awarded: boolean;
  };
  cyclePublishedAt: Date | null;
  /** judges assigned to the nomination, with their conflict status and when they answered the conflict question */
  assignments: { judgeId: string; conflict: string; openedAt: Date | null }[];
};

/**
 * The public may see a photo once results are published, only if the nomination won an
 * award, and only with consent both for the photo and for the nomination. Evidence is
 * never public.
 */
export function isPublicPhoto(facts: AttachmentDownloadFacts): boolean {
  return facts.kind === "photo" && facts.consentToPublish && facts.nomination.consentToPublish && !!facts.cyclePublishedAt && facts.nomination.awarded;
}

/**
 * The nomination's people and organisers of its cycle (can nomination.view); judges assigned
 * to it who may read it (assignment.read: no conflict, the conflict question answered, still
 * being judged); anyone at all for a
 * public photo (isPublicPhoto). Everyone else: no.
 */
export function mayDownloadAttachment(actor: Actor | null, facts: AttachmentDownloadFacts): boolean {
  if (can(actor, { action: "nomination.view", nomination: facts.nomination })) return true;
  if (
    actor &&
    facts.assignments.some((a) =>
      can(actor, {
        action: "assignment.read",
        assignment: { cycleId: facts.nomination.cycleId, judgeId: a.judgeId, conflict: a.conflict, openedAt: a.openedAt, nomination: facts.nomination },
      }),
    )
  ) {
    return true;
  }
  return isPublicPhoto(facts);
}
