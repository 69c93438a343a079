/**
 * Issue 19, item 8: the nomination's page tells its partners where it stands, from what was
 * really told: the results email, a correction, the results published. Through the real
 * `resend` SDK against the fake Resend, on a real SQLite file.
 */
import "../support/test-env";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { prisma } from "~/db/client.server";
import { queueAndSend, requestSend } from "~/mail/campaigns.server";
import { loadNomination } from "~/nominations/nominations.server";
import { loadNominationStage } from "~/nominations/stage.server";
import { decideResults, publishResults, setDecision, unlockResults } from "~/results/decisions.server";
import { makeCampaignCycle } from "../support/campaign-fixtures";
import { actorOf } from "../support/actors";
import { fakeResendForThisFile } from "../support/sending";

const mail = fakeResendForThisFile();
/** After the fixture's judging closed (1 March 2026). */
const AFTER_JUDGING = new Date("2026-03-12T12:00:00Z");

async function stageOf(nominationId: string, now = AFTER_JUDGING) {
  const n = await loadNomination(prisma, nominationId);
  assert.ok(n);
  return loadNominationStage(prisma, n, now);
}

const cycleOf = (id: string) => prisma.awardCycle.findUniqueOrThrow({ where: { id } });
const send = () => ({ transport: mail.transport, sleep: async () => {} });

describe("issue 19, item 8: the nomination's page moves on with what its partners were told", () => {
  it("decided but not told, told by the results email, being corrected, corrected, then published with its case study", async () => {
    const f = await makeCampaignCycle(prisma, { slug: "stages", nominations: 5, partnersPer: 2, ceremonyAt: null });
    await prisma.awardCycle.update({ where: { id: f.cycleId }, data: { minJudgesPerNomination: 2 } });
    await prisma.nomination.update({ where: { id: `${f.slug}-nom-undecided` }, data: { status: "withdrawn" } });
    const organiser = await actorOf(f.organiserId);
    const [winner, second] = f.decidedNominationIds;
    const notAwarded = f.expectedResults.find((r) => r.tierKind === null)!.nominationId;

    // Locked, nobody told yet: as far as the partners know, the outcomes are being decided.
    assert.deepEqual(await stageOf(winner), { kind: "deciding", ceremonyAt: null });

    // The results email: each partner's page says the outcome it told.
    await queueAndSend(prisma, organiser, await cycleOf(f.cycleId), "results", send()).done;
    const told = await stageOf(winner);
    assert.ok(told?.kind === "told");
    assert.equal(told.outcome, "Winner");
    assert.equal(told.awarded, true);
    assert.equal(told.beingCorrected, false);
    assert.equal(told.published, false);
    assert.equal(told.caseStudyPath, null, "no case study before the results are published");
    const thanks = await stageOf(notAwarded);
    assert.ok(thanks?.kind === "told" && thanks.outcome === "Not awarded" && !thanks.awarded);

    // Unlocked for a correction, then changed: the page keeps what they were told and says it is being checked.
    assert.ok((await unlockResults(prisma, organiser, { id: f.cycleId }, "A conflict was found")).ok);
    assert.ok((await setDecision(prisma, organiser, second, { outcomeTierId: `${f.slug}-tier-commendation`, rationale: "Corrected" })).ok);
    assert.ok((await decideResults(prisma, organiser, { id: f.cycleId })).ok);
    const correcting = await stageOf(second);
    assert.ok(correcting?.kind === "told");
    assert.equal(correcting.outcome, "Special commendation", "what the partners were told, until the correction reaches them");
    assert.equal(correcting.beingCorrected, true);
    const untouched = await stageOf(winner);
    assert.ok(untouched?.kind === "told" && !untouched.beingCorrected, "an outcome that did not change is not being corrected");

    // The correction reaches them: the page says the new outcome.
    await (
      await requestSend(prisma, organiser, await cycleOf(f.cycleId), "results-correction", send())
    ).done;
    const corrected = await stageOf(second);
    assert.ok(corrected?.kind === "told" && corrected.outcome === "Commendation" && !corrected.beingCorrected);

    // Published: the award links to its public case study; the nomination not awarded links to none.
    const published = await publishResults(prisma, organiser, { id: f.cycleId }, { confirmed: true });
    assert.ok(published.ok, published.message);
    const live = await stageOf(winner, new Date());
    assert.ok(live?.kind === "told" && live.published);
    assert.equal(live.caseStudyPath, `/cycles/${f.slug}/case-studies/${winner}`);
    const none = await stageOf(notAwarded, new Date());
    assert.ok(none?.kind === "told" && none.published && none.caseStudyPath === null);
    // Withdrawn nominations have their own words, and no stage.
    assert.equal(await stageOf(`${f.slug}-nom-undecided`), null);
  });
});
