/**
 * The job queue (app/jobs/queue.server.ts, docs/decisions/0070) on the test's database: pg-boss
 * on PostgreSQL, the in-process runner on SQLite, held to the same rules:
 * - a singleton key is one job at a time (two enqueues while one runs: one job, run once);
 * - a throwing handler is tried again, after a delay that doubles with back-off;
 * - state, progress and output are read by the job's id;
 * - on PostgreSQL, two queues on one database (as two app servers have) never run a job twice;
 * - a job enqueued with the change that causes it (changeAndEnqueue) exists only if the change
 *   does: in the change's transaction on PostgreSQL, after its commit on the in-process runner;
 * - a recurring job (every) waits or runs once at a time, however many servers enqueue it.
 */
import "../support/test-env";
import { testDatabase } from "../support/test-env";
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { prisma } from "~/db/client.server";
import { changeAndEnqueue, createJobQueue, every, type JobQueue } from "~/jobs/queue.server";
import { waitFor } from "../support/wait";

const queues: JobQueue[] = [];
function newQueue() {
  // Short polling so a test waits less; the rules do not depend on it.
  const queue = createJobQueue(testDatabase.url, { pollingIntervalSeconds: 0.5 });
  queues.push(queue);
  return queue;
}
after(async () => {
  for (const q of queues) await q.stop();
});

/** A promise and the function that settles it. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe(`job queue on ${testDatabase.provider}`, () => {
  it("is pg-boss on PostgreSQL and the in-process runner on SQLite", () => {
    assert.equal(newQueue().kind, testDatabase.provider === "postgresql" ? "pg-boss" : "in-process");
  });

  it("runs one job per singleton key: an enqueue while it runs returns the running job", async () => {
    const queue = newQueue();
    await queue.start();
    const release = gate();
    const runs: string[] = [];
    await queue.work<{ n: number }>("singleton-test", async (job) => {
      runs.push(job.id);
      await job.reportProgress({ step: "halfway", n: job.data.n });
      await release.opened;
      return { made: job.data.n };
    });
    const first = await queue.enqueue("singleton-test", { n: 1 }, { singletonKey: "cycle-1" });
    await waitFor(async () => (await queue.jobState(first))?.state === "active", "the first job to start");
    const second = await queue.enqueue("singleton-test", { n: 2 }, { singletonKey: "cycle-1" });
    assert.equal(second, first);
    const running = await waitFor(async () => {
      const s = await queue.jobState(first);
      return s?.progress ? s : null;
    }, "the job's progress");
    assert.deepEqual(running.progress, { step: "halfway", n: 1 });
    assert.equal((await queue.latestJob("singleton-test", "cycle-1"))?.id, first);
    // Another key is another job, and runs beside it.
    const other = await queue.enqueue("singleton-test", { n: 3 }, { singletonKey: "cycle-2" });
    assert.notEqual(other, first);
    release.open();
    const done = await waitFor(async () => {
      const s = await queue.jobState(first);
      return s?.state === "completed" ? s : null;
    }, "the first job to complete");
    assert.deepEqual(done.output, { made: 1 });
    assert.equal(done.progress, null);
    await waitFor(async () => (await queue.jobState(other))?.state === "completed", "the other key's job");
    assert.deepEqual(runs.sort(), [first, other].sort());
    // Finished, the key takes a new job.
    const again = await queue.enqueue("singleton-test", { n: 4 }, { singletonKey: "cycle-1" });
    assert.notEqual(again, first);
    await waitFor(async () => (await queue.jobState(again))?.state === "completed", "the new job");
  });

  it("tries a throwing handler again with back-off, then completes; a job that keeps failing ends failed", async () => {
    const queue = newQueue();
    await queue.start();
    const attempts: number[] = [];
    const states = new Set<string>();
    await queue.work<{ failTimes: number }>("retry-test", async (job) => {
      attempts.push(Date.now());
      if (attempts.length <= job.data.failTimes) throw new Error(`attempt ${attempts.length} failed`);
      return { attempts: attempts.length };
    });
    const id = await queue.enqueue("retry-test", { failTimes: 2 }, { retryLimit: 2, retryDelaySeconds: 1, backoff: true });
    const done = await waitFor(async () => {
      const s = await queue.jobState(id);
      if (s) states.add(s.state);
      return s?.state === "completed" ? s : null;
    }, "the job to complete after two failures");
    assert.equal(attempts.length, 3);
    assert.equal(done.retryCount, 2);
    assert.deepEqual(done.output, { attempts: 3 });
    assert.ok(states.has("retry"), `the job was seen waiting to retry (${[...states].join(", ")})`);
    // The back-off's promise is a lower bound: the first retry waits the delay, the second twice it.
    assert.ok(attempts[1] - attempts[0] >= 1000, `first retry after ${attempts[1] - attempts[0]} ms`);
    assert.ok(attempts[2] - attempts[1] >= 2000, `second retry after ${attempts[2] - attempts[1]} ms`);

    await queue.work("always-fails", async () => {
      throw new Error("no good");
    });
    const failing = await queue.enqueue("always-fails", {}, { retryLimit: 1, retryDelaySeconds: 0 });
    const failed = await waitFor(async () => {
      const s = await queue.jobState(failing);
      return s?.state === "failed" ? s : null;
    }, "the job to fail");
    assert.equal(failed.retryCount, 1);
    assert.match(JSON.stringify(failed.output), /no good/);
  });

  it("answers null for a job it does not know", async () => {
    const queue = newQueue();
    await queue.start();
    assert.equal(await queue.jobState("00000000-0000-4000-8000-000000000000"), null);
    assert.equal(await queue.jobState("not-an-id"), null);
  });

  it("enqueues a job with the change that causes it: a change rolled back leaves no job", async () => {
    const queue = newQueue();
    await queue.start();
    const ran: string[] = [];
    await queue.work<{ key: string }>("with-change-test", async (job) => {
      // The change is there when the job runs: stored with it, or committed before it.
      const row = await prisma.rateLimit.findUnique({ where: { key: job.data.key } });
      ran.push(row ? job.data.key : `missing ${job.data.key}`);
      return {};
    });
    const row = (key: string) => ({ key, tokens: 1, allowed: true, updatedMs: 0, fullAtMs: 0 });
    const { result, jobId } = await changeAndEnqueue(prisma, queue, async (tx) => {
      await tx.rateLimit.create({ data: row("job-kept") });
      return { result: "kept", job: { name: "with-change-test", data: { key: "job-kept" } } };
    });
    assert.equal(result, "kept");
    await waitFor(async () => (await queue.jobState(jobId))?.state === "completed", "the job of the kept change");
    const waitingBefore = await queue.waiting();
    await assert.rejects(
      changeAndEnqueue(prisma, queue, async (tx) => {
        await tx.rateLimit.create({ data: row("job-lost") });
        // On PostgreSQL the job is stored in this transaction: the failure takes both away.
        if (queue.joinsTransactions) await queue.enqueue("with-change-test", { key: "job-lost" }, { tx });
        throw new Error("the change fails");
      }),
      /the change fails/,
    );
    assert.equal(await prisma.rateLimit.count({ where: { key: "job-lost" } }), 0);
    assert.equal(await queue.waiting(), waitingBefore, "no job was left by the failed change");
    await new Promise((resolve) => setTimeout(resolve, 1200));
    assert.deepEqual(ran, ["job-kept"]);
  });

  it("runs a recurring job once at a time, however many servers enqueue it", async () => {
    const servers = testDatabase.provider === "postgresql" ? [newQueue(), newQueue()] : [newQueue()];
    await Promise.all(servers.map((q) => q.start()));
    let running = 0;
    let most = 0;
    let runs = 0;
    const stops = await Promise.all(
      servers.map((q) =>
        every(q, "recurring-test", 100, async () => {
          running += 1;
          most = Math.max(most, running);
          await new Promise((resolve) => setTimeout(resolve, 250));
          running -= 1;
          runs += 1;
          return { runs };
        }),
      ),
    );
    try {
      await waitFor(async () => runs >= 3, "three runs of the recurring job");
    } finally {
      for (const stop of stops) stop();
    }
    const latest = await servers[0].latestJob("recurring-test", "recurring-test");
    assert.ok(latest, "the recurring job is a job of the queue, with its state");
    // Stopped (gracefully: a run under way ends first), so the next test finds none of these running.
    await Promise.all(servers.map((q) => q.stop()));
    assert.equal(most, 1, "never two runs at once");
  });

  if (testDatabase.provider === "postgresql") {
    it("a job left running by a server that is gone is failed by the next lone server's start-up", async () => {
      const gone = newQueue();
      await gone.start();
      const never = gate();
      await gone.work("abandoned-test", () => never.opened);
      const id = await gone.enqueue("abandoned-test", {}, { singletonKey: "cycle-a" });
      await waitFor(async () => (await gone.jobState(id))?.state === "active", "the job to start");
      // The key is held by the job of a server that will never finish it...
      const next = newQueue();
      await next.start();
      assert.equal(await next.enqueue("abandoned-test", {}, { singletonKey: "cycle-a" }), id);
      // ...until the next server, alone, fails it; then the key takes a new job.
      assert.equal(await next.failAbandoned(), 1);
      const failed = await next.jobState(id);
      assert.equal(failed?.state, "failed");
      assert.match(JSON.stringify(failed?.output), /stopped before it finished/);
      assert.notEqual(await next.enqueue("abandoned-test", {}, { singletonKey: "cycle-a" }), id);
      never.open();
    });

    it("two queues on one database (two app servers) run each job once, and agree on a singleton key", async () => {
      const [a, b] = [newQueue(), newQueue()];
      await Promise.all([a.start(), b.start()]);
      const ran = new Map<string, number>();
      const handler = async (job: { id: string }) => {
        ran.set(job.id, (ran.get(job.id) ?? 0) + 1);
        return {};
      };
      await a.work("shared-test", handler);
      await b.work("shared-test", handler);
      const ids = await Promise.all(Array.from({ length: 40 }, (_, n) => (n % 2 ? a : b).enqueue("shared-test", { n })));
      await waitFor(async () => {
        const states = await Promise.all(ids.map((id) => a.jobState(id)));
        return states.every((s) => s?.state === "completed");
      }, "all 40 jobs to complete");
      assert.equal(ran.size, 40);
      assert.deepEqual([...new Set(ran.values())], [1], "no job ran twice");

      // Both servers asked at the same moment for one key's job: one job.
      const release = gate();
      let keyed = 0;
      const keyedHandler = async () => {
        keyed += 1;
        await release.opened;
        return {};
      };
      await a.work("keyed-test", keyedHandler);
      await b.work("keyed-test", keyedHandler);
      const [fromA, fromB] = await Promise.all([
        a.enqueue("keyed-test", {}, { singletonKey: "cycle-x" }),
        b.enqueue("keyed-test", {}, { singletonKey: "cycle-x" }),
      ]);
      assert.equal(fromA, fromB);
      await waitFor(async () => (await b.jobState(fromA))?.state === "active", "the keyed job to start");
      assert.equal(await b.enqueue("keyed-test", {}, { singletonKey: "cycle-x" }), fromA);
      release.open();
      await waitFor(async () => (await a.jobState(fromA))?.state === "completed", "the keyed job to complete");
      assert.equal(keyed, 1);
    });
  }
});
