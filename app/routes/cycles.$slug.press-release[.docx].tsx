import type { LoaderFunctionArgs } from "@remix-run/node";
import { prisma } from "~/db/client.server";
import { headlineOf, markdownToDocx, pressFileName, publicPressRelease } from "~/press/press-release.server";
import { notFound } from "~/http/responses.server";
import { requirePublishedCycle } from "~/http/guards.server";

const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** /cycles/:slug/press-release.docx: the published press release as a Word document. Same rules as the page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cycle } = await requirePublishedCycle(request, params.slug!);
  const pr = await publicPressRelease(prisma, cycle);
  if (!pr) throw notFound();
  const bytes = await markdownToDocx(pr.markdown, { title: headlineOf(pr.markdown), creator: `${cycle.area} Compact` });
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": DOCX_TYPE,
      "Content-Disposition": `attachment; filename="${pressFileName(cycle.slug, "docx")}"`,
      "Content-Length": String(bytes.length),
      "Cache-Control": "public, max-age=60",
    },
  });
}
