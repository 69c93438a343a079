/**
 * Membership of an organisation, as pure rules (docs/decisions/0045). A person is a verified
 * member when their address is at one of the organisation's verified domains, or an organiser
 * or a verified member approved them, or they were invited as its contact. Until then they
 * are "asking to join" and get nothing from it.
 */

export const MEMBERSHIP_STATUSES = ["asking", "verified", "refused", "left"] as const;
export type MembershipStatus = (typeof MEMBERSHIP_STATUSES)[number];

export const VERIFIED_VIA = ["domain", "approval", "invitation"] as const;
export type VerifiedVia = (typeof VERIFIED_VIA)[number];

export const MEMBERSHIP_STATUS_LABELS: Record<MembershipStatus, string> = {
  asking: "Asking to join",
  verified: "Verified",
  refused: "Not approved",
  left: "Left",
};

/** What an organiser or member is told after answering a request to join. */
export function membershipDecisionNotice(decision: "approve" | "refuse", name: string, organisationName: string): string {
  return decision === "approve" ? `${name} now speaks for ${organisationName}.` : `${name}'s request to speak for ${organisationName} was not approved.`;
}

/**
 * The organisations a judge is conflicted with by membership: every one they have a
 * membership of, whatever its status, and the one their profile names. Claiming an
 * organisation, or leaving one, never lets a judge escape a conflict with it.
 */
export function judgeOrganisationIds(claimedOrganisationId: string | null, memberships: readonly { organisationId: string }[]): string[] {
  const ids = new Set(memberships.map((m) => m.organisationId));
  if (claimedOrganisationId) ids.add(claimedOrganisationId);
  return [...ids].sort();
}
