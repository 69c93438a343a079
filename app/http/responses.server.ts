/**
 * The HTTP answers routes give. Only routes and the route guards (./guards.server.ts) make
 * them: domain code returns result values and never throws a Response (docs/decisions/0064).
 */
import { json } from "@remix-run/node";

export function notFound(message = "Not found") {
  return new Response(message, { status: 404, statusText: "Not Found" });
}

export function forbidden(message = "You do not have access to this page") {
  return new Response(message, { status: 403, statusText: "Forbidden" });
}

/** A domain refusal as an action response: a 404 is thrown (the id reveals nothing), anything else is shown on the form with what was typed. */
export function failureResponse(result: { status: number; errors: Record<string, string> }, values: Record<string, string | string[]>) {
  if (result.status === 404) throw notFound();
  return json({ errors: result.errors, values }, { status: result.status });
}
