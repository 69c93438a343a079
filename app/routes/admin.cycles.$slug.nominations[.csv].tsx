import type { LoaderFunctionArgs } from "@remix-run/node";
import { audit } from "~/audit/audit.server";
import { prisma } from "~/db/client.server";
import { exportFileName, nominationsCsv, UTF8_BOM } from "~/nominations/export.server";
import { requireOrganiser } from "~/http/guards.server";

/** /admin/cycles/:slug/nominations.csv: every nomination of the cycle, for a spreadsheet. Organisers only. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, cycle } = await requireOrganiser(request, params.slug!);
  const csv = await nominationsCsv(prisma, cycle.id);
  // The file holds partners' names and email addresses: who took a copy is worth knowing.
  await audit(prisma, {
    actorId: actor.userId,
    cycleId: cycle.id,
    action: "cycle.exported",
    entityType: "AwardCycle",
    entityId: cycle.id,
    data: { kind: "nominations", via: "web" },
  });
  return new Response(UTF8_BOM + csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${exportFileName(cycle.slug, "nominations")}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
