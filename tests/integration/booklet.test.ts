import "../support/test-env";
import { prisma } from "~/db/client.server";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import sharp from "sharp";
import { caseStudiesUrl, ensureBooklet, readArtefactFile, type EnsuredBooklet } from "~/booklet/booklet.server";
import { seedDemo, type SeedDemoResult } from "~/demo/seed.server";
import { loadAwards, type PublishedResults } from "~/results/published.server";
import { PART_SIZE, renderBooklet } from "~/booklet/render.server";
import { localSession } from "~/pdf/typst.server";
import { newStorageKey, storage } from "~/storage/storage.server";
import * as bookletRoute from "~/routes/cycles.$slug.booklet[.pdf]";
import { allowCssImports } from "../support/css-modules";
import { headings, structureTree, taggedFacts } from "../support/pdf-structure";
import { normalise, pageCount, pdfFonts, pdfImages, pdfInfo, pdfText, writeTemp } from "../support/pdf-tools";
import { args, respond, sessionCookie } from "../support/route-calls";

allowCssImports();
const caseStudyRoute = await import("~/routes/cycles.$slug.case-studies.$id");
const caseStudiesRoute = await import("~/routes/cycles.$slug.case-studies._index");
const bookletAdminRoute = await import("~/routes/admin.cycles.$slug.booklet");

// Stored files (photos, the booklet) go to a folder of this test's own, on local disk.
process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "compact-awards-booklet-data-"));
delete process.env.UPLOADTHING_TOKEN;

const STORY_WORDS = 3000;
const longStory = Array.from({ length: STORY_WORDS }, (_, i) => `word${i + 1}`).join(" ");
const ACCENTED_PARTNER = "Café Égalité Community Group";
const CURLY_QUOTE = "We’re “proud” of what we did together — naïve no more.";

async function jpeg(width: number, height: number, colour: string) {
  return sharp({ create: { width, height, channels: 3, background: colour } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

async function attachPhoto(nominationId: string, consent: boolean, caption: string, size = { width: 2400, height: 1600 }) {
  const bytes = await jpeg(size.width, size.height, consent ? "#2a7ab0" : "#b02a2a");
  const { key } = await storage().put(newStorageKey(), bytes, "image/jpeg");
  return prisma.attachment.create({
    data: {
      nominationId,
      storageKey: key,
      storageBackend: "local",
      fileName: `${caption}.jpg`,
      contentType: "image/jpeg",
      size: bytes.length,
      kind: "photo",
      caption,
      credit: "Test photographer",
      consentToPublish: consent,
      width: size.width,
      height: size.height,
    },
  });
}

async function cookieFor(email: string) {
  return sessionCookie((await prisma.user.findUniqueOrThrow({ where: { email } })).id);
}

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name));
}

describe("case-study booklet", () => {
  let demo: SeedDemoResult;
  let cycleId: string;
  let results: PublishedResults;
  let booklet: EnsuredBooklet;
  let file: string;
  let text: string;
  let longStoryTitle: string;

  before(async () => {
    demo = await seedDemo(prisma);
    const cycle = await prisma.awardCycle.findUniqueOrThrow({ where: { slug: "coventry-2010" } });
    cycleId = cycle.id;
    const before = await loadAwards(prisma, cycleId);
    const [storyAward, photoAward, hiddenPhotoAward, accentAward] = before.awards;
    longStoryTitle = storyAward.title;
    await prisma.nomination.update({ where: { id: storyAward.nominationId }, data: { whatHappened: longStory } });
    // One consented photo on an award (the only image the booklet may print), one photo
    // without consent on another award, and a consented photo on a nomination that won nothing.
    await attachPhoto(photoAward.nominationId, true, "Volunteers and staff at the launch");
    await attachPhoto(hiddenPhotoAward.nominationId, false, "Not for publication");
    const notAwarded = await prisma.nomination.findFirstOrThrow({ where: { cycleId, decision: { is: { outcomeTierId: null } } } });
    await attachPhoto(notAwarded.id, true, "Not awarded");
    // Accents and curly quotes must print as typed.
    const org = await prisma.organisation.create({ data: { name: ACCENTED_PARTNER, nameKey: ACCENTED_PARTNER.toLowerCase(), sector: "faith" } });
    await prisma.nominationPartner.create({ data: { nominationId: accentAward.nominationId, organisationId: org.id, role: "other", position: 9 } });
    await prisma.nomination.update({ where: { id: accentAward.nominationId }, data: { quote: CURLY_QUOTE } });

    results = await loadAwards(prisma, cycleId);
    const started = Date.now();
    booklet = await ensureBooklet(prisma, cycleId);
    console.log(`booklet: ${booklet.pages} pages, ${booklet.bytes} bytes, ${Date.now() - started} ms`);
    file = writeTemp("booklet.pdf", booklet.pdf);
    text = pdfText(file);
  });

  after(async () => {
    await prisma.$disconnect();
  });

  it("is made once and stored, with a sensible page count", async () => {
    assert.equal(booklet.regenerated, true);
    const pages = pageCount(file);
    assert.equal(pages, booklet.pages);
    // cover, introduction, contents, at least a page per case study, and a long story over several
    assert.ok(pages >= 3 + results.awards.length + 4, `${pages} pages`);
    assert.ok(pages < 80, `${pages} pages`);
    assert.match(pdfInfo(file)["Page size"], /^595\.28?\d* x 841\.89 pts \(A4\)$/);
    const artefact = await prisma.artefact.findUniqueOrThrow({ where: { cycleId_kind: { cycleId, kind: "booklet" } } });
    assert.equal(artefact.inputHash, booklet.inputHash);
    assert.equal(artefact.pages, pages);
    assert.deepEqual(await readArtefactFile(artefact.storageKey), booklet.pdf);
  });

  it("prints a page number in the footer of every page after the cover", () => {
    for (let page = 2; page <= booklet.pages; page++) {
      assert.match(normalise(pdfText(file, { first: page, last: page })), new RegExp(`Page ${page}\\b`), `page ${page} footer`);
    }
  });

  it("names every award and every partner organisation", () => {
    const flat = normalise(text);
    assert.equal(results.awards.length, 14);
    for (const award of results.awards) {
      assert.ok(flat.includes(normalise(award.title)), `title: ${award.title}`);
      assert.ok(flat.includes(award.tier.name), award.tier.name);
      for (const partner of award.partners) assert.ok(flat.includes(normalise(partner.name)), `partner: ${partner.name}`);
    }
    assert.ok(flat.includes(ACCENTED_PARTNER), "accented partner name");
    assert.ok(flat.includes(CURLY_QUOTE), "curly quotes and accents");
  });

  it("prints a 3,000-word story in full, every word in order", () => {
    const numbers = [...normalise(text).matchAll(/\bword(\d+)\b/g)].map((m) => Number(m[1]));
    assert.equal(numbers.length, STORY_WORDS);
    numbers.forEach((n, i) => assert.equal(n, i + 1, `word ${i + 1}`));
  });

  it("embeds every font, and never uses Helvetica", () => {
    const fonts = pdfFonts(file);
    assert.ok(fonts.length >= 3, JSON.stringify(fonts));
    for (const font of fonts) {
      assert.equal(font.embedded, true, `${font.name} embedded`);
      assert.doesNotMatch(font.name, /helvetica/i);
      assert.match(font.name, /SourceSans3/);
    }
  });

  it("prints only the consented photo of an award, resized for print", () => {
    const images = pdfImages(file).filter((img) => img.type === "image");
    assert.equal(images.length, 1, JSON.stringify(images));
    assert.ok(Math.max(images[0].width, images[0].height) <= 1600, `${images[0].width}x${images[0].height}`);
    assert.ok(normalise(text).includes("Pictured: Volunteers and staff at the launch"));
    assert.ok(!text.includes("Not for publication"));
    assert.ok(!text.includes("Not awarded"));
  });

  it("has a contents page whose numbers are the pages each case study starts on", () => {
    const contents = booklet.contents!;
    assert.equal(contents.length, results.awards.length);
    const firstStudyPage = Math.min(...contents.map((c) => c.page));
    const contentsText = normalise(pdfText(file, { first: 3, last: firstStudyPage - 1 }));
    assert.match(contentsText, /^Contents/);
    let previous = 0;
    for (const entry of contents) {
      // printed in the contents: title, outcome, page number
      const printed = new RegExp(`${escapeRegExp(normalise(entry.title))} ${escapeRegExp(entry.tierName)} (\\d+)`).exec(contentsText);
      assert.ok(printed, `contents entry for ${entry.title}`);
      assert.equal(Number(printed[1]), entry.page, `printed page of ${entry.title}`);
      // and the case study really starts there: its band and title at the top of that page
      const page = normalise(pdfText(file, { first: entry.page }));
      assert.ok(page.includes(normalise(entry.title)), `page ${entry.page} has ${entry.title}`);
      assert.ok(!page.includes("(continued)"), `page ${entry.page} is the first page of ${entry.title}`);
      // the page before belongs to the previous case study (or the contents)
      if (entry.page > firstStudyPage) assert.ok(!normalise(pdfText(file, { first: entry.page - 1 })).includes(normalise(entry.title)));
      assert.ok(entry.page > previous, "in booklet order");
      previous = entry.page;
    }
    // the long story runs over pages marked "(continued)"
    assert.ok(text.includes(`${longStoryTitle} (continued)`));
  });

  it("serves the stored file until something it is made from changes", async () => {
    const again = await ensureBooklet(prisma, cycleId);
    assert.equal(again.regenerated, false);
    assert.equal(again.storageKey, booklet.storageKey);
    assert.deepEqual(again.pdf, booklet.pdf);

    await prisma.awardCycle.update({ where: { id: cycleId }, data: { bookletIntro: "A new introduction for the hash test." } });
    const changed = await ensureBooklet(prisma, cycleId);
    assert.equal(changed.regenerated, true);
    assert.notEqual(changed.inputHash, booklet.inputHash);
    assert.notEqual(changed.storageKey, booklet.storageKey);
    assert.ok(normalise(pdfText(writeTemp("changed.pdf", changed.pdf), { first: 2 })).includes("A new introduction for the hash test."));
    // the old file is removed once nothing points at it
    assert.equal(await readArtefactFile(booklet.storageKey), null);
    booklet = changed;
  });

  it("leaves the previous booklet and its row intact when making a new one fails mid-way", async () => {
    const rowBefore = await prisma.artefact.findUniqueOrThrow({ where: { cycleId_kind: { cycleId, kind: "booklet" } } });
    const filesBefore = listFiles(path.join(process.env.DATA_DIR!, "uploads")).sort();
    await prisma.awardCycle.update({ where: { id: cycleId }, data: { bookletIntro: "This introduction never makes it into a booklet." } });
    let calls = 0;
    await assert.rejects(
      ensureBooklet(prisma, cycleId, {
        newSession: () => {
          const session = localSession();
          return {
            ...session,
            finish: (offset) => {
              calls++;
              // half-way: the front is laid out, the process "crashes" on the case studies
              if (calls === 2) throw new Error("simulated crash while rendering");
              return session.finish(offset);
            },
          };
        },
      }),
      /simulated crash/,
    );
    assert.equal(calls, 2);
    const rowAfter = await prisma.artefact.findUniqueOrThrow({ where: { cycleId_kind: { cycleId, kind: "booklet" } } });
    assert.deepEqual(rowAfter, rowBefore);
    assert.deepEqual(await readArtefactFile(rowAfter.storageKey), booklet.pdf);
    const filesAfter = listFiles(path.join(process.env.DATA_DIR!, "uploads")).sort();
    assert.deepEqual(filesAfter, filesBefore, "no new or partial files");
    assert.ok(!filesAfter.some((f) => f.endsWith(".tmp")));
    // put the introduction back: the stored booklet is current again
    await prisma.awardCycle.update({ where: { id: cycleId }, data: { bookletIntro: "A new introduction for the hash test." } });
  });

  describe("the public route /cycles/:slug/booklet.pdf", () => {
    it("serves the published booklet to anyone, inline, with its file name", async () => {
      const response = await respond(() =>
        bookletRoute.loader(args(new Request("http://localhost/cycles/coventry-2010/booklet.pdf"), { slug: "coventry-2010" })),
      );
      assert.equal(response.status, 200);
      assert.equal(response.headers.get("Content-Type"), "application/pdf");
      assert.equal(response.headers.get("Content-Disposition"), 'inline; filename="coventry-2010-case-studies.pdf"');
      const bytes = Buffer.from(await response.arrayBuffer());
      assert.equal(bytes.subarray(0, 5).toString("latin1"), "%PDF-");
      // the stored file, as stored
      assert.deepEqual(bytes, booklet.pdf);
      assert.equal(response.headers.get("ETag"), `"${booklet.inputHash.slice(0, 32)}"`);
    });

    it("is 404 for the public before results are published; organisers can preview it", async () => {
      const open = demo.cycles[1];
      const url = `http://localhost/cycles/${open}/booklet.pdf`;
      const anonymous = await respond(() => bookletRoute.loader(args(new Request(url), { slug: open })));
      assert.equal(anonymous.status, 404);
      const judgeCookie = await cookieFor(demo.judgeEmails[0]);
      const judge = await respond(() => bookletRoute.loader(args(new Request(url, { headers: { Cookie: judgeCookie } }), { slug: open })));
      assert.equal(judge.status, 404);
      const organiserCookie = await cookieFor(demo.organiserEmail);
      const organiser = await respond(() => bookletRoute.loader(args(new Request(url, { headers: { Cookie: organiserCookie } }), { slug: open })));
      assert.equal(organiser.status, 200);
      assert.equal(organiser.headers.get("Content-Type"), "application/pdf");
      assert.equal(organiser.headers.get("Cache-Control"), "private, no-store");
      const missing = await respond(() => bookletRoute.loader(args(new Request("http://localhost/cycles/nope/booklet.pdf"), { slug: "nope" })));
      assert.equal(missing.status, 404);
    });
  });

  describe("case studies on the web", () => {
    it("shows an award's case study to anyone once published, with share details; 404 for anything else", async () => {
      const withPhoto = results.awards.find((a) => a.photos.length > 0)!;
      const url = `http://localhost/cycles/coventry-2010/case-studies/${withPhoto.nominationId}`;
      const response = await respond(() => caseStudyRoute.loader(args(new Request(url), { slug: "coventry-2010", id: withPhoto.nominationId })));
      assert.equal(response.status, 200);
      const data = (await response.json()) as {
        study: { title: string; partners: { name: string }[]; photo: { id: string; caption: string } | null };
        share: { image: string | null; imageAlt: string };
      };
      assert.equal(data.study.title, withPhoto.title);
      assert.deepEqual(
        data.study.partners.map((p) => p.name),
        withPhoto.partners.map((p) => p.name),
      );
      assert.equal(data.study.photo?.caption, "Volunteers and staff at the launch");
      // the web page links to its page of the booklet, and the booklet's page links back
      const entry = booklet.contents?.find((c) => c.id === withPhoto.nominationId) ?? (await ensureBooklet(prisma, cycleId)).contents;
      const page = (data as unknown as { bookletPage: number | null }).bookletPage;
      const stored = await prisma.artefact.findUniqueOrThrow({ where: { cycleId_kind: { cycleId, kind: "booklet" } } });
      assert.equal(page, (JSON.parse(stored.studyPages) as Record<string, number>)[withPhoto.nominationId]);
      assert.ok(page && page > 3, `booklet page ${page} (${JSON.stringify(entry)})`);
      const onPage = normalise(pdfText(writeTemp("current.pdf", (await readArtefactFile(stored.storageKey))!), { first: page, last: page + 3 }));
      assert.ok(onPage.includes(normalise(withPhoto.title)), "the page linked to is the case study's");
      assert.ok(onPage.replace(/\s/g, "").includes(caseStudiesUrl("coventry-2010", withPhoto.nominationId)), "the booklet links to the web page");
      assert.match(data.share.image ?? "", new RegExp(`/files/${data.study.photo!.id}$`));
      assert.equal(data.share.imageAlt, "Volunteers and staff at the launch");

      // a photo without consent is never offered
      const hidden = results.awards[2];
      const hiddenData = (await (
        await respond(() => caseStudyRoute.loader(args(new Request(url), { slug: "coventry-2010", id: hidden.nominationId })))
      ).json()) as { study: { photo: unknown }; share: { image: string | null } };
      assert.equal(hiddenData.study.photo, null);
      assert.equal(hiddenData.share.image, null);

      const notAwarded = await prisma.nomination.findFirstOrThrow({ where: { cycleId, decision: { is: { outcomeTierId: null } } } });
      const missing = await respond(() => caseStudyRoute.loader(args(new Request(url), { slug: "coventry-2010", id: notAwarded.id })));
      assert.equal(missing.status, 404);

      const list = await respond(() =>
        caseStudiesRoute.loader(args(new Request("http://localhost/cycles/coventry-2010/case-studies"), { slug: "coventry-2010" })),
      );
      assert.equal(list.status, 200);
      const listData = (await list.json()) as { categories: { awards: { id: string }[] }[] };
      assert.equal(listData.categories.flatMap((c) => c.awards).length, results.awards.length);
    });

    it("is 404 for the public before publication; organisers may preview", async () => {
      const open = demo.cycles[1];
      const nomination = await prisma.nomination.findFirstOrThrow({ where: { cycle: { slug: open } } });
      const anonymousList = await respond(() => caseStudiesRoute.loader(args(new Request(`http://localhost/cycles/${open}/case-studies`), { slug: open })));
      assert.equal(anonymousList.status, 404);
      const anonymousStudy = await respond(() =>
        caseStudyRoute.loader(args(new Request(`http://localhost/cycles/${open}/case-studies/x`), { slug: open, id: nomination.id })),
      );
      assert.equal(anonymousStudy.status, 404);
      const cookie = await cookieFor(demo.organiserEmail);
      const preview = await respond(() =>
        caseStudiesRoute.loader(args(new Request(`http://localhost/cycles/${open}/case-studies`, { headers: { Cookie: cookie } }), { slug: open })),
      );
      assert.equal(preview.status, 200);
      assert.equal(((await preview.json()) as { preview: boolean }).preview, true);
    });
  });

  describe("the cover photo an organiser chooses", () => {
    function coverForm(fields: Record<string, string>, file?: { name: string; type: string; bytes: Uint8Array }) {
      const form = new FormData();
      form.set("intent", "set-cover");
      if (file) form.set("cover", new File([new Uint8Array(file.bytes)], file.name, { type: file.type }));
      for (const [k, v] of Object.entries(fields)) form.set(k, v);
      return form;
    }
    const post = (cookie: string | null, body: FormData) =>
      respond(() =>
        bookletAdminRoute.action(
          args(new Request("http://localhost/admin/cycles/coventry-2010/booklet", { method: "POST", headers: cookie ? { Cookie: cookie } : {}, body }), {
            slug: "coventry-2010",
          }),
        ),
      );

    it("is refused to anyone but the cycle's organisers, and nothing is stored", async () => {
      const photo = { name: "cover.jpg", type: "image/jpeg", bytes: await jpeg(1200, 800, "#336699") };
      const anonymous = await post(null, coverForm({ coverCredit: "x" }, photo));
      assert.equal(anonymous.status, 302);
      assert.match(anonymous.headers.get("Location") ?? "", /^\/sign-in/);
      const judge = await post(await cookieFor(demo.judgeEmails[0]), coverForm({ coverCredit: "x" }, photo));
      assert.equal(judge.status, 404);
      const cycle = await prisma.awardCycle.findUniqueOrThrow({ where: { id: cycleId } });
      assert.equal(cycle.bookletCoverKey, null);
    });

    it("refuses a file that is not a photo, whatever its name, keeping the credit typed", async () => {
      const cookie = await cookieFor(demo.organiserEmail);
      const response = await post(
        cookie,
        coverForm({ coverCredit: "Jo Bloggs" }, { name: "cover.jpg", type: "image/jpeg", bytes: Buffer.from("%PDF-1.4 not a photo") }),
      );
      assert.equal(response.status, 400);
      const data = (await response.json()) as { errors: Record<string, string>; values: Record<string, string> };
      assert.match(data.errors.cover, /not a photo|not a photo we can use/);
      assert.equal(data.values.coverCredit, "Jo Bloggs");
      const missing = await post(cookie, coverForm({ coverCredit: "Jo Bloggs" }));
      assert.equal(missing.status, 400);
      assert.equal(((await missing.json()) as { errors: Record<string, string> }).errors.cover, "Choose a photo for the cover.");
    });

    it("prints on the cover with its credit, without the photo's location data, and makes the stored booklet out of date", async () => {
      const cookie = await cookieFor(demo.organiserEmail);
      const before = await ensureBooklet(prisma, cycleId);
      const withGps = await sharp({ create: { width: 2000, height: 1300, channels: 3, background: "#4a8a3a" } })
        .jpeg()
        .withExif({ IFD0: { Make: "PhoneCo" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "52/1 24/1 0/1" } })
        .toBuffer();
      assert.ok((await sharp(withGps).metadata()).exif, "the test photo carries EXIF");
      const saved = await post(cookie, coverForm({ coverCredit: "Coventry Telegraph" }, { name: "cover.jpg", type: "image/jpeg", bytes: withGps }));
      assert.equal(saved.status, 302, await saved.clone().text());
      const cycle = await prisma.awardCycle.findUniqueOrThrow({ where: { id: cycleId } });
      assert.ok(cycle.bookletCoverKey);
      assert.equal(cycle.bookletCoverCredit, "Coventry Telegraph");
      const [backend, key] = cycle.bookletCoverKey!.split(":");
      const stored = await readArtefactFile(`${backend}:${key}`);
      assert.ok(stored);
      assert.equal((await sharp(stored!).metadata()).exif, undefined, "EXIF and location removed");

      const made = await ensureBooklet(prisma, cycleId);
      assert.equal(made.regenerated, true, "a new cover makes the booklet again");
      assert.notEqual(made.inputHash, before.inputHash);
      const coverFile = writeTemp("booklet-cover.pdf", made.pdf);
      const onCover = pdfImages(coverFile).filter((img) => img.type === "image" && img.page === 1);
      assert.equal(onCover.length, 1, JSON.stringify(pdfImages(coverFile)));
      assert.match(normalise(pdfText(coverFile, { first: 1, last: 1 })), /Photo: Coventry Telegraph/);
      assert.equal(pageCount(coverFile), before.pages, "the cover still fits on one page");

      const removed = await respond(() =>
        bookletAdminRoute.action(
          args(
            new Request("http://localhost/admin/cycles/coventry-2010/booklet", {
              method: "POST",
              headers: { Cookie: cookie },
              body: new URLSearchParams({ intent: "remove-cover" }),
            }),
            { slug: "coventry-2010" },
          ),
        ),
      );
      assert.equal(removed.status, 302);
      const after = await prisma.awardCycle.findUniqueOrThrow({ where: { id: cycleId } });
      assert.equal(after.bookletCoverKey, null);
      assert.equal(await readArtefactFile(cycle.bookletCoverKey!), null, "the old cover file is removed");
      const again = await ensureBooklet(prisma, cycleId);
      assert.equal(pdfImages(writeTemp("booklet-nocover.pdf", again.pdf)).filter((img) => img.page === 1).length, 0);
    });
  });
});

function escapeRegExp(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("a booklet laid out in several parts", () => {
  it("numbers its pages straight through, and its contents and bookmarks point where each case study starts", async () => {
    const count = PART_SIZE * 2 + 7;
    const story = (i: number) => Array.from({ length: 150 + (i % 7) * 90 }, (_, k) => `s${i}w${k}`).join(" ");
    const study = (i: number) => ({
      id: `study-${i}`,
      title: `Case study number ${i}`,
      summary: `Summary ${i}.`,
      categoryName: `Category ${i % 3}`,
      tier: { name: "Commendation", kind: "commendation", rank: 3 },
      citation: "",
      partners: [{ name: `Partner ${i}`, sectorLabel: "Statutory", role: "lead_statutory", roleLabel: "Lead", side: "statutory" as const }],
      whatHappened: story(i),
      howPartnersWorked: "",
      impact: "",
      quote: "",
      quoteAttribution: "",
      principles: [],
      publicContact: "",
      started: "",
      consentToPublish: true,
      photo: null,
    });
    const studies = Array.from({ length: count }, (_, i) => study(i));
    const inputs = {
      layoutVersion: 0,
      view: {
        cycle: {
          name: "Partshire Compact Awards 2026",
          area: "Partshire",
          year: "2026",
          intro: "Hello.",
          contactName: "",
          contactEmail: "",
          contactPhone: "",
          ceremony: "",
        },
        counts: { nominationsReceived: count, awards: count, tierSummary: "" },
        categories: [0, 1, 2].map((c) => ({ name: `Category ${c}`, studies: studies.filter((_, i) => i % 3 === c) })),
      },
    };
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "compact-awards-parts-"));
    const made = await renderBooklet(inputs, { workDir });
    const parts = writeTemp("parts.pdf", fs.readFileSync(made.file));
    assert.equal(pageCount(parts), made.pages);
    for (let page = 2; page <= made.pages; page++)
      assert.match(normalise(pdfText(parts, { first: page, last: page })), new RegExp(`Page ${page}\\b`), `page ${page}'s footer`);
    const order = inputs.view.categories.flatMap((c) => c.studies);
    const contentsText = normalise(pdfText(parts, { first: 3, last: made.contents[0].page - 1 }));
    let previous = 0;
    for (const [k, entry] of made.contents.entries()) {
      assert.equal(entry.id, order[k].id);
      const printed = new RegExp(`${escapeRegExp(entry.title)} Commendation (\\d+)`).exec(contentsText);
      assert.equal(Number(printed?.[1]), entry.page, `the contents' number for ${entry.title}`);
      const first = normalise(pdfText(parts, { first: entry.page, last: entry.page }));
      assert.ok(first.includes(entry.title) && !first.includes("(continued)"), `${entry.title} starts on page ${entry.page}`);
      assert.ok(entry.page > previous);
      previous = entry.page;
    }
    const facts = await taggedFacts(parts);
    assert.equal(facts.outline.length, 2 + 3 + count, "Introduction, Contents, each category and each case study");
    assert.equal(pdfInfo(parts).Tagged, "yes");
    assert.deepEqual(
      headings(structureTree(parts))
        .filter((h) => h.level === 1)
        .map((h) => h.text)
        .slice(3),
      order.map((s) => s.title),
      "one structure tree, in reading order",
    );
    fs.rmSync(workDir, { recursive: true, force: true });
  });
});
