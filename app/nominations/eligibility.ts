/**
 * The rules of a joint nomination, as pure functions (no database, no clock): which
 * partners a nomination needs, who must confirm it, when each section of the task list
 * is complete, and whether it may be submitted. Pages, actions and tests all ask here.
 *
 * "Work had to be jointly nominated by both a statutory and a voluntary/community
 * organisation" (seed 000). Voluntary, community, faith and social-enterprise groups all
 * count as the voluntary and community (VCS) side; private businesses count as neither.
 */
import type { CycleTimeline } from "~/cycles/phase";
import { COMPACT_PRINCIPLE_KEYS, isStatutorySector, isVcsSector, type PartnerRole } from "~/domain/vocabulary";
import { countWords } from "~/forms/validate";
import type { StoryText } from "./story";

/** The limits every form shows in its hints and every check enforces. */
export const LIMITS = {
  title: 150,
  summaryWords: 60,
  summaryChars: 600,
  whatHappened: 5000,
  impact: 3000,
  howPartnersWorked: 3000,
  quote: 600,
  quoteAttribution: 150,
  publicContact: 300,
  contactName: 120,
  organisationName: 160,
  changesComment: 2000,
} as const;

// ---------------------------------------------------------------- partners

export type PartnerSide = "statutory" | "vcs" | "other";

export function partnerSide(sector: string): PartnerSide {
  if (isStatutorySector(sector)) return "statutory";
  if (isVcsSector(sector)) return "vcs";
  return "other";
}

/** The lead role an organisation of this sector can hold: none for private businesses. */
export function leadRoleForSector(sector: string): Extract<PartnerRole, "lead_statutory" | "lead_vcs"> | null {
  const side = partnerSide(sector);
  return side === "statutory" ? "lead_statutory" : side === "vcs" ? "lead_vcs" : null;
}

export function isLeadRole(role: string): role is "lead_statutory" | "lead_vcs" {
  return role === "lead_statutory" || role === "lead_vcs";
}

/** A lead statutory partner must be statutory, a lead VCS partner must be VCS; anyone may be "other". */
export function roleFitsSector(role: string, sector: string): boolean {
  if (role === "other") return true;
  return role === leadRoleForSector(sector);
}

export type PartnerFacts = {
  id?: string;
  organisationId: string;
  organisationName?: string;
  sector: string;
  role: string;
  contactName: string;
  contactEmail: string;
  confirmedAt: Date | string | null;
};

/** At least one statutory and one VCS partner. */
export function partnerRule(partners: Pick<PartnerFacts, "sector">[]): { ok: boolean; hasStatutory: boolean; hasVcs: boolean; problems: string[] } {
  const hasStatutory = partners.some((p) => partnerSide(p.sector) === "statutory");
  const hasVcs = partners.some((p) => partnerSide(p.sector) === "vcs");
  const problems: string[] = [];
  if (!hasStatutory) problems.push("Add at least one statutory partner (council, NHS, police, fire, housing or college)");
  if (!hasVcs) problems.push("Add at least one voluntary, community, faith or social-enterprise partner");
  return { ok: hasStatutory && hasVcs, hasStatutory, hasVcs, problems };
}

export function leadPartner<P extends Pick<PartnerFacts, "role">>(partners: P[], side: "statutory" | "vcs"): P | null {
  const role = side === "statutory" ? "lead_statutory" : "lead_vcs";
  return partners.find((p) => p.role === role) ?? null;
}

/** Problems with the lead partners: exactly one of each side, each of the right sector. */
export function leadProblems(partners: Pick<PartnerFacts, "role" | "sector" | "organisationName">[]): string[] {
  const problems: string[] = [];
  const statLeads = partners.filter((p) => p.role === "lead_statutory");
  const vcsLeads = partners.filter((p) => p.role === "lead_vcs");
  if (statLeads.length > 1) problems.push("Choose only one lead statutory partner");
  if (vcsLeads.length > 1) problems.push("Choose only one lead voluntary or community partner");
  if (statLeads.length === 0 && partners.some((p) => partnerSide(p.sector) === "statutory")) {
    problems.push("Choose which statutory partner is the lead statutory partner");
  }
  if (vcsLeads.length === 0 && partners.some((p) => partnerSide(p.sector) === "vcs")) {
    problems.push("Choose which voluntary or community partner is the lead voluntary or community partner");
  }
  for (const p of partners) {
    if (!roleFitsSector(p.role, p.sector)) {
      problems.push(
        `${p.organisationName ?? "A partner"} cannot be the ${p.role === "lead_statutory" ? "lead statutory" : "lead voluntary or community"} partner: it is not in that sector`,
      );
    }
  }
  return problems;
}

/** The lead partner of the other side from the drafter's organisation: the one who must confirm. */
export function otherSectorLead<P extends Pick<PartnerFacts, "role">>(partners: P[], drafterSector: string): P | null {
  const side = partnerSide(drafterSector);
  if (side === "statutory") return leadPartner(partners, "vcs");
  if (side === "vcs") return leadPartner(partners, "statutory");
  return null;
}

/**
 * Who still has to confirm when these organisations submit: every lead partner that has not
 * confirmed and is not one of the submitters' own organisations (submitting is their confirmation).
 * A voluntary-sector drafter needs the lead statutory partner; a council drafter, the lead VCS
 * partner; a private-sector drafter (neither side), both leads.
 */
export function partnersToConfirm<P extends Pick<PartnerFacts, "role" | "organisationId" | "confirmedAt">>(
  partners: P[],
  submitterOrganisationIds: string[],
): P[] {
  return partners.filter((p) => isLeadRole(p.role) && !p.confirmedAt && !submitterOrganisationIds.includes(p.organisationId));
}

/** Both lead partners have confirmed. */
export function leadsConfirmed(partners: Pick<PartnerFacts, "role" | "confirmedAt">[]): boolean {
  const stat = leadPartner(partners, "statutory");
  const vcs = leadPartner(partners, "vcs");
  return !!stat?.confirmedAt && !!vcs?.confirmedAt;
}

// ---------------------------------------------------------------- sections

export type SectionKey = "category" | "organisation" | "partners" | "story" | "files" | "consent";

export const SECTIONS: { key: SectionKey; label: string; path: string }[] = [
  { key: "category", label: "Category", path: "category" },
  { key: "organisation", label: "Your organisation and its sector", path: "organisation" },
  { key: "partners", label: "Partner organisations", path: "partners" },
  { key: "story", label: "The story", path: "story" },
  { key: "files", label: "Photos and evidence", path: "files" },
  { key: "consent", label: "Consent", path: "consent" },
];

export type NominationContent = StoryText & {
  categoryId: string | null;
  principles: string[];
  startedOn: string | null;
  publicContact: string;
  consentToPublish: boolean;
};

export function summaryWordProblem(summary: string): string | null {
  const words = countWords(summary);
  return words > LIMITS.summaryWords ? `The summary must be ${LIMITS.summaryWords} words or fewer (it has ${words})` : null;
}

/** YYYY-MM-DD, a real date, not after `today` (YYYY-MM-DD in UK time). */
export function startedOnProblem(value: string | null, today: string): string | null {
  if (!value) return "Enter when the work started";
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return "When the work started must be a real date";
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return "When the work started must be a real date";
  if (y < 1900) return "When the work started must be after 1900";
  if (value > today) return "When the work started must be today or in the past";
  return null;
}

/** What is missing or wrong in the story section, by field. */
export function storyProblems(c: NominationContent, today: string): Record<string, string> {
  const p: Record<string, string> = {};
  const need = (field: keyof NominationContent, label: string, max: number) => {
    const v = String(c[field] ?? "").trim();
    if (!v) p[field] = `Enter ${label}`;
    else if (v.length > max) p[field] = `${label.charAt(0).toUpperCase()}${label.slice(1)} must be ${max.toLocaleString("en-GB")} characters or fewer`;
  };
  need("title", "a title", LIMITS.title);
  need("summary", "a summary", LIMITS.summaryChars);
  if (!p.summary) {
    const words = summaryWordProblem(c.summary);
    if (words) p.summary = words;
  }
  need("whatHappened", "what happened", LIMITS.whatHappened);
  need("impact", "the difference it made", LIMITS.impact);
  need("howPartnersWorked", "how the partners worked together", LIMITS.howPartnersWorked);
  if (c.quote.length > LIMITS.quote) p.quote = `The quote must be ${LIMITS.quote} characters or fewer`;
  if (c.quote.trim() && !c.quoteAttribution.trim()) p.quoteAttribution = "Enter who said the quote";
  if (c.quoteAttribution.length > LIMITS.quoteAttribution) p.quoteAttribution = `Who said it must be ${LIMITS.quoteAttribution} characters or fewer`;
  const known = c.principles.filter((k) => (COMPACT_PRINCIPLE_KEYS as readonly string[]).includes(k));
  if (known.length === 0) p.principles = "Choose at least one Compact outcome the work shows";
  const started = startedOnProblem(c.startedOn, today);
  if (started) p.startedOn = started;
  return p;
}

export type SectionState = "completed" | "in_progress" | "not_started" | "optional";

export type SectionReport = { key: SectionKey; label: string; path: string; state: SectionState; problems: string[] };

/**
 * Each section of the task list and what it still needs. `drafter` is the nominating
 * organisation's partner row (the first partner); `attachmentCount` only describes the
 * optional photos and evidence section.
 */
export function sectionReports(input: {
  content: NominationContent;
  partners: PartnerFacts[];
  drafter: PartnerFacts | null;
  attachmentCount: number;
  today: string;
}): SectionReport[] {
  const { content: c, partners, drafter, today } = input;
  const reports: Record<SectionKey, { state: SectionState; problems: string[] }> = {
    category: c.categoryId ? { state: "completed", problems: [] } : { state: "not_started", problems: ["Choose a category"] },
    organisation: (() => {
      if (!drafter) return { state: "not_started" as const, problems: ["Add your organisation"] };
      const problems: string[] = [];
      if (!drafter.contactName.trim()) problems.push("Enter a contact name for your organisation");
      if (!drafter.contactEmail.trim()) problems.push("Enter a contact email for your organisation");
      if (!roleFitsSector(drafter.role, drafter.sector)) problems.push("Your organisation's role does not match its sector");
      return { state: problems.length ? ("in_progress" as const) : ("completed" as const), problems };
    })(),
    partners: (() => {
      const problems = [...partnerRule(partners).problems, ...leadProblems(partners)];
      for (const p of partners) {
        if (!p.contactName.trim() || !p.contactEmail.trim()) problems.push(`Enter a contact name and email for ${p.organisationName ?? "every partner"}`);
      }
      const state: SectionState = problems.length === 0 ? "completed" : partners.length > 1 ? "in_progress" : "not_started";
      return { state, problems };
    })(),
    story: (() => {
      const problems = Object.values(storyProblems(c, today));
      const started =
        [c.title, c.summary, c.whatHappened, c.impact, c.howPartnersWorked, c.quote].some((v) => v.trim()) || c.principles.length > 0 || !!c.startedOn;
      return { state: problems.length === 0 ? ("completed" as const) : started ? ("in_progress" as const) : ("not_started" as const), problems };
    })(),
    files: { state: input.attachmentCount > 0 ? "completed" : "optional", problems: [] },
    consent: (() => {
      if (!c.publicContact.trim()) return { state: "not_started" as const, problems: ["Answer the consent questions"] };
      if (c.publicContact.length > LIMITS.publicContact)
        return { state: "in_progress" as const, problems: [`The public contact must be ${LIMITS.publicContact} characters or fewer`] };
      return { state: "completed" as const, problems: [] };
    })(),
  };
  return SECTIONS.map((s) => ({ ...s, ...reports[s.key] }));
}

/** Every problem that stops a submission, with the section it belongs to. Empty: ready to submit. */
export function submissionProblems(reports: SectionReport[]): { section: SectionReport; message: string }[] {
  return reports.flatMap((section) => section.problems.map((message) => ({ section, message })));
}

// ---------------------------------------------------------------- status and deadline

/** The moment changes stop for this nomination: the cycle's deadline, or a later extension. The one deadline rule; whether changes are allowed *now* is nominationsOpen (~/cycles/phase). */
export function effectiveDeadline(cycle: Pick<CycleTimeline, "nominationsCloseAt">, extensionUntil: Date | null | undefined): Date {
  if (extensionUntil && extensionUntil.getTime() > cycle.nominationsCloseAt.getTime()) return extensionUntil;
  return cycle.nominationsCloseAt;
}

/** A live confirmation link is a key to a nomination: it lasts a week at most. */
export const CONFIRM_LINK_DAYS = 7;

/** A confirmation link works until the nomination's deadline, and never for more than 7 days. */
export function confirmLinkExpiresAt(requestedAt: Date, deadline: Date): Date {
  const limit = new Date(requestedAt.getTime() + CONFIRM_LINK_DAYS * 24 * 3600 * 1000);
  return limit.getTime() < deadline.getTime() ? limit : deadline;
}
