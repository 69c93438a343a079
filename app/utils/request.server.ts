/**
 * The client's IP address, for rate limits: Express's req.ip, passed on by server.ts (which
 * removes any copy a client sends). Behind TRUST_PROXY=<n> proxies that is the address the
 * outermost proxy saw, n entries from the right of X-Forwarded-For; the entries further left
 * are whatever the client wrote, and never counted. Without a proxy, the socket's address.
 */
export function clientIp(request: Request): string | null {
  return request.headers.get("x-compact-client-ip") || null;
}
