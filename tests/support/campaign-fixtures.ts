/**
 * A decided award cycle of any size for the email-campaign tests: nominations with partner
 * contacts, outcomes in every tier (and "not awarded"), judges with submitted, draft and
 * conflicted reviews, plus nominations that must never be emailed (withdrawn, ineligible,
 * undecided). Ids are readable and derived from the slug.
 */
import type { Db } from "~/db/client.server";
import { DEFAULT_OUTCOME_TIERS } from "~/domain/vocabulary";
import { inArea } from "./areas";

export type CampaignFixture = {
  cycleId: string;
  slug: string;
  organiserId: string;
  judgeIds: string[];
  /** Nominations that get results, in creation order. */
  decidedNominationIds: string[];
  /** The contact who is on two nominations (the first two decided ones), if asked for. */
  sharedContact: string | null;
  /** Every partner contact email of every decided nomination, one per nomination and contact. */
  expectedResults: { nominationId: string; email: string; tierKind: string | null }[];
};

export type FixtureOptions = {
  slug: string;
  /** Decided nominations (each gets `partnersPer` partners). */
  nominations: number;
  partnersPer?: number;
  /** Put one contact on the first two nominations. */
  sharedContact?: boolean;
  decided?: boolean;
  ceremonyAt?: Date | null;
  ceremonyVenue?: string | null;
  /** Judges, each assigned to the first few nominations; the first judge leaves some unscored. */
  judges?: number;
};

export async function makeCampaignCycle(db: Db, options: FixtureOptions): Promise<CampaignFixture> {
  const { slug, nominations, partnersPer = 2 } = options;
  const id = (what: string) => `${slug}-${what}`;
  const cycleId = id("cycle");
  const organiserId = id("organiser");
  const judgesCount = options.judges ?? 3;
  const judgeIds = Array.from({ length: judgesCount }, (_, i) => id(`judge${i + 1}`));

  await db.user.createMany({
    data: [
      { id: organiserId, email: `organiser@${slug}.example.org`, name: "Olive Organiser" },
      ...judgeIds.map((j, i) => ({ id: j, email: `judge${i + 1}@${slug}.example.org`, name: `Judge Number ${i + 1}` })),
    ],
  });
  await db.awardCycle.create({
    data: {
      id: cycleId,
      slug,
      name: `Testshire Compact Awards ${slug}`,
      area: "Testshire",
      ...inArea("Testshire"),
      nominationsOpenAt: new Date("2026-01-05T09:00:00Z"),
      nominationsCloseAt: new Date("2026-02-05T17:00:00Z"),
      judgingOpenAt: new Date("2026-02-10T09:00:00Z"),
      judgingCloseAt: new Date("2026-03-01T17:00:00Z"),
      ceremonyAt: options.ceremonyAt === undefined ? new Date("2026-06-11T16:30:00Z") : options.ceremonyAt,
      ceremonyVenue: options.ceremonyVenue === undefined ? "The Welcome Centre, Parkside" : options.ceremonyVenue,
      launchedAt: new Date("2026-01-01T09:00:00Z"),
      resultsDecidedAt: options.decided === false ? null : new Date("2026-03-10T12:00:00Z"),
      contactName: "Rob Allison",
      contactEmail: `compact@${slug}.example.org`,
      signOff: "Rob Allison, for the Testshire Compact",
    },
  });
  await db.cycleRole.createMany({
    data: [{ userId: organiserId, cycleId, role: "organiser" }, ...judgeIds.map((j) => ({ userId: j, cycleId, role: "judge" }))],
  });
  await db.category.createMany({
    data: [
      { id: id("cat-a"), cycleId, name: "Working together", position: 0 },
      { id: id("cat-b"), cycleId, name: "Helping groups thrive", position: 1 },
    ],
  });
  await db.outcomeTier.createMany({
    data: DEFAULT_OUTCOME_TIERS.map((t) => ({ id: id(`tier-${t.kind}`), cycleId, name: t.name, rank: t.rank, kind: t.kind })),
  });

  const organisations: { id: string; name: string; nameKey: string; sector: string }[] = [];
  const nominationRows: { id: string; cycleId: string; categoryId: string; title: string; status: string }[] = [];
  const partnerRows: { nominationId: string; organisationId: string; role: string; contactName: string; contactEmail: string; position: number }[] = [];
  const decisionRows: { nominationId: string; outcomeTierId: string | null }[] = [];
  const expectedResults: CampaignFixture["expectedResults"] = [];
  const decidedNominationIds: string[] = [];
  const tierCycle: (string | null)[] = [...DEFAULT_OUTCOME_TIERS.map((t) => t.kind), null];
  const sharedContact = options.sharedContact ? `shared.contact@${slug}.example.org` : null;

  const addNomination = (key: string, status: string, decided: boolean, tierKind: string | null) => {
    const nominationId = id(`nom-${key}`);
    nominationRows.push({ id: nominationId, cycleId, categoryId: id(key.length % 2 ? "cat-a" : "cat-b"), title: `Partnership ${key}`, status });
    for (let p = 0; p < partnersPer; p++) {
      const orgId = id(`org-${key}-${p}`);
      const name = `Organisation ${key}.${p} (${slug})`;
      organisations.push({ id: orgId, name, nameKey: name.toLowerCase(), sector: p === 0 ? "voluntary_community" : "statutory" });
      const email =
        sharedContact && p === 0 && decidedNominationIds.length < 2 && status === "eligible" && decided
          ? sharedContact
          : `contact.${key}.${p}@${slug}.example.org`;
      partnerRows.push({
        nominationId,
        organisationId: orgId,
        role: p === 0 ? "lead_vcs" : p === 1 ? "lead_statutory" : "other",
        contactName: `Contact ${key}.${p}`,
        contactEmail: email,
        position: p,
      });
      if (decided && status === "eligible") expectedResults.push({ nominationId, email, tierKind });
    }
    if (decided) decisionRows.push({ nominationId, outcomeTierId: tierKind ? id(`tier-${tierKind}`) : null });
    if (decided && status === "eligible") decidedNominationIds.push(nominationId);
  };

  for (let i = 0; i < nominations; i++) addNomination(String(i + 1).padStart(3, "0"), "eligible", true, tierCycle[i % tierCycle.length]);
  // Never emailed: withdrawn and ineligible (even with a decision), and undecided.
  addNomination("withdrawn", "withdrawn", true, "winner");
  addNomination("ineligible", "ineligible", true, null);
  addNomination("undecided", "eligible", false, null);

  await db.organisation.createMany({ data: organisations });
  await db.nomination.createMany({ data: nominationRows });
  await db.nominationPartner.createMany({ data: partnerRows });
  await db.decision.createMany({ data: decisionRows.map((d) => ({ ...d, decidedById: organiserId })) });

  // Judging on the first nominations: judge 1 has unscored work; judge 2 is conflicted on the
  // first nomination (its note must not reach the nominators); judge 3 has finished.
  const judged = Math.min(4, nominations);
  for (let n = 0; n < judged; n++) {
    const nominationId = nominationRows[n].id;
    for (const [j, judgeId] of judgeIds.entries()) {
      const conflicted = j === 1 && n === 0;
      const assignmentId = id(`asg-${n}-${j}`);
      await db.assignment.create({
        data: { id: assignmentId, cycleId, judgeId, nominationId, conflict: conflicted ? "declared" : "none" },
      });
      const draft = j === 0 && n >= 2;
      await db.review.create({
        data: {
          assignmentId,
          status: draft ? "draft" : "submitted",
          submittedAt: draft ? null : new Date("2026-02-20T12:00:00Z"),
          noteForNominators: conflicted
            ? "CONFLICTED NOTE: never sent"
            : draft
              ? "DRAFT NOTE: never sent"
              : j === 2
                ? `A note from judge 3 on nomination ${n + 1}.`
                : "",
        },
      });
    }
  }
  return { cycleId, slug, organiserId, judgeIds, decidedNominationIds, sharedContact, expectedResults };
}
