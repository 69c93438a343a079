import assert from "node:assert/strict";
import { describe, it } from "node:test";
import sharp from "sharp";
import {
  checkFile,
  checkLogo,
  displayFileName,
  DOCX_MIME,
  FILE_LIMITS,
  formatSize,
  LOGO_LIMITS,
  logoProblem,
  processPhoto,
  sniff,
  tooBigMessage,
  zipEntryNames,
} from "~/nominations/file-checks.server";
import { bigJpegLike, exeLike, jpegWithExifAndGps, makeZip, sampleDocx, samplePdf, samplePhoto } from "../support/sample-files";

const MB = 1024 * 1024;

describe("file types are decided by content", () => {
  for (const [format, mime] of [
    ["jpeg", "image/jpeg"],
    ["png", "image/png"],
    ["webp", "image/webp"],
  ] as const) {
    it(`a real ${format.toUpperCase()} is accepted as a photo`, async () => {
      const check = await checkFile(await samplePhoto(format), "photo");
      assert.ok(check.ok, JSON.stringify(check));
      assert.equal(check.mime, mime);
    });
  }

  it("a hand-written PDF is accepted as evidence", async () => {
    const check = await checkFile(samplePdf(), "evidence");
    assert.ok(check.ok, JSON.stringify(check));
    assert.equal(check.mime, "application/pdf");
    assert.equal(check.ext, "pdf");
  });

  it("a real DOCX is accepted as evidence", async () => {
    const check = await checkFile(await sampleDocx(), "evidence");
    assert.ok(check.ok, JSON.stringify(check));
    assert.equal(check.mime, DOCX_MIME);
    assert.equal(check.ext, "docx");
  });

  it("a zip holding word/document.xml and its content types counts as DOCX, whatever the order of its parts", async () => {
    const zip = makeZip({ "word/document.xml": "<w:document/>", "[Content_Types].xml": "<Types/>" });
    assert.deepEqual(zipEntryNames(zip), new Set(["word/document.xml", "[Content_Types].xml"]));
    assert.equal((await sniff(zip))?.mime, DOCX_MIME);
  });

  it("any other zip is refused as evidence, even when named .docx", async () => {
    const check = await checkFile(makeZip({ "notes.txt": "hello", "word/readme.txt": "not a document" }), "evidence");
    assert.deepEqual(check, { ok: false, message: "The file is a zip file, not a PDF or Word document. Choose a PDF or a Word (.docx) file." });
  });

  it("a PDF renamed .jpg is refused as a photo, in plain English", async () => {
    // The name never reaches the check: only the bytes do.
    const check = await checkFile(samplePdf(), "photo");
    assert.deepEqual(check, { ok: false, message: "The file is a PDF, not a photo. Choose a JPEG, PNG or WebP photo." });
  });

  it("a program is refused as a photo and as evidence", async () => {
    assert.deepEqual(await checkFile(exeLike(), "photo"), { ok: false, message: "The file is a program, not a photo. Choose a JPEG, PNG or WebP photo." });
    assert.deepEqual(await checkFile(exeLike(), "evidence"), {
      ok: false,
      message: "The file is a program, not a PDF or Word document. Choose a PDF or a Word (.docx) file.",
    });
  });

  it("a photo offered as evidence is pointed at the right kind", async () => {
    const check = await checkFile(await samplePhoto("jpeg"), "evidence");
    assert.equal(check.ok, false);
    assert.match((check as { message: string }).message, /^The file is a JPEG photo, not a PDF or Word document\. To add a photo, choose "Photo"/);
  });

  it("images we cannot use and unknown bytes are refused", async () => {
    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: "white" } })
      .gif()
      .toBuffer();
    assert.deepEqual(await checkFile(gif, "photo"), {
      ok: false,
      message: "The file is a GIF image, not a kind of photo we can use. Choose a JPEG, PNG or WebP photo.",
    });
    assert.deepEqual(await checkFile(Buffer.from("just some text, nothing more"), "photo"), {
      ok: false,
      message: "The file is not a photo we can use. Choose a JPEG, PNG or WebP photo.",
    });
    assert.deepEqual(await checkFile(Buffer.alloc(0), "evidence"), { ok: false, message: "The file is empty. Choose a file that has something in it." });
  });

  it("a 30 MB photo is refused with its size and the limit", async () => {
    const big = bigJpegLike(30 * MB, await samplePhoto("jpeg"));
    assert.deepEqual(await checkFile(big, "photo"), { ok: false, message: "The file is 30 MB. Photos must be 10 MB or smaller." });
  });

  it("a 30 MB PDF is refused as evidence; a 15 MB one is fine", async () => {
    const pdf = samplePdf();
    assert.deepEqual(await checkFile(bigJpegLike(30 * MB, pdf), "evidence"), {
      ok: false,
      message: "The file is 30 MB. Evidence files must be 20 MB or smaller.",
    });
    assert.ok((await checkFile(bigJpegLike(15 * MB, pdf), "evidence")).ok);
  });

  it("limits are exact: 10 MB is a photo's limit, one byte more is refused", async () => {
    const head = await samplePhoto("jpeg");
    assert.ok((await checkFile(bigJpegLike(FILE_LIMITS.photoBytes, head), "photo")).ok);
    assert.equal((await checkFile(bigJpegLike(FILE_LIMITS.photoBytes + 1, head), "photo")).ok, false);
  });
});

describe("photos are re-encoded", () => {
  it("EXIF and GPS are gone, the photo is turned upright and its size recorded", async () => {
    const original = await jpegWithExifAndGps({ width: 40, height: 20, orientation: 6 });
    const before = await sharp(original).metadata();
    assert.ok(before.exif?.includes("SecretCam"), "the test photo carries camera details");
    assert.ok(before.exif?.includes(Buffer.from([0x25, 0x88])), "the test photo carries a GPS block");
    const photo = await processPhoto(original, "image/jpeg");
    const after = await sharp(photo.bytes).metadata();
    assert.equal(after.exif, undefined, "no EXIF at all");
    assert.equal(after.xmp, undefined);
    assert.equal(after.iptc, undefined);
    assert.equal(after.icc, undefined);
    assert.ok(!photo.bytes.includes("SecretCam"));
    assert.equal(after.orientation, undefined);
    // Orientation 6 means "rotate 90°": a 40 x 20 landscape is stored as a 20 x 40 portrait.
    assert.deepEqual([photo.width, photo.height], [20, 40]);
    assert.deepEqual([after.width, after.height], [20, 40]);
    assert.equal(photo.contentType, "image/jpeg");
  });

  it("big photos are scaled down to 3000 px on the longest side, keeping their shape and format", async () => {
    const png = await samplePhoto("png", { width: 4000, height: 2000 });
    const photo = await processPhoto(png, "image/png");
    assert.deepEqual([photo.width, photo.height], [3000, 1500]);
    assert.equal(photo.contentType, "image/png");
    assert.equal((await sharp(photo.bytes).metadata()).format, "png");
  });

  it("small photos are not enlarged", async () => {
    const photo = await processPhoto(await samplePhoto("webp", { width: 30, height: 10 }), "image/webp");
    assert.deepEqual([photo.width, photo.height, photo.contentType], [30, 10, "image/webp"]);
  });

  it("a damaged photo gets a clear message", async () => {
    const head = (await samplePhoto("jpeg")).subarray(0, 40);
    await assert.rejects(processPhoto(head, "image/jpeg"), /could not be read/);
  });
});

describe("names and sizes as people read them", () => {
  it("sizes", () => {
    assert.equal(formatSize(30 * MB), "30 MB");
    assert.equal(formatSize(10 * MB), "10 MB");
    assert.equal(formatSize(9.5 * MB), "9.5 MB");
    assert.equal(formatSize(120 * 1024), "120 KB");
    assert.equal(formatSize(512), "512 bytes");
    assert.equal(tooBigMessage(30 * MB), "The file is too big: it is 30 MB. Photos must be 10 MB or smaller, and evidence files 20 MB or smaller.");
  });

  it("file names lose folders and risky characters, and take the extension of what the file is", () => {
    assert.equal(displayFileName("../../etc/passwd.jpg", "jpg"), "passwd.jpg");
    assert.equal(displayFileName("C:\\fakepath\\Opening day.JPG", "jpg"), "Opening day.jpg");
    assert.equal(displayFileName("report.jpg", "pdf"), "report.pdf");
    assert.equal(displayFileName('we"ird<>name\u0000.png', "png"), "we ird name.png");
    assert.equal(displayFileName("", "pdf"), "file.pdf");
    assert.equal(displayFileName(`${"a".repeat(300)}.pdf`, "pdf").length, 124);
  });

  it("anything that is not a zip has no zip entries", () => {
    assert.equal(zipEntryNames(samplePdf()).size, 0);
    assert.equal(zipEntryNames(Buffer.alloc(10)).size, 0);
  });
});

describe("a Compact area's logo (issue 13)", () => {
  it("logoProblem: a PNG or JPEG within the size and pixel bounds, nothing else", () => {
    assert.equal(logoProblem({ mime: "image/png", bytes: 1000, width: 400, height: 200 }), null);
    assert.equal(logoProblem({ mime: "image/jpeg", bytes: LOGO_LIMITS.bytes, width: LOGO_LIMITS.maxSide, height: LOGO_LIMITS.minSide }), null);
    assert.match(
      logoProblem({ mime: "image/webp", bytes: 1000, width: 400, height: 200 })!,
      /must be a PNG or JPEG image, not a WebP image\. Save it as a PNG/,
    );
    assert.match(logoProblem({ mime: "image/png", bytes: LOGO_LIMITS.bytes + 1, width: 400, height: 200 })!, /Logos must be 2 MB or smaller/);
    assert.match(logoProblem({ mime: "image/png", bytes: 1000, width: 2001, height: 200 })!, /2,001 × 200 pixels\. Logos can be up to 2,000 pixels/);
    assert.match(logoProblem({ mime: "image/png", bytes: 1000, width: 400, height: 31 })!, /too small to read/);
  });

  it("checkLogo: the photo checks first (a PDF is called a PDF), then the logo's bounds from the header", async () => {
    const png = await sharp({ create: { width: 300, height: 100, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toBuffer();
    assert.deepEqual(await checkLogo(png), { ok: true, mime: "image/png" });
    const pdf = samplePdf();
    const refused = await checkLogo(pdf);
    assert.equal(refused.ok, false);
    assert.match((refused as { message: string }).message, /a PDF, not a photo\. Choose a PNG or JPEG logo\./);
    const webp = await sharp({ create: { width: 300, height: 100, channels: 3, background: "#123456" } })
      .webp()
      .toBuffer();
    assert.match(((await checkLogo(webp)) as { message: string }).message, /must be a PNG or JPEG/);
    const wide = await sharp({ create: { width: 2400, height: 100, channels: 3, background: "#123456" } })
      .jpeg()
      .toBuffer();
    assert.match(((await checkLogo(wide)) as { message: string }).message, /2,400 × 100 pixels/);
  });
});
