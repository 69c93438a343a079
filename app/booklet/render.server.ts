/**
 * Makes the booklet PDF from its inputs (no database: this runs in the booklet's own
 * process, render-child.ts). docs/decisions/0030-typst-pdf.md
 *
 * 1. Photos: each case study's print variant (made when the photo was added) is copied to
 *    this render's folder; its size is read from the JPEG header.
 * 2. Layout, in parts: the front (cover, introduction, contents) once to learn its length,
 *    then the case studies PART_SIZE at a time, each part numbered on from the last, then
 *    the front again with the contents' page numbers. Typst's memory is that of one part.
 * 3. The parts are joined into one tagged PDF (app/pdf/join.server.ts), the photos' bytes
 *    written in place of their stand-ins, straight to a file.
 */
import fs from "node:fs";
import path from "node:path";
import { printVariant } from "~/nominations/file-checks.server";
import { joinTaggedPdfs, type JoinPhoto, type OutlineItem } from "~/pdf/join.server";
import { jpegSize } from "~/pdf/placeholder";
import { MISSING_GLYPH, undisplayable, workerSession, type TypstSession } from "~/pdf/typst.server";
import { readStoredFile, storage, type StorageBackend } from "~/storage/storage.server";
import { bookletTypstJob, photoNumber } from "./booklet-pdf.server";
import type { BookletImage, BookletInputs, BookletProgress, BookletView } from "./booklet-view";

/** Case studies per part: about 55 pages, about 100 MB of layout in each of the two worker threads. */
export const PART_SIZE = 25;

export type GeneratedBooklet = {
  /** the PDF, in the render's folder */
  file: string;
  pages: number;
  bytes: number;
  /** where each case study starts, in booklet order: what the contents page prints */
  contents: { id: string; title: string; tierName: string; categoryName: string; page: number }[];
  /** Typst layouts (the front twice, each part once or twice) */
  passes: number;
  timings: { photosMs: number; layoutMs: number; joinMs: number };
};

export type RenderOptions = {
  onProgress?: (p: BookletProgress) => void;
  /** the folder this render may write in (created if needed): photos and the PDF */
  workDir: string;
  /** for tests: where parts are laid out (e.g. a session that fails mid-way); default: worker threads */
  newSession?: () => TypstSession;
};

/** "<backend>:<key>", the form of Artefact.storageKey and Attachment.printKey. */
export function parseStoredKey(value: string): { backend: StorageBackend; key: string } {
  const i = value.indexOf(":");
  const backend = value.slice(0, i);
  if (i < 0 || (backend !== "local" && backend !== "uploadthing")) return { backend: "local", key: value };
  return { backend, key: value.slice(i + 1) };
}

async function readKey(backend: StorageBackend, key: string): Promise<Buffer | null> {
  const file = await storage(backend).get(key);
  return file ? readStoredFile(file, 50 * 1024 * 1024) : null;
}

/**
 * One photo into the render's folder: the stored print variant as it is, or (for a photo
 * with none, which the server makes before it asks for a booklet) one made now.
 */
async function preparePhoto(
  source: { printKey?: string | null; storageKey: string; storageBackend: string },
  file: string,
  what: string,
): Promise<BookletImage | null> {
  try {
    let bytes: Buffer | null = null;
    if (source.printKey) {
      const { backend, key } = parseStoredKey(source.printKey);
      bytes = await readKey(backend, key);
    }
    let size = bytes ? jpegSize(bytes) : null;
    if (!bytes || !size || size.components === 4) {
      const original = await readKey(source.storageBackend as StorageBackend, source.storageKey);
      if (!original) return null;
      bytes = (await printVariant(original)).bytes;
      size = jpegSize(bytes);
      if (!size) return null;
    }
    await fs.promises.writeFile(file, bytes);
    return { file, width: size.width, height: size.height, components: size.components };
  } catch (error) {
    // A photo that cannot be read must not stop the booklet: it prints without it.
    console.error(`Booklet: ${what} left out:`, error instanceof Error ? error.message : error);
    return null;
  }
}

type Part = Parameters<typeof bookletTypstJob>[1];

/**
 * The front (to learn its length) and every part of case studies, on the sessions in turn.
 * Part k's offset is the front's pages plus the pages of parts 0..k-1: known when those are
 * laid out (never waiting on a later part, so two sessions never wait on each other).
 */
async function layOutParts(view: BookletView, total: number, sessions: TypstSession[], clean: (s: string) => string, onPart: (done: number) => void) {
  const jobs: Part[] = [{ mode: "front", startPages: null }];
  for (let from = 0; from < total; from += PART_SIZE) jobs.push({ mode: "studies", from, to: Math.min(total, from + PART_SIZE) });
  const pages: Promise<number>[] = [];
  const settle: ((n: number) => void)[] = [];
  for (let k = 0; k < jobs.length; k++) pages.push(new Promise((resolve) => settle.push(resolve)));
  // a part's offset: the pages before it, once every earlier part is laid out
  const offsetOf = async (k: number) => (k === 0 ? 0 : (await Promise.all(pages.slice(0, k))).reduce((a, b) => a + b, 0));
  const known = new Map<number, number>();
  const results: { pdf: Uint8Array; queried: unknown[]; offset: number }[] = new Array(jobs.length);
  let passes = 0;
  let next = 0;
  let failed: unknown = null;
  const work = async (session: TypstSession) => {
    while (next < jobs.length && !failed) {
      const k = next++;
      // the offset if it is known already, else a guess that the second pass corrects
      let guess = 0;
      for (let j = 0, sum = 0; j < k; j++) {
        if (!known.has(j)) break;
        sum += known.get(j)!;
        if (j === k - 1) guess = sum;
      }
      try {
        const { pages: n } = await session.layout(bookletTypstJob(view, jobs[k], clean), guess);
        passes++;
        known.set(k, n);
        settle[k](n);
        const offset = await offsetOf(k);
        if (offset !== guess) passes++;
        const made = await session.finish(offset);
        results[k] = { pdf: made.pdf, queried: made.queried, offset };
        const part = jobs[k];
        if (part.mode === "studies") onPart(part.to);
      } catch (error) {
        failed ??= error;
        // let later parts waiting on this one's length stop waiting
        for (let j = k; j < jobs.length; j++) settle[j](0);
      }
    }
  };
  await Promise.all(sessions.map(work));
  if (failed) throw failed;
  const startPages = new Map<string, number>();
  for (const r of results.slice(1))
    for (const value of r.queried as { id: string; page: number }[]) if (!startPages.has(value.id)) startPages.set(value.id, value.page + r.offset);
  return { frontPages: known.get(0)!, parts: results.slice(1).map((r) => r.pdf), startPages, passes };
}

export async function renderBooklet(inputs: BookletInputs, options: RenderOptions): Promise<GeneratedBooklet> {
  const progress = options.onProgress ?? (() => {});
  const all = inputs.view.categories.flatMap((c) => c.studies);
  const total = all.length;
  const photoDir = path.join(options.workDir, "photos");
  fs.mkdirSync(photoDir, { recursive: true });

  // 1. photos, four at a time (reading files and JPEG headers: no decoding)
  const photosStarted = performance.now();
  const images = new Map<number, BookletImage | null>();
  let done = 0;
  let next = 0;
  const worker = async () => {
    while (next < all.length) {
      const i = next++;
      const photo = all[i].photo;
      if (photo) images.set(photoNumber(i), await preparePhoto(photo, path.join(photoDir, `${photoNumber(i)}.jpg`), `photo ${photo.attachmentId}`));
      done++;
      if (done === total || done % 10 === 0) progress({ step: "photos", done, total, message: `Preparing photos: case study ${done} of ${total}` });
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  const coverSource = inputs.view.coverPhoto ? parseStoredKey(inputs.view.coverPhoto.storageKey) : null;
  const coverImage = coverSource
    ? await preparePhoto({ storageKey: coverSource.key, storageBackend: coverSource.backend }, path.join(photoDir, "0.jpg"), "the cover photo")
    : null;
  const photosMs = performance.now() - photosStarted;

  const { coverPhoto, ...rest } = inputs.view;
  const view: BookletView = {
    ...rest,
    cover: coverImage ? { image: coverImage, credit: coverPhoto?.credit ?? "" } : null,
    categories: inputs.view.categories.map((c) => ({ name: c.name, studies: [] })),
  };
  let k = 0;
  inputs.view.categories.forEach((c, ci) => {
    for (const st of c.studies) {
      const image = st.photo ? images.get(photoNumber(k)) : null;
      view.categories[ci].studies.push({ ...st, photo: st.photo && image ? { caption: st.photo.caption, credit: st.photo.credit, image } : null });
      k++;
    }
  });

  // 2. layout in parts, two at a time (one worker thread each: this machine has two cores).
  // A part's page numbers depend on how long the parts before it are, which a part knows
  // once it is laid out; only the footers' numbers change with it, so a part laid out
  // before its offset is known is finished with a quick second pass (ENGINE_SOURCE).
  // Characters no font has are replaced and the whole layout done again.
  const layoutStarted = performance.now();
  const newSession = options.newSession ?? (() => workerSession());
  const sessions = [newSession(), newSession()];
  let passes = 0;
  const startPages = new Map<string, number>();
  const replaced: string[] = [];
  const clean = (text: string) => replaced.reduce((out, r) => out.split(r).join(MISSING_GLYPH), text);
  let parts: Uint8Array[];
  let frontPdf: Uint8Array;
  let frontQueried: { title: string; page: number }[];
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        const laid = await layOutParts(view, total, sessions, clean, (done) =>
          progress({ step: "layout", done, total, message: `Case study ${done} of ${total}` }),
        );
        passes += laid.passes;
        parts = laid.parts;
        startPages.clear();
        for (const [id, page] of laid.startPages) startPages.set(id, page);
        progress({ step: "writing", done: 0, total, message: "Writing the contents and pages" });
        // the front again, with the contents' page numbers (its length does not depend on them: they sit in a fixed-width column)
        const front = sessions[0];
        const again = await front.layout(bookletTypstJob(view, { mode: "front", startPages }, clean), 0);
        passes++;
        if (again.pages !== laid.frontPages) throw new Error(`The contents changed length (${laid.frontPages} pages, then ${again.pages})`);
        const made = await front.finish(0);
        frontPdf = made.pdf;
        frontQueried = made.queried as { title: string; page: number }[];
        break;
      } catch (error) {
        const missing = undisplayable(error).filter((t) => !replaced.includes(t));
        if (!missing.length || attempt >= 2) throw error;
        replaced.push(...missing);
      }
    }
  } finally {
    await Promise.all(sessions.map((session) => session.close()));
  }
  const missing = all.filter((st) => !startPages.has(st.id));
  if (missing.length) throw new Error(`Booklet layout lost ${missing.length} case studies (first: ${missing[0].title})`);
  const layoutMs = performance.now() - layoutStarted;

  // 3. one PDF, with the outline, the contents' links and the photos
  const joinStarted = performance.now();
  const frontStarts = new Map(frontQueried.map((v) => [v.title, v.page]));
  const outline: OutlineItem[] = [
    ...[...frontStarts].map(([title, page]) => ({ title, page: page - 1 })),
    ...view.categories.map((c) => ({
      title: c.name,
      page: startPages.get(c.studies[0].id)! - 1,
      children: c.studies.map((st) => ({ title: st.title, page: startPages.get(st.id)! - 1 })),
    })),
  ];
  const photos = new Map<number, JoinPhoto>();
  for (const [n, image] of images) if (image) photos.set(n, image);
  if (coverImage) photos.set(photoNumber("cover"), coverImage);
  const file = path.join(options.workDir, "booklet.pdf");
  const joined = await joinTaggedPdfs([frontPdf, ...parts], {
    outFile: file,
    outline,
    linkTargets: new Map(all.map((st) => [`#study-${st.id}`, startPages.get(st.id)! - 1])),
    photos,
  });
  const joinMs = performance.now() - joinStarted;

  return {
    file,
    pages: joined.pages,
    bytes: joined.bytes,
    passes,
    timings: { photosMs, layoutMs, joinMs },
    contents: view.categories.flatMap((c) =>
      c.studies.map((st) => ({ id: st.id, title: st.title, tierName: st.tier.name, categoryName: c.name, page: startPages.get(st.id)! })),
    ),
  };
}
