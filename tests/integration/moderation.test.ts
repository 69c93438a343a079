import { loadActor } from "~/auth/actor.server";
import { NotAllowedError } from "~/auth/not-allowed";
import type { Actor } from "~/auth/permissions";
import "../support/test-env";
import { prisma } from "~/db/client.server";
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { createUserSession } from "~/auth/session.server";
import { nominationsCsv } from "~/nominations/export.server";
import { clearExtension, grantExtension, markEligible, markIneligible, returnForChanges } from "~/nominations/moderation.server";
import * as detailRoute from "~/routes/admin.cycles.$slug.nominations.$id";
import * as listRoute from "~/routes/admin.cycles.$slug.nominations._index";
import * as csvRoute from "~/routes/admin.cycles.$slug.nominations[.csv]";
import { run as exportCommand } from "../../cli/commands/export";
import { parseCsv } from "../support/csv";
import { inArea } from "../support/areas";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = new Date();

let seq = 0;
const unique = (s: string) => `${s}-${++seq}`;

async function makeOrganisation(name: string, sector: string) {
  return prisma.organisation.create({ data: { name, nameKey: name.toLowerCase(), sector } });
}

async function makeUser(email: string, organisationId?: string) {
  return prisma.user.create({ data: { email, name: email.split("@")[0], organisationId: organisationId ?? null } });
}

async function makeCycle(slug: string, opts: { closeAt?: Date } = {}) {
  return prisma.awardCycle.create({
    data: {
      slug,
      name: `Test Compact Awards ${slug}`,
      area: "Testshire",
      ...inArea("Testshire"),
      nominationsOpenAt: new Date(now.getTime() - 10 * DAY),
      nominationsCloseAt: opts.closeAt ?? new Date(now.getTime() + 10 * DAY),
      launchedAt: new Date(now.getTime() - 11 * DAY),
      contactName: "Test Organiser",
      contactEmail: "compact@test.example.org",
      categories: {
        create: [
          { name: "Joint working", position: 0 },
          { name: "Codes of practice", position: 1 },
        ],
      },
    },
    include: { categories: { orderBy: { position: "asc" } } },
  });
}

type Orgs = Awaited<ReturnType<typeof makeOrgs>>;
async function makeOrgs() {
  return {
    council: await makeOrganisation("Testshire County Council", "statutory"),
    cvs: await makeOrganisation("Testshire CVS", "voluntary_community"),
    faith: await makeOrganisation("St Mark's Community Kitchen", "faith"),
    nhs: await makeOrganisation("Testshire NHS Trust", "statutory"),
  };
}

async function makeNomination(
  cycle: Awaited<ReturnType<typeof makeCycle>>,
  orgs: Orgs,
  opts: { title?: string; status?: string; categoryIndex?: number; extensionUntil?: Date | null } = {},
) {
  const title = opts.title ?? unique("Warm spaces");
  return prisma.nomination.create({
    data: {
      cycleId: cycle.id,
      categoryId: cycle.categories[opts.categoryIndex ?? 0].id,
      title,
      summary: `Summary of ${title}`,
      principles: JSON.stringify(["civil_society", "equal_fair_society"]),
      status: opts.status ?? "submitted",
      submittedAt: new Date(now.getTime() - DAY),
      extensionUntil: opts.extensionUntil ?? null,
      partners: {
        create: [
          { organisationId: orgs.cvs.id, role: "lead_vcs", contactName: "Vera VCS", contactEmail: "vera@cvs.example.org", position: 0, confirmedAt: now },
          {
            organisationId: orgs.council.id,
            role: "lead_statutory",
            contactName: "Colin Council",
            contactEmail: "Colin@Council.example.gov.uk",
            position: 1,
            confirmedAt: now,
          },
          { organisationId: orgs.faith.id, role: "other", contactName: "Fatima Faith", contactEmail: "fatima@kitchen.example.org", position: 2 },
        ],
      },
    },
  });
}

async function auditActions(nominationId: string) {
  const events = await prisma.auditEvent.findMany({ where: { entityType: "Nomination", entityId: nominationId }, orderBy: { createdAt: "asc" } });
  return events.map((e) => e.action);
}

let orgs: Orgs;
let cycle: Awaited<ReturnType<typeof makeCycle>>;
let organiser: Awaited<ReturnType<typeof makeUser>>;
let organiserActor: Actor;

before(async () => {
  orgs = await makeOrgs();
  cycle = await makeCycle("test-open");
  organiser = await makeUser("organiser@test.example.org", orgs.cvs.id);
  await prisma.cycleRole.create({ data: { userId: organiser.id, cycleId: cycle.id, role: "organiser" } });
  organiserActor = (await loadActor(prisma, organiser.id))!;
});

/** The organiser, made an organiser of this cycle too. */
async function organiserOf(other: { id: string }): Promise<Actor> {
  await prisma.cycleRole.create({ data: { userId: organiser.id, cycleId: other.id, role: "organiser" } });
  return (await loadActor(prisma, organiser.id))!;
}

describe("marking eligibility", () => {
  it("only the cycle's organisers can decide eligibility, even calling the domain functions directly", async () => {
    const n = await makeNomination(cycle, orgs);
    const partner = (await loadActor(prisma, (await makeUser("not-an-organiser@test.example.org", orgs.cvs.id)).id))!;
    for (const attempt of [
      () => markEligible(prisma, partner, { nominationId: n.id }),
      () => markIneligible(prisma, partner, { nominationId: n.id, reason: "Because" }),
      () => returnForChanges(prisma, partner, { nominationId: n.id, comment: "Change it" }),
      () => grantExtension(prisma, partner, { nominationId: n.id, until: new Date(cycle.nominationsCloseAt.getTime() + DAY) }),
      () => clearExtension(prisma, partner, { nominationId: n.id }),
    ]) {
      await assert.rejects(attempt(), NotAllowedError);
    }
    assert.equal((await prisma.nomination.findUniqueOrThrow({ where: { id: n.id } })).status, "submitted");
    assert.equal(await prisma.auditEvent.count({ where: { entityId: n.id } }), 0);
  });

  it("eligible: status changes and an audit event records who", async () => {
    const n = await makeNomination(cycle, orgs);
    const result = await markEligible(prisma, organiserActor, { nominationId: n.id });
    assert.ok(result.ok, !result.ok ? result.message : "");
    assert.equal(result.nomination.status, "eligible");
    const events = await prisma.auditEvent.findMany({ where: { entityType: "Nomination", entityId: n.id } });
    assert.equal(events.length, 1);
    assert.equal(events[0].action, "nomination.eligible");
    assert.equal(events[0].actorId, organiser.id);
    assert.equal(events[0].cycleId, cycle.id);
    assert.ok(events[0].createdAt instanceof Date);
    const again = await markEligible(prisma, organiserActor, { nominationId: n.id });
    assert.equal(again.ok, false);
    assert.match(!again.ok ? again.message : "", /already marked eligible/);
  });

  it("not eligible: the reason is stored and emailed to every partner contact with the ineligible template", async () => {
    const n = await makeNomination(cycle, orgs, { title: "Allotments for all" });
    const reason = "It has no statutory partner that did the work: the council only gave a grant.";
    const result = await markIneligible(prisma, organiserActor, { nominationId: n.id, reason: `  ${reason}  ` });
    assert.ok(result.ok, !result.ok ? result.message : "");
    assert.equal(result.emailsSent, 3);
    const saved = await prisma.nomination.findUniqueOrThrow({ where: { id: n.id } });
    assert.equal(saved.status, "ineligible");
    assert.equal(saved.ineligibleReason, reason);
    const messages = await prisma.emailMessage.findMany({ where: { nominationId: n.id }, orderBy: { toEmail: "asc" } });
    assert.deepEqual(
      messages.map((m) => m.toEmail),
      ["colin@council.example.gov.uk", "fatima@kitchen.example.org", "vera@cvs.example.org"],
    );
    for (const m of messages) {
      assert.equal(m.template, "nomination-ineligible");
      assert.equal(m.cycleId, cycle.id);
      assert.ok(m.text.includes(reason), "the reason is in the email");
      assert.ok(m.text.includes("Allotments for all"), "the title is in the email (never in its subject)");
      assert.ok(!m.subject.includes("Allotments for all"));
      assert.equal(m.idempotencyKey, `ineligible:${n.id}:${m.toEmail}:1`);
      assert.equal(m.status, "sent");
    }
    const events = await prisma.auditEvent.findMany({ where: { entityType: "Nomination", entityId: n.id } });
    assert.equal(events.length, 1);
    assert.equal(events[0].action, "nomination.ineligible");
    assert.equal(JSON.parse(events[0].data).reason, reason);
  });

  it("a second decision of not eligible sends a new email (numbered key), never a duplicate of the first", async () => {
    const n = await makeNomination(cycle, orgs);
    assert.ok((await markIneligible(prisma, organiserActor, { nominationId: n.id, reason: "First reason" })).ok);
    assert.ok((await markEligible(prisma, organiserActor, { nominationId: n.id })).ok);
    assert.ok((await markIneligible(prisma, organiserActor, { nominationId: n.id, reason: "Second reason" })).ok);
    const keys = (await prisma.emailMessage.findMany({ where: { nominationId: n.id, toEmail: "vera@cvs.example.org" } })).map((m) => m.idempotencyKey).sort();
    assert.deepEqual(keys, [`ineligible:${n.id}:vera@cvs.example.org:1`, `ineligible:${n.id}:vera@cvs.example.org:2`]);
    const saved = await prisma.nomination.findUniqueOrThrow({ where: { id: n.id } });
    assert.equal(saved.ineligibleReason, "Second reason");
    assert.deepEqual(await auditActions(n.id), ["nomination.ineligible", "nomination.eligible", "nomination.ineligible"]);
  });

  it("a reason is required", async () => {
    const n = await makeNomination(cycle, orgs);
    const result = await markIneligible(prisma, organiserActor, { nominationId: n.id, reason: "   " });
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.field, "reason");
    assert.equal((await prisma.nomination.findUniqueOrThrow({ where: { id: n.id } })).status, "submitted");
    assert.equal(await prisma.emailMessage.count({ where: { nominationId: n.id } }), 0);
  });

  it("invalid transitions are refused with a clear message and change nothing", async () => {
    for (const [status, pattern] of [
      ["withdrawn", /withdrawn/],
      ["draft", /still a draft/],
      ["awaiting_partner", /waiting for a partner/],
    ] as const) {
      const n = await makeNomination(cycle, orgs, { status });
      const eligible = await markEligible(prisma, organiserActor, { nominationId: n.id });
      const ineligible = await markIneligible(prisma, organiserActor, { nominationId: n.id, reason: "No" });
      assert.equal(eligible.ok, false, `${status} -> eligible`);
      assert.equal(ineligible.ok, false, `${status} -> ineligible`);
      assert.match(!eligible.ok ? eligible.message : "", pattern);
      assert.match(!ineligible.ok ? ineligible.message : "", pattern);
      assert.equal((await prisma.nomination.findUniqueOrThrow({ where: { id: n.id } })).status, status);
      assert.deepEqual(await auditActions(n.id), []);
      assert.equal(await prisma.emailMessage.count({ where: { nominationId: n.id } }), 0);
    }
    const withdrawn = await makeNomination(cycle, orgs, { status: "withdrawn" });
    const back = await returnForChanges(prisma, organiserActor, { nominationId: withdrawn.id, comment: "Please add a quote" });
    assert.equal(back.ok, false);
    assert.match(!back.ok ? back.message : "", /withdrawn/);
    const ext = await grantExtension(prisma, organiserActor, { nominationId: withdrawn.id, until: new Date(cycle.nominationsCloseAt.getTime() + DAY) });
    assert.equal(ext.ok, false);
    const missing = await markEligible(prisma, organiserActor, { nominationId: "no-such-id" });
    assert.equal(missing.ok, false);
  });

  it("nothing changes once the cycle's outcomes are decided", async () => {
    const decided = await makeCycle("test-decided");
    await prisma.awardCycle.update({ where: { id: decided.id }, data: { resultsDecidedAt: now } });
    const n = await makeNomination(decided, orgs);
    const result = await markIneligible(prisma, await organiserOf(decided), { nominationId: n.id, reason: "Too late" });
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.message : "", /Outcomes have been decided/);
  });
});

describe("returning for changes", () => {
  it("before the deadline: back to draft with the comment, partners emailed with the returned template", async () => {
    const n = await makeNomination(cycle, orgs, { title: "Talking therapies" });
    const result = await returnForChanges(prisma, organiserActor, { nominationId: n.id, comment: "Please add the police contact." });
    assert.ok(result.ok, !result.ok ? result.message : "");
    const saved = await prisma.nomination.findUniqueOrThrow({ where: { id: n.id } });
    assert.equal(saved.status, "draft");
    assert.equal(saved.returnedComment, "Please add the police contact.");
    const messages = await prisma.emailMessage.findMany({ where: { nominationId: n.id } });
    assert.equal(messages.length, 3);
    for (const m of messages) {
      assert.equal(m.template, "nomination-returned");
      assert.ok(m.text.includes("Please add the police contact."));
      assert.ok(m.text.includes(`/nominations/${n.id}`), "links to the nomination");
    }
    assert.deepEqual(await auditActions(n.id), ["nomination.returned"]);
  });

  it("a comment is required", async () => {
    const n = await makeNomination(cycle, orgs);
    const result = await returnForChanges(prisma, organiserActor, { nominationId: n.id, comment: "" });
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.field, "comment");
  });

  it("after the deadline it is refused; within a granted extension it is allowed", async () => {
    const closed = await makeCycle("test-closed", { closeAt: new Date(now.getTime() - HOUR) });
    const n = await makeNomination(closed, orgs);
    const organiserActor = await organiserOf(closed);
    const refused = await returnForChanges(prisma, organiserActor, { nominationId: n.id, comment: "Please add a photo credit." });
    assert.equal(refused.ok, false);
    assert.match(!refused.ok ? refused.message : "", /deadline .* has passed/);
    assert.equal((await prisma.nomination.findUniqueOrThrow({ where: { id: n.id } })).status, "submitted");
    assert.equal(await prisma.emailMessage.count({ where: { nominationId: n.id } }), 0);

    // one second after the deadline is after the deadline
    const open = await makeNomination(cycle, orgs);
    const late = await returnForChanges(prisma, organiserActor, {
      nominationId: open.id,
      comment: "Late",
      now: new Date(cycle.nominationsCloseAt.getTime() + 1000),
    });
    assert.equal(late.ok, false);

    const until = new Date(now.getTime() + 3 * DAY);
    const granted = await grantExtension(prisma, organiserActor, { nominationId: n.id, until });
    assert.ok(granted.ok, !granted.ok ? granted.message : "");
    const allowed = await returnForChanges(prisma, organiserActor, { nominationId: n.id, comment: "Please add a photo credit." });
    assert.ok(allowed.ok, !allowed.ok ? allowed.message : "");
    assert.equal(allowed.nomination.status, "draft");
  });
});

describe("extensions", () => {
  it("is recorded with an audit event, can be moved and removed", async () => {
    const n = await makeNomination(cycle, orgs);
    const until = new Date(cycle.nominationsCloseAt.getTime() + 2 * DAY);
    const granted = await grantExtension(prisma, organiserActor, { nominationId: n.id, until });
    assert.ok(granted.ok, !granted.ok ? granted.message : "");
    assert.equal((await prisma.nomination.findUniqueOrThrow({ where: { id: n.id } })).extensionUntil?.getTime(), until.getTime());
    const moved = await grantExtension(prisma, organiserActor, { nominationId: n.id, until: new Date(until.getTime() + DAY) });
    assert.ok(moved.ok);
    const cleared = await clearExtension(prisma, organiserActor, { nominationId: n.id });
    assert.ok(cleared.ok);
    assert.equal((await prisma.nomination.findUniqueOrThrow({ where: { id: n.id } })).extensionUntil, null);
    assert.deepEqual(await auditActions(n.id), ["nomination.extension_granted", "nomination.extension_granted", "nomination.extension_removed"]);
    const event = await prisma.auditEvent.findFirstOrThrow({
      where: { entityId: n.id, action: "nomination.extension_granted" },
      orderBy: { createdAt: "asc" },
    });
    assert.equal(JSON.parse(event.data).until, until.toISOString());
    assert.equal(event.actorId, organiser.id);
    const again = await clearExtension(prisma, organiserActor, { nominationId: n.id });
    assert.equal(again.ok, false);
  });

  it("must end in the future and after nominations close", async () => {
    const n = await makeNomination(cycle, orgs);
    const past = await grantExtension(prisma, organiserActor, { nominationId: n.id, until: new Date(now.getTime() - HOUR) });
    assert.equal(past.ok, false);
    assert.equal(!past.ok && past.field, "until");
    assert.match(!past.ok ? past.message : "", /future/);
    const early = await grantExtension(prisma, organiserActor, { nominationId: n.id, until: new Date(now.getTime() + DAY) });
    assert.equal(early.ok, false);
    assert.match(!early.ok ? early.message : "", /after nominations close/);
    assert.deepEqual(await auditActions(n.id), []);
  });
});

describe("CSV export", () => {
  it("has a header and one row per nomination of the cycle, with all its partners", async () => {
    const csvCycle = await makeCycle("test-csv");
    const a = await makeNomination(csvCycle, orgs, { title: '=HYPERLINK("http://evil.example")', categoryIndex: 1 });
    const b = await makeNomination(csvCycle, orgs, {
      title: 'Community kitchen, "with" friends',
      extensionUntil: new Date(csvCycle.nominationsCloseAt.getTime() + DAY),
    });
    await prisma.nominationPartner.create({
      data: { nominationId: b.id, organisationId: orgs.nhs.id, role: "other", contactName: "Nia NHS", contactEmail: "nia@nhs.example.org", position: 3 },
    });
    await prisma.attachment.createMany({
      data: [
        { nominationId: b.id, storageKey: unique("k"), fileName: "a.jpg", contentType: "image/jpeg", size: 10, kind: "photo" },
        { nominationId: b.id, storageKey: unique("k"), fileName: "b.jpg", contentType: "image/jpeg", size: 10, kind: "photo" },
        { nominationId: b.id, storageKey: unique("k"), fileName: "c.pdf", contentType: "application/pdf", size: 10, kind: "evidence" },
      ],
    });
    await markIneligible(prisma, await organiserOf(csvCycle), { nominationId: a.id, reason: "-no statutory partner" });
    await makeNomination(cycle, orgs, { title: "In another cycle" });

    const rows = parseCsv(await nominationsCsv(prisma, csvCycle.id));
    const [header, ...data] = rows;
    assert.deepEqual(header, [
      "ID",
      "Category",
      "Title",
      "Status",
      "Summary",
      "Partners",
      "Lead contacts",
      "Compact principles",
      "Submitted (UK time)",
      "Extension until (UK time)",
      "Reason not eligible",
      "Photos",
      "Evidence files",
    ]);
    assert.equal(data.length, 2, "one row per nomination of this cycle only");
    const col = (name: string) => header.indexOf(name);
    const rowA = data.find((r) => r[col("ID")] === a.id)!;
    const rowB = data.find((r) => r[col("ID")] === b.id)!;
    assert.equal(rowA[col("Title")], '\'=HYPERLINK("http://evil.example")', "formula guarded");
    assert.equal(rowA[col("Status")], "Not eligible");
    assert.equal(rowA[col("Reason not eligible")], "'-no statutory partner");
    assert.equal(rowA[col("Category")], "Codes of practice");
    assert.equal(rowB[col("Title")], 'Community kitchen, "with" friends');
    assert.equal(
      rowB[col("Partners")],
      "Testshire CVS (Voluntary or community, Lead voluntary or community partner); Testshire County Council (Statutory, Lead statutory partner); " +
        "St Mark's Community Kitchen (Faith, Other partner); Testshire NHS Trust (Statutory, Other partner)",
    );
    assert.match(rowB[col("Lead contacts")], /Vera VCS <vera@cvs\.example\.org>/);
    assert.match(rowB[col("Lead contacts")], /Colin Council/);
    assert.doesNotMatch(rowB[col("Lead contacts")], /Fatima/);
    assert.equal(rowB[col("Compact principles")], "A strong, diverse and independent civil society; An equal and fair society");
    assert.match(rowB[col("Submitted (UK time)")], /^\w+day \d{1,2} \w+ \d{4}, /);
    assert.notEqual(rowB[col("Extension until (UK time)")], "");
    assert.equal(rowB[col("Photos")], "2");
    assert.equal(rowB[col("Evidence files")], "1");
  });

  it("the CLI writes it to stdout or a file; an unknown kind gets usage and exit 2", async () => {
    const written: string[] = [];
    const errors: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const error = console.error;
    // The test runner talks to its parent on stdout too: keep only the command's text, pass the rest on.
    process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (typeof chunk === "string") return (written.push(chunk), true);
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write;
    console.error = (...args: unknown[]) => void errors.push(args.join(" "));
    try {
      assert.equal(await exportCommand(["test-csv", "nominations"]), 0);
      assert.equal(await exportCommand(["test-csv", "judges"]), 2);
      assert.equal(await exportCommand(["test-csv"]), 2);
      assert.equal(await exportCommand(["no-such-cycle", "nominations"]), 1);
      const os = await import("node:os");
      const fs = await import("node:fs");
      const path = await import("node:path");
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "export-")), "out.csv");
      assert.equal(await exportCommand(["test-csv", "nominations", "--out", file]), 0);
      const text = fs.readFileSync(file, "utf8");
      assert.ok(text.startsWith("\uFEFFID,Category,Title"));
    } finally {
      process.stdout.write = write;
      console.error = error;
    }
    const out = written.join("");
    assert.ok(out.startsWith("ID,Category,Title"));
    assert.ok(out.includes("Community kitchen"));
    assert.ok(errors.some((e) => /Unknown export "judges"/.test(e)));
    assert.ok(errors.some((e) => /Usage: npm run awards -- export <slug> <nominations/.test(e)));
  });
});

describe("routes: only this cycle's organisers", () => {
  const base = "http://localhost/admin/cycles";

  async function cookieFor(userId: string) {
    const setCookie = await createUserSession(new Request("http://localhost/"), userId);
    return setCookie.split(";")[0];
  }

  function get(url: string, cookie?: string) {
    return new Request(url, { headers: cookie ? { Cookie: cookie } : {} });
  }

  function post(url: string, body: Record<string, string>, cookie?: string) {
    return new Request(url, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
      body: new URLSearchParams(body).toString(),
    });
  }

  /** Runs a loader or action and returns the Response it returned or threw. */
  async function respond(fn: () => Promise<unknown>): Promise<Response> {
    try {
      const result = await fn();
      assert.ok(result instanceof Response, "a Response");
      return result;
    } catch (thrown) {
      if (thrown instanceof Response) return thrown;
      throw thrown;
    }
  }

  const args = (request: Request, params: Record<string, string>) => ({ request, params, context: {} });

  it("a judge, a nominator, and an organiser of another cycle get 404 from the list, the CSV and the actions", async () => {
    const n = await makeNomination(cycle, orgs, { title: "Guarded nomination" });
    const judge = await makeUser("judge@test.example.org", orgs.nhs.id);
    await prisma.cycleRole.create({ data: { userId: judge.id, cycleId: cycle.id, role: "judge" } });
    const nominator = await makeUser("vera@cvs.example.org", orgs.cvs.id);
    const otherCycle = await makeCycle("test-other");
    const otherOrganiser = await makeUser("other-organiser@test.example.org");
    await prisma.cycleRole.create({ data: { userId: otherOrganiser.id, cycleId: otherCycle.id, role: "organiser" } });

    for (const [who, user] of [
      ["judge", judge],
      ["nominator", nominator],
      ["organiser of another cycle", otherOrganiser],
    ] as const) {
      const cookie = await cookieFor(user.id);
      const list = await respond(() => listRoute.loader(args(get(`${base}/${cycle.slug}/nominations`, cookie), { slug: cycle.slug })));
      assert.equal(list.status, 404, `${who}: list`);
      const csv = await respond(() => csvRoute.loader(args(get(`${base}/${cycle.slug}/nominations.csv`, cookie), { slug: cycle.slug })));
      assert.equal(csv.status, 404, `${who}: csv`);
      const detail = await respond(() => detailRoute.loader(args(get(`${base}/${cycle.slug}/nominations/${n.id}`, cookie), { slug: cycle.slug, id: n.id })));
      assert.equal(detail.status, 404, `${who}: detail`);
      for (const body of [{ intent: "ineligible", reason: "Not allowed" }, { intent: "eligible" }, { intent: "return", comment: "x" }] as Record<
        string,
        string
      >[]) {
        const res = await respond(() =>
          detailRoute.action(args(post(`${base}/${cycle.slug}/nominations/${n.id}`, body, cookie), { slug: cycle.slug, id: n.id })),
        );
        assert.equal(res.status, 404, `${who}: ${body.intent}`);
      }
    }
    const unchanged = await prisma.nomination.findUniqueOrThrow({ where: { id: n.id } });
    assert.equal(unchanged.status, "submitted");
    assert.equal(await prisma.emailMessage.count({ where: { nominationId: n.id } }), 0);
    assert.deepEqual(await auditActions(n.id), []);

    // Signed out: sent to sign in, not shown anything.
    const anonymous = await respond(() => listRoute.loader(args(get(`${base}/${cycle.slug}/nominations`), { slug: cycle.slug })));
    assert.equal(anonymous.status, 302);
    assert.match(anonymous.headers.get("Location") ?? "", /^\/sign-in/);
  });

  it("an organiser gets 404 for a nomination of another cycle put in their cycle's URL", async () => {
    const otherCycle = await makeCycle("test-elsewhere");
    const elsewhere = await makeNomination(otherCycle, orgs);
    const cookie = await cookieFor(organiser.id);
    const detail = await respond(() =>
      detailRoute.loader(args(get(`${base}/${cycle.slug}/nominations/${elsewhere.id}`, cookie), { slug: cycle.slug, id: elsewhere.id })),
    );
    assert.equal(detail.status, 404);
    const act = await respond(() =>
      detailRoute.action(
        args(post(`${base}/${cycle.slug}/nominations/${elsewhere.id}`, { intent: "eligible" }, cookie), { slug: cycle.slug, id: elsewhere.id }),
      ),
    );
    assert.equal(act.status, 404);
    assert.equal((await prisma.nomination.findUniqueOrThrow({ where: { id: elsewhere.id } })).status, "submitted");
    // And another cycle's slug is not theirs.
    const list = await respond(() => listRoute.loader(args(get(`${base}/${otherCycle.slug}/nominations`, cookie), { slug: otherCycle.slug })));
    assert.equal(list.status, 404);
  });

  it("the organiser: list with counts and filters, CSV download, actions with errors next to the field", async () => {
    const n = await makeNomination(cycle, orgs, { title: "Organiser acts on this", categoryIndex: 1 });
    const cookie = await cookieFor(organiser.id);

    const list = await respond(() =>
      listRoute.loader(args(get(`${base}/${cycle.slug}/nominations?category=${cycle.categories[1].id}&status=submitted`, cookie), { slug: cycle.slug })),
    );
    assert.equal(list.status, 200);
    const listData = (await list.json()) as {
      nominations: { id: string; status: string }[];
      categories: { id: string; count: number }[];
      statuses: { key: string; count: number }[];
    };
    assert.ok(listData.nominations.some((x) => x.id === n.id));
    assert.ok(listData.nominations.every((x) => x.status === "submitted"));
    const total = await prisma.nomination.count({ where: { cycleId: cycle.id } });
    assert.equal(
      listData.categories.reduce((s, c) => s + c.count, 0),
      total,
    );
    assert.equal(
      listData.statuses.reduce((s, c) => s + c.count, 0),
      total,
    );
    const bogus = await respond(() => listRoute.loader(args(get(`${base}/${cycle.slug}/nominations?status=nonsense`, cookie), { slug: cycle.slug })));
    assert.equal(((await bogus.json()) as { nominations: unknown[] }).nominations.length, total, "an unknown filter shows everything");

    const csv = await respond(() => csvRoute.loader(args(get(`${base}/${cycle.slug}/nominations.csv`, cookie), { slug: cycle.slug })));
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get("Content-Type") ?? "", /^text\/csv/);
    assert.equal(csv.headers.get("Content-Disposition"), `attachment; filename="${cycle.slug}-nominations.csv"`);
    assert.ok((await csv.text()).includes("Organiser acts on this"));

    const url = `${base}/${cycle.slug}/nominations/${n.id}`;
    const detail = await respond(() => detailRoute.loader(args(get(url, cookie), { slug: cycle.slug, id: n.id })));
    assert.equal(detail.status, 200);
    const detailData = (await detail.json()) as { view: { nomination: { title: string } }; canReturn: boolean };
    assert.equal(detailData.view.nomination.title, "Organiser acts on this");
    assert.equal(detailData.canReturn, true);

    const empty = await respond(() => detailRoute.action(args(post(url, { intent: "ineligible", reason: "" }, cookie), { slug: cycle.slug, id: n.id })));
    assert.equal(empty.status, 400);
    const emptyData = (await empty.json()) as { errors: Record<string, string> };
    assert.equal(emptyData.errors.reason, "Enter the reason it is not eligible");

    const badDate = await respond(() =>
      detailRoute.action(args(post(url, { intent: "extend", until: "2026-02-31T10:00" }, cookie), { slug: cycle.slug, id: n.id })),
    );
    assert.equal(badDate.status, 400);
    const badDateData = (await badDate.json()) as { errors: Record<string, string>; values: Record<string, string> };
    assert.match(badDateData.errors.until, /real date/);
    assert.equal(badDateData.values.until, "2026-02-31T10:00", "what was typed is kept");

    const noIntent = await respond(() => detailRoute.action(args(post(url, { intent: "delete" }, cookie), { slug: cycle.slug, id: n.id })));
    assert.equal(noIntent.status, 400);
    assert.ok(((await noIntent.json()) as { errors: Record<string, string> }).errors.form);

    const done = await respond(() =>
      detailRoute.action(args(post(url, { intent: "ineligible", reason: "Only one partner did the work." }, cookie), { slug: cycle.slug, id: n.id })),
    );
    assert.equal(done.status, 302);
    assert.equal(done.headers.get("Location"), `/admin/cycles/${cycle.slug}/nominations/${n.id}`);
    assert.equal((await prisma.nomination.findUniqueOrThrow({ where: { id: n.id } })).status, "ineligible");
    assert.equal(await prisma.emailMessage.count({ where: { nominationId: n.id, template: "nomination-ineligible" } }), 3);

    const refused = await respond(() => detailRoute.action(args(post(url, { intent: "ineligible", reason: "Again" }, cookie), { slug: cycle.slug, id: n.id })));
    assert.equal(refused.status, 400);
    assert.match(((await refused.json()) as { errors: Record<string, string> }).errors.form, /already marked not eligible/);
  });
});
