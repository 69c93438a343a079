/**
 * The case-study booklet: made once per change of what it is made from, stored, and
 * served as stored (docs/decisions/0014-booklet-pdf.md, 0030-typst-pdf.md).
 *
 * - inputHash: SHA-256 of everything the booklet is made from (the cycle's fields, the
 *   awards from loadAwards, the photos' storage keys, captions and credits, and the
 *   layout version). Same hash: serve the stored file. Different: make it again.
 * - Made by Typst in a process of its own (render-child.ts, render.server.ts), in parts
 *   joined into one tagged PDF/UA-1 file, so the server keeps answering and memory stays
 *   bounded however many case studies there are.
 * - Atomic: the PDF is made completely (in the child's own temporary folder), then stored
 *   with storage().put (local disk writes a temporary file and renames it), and only then
 *   is the Artefact row pointed at it. A crash at any point leaves the previous booklet
 *   and row as they were.
 * - Progress: onProgress is told "case study k of n" while photos are prepared and while
 *   pages are laid out. Large cycles generate in the background, as a job (startBookletJob),
 *   and the organiser's page polls bookletJob(), the job's state.
 */
import { fork } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Db } from "~/db/client.server";
import { withLockEverywhere } from "~/db/locks.server";
import { audit } from "~/audit/audit.server";
import { jobQueue, type JobQueue } from "~/jobs/queue.server";
import { ensurePrintVariants } from "~/nominations/attachments.server";
import type { TypstSession } from "~/pdf/typst.server";
import { loadAwards, describeTierCounts, type PublishedAward, type PublishedResults } from "~/results/published.server";
import { newStorageKey, readStoredFile, storage, type StorageBackend } from "~/storage/storage.server";
import { env } from "~/env.server";
import { formatUkDateTime, ukYear } from "~/utils/time";
import type { BookletInputs, BookletProgress, BookletStudy, PhotoSource } from "./booklet-view";
import { monthYear } from "./case-studies.server";
import { parseStoredKey, renderBooklet, type GeneratedBooklet } from "./render.server";

export type { BookletInputs, BookletProgress } from "./booklet-view";

/** Bump when the layout changes, so every stored booklet is made again. */
export const BOOKLET_LAYOUT_VERSION = 6;

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

export function bookletFileName(slug: string) {
  return `${slug}-case-studies.pdf`;
}

/**
 * The year on the booklet's cover: the one in the cycle's own name when it has one ("... Compact
 * Awards 2026" stays 2026 though its ceremony falls in 2027), else the ceremony's year, or the
 * nearest date the cycle has (issue 19, item 6).
 */
export function cycleYear(cycle: Pick<BookletCycle, "name" | "ceremonyAt" | "publishedAt" | "resultsDecidedAt" | "nominationsCloseAt">): string {
  const named = cycle.name.match(/\b(?:19|20)\d{2}\b/g);
  if (named) return named[named.length - 1];
  return String(ukYear(cycle.ceremonyAt ?? cycle.resultsDecidedAt ?? cycle.publishedAt ?? cycle.nominationsCloseAt));
}

/** Where the cycle's case studies are on the web (the accessible version the booklet links to). */
export function caseStudiesUrl(slug: string, nominationId?: string) {
  const base = `${env.appUrl}/cycles/${encodeURIComponent(slug)}/case-studies`;
  return nominationId ? `${base}/${encodeURIComponent(nominationId)}` : base;
}

function studyInputs(a: PublishedAward, slug: string): Omit<BookletStudy, "photo"> & { photo: PhotoSource | null } {
  const photo = a.consentToPublish ? a.photos[0] : undefined;
  return {
    id: a.nominationId,
    webUrl: caseStudiesUrl(slug, a.nominationId),
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
        webUrl: caseStudiesUrl(cycle.slug),
      },
      counts: {
        nominationsReceived: results.counts.nominationsReceived,
        awards: results.counts.awards,
        tierSummary: describeTierCounts(results.counts.byTier),
      },
      categories: results.categories.map((c) => ({ name: c.name, studies: c.awards.map((a) => studyInputs(a, cycle.slug)) })),
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
  // A print variant is made from the photo it belongs to: its key changes nothing printed.
  const withoutPrintKeys = JSON.parse(JSON.stringify(inputs, (key, value: unknown) => (key === "printKey" ? undefined : value))) as BookletInputs;
  return crypto.createHash("sha256").update(stableJson(withoutPrintKeys)).digest("hex");
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

export const parseArtefactKey = parseStoredKey;

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

// ---------------------------------------------------------------- rendering

/** The photos' print variants on the inputs (made now for photos added before they existed). */
async function withPrintVariants(db: Db, inputs: BookletInputs): Promise<BookletInputs> {
  const photos = inputs.view.categories.flatMap((c) => c.studies.flatMap((st) => (st.photo ? [st.photo] : [])));
  const keys = await ensurePrintVariants(
    db,
    photos.map((p) => p.attachmentId),
  );
  for (const photo of photos) photo.printKey = keys.get(photo.attachmentId) ?? null;
  return inputs;
}

type MadeBooklet = Omit<GeneratedBooklet, "file"> & { pdf: Buffer };

async function renderHere(inputs: BookletInputs, options: { onProgress?: (p: BookletProgress) => void; newSession?: () => TypstSession }) {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "compact-awards-booklet-"));
  try {
    const { file, ...made } = await renderBooklet(inputs, { ...options, workDir });
    return { ...made, pdf: await fs.promises.readFile(file) };
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/**
 * renderBooklet in a child process (app/booklet/render-child.ts): Typst's layout is
 * synchronous native code, so the server's own event loop stays free for everyone else,
 * and the child's memory is returned when it exits. The child writes the PDF in a
 * temporary folder of this render's own, which is read and removed here; nothing is ever
 * left under a stored name. If the server dies, the child sees the channel close and
 * stops. BOOKLET_RENDER=in-process renders in this process instead (debugging).
 */
export function renderBookletInChild(inputs: BookletInputs, options: { onProgress?: (p: BookletProgress) => void } = {}): Promise<MadeBooklet> {
  // The project's folder: where the server runs from (npm start, the demo, the tests, the bench's copy).
  const entry = path.join(process.cwd(), "app", "booklet", "render-child.ts");
  if (process.env.BOOKLET_RENDER === "in-process" || !fs.existsSync(entry)) return renderHere(inputs, options);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "compact-awards-booklet-"));
  const cleanUp = () => fs.rmSync(workDir, { recursive: true, force: true });
  return new Promise<MadeBooklet>((resolve, reject) => {
    const child = fork(entry, [], {
      // --expose-gc: the renderer frees each part's layout as soon as it is written (render.server.ts)
      execArgv: ["--expose-gc", "--import", "tsx"],
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
        const { file, ...made } = message.made;
        finish(() =>
          fs.promises.readFile(file).then(
            (pdf) => resolve({ ...made, pdf }),
            (error: unknown) => reject(error instanceof Error ? error : new Error(String(error))),
          ),
        );
      } else finish(() => reject(new Error(message.message)));
    });
    child.on("error", (error) => finish(() => reject(error)));
    child.on("exit", (code, signal) => finish(() => reject(new Error(`The booklet process stopped before finishing (${signal ?? `exit code ${code}`})`))));
    child.send({ inputs, workDir });
  }).finally(cleanUp);
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
  /** for tests: where the parts are laid out (e.g. a session that fails mid-way); renders in this process */
  newSession?: () => TypstSession;
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
  if (running && !options.newSession) return running;
  const job = doEnsure(db, cycleId, options).finally(() => {
    if (inFlight.get(cycleId) === job) inFlight.delete(cycleId);
  });
  inFlight.set(cycleId, job);
  return job;
}

/** The stored booklet if it is current and its file is there, else what it would be made from now. */
async function storedOrInputs(db: Db, cycleId: string, options: EnsureOptions) {
  const { inputs, hash } = await currentBookletInputs(db, cycleId);
  const existing = await db.artefact.findUnique({ where: { cycleId_kind: { cycleId, kind: "booklet" } } });
  if (existing && existing.inputHash === hash && !options.force) {
    const pdf = await readArtefactFile(existing.storageKey);
    if (pdf) return { stored: { ...existing, regenerated: false, pdf } as EnsuredBooklet, inputs, hash, existing };
  }
  return { stored: null, inputs, hash, existing };
}

async function doEnsure(db: Db, cycleId: string, options: EnsureOptions): Promise<EnsuredBooklet> {
  const first = await storedOrInputs(db, cycleId, options);
  if (first.stored) return first.stored;
  // One server makes it: another asked at the same moment waits here, then finds it stored
  // (several app servers on one database, docs/decisions/0069).
  return withLockEverywhere(`booklet:${cycleId}`, async () => {
    const now = options.force ? first : await storedOrInputs(db, cycleId, options);
    return now.stored ?? make(db, cycleId, now, options);
  });
}

async function make(
  db: Db,
  cycleId: string,
  { inputs, hash, existing }: Awaited<ReturnType<typeof storedOrInputs>>,
  options: EnsureOptions,
): Promise<EnsuredBooklet> {
  const started = Date.now();
  await withPrintVariants(db, inputs);
  const made = options.newSession
    ? await renderHere(inputs, { onProgress: options.onProgress, newSession: options.newSession })
    : await renderBookletInChild(inputs, { onProgress: options.onProgress });
  options.onProgress?.({ step: "saving", done: made.contents.length, total: made.contents.length, message: "Saving the booklet" });

  // 1. the complete file, under a new key (atomic on local disk: temporary file, then rename)
  const store = storage();
  const { key } = await store.put(newStorageKey(), made.pdf, "application/pdf");
  const storageKey = artefactKey(store.backend, key);
  // 2. only now point the row at it
  const generatedAt = new Date();
  const studyPages = JSON.stringify(Object.fromEntries(made.contents.map((c) => [c.id, c.page])));
  const data = { storageKey, inputHash: hash, pages: made.pages, bytes: made.pdf.length, studyPages, generatedAt };
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
  const ms = Date.now() - started;
  console.log(`Booklet of cycle ${cycleId} made: ${made.pages} pages in ${ms} ms.`);
  return { ...data, regenerated: true, pdf: made.pdf, contents: made.contents, ms };
}

// ---------------------------------------------------------------- background generation

/**
 * Large cycles' booklets are made as jobs (app/jobs/queue.server.ts, docs/decisions/0070): one
 * per cycle at a time (the cycle is the singleton key), run by whichever server's worker takes
 * it, with its progress stored with the job, so the organiser's page shows it whichever server
 * their next request lands on. No retries: a booklet that fails is shown as failed to the
 * organiser, who presses again (and opening the PDF makes it again anyway).
 */
export const BOOKLET_JOB = "booklet";

type BookletJobData = { cycleId: string; force?: boolean; actorId?: string };

/** Progress is written to the database at most this often (ms); each case study reports. */
const PROGRESS_EVERY_MS = 250;

export type BookletJob = {
  id: string;
  state: "running" | "done" | "failed";
  progress: BookletProgress | null;
  startedAt: Date;
  finishedAt: Date | null;
  error: string | null;
  result: { pages: number; bytes: number; ms: number | null } | null;
};

/** This server's worker for booklet jobs: started at start-up on every server. */
export async function startBookletWorker(db: Db, queue: JobQueue = jobQueue()) {
  await queue.work<BookletJobData>(BOOKLET_JOB, async (job) => {
    let lastReport = 0;
    let reports = Promise.resolve();
    const onProgress = (progress: BookletProgress) => {
      const now = Date.now();
      if (now - lastReport < PROGRESS_EVERY_MS && progress.step !== "saving") return;
      lastReport = now;
      reports = reports.then(() => job.reportProgress(progress)).catch((error) => console.error("Could not store the booklet's progress:", error));
    };
    const made = await ensureBooklet(db, job.data.cycleId, { force: job.data.force, onProgress });
    await reports;
    if (job.data.actorId) {
      await audit(db, {
        actorId: job.data.actorId,
        cycleId: job.data.cycleId,
        action: "cycle.booklet.generated",
        entityType: "AwardCycle",
        entityId: job.data.cycleId,
      });
    }
    return { pages: made.pages, bytes: made.bytes, ms: made.ms ?? null };
  });
}

/** Asks for the cycle's booklet to be made in the background; a job already waiting or running for it is that job. */
export function startBookletJob(cycleId: string, options: { force?: boolean; actorId?: string } = {}, queue: JobQueue = jobQueue()): Promise<string> {
  const data: BookletJobData = { cycleId, force: options.force, actorId: options.actorId };
  return queue.enqueue(BOOKLET_JOB, data, { singletonKey: cycleId });
}

/** The latest booklet job of a cycle, read from the job queue (so the same on every server), or null. */
export async function bookletJob(cycleId: string, queue: JobQueue = jobQueue()): Promise<BookletJob | null> {
  const job = await queue.latestJob(BOOKLET_JOB, cycleId);
  if (!job) return null;
  const output = (job.output ?? {}) as { pages?: number; bytes?: number; ms?: number | null; message?: string };
  const state = job.state === "completed" ? "done" : job.state === "failed" || job.state === "cancelled" ? "failed" : "running";
  return {
    id: job.id,
    state,
    progress: (job.progress as BookletProgress | null) ?? null,
    startedAt: job.startedOn ?? job.createdOn,
    finishedAt: job.completedOn,
    error: state === "failed" ? (output.message ?? "The booklet could not be made") : null,
    result: state === "done" ? { pages: output.pages ?? 0, bytes: output.bytes ?? 0, ms: output.ms ?? null } : null,
  };
}

/** The page a case study starts on in the stored booklet (for its web page's link), or null. */
export async function bookletPageOf(db: Db, cycleId: string, nominationId: string): Promise<number | null> {
  const artefact = await db.artefact.findUnique({ where: { cycleId_kind: { cycleId, kind: "booklet" } }, select: { studyPages: true } });
  if (!artefact) return null;
  try {
    const page = (JSON.parse(artefact.studyPages) as Record<string, unknown>)[nominationId];
    return typeof page === "number" ? page : null;
  } catch {
    return null;
  }
}
