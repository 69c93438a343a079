import { databaseProvider } from "~/db/url";
import { prisma } from "~/db/client.server";
import { jobQueue } from "~/jobs/queue.server";
import { queueHealth } from "~/mail/sender.server";

const noStore = { "Cache-Control": "no-store" };

/**
 * Liveness, database and queue check for load balancers, monitoring and the demo script:
 * `db` and `queue` as fields of their own, so a monitor can tell which failed. 503 when either does.
 * `queue.jobs` is the job queue: its kind, whether it runs here, and the jobs waiting.
 */
export async function loader() {
  const database = databaseProvider();
  try {
    await prisma.$queryRawUnsafe('SELECT count(*) FROM "AwardCycle"');
  } catch (error) {
    return Response.json(
      { status: "error", db: "error", database, queue: { status: "unknown" }, message: (error as Error).message.slice(0, 200) },
      { status: 503, headers: noStore },
    );
  }
  try {
    const queue = await queueHealth(prisma);
    // The job queue (docs/decisions/0070): whether this server's is running, and the jobs waiting
    // (across all servers on PostgreSQL; this server's own on SQLite, the only one).
    const jobs = jobQueue();
    const waiting = jobs.running ? await jobs.waiting() : null;
    return Response.json(
      { status: "ok", db: "ok", database, queue: { status: "ok", ...queue, jobs: { kind: jobs.kind, running: jobs.running, waiting } } },
      { headers: noStore },
    );
  } catch (error) {
    return Response.json(
      { status: "error", db: "ok", database, queue: { status: "error" }, message: (error as Error).message.slice(0, 200) },
      { status: 503, headers: noStore },
    );
  }
}
