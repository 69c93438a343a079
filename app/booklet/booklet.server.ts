/**
 * The case-study booklet: made once per change of what it is made from, stored, and
 * served as stored (docs/decisions/0014-booklet-pdf.md).
 *
 * - inputHash: SHA-256 of everything the booklet is made from (the cycle's fields, the
 *   awards from loadAwards, the photos' storage keys, captions and credits, and the
 *   layout version). Same hash: serve the stored file. Different: make it again.
 * - Two-pass render: the first pass records the page each case study starts on, the
 *   second prints those numbers in the contents. The contents' own length does not depend
 *   on the numbers (they sit in a fixed-width column), so the second pass lays out the
 *   same; it is checked, and a third pass runs if a number moved.
 * - Atomic: the PDF is rendered completely in memory, then stored with storage().put
 *   (local disk writes a temporary file and renames it), and only then is the Artefact row
 *   pointed at it. A crash at any point leaves the previous booklet and row as they were.
 * - Progress: onProgress is told "case study k of n" while photos are prepared and while
 *   pages are laid out. Large cycles generate in the background (startBookletJob) and the
 *   organiser's page polls bookletJob().
 */
import { fork } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { renderToBuffer } from "@react-pdf/renderer";
import sharp from "sharp";
import type { Db } from "~/db/client.server";
import { loadAwards, describeTierCounts, type PublishedAward, type PublishedResults } from "~/results/published.server";
import { newStorageKey, readStoredFile, storage, type StorageBackend } from "~/storage/storage.server";
import { formatUkDateTime, ukYear } from "~/utils/time";
import { BookletDocument, type BookletImage, type BookletStudy, type BookletView } from "./booklet-document";
import { monthYear } from "./case-studies.server";
import { registerPdfFonts } from "./fonts.server";

/** Bump when the layout changes, so every stored booklet is made again. */
export const BOOKLET_LAYOUT_VERSION = 5;

export const PHOTO_MAX_PX = 1600;
export const PHOTO_JPEG_QUALITY = 80;

export type BookletProgress = {
  step: "photos" | "layout" | "writing" | "saving";
  done: number;
  total: number;
  message: string;
};

export type BookletCycle = {
  id: string;
  slug: string;
  name: string;
  area: string;
  bookletIntro: string;
  contactName: string;
  contactEmail: string;
  contactPhone: string | null;
  ceremonyAt: Date | null;
  ceremonyVenue: string | null;
  publishedAt: Date | null;
  resultsDecidedAt: Date | null;
  nominationsCloseAt: Date;
  bookletCoverKey: string | null;
  bookletCoverCredit: string;
};

const CYCLE_SELECT = {
  id: true,
  slug: true,
  name: true,
  area: true,
  bookletIntro: true,
  contactName: true,
  contactEmail: true,
  contactPhone: true,
  ceremonyAt: true,
  ceremonyVenue: true,
  publishedAt: true,
  resultsDecidedAt: true,
  nominationsCloseAt: true,
  bookletCoverKey: true,
  bookletCoverCredit: true,
} as const;

/** The photo a case study prints: the first photo with consent to publish. */
type PhotoSource = { attachmentId: string; storageKey: string; storageBackend: string; caption: string; credit: string };

/** Everything the booklet is made from, without the image bytes: hashed, then drawn. */
export type BookletInputs = {
  layoutVersion: number;
  view: Omit<BookletView, "categories" | "cover"> & {
    categories: { name: string; studies: (Omit<BookletStudy, "photo"> & { photo: PhotoSource | null })[] }[];
    /** the organiser's cover photo ("<backend>:<key>") and its credit */
    coverPhoto?: { storageKey: string; credit: string } | null;
  };
};

export function bookletFileName(slug: string) {
  return `${slug}-case-studies.pdf`;
}

export function cycleYear(cycle: Pick<BookletCycle, "ceremonyAt" | "publishedAt" | "resultsDecidedAt" | "nominationsCloseAt">): string {
  return String(ukYear(cycle.ceremonyAt ?? cycle.resultsDecidedAt ?? cycle.publishedAt ?? cycle.nominationsCloseAt));
}

function studyInputs(a: PublishedAward): Omit<BookletStudy, "photo"> & { photo: PhotoSource | null } {
  const photo = a.consentToPublish ? a.photos[0] : undefined;
  return {
    id: a.nominationId,
    title: a.title,
    summary: a.summary,
    categoryName: a.category?.name ?? "Other awards",
    tier: { name: a.tier.name, kind: a.tier.kind, rank: a.tier.rank },
    citation: a.citation,
    partners: a.partners.map((p) => ({ name: p.name, sectorLabel: p.sectorLabel, role: p.role, roleLabel: p.roleLabel, side: p.side })),
    whatHappened: a.whatHappened,
    howPartnersWorked: a.howPartnersWorked,
    impact: a.impact,
    quote: a.quote,
    quoteAttribution: a.quoteAttribution,
    principles: a.principles,
    publicContact: a.publicContact,
    started: monthYear(a.startedOn),
    consentToPublish: a.consentToPublish,
    photo: photo
      ? { attachmentId: photo.id, storageKey: photo.storageKey, storageBackend: photo.storageBackend, caption: photo.caption, credit: photo.credit }
      : null,
  };
}

export function buildBookletInputs(cycle: BookletCycle, results: PublishedResults): BookletInputs {
  const ceremony = cycle.ceremonyAt ? [formatUkDateTime(cycle.ceremonyAt), cycle.ceremonyVenue].filter(Boolean).join(" at ") : "";
  return {
    layoutVersion: BOOKLET_LAYOUT_VERSION,
    view: {
      cycle: {
        name: cycle.name,
        area: cycle.area,
        year: cycleYear(cycle),
        intro: cycle.bookletIntro,
        contactName: cycle.contactName,
        contactEmail: cycle.contactEmail,
        contactPhone: cycle.contactPhone ?? "",
        ceremony,
      },
      counts: {
        nominationsReceived: results.counts.nominationsReceived,
        awards: results.counts.awards,
        tierSummary: describeTierCounts(results.counts.byTier),
      },
      categories: results.categories.map((c) => ({ name: c.name, studies: c.awards.map(studyInputs) })),
      coverPhoto: cycle.bookletCoverKey ? { storageKey: cycle.bookletCoverKey, credit: cycle.bookletCoverCredit } : null,
    },
  };
}

/** Stable JSON (sorted keys) so the same inputs always give the same hash. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

export function hashBookletInputs(inputs: BookletInputs): string {
  return crypto.createHash("sha256").update(stableJson(inputs)).digest("hex");
}

export async function loadBookletCycle(db: Db, cycleId: string): Promise<BookletCycle> {
  return db.awardCycle.findUniqueOrThrow({ where: { id: cycleId }, select: CYCLE_SELECT });
}

/** What the booklet of this cycle would be made from now, and its hash. */
export async function currentBookletInputs(db: Db, cycleId: string) {
  const cycle = await loadBookletCycle(db, cycleId);
  const results = await loadAwards(db, cycleId);
  const inputs = buildBookletInputs(cycle, results);
  return { cycle, results, inputs, hash: hashBookletInputs(inputs) };
}

// ---------------------------------------------------------------- stored files

/** Artefact.storageKey is "<backend>:<key>", so a booklet stays readable after the default backend changes. */
export function artefactKey(backend: StorageBackend, key: string) {
  return `${backend}:${key}`;
}

export function parseArtefactKey(value: string): { backend: StorageBackend; key: string } {
  const i = value.indexOf(":");
  const backend = value.slice(0, i);
  if (i < 0 || (backend !== "local" && backend !== "uploadthing")) return { backend: "local", key: value };
  return { backend, key: value.slice(i + 1) };
}

/** The stored bytes of an artefact, or null if the file has gone (then it is made again). */
export async function readArtefactFile(storageKey: string): Promise<Buffer | null> {
  const { backend, key } = parseArtefactKey(storageKey);
  try {
    const file = await storage(backend).get(key);
    return file ? await readStoredFile(file) : null;
  } catch (error) {
    console.error(`Could not read stored file ${storageKey}:`, error);
    return null;
  }
}

/**
 * Photos are shrunk for print: at most 1600 px on the longer side, JPEG quality 80, EXIF
 * orientation applied. A photo that is already a plain sRGB or greyscale JPEG of that size,
 * the right way up, is used as it is: decoding and re-encoding it would cost tens of
 * milliseconds a photo and make it no better.
 */
export async function printablePhoto(bytes: Buffer): Promise<BookletImage> {
  const meta = await sharp(bytes, { failOn: "error" }).metadata();
  const plain =
    meta.format === "jpeg" &&
    (meta.orientation === undefined || meta.orientation === 1) &&
    (meta.space === "srgb" || meta.space === "b-w") &&
    !meta.hasAlpha &&
    meta.width !== undefined &&
    meta.height !== undefined &&
    Math.max(meta.width, meta.height) <= PHOTO_MAX_PX;
  if (plain) return { data: bytes, width: meta.width!, height: meta.height! };
  const { data, info } = await sharp(bytes, { failOn: "error" })
    .rotate()
    .resize({ width: PHOTO_MAX_PX, height: PHOTO_MAX_PX, fit: "inside", withoutEnlargement: true })
    .flatten({ background: "#ffffff" })
    .jpeg({ quality: PHOTO_JPEG_QUALITY })
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

async function loadPhoto(backend: StorageBackend, key: string, what: string): Promise<BookletImage | null> {
  try {
    const file = await storage(backend).get(key);
    if (!file) return null;
    return await printablePhoto(await readStoredFile(file, 50 * 1024 * 1024));
  } catch (error) {
    // A photo that cannot be read must not stop the booklet: it prints without it.
    console.error(`Booklet: ${what} left out:`, error instanceof Error ? error.message : error);
    return null;
  }
}

// ---------------------------------------------------------------- rendering

export type RenderPdf = typeof renderToBuffer;

export type GeneratedBooklet = {
  pdf: Buffer;
  pages: number;
  /** where each case study starts, in booklet order: what the contents page prints */
  contents: { id: string; title: string; tierName: string; categoryName: string; page: number }[];
  passes: number;
  /** milliseconds spent preparing photos, and on each layout pass */
  timings: { photosMs: number; passesMs: number[] };
};

/** Draws the booklet: photos first, then the two-pass render. Pure apart from reading photos. */
export async function renderBooklet(
  inputs: BookletInputs,
  options: { onProgress?: (p: BookletProgress) => void; render?: RenderPdf } = {},
): Promise<GeneratedBooklet> {
  registerPdfFonts();
  const render = options.render ?? renderToBuffer;
  const progress = options.onProgress ?? (() => {});
  const all = inputs.view.categories.flatMap((c) => c.studies);
  const total = all.length;

  // Photos, two at a time: the photos' bytes must all be in memory for the layout anyway,
  // and two keeps both cores busy without piling up decoded images.
  const photosStarted = performance.now();
  const photos = new Map<string, BookletImage | null>();
  let done = 0;
  let next = 0;
  const worker = async () => {
    while (next < all.length) {
      const study = all[next++];
      if (study.photo)
        photos.set(study.id, await loadPhoto(study.photo.storageBackend as StorageBackend, study.photo.storageKey, `photo ${study.photo.attachmentId}`));
      done++;
      progress({ step: "photos", done, total, message: `Preparing photos: case study ${done} of ${total}` });
    }
  };
  await Promise.all([worker(), worker()]);
  const coverSource = inputs.view.coverPhoto ? parseArtefactKey(inputs.view.coverPhoto.storageKey) : null;
  const coverImage = coverSource ? await loadPhoto(coverSource.backend, coverSource.key, "the cover photo") : null;
  const timings = { photosMs: performance.now() - photosStarted, passesMs: [] as number[] };
  const { coverPhoto, ...rest } = inputs.view;
  const view: BookletView = {
    ...rest,
    cover: coverImage ? { image: coverImage, credit: coverPhoto?.credit ?? "" } : null,
    categories: inputs.view.categories.map((c) => ({
      name: c.name,
      studies: c.studies.map((st) => {
        const image = st.photo ? photos.get(st.id) : null;
        return { ...st, photo: st.photo && image ? { caption: st.photo.caption, credit: st.photo.credit, image } : null };
      }),
    })),
  };

  let startPages: Map<string, number> | null = null;
  let pdf: Buffer | null = null;
  let passes = 0;
  for (; passes < 4;) {
    passes++;
    const seen = new Map<string, number>();
    const firstPass = passes === 1;
    const onStudyStart = (id: string, page: number) => {
      const known = seen.get(id);
      if (known === undefined) {
        seen.set(id, page);
        if (firstPass) progress({ step: "layout", done: seen.size, total, message: `Case study ${seen.size} of ${total}` });
      } else if (page < known) seen.set(id, page);
    };
    if (!firstPass) progress({ step: "writing", done: 0, total, message: `Writing the contents and pages (pass ${passes})` });
    const element = BookletDocument({ view, startPages, onStudyStart });
    const passStarted = performance.now();
    pdf = await render(element);
    timings.passesMs.push(performance.now() - passStarted);
    const same = startPages !== null && all.every((st) => startPages!.get(st.id) === seen.get(st.id));
    if (same) break;
    const missing = all.filter((st) => !seen.has(st.id));
    if (missing.length) throw new Error(`Booklet layout lost ${missing.length} case studies (first: ${missing[0].title})`);
    startPages = seen;
  }
  if (!pdf || !startPages) throw new Error("Booklet render produced nothing");
  const pages = countPdfPages(pdf);
  return {
    pdf,
    pages,
    passes,
    timings,
    contents: view.categories.flatMap((c) =>
      c.studies.map((st) => ({ id: st.id, title: st.title, tierName: st.tier.name, categoryName: c.name, page: startPages!.get(st.id)! })),
    ),
  };
}

/**
 * renderBooklet in a child process (app/booklet/render-child.ts): the server's own event
 * loop stays free for everyone else while the pages are laid out, and the child's memory
 * is returned when it exits. The PDF comes back over the IPC channel (no temporary file, so
 * nothing partial can be left on disk); if the server dies, the child sees the channel
 * close and stops. BOOKLET_RENDER=in-process renders in this process instead (debugging).
 */
export function renderBookletInChild(inputs: BookletInputs, options: { onProgress?: (p: BookletProgress) => void } = {}): Promise<GeneratedBooklet> {
  // The project's folder: where the server runs from (npm start, the demo, the tests, the bench's copy).
  const entry = path.join(process.cwd(), "app", "booklet", "render-child.ts");
  if (process.env.BOOKLET_RENDER === "in-process" || !fs.existsSync(entry)) return renderBooklet(inputs, options);
  return new Promise((resolve, reject) => {
    const child = fork(entry, [], {
      execArgv: ["--import", "tsx"],
      serialization: "advanced",
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    child.on("message", (message: import("./render-child").ChildMessage) => {
      if (message.type === "progress") options.onProgress?.(message.progress);
      else if (message.type === "done") {
        const pdf = message.made.pdf as Uint8Array; // a Buffer arrives as a plain Uint8Array
        finish(() => resolve({ ...message.made, pdf: Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength) }));
      } else finish(() => reject(new Error(message.message)));
    });
    child.on("error", (error) => finish(() => reject(error)));
    child.on("exit", (code, signal) => finish(() => reject(new Error(`The booklet process stopped before finishing (${signal ?? `exit code ${code}`})`))));
    child.send(inputs);
  });
}

/** Pages in a PDF made by react-pdf (pdfkit writes one uncompressed page dictionary per page). */
export function countPdfPages(pdf: Buffer): number {
  const text = pdf.toString("latin1");
  const m = /\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/.exec(text) ?? /\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/.exec(text);
  if (m) return Number(m[1]);
  return (text.match(/\/Type\s*\/Page\b(?!s)/g) ?? []).length;
}

// ---------------------------------------------------------------- stored booklet

export type BookletStatus = {
  hash: string;
  current: boolean;
  artefact: { storageKey: string; inputHash: string; pages: number; bytes: number; generatedAt: Date } | null;
  awards: number;
};

export async function bookletStatus(db: Db, cycleId: string): Promise<BookletStatus> {
  const [{ hash, results }, artefact] = await Promise.all([
    currentBookletInputs(db, cycleId),
    db.artefact.findUnique({ where: { cycleId_kind: { cycleId, kind: "booklet" } } }),
  ]);
  return { hash, current: !!artefact && artefact.inputHash === hash, artefact, awards: results.counts.awards };
}

export type EnsureOptions = {
  onProgress?: (p: BookletProgress) => void;
  /** make it again even when the stored one is current */
  force?: boolean;
  /** for tests: the renderer (e.g. one that fails mid-way) */
  render?: RenderPdf;
};

export type EnsuredBooklet = {
  storageKey: string;
  inputHash: string;
  pages: number;
  bytes: number;
  generatedAt: Date;
  regenerated: boolean;
  /** the file, when it was just made or read */
  pdf: Buffer;
  contents?: GeneratedBooklet["contents"];
  ms?: number;
};

const inFlight = new Map<string, Promise<EnsuredBooklet>>();

/**
 * The current booklet of a cycle: the stored one if its hash matches what it would be
 * made from now (and the file is there), else a new one, stored before the row changes.
 * Concurrent callers for one cycle share one generation.
 */
export function ensureBooklet(db: Db, cycleId: string, options: EnsureOptions = {}): Promise<EnsuredBooklet> {
  const running = inFlight.get(cycleId);
  if (running && !options.render) return running;
  const job = doEnsure(db, cycleId, options).finally(() => {
    if (inFlight.get(cycleId) === job) inFlight.delete(cycleId);
  });
  inFlight.set(cycleId, job);
  return job;
}

async function doEnsure(db: Db, cycleId: string, options: EnsureOptions): Promise<EnsuredBooklet> {
  const { inputs, hash } = await currentBookletInputs(db, cycleId);
  const existing = await db.artefact.findUnique({ where: { cycleId_kind: { cycleId, kind: "booklet" } } });
  if (existing && existing.inputHash === hash && !options.force) {
    const pdf = await readArtefactFile(existing.storageKey);
    if (pdf) return { ...existing, regenerated: false, pdf };
  }

  const started = Date.now();
  const made = options.render
    ? await renderBooklet(inputs, { onProgress: options.onProgress, render: options.render })
    : await renderBookletInChild(inputs, { onProgress: options.onProgress });
  options.onProgress?.({ step: "saving", done: made.contents.length, total: made.contents.length, message: "Saving the booklet" });

  // 1. the complete file, under a new key (atomic on local disk: temporary file, then rename)
  const store = storage();
  const { key } = await store.put(newStorageKey(), made.pdf, "application/pdf");
  const storageKey = artefactKey(store.backend, key);
  // 2. only now point the row at it
  const generatedAt = new Date();
  const data = { storageKey, inputHash: hash, pages: made.pages, bytes: made.pdf.length, generatedAt };
  await db.artefact.upsert({
    where: { cycleId_kind: { cycleId, kind: "booklet" } },
    create: { cycleId, kind: "booklet", ...data },
    update: data,
  });
  // 3. the old file is no longer referenced: remove it (a failure here only leaves a stray file)
  if (existing && existing.storageKey !== storageKey) {
    const old = parseArtefactKey(existing.storageKey);
    await storage(old.backend)
      .delete(old.key)
      .catch((error) => console.error(`Could not remove the old booklet ${existing.storageKey}:`, error));
  }
  return { ...data, regenerated: true, pdf: made.pdf, contents: made.contents, ms: Date.now() - started };
}

// ---------------------------------------------------------------- background generation

export type BookletJob = {
  cycleId: string;
  state: "running" | "done" | "failed";
  progress: BookletProgress | null;
  startedAt: Date;
  finishedAt: Date | null;
  error: string | null;
  result: { pages: number; bytes: number; ms: number | null } | null;
  promise: Promise<EnsuredBooklet>;
};

const jobs = new Map<string, BookletJob>();

/** The latest generation job for a cycle in this process, if any. */
export function bookletJob(cycleId: string): Omit<BookletJob, "promise"> | null {
  const job = jobs.get(cycleId);
  if (!job) return null;
  const { promise: _promise, ...rest } = job;
  return rest;
}

/**
 * Starts making the booklet in the background (within this process) and returns at once;
 * a job already running for the cycle is reused. Its progress is read with bookletJob().
 */
export function startBookletJob(db: Db, cycleId: string, options: { force?: boolean } = {}): BookletJob {
  const current = jobs.get(cycleId);
  if (current && current.state === "running") return current;
  const job: BookletJob = {
    cycleId,
    state: "running",
    progress: null,
    startedAt: new Date(),
    finishedAt: null,
    error: null,
    result: null,
    promise: Promise.resolve(null as unknown as EnsuredBooklet),
  };
  job.promise = ensureBooklet(db, cycleId, { force: options.force, onProgress: (p) => (job.progress = p) });
  job.promise.then(
    (made) => {
      job.state = "done";
      job.finishedAt = new Date();
      job.result = { pages: made.pages, bytes: made.bytes, ms: made.ms ?? null };
    },
    (error: unknown) => {
      job.state = "failed";
      job.finishedAt = new Date();
      job.error = error instanceof Error ? error.message : String(error);
      console.error("Booklet generation failed:", error);
    },
  );
  jobs.set(cycleId, job);
  return job;
}
