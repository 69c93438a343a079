import type { LoaderFunctionArgs } from "@remix-run/node";
import { areaLogoFile } from "~/areas/areas.server";
import { prisma } from "~/db/client.server";
import { notFound } from "~/http/responses.server";

/**
 * A Compact area's logo (issue 13), public like the area's page. Served with the type it was
 * checked and re-encoded as, never what storage says. Pages link to it as ?v=<version>: that
 * address never changes its bytes, so it is cached for a year; any other address for a short
 * while. The ETag is the version, so a browser that has it gets 304.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const found = await areaLogoFile(prisma, { slug: params.slug! });
  if (!found) throw notFound();
  const etag = `"${found.version}"`;
  const versioned = new URL(request.url).searchParams.get("v") === found.version;
  const headers = new Headers({
    "Content-Type": found.contentType,
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": versioned ? "public, max-age=31536000, immutable" : "public, max-age=300",
    ETag: etag,
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'self'",
    "Cross-Origin-Resource-Policy": "same-origin",
  });
  const { file } = found;
  if (request.headers.get("if-none-match") === etag) {
    if (!Buffer.isBuffer(file.body)) await file.body.cancel();
    return new Response(null, { status: 304, headers });
  }
  const size = file.size ?? (Buffer.isBuffer(file.body) ? file.body.byteLength : undefined);
  if (size) headers.set("Content-Length", String(size));
  const body = Buffer.isBuffer(file.body) ? new Uint8Array(file.body) : file.body;
  return new Response(body, { status: 200, headers });
}
