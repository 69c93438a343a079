/**
 * The booklet laid out by Typst (app/booklet/booklet-template.ts) from a BookletView.
 * This file shapes the view into the template's JSON: every string as typed (split into
 * paragraphs and lines), every empty field left out, nothing escaped because nothing is
 * ever read as markup. docs/decisions/0030-typst-pdf.md
 */
import { COMPACT_PRINCIPLES } from "~/domain/vocabulary";
import { PLACEHOLDER_BASE_WIDTH, placeholderPng } from "~/pdf/placeholder";
import { PDF_FONTS, type TypstJob } from "~/pdf/typst.server";
import { cleanText, startsRightToLeft, textParagraphs, type TextParagraph } from "~/pdf/text";
import { BOOKLET_TEMPLATE } from "./booklet-template";
import type { BookletPartner, BookletStudy, BookletView } from "./booklet-view";
import { INK, MUTED, NAVY, PAPER_TINT, RULE, TEAL, TIER_COLOURS, tierColour } from "./theme";

type Clean = (s: string) => string;

const SIDE_LABELS: Record<BookletPartner["side"], string> = {
  statutory: "Statutory",
  vcs: "Voluntary, community and faith",
  other: "Other partners",
};

function partnerNote(p: BookletPartner): string {
  const notes: string[] = [];
  if (p.role === "lead_statutory" || p.role === "lead_vcs") notes.push("Lead partner");
  if ((p.side === "vcs" || p.side === "other") && p.sectorLabel && p.sectorLabel !== "Voluntary or community") notes.push(p.sectorLabel);
  return notes.join("  ·  ");
}

function principleIndex(key: string): number {
  const i = COMPACT_PRINCIPLES.findIndex((p) => p.key === key);
  return i >= 0 ? i : COMPACT_PRINCIPLES.length;
}

/** A photo's number: 0 the cover, 1 + i the i-th case study's (booklet order). */
export function photoNumber(studyIndex: number | "cover") {
  return studyIndex === "cover" ? 0 : studyIndex + 1;
}

/** The path of a photo's stand-in image inside the compiler's workspace (app/pdf/placeholder.ts). */
function photoPath(n: number) {
  return `/photos/${n}.png`;
}

function lines(text: string, clean: Clean): TextParagraph {
  const t = clean(cleanText(text)).trim();
  return { lines: t.split("\n").map((l) => l.trim()), rtl: startsRightToLeft(t) };
}

function paras(text: string, clean: Clean): TextParagraph[] {
  return textParagraphs(clean(text));
}

function one(text: string, clean: Clean): string {
  return clean(cleanText(text)).replace(/\s+/g, " ").trim();
}

function studyData(st: BookletStudy, index: number, clean: Clean) {
  const sides = (["statutory", "vcs", "other"] as const)
    .map((side) => ({
      label: SIDE_LABELS[side],
      partners: st.partners.filter((p) => p.side === side).map((p) => ({ name: one(p.name, clean), note: partnerNote(p) })),
    }))
    .filter((s) => s.partners.length > 0);
  const photo = st.photo;
  const caption = photo
    ? [photo.caption ? `Pictured: ${one(photo.caption, clean)}` : "", photo.credit ? `Photo: ${one(photo.credit, clean)}` : ""].filter(Boolean).join("  ·  ")
    : "";
  const sections = [
    { heading: "What happened", text: st.whatHappened },
    { heading: "How the partners worked together", text: st.howPartnersWorked },
    { heading: "Impact", text: st.impact },
  ]
    .map((s) => ({ heading: s.heading, paras: paras(s.text, clean) }))
    .filter((s) => s.paras.length > 0);
  const quote = st.quote.trim() ? lines(`\u201C${st.quote.trim().replace(/^["\u201C]+|["\u201D]+$/g, "")}\u201D`, clean) : null;
  const title = one(st.title, clean);
  return {
    id: st.id,
    title,
    categoryName: one(st.categoryName, clean),
    tier: { name: one(st.tier.name, clean), colour: tierColour(st.tier.kind) },
    citation: one(st.citation, clean),
    summary: st.summary.trim() ? lines(st.summary, clean) : null,
    partnersHeading: st.partners.length === 1 ? "Partner" : `The ${st.partners.length} partners`,
    partnersBreakable: st.partners.length > 24,
    sides,
    photo: photo
      ? {
          path: photoPath(photoNumber(index)),
          width: photo.image.width,
          height: photo.image.height,
          // Alt text is the caption (what the photo shows); without one, what it is of.
          alt: photo.caption.trim() ? one(photo.caption, clean) : `Photo: ${title}`,
          caption,
        }
      : null,
    sections,
    quote: quote ? { text: quote, by: st.quoteAttribution.trim() ? `\u2014 ${one(st.quoteAttribution, clean)}` : "" } : null,
    principles: [...st.principles]
      .sort((a, b) => principleIndex(a.key) - principleIndex(b.key))
      .map((p) => ({ number: principleIndex(p.key) + 1, label: one(p.label, clean) })),
    contact: st.publicContact.trim() ? lines(st.publicContact, clean) : null,
    started: one(st.started, clean),
    withheldNote: st.consentToPublish === false ? "The partners asked for the full story of this work not to be published." : "",
    webUrl: st.webUrl ?? "",
  };
}

/**
 * The booklet is laid out in parts (and joined by app/pdf/join.server.ts) so that Typst's
 * memory stays bounded however many case studies there are.
 */
export type BookletPart =
  /** cover, introduction and contents, with the contents' page numbers given (0 until known) */
  | { mode: "front"; startPages: Map<string, number> | null }
  /** case studies `from` to `to` (exclusive, booklet order); its first page number comes from /offset.json */
  | { mode: "studies"; from: number; to: number };

/** The template's JSON for one document (or part) of the booklet. */
export function bookletData(view: BookletView, part: BookletPart, clean: Clean = (s) => s) {
  const { cycle, counts } = view;
  const all = view.categories.flatMap((c) => c.studies);
  const range = part.mode === "studies" ? { from: part.from, to: part.to } : { from: 0, to: 0 };
  const front = part.mode !== "studies";
  const facts = [
    { label: "Nominations received", value: String(counts.nominationsReceived) },
    { label: "Awards", value: `${counts.awards}${counts.tierSummary ? ` (${one(counts.tierSummary, clean)})` : ""}` },
    ...(cycle.ceremony ? [{ label: "Ceremony", value: one(cycle.ceremony, clean) }] : []),
    ...(cycle.contactName || cycle.contactEmail
      ? [{ label: "More information", value: one([cycle.contactName, cycle.contactEmail, cycle.contactPhone].filter(Boolean).join(", "), clean) }]
      : []),
  ];
  const name = one(cycle.name, clean);
  return {
    meta: {
      title: `${name}: case studies`,
      author: `${one(cycle.area, clean)} Compact`,
      subject: "Case studies of the award-winning partnerships",
      keywords: ["Compact Awards", "case studies", one(cycle.area, clean), cycle.year],
    },
    fonts: PDF_FONTS,
    theme: { ink: INK, muted: MUTED, navy: NAVY, teal: TEAL, tint: PAPER_TINT, rule: RULE, stripes: Object.values(TIER_COLOURS) },
    mode: part.mode,
    footer: `${name}  ·  Case studies`,
    front,
    cycle: {
      name,
      kicker: `${one(cycle.area, clean)} Compact`,
      year: cycle.year,
      subtitle: cycle.name.includes(cycle.year)
        ? "Case studies of the award-winning partnerships"
        : `Case studies of the award-winning partnerships, ${cycle.year}`,
      intro: paras(cycle.intro, clean),
      facts,
      webUrl: cycle.webUrl ?? "",
      tierLine: counts.tierSummary ? `The awards: ${one(counts.tierSummary, clean)}.` : "",
      coverFoot: `Celebrating partnership working between the statutory, voluntary and community sectors in ${one(cycle.area, clean)}.`,
    },
    counts: [
      { number: String(counts.awards), label: counts.awards === 1 ? "award" : "awards" },
      { number: String(counts.nominationsReceived), label: counts.nominationsReceived === 1 ? "nomination received" : "nominations received" },
    ],
    cover:
      front && view.cover
        ? {
            path: photoPath(photoNumber("cover")),
            width: view.cover.image.width,
            height: view.cover.image.height,
            alt: `Cover photo of the ${name}`,
            credit: view.cover.credit ? `Photo: ${one(view.cover.credit, clean)}` : "",
          }
        : null,
    contents: front
      ? view.categories.map((c) => ({
          category: one(c.name, clean),
          entries: c.studies.map((st) => ({
            id: st.id,
            title: one(st.title, clean),
            tier: one(st.tier.name, clean),
            page: part.mode === "front" ? (part.startPages?.get(st.id) ?? 0) : 0,
          })),
        }))
      : [],
    studies: all.slice(range.from, range.to).map((st, i) => studyData(st, range.from + i, clean)),
  };
}

/** The Typst job for one part: the template, its JSON, and the stand-ins of the photos it prints. */
export function bookletTypstJob(view: BookletView, part: BookletPart, clean?: Clean): TypstJob {
  const data = bookletData(view, part, clean);
  const files: TypstJob["files"] = [{ path: "/booklet.json", bytes: Buffer.from(JSON.stringify(data)) }];
  const photos = [...(data.cover ? [photoNumber("cover")] : []), ...data.studies.flatMap((s, i) => (s.photo ? [photoNumber(firstIndex(part) + i)] : []))];
  for (const n of photos) files.push({ path: photoPath(n), bytes: placeholderPng(PLACEHOLDER_BASE_WIDTH + n) });
  return { template: BOOKLET_TEMPLATE, files, query: part.mode === "studies" ? "<study-start>" : "<front-start>" };
}

function firstIndex(part: BookletPart) {
  return part.mode === "studies" ? part.from : 0;
}

export { cleanText };
