/**
 * The awards ceremony: the host's running order and the certificates, both from the
 * published results (loadAwards). In each category the awards are read out in ascending
 * importance: highly commended, commendations, special commendations, then the winners
 * last (tier rank descending; rank 1 is the highest award).
 */
import { renderToBuffer } from "@react-pdf/renderer";
import { registerPdfFonts } from "~/booklet/fonts.server";
import type { Db } from "~/db/client.server";
import { loadAwards, type PartnerSide, type PublishedAward } from "~/results/published.server";
import { formatUkDateTime } from "~/utils/time";
import { CertificatesDocument } from "./certificates-document";

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

export { CITATION_MAX } from "./citation";

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
      data: {
        actorId: input.actorId,
        cycleId: input.cycleId,
        action: "decision.citation.updated",
        entityType: "Decision",
        entityId: decision.id,
        data: JSON.stringify({ from: decision.citation, to: citation }),
      },
    }),
  ]);
  return true;
}

/** Certificates PDF for every award of the cycle, one A4 landscape page each. */
export async function renderCertificates(db: Db, cycleId: string): Promise<{ pdf: Buffer; pages: number; order: RunningOrder }> {
  registerPdfFonts();
  const order = await loadRunningOrder(db, cycleId);
  const pdf = await renderToBuffer(CertificatesDocument({ order }));
  return { pdf, pages: order.total, order };
}
