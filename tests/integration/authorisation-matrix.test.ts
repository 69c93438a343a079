/**
 * The authorisation matrix: every route and every action, as every kind of person, through
 * the real HTTP stack. The route list is read from app/routes, so a new route without an
 * entry in EXPECTED fails this test until someone decides who may use it.
 *
 * Outcomes: 200 (allowed page), "signin" (sent to sign in), 404 (not revealed), 405 (no
 * action here), 400 (allowed, but an empty form is refused with a message), 410 (link no
 * longer valid), 302 (allowed, redirected elsewhere). No route may ever answer 500.
 * Actions are sent an EMPTY form: a person allowed to post gets a clear refusal (400), never
 * a change made on their behalf; a person not allowed gets exactly what a GET gets.
 *
 * To see what every cell answers now: MATRIX_PRINT=1 node --import tsx --test tests/integration/authorisation-matrix.test.ts
 */
import { dataPath, decodeDataText, type DataRedirect } from "../support/single-fetch";
import "../support/test-env";
import { testDatabase } from "../support/test-env";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

// Files written by this process (an attachment) must land where the server reads them.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "compact-awards-matrix-"));
process.env.DATA_DIR = dataDir;

import { after, before, describe, it } from "node:test";
import { prisma } from "~/db/client.server";
import { seedDemo } from "~/demo/seed.server";
import { resultsKey } from "~/mail/campaigns.server";
import { storage, newStorageKey } from "~/storage/storage.server";
import { sessionCookieFor, startAppServer, type AppServer } from "../support/app-server";
import { inArea } from "../support/areas";

/**
 * nominator: one of the nomination's people (it confirmed it for a lead partner); askingMember:
 * asked to join one of its partner organisations (not approved); verifiedMember: a verified
 * member of one of its partner organisations who is not one of its people (issue 11).
 * areaAdmin: an administrator of the Coventry Compact area, which owns coventry-2010;
 * otherAreaAdmin: an administrator of another area, "Elsewhere" (issue 13).
 */
const ROLES = [
  "anonymous",
  "nominator",
  "askingMember",
  "verifiedMember",
  "otherNominator",
  "judge",
  "conflictedJudge",
  "otherOrganiser",
  "otherAreaAdmin",
  "organiser",
  "areaAdmin",
  "siteAdmin",
] as const;
type Role = (typeof ROLES)[number];
type Outcome = 200 | 302 | 400 | 403 | 404 | 405 | 409 | 410 | "signin";
type Row = Record<Role, Outcome>;

/** Shorthands for the common shapes of a row. */
const all = (o: Outcome): Row => Object.fromEntries(ROLES.map((r) => [r, o])) as Row;
const signedIn = (o: Outcome, anonymous: Outcome = "signin"): Row => ({ ...all(o), anonymous });
const only = (allowed: Role[], yes: Outcome, no: Outcome = 404, anonymous: Outcome = "signin"): Row =>
  Object.fromEntries(ROLES.map((r) => [r, r === "anonymous" ? anonymous : allowed.includes(r) ? yes : no])) as Row;
/** Everyone who organises coventry-2010: its organiser, its area's administrator, a site admin. */
const organisers: Role[] = ["organiser", "areaAdmin", "siteAdmin"];
/** Trusted with the shared directory and with starting a cycle somewhere: organisers of any cycle, administrators of any area. */
const anyOrganiser: Role[] = ["otherOrganiser", "otherAreaAdmin", ...organisers];

/** GET and POST expectations per route file (and variant). */
const partnerOnly = (yes: Outcome): Row => only(["nominator"], yes);
const admin = (get: Outcome = 200, post: Outcome = 400) => ({ get: only(organisers, get), post: only(organisers, post) });
const adminDownload = { get: only(organisers, 200), post: all(405) };
const publicPage = { get: all(200), post: all(405) };
const EXPECTED: Record<string, { get: Row; post: Row }> = {
  _index: publicPage,
  ping: publicPage,
  healthz: publicPage,
  "cycles.$slug._index": publicPage,
  // coventry-2010 is published: its results, case studies and booklet are public.
  "cycles.$slug.results": publicPage,
  "cycles.$slug.case-studies._index": publicPage,
  "cycles.$slug.case-studies.$id": publicPage,
  "cycles.$slug.booklet[.pdf]": publicPage,
  "cycles.$slug.press-release._index": publicPage,
  "cycles.$slug.press-release[.md]": publicPage,
  "cycles.$slug.press-release[.docx]": publicPage,
  // Nominations for 2010 closed long ago: anyone signed in is told so; starting one is refused.
  "cycles.$slug.nominate": { get: signedIn(200), post: signedIn(403) },
  "sign-in._index": { get: signedIn(302, 200), post: signedIn(302, 400) },
  "sign-in.check-email": publicPage,
  "sign-in.$token": { get: all(200), post: all(410) },
  "confirm.$token": { get: all(200), post: all(410) },
  "sign-out": { get: all(302), post: all(302) },
  welcome: { get: signedIn(200), post: signedIn(400) },
  // The local mailbox is switched off here, as on every real server.
  "dev.mailbox._index": { get: all(404), post: all(405) },
  "dev.mailbox.$id._index": { get: all(404), post: all(405) },
  "dev.mailbox.$id.html": { get: all(404), post: all(405) },
  // Anyone signed in sees which organisations they speak for, and answers colleagues' requests if verified.
  "your-organisation": { get: signedIn(200), post: signedIn(400) },
  // The shared directory: organisers (of any cycle) keep it.
  "admin.organisations": { get: only(anyOrganiser, 200), post: only(anyOrganiser, 400) },
  // Without UPLOADTHING_TOKEN the UploadThing endpoint does not exist.
  "api.uploadthing": { get: all(404), post: all(404) },
  // Evidence (not a consented photo): partners, the cycle's organisers, and judges who may score it.
  "files.$attachmentId": { get: { ...only(["nominator", "judge", ...organisers], 200), anonymous: 404 }, post: all(405) },
  // A nominator's own pages: the partners of the nomination only (organisers use the admin pages).
  // Asking to be added to one of your organisation's nominations: an empty form is refused.
  "nominations._index": { get: signedIn(200), post: signedIn(400) },
  "nominations.$id.people": { get: partnerOnly(200), post: partnerOnly(400) },
  "nominations.$id": { get: partnerOnly(200), post: all(405) },
  "nominations.$id._index": { get: partnerOnly(200), post: all(405) },
  "nominations.$id.category": { get: partnerOnly(200), post: partnerOnly(400) },
  "nominations.$id.organisation": { get: partnerOnly(200), post: partnerOnly(400) },
  "nominations.$id.partners._index": { get: partnerOnly(200), post: partnerOnly(400) },
  "nominations.$id.partners.$partnerId": { get: partnerOnly(200), post: partnerOnly(400) },
  "nominations.$id.story": { get: partnerOnly(200), post: partnerOnly(400) },
  "nominations.$id.consent": { get: partnerOnly(200), post: partnerOnly(400) },
  "nominations.$id.files": { get: partnerOnly(200), post: partnerOnly(400) },
  // Submitting or withdrawing after the closing date is refused outright.
  "nominations.$id.check": { get: partnerOnly(200), post: partnerOnly(403) },
  "nominations.$id.withdraw": { get: partnerOnly(200), post: partnerOnly(403) },
  // Judging: a judge's own assignment only; a declared conflict shows only the declaration; a detected one nothing.
  "judge._index": { get: only(["judge", "conflictedJudge"], 200), post: all(405) },
  "judge.$assignmentId": { get: only(["judge"], 200), post: only(["judge"], 400) },
  "judge.$assignmentId#declared": { get: only(["conflictedJudge"], 200), post: only([], 404) },
  "judge.$assignmentId#detected": { get: only([], 404), post: only([], 404) },
  // Organisers: anyone signed in sees which cycles they organise (none, politely); creating needs the right.
  "admin._index": { get: signedIn(200), post: all(405) },
  "admin.cycles.new": { get: only(anyOrganiser, 200), post: only(anyOrganiser, 400) },
  // Issue 13: an area's public page; the list of areas and appointing their administrators is for site admins only.
  "areas.$slug": publicPage,
  "admin.areas": { get: only(["siteAdmin"], 200), post: only(["siteAdmin"], 400) },
  // An area's details, logo and administrators: its own administrators and site admins; an empty form is refused.
  "admin.areas_.$slug": { get: only(["areaAdmin", "siteAdmin"], 200), post: only(["areaAdmin", "siteAdmin"], 400) },
  // The area has no logo: nothing to serve, to anyone.
  "areas.$slug_.logo": { get: all(404), post: all(405) },
  // The layout of every page below (its URL is the overview's; its own loader is checked below too).
  // It has no action: a POST without ?index goes to it, so the overview's form posts to ?index.
  "admin.cycles.$slug": { get: only(organisers, 200), post: all(405) },
  "admin.cycles.$slug._index": admin(),
  "admin.cycles.$slug.settings": admin(),
  "admin.cycles.$slug.categories": admin(),
  "admin.cycles.$slug.criteria": admin(),
  "admin.cycles.$slug.tiers": admin(),
  "admin.cycles.$slug.people": admin(),
  "admin.cycles.$slug.nominations._index": { get: only(organisers, 200), post: all(405) },
  "admin.cycles.$slug.nominations.$id": admin(),
  "admin.cycles.$slug.nominations[.csv]": adminDownload,
  "admin.cycles.$slug.judges": admin(),
  "admin.cycles.$slug.results": admin(),
  "admin.cycles.$slug.results[.csv]": adminDownload,
  "admin.cycles.$slug.emails": admin(),
  "admin.cycles.$slug.emails.preview": adminDownload,
  "admin.cycles.$slug.ceremony": admin(),
  "admin.cycles.$slug.ceremony.certificates[.pdf]": adminDownload,
  "admin.cycles.$slug.press-release": admin(),
  "admin.cycles.$slug.booklet": admin(),
};

let server: AppServer;
const cookies = new Map<Role, string>();
const params: Record<string, string> = {};
const print = process.env.MATRIX_PRINT === "1";

function routeFiles() {
  return fs
    .readdirSync(path.resolve("app", "routes"))
    .filter((f) => /\.(tsx|ts)$/.test(f))
    .map((f) => f.replace(/\.(tsx|ts)$/, ""))
    .sort();
}

/** The URL of a route file with this test's fixtures put in for its parameters. */
function urlFor(route: string, variant?: string): string {
  if (route === "_index") return "/";
  const segments = route
    .replace(/\[\.(\w+)\]/g, "__DOT__$1")
    .split(".")
    .filter((s) => s !== "_index")
    // "admin.areas_.$slug": a trailing underscore only opts out of the layout; it is not in the URL.
    .map((s) => s.replace("__DOT__", ".").replace(/(.)_$/, "$1"));
  const out = segments.map((segment) => {
    if (!segment.startsWith("$")) return segment.startsWith("_") ? "" : segment;
    const name = segment.slice(1);
    const key = variant ? `${route}#${variant}:${name}` : `${route}:${name}`;
    const value = params[key] ?? params[name];
    if (!value) throw new Error(`no fixture for ${name} in ${route}`);
    return value;
  });
  return "/" + out.filter(Boolean).join("/").replace(/\/\./g, ".");
}

/**
 * Remix sends a POST without ?index to the layout route, not to the index route under it (as
 * an index route's own forms add ?index): an index route under a layout file is posted to there.
 */
function indexUnderLayout(route: string): boolean {
  return route.endsWith("._index") && routeFiles().includes(route.slice(0, -"._index".length));
}
const withIndex = (url: string) => `${url}${url.includes("?") ? "&" : "?"}index`;

async function outcomeOf(method: "GET" | "POST", url: string, role: Role, body = ""): Promise<Outcome | number> {
  const headers: Record<string, string> = { Origin: server.url };
  const cookie = cookies.get(role);
  if (cookie) headers.Cookie = cookie;
  const init: RequestInit = { method, headers, redirect: "manual" };
  if (method === "POST") {
    headers["Content-Type"] = "application/x-www-form-urlencoded";
    init.body = body;
  }
  const response = await fetch(server.url + url, init);
  await response.arrayBuffer();
  if (response.status === 302 || response.status === 303) {
    const location = response.headers.get("location") ?? "";
    return location.startsWith("/sign-in") ? "signin" : 302;
  }
  return response.status;
}

before(async () => {
  const demo = await seedDemo(prisma);
  const cycle = await prisma.awardCycle.findUniqueOrThrow({ where: { slug: "coventry-2010" } });

  // A nomination with a detected conflict: its judge is our conflicted judge; another judge scores it.
  const conflicted = await prisma.assignment.findFirstOrThrow({
    where: { cycleId: cycle.id, conflict: "detected" },
    include: { nomination: { include: { partners: true } } },
    orderBy: { id: "asc" },
  });
  const nomination = conflicted.nomination;
  const [scoring, declaring] = await prisma.assignment.findMany({ where: { nominationId: nomination.id, conflict: "none" }, orderBy: { id: "asc" }, take: 2 });
  assert.ok(scoring && declaring, "the demo nomination has two judges without a detected conflict");
  // The third judge declares a conflict (and so is not one of the partners): our conflicted judge.
  await prisma.review.deleteMany({ where: { assignmentId: declaring.id } });
  declaredConflictId = declaring.id;
  await prisma.assignment.update({
    where: { id: declaring.id },
    data: { conflict: "declared", conflictReason: "I sit on the board of one partner", conflictAt: new Date(), openedAt: new Date() },
  });
  const awarded = await prisma.decision.findFirstOrThrow({
    where: { nomination: { cycleId: cycle.id }, outcomeTierId: { not: null } },
    orderBy: { nominationId: "asc" },
  });

  const partnerOrg = nomination.partners[0].organisationId;
  const nominator = await prisma.user.create({ data: { email: "matrix.nominator@example.org", name: "Matrix Nominator", organisationId: partnerOrg } });
  // The nominator confirmed the nomination for its first lead partner: one of its people.
  const lead = nomination.partners.find((p) => p.role === "lead_statutory" || p.role === "lead_vcs")!;
  await prisma.nominationPartner.update({ where: { id: lead.id }, data: { confirmedById: nominator.id, confirmedAt: lead.confirmedAt ?? new Date() } });
  await prisma.membership.create({ data: { userId: nominator.id, organisationId: lead.organisationId, status: "verified", verifiedVia: "approval" } });
  const askingMember = await prisma.user.create({ data: { email: "matrix.asking@example.org", name: "Asking Member", organisationId: partnerOrg } });
  await prisma.membership.create({ data: { userId: askingMember.id, organisationId: partnerOrg, status: "asking" } });
  const verifiedMember = await prisma.user.create({ data: { email: "matrix.verified@example.org", name: "Verified Member", organisationId: partnerOrg } });
  await prisma.membership.create({ data: { userId: verifiedMember.id, organisationId: partnerOrg, status: "verified", verifiedVia: "approval" } });
  const otherOrg = await prisma.organisation.create({ data: { name: "Unrelated Trust", nameKey: "unrelated trust", sector: "voluntary_community" } });
  const otherNominator = await prisma.user.create({ data: { email: "matrix.other@example.org", name: "Other Nominator", organisationId: otherOrg.id } });
  const otherCycle = await prisma.awardCycle.create({
    data: {
      slug: "matrix-other",
      name: "Another Compact Awards",
      area: "Elsewhere",
      ...inArea("Elsewhere"),
      nominationsOpenAt: new Date("2026-01-01"),
      nominationsCloseAt: new Date("2026-02-01"),
    },
  });
  const otherOrganiser = await prisma.user.create({ data: { email: "matrix.organiser@example.org", name: "Other Organiser", organisationId: otherOrg.id } });
  await prisma.cycleRole.create({ data: { userId: otherOrganiser.id, cycleId: otherCycle.id, role: "organiser" } });
  const admin = await prisma.user.create({ data: { email: "matrix.admin@example.org", name: "Site Admin", organisationId: otherOrg.id } });
  // Issue 13: an administrator of coventry-2010's area, and one of another area.
  const areaAdmin = await prisma.user.create({ data: { email: "matrix.area-admin@example.org", name: "Area Admin", organisationId: otherOrg.id } });
  await prisma.areaRole.create({ data: { userId: areaAdmin.id, areaId: cycle.areaId, role: "admin" } });
  const otherAreaAdmin = await prisma.user.create({
    data: { email: "matrix.other-area-admin@example.org", name: "Other Area Admin", organisationId: otherOrg.id },
  });
  await prisma.areaRole.create({ data: { userId: otherAreaAdmin.id, areaId: otherCycle.areaId, role: "admin" } });

  const stored = await storage().put(newStorageKey(), Buffer.from("%PDF-1.4\n%%EOF\n"), "application/pdf");
  const attachment = await prisma.attachment.create({
    data: {
      nominationId: nomination.id,
      storageKey: stored.key,
      storageBackend: storage().backend,
      fileName: "evidence.pdf",
      contentType: "application/pdf",
      size: 15,
      kind: "evidence",
    },
  });
  const email = await prisma.emailMessage.create({
    data: {
      toEmail: nominator.email,
      fromEmail: "awards@example.org",
      template: "sign-in",
      subject: "Sign in",
      html: "<p>Hi</p>",
      text: "Hi",
      idempotencyKey: "matrix-email",
      status: "sent",
    },
  });

  Object.assign(params, {
    slug: "coventry-2010",
    id: nomination.id,
    // The nominating organisation's own partner row is edited elsewhere; another partner's page is here.
    partnerId: nomination.partners.find((p) => p.role === "other")?.id ?? nomination.partners.at(-1)!.id,
    assignmentId: scoring.id,
    attachmentId: attachment.id,
    token: "not-a-real-token",
    "cycles.$slug.case-studies.$id:id": awarded.nominationId,
    "areas.$slug:slug": (await prisma.compactArea.findUniqueOrThrow({ where: { id: cycle.areaId } })).slug,
    "areas.$slug_.logo:slug": (await prisma.compactArea.findUniqueOrThrow({ where: { id: cycle.areaId } })).slug,
    "admin.areas_.$slug:slug": (await prisma.compactArea.findUniqueOrThrow({ where: { id: cycle.areaId } })).slug,
    "judge.$assignmentId#declared:assignmentId": declaring.id,
    "judge.$assignmentId#detected:assignmentId": conflicted.id,
  });
  params["dev.mailbox.$id._index:id"] = params["dev.mailbox.$id.html:id"] = email.id;

  // The local mailbox is off, as on any real server: /dev/mailbox must not exist.
  server = await startAppServer({ databaseUrl: testDatabase.url, env: { DATA_DIR: dataDir, ADMIN_EMAILS: admin.email, LOCAL_MAILBOX: "" } });
  const judgeEmail = (await prisma.user.findUniqueOrThrow({ where: { id: scoring.judgeId } })).email;
  const conflictedEmail = (await prisma.user.findUniqueOrThrow({ where: { id: declaring.judgeId } })).email;
  detectedJudgeCookie = await sessionCookieFor(prisma, server, (await prisma.user.findUniqueOrThrow({ where: { id: conflicted.judgeId } })).email);
  query["admin.cycles.$slug.emails.preview"] =
    `?kind=results&key=${encodeURIComponent(resultsKey(cycle.id, nomination.id, nomination.partners[0].contactEmail))}`;
  const emails: Record<Exclude<Role, "anonymous">, string> = {
    nominator: nominator.email,
    askingMember: askingMember.email,
    verifiedMember: verifiedMember.email,
    otherNominator: otherNominator.email,
    judge: judgeEmail,
    conflictedJudge: conflictedEmail,
    otherOrganiser: otherOrganiser.email,
    otherAreaAdmin: otherAreaAdmin.email,
    organiser: demo.organiserEmail,
    areaAdmin: areaAdmin.email,
    siteAdmin: admin.email,
  };
  for (const [role, address] of Object.entries(emails)) cookies.set(role as Role, await sessionCookieFor(prisma, server, address));
});

after(async () => {
  await server?.stop();
  await prisma.$disconnect();
});

/** Extra rows for routes that need more than one fixture. */
const VARIANTS: Record<string, string[]> = { "judge.$assignmentId": ["declared", "detected"] };
/** Query strings some routes need to answer at all. */
const query: Record<string, string> = { "admin.cycles.$slug.results[.csv]": "?kind=scores" };
let detectedJudgeCookie = "";
/** the declared conflict of the matrix's conflicted judge (issue 19, item 2) */
let declaredConflictId = "";

/**
 * Issue 19, items 3 and 9: the new actions on existing pages. Each is posted as itself (its
 * intent), without the rest of its form: organisers get a refusal with a message (nothing
 * changes), everyone else exactly what they get for the page.
 */
// Before the matrix: its last row signs everyone out.
describe("authorisation matrix: the actions issue 19 added", () => {
  const ACTIONS: { name: string; url: string; body: Record<string, string>; organisers: Outcome }[] = [
    // Reopening judging needs a reason: refused with a message.
    { name: "results: reopen judging", url: "/admin/cycles/coventry-2010/results", body: { intent: "reopen-judging" }, organisers: 400 },
    // Nobody was told an outcome that changed: "the list has changed", nothing is sent.
    {
      name: "emails: send the results corrections",
      url: "/admin/cycles/coventry-2010/emails?kind=results-correction",
      body: { intent: "send", kind: "results-correction", count: "1" },
      organisers: 409,
    },
    { name: "emails: the corrections page", url: "/admin/cycles/coventry-2010/emails?kind=results-correction", body: {}, organisers: 200 },
  ];
  for (const action of ACTIONS) {
    it(`issue 19: ${action.name}`, async () => {
      const method = Object.keys(action.body).length ? "POST" : "GET";
      const problems: string[] = [];
      for (const role of ROLES) {
        const got = await outcomeOf(method, action.url, role, new URLSearchParams(action.body).toString());
        const expected = only(organisers, action.organisers)[role];
        if (got !== expected) problems.push(`${method} ${action.url} as ${role}: expected ${expected}, got ${got}`);
      }
      assert.deepEqual(problems, []);
    });
  }
});

/**
 * Issue 13: editing a Compact area. Each action on /admin/areas/:slug posted as itself: the
 * area's administrators and site admins get its answer (nothing changes: a colour too pale,
 * nobody to remove, no logo), an administrator of another area 404 like everyone else, and
 * the page's data tells them nothing.
 */
describe("authorisation matrix: editing a Compact area (issue 13)", () => {
  const editors: Role[] = ["areaAdmin", "siteAdmin"];
  const ACTIONS: { name: string; body: Record<string, string>; editors: Outcome }[] = [
    { name: "details (a colour too pale)", body: { intent: "details", name: "Taken Over Compact", brandColour: "#ffff00" }, editors: 400 },
    { name: "remove an administrator (nobody)", body: { intent: "remove-admin", userId: "nobody" }, editors: 400 },
    { name: "remove the logo (there is none)", body: { intent: "remove-logo" }, editors: 302 },
  ];
  for (const action of ACTIONS) {
    it(`issue 13: ${action.name}`, async () => {
      const slug = params["admin.areas_.$slug:slug"];
      const before = await prisma.compactArea.findUniqueOrThrow({ where: { slug } });
      const problems: string[] = [];
      for (const role of ROLES) {
        const got = await outcomeOf("POST", `/admin/areas/${slug}`, role, new URLSearchParams(action.body).toString());
        const expected = only(editors, action.editors)[role];
        if (got !== expected) problems.push(`POST /admin/areas/${slug} (${action.name}) as ${role}: expected ${expected}, got ${got}`);
      }
      assert.deepEqual(problems, []);
      const after = await prisma.compactArea.findUniqueOrThrow({ where: { slug } });
      assert.deepEqual([after.name, after.brandColour], [before.name, before.brandColour]);
      assert.ok((await prisma.areaRole.count({ where: { areaId: after.id } })) >= 1);
    });
  }

  it("issue 13: the edit page's data goes to the area's administrator, never to another area's", async () => {
    const slug = params["admin.areas_.$slug:slug"];
    const url = dataPath(`/admin/areas/${slug}`);
    const get = async (role: Role) => {
      const response = await fetch(server.url + url, { headers: { Origin: server.url, Cookie: cookies.get(role)! }, redirect: "manual" });
      return { status: response.status, text: await response.text() };
    };
    const other = await get("otherAreaAdmin");
    assert.equal(other.status, 404);
    assert.ok(!other.text.includes("matrix.area-admin@example.org"), "another area's administrator is not told who runs this one");
    const mine = await get("areaAdmin");
    assert.equal(mine.status, 200);
    assert.ok(mine.text.includes("matrix.area-admin@example.org"));
  });
});

describe("authorisation matrix", () => {
  it("every route has an entry: a new route must say who may use it", () => {
    if (print) return;
    const keys = routeFiles().flatMap((r) => [r, ...(VARIANTS[r] ?? []).map((v) => `${r}#${v}`)]);
    assert.deepEqual(
      keys.filter((k) => !EXPECTED[k]),
      [],
      "routes without an entry in EXPECTED",
    );
    assert.deepEqual(
      Object.keys(EXPECTED).filter((k) => !keys.includes(k)),
      [],
      "entries for routes that no longer exist",
    );
  });

  // Before the full walk: its sign-out, last, ends the sessions.
  it("issue 19, item 2: only the cycle's organisers reach clearing a conflict; no judge, not even the conflicted one, can clear it", async () => {
    const url = "/admin/cycles/coventry-2010/judges";
    const body = new URLSearchParams({
      intent: "clear-conflict",
      assignmentId: declaredConflictId,
      [`reason-${declaredConflictId}`]: "Not a conflict after all",
    });
    // coventry-2010 is published: even its organisers are refused (400, with the reason), never 500.
    const expected = only(organisers, 400);
    const problems: string[] = [];
    for (const role of ROLES) {
      const headers: Record<string, string> = { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" };
      const cookie = cookies.get(role);
      if (cookie) headers.Cookie = cookie;
      const response = await fetch(server.url + url, { method: "POST", headers, body, redirect: "manual" });
      await response.arrayBuffer();
      const location = response.headers.get("location") ?? "";
      const got = response.status === 302 || response.status === 303 ? (location.startsWith("/sign-in") ? "signin" : 302) : response.status;
      if (got !== expected[role]) problems.push(`${role}: expected ${expected[role]}, got ${got}`);
    }
    assert.deepEqual(problems, []);
    assert.equal((await prisma.assignment.findUniqueOrThrow({ where: { id: declaredConflictId } })).conflict, "declared");
  });

  // Before the full walk, which signs everyone out. A layout route's loader runs alongside its pages' and answers a data request on its own: it must
  // check who is asking as its pages do. A layout is a route file other route files sit under.
  it("every layout route's own loader answers as its page does, for every kind of person", async () => {
    const files = routeFiles();
    const layouts = files.filter((r) => files.some((other) => other.startsWith(`${r}.`)));
    assert.ok(layouts.includes("admin.cycles.$slug"), "the organiser pages' layout is found");
    const problems: string[] = [];
    for (const route of layouts) {
      // The layout's own loader alone, as a browser's fetcher asks for it (single fetch: <path>.data?_routes=).
      const url = dataPath(urlFor(route), [`routes/${route}`]);
      for (const role of ROLES) {
        const headers: Record<string, string> = { Origin: server.url };
        const cookie = cookies.get(role);
        if (cookie) headers.Cookie = cookie;
        const response = await fetch(server.url + url, { headers, redirect: "manual" });
        const text = await response.text();
        // A data request is told of a redirect in its body (single fetch), with 202.
        const isData = (response.headers.get("content-type") ?? "").startsWith("text/x-script");
        const redirectTo = isData ? ((await decodeDataText(text)) as { redirect?: DataRedirect }).redirect?.redirect : undefined;
        const got: Outcome | number = redirectTo ? (redirectTo.startsWith("/sign-in") ? "signin" : 302) : response.status;
        const expected = EXPECTED[route]?.get[role];
        if (got !== expected) problems.push(`GET ${url} as ${role}: expected ${expected}, got ${got}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  // Before the full walk, which signs everyone out. Issue 13: the loaders' data itself (single fetch, <path>.data), not only the page.
  it("issue 13: an administrator of another area gets none of this area's cycles' data from any organiser page; this area's administrator gets it", async () => {
    const files = routeFiles();
    // The organiser's pages (resource routes such as downloads are walked above).
    const pages = files.filter(
      (r) => r.startsWith("admin.cycles.$slug") && /export default/.test(fs.readFileSync(path.resolve("app", "routes", `${r}.tsx`), "utf8")),
    );
    assert.ok(pages.length >= 15, `the organiser's pages are found (${pages.length})`);
    const cycleName = (await prisma.awardCycle.findUniqueOrThrow({ where: { slug: "coventry-2010" } })).name;
    const problems: string[] = [];
    const dataAs = async (role: Role, url: string) => {
      const response = await fetch(server.url + url, { headers: { Origin: server.url, Cookie: cookies.get(role)! }, redirect: "manual" });
      return { status: response.status, text: await response.text() };
    };
    for (const route of pages) {
      const url = dataPath(urlFor(route) + (query[route] ?? ""));
      const other = await dataAs("otherAreaAdmin", url);
      if (other.status !== 404) problems.push(`GET ${url} as otherAreaAdmin: expected 404, got ${other.status}`);
      if (other.text.includes(cycleName) || other.text.includes("coventry-2010")) problems.push(`GET ${url} as otherAreaAdmin: the answer names the cycle`);
      const mine = await dataAs("areaAdmin", url);
      if (mine.status !== 200 || !mine.text.includes(cycleName)) problems.push(`GET ${url} as areaAdmin: expected the cycle's data, got ${mine.status}`);
    }
    // Their own pages list only their own area and its cycles.
    for (const url of [dataPath("/admin"), dataPath("/admin/cycles/new")]) {
      const other = await dataAs("otherAreaAdmin", url);
      if (other.status !== 200) problems.push(`GET ${url} as otherAreaAdmin: expected 200, got ${other.status}`);
      if (/coventry/i.test(other.text)) problems.push(`GET ${url} as otherAreaAdmin: the answer names the Coventry area or its cycles`);
    }
    const mineNew = await dataAs("areaAdmin", dataPath("/admin/cycles/new"));
    if (!mineNew.text.includes(cycleName)) problems.push("the Coventry area's administrator is offered coventry-2010 to start from");
    // Creating a cycle in an area that is not theirs is refused, with nothing made.
    const areaId = (await prisma.awardCycle.findUniqueOrThrow({ where: { slug: "coventry-2010" } })).areaId;
    const body = new URLSearchParams({
      areaId,
      name: "Sneaky Compact Awards",
      area: "Coventry",
      nominationsOpenAt: "2031-01-05T09:00",
      nominationsCloseAt: "2031-03-05T09:00",
      contactName: "Other Area Admin",
      contactEmail: "matrix.other-area-admin@example.org",
    });
    const response = await fetch(server.url + "/admin/cycles/new", {
      method: "POST",
      headers: { Origin: server.url, Cookie: cookies.get("otherAreaAdmin")!, "Content-Type": "application/x-www-form-urlencoded" },
      body,
      redirect: "manual",
    });
    await response.arrayBuffer();
    if (response.status !== 400) problems.push(`creating a cycle in the Coventry area as otherAreaAdmin: expected 400, got ${response.status}`);
    assert.equal(await prisma.awardCycle.count({ where: { name: "Sneaky Compact Awards" } }), 0);
    assert.deepEqual(problems, []);
  });

  it("every route and action answers as expected for every kind of person, and never 500", async () => {
    const problems: string[] = [];
    const table: string[] = [];
    // Sign-out really ends a session: it goes last.
    const routes = routeFiles().sort((a, b) => Number(a === "sign-out") - Number(b === "sign-out"));
    for (const route of routes) {
      for (const variant of [undefined, ...(VARIANTS[route] ?? [])]) {
        const key = variant ? `${route}#${variant}` : route;
        const url = urlFor(route, variant) + (query[route] ?? "");
        for (const method of ["GET", "POST"] as const) {
          const row: string[] = [];
          for (const role of ROLES) {
            const got = await outcomeOf(method, method === "POST" && indexUnderLayout(route) ? withIndex(url) : url, role);
            row.push(`${role}: ${got}`);
            if (typeof got === "number" && got >= 500) problems.push(`${method} ${url} as ${role}: ${got}`);
            const expected = EXPECTED[key]?.[method === "GET" ? "get" : "post"]?.[role];
            if (!print && expected !== undefined && got !== expected) problems.push(`${method} ${url} (${key}) as ${role}: expected ${expected}, got ${got}`);
          }
          table.push(`${method.padEnd(4)} ${key}\n     ${row.join(", ")}`);
        }
      }
    }
    if (print) console.log(table.join("\n"));
    assert.deepEqual(problems, []);
  });

  it("a judge with a detected conflict cannot open or post to their own conflicted assignment", async () => {
    const url = urlFor("judge.$assignmentId", "detected");
    for (const method of ["GET", "POST"]) {
      const response = await fetch(server.url + url, { method, headers: { Cookie: detectedJudgeCookie, Origin: server.url }, redirect: "manual" });
      assert.equal(response.status, 404, `${method} ${url}`);
    }
  });
});
