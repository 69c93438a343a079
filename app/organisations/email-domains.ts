/**
 * Email addresses and domains: the one home of the rules that say whether an address is at
 * an organisation's domain, and which domains can never be anyone's (free mail). Used by
 * membership (a verified domain makes a verified member), the confirmation rule (the other
 * sector's contact must be outside the submitter's organisation) and conflict detection.
 */

/**
 * Public mailbox providers are shared by thousands of unrelated people. Such a domain is
 * never an organisation's verified domain, and two addresses there are compared whole.
 */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  "gmail.com",
  "googlemail.com",
  "hotmail.com",
  "hotmail.co.uk",
  "outlook.com",
  "outlook.co.uk",
  "live.com",
  "live.co.uk",
  "msn.com",
  "yahoo.com",
  "yahoo.co.uk",
  "ymail.com",
  "aol.com",
  "aol.co.uk",
  "icloud.com",
  "me.com",
  "mac.com",
  "btinternet.com",
  "btopenworld.com",
  "sky.com",
  "talktalk.net",
  "virginmedia.com",
  "ntlworld.com",
  "blueyonder.co.uk",
  "protonmail.com",
  "proton.me",
  "gmx.com",
  "gmx.co.uk",
  "mail.com",
  "zoho.com",
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

/** A free-mail domain, or a subdomain of one. */
export function isFreeMailDomain(domain: string | null | undefined): boolean {
  const d = normaliseDomain(domain);
  if (!d) return false;
  for (const free of FREE_MAIL_DOMAINS) if (isWithinDomain(d, free)) return true;
  return false;
}

/** The verified domain (of those given) that this address is at, or null. Free-mail domains never count. */
export function matchingDomain(email: string, domains: readonly string[]): string | null {
  const at = emailDomainOf(email);
  if (!at) return null;
  for (const domain of domains) {
    if (isFreeMailDomain(domain)) continue;
    if (isWithinDomain(at, domain)) return normaliseDomain(domain);
  }
  return null;
}

/**
 * Why this is not a domain an organisation can verify, or null when it is: a plain
 * hostname with at least one dot, letters, digits and hyphens only, and not free mail.
 */
export function domainProblem(input: string): string | null {
  const d = normaliseDomain(input);
  if (!d) return "Enter the email domain, for example coventry.gov.uk";
  if (d.length > 253 || !/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(d)) {
    return "Enter the part of the email address after the @, for example coventry.gov.uk";
  }
  if (isFreeMailDomain(d)) return `${d} is a free email service used by many unrelated people, so it cannot show who works for an organisation`;
  return null;
}
