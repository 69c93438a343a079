import type { LoaderFunctionArgs } from "@remix-run/node";
import { prisma } from "~/db/client.server";
import { notFound } from "~/http/responses.server";
import { requireLocalMailbox } from "~/http/guards.server";

/** The stored HTML of one email, sandboxed: no scripts, no forms, framed only by our own page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  requireLocalMailbox(request);
  const message = await prisma.localMailboxMessage.findUnique({ where: { id: params.id }, select: { html: true } });
  if (!message) throw notFound();
  return new Response(message.html, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": "sandbox; default-src 'none'; img-src data: https:; style-src 'unsafe-inline'; frame-ancestors 'self'",
      "X-Frame-Options": "SAMEORIGIN",
      "Cache-Control": "no-store",
    },
  });
}
