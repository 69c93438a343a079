import "../support/test-env";
import { prisma } from "~/db/client.server";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createUserSession } from "~/auth/session.server";
import { ceremonyOrder, loadRunningOrder, renderCertificates } from "~/ceremony/ceremony.server";
import { seedDemo, type SeedDemoResult } from "~/demo/seed.server";
import { loadAwards } from "~/results/published.server";
import { allowCssImports } from "../support/css-modules";
import { normalise, pageCount, pdfFonts, pdfInfo, pdfText, writeTemp } from "../support/pdf-tools";
import { args, respond } from "../support/route-calls";

allowCssImports();
const ceremonyRoute = await import("~/routes/admin.cycles.$slug.ceremony");
const certificatesRoute = await import("~/routes/admin.cycles.$slug.ceremony.certificates[.pdf]");

const SLUG = "coventry-2010";
const KIND_ORDER = ["highly_commended", "commendation", "special_commendation", "winner"];

describe("ceremony", () => {
  let demo: SeedDemoResult;
  let cycleId: string;
  let organiserCookie: string;

  before(async () => {
    demo = await seedDemo(prisma);
    const cycle = await prisma.awardCycle.findUniqueOrThrow({ where: { slug: SLUG }, include: { outcomeTiers: true } });
    cycleId = cycle.id;
    // Coventry 2010 gave commendations and special commendations only: make one winner and
    // one highly commended in the first category, so every tier is in the running order.
    const first = (await loadAwards(prisma, cycleId)).categories[0].awards;
    const tier = (kind: string) => cycle.outcomeTiers.find((t) => t.kind === kind)!.id;
    await prisma.decision.update({ where: { id: first[0].decisionId }, data: { outcomeTierId: tier("winner") } });
    await prisma.decision.update({ where: { id: first[first.length - 1].decisionId }, data: { outcomeTierId: tier("highly_commended") } });
    // A withdrawn nomination keeps its old decision but is never called up.
    await prisma.nomination.update({ where: { id: first[1].nominationId }, data: { status: "withdrawn" } });
    const organiser = await prisma.user.findUniqueOrThrow({ where: { email: demo.organiserEmail } });
    organiserCookie = (await createUserSession(new Request("http://localhost/"), organiser.id)).split(";")[0];
  });

  after(async () => {
    await prisma.$disconnect();
  });

  it("runs each category from commendations to special commendations to winners", async () => {
    const order = await loadRunningOrder(prisma, cycleId);
    const results = await loadAwards(prisma, cycleId);
    assert.equal(order.total, results.awards.length);
    assert.equal(order.total, 13, "14 awards less the withdrawn one");
    assert.deepEqual(
      order.categories.map((c) => c.name),
      results.categories.map((c) => c.name),
      "categories in their order",
    );
    const first = order.categories[0].items.map((i) => i.tier.kind);
    assert.deepEqual(
      first,
      [...first].sort((a, b) => KIND_ORDER.indexOf(a) - KIND_ORDER.indexOf(b)),
    );
    assert.equal(first[0], "highly_commended");
    assert.equal(first[first.length - 1], "winner");
    assert.ok(first.includes("commendation") && first.includes("special_commendation"));
    for (const category of order.categories) {
      const ranks = category.items.map((i) => i.tier.rank);
      assert.deepEqual(
        ranks,
        [...ranks].sort((a, b) => b - a),
        `${category.name}: ascending importance`,
      );
    }
    // numbered straight through the ceremony
    assert.deepEqual(
      order.categories.flatMap((c) => c.items.map((i) => i.number)),
      Array.from({ length: order.total }, (_, i) => i + 1),
    );
    // everyone to call up, and the citation
    const all = order.categories.flatMap((c) => c.items);
    for (const award of results.awards) {
      const item = all.find((i) => i.nominationId === award.nominationId)!;
      assert.deepEqual(
        item.partners.map((p) => p.name),
        award.partners.map((p) => p.name),
      );
      assert.equal(item.citation, award.citation);
    }
    assert.deepEqual(ceremonyOrder([]), []);
  });

  it("lets an organiser edit a citation inline, and nobody else", async () => {
    const order = await loadRunningOrder(prisma, cycleId);
    const item = order.categories[1].items[0];
    const url = `http://localhost/admin/cycles/${SLUG}/ceremony`;
    const post = (body: Record<string, string>, cookie?: string) =>
      new Request(url, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
        body: new URLSearchParams(body).toString(),
      });
    const saved = await respond(() =>
      ceremonyRoute.action(
        args(post({ intent: "citation", decisionId: item.decisionId, citation: "  For   a city-wide first.  " }, organiserCookie), { slug: SLUG }),
      ),
    );
    assert.equal(saved.status, 302);
    assert.equal(saved.headers.get("Location"), `/admin/cycles/${SLUG}/ceremony#award-${item.decisionId}`);
    assert.equal((await prisma.decision.findUniqueOrThrow({ where: { id: item.decisionId } })).citation, "For a city-wide first.");
    assert.ok(await prisma.auditEvent.findFirst({ where: { action: "decision.citation.updated", entityId: item.decisionId } }));

    const tooLong = await respond(() =>
      ceremonyRoute.action(args(post({ intent: "citation", decisionId: item.decisionId, citation: "x".repeat(400) }, organiserCookie), { slug: SLUG })),
    );
    assert.equal(tooLong.status, 400);

    // a decision of another cycle cannot be reached through this one
    const other = await prisma.decision.findFirst({ where: { nomination: { cycleId: { not: cycleId } } } });
    if (other) {
      const foreign = await respond(() =>
        ceremonyRoute.action(args(post({ intent: "citation", decisionId: other.id, citation: "Hijack" }, organiserCookie), { slug: SLUG })),
      );
      assert.equal(foreign.status, 404);
    }
    const missing = await respond(() =>
      ceremonyRoute.action(args(post({ intent: "citation", decisionId: "nope", citation: "x" }, organiserCookie), { slug: SLUG })),
    );
    assert.equal(missing.status, 404);

    const judge = await prisma.user.findUniqueOrThrow({ where: { email: demo.judgeEmails[0] } });
    const judgeCookie = (await createUserSession(new Request("http://localhost/"), judge.id)).split(";")[0];
    const refused = await respond(() => ceremonyRoute.loader(args(new Request(url, { headers: { Cookie: judgeCookie } }), { slug: SLUG })));
    assert.equal(refused.status, 404);
    const page = await respond(() => ceremonyRoute.loader(args(new Request(url, { headers: { Cookie: organiserCookie } }), { slug: SLUG })));
    assert.equal(page.status, 200);
  });

  it("prints one landscape certificate per award, naming the award, outcome, project and every partner", async () => {
    const { pdf, order } = await renderCertificates(prisma, cycleId);
    const file = writeTemp("certificates.pdf", pdf);
    const items = order.categories.flatMap((c) => c.items);
    assert.equal(pageCount(file), items.length);
    assert.match(pdfInfo(file)["Page size"], /^841\.89 x 595\.28?\d* pts \(A4\)$/);
    for (const font of pdfFonts(file)) {
      assert.equal(font.embedded, true, font.name);
      assert.doesNotMatch(font.name, /helvetica/i);
    }
    items.forEach((item, i) => {
      const page = normalise(pdfText(file, { first: i + 1 }));
      assert.ok(page.toLowerCase().includes("coventry compact awards 2010"), `page ${i + 1}: the awards`);
      assert.ok(page.includes(item.tier.name), `page ${i + 1}: ${item.tier.name}`);
      assert.ok(page.includes(normalise(item.title)), `page ${i + 1}: ${item.title}`);
      for (const partner of item.partners) assert.ok(page.includes(normalise(partner.name)), `page ${i + 1}: ${partner.name}`);
    });

    const url = `http://localhost/admin/cycles/${SLUG}/ceremony/certificates.pdf`;
    const anonymous = await respond(() => certificatesRoute.loader(args(new Request(url), { slug: SLUG })));
    assert.notEqual(anonymous.status, 200);
    const response = await respond(() => certificatesRoute.loader(args(new Request(url, { headers: { Cookie: organiserCookie } }), { slug: SLUG })));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("Content-Type"), "application/pdf");
    assert.equal(pageCount(writeTemp("served.pdf", Buffer.from(await response.arrayBuffer()))), items.length);
  });
});
