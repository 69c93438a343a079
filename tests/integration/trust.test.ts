/**
 * Issue 11, "Trust": the probe's findings about who speaks for an organisation, the joint
 * confirmation and consent, each written as the attack it was, through the real HTTP server
 * where the finding was about what the server sends (a page's data as a browser gets it,
 * `GET <path>.data`, and the HTML's embedded data; the old `?_data=` JSON is refused), and
 * through the domain functions where it was about a rule.
 */
import "../support/test-env";
import { testDatabase } from "../support/test-env";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { hashToken } from "~/auth/tokens";
import { currentBookletInputs } from "~/booklet/booklet.server";
import { prisma } from "~/db/client.server";
import { seedDemo } from "~/demo/seed.server";
import { listCycleJudges } from "~/judging/assignments.server";
import { detectConflicts } from "~/judging/conflicts";
import { confirmNomination, submitNomination } from "~/nominations/confirmation.server";
import { saveCategory, saveConsent, saveStory, startNomination } from "~/nominations/nominations.server";
import { addPartner } from "~/nominations/partners.server";
import { listNominationsFor, organisationNominationsFor } from "~/nominations/lists.server";
import { addOrganisationDomain, claimOrganisation, decideMembership } from "~/organisations/membership.server";
import { buildPressReleaseDraft } from "~/press/press-release.server";
import { loadAwards } from "~/results/published.server";
import * as taskRoute from "~/routes/nominations.$id._index";
import * as checkRoute from "~/routes/nominations.$id.check";
import { sessionCookieFor, startAppServer, type AppServer } from "../support/app-server";
import { args, respond, sessionCookie } from "../support/route-calls";
import { actorOf } from "../support/actors";
import { assertOldDataRequestRefused, dataPath, loaderDataOf, readData } from "../support/single-fetch";
import { inArea } from "../support/areas";

const DAY = 24 * 3_600_000;
const now = new Date();
let seq = 0;
const unique = (s: string) => `${s}-${++seq}`;

async function org(name: string, sector: string, domain?: string) {
  return prisma.organisation.create({
    data: { name: unique(name), nameKey: unique(name).toLowerCase(), sector, domains: domain ? { create: { domain } } : undefined },
  });
}

async function person(email: string, organisationId: string | null, status: "verified" | "asking" | null = "verified") {
  const user = await prisma.user.create({ data: { email, name: email.split("@")[0], organisationId } });
  if (organisationId && status)
    await prisma.membership.create({ data: { userId: user.id, organisationId, status, verifiedVia: status === "verified" ? "approval" : null } });
  return user;
}

async function openCycle() {
  const slug = unique("trustshire");
  return prisma.awardCycle.create({
    data: {
      slug,
      name: `Trustshire Compact Awards ${slug}`,
      area: "Trustshire",
      ...inArea("Trustshire"),
      nominationsOpenAt: new Date(now.getTime() - 5 * DAY),
      nominationsCloseAt: new Date(now.getTime() + 20 * DAY),
      launchedAt: new Date(now.getTime() - 6 * DAY),
      contactName: "Officer",
      contactEmail: "officer@trustshire.example.org",
      categories: { create: [{ name: "Joint working", position: 1 }] },
    },
    include: { categories: true },
  });
}

const story = {
  title: "Hot meals for Hillfields",
  summary: "Neighbours and the council cooked and delivered hot meals all winter.",
  whatHappened: "Volunteers cooked; the council lent a kitchen.",
  impact: "Four hundred meals.",
  howPartnersWorked: "A weekly call.",
  quote: "",
  quoteAttribution: "",
  principles: ["equal_fair_society" as const],
  startedOn: "2025-10-01",
};

/** A complete draft by `drafterId` (of drafterOrg) with `otherOrg` as the other sector's lead, contact `contactEmail`. */
async function draft(drafterId: string, otherOrgId: string, contactEmail: string) {
  const cycle = await openCycle();
  const actor = await actorOf(drafterId);
  const started = await startNomination(prisma, actor, cycle.id);
  assert.ok(started.ok, JSON.stringify(started));
  const id = started.id;
  await saveCategory(prisma, actor, id, { categoryId: cycle.categories[0].id });
  const added = await addPartner(prisma, actor, id, {
    organisationChoice: "existing",
    organisationId: otherOrgId,
    newOrganisationName: "",
    newOrganisationSector: "",
    contactName: "Their lead",
    contactEmail,
    role: (await prisma.organisation.findUniqueOrThrow({ where: { id: otherOrgId } })).sector === "statutory" ? "lead_statutory" : "lead_vcs",
  });
  assert.ok(added.ok, JSON.stringify(added));
  assert.ok((await saveStory(prisma, actor, id, story)).ok);
  assert.ok((await saveConsent(prisma, actor, id, { consentToPublish: "yes", publicContact: "Hillfields Kitchen" })).ok);
  return { id, cycle };
}

async function linkFor(nominationId: string, email: string): Promise<string> {
  const message = await prisma.emailMessage.findFirstOrThrow({
    where: { nominationId, template: "partner-confirmation-request", toEmail: email },
    orderBy: { createdAt: "desc" },
  });
  // The outbox keeps no live token once sent (finding 10): the link is read from the mailbox it was delivered to.
  const delivered = await prisma.localMailboxMessage.findUniqueOrThrow({ where: { id: message.id } });
  const m = /\/confirm\/([A-Za-z0-9_-]+)/.exec(delivered.text);
  assert.ok(m, "the email carries a confirmation link");
  return m[1];
}

describe("finding 1: anyone could join any organisation and read its nominations", () => {
  it("a stranger who picks an organisation only asks to join it, and gets nothing from it", async () => {
    const council = await org("Hillfields Council", "statutory");
    const vcs = await org("Hillfields Kitchen", "voluntary_community");
    const drafter = await person(`cook-${seq}@kitchen.example.org`, vcs.id);
    const { id } = await draft(drafter.id, council.id, `lead-${seq}@council.example.gov.uk`);

    const stranger = await person(`stranger-${seq}@elsewhere.example.net`, null, null);
    const claimed = await claimOrganisation(prisma, await actorOf(stranger.id), { organisationId: vcs.id });
    assert.deepEqual(claimed, { ok: true, status: "asking", verifiedVia: null });
    const actor = await actorOf(stranger.id);
    assert.deepEqual(actor.verifiedOrganisationIds, []);
    assert.ok(!(await listNominationsFor(prisma, actor)).some((n) => n.id === id), "not in their nominations");
    assert.deepEqual(await organisationNominationsFor(prisma, actor), [], "not even listed as their organisation's");
    // Nor can they submit, edit or withdraw it.
    assert.equal((await submitNomination(prisma, actor, id)).ok, false);
    assert.equal((await saveStory(prisma, actor, id, { ...story, title: "Hijacked" })).ok, false);
    assert.equal((await prisma.nomination.findUniqueOrThrow({ where: { id } })).title, story.title);
  });

  it("an address at the organisation's verified domain is verified at once; free mail never can be a domain", async () => {
    const domain = `domain-${seq}.example.gov.uk`;
    const council = await org("Domain Council", "statutory", domain);
    const officer = await person(`officer@${domain}`, null, null);
    assert.deepEqual(await claimOrganisation(prisma, await actorOf(officer.id), { organisationId: council.id }), {
      ok: true,
      status: "verified",
      verifiedVia: "domain",
    });
    const organiser = await person(`organiser-${seq}@compact.example.org`, null, null);
    const cycle = await openCycle();
    await prisma.cycleRole.create({ data: { userId: organiser.id, cycleId: cycle.id, role: "organiser" } });
    const refused = await addOrganisationDomain(prisma, await actorOf(organiser.id), { organisationId: council.id, domain: "gmail.com" });
    assert.ok(!refused.ok && /free email service/.test(refused.errors.domain));
    // A member cannot add a domain: otherwise they could make another organisation's staff theirs.
    const member = await addOrganisationDomain(prisma, await actorOf(officer.id), { organisationId: council.id, domain: `other-${seq}.example.org` });
    assert.equal(member.ok, false);
  });

  it("a judge cannot escape a conflict by claiming another organisation", async () => {
    const council = await org("Conflict Council", "statutory", `conflict-${seq}.example.gov.uk`);
    const vcs = await org("Conflict Kitchen", "voluntary_community");
    const other = await org("Some Other Trust", "voluntary_community");
    const judge = await person(`director-${seq}@elsewhere.example.org`, council.id, "verified");
    // The judge now says they work for another organisation: the council membership is left, not forgotten.
    await claimOrganisation(prisma, await actorOf(judge.id), { organisationId: other.id });
    const cycle = await openCycle();
    await prisma.cycleRole.create({ data: { userId: judge.id, cycleId: cycle.id, role: "judge" } });
    const judges = await listCycleJudges(prisma, cycle.id);
    const conflicts = detectConflicts(
      judges.map((j) => ({ id: j.id, email: j.email, organisationIds: j.organisationIds })),
      [
        {
          id: "n",
          partners: [
            { organisationId: council.id, organisationName: council.name, emailDomains: [] },
            { organisationId: vcs.id, emailDomains: [] },
          ],
        },
      ],
    );
    assert.equal(conflicts.length, 1, "still conflicted with the council");
  });
});

describe("finding 2: the joint confirmation could be skipped", () => {
  it("a nominator who names their own email as the other sector's contact cannot submit", async () => {
    const council = await org("Self Council", "statutory");
    const vcs = await org("Self Kitchen", "voluntary_community");
    const email = `self-${seq}@kitchen.example.org`;
    const drafter = await person(email, vcs.id);
    const { id } = await draft(drafter.id, council.id, email);
    const result = await submitNomination(prisma, await actorOf(drafter.id), id);
    assert.ok(!result.ok);
    assert.match(result.errors.form, /not you/);
    assert.equal((await prisma.nomination.findUniqueOrThrow({ where: { id } })).status, "draft");
  });

  it("a colleague at the submitter's own verified domain cannot be the other sector's contact", async () => {
    const domain = `colleague-${seq}.example.gov.uk`;
    const council = await org("Colleague Council", "statutory", domain);
    const vcs = await org("Colleague Kitchen", "voluntary_community");
    const drafter = await person(`officer@${domain}`, council.id);
    const { id } = await draft(drafter.id, vcs.id, `friend@${domain}`);
    const result = await submitNomination(prisma, await actorOf(drafter.id), id);
    assert.ok(!result.ok && /your organisation's own email domain/.test(result.errors.form));
  });

  it("joining the other organisation does not make a nominator its voice; verified in both, they still confirm only one side", async () => {
    const council = await org("Both Council", "statutory");
    const vcs = await org("Both Kitchen", "voluntary_community");
    const drafter = await person(`both-${seq}@kitchen.example.org`, vcs.id);
    await prisma.membership.create({ data: { userId: drafter.id, organisationId: council.id, status: "asking" } });
    const contact = `real-lead-${seq}@council.example.gov.uk`;
    const { id } = await draft(drafter.id, council.id, contact);
    let result = await submitNomination(prisma, await actorOf(drafter.id), id);
    assert.ok(result.ok && result.status === "awaiting_partner", "asking to join the council counts for nothing");
    // Even verified in both, the council's lead confirms by its own contact.
    await prisma.membership.updateMany({ where: { userId: drafter.id, organisationId: council.id }, data: { status: "verified", verifiedVia: "approval" } });
    result = await submitNomination(prisma, await actorOf(drafter.id), id);
    assert.ok(result.ok && result.status === "awaiting_partner");
    const partners = await prisma.nominationPartner.findMany({ where: { nominationId: id } });
    assert.equal(partners.find((p) => p.organisationId === council.id)!.confirmedAt, null);
  });

  it("the submitter using the other sector's link (forwarded to them) is refused", async () => {
    const council = await org("Forward Council", "statutory");
    const vcs = await org("Forward Kitchen", "voluntary_community");
    const drafter = await person(`fwd-${seq}@kitchen.example.org`, vcs.id);
    const contact = `fwd-lead-${seq}@council.example.gov.uk`;
    const { id } = await draft(drafter.id, council.id, contact);
    assert.ok((await submitNomination(prisma, await actorOf(drafter.id), id)).ok);
    const token = await linkFor(id, contact);
    const version = (await prisma.nomination.findUniqueOrThrow({ where: { id } })).version;
    const refused = await confirmNomination(prisma, token, { actorId: drafter.id, version });
    assert.ok(!refused.ok && refused.state === "refused");
    assert.equal((await prisma.nomination.findUniqueOrThrow({ where: { id } })).status, "awaiting_partner");
  });

  it("a contact who does not yet verifiably speak for the organisation confirms, and it counts only once approved", async () => {
    const council = await org("Approve Council", "statutory");
    const vcs = await org("Approve Kitchen", "voluntary_community");
    const drafter = await person(`apr-${seq}@kitchen.example.org`, vcs.id);
    const contact = `apr-lead-${seq}@gmail.com`;
    const { id, cycle } = await draft(drafter.id, council.id, contact);
    assert.ok((await submitNomination(prisma, await actorOf(drafter.id), id)).ok);
    const token = await linkFor(id, contact);
    const version = (await prisma.nomination.findUniqueOrThrow({ where: { id } })).version;
    const waiting = await confirmNomination(prisma, token, { version });
    assert.ok(waiting.ok && waiting.awaitingVerification && !waiting.submitted);
    assert.equal((await prisma.nomination.findUniqueOrThrow({ where: { id } })).status, "awaiting_partner");
    // The organiser approves them: the confirmation counts and the nomination is submitted.
    const organiser = await person(`apr-organiser-${seq}@compact.example.org`, null, null);
    await prisma.cycleRole.create({ data: { userId: organiser.id, cycleId: cycle.id, role: "organiser" } });
    const request = await prisma.membership.findFirstOrThrow({ where: { organisationId: council.id, user: { email: contact } } });
    assert.equal(request.status, "asking");
    assert.ok((await decideMembership(prisma, await actorOf(organiser.id), { membershipId: request.id, decision: "approve" })).ok);
    assert.equal((await prisma.nomination.findUniqueOrThrow({ where: { id } })).status, "submitted");
  });
});

describe("finding 6: the app could send spam from the official sender", () => {
  it("re-submitting from 'awaiting partner' ten times sends the contact one email, not ten", async () => {
    const council = await org("Spam Council", "statutory");
    const vcs = await org("Spam Kitchen", "voluntary_community");
    const drafter = await person(`spam-${seq}@kitchen.example.org`, vcs.id);
    const victim = `victim-${seq}@example.net`;
    const { id } = await draft(drafter.id, council.id, victim);
    const actor = await actorOf(drafter.id);
    for (let i = 0; i < 10; i++) assert.ok((await submitNomination(prisma, actor, id)).ok);
    assert.equal(await prisma.emailMessage.count({ where: { toEmail: victim } }), 1);
    // The first link still works.
    const token = await linkFor(id, victim);
    const partner = await prisma.nominationPartner.findFirstOrThrow({ where: { nominationId: id, organisationId: council.id } });
    assert.equal(partner.confirmTokenHash, hashToken(token));
  });
});

describe("finding 14 and 16: judges and conflicted judges", () => {
  it("a conflicted judge who works at a partner organisation cannot open it through the nominator's pages", async () => {
    const council = await org("Judge Council", "statutory");
    const vcs = await org("Judge Kitchen", "voluntary_community");
    const drafter = await person(`j-${seq}@kitchen.example.org`, vcs.id);
    const { id, cycle } = await draft(drafter.id, council.id, `j-lead-${seq}@council.example.gov.uk`);
    const judge = await person(`j-judge-${seq}@council.example.gov.uk`, council.id, "verified");
    await prisma.cycleRole.create({ data: { userId: judge.id, cycleId: cycle.id, role: "judge" } });
    const actor = await actorOf(judge.id);
    assert.ok(!(await listNominationsFor(prisma, actor)).some((n) => n.id === id));
    assert.equal((await saveStory(prisma, actor, id, story)).ok, false);
    assert.equal((await submitNomination(prisma, actor, id)).ok, false);
    // Through the nominator's pages, as the probe tried: 404, revealing nothing.
    const cookie = await sessionCookie(judge.id);
    for (const [route, path] of [
      [taskRoute, `/nominations/${id}`],
      [checkRoute, `/nominations/${id}/check`],
    ] as const) {
      const response = await respond(() => route.loader(args(new Request(`http://localhost${path}`, { headers: { Cookie: cookie } }), { id })));
      assert.equal(response.status, 404, path);
    }
  });

  it("a conflicted judge who is personally one of its people sees it as a nominator: never its scores or the panel's comments", async () => {
    const council = await org("Own Council", "statutory");
    const vcs = await org("Own Kitchen", "voluntary_community");
    const judge = await person(`own-judge-${seq}@kitchen.example.org`, vcs.id);
    const { id, cycle } = await draft(judge.id, council.id, `own-lead-${seq}@council.example.gov.uk`);
    await prisma.nomination.update({ where: { id }, data: { status: "eligible" } });
    await prisma.cycleRole.create({ data: { userId: judge.id, cycleId: cycle.id, role: "judge" } });
    const other = await person(`other-judge-${seq}@elsewhere.example.org`, null, null);
    await prisma.cycleRole.create({ data: { userId: other.id, cycleId: cycle.id, role: "judge" } });
    const assignment = await prisma.assignment.create({ data: { cycleId: cycle.id, judgeId: other.id, nominationId: id, openedAt: new Date() } });
    await prisma.review.create({
      data: { assignmentId: assignment.id, commentForPanel: "PANEL-ONLY-COMMENT", noteForNominators: "NOTE-NOT-YET-SENT", status: "submitted" },
    });
    await prisma.assignment.create({ data: { cycleId: cycle.id, judgeId: judge.id, nominationId: id, conflict: "detected", conflictReason: "their own" } });
    const cookie = await sessionCookie(judge.id);
    const page = await respond(() => taskRoute.loader(args(new Request(`http://localhost/nominations/${id}`, { headers: { Cookie: cookie } }), { id })));
    assert.equal(page.status, 200);
    const body = await page.text();
    assert.ok(!body.includes("PANEL-ONLY-COMMENT") && !body.includes("NOTE-NOT-YET-SENT"));
  });
});

describe("findings 3 and 14, through the server: consent honoured in the data, judges kept from what they may not read", () => {
  let server: AppServer;
  const MARKER = "ZQX-private-story-marker";
  let awardId = "";

  before(async () => {
    await seedDemo(prisma);
    const cycle = await prisma.awardCycle.findUniqueOrThrow({ where: { slug: "coventry-2010" } });
    const award = await prisma.decision.findFirstOrThrow({
      where: { nomination: { cycleId: cycle.id }, outcomeTierId: { not: null } },
      orderBy: { nominationId: "asc" },
    });
    awardId = award.nominationId;
    await prisma.nomination.update({
      where: { id: awardId },
      data: {
        consentToPublish: false,
        summary: `${MARKER} summary`,
        whatHappened: `${MARKER} what happened`,
        impact: `${MARKER} impact`,
        howPartnersWorked: `${MARKER} how`,
        quote: `${MARKER} quote`,
        quoteAttribution: `${MARKER} who`,
        publicContact: `${MARKER} contact`,
      },
    });
    await prisma.decision.update({ where: { id: award.id }, data: { citation: `${MARKER} citation` } });
    server = await startAppServer({ databaseUrl: testDatabase.url });
  });
  after(async () => {
    await server?.stop();
  });

  it("the case-study page's data (.data) and its HTML (embedded page data included) carry none of the story; ?_data= gets nothing", async () => {
    const title = (await prisma.nomination.findUniqueOrThrow({ where: { id: awardId } })).title;
    for (const path of [`/cycles/coventry-2010/case-studies/${awardId}`, "/cycles/coventry-2010/case-studies", "/cycles/coventry-2010/results"]) {
      const route = path.endsWith("results")
        ? "routes/cycles.$slug.results"
        : path.endsWith("case-studies")
          ? "routes/cycles.$slug.case-studies._index"
          : "routes/cycles.$slug.case-studies.$id";
      const data = await readData(await fetch(`${server.url}${dataPath(path)}`));
      assert.equal(data.status, 200, path);
      const loaded = loaderDataOf<{ cycle: { slug: string } }>(data.value, route);
      assert.equal(loaded.cycle.slug, "coventry-2010", `${path}.data has the page's data`);
      assert.ok(data.text.includes(title), `${path}.data names the award`);
      assert.ok(!data.text.includes(MARKER), `${path}.data`);
      assert.ok(!JSON.stringify(data.value).includes(MARKER), `${path}.data, decoded`);
      await assertOldDataRequestRefused(server.url, path, route, [MARKER, title]);
      const html = await (await fetch(`${server.url}${path}`)).text();
      assert.ok(html.includes("__remixContext"), "the page embeds its data");
      assert.ok(!html.includes(MARKER), `${path} HTML`);
    }
    // The title, partners and outcome are still public.
    const page = await (await fetch(`${server.url}/cycles/coventry-2010/case-studies/${awardId}`)).text();
    assert.ok(page.includes(title.replace(/&/g, "&amp;").replace(/'/g, "&#x27;")) || page.includes(title));
  });

  it("the booklet's and the press release's data have none of it either; the organisers' ceremony papers still do", async () => {
    const cycle = await prisma.awardCycle.findUniqueOrThrow({ where: { slug: "coventry-2010" } });
    const { inputs } = await currentBookletInputs(prisma, cycle.id);
    assert.ok(!JSON.stringify(inputs).includes(MARKER), "booklet inputs");
    assert.ok(!JSON.stringify(await loadAwards(prisma, cycle.id)).includes(MARKER), "public awards");
    assert.ok(!(await buildPressReleaseDraft(prisma, cycle.id)).includes(MARKER), "the press release's draft");
    for (const path of ["/cycles/coventry-2010/press-release.md", dataPath("/cycles/coventry-2010/press-release")]) {
      const response = await fetch(`${server.url}${path}`);
      assert.equal(response.status, 200, path);
      const body = await response.text();
      assert.ok(body.includes("Coventry"), `${path} is the press release`);
      assert.ok(!body.includes(MARKER), path);
    }
    await assertOldDataRequestRefused(server.url, "/cycles/coventry-2010/press-release", "routes/cycles.$slug.press-release._index", [MARKER, "Coventry"]);
    assert.ok(JSON.stringify(await loadAwards(prisma, cycle.id, undefined, "organisers")).includes(`${MARKER} citation`), "the ceremony's own papers");
  });

  it("finding 14: a judge reads nothing of a withdrawn nomination, and no file before answering the conflict question", async () => {
    const cycle = await prisma.awardCycle.findUniqueOrThrow({ where: { slug: "coventry-2010" } });
    const assignment = await prisma.assignment.findFirstOrThrow({
      where: { cycleId: cycle.id, conflict: "none", openedAt: { not: null }, nomination: { status: "eligible" } },
      include: { judge: true, nomination: true },
      orderBy: { id: "asc" },
    });
    const cookie = await sessionCookieFor(prisma, server, assignment.judge.email);
    /** The judge page's data as the browser gets it: its raw text and the judge route's data, decoded. */
    const judgeData = async (id: string) => {
      const { status, text, value } = await readData(await fetch(`${server.url}${dataPath(`/judge/${id}`)}`, { headers: { Cookie: cookie } }));
      assert.equal(status, 200);
      return { text, data: loaderDataOf<{ mode: string }>(value, "routes/judge.$assignmentId") };
    };
    const reading = await judgeData(assignment.id);
    assert.equal(reading.data.mode, "score");
    assert.ok(reading.text.includes(assignment.nomination.whatHappened.slice(0, 40)), "while eligible, the judge reads it");
    await assertOldDataRequestRefused(server.url, `/judge/${assignment.id}`, "routes/judge.$assignmentId", [assignment.nomination.whatHappened.slice(0, 40)], {
      headers: { Cookie: cookie },
    });

    const file = await prisma.attachment.create({
      data: {
        nominationId: assignment.nominationId,
        storageKey: `trust-${seq}`,
        fileName: "evidence.pdf",
        contentType: "application/pdf",
        size: 10,
        kind: "evidence",
      },
    });
    // Not yet answered the conflict question: no file.
    await prisma.assignment.update({ where: { id: assignment.id }, data: { openedAt: null } });
    assert.equal((await fetch(`${server.url}/files/${file.id}`, { headers: { Cookie: cookie } })).status, 404);
    const check = await judgeData(assignment.id);
    assert.equal(check.data.mode, "check");
    assert.ok(!check.text.includes(assignment.nomination.whatHappened.slice(0, 40)));

    // Withdrawn: nothing of it, even with the conflict question answered.
    await prisma.assignment.update({ where: { id: assignment.id }, data: { openedAt: new Date() } });
    await prisma.nomination.update({ where: { id: assignment.nominationId }, data: { status: "withdrawn" } });
    const gone = await judgeData(assignment.id);
    assert.equal(gone.data.mode, "not-judged");
    assert.ok(!gone.text.includes(assignment.nomination.whatHappened.slice(0, 40)) && !gone.text.includes(assignment.nomination.summary.slice(0, 40)));
    assert.equal((await fetch(`${server.url}/files/${file.id}`, { headers: { Cookie: cookie } })).status, 404);
    await prisma.nomination.update({ where: { id: assignment.nominationId }, data: { status: "eligible" } });
  });

  it("a signed-in stranger sees no more than an anonymous visitor", async () => {
    const cookie = await sessionCookieFor(prisma, server, `curious-${seq}@example.org`);
    const path = `/cycles/coventry-2010/case-studies/${awardId}`;
    const { status, text, value } = await readData(await fetch(`${server.url}${dataPath(path)}`, { headers: { Cookie: cookie } }));
    assert.equal(status, 200);
    assert.equal(loaderDataOf<{ cycle: { slug: string } }>(value, "routes/cycles.$slug.case-studies.$id").cycle.slug, "coventry-2010");
    assert.ok(!text.includes(MARKER));
    await assertOldDataRequestRefused(server.url, path, "routes/cycles.$slug.case-studies.$id", [MARKER], { headers: { Cookie: cookie } });
  });
});
