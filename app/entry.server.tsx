import { PassThrough, Transform } from "node:stream";
import type { AppLoadContext, EntryContext, HandleDataRequestFunction, HandleErrorFunction } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { NonceProvider } from "~/components/nonce";
import { startupChecks } from "~/startup.server";
import { refusalLine } from "~/utils/refusal-log";

/**
 * How long the data in a response (a page's embedded data, a `.data` answer) may wait for its
 * promises before they are rejected: single fetch reads this export. React's render is given
 * a second more, so the rejections reach the browser before the render is aborted.
 */
export const streamTimeout = 5_000;
const ABORT_DELAY = streamTimeout + 1_000;

/**
 * React 18's streaming renderer writes its whole 2 KB buffer when a multi-byte character
 * does not fit at the end of it, zero bytes and all: "café" at that boundary reaches the
 * browser as "caf\0é", shown as a replacement character and, in a form field, sent back and
 * stored. A page never contains a NUL byte (nothing typed can hold one: app/forms/read.server.ts
 * drops them), so every one is dropped on the way out. (@react-email/render does the same.)
 */
function withoutNulBytes(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (chunk.indexOf(0) === -1) return callback(null, chunk);
      const out = Buffer.allocUnsafe(chunk.length);
      let n = 0;
      for (const byte of chunk) if (byte !== 0) out[n++] = byte;
      callback(null, out.subarray(0, n));
    },
  });
}

/**
 * What the log gets for an error Remix passes on. Remix's own refusals of a wrong request
 * (a `.data` request for a page that does not exist, a method a page does not take: 4xx error
 * responses) and addresses that do not decode are one line without a stack; anything else
 * is a fault and logged whole. A request the client gave up on is not logged at all.
 */
export const handleError: HandleErrorFunction = (error, { request }) => {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) {
    const inner: unknown = (error as { error?: unknown }).error;
    console.warn(refusalLine(request.method, request.url, error.status, inner instanceof Error ? inner.message : error.statusText));
    return;
  }
  if (error instanceof URIError) {
    console.warn(refusalLine(request.method, request.url, 400, error.message));
    return;
  }
  console.error(error);
};

/**
 * A `.data` answer (single fetch) holds every loader the page ran, the root's (who is signed
 * in) included, and a loader's own headers do not reach it (no route exports `headers`): it
 * is never kept by a cache. (The `?_data=` JSON once carried a loader's own Cache-Control.)
 */
export const handleDataRequest: HandleDataRequestFunction = (response) => {
  if (!response.headers.has("Cache-Control")) response.headers.set("Cache-Control", "private, no-store");
  return response;
};

/** Run once by server.ts after it starts listening. */
export async function onServerStart() {
  await startupChecks();
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = (loadContext as { cspNonce?: string }).cspNonce ?? "";
  const waitForAll = isbot(request.headers.get("user-agent") || "");
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          const stream = createReadableStreamFromReadable(body.pipe(withoutNulBytes()));
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
