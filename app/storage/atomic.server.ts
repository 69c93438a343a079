import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

/**
 * Writes a file so that readers see either the old file or the whole new one, never half
 * of it: the bytes go to a temporary file in the same folder (same file system), are
 * flushed to disk, then renamed over the target, which is atomic on POSIX file systems.
 * Used for uploads (app/storage/storage.server.ts) and for generated files such as the
 * booklet PDF. Creates the folder if needed.
 */
export async function writeFileAtomic(target: string, bytes: Uint8Array | string, options: { mode?: number } = {}): Promise<void> {
  const dir = path.dirname(target);
  await fs.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${crypto.randomBytes(6).toString("hex")}.tmp`);
  const handle = await fs.open(tmp, "wx", options.mode ?? 0o640);
  try {
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, target);
  } catch (error) {
    await fs.rm(tmp, { force: true });
    throw error;
  }
}
