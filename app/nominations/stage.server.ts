/**
 * Loads what nominationStage() needs for one nomination: what its partners were told (the last
 * results email or correction that reached one of them, or the results published or marked as
 * sent), and its public case study once the results are published.
 */
import type { Db } from "~/db/client.server";
import { tellsCurrent, NOT_AWARDED_NAME, toldOutcome } from "~/mail/corrections.server";
import { tierKindOf } from "~/mail/campaigns.server";
import { resultsTemplateFor } from "~/mail/templates.server";
import { loadAwards } from "~/results/published.server";
import type { LoadedNomination } from "./nominations.server";
import { nominationStage, type NominationStage, type Told } from "./stage";
import { isCounted } from "./status";

export async function loadNominationStage(db: Db, n: LoadedNomination, now = new Date()): Promise<NominationStage | null> {
  if (!isCounted(n.status)) return null;
  const cycle = n.cycle;
  const [decision, lastNotice] = await Promise.all([
    db.decision.findUnique({ where: { nominationId: n.id }, select: { outcomeTierId: true, outcomeTier: { select: { name: true, kind: true } } } }),
    db.emailMessage.findFirst({
      where: {
        nominationId: n.id,
        status: "sent",
        OR: [{ idempotencyKey: { startsWith: `results:${cycle.id}:` } }, { idempotencyKey: { startsWith: `results-correction:${cycle.id}:` } }],
      },
      orderBy: [{ createdAt: "desc" }, { idempotencyKey: "desc" }],
      select: { outcome: true, outcomeTierId: true, template: true },
    }),
  ]);
  const current = decision
    ? {
        tierId: decision.outcomeTierId,
        name: decision.outcomeTier?.name ?? NOT_AWARDED_NAME,
        template: resultsTemplateFor(tierKindOf(decision.outcomeTier?.kind)),
      }
    : null;
  const locked = !!cycle.resultsDecidedAt;
  let told: Told | null = null;
  if (lastNotice) {
    told = {
      outcome: toldOutcome(lastNotice),
      awarded: lastNotice.outcome !== null ? lastNotice.outcomeTierId !== null : lastNotice.template !== resultsTemplateFor(null),
      stands: locked && !!current && tellsCurrent(lastNotice, current),
    };
  } else if (current && (cycle.publishedAt || cycle.resultsSentAt)) {
    // Told on the public pages, or by the organisers outside this tool (results marked as sent).
    told = { outcome: current.name, awarded: current.tierId !== null, stands: locked };
  }
  let caseStudyPath: string | null = null;
  if (told && cycle.publishedAt) {
    const { awards } = await loadAwards(db, cycle.id, { nominationId: n.id });
    if (awards.length) caseStudyPath = `/cycles/${cycle.slug}/case-studies/${n.id}`;
  }
  return nominationStage({ status: n.status, cycle, told, caseStudyPath }, now);
}
