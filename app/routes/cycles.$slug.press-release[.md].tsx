import type { LoaderFunctionArgs } from "@remix-run/node";
import { prisma } from "~/db/client.server";
import { pressFileName, publicPressRelease } from "~/press/press-release.server";
import { notFound } from "~/http/responses.server";
import { requirePublishedCycle } from "~/http/guards.server";

/** /cycles/:slug/press-release.md: the published press release as Markdown text. Same rules as the page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cycle } = await requirePublishedCycle(request, params.slug!);
  const pr = await publicPressRelease(prisma, cycle);
  if (!pr) throw notFound();
  return new Response(pr.markdown, {
    headers: {
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": `attachment; filename="${pressFileName(cycle.slug, "md")}"`,
      "Cache-Control": "public, max-age=60",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
