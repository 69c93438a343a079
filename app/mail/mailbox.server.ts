import { env } from "~/env.server";

/**
 * Is this request from a browser on this computer? server.ts marks a request so when its
 * socket is loopback and no proxy forwarded it (and removes the mark from anything a client
 * sends), so the answer holds whatever address the server listens on.
 */
export function isLocalClient(request: Request): boolean {
  return request.headers.get("x-compact-client-local") === "1";
}

/** May this request see the local mailbox? It must be switched on, and asked for from this computer. */
export function localMailboxFor(request: Request): boolean {
  return env.localMailboxOn && isLocalClient(request);
}
