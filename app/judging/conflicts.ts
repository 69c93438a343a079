/**
 * Detected conflicts of interest: the one rule that says a judge must not judge a nomination.
 * Pages (the organiser's judges view, the judge's queue), automatic assignment and tests all
 * ask this module, so the three can never disagree about who is conflicted.
 *
 * A judge is conflicted with a nomination when, for any of its partners:
 *   1. the judge's organisation is that partner;
 *   2. the judge is that partner's named contact (same email address);
 *   3. the judge's email is at that partner's email domain, or a subdomain of it
 *      (judge@nhs.coventry.gov.uk is inside coventry.gov.uk; judge@notcoventry.gov.uk is not).
 * Declared conflicts (the judge says so) are recorded on the Assignment, not worked out here.
 */

/** The judge as far as conflicts go: who they work for and their sign-in email. */
export type JudgeIdentity = {
  organisationId: string | null;
  email: string;
};

/** One partner organisation on a nomination. */
export type PartnerIdentity = {
  organisationId: string;
  organisationName?: string;
  /** Organisation.emailDomain, e.g. "coventry.gov.uk"; null when the organisation has none */
  emailDomain: string | null;
  /** NominationPartner.contactEmail; "" (the column's default) means no contact yet */
  contactEmail?: string;
};

export type ConflictCheck = { conflicted: true; reason: string } | { conflicted: false };

/**
 * Public mailbox providers are shared by thousands of unrelated people. A small community group
 * whose only address is on gmail.com may have "gmail.com" recorded as its domain; that must not
 * make every judge with a Gmail address conflicted. The partner's contact email (rule 2) still
 * catches the person who actually wrote in.
 */
export const SHARED_MAILBOX_DOMAINS: ReadonlySet<string> = new Set([
  "gmail.com",
  "googlemail.com",
  "hotmail.com",
  "hotmail.co.uk",
  "outlook.com",
  "live.com",
  "live.co.uk",
  "msn.com",
  "yahoo.com",
  "yahoo.co.uk",
  "aol.com",
  "aol.co.uk",
  "icloud.com",
  "me.com",
  "btinternet.com",
  "sky.com",
  "talktalk.net",
  "virginmedia.com",
  "ntlworld.com",
  "protonmail.com",
  "proton.me",
]);

/** Lower-cased and trimmed; email addresses are unique case-insensitively (see User.email). */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** "coventry.gov.uk" from " @Coventry.Gov.UK. " and the like; null for nothing usable. */
export function normaliseDomain(domain: string | null | undefined): string | null {
  if (!domain) return null;
  const cleaned = domain.trim().toLowerCase().replace(/^@+/, "").replace(/\.+$/, "");
  return cleaned === "" ? null : cleaned;
}

/** The part after the last "@", lower-cased; null when the address has none. */
export function emailDomainOf(email: string): string | null {
  const address = normaliseEmail(email);
  const at = address.lastIndexOf("@");
  if (at < 0) return null;
  return normaliseDomain(address.slice(at + 1));
}

/**
 * True when an address at `emailDomain` belongs to an organisation whose domain is
 * `organisationDomain`: the same domain, or a subdomain of it. Matching on a whole label
 * (the "." before it) keeps notcoventry.gov.uk apart from coventry.gov.uk.
 */
export function isWithinDomain(emailDomain: string, organisationDomain: string): boolean {
  const inner = normaliseDomain(emailDomain);
  const outer = normaliseDomain(organisationDomain);
  if (!inner || !outer) return false;
  return inner === outer || inner.endsWith(`.${outer}`);
}

function named(partner: PartnerIdentity): string {
  const name = partner.organisationName?.trim();
  return name ? name : "a partner organisation";
}

/** Is this judge conflicted with a nomination that has these partners? Says why, naming the partner. */
export function detectConflict(judge: JudgeIdentity, partners: readonly PartnerIdentity[]): ConflictCheck {
  // Same answer (and same reason) whatever order the partners come in.
  const ordered = [...partners].sort((a, b) => compareIds(a.organisationId, b.organisationId));

  // Strongest reason first: working for a partner outranks merely sharing its email domain.
  if (judge.organisationId) {
    const own = ordered.find((p) => p.organisationId === judge.organisationId);
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
      const domain = normaliseDomain(partner.emailDomain);
      if (!domain || SHARED_MAILBOX_DOMAINS.has(domain)) continue;
      if (!isWithinDomain(judgeDomain, domain)) continue;
      const where = judgeDomain === domain ? domain : `${judgeDomain} (part of ${domain})`;
      return {
        conflicted: true,
        reason: `The judge's email address is at ${where}, the email domain of ${named(partner)}, a partner in this nomination.`,
      };
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
