import { can, type Actor, type Permission } from "./permissions";

/**
 * A domain function was asked to do something `can()` does not allow this person to do.
 * Routes ask first (app/http/guards.server.ts), so a person never meets this; domain code
 * checks again itself and throws this, never an HTTP Response (docs/decisions/0064). Routes
 * that call a domain function which can refuse turn it into a 404, so nothing is revealed.
 */
export class NotAllowedError extends Error {
  constructor(what: string) {
    super(`Not allowed: ${what}`);
    this.name = "NotAllowedError";
  }
}

/** Throws NotAllowedError unless `can(actor, permission)`. */
export function ensureAllowed(actor: Actor | null, permission: Permission): void {
  if (!can(actor, permission)) throw new NotAllowedError(permission.action);
}
