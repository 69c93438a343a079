/**
 * Issue 13: what a deployment of one or several app servers checks.
 * - /healthz reports the database and the queue (the outbox, the recorded sends and the job
 *   queue, docs/decisions/0070), each a field of its own, read from the database so every
 *   server answers the same.
 * - With INSTANCES > 1 the real server refuses to start while files would be kept on its own
 *   disk, with a message saying what to set; with shared uploads it starts (on PostgreSQL;
 *   on SQLite several servers are refused whatever the files, docs/decisions/0069).
 */
import "../support/test-env";
import { testDatabase } from "../support/test-env";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { prisma } from "~/db/client.server";
import { jobQueue } from "~/jobs/queue.server";
import { queueEmail } from "~/mail/send.server";
import { loader as healthz } from "~/routes/healthz";
import { makeCampaignCycle } from "../support/campaign-fixtures";
import { startAppServer, type AppServer } from "../support/app-server";
import { waitFor } from "../support/wait";

const servers: AppServer[] = [];
const shared = fs.mkdtempSync(path.join(os.tmpdir(), "compact-awards-shared-"));

after(async () => {
  for (const server of servers) await server.stop("SIGKILL");
  await jobQueue().stop();
  await prisma.$disconnect();
  fs.rmSync(shared, { recursive: true, force: true });
});

type Health = {
  status: string;
  db: string;
  database: string;
  queue: {
    status: string;
    emailsWaiting: number;
    oldestWaitingSeconds: number;
    sendsUnderWay: number;
    sendsWaitingForAServer: number;
    jobs: { kind: string; running: boolean; waiting: number | null };
  };
};

describe("/healthz: the database and the queue", () => {
  it("reports each as a field of its own, with what waits in the queue", async () => {
    const empty = await healthz();
    assert.equal(empty.status, 200);
    assert.equal(empty.headers.get("cache-control"), "no-store");
    const before = (await empty.json()) as Health;
    assert.equal(before.status, "ok");
    assert.equal(before.db, "ok");
    assert.equal(before.database, testDatabase.provider);
    const kind = testDatabase.provider === "postgresql" ? "pg-boss" : "in-process";
    assert.deepEqual(before.queue, {
      status: "ok",
      emailsWaiting: 0,
      oldestWaitingSeconds: 0,
      sendsUnderWay: 0,
      sendsWaitingForAServer: 0,
      jobs: { kind, running: false, waiting: null },
    });
    // The job queue once started (as at start-up), with a job no worker has taken yet.
    await jobQueue().start();
    await jobQueue().enqueue("healthz-test", {});
    const jobs = ((await (await healthz()).json()) as Health).queue.jobs;
    assert.deepEqual(jobs, { kind, running: true, waiting: 1 });

    const f = await makeCampaignCycle(prisma, { slug: "health", nominations: 1 });
    await queueEmail(prisma, {
      to: "waiting@example.org",
      template: "sign-in",
      props: { url: "http://localhost/sign-in/x", expiresInMinutes: 15 },
      idempotencyKey: "health:waiting",
    });
    const now = Date.now();
    await prisma.campaignSend.createMany({
      data: [
        // held by a live server
        { cycleId: f.cycleId, kind: "results", plannedFor: new Date(now), planned: 2, leaseHolder: "a", leaseUntil: new Date(now + 60_000) },
        // its server stopped renewing it
        { cycleId: f.cycleId, kind: "ceremony-invitation", plannedFor: new Date(now), planned: 2, leaseHolder: "b", leaseUntil: new Date(now - 1000) },
      ],
    });
    const after = (await (await healthz()).json()) as Health;
    assert.equal(after.status, "ok");
    assert.equal(after.queue.emailsWaiting, 1);
    assert.ok(after.queue.oldestWaitingSeconds >= 0);
    assert.equal(after.queue.sendsUnderWay, 1);
    assert.equal(after.queue.sendsWaitingForAServer, 1);
  });
});

describe("INSTANCES: start-up with several app servers", () => {
  it("refuses local-disk file storage, saying how to share it", async () => {
    await assert.rejects(startAppServer({ databaseUrl: testDatabase.url, env: { INSTANCES: "2" } }), (error: Error) => {
      assert.match(error.message, /The server exited during start-up/);
      assert.match(error.message, /Compact Awards cannot start/);
      assert.match(error.message, /INSTANCES is 2, but files are kept on this server's own disk/);
      assert.match(error.message, /UPLOADS_DIR on shared storage .* SHARED_UPLOADS=1/);
      return true;
    });
  });

  if (testDatabase.provider === "postgresql") {
    it("starts with shared uploads on PostgreSQL, and says so in /healthz", async () => {
      const server = await startAppServer({ databaseUrl: testDatabase.url, env: { INSTANCES: "2", UPLOADS_DIR: shared, SHARED_UPLOADS: "1" } });
      servers.push(server);
      const read = async () => (await (await fetch(`${server.url}/healthz`)).json()) as Health;
      const first = await read();
      assert.equal(first.db, "ok");
      assert.equal(first.database, "postgresql");
      assert.equal(first.queue.status, "ok");
      assert.equal(first.queue.jobs.kind, "pg-boss");
      // The server answers while pg-boss is still starting (on a loaded machine that took
      // longer than the first request): /healthz says so, then says it is running.
      const health = await waitFor(async () => {
        const now = await read();
        return now.queue.jobs.running ? now : null;
      }, "/healthz to report the job queue running");
      assert.equal(health.queue.jobs.running, true, "started at start-up");
    });
  } else {
    it("refuses several servers on SQLite even with shared uploads: several servers need PostgreSQL", async () => {
      await assert.rejects(
        startAppServer({ databaseUrl: testDatabase.url, env: { INSTANCES: "2", UPLOADS_DIR: shared, SHARED_UPLOADS: "1" } }),
        (error: Error) => {
          assert.match(error.message, /SQLite file, which only one server can use\. Several app servers need PostgreSQL/);
          assert.doesNotMatch(error.message, /files are kept on this server's own disk/);
          return true;
        },
      );
    });
  }
});
