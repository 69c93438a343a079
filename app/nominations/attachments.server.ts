import { ensureAllowed, NotAllowedError } from "~/auth/not-allowed";
import type { Actor } from "~/auth/permissions";
import { nominationFacts } from "./access.server";
import { z } from "zod";
import { audit } from "~/audit/audit.server";
import type { Db } from "~/db/client.server";
import { fieldErrors, fields } from "~/forms/validate";
import { newStorageKey, readStoredFile, storage, type FileStorage, type StorageBackend } from "~/storage/storage.server";
import { takeToken, type RateRule } from "~/utils/rate-limit.server";
import { lockRow } from "~/db/locks.server";
import type { AttachmentDownloadFacts } from "./attachment-access";
import { NOMINATION_FACTS_SELECT, nominationFactsOf } from "./access.server";
import { changeRefusal } from "./nominations.server";
import {
  checkFile,
  displayFileName,
  FILE_LIMITS,
  isFileKind,
  MAX_UPLOAD_BYTES,
  PhotoUnreadableError,
  printVariant,
  processPhoto,
  tooBigMessage,
  type FileKind,
} from "./file-checks.server";

/**
 * A nomination's photos and evidence: add (checked by content, photos re-encoded without
 * metadata), describe (caption, credit, consent to publish), remove. Every change is in
 * the audit trail and refused after the nomination's deadline. Callers check who may do
 * this (requireNominationAccess for pages, the upload route's middleware for UploadThing);
 * these functions check what may be done, and when.
 */

export type AttachmentField = "file" | "kind" | "caption" | "credit" | "consentToPublish" | "form";
export type AttachmentErrors = Partial<Record<AttachmentField, string>>;

export type AttachmentResult<T> = { ok: true; attachment: T } | { ok: false; errors: AttachmentErrors };

export const attachmentDetailsSchema = z.object({
  caption: fields.optionalText("the caption", 300),
  credit: fields.optionalText("the photo credit", 120),
  consentToPublish: z.boolean().default(false),
});
export type AttachmentDetails = z.input<typeof attachmentDetailsSchema>;

const KIND_ERROR = "Choose whether the file is a photo or evidence";

/** The files of a nomination, oldest first: the order they were added. */
export async function listAttachments(db: Db, nominationId: string) {
  return db.attachment.findMany({
    where: { nominationId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      kind: true,
      fileName: true,
      contentType: true,
      size: true,
      caption: true,
      credit: true,
      consentToPublish: true,
      width: true,
      height: true,
      storageBackend: true,
      createdAt: true,
    },
  });
}

type EditWindow = { open: true; cycleId: string } | { open: false; message: string; cycleId: string | null };

/**
 * May this nomination's files change now? The same rule as every other section of the
 * nomination (changeRefusal): only while nominations are open for it (nominationsOpen with
 * the cycle's closing date or the extension an organiser granted), and only while its
 * status still allows changes (not withdrawn, not yet checked by the organisers).
 */
export async function fileEditWindow(db: Db, nominationId: string, now = new Date()): Promise<EditWindow> {
  const nomination = await db.nomination.findUnique({
    where: { id: nominationId },
    select: { status: true, extensionUntil: true, cycle: true },
  });
  if (!nomination) return { open: false, message: "This nomination could not be found.", cycleId: null };
  const refusal = changeRefusal(nomination, now);
  if (refusal) return { open: false, message: refusal, cycleId: nomination.cycle.id };
  return { open: true, cycleId: nomination.cycle.id };
}

/** Files one person may add an hour: each passed the checks and is decoded (a photo) and stored, the costly part. */
const UPLOADS: RateRule = { name: "uploads", capacity: FILE_LIMITS.uploadsPerHour, windowMs: 60 * 60_000 };

function tooOftenMessage() {
  return `You have added ${FILE_LIMITS.uploadsPerHour} files in the last hour, the most we take from one person. Please wait a few minutes, then try again.`;
}

function tooManyMessage() {
  return `This nomination already has ${FILE_LIMITS.filesPerNomination} files, the most it can have. Remove a file before adding another.`;
}

function parseDetails(input: AttachmentDetails): { ok: true; data: z.output<typeof attachmentDetailsSchema> } | { ok: false; errors: AttachmentErrors } {
  const parsed = attachmentDetailsSchema.safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, errors: fieldErrors(parsed.error) as AttachmentErrors };
}

/** The fields that come with an upload (everything but the file), checked: errors keyed by field. */
export function checkUploadFields(input: { kind: unknown; caption?: string; credit?: string; consentToPublish?: boolean }) {
  const errors: AttachmentErrors = {};
  const kind: FileKind | undefined = isFileKind(input.kind) ? input.kind : undefined;
  if (!kind) errors.kind = KIND_ERROR;
  const details = parseDetails({ caption: input.caption ?? "", credit: input.credit ?? "", consentToPublish: !!input.consentToPublish });
  if (!details.ok) Object.assign(errors, details.errors);
  return { kind, details, errors };
}

export type AddAttachmentInput = {
  nominationId: string;
  kind: unknown;
  /** the name the person's computer gave the file: shown to people, never used on disk */
  fileName: string;
  bytes: Uint8Array;
  caption?: string;
  credit?: string;
  consentToPublish?: boolean;
  now?: Date;
  /**
   * The file is already in UploadThing under this key (it was uploaded straight there).
   * Evidence keeps that key; a photo is re-encoded and stored afresh, and the original
   * (with its metadata) deleted. On refusal the original is deleted too.
   */
  uploaded?: { backend: StorageBackend; key: string };
};

/** Files are the nomination's people's to change (nomination.edit): NotAllowedError for anyone else. */
async function ensureMayEdit(db: Db, actor: Actor, nominationId: string) {
  const facts = await nominationFacts(db, nominationId);
  if (!facts) throw new NotAllowedError(`edit the files of ${nominationId}: no such nomination`);
  ensureAllowed(actor, { action: "nomination.edit", nomination: facts });
}

/**
 * Adds a file to a nomination. The type is decided by the bytes, never the name; photos
 * are re-encoded (upright, at most 3000 px, no EXIF/GPS); at most 10 files per nomination.
 * Errors are keyed by form field, in plain English.
 */
export async function addAttachment(db: Db, actor: Actor, input: AddAttachmentInput, store: FileStorage = storage()) {
  await ensureMayEdit(db, actor, input.nominationId);
  const result = await addAttachmentInner(db, actor, input, store);
  if (input.uploaded && (!result.ok || result.attachment.storageKey !== input.uploaded.key)) {
    await safeDelete(storage(input.uploaded.backend), input.uploaded.key);
  }
  return result;
}

async function addAttachmentInner(db: Db, actor: Actor, input: AddAttachmentInput, store: FileStorage) {
  const now = input.now ?? new Date();
  const fields = checkUploadFields(input);
  const { kind, details } = fields;
  const errors: AttachmentErrors = { ...fields.errors };

  const window = await fileEditWindow(db, input.nominationId, now);
  if (!window.open) return { ok: false as const, errors: { form: window.message } };
  if ((await db.attachment.count({ where: { nominationId: input.nominationId } })) >= FILE_LIMITS.filesPerNomination) {
    return { ok: false as const, errors: { ...errors, file: tooManyMessage() } };
  }
  // Check the file even when another field is wrong, so every problem is reported at once.
  const check = kind ? await checkFile(input.bytes, kind) : undefined;
  if (check && !check.ok) errors.file = check.message;
  if (!kind || !check?.ok || !details.ok || Object.keys(errors).length > 0) return { ok: false as const, errors };
  // Only now, with the file about to be decoded and stored (the costly part), does it count.
  if (!(await takeToken(db, UPLOADS, actor.userId, now))) return { ok: false as const, errors: { file: tooOftenMessage() } };

  let bytes: Uint8Array = input.bytes;
  let contentType = check.mime;
  let ext = check.ext;
  let width: number | null = null;
  let height: number | null = null;
  let print: Buffer | null = null;
  if (kind === "photo") {
    try {
      const photo = await processPhoto(input.bytes, check.mime);
      ({ bytes, contentType, ext, width, height } = photo);
      // Prepared for print now, once: no booklet ever resizes a photo (docs/decisions/0030).
      print = (await printVariant(photo.bytes)).bytes;
    } catch (error) {
      if (error instanceof PhotoUnreadableError) return { ok: false as const, errors: { file: error.message } };
      throw error;
    }
  }

  // Keep the upload as it is only when nothing about it changed (evidence straight to UploadThing).
  const keepUploaded = input.uploaded && kind === "evidence" ? input.uploaded : undefined;
  const target = keepUploaded ? storage(keepUploaded.backend) : store;
  const { key } = keepUploaded ? { key: keepUploaded.key } : await store.put(newStorageKey(), bytes, contentType);
  const printKey = print ? `${store.backend}:${(await store.put(newStorageKey(), print, "image/jpeg")).key}` : null;
  const removeStored = async () => {
    if (!keepUploaded) await safeDelete(target, key);
    if (printKey) await deletePrintVariant(printKey);
  };

  const data = {
    nominationId: input.nominationId,
    storageKey: key,
    storageBackend: target.backend,
    fileName: displayFileName(input.fileName, ext),
    contentType,
    size: bytes.byteLength,
    kind,
    caption: details.data.caption,
    credit: kind === "photo" ? details.data.credit : "",
    consentToPublish: kind === "photo" ? details.data.consentToPublish : false,
    width,
    height,
    printKey,
    uploadedById: actor.userId,
  };
  // Count and insert in one transaction, the nomination locked: two uploads racing for the tenth place cannot both win.
  const created = await db
    .$transaction(async (tx) => {
      await lockRow(tx, "Nomination", input.nominationId);
      const count = await tx.attachment.count({ where: { nominationId: input.nominationId } });
      if (count >= FILE_LIMITS.filesPerNomination) return null;
      return tx.attachment.create({ data });
    })
    .catch(async (error: unknown) => {
      await removeStored();
      throw error;
    });
  if (!created) {
    await removeStored();
    return { ok: false as const, errors: { file: tooManyMessage() } };
  }
  await audit(db, {
    actorId: actor.userId,
    cycleId: window.cycleId,
    action: "attachment.added",
    entityType: "Nomination",
    entityId: input.nominationId,
    data: { attachmentId: created.id, kind, fileName: created.fileName, contentType, size: created.size, backend: created.storageBackend },
  });
  return { ok: true as const, attachment: created };
}

/**
 * A file that arrived in UploadThing straight from the browser: fetched back and put
 * through exactly the same checks as a file posted to us, then recorded or deleted.
 */
export async function recordUploadedFile(
  db: Db,
  actor: Actor,
  input: Omit<AddAttachmentInput, "bytes" | "uploaded"> & { key: string; backend?: StorageBackend },
) {
  const backend = input.backend ?? "uploadthing";
  const source = storage(backend);
  let bytes: Buffer;
  try {
    const stored = await source.get(input.key);
    if (!stored) return { ok: false as const, errors: { file: "The uploaded file could not be found. Try uploading it again." } as AttachmentErrors };
    bytes = await readStoredFile(stored, MAX_UPLOAD_BYTES);
  } catch (error) {
    await safeDelete(source, input.key);
    if (error instanceof Error && /larger than/.test(error.message)) {
      return { ok: false as const, errors: { file: tooBigMessage(undefined, isFileKind(input.kind) ? input.kind : undefined) } as AttachmentErrors };
    }
    throw error;
  }
  return addAttachment(db, actor, { ...input, bytes, uploaded: { backend, key: input.key } });
}

/** Caption, credit and consent to publish of one file. Credit and consent apply to photos only. */
export async function updateAttachmentDetails(
  db: Db,
  actor: Actor,
  input: { nominationId: string; attachmentId: string; now?: Date } & AttachmentDetails,
): Promise<AttachmentResult<{ id: string }>> {
  await ensureMayEdit(db, actor, input.nominationId);
  const attachment = await db.attachment.findFirst({ where: { id: input.attachmentId, nominationId: input.nominationId } });
  if (!attachment) return { ok: false, errors: { form: "That file is not part of this nomination. It may have been removed." } };
  const window = await fileEditWindow(db, input.nominationId, input.now);
  if (!window.open) return { ok: false, errors: { form: window.message } };
  const details = parseDetails({ caption: input.caption ?? "", credit: input.credit ?? "", consentToPublish: !!input.consentToPublish });
  if (!details.ok) return { ok: false, errors: details.errors };
  const isPhoto = attachment.kind === "photo";
  const next = {
    caption: details.data.caption,
    credit: isPhoto ? details.data.credit : "",
    consentToPublish: isPhoto ? details.data.consentToPublish : false,
  };
  const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== attachment[k]);
  if (changed.length === 0) return { ok: true, attachment: { id: attachment.id } };
  await db.attachment.update({ where: { id: attachment.id }, data: next });
  await audit(db, {
    actorId: actor.userId,
    cycleId: window.cycleId,
    action: "attachment.updated",
    entityType: "Nomination",
    entityId: input.nominationId,
    data: { attachmentId: attachment.id, fileName: attachment.fileName, changed, ...Object.fromEntries(changed.map((k) => [k, next[k]])) },
  });
  return { ok: true, attachment: { id: attachment.id } };
}

/** Removes a file from the nomination and from storage. */
export async function removeAttachment(
  db: Db,
  actor: Actor,
  input: { nominationId: string; attachmentId: string; now?: Date },
): Promise<AttachmentResult<{ id: string; fileName: string }>> {
  await ensureMayEdit(db, actor, input.nominationId);
  const attachment = await db.attachment.findFirst({ where: { id: input.attachmentId, nominationId: input.nominationId } });
  if (!attachment) return { ok: false, errors: { form: "That file is not part of this nomination. It may have been removed already." } };
  const window = await fileEditWindow(db, input.nominationId, input.now);
  if (!window.open) return { ok: false, errors: { form: window.message } };
  // The row goes first: a file left behind in storage is harmless; a row without its file is not.
  await db.attachment.delete({ where: { id: attachment.id } });
  await safeDelete(storage(attachment.storageBackend as StorageBackend), attachment.storageKey);
  if (attachment.printKey) await deletePrintVariant(attachment.printKey);
  await audit(db, {
    actorId: actor.userId,
    cycleId: window.cycleId,
    action: "attachment.removed",
    entityType: "Nomination",
    entityId: input.nominationId,
    data: { attachmentId: attachment.id, kind: attachment.kind, fileName: attachment.fileName },
  });
  return { ok: true, attachment: { id: attachment.id, fileName: attachment.fileName } };
}

/** "<backend>:<key>" of a print variant -> its storage. */
function printStorage(printKey: string): { store: FileStorage; key: string } {
  const i = printKey.indexOf(":");
  const backend = printKey.slice(0, i);
  return { store: storage(backend === "uploadthing" ? "uploadthing" : "local"), key: printKey.slice(i + 1) };
}

async function deletePrintVariant(printKey: string) {
  const { store, key } = printStorage(printKey);
  await safeDelete(store, key);
}

/**
 * The print variants of these photos, made now for any that has none (photos added before
 * print variants existed, or whose variant could not be made then): photo id -> printKey.
 * Two at a time; a photo that cannot be read is left out (the booklet prints without it).
 */
export async function ensurePrintVariants(db: Db, attachmentIds: string[]): Promise<Map<string, string>> {
  const rows = attachmentIds.length
    ? await db.attachment.findMany({
        where: { id: { in: attachmentIds }, kind: "photo" },
        select: { id: true, storageKey: true, storageBackend: true, printKey: true },
      })
    : [];
  const keys = new Map<string, string>();
  const missing = rows.filter((r) => {
    if (r.printKey) keys.set(r.id, r.printKey);
    return !r.printKey;
  });
  let next = 0;
  const worker = async () => {
    while (next < missing.length) {
      const row = missing[next++];
      try {
        const file = await storage(row.storageBackend as StorageBackend).get(row.storageKey);
        if (!file) continue;
        const { bytes } = await printVariant(await readStoredFile(file, MAX_UPLOAD_BYTES));
        const store = storage();
        const printKey = `${store.backend}:${(await store.put(newStorageKey(), bytes, "image/jpeg")).key}`;
        // Only if nobody made one meanwhile; otherwise theirs is kept and ours removed.
        const { count } = await db.attachment.updateMany({ where: { id: row.id, printKey: null }, data: { printKey } });
        if (count === 1) keys.set(row.id, printKey);
        else {
          await deletePrintVariant(printKey);
          const current = await db.attachment.findUnique({ where: { id: row.id }, select: { printKey: true } });
          if (current?.printKey) keys.set(row.id, current.printKey);
        }
      } catch (error) {
        console.error(`Could not prepare photo ${row.id} for print:`, error instanceof Error ? error.message : error);
      }
    }
  };
  await Promise.all([worker(), worker()]);
  return keys;
}

async function safeDelete(store: FileStorage, key: string) {
  try {
    await store.delete(key);
  } catch (error) {
    console.error(`Could not delete stored file ${store.backend}:${key}`, error);
  }
}

/** A file and the facts mayDownloadAttachment() needs, in one query; null if there is no such file. */
export async function loadAttachmentForDownload(db: Db, attachmentId: string) {
  const row = await db.attachment.findUnique({
    where: { id: attachmentId },
    select: {
      id: true,
      kind: true,
      fileName: true,
      contentType: true,
      size: true,
      storageKey: true,
      storageBackend: true,
      consentToPublish: true,
      nomination: {
        select: {
          ...NOMINATION_FACTS_SELECT,
          status: true,
          consentToPublish: true,
          cycle: { select: { publishedAt: true } },
          decision: { select: { outcomeTierId: true } },
          assignments: { select: { judgeId: true, conflict: true, openedAt: true } },
        },
      },
    },
  });
  if (!row) return null;
  const n = row.nomination;
  const facts: AttachmentDownloadFacts = {
    kind: row.kind,
    consentToPublish: row.consentToPublish,
    nomination: {
      ...nominationFactsOf(n),
      status: n.status,
      consentToPublish: n.consentToPublish,
      awarded: !!n.decision?.outcomeTierId,
    },
    cyclePublishedAt: n.cycle.publishedAt,
    assignments: n.assignments,
  };
  const { nomination: _n, ...attachment } = row;
  return { attachment, facts };
}
