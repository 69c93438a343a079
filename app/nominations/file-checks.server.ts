import path from "node:path";
import { fileTypeFromBuffer } from "file-type";
import sharp, { type Metadata } from "sharp";
import { limitConcurrency } from "~/utils/one-at-a-time";

/**
 * What a nomination's files may be, checked by what the bytes ARE (their magic numbers),
 * never by the file's name or the type the browser claims. Photos are re-encoded so no
 * EXIF or GPS data (or anything else hidden in the file) survives.
 * docs/decisions/0013-file-storage.md
 */

export const FILE_KINDS = ["photo", "evidence"] as const;
export type FileKind = (typeof FILE_KINDS)[number];

const MB = 1024 * 1024;

export const FILE_LIMITS = {
  photoBytes: 10 * MB,
  evidenceBytes: 20 * MB,
  filesPerNomination: 10,
  /** stored photos are scaled down to fit inside this many pixels on their longest side */
  photoLongestSide: 3000,
  /**
   * Refuse images that would decode to more pixels than this (a "decompression bomb": a
   * 778 KB PNG of 10,000 x 10,000 pixels took 11 s and 130 MB to decode), read from the header
   * before any decoding. 40 megapixels is more than any phone or camera takes.
   */
  photoMaxInputPixels: 40_000_000,
  /** photos decoded at once, by the whole server: the rest wait their turn */
  photosAtOnce: 2,
  /** files one person may add in an hour (a bucket that refills one a minute): far more than a nomination holds */
  uploadsPerHour: 60,
} as const;

/** The biggest upload we accept at all: the largest per-kind limit. */
export const MAX_UPLOAD_BYTES = Math.max(FILE_LIMITS.photoBytes, FILE_LIMITS.evidenceBytes);

export const DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

export const PHOTO_TYPES: Record<string, { ext: string; label: string }> = {
  "image/jpeg": { ext: "jpg", label: "JPEG" },
  "image/png": { ext: "png", label: "PNG" },
  "image/webp": { ext: "webp", label: "WebP" },
};

export const EVIDENCE_TYPES: Record<string, { ext: string; label: string }> = {
  "application/pdf": { ext: "pdf", label: "PDF" },
  [DOCX_MIME]: { ext: "docx", label: "Word document" },
};

export const KIND_LABELS: Record<FileKind, string> = { photo: "Photo", evidence: "Evidence" };

export type Sniffed = { mime: string; ext: string };

export type FileCheck = { ok: true; kind: FileKind; mime: string; ext: string } | { ok: false; message: string };

export function isFileKind(value: unknown): value is FileKind {
  return typeof value === "string" && (FILE_KINDS as readonly string[]).includes(value);
}

/** "30 MB", "9.5 MB", "120 KB": sizes as people read them (1 MB = 1024 x 1024 bytes, as the limits are). */
export function formatSize(bytes: number): string {
  if (bytes >= MB) return `${trimZero((bytes / MB).toFixed(1))} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

function trimZero(s: string) {
  return s.replace(/\.0$/, "");
}

/**
 * What the bytes are. file-type recognises DOCX by its [Content_Types].xml; a zip that
 * file-type only calls "zip" still counts as DOCX when it holds both the content-types
 * part and word/document.xml (some tools write the parts in another order).
 */
export async function sniff(bytes: Uint8Array): Promise<Sniffed | undefined> {
  if (bytes.byteLength === 0) return undefined;
  const found = await fileTypeFromBuffer(bytes);
  if (!found) return undefined;
  if (found.ext === "zip") {
    const names = zipEntryNames(bytes);
    if (names.has("[Content_Types].xml") && names.has("word/document.xml")) return { mime: DOCX_MIME, ext: "docx" };
  }
  return { mime: found.mime, ext: found.ext };
}

/** How a detected type is described in a message: "a PDF", "a Word document", "a program". */
function describe(found: Sniffed | undefined): string | undefined {
  if (!found) return undefined;
  const known: Record<string, string> = {
    jpg: "a JPEG photo",
    png: "a PNG image",
    webp: "a WebP image",
    pdf: "a PDF",
    docx: "a Word document",
    doc: "an older Word document (.doc)",
    cfb: "an older Microsoft Office document",
    xlsx: "an Excel spreadsheet",
    pptx: "a PowerPoint presentation",
    zip: "a zip file",
    exe: "a program",
    elf: "a program",
    mach: "a program",
    gif: "a GIF image",
    heic: "a HEIC photo (the format iPhones use)",
    avif: "an AVIF image",
    tif: "a TIFF image",
    bmp: "a BMP image",
    svg: "an SVG drawing",
    mp4: "a video",
    mov: "a video",
  };
  if (known[found.ext]) return known[found.ext];
  if (found.mime.startsWith("image/")) return `a ${found.ext.toUpperCase()} image`;
  if (found.mime.startsWith("video/")) return "a video";
  if (found.mime.startsWith("audio/")) return "a sound file";
  return `a ${found.ext.toUpperCase()} file`;
}

/**
 * Is this a file we accept as this kind? Checks, in order: something was chosen, the
 * content is an allowed type for the kind, and the size is within the kind's limit.
 * Every refusal is a sentence a person can act on.
 */
export async function checkFile(bytes: Uint8Array, kind: FileKind): Promise<FileCheck> {
  if (bytes.byteLength === 0) return { ok: false, message: "The file is empty. Choose a file that has something in it." };
  const found = await sniff(bytes);
  const what = describe(found);
  if (kind === "photo") {
    if (!found || !PHOTO_TYPES[found.mime]) {
      const hint = found?.ext === "heic" ? " Save it as a JPEG first, then choose it again." : "";
      if (!found || !what) return { ok: false, message: "The file is not a photo we can use. Choose a JPEG, PNG or WebP photo." };
      const not = found.mime.startsWith("image/") ? "not a kind of photo we can use" : "not a photo";
      return { ok: false, message: `The file is ${what}, ${not}. Choose a JPEG, PNG or WebP photo.${hint}` };
    }
    if (bytes.byteLength > FILE_LIMITS.photoBytes) {
      return { ok: false, message: `The file is ${formatSize(bytes.byteLength)}. Photos must be ${formatSize(FILE_LIMITS.photoBytes)} or smaller.` };
    }
    const problem = await photoHeaderProblem(bytes);
    if (problem) return { ok: false, message: problem };
    return { ok: true, kind, mime: found.mime, ext: PHOTO_TYPES[found.mime].ext };
  }
  if (!found || !EVIDENCE_TYPES[found.mime]) {
    if (found && PHOTO_TYPES[found.mime]) {
      return { ok: false, message: `The file is ${what}, not a PDF or Word document. To add a photo, choose "Photo" as the kind of file.` };
    }
    const hint = found?.ext === "doc" || found?.ext === "cfb" ? " Save it as a .docx or a PDF first, then choose it again." : "";
    return {
      ok: false,
      message: what
        ? `The file is ${what}, not a PDF or Word document. Choose a PDF or a Word (.docx) file.${hint}`
        : "The file is not a PDF or Word document. Choose a PDF or a Word (.docx) file.",
    };
  }
  if (bytes.byteLength > FILE_LIMITS.evidenceBytes) {
    return { ok: false, message: `The file is ${formatSize(bytes.byteLength)}. Evidence files must be ${formatSize(FILE_LIMITS.evidenceBytes)} or smaller.` };
  }
  return { ok: true, kind, mime: found.mime, ext: EVIDENCE_TYPES[found.mime].ext };
}

const count = (n: number) => n.toLocaleString("en-GB");

/**
 * What the photo's header says that rules it out, before a pixel is decoded: more pixels than
 * FILE_LIMITS.photoMaxInputPixels, or more than 8 bits per colour (a 16-bit PNG decodes to
 * twice the memory, for nothing a print or a screen shows). sharp's metadata() reads only the
 * header (a millisecond, whatever the size). Null when the header is fine.
 */
export async function photoHeaderProblem(bytes: Uint8Array): Promise<string | null> {
  let header: Metadata;
  try {
    header = await sharp(bytes).metadata();
  } catch {
    return new PhotoUnreadableError().message;
  }
  const { width = 0, height = 0, depth } = header;
  const pixels = width * height;
  if (!width || !height) return new PhotoUnreadableError().message;
  if (pixels > FILE_LIMITS.photoMaxInputPixels) {
    const mega = Math.round(pixels / 1_000_000);
    return `The photo is ${count(width)} × ${count(height)} pixels (${mega} megapixels). Photos can be up to ${FILE_LIMITS.photoMaxInputPixels / 1_000_000} megapixels: make it smaller (for example 6,000 × 4,000 pixels) and choose it again.`;
  }
  if (depth && depth !== "uchar" && depth !== "char") {
    return "The photo has more than 8 bits per colour, more than we take. Save it as a JPEG, or as an 8-bit PNG, and choose it again.";
  }
  return null;
}

/** The message for a file bigger than anything we accept, when only its size is known. */
export function tooBigMessage(size: number | undefined, kind?: FileKind): string {
  const limits =
    kind === "photo"
      ? `Photos must be ${formatSize(FILE_LIMITS.photoBytes)} or smaller.`
      : kind === "evidence"
        ? `Evidence files must be ${formatSize(FILE_LIMITS.evidenceBytes)} or smaller.`
        : `Photos must be ${formatSize(FILE_LIMITS.photoBytes)} or smaller, and evidence files ${formatSize(FILE_LIMITS.evidenceBytes)} or smaller.`;
  return size ? `The file is too big: it is ${formatSize(size)}. ${limits}` : `The file is too big. ${limits}`;
}

export type ProcessedPhoto = { bytes: Buffer; contentType: string; ext: string; width: number; height: number };

export class PhotoUnreadableError extends Error {
  constructor(message = "The photo could not be read. It may be damaged. Save it again, or choose a different photo.") {
    super(message);
    this.name = "PhotoUnreadableError";
  }
}

/**
 * Re-encodes a photo in its own format: turned the right way up (EXIF orientation applied,
 * then dropped), scaled down to fit FILE_LIMITS.photoLongestSide, and with NO metadata:
 * sharp writes EXIF, GPS, XMP, IPTC and comments only when asked (withMetadata/keepExif),
 * and we never ask. Colour profiles are converted to sRGB rather than copied.
 */
export async function processPhoto(bytes: Uint8Array, mime: string): Promise<ProcessedPhoto> {
  return photoTurn(() => reencode(bytes, mime));
}

/** Decoding takes up to a few hundred MB and a core: FILE_LIMITS.photosAtOnce at a time, server-wide. */
const photoTurn = limitConcurrency(FILE_LIMITS.photosAtOnce);

async function reencode(bytes: Uint8Array, mime: string): Promise<ProcessedPhoto> {
  const max = FILE_LIMITS.photoLongestSide;
  try {
    let pipeline = sharp(bytes, { limitInputPixels: FILE_LIMITS.photoMaxInputPixels, failOn: "error" })
      .rotate()
      .resize({ width: max, height: max, fit: "inside", withoutEnlargement: true });
    if (mime === "image/png") pipeline = pipeline.png({ compressionLevel: 9, adaptiveFiltering: true });
    else if (mime === "image/webp") pipeline = pipeline.webp({ quality: 85 });
    else pipeline = pipeline.jpeg({ quality: 85, mozjpeg: true });
    const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
    const type = PHOTO_TYPES[mime] ? mime : "image/jpeg";
    return { bytes: data, contentType: type, ext: PHOTO_TYPES[type].ext, width: info.width, height: info.height };
  } catch (error) {
    if (error instanceof Error && /pixel limit/i.test(error.message)) {
      throw new PhotoUnreadableError(
        `The photo has too many pixels for us to handle. Make it smaller (under ${FILE_LIMITS.photoMaxInputPixels / 1_000_000} megapixels) and choose it again.`,
      );
    }
    throw new PhotoUnreadableError();
  }
}

/**
 * The name shown to people and used in downloads: the user's name without any folder,
 * control or quote characters, at most 120 characters, with the extension of what the
 * file really is. Never used on disk. Direction controls go too: "report\u202Efdp.exe"
 * would otherwise show as "reportexe.pdf", a name that lies about the file.
 */
export function displayFileName(original: string, ext: string): string {
  const base = original.split(/[\\/]/).pop() ?? "";
  const stem = path
    .parse(base)
    .name.normalize("NFC")
    .replace(/[\u0000-\u001f\u007f"<>|:*?\\/\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 120)
    .trim();
  return `${stem || "file"}.${ext}`;
}

/**
 * Names of the entries in a zip's central directory (enough to tell a DOCX from any
 * other zip). Returns an empty set for anything that is not a well-formed zip.
 */
export function zipEntryNames(bytes: Uint8Array): Set<string> {
  const names = new Set<string>();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // End of central directory record: at least 22 bytes from the end, up to 64 KB of comment.
  const lowest = Math.max(0, bytes.byteLength - 22 - 0xffff);
  let eocd = -1;
  for (let i = bytes.byteLength - 22; i >= lowest; i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return names;
  const count = view.getUint16(eocd + 10, true);
  let offset = view.getUint32(eocd + 16, true);
  const decoder = new TextDecoder();
  for (let n = 0; n < count && n < 10_000; n++) {
    if (offset + 46 > bytes.byteLength || view.getUint32(offset, true) !== 0x02014b50) break;
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    if (offset + 46 + nameLength > bytes.byteLength) break;
    names.add(decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength)));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** Print variants: what the booklet prints (docs/decisions/0030-typst-pdf.md). */
export const PRINT_LIMITS = { longestSide: 1600, jpegQuality: 80 } as const;

/**
 * The print-ready copy of a photo, made once when it is added (or, for a photo added before
 * print variants existed, the first time a booklet needs it): an sRGB JPEG of at most 1600
 * pixels on its longest side (about 300 dpi at the size the booklet prints it), upright,
 * without metadata or transparency. PDFs embed JPEG bytes as they are, so this is exactly
 * what every booklet embeds. A photo that already is such a JPEG is kept as it is:
 * decoding and re-encoding it would make it no better.
 */
export async function printVariant(bytes: Uint8Array): Promise<{ bytes: Buffer; width: number; height: number }> {
  const meta = await sharp(bytes, { failOn: "error", limitInputPixels: FILE_LIMITS.photoMaxInputPixels }).metadata();
  const plain =
    meta.format === "jpeg" &&
    (meta.orientation === undefined || meta.orientation === 1) &&
    meta.space === "srgb" &&
    meta.channels === 3 &&
    !meta.hasAlpha &&
    !meta.exif &&
    meta.width !== undefined &&
    meta.height !== undefined &&
    Math.max(meta.width, meta.height) <= PRINT_LIMITS.longestSide;
  if (plain) return { bytes: Buffer.from(bytes), width: meta.width!, height: meta.height! };
  const { data, info } = await sharp(bytes, { failOn: "error", limitInputPixels: FILE_LIMITS.photoMaxInputPixels })
    .rotate()
    .resize({ width: PRINT_LIMITS.longestSide, height: PRINT_LIMITS.longestSide, fit: "inside", withoutEnlargement: true })
    .flatten({ background: "#ffffff" })
    .toColourspace("srgb")
    .jpeg({ quality: PRINT_LIMITS.jpegQuality, mozjpeg: true })
    .toBuffer({ resolveWithObject: true });
  return { bytes: data, width: info.width, height: info.height };
}

/**
 * A Compact area's logo (issue 13): a PNG or JPEG, checked as any photo is (by its bytes,
 * its header before decoding), then held to a logo's smaller bounds. Re-encoded by
 * processPhoto like a photo, so nothing hidden in the file survives.
 */
export const LOGO_LIMITS = {
  bytes: 2 * MB,
  /** the longest side, in pixels: far more than the page shows, small enough to serve to everyone */
  maxSide: 2000,
  /** the shortest side, in pixels: smaller than this is too small to read */
  minSide: 32,
} as const;

export const LOGO_TYPES: Record<string, { ext: string; label: string }> = {
  "image/jpeg": PHOTO_TYPES["image/jpeg"],
  "image/png": PHOTO_TYPES["image/png"],
};

/** What rules a logo out, given what the photo checks found: null when it is fine. Pure, so it is unit-tested. */
export function logoProblem(found: { mime: string; bytes: number; width: number; height: number }): string | null {
  if (!LOGO_TYPES[found.mime])
    return `The logo must be a PNG or JPEG image, not ${PHOTO_TYPES[found.mime] ? `a ${PHOTO_TYPES[found.mime].label} image` : "this kind of file"}. Save it as a PNG and choose it again.`;
  if (found.bytes > LOGO_LIMITS.bytes) return `The logo is ${formatSize(found.bytes)}. Logos must be ${formatSize(LOGO_LIMITS.bytes)} or smaller.`;
  if (Math.max(found.width, found.height) > LOGO_LIMITS.maxSide) {
    return `The logo is ${count(found.width)} × ${count(found.height)} pixels. Logos can be up to ${count(LOGO_LIMITS.maxSide)} pixels on their longest side: make it smaller and choose it again.`;
  }
  if (Math.min(found.width, found.height) < LOGO_LIMITS.minSide) {
    return `The logo is ${count(found.width)} × ${count(found.height)} pixels, too small to read. Logos must be at least ${LOGO_LIMITS.minSide} pixels on each side.`;
  }
  return null;
}

export type LogoCheck = { ok: true; mime: string } | { ok: false; message: string };

/** Is this a logo we take? The photo checks (checkFile), then logoProblem on its header's size. */
export async function checkLogo(bytes: Uint8Array): Promise<LogoCheck> {
  const photo = await checkFile(bytes, "photo");
  if (!photo.ok) return { ok: false, message: photo.message.replace(/\bJPEG, PNG or WebP photo\b/, "PNG or JPEG logo") };
  const { width = 0, height = 0 } = await sharp(bytes).metadata();
  const problem = logoProblem({ mime: photo.mime, bytes: bytes.byteLength, width, height });
  return problem ? { ok: false, message: problem } : { ok: true, mime: photo.mime };
}
