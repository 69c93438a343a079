/**
 * The press release: a Markdown draft built from the cycle and its published results
 * (loadAwards), edited by organisers, published beside the results, and downloadable as
 * Markdown and as a Word document (docs/decisions/0015-press-release.md).
 */
import type { Db } from "~/db/client.server";
import { env } from "~/env.server";
import { describeTierCounts, loadAwards, numberWord, withheldTexts, type PublishedAward, type PublishedResults } from "~/results/published.server";
import { formatUkDateTime } from "~/utils/time";
import { markdownToDocx } from "./docx.server";
import { escapeMarkdown, renderMarkdown } from "./markdown.server";
import { celebratedSentence, ceremonyIsAhead, judgedSentence, receivedSentence, recognisedPhrase } from "./wording";
import { capitalise } from "~/utils/text";

export type PressCycle = {
  id: string;
  slug: string;
  name: string;
  area: string;
  ceremonyAt: Date | null;
  ceremonyVenue: string | null;
  contactName: string;
  contactEmail: string;
  contactPhone: string | null;
  pressContact: string;
  publishedAt: Date | null;
  /** when the results are scheduled to be published, if they are */
  publishResultsAt: Date | null;
};

export type PressExtras = { quote: string; quoteAttribution: string; embargoAt: Date | null };

const CYCLE_SELECT = {
  id: true,
  slug: true,
  name: true,
  area: true,
  ceremonyAt: true,
  ceremonyVenue: true,
  contactName: true,
  contactEmail: true,
  contactPhone: true,
  pressContact: true,
  publishedAt: true,
  publishResultsAt: true,
} as const;

export function pressFileName(slug: string, ext: "md" | "docx") {
  return `${slug}-press-release.${ext}`;
}

/** One line of typed text, safe inside Markdown. */
function md(text: string): string {
  return escapeMarkdown(text.replace(/\s+/g, " ").trim());
}

/** "A, B and C" */
export function listOfNames(names: string[]): string {
  if (names.length <= 1) return names[0] ?? "";
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

function awardLine(a: PublishedAward): string {
  const partners = listOfNames(a.partners.map((p) => p.name));
  const summary = a.summary ? ` ${md(a.summary)}` : "";
  return `- **${md(a.tier.name)}: ${md(a.title)}**, by ${md(partners)}.${summary}`;
}

function straightQuote(text: string) {
  return text.replace(/^["\u201C\u2018']+|["\u201D\u2019']+$/g, "").trim();
}

/**
 * The day the release goes out, which sets its tense: the embargo's end if there is one, else
 * the scheduled publication of the results, else now.
 */
export function releaseDateOf(cycle: Pick<PressCycle, "publishResultsAt">, extras: Pick<PressExtras, "embargoAt">, now = new Date()): Date {
  return extras.embargoAt ?? cycle.publishResultsAt ?? now;
}

/** The draft: headline, standfirst, quote, the awards by category naming every partner, notes to editors, contact. */
export function buildPressReleaseMarkdown(cycle: PressCycle, results: PublishedResults, extras: PressExtras, now = new Date()): string {
  const { counts } = results;
  const tierSummary = describeTierCounts(counts.byTier);
  const winners = results.awards.filter((a) => a.tier.kind === "winner");
  const lines: string[] = [];

  lines.push(extras.embargoAt ? `**Embargoed until ${formatUkDateTime(extras.embargoAt)}**` : "**For immediate release**", "");

  const releaseAt = releaseDateOf(cycle, extras, now);
  const headline =
    counts.awards === 0
      ? `${cycle.name}: the results`
      : `${capitalise(numberWord(counts.awards))} ${counts.awards === 1 ? "partnership" : "partnerships"} ${recognisedPhrase(ceremonyIsAhead(cycle.ceremonyAt, releaseAt))} the ${cycle.name}`;
  lines.push(`# ${md(headline)}`, "");

  const standfirst =
    celebratedSentence({
      subject: `Partnerships between public bodies and voluntary, community and faith groups in ${cycle.area}`,
      cycleName: cycle.name,
      ceremonyAt: cycle.ceremonyAt,
      venue: cycle.ceremonyVenue,
      releaseAt,
    }) +
    " " +
    judgedSentence({ judged: counts.nominationsJudged, awards: counts.awards, tierSummary });
  lines.push(`**${md(standfirst)}**`, "");

  if (winners.length) {
    lines.push(
      `The ${winners.length === 1 ? "winner was" : "winners were"} ${md(listOfNames(winners.map((w) => `${w.title} (${listOfNames(w.partners.map((p) => p.name))})`)))}.`,
      "",
    );
  }

  lines.push(
    `Every nomination was made jointly by at least one statutory organisation and one voluntary or community organisation, showing what they achieved together that neither could have achieved alone.`,
    "",
  );

  if (extras.quote.trim()) {
    lines.push(`> \u201C${md(straightQuote(extras.quote))}\u201D`);
    if (extras.quoteAttribution.trim()) lines.push(">", `> \u2014 ${md(extras.quoteAttribution)}`);
    lines.push("");
  }

  if (counts.awards) {
    lines.push("## The awards", "");
    for (const category of results.categories) {
      lines.push(`### ${md(category.name)}`, "");
      for (const award of category.awards) lines.push(awardLine(award));
      lines.push("");
    }
  }

  lines.push("ENDS", "", "## Notes to editors", "");
  const base = env.appUrl;
  const notes = [
    `The Compact is the agreement between government and the voluntary and community sector in England, first agreed in 1998, which sets out how they work together for the benefit of communities and citizens. Local Compacts, such as the ${md(cycle.area)} Compact, apply its principles locally, between councils, the NHS, the police and other public bodies and local voluntary and community organisations.`,
    `The ${md(cycle.name)} celebrate partnership working in the spirit of the Compact: every nomination is made jointly by a statutory and a voluntary or community partner.`,
    `${receivedSentence({ received: counts.nominationsReceived, judged: counts.nominationsJudged })} ${capitalise(numberWord(counts.awards))} ${counts.awards === 1 ? "award was" : "awards were"} made${tierSummary ? ` (${tierSummary})` : ""}.`,
  ];
  if (counts.awards) {
    notes.push(
      `Case studies of every award: ${base}/cycles/${cycle.slug}/case-studies. The case-study booklet (PDF): ${base}/cycles/${cycle.slug}/booklet.pdf.`,
    );
  }
  notes.forEach((note, i) => lines.push(`${i + 1}. ${note}`));
  lines.push("");

  const contact =
    cycle.pressContact.trim() || [cycle.contactName, cycle.contactEmail, cycle.contactPhone].filter((v): v is string => !!v && !!v.trim()).join(", ");
  if (contact) lines.push("## Media contact", "", md(contact), "");

  return (
    lines
      .join("\n")
      .replace(/\n{3,}/g, "\n\n")
      .trimEnd() + "\n"
  );
}

export async function loadPressCycle(db: Db, cycleId: string): Promise<PressCycle> {
  return db.awardCycle.findUniqueOrThrow({ where: { id: cycleId }, select: CYCLE_SELECT });
}

/** A fresh draft from the results as they are now, with the organiser's quote and embargo. */
export async function buildPressReleaseDraft(db: Db, cycleId: string, extras?: Partial<PressExtras>): Promise<string> {
  const [cycle, results, row] = await Promise.all([loadPressCycle(db, cycleId), loadAwards(db, cycleId), db.pressRelease.findUnique({ where: { cycleId } })]);
  return buildPressReleaseMarkdown(cycle, results, {
    quote: extras?.quote ?? row?.quote ?? "",
    quoteAttribution: extras?.quoteAttribution ?? row?.quoteAttribution ?? "",
    embargoAt: extras?.embargoAt !== undefined ? extras.embargoAt : (row?.embargoAt ?? null),
  });
}

/** The stored press release, or an unsaved draft built now (nothing is written). */
export async function pressReleaseForEditing(db: Db, cycleId: string) {
  const row = await db.pressRelease.findUnique({ where: { cycleId } });
  if (row) return { saved: true as const, ...row };
  return {
    saved: false as const,
    markdown: await buildPressReleaseDraft(db, cycleId),
    quote: "",
    quoteAttribution: "",
    embargoAt: null as Date | null,
    publishedAt: null as Date | null,
    updatedAt: null as Date | null,
  };
}

/** Is the press release public now? Published by an organiser, the results published, and any embargo passed. */
export function pressReleaseIsPublic(row: { publishedAt: Date | null; embargoAt: Date | null } | null, cycle: { publishedAt: Date | null }, now = new Date()) {
  if (!row?.publishedAt || !cycle.publishedAt) return false;
  return !row.embargoAt || row.embargoAt.getTime() <= now.getTime();
}

/** `markdown` without any of `texts`, as typed or as the draft writes them (one line, Markdown-escaped). */
export function withoutTexts(markdown: string, texts: string[]): string {
  let out = markdown;
  for (const text of texts) {
    for (const form of new Set([text, text.trim(), md(text), text.replace(/\s+/g, " ").trim()])) {
      if (form.length >= 12) out = out.split(form).join("");
    }
  }
  return out;
}

/**
 * The published press release of a cycle, or null when the public may not see it. Its stored
 * text loses whatever publicAward() withholds from the public now: a release saved while the
 * partners' consent stood shows none of their story once it is withdrawn (docs/decisions/0057).
 */
export async function publicPressRelease(db: Db, cycle: { id: string; publishedAt: Date | null }, now = new Date()) {
  const row = await db.pressRelease.findUnique({ where: { cycleId: cycle.id } });
  if (!row || !pressReleaseIsPublic(row, cycle, now)) return null;
  const whole = await loadAwards(db, cycle.id, undefined, "organisers");
  const withheld = whole.awards.flatMap(withheldTexts);
  return withheld.length ? { ...row, markdown: withoutTexts(row.markdown, withheld) } : row;
}

/** The headline: the first level-1 heading, without Markdown marks. */
export function headlineOf(markdown: string): string {
  const m = /^#\s+(.+)$/m.exec(markdown);
  return (m ? m[1] : "Press release")
    .replace(/\\([\\`*_[\]<>|~#])/g, "$1")
    .replace(/[*_`]/g, "")
    .trim();
}

export { renderMarkdown, markdownToDocx };
