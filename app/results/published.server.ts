/**
 * A cycle's awards as the public sees them: one source of truth for the public results
 * page, the case-study pages and booklet, the press release, the ceremony running order
 * and the certificates.
 *
 * An award is a nomination with a Decision whose outcome tier is set, that was neither
 * withdrawn nor found ineligible. Awards are grouped by category (category order) and,
 * within a category, by tier rank (winners first), then by title.
 *
 * No access checks here: callers decide who may see it (published cycle, or organiser).
 * Only photos with consent to publish are ever returned; evidence files never are.
 *
 * Consent is honoured here, where the data is made, not where it is shown: every public
 * view (results page, case-study pages, booklet, press release, their JSON) is built by
 * publicAward(), which leaves out everything the partners' consent does not cover. Without
 * consent to publish only the title, the partners, the category and the outcome remain
 * (docs/decisions/0046). Only the organisers' own ceremony papers ask for the whole award.
 */
import { type Db } from "~/db/client.server";
import { COUNTED, JUDGEABLE, RECEIVED, statusIn } from "~/nominations/status";
import { PARTNER_ROLE_LABELS, SECTOR_SHORT_LABELS, isStatutorySector, isVcsSector, principleLabel, type PartnerRole, type Sector } from "~/domain/vocabulary";
import type { StoryText } from "~/nominations/story";
import { storyText } from "~/nominations/story";

export type PartnerSide = "statutory" | "vcs" | "other";

export type PublishedPartner = {
  organisationId: string;
  name: string;
  sector: string;
  sectorLabel: string;
  /** statutory | vcs (voluntary, community, faith, social enterprise) | other (private) */
  side: PartnerSide;
  role: string;
  roleLabel: string;
};

export type PublishedPhoto = {
  id: string;
  storageKey: string;
  storageBackend: string;
  fileName: string;
  contentType: string;
  caption: string;
  credit: string;
  width: number | null;
  height: number | null;
};

export type PublishedTier = { id: string; name: string; kind: string; rank: number };

export type PublishedAward = StoryText & {
  nominationId: string;
  decisionId: string;
  category: { id: string; name: string; position: number } | null;
  principles: { key: string; label: string }[];
  /** YYYY-MM-DD or null */
  startedOn: string | null;
  publicContact: string;
  /** the partners agreed to publish the nomination's story; without it only title, outcome and partners are shown */
  consentToPublish: boolean;
  isExample: boolean;
  tier: PublishedTier;
  /** one line read out at the ceremony */
  citation: string;
  /** every partner, in the nomination's order */
  partners: PublishedPartner[];
  /** the same partners grouped by side, for "partners by sector" */
  partnersBySide: Record<PartnerSide, PublishedPartner[]>;
  /** photos with consent to publish, oldest first */
  photos: PublishedPhoto[];
  updatedAt: Date;
  decidedAt: Date;
};

export type PublishedCategory = {
  id: string | null;
  name: string;
  description: string;
  position: number;
  awards: PublishedAward[];
};

export type PublishedResults = {
  /** categories with at least one award, in category order (awards without a category last) */
  categories: PublishedCategory[];
  /** every award in booklet order (category, then tier rank, then title) */
  awards: PublishedAward[];
  /** the cycle's tiers, highest first */
  tiers: PublishedTier[];
  counts: {
    /** nominations submitted to the organisers (not drafts, not awaiting a partner, not withdrawn) */
    nominationsReceived: number;
    /** nominations the judges considered: eligible, with at least one submitted review (never one nobody checked or judged) */
    nominationsJudged: number;
    awards: number;
    /** awards per tier, highest tier first; tiers with none are included with 0 */
    byTier: (PublishedTier & { count: number })[];
  };
};

export function partnerSideOf(sector: string): PartnerSide {
  if (isStatutorySector(sector)) return "statutory";
  if (isVcsSector(sector)) return "vcs";
  return "other";
}

/**
 * What the judges considered: eligible (checked by an organiser) and scored in at least one
 * submitted review by a judge without a conflict. A nomination still "submitted" was never
 * checked, so it was not judged, whatever its count in "received" (issue 19, item 6).
 */
const JUDGED = (cycleId: string) => ({
  cycleId,
  status: statusIn(JUDGEABLE),
  assignments: { some: { conflict: "none", review: { is: { status: "submitted" } } } },
});

function parsePrinciples(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}

const byText = (a: string, b: string) => a.localeCompare(b, "en-GB", { sensitivity: "base" });

/**
 * An award as the public may see it: all of it with the partners' consent to publish; without
 * it, only the title, partners, category and outcome. The one function every public view of a
 * nomination goes through.
 */
export function publicAward(award: PublishedAward): PublishedAward {
  if (award.consentToPublish) return award;
  return {
    ...award,
    summary: "",
    whatHappened: "",
    impact: "",
    howPartnersWorked: "",
    quote: "",
    quoteAttribution: "",
    principles: [],
    startedOn: null,
    publicContact: "",
    // The organisers' citation often retells the story: read out at the ceremony, not published without consent.
    citation: "",
    photos: [],
  };
}

/**
 * The words publicAward() keeps from the public for this award: every text it empties. Used to
 * keep them out of text the organisers stored earlier (a saved press release drafted while the
 * partners' consent stood, or typed in by hand), so consent withdrawn later still holds.
 */
export function withheldTexts(award: PublishedAward): string[] {
  const shown = publicAward(award) as unknown as Record<string, unknown>;
  const whole = award as unknown as Record<string, unknown>;
  const texts = Object.keys(whole)
    .filter((k) => typeof whole[k] === "string" && whole[k] !== "" && shown[k] === "")
    .map((k) => String(whole[k]));
  return [...texts, ...(shown.principles === award.principles ? [] : award.principles.map((p) => p.label))].filter((t) => t.trim().length >= 12);
}

/**
 * The cycle's awards. `only` narrows the awards to one nomination (a case-study page);
 * then counts.awards and counts.byTier count only what was returned. Every award is as the
 * public may see it (publicAward) unless `audience` is "organisers" (the ceremony's own papers).
 */
export async function loadAwards(
  db: Db,
  cycleId: string,
  only?: { nominationId?: string },
  audience: "public" | "organisers" = "public",
): Promise<PublishedResults> {
  const [tiers, categories, received, judged, rows] = await Promise.all([
    db.outcomeTier.findMany({ where: { cycleId }, orderBy: { rank: "asc" }, select: { id: true, name: true, kind: true, rank: true } }),
    db.category.findMany({
      where: { cycleId },
      orderBy: [{ position: "asc" }, { name: "asc" }],
      select: { id: true, name: true, description: true, position: true },
    }),
    db.nomination.count({ where: { cycleId, status: statusIn(RECEIVED) } }),
    db.nomination.count({ where: JUDGED(cycleId) }),
    db.nomination.findMany({
      where: {
        cycleId,
        ...(only?.nominationId ? { id: only.nominationId } : {}),
        // only a counted nomination can hold an award, whatever an old Decision says
        status: statusIn(COUNTED),
        decision: { is: { outcomeTierId: { not: null } } },
      },
      include: {
        category: { select: { id: true, name: true, position: true } },
        decision: { include: { outcomeTier: { select: { id: true, name: true, kind: true, rank: true } } } },
        partners: {
          orderBy: [{ position: "asc" }, { createdAt: "asc" }],
          include: { organisation: { select: { id: true, name: true, sector: true } } },
        },
        attachments: {
          where: { kind: "photo", consentToPublish: true },
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          select: {
            id: true,
            storageKey: true,
            storageBackend: true,
            fileName: true,
            contentType: true,
            caption: true,
            credit: true,
            width: true,
            height: true,
          },
        },
      },
    }),
  ]);

  const awards: PublishedAward[] = [];
  for (const n of rows) {
    const tier = n.decision?.outcomeTier;
    if (!n.decision || !tier) continue;
    const partners: PublishedPartner[] = n.partners.map((p) => ({
      organisationId: p.organisation.id,
      name: p.organisation.name,
      sector: p.organisation.sector,
      sectorLabel: SECTOR_SHORT_LABELS[p.organisation.sector as Sector] ?? p.organisation.sector,
      side: partnerSideOf(p.organisation.sector),
      role: p.role,
      roleLabel: PARTNER_ROLE_LABELS[p.role as PartnerRole] ?? p.role,
    }));
    const award: PublishedAward = {
      nominationId: n.id,
      decisionId: n.decision.id,
      category: n.category,
      ...storyText(n),
      principles: parsePrinciples(n.principles).map((key) => ({ key, label: principleLabel(key) })),
      startedOn: n.startedOn,
      publicContact: n.publicContact,
      consentToPublish: n.consentToPublish,
      isExample: n.isExample,
      tier: { id: tier.id, name: tier.name, kind: tier.kind, rank: tier.rank },
      citation: n.decision.citation,
      partners,
      partnersBySide: {
        statutory: partners.filter((p) => p.side === "statutory"),
        vcs: partners.filter((p) => p.side === "vcs"),
        other: partners.filter((p) => p.side === "other"),
      },
      photos: n.attachments,
      updatedAt: n.updatedAt,
      decidedAt: n.decision.decidedAt,
    };
    awards.push(audience === "organisers" ? award : publicAward(award));
  }

  const categoryIndex = new Map(categories.map((c, i) => [c.id, i]));
  const catOrder = (a: PublishedAward) => (a.category ? (categoryIndex.get(a.category.id) ?? categories.length) : categories.length + 1);
  awards.sort((a, b) => catOrder(a) - catOrder(b) || a.tier.rank - b.tier.rank || byText(a.title, b.title) || a.nominationId.localeCompare(b.nominationId));

  const grouped: PublishedCategory[] = [];
  for (const c of categories) {
    const inCategory = awards.filter((a) => a.category?.id === c.id);
    if (inCategory.length) grouped.push({ id: c.id, name: c.name, description: c.description, position: c.position, awards: inCategory });
  }
  const uncategorised = awards.filter((a) => !a.category || !categoryIndex.has(a.category.id));
  if (uncategorised.length) grouped.push({ id: null, name: "Other awards", description: "", position: Number.MAX_SAFE_INTEGER, awards: uncategorised });

  return {
    categories: grouped,
    awards,
    tiers,
    counts: {
      nominationsReceived: received,
      nominationsJudged: judged,
      awards: awards.length,
      byTier: tiers.map((t) => ({ ...t, count: awards.filter((a) => a.tier.id === t.id).length })),
    },
  };
}

/** "4 special commendations and 10 commendations": the awards per tier in words, highest first. */
export function describeTierCounts(byTier: { name: string; count: number }[]): string {
  const parts = byTier
    .filter((t) => t.count > 0)
    .map((t) => `${numberWord(t.count)} ${t.count === 1 ? t.name.toLowerCase() : pluralise(t.name.toLowerCase())}`);
  if (parts.length <= 1) return parts[0] ?? "";
  return `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

const NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
/** Style-guide numbers: words for one to nine (and ten), digits above. */
export function numberWord(n: number): string {
  return n >= 0 && n < NUMBER_WORDS.length ? NUMBER_WORDS[n] : String(n);
}

export function pluralise(noun: string): string {
  // "highly commended" stays as it is; "winner" -> "winners", "commendation" -> "commendations"
  if (/commended$/.test(noun)) return noun;
  if (/(s|x|ch|sh)$/.test(noun)) return `${noun}es`;
  return `${noun}s`;
}
