import "../support/test-env";
import { prisma } from "~/db/client.server";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import mammoth from "mammoth";
import { createUserSession } from "~/auth/session.server";
import { seedDemo, type SeedDemoResult } from "~/demo/seed.server";
import { escapeMarkdown, isSafeHref, renderMarkdown } from "~/press/markdown.server";
import { buildPressReleaseDraft, markdownToDocx, pressReleaseIsPublic } from "~/press/press-release.server";
import { loadAwards, type PublishedResults } from "~/results/published.server";
import { allowCssImports } from "../support/css-modules";
import { args, respond } from "../support/route-calls";

// The routes import stylesheets: load them after allowing that.
allowCssImports();
const adminRoute = await import("~/routes/admin.cycles.$slug.press-release");
const pageRoute = await import("~/routes/cycles.$slug.press-release._index");
const docxRoute = await import("~/routes/cycles.$slug.press-release[.docx]");
const mdRoute = await import("~/routes/cycles.$slug.press-release[.md]");

const SLUG = "coventry-2010";
const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** Markdown with its backslash escapes undone: what a reader sees. */
function unescapeMd(md: string) {
  return md.replace(/\\([\\`*_[\]<>|~#.)+-])/g, "$1").replace(/\s+/g, " ");
}

function post(url: string, body: Record<string, string>, cookie: string) {
  return new Request(url, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    body: new URLSearchParams(body).toString(),
  });
}

const publicRoutes = [
  ["page", pageRoute.loader, `http://localhost/cycles/${SLUG}/press-release`],
  ["markdown", mdRoute.loader, `http://localhost/cycles/${SLUG}/press-release.md`],
  ["docx", docxRoute.loader, `http://localhost/cycles/${SLUG}/press-release.docx`],
] as const;

describe("press release", () => {
  let demo: SeedDemoResult;
  let cycleId: string;
  let results: PublishedResults;
  let organiserCookie: string;
  let draft: string;

  before(async () => {
    demo = await seedDemo(prisma);
    const cycle = await prisma.awardCycle.findUniqueOrThrow({ where: { slug: SLUG } });
    cycleId = cycle.id;
    results = await loadAwards(prisma, cycleId);
    const organiser = await prisma.user.findUniqueOrThrow({ where: { email: demo.organiserEmail } });
    organiserCookie = (await createUserSession(new Request("http://localhost/"), organiser.id)).split(";")[0];
    draft = await buildPressReleaseDraft(prisma, cycleId, {
      quote: "Fourteen partnerships show what the Compact means in practice.",
      quoteAttribution: "Chair of the Compact Strategic Group",
      embargoAt: new Date("2010-06-11T17:00:00Z"),
    });
  });

  after(async () => {
    await prisma.$disconnect();
  });

  it("builds a draft naming every award and every partner organisation, by category", () => {
    const text = unescapeMd(draft);
    assert.equal(results.awards.length, 14);
    for (const award of results.awards) {
      assert.ok(text.includes(`${award.tier.name}: ${award.title}`), award.title);
      for (const partner of award.partners) assert.ok(text.includes(partner.name), partner.name);
    }
    for (const category of results.categories) assert.ok(draft.includes(`### ${escapeMarkdown(category.name)}`), category.name);
    assert.match(draft, /^\*\*Embargoed until Friday 11 June 2010, 6pm\*\*/);
    assert.match(draft, /^# 14 partnerships recognised at the Coventry Compact Awards 2010$/m);
    assert.ok(draft.includes("\u201CFourteen partnerships show what the Compact means in practice.\u201D"));
    assert.ok(draft.includes("\u2014 Chair of the Compact Strategic Group"));
    assert.ok(draft.includes("## Notes to editors"));
    assert.ok(
      text.includes(
        "The awards received 16 nominations, all of which the judges considered. 14 awards were made (four special commendations and ten commendations).",
      ),
    );
    assert.ok(draft.includes("## Media contact"));
    assert.ok(text.includes("Rob Allison, Coventry Compact"));
  });

  it("renders Markdown with raw HTML shown as text and unsafe links left out", () => {
    const html = renderMarkdown(
      '# Title\n\nHello <script>alert(1)</script> and <img src=x onerror=alert(2)>\n\n<div onclick="x()">block</div>\n\n[bad](javascript:alert(3)) [good](https://example.org/) ![pic](https://example.org/a.png)',
    );
    assert.ok(!/<script/i.test(html), html);
    assert.ok(!/<img/i.test(html), html);
    assert.ok(!/<div/i.test(html), html);
    assert.ok(html.includes("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
    assert.ok(!html.includes("javascript:"), html);
    assert.ok(html.includes('<a href="https://example.org/">good</a>'), html);
    assert.ok(html.includes("<h1>Title</h1>"));
    assert.equal(isSafeHref("JaVaScRiPt:alert(1)"), false);
    assert.equal(isSafeHref(" javascript:alert(1)"), false);
    assert.equal(isSafeHref("/cycles/x"), true);
    assert.equal(isSafeHref("mailto:a@example.org"), true);
    // typed text stays text in a built draft
    assert.equal(renderMarkdown(escapeMarkdown("*not bold* <b>x</b> # 1. [link](y)")).includes("<b>"), false);
  });

  it("the demo's coventry-2010 press release is seeded published, with every award", async () => {
    const seeded = await prisma.pressRelease.findUniqueOrThrow({ where: { cycleId } });
    assert.ok(seeded.publishedAt);
    for (const [name, loader, url] of publicRoutes) {
      const response = await respond(() => loader(args(new Request(url), { slug: SLUG })));
      assert.equal(response.status, 200, `${name}: the demo's published press release`);
    }
  });

  it("is not public until an organiser publishes it, and never before the results", async () => {
    // Start from a cycle with no press release at all (the demo seeds a published one).
    await prisma.pressRelease.deleteMany({ where: { cycleId } });
    for (const [name, loader, url] of publicRoutes) {
      const response = await respond(() => loader(args(new Request(url), { slug: SLUG })));
      assert.equal(response.status, 404, `${name}: no press release yet`);
    }
    // saved but not published
    await prisma.pressRelease.create({ data: { cycleId, markdown: draft } });
    for (const [name, loader, url] of publicRoutes) {
      const response = await respond(() => loader(args(new Request(url), { slug: SLUG })));
      assert.equal(response.status, 404, `${name}: draft`);
    }
    // published press release of an unpublished cycle
    const open = demo.cycles[1];
    const openCycle = await prisma.awardCycle.findUniqueOrThrow({ where: { slug: open } });
    await prisma.pressRelease.create({ data: { cycleId: openCycle.id, markdown: "# Not yet", publishedAt: new Date() } });
    for (const [name, loader, url] of publicRoutes) {
      const response = await respond(() => loader(args(new Request(url.replace(SLUG, open)), { slug: open })));
      assert.equal(response.status, 404, `${name}: results not published`);
    }
    // under embargo
    assert.equal(pressReleaseIsPublic({ publishedAt: new Date(), embargoAt: new Date(Date.now() + 3600_000) }, { publishedAt: new Date() }), false);
    assert.equal(pressReleaseIsPublic({ publishedAt: new Date(), embargoAt: new Date(Date.now() - 1000) }, { publishedAt: new Date() }), true);
  });

  it("lets the organiser preview, save, publish and unpublish; the preview escapes <script>", async () => {
    const url = `http://localhost/admin/cycles/${SLUG}/press-release`;
    const anonymous = await respond(() => adminRoute.loader(args(new Request(url), { slug: SLUG })));
    assert.ok([302, 404].includes(anonymous.status), `anonymous: ${anonymous.status}`);

    const withScript = `${draft}\n\nTyped by someone: <script>alert("x")</script>\n`;
    const preview = await respond(async () => {
      const result = await adminRoute.action(
        args(post(url, { intent: "preview", markdown: withScript, quote: "", quoteAttribution: "", embargoAt: "" }, organiserCookie), { slug: SLUG }),
      );
      return result;
    });
    assert.equal(preview.status, 200);
    const previewData = (await preview.json()) as { previewHtml: string };
    assert.ok(previewData.previewHtml.includes("&lt;script&gt;alert"), "escaped");
    assert.ok(!/<script/i.test(previewData.previewHtml));

    const saved = await respond(() =>
      adminRoute.action(
        args(post(url, { intent: "save", markdown: withScript, quote: "Q", quoteAttribution: "A", embargoAt: "2010-06-11T18:00" }, organiserCookie), {
          slug: SLUG,
        }),
      ),
    );
    assert.equal(saved.status, 302);
    const row = await prisma.pressRelease.findUniqueOrThrow({ where: { cycleId } });
    assert.equal(row.markdown, withScript);
    assert.equal(row.embargoAt?.toISOString(), "2010-06-11T17:00:00.000Z");

    const published = await respond(() => adminRoute.action(args(post(url, { intent: "publish" }, organiserCookie), { slug: SLUG })));
    assert.equal(published.status, 302);
    assert.ok((await prisma.pressRelease.findUniqueOrThrow({ where: { cycleId } })).publishedAt);

    const page = await respond(() => pageRoute.loader(args(new Request(`http://localhost/cycles/${SLUG}/press-release`), { slug: SLUG })));
    assert.equal(page.status, 200);
    const pageData = (await page.json()) as { html: string; headline: string };
    assert.equal(pageData.headline, "14 partnerships recognised at the Coventry Compact Awards 2010");
    assert.ok(!/<script/i.test(pageData.html));
    assert.ok(pageData.html.includes("&lt;script&gt;"));

    const md = await respond(() => mdRoute.loader(args(new Request(`http://localhost/cycles/${SLUG}/press-release.md`), { slug: SLUG })));
    assert.equal(md.status, 200);
    assert.equal(md.headers.get("Content-Type"), "text/markdown; charset=utf-8");
    assert.equal(md.headers.get("Content-Disposition"), `attachment; filename="${SLUG}-press-release.md"`);
    assert.equal(await md.text(), withScript);

    const rebuilt = await respond(() =>
      adminRoute.action(
        args(post(url, { intent: "rebuild", quote: "New quote", quoteAttribution: "Someone", embargoAt: "" }, organiserCookie), { slug: SLUG }),
      ),
    );
    assert.equal(rebuilt.status, 302);
    const afterRebuild = await prisma.pressRelease.findUniqueOrThrow({ where: { cycleId } });
    assert.ok(afterRebuild.markdown.includes("\u201CNew quote\u201D"));
    assert.ok(!afterRebuild.markdown.includes("<script>"));
    assert.ok(afterRebuild.publishedAt, "still published");

    const unpublished = await respond(() => adminRoute.action(args(post(url, { intent: "unpublish" }, organiserCookie), { slug: SLUG })));
    assert.equal(unpublished.status, 302);
    const gone = await respond(() => pageRoute.loader(args(new Request(`http://localhost/cycles/${SLUG}/press-release`), { slug: SLUG })));
    assert.equal(gone.status, 404);

    await adminRoute.action(args(post(url, { intent: "publish" }, organiserCookie), { slug: SLUG }));
  });

  it("downloads as a Word document that opens and names every award and partner", async () => {
    const response = await respond(() => docxRoute.loader(args(new Request(`http://localhost/cycles/${SLUG}/press-release.docx`), { slug: SLUG })));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("Content-Type"), DOCX);
    assert.equal(response.headers.get("Content-Disposition"), `attachment; filename="${SLUG}-press-release.docx"`);
    const buffer = Buffer.from(await response.arrayBuffer());
    assert.equal(buffer.subarray(0, 2).toString("latin1"), "PK", "a zip file");
    const { value: text, messages } = await mammoth.extractRawText({ buffer });
    assert.deepEqual(messages, []);
    const flat = text.replace(/\s+/g, " ");
    for (const award of results.awards) {
      assert.ok(flat.includes(award.title), award.title);
      for (const partner of award.partners) assert.ok(flat.includes(partner.name), partner.name);
    }
    // structure: headings and a list survive
    const { value: html } = await mammoth.convertToHtml({ buffer });
    assert.match(html, /<h1>14 partnerships recognised at the Coventry Compact Awards 2010<\/h1>/);
    assert.match(html, /<h2>The awards<\/h2>/);
    assert.match(html, /<ul><li><strong>Special commendation: /);
    assert.match(html, /<ol><li>The Compact is the agreement/);
  });

  it("keeps raw HTML as plain text in the Word document", async () => {
    const buffer = await markdownToDocx("# T\n\n<script>alert(1)</script>\n\nA [link](https://example.org/) and **bold**.", { title: "T" });
    const { value: html } = await mammoth.convertToHtml({ buffer });
    assert.ok(html.includes("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
    assert.ok(html.includes('<a href="https://example.org/">link</a>'), html);
    assert.ok(html.includes("<strong>bold</strong>"), html);
  });
});
