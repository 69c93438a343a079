/**
 * Issue 19, item 7: without the partners' consent to publish, only the title, partners and
 * outcome appear anywhere public. Through the real server, for an award whose partners said
 * No: each public loader's data as a browser gets it (`<path>.data`; the old `?_data=` is
 * refused and answers none of it), each page's HTML (its embedded window.__remixContext
 * and its meta and og:description), the booklet's text (pdftotext), and the press release's
 * page, .md and .docx. The press release was saved while consent still stood, so its stored
 * text had the summary in it: publicAward()'s rule holds there too.
 */
import "../support/test-env";
import { testDatabase } from "../support/test-env";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import mammoth from "mammoth";
import { prisma } from "~/db/client.server";
import { seedDemo } from "~/demo/seed.server";
import { buildPressReleaseDraft } from "~/press/press-release.server";
import { startAppServer, type AppServer } from "../support/app-server";
import { pdfText, writeTemp } from "../support/pdf-tools";
import { assertOldDataRequestRefused, dataPath, loaderDataOf, readData } from "../support/single-fetch";

const SLUG = "coventry-2010";
/** The summary's words: none is a word the rest of the demo uses. */
const WORDS = ["Quillwort", "marmalade", "zebrafinch", "periwinkle", "oxbow"];
const SUMMARY = `${WORDS[0]} ${WORDS[1]} with the ${WORDS[2]} volunteers by the ${WORDS[3]} ${WORDS[4]} lake.`;

function assertNoSummary(text: string, where: string) {
  for (const word of WORDS) assert.ok(!text.toLowerCase().includes(word.toLowerCase()), `"${word}" appears in ${where}`);
}

describe("issue 19, item 7: without consent, the summary appears nowhere public", () => {
  let server: AppServer;
  let awardId = "";
  let title = "";

  before(async () => {
    await seedDemo(prisma);
    const cycle = await prisma.awardCycle.findUniqueOrThrow({ where: { slug: SLUG } });
    const award = await prisma.decision.findFirstOrThrow({
      where: { nomination: { cycleId: cycle.id, consentToPublish: true }, outcomeTierId: { not: null } },
      orderBy: { nominationId: "asc" },
      include: { nomination: true },
    });
    awardId = award.nominationId;
    title = award.nomination.title;
    // While the partners' consent stood, the organiser saved and published the press release with this summary in it.
    await prisma.nomination.update({ where: { id: awardId }, data: { summary: SUMMARY } });
    const markdown = await buildPressReleaseDraft(prisma, cycle.id, { embargoAt: null });
    assert.ok(markdown.includes(WORDS[2]), "the saved release had the summary");
    await prisma.pressRelease.update({ where: { cycleId: cycle.id }, data: { markdown, embargoAt: null, publishedAt: new Date() } });
    // Then the partners answered No.
    await prisma.nomination.update({ where: { id: awardId }, data: { consentToPublish: false } });
    server = await startAppServer({ databaseUrl: testDatabase.url });
  });
  after(async () => {
    await server?.stop();
  });

  const pages = () =>
    [
      [`/cycles/${SLUG}/results`, "routes/cycles.$slug.results"],
      [`/cycles/${SLUG}/case-studies`, "routes/cycles.$slug.case-studies._index"],
      [`/cycles/${SLUG}/case-studies/${awardId}`, "routes/cycles.$slug.case-studies.$id"],
      [`/cycles/${SLUG}/press-release`, "routes/cycles.$slug.press-release._index"],
    ] as const;

  it("each public loader's data (.data), and nothing for ?_data=", async () => {
    for (const [path, route] of pages()) {
      const { status, text, value } = await readData(await fetch(`${server.url}${dataPath(path)}`));
      assert.equal(status, 200, path);
      const data = loaderDataOf<{ cycle: { slug: string } }>(value, route);
      assert.equal(data.cycle.slug, SLUG, `${path}.data is the page's data`);
      if (!path.endsWith("press-release")) assert.ok(text.includes(title), `${path}.data names the award`);
      assertNoSummary(text, `${path}.data`);
      assertNoSummary(JSON.stringify(value), `${path}.data, decoded`);
      await assertOldDataRequestRefused(server.url, path, route, [...WORDS, title]);
    }
  });

  it("each page's HTML: its embedded page data, lead text, meta description and og:description; the title is still there", async () => {
    for (const [path] of pages()) {
      const html = await (await fetch(`${server.url}${path}`)).text();
      assert.ok(html.includes("window.__remixContext"), `${path} embeds its data`);
      assertNoSummary(html, `${path} HTML`);
    }
    const study = await (await fetch(`${server.url}/cycles/${SLUG}/case-studies/${awardId}`)).text();
    const description = /<meta name="description" content="([^"]*)"/.exec(study)?.[1] ?? "";
    const og = /<meta property="og:description" content="([^"]*)"/.exec(study)?.[1] ?? "";
    assert.ok(description && og, "the page still has a description: its outcome and partners");
    assert.ok(study.includes(title.replace(/&/g, "&amp;").replace(/'/g, "&#x27;")) || study.includes(title), "the title is public");
  });

  it("the press release's .md and .docx", async () => {
    const md = await fetch(`${server.url}/cycles/${SLUG}/press-release.md`);
    assert.equal(md.status, 200);
    const text = await md.text();
    assertNoSummary(text, "press-release.md");
    assert.ok(text.replace(/\\/g, "").includes(title), "the award is still named");
    const docx = await fetch(`${server.url}/cycles/${SLUG}/press-release.docx`);
    assert.equal(docx.status, 200);
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(await docx.arrayBuffer()) });
    assert.ok(value.length > 500, "the document has its text");
    assertNoSummary(value, "press-release.docx");
  });

  it("the booklet's text", async () => {
    let response: Response | undefined;
    for (let i = 0; i < 10; i++) {
      response = await fetch(`${server.url}/cycles/${SLUG}/booklet.pdf`);
      if (response.status !== 503) break;
      await new Promise((r) => setTimeout(r, 5000));
    }
    assert.equal(response!.status, 200);
    const text = pdfText(writeTemp("booklet.pdf", new Uint8Array(await response!.arrayBuffer())));
    assert.ok(text.replace(/\s+/g, " ").includes(title.split(":")[0].slice(0, 20)), "the award is in the booklet");
    assertNoSummary(text, "booklet.pdf");
  });
});
