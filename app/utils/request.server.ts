/**
 * The client's IP address for rate limiting. Behind a proxy set TRUST_PROXY=1 and the
 * first X-Forwarded-For entry is used; otherwise the socket address passed by server.ts.
 */
export function clientIp(request: Request): string | null {
  if (process.env.TRUST_PROXY === "1") {
    const forwarded = request.headers.get("x-forwarded-for");
    if (forwarded) return forwarded.split(",")[0].trim();
  }
  return request.headers.get("x-compact-client-ip");
}
