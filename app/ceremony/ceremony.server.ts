/**
 * The awards ceremony: the host's running order and the certificates, both from the
 * published results (loadAwards). In each category the awards are read out in ascending
 * importance: highly commended, commendations, special commendations, then the winners
 * last (tier rank descending; rank 1 is the highest award).
 */
import { INK, MUTED, NAVY, tierColour } from "~/booklet/theme";
import type { Db } from "~/db/client.server";
import { cleanText } from "~/pdf/text";
import { compileTypstInWorker, compileWithFallback, PDF_FONTS, type TypstJob } from "~/pdf/typst.server";
import { loadAwards, type PartnerSide, type PublishedAward } from "~/results/published.server";
import { formatUkDateTime } from "~/utils/time";
import { CERTIFICATES_TEMPLATE } from "./certificates-template";
import { auditRow } from "~/audit/audit.server";

export type RunningOrderItem = {
  /** 1, 2, 3… through the whole ceremony */
  number: number;
  decisionId: string;
  nominationId: string;
  title: string;
  summary: string;
  tier: { name: string; kind: string; rank: number };
  citation: string;
  partners: { name: string; side: PartnerSide; sectorLabel: string }[];
};

export type RunningOrder = {
  cycle: { id: string; slug: string; name: string; area: string; ceremony: string; signOff: string };
  categories: { name: string; items: RunningOrderItem[] }[];
  total: number;
};

/** Ceremony order within a category: least important tier first, winners last; then as in the results. */
export function ceremonyOrder(awards: PublishedAward[]): PublishedAward[] {
  return awards
    .map((a, i) => ({ a, i }))
    .sort((x, y) => y.a.tier.rank - x.a.tier.rank || x.i - y.i)
    .map(({ a }) => a);
}

export async function loadRunningOrder(db: Db, cycleId: string): Promise<RunningOrder> {
  const [cycle, results] = await Promise.all([
    db.awardCycle.findUniqueOrThrow({
      where: { id: cycleId },
      select: { id: true, slug: true, name: true, area: true, ceremonyAt: true, ceremonyVenue: true, signOff: true },
    }),
    // The running order is the organisers' own paper: the whole award, citations included.
    loadAwards(db, cycleId, undefined, "organisers"),
  ]);
  let number = 0;
  const categories = results.categories.map((c) => ({
    name: c.name,
    items: ceremonyOrder(c.awards).map((a) => ({
      number: ++number,
      decisionId: a.decisionId,
      nominationId: a.nominationId,
      title: a.title,
      summary: a.summary,
      tier: a.tier,
      citation: a.citation,
      partners: a.partners.map((p) => ({ name: p.name, side: p.side, sectorLabel: p.sectorLabel })),
    })),
  }));
  const ceremony = cycle.ceremonyAt ? [formatUkDateTime(cycle.ceremonyAt), cycle.ceremonyVenue].filter(Boolean).join(", ") : (cycle.ceremonyVenue ?? "");
  return {
    cycle: { id: cycle.id, slug: cycle.slug, name: cycle.name, area: cycle.area, ceremony, signOff: cycle.signOff },
    categories,
    total: number,
  };
}

/**
 * Sets the one-line citation of an award of this cycle. Returns false when the decision is
 * not an award of this cycle (the caller answers 404).
 */
export async function updateCitation(db: Db, input: { cycleId: string; decisionId: string; citation: string; actorId: string }): Promise<boolean> {
  const decision = await db.decision.findUnique({
    where: { id: input.decisionId },
    select: { id: true, citation: true, outcomeTierId: true, nomination: { select: { cycleId: true } } },
  });
  if (!decision || decision.nomination.cycleId !== input.cycleId || !decision.outcomeTierId) return false;
  const citation = input.citation.replace(/\s+/g, " ").trim();
  if (citation === decision.citation) return true;
  await db.$transaction([
    db.decision.update({ where: { id: decision.id }, data: { citation } }),
    db.auditEvent.create({
      data: auditRow({
        actorId: input.actorId,
        cycleId: input.cycleId,
        action: "decision.citation.updated",
        entityType: "Decision",
        entityId: decision.id,
        data: { from: decision.citation, to: citation },
      }),
    }),
  ]);
  return true;
}

/** Type sizes shrink for long titles and long partner lists, so every certificate stays on its one page. */
function titleSize(title: string) {
  if (title.length > 110) return 17;
  if (title.length > 70) return 21;
  if (title.length > 40) return 25;
  return 30;
}

function partnerSize(names: string[]) {
  const chars = names.join(" · ").length;
  if (chars > 500) return 8.5;
  if (chars > 300) return 10;
  if (chars > 160) return 12;
  return 15;
}

/** The certificates' Typst job: the template and its JSON (every string shown as text). */
export function certificatesJob(order: RunningOrder, clean: (s: string) => string = (s) => s): TypstJob {
  const one = (s: string) => clean(cleanText(s)).replace(/\s+/g, " ").trim();
  const { cycle } = order;
  const data = {
    meta: {
      title: `${one(cycle.name)}: certificates`,
      author: `${one(cycle.area)} Compact`,
      subject: "Award certificates",
      keywords: ["Compact Awards", "certificates", one(cycle.area)],
    },
    fonts: PDF_FONTS,
    theme: { ink: INK, muted: MUTED, navy: NAVY },
    certificates: order.categories.flatMap((c) =>
      c.items.map((item) => {
        const names = item.partners.map((p) => one(p.name));
        return {
          kicker: one(cycle.name),
          tier: one(item.tier.name),
          colour: tierColour(item.tier.kind),
          title: one(item.title),
          titleSize: titleSize(item.title),
          partnersLead: names.length === 1 ? "the work of" : "a partnership of",
          partners: names,
          partnersSize: partnerSize(names),
          citation: one(item.citation),
          category: one(c.name),
          signOff: one(cycle.signOff) || `For the ${one(cycle.area)} Compact`,
          occasion: one(cycle.ceremony) || one(cycle.name),
        };
      }),
    ),
  };
  return { template: CERTIFICATES_TEMPLATE, files: [{ path: "/certificates.json", bytes: Buffer.from(JSON.stringify(data)) }] };
}

/**
 * Certificates PDF (tagged PDF/UA-1) for every award of the cycle, one A4 landscape page
 * each, laid out by Typst in a worker thread so the server keeps answering meanwhile.
 */
export async function renderCertificates(db: Db, cycleId: string): Promise<{ pdf: Buffer; pages: number; order: RunningOrder }> {
  const order = await loadRunningOrder(db, cycleId);
  const { pdf, pages } = await compileWithFallback((clean) => certificatesJob(order, clean), compileTypstInWorker);
  return { pdf, pages, order };
}
