/**
 * What a browser gets when it asks for a page's data. With single fetch on (remix.config.js,
 * docs/decisions/0066) that is `GET <path>.data` (`/_root.data` for `/`), answered in
 * turbo-stream, not `?_data=<route id>` JSON (which server.ts now refuses). `decodeData`
 * reads an answer the way Remix's browser code does (the same `turbo-stream` 2.4.1 that
 * @remix-run/react and @remix-run/server-runtime 2.17 depend on, with their plugins).
 */
import assert from "node:assert/strict";
import { decode } from "turbo-stream";

/** `/judge/abc?x=1` → `/judge/abc.data?x=1`; `/` → `/_root.data`. `routes` narrows it to those loaders (`?_routes=`, as a fetcher asks). */
export function dataPath(path: string, routes?: string[]): string {
  const at = path.indexOf("?");
  const pathname = at === -1 ? path : path.slice(0, at);
  const params = new URLSearchParams(at === -1 ? "" : path.slice(at + 1));
  if (routes) params.set("_routes", routes.join(","));
  const query = params.toString();
  return `${pathname === "/" ? "/_root" : pathname.replace(/\/$/, "")}.data${query ? `?${query}` : ""}`;
}

/** A redirect as single fetch sends it (a 202 with this in the body). */
export type DataRedirect = { redirect: string; status: number; revalidate: boolean; reload: boolean; replace: boolean };
/** What a route's entry in an answer holds: its data, or the error it threw. */
export type RouteResult = { data: unknown } | { error: unknown };

/** Decodes a `.data` answer's text: every promise in it settled. A redirect comes back as `{ redirect: DataRedirect }`. */
export async function decodeDataText(text: string): Promise<unknown> {
  const body = new Response(text).body;
  assert.ok(body, "a body to decode");
  const decoded = await decode(body, {
    plugins: [
      (type: string, ...rest: unknown[]) => {
        if (type === "SanitizedError") {
          const [name, message, stack] = rest as [string, string, string | undefined];
          const error = new Error(message);
          error.name = name;
          error.stack = stack;
          return { value: error };
        }
        if (type === "ErrorResponse") {
          const [data, status, statusText] = rest as [unknown, number, string];
          return { value: { errorResponse: true, data, status, statusText } };
        }
        if (type === "SingleFetchRedirect") return { value: { redirect: rest[0] as DataRedirect } };
      },
      (type: string, value: unknown) => {
        if (type === "SingleFetchFallback") return { value: undefined };
        if (type === "SingleFetchClassInstance") return { value };
      },
    ],
  });
  await decoded.done;
  return decoded.value;
}

/** A `.data` answer: its status, raw text (for "this text is nowhere in it") and what it decodes to. */
export async function readData(response: Response): Promise<{ status: number; text: string; value: unknown }> {
  const text = await response.text();
  assert.match(response.headers.get("content-type") ?? "", /^text\/x-script/, `a single-fetch answer (${response.status}): ${text.slice(0, 300)}`);
  return { status: response.status, text, value: await decodeDataText(text) };
}

/** One route's loader data from a loaders answer (`GET <path>.data`); fails if it threw or redirected. */
export function loaderDataOf<T = Record<string, unknown>>(value: unknown, routeId: string): T {
  const results = value as Record<string, RouteResult | undefined> & { redirect?: DataRedirect };
  assert.ok(!results.redirect, `${routeId}: redirected to ${results.redirect?.redirect}`);
  const result = results[routeId];
  assert.ok(result, `${routeId} is in the answer: ${Object.keys(results).join(", ")}`);
  assert.ok("data" in result, `${routeId} answered with an error: ${JSON.stringify((result as { error: unknown }).error)}`);
  return result.data as T;
}

/** An action's data from an action answer (`POST <path>.data`); fails if it threw or redirected. */
export function actionDataOf<T = Record<string, unknown>>(value: unknown): T {
  const result = value as (RouteResult & { redirect?: DataRedirect }) | undefined;
  assert.ok(result && !("redirect" in result && result.redirect), `the action redirected: ${JSON.stringify(result)}`);
  assert.ok("data" in result, `the action answered with an error: ${JSON.stringify((result as { error: unknown }).error)}`);
  return result.data as T;
}

/** The loaders' data for a page, fetched as a browser's navigation would (all of the page's loaders). */
export async function fetchLoaderData<T = Record<string, unknown>>(base: string, path: string, routeId: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`${base}${dataPath(path)}`, init);
  const { status, value } = await readData(response);
  assert.equal(status, 200, `${path}.data answered ${status}`);
  return loaderDataOf<T>(value, routeId);
}

/**
 * The old `?_data=` request for a page's loader: must get no data. server.ts refuses it
 * (400, plain text) before any loader runs; this checks that, and that none of `forbidden`
 * (nor any JSON) is in the answer.
 */
export async function assertOldDataRequestRefused(base: string, path: string, routeId: string, forbidden: string[], init?: RequestInit) {
  const sep = path.includes("?") ? "&" : "?";
  const response = await fetch(`${base}${path}${sep}_data=${encodeURIComponent(routeId)}`, init);
  const text = await response.text();
  assert.equal(response.status, 400, `${path} ?_data= answered ${response.status}: ${text.slice(0, 300)}`);
  assert.match(response.headers.get("content-type") ?? "", /^text\/plain/, `${path} ?_data= is not loader JSON`);
  assert.equal(response.headers.get("x-remix-response"), null, `${path} ?_data= did not reach Remix`);
  for (const word of forbidden) assert.ok(!text.toLowerCase().includes(word.toLowerCase()), `"${word}" in the answer to ${path} ?_data=`);
}
