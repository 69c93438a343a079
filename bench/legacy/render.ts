/**
 * The booklet and certificates as they were made before Typst (react-pdf 4.9, two
 * layout passes, photos resized per booklet), kept in the bench only so that
 * `npm run bench` can report the old figure beside the new in the same run
 * (docs/decisions/0030-typst-pdf.md). Not used by the app. Remove with @react-pdf/renderer
 * once the comparison is recorded.
 */
import { renderToBuffer } from "@react-pdf/renderer";
import sharp from "sharp";
import type { BookletInputs } from "~/booklet/booklet-view";
import type { RunningOrder } from "~/ceremony/ceremony.server";
import { readStoredFile, storage, type StorageBackend } from "~/storage/storage.server";
import { BookletDocument, type BookletImage, type BookletView } from "./booklet-document";
import { CertificatesDocument } from "./certificates-document";
import { registerPdfFonts } from "./fonts";

async function printablePhoto(bytes: Buffer): Promise<BookletImage> {
  const meta = await sharp(bytes, { failOn: "error" }).metadata();
  const plain =
    meta.format === "jpeg" &&
    (meta.orientation === undefined || meta.orientation === 1) &&
    (meta.space === "srgb" || meta.space === "b-w") &&
    !meta.hasAlpha &&
    Math.max(meta.width!, meta.height!) <= 1600;
  if (plain) return { data: bytes, width: meta.width!, height: meta.height! };
  const { data, info } = await sharp(bytes, { failOn: "error" })
    .rotate()
    .resize({ width: 1600, height: 1600, fit: "inside", withoutEnlargement: true })
    .flatten({ background: "#ffffff" })
    .jpeg({ quality: 80 })
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

async function loadPhoto(backend: StorageBackend, key: string): Promise<BookletImage | null> {
  const file = await storage(backend).get(key);
  return file ? printablePhoto(await readStoredFile(file, 50 * 1024 * 1024)) : null;
}

/** The old renderBooklet: photos two at a time, then react-pdf passes until the contents' numbers settle. */
export async function renderBookletReactPdf(inputs: BookletInputs): Promise<{ pdf: Buffer; pages: number; passes: number }> {
  registerPdfFonts();
  const all = inputs.view.categories.flatMap((c) => c.studies);
  const photos = new Map<string, BookletImage | null>();
  let next = 0;
  const worker = async () => {
    while (next < all.length) {
      const study = all[next++];
      if (study.photo) photos.set(study.id, await loadPhoto(study.photo.storageBackend as StorageBackend, study.photo.storageKey));
    }
  };
  await Promise.all([worker(), worker()]);
  const { coverPhoto: _cover, ...rest } = inputs.view;
  const view: BookletView = {
    ...rest,
    cover: null,
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
  while (passes < 4) {
    passes++;
    const seen = new Map<string, number>();
    const onStudyStart = (id: string, page: number) => {
      const known = seen.get(id);
      if (known === undefined || page < known) seen.set(id, page);
    };
    pdf = await renderToBuffer(BookletDocument({ view, startPages, onStudyStart }));
    const same = startPages !== null && all.every((st) => startPages!.get(st.id) === seen.get(st.id));
    if (same) break;
    startPages = seen;
  }
  const text = pdf!.toString("latin1");
  const m = /\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/.exec(text) ?? /\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/.exec(text);
  return { pdf: pdf!, pages: m ? Number(m[1]) : 0, passes };
}

export async function renderCertificatesReactPdf(order: RunningOrder): Promise<Buffer> {
  registerPdfFonts();
  return renderToBuffer(CertificatesDocument({ order }));
}
