import type { LoaderFunctionArgs } from "@remix-run/node";
import { can } from "~/auth/permissions";
import { getActor } from "~/auth/session.server";
import { bookletFileName, ensureBooklet } from "~/booklet/booklet.server";
import { getCycleBySlug } from "~/cycles/cycles.server";
import { prisma } from "~/db/client.server";
import { notFound } from "~/http/responses.server";

/** How long a request waits for a booklet being made before answering "try again shortly". */
const WAIT_MS = 25_000;

/**
 * /cycles/:slug/booklet.pdf: the case-study booklet. Public once the results are published;
 * before that only the cycle's organisers may open it, as a preview. Everyone else gets 404.
 * The stored file is served while its inputs are unchanged; otherwise it is made again
 * (concurrent requests share one generation) and, if that takes long, a 503 with
 * Retry-After asks the browser to come back.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const cycle = await getCycleBySlug(prisma, params.slug!);
  if (!cycle) throw notFound();
  const actor = await getActor(request);
  const isPublic = can(actor, { action: "cycle.results.view-public", cycle });
  if (!isPublic && !can(actor, { action: "cycle.manage", cycle })) throw notFound();

  const making = ensureBooklet(prisma, cycle.id);
  let timer: NodeJS.Timeout | undefined;
  const waited = await Promise.race([
    making,
    new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), WAIT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
  if (!waited) {
    making.catch(() => {}); // it carries on in the background; its failure is logged there
    return new Response("The booklet is being made. Please try again in a minute.", {
      status: 503,
      headers: { "Retry-After": "30", "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }

  const etag = `"${waited.inputHash.slice(0, 32)}"`;
  const headers = {
    "Content-Type": "application/pdf",
    "Content-Disposition": `inline; filename="${bookletFileName(cycle.slug)}"`,
    ETag: etag,
    "Last-Modified": waited.generatedAt.toUTCString(),
    // Before publication the preview is for organisers only: never kept by a shared cache.
    "Cache-Control": isPublic ? "public, max-age=300" : "private, no-store",
  };
  if (request.headers.get("If-None-Match") === etag) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(waited.pdf), { status: 200, headers: { ...headers, "Content-Length": String(waited.pdf.length) } });
}
