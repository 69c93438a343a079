/**
 * A sender in its own process, so a test can kill it mid-batch (kill -9) and start it again
 * (tests/integration/send-crash.test.ts).
 *
 *   DATABASE_URL=file:/tmp/x.db RESEND_API_KEY=re_... RESEND_BASE_URL=http://127.0.0.1:PORT \
 *     node --import tsx tests/support/send-worker.ts <cycleId>
 *
 * Delivers everything waiting in the outbox for that cycle (deliverQueued: first the calls a
 * crash interrupted, with their same keys, then the queued messages), prints the totals as
 * one JSON line and exits 0. It prints "claimed" lines as it goes (onProgress) for the test.
 */
import { prisma } from "~/db/client.server";
import { deliverQueued } from "~/mail/outbox.server";
import { transportForEnvironment } from "~/mail/transport.server";

async function main() {
  const cycleId = process.argv[2];
  if (!cycleId) throw new Error("Usage: send-worker.ts <cycleId>");
  if (!process.env.RESEND_API_KEY || !process.env.RESEND_BASE_URL) throw new Error("Set RESEND_API_KEY and RESEND_BASE_URL");
  process.stdout.write(`${JSON.stringify({ started: process.pid })}\n`);
  const totals = await deliverQueued(
    prisma,
    { cycleId },
    {
      transport: transportForEnvironment(),
      baseDelayMs: 50,
      onProgress: (p) => process.stdout.write(`${JSON.stringify({ progress: p })}\n`),
    },
  );
  process.stdout.write(`${JSON.stringify({ totals })}\n`);
  await prisma.$disconnect();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`send-worker: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
