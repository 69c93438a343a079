/**
 * Reading a posted form, the one way every action does it.
 *
 * - A body that is not a form at all (another content type, broken or truncated multipart)
 *   is refused with a 400 and a plain message (the error page shows it), never a server error.
 * - Every body is counted as it arrives and refused with a 413 past its form's limit, whatever
 *   it says about its length (a chunked body says nothing): MAX_FORM_BYTES for an ordinary
 *   form. An upload (readMultipartFormData) is read no further than the length it declares
 *   (at most MAX_DECLARED_BYTES) or, declaring none, MAX_UPLOAD_BODY_BYTES; what is KEPT of it
 *   is bounded by its parts: each text field at most MAX_TEXT_FIELD_BYTES, at most
 *   MAX_UPLOAD_PARTS parts, one file, in the field the handler takes, and no more of it than
 *   the handler keeps (a file too big is thrown away as it comes, so the page can still say
 *   how big it was and keep what was typed). docs/decisions/0020.
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
 * The most an ordinary form (no file) may be: far more than any of ours takes (the longest,
 * a 5,000-character story answer, is under 50 KB however it is encoded). The press release
 * (100,000 characters) asks for more: MAX_PRESS_RELEASE_FORM_BYTES.
 */
export const MAX_FORM_BYTES = 512 * 1024;
/** 100,000 characters of any script, percent-encoded (up to 9 bytes each), and the other fields. */
export const MAX_PRESS_RELEASE_FORM_BYTES = 1024 * 1024;
/** An upload without a Content-Length is read no further than this: the biggest file any form takes (20 MB of evidence) and the rest of the form. */
export const MAX_UPLOAD_BODY_BYTES = 21 * 1024 * 1024;
/** A body that says it is bigger than this is refused before a byte is read. */
export const MAX_DECLARED_BYTES = 200 * 1024 * 1024;
/**
 * One text field of an upload form: a hundred times the longest answer one takes (a
 * 300-character caption), so a long paste still gets its message next to the field.
 */
export const MAX_TEXT_FIELD_BYTES = 128 * 1024;
/** Parts of an upload form: ours have six. */
export const MAX_UPLOAD_PARTS = 20;

/** The refusal for a body that is not a readable form: thrown, so the error page says it. */
export function unreadableForm(message = UNREADABLE_FORM_MESSAGE, status = 400): Response {
  return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

const tooBigForm = () =>
  unreadableForm("The form could not be read: it is much bigger than any form on this site. Go back, shorten what you typed and send it again.", 413);

class BodyTooLargeError extends Error {
  constructor() {
    super("The body is larger than the form's limit");
  }
}

/** The Content-Length the request declares, or null when it declares none (a chunked body). */
function declaredLength(request: Request): number | null {
  const value = request.headers.get("content-length");
  if (value === null || !/^\d+$/.test(value.trim())) return null;
  return Number(value);
}

/**
 * A request's body, counted as it arrives.
 *
 * `stream` errors (BodyTooLargeError) as soon as more than `limit` bytes have come.
 * Cancelling it is NOT passed on to the request: cancelling Remix's request stream destroys
 * the socket, and the refusal with it.
 *
 * `finish()`, once the form has been refused, decides what happens to the rest: a body that
 * declared its length (MAX_DECLARED_BYTES at most: every browser declares it) is read to its
 * end and thrown away, so the browser, still sending, gets the answer; a body that declared
 * none is left unread (the socket pauses) and server.ts closes the connection after the
 * answer: whoever sends an endless chunked body gets no further than the limit.
 */
function countedBody(request: Request, limit: number) {
  const declared = declaredLength(request);
  if (declared !== null && declared > MAX_DECLARED_BYTES) throw tooBigForm();
  const reader = request.body!.getReader();
  let size = 0;
  let stopped = false;
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (stopped) return;
        try {
          const { done, value } = await reader.read();
          if (done) return controller.close();
          size += value.byteLength;
          if (size > limit) {
            stopped = true;
            return controller.error(new BodyTooLargeError());
          }
          controller.enqueue(value);
        } catch (error) {
          controller.error(error); // (a no-op once the reader of this stream has gone)
        }
      },
      cancel() {
        stopped = true;
      },
    },
    { highWaterMark: 0 },
  );
  const finish = async () => {
    stopped = true;
    if (declared === null) return;
    try {
      for (;;) if ((await reader.read()).done) break;
    } catch {
      // the client went away: nothing left to answer
    }
  };
  return { stream, declared, finish };
}

/**
 * The body, up to `limit` bytes; past that (or when it says it is bigger) a 413 is thrown,
 * after the rest of a declared body has been read and dropped (see countedBody).
 */
export async function readLimitedBody(request: Request, limit: number): Promise<Buffer> {
  if (!request.body) return Buffer.alloc(0);
  const body = countedBody(request, limit);
  if (body.declared !== null && body.declared > limit) {
    await body.finish();
    throw tooBigForm();
  }
  const reader = body.stream.getReader();
  const chunks: Uint8Array[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      await body.finish();
      throw tooBigForm();
    }
    throw error;
  }
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

/** The posted form (urlencoded or multipart, files in memory), or a thrown 400 if it is not one (413 if bigger than `maxBytes`). */
export async function readFormData(request: Request, { maxBytes = MAX_FORM_BYTES }: { maxBytes?: number } = {}): Promise<FormData> {
  const body = await readLimitedBody(request, maxBytes);
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), { headers: { "Content-Type": request.headers.get("content-type") ?? "" } }).formData();
  } catch {
    throw unreadableForm();
  }
  return cleaned(form);
}

/** Limits of one upload form (defaults above); the booklet cover, a photo only, takes less. */
export type MultipartLimits = { maxBodyBytes?: number; maxParts?: number; maxTextFieldBytes?: number };

/** A text part's value, or a thrown 413 past `max` bytes (read no further). */
async function readTextPart(data: AsyncIterable<Uint8Array>, max: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of data) {
    size += chunk.byteLength;
    if (size > max) throw tooBigForm();
    chunks.push(chunk);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/**
 * A multipart form read part by part (for uploads: the handler decides what to keep of each
 * file, and must read or refuse every file part it is given: the parser keeps in memory
 * whatever a handler leaves unread). Text fields are read here, at most MAX_TEXT_FIELD_BYTES
 * each. A file part the handler does not take (returns undefined: a file where no file
 * belongs) is a 400. MaxPartSizeExceededError is passed on for the route to answer; a body
 * past its limit or with too many parts is a thrown 413; anything else wrong with it a 400.
 * The body is read no further than it declares or, declaring nothing, `maxBodyBytes`.
 */
export async function readMultipartFormData(request: Request, handler: UploadHandler, limits: MultipartLimits = {}): Promise<FormData> {
  const { maxBodyBytes = MAX_UPLOAD_BODY_BYTES, maxParts = MAX_UPLOAD_PARTS, maxTextFieldBytes = MAX_TEXT_FIELD_BYTES } = limits;
  const boundary = /^multipart\/form-data\s*;\s*boundary=(?:"([^"]+)"|([^\s;]+))/i.exec(request.headers.get("content-type") ?? "");
  if (!boundary || !request.body) throw unreadableForm();
  // A declared length is what Node will read at most; the parts' own limits keep what is kept small.
  const body = countedBody(request, declaredLength(request) ?? maxBodyBytes);
  const safe = new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: body.stream.pipeThrough(escapePartHeaders(boundary[1] ?? boundary[2])),
    duplex: "half",
  } as RequestInit & { duplex: "half" });
  let parts = 0;
  const guarded: UploadHandler = async (part) => {
    if (++parts > maxParts) throw tooBigForm();
    if (part.filename === undefined) return readTextPart(part.data, maxTextFieldBytes);
    const value = await handler({ ...part, filename: restoreHeaderValue(part.filename) });
    if (value === undefined) throw unreadableForm();
    return value;
  };
  try {
    return cleaned(await unstable_parseMultipartFormData(safe, guarded));
  } catch (error) {
    await body.finish();
    if (error instanceof BodyTooLargeError) throw tooBigForm();
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
