import type { LoaderFunctionArgs } from "@remix-run/node";
import { prisma } from "~/db/client.server";
import { campaignKeyPrefix, isCampaignKind, planCampaign } from "~/mail/campaigns.server";
import { renderEmail } from "~/mail/templates.server";
import { notFound } from "~/http/responses.server";
import { requireOrganiser } from "~/http/guards.server";

/**
 * One campaign email rendered with its real data, for the organiser's preview frame:
 * ?kind=results&key=<idempotency key>. A planned email is rendered as it would go now; a
 * stored one no longer on the plan is shown as it was stored. Served sandboxed (no scripts
 * may run, no forms, an opaque origin) and only framed by our own pages: this overrides the site's default
 * frame-ancestors 'none' for this response alone.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cycle } = await requireOrganiser(request, params.slug!);
  const url = new URL(request.url);
  const kind = url.searchParams.get("kind");
  const key = url.searchParams.get("key") ?? "";
  if (!isCampaignKind(kind) || !key.startsWith(campaignKeyPrefix(cycle.id, kind))) throw notFound();

  const planned = (await planCampaign(prisma, cycle, kind)).find((r) => r.idempotencyKey === key);
  const html = planned
    ? (await renderEmail(planned.template, planned.props)).html
    : ((await prisma.emailMessage.findFirst({ where: { idempotencyKey: key, cycleId: cycle.id }, select: { html: true } }))?.html ?? null);
  if (html === null) throw notFound();
  return new Response(html, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      // `allow-scripts` in the sandbox only so that tools (axe in the tests, a browser's
      // developer tools) can look inside the frame; `default-src 'none'` still forbids every
      // script, and the sandbox's opaque origin keeps the frame away from the page and its cookies.
      "Content-Security-Policy": "sandbox allow-scripts; default-src 'none'; img-src data: https:; style-src 'unsafe-inline'; frame-ancestors 'self'",
      "X-Frame-Options": "SAMEORIGIN",
      "Cache-Control": "no-store",
    },
  });
}
