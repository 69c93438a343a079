import type { UploadHandler } from "@remix-run/node";
import { MaxPartSizeExceededError, unstable_composeUploadHandlers, unstable_createMemoryUploadHandler } from "@remix-run/node";

/** Past this we stop reading a file at all; below it we read (and discard) so we can say how big the file was. */
export const HARD_LIMIT_BYTES = 200 * 1024 * 1024;

/**
 * Upload handler for a form with one file field. Text fields go to Remix's memory handler.
 * The file is read into memory up to maxBytes (a little over the biggest file accepted);
 * beyond that it is read and thrown away, up to HARD_LIMIT_BYTES, so the rest of the form
 * still arrives: the page can then say how big the file was (oversized.get(field)) and keep
 * what was typed.
 */
export function fileUploadHandler(field: string, maxBytes: number, oversized: Map<string, number>): UploadHandler {
  const memory = unstable_createMemoryUploadHandler({ maxPartSize: maxBytes });
  const fileHandler: UploadHandler = async (part) => {
    if (part.name !== field || typeof part.filename !== "string") return undefined;
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of part.data) {
      size += chunk.byteLength;
      if (size > HARD_LIMIT_BYTES) throw new MaxPartSizeExceededError(part.name, maxBytes);
      if (size <= maxBytes) chunks.push(chunk);
    }
    if (size > maxBytes) {
      oversized.set(part.name, size);
      return undefined;
    }
    // The parser hands out ordinary ArrayBuffer-backed chunks (never shared memory).
    return new File(chunks as unknown as BlobPart[], part.filename, { type: part.contentType });
  };
  return unstable_composeUploadHandlers(fileHandler, memory);
}
