/**
 * Case studies on the web: the same data as the booklet (loadAwards), shaped for
 * app/booklet/case-study-view.tsx.
 */
import type { PublishedAward } from "~/results/published.server";
import type { CaseStudyViewData } from "./case-study-view";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "2009-04-01" -> "April 2009" */
export function monthYear(isoDate: string | null): string {
  const m = /^(\d{4})-(\d{2})/.exec(isoDate ?? "");
  return m ? `${MONTHS[Number(m[2]) - 1] ?? ""} ${m[1]}`.trim() : "";
}

export function caseStudyView(a: PublishedAward): CaseStudyViewData {
  const photo = a.consentToPublish ? a.photos[0] : undefined;
  return {
    nominationId: a.nominationId,
    title: a.title,
    summary: a.summary,
    categoryName: a.category?.name ?? "Other awards",
    tier: { name: a.tier.name, kind: a.tier.kind },
    citation: a.citation,
    partners: a.partners.map((p) => ({ name: p.name, sectorLabel: p.sectorLabel, role: p.role, side: p.side })),
    whatHappened: a.whatHappened,
    howPartnersWorked: a.howPartnersWorked,
    impact: a.impact,
    quote: a.quote,
    quoteAttribution: a.quoteAttribution,
    principles: a.principles,
    publicContact: a.publicContact,
    started: monthYear(a.startedOn),
    consentToPublish: a.consentToPublish,
    photo: photo ? { id: photo.id, caption: photo.caption, credit: photo.credit, width: photo.width, height: photo.height } : null,
  };
}

/** A description for sharing: the summary, cut at a word boundary. */
export function shareDescription(text: string, max = 200): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), max / 2))}\u2026`;
}
