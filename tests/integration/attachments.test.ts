import "../support/test-env";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { before, describe, it } from "node:test";
import sharp from "sharp";
import { createUserSession } from "~/auth/session.server";
import { prisma } from "~/db/client.server";
import { mayDownloadAttachment } from "~/nominations/attachment-access";
import {
  addAttachment,
  ensurePrintVariants,
  listAttachments,
  loadAttachmentForDownload,
  removeAttachment,
  updateAttachmentDetails,
} from "~/nominations/attachments.server";
import { FILE_LIMITS } from "~/nominations/file-checks.server";
import * as filesPage from "~/routes/nominations.$id.files";
import * as fileRoute from "~/routes/files.$attachmentId";
import { writeFileAtomic } from "~/storage/atomic.server";
import { InvalidStorageKeyError, LocalDiskStorage, newStorageKey, readStoredFile, storage } from "~/storage/storage.server";
import { bigJpegLike, jpegWithExifAndGps, pngHeaderOnly, sampleDocx, samplePdf, samplePhoto } from "../support/sample-files";
import { NotAllowedError } from "~/auth/not-allowed";
import { actorOf } from "../support/actors";
import { inArea } from "../support/areas";

// Uploads go to a fresh data folder for this test file; local disk, never UploadThing.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "compact-awards-attachments-"));
process.env.DATA_DIR = dataDir;
delete process.env.UPLOADTHING_TOKEN;
const uploadsDir = path.join(dataDir, "uploads");

const DAY = 24 * 3_600_000;
const now = new Date();
let seq = 0;
const unique = (s: string) => `${s}-${++seq}`;

/** Every file under data/uploads, relative to it. */
function storedFiles(): string[] {
  if (!fs.existsSync(uploadsDir)) return [];
  return (fs.readdirSync(uploadsDir, { recursive: true }) as string[]).filter((p) => fs.statSync(path.join(uploadsDir, p)).isFile());
}

async function makeCycle(options: { open: boolean }) {
  const slug = unique("files-cycle");
  return prisma.awardCycle.create({
    data: {
      slug,
      name: `Files test ${slug}`,
      area: "Testshire",
      ...inArea("Testshire"),
      launchedAt: new Date(now.getTime() - 30 * DAY),
      nominationsOpenAt: new Date(now.getTime() - 20 * DAY),
      nominationsCloseAt: options.open ? new Date(now.getTime() + 10 * DAY) : new Date(now.getTime() - DAY),
    },
  });
}

async function makeOrganisation(name: string, sector: string) {
  return prisma.organisation.create({ data: { name, nameKey: unique(name.toLowerCase()), sector } });
}

let cen: { id: string };
let council: { id: string };
let partner: { id: string; email: string };
let outsider: { id: string; email: string };

async function makeNomination(options: { open?: boolean; extensionUntil?: Date | null } = {}) {
  const cycle = await makeCycle({ open: options.open ?? true });
  const nomination = await prisma.nomination.create({
    data: {
      cycleId: cycle.id,
      title: unique("Warm spaces"),
      createdById: partner.id,
      extensionUntil: options.extensionUntil ?? null,
      partners: {
        create: [
          { organisationId: cen.id, role: "lead_vcs", contactName: "Aisha", contactEmail: partner.email },
          { organisationId: council.id, role: "lead_statutory", contactName: "Tom", contactEmail: "tom@council.example.gov.uk" },
        ],
      },
    },
  });
  return { cycle, nomination };
}

before(async () => {
  cen = await makeOrganisation("Coventry CEN", "voluntary_community");
  council = await makeOrganisation("Coventry City Council", "statutory");
  const other = await makeOrganisation("Somewhere Else", "voluntary_community");
  partner = await prisma.user.create({ data: { email: "aisha@cen.example.org", name: "Aisha", organisationId: cen.id } });
  outsider = await prisma.user.create({ data: { email: "nosy@elsewhere.example.org", name: "Nosy", organisationId: other.id } });
});

describe("local disk storage", () => {
  it("put, get and delete round trip under data/uploads, sharded by a random key", async () => {
    const store = storage();
    assert.equal(store.backend, "local");
    const key = newStorageKey();
    assert.match(key, /^[0-9a-f]{32}$/);
    const bytes = Buffer.from("hello, storage");
    assert.deepEqual(await store.put(key, bytes, "text/plain"), { key });
    const onDisk = path.join(uploadsDir, key.slice(0, 2), key.slice(2, 4), key);
    assert.deepEqual(fs.readFileSync(onDisk), bytes);
    const got = await store.get(key);
    assert.ok(got);
    assert.equal(got.size, bytes.length);
    assert.deepEqual(await readStoredFile(got), bytes);
    await store.delete(key);
    assert.equal(fs.existsSync(onDisk), false);
    assert.equal(await store.get(key), null);
    await store.delete(key); // deleting twice is fine
    assert.equal(await store.get(newStorageKey()), null);
  });

  it("keys that could name another path are refused before touching the disk", async () => {
    const store = new LocalDiskStorage(uploadsDir);
    for (const key of ["../../etc/passwd", "ab/cd/../../x", "/etc/passwd", "ABCDEF0123456789ABCDEF0123456789", "", "a".repeat(32) + "/", "..", "%2e%2e"]) {
      assert.throws(() => store.pathFor(key), InvalidStorageKeyError);
      await assert.rejects(store.get(key), InvalidStorageKeyError, key);
      await assert.rejects(store.put(key, Buffer.from("x"), "text/plain"), InvalidStorageKeyError, key);
      await assert.rejects(store.delete(key), InvalidStorageKeyError, key);
    }
  });

  it("writeFileAtomic replaces a file whole and leaves no temporary file behind", async () => {
    const target = path.join(dataDir, "atomic", "booklet.pdf");
    await writeFileAtomic(target, Buffer.from("first version"));
    await writeFileAtomic(target, Buffer.from("second, longer version"));
    assert.equal(fs.readFileSync(target, "utf8"), "second, longer version");
    assert.deepEqual(fs.readdirSync(path.dirname(target)), ["booklet.pdf"]);
  });
});

describe("adding files to a nomination", () => {
  it("a photo is stored under a random key, never its file name, with EXIF and GPS stripped", async () => {
    const { nomination } = await makeNomination();
    const original = await jpegWithExifAndGps({ width: 40, height: 20, orientation: 6 });
    assert.ok((await sharp(original).metadata()).exif?.includes("SecretCam"));
    const result = await addAttachment(prisma, await actorOf(partner.id), {
      nominationId: nomination.id,
      kind: "photo",
      fileName: "Opening day at Hillfields.jpg",
      bytes: original,
      caption: "Volunteers at the opening",
      credit: "Sam Smith",
      consentToPublish: true,
    });
    assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
    const a = result.attachment;
    assert.match(a.storageKey, /^[0-9a-f]{32}$/);
    assert.equal(a.storageBackend, "local");
    assert.equal(a.fileName, "Opening day at Hillfields.jpg");
    assert.equal(a.contentType, "image/jpeg");
    assert.deepEqual([a.width, a.height], [20, 40], "turned upright before its size is recorded");
    assert.deepEqual([a.caption, a.credit, a.consentToPublish], ["Volunteers at the opening", "Sam Smith", true]);
    assert.equal(a.uploadedById, partner.id);

    const files = storedFiles();
    assert.ok(files.includes(path.join(a.storageKey.slice(0, 2), a.storageKey.slice(2, 4), a.storageKey)));
    assert.ok(!files.some((f) => /opening|hillfields|\.jpe?g$/i.test(f)), "the user's file name is nowhere on disk");

    const stored = await readStoredFile((await storage("local").get(a.storageKey))!);
    assert.equal(stored.length, a.size);
    const meta = await sharp(stored).metadata();
    assert.equal(meta.exif, undefined, "no EXIF (and so no GPS) in the stored photo");
    assert.equal(meta.xmp, undefined);
    assert.equal(meta.iptc, undefined);
    assert.ok(!stored.includes("SecretCam") && !stored.includes("Spy 3000"));
    assert.deepEqual([meta.width, meta.height], [20, 40]);

    const events = await prisma.auditEvent.findMany({ where: { entityType: "Nomination", entityId: nomination.id, action: "attachment.added" } });
    assert.equal(events.length, 1);
    assert.equal(events[0].actorId, partner.id);
    assert.equal(JSON.parse(events[0].data).attachmentId, a.id);
  });

  it("a photo's print variant is made once, when it is added: an upright sRGB JPEG of at most 1600 px, removed with the photo", async () => {
    const { nomination } = await makeNomination();
    const png = await sharp({ create: { width: 2800, height: 1400, channels: 4, background: { r: 20, g: 90, b: 160, alpha: 0.5 } } })
      .png()
      .toBuffer();
    const result = await addAttachment(prisma, await actorOf(partner.id), { nominationId: nomination.id, kind: "photo", fileName: "wide.png", bytes: png });
    assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
    const { printKey } = result.attachment;
    assert.match(printKey ?? "", /^local:[0-9a-f]{32}$/);
    const printFile = await storage("local").get(printKey!.slice("local:".length));
    assert.ok(printFile, "the print variant is stored");
    const meta = await sharp(await readStoredFile(printFile)).metadata();
    assert.deepEqual([meta.format, meta.space, meta.channels, meta.width, meta.height, meta.hasAlpha], ["jpeg", "srgb", 3, 1600, 800, false]);
    assert.equal(meta.exif, undefined);

    const removed = await removeAttachment(prisma, await actorOf(partner.id), { nominationId: nomination.id, attachmentId: result.attachment.id });
    assert.ok(removed.ok);
    assert.equal(await storage("local").get(printKey!.slice("local:".length)), null, "the print variant goes with the photo");
  });

  it("a photo added before print variants existed gets one the first time it is needed, once", async () => {
    const { nomination } = await makeNomination();
    const bytes = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: "#3a7a3a" } })
      .jpeg()
      .toBuffer();
    const { key } = await storage().put(newStorageKey(), bytes, "image/jpeg");
    const old = await prisma.attachment.create({
      data: {
        nominationId: nomination.id,
        storageKey: key,
        storageBackend: "local",
        fileName: "old.jpg",
        contentType: "image/jpeg",
        size: bytes.length,
        kind: "photo",
      },
    });
    assert.equal(old.printKey, null);
    const first = await ensurePrintVariants(prisma, [old.id]);
    const printKey = first.get(old.id);
    assert.match(printKey ?? "", /^local:[0-9a-f]{32}$/);
    assert.equal((await prisma.attachment.findUniqueOrThrow({ where: { id: old.id } })).printKey, printKey);
    const meta = await sharp(await readStoredFile((await storage("local").get(printKey!.slice(6)))!)).metadata();
    assert.deepEqual([meta.width, meta.height], [1600, 1067]);
    // asked again (and twice at once): the same variant, nothing new stored
    const before = storedFiles().length;
    const again = await Promise.all([ensurePrintVariants(prisma, [old.id]), ensurePrintVariants(prisma, [old.id])]);
    assert.deepEqual(
      again.map((m) => m.get(old.id)),
      [printKey, printKey],
    );
    assert.equal(storedFiles().length, before);
  });

  it("evidence (PDF and DOCX) is stored exactly as sent; credit and consent apply to photos only", async () => {
    const { nomination } = await makeNomination();
    const pdf = samplePdf();
    const r1 = await addAttachment(prisma, await actorOf(partner.id), {
      nominationId: nomination.id,
      kind: "evidence",
      fileName: "report.pdf",
      bytes: pdf,
      credit: "x",
      consentToPublish: true,
    });
    assert.ok(r1.ok);
    assert.deepEqual(await readStoredFile((await storage().get(r1.attachment.storageKey))!), pdf);
    assert.deepEqual([r1.attachment.credit, r1.attachment.consentToPublish, r1.attachment.width], ["", false, null]);
    const docx = await sampleDocx();
    const r2 = await addAttachment(prisma, await actorOf(partner.id), {
      nominationId: nomination.id,
      kind: "evidence",
      fileName: "Letter of support.docx",
      bytes: docx,
    });
    assert.ok(r2.ok);
    assert.equal(r2.attachment.contentType, "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    assert.equal(r2.attachment.fileName, "Letter of support.docx");
  });

  it("a PDF renamed .jpg is refused as a photo, and nothing is stored", async () => {
    const { nomination } = await makeNomination();
    const before = storedFiles().length;
    const result = await addAttachment(prisma, await actorOf(partner.id), {
      nominationId: nomination.id,
      kind: "photo",
      fileName: "photo.jpg",
      bytes: samplePdf(),
      caption: "Kept",
    });
    assert.deepEqual(result, { ok: false, errors: { file: "The file is a PDF, not a photo. Choose a JPEG, PNG or WebP photo." } });
    assert.equal(storedFiles().length, before);
    assert.equal(await prisma.attachment.count({ where: { nominationId: nomination.id } }), 0);
  });

  it("every problem is reported at once: no kind chosen, an over-long caption, a wrong file", async () => {
    const { nomination } = await makeNomination();
    const missingKind = await addAttachment(prisma, await actorOf(partner.id), {
      nominationId: nomination.id,
      kind: "",
      fileName: "a.jpg",
      bytes: await samplePhoto("jpeg"),
      caption: "x".repeat(301),
    });
    assert.equal(missingKind.ok, false);
    assert.deepEqual(Object.keys(!missingKind.ok ? missingKind.errors : {}).sort(), ["caption", "kind"]);
    const both = await addAttachment(prisma, await actorOf(partner.id), {
      nominationId: nomination.id,
      kind: "photo",
      fileName: "a.jpg",
      bytes: samplePdf(),
      caption: "x".repeat(301),
    });
    assert.deepEqual(Object.keys(!both.ok ? both.errors : {}).sort(), ["caption", "file"]);
  });

  it("at most 10 files per nomination: the eleventh is refused and leaves nothing behind", async () => {
    const { nomination } = await makeNomination();
    for (let i = 0; i < FILE_LIMITS.filesPerNomination; i++) {
      const r = await addAttachment(prisma, await actorOf(partner.id), {
        nominationId: nomination.id,
        kind: "evidence",
        fileName: `evidence ${i}.pdf`,
        bytes: samplePdf(`Page ${i}`),
      });
      assert.ok(r.ok, `file ${i + 1}`);
    }
    const before = storedFiles().length;
    const eleventh = await addAttachment(prisma, await actorOf(partner.id), {
      nominationId: nomination.id,
      kind: "photo",
      fileName: "one more.jpg",
      bytes: await samplePhoto("jpeg"),
    });
    assert.deepEqual(eleventh, {
      ok: false,
      errors: { file: "This nomination already has 10 files, the most it can have. Remove a file before adding another." },
    });
    assert.equal(await prisma.attachment.count({ where: { nominationId: nomination.id } }), 10);
    assert.equal(storedFiles().length, before);
  });

  it("two uploads racing for the last place: exactly one wins", async () => {
    const { nomination } = await makeNomination();
    for (let i = 0; i < FILE_LIMITS.filesPerNomination - 1; i++) {
      assert.ok(
        (await addAttachment(prisma, await actorOf(partner.id), { nominationId: nomination.id, kind: "evidence", fileName: `e${i}.pdf`, bytes: samplePdf() }))
          .ok,
      );
    }
    const before = storedFiles().length;
    const partnerActor = await actorOf(partner.id);
    const results = await Promise.allSettled(
      [1, 2, 3].map((i) =>
        addAttachment(prisma, partnerActor, { nominationId: nomination.id, kind: "evidence", fileName: `race${i}.pdf`, bytes: samplePdf() }),
      ),
    );
    const wins = results.filter((r) => r.status === "fulfilled" && r.value.ok).length;
    assert.equal(wins, 1);
    assert.equal(await prisma.attachment.count({ where: { nominationId: nomination.id } }), 10);
    assert.equal(storedFiles().length, before + 1, "the losers' files are removed again");
  });
});

describe("finding 5: photos are bounded before they are decoded", () => {
  it("finding 5: a 10,000 x 10,000 16-bit PNG (under 1 MB) is refused from its header, with the reason next to the file field", async () => {
    const { nomination } = await makeNomination();
    // The file of the probe: real pixels, small because they compress to nothing.
    const bomb = await sharp({ create: { width: 10_000, height: 10_000, channels: 3, background: { r: 10, g: 20, b: 30 } } })
      .toColourspace("rgb16")
      .png({ compressionLevel: 9 })
      .toBuffer();
    assert.ok(bomb.byteLength < FILE_LIMITS.photoBytes);
    const refused = await addAttachment(prisma, await actorOf(partner.id), { nominationId: nomination.id, kind: "photo", fileName: "bomb.png", bytes: bomb });
    assert.equal(refused.ok, false);
    assert.equal(
      !refused.ok && refused.errors.file,
      "The photo is 10,000 × 10,000 pixels (100 megapixels). Photos can be up to 40 megapixels: make it smaller (for example 6,000 × 4,000 pixels) and choose it again.",
    );
    // The same header over no image at all gets the same answer: it was never decoded (decoding it would fail).
    const header = await addAttachment(prisma, await actorOf(partner.id), {
      nominationId: nomination.id,
      kind: "photo",
      fileName: "header.png",
      bytes: pngHeaderOnly(10_000, 10_000, 16),
    });
    assert.deepEqual(header, refused);
    assert.equal(await prisma.attachment.count({ where: { nominationId: nomination.id } }), 0);
  });

  it("finding 5: more than 8 bits per colour is refused, however small the photo", async () => {
    const { nomination } = await makeNomination();
    const deep = await sharp({ create: { width: 200, height: 100, channels: 3, background: "#336699" } })
      .toColourspace("rgb16")
      .png()
      .toBuffer();
    const result = await addAttachment(prisma, await actorOf(partner.id), { nominationId: nomination.id, kind: "photo", fileName: "deep.png", bytes: deep });
    assert.equal(
      !result.ok && result.errors.file,
      "The photo has more than 8 bits per colour, more than we take. Save it as a JPEG, or as an 8-bit PNG, and choose it again.",
    );
    const header = await addAttachment(prisma, await actorOf(partner.id), {
      nominationId: nomination.id,
      kind: "photo",
      fileName: "h.png",
      bytes: pngHeaderOnly(200, 100, 16),
    });
    assert.deepEqual(header, result);
    // 8 bits at the most pixels allowed is fine by its header.
    const ok = await addAttachment(prisma, await actorOf(partner.id), {
      nominationId: nomination.id,
      kind: "photo",
      fileName: "ok.png",
      bytes: await samplePhoto("png"),
    });
    assert.ok(ok.ok);
  });

  it("the file functions ask can() themselves: someone who is not one of the nomination's people changes nothing", async () => {
    const { nomination } = await makeNomination();
    const added = await addAttachment(prisma, await actorOf(partner.id), {
      nominationId: nomination.id,
      kind: "evidence",
      fileName: "mine.pdf",
      bytes: samplePdf(),
    });
    assert.ok(added.ok);
    const stranger = await actorOf((await prisma.user.create({ data: { email: unique("stranger") + "@elsewhere.example.org", name: "Stranger" } })).id);
    const id = { nominationId: nomination.id, attachmentId: added.attachment.id };
    await assert.rejects(
      addAttachment(prisma, stranger, { nominationId: nomination.id, kind: "evidence", fileName: "x.pdf", bytes: samplePdf() }),
      NotAllowedError,
    );
    await assert.rejects(updateAttachmentDetails(prisma, stranger, { ...id, caption: "Mine now", credit: "", consentToPublish: false }), NotAllowedError);
    await assert.rejects(removeAttachment(prisma, stranger, id), NotAllowedError);
    const rows = await prisma.attachment.findMany({ where: { nominationId: nomination.id } });
    assert.deepEqual(
      rows.map((r) => [r.fileName, r.caption]),
      [["mine.pdf", ""]],
    );
  });

  it("finding 5: one person may add at most uploadsPerHour files an hour; removing them does not give the allowance back", async () => {
    const { nomination } = await makeNomination();
    const busy = await prisma.user.create({ data: { email: unique("busy") + "@cen.example.org", name: "Busy" } });
    // One of the nomination's people (a lead added them), so the files are theirs to change.
    await prisma.nominationCollaborator.create({ data: { nominationId: nomination.id, email: busy.email, status: "active" } });
    const busyActor = await actorOf(busy.id);
    const at = new Date();
    const add = (when: Date) =>
      addAttachment(prisma, busyActor, { nominationId: nomination.id, kind: "evidence", fileName: "r.pdf", bytes: samplePdf(), now: when });
    for (let i = 0; i < FILE_LIMITS.uploadsPerHour; i++) {
      const added = await add(at);
      assert.ok(added.ok, `upload ${i + 1}`);
      assert.ok((await removeAttachment(prisma, await actorOf(busy.id), { nominationId: nomination.id, attachmentId: added.attachment.id, now: at })).ok);
    }
    const refused = await add(at);
    assert.equal(
      !refused.ok && refused.errors.file,
      `You have added ${FILE_LIMITS.uploadsPerHour} files in the last hour, the most we take from one person. Please wait a few minutes, then try again.`,
    );
    // Someone else is not held up, and the allowance comes back as time passes (one a minute).
    assert.ok(
      (
        await addAttachment(prisma, await actorOf(partner.id), {
          nominationId: nomination.id,
          kind: "evidence",
          fileName: "s.pdf",
          bytes: samplePdf(),
          now: at,
        })
      ).ok,
    );
    assert.ok((await add(new Date(at.getTime() + 61_000))).ok);
  });
});

describe("deadlines", () => {
  it("after the closing date nothing can be added, changed or removed", async () => {
    const { nomination } = await makeNomination();
    const added = await addAttachment(prisma, await actorOf(partner.id), {
      nominationId: nomination.id,
      kind: "evidence",
      fileName: "r.pdf",
      bytes: samplePdf(),
    });
    assert.ok(added.ok);
    // One second after the deadline.
    const late = new Date(
      (await prisma.awardCycle.findFirstOrThrow({ where: { nominations: { some: { id: nomination.id } } } })).nominationsCloseAt.getTime() + 1000,
    );

    const refusedAdd = await addAttachment(prisma, await actorOf(partner.id), {
      nominationId: nomination.id,
      kind: "evidence",
      fileName: "late.pdf",
      bytes: samplePdf(),
      now: late,
    });
    assert.equal(refusedAdd.ok, false);
    assert.match(!refusedAdd.ok ? (refusedAdd.errors.form ?? "") : "", /closed on .*can no longer be started, changed, confirmed or submitted/);

    const refusedUpdate = await updateAttachmentDetails(prisma, await actorOf(partner.id), {
      nominationId: nomination.id,
      attachmentId: added.attachment.id,
      caption: "late",
      now: late,
    });
    assert.equal(refusedUpdate.ok, false);
    const refusedRemove = await removeAttachment(prisma, await actorOf(partner.id), {
      nominationId: nomination.id,
      attachmentId: added.attachment.id,
      now: late,
    });
    assert.equal(refusedRemove.ok, false);
    assert.equal(await prisma.attachment.count({ where: { nominationId: nomination.id } }), 1);
  });

  it("a closed cycle refuses uploads; an extension granted by an organiser lets this one nomination carry on", async () => {
    const { nomination: closed } = await makeNomination({ open: false });
    const refused = await addAttachment(prisma, await actorOf(partner.id), {
      nominationId: closed.id,
      kind: "evidence",
      fileName: "r.pdf",
      bytes: samplePdf(),
    });
    assert.equal(refused.ok, false);
    assert.ok(!refused.ok && refused.errors.form);

    const { nomination: extended } = await makeNomination({ open: false, extensionUntil: new Date(now.getTime() + 2 * DAY) });
    assert.ok(
      (await addAttachment(prisma, await actorOf(partner.id), { nominationId: extended.id, kind: "evidence", fileName: "r.pdf", bytes: samplePdf() })).ok,
    );
  });
});

describe("describing and removing files", () => {
  it("caption, credit and consent are updated, audited, and checked", async () => {
    const { nomination } = await makeNomination();
    const added = await addAttachment(prisma, await actorOf(partner.id), {
      nominationId: nomination.id,
      kind: "photo",
      fileName: "p.png",
      bytes: await samplePhoto("png"),
    });
    assert.ok(added.ok);
    assert.equal(added.attachment.consentToPublish, false);
    const id = added.attachment.id;

    const saved = await updateAttachmentDetails(prisma, await actorOf(partner.id), {
      nominationId: nomination.id,
      attachmentId: id,
      caption: "  The first warm space  ",
      credit: "Jo Bloggs",
      consentToPublish: true,
    });
    assert.ok(saved.ok);
    const row = await prisma.attachment.findUniqueOrThrow({ where: { id } });
    assert.deepEqual([row.caption, row.credit, row.consentToPublish], ["The first warm space", "Jo Bloggs", true]);
    const event = await prisma.auditEvent.findFirstOrThrow({ where: { entityId: nomination.id, action: "attachment.updated" } });
    assert.deepEqual(JSON.parse(event.data).changed, ["caption", "credit", "consentToPublish"]);

    const tooLong = await updateAttachmentDetails(prisma, await actorOf(partner.id), {
      nominationId: nomination.id,
      attachmentId: id,
      caption: "x".repeat(301),
      credit: "y".repeat(121),
    });
    assert.deepEqual(tooLong, {
      ok: false,
      errors: { caption: "The caption must be 300 characters or fewer", credit: "The photo credit must be 120 characters or fewer" },
    });
    // Withdrawing consent is a change like any other.
    assert.ok(
      (
        await updateAttachmentDetails(prisma, await actorOf(partner.id), {
          nominationId: nomination.id,
          attachmentId: id,
          caption: "The first warm space",
          credit: "Jo Bloggs",
          consentToPublish: false,
        })
      ).ok,
    );
    assert.equal((await prisma.attachment.findUniqueOrThrow({ where: { id } })).consentToPublish, false);
  });

  it("a file can only be changed through its own nomination", async () => {
    const { nomination: mine } = await makeNomination();
    const { nomination: theirs } = await makeNomination();
    const added = await addAttachment(prisma, await actorOf(partner.id), { nominationId: theirs.id, kind: "evidence", fileName: "r.pdf", bytes: samplePdf() });
    assert.ok(added.ok);
    const viaMine = await updateAttachmentDetails(prisma, await actorOf(partner.id), {
      nominationId: mine.id,
      attachmentId: added.attachment.id,
      caption: "hijack",
    });
    assert.equal(viaMine.ok, false);
    const removeViaMine = await removeAttachment(prisma, await actorOf(partner.id), { nominationId: mine.id, attachmentId: added.attachment.id });
    assert.equal(removeViaMine.ok, false);
    assert.equal((await prisma.attachment.findUniqueOrThrow({ where: { id: added.attachment.id } })).caption, "");
  });

  it("removing a file deletes it from storage too", async () => {
    const { nomination } = await makeNomination();
    const added = await addAttachment(prisma, await actorOf(partner.id), {
      nominationId: nomination.id,
      kind: "photo",
      fileName: "p.webp",
      bytes: await samplePhoto("webp"),
    });
    assert.ok(added.ok);
    assert.ok(await storage().get(added.attachment.storageKey));
    const removed = await removeAttachment(prisma, await actorOf(partner.id), { nominationId: nomination.id, attachmentId: added.attachment.id });
    assert.deepEqual(removed, { ok: true, attachment: { id: added.attachment.id, fileName: "p.webp" } });
    assert.equal(await storage().get(added.attachment.storageKey), null);
    assert.deepEqual(await listAttachments(prisma, nomination.id), []);
    assert.ok(await prisma.auditEvent.findFirst({ where: { entityId: nomination.id, action: "attachment.removed" } }));
  });
});

describe("the pages", () => {
  const BASE = "http://localhost";
  async function cookieFor(userId: string) {
    const setCookie = await createUserSession(new Request(BASE), userId);
    return setCookie.split(";")[0];
  }

  function multipart(fields: Record<string, string>, file?: { name: string; type: string; bytes: Uint8Array }) {
    const form = new FormData();
    form.set("intent", "upload");
    if (file) form.set("file", new File([new Uint8Array(file.bytes)], file.name, { type: file.type }));
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    return form;
  }

  /** As a browser posts a form: the multipart body with its Content-Length (a chunked upload is held to a tighter limit). */
  async function post(nominationId: string, cookie: string, form: FormData) {
    const encoded = new Response(form);
    const body = new Uint8Array(await encoded.arrayBuffer());
    const headers = { Cookie: cookie, "Content-Type": encoded.headers.get("content-type")!, "Content-Length": String(body.byteLength) };
    const request = new Request(`${BASE}/nominations/${nominationId}/files`, { method: "POST", headers, body });
    try {
      return await filesPage.action({ request, params: { id: nominationId }, context: {} });
    } catch (thrown) {
      if (thrown instanceof Response) return thrown;
      throw thrown;
    }
  }

  it("a multipart upload is stored and the page redirects back with a notice", async () => {
    const { nomination } = await makeNomination();
    const cookie = await cookieFor(partner.id);
    const response = await post(
      nomination.id,
      cookie,
      multipart(
        { kind: "photo", caption: "At the centre", credit: "Sam", consentToPublish: "on" },
        { name: "centre.jpg", type: "image/jpeg", bytes: await samplePhoto("jpeg") },
      ),
    );
    assert.equal(response.status, 302);
    assert.equal(response.headers.get("Location"), `/nominations/${nomination.id}/files`);
    const [a] = await listAttachments(prisma, nomination.id);
    assert.deepEqual([a.fileName, a.caption, a.credit, a.consentToPublish], ["centre.jpg", "At the centre", "Sam", true]);
  });

  it("a 30 MB upload gets a clear message, not a 500, and what was typed is kept", async () => {
    const { nomination } = await makeNomination();
    const cookie = await cookieFor(partner.id);
    const big = bigJpegLike(30 * 1024 * 1024, await samplePhoto("jpeg"));
    const response = await post(
      nomination.id,
      cookie,
      multipart({ kind: "photo", caption: "Our big day", credit: "Kim" }, { name: "huge.jpg", type: "image/jpeg", bytes: big }),
    );
    assert.equal(response.status, 413);
    const body = await response.json();
    assert.equal(body.errors.file, "The file is 30 MB. Photos must be 10 MB or smaller.");
    assert.equal(body.values.caption, "Our big day");
    assert.equal(body.values.credit, "Kim");
    assert.equal(await prisma.attachment.count({ where: { nominationId: nomination.id } }), 0);
  });

  it("a PDF renamed .jpg posted as a photo is refused next to the file field, keeping the caption", async () => {
    const { nomination } = await makeNomination();
    const cookie = await cookieFor(partner.id);
    const response = await post(
      nomination.id,
      cookie,
      multipart({ kind: "photo", caption: "Keep me" }, { name: "holiday.jpg", type: "image/jpeg", bytes: samplePdf() }),
    );
    assert.equal(response.status, 400);
    const body = await response.json();
    assert.equal(body.errors.file, "The file is a PDF, not a photo. Choose a JPEG, PNG or WebP photo.");
    assert.equal(body.values.caption, "Keep me");
  });

  it("no file chosen: a message next to the file field", async () => {
    const { nomination } = await makeNomination();
    const cookie = await cookieFor(partner.id);
    const form = multipart({ kind: "evidence" });
    form.set("file", new File([], "", { type: "application/octet-stream" }));
    const response = await post(nomination.id, cookie, form);
    assert.equal(response.status, 400);
    assert.equal((await response.json()).errors.file, "Choose a file to upload");
  });

  it("someone else's nomination: 404 from the loader and the action alike", async () => {
    const { nomination } = await makeNomination();
    const cookie = await cookieFor(outsider.id);
    const response = await post(nomination.id, cookie, multipart({ kind: "evidence" }, { name: "r.pdf", type: "application/pdf", bytes: samplePdf() }));
    assert.equal(response.status, 404);
    await assert.rejects(
      Promise.resolve(
        filesPage.loader({
          request: new Request(`${BASE}/nominations/${nomination.id}/files`, { headers: { Cookie: cookie } }),
          params: { id: nomination.id },
          context: {},
        }),
      ),
      (thrown: unknown) => thrown instanceof Response && thrown.status === 404,
    );
    assert.equal(await prisma.attachment.count({ where: { nominationId: nomination.id } }), 0);
  });

  it("the file route serves partners with safe headers, and 404s everyone else", async () => {
    const { nomination, cycle } = await makeNomination();
    const added = await addAttachment(prisma, await actorOf(partner.id), {
      nominationId: nomination.id,
      kind: "evidence",
      fileName: "Letter of support.docx",
      bytes: await sampleDocx(),
    });
    assert.ok(added.ok);
    const get = async (cookie?: string) => {
      const request = new Request(`${BASE}/files/${added.attachment.id}`, { headers: cookie ? { Cookie: cookie } : {} });
      try {
        return await fileRoute.loader({ request, params: { attachmentId: added.attachment.id }, context: {} });
      } catch (thrown) {
        if (thrown instanceof Response) return thrown;
        throw thrown;
      }
    };
    const ok = await get(await cookieFor(partner.id));
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get("Content-Type"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    assert.equal(ok.headers.get("Content-Disposition"), `attachment; filename="Letter of support.docx"; filename*=UTF-8''Letter%20of%20support.docx`);
    assert.equal(ok.headers.get("X-Content-Type-Options"), "nosniff");
    assert.match(ok.headers.get("Cache-Control") ?? "", /^private/);
    assert.deepEqual(Buffer.from(await ok.arrayBuffer()), await readStoredFile((await storage().get(added.attachment.storageKey))!));

    assert.equal((await get(await cookieFor(outsider.id))).status, 404);
    assert.equal((await get()).status, 404);
    const missing = await fileRoute
      .loader({ request: new Request(`${BASE}/files/nope`), params: { attachmentId: "nope" }, context: {} })
      .catch((r: Response) => r);
    assert.equal((missing as Response).status, 404);

    // Published, awarded, consented photo: public, served inline.
    const photo = await addAttachment(prisma, await actorOf(partner.id), {
      nominationId: nomination.id,
      kind: "photo",
      fileName: "café opening.jpg",
      bytes: await samplePhoto("jpeg"),
      consentToPublish: true,
    });
    assert.ok(photo.ok);
    const tier = await prisma.outcomeTier.create({ data: { cycleId: cycle.id, name: "Winner", rank: 1, kind: "winner" } });
    await prisma.decision.create({ data: { nominationId: nomination.id, outcomeTierId: tier.id } });
    await prisma.nomination.update({ where: { id: nomination.id }, data: { consentToPublish: true } });
    const facts = (await loadAttachmentForDownload(prisma, photo.attachment.id))!.facts;
    assert.equal(mayDownloadAttachment(null, facts), false, "not before results are published");
    await prisma.awardCycle.update({ where: { id: cycle.id }, data: { publishedAt: new Date() } });
    const publicResponse = await fileRoute.loader({
      request: new Request(`${BASE}/files/${photo.attachment.id}`),
      params: { attachmentId: photo.attachment.id },
      context: {},
    });
    assert.equal(publicResponse.status, 200);
    assert.equal(publicResponse.headers.get("Content-Type"), "image/jpeg");
    assert.equal(publicResponse.headers.get("Content-Disposition"), `inline; filename="cafe opening.jpg"; filename*=UTF-8''caf%C3%A9%20opening.jpg`);
    assert.equal((await get()).status, 404, "evidence stays private after publication");
  });
});
