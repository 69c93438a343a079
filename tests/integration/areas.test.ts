/**
 * Issue 13: many local Compacts on one instance (docs/decisions/0068). Areas, their
 * administrators, who may create cycles where, the public area page, the stored site admin and
 * the command that makes one, and starting a cycle from a previous cycle's set-up.
 */
import "../support/test-env";
import { testDatabase } from "../support/test-env";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { before, describe, test, after } from "node:test";
import { appointAreaAdmin, areaPage, createArea, listAreas, listAreasForAdmin, makeSiteAdmin } from "~/areas/areas.server";
import { areaCreateSchema } from "~/areas/schemas";
import { loadActor } from "~/auth/actor.server";
import { NotAllowedError } from "~/auth/not-allowed";
import { can, type Actor } from "~/auth/permissions";
import { addCategory } from "~/cycles/categories.server";
import { addCriterion } from "~/cycles/criteria.server";
import { cycleCreateSchema, criterionIntentSchema } from "~/cycles/schemas";
import { createCycle, launchCycle } from "~/cycles/setup.server";
import type { SetupResult } from "~/cycles/setup-kit.server";
import { prisma } from "~/db/client.server";

const ADMIN_EMAIL = "admin@areas.example.org";
process.env.ADMIN_EMAILS = ADMIN_EMAIL;

function valueOf<T>(result: SetupResult<T>): T {
  if (!result.ok) assert.fail(`expected success, got ${JSON.stringify(result.errors)}`);
  return result.value;
}
function errorsOf<T>(result: SetupResult<T>) {
  if (result.ok) assert.fail("expected the change to be refused");
  return result.errors;
}

function cycleForm(overrides: Record<string, string> = {}) {
  return cycleCreateSchema.parse({
    name: "Preston Compact Awards 2027",
    slug: "",
    area: "Preston",
    nominationsOpenAt: "2027-03-01T09:00",
    nominationsCloseAt: "2027-04-30T17:00",
    contactName: "Pat Officer",
    contactEmail: "pat@preston.example.org",
    ...overrides,
  });
}

async function actorFor(email: string): Promise<Actor> {
  const user = await prisma.user.upsert({ where: { email }, update: {}, create: { email, name: email.split("@")[0] } });
  return (await loadActor(prisma, user.id))!;
}

let siteAdmin: Actor;
let preston: { id: string; slug: string };
let coventry: { id: string; slug: string };

before(async () => {
  siteAdmin = await actorFor(ADMIN_EMAIL);
  preston = valueOf(
    await createArea(
      prisma,
      siteAdmin,
      areaCreateSchema.parse({
        name: "Preston Compact",
        description: "Preston's public bodies and voluntary groups.",
        contactEmail: "Compact@Preston.example.org",
      }),
    ),
  );
  coventry = valueOf(await createArea(prisma, siteAdmin, areaCreateSchema.parse({ name: "Coventry Compact", brandColour: "#00703C" })));
  valueOf(await appointAreaAdmin(prisma, siteAdmin, { areaId: preston.id, email: "Preston.Admin@example.org" }));
  valueOf(await appointAreaAdmin(prisma, siteAdmin, { areaId: coventry.id, email: "coventry.admin@example.org" }));
});
after(async () => {
  await prisma.$disconnect();
});

describe("Compact areas", () => {
  test("a site admin creates an area: the web address name is made from the name; the colour is checked", async () => {
    assert.equal(preston.slug, "preston-compact");
    const row = await prisma.compactArea.findUniqueOrThrow({ where: { id: coventry.id } });
    assert.equal(row.brandColour, "#00703c");
    const pale = areaCreateSchema.safeParse({ name: "Pale Compact", brandColour: "#ffff00" });
    assert.equal(pale.success, false);
    assert.match(pale.error!.issues[0].message, /too pale to be seen on a white page/);
    assert.equal(areaCreateSchema.safeParse({ name: "Odd Compact", brandColour: "blue" }).success, false);
    assert.equal(errorsOf(await createArea(prisma, siteAdmin, areaCreateSchema.parse({ name: "Preston Compact" }))).slug.includes("already used"), true);
  });

  test("only site admins create areas and appoint their administrators; an area's administrator cannot appoint more", async () => {
    const prestonAdmin = await actorFor("preston.admin@example.org");
    assert.deepEqual(prestonAdmin.areaAdminOf, [preston.id]);
    await assert.rejects(createArea(prisma, prestonAdmin, areaCreateSchema.parse({ name: "Mine Compact" })), NotAllowedError);
    await assert.rejects(appointAreaAdmin(prisma, prestonAdmin, { areaId: preston.id, email: "friend@example.org" }), NotAllowedError);
    await assert.rejects(listAreasForAdmin(prisma, prestonAdmin), NotAllowedError);
    assert.equal(await prisma.user.count({ where: { email: "friend@example.org" } }), 0);
    const listed = await listAreasForAdmin(prisma, siteAdmin);
    assert.deepEqual(
      listed.map((a) => [a.name, a.admins.map((p) => p.email)]),
      [
        ["Coventry Compact", ["coventry.admin@example.org"]],
        ["Preston Compact", ["preston.admin@example.org"]],
      ],
    );
  });

  test("an area's administrator creates cycles in their area and organises them; an administrator of another area can do nothing to them", async () => {
    const prestonAdmin = await actorFor("preston.admin@example.org");
    // One area: the cycle goes there without asking.
    const cycle = valueOf(await createCycle(prisma, prestonAdmin, cycleForm({ slug: "preston-2027" })));
    assert.equal(cycle.areaId, preston.id);
    // Choosing an area that is not theirs is refused, and nothing is made.
    assert.ok(errorsOf(await createCycle(prisma, prestonAdmin, cycleForm({ slug: "sneaky", areaId: coventry.id }))).areaId);
    assert.equal(await prisma.awardCycle.count({ where: { slug: "sneaky" } }), 0);

    const coventryAdmin = await actorFor("coventry.admin@example.org");
    const facts = { id: cycle.id, launchedAt: null, publishedAt: null };
    assert.equal(can(coventryAdmin, { action: "cycle.manage", cycle: facts }), false);
    assert.equal(can(coventryAdmin, { action: "cycle.view", cycle: facts }), false, "a draft of another area stays hidden");
    assert.equal(can(coventryAdmin, { action: "cycle.create", areaId: preston.id }), false);
    assert.ok(errorsOf(await createCycle(prisma, coventryAdmin, cycleForm({ slug: "sneaky-2", areaId: preston.id }))).areaId);
    // A fresh look at the Preston administrator: the new cycle is theirs to organise.
    const again = await actorFor("preston.admin@example.org");
    assert.equal(can(again, { action: "cycle.manage", cycle: facts }), true);
    // An organiser of one of Preston's cycles may start another there, but not in Coventry.
    const organiser = await actorFor("organiser@preston.example.org");
    await prisma.cycleRole.create({ data: { userId: organiser.userId, cycleId: cycle.id, role: "organiser" } });
    const reloaded = await actorFor("organiser@preston.example.org");
    assert.equal(can(reloaded, { action: "cycle.create", areaId: preston.id }), true);
    assert.equal(can(reloaded, { action: "cycle.create", areaId: coventry.id }), false);
  });

  test("the area's public page shows only its launched cycles; the home page's list can be searched", async () => {
    const prestonAdmin = await actorFor("preston.admin@example.org");
    const draft = valueOf(await createCycle(prisma, prestonAdmin, cycleForm({ slug: "preston-draft", name: "Preston draft" })));
    const open = valueOf(
      await createCycle(
        prisma,
        prestonAdmin,
        cycleForm({ slug: "preston-open", name: "Preston open awards", nominationsOpenAt: "2020-01-01T09:00", nominationsCloseAt: "2040-01-01T09:00" }),
      ),
    );
    await prisma.awardCycle.update({ where: { id: open.id }, data: { launchedAt: new Date() } });
    const page = (await areaPage(prisma, { slug: preston.slug }))!;
    assert.equal(page.area.name, "Preston Compact");
    assert.equal(page.area.contactEmail, "compact@preston.example.org");
    assert.equal("id" in page.area, false);
    const shown = [...page.open, ...page.upcoming, ...page.past].map((c) => c.slug);
    assert.deepEqual(shown, ["preston-open"]);
    assert.ok(!shown.includes(draft.slug));
    assert.equal(await areaPage(prisma, { slug: "nowhere" }), null);

    assert.deepEqual(
      (await listAreas(prisma, { q: "preston" })).areas.map((a) => a.slug),
      ["preston-compact"],
    );
    assert.deepEqual(
      (await listAreas(prisma, { q: "voluntary groups" })).areas.map((a) => a.slug),
      ["preston-compact"],
    );
    assert.equal((await listAreas(prisma)).searchable, false, "two areas: no search box yet");
  });
});

describe("site administrators", () => {
  test("ADMIN_EMAILS still makes one; the stored flag makes one too", async () => {
    assert.equal(siteAdmin.isSiteAdmin, true);
    const made = await makeSiteAdmin(prisma, { email: "New.Admin@Example.org" });
    assert.equal(made.already, false);
    assert.equal((await actorFor("new.admin@example.org")).isSiteAdmin, true);
    assert.equal((await makeSiteAdmin(prisma, { email: "new.admin@example.org" })).already, true);
    assert.equal((await actorFor("someone.else@example.org")).isSiteAdmin, false);
  });

  test("`npm run awards -- add-admin EMAIL` makes a site admin and prints a sign-in link from APP_URL", () => {
    const out = execFileSync(path.resolve("node_modules", ".bin", "tsx"), ["cli/awards.ts", "add-admin", "first.admin@fresh.example.org"], {
      env: { ...process.env, DATABASE_URL: testDatabase.url, APP_URL: "https://awards.example.org", ADMIN_EMAILS: "" },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    assert.match(out.trim(), /^https:\/\/awards\.example\.org\/sign-in\/[^\s/]+/);
  });

  test("the person the command made is a site admin", async () => {
    const user = await prisma.user.findUniqueOrThrow({ where: { email: "first.admin@fresh.example.org" } });
    assert.equal(user.isSiteAdmin, true);
  });
});

describe("starting from a previous cycle's set-up", () => {
  test("categories with guidance, criteria with descriptors and weights, tiers, sign-off and the judging panel are copied; nominations are not", async () => {
    const prestonAdmin = await actorFor("preston.admin@example.org");
    const last = valueOf(
      await createCycle(prisma, prestonAdmin, cycleForm({ slug: "preston-2026", name: "Preston 2026", signOff: "The Preston Compact team" })),
    );
    const setup = { id: last.id, slug: last.slug, launchedAt: null, publishedAt: null };
    const me = await actorFor("preston.admin@example.org");
    valueOf(await addCategory(prisma, me, setup, { name: "Working together", description: "Joint work.", guidance: "Two sectors at least." }));
    const category = await prisma.category.findFirstOrThrow({ where: { cycleId: last.id } });
    const criterion = criterionIntentSchema.parse({
      intent: "add",
      name: "Difference made",
      guidance: "What changed.",
      weight: "2.5",
      scaleMin: "1",
      scaleMax: "3",
      categoryId: category.id,
      "descriptor-1": "A little",
      "descriptor-2": "Some",
      "descriptor-3": "A lot",
    });
    if (criterion.intent !== "add") assert.fail("an added criterion");
    valueOf(await addCriterion(prisma, me, setup, criterion));
    await prisma.outcomeTier.deleteMany({ where: { cycleId: last.id } });
    await prisma.outcomeTier.createMany({
      data: [
        { cycleId: last.id, name: "Gold", rank: 1, kind: "winner" },
        { cycleId: last.id, name: "Silver", rank: 2, kind: "commendation" },
      ],
    });
    const judge = await prisma.user.create({ data: { email: "judge@preston.example.org" } });
    await prisma.cycleRole.create({ data: { userId: judge.id, cycleId: last.id, role: "judge" } });
    await prisma.nomination.create({ data: { cycleId: last.id, title: "Last year's nomination" } });

    const next = valueOf(await createCycle(prisma, me, cycleForm({ slug: "preston-2027-copied", name: "Preston 2027", startFrom: last.id })));
    const copied = await prisma.awardCycle.findUniqueOrThrow({
      where: { id: next.id },
      include: { categories: true, criteria: { include: { category: true } }, outcomeTiers: { orderBy: { rank: "asc" } }, roles: true, nominations: true },
    });
    assert.deepEqual(
      copied.categories.map((c) => [c.name, c.description, c.guidance]),
      [["Working together", "Joint work.", "Two sectors at least."]],
    );
    assert.deepEqual(
      copied.criteria.map((c) => [c.name, c.guidance, c.weight, c.scaleMin, c.scaleMax, JSON.parse(c.descriptors), c.category?.name, c.category?.cycleId]),
      [
        [
          "Difference made",
          "What changed.",
          2.5,
          1,
          3,
          [
            { score: 1, label: "A little" },
            { score: 2, label: "Some" },
            { score: 3, label: "A lot" },
          ],
          "Working together",
          next.id,
        ],
      ],
    );
    assert.deepEqual(
      copied.outcomeTiers.map((t) => [t.name, t.rank, t.kind]),
      [
        ["Gold", 1, "winner"],
        ["Silver", 2, "commendation"],
      ],
    );
    assert.equal(copied.signOff, "The Preston Compact team");
    assert.deepEqual(
      copied.roles.map((r) => [r.userId, r.role]).sort(),
      [
        [judge.id, "judge"],
        [me.userId, "organiser"],
      ].sort(),
    );
    assert.equal(copied.nominations.length, 0);
    assert.equal(await prisma.auditEvent.count({ where: { cycleId: next.id, action: "cycle.setup_copied" } }), 1);
  });

  test("a cycle of another area cannot be started from, even by a site admin", async () => {
    const coventryAdmin = await actorFor("coventry.admin@example.org");
    const prestonCycle = await prisma.awardCycle.findUniqueOrThrow({ where: { slug: "preston-2026" } });
    const errors = errorsOf(await createCycle(prisma, coventryAdmin, cycleForm({ slug: "coventry-copy", area: "Coventry", startFrom: prestonCycle.id })));
    assert.ok(errors.startFrom);
    const errorsAdmin = errorsOf(
      await createCycle(prisma, siteAdmin, cycleForm({ slug: "coventry-copy-2", area: "Coventry", areaId: coventry.id, startFrom: prestonCycle.id })),
    );
    assert.ok(errorsAdmin.startFrom);
    assert.equal(await prisma.awardCycle.count({ where: { slug: { in: ["coventry-copy", "coventry-copy-2"] } } }), 0);
  });
});

describe("the area a site admin's cycle goes in", () => {
  test("without a choice, the cycle's place names the area (made if new, as the data migration did)", async () => {
    const cycle = valueOf(await createCycle(prisma, siteAdmin, cycleForm({ slug: "warwick-2027", area: "Warwick & Leamington" })));
    const area = await prisma.compactArea.findUniqueOrThrow({ where: { id: cycle.areaId } });
    assert.deepEqual([area.slug, area.name], ["warwick-and-leamington", "Warwick & Leamington Compact"]);
    const launched = await launchCycle(prisma, siteAdmin, { id: cycle.id, slug: cycle.slug, launchedAt: null, publishedAt: null });
    assert.equal(launched.ok, false, "launching still needs the set-up");
  });
});
