/**
 * Reading a posted form, the one way every action does it.
 *
 * - A body that is not a form at all (another content type, broken or truncated multipart)
 *   is refused with a 400 and a plain message (the error page shows it), never a server error.
 * - A form bigger than any of ours could be (MAX_FORM_BYTES; uploads have their own limits)
 *   is refused with a 413 without being kept in memory.
 * - Characters no keyboard types are dropped from every value: NUL and the other C0 control
 *   characters (XML, and so the Word press release, cannot hold them; HTML turns them into
 *   replacement characters). Tab, line feed and carriage return stay; a vertical tab or form
 *   feed (which Word puts in pasted text) becomes a line break. Everything else, whatever the
 *   script or direction, is kept exactly as typed.
 * - Multipart: browsers send a file name with ";" or "=" in it as typed, inside the quotes of
 *   its Content-Disposition header, which Remix's multipart parser splits on. Those two are
 *   escaped in part headers before parsing and restored in the name the upload handler sees,
 *   so "Minutes; March=final.pdf" uploads like any other file.
 */
import { MaxPartSizeExceededError, unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";

export const UNREADABLE_FORM_MESSAGE = "The form could not be read. Go back to the page, reload it and send the form again.";

/**
 * The most a form without a file may be: far more than the longest text any form takes (the
 * press release, 100,000 characters, is under 1 MB however it is encoded).
 */
export const MAX_FORM_BYTES = 5 * 1024 * 1024;

/** The refusal for a body that is not a readable form: thrown, so the error page says it. */
export function unreadableForm(message = UNREADABLE_FORM_MESSAGE, status = 400): Response {
  return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

const tooBigForm = () =>
  unreadableForm("The form could not be read: it is much bigger than any form on this site. Go back, shorten what you typed and send it again.", 413);

/** The body, up to `limit` bytes; past that the rest is read and thrown away, and a 413 thrown. */
async function readBody(request: Request, limit: number): Promise<Buffer> {
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > limit) throw tooBigForm();
  if (!request.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size <= limit) chunks.push(chunk);
  }
  if (size > limit) throw tooBigForm();
  return Buffer.concat(chunks);
}

/** Drops the characters no keyboard types (see above). */
export function cleanText(value: string): string {
  return value.replace(/[\u000B\u000C]/g, "\n").replace(/[\u0000-\u0008\u000E-\u001F\u007F]/g, "");
}

function cleaned(form: FormData): FormData {
  const out = new FormData();
  for (const [name, value] of form.entries()) {
    if (typeof value === "string") out.append(cleanText(name), cleanText(value));
    else out.append(cleanText(name), value, value.name);
  }
  return out;
}

/** The posted form (urlencoded or multipart, files in memory), or a thrown 400 if it is not one. */
export async function readFormData(request: Request): Promise<FormData> {
  const body = await readBody(request, MAX_FORM_BYTES);
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), { headers: { "Content-Type": request.headers.get("content-type") ?? "" } }).formData();
  } catch {
    throw unreadableForm();
  }
  return cleaned(form);
}

/**
 * A multipart form read part by part (for uploads: the handler decides what to keep of each
 * file). MaxPartSizeExceededError is passed on for the route to answer; anything else wrong
 * with the body is a thrown 400.
 */
export async function readMultipartFormData(request: Request, handler: UploadHandler): Promise<FormData> {
  const boundary = /^multipart\/form-data\s*;\s*boundary=(?:"([^"]+)"|([^\s;]+))/i.exec(request.headers.get("content-type") ?? "");
  if (!boundary || !request.body) throw unreadableForm();
  const safe = new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body.pipeThrough(escapePartHeaders(boundary[1] ?? boundary[2])),
    duplex: "half",
  } as RequestInit & { duplex: "half" });
  const restoring: UploadHandler = (part) => handler({ ...part, filename: part.filename === undefined ? undefined : restoreHeaderValue(part.filename) });
  try {
    return cleaned(await unstable_parseMultipartFormData(safe, restoring));
  } catch (error) {
    // The parser's own complaints about the body; anything else is a real fault and goes on.
    if (error instanceof Error && !(error instanceof MaxPartSizeExceededError) && /malformed|could not parse|unexpected (end|boundary)/i.test(error.message)) {
      throw unreadableForm();
    }
    throw error;
  }
}

// ---------------------------------------------------------------- part headers

const CRLF2 = Buffer.from("\r\n\r\n");
/** Part headers longer than this are passed on untouched (the parser will refuse them). */
const MAX_HEADER_BYTES = 16 * 1024;

/** Undoes the escaping above, and the browsers' own (the HTML standard sends `"`, CR and LF in a file name as %22, %0D, %0A). */
function restoreHeaderValue(value: string): string {
  return value.replace(/%(3B|3D|22|0D|0A)/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** `filename="a;b=c.pdf"` -> `filename="a%3Bb%3Dc.pdf"`, inside every quoted value of a Content-Disposition line. */
function escapeHeaderBlock(block: Buffer): Buffer {
  const text = block.toString("latin1");
  const fixed = text
    .split("\r\n")
    .map((line) =>
      /^content-disposition\s*:/i.test(line)
        ? line.replace(/"((?:[^"\\]|\\.)*)"/g, (_, inner: string) => `"${inner.replace(/;/g, "%3B").replace(/=/g, "%3D")}"`)
        : line,
    )
    .join("\r\n");
  return Buffer.from(fixed, "latin1");
}

/**
 * Passes the body through unchanged except for the header block of each part (from the
 * boundary line to the blank line after it), which is escaped as above. A boundary can never
 * occur inside a part's content, so finding "--boundary\r\n" finds the start of every part.
 */
function escapePartHeaders(boundary: string): TransformStream<Uint8Array, Uint8Array> {
  const delimiter = Buffer.from(`--${boundary}\r\n`);
  let pending: Buffer = Buffer.alloc(0);
  let inHeaders = false;
  return new TransformStream({
    transform(chunk, controller) {
      pending = pending.length ? Buffer.concat([pending, chunk]) : Buffer.from(chunk);
      for (;;) {
        if (!inHeaders) {
          const at = pending.indexOf(delimiter);
          if (at === -1) {
            // Keep enough to find a delimiter that straddles two chunks.
            const keep = Math.min(pending.length, delimiter.length - 1);
            if (pending.length > keep) controller.enqueue(pending.subarray(0, pending.length - keep));
            pending = pending.subarray(pending.length - keep);
            return;
          }
          controller.enqueue(pending.subarray(0, at + delimiter.length));
          pending = pending.subarray(at + delimiter.length);
          inHeaders = true;
        }
        const end = pending.indexOf(CRLF2);
        if (end === -1) {
          if (pending.length <= MAX_HEADER_BYTES) return;
          controller.enqueue(pending);
          pending = Buffer.alloc(0);
          inHeaders = false;
          return;
        }
        controller.enqueue(escapeHeaderBlock(pending.subarray(0, end)));
        pending = pending.subarray(end);
        inHeaders = false;
      }
    },
    flush(controller) {
      if (pending.length) controller.enqueue(pending);
    },
  });
}
