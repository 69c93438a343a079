import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import "../support/test-env";
import { prisma } from "~/db/client.server";
import { organisationNameKey } from "~/organisations/organisations.server";
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { renderToString } from "react-dom/server";
import { createElement } from "react";
import { loadActor } from "~/auth/actor.server";
import type { Actor } from "~/auth/permissions";
import type { CompactPrincipleKey } from "~/domain/vocabulary";
import { hashToken } from "~/auth/tokens";
import { NominationView } from "~/components/nomination-view";
import { confirmNomination, findConfirmation, requestChanges, submitNomination } from "~/nominations/confirmation.server";
import { saveCategory, saveConsent, saveStory, startNomination, withdrawNomination } from "~/nominations/nominations.server";
import { addPartner } from "~/nominations/partners.server";
import { listNominationsFor, organisationNominationsFor } from "~/nominations/lists.server";
import { storySchema } from "~/nominations/schemas";
import { loadNominationForView } from "~/nominations/view.server";
import * as startRoute from "~/routes/cycles.$slug.nominate";
import * as listRoute from "~/routes/nominations._index";
import * as taskRoute from "~/routes/nominations.$id._index";
import * as categoryRoute from "~/routes/nominations.$id.category";
import * as organisationRoute from "~/routes/nominations.$id.organisation";
import * as partnersRoute from "~/routes/nominations.$id.partners._index";
import * as partnerRoute from "~/routes/nominations.$id.partners.$partnerId";
import * as storyRoute from "~/routes/nominations.$id.story";
import * as consentRoute from "~/routes/nominations.$id.consent";
import * as checkRoute from "~/routes/nominations.$id.check";
import * as withdrawRoute from "~/routes/nominations.$id.withdraw";
import * as confirmRoute from "~/routes/confirm.$token";
import { args, respond, sessionCookie as cookieFor } from "../support/route-calls";
import { requireNominationAccess } from "~/http/guards.server";
import { inArea } from "../support/areas";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = new Date();
const BASE = "http://localhost";

let seq = 0;
const unique = (s: string) => `${s}-${++seq}`;
const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(" ");

// ---------------------------------------------------------------- fixtures

async function makeOrganisation(name: string, sector: string) {
  return prisma.organisation.create({
    data: {
      name,
      nameKey: name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, " ")
        .trim(),
      sector,
    },
  });
}

/** A person who speaks for their organisation (an organiser approved them), unless `verified` is false. */
async function makePerson(email: string, organisationId: string, name = email.split("@")[0], verified = true) {
  const user = await prisma.user.create({ data: { email, name, organisationId } });
  await prisma.membership.create({
    data: { userId: user.id, organisationId, status: verified ? "verified" : "asking", verifiedVia: verified ? "approval" : null },
  });
  return { user, actor: (await loadActor(prisma, user.id))! };
}

async function makeCycle(opts: { closeAt?: Date; openAt?: Date } = {}) {
  const slug = unique("testshire");
  return prisma.awardCycle.create({
    data: {
      slug,
      name: `Testshire Compact Awards ${slug}`,
      area: "Testshire",
      ...inArea("Testshire"),
      nominationsOpenAt: opts.openAt ?? new Date(now.getTime() - 10 * DAY),
      nominationsCloseAt: opts.closeAt ?? new Date(now.getTime() + 10 * DAY),
      launchedAt: new Date(now.getTime() - 11 * DAY),
      contactName: "Test Organiser",
      contactEmail: "compact@test.example.org",
      categories: {
        create: [
          { name: "Joint working", position: 1 },
          { name: "Embedding the Compact", position: 2 },
        ],
      },
    },
    include: { categories: true },
  });
}

function get(path: string, cookie?: string) {
  return new Request(`${BASE}${path}`, { headers: cookie ? { Cookie: cookie } : {} });
}

function post(path: string, body: Record<string, string | string[]>, cookie?: string) {
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(body)) for (const item of Array.isArray(v) ? v : [v]) form.append(k, item);
  return new Request(`${BASE}${path}`, {
    method: "POST",
    body: form,
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
  });
}

type RouteFn = (routeArgs: LoaderFunctionArgs & ActionFunctionArgs) => Promise<unknown>;

const call = (fn: RouteFn, request: Request, params: Record<string, string>) => respond(() => fn(args(request, params)));

const completeStory = {
  title: "Warm welcome: winter warm spaces",
  summary: "Community centres across the city opened as warm spaces through the winter, with the council paying for heating.",
  whatHappened: "Twelve community centres opened three afternoons a week.",
  impact: "Hundreds of visits over the winter.",
  howPartnersWorked: "A fortnightly call sorted out problems as they came up.",
  quote: "It was the only warm place I went all week.",
  quoteAttribution: "A visitor",
  principles: ["civil_society", "equal_fair_society"] as CompactPrincipleKey[],
  startedOn: "2024-11-01",
  version: undefined,
};

/** A complete two-partner draft made through the service: drafter's organisation (VCS) + a council lead. */
async function completeDraft(cycle: Awaited<ReturnType<typeof makeCycle>>, drafter: Actor, council: { id: string }, councilEmail: string) {
  const started = await startNomination(prisma, drafter, cycle.id);
  assert.ok(started.ok);
  const id = started.id;
  assert.ok((await saveCategory(prisma, drafter, id, { categoryId: cycle.categories[0].id })).ok);
  assert.ok(
    (
      await addPartner(prisma, drafter, id, {
        organisationChoice: "existing",
        organisationId: council.id,
        newOrganisationName: "",
        newOrganisationSector: "",
        contactName: "Tom Council",
        contactEmail: councilEmail,
        role: "lead_statutory",
      })
    ).ok,
  );
  assert.ok((await saveStory(prisma, drafter, id, completeStory)).ok);
  assert.ok((await saveConsent(prisma, drafter, id, { consentToPublish: "yes", publicContact: "CEN, info@cen.example.org" })).ok);
  return id;
}

function tokenFrom(text: string): string {
  const m = /\/confirm\/([A-Za-z0-9_-]+)/.exec(text);
  assert.ok(m, "the email has a confirmation link");
  return m[1];
}

/** The link as delivered (the local transport's mailbox: the outbox keeps no live token once sent). */
async function latestConfirmationToken(nominationId: string, to: string) {
  const message = await prisma.emailMessage.findFirstOrThrow({
    where: { nominationId, toEmail: to, template: "partner-confirmation-request" },
    orderBy: { createdAt: "desc" },
  });
  const delivered = await prisma.localMailboxMessage.findUniqueOrThrow({ where: { id: message.id } });
  return tokenFrom(delivered.text);
}

// ---------------------------------------------------------------- the people

let cen: { id: string };
let council: { id: string };
let elsewhere: { id: string };
let drafter: Awaited<ReturnType<typeof makePerson>>;
let councilPerson: Awaited<ReturnType<typeof makePerson>>;
let outsider: Awaited<ReturnType<typeof makePerson>>;

before(async () => {
  cen = await makeOrganisation("Testshire Community Empowerment Network", "voluntary_community");
  council = await makeOrganisation("Testshire City Council", "statutory");
  elsewhere = await makeOrganisation("Somewhere Else Trust", "voluntary_community");
  drafter = await makePerson("aisha@cen.example.org", cen.id, "Aisha Rahman");
  councilPerson = await makePerson("tom@council.example.gov.uk", council.id, "Tom Bradley");
  outsider = await makePerson("olly@elsewhere.example.org", elsewhere.id, "Olly Outsider");
});

// ---------------------------------------------------------------- the whole flow

describe("a joint nomination from start to submitted, through the pages", () => {
  it("start -> 13 partners -> story -> submit -> awaiting partner -> confirm by link -> submitted -> receipts to every partner", async () => {
    const cycle = await makeCycle();
    const cookie = await cookieFor(drafter.user.id);

    // Start: the drafter's organisation becomes the lead VCS partner, then the task list.
    const started = await call(startRoute.action, post(`/cycles/${cycle.slug}/nominate`, {}, cookie), { slug: cycle.slug });
    assert.equal(started.status, 302);
    const id = started.headers.get("Location")!.split("/nominations/")[1];
    assert.ok(id);
    const first = await prisma.nominationPartner.findFirstOrThrow({ where: { nominationId: id } });
    assert.equal(first.organisationId, cen.id);
    assert.equal(first.role, "lead_vcs");
    assert.equal(first.contactEmail, "aisha@cen.example.org");

    const task = await call(taskRoute.loader, get(`/nominations/${id}`, cookie), { id });
    assert.equal(task.status, 200);
    const taskData = await task.json();
    assert.equal(taskData.sections.find((s: { key: string }) => s.key === "organisation").state, "completed");
    assert.equal(taskData.sections.find((s: { key: string }) => s.key === "story").state, "not_started");

    // Category
    const cat = await call(categoryRoute.action, post(`/nominations/${id}/category`, { categoryId: cycle.categories[0].id }, cookie), { id });
    assert.equal(cat.status, 302);
    assert.equal(cat.headers.get("Location"), `/nominations/${id}/organisation`);

    // Twelve more partners: the council as lead statutory partner, eleven others (new and existing organisations).
    const add = (body: Record<string, string>) => call(partnersRoute.action, post(`/nominations/${id}/partners`, { intent: "add", ...body }, cookie), { id });
    let r = await add({
      organisationChoice: "existing",
      organisationId: council.id,
      contactName: "Tom Bradley",
      contactEmail: "Tom@Council.example.gov.uk",
      role: "lead_statutory",
    });
    assert.equal(r.status, 302);
    for (let i = 1; i <= 7; i++) {
      r = await add({
        organisationChoice: "new",
        newOrganisationName: `Council team ${i}`,
        newOrganisationSector: "statutory",
        contactName: `Team lead ${i}`,
        contactEmail: `team${i}@council.example.gov.uk`,
        role: "other",
      });
      assert.equal(r.status, 302, `council team ${i}`);
    }
    for (const [i, sector] of (["voluntary_community", "faith", "social_enterprise", "voluntary_community"] as const).entries()) {
      r = await add({
        organisationChoice: "new",
        newOrganisationName: `Community group ${i + 1}`,
        newOrganisationSector: sector,
        contactName: `Organiser ${i + 1}`,
        contactEmail: `group${i + 1}@example.org`,
        role: "other",
      });
      assert.equal(r.status, 302, `group ${i + 1}`);
    }
    assert.equal(await prisma.nominationPartner.count({ where: { nominationId: id } }), 13);

    // No duplicates by name: "COMMUNITY  group 1" is the same organisation, already a partner.
    r = await add({
      organisationChoice: "new",
      newOrganisationName: "COMMUNITY  group 1",
      newOrganisationSector: "voluntary_community",
      contactName: "X",
      contactEmail: "x@example.org",
      role: "other",
    });
    assert.equal(r.status, 400);
    assert.match((await r.json()).errors.newOrganisationName, /already a partner/);
    assert.equal(await prisma.organisation.count({ where: { nameKey: "community group 1" } }), 1);

    // At most one lead per sector.
    r = await add({ organisationChoice: "existing", organisationId: elsewhere.id, contactName: "Y", contactEmail: "y@example.org", role: "lead_vcs" });
    assert.equal(r.status, 400);
    assert.match((await r.json()).errors.role, /already the lead voluntary or community partner/);

    const partnersPage = await (await call(partnersRoute.loader, get(`/nominations/${id}/partners`, cookie), { id })).json();
    assert.equal(partnersPage.partners.length, 13);
    assert.deepEqual(partnersPage.problems, []);
    const cont = await call(partnersRoute.action, post(`/nominations/${id}/partners`, { intent: "continue" }, cookie), { id });
    assert.equal(cont.headers.get("Location"), `/nominations/${id}/story`);

    // The story, then consent.
    const story = await call(storyRoute.action, post(`/nominations/${id}/story`, { ...storyForm(), intent: "save" }, cookie), { id });
    assert.equal(story.status, 302, await story.clone().text());
    const consent = await call(
      consentRoute.action,
      post(`/nominations/${id}/consent`, { consentToPublish: "yes", publicContact: "CEN, info@cen.example.org" }, cookie),
      { id },
    );
    assert.equal(consent.status, 302);
    assert.equal(consent.headers.get("Location"), `/nominations/${id}/check`);

    // Check your answers: ready, and says who will be asked.
    const check = await (await call(checkRoute.loader, get(`/nominations/${id}/check`, cookie), { id })).json();
    assert.deepEqual(check.problems, []);
    assert.deepEqual(
      check.toConfirm.map((p: { organisationName: string }) => p.organisationName),
      ["Testshire City Council"],
    );
    assert.equal(check.view.partners.length, 13);

    // Submit: waits for the council's lead contact, who is emailed a single-use link.
    const submitted = await call(checkRoute.action, post(`/nominations/${id}/check`, {}, cookie), { id });
    assert.equal(submitted.status, 302);
    let n = await prisma.nomination.findUniqueOrThrow({ where: { id }, include: { partners: true } });
    assert.equal(n.status, "awaiting_partner");
    const councilRow = n.partners.find((p) => p.organisationId === council.id)!;
    assert.equal(councilRow.contactEmail, "tom@council.example.gov.uk", "stored lower-cased");
    assert.ok(n.partners.find((p) => p.organisationId === cen.id)!.confirmedAt, "submitting confirms the drafter's own lead");
    const token = await latestConfirmationToken(id, "tom@council.example.gov.uk");
    assert.equal(councilRow.confirmTokenHash, hashToken(token), "only the hash is stored");
    assert.ok(!JSON.stringify(n).includes(token));
    assert.equal(await prisma.auditEvent.count({ where: { entityId: id, action: "nomination.confirmation_requested" } }), 1);

    // The confirm page shows the nomination in full, without signing in; looking does not spend the link.
    const page = await call(confirmRoute.loader, get(`/confirm/${token}`), { token });
    const pageData = await page.json();
    assert.equal(pageData.state, "valid");
    assert.equal(pageData.confirm.view.partners.length, 13);
    assert.equal((await (await call(confirmRoute.loader, get(`/confirm/${token}`), { token })).json()).state, "valid");

    // Confirm: submitted, and every partner contact gets a receipt listing all the partners.
    const confirmed = await call(confirmRoute.action, post(`/confirm/${token}`, { intent: "confirm", version: String(pageData.confirm.version) }), { token });
    assert.equal(confirmed.status, 200);
    assert.deepEqual(await confirmed.json(), {
      done: "confirmed",
      submitted: true,
      awaitingVerification: false,
      organisationName: "Testshire City Council",
      waiting: "",
    });
    n = await prisma.nomination.findUniqueOrThrow({ where: { id }, include: { partners: true } });
    assert.equal(n.status, "submitted");
    assert.ok(n.submittedAt);
    assert.ok(n.partners.find((p) => p.organisationId === council.id)!.confirmedAt);
    assert.equal(n.partners.find((p) => p.organisationId === council.id)!.confirmTokenHash, null, "cleared once used");

    const receipts = await prisma.emailMessage.findMany({ where: { nominationId: id, template: "nomination-received" } });
    assert.deepEqual(receipts.map((m) => m.toEmail).sort(), n.partners.map((p) => p.contactEmail).sort());
    assert.equal(receipts.length, 13);
    for (const m of receipts) {
      assert.ok(m.text.includes("Community group 4") && m.text.includes("Council team 7") && m.text.includes("Testshire City Council"), "lists all partners");
    }
    assert.ok(await prisma.auditEvent.findFirst({ where: { entityId: id, action: "nomination.submitted" } }));

    // The link is single use.
    const again = await call(confirmRoute.action, post(`/confirm/${token}`, { intent: "confirm" }), { token });
    assert.equal(again.status, 410);
    assert.equal((await again.json()).state, "used");
    assert.equal((await (await call(confirmRoute.loader, get(`/confirm/${token}`), { token })).json()).state, "used");
    assert.equal(await prisma.emailMessage.count({ where: { nominationId: id, template: "nomination-received" } }), 13, "no second receipts");

    // The task list now says submitted; "Your nominations" lists it for both partners.
    const after = await (await call(taskRoute.loader, get(`/nominations/${id}`, cookie), { id })).json();
    assert.equal(after.header.status, "submitted");
    const councilCookie = await cookieFor(councilPerson.user.id);
    const councilList = await (await call(listRoute.loader, get("/nominations", councilCookie), {})).json();
    assert.ok(councilList.nominations.some((x: { id: string }) => x.id === id));
  });

  it("asking for changes sends it back to draft, emails the drafter, and spends the link", async () => {
    const cycle = await makeCycle();
    const id = await completeDraft(cycle, drafter.actor, council, "tom@council.example.gov.uk");
    const submitted = await submitNomination(prisma, drafter.actor, id);
    assert.ok(submitted.ok && submitted.status === "awaiting_partner");
    const token = await latestConfirmationToken(id, "tom@council.example.gov.uk");

    // An empty comment is refused with a message next to the field.
    const empty = await call(confirmRoute.action, post(`/confirm/${token}`, { intent: "changes", comment: "   " }), { token });
    assert.equal(empty.status, 400);
    assert.match((await empty.json()).errors.comment, /Enter what needs changing/);

    const res = await call(confirmRoute.action, post(`/confirm/${token}`, { intent: "changes", comment: "Please add the number of volunteers." }), { token });
    assert.deepEqual(await res.json(), { done: "changes", waiting: "" });
    const n = await prisma.nomination.findUniqueOrThrow({ where: { id }, include: { partners: true } });
    assert.equal(n.status, "draft");
    const row = n.partners.find((p) => p.organisationId === council.id)!;
    assert.equal(row.changesComment, "Please add the number of volunteers.");
    assert.equal(row.confirmedAt, null);
    const email = await prisma.emailMessage.findFirstOrThrow({ where: { nominationId: id, template: "changes-requested" } });
    assert.equal(email.toEmail, drafter.user.email);
    assert.ok(email.text.includes("Please add the number of volunteers."));
    assert.equal((await findConfirmation(prisma, token)).state, "used");
    assert.deepEqual(await confirmNomination(prisma, token), { ok: false, state: "used", message: undefined });

    // The task list shows the comment; submitting again sends a fresh link (the old one stays dead).
    const cookie = await cookieFor(drafter.user.id);
    const task = await (await call(taskRoute.loader, get(`/nominations/${id}`, cookie), { id })).json();
    assert.equal(task.changes.comment, "Please add the number of volunteers.");
    const again = await submitNomination(prisma, drafter.actor, id);
    assert.ok(again.ok && again.status === "awaiting_partner");
    const fresh = await latestConfirmationToken(id, "tom@council.example.gov.uk");
    assert.notEqual(fresh, token);
    assert.equal((await findConfirmation(prisma, fresh)).state, "valid");
  });

  it("a statutory drafter needs the lead VCS partner to confirm, by the link emailed to its contact", async () => {
    const cycle = await makeCycle();
    const started = await startNomination(prisma, councilPerson.actor, cycle.id);
    assert.ok(started.ok);
    const id = started.id;
    await saveCategory(prisma, councilPerson.actor, id, { categoryId: cycle.categories[1].id });
    await addPartner(prisma, councilPerson.actor, id, {
      organisationChoice: "existing",
      organisationId: cen.id,
      newOrganisationName: "",
      newOrganisationSector: "",
      contactName: "Aisha Rahman",
      contactEmail: "aisha@cen.example.org",
      role: "lead_vcs",
    });
    await saveStory(prisma, councilPerson.actor, id, completeStory);
    await saveConsent(prisma, councilPerson.actor, id, { consentToPublish: "no", publicContact: "Council" });
    const result = await submitNomination(prisma, councilPerson.actor, id);
    assert.ok(result.ok);
    assert.equal(result.status, "awaiting_partner");
    assert.deepEqual(
      result.pending.map((p) => p.contactEmail),
      ["aisha@cen.example.org"],
    );
    // Being CEN's named contact gives Aisha nothing on the nomination's own pages (issue 11): she
    // confirms through the link emailed to her, and then she is one of its people.
    const hers = await submitNomination(prisma, drafter.actor, id);
    assert.deepEqual(hers, { ok: false, status: 404, errors: { form: "Not found" } });
    const token = await latestConfirmationToken(id, "aisha@cen.example.org");
    const confirmed = await confirmNomination(prisma, token, { actorId: drafter.user.id });
    assert.ok(confirmed.ok && confirmed.submitted && !confirmed.awaitingVerification);
    assert.equal((await prisma.nomination.findUniqueOrThrow({ where: { id } })).status, "submitted");
    assert.equal(await prisma.emailMessage.count({ where: { nominationId: id, template: "nomination-received" } }), 2);
    const aisha = (await loadActor(prisma, drafter.user.id))!;
    assert.ok(
      (await listNominationsFor(prisma, aisha)).some((x) => x.id === id),
      "now one of its people",
    );
  });
});

/** The story as the form sends it. */
function storyForm(over: Record<string, string | string[]> = {}) {
  return {
    title: completeStory.title,
    summary: completeStory.summary,
    whatHappened: completeStory.whatHappened,
    impact: completeStory.impact,
    howPartnersWorked: completeStory.howPartnersWorked,
    quote: completeStory.quote,
    quoteAttribution: completeStory.quoteAttribution,
    principles: completeStory.principles,
    startedDay: "1",
    startedMonth: "11",
    startedYear: "2024",
    ...over,
  };
}

// ---------------------------------------------------------------- deadlines

describe("deadlines and extensions", () => {
  it("one second after the close, nothing can be started, changed, submitted or confirmed; an extension allows it", async () => {
    const closeAt = new Date(now.getTime() + 2 * DAY);
    const cycle = await makeCycle({ closeAt });
    const id = await completeDraft(cycle, drafter.actor, council, "tom@council.example.gov.uk");
    const late = new Date(closeAt.getTime() + 1000);
    const early = new Date(closeAt.getTime() - 1000);

    const start = await startNomination(prisma, drafter.actor, cycle.id, late);
    assert.ok(!start.ok);
    assert.equal(start.status, 403);
    assert.match(start.errors.form, /closed on/);

    const story = await saveStory(prisma, drafter.actor, id, { ...completeStory, title: "Too late" }, { now: late });
    assert.ok(!story.ok);
    assert.match(story.errors.form, /closed on .*can no longer be started, changed, confirmed or submitted/);
    assert.equal((await prisma.nomination.findUniqueOrThrow({ where: { id } })).title, completeStory.title, "nothing saved");

    const addLate = await addPartner(
      prisma,
      drafter.actor,
      id,
      {
        organisationChoice: "existing",
        organisationId: elsewhere.id,
        newOrganisationName: "",
        newOrganisationSector: "",
        contactName: "Z",
        contactEmail: "z@example.org",
        role: "other",
      },
      late,
    );
    assert.ok(!addLate.ok);
    const submitLate = await submitNomination(prisma, drafter.actor, id, late);
    assert.ok(!submitLate.ok);
    assert.match(submitLate.errors.form, /closed/);

    // Submitted a second before the close: the link then cannot be used a second after it.
    const submitted = await submitNomination(prisma, drafter.actor, id, early);
    assert.ok(submitted.ok && submitted.status === "awaiting_partner");
    const token = await latestConfirmationToken(id, "tom@council.example.gov.uk");
    const confirmLate = await confirmNomination(prisma, token, { now: late });
    assert.ok(!confirmLate.ok);
    assert.ok(["closed", "expired"].includes(confirmLate.state));
    assert.equal((await prisma.nomination.findUniqueOrThrow({ where: { id } })).status, "awaiting_partner");
    const changesLate = await requestChanges(prisma, token, "Too late", { now: late });
    assert.ok(!changesLate.ok);

    // An organiser grants this nomination an extension: it can be changed and confirmed until then.
    await prisma.nomination.update({ where: { id }, data: { extensionUntil: new Date(closeAt.getTime() + DAY) } });
    const storyOk = await saveStory(prisma, drafter.actor, id, { ...completeStory, title: "Extended" }, { now: late });
    assert.ok(storyOk.ok);
    const confirmOk = await confirmNomination(prisma, token, { now: late });
    assert.ok(confirmOk.ok && confirmOk.submitted);
    const afterExtension = new Date(closeAt.getTime() + DAY + 1000);
    const tooLate = await saveStory(prisma, drafter.actor, id, { ...completeStory, title: "After the extension" }, { now: afterExtension });
    assert.ok(!tooLate.ok);
    assert.match(tooLate.errors.form, /extension for this nomination ended/);

    // The extension is per nomination: another one in the same cycle stays closed.
    const other = await completeDraft(cycle, drafter.actor, council, "tom@council.example.gov.uk");
    const otherLate = await saveStory(prisma, drafter.actor, other, completeStory, { now: late });
    assert.ok(!otherLate.ok);
  });

  it("the page action refuses after the deadline with the message next to the form, keeping what was typed", async () => {
    const cycle = await makeCycle({ closeAt: new Date(now.getTime() + DAY) });
    const id = await completeDraft(cycle, drafter.actor, council, "tom@council.example.gov.uk");
    await prisma.awardCycle.update({ where: { id: cycle.id }, data: { nominationsCloseAt: new Date(Date.now() - 1000) } });
    const cookie = await cookieFor(drafter.user.id);
    const res = await call(storyRoute.action, post(`/nominations/${id}/story`, { ...storyForm({ title: "Typed after the close" }), intent: "save" }, cookie), {
      id,
    });
    assert.equal(res.status, 403);
    const body = await res.json();
    assert.match(body.errors.form, /closed/);
    assert.equal(body.values.title, "Typed after the close");
    const start = await call(startRoute.action, post(`/cycles/${cycle.slug}/nominate`, {}, cookie), { slug: cycle.slug });
    assert.equal(start.status, 403);
    assert.match((await start.json()).errors.form, /closed/);
  });
});

// ---------------------------------------------------------------- edit after submit, withdraw

describe("after submitting", () => {
  it("a submitted nomination can be edited before the deadline; the partners are told, and the confirming partner confirms again (finding 15)", async () => {
    const cycle = await makeCycle();
    const id = await completeDraft(cycle, drafter.actor, council, "tom@council.example.gov.uk");
    await submitNomination(prisma, drafter.actor, id);
    assert.ok((await confirmNomination(prisma, await latestConfirmationToken(id, "tom@council.example.gov.uk"))).ok);
    const current = await prisma.nomination.findUniqueOrThrow({ where: { id } });
    const edited = await saveStory(prisma, drafter.actor, id, { ...completeStory, title: "A better title", version: current.version });
    assert.ok(edited.ok);
    const n = await prisma.nomination.findUniqueOrThrow({ where: { id }, include: { partners: true } });
    // A changed story is not what the council confirmed: it waits for them again, and their notice has the new title.
    assert.equal(n.status, "awaiting_partner");
    assert.equal(n.title, "A better title");
    assert.equal(n.partners.find((p) => p.organisationId === council.id)!.confirmedAt, null);
    assert.ok(n.partners.find((p) => p.organisationId === cen.id)!.confirmedAt, "the editor's own confirmation stands");
    const again = await prisma.emailMessage.findFirstOrThrow({
      where: { nominationId: id, template: "partner-confirmation-request", toEmail: "tom@council.example.gov.uk" },
      orderBy: { createdAt: "desc" },
    });
    assert.match(again.text, /A better title/);
    assert.match(again.text, /changed the joint nomination you confirmed/);
    assert.ok(await confirmNomination(prisma, await latestConfirmationToken(id, "tom@council.example.gov.uk")));
    assert.equal((await prisma.nomination.findUniqueOrThrow({ where: { id } })).status, "submitted");
    const told = await prisma.emailMessage.findMany({ where: { nominationId: id, template: "nomination-edited" } });
    assert.deepEqual(
      told.map((m) => m.toEmail),
      ["tom@council.example.gov.uk"],
      "every partner but the editor",
    );
    assert.ok(await prisma.auditEvent.findFirst({ where: { entityId: id, action: "nomination.edited" } }));
    // A submitted nomination must stay complete.
    const emptied = await saveStory(prisma, drafter.actor, id, { ...completeStory, impact: "" });
    assert.ok(!emptied.ok);
    assert.match(emptied.errors.impact, /Enter/);
  });

  it("withdraw: with a confirmation step, before the deadline only; the links stop working", async () => {
    const cycle = await makeCycle();
    const id = await completeDraft(cycle, drafter.actor, council, "tom@council.example.gov.uk");
    await submitNomination(prisma, drafter.actor, id);
    const token = await latestConfirmationToken(id, "tom@council.example.gov.uk");
    const cookie = await cookieFor(drafter.user.id);
    const page = await call(withdrawRoute.loader, get(`/nominations/${id}/withdraw`, cookie), { id });
    assert.equal((await page.json()).header.refusal, null);
    const res = await call(withdrawRoute.action, post(`/nominations/${id}/withdraw`, { reason: "The project ended" }, cookie), { id });
    assert.equal(res.status, 302);
    const n = await prisma.nomination.findUniqueOrThrow({ where: { id } });
    assert.equal(n.status, "withdrawn");
    assert.ok(n.withdrawnAt);
    assert.equal((await findConfirmation(prisma, token)).state, "unknown");
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { entityId: id, action: "nomination.withdrawn" } });
    assert.match(audit.data, /The project ended/);
    // Withdrawn is final: no more changes, no second withdrawal.
    assert.ok(!(await saveStory(prisma, drafter.actor, id, completeStory)).ok);
    assert.ok(!(await withdrawNomination(prisma, drafter.actor, id, "")).ok);

    const closing = await makeCycle({ closeAt: new Date(now.getTime() + DAY) });
    const other = await completeDraft(closing, drafter.actor, council, "tom@council.example.gov.uk");
    const late = await withdrawNomination(prisma, drafter.actor, other, "", new Date(now.getTime() + DAY + 1000));
    assert.ok(!late.ok);
    assert.match(late.errors.form, /closed/);
  });
});

// ---------------------------------------------------------------- access

describe("access: only the partners, and 404 for everyone else", () => {
  it("a nominator sees only the nominations they are one of the people of", async () => {
    const cycle = await makeCycle();
    const mine = await completeDraft(cycle, drafter.actor, council, "tom@council.example.gov.uk");
    const started = await startNomination(prisma, outsider.actor, cycle.id);
    assert.ok(started.ok);
    const ids = (await listNominationsFor(prisma, drafter.actor)).map((n) => n.id);
    assert.ok(ids.includes(mine));
    assert.ok(!ids.includes(started.id));
    // The council's named contact is not one of its people until they confirm it.
    assert.ok(!(await listNominationsFor(prisma, councilPerson.actor)).some((n) => n.id === mine), "named, not yet confirmed");
    await submitNomination(prisma, drafter.actor, mine);
    assert.ok((await confirmNomination(prisma, await latestConfirmationToken(mine, "tom@council.example.gov.uk"))).ok);
    assert.ok(
      (await listNominationsFor(prisma, councilPerson.actor)).some((n) => n.id === mine),
      "confirmed it for the council",
    );
    assert.ok(!(await listNominationsFor(prisma, outsider.actor)).some((n) => n.id === mine));
    // A verified colleague from the same organisation sees only that it exists, and may ask to be added.
    const colleague = await makePerson("colleague@cen.example.org", cen.id);
    assert.ok(!(await listNominationsFor(prisma, colleague.actor)).some((n) => n.id === mine));
    assert.deepEqual(
      (await organisationNominationsFor(prisma, colleague.actor)).filter((n) => n.id === mine).map((n) => n.request),
      [null],
    );
  });

  it("someone else's nomination by id: 404 in every loader and action", async () => {
    const cycle = await makeCycle();
    const id = await completeDraft(cycle, drafter.actor, council, "tom@council.example.gov.uk");
    const partnerId = (await prisma.nominationPartner.findFirstOrThrow({ where: { nominationId: id, organisationId: council.id } })).id;
    const cookie = await cookieFor(outsider.user.id);
    const pages: [string, { loader: RouteFn; action?: RouteFn }, Record<string, string>][] = [
      [`/nominations/${id}`, taskRoute, { id }],
      [`/nominations/${id}/category`, categoryRoute, { id }],
      [`/nominations/${id}/organisation`, organisationRoute, { id }],
      [`/nominations/${id}/partners`, partnersRoute, { id }],
      [`/nominations/${id}/partners/${partnerId}`, partnerRoute, { id, partnerId }],
      [`/nominations/${id}/story`, storyRoute, { id }],
      [`/nominations/${id}/consent`, consentRoute, { id }],
      [`/nominations/${id}/check`, checkRoute, { id }],
      [`/nominations/${id}/withdraw`, withdrawRoute, { id }],
    ];
    const before = await prisma.nomination.findUniqueOrThrow({ where: { id }, include: { partners: true } });
    for (const [path, route, params] of pages) {
      assert.equal((await call(route.loader, get(path, cookie), params)).status, 404, `GET ${path}`);
      if (route.action) {
        const res = await call(
          route.action,
          post(
            path,
            {
              ...storyForm({ title: "Hijacked" }),
              intent: "remove",
              partnerId,
              categoryId: cycle.categories[1].id,
              consentToPublish: "no",
              publicContact: "x",
              contactName: "x",
              contactEmail: "x@example.org",
              role: "other",
            },
            cookie,
          ),
          params,
        );
        assert.equal(res.status, 404, `POST ${path}`);
      }
    }
    const after = await prisma.nomination.findUniqueOrThrow({ where: { id }, include: { partners: true } });
    assert.deepEqual(after, before, "nothing changed");
    await assert.rejects(
      requireNominationAccess(get(`/nominations/${id}`, cookie), id, "nomination.edit"),
      (e: unknown) => e instanceof Response && e.status === 404,
    );

    // Anonymous visitors are sent to sign in, and come back after.
    const anon = await call(taskRoute.loader, get(`/nominations/${id}`), { id });
    assert.equal(anon.status, 302);
    assert.match(anon.headers.get("Location")!, /^\/sign-in\?redirectTo=%2Fnominations%2F/);

    // Its people can: the person who started it opens it.
    assert.equal((await call(taskRoute.loader, get(`/nominations/${id}`, await cookieFor(drafter.user.id)), { id })).status, 200);

    // A partner id from another nomination, under my own nomination's id: 404 too.
    const mine = await completeDraft(cycle, outsider.actor, council, "tom@council.example.gov.uk");
    const res = await call(partnerRoute.loader, get(`/nominations/${mine}/partners/${partnerId}`, cookie), { id: mine, partnerId });
    assert.equal(res.status, 404);
    const remove = await call(partnersRoute.action, post(`/nominations/${mine}/partners`, { intent: "remove", partnerId }, cookie), { id: mine });
    assert.equal(remove.status, 404);
    assert.ok(await prisma.nominationPartner.findUnique({ where: { id: partnerId } }), "not removed");
  });
});

// ---------------------------------------------------------------- bad input

describe("bad input: a clear message next to the field, everything else kept", () => {
  let id: string;
  let cookie: string;
  before(async () => {
    const cycle = await makeCycle();
    const started = await startNomination(prisma, drafter.actor, cycle.id);
    assert.ok(started.ok);
    id = started.id;
    cookie = await cookieFor(drafter.user.id);
  });
  const saveStoryForm = (body: Record<string, string | string[]>) => call(storyRoute.action, post(`/nominations/${id}/story`, body, cookie), { id });

  it("an empty form: a message for each required answer", async () => {
    const res = await saveStoryForm({ intent: "save", title: "", summary: "" });
    assert.equal(res.status, 400);
    const { errors } = await res.json();
    assert.equal(errors.title, "Enter a title");
    assert.equal(errors.summary, "Enter a summary");
    assert.equal(errors.whatHappened, "Enter what happened");
    assert.equal(errors.impact, "Enter the difference it made");
    assert.equal(errors.howPartnersWorked, "Enter how the partners worked together");
    assert.match(errors.principles, /Choose at least one/);
    assert.equal(errors.startedOn, "Enter when the work started");
  });

  it("over-long fields and a 61-word summary are refused, and the rest is kept as typed", async () => {
    const res = await saveStoryForm(storyForm({ intent: "save", title: "T".repeat(151), summary: words(61), whatHappened: "W".repeat(5001) }));
    assert.equal(res.status, 400);
    const { errors, values } = await res.json();
    assert.match(errors.title, /150 characters or fewer \(it has 151\)/);
    assert.match(errors.summary, /60 words or fewer \(it has 61\)/);
    assert.match(errors.whatHappened, /5,000 characters or fewer/);
    assert.equal(errors.impact, undefined);
    assert.equal(values.title, "T".repeat(151));
    assert.equal(values.summary, words(61));
    assert.equal(values.impact, completeStory.impact);
    assert.deepEqual(values.principles, completeStory.principles);
    assert.equal(values.startedYear, "2024");
    assert.equal((await prisma.nomination.findUniqueOrThrow({ where: { id } })).title, "", "nothing saved");
  });

  it("a date in the future, or not a date, is refused", async () => {
    const future = await (await saveStoryForm(storyForm({ intent: "save", startedYear: String(new Date().getFullYear() + 1) }))).json();
    assert.match(future.errors.startedOn, /today or in the past/);
    const nonsense = await (await saveStoryForm(storyForm({ intent: "save", startedDay: "31", startedMonth: "2" }))).json();
    assert.match(nonsense.errors.startedOn, /real date/);
  });

  it("script tags are stored as typed and rendered as text", async () => {
    const script = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    const res = await saveStoryForm(storyForm({ intent: "save", title: script, whatHappened: `Before ${script} after` }));
    assert.equal(res.status, 302);
    const n = await prisma.nomination.findUniqueOrThrow({ where: { id } });
    assert.equal(n.title, script);
    const view = (await loadNominationForView(prisma, id))!;
    const html = renderToString(createElement(NominationView, view));
    assert.ok(!html.includes("<script>"), "no script element");
    assert.ok(!html.includes("<img"), "no img element");
    assert.ok(html.includes("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
  });

  it("autosave: a stale version is refused with a clear message and never overwrites", async () => {
    const version = (await prisma.nomination.findUniqueOrThrow({ where: { id } })).version;
    const ok = await saveStoryForm({ intent: "autosave", version: String(version), title: "Autosaved title", summary: "Half a" });
    assert.equal(ok.status, 200);
    const saved = (await ok.json()).autosave;
    assert.equal(saved.ok, true);
    assert.equal(saved.version, version + 1);
    // A draft autosave keeps empty answers: nothing typed is lost.
    assert.equal((await prisma.nomination.findUniqueOrThrow({ where: { id } })).summary, "Half a");

    const stale = await saveStoryForm({ intent: "autosave", version: String(version), title: "From an old tab" });
    assert.equal(stale.status, 409);
    const body = (await stale.json()).autosave;
    assert.equal(body.ok, false);
    assert.equal(body.stale, true);
    assert.match(body.message, /changed somewhere else/);
    assert.equal((await prisma.nomination.findUniqueOrThrow({ where: { id } })).title, "Autosaved title");

    const tooMany = await saveStoryForm({ intent: "autosave", version: String(version + 1), summary: words(61) });
    assert.equal(tooMany.status, 400);
    assert.match((await tooMany.json()).autosave.message, /60 words or fewer \(it has 61\)/);

    // Save and continue with the stale version: refused too, everything typed kept.
    const staleSave = await saveStoryForm(storyForm({ intent: "save", version: String(version) }));
    assert.equal(staleSave.status, 409);
    const staleBody = await staleSave.json();
    assert.match(staleBody.errors.form, /changed somewhere else/);
    assert.equal(staleBody.values.title, completeStory.title);
  });

  it("partners: a wrong email, a missing name and a lead of the wrong sector each get a message", async () => {
    const add = (body: Record<string, string>) => call(partnersRoute.action, post(`/nominations/${id}/partners`, { intent: "add", ...body }, cookie), { id });
    let res = await add({
      organisationChoice: "new",
      newOrganisationName: "Shiny Shop Ltd",
      newOrganisationSector: "private",
      contactName: "",
      contactEmail: "not-an-email",
      role: "lead_vcs",
    });
    assert.equal(res.status, 400);
    let body = await res.json();
    assert.match(body.errors.contactName, /Enter the contact's name/);
    assert.match(body.errors.contactEmail, /right format/);
    assert.equal(body.values.newOrganisationName, "Shiny Shop Ltd");
    res = await add({
      organisationChoice: "new",
      newOrganisationName: "Shiny Shop Ltd",
      newOrganisationSector: "private",
      contactName: "Sam",
      contactEmail: "sam@shop.example.com",
      role: "lead_vcs",
    });
    body = await res.json();
    assert.match(body.errors.role, /cannot be the lead voluntary or community partner/);
    assert.equal(await prisma.organisation.count({ where: { name: "Shiny Shop Ltd" } }), 0, "no organisation made for a refused partner");
    res = await add({
      organisationChoice: "new",
      newOrganisationName: "",
      newOrganisationSector: "",
      contactName: "Sam",
      contactEmail: "sam@shop.example.com",
      role: "other",
    });
    body = await res.json();
    assert.match(body.errors.newOrganisationName, /Enter the organisation's name/);
    assert.match(body.errors.newOrganisationSector, /Choose which sector/);
  });

  it("no duplicates by name: case, punctuation, curly quotes and '&' vs 'and' do not make a new organisation", async () => {
    const seeded = await prisma.organisation.create({
      data: {
        name: "Foleshill Women's Training & Advice (FWT)",
        nameKey: organisationNameKey("Foleshill Women's Training & Advice (FWT)"),
        sector: "voluntary_community",
      },
    });
    const before = await prisma.organisation.count();
    const res = await call(
      partnersRoute.action,
      post(
        `/nominations/${id}/partners`,
        {
          intent: "add",
          organisationChoice: "new",
          newOrganisationName: "FOLESHILL Women’s Training and Advice – FWT",
          newOrganisationSector: "faith",
          contactName: "Nia",
          contactEmail: "nia@fwt.example.org",
          role: "other",
        },
        cookie,
      ),
      { id },
    );
    assert.equal(res.status, 302);
    assert.equal(await prisma.organisation.count(), before, "no new organisation");
    assert.ok(await prisma.nominationPartner.findFirst({ where: { nominationId: id, organisationId: seeded.id } }), "the existing one is the partner");
  });

  it("the server counts summary words itself: storySchema agrees with the page's counter", () => {
    const parsed = storySchema({ strict: false, today: "2030-01-01" }).safeParse({ summary: `${words(60)} — and-more` });
    assert.equal(parsed.success, false);
  });
});
