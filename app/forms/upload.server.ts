import type { UploadHandler } from "@remix-run/node";
import { MaxPartSizeExceededError } from "@remix-run/node";
import { MAX_DECLARED_BYTES } from "./read.server";

/** Past this we stop reading a file at all; below it we read (and discard) so we can say how big the file was. */
export const HARD_LIMIT_BYTES = MAX_DECLARED_BYTES;

/**
 * Upload handler for a form with one file field, for readMultipartFormData (which reads the
 * text fields itself). The file is read into memory up to maxBytes (a little over the biggest
 * file accepted); beyond that it is read and thrown away, up to HARD_LIMIT_BYTES, so the rest
 * of the form still arrives: the page can then say how big the file was (oversized.get(field))
 * and keep what was typed. One file, in that field only: a file in any other field, or a
 * second one, is not taken (undefined), and readMultipartFormData refuses the form.
 */
export function fileUploadHandler(field: string, maxBytes: number, oversized: Map<string, number>): UploadHandler {
  let taken = false;
  return async (part) => {
    if (part.name !== field || typeof part.filename !== "string" || taken) return undefined;
    taken = true;
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of part.data) {
      size += chunk.byteLength;
      if (size > HARD_LIMIT_BYTES) throw new MaxPartSizeExceededError(part.name, maxBytes);
      if (size <= maxBytes) chunks.push(chunk);
    }
    if (size > maxBytes) {
      oversized.set(part.name, size);
      return null; // read and dropped: the route says how big it was
    }
    // The parser hands out ordinary ArrayBuffer-backed chunks (never shared memory).
    return new File(chunks as unknown as BlobPart[], part.filename, { type: part.contentType });
  };
}
