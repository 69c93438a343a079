/**
 * The case-study booklet, drawn with @react-pdf/renderer: A4, a cover, an introduction,
 * a contents page with real page numbers, then one case study per award in the "Compact
 * at Work" shape (seed 002). Built from app/booklet/booklet.server.ts, which renders it
 * twice: the first pass records the page each case study starts on (onStudyStart), the
 * second prints those numbers in the contents (startPages). Nothing here has a fixed
 * height: a story of any length flows onto further pages.
 */
import { Document, Image, Link, Page, StyleSheet, Text, View } from "@react-pdf/renderer";
import type { ReactNode } from "react";
import { COMPACT_PRINCIPLES } from "~/domain/vocabulary";
import { INK, MUTED, NAVY, PAPER_TINT, RULE, TEAL, TIER_COLOURS, tierColour } from "~/booklet/theme";

export type BookletPartner = { name: string; sectorLabel: string; role: string; roleLabel: string; side: "statutory" | "vcs" | "other" };

/**
 * A print-ready JPEG. Given to <Image> as a bare Buffer: a { data, format } source makes
 * react-pdf copy the whole image into two strings (a cache key and a dedupe key) and keep it
 * in a global cache, which cost seconds and hundreds of MB on a 500-case-study booklet.
 * (Contents numbers are not drawn with a render prop in one pass: react-pdf 4.3 multiplies
 * a re-laid dynamic text's line height by its font size on each relayout, so it vanishes.)
 */
export type BookletImage = { data: Buffer; width: number; height: number };

export type BookletStudy = {
  id: string;
  title: string;
  summary: string;
  categoryName: string;
  tier: { name: string; kind: string; rank: number };
  citation: string;
  partners: BookletPartner[];
  whatHappened: string;
  howPartnersWorked: string;
  impact: string;
  quote: string;
  quoteAttribution: string;
  principles: { key: string; label: string }[];
  publicContact: string;
  /** "March 2009" */
  started: string;
  consentToPublish: boolean;
  photo: { caption: string; credit: string; image: BookletImage } | null;
};

export type BookletView = {
  cycle: {
    name: string;
    area: string;
    year: string;
    intro: string;
    contactName: string;
    contactEmail: string;
    contactPhone: string;
    /** "Friday 11 June 2010, 2pm at The Welcome Centre, Coventry" or "" */
    ceremony: string;
  };
  counts: { nominationsReceived: number; awards: number; tierSummary: string };
  categories: { name: string; studies: BookletStudy[] }[];
  /** the organiser's cover photo, if any */
  cover: { image: BookletImage; credit: string } | null;
};

export type BookletDocumentProps = {
  view: BookletView;
  /** case study id -> page it starts on; null on the first pass (numbers print as blanks of the same width) */
  startPages: Map<string, number> | null;
  /** called while laying out, with the page each case study's pages start on */
  onStudyStart?: (id: string, pageNumber: number) => void;
};

export const FONT = "Source Sans 3";
const MARGIN_X = 56;
/** A4 portrait height in points. */
const A4_HEIGHT = 841.89;
const MARGIN_TOP = 58;
const MARGIN_BOTTOM = 66;

const s = StyleSheet.create({
  page: { fontFamily: FONT, fontSize: 10, lineHeight: 1.4, color: INK, paddingTop: MARGIN_TOP, paddingBottom: MARGIN_BOTTOM, paddingHorizontal: MARGIN_X },
  // Placed from the top: a fixed element positioned with `bottom` is not drawn by react-pdf
  // 4.9 and, on a page that runs to many pages, fails with "unsupported number" (#3416).
  footer: {
    position: "absolute",
    top: A4_HEIGHT - 28 - 18,
    left: MARGIN_X,
    right: MARGIN_X,
    flexDirection: "row",
    justifyContent: "space-between",
    borderTopWidth: 0.75,
    borderTopColor: RULE,
    paddingTop: 6,
    fontSize: 8.5,
    color: MUTED,
  },
  runningHead: { position: "absolute", top: 28, left: MARGIN_X, right: MARGIN_X, fontSize: 8.5, color: MUTED },
  // Cover
  coverPage: { fontFamily: FONT, color: "#ffffff", backgroundColor: NAVY, padding: 0 },
  coverStripes: { flexDirection: "row", height: 14 },
  coverBody: { paddingHorizontal: 60, paddingTop: 70, flexGrow: 1 },
  coverKicker: { fontSize: 12, fontWeight: 600, letterSpacing: 1, textTransform: "uppercase", color: "#b9d3ea" },
  coverTitle: { fontSize: 38, fontWeight: 700, lineHeight: 1.12, marginTop: 14 },
  coverSubtitle: { fontSize: 20, marginTop: 16, color: "#dbe8f4", lineHeight: 1.3 },
  coverImage: { marginTop: 30, maxHeight: 280, objectFit: "cover" },
  coverCredit: { marginTop: 4, fontSize: 8.5, color: "#b9d3ea" },
  coverStats: { flexDirection: "row", marginTop: 44 },
  coverStat: { marginRight: 48, borderTopWidth: 2, borderTopColor: "#6fa8dc", paddingTop: 8 },
  coverStatNumber: { fontSize: 34, fontWeight: 700, lineHeight: 1.05 },
  coverStatLabel: { fontSize: 11, color: "#dbe8f4" },
  coverCounts: { marginTop: 22, fontSize: 12.5, color: "#dbe8f4", lineHeight: 1.4 },
  coverYear: { position: "absolute", right: 44, bottom: 70, fontSize: 150, fontWeight: 700, color: "#1f4c7f", lineHeight: 1 },
  coverFoot: { paddingHorizontal: 60, paddingBottom: 46, fontSize: 11, color: "#b9d3ea", lineHeight: 1.4 },
  // Headings and text
  h1: { fontSize: 26, fontWeight: 700, color: NAVY, marginBottom: 16, lineHeight: 1.15 },
  lead: { fontSize: 12.5, lineHeight: 1.45, marginBottom: 10 },
  para: { marginBottom: 8 },
  h2: { fontSize: 13, fontWeight: 700, color: NAVY, marginTop: 12, marginBottom: 4 },
  small: { fontSize: 9, color: MUTED },
  factBox: { backgroundColor: PAPER_TINT, padding: 14, marginTop: 18, borderLeftWidth: 4, borderLeftColor: TEAL },
  factRow: { flexDirection: "row", marginBottom: 4 },
  factLabel: { width: 150, fontWeight: 600, color: NAVY },
  factValue: { flex: 1 },
  // Contents
  contentsCategory: { fontSize: 10.5, fontWeight: 700, color: TEAL, marginTop: 12, marginBottom: 2, lineHeight: 1.3 },
  contentsRow: { flexDirection: "row", alignItems: "flex-end", paddingVertical: 3, borderBottomWidth: 0.5, borderBottomColor: RULE },
  contentsText: { flex: 1, paddingRight: 12 },
  contentsTitle: { fontSize: 11, color: INK, textDecoration: "none" },
  contentsTier: { fontSize: 8.5, color: MUTED },
  contentsPage: { width: 32, textAlign: "right", fontSize: 11, fontWeight: 600, color: NAVY },
  // Case study
  band: { marginHorizontal: -MARGIN_X, marginTop: -MARGIN_TOP, paddingHorizontal: MARGIN_X, paddingTop: 24, paddingBottom: 14, color: "#ffffff" },
  bandKicker: { fontSize: 9, color: "#ffffff", lineHeight: 1.3 },
  bandTier: { fontSize: 17, fontWeight: 700, marginTop: 3 },
  bandCitation: { fontSize: 10.5, fontStyle: "italic", marginTop: 4, lineHeight: 1.35 },
  title: { fontSize: 21, fontWeight: 700, color: NAVY, lineHeight: 1.18, marginTop: 16 },
  summary: { fontSize: 11.5, fontWeight: 600, color: MUTED, lineHeight: 1.38, marginTop: 6 },
  partnersBox: { marginTop: 14, backgroundColor: PAPER_TINT, paddingVertical: 10, paddingHorizontal: 12 },
  partnersHeading: { fontSize: 11, fontWeight: 700, color: TEAL, marginBottom: 4 },
  partnerSides: { flexDirection: "row" },
  partnerGroup: { flex: 1, paddingRight: 10 },
  partnerGroupLabel: { fontSize: 8.5, fontWeight: 600, color: MUTED, textTransform: "uppercase", letterSpacing: 0.5 },
  partner: { marginTop: 3 },
  partnerName: { fontSize: 10.5, fontWeight: 600, lineHeight: 1.25 },
  partnerRole: { fontSize: 8.5, color: MUTED, lineHeight: 1.25 },
  photo: { marginTop: 14 },
  photoImage: { objectFit: "contain", maxHeight: 260 },
  photoCaption: { fontSize: 9, color: MUTED, marginTop: 4 },
  quote: { marginTop: 16, paddingLeft: 14, borderLeftWidth: 3 },
  quoteText: { fontSize: 13, fontStyle: "italic", lineHeight: 1.4, color: INK },
  quoteBy: { fontSize: 9.5, color: MUTED, marginTop: 4 },
  principle: { flexDirection: "row", marginBottom: 2 },
  principleNumber: { width: 16, fontWeight: 700, color: TEAL },
  contactBox: { marginTop: 16, borderTopWidth: 0.75, borderTopColor: RULE, paddingTop: 8, flexDirection: "row" },
});

/** Text as typed: blank lines start a new paragraph; single line breaks stay line breaks. */
export function paragraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean);
}

function Paras({ text }: { text: string }) {
  return (
    <>
      {paragraphs(text).map((p, i) => (
        <Text key={i} style={s.para}>
          {p}
        </Text>
      ))}
    </>
  );
}

function Footer({ left, onPage }: { left: string; onPage?: (pageNumber: number) => void }) {
  return (
    <View style={s.footer} fixed>
      <Text>{left}</Text>
      <Text
        render={({ pageNumber }) => {
          onPage?.(pageNumber);
          return `Page ${pageNumber}`;
        }}
      />
    </View>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  // A fragment, not a View: the heading must be a sibling of what came before it on the page
  // for minPresenceAhead to move it to the next page rather than leave it at the foot.
  return (
    <>
      <Text style={s.h2} minPresenceAhead={48}>
        {title}
      </Text>
      {children}
    </>
  );
}

function ContentsRow({ study, page }: { study: BookletStudy; page: number | undefined }) {
  return (
    <Link src={`#study-${study.id}`} style={{ textDecoration: "none", color: INK }}>
      <View style={s.contentsRow} wrap={false}>
        <View style={s.contentsText}>
          <Text style={s.contentsTitle}>{study.title}</Text>
          <Text style={s.contentsTier}>{study.tier.name}</Text>
        </View>
        {/* first pass: figure spaces of the same width as the number to come */}
        <Text style={s.contentsPage}>{page === undefined ? "\u2007\u2007\u2007" : String(page)}</Text>
      </View>
    </Link>
  );
}

function principleOrder(key: string): number {
  const i = COMPACT_PRINCIPLES.findIndex((p) => p.key === key);
  return i >= 0 ? i : COMPACT_PRINCIPLES.length;
}

function principleNumber(key: string): string {
  const i = COMPACT_PRINCIPLES.findIndex((p) => p.key === key);
  return i >= 0 ? String(i + 1) : "•";
}

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

function Partners({ partners }: { partners: BookletPartner[] }) {
  const sides = (["statutory", "vcs", "other"] as const).filter((side) => partners.some((p) => p.side === side));
  return (
    // A short list stays in one piece; a very long one may run over a page.
    <View style={s.partnersBox} wrap={partners.length > 24}>
      <Text style={s.partnersHeading}>{partners.length === 1 ? "Partner" : `The ${partners.length} partners`}</Text>
      <View style={s.partnerSides}>
        {sides.map((side) => (
          <View key={side} style={s.partnerGroup}>
            <Text style={s.partnerGroupLabel}>{SIDE_LABELS[side]}</Text>
            {partners
              .filter((p) => p.side === side)
              .map((p, i) => (
                <View key={i} style={s.partner}>
                  <Text style={s.partnerName}>{p.name}</Text>
                  {partnerNote(p) ? <Text style={s.partnerRole}>{partnerNote(p)}</Text> : null}
                </View>
              ))}
          </View>
        ))}
      </View>
    </View>
  );
}

function CaseStudy({ study, footer, onStart }: { study: BookletStudy; footer: string; onStart?: (pageNumber: number) => void }) {
  const colour = tierColour(study.tier.kind);
  return (
    <Page size="A4" style={s.page} wrap bookmark={study.title}>
      <Text style={s.runningHead} fixed render={({ subPageNumber }) => (subPageNumber > 1 ? `${study.title} (continued)` : "")} />
      <View id={`study-${study.id}`} style={[s.band, { backgroundColor: colour }]}>
        <Text style={s.bandKicker}>{study.categoryName}</Text>
        <Text style={s.bandTier}>{study.tier.name}</Text>
        {study.citation ? <Text style={s.bandCitation}>{study.citation}</Text> : null}
      </View>
      <Text style={s.title}>{study.title}</Text>
      {study.summary ? <Text style={s.summary}>{study.summary}</Text> : null}
      <Partners partners={study.partners} />
      {study.consentToPublish ? (
        <>
          {study.photo ? (
            <View style={s.photo} wrap={false}>
              <Image style={s.photoImage} src={study.photo.image.data} />
              {study.photo.caption || study.photo.credit ? (
                <Text style={s.photoCaption}>
                  {study.photo.caption ? `Pictured: ${study.photo.caption}` : ""}
                  {study.photo.caption && study.photo.credit ? "  ·  " : ""}
                  {study.photo.credit ? `Photo: ${study.photo.credit}` : ""}
                </Text>
              ) : null}
            </View>
          ) : null}
          {study.whatHappened ? (
            <Section title="What happened">
              <Paras text={study.whatHappened} />
            </Section>
          ) : null}
          {study.howPartnersWorked ? (
            <Section title="How the partners worked together">
              <Paras text={study.howPartnersWorked} />
            </Section>
          ) : null}
          {study.impact ? (
            <Section title="Impact">
              <Paras text={study.impact} />
            </Section>
          ) : null}
          {study.quote ? (
            <View style={[s.quote, { borderLeftColor: colour }]} wrap={false}>
              <Text style={s.quoteText}>{`\u201C${study.quote.replace(/^["\u201C]+|["\u201D]+$/g, "")}\u201D`}</Text>
              {study.quoteAttribution ? <Text style={s.quoteBy}>{`\u2014 ${study.quoteAttribution}`}</Text> : null}
            </View>
          ) : null}
          {study.principles.length ? (
            <Section title="Relevant Compact principles">
              {[...study.principles]
                .sort((a, b) => principleOrder(a.key) - principleOrder(b.key))
                .map((p) => (
                  <View key={p.key} style={s.principle}>
                    <Text style={s.principleNumber}>{principleNumber(p.key)}</Text>
                    <Text style={{ flex: 1 }}>{p.label}</Text>
                  </View>
                ))}
            </Section>
          ) : null}
          {study.publicContact || study.started ? (
            <View style={s.contactBox} wrap={false}>
              {study.publicContact ? (
                <View style={{ flex: 2, paddingRight: 12 }}>
                  <Text style={s.partnerGroupLabel}>Contact</Text>
                  <Text>{study.publicContact}</Text>
                </View>
              ) : null}
              {study.started ? (
                <View style={{ flex: 1 }}>
                  <Text style={s.partnerGroupLabel}>Work started</Text>
                  <Text>{study.started}</Text>
                </View>
              ) : null}
            </View>
          ) : null}
        </>
      ) : (
        <Text style={[s.small, { marginTop: 16 }]}>The partners asked for the full story of this work not to be published.</Text>
      )}
      <Footer left={footer} onPage={onStart} />
    </Page>
  );
}

export function BookletDocument({ view, startPages, onStudyStart }: BookletDocumentProps) {
  const { cycle, counts } = view;
  const footer = `${cycle.name}  ·  Case studies`;
  const tierKinds = Object.keys(TIER_COLOURS);
  return (
    <Document
      title={`${cycle.name}: case studies`}
      author={`${cycle.area} Compact`}
      subject="Case studies of the award-winning partnerships"
      creator="Compact Awards"
      producer="Compact Awards"
      language="en-GB"
    >
      {/* Cover */}
      <Page size="A4" style={s.coverPage}>
        <View style={s.coverStripes}>
          {tierKinds.map((k) => (
            <View key={k} style={{ flex: 1, backgroundColor: TIER_COLOURS[k] }} />
          ))}
        </View>
        <View style={s.coverBody}>
          <Text style={s.coverKicker}>{`${cycle.area} Compact`}</Text>
          <Text style={s.coverTitle}>{cycle.name}</Text>
          <Text style={s.coverSubtitle}>
            {cycle.name.includes(cycle.year)
              ? "Case studies of the award-winning partnerships"
              : `Case studies of the award-winning partnerships, ${cycle.year}`}
          </Text>
          {view.cover ? (
            <View>
              <Image style={s.coverImage} src={view.cover.image.data} />
              {view.cover.credit ? <Text style={s.coverCredit}>{`Photo: ${view.cover.credit}`}</Text> : null}
            </View>
          ) : null}
          <View style={s.coverStats}>
            <View style={s.coverStat}>
              <Text style={s.coverStatNumber}>{String(counts.awards)}</Text>
              <Text style={s.coverStatLabel}>{counts.awards === 1 ? "award" : "awards"}</Text>
            </View>
            <View style={s.coverStat}>
              <Text style={s.coverStatNumber}>{String(counts.nominationsReceived)}</Text>
              <Text style={s.coverStatLabel}>{counts.nominationsReceived === 1 ? "nomination received" : "nominations received"}</Text>
            </View>
          </View>
          {counts.tierSummary ? <Text style={s.coverCounts}>{`The awards: ${counts.tierSummary}.`}</Text> : null}
        </View>
        {view.cover ? null : <Text style={s.coverYear}>{cycle.year}</Text>}
        <View style={s.coverFoot}>
          <Text>{`Celebrating partnership working between the statutory, voluntary and community sectors in ${cycle.area}.`}</Text>
        </View>
      </Page>

      {/* Introduction */}
      <Page size="A4" style={s.page} wrap bookmark="Introduction">
        <Text style={s.h1}>Introduction</Text>
        {paragraphs(cycle.intro).map((p, i) => (
          <Text key={i} style={i === 0 ? s.lead : s.para}>
            {p}
          </Text>
        ))}
        <View style={s.factBox} wrap={false}>
          <View style={s.factRow}>
            <Text style={s.factLabel}>Nominations received</Text>
            <Text style={s.factValue}>{String(counts.nominationsReceived)}</Text>
          </View>
          <View style={s.factRow}>
            <Text style={s.factLabel}>Awards</Text>
            <Text style={s.factValue}>{`${counts.awards}${counts.tierSummary ? ` (${counts.tierSummary})` : ""}`}</Text>
          </View>
          {cycle.ceremony ? (
            <View style={s.factRow}>
              <Text style={s.factLabel}>Ceremony</Text>
              <Text style={s.factValue}>{cycle.ceremony}</Text>
            </View>
          ) : null}
          {cycle.contactName || cycle.contactEmail ? (
            <View style={s.factRow}>
              <Text style={s.factLabel}>More information</Text>
              <Text style={s.factValue}>{[cycle.contactName, cycle.contactEmail, cycle.contactPhone].filter(Boolean).join(", ")}</Text>
            </View>
          ) : null}
        </View>
        <Footer left={footer} />
      </Page>

      {/* Contents */}
      <Page size="A4" style={s.page} wrap bookmark="Contents">
        <Text style={s.h1}>Contents</Text>
        {view.categories.map((category, ci) => (
          <View key={ci}>
            {category.studies.map((study, i) =>
              i === 0 ? (
                // the category's name stays with its first entry
                <View key={study.id} wrap={false}>
                  <Text style={s.contentsCategory}>{category.name}</Text>
                  <ContentsRow study={study} page={startPages ? startPages.get(study.id) : undefined} />
                </View>
              ) : (
                <ContentsRow key={study.id} study={study} page={startPages ? startPages.get(study.id) : undefined} />
              ),
            )}
          </View>
        ))}
        <Footer left={footer} />
      </Page>

      {/* Case studies */}
      {view.categories.flatMap((category) =>
        category.studies.map((study) => (
          <CaseStudy key={study.id} study={study} footer={footer} onStart={onStudyStart ? (page) => onStudyStart(study.id, page) : undefined} />
        )),
      )}
    </Document>
  );
}
