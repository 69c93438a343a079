/**
 * The published PDFs are accessible by construction and safe with any text
 * (docs/decisions/0030-typst-pdf.md): PDF/UA-1, read back as assistive technology reads
 * it (structure tree, headings, alt text, language, bookmarks), and every field holding
 * Typst-active characters and code printed as typed, with nothing read from anywhere.
 */
import "../support/test-env";
import { prisma } from "~/db/client.server";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import sharp from "sharp";
import { ensureBooklet } from "~/booklet/booklet.server";
import { renderCertificates } from "~/ceremony/ceremony.server";
import { seedDemo } from "~/demo/seed.server";
import { MISSING_GLYPH } from "~/pdf/typst.server";
import { loadAwards, type PublishedResults } from "~/results/published.server";
import { newStorageKey, storage } from "~/storage/storage.server";
import { allowCssImports } from "../support/css-modules";
import { headings, structureTree, taggedFacts } from "../support/pdf-structure";
import { normalise, pdfFonts, pdfInfo, pdfReadingText, pdfText, writeTemp } from "../support/pdf-tools";
import { args, respond } from "../support/route-calls";

allowCssImports();
const caseStudyRoute = await import("~/routes/cycles.$slug.case-studies.$id");

process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "compact-awards-booklet-a11y-"));
delete process.env.UPLOADTHING_TOKEN;

/** Typst markup and code in every shape a nominator could type it. */
const CORPUS = [
  '#read("/package.json")',
  '#import "@preview/cetz:0.3.0": *',
  '#include "/etc/passwd"',
  "#{ panic(1) }",
  '] #panic("out") [',
  "$x^2 + y_1$ costs $5",
  "*not bold* _not emphasised_",
  "@ref <label> <b>html</b>",
  "`raw` ```block```",
  "back\\slash \\ and \\#hash",
  "= Not a heading",
  "-- not a dash --- nor ... an ellipsis ~ nor a space",
  "// not a comment /* nor this */",
  "\"straight\" 'quotes'",
  "100% & <script>alert(1)</script>",
];
const TITLE = 'Title #read("/etc/hostname") *b* $x$ @a <l>';
const HEBREW = "שותפות בין המועצה לקהילה";
const ARABIC = "شراكة بين المجلس والمجتمع";
const EMOJI = "We did it 🎉 👍🏽 👨‍👩‍👧 ❤️ 🇬🇧 ✅";
const CJK = "社区伙伴";
const LONG_WORDS = 5000;
const longStory = Array.from({ length: LONG_WORDS }, (_, i) => `w${i + 1}x`).join(" ");

/** Whitespace removed: text wrapped over lines (or broken after a "/") still matches, character for character. */
const squash = (s: string) => s.replace(/\s+/g, "");
/** poppler marks right-to-left runs with embedding controls: not part of the text. */
const withoutBidiMarks = (s: string) => s.replace(/[\u202a-\u202e]/g, "");

describe("accessible, injection-proof PDFs", () => {
  let results: PublishedResults;
  let file: string;
  let text: string;
  let corpusAward: PublishedResults["awards"][number];
  let rtlAward: PublishedResults["awards"][number];
  let emojiAward: PublishedResults["awards"][number];

  before(async () => {
    await seedDemo(prisma);
    const cycle = await prisma.awardCycle.findUniqueOrThrow({ where: { slug: "coventry-2010" } });
    const awards = (await loadAwards(prisma, cycle.id)).awards;
    const [a, b, c, d] = awards;
    const corpus = CORPUS.join("\n\n");
    await prisma.awardCycle.update({ where: { id: cycle.id }, data: { bookletIntro: `Welcome.\n\n${corpus}` } });
    await prisma.nomination.update({
      where: { id: a.nominationId },
      data: {
        title: TITLE,
        summary: CORPUS.slice(0, 4).join(" "),
        whatHappened: corpus,
        howPartnersWorked: CORPUS.slice(4).join("\n"),
        impact: CORPUS.join(" "),
        quote: CORPUS[8],
        quoteAttribution: CORPUS[7],
        publicContact: CORPUS[14],
      },
    });
    await prisma.decision.update({ where: { id: a.decisionId }, data: { citation: CORPUS[5] } });
    const org = await prisma.organisation.create({ data: { name: CORPUS[1], nameKey: CORPUS[1].toLowerCase(), sector: "voluntary_community" } });
    await prisma.nominationPartner.create({ data: { nominationId: a.nominationId, organisationId: org.id, role: "other", position: 9 } });
    const photo = await sharp({ create: { width: 1800, height: 1200, channels: 3, background: "#2a7ab0" } })
      .jpeg()
      .toBuffer();
    const { key } = await storage().put(newStorageKey(), photo, "image/jpeg");
    await prisma.attachment.create({
      data: {
        nominationId: a.nominationId,
        storageKey: key,
        storageBackend: "local",
        fileName: "p.jpg",
        contentType: "image/jpeg",
        size: photo.length,
        kind: "photo",
        caption: CORPUS[0],
        credit: CORPUS[6],
        consentToPublish: true,
      },
    });
    await prisma.nomination.update({ where: { id: b.nominationId }, data: { summary: HEBREW, whatHappened: `${ARABIC}\n\n${HEBREW}` } });
    await prisma.nomination.update({ where: { id: c.nominationId }, data: { quote: EMOJI, impact: `Before ${CJK} after.` } });
    await prisma.nomination.update({ where: { id: d.nominationId }, data: { whatHappened: longStory } });

    results = await loadAwards(prisma, cycle.id);
    corpusAward = results.awards.find((x) => x.nominationId === a.nominationId)!;
    rtlAward = results.awards.find((x) => x.nominationId === b.nominationId)!;
    emojiAward = results.awards.find((x) => x.nominationId === c.nominationId)!;
    const booklet = await ensureBooklet(prisma, cycle.id);
    file = writeTemp("booklet.pdf", booklet.pdf);
    text = pdfText(file);
  });

  after(async () => {
    await prisma.$disconnect();
  });

  it("is a tagged PDF/UA-1 document with its title and language", async () => {
    assert.equal(pdfInfo(file).Tagged, "yes");
    const facts = await taggedFacts(file);
    assert.equal(facts.pdfUaPart, "1", "PDF/UA-1 in the XMP metadata");
    assert.equal(facts.lang, "en-GB");
    assert.equal(facts.marked, true);
    assert.equal(facts.displayDocTitle, true, "viewers show the title, not the file name");
    assert.equal(facts.title, "Coventry Compact Awards 2010: case studies");
  });

  it("has real headings in order: cover, introduction, contents, then each case study's title and sections", () => {
    const found = headings(structureTree(file));
    const h1 = found.filter((h) => h.level === 1).map((h) => h.text);
    assert.deepEqual(h1, ["Coventry Compact Awards 2010", "Introduction", "Contents", ...results.awards.map((x) => normalise(x.title))]);
    // the contents has a heading per category; no level is ever skipped
    const contents = found.findIndex((h) => h.text === "Contents");
    assert.deepEqual(
      found.slice(contents + 1, contents + 1 + results.categories.length).map((h) => [h.level, h.text]),
      results.categories.map((c) => [2, normalise(c.name)]),
    );
    found.forEach((h, i) => assert.ok(i === 0 || h.level <= found[i - 1].level + 1, `heading ${i} (${h.text}) skips a level`));
    // each case study's sections, under its title
    for (const award of results.awards) {
      const start = found.findIndex((h) => h.level === 1 && h.text === normalise(award.title));
      const end = found.findIndex((h, i) => i > start && h.level === 1);
      const sections = found.slice(start + 1, end === -1 ? undefined : end).map((h) => h.text);
      assert.ok(sections.includes(award.partners.length === 1 ? "Partner" : `The ${award.partners.length} partners`), `${award.title}: partners`);
      if (award.whatHappened.trim()) assert.ok(sections.includes("What happened"), `${award.title}: what happened`);
      if (award.impact.trim()) assert.ok(sections.includes("Impact"), `${award.title}: impact`);
      if (award.principles.length) assert.ok(sections.includes("Relevant Compact principles"), `${award.title}: principles`);
    }
  });

  it("gives every photo its caption as alt text, and bookmarks every part", async () => {
    const facts = await taggedFacts(file);
    assert.deepEqual(facts.figureAlts, [CORPUS[0]]);
    assert.deepEqual(facts.outline.slice(0, 2), ["Introduction", "Contents"]);
    for (const c of results.categories) assert.ok(facts.outline.includes(c.name), c.name);
    for (const award of results.awards) assert.ok(facts.outline.includes(award.title), award.title);
  });

  it("prints every field as typed, Typst markup and code included, and reads nothing", () => {
    const flat = squash(text);
    for (const piece of [...CORPUS, TITLE]) assert.ok(flat.includes(squash(piece)), `printed as typed: ${piece}`);
    for (const partner of corpusAward.partners) assert.ok(flat.includes(squash(partner.name)), partner.name);
    assert.ok(flat.includes(squash(`Pictured: ${CORPUS[0]}`)) && flat.includes(squash(`Photo: ${CORPUS[6]}`)), "caption and credit");
    // nothing was read, included or imported: no file's content, no error text
    const pkg = fs.readFileSync("package.json", "utf8");
    assert.ok(!text.includes('"name": "compact-awards"') && !text.includes(JSON.parse(pkg).description));
    assert.ok(!/root:x:0:0/.test(text), "no /etc/passwd");
    assert.ok(!text.includes(os.hostname()) || TITLE.includes(os.hostname()), "no /etc/hostname");
  });

  it("prints a 5,000-word story in full, every word in order", () => {
    const numbers = [...text.matchAll(/\bw(\d+)x\b/g)].map((m) => Number(m[1]));
    assert.equal(numbers.length, LONG_WORDS);
    numbers.forEach((n, i) => assert.equal(n, i + 1, `word ${i + 1}`));
  });

  it("prints right-to-left text and emoji with fonts shipped from npm; a character no font has prints as a white square", async () => {
    const flat = withoutBidiMarks(normalise(text));
    assert.ok(withoutBidiMarks(normalise(pdfReadingText(file))).includes(HEBREW), "Hebrew as typed, in reading order");
    assert.ok(flat.includes(EMOJI), "emoji as typed, sequences and flags included");
    const fonts = pdfFonts(file).map((f) => f.name);
    for (const family of ["SourceSans3", "NotoSansArabic", "NotoSansHebrew", "NotoEmoji"])
      assert.ok(
        fonts.some((f) => f.includes(family)),
        `${family} embedded: ${fonts.join(", ")}`,
      );
    for (const f of pdfFonts(file)) assert.equal(f.embedded, true, f.name);
    // Arabic prints (in its own font, right to left); poppler's extraction of joined Arabic
    // letters doubles some of them, so here only every word's first and last letters are checked.
    for (const word of ARABIC.split(" ")) assert.ok(flat.includes(word[0]) && flat.includes(word[word.length - 1]), word);
    // Chinese: no shipped font has it. The booklet prints the replacement character instead
    // (PDF/UA forbids an unprintable character), the rest as typed; the web page keeps it.
    assert.ok(flat.includes(`Before ${MISSING_GLYPH.repeat(CJK.length)} after.`), "replacement characters");
    assert.ok(!flat.includes(CJK));
    const page = await respond(() =>
      caseStudyRoute.loader(
        args(new Request(`http://localhost/cycles/coventry-2010/case-studies/${emojiAward.nominationId}`), {
          slug: "coventry-2010",
          id: emojiAward.nominationId,
        }),
      ),
    );
    assert.equal(((await page.json()) as { study: { impact: string } }).study.impact, `Before ${CJK} after.`);
    assert.ok(rtlAward, "the right-to-left case study is in the booklet");
  });

  it("certificates are tagged PDF/UA-1 too, with each award's title as its heading, printed as typed", async () => {
    const cycle = await prisma.awardCycle.findUniqueOrThrow({ where: { slug: "coventry-2010" } });
    const { pdf, order } = await renderCertificates(prisma, cycle.id);
    const certificates = writeTemp("certificates.pdf", pdf);
    assert.equal(pdfInfo(certificates).Tagged, "yes");
    const facts = await taggedFacts(certificates);
    assert.equal(facts.pdfUaPart, "1");
    assert.equal(facts.lang, "en-GB");
    const items = order.categories.flatMap((c) => c.items);
    assert.deepEqual(
      headings(structureTree(certificates)).map((h) => h.text),
      items.map((i) => normalise(i.title)),
    );
    const flat = squash(pdfText(certificates));
    assert.ok(flat.includes(squash(TITLE)) && flat.includes(squash(CORPUS[1])) && flat.includes(squash(CORPUS[5])));
  });
});
