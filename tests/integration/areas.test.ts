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
import {
  appointAreaAdmin,
  areaForEditing,
  areaPage,
  createArea,
  listAreas,
  listAreasForAdmin,
  makeSiteAdmin,
  removeAreaAdmin,
  removeAreaLogo,
  setAreaLogo,
  updateArea,
} from "~/areas/areas.server";
import { areaCreateSchema, areaUpdateSchema } from "~/areas/schemas";
import { loadActor } from "~/auth/actor.server";
import { NotAllowedError } from "~/auth/not-allowed";
import { can, type Actor } from "~/auth/permissions";
import { addCategory } from "~/cycles/categories.server";
import { addCriterion } from "~/cycles/criteria.server";
import { cycleCreateSchema, criterionIntentSchema } from "~/cycles/schemas";
import { createCycle, launchCycle } from "~/cycles/setup.server";
import type { SetupResult } from "~/cycles/setup-kit.server";
import { prisma } from "~/db/client.server";
import { parseStoredKey } from "~/booklet/render.server";
import { storage } from "~/storage/storage.server";
import sharp from "sharp";
import { samplePdf, samplePhoto } from "../support/sample-files";
import { sessionCookieFor, startAppServer, type AppServer } from "../support/app-server";
import { dataPath } from "../support/single-fetch";

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

/**
 * Issue 13, the rest of an area: its details edited, its logo, and removing its
 * administrators. By its own administrators and site admins; an administrator of another area
 * can do none of it, in the domain functions or over HTTP (page, data and every action).
 */
describe("editing an area: details, logo and administrators", () => {
  let lancaster: { id: string; slug: string };
  let lancasterAdmin: Actor;
  let secondAdmin: Actor;
  let coventryAdmin: Actor;
  const details = (over: Record<string, string> = {}) => {
    const { intent: _intent, ...input } = areaUpdateSchema.parse({
      intent: "details",
      name: "Lancaster District Compact",
      description: "Lancaster's public bodies and voluntary groups.",
      brandColour: "#8A1538",
      contactName: "Lee Officer",
      contactEmail: "Lee@Lancaster.example.org",
      ...over,
    });
    return input;
  };
  const logoPng = (width = 400, height = 120) =>
    sharp({ create: { width, height, channels: 4, background: { r: 138, g: 21, b: 56, alpha: 1 } } })
      .png()
      .toBuffer();

  before(async () => {
    lancaster = valueOf(await createArea(prisma, siteAdmin, areaCreateSchema.parse({ name: "Lancaster Compact" })));
    valueOf(await appointAreaAdmin(prisma, siteAdmin, { areaId: lancaster.id, email: "lancaster.admin@example.org" }));
    valueOf(await appointAreaAdmin(prisma, siteAdmin, { areaId: lancaster.id, email: "lancaster.second@example.org" }));
    lancasterAdmin = await actorFor("lancaster.admin@example.org");
    secondAdmin = await actorFor("lancaster.second@example.org");
    coventryAdmin = await actorFor("coventry.admin@example.org");
  });

  test("the area's administrator edits its details (audited); an administrator of another area cannot, and nothing changes", async () => {
    await assert.rejects(updateArea(prisma, coventryAdmin, { ...details({ name: "Taken Over" }), areaId: lancaster.id }), NotAllowedError);
    assert.equal((await prisma.compactArea.findUniqueOrThrow({ where: { id: lancaster.id } })).name, "Lancaster Compact");
    assert.equal(await areaForEditing(prisma, coventryAdmin, { slug: lancaster.slug }), null);

    const updated = valueOf(await updateArea(prisma, lancasterAdmin, { ...details(), areaId: lancaster.id }));
    assert.equal(updated.slug, lancaster.slug, "the web address name stays");
    const row = await prisma.compactArea.findUniqueOrThrow({ where: { id: lancaster.id } });
    assert.deepEqual([row.name, row.brandColour, row.contactEmail], ["Lancaster District Compact", "#8a1538", "lee@lancaster.example.org"]);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { action: "area.updated", entityId: lancaster.id } });
    assert.equal(event.actorId, lancasterAdmin.userId);
    assert.equal(areaUpdateSchema.safeParse({ intent: "details", name: "X", brandColour: "#ffff00" }).success, false, "a pale colour is refused on edit too");
    // A site admin may edit any area.
    valueOf(await updateArea(prisma, siteAdmin, { ...details({ name: "Lancaster Compact" }), areaId: lancaster.id }));
  });

  test("a logo: a PNG or JPEG within bounds is re-encoded and stored through the storage interface; others are refused with a clear message", async () => {
    await assert.rejects(setAreaLogo(prisma, coventryAdmin, { areaId: lancaster.id, bytes: await logoPng(), alt: "Mine" }), NotAllowedError);
    assert.match(errorsOf(await setAreaLogo(prisma, lancasterAdmin, { areaId: lancaster.id, bytes: null, alt: "Logo" })).logo, /Choose a PNG or JPEG file/);
    assert.match(
      errorsOf(await setAreaLogo(prisma, lancasterAdmin, { areaId: lancaster.id, bytes: await samplePhoto("webp", { width: 200, height: 100 }), alt: "Logo" }))
        .logo,
      /must be a PNG or JPEG/,
    );
    assert.match(errorsOf(await setAreaLogo(prisma, lancasterAdmin, { areaId: lancaster.id, bytes: samplePdf(), alt: "Logo" })).logo, /a PDF, not a photo/);
    assert.match(
      errorsOf(await setAreaLogo(prisma, lancasterAdmin, { areaId: lancaster.id, bytes: await logoPng(2600, 100), alt: "Logo" })).logo,
      /2,600 × 100 pixels/,
    );
    assert.equal((await prisma.compactArea.findUniqueOrThrow({ where: { id: lancaster.id } })).logoKey, null, "nothing refused was kept");

    const saved = valueOf(await setAreaLogo(prisma, lancasterAdmin, { areaId: lancaster.id, bytes: await logoPng(), alt: "Lancaster Compact logo" }));
    assert.equal(saved.replaced, false);
    const row = await prisma.compactArea.findUniqueOrThrow({ where: { id: lancaster.id } });
    assert.equal(row.logoContentType, "image/png");
    assert.equal(row.logoAlt, "Lancaster Compact logo");
    const first = parseStoredKey(row.logoKey!);
    const stored = await storage(first.backend).get(first.key);
    assert.ok(stored, "the file is in storage");
    const page = (await areaPage(prisma, { slug: lancaster.slug }))!;
    assert.match(page.area.logo!.src, new RegExp(`^/areas/${lancaster.slug}/logo\\?v=\\w+$`));
    assert.equal(page.area.logo!.alt, "Lancaster Compact logo");
    assert.equal("logoKey" in page.area, false, "the storage key is never shown");
    assert.ok((await listAreas(prisma)).areas.find((a) => a.slug === lancaster.slug)!.logo);

    // Only the description: the file stays. A new file replaces the old, which is removed.
    valueOf(await setAreaLogo(prisma, secondAdmin, { areaId: lancaster.id, bytes: null, alt: "Logo of the Lancaster Compact" }));
    assert.equal((await prisma.compactArea.findUniqueOrThrow({ where: { id: lancaster.id } })).logoKey, row.logoKey);
    const jpeg = await sharp({ create: { width: 300, height: 300, channels: 3, background: "#123456" } })
      .jpeg()
      .toBuffer();
    assert.equal(valueOf(await setAreaLogo(prisma, lancasterAdmin, { areaId: lancaster.id, bytes: jpeg, alt: "Lancaster Compact logo" })).replaced, true);
    const replaced = await prisma.compactArea.findUniqueOrThrow({ where: { id: lancaster.id } });
    assert.equal(replaced.logoContentType, "image/jpeg");
    assert.equal(await storage(first.backend).get(first.key), null, "the old file is removed");

    await assert.rejects(removeAreaLogo(prisma, coventryAdmin, { areaId: lancaster.id }), NotAllowedError);
    assert.equal(valueOf(await removeAreaLogo(prisma, lancasterAdmin, { areaId: lancaster.id })).removed, true);
    const gone = await prisma.compactArea.findUniqueOrThrow({ where: { id: lancaster.id } });
    assert.deepEqual([gone.logoKey, gone.logoAlt], [null, ""]);
    const second = parseStoredKey(replaced.logoKey!);
    assert.equal(await storage(second.backend).get(second.key), null);
    assert.equal((await areaPage(prisma, { slug: lancaster.slug }))!.area.logo, null);
    assert.deepEqual(
      (await prisma.auditEvent.findMany({ where: { entityId: lancaster.id, action: { startsWith: "area.logo" } }, orderBy: { createdAt: "asc" } })).map(
        (e) => e.action,
      ),
      ["area.logo_set", "area.logo_described", "area.logo_set", "area.logo_removed"],
    );
  });

  test("an administrator removes another, but not the last; a site admin can; another area's administrator cannot", async () => {
    await assert.rejects(removeAreaAdmin(prisma, coventryAdmin, { areaId: lancaster.id, userId: secondAdmin.userId }), NotAllowedError);
    const page = (await areaForEditing(prisma, lancasterAdmin, { slug: lancaster.slug }))!;
    assert.deepEqual(
      page.admins.map((a) => [a.email, a.removable, a.you]),
      [
        ["lancaster.admin@example.org", true, true],
        ["lancaster.second@example.org", true, false],
      ],
    );
    const removed = valueOf(await removeAreaAdmin(prisma, lancasterAdmin, { areaId: lancaster.id, userId: secondAdmin.userId }));
    assert.deepEqual(removed, { email: "lancaster.second@example.org", areaName: "Lancaster Compact", last: false });
    assert.deepEqual((await actorFor("lancaster.second@example.org")).areaAdminOf, []);
    // Now the only one: they cannot remove themselves, and the page says so.
    const alone = await actorFor("lancaster.admin@example.org");
    assert.deepEqual(
      (await areaForEditing(prisma, alone, { slug: lancaster.slug }))!.admins.map((a) => a.removable),
      [false],
    );
    assert.match(errorsOf(await removeAreaAdmin(prisma, alone, { areaId: lancaster.id, userId: alone.userId })).userId, /only administrator/);
    assert.equal(await prisma.areaRole.count({ where: { areaId: lancaster.id } }), 1);
    assert.match(errorsOf(await removeAreaAdmin(prisma, siteAdmin, { areaId: lancaster.id, userId: secondAdmin.userId })).userId, /not an administrator/);
    // A site admin may leave an area without one.
    assert.equal(valueOf(await removeAreaAdmin(prisma, siteAdmin, { areaId: lancaster.id, userId: alone.userId })).last, true);
    assert.equal(await prisma.areaRole.count({ where: { areaId: lancaster.id } }), 0);
    assert.equal(await prisma.auditEvent.count({ where: { action: "area.admin_removed" } }), 2);
    // Put them back for the HTTP tests.
    valueOf(await appointAreaAdmin(prisma, siteAdmin, { areaId: lancaster.id, email: "lancaster.admin@example.org" }));
    valueOf(await appointAreaAdmin(prisma, siteAdmin, { areaId: lancaster.id, email: "lancaster.second@example.org" }));
  });

  describe("over HTTP, without JavaScript", () => {
    let server: AppServer;
    const cookies: Record<string, string> = {};
    before(async () => {
      server = await startAppServer({ databaseUrl: testDatabase.url, env: { ADMIN_EMAILS: ADMIN_EMAIL } });
      cookies.lancaster = await sessionCookieFor(prisma, server, "lancaster.admin@example.org");
      cookies.coventry = await sessionCookieFor(prisma, server, "coventry.admin@example.org");
      cookies.site = await sessionCookieFor(prisma, server, ADMIN_EMAIL);
    });
    after(async () => {
      await server?.stop();
    });
    const send = (who: string | null, url: string, init: RequestInit = {}) =>
      fetch(server.url + url, {
        redirect: "manual",
        ...init,
        headers: { Origin: server.url, ...(who ? { Cookie: cookies[who] } : {}), ...(init.headers as Record<string, string>) },
      });
    const post = (who: string | null, body: Record<string, string>) =>
      send(who, `/admin/areas/${lancaster.slug}`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(body).toString(),
      });
    const upload = (who: string | null, file: Buffer | null, alt: string, name = "logo.png") => {
      const form = new FormData();
      form.set("intent", "logo");
      form.set("logoAlt", alt);
      if (file) form.set("logo", new File([new Uint8Array(file)], name));
      return send(who, `/admin/areas/${lancaster.slug}`, { method: "POST", body: form });
    };

    test("the edit page and its data: the area's administrators and site admins; another area's administrator gets 404 and none of its data", async () => {
      const url = `/admin/areas/${lancaster.slug}`;
      for (const [who, status] of [
        ["lancaster", 200],
        ["site", 200],
        ["coventry", 404],
      ] as const) {
        const page = await send(who, url);
        assert.equal(page.status, status, `${who}: page`);
        const html = await page.text();
        const data = await send(who, dataPath(url));
        const text = await data.text();
        assert.equal(data.status, status, `${who}: data`);
        if (status === 404) {
          for (const leak of ["lee@lancaster.example.org", "lancaster.second@example.org"]) {
            assert.ok(!html.includes(leak) && !text.includes(leak), `${who} sees nothing of the area`);
          }
        } else {
          assert.ok(text.includes("lancaster.second@example.org"));
        }
      }
      const anonymous = await send(null, url);
      assert.equal(anonymous.status, 302);
      assert.match(anonymous.headers.get("location") ?? "", /^\/sign-in/);
      await anonymous.arrayBuffer();
    });

    test("another area's administrator cannot edit, upload a logo or remove an administrator: 404, nothing changes", async () => {
      const before = await prisma.compactArea.findUniqueOrThrow({ where: { id: lancaster.id } });
      const tries = [
        await post("coventry", { intent: "details", name: "Taken Over", brandColour: "#000000" }),
        await upload("coventry", await logoPng(), "Taken over"),
        await post("coventry", { intent: "remove-logo" }),
        await post("coventry", { intent: "remove-admin", userId: secondAdmin.userId }),
      ];
      for (const response of tries) {
        assert.equal(response.status, 404);
        await response.arrayBuffer();
      }
      const after = await prisma.compactArea.findUniqueOrThrow({ where: { id: lancaster.id } });
      assert.deepEqual([after.name, after.logoKey], [before.name, before.logoKey]);
      assert.equal(await prisma.areaRole.count({ where: { areaId: lancaster.id } }), 2);
    });

    test("errors next to the fields, keeping what was typed; then saved", async () => {
      const bad = await post("lancaster", { intent: "details", name: "Lancaster and Morecambe Compact", brandColour: "#ffee00", contactEmail: "not an email" });
      assert.equal(bad.status, 400);
      const html = await bad.text();
      assert.ok(/id="field-brandColour-error"[^>]*>.*too pale to be seen on a white page/s.test(html), "the page says it");
      assert.ok(/id="field-contactEmail-error"/.test(html), "the page says it");
      assert.ok(/value="Lancaster and Morecambe Compact"/.test(html), "the page says it");
      const good = await post("lancaster", { intent: "details", name: "Lancaster and Morecambe Compact", brandColour: "#00703c" });
      assert.equal(good.status, 302);
      assert.equal(good.headers.get("location"), `/admin/areas/${lancaster.slug}`);
      assert.equal((await prisma.compactArea.findUniqueOrThrow({ where: { id: lancaster.id } })).name, "Lancaster and Morecambe Compact");
    });

    test("a logo uploaded without JavaScript: refused ones say why next to the field; one saved is served with its type and caching, and shown on the area's page and on /", async () => {
      const webp = await upload("lancaster", await samplePhoto("webp", { width: 200, height: 100 }), "Lancaster logo", "logo.webp");
      assert.equal(webp.status, 400);
      const webpHtml = await webp.text();
      assert.ok(/id="field-logo-error"[^>]*>.*must be a PNG or JPEG/s.test(webpHtml), "the page says it");
      assert.match(webpHtml, /value="Lancaster logo"/, "the description typed is kept");
      const huge = await upload("lancaster", Buffer.alloc(3 * 1024 * 1024, 1), "Lancaster logo");
      assert.equal(huge.status, 413);
      assert.ok(/id="field-logo-error"[^>]*>.*Logos must be 2 MB or smaller/s.test(await huge.text()), "the page says it");
      const noAlt = await upload("lancaster", await logoPng(), "");
      assert.equal(noAlt.status, 400);
      assert.ok(/id="field-logoAlt-error"/.test(await noAlt.text()), "the page says it");

      const saved = await upload("lancaster", await logoPng(), "Lancaster and Morecambe Compact logo");
      assert.equal(saved.status, 302);
      await saved.arrayBuffer();
      const areaHtml = await (await send(null, `/areas/${lancaster.slug}`)).text();
      const src = areaHtml.match(/<img class="area-logo" src="([^"]+)" alt="Lancaster and Morecambe Compact logo"/)?.[1].replace(/&amp;/g, "&");
      assert.ok(src, "the area's page shows the logo with its description");
      const home = await (await send(null, "/")).text();
      assert.ok(home.includes(`src="${src}"`), "the home page's row of the area shows it");

      const logo = await send(null, src!);
      assert.equal(logo.status, 200);
      assert.equal(logo.headers.get("content-type"), "image/png");
      assert.equal(logo.headers.get("cache-control"), "public, max-age=31536000, immutable");
      assert.equal(logo.headers.get("x-content-type-options"), "nosniff");
      const bytes = Buffer.from(await logo.arrayBuffer());
      assert.deepEqual([(await sharp(bytes).metadata()).width, (await sharp(bytes).metadata()).height], [400, 120]);
      const unversioned = await send(null, `/areas/${lancaster.slug}/logo`);
      assert.equal(unversioned.headers.get("cache-control"), "public, max-age=300");
      const etag = unversioned.headers.get("etag")!;
      await unversioned.arrayBuffer();
      const again = await send(null, `/areas/${lancaster.slug}/logo`, { headers: { "If-None-Match": etag } });
      assert.equal(again.status, 304);

      const removed = await post("lancaster", { intent: "remove-logo" });
      assert.equal(removed.status, 302);
      const none = await send(null, `/areas/${lancaster.slug}/logo`);
      assert.equal(none.status, 404);
      await none.arrayBuffer();
    });

    test("removing an administrator: the last one stays unless a site admin removes them; the page says so", async () => {
      const removed = await post("lancaster", { intent: "remove-admin", userId: secondAdmin.userId });
      assert.equal(removed.status, 302);
      await removed.arrayBuffer();
      const page = await (await send("lancaster", `/admin/areas/${lancaster.slug}`)).text();
      assert.ok(/only a site administrator can remove the last one/.test(page), "the page says it");
      assert.ok(/The only administrator: a site administrator can remove them/.test(page), "the page says it");
      const self = await post("lancaster", { intent: "remove-admin", userId: lancasterAdmin.userId });
      assert.equal(self.status, 400);
      assert.ok(/is the area&#x27;s only administrator|is the area's only administrator/.test(await self.text()), "the page says it");
      assert.equal(await prisma.areaRole.count({ where: { areaId: lancaster.id } }), 1);
      const bySite = await post("site", { intent: "remove-admin", userId: lancasterAdmin.userId });
      assert.equal(bySite.status, 302);
      await bySite.arrayBuffer();
      assert.equal(await prisma.areaRole.count({ where: { areaId: lancaster.id } }), 0);
    });
  });
});
