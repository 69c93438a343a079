import "../support/test-env";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import sharp from "sharp";
import { prisma } from "~/db/client.server";
import * as apiRoute from "~/routes/api.uploadthing";
import * as fileRoute from "~/routes/files.$attachmentId";
import { addAttachment } from "~/nominations/attachments.server";
import { newStorageKey, readStoredFile, storage, UploadThingStorage } from "~/storage/storage.server";
import { startFakeUploadThing, type FakeUploadThing } from "../support/fake-uploadthing";
import { jpegWithExifAndGps, samplePdf } from "../support/sample-files";
import { sessionCookie as cookieFor } from "../support/route-calls";
import { actorOf } from "../support/actors";
import { inArea } from "../support/areas";

/**
 * UploadThing has no local mode: its route handler and server SDK run for real here,
 * against a loopback fake of UploadThing's servers (tests/support/fake-uploadthing.ts).
 */

const BASE = "http://localhost";
const DAY = 24 * 3_600_000;
const now = new Date();
process.env.DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "compact-awards-uploadthing-"));

let fake: FakeUploadThing;
let partnerCookie: string;
let outsiderCookie: string;
let partnerId: string;
let nominationId: string;
let seq = 0;

/** Calls the Remix route as the server would; thrown responses are returned. */
async function callRoute(request: Request): Promise<Response> {
  try {
    return request.method === "GET" ? await apiRoute.loader({ request, params: {}, context: {} }) : await apiRoute.action({ request, params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** What @uploadthing/react sends when someone picks files: ask for presigned URLs. */
function uploadRequest(cookie: string | null, files: { name: string; size: number; type: string }[], input: unknown) {
  return new Request(`${BASE}/api/uploadthing?slug=nominationFiles&actionType=upload`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-uploadthing-package": "@uploadthing/react",
      "x-uploadthing-version": "7.7.4",
      ...(cookie ? { cookie } : {}),
    },
    body: JSON.stringify({ files, input }),
  });
}

/** What UploadThing sends once a file has arrived: a JSON body signed with the API key. */
function callbackRequest(body: string, signature: string) {
  return new Request(`${BASE}/api/uploadthing?slug=nominationFiles`, {
    method: "POST",
    headers: { "content-type": "application/json", "uploadthing-hook": "callback", "x-uploadthing-signature": signature, "x-uploadthing-version": "7.7.4" },
    body,
  });
}

function callbackBody(file: { key: string; name: string; size: number; type: string }, metadata: Record<string, unknown>) {
  const ufsUrl = `${fake.url}/f/${file.key}`;
  return JSON.stringify({
    status: "uploaded",
    file: { ...file, customId: null, url: ufsUrl, appUrl: ufsUrl, ufsUrl, fileHash: "d41d8cd98f00b204e9800998ecf8427e", lastModified: Date.now() },
    origin: fake.url,
    metadata,
  });
}

type Presigned = { url: string; key: string; name: string; customId: string | null };

/** The whole browser side: ask for a URL, PUT the file there. Returns the presigned data and the metadata the handler registered. */
async function uploadAsBrowser(bytes: Buffer, name: string, type: string, kind: "photo" | "evidence") {
  const response = await callRoute(uploadRequest(partnerCookie, [{ name, size: bytes.length, type }], { nominationId, kind }));
  assert.equal(response.status, 200, await response.clone().text());
  const [presigned] = (await response.json()) as Presigned[];
  const registered = fake.received("POST", "/route-metadata").find((r) => (r.json as { fileKeys: string[] }).fileKeys.includes(presigned.key));
  assert.ok(registered, "the handler registered the upload with UploadThing");
  const put = await fake.upload(presigned.url, bytes, name, type);
  assert.equal(put.status, 200, "the presigned URL is correctly signed");
  return { presigned, metadata: (registered.json as { metadata: Record<string, unknown> }).metadata };
}

before(async () => {
  fake = await startFakeUploadThing({ apiKey: "sk_test_compact_awards_fake_key", appId: "test-app" });
  Object.assign(process.env, fake.env());

  const suffix = `${Date.now()}`;
  const cen = await prisma.organisation.create({ data: { name: "CEN", nameKey: `cen ${suffix}`, sector: "voluntary_community" } });
  const council = await prisma.organisation.create({ data: { name: "Council", nameKey: `council ${suffix}`, sector: "statutory" } });
  const other = await prisma.organisation.create({ data: { name: "Other", nameKey: `other ${suffix}`, sector: "voluntary_community" } });
  const partner = await prisma.user.create({ data: { email: "aisha@cen.example.org", name: "Aisha", organisationId: cen.id } });
  const outsider = await prisma.user.create({ data: { email: "nosy@other.example.org", name: "Nosy", organisationId: other.id } });
  partnerId = partner.id;
  const cycle = await prisma.awardCycle.create({
    data: {
      slug: "ut-cycle",
      name: "UploadThing test cycle",
      area: "Testshire",
      ...inArea("Testshire"),
      launchedAt: new Date(now.getTime() - 30 * DAY),
      nominationsOpenAt: new Date(now.getTime() - 20 * DAY),
      nominationsCloseAt: new Date(now.getTime() + 10 * DAY),
    },
  });
  const nomination = await prisma.nomination.create({
    data: {
      cycleId: cycle.id,
      title: "Warm spaces",
      createdById: partner.id,
      partners: {
        create: [
          { organisationId: cen.id, role: "lead_vcs", contactName: "Aisha", contactEmail: partner.email },
          { organisationId: council.id, role: "lead_statutory", contactName: "Tom", contactEmail: "tom@council.example.gov.uk" },
        ],
      },
    },
  });
  nominationId = nomination.id;
  partnerCookie = await cookieFor(partner.id);
  outsiderCookie = await cookieFor(outsider.id);
});

after(async () => {
  await fake?.close();
});

describe("UploadThing storage backend (server SDK against the fake)", () => {
  it("storage() picks UploadThing when UPLOADTHING_TOKEN is set; put, get and delete round trip", async () => {
    const store = storage();
    assert.equal(store.backend, "uploadthing");
    const pdf = samplePdf();
    const { key } = await store.put(newStorageKey(), pdf, "application/pdf");
    assert.ok(UploadThingStorage.isValidKey(key), "UploadThing's own file key is kept as our key");
    const sent = fake.files.get(key)!;
    assert.equal(sent.type, "application/pdf");
    assert.match(sent.name, /^[0-9a-f]{32}\.pdf$/, "UploadThing sees our random name, never the user's");
    const got = await store.get(key);
    assert.ok(got);
    assert.deepEqual(await readStoredFile(got), pdf);
    await store.delete(key);
    assert.equal(fake.files.has(key), false);
    assert.equal(await store.get(key), null);
    await assert.rejects(store.get("../../etc/passwd"));
  });
});

describe("UploadThing route handler", () => {
  it("without UPLOADTHING_TOKEN the endpoint does not exist", async () => {
    const saved = process.env.UPLOADTHING_TOKEN;
    delete process.env.UPLOADTHING_TOKEN;
    try {
      assert.equal((await callRoute(new Request(`${BASE}/api/uploadthing`))).status, 404);
    } finally {
      process.env.UPLOADTHING_TOKEN = saved;
    }
  });

  it("describes its file route to the client", async () => {
    const response = await callRoute(new Request(`${BASE}/api/uploadthing`));
    assert.equal(response.status, 200);
    const config = (await response.json()) as { slug: string; config: Record<string, { maxFileCount: number }> }[];
    assert.deepEqual(
      config.map((c) => c.slug),
      ["nominationFiles"],
    );
    assert.deepEqual(Object.keys(config[0].config).sort(), ["blob", "image", "pdf"]);
    assert.equal(config[0].config.image.maxFileCount, 10);
  });

  it("a partner asking to upload gets presigned URLs, and the handler registers the upload with ingest", async () => {
    const before = fake.received("POST", "/route-metadata").length;
    const response = await callRoute(
      uploadRequest(partnerCookie, [{ name: "opening.jpg", size: 120_000, type: "image/jpeg" }], { nominationId, kind: "photo" }),
    );
    assert.equal(response.status, 200);
    const body = (await response.json()) as Presigned[];
    assert.equal(body.length, 1);
    assert.equal(body[0].name, "opening.jpg");
    const url = new URL(body[0].url);
    assert.equal(url.origin, fake.url);
    assert.equal(url.pathname, `/${body[0].key}`);
    assert.ok(url.searchParams.get("signature")?.startsWith("hmac-sha256="));

    const registered = fake.received("POST", "/route-metadata");
    assert.equal(registered.length, before + 1);
    const last = registered.at(-1)!;
    assert.equal(last.headers["x-uploadthing-api-key"], fake.apiKey);
    const json = last.json as { fileKeys: string[]; metadata: Record<string, unknown>; callbackUrl: string; callbackSlug: string; isDev: boolean };
    assert.deepEqual(json.fileKeys, [body[0].key]);
    assert.deepEqual(json.metadata, { nominationId, userId: partnerId, kind: "photo" });
    assert.equal(json.callbackSlug, "nominationFiles");
    assert.equal(json.callbackUrl, `${BASE}/api/uploadthing`);
    assert.equal(json.isDev, false);
  });

  it("someone who may not edit the nomination is refused, and nothing is registered", async () => {
    const before = fake.received("POST", "/route-metadata").length;
    const files = [{ name: "x.jpg", size: 1000, type: "image/jpeg" }];
    const outsider = await callRoute(uploadRequest(outsiderCookie, files, { nominationId, kind: "photo" }));
    assert.equal(outsider.status, 404);
    const anonymous = await callRoute(uploadRequest(null, files, { nominationId, kind: "photo" }));
    assert.equal(anonymous.status, 403);
    assert.match(((await anonymous.json()) as { message: string }).message, /Sign in/);
    const unknown = await callRoute(uploadRequest(partnerCookie, files, { nominationId: "no-such-nomination", kind: "photo" }));
    assert.equal(unknown.status, 404);
    const badInput = await callRoute(uploadRequest(partnerCookie, files, { nominationId, kind: "virus" }));
    assert.equal(badInput.status, 400);
    assert.equal(fake.received("POST", "/route-metadata").length, before);
  });

  it("files over our limits or of the wrong kind are refused before any upload, in plain English", async () => {
    const tooBig = await callRoute(
      uploadRequest(partnerCookie, [{ name: "huge.jpg", size: 30 * 1024 * 1024, type: "image/jpeg" }], { nominationId, kind: "photo" }),
    );
    assert.equal(tooBig.status, 413);
    assert.equal(((await tooBig.json()) as { message: string }).message, "The file is 30 MB. Photos must be 10 MB or smaller.");
    const wrongKind = await callRoute(
      uploadRequest(partnerCookie, [{ name: "report.pdf", size: 1000, type: "application/pdf" }], { nominationId, kind: "photo" }),
    );
    assert.equal(wrongKind.status, 400);
    const eleven = Array.from({ length: 11 }, (_, i) => ({ name: `e${i}.pdf`, size: 1000, type: "application/pdf" }));
    const tooMany = await callRoute(uploadRequest(partnerCookie, eleven, { nominationId, kind: "evidence" }));
    assert.equal(tooMany.status, 400);
    assert.match(((await tooMany.json()) as { message: string }).message, /at most 10 files/);
  });

  it("a correctly signed upload-complete callback records the photo, re-encoded without EXIF/GPS, and drops the original", async () => {
    const original = await jpegWithExifAndGps({ width: 40, height: 20 });
    const { presigned, metadata } = await uploadAsBrowser(original, "Opening day.jpg", "image/jpeg", "photo");
    assert.ok(fake.files.get(presigned.key)!.bytes.includes("SecretCam"), "UploadThing received the original, metadata and all");

    const body = callbackBody({ key: presigned.key, name: "Opening day.jpg", size: original.length, type: "image/jpeg" }, metadata);
    const response = await callRoute(callbackRequest(body, fake.sign(body)));
    assert.equal(response.status, 200);

    const attachment = await prisma.attachment.findFirstOrThrow({ where: { nominationId, fileName: "Opening day.jpg" } });
    assert.equal(attachment.storageBackend, "uploadthing");
    assert.equal(attachment.kind, "photo");
    assert.equal(attachment.uploadedById, partnerId);
    assert.deepEqual([attachment.width, attachment.height], [40, 20]);
    assert.notEqual(attachment.storageKey, presigned.key, "the photo was stored afresh after re-encoding");
    assert.equal(fake.files.has(presigned.key), false, "the original, with its metadata, is deleted from UploadThing");
    const stored = fake.files.get(attachment.storageKey)!;
    assert.equal((await sharp(stored.bytes).metadata()).exif, undefined);
    assert.ok(!stored.bytes.includes("SecretCam"));

    const result = fake.received("POST", "/callback-result").at(-1)!;
    assert.deepEqual(result.json, { fileKey: presigned.key, callbackData: { attachmentId: attachment.id, error: null } });

    // And it is served through our own file route, fetched from UploadThing.
    const served = await fileRoute.loader({
      request: new Request(`${BASE}/files/${attachment.id}`, { headers: { cookie: partnerCookie } }),
      params: { attachmentId: attachment.id },
      context: {},
    });
    assert.equal(served.status, 200);
    assert.equal(served.headers.get("content-type"), "image/jpeg");
    assert.deepEqual(Buffer.from(await served.arrayBuffer()), stored.bytes);
  });

  it("evidence sent straight to UploadThing keeps UploadThing's key", async () => {
    const pdf = samplePdf("Annual report");
    const { presigned, metadata } = await uploadAsBrowser(pdf, "Annual report.pdf", "application/pdf", "evidence");
    const body = callbackBody({ key: presigned.key, name: "Annual report.pdf", size: pdf.length, type: "application/pdf" }, metadata);
    assert.equal((await callRoute(callbackRequest(body, fake.sign(body)))).status, 200);
    const attachment = await prisma.attachment.findFirstOrThrow({ where: { nominationId, fileName: "Annual report.pdf" } });
    assert.equal(attachment.storageKey, presigned.key);
    assert.equal(attachment.contentType, "application/pdf");
    assert.ok(fake.files.has(presigned.key));
  });

  it("a file that fails the content check on arrival is deleted from UploadThing and not recorded", async () => {
    // The browser said "image/jpeg"; the bytes are a PDF.
    const pdf = samplePdf();
    const { presigned, metadata } = await uploadAsBrowser(pdf, "holiday.jpg", "image/jpeg", "photo");
    const body = callbackBody({ key: presigned.key, name: "holiday.jpg", size: pdf.length, type: "image/jpeg" }, metadata);
    assert.equal((await callRoute(callbackRequest(body, fake.sign(body)))).status, 200);
    assert.equal(await prisma.attachment.count({ where: { nominationId, fileName: { startsWith: "holiday" } } }), 0);
    assert.equal(fake.files.has(presigned.key), false);
    const result = fake.received("POST", "/callback-result").at(-1)!;
    assert.deepEqual(result.json, {
      fileKey: presigned.key,
      callbackData: { attachmentId: null, error: "The file is a PDF, not a photo. Choose a JPEG, PNG or WebP photo." },
    });
  });

  it("a callback with a bad signature is refused and changes nothing", async () => {
    const pdf = samplePdf("Forged");
    const { presigned, metadata } = await uploadAsBrowser(pdf, "forged.pdf", "application/pdf", "evidence");
    const body = callbackBody({ key: presigned.key, name: "forged.pdf", size: pdf.length, type: "application/pdf" }, metadata);
    const resultsBefore = fake.received("POST", "/callback-result").length;
    const forged = [
      `hmac-sha256=${"0".repeat(64)}`,
      fake.sign(body.replace("forged.pdf", "other.pdf")),
      `hmac-sha256=${(await import("node:crypto")).createHmac("sha256", "sk_live_wrong_key").update(body).digest("hex")}`,
      "",
    ];
    for (const signature of forged) {
      const response = await callRoute(callbackRequest(body, signature));
      assert.equal(response.status, 400, signature);
      assert.match(((await response.json()) as { message: string }).message, /Invalid signature/);
    }
    assert.equal(await prisma.attachment.count({ where: { nominationId, fileName: "forged.pdf" } }), 0);
    assert.equal(fake.received("POST", "/callback-result").length, resultsBefore);
  });

  it("a callback for someone who has since lost access records nothing", async () => {
    const pdf = samplePdf("Late");
    const { presigned } = await uploadAsBrowser(pdf, "late.pdf", "application/pdf", "evidence");
    const outsiderId = (await prisma.user.findUniqueOrThrow({ where: { email: "nosy@other.example.org" } })).id;
    const body = callbackBody(
      { key: presigned.key, name: "late.pdf", size: pdf.length, type: "application/pdf" },
      { nominationId, userId: outsiderId, kind: "evidence" },
    );
    assert.equal((await callRoute(callbackRequest(body, fake.sign(body)))).status, 200);
    assert.equal(await prisma.attachment.count({ where: { nominationId, fileName: "late.pdf" } }), 0);
    assert.equal(fake.files.has(presigned.key), false);
  });

  it("the plain form path stores through UploadThing too when the token is set", async () => {
    const result = await addAttachment(prisma, await actorOf(partnerId), { nominationId, kind: "evidence", fileName: `form ${++seq}.pdf`, bytes: samplePdf() });
    assert.ok(result.ok);
    assert.equal(result.attachment.storageBackend, "uploadthing");
    assert.ok(fake.files.has(result.attachment.storageKey));
  });
});
