import type { LoaderFunctionArgs } from "@remix-run/node";
import { renderCertificates } from "~/ceremony/ceremony.server";
import { prisma } from "~/db/client.server";
import { requireOrganiser } from "~/http/guards.server";

/** /admin/cycles/:slug/ceremony/certificates.pdf: one certificate per award, for the organisers to print. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cycle } = await requireOrganiser(request, params.slug!);
  const { pdf } = await renderCertificates(prisma, cycle.id);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `inline; filename="${cycle.slug}-certificates.pdf"`,
      "Content-Length": String(pdf.length),
      "Cache-Control": "private, no-store",
    },
  });
}
