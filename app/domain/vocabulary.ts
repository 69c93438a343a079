/**
 * The awards' own words, in one place. The database stores these keys as strings;
 * zod schemas and pages use the lists and labels from here.
 */

export const SECTORS = ["statutory", "voluntary_community", "faith", "social_enterprise", "private"] as const;
export type Sector = (typeof SECTORS)[number];

export const SECTOR_LABELS: Record<Sector, string> = {
  statutory: "Statutory (council, NHS, police, fire, housing, college)",
  voluntary_community: "Voluntary or community",
  faith: "Faith group",
  social_enterprise: "Social enterprise",
  private: "Private business",
};

export const SECTOR_SHORT_LABELS: Record<Sector, string> = {
  statutory: "Statutory",
  voluntary_community: "Voluntary or community",
  faith: "Faith",
  social_enterprise: "Social enterprise",
  private: "Private",
};

/** Voluntary, community, faith and social-enterprise groups are all the VCS side of a partnership. */
export function isVcsSector(sector: string): boolean {
  return sector === "voluntary_community" || sector === "faith" || sector === "social_enterprise";
}

export function isStatutorySector(sector: string): boolean {
  return sector === "statutory";
}

export const CYCLE_ROLES = ["organiser", "judge"] as const;
export type CycleRoleName = (typeof CYCLE_ROLES)[number];

export const PARTNER_ROLES = ["lead_statutory", "lead_vcs", "other"] as const;
export type PartnerRole = (typeof PARTNER_ROLES)[number];
export const PARTNER_ROLE_LABELS: Record<PartnerRole, string> = {
  lead_statutory: "Lead statutory partner",
  lead_vcs: "Lead voluntary or community partner",
  other: "Other partner",
};

export const NOMINATION_STATUSES = ["draft", "awaiting_partner", "submitted", "eligible", "ineligible", "withdrawn"] as const;
export type NominationStatus = (typeof NOMINATION_STATUSES)[number];
export const NOMINATION_STATUS_LABELS: Record<NominationStatus, string> = {
  draft: "Draft",
  awaiting_partner: "Waiting for partner to confirm",
  submitted: "Submitted",
  eligible: "Eligible",
  ineligible: "Not eligible",
  withdrawn: "Withdrawn",
};

/** The five national Compact outcomes a nomination can show (Compact Voice, seed 001). */
export const COMPACT_PRINCIPLES = [
  { key: "civil_society", label: "A strong, diverse and independent civil society" },
  {
    key: "policy_design",
    label: "Effective and transparent design and development of policies, programmes and public services",
  },
  { key: "responsive_services", label: "Responsive and high-quality programmes and services" },
  { key: "managing_change", label: "Clear arrangements for managing changes to programmes and services" },
  { key: "equal_fair_society", label: "An equal and fair society" },
] as const;
export type CompactPrincipleKey = (typeof COMPACT_PRINCIPLES)[number]["key"];
export const COMPACT_PRINCIPLE_KEYS = COMPACT_PRINCIPLES.map((p) => p.key) as [CompactPrincipleKey, ...CompactPrincipleKey[]];
export function principleLabel(key: string): string {
  return COMPACT_PRINCIPLES.find((p) => p.key === key)?.label ?? key;
}

export const TIER_KINDS = ["winner", "special_commendation", "commendation", "highly_commended", "other"] as const;
export type TierKind = (typeof TIER_KINDS)[number];

/** Default outcome tiers for a new cycle; "not awarded" is the absence of a tier. */
export const DEFAULT_OUTCOME_TIERS: { name: string; rank: number; kind: TierKind }[] = [
  { name: "Winner", rank: 1, kind: "winner" },
  { name: "Special commendation", rank: 2, kind: "special_commendation" },
  { name: "Commendation", rank: 3, kind: "commendation" },
  { name: "Highly commended", rank: 4, kind: "highly_commended" },
];

export const CONFLICTS = ["none", "declared", "detected"] as const;

export const REVIEW_STATUSES = ["draft", "submitted"] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const ATTACHMENT_KINDS = ["photo", "evidence"] as const;

export const EMAIL_STATUSES = ["queued", "sending", "sent", "failed"] as const;

export const RANKING_MEASURES = ["normalised", "mean", "median"] as const;
export type RankingMeasure = (typeof RANKING_MEASURES)[number];
