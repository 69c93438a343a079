/**
 * limitConcurrency (app/utils/one-at-a-time.ts), which decides how many photos the server
 * decodes at once (FILE_LIMITS.photosAtOnce): no more than its size run together, the rest in
 * the order they came, and a failure gives its place up.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FILE_LIMITS } from "~/nominations/file-checks.server";
import { limitConcurrency } from "~/utils/one-at-a-time";

/** A piece of work that runs until released, recording when it started. */
function gated(log: string[], name: string, running: { now: number; most: number }) {
  let release!: (fail?: boolean) => void;
  const done = new Promise<boolean>((resolve) => (release = (fail = false) => resolve(fail)));
  const work = async () => {
    log.push(name);
    running.now++;
    running.most = Math.max(running.most, running.now);
    const fail = await done;
    running.now--;
    if (fail) throw new Error(`${name} failed`);
    return name;
  };
  return { work, release };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("limitConcurrency", () => {
  it("finding 5: at most two photos are decoded at once, the others wait their turn in order", async () => {
    assert.ok(FILE_LIMITS.photosAtOnce >= 1 && FILE_LIMITS.photosAtOnce <= 2);
    const inTurn = limitConcurrency(2);
    const log: string[] = [];
    const running = { now: 0, most: 0 };
    const jobs = ["a", "b", "c", "d", "e", "f"].map((name) => gated(log, name, running));
    const results = jobs.map((job) => inTurn(job.work).catch((error: Error) => error.message));
    await settle();
    assert.deepEqual(log, ["a", "b"], "two start, four wait");
    jobs[1].release(true); // a failure gives its place up too
    await settle();
    assert.deepEqual(log, ["a", "b", "c"]);
    for (const job of jobs) job.release();
    assert.deepEqual(await Promise.all(results), ["a", "b failed", "c", "d", "e", "f"]);
    assert.deepEqual(log, ["a", "b", "c", "d", "e", "f"], "first come, first served");
    assert.equal(running.most, 2);
  });
});
