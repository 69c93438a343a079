/**
 * Calling Remix loaders and actions directly from integration tests, as the server would.
 */
import assert from "node:assert/strict";
import { createUserSession } from "~/auth/session.server";

/** A loader's or action's arguments, as Remix passes them. */
export function args(request: Request, params: Record<string, string>) {
  return { request, params, context: {} };
}

/** Runs a loader or action and returns the Response it returned or threw (404s and redirects are thrown). */
export async function respond(fn: () => Promise<unknown>): Promise<Response> {
  try {
    const result = await fn();
    assert.ok(result instanceof Response, "a Response");
    return result;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** The Cookie header a browser signed in as this user would send ("name=value"). */
export async function sessionCookie(userId: string): Promise<string> {
  return (await createUserSession(new Request("http://localhost/"), userId)).split(";")[0];
}
