/**
 * The booklet's optional cover photo, chosen by an organiser. Checked by content like any
 * nomination photo (JPEG, PNG or WebP, 10 MB at most), re-encoded without EXIF or location
 * data, stored through the one storage interface, and named on the cycle as
 * "<backend>:<key>" (the same form as a stored booklet, so it stays readable if the default
 * backend changes). The booklet's input hash includes the key and credit, so a new cover
 * makes the stored booklet out of date.
 */
import type { Db } from "~/db/client.server";
import { checkFile, PhotoUnreadableError, processPhoto } from "~/nominations/file-checks.server";
import { newStorageKey, storage } from "~/storage/storage.server";
import { artefactKey, parseArtefactKey } from "./booklet.server";

export const COVER_CREDIT_MAX = 200;

export type CoverResult = { ok: true } | { ok: false; errors: { cover?: string; coverCredit?: string } };

export async function setBookletCover(db: Db, cycleId: string, input: { bytes: Uint8Array; credit: string }): Promise<CoverResult> {
  const errors: { cover?: string; coverCredit?: string } = {};
  if (input.credit.length > COVER_CREDIT_MAX) errors.coverCredit = `The photo credit must be ${COVER_CREDIT_MAX} characters or fewer.`;
  const check = await checkFile(input.bytes, "photo");
  if (!check.ok) errors.cover = check.message;
  if (!check.ok || errors.coverCredit) return { ok: false, errors };

  let photo;
  try {
    photo = await processPhoto(input.bytes, check.mime);
  } catch (error) {
    if (error instanceof PhotoUnreadableError) return { ok: false, errors: { cover: error.message } };
    throw error;
  }
  const store = storage();
  const { key } = await store.put(newStorageKey(), photo.bytes, photo.contentType);
  const before = await db.awardCycle.findUniqueOrThrow({ where: { id: cycleId }, select: { bookletCoverKey: true } });
  await db.awardCycle.update({ where: { id: cycleId }, data: { bookletCoverKey: artefactKey(store.backend, key), bookletCoverCredit: input.credit.trim() } });
  await removeStoredCover(before.bookletCoverKey);
  return { ok: true };
}

export async function removeBookletCover(db: Db, cycleId: string): Promise<void> {
  const before = await db.awardCycle.findUniqueOrThrow({ where: { id: cycleId }, select: { bookletCoverKey: true } });
  await db.awardCycle.update({ where: { id: cycleId }, data: { bookletCoverKey: null, bookletCoverCredit: "" } });
  await removeStoredCover(before.bookletCoverKey);
}

/** The old file is no longer referenced: remove it (a failure only leaves a stray file). */
async function removeStoredCover(value: string | null) {
  if (!value) return;
  const { backend, key } = parseArtefactKey(value);
  await storage(backend)
    .delete(key)
    .catch((error) => console.error(`Could not remove the old booklet cover ${value}:`, error));
}
