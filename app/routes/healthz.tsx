import { prisma } from "~/db/client.server";

/** Liveness and database check for load balancers and the demo script. */
export async function loader() {
  try {
    await prisma.$queryRawUnsafe('SELECT count(*) FROM "AwardCycle"');
    return Response.json({ status: "ok", db: "ok" }, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return Response.json(
      { status: "error", db: "error", message: (error as Error).message.slice(0, 200) },
      { status: 503, headers: { "Cache-Control": "no-store" } },
    );
  }
}
