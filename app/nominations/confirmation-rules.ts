/**
 * "Two different sectors vouch for every nomination": the pure rules of who confirms a joint
 * nomination. No database, no clock; nominations.server.ts loads the facts and asks here, and
 * tests/unit/confirmation-rules.test.ts drives every case. docs/decisions/0045.
 *
 * - The person submitting confirms for exactly one lead partner: the lead of their own side
 *   whose organisation they are a verified member of. Claiming an organisation is not enough.
 * - Every other lead partner confirms by its own contact: a different person and address from
 *   the submitter, outside the submitter's organisation's verified domain (other addresses,
 *   free mail included, are compared whole), by the emailed link bound to that contact.
 * - The two lead confirmations come from two different people, whatever organisations they
 *   belong to.
 */
import { emailDomainOf, isWithinDomain, matchingDomain, normaliseEmail } from "~/organisations/email-domains";
import { isLeadRole, partnerSide, type PartnerFacts } from "./eligibility";

export type Submitter = {
  userId: string;
  email: string;
  /** organisations the submitter is a verified member of */
  verifiedOrganisationIds: readonly string[];
};

export type ConfirmingPartner = Pick<PartnerFacts, "organisationId" | "sector" | "role" | "contactEmail" | "confirmedAt"> & {
  id: string;
  organisationName: string;
  /** the organisation's verified email domains */
  emailDomains: readonly string[];
  /** who confirmed for this partner, if anyone has */
  confirmedById: string | null;
};

export type ConfirmationPlan =
  | {
      ok: true;
      /** the lead partner the submitter confirms by submitting */
      ownLead: ConfirmingPartner;
      /** the other lead partners, each to confirm by its own contact (already confirmed ones included) */
      others: ConfirmingPartner[];
    }
  | { ok: false; problems: PlanProblem[] };

/** "membership": the submitter does not yet verifiably speak for a lead partner; "contact": a lead's contact cannot confirm. */
export type PlanProblem = { kind: "membership" | "contact"; message: string };

/**
 * Which lead the submitter confirms and which the others must. The drafter's side is
 * preferred when the submitter is a verified member of both leads' organisations: one person
 * never vouches for both sides.
 */
export function confirmationPlan(submitter: Submitter, partners: readonly ConfirmingPartner[], drafterSector: string | null): ConfirmationPlan {
  const leads = partners.filter((p) => isLeadRole(p.role));
  const mine = leads.filter((p) => submitter.verifiedOrganisationIds.includes(p.organisationId));
  if (mine.length === 0) {
    const named = leads.map((p) => p.organisationName).join(" or ");
    return {
      ok: false,
      problems: [
        leads.length
          ? {
              kind: "membership",
              message: `You can send this nomination only once we know you speak for ${named}. Ask to join your organisation from “About you”: an organiser or a colleague already verified there can approve you.`,
            }
          : { kind: "contact", message: "Choose the lead partners first." },
      ],
    };
  }
  const drafterSide = drafterSector ? partnerSide(drafterSector) : null;
  const ownLead = mine.find((p) => partnerSide(p.sector) === drafterSide) ?? mine[0];
  const others = leads.filter((p) => p.id !== ownLead.id);
  const problems: PlanProblem[] = others.flatMap((p) =>
    otherLeadContactProblems(submitter, ownLead, p).map((message) => ({ kind: "contact" as const, message })),
  );
  // Someone else confirmed the own lead earlier; a different person already confirmed the other:
  // the submitter may not be the one who confirmed any other lead.
  for (const p of others) {
    if (p.confirmedAt && p.confirmedById === submitter.userId) {
      problems.push({
        kind: "contact",
        message: `You confirmed this nomination for ${p.organisationName}, so you cannot also send it for ${ownLead.organisationName}.`,
      });
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, ownLead, others };
}

/**
 * Why this lead partner's contact cannot be the one who confirms for it, given who is
 * submitting for which lead: nothing (an empty list) when they can.
 */
export function otherLeadContactProblems(
  submitter: Pick<Submitter, "email">,
  ownLead: Pick<ConfirmingPartner, "emailDomains">,
  other: ConfirmingPartner,
): string[] {
  const contact = normaliseEmail(other.contactEmail);
  const mine = normaliseEmail(submitter.email);
  if (!contact) return [`Enter a contact email for ${other.organisationName}: their lead contact confirms the nomination.`];
  if (contact === mine) {
    return [`${other.organisationName}'s contact must be someone at ${other.organisationName}, not you: they confirm the nomination for their organisation.`];
  }
  // Where the submitter's address is at their organisation's own (verified) domain, the other
  // sector's contact must be outside it: a colleague cannot confirm for the other sector.
  const ownDomain = matchingDomain(mine, ownLead.emailDomains);
  const contactDomain = emailDomainOf(contact);
  if (ownDomain && contactDomain && isWithinDomain(contactDomain, ownDomain)) {
    return [
      `${other.organisationName}'s contact is at ${ownDomain}, your organisation's own email domain. Give the address of their lead contact at ${other.organisationName}.`,
    ];
  }
  // Otherwise addresses are compared whole: free mail, and domains shared by unrelated groups
  // (a CVS that hosts small charities' email), say nothing about who works where.
  return [];
}

/**
 * What a confirmation given through the emailed link counts as. The link is bound to the
 * contact's address; the person confirming is whoever holds that address.
 */
export type LinkConfirmation =
  /** it counts now */
  | { kind: "confirmed"; verifiedVia: "membership" | "domain" }
  /** recorded, and counts once the contact is approved as speaking for the organisation */
  | { kind: "awaiting_verification" }
  | { kind: "refused"; message: string };

export function linkConfirmation(input: {
  /** the user who holds the contact's address */
  confirmerUserId: string;
  contactEmail: string;
  partner: Pick<ConfirmingPartner, "organisationId" | "organisationName" | "emailDomains">;
  /** organisations the confirmer is a verified member of */
  confirmerVerifiedOrganisationIds: readonly string[];
  /** who confirmed the nomination's other leads */
  otherLeadConfirmerIds: readonly (string | null)[];
  /** the signed-in person using the link, if any */
  signedInUserId: string | null;
}): LinkConfirmation {
  const otherConfirmers = input.otherLeadConfirmerIds.filter((id): id is string => !!id);
  if (otherConfirmers.includes(input.confirmerUserId) || (input.signedInUserId && otherConfirmers.includes(input.signedInUserId))) {
    return {
      kind: "refused",
      message: `You have already confirmed this nomination for another partner, so you cannot confirm it for ${input.partner.organisationName} too. Forward the email to their lead contact.`,
    };
  }
  if (input.confirmerVerifiedOrganisationIds.includes(input.partner.organisationId)) return { kind: "confirmed", verifiedVia: "membership" };
  if (matchingDomain(input.contactEmail, input.partner.emailDomains)) return { kind: "confirmed", verifiedVia: "domain" };
  return { kind: "awaiting_verification" };
}

/** The fields whose change after a partner confirmed means the partner must confirm again. */
export const SUBSTANTIVE_FIELDS = [
  "title",
  "summary",
  "whatHappened",
  "impact",
  "howPartnersWorked",
  "quote",
  "quoteAttribution",
  "principles",
  "startedOn",
] as const;

export function substantiveChange(
  before: Record<(typeof SUBSTANTIVE_FIELDS)[number], unknown>,
  after: Record<(typeof SUBSTANTIVE_FIELDS)[number], unknown>,
): boolean {
  return SUBSTANTIVE_FIELDS.some((f) => JSON.stringify(before[f] ?? null) !== JSON.stringify(after[f] ?? null));
}

/** How often a confirmation request may go to the same contact for the same nomination. */
export const CONFIRMATION_RESEND = { minMinutesBetween: 60, maxPerDay: 3 } as const;

/**
 * When the next confirmation request to this contact may go, given the times earlier ones
 * went (any order): null when one may go now.
 */
export function nextConfirmationAllowedAt(sentAt: readonly Date[], now: Date): Date | null {
  const dayAgo = now.getTime() - 24 * 3_600_000;
  const recent = sentAt
    .map((d) => d.getTime())
    .filter((t) => t > dayAgo && t <= now.getTime())
    .sort((a, b) => a - b);
  const candidates: number[] = [];
  const last = recent.at(-1);
  if (last !== undefined && now.getTime() - last < CONFIRMATION_RESEND.minMinutesBetween * 60_000)
    candidates.push(last + CONFIRMATION_RESEND.minMinutesBetween * 60_000);
  if (recent.length >= CONFIRMATION_RESEND.maxPerDay) candidates.push(recent[recent.length - CONFIRMATION_RESEND.maxPerDay] + 24 * 3_600_000);
  return candidates.length ? new Date(Math.max(...candidates)) : null;
}
