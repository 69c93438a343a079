import { NotAllowedError } from "~/auth/not-allowed";
import "../support/test-env";
import { prisma } from "~/db/client.server";
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { loadActor } from "~/auth/actor.server";
import type { Actor } from "~/auth/permissions";
import { cyclePhase } from "~/cycles/phase";
import {
  categoryIntentSchema,
  criterionIntentSchema,
  criterionSchema,
  cycleCreateSchema,
  cycleSettingsSchema,
  inviteSchema,
  readDescriptors,
  suggestSlug,
} from "~/cycles/schemas";
import { addCategory, moveCategory, removeCategory } from "~/cycles/categories.server";
import { addCriterion, removeCriterion } from "~/cycles/criteria.server";
import { addTier, removeTier } from "~/cycles/tiers.server";
import { createCycle, launchCycle, setupChecklist, updateCycle } from "~/cycles/setup.server";
import { invitePerson, removeRole } from "~/cycles/people.server";
import { type SetupResult } from "~/cycles/setup-kit.server";
import { DEFAULT_OUTCOME_TIERS } from "~/domain/vocabulary";

const ADMIN_EMAIL = "admin@cycle-setup.example.org";
process.env.ADMIN_EMAILS = ADMIN_EMAIL;

/** What the "Create a new cycle" form sends, as typed (UK time). */
function cycleForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    name: "Coventry Compact Awards 2027",
    slug: "",
    area: "Coventry",
    intro: "Celebrating partnership working in Coventry.",
    nominationsOpenAt: "2027-03-01T09:00",
    nominationsCloseAt: "2027-04-30T17:00",
    judgingOpenAt: "",
    judgingCloseAt: "2027-05-28T17:00",
    ceremonyAt: "2027-06-11T17:30",
    ceremonyVenue: "Council House, Coventry",
    contactName: "Rob Allison",
    contactEmail: "Rob.Allison@example.org",
    contactPhone: "",
    signOff: "",
    ...overrides,
  };
}

function criterionForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    name: "Partnership between sectors",
    guidance: "How far the partners shaped the work together.",
    weight: "2",
    scaleMin: "1",
    scaleMax: "5",
    categoryId: "",
    "descriptor-1": "Little or no evidence",
    "descriptor-2": "Some evidence",
    "descriptor-3": "Good evidence",
    "descriptor-4": "Strong evidence",
    "descriptor-5": "Outstanding evidence",
    ...overrides,
  };
}

function valueOf<T>(result: SetupResult<T>): T {
  if (!result.ok) assert.fail(`expected success, got ${JSON.stringify(result.errors)}`);
  return result.value;
}

function errorsOf<T>(result: SetupResult<T>) {
  if (result.ok) assert.fail("expected the change to be refused");
  return result.errors;
}

function issuesByField(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.map(String).join("."), i.message]));
}

let admin: Actor;
let seq = 0;

async function newCycle(overrides: Record<string, string> = {}) {
  seq += 1;
  const input = cycleCreateSchema.parse(cycleForm({ slug: `test-cycle-${seq}`, ...overrides }));
  return valueOf(await createCycle(prisma, admin, input));
}

before(async () => {
  const user = await prisma.user.create({ data: { email: ADMIN_EMAIL, name: "Site Admin" } });
  admin = (await loadActor(prisma, user.id))!;
  assert.equal(admin.isSiteAdmin, true);
});

describe("createCycle", () => {
  test("creates a draft with the default outcome tiers; the creator is its organiser; the change is audited", async () => {
    const input = cycleCreateSchema.parse(cycleForm());
    assert.equal(input.slug, "coventry-compact-awards-2027", "a blank web address name is made from the name");
    assert.equal(input.contactEmail, "rob.allison@example.org");
    const cycle = valueOf(await createCycle(prisma, admin, input));

    assert.equal(cycle.launchedAt, null);
    assert.equal(cyclePhase(cycle), "draft");
    const tiers = await prisma.outcomeTier.findMany({ where: { cycleId: cycle.id }, orderBy: { rank: "asc" } });
    assert.deepEqual(
      tiers.map((t) => ({ name: t.name, rank: t.rank, kind: t.kind })),
      DEFAULT_OUTCOME_TIERS.map((t) => ({ name: t.name, rank: t.rank, kind: t.kind })),
    );
    const roles = await prisma.cycleRole.findMany({ where: { cycleId: cycle.id } });
    assert.deepEqual(
      roles.map((r) => [r.userId, r.role]),
      [[admin.userId, "organiser"]],
    );
    const events = await prisma.auditEvent.findMany({ where: { cycleId: cycle.id } });
    assert.deepEqual(
      events.map((e) => [e.action, e.actorId, e.entityId]),
      [["cycle.created", admin.userId, cycle.id]],
    );
    // Dates typed in UK time are stored in UTC: 1 March is GMT, 30 April is BST.
    assert.equal(cycle.nominationsOpenAt.toISOString(), "2027-03-01T09:00:00.000Z");
    assert.equal(cycle.nominationsCloseAt.toISOString(), "2027-04-30T16:00:00.000Z");
  });

  test("someone who organises nothing and is not a site admin may not create a cycle", async () => {
    const user = await prisma.user.create({ data: { email: "nobody@example.org" } });
    const nobody = (await loadActor(prisma, user.id))!;
    await assert.rejects(createCycle(prisma, nobody, cycleCreateSchema.parse(cycleForm({ slug: "not-allowed" }))), NotAllowedError);
  });
});

describe("web address names (slugs)", () => {
  test("a web address name already in use is refused with a clear message, and nothing is created", async () => {
    await newCycle({ slug: "warwickshire-2027" });
    const before = await prisma.awardCycle.count();
    const errors = errorsOf(await createCycle(prisma, admin, cycleCreateSchema.parse(cycleForm({ slug: "warwickshire-2027" }))));
    assert.match(errors.slug, /"warwickshire-2027" is already used by another cycle/);
    assert.equal(await prisma.awardCycle.count(), before);
  });

  test("only lower-case letters, digits and single hyphens; pages' own words are reserved", () => {
    assert.equal(suggestSlug("Gloucestershire Compact Awards & Celebration 2027!"), "gloucestershire-compact-awards-and-celebration-2027");
    assert.equal(suggestSlug("Café Society"), "cafe-society");
    for (const bad of ["coventry 2027", "coventry--2027", "-coventry", "coventry_2027", "co"]) {
      const fields = issuesByField(cycleCreateSchema.safeParse(cycleForm({ slug: bad })));
      assert.ok(fields.slug, `${bad} should be refused`);
    }
    assert.match(issuesByField(cycleCreateSchema.safeParse(cycleForm({ slug: "new" }))).slug, /used by the site itself/);
    // Typed in capitals: accepted, lower-cased
    assert.equal(cycleCreateSchema.parse(cycleForm({ slug: "Coventry-2027" })).slug, "coventry-2027");
  });

  test("the web address cannot change once the cycle is public", async () => {
    const cycle = await newCycle();
    await prisma.awardCycle.update({ where: { id: cycle.id }, data: { launchedAt: new Date() } });
    const launched = await prisma.awardCycle.findUniqueOrThrow({ where: { id: cycle.id } });
    const input = cycleCreateSchema.parse(cycleForm({ slug: `${cycle.slug}-renamed` }));
    assert.match(errorsOf(await updateCycle(prisma, admin, launched, input)).slug, /cannot change once the cycle is public/);
    const same = cycleCreateSchema.parse(cycleForm({ slug: cycle.slug, area: "Coventry and Warwickshire" }));
    assert.equal(valueOf(await updateCycle(prisma, admin, launched, same)).area, "Coventry and Warwickshire");
  });
});

describe("timeline validation (UK time, across clock changes)", () => {
  test("a day that crosses the spring clock change is 23 hours, and each end is stored in UTC", () => {
    const parsed = cycleCreateSchema.parse(
      cycleForm({ nominationsOpenAt: "2026-03-28T12:00", nominationsCloseAt: "2026-03-29T12:00", judgingCloseAt: "", ceremonyAt: "" }),
    );
    assert.equal(parsed.nominationsOpenAt.toISOString(), "2026-03-28T12:00:00.000Z");
    assert.equal(parsed.nominationsCloseAt.toISOString(), "2026-03-29T11:00:00.000Z");
    assert.equal(parsed.nominationsCloseAt.getTime() - parsed.nominationsOpenAt.getTime(), 23 * 3600_000);
  });

  test("at the autumn change 01:30 is read as the first (BST) 01:30, so judging at 01:15 opens before nominations close", () => {
    const base = { nominationsOpenAt: "2026-10-01T09:00", nominationsCloseAt: "2026-10-25T01:30", ceremonyAt: "" };
    const refused = issuesByField(cycleCreateSchema.safeParse(cycleForm({ ...base, judgingOpenAt: "2026-10-25T01:15", judgingCloseAt: "2026-11-01T17:00" })));
    assert.equal(refused.judgingOpenAt, "Judging cannot open before nominations close");
    const ok = cycleCreateSchema.parse(cycleForm({ ...base, judgingOpenAt: "2026-10-25T01:45", judgingCloseAt: "2026-11-01T17:00" }));
    assert.equal(ok.nominationsCloseAt.toISOString(), "2026-10-25T00:30:00.000Z");
    assert.equal(ok.judgingOpenAt?.toISOString(), "2026-10-25T00:45:00.000Z");
    assert.equal(ok.judgingCloseAt?.toISOString(), "2026-11-01T17:00:00.000Z", "GMT again by November");
  });

  test("nominations close after they open; judging closes after it opens; the ceremony comes after nominations close", () => {
    const fields = issuesByField(
      cycleCreateSchema.safeParse(
        cycleForm({
          nominationsOpenAt: "2027-04-30T17:00",
          nominationsCloseAt: "2027-04-30T17:00",
          judgingOpenAt: "2027-05-10T09:00",
          judgingCloseAt: "2027-05-10T09:00",
          ceremonyAt: "2027-04-01T18:00",
        }),
      ),
    );
    assert.equal(fields.nominationsCloseAt, "Nominations must close after they open");
    assert.equal(fields.judgingCloseAt, "Judging must close after it opens");
    assert.equal(fields.ceremonyAt, "The ceremony must be after nominations close");

    // Without a judging-opens date, judging opens when nominations close
    const noOpen = issuesByField(cycleCreateSchema.safeParse(cycleForm({ judgingOpenAt: "", judgingCloseAt: "2027-04-30T12:00" })));
    assert.match(noOpen.judgingCloseAt, /after nominations close/);
  });

  test("missing, unreal and optional dates", () => {
    const fields = issuesByField(cycleCreateSchema.safeParse(cycleForm({ nominationsOpenAt: "", nominationsCloseAt: "2027-02-30T10:00" })));
    assert.equal(fields.nominationsOpenAt, "Enter the date and time nominations open");
    assert.match(fields.nominationsCloseAt, /must be a real date/);
    const optional = cycleCreateSchema.parse(cycleForm({ judgingOpenAt: "", judgingCloseAt: "", ceremonyAt: "" }));
    assert.equal(optional.judgingOpenAt, null);
    assert.equal(optional.judgingCloseAt, null);
    assert.equal(optional.ceremonyAt, null);
  });

  test("settings: judges per nomination 1-20, a threshold, and a known ranking measure", () => {
    const settings = (o: Record<string, string>) =>
      cycleSettingsSchema.safeParse({
        ...cycleForm({ slug: "settings-test" }),
        bookletIntro: "",
        pressContact: "",
        minJudgesPerNomination: "3",
        disagreementThreshold: "1.5",
        rankingMeasure: "median",
        ...o,
      });
    const ok = settings({});
    assert.ok(ok.success);
    assert.equal(ok.data?.minJudgesPerNomination, 3);
    assert.equal(ok.data?.rankingMeasure, "median");
    const bad = issuesByField(settings({ minJudgesPerNomination: "21", disagreementThreshold: "lots", rankingMeasure: "vibes" }));
    assert.match(bad.minJudgesPerNomination, /between 1 and 20/);
    assert.match(bad.disagreementThreshold, /must be a number/);
    assert.ok(bad.rankingMeasure);
    assert.match(issuesByField(settings({ minJudgesPerNomination: "2.5" })).minJudgesPerNomination, /whole number/);
  });
});

describe("categories", () => {
  test("add, reorder, and remove only while no nomination uses it", async () => {
    const cycle = await newCycle();
    const add = (name: string) => addCategory(prisma, admin, cycle, { name, description: "", guidance: "" });
    const partnership = valueOf(await add("Partnership"));
    const volunteering = valueOf(await add("Volunteering"));
    const innovation = valueOf(await add("Innovation"));
    assert.match(errorsOf(await add("Partnership")).name, /already a category called "Partnership"/);

    valueOf(await moveCategory(prisma, admin, cycle, { id: innovation.id, direction: "up" }));
    const order = async () => (await prisma.category.findMany({ where: { cycleId: cycle.id }, orderBy: { position: "asc" } })).map((c) => c.name);
    assert.deepEqual(await order(), ["Partnership", "Innovation", "Volunteering"]);
    assert.match(errorsOf(await moveCategory(prisma, admin, cycle, { id: partnership.id, direction: "up" })).form, /already first/);

    await prisma.nomination.create({ data: { cycleId: cycle.id, categoryId: partnership.id, title: "Contact & Connect" } });
    const refused = errorsOf(await removeCategory(prisma, admin, cycle, { id: partnership.id }));
    assert.match(refused.form, /cannot remove the Partnership category: 1 nomination uses it/);
    assert.ok(await prisma.category.findUnique({ where: { id: partnership.id } }), "still there");

    valueOf(await removeCategory(prisma, admin, cycle, { id: volunteering.id }));
    assert.deepEqual(await order(), ["Partnership", "Innovation"]);
    const positions = (await prisma.category.findMany({ where: { cycleId: cycle.id }, orderBy: { position: "asc" } })).map((c) => c.position);
    assert.deepEqual(positions, [0, 1], "renumbered after a removal");

    const actions = (await prisma.auditEvent.findMany({ where: { cycleId: cycle.id, entityType: "Category" }, orderBy: { createdAt: "asc" } })).map(
      (e) => e.action,
    );
    assert.deepEqual(actions, ["category.added", "category.added", "category.added", "category.moved", "category.removed"]);
  });

  test("the intents are one discriminated union", () => {
    assert.deepEqual(categoryIntentSchema.parse({ intent: "move", id: "c1", direction: "down" }), { intent: "move", id: "c1", direction: "down" });
    assert.equal(categoryIntentSchema.safeParse({ intent: "add", name: "  " }).success, false);
    assert.equal(categoryIntentSchema.safeParse({ intent: "explode", id: "c1" }).success, false);
  });

  test("another cycle's organiser cannot change this cycle's categories", async () => {
    const cycle = await newCycle();
    const other = await prisma.user.create({ data: { email: "other-organiser@example.org", name: "Other" } });
    const otherCycle = await newCycle();
    await prisma.cycleRole.create({ data: { userId: other.id, cycleId: otherCycle.id, role: "organiser" } });
    const actor = (await loadActor(prisma, other.id))!;
    await assert.rejects(addCategory(prisma, actor, cycle, { name: "Sneaky", description: "", guidance: "" }), NotAllowedError);
  });
});

describe("criteria", () => {
  test("one descriptor per point of the scale: the count follows the scale", () => {
    const threePoint = criterionSchema.parse(
      criterionForm({ scaleMin: "1", scaleMax: "3", "descriptor-1": "Weak", "descriptor-2": "Sound", "descriptor-3": "Excellent" }),
    );
    assert.deepEqual(threePoint.descriptors, [
      { score: 1, label: "Weak" },
      { score: 2, label: "Sound" },
      { score: 3, label: "Excellent" },
    ]);
    // Boxes left over from a longer scale are ignored
    assert.equal(criterionSchema.parse(criterionForm({ scaleMin: "1", scaleMax: "4" })).descriptors.length, 4);
    // A wider scale needs the new boxes filled in
    const wider = issuesByField(criterionSchema.safeParse(criterionForm({ scaleMin: "0", scaleMax: "6" })));
    assert.deepEqual(Object.keys(wider).sort(), ["descriptor-0", "descriptor-6"]);
    assert.equal(wider["descriptor-0"], "Describe what a score of 0 means");
    // The scale itself: upwards, 1 to 10 steps
    assert.match(issuesByField(criterionSchema.safeParse(criterionForm({ scaleMin: "3", scaleMax: "3" }))).scaleMax, /more than the lowest/);
    assert.match(issuesByField(criterionSchema.safeParse(criterionForm({ scaleMin: "1", scaleMax: "12" }))).scaleMax, /at most 11 points/);
    assert.match(issuesByField(criterionSchema.safeParse(criterionForm({ weight: "0" }))).weight, /between 0.1 and 10/);
    // Without JavaScript, "Show boxes for this scale" is its own intent and saves nothing
    assert.equal(criterionIntentSchema.parse({ intent: "rescale", scaleMin: "1", scaleMax: "7" }).intent, "rescale");
    const add = criterionIntentSchema.parse({ intent: "add", ...criterionForm() });
    assert.equal(add.intent === "add" && add.descriptors.length, 5);
  });

  test("stored with its descriptors; removal refused once a judge has scored with it", async () => {
    const cycle = await newCycle();
    const category = valueOf(await addCategory(prisma, admin, cycle, { name: "Partnership", description: "", guidance: "" }));
    const input = criterionSchema.parse(
      criterionForm({ scaleMin: "0", scaleMax: "2", "descriptor-0": "None", "descriptor-1": "Some", "descriptor-2": "Lots", categoryId: category.id }),
    );
    const criterion = valueOf(await addCriterion(prisma, admin, cycle, input));
    assert.equal(criterion.weight, 2);
    assert.equal(criterion.categoryId, category.id);
    assert.deepEqual(
      readDescriptors(criterion.descriptors, criterion.scaleMin, criterion.scaleMax).map((d) => d.label),
      ["None", "Some", "Lots"],
    );

    // A category with criteria of its own is not silently emptied
    assert.match(errorsOf(await removeCategory(prisma, admin, cycle, { id: category.id })).form, /apply only to it/);

    const judge = await prisma.user.create({ data: { email: "scorer@example.org" } });
    const nomination = await prisma.nomination.create({ data: { cycleId: cycle.id, categoryId: category.id, title: "Scored" } });
    const assignment = await prisma.assignment.create({ data: { cycleId: cycle.id, judgeId: judge.id, nominationId: nomination.id } });
    const review = await prisma.review.create({ data: { assignmentId: assignment.id } });
    await prisma.score.create({ data: { reviewId: review.id, criterionId: criterion.id, value: 2 } });
    assert.match(errorsOf(await removeCriterion(prisma, admin, cycle, { id: criterion.id })).form, /judges have already given 1 score with it/);

    const foreign = await prisma.category.create({ data: { cycleId: (await newCycle()).id, name: "Elsewhere" } });
    const wrongCategory = criterionSchema.parse(criterionForm({ categoryId: foreign.id }));
    assert.ok(errorsOf(await addCriterion(prisma, admin, cycle, wrongCategory)).categoryId);
  });
});

describe("outcome tiers", () => {
  test("ranks are unique; a tier in use by a decision cannot be removed", async () => {
    const cycle = await newCycle();
    assert.match(errorsOf(await addTier(prisma, admin, cycle, { name: "Runner-up", rank: 1, kind: "other" })).rank, /"Winner" already has rank 1/);
    const extra = valueOf(await addTier(prisma, admin, cycle, { name: "Runner-up", rank: 5, kind: "other" }));
    const winner = await prisma.outcomeTier.findFirstOrThrow({ where: { cycleId: cycle.id, rank: 1 } });
    const nomination = await prisma.nomination.create({ data: { cycleId: cycle.id, title: "Decided" } });
    await prisma.decision.create({ data: { nominationId: nomination.id, outcomeTierId: winner.id } });
    assert.match(errorsOf(await removeTier(prisma, admin, cycle, { id: winner.id })).form, /1 nomination has been given it/);
    valueOf(await removeTier(prisma, admin, cycle, { id: extra.id }));
  });
});

describe("launch", () => {
  test("refused until the checklist is complete, then sets launchedAt once", async () => {
    const cycle = await newCycle();
    const refused = errorsOf(await launchCycle(prisma, admin, cycle));
    assert.match(refused.form, /cannot be made public yet/);
    assert.match(refused.form, /at least one category/);
    assert.match(refused.form, /at least one judging criterion/);

    valueOf(await addCategory(prisma, admin, cycle, { name: "Partnership", description: "", guidance: "" }));
    const stillRefused = errorsOf(await launchCycle(prisma, admin, cycle));
    assert.doesNotMatch(stillRefused.form, /category/);
    assert.match(stillRefused.form, /criterion/);
    assert.equal((await prisma.awardCycle.findUniqueOrThrow({ where: { id: cycle.id } })).launchedAt, null);

    valueOf(await addCriterion(prisma, admin, cycle, criterionSchema.parse(criterionForm())));
    const now = new Date("2027-02-01T10:00:00Z");
    const launched = valueOf(await launchCycle(prisma, admin, cycle, { now }));
    assert.equal(launched.launchedAt?.toISOString(), now.toISOString());
    assert.equal(cyclePhase(launched, now), "upcoming");
    assert.match(errorsOf(await launchCycle(prisma, admin, cycle)).form, /already public/);
    assert.equal(await prisma.auditEvent.count({ where: { cycleId: cycle.id, action: "cycle.launched" } }), 1);
  });

  test("the checklist needs outcome tiers and dates in order", () => {
    const facts = {
      nominationsOpenAt: new Date("2027-03-01T09:00:00Z"),
      nominationsCloseAt: new Date("2027-04-30T16:00:00Z"),
      judgingOpenAt: null,
      judgingCloseAt: null,
      contactName: "Rob",
      contactEmail: "rob@example.org",
      categories: 1,
      criteria: 1,
      tiers: 4,
    };
    assert.ok(setupChecklist(facts).every((i) => i.done));
    const notDone = (f: Partial<typeof facts>) =>
      setupChecklist({ ...facts, ...f })
        .filter((i) => !i.done)
        .map((i) => i.key);
    assert.deepEqual(notDone({ tiers: 0 }), ["tiers"]);
    assert.deepEqual(notDone({ nominationsCloseAt: new Date("2027-02-01T00:00:00Z") }), ["dates"]);
    assert.deepEqual(notDone({ contactEmail: "" }), ["contact"]);
  });
});

describe("people", () => {
  test("inviting a judge creates the user, the role and a judge-invitation email with a one-time sign-in link", async () => {
    const cycle = await newCycle({ judgingOpenAt: "2027-05-04T09:00" });
    const input = inviteSchema.parse({
      email: "  Ann.Lucas@NHS.example.org ",
      name: "Ann Lucas",
      role: "judge",
      organisationChoice: "new",
      newOrganisationName: "Coventry NHS Trust",
      newOrganisationSector: "statutory",
    });
    const now = new Date("2027-02-01T10:15:42Z");
    const outcome = valueOf(await invitePerson(prisma, admin, cycle, input, { now }));
    assert.equal(outcome.email, "ann.lucas@nhs.example.org");
    assert.equal(outcome.alreadyHadRole, false);

    const user = await prisma.user.findUniqueOrThrow({ where: { email: "ann.lucas@nhs.example.org" }, include: { organisation: true, roles: true } });
    assert.equal(user.name, "Ann Lucas");
    assert.equal(user.organisation?.name, "Coventry NHS Trust");
    assert.equal(user.organisation?.sector, "statutory");
    assert.deepEqual(
      user.roles.map((r) => [r.cycleId, r.role]),
      [[cycle.id, "judge"]],
    );

    const emails = await prisma.emailMessage.findMany({ where: { toEmail: "ann.lucas@nhs.example.org" } });
    assert.equal(emails.length, 1);
    const [email] = emails;
    assert.equal(email.template, "judge-invitation");
    assert.equal(email.cycleId, cycle.id);
    assert.equal(email.idempotencyKey, `invite:${cycle.id}:judge:ann.lucas@nhs.example.org:2027-02-01T10:15`);
    assert.equal(email.status, "sent");
    assert.match(email.subject, /judge/i);
    assert.match(email.text, /Ann Lucas/);
    assert.match(email.text, /Judging opens: Tuesday 4 May 2027, 9am/, "judging opens, in UK time as typed");
    // The link as delivered; the outbox keeps the email without the live token.
    assert.match((await prisma.localMailboxMessage.findUniqueOrThrow({ where: { id: email.id } })).text, /\/sign-in\/[A-Za-z0-9_-]{20,}/);
    assert.doesNotMatch(email.text, /\/sign-in\/[A-Za-z0-9_-]{20,}/);
    const token = await prisma.signInToken.findFirstOrThrow({ where: { email: "ann.lucas@nhs.example.org" } });
    assert.equal(token.redirectTo, "/judge");
    assert.ok(await prisma.auditEvent.findFirst({ where: { cycleId: cycle.id, action: "role.added", entityId: outcome.roleId } }));

    // A double-click in the same minute sends one email; the role is not duplicated
    const again = valueOf(await invitePerson(prisma, admin, cycle, input, { now: new Date("2027-02-01T10:15:59Z") }));
    assert.equal(again.alreadyHadRole, true);
    assert.equal(again.emailMessageId, email.id);
    assert.equal(await prisma.emailMessage.count({ where: { toEmail: "ann.lucas@nhs.example.org" } }), 1);
    assert.equal(await prisma.cycleRole.count({ where: { userId: user.id } }), 1);
  });

  test("an organiser invitation links to the dashboard; the last organiser cannot be removed", async () => {
    const cycle = await newCycle();
    const adminRole = await prisma.cycleRole.findFirstOrThrow({ where: { cycleId: cycle.id, userId: admin.userId } });
    assert.match(
      errorsOf(await removeRole(prisma, admin, cycle, { roleId: adminRole.id })).form,
      /only organiser of this cycle, so you cannot remove yourself/,
    );

    const input = inviteSchema.parse({ email: "jo@cvs.example.org", name: "Jo Bloggs", role: "organiser" });
    assert.equal(input.organisation, null, "organisers need no organisation");
    const outcome = valueOf(await invitePerson(prisma, admin, cycle, input));
    const email = await prisma.emailMessage.findUniqueOrThrow({ where: { id: outcome.emailMessageId } });
    assert.equal(email.template, "organiser-invitation");
    assert.match(email.text, /Site Admin has added you as an organiser/);
    const token = await prisma.signInToken.findFirstOrThrow({ where: { email: "jo@cvs.example.org" }, orderBy: { createdAt: "desc" } });
    assert.equal(token.redirectTo, `/admin/cycles/${cycle.slug}`);

    // Now there are two organisers, one may go; then the other is the last
    valueOf(await removeRole(prisma, admin, cycle, { roleId: adminRole.id }));
    assert.match(errorsOf(await removeRole(prisma, admin, cycle, { roleId: outcome.roleId })).form, /Jo Bloggs is the only organiser/);
  });

  test("a judge needs an organisation; a known person keeps their own name and organisation", async () => {
    const missing = inviteSchema.safeParse({ email: "x@example.org", name: "X", role: "judge" });
    assert.ok(issuesByField(missing).organisationChoice);
    const noSector = inviteSchema.safeParse({ email: "x@example.org", name: "X", role: "judge", organisationChoice: "new", newOrganisationName: "Org" });
    assert.ok(issuesByField(noSector).newOrganisationSector);

    const cycle = await newCycle();
    const vac = await prisma.organisation.create({
      data: { name: "Voluntary Action Coventry", nameKey: "voluntary action coventry", sector: "voluntary_community" },
    });
    const council = await prisma.organisation.create({ data: { name: "Coventry City Council", nameKey: "coventry city council", sector: "statutory" } });
    await prisma.user.create({ data: { email: "sam@vac.example.org", name: "Sam Smith", organisationId: vac.id } });
    const input = inviteSchema.parse({
      email: "sam@vac.example.org",
      name: "Samuel",
      role: "judge",
      organisationChoice: "existing",
      organisationId: council.id,
    });
    const outcome = valueOf(await invitePerson(prisma, admin, cycle, input));
    assert.equal(outcome.keptOrganisation, "Voluntary Action Coventry");
    const user = await prisma.user.findUniqueOrThrow({ where: { email: "sam@vac.example.org" } });
    assert.equal(user.name, "Sam Smith");
    assert.equal(user.organisationId, vac.id);

    // A judge with nominations to judge keeps the role until they are reassigned
    const nomination = await prisma.nomination.create({ data: { cycleId: cycle.id, title: "Assigned" } });
    await prisma.assignment.create({ data: { cycleId: cycle.id, judgeId: user.id, nominationId: nomination.id } });
    assert.match(errorsOf(await removeRole(prisma, admin, cycle, { roleId: outcome.roleId })).form, /has 1 nomination to judge/);
  });
});
