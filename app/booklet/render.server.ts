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
import { compileWithFallback, compileTypst, type TypstJob, type TypstResult } from "~/pdf/typst.server";
import { readStoredFile, storage, type StorageBackend } from "~/storage/storage.server";
import { bookletTypstJob, photoNumber } from "./booklet-pdf.server";
import type { BookletImage, BookletInputs, BookletProgress, BookletView } from "./booklet-view";

/** Case studies per part: about 70 pages, laid out in a few hundred MB at most. */
export const PART_SIZE = 40;

export type GeneratedBooklet = {
  /** the PDF, in the render's folder */
  file: string;
  pages: number;
  bytes: number;
  /** where each case study starts, in booklet order: what the contents page prints */
  contents: { id: string; title: string; tierName: string; categoryName: string; page: number }[];
  /** Typst documents laid out (the front twice, then each part) */
  passes: number;
  timings: { photosMs: number; layoutMs: number; joinMs: number };
};

export type RenderOptions = {
  onProgress?: (p: BookletProgress) => void;
  /** the folder this render may write in (created if needed): photos and the PDF */
  workDir: string;
  /** for tests: the compiler (e.g. one that fails mid-way) */
  compile?: (job: TypstJob) => TypstResult;
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

/**
 * A laid-out Typst document is a native object that V8 frees only when it collects its
 * small JavaScript wrapper, and its finaliser runs on a later turn of the event loop: without
 * this, every part's layout (about 20 MB for 40 case studies) stays until the end. The
 * booklet's process runs with --expose-gc; elsewhere, yielding lets V8 catch up sooner.
 */
async function releaseLayout() {
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setImmediate(resolve));
}

export async function renderBooklet(inputs: BookletInputs, options: RenderOptions): Promise<GeneratedBooklet> {
  const progress = options.onProgress ?? (() => {});
  const compile = options.compile ?? compileTypst;
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

  // 2. layout in parts. Characters no font has are replaced and the part laid out again.
  const layoutStarted = performance.now();
  let passes = 0;
  const run = (part: Parameters<typeof bookletTypstJob>[1]) => {
    passes++;
    return compileWithFallback((clean) => bookletTypstJob(view, part, clean), compile);
  };
  let front = await run({ mode: "front", startPages: null });
  const startPages = new Map<string, number>();
  let parts: Uint8Array[] = [];
  for (let attempt = 0; attempt < 2; attempt++) {
    parts = [];
    startPages.clear();
    let pages = front.pages;
    for (let from = 0; from < total; from += PART_SIZE) {
      const to = Math.min(total, from + PART_SIZE);
      const made = await run({ mode: "studies", from, to, pageOffset: pages });
      for (const value of made.queried as { id: string; page: number }[]) if (!startPages.has(value.id)) startPages.set(value.id, value.page);
      parts.push(made.pdf);
      pages += made.pages;
      await releaseLayout();
      progress({ step: "layout", done: to, total, message: `Case study ${to} of ${total}` });
    }
    const frontPages = front.pages;
    progress({ step: "writing", done: 0, total, message: "Writing the contents and pages" });
    front = await run({ mode: "front", startPages });
    // The contents' length does not depend on its numbers (they sit in a fixed-width column); checked all the same.
    if (front.pages === frontPages) break;
  }
  const missing = all.filter((st) => !startPages.has(st.id));
  if (missing.length) throw new Error(`Booklet layout lost ${missing.length} case studies (first: ${missing[0].title})`);
  const layoutMs = performance.now() - layoutStarted;

  // 3. one PDF, with the outline, the contents' links and the photos
  const joinStarted = performance.now();
  const frontStarts = new Map((front.queried as { title: string; page: number }[]).map((v) => [v.title, v.page]));
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
  const joined = await joinTaggedPdfs([front.pdf, ...parts], {
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
