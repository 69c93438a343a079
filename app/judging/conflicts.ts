/**
 * Detected conflicts of interest: the one rule that says a judge must not judge a nomination.
 * Pages (the organiser's judges view, the judge's queue), automatic assignment and tests all
 * ask this module, so the three can never disagree about who is conflicted.
 *
 * A judge is conflicted with a nomination when, for any of its partners:
 *   1. the judge has a membership of that partner (verified, asked for or left);
 *   2. the judge is that partner's named contact (same email address);
 *   3. the judge's email is at one of that partner's verified email domains, or a subdomain of it
 *      (judge@nhs.coventry.gov.uk is inside coventry.gov.uk; judge@notcoventry.gov.uk is not).
 * Declared conflicts (the judge says so) are recorded on the Assignment, not worked out here.
 */

import { emailDomainOf, isFreeMailDomain, isWithinDomain, normaliseDomain, normaliseEmail } from "~/organisations/email-domains";

/**
 * The judge as far as conflicts go: every organisation they have a membership of (verified,
 * asked for, or left: claiming or leaving an organisation never lets a judge escape a
 * conflict with it) and their sign-in email.
 */
export type JudgeIdentity = {
  organisationIds: readonly string[];
  email: string;
};

/** One partner organisation on a nomination. */
export type PartnerIdentity = {
  organisationId: string;
  organisationName?: string;
  /** the organisation's verified email domains, e.g. ["coventry.gov.uk"] */
  emailDomains: readonly string[];
  /** NominationPartner.contactEmail; "" (the column's default) means no contact yet */
  contactEmail?: string;
};

export type ConflictCheck = { conflicted: true; reason: string } | { conflicted: false };

function named(partner: PartnerIdentity): string {
  const name = partner.organisationName?.trim();
  return name ? name : "a partner organisation";
}

/** Is this judge conflicted with a nomination that has these partners? Says why, naming the partner. */
export function detectConflict(judge: JudgeIdentity, partners: readonly PartnerIdentity[]): ConflictCheck {
  // Same answer (and same reason) whatever order the partners come in.
  const ordered = [...partners].sort((a, b) => compareIds(a.organisationId, b.organisationId));

  // Strongest reason first: working for a partner outranks merely sharing its email domain.
  if (judge.organisationIds.length) {
    const own = ordered.find((p) => judge.organisationIds.includes(p.organisationId));
    if (own) {
      const name = own.organisationName?.trim();
      return {
        conflicted: true,
        reason: name ? `The judge's organisation, ${name}, is a partner in this nomination.` : "The judge's organisation is a partner in this nomination.",
      };
    }
  }

  const judgeEmail = normaliseEmail(judge.email);
  if (judgeEmail !== "") {
    const contact = ordered.find((p) => p.contactEmail && normaliseEmail(p.contactEmail) === judgeEmail);
    if (contact) {
      return {
        conflicted: true,
        reason: `The judge is the named contact for ${named(contact)}, a partner in this nomination.`,
      };
    }
  }

  const judgeDomain = emailDomainOf(judge.email);
  if (judgeDomain) {
    for (const partner of ordered) {
      for (const raw of [...partner.emailDomains].sort()) {
        const domain = normaliseDomain(raw);
        if (!domain || isFreeMailDomain(domain)) continue;
        if (!isWithinDomain(judgeDomain, domain)) continue;
        const where = judgeDomain === domain ? domain : `${judgeDomain} (part of ${domain})`;
        return {
          conflicted: true,
          reason: `The judge's email address is at ${where}, the email domain of ${named(partner)}, a partner in this nomination.`,
        };
      }
    }
  }

  return { conflicted: false };
}

/** A judge in a cycle, with what detectConflict needs. */
export type JudgeForConflicts = JudgeIdentity & { id: string };

/** A nomination with its partners. */
export type NominationForConflicts = { id: string; partners: readonly PartnerIdentity[] };

/** A detected conflict between one judge and one nomination. */
export type DetectedConflict = { judgeId: string; nominationId: string; reason: string };

/**
 * Every detected conflict between these judges and nominations, ordered by nomination then
 * judge. Its output is the `conflicts` input of autoAssign and panelForCategory.
 */
export function detectConflicts(judges: readonly JudgeForConflicts[], nominations: readonly NominationForConflicts[]): DetectedConflict[] {
  const found: DetectedConflict[] = [];
  const sortedNominations = [...nominations].sort((a, b) => compareIds(a.id, b.id));
  const sortedJudges = [...judges].sort((a, b) => compareIds(a.id, b.id));
  for (const nomination of sortedNominations) {
    for (const judge of sortedJudges) {
      const check = detectConflict(judge, nomination.partners);
      if (check.conflicted) found.push({ judgeId: judge.id, nominationId: nomination.id, reason: check.reason });
    }
  }
  return found;
}

/** Plain code-unit order: the same everywhere, unlike localeCompare. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
