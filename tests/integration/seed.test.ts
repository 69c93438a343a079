import "../support/test-env";
import { prisma } from "~/db/client.server";
import { organisationNameKey } from "~/organisations/organisations.server";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { COVENTRY_2010_NOMINATIONS } from "~/demo/coventry-2010";
import { seedDemo, type SeedDemoResult } from "~/demo/seed.server";
import { listUnsupportedAwards } from "~/results/decisions.server";
import { COMPACT_PRINCIPLE_KEYS, isStatutorySector, isVcsSector } from "~/domain/vocabulary";
import { inArea } from "../support/areas";

const NOW = new Date("2026-11-23T12:00:00Z");

/** Every row of every table, in a fixed order: two equal dumps are the same data. */
async function dumpAll() {
  const byId = { orderBy: { id: "asc" as const } };
  return {
    organisation: await prisma.organisation.findMany(byId),
    user: await prisma.user.findMany(byId),
    signInToken: await prisma.signInToken.findMany(byId),
    session: await prisma.session.findMany(byId),
    awardCycle: await prisma.awardCycle.findMany(byId),
    category: await prisma.category.findMany(byId),
    criterion: await prisma.criterion.findMany(byId),
    outcomeTier: await prisma.outcomeTier.findMany(byId),
    cycleRole: await prisma.cycleRole.findMany(byId),
    nomination: await prisma.nomination.findMany(byId),
    nominationPartner: await prisma.nominationPartner.findMany(byId),
    attachment: await prisma.attachment.findMany(byId),
    assignment: await prisma.assignment.findMany(byId),
    review: await prisma.review.findMany(byId),
    score: await prisma.score.findMany({ orderBy: [{ reviewId: "asc" }, { criterionId: "asc" }] }),
    decision: await prisma.decision.findMany(byId),
    emailMessage: await prisma.emailMessage.findMany(byId),
    auditEvent: await prisma.auditEvent.findMany(byId),
    pressRelease: await prisma.pressRelease.findMany(byId),
    artefact: await prisma.artefact.findMany(byId),
  };
}

function counts(dump: Awaited<ReturnType<typeof dumpAll>>) {
  return Object.fromEntries(Object.entries(dump).map(([table, rows]) => [table, rows.length]));
}

const words = (text: string) => text.trim().split(/\s+/).filter(Boolean).length;

describe("demo data", () => {
  let first: SeedDemoResult;
  let firstDump: Awaited<ReturnType<typeof dumpAll>>;

  before(async () => {
    first = await seedDemo(prisma, { now: NOW });
    firstDump = await dumpAll();
  });
  after(async () => {
    await prisma.$disconnect();
  });

  test("returns the demo people and both cycles", () => {
    assert.equal(first.organiserEmail, "organiser@demo.compact-awards.example");
    assert.equal(first.judgeEmails.length, 3);
    assert.equal(first.nominatorEmails.length, 2);
    assert.deepEqual(first.cycles, ["coventry-2010", "coventry-2027"]);
    for (const email of [first.organiserEmail, ...first.judgeEmails, ...first.nominatorEmails]) {
      assert.match(email, /@demo\.compact-awards\.example$/);
    }
  });

  test("issue 13: two Compact areas: Coventry owns both Coventry cycles; the second area and its open cycle say they are invented", async () => {
    assert.deepEqual(first.areas, ["coventry", "example-valley"]);
    assert.equal(first.exampleCycles.length, 1);
    const coventry = await prisma.compactArea.findUniqueOrThrow({ where: { slug: "coventry" }, include: { cycles: { orderBy: { slug: "asc" } } } });
    assert.deepEqual(
      coventry.cycles.map((c) => c.slug),
      [...first.cycles].sort(),
    );
    const example = await prisma.compactArea.findUniqueOrThrow({ where: { slug: "example-valley" }, include: { cycles: true } });
    assert.match(example.name, /invented example/);
    assert.deepEqual(
      example.cycles.map((c) => c.slug),
      first.exampleCycles,
    );
    const cycle = example.cycles[0];
    assert.match(cycle.name, /invented example/);
    assert.equal(cycle.isDemo, true);
    assert.ok(cycle.launchedAt && cycle.nominationsOpenAt < NOW && cycle.nominationsCloseAt > NOW, "open for nominations");
    assert.equal(await prisma.category.count({ where: { cycleId: cycle.id } }), 2);
    // Coventry's open cycle stays the latest to open and the first to close.
    const open = await prisma.awardCycle.findUniqueOrThrow({ where: { slug: first.cycles[1] } });
    assert.ok(open.nominationsOpenAt > cycle.nominationsOpenAt && open.nominationsCloseAt < cycle.nominationsCloseAt);
  });

  test("seeding twice with the same now gives exactly the same data", async () => {
    const again = await seedDemo(prisma, { now: NOW });
    assert.deepEqual(again, first);
    const secondDump = await dumpAll();
    assert.deepEqual(counts(secondDump), counts(firstDump));
    assert.deepEqual(secondDump, firstDump);
  });

  test("coventry-2010 is published with the four seed categories, criteria and default tiers", async () => {
    const cycle = await prisma.awardCycle.findUniqueOrThrow({
      where: { slug: "coventry-2010" },
      include: { categories: { orderBy: { position: "asc" } }, criteria: true, outcomeTiers: { orderBy: { rank: "asc" } } },
    });
    assert.equal(cycle.name, "Coventry Compact Awards 2010");
    assert.equal(cycle.area, "Coventry");
    assert.equal(cycle.isDemo, true);
    assert.equal(cycle.contactName, "Rob Allison");
    assert.match(cycle.contactEmail, /@example\.org$/);
    assert.ok(cycle.launchedAt && cycle.resultsDecidedAt && cycle.resultsSentAt && cycle.publishedAt);
    assert.equal(cycle.ceremonyAt?.toISOString(), "2010-06-11T13:00:00.000Z", "11 June 2010, 2pm BST");
    assert.ok(cycle.nominationsOpenAt < cycle.nominationsCloseAt);
    assert.ok(cycle.nominationsCloseAt < cycle.judgingOpenAt!);
    assert.ok(cycle.judgingCloseAt! < cycle.resultsDecidedAt!);
    assert.ok(cycle.resultsSentAt! <= cycle.ceremonyAt!);
    assert.ok(cycle.ceremonyAt! <= cycle.publishedAt!);
    assert.equal(cycle.categories.length, 4);
    assert.match(cycle.categories[0].name, /^Joint working between a statutory organisation/);
    assert.ok(cycle.criteria.length >= 3 && cycle.criteria.length <= 4);
    for (const criterion of cycle.criteria) {
      const descriptors = JSON.parse(criterion.descriptors) as { score: number; label: string }[];
      assert.deepEqual(
        descriptors.map((d) => d.score),
        [1, 2, 3, 4, 5],
      );
      assert.ok(descriptors.every((d) => d.label.length > 0));
    }
    assert.deepEqual(
      cycle.outcomeTiers.map((t) => [t.name, t.rank, t.kind]),
      [
        ["Winner", 1, "winner"],
        ["Special commendation", 2, "special_commendation"],
        ["Commendation", 3, "commendation"],
        ["Highly commended", 4, "highly_commended"],
      ],
    );
  });

  test("coventry-2010 has sixteen joint nominations, twelve from the seed and four marked examples", async () => {
    const nominations = await prisma.nomination.findMany({
      where: { cycle: { slug: "coventry-2010" } },
      include: { partners: { include: { organisation: true } } },
    });
    assert.equal(nominations.length, 16);
    assert.equal(nominations.filter((n) => n.isExample).length, 4);
    for (const n of nominations) {
      assert.equal(n.status, "eligible");
      assert.ok(n.categoryId);
      assert.ok(n.title && n.whatHappened && n.impact && n.howPartnersWorked && n.quote && n.quoteAttribution && n.publicContact);
      assert.ok(words(n.summary) > 0 && words(n.summary) <= 60, `${n.title}: summary has ${words(n.summary)} words`);
      assert.match(n.startedOn ?? "", /^\d{4}-\d{2}-\d{2}$/);
      assert.ok(n.submittedAt && n.submittedAt <= (await prisma.awardCycle.findUniqueOrThrow({ where: { id: n.cycleId } })).nominationsCloseAt);
      const principles = JSON.parse(n.principles) as string[];
      assert.ok(principles.length > 0);
      for (const key of principles) assert.ok((COMPACT_PRINCIPLE_KEYS as readonly string[]).includes(key), key);
      assert.equal(n.isExample, n.title.includes("(example)"), `${n.title}: example marking`);
      if (n.isExample) assert.match(n.summary, /\(example\)/);
      assert.match(n.quoteAttribution, /illustrative/, "every quote is invented, so marked illustrative");

      const sectors = n.partners.map((p) => p.organisation.sector);
      assert.ok(sectors.some(isStatutorySector), `${n.title}: needs a statutory partner`);
      assert.ok(sectors.some(isVcsSector), `${n.title}: needs a voluntary/community partner`);
      const leads = n.partners.filter((p) => p.role !== "other");
      assert.deepEqual(leads.map((p) => p.role).sort(), ["lead_statutory", "lead_vcs"]);
      assert.ok(isStatutorySector(leads.find((p) => p.role === "lead_statutory")!.organisation.sector));
      assert.ok(isVcsSector(leads.find((p) => p.role === "lead_vcs")!.organisation.sector));
      for (const lead of leads) {
        assert.ok(lead.confirmedAt, `${n.title}: ${lead.role} confirmed`);
        assert.match(lead.contactEmail, /@([a-z0-9-]+\.)*example(\.[a-z.]+)?$/, `${lead.contactEmail} is at an example domain`);
      }
    }
    assert.equal(nominations.filter((n) => !n.consentToPublish).length, 1);
    // The seed's named nominations are there with their real partners.
    const titles = nominations.map((n) => n.title);
    for (const title of ["The Dementia Care Group", "Positive About Breastfeeding", "Contact & Connect", "Caring for Carers", "The Reunite project"]) {
      assert.ok(titles.includes(title), title);
    }
    const dementia = nominations.find((n) => n.title === "The Dementia Care Group")!;
    assert.deepEqual(dementia.partners.map((p) => p.organisation.name).sort(), [
      "Alzheimer's Society",
      "University Hospitals Coventry and Warwickshire NHS Trust (UHCW)",
    ]);
    const cafe = nominations.find((n) => n.title.includes("church café"))!;
    assert.ok(
      cafe.partners.some((p) => p.organisation.sector === "faith"),
      "the United Reformed Church is a faith group",
    );
  });

  test("coventry-2010 outcomes are the seed's: four special commendations, fourteen awards in all", async () => {
    const decisions = await prisma.decision.findMany({
      where: { nomination: { cycle: { slug: "coventry-2010" } } },
      include: { outcomeTier: true, nomination: true, decidedBy: true },
    });
    assert.equal(decisions.length, 16, "every nomination has a decision");
    const kinds = decisions.map((d) => d.outcomeTier?.kind ?? "none");
    assert.equal(kinds.filter((k) => k === "special_commendation").length, 4);
    assert.equal(kinds.filter((k) => k === "commendation").length, 10, "eight named in the seed + two unnamed (examples)");
    assert.equal(kinds.filter((k) => k === "none").length, 2);
    assert.equal(kinds.filter((k) => k !== "none").length, 14, "the seed: fourteen examples of partnership working recognised");
    // The twelve named in the seed are all awarded; the two not awarded are invented examples.
    for (const d of decisions) {
      if (!d.nomination.isExample) assert.ok(d.outcomeTier, `${d.nomination.title} was awarded`);
      if (!d.outcomeTier) assert.ok(d.nomination.isExample);
      assert.ok(d.rationale.length > 0 && d.citation.length > 0);
      assert.ok(!d.citation.includes("\n"));
      assert.equal(d.decidedBy?.email, "organiser@demo.compact-awards.example");
    }
    const special = decisions
      .filter((d) => d.outcomeTier?.kind === "special_commendation")
      .map((d) => d.nomination.title)
      .sort();
    assert.deepEqual(special, [
      "Contact & Connect",
      "Increased Access to Psychological Therapies (IAPT)",
      "Positive About Breastfeeding",
      "The Dementia Care Group",
    ]);
    const audits = await prisma.auditEvent.findMany({ where: { cycle: { slug: "coventry-2010" } } });
    assert.equal(audits.filter((a) => a.action === "decision.set").length, 16);
    assert.ok(audits.some((a) => a.action === "cycle.published"));
  });

  test("issue 19, item 1: every award of the decided demo cycle is supported by its judging, with no override", async () => {
    const cycle = await prisma.awardCycle.findUniqueOrThrow({ where: { slug: "coventry-2010" } });
    assert.deepEqual(await listUnsupportedAwards(prisma, cycle.id), []);
    assert.equal(await prisma.decision.count({ where: { nomination: { cycleId: cycle.id }, overrideReason: { not: null } } }), 0);
  });

  test("coventry-2010 judging: three judges, every nomination assigned, detected conflicts unscored", async () => {
    const cycle = await prisma.awardCycle.findUniqueOrThrow({ where: { slug: "coventry-2010" }, include: { criteria: true } });
    const judges = await prisma.cycleRole.findMany({ where: { cycleId: cycle.id, role: "judge" }, include: { user: true } });
    assert.equal(judges.length, 3);
    const assignments = await prisma.assignment.findMany({
      where: { cycleId: cycle.id },
      include: {
        judge: true,
        review: { include: { scores: true } },
        nomination: { include: { partners: true, decision: { include: { outcomeTier: true } } } },
      },
    });
    assert.equal(assignments.length, 16 * 3);
    const detected = assignments.filter((a) => a.conflict === "detected");
    assert.ok(detected.length >= 1);
    for (const a of detected) {
      assert.equal(a.review, null, "no review where the judge is conflicted");
      assert.ok(a.conflictReason);
      assert.ok(a.nomination.partners.some((p) => p.organisationId === a.judge.organisationId));
    }
    const council = await prisma.organisation.findUniqueOrThrow({ where: { nameKey: "coventry city council" } });
    assert.ok(
      detected.some((a) => a.judge.organisationId === council.id),
      "the council judge is conflicted on council-partnered nominations",
    );
    for (const a of assignments) {
      if (a.conflict !== "none") continue;
      assert.ok(!a.nomination.partners.some((p) => p.organisationId === a.judge.organisationId));
      assert.equal(a.review?.status, "submitted");
      assert.equal(a.review?.scores.length, cycle.criteria.length);
      for (const s of a.review!.scores) assert.ok(s.value >= 1 && s.value <= 5 && Number.isInteger(s.value));
    }
    // Every nomination keeps at least the required number of non-conflicted judges.
    for (const n of COVENTRY_2010_NOMINATIONS) {
      const scored = assignments.filter((a) => a.nomination.title === n.title && a.review).length;
      assert.ok(scored >= cycle.minJudgesPerNomination, `${n.title}: ${scored} reviews`);
    }

    // Awarded nominations score higher on average than the ones not awarded.
    const weight = new Map(cycle.criteria.map((c) => [c.id, c.weight]));
    const meanByNomination = new Map<string, { kind: string; means: number[] }>();
    for (const a of assignments) {
      if (!a.review) continue;
      const total = a.review.scores.reduce((sum, s) => sum + s.value * weight.get(s.criterionId)!, 0);
      const w = a.review.scores.reduce((sum, s) => sum + weight.get(s.criterionId)!, 0);
      const entry = meanByNomination.get(a.nominationId) ?? { kind: a.nomination.decision?.outcomeTier?.kind ?? "none", means: [] };
      entry.means.push(total / w);
      meanByNomination.set(a.nominationId, entry);
    }
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const byKind = (kind: string) => avg([...meanByNomination.values()].filter((e) => e.kind === kind).map((e) => avg(e.means)));
    assert.ok(byKind("special_commendation") > byKind("commendation"), "special > commendation");
    assert.ok(byKind("commendation") > byKind("none"), "commendation > not awarded");
    const awardedMin = Math.min(...[...meanByNomination.values()].filter((e) => e.kind !== "none").map((e) => avg(e.means)));
    const notAwardedMax = Math.max(...[...meanByNomination.values()].filter((e) => e.kind === "none").map((e) => avg(e.means)));
    assert.ok(awardedMin > notAwardedMax, `every awarded nomination outscores the ones not awarded (${awardedMin} > ${notAwardedMax})`);
  });

  test("the second cycle is open at now, launched, undecided, with nominations in every early state", async () => {
    const cycle = await prisma.awardCycle.findUniqueOrThrow({
      where: { slug: first.cycles[1] },
      include: { categories: true, criteria: true, outcomeTiers: true, roles: { include: { user: true } } },
    });
    assert.equal(cycle.name, "Coventry Compact Awards 2027");
    assert.equal(cycle.isDemo, true);
    assert.ok(cycle.launchedAt && cycle.launchedAt <= NOW);
    assert.ok(cycle.nominationsOpenAt <= NOW && NOW < cycle.nominationsCloseAt, "nominations are open at now");
    assert.ok(cycle.nominationsCloseAt < cycle.judgingOpenAt! && cycle.judgingOpenAt! < cycle.judgingCloseAt! && cycle.judgingCloseAt! < cycle.ceremonyAt!);
    assert.equal(cycle.resultsDecidedAt, null);
    assert.equal(cycle.resultsSentAt, null);
    assert.equal(cycle.publishedAt, null);
    assert.ok(cycle.ceremonyVenue);
    assert.equal(cycle.categories.length, 4);
    assert.equal(cycle.outcomeTiers.length, 4);
    assert.ok(cycle.criteria.length >= 3);
    assert.deepEqual(
      cycle.roles
        .filter((r) => r.role === "judge")
        .map((r) => r.user.email)
        .sort(),
      first.judgeEmails.slice().sort(),
    );
    assert.deepEqual(
      cycle.roles.filter((r) => r.role === "organiser").map((r) => r.user.email),
      [first.organiserEmail],
    );

    const nominations = await prisma.nomination.findMany({
      where: { cycleId: cycle.id },
      include: { partners: { include: { organisation: true } }, createdBy: true },
    });
    const byStatus = (s: string) => nominations.filter((n) => n.status === s);
    assert.equal(byStatus("draft").length, 2);
    assert.equal(byStatus("awaiting_partner").length, 1);
    assert.equal(byStatus("submitted").length + byStatus("eligible").length, 4);
    for (const n of nominations) {
      assert.equal(n.isExample, true);
      assert.match(n.title, /\(example\)/);
      assert.ok(words(n.summary) <= 60);
      assert.ok(n.createdAt <= NOW && n.updatedAt <= NOW);
    }
    for (const n of byStatus("draft")) assert.equal(n.createdBy?.email, "nominator@demo.compact-awards.example");
    const waiting = byStatus("awaiting_partner")[0];
    const statutoryLead = waiting.partners.find((p) => p.role === "lead_statutory")!;
    assert.equal(statutoryLead.contactEmail, "council.nominator@demo.compact-awards.example");
    assert.equal(statutoryLead.confirmedAt, null);
    assert.ok(statutoryLead.confirmationRequestedAt);
    for (const n of [...byStatus("submitted"), ...byStatus("eligible")]) {
      assert.ok(n.submittedAt && n.submittedAt <= NOW);
      const sectors = n.partners.map((p) => p.organisation.sector);
      assert.ok(sectors.some(isStatutorySector) && sectors.some(isVcsSector));
      for (const lead of n.partners.filter((p) => p.role !== "other")) assert.ok(lead.confirmedAt);
    }
    assert.equal(await prisma.assignment.count({ where: { cycleId: cycle.id } }), 0);
  });

  test("demo users and organisations", async () => {
    const organiser = await prisma.user.findUniqueOrThrow({ where: { email: first.organiserEmail }, include: { roles: true } });
    assert.equal(organiser.roles.filter((r) => r.role === "organiser").length, 2, "organiser of both cycles");
    const nominator = await prisma.user.findUniqueOrThrow({ where: { email: first.nominatorEmails[0] }, include: { organisation: true } });
    assert.ok(nominator.organisation && isVcsSector(nominator.organisation.sector));
    const councilNominator = await prisma.user.findUniqueOrThrow({ where: { email: first.nominatorEmails[1] }, include: { organisation: true } });
    assert.equal(councilNominator.organisation?.name, "Coventry City Council");
    assert.equal(councilNominator.organisation?.sector, "statutory");
    for (const org of await prisma.organisation.findMany({ include: { domains: true } })) {
      assert.equal(org.nameKey, organisationNameKey(org.name), "the app's own rule for the same organisation");
      for (const d of org.domains) assert.match(d.domain, /(^|\.)example(\.|$)/);
    }
  });

  test("re-seeding resets the demo cycles and keeps everything that is not demo data", async () => {
    const open = await prisma.awardCycle.findUniqueOrThrow({ where: { slug: first.cycles[1] } });
    const realOrg = await prisma.organisation.create({ data: { name: "Real Group", nameKey: "real group", sector: "voluntary_community" } });
    const realUser = await prisma.user.create({ data: { email: "someone@real.example", organisationId: realOrg.id } });
    const realCycle = await prisma.awardCycle.create({
      data: {
        slug: "elsewhere-2026",
        name: "Elsewhere Compact Awards",
        area: "Elsewhere",
        ...inArea("Elsewhere"),
        nominationsOpenAt: NOW,
        nominationsCloseAt: NOW,
      },
    });
    // A visitor tries the flow in the demo: a new nomination, an edited one, an extra judge.
    await prisma.nomination.create({ data: { cycleId: open.id, title: "Tried it out", createdById: realUser.id } });
    const seeded = await prisma.nomination.findFirstOrThrow({ where: { cycleId: open.id, status: "draft" } });
    await prisma.nomination.update({ where: { id: seeded.id }, data: { title: "Changed", version: { increment: 1 } } });
    await prisma.cycleRole.create({ data: { cycleId: open.id, userId: realUser.id, role: "judge" } });

    await seedDemo(prisma, { now: NOW });

    const dump = await dumpAll();
    assert.ok(dump.awardCycle.some((c) => c.id === realCycle.id));
    assert.ok(dump.user.some((u) => u.id === realUser.id));
    assert.ok(dump.organisation.some((o) => o.id === realOrg.id));
    const withoutReal = {
      ...dump,
      awardCycle: dump.awardCycle.filter((c) => c.id !== realCycle.id),
      user: dump.user.filter((u) => u.id !== realUser.id),
      organisation: dump.organisation.filter((o) => o.id !== realOrg.id),
    };
    assert.deepEqual(withoutReal, firstDump, "the demo is back to exactly its seeded state");
  });

  test("a later now moves the open cycle; a real cycle's slug is never taken over", async () => {
    const before2010 = await prisma.nomination.findMany({ where: { cycle: { slug: "coventry-2010" } }, orderBy: { id: "asc" } });
    const later = new Date("2028-02-10T10:00:00Z");
    const real = await prisma.awardCycle.create({
      data: { slug: "coventry-2028", name: "Real 2028", area: "Coventry", ...inArea("Coventry"), nominationsOpenAt: later, nominationsCloseAt: later },
    });
    const result = await seedDemo(prisma, { now: later });
    assert.deepEqual(result.cycles, ["coventry-2010", "coventry-2028-demo"]);
    assert.equal(await prisma.awardCycle.count({ where: { slug: first.cycles[1] } }), 0, "last year's demo cycle is gone");
    const untouched = await prisma.awardCycle.findUniqueOrThrow({ where: { id: real.id } });
    assert.equal(untouched.name, "Real 2028");
    assert.equal(untouched.isDemo, false);
    const open = await prisma.awardCycle.findUniqueOrThrow({ where: { slug: "coventry-2028-demo" } });
    assert.ok(open.nominationsOpenAt <= later && later < open.nominationsCloseAt);
    assert.equal(await prisma.nomination.count({ where: { cycleId: open.id } }), 7);
    const after2010 = await prisma.nomination.findMany({ where: { cycle: { slug: "coventry-2010" } }, orderBy: { id: "asc" } });
    assert.deepEqual(after2010, before2010, "coventry-2010 does not depend on now");
  });
});
