/**
 * Background work as jobs, one small interface on both databases (issue 13, "A job queue";
 * docs/decisions/0070):
 *
 * - PostgreSQL: pg-boss 10, in its own `pgboss` schema. Delivery is SKIP LOCKED, so any number of
 *   app servers may work one queue and a job still runs on one of them; retries with back-off
 *   and the job's state are pg-boss's own, stored, so every server reads the same state.
 * - SQLite: an in-process runner with the semantics that matter here. SQLite means one app
 *   server (INSTANCES > 1 is refused at start-up, decision 0069), so the jobs' state is kept in
 *   this process's memory: a restart forgets them, which is what the booklet's old background
 *   job did too (and the booklet is then made again on request).
 *
 * The rules both keep, which the tests check on both (tests/integration/job-queue.test.ts):
 * - a singleton key is one job at a time: while a job with the key waits or runs, enqueueing
 *   another with it returns that job's id instead;
 * - a handler that throws is tried again, up to retryLimit more times, after retryDelaySeconds
 *   (doubling each time with backoff);
 * - a job's state, progress and output are read by its id, or as the latest job of a key.
 */
import crypto from "node:crypto";
import PgBoss from "pg-boss";
import type { Db } from "~/db/client.server";
import { withLockEverywhere, withLockIfFree } from "~/db/locks.server";
import { databaseProvider, databaseUrl } from "~/db/url";

/** A transaction's client, as `db.$transaction(async (tx) => ...)` hands it over. */
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export type JobStateName = "created" | "retry" | "active" | "completed" | "failed" | "cancelled";

export type JobInfo = {
  id: string;
  name: string;
  state: JobStateName;
  singletonKey: string | null;
  /** tries made again after a failure so far */
  retryCount: number;
  /** the last progress the handler reported, while it waits or runs */
  progress: unknown;
  /** the handler's result (completed) or the error (failed) */
  output: unknown;
  createdOn: Date;
  startedOn: Date | null;
  completedOn: Date | null;
};

export type EnqueueOptions = {
  singletonKey?: string;
  /** how many more tries after a failure (default 0) */
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** double the delay at each try (pg-boss adds some randomness on top) */
  backoff?: boolean;
  /**
   * The transaction the job belongs to: it is stored with the change that causes it, or not at
   * all (pg-boss only, see joinsTransactions; use changeAndEnqueue rather than this directly).
   */
  tx?: Tx;
};

export type Job<T> = {
  id: string;
  name: string;
  data: T;
  /** stored with the job, readable from any server while it runs */
  reportProgress(progress: unknown): Promise<void>;
};

export type JobHandler<T> = (job: Job<T>) => Promise<unknown>;

export interface JobQueue {
  readonly kind: "pg-boss" | "in-process";
  /** Jobs live in the app's database, so one can be enqueued inside a transaction (EnqueueOptions.tx). */
  readonly joinsTransactions: boolean;
  /** started and not stopped (pg-boss connected, or the runner running) */
  readonly running: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
  enqueue(name: string, data: object, options?: EnqueueOptions): Promise<string>;
  work<T>(name: string, handler: JobHandler<T>): Promise<void>;
  /** A recurring job; see `every` below. */
  every(name: string, intervalMs: number, handler: JobHandler<object>): Promise<() => void>;
  jobState(id: string): Promise<JobInfo | null>;
  latestJob(name: string, singletonKey: string): Promise<JobInfo | null>;
  /** jobs waiting to run (created or waiting for a retry), across all queues */
  waiting(): Promise<number>;
  /**
   * Fails the jobs left running by a server that is gone (its retries still apply). Only a lone
   * server starting up knows every running job was its predecessor's; beside other servers a
   * job's expiry (pg-boss's expireIn) does it. The number failed.
   */
  failAbandoned(): Promise<number>;
}

const UNFINISHED: JobStateName[] = ["created", "retry", "active"];
const isUnfinished = (state: JobStateName) => UNFINISHED.includes(state);

// ---------------------------------------------------------------- PostgreSQL: pg-boss

/** pg-boss's connections come out of the database's connection budget: it needs few. */
const PG_BOSS_POOL = 2;

type JobRow = {
  id: string;
  name: string;
  state: JobStateName;
  singleton_key: string | null;
  retry_count: number;
  output: unknown;
  created_on: Date;
  started_on: Date | null;
  completed_on: Date | null;
};

/** The prefix of the key a job sent without one is given (see enqueue). */
const UNKEYED = "unkeyed:";

const JOB_COLUMNS = "id, name, state, singleton_key, retry_count, output, created_on, started_on, completed_on";

function fromRow(row: JobRow): JobInfo {
  const output = row.output as { progress?: unknown } | null;
  const unfinished = isUnfinished(row.state);
  return {
    id: row.id,
    name: row.name,
    state: row.state,
    singletonKey: row.singleton_key?.startsWith(UNKEYED) ? null : row.singleton_key,
    retryCount: row.retry_count,
    // While a job waits or runs, its output column holds the progress it reported (below);
    // pg-boss writes the result or the error over it when the job ends.
    progress: unfinished ? (output?.progress ?? null) : null,
    output: unfinished ? null : output,
    createdOn: row.created_on,
    startedOn: row.started_on,
    completedOn: row.completed_on,
  };
}

export type PgBossQueueOptions = { url: string; pollingIntervalSeconds?: number };

class PgBossQueue implements JobQueue {
  readonly kind = "pg-boss" as const;
  readonly joinsTransactions = true;
  private readonly boss: PgBoss;
  private readonly queues = new Set<string>();
  private readonly polling: number;
  private started: Promise<unknown> | null = null;
  running = false;

  private readonly url: string;

  constructor(options: PgBossQueueOptions) {
    this.url = options.url;
    this.polling = options.pollingIntervalSeconds ?? 2;
    this.boss = new PgBoss({ connectionString: options.url, max: PG_BOSS_POOL, application_name: "compact-awards-jobs" });
    // pg-boss reports its own failures (a lost connection, a maintenance run) as events; unheard,
    // an "error" event would stop the server.
    this.boss.on("error", (error) => console.error("Job queue (pg-boss):", error));
  }

  async start() {
    await (this.started ??= this.boss.start());
    this.running = true;
  }

  async stop() {
    if (!this.started) return;
    this.running = false;
    await this.boss.stop({ graceful: true, wait: true, close: true, timeout: 10_000 });
    this.started = null;
  }

  /**
   * pg-boss 10 needs a queue made before jobs are sent to it. Stately: one waiting and one
   * running per key. A recurring job's queue is standard (see every).
   */
  private async queue(name: string, policy: "stately" | "standard" = "stately") {
    if (this.queues.has(name)) return;
    await this.start();
    // One server at a time: two servers starting together make their queues at once, and
    // pg-boss's partition for a new queue deadlocks with another's being made.
    await withLockEverywhere("job-queue:create-queue", () => this.boss.createQueue(name, { name, policy }), this.url);
    this.queues.add(name);
  }

  /**
   * Not stately: a server killed mid-run would leave its job "active" until it expires, and a
   * stately key would hold every later run back until then. Instead each interval is a slot
   * that takes one job (singletonSeconds), whoever sends it, and a run takes an advisory lock
   * first: one still going on elsewhere (a slow round) means this one has nothing to do. A dead
   * server's lock goes with its connection, so the next slot runs at once.
   */
  async every(name: string, intervalMs: number, handler: JobHandler<object>) {
    await this.queue(name, "standard");
    const slotSeconds = Math.max(1, Math.round(intervalMs / 1000));
    await this.boss.work<object>(name, { pollingIntervalSeconds: Math.min(this.polling, slotSeconds) }, async ([job]) => {
      const run = await withLockIfFree(
        `recurring:${name}`,
        () => handler({ id: job.id, name: job.name, data: job.data, reportProgress: (progress) => this.reportProgress(job.id, progress) }),
        this.url,
      ).catch((error: unknown) => {
        console.error(`The recurring job ${name} failed (the next interval tries again):`, error);
        throw error;
      });
      return run.ran ? run.value : { skipped: "the last run was still going on" };
    });
    const send = () =>
      void this.boss.send(name, {}, { singletonKey: name, singletonSeconds: slotSeconds, expireInSeconds: 15 * 60, retryLimit: 0 }).catch((error: unknown) => {
        if (this.running) console.error(`Could not enqueue the recurring job ${name}:`, error);
      });
    return repeat(send, intervalMs);
  }

  async enqueue(name: string, data: object, options: EnqueueOptions = {}) {
    await this.queue(name);
    const { singletonKey } = options;
    if (singletonKey) {
      const current = await this.latestJob(name, singletonKey);
      if (current && isUnfinished(current.state)) return current.id;
    }
    const id = await this.boss.send(name, data, {
      // The stately policy is the queue's and counts a missing key as one key, so a job without
      // one would wait behind every other: each gets a key of its own instead.
      singletonKey: singletonKey ?? `${UNKEYED}${crypto.randomUUID()}`,
      retryLimit: options.retryLimit ?? 0,
      retryDelay: options.retryDelaySeconds ?? 0,
      retryBackoff: options.backoff ?? false,
      ...(options.tx ? { db: transactionDb(options.tx) } : {}),
    });
    if (id) return id;
    // Refused by the stately policy: another server sent one with the key between our look and
    // our send. That one is the job.
    const other = singletonKey ? await this.latestJob(name, singletonKey) : null;
    if (!other) throw new Error(`The job queue refused a ${name} job and none is waiting`);
    return other.id;
  }

  async work<T>(name: string, handler: JobHandler<T>) {
    await this.queue(name);
    await this.boss.work<T>(name, { pollingIntervalSeconds: this.polling }, async ([job]) => {
      return handler({ id: job.id, name: job.name, data: job.data, reportProgress: (progress) => this.reportProgress(job.id, progress) });
    });
  }

  private async reportProgress(id: string, progress: unknown) {
    // Only while it runs: a late report never overwrites the result.
    await this.sql(`UPDATE pgboss.job SET output = $2::jsonb WHERE id = $1 AND state = 'active'`, [id, JSON.stringify({ progress })]);
  }

  private async sql<R>(text: string, values: unknown[]): Promise<R[]> {
    await this.start();
    return (await this.boss.getDb().executeSql(text, values)).rows as R[];
  }

  async jobState(id: string) {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const rows = await this.sql<JobRow>(
      `SELECT ${JOB_COLUMNS} FROM pgboss.job WHERE id = $1 UNION ALL SELECT ${JOB_COLUMNS} FROM pgboss.archive WHERE id = $1 LIMIT 1`,
      [id],
    );
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async latestJob(name: string, singletonKey: string) {
    const rows = await this.sql<JobRow>(`SELECT ${JOB_COLUMNS} FROM pgboss.job WHERE name = $1 AND singleton_key = $2 ORDER BY created_on DESC LIMIT 1`, [
      name,
      singletonKey,
    ]);
    return rows[0] ? fromRow(rows[0]) : null;
  }

  async failAbandoned() {
    const rows = await this.sql<{ id: string; name: string }>(`SELECT id, name FROM pgboss.job WHERE state = 'active'`, []);
    for (const { id, name } of rows) await this.boss.fail(name, id, { message: "The server running this job stopped before it finished" });
    return rows.length;
  }

  async waiting() {
    const rows = await this.sql<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job WHERE state IN ('created', 'retry')`, []);
    return rows[0]?.n ?? 0;
  }
}

/**
 * pg-boss's way into someone else's transaction: its SQL run through the transaction's client.
 * The job's data goes as JSON text (pg-boss casts it to jsonb); Prisma would not send a plain
 * object as a parameter.
 */
function transactionDb(tx: Tx) {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const params = values.map((v) => (v !== null && typeof v === "object" && !(v instanceof Date) ? JSON.stringify(v) : v));
      return { rows: await tx.$queryRawUnsafe<unknown[]>(text, ...params) };
    },
  };
}

// ---------------------------------------------------------------- SQLite: in-process runner

/** How long the in-process runner keeps a finished job (not its key's latest) readable. */
const FINISHED_KEPT_MS = 60 * 60_000;

type HeldJob = JobInfo & {
  data: object;
  retryLimit: number;
  retryDelaySeconds: number;
  backoff: boolean;
  startAfter: number;
};

class InProcessQueue implements JobQueue {
  readonly kind = "in-process" as const;
  readonly joinsTransactions = false;
  private readonly jobs = new Map<string, HeldJob>();
  private readonly handlers = new Map<string, JobHandler<unknown>>();
  private timer: NodeJS.Timeout | null = null;
  running = false;

  async start() {
    this.running = true;
    this.kick();
  }

  async stop() {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  async enqueue(name: string, data: object, options: EnqueueOptions = {}) {
    const { singletonKey } = options;
    if (singletonKey) {
      const current = await this.latestJob(name, singletonKey);
      if (current && isUnfinished(current.state)) return current.id;
    }
    const job: HeldJob = {
      id: crypto.randomUUID(),
      name,
      state: "created",
      singletonKey: singletonKey ?? null,
      retryCount: 0,
      progress: null,
      output: null,
      createdOn: new Date(),
      startedOn: null,
      completedOn: null,
      data,
      retryLimit: options.retryLimit ?? 0,
      retryDelaySeconds: options.retryDelaySeconds ?? 0,
      backoff: options.backoff ?? false,
      startAfter: Date.now(),
    };
    this.forgetOld();
    this.jobs.set(job.id, job);
    this.kick();
    return job.id;
  }

  /**
   * Finished jobs are kept for an hour, for their state to be read, then forgotten, except each
   * key's latest (a recurring job adds one every few seconds: memory must not grow with them).
   */
  private forgetOld(now = Date.now()) {
    const latest = new Map<string, string>();
    for (const job of this.jobs.values()) if (job.singletonKey) latest.set(`${job.name}\n${job.singletonKey}`, job.id);
    for (const [id, job] of this.jobs) {
      if (isUnfinished(job.state) || !job.completedOn || now - job.completedOn.getTime() < FINISHED_KEPT_MS) continue;
      if (job.singletonKey && latest.get(`${job.name}\n${job.singletonKey}`) === id) continue;
      this.jobs.delete(id);
    }
  }

  async work<T>(name: string, handler: JobHandler<T>) {
    this.handlers.set(name, handler as JobHandler<unknown>);
    this.kick();
  }

  /** One server, in this process: a singleton key is enough to run one at a time. */
  async every(name: string, intervalMs: number, handler: JobHandler<object>) {
    await this.work(name, handler);
    const send = () =>
      void this.enqueue(name, {}, { singletonKey: name }).catch((error: unknown) => console.error(`Could not enqueue the recurring job ${name}:`, error));
    return repeat(send, intervalMs);
  }

  /**
   * Starts every job that may run now: its time has come, it has a handler, and no job of its
   * key runs. A job not due yet gets a timer for its time; the timer only kicks again, so one
   * that fires a little early (Node's timers may) sets another rather than losing the job.
   */
  private kick() {
    if (!this.running) return;
    const now = Date.now();
    let nextDue = Infinity;
    for (const job of this.jobs.values()) {
      if ((job.state !== "created" && job.state !== "retry") || !this.handlers.has(job.name)) continue;
      if (job.startAfter > now) {
        nextDue = Math.min(nextDue, job.startAfter);
        continue;
      }
      if (job.singletonKey && [...this.jobs.values()].some((j) => j.state === "active" && j.name === job.name && j.singletonKey === job.singletonKey)) continue;
      void this.run(job);
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (nextDue < Infinity) {
      this.timer = setTimeout(() => this.kick(), Math.max(1, nextDue - now));
      this.timer.unref();
    }
  }

  private async run(job: HeldJob) {
    const handler = this.handlers.get(job.name)!;
    job.state = "active";
    job.startedOn = new Date();
    try {
      const result = await handler({
        id: job.id,
        name: job.name,
        data: job.data,
        reportProgress: async (progress) => {
          if (job.state === "active") job.progress = progress;
        },
      });
      job.state = "completed";
      job.output = result ?? null;
      job.progress = null;
      job.completedOn = new Date();
    } catch (error) {
      job.output = { message: error instanceof Error ? error.message : String(error) };
      if (job.retryCount < job.retryLimit) {
        job.retryCount += 1;
        job.state = "retry";
        const delayMs = job.retryDelaySeconds * 1000 * (job.backoff ? 2 ** (job.retryCount - 1) : 1);
        job.startAfter = Date.now() + delayMs;
      } else {
        job.state = "failed";
        job.progress = null;
        job.completedOn = new Date();
        console.error(`Job ${job.name} ${job.id} failed:`, error);
      }
    }
    this.kick();
  }

  private view(job: HeldJob): JobInfo {
    const { data: _d, retryLimit: _l, retryDelaySeconds: _s, backoff: _b, startAfter: _a, ...info } = job;
    const unfinished = isUnfinished(job.state);
    return { ...info, output: unfinished ? null : job.output };
  }

  async jobState(id: string) {
    const job = this.jobs.get(id);
    return job ? this.view(job) : null;
  }

  async latestJob(name: string, singletonKey: string) {
    let latest: HeldJob | null = null;
    // Map order is insertion order: the last match is the newest.
    for (const job of this.jobs.values()) if (job.name === name && job.singletonKey === singletonKey) latest = job;
    return latest ? this.view(latest) : null;
  }

  async failAbandoned() {
    // Held in this process's memory: a job of a server that is gone was forgotten with it.
    return 0;
  }

  async waiting() {
    return [...this.jobs.values()].filter((j) => j.state === "created" || j.state === "retry").length;
  }
}

// ---------------------------------------------------------------- the app's queue

/** A queue on a database URL: pg-boss on PostgreSQL, the in-process runner on SQLite. */
export function createJobQueue(url = databaseUrl(), options: { pollingIntervalSeconds?: number } = {}): JobQueue {
  return databaseProvider(url) === "postgresql" ? new PgBossQueue({ url, ...options }) : new InProcessQueue();
}

// One per process, kept across `remix dev` rebuilds.
const globalForJobs = globalThis as unknown as { __jobQueue?: JobQueue };

export function jobQueue(): JobQueue {
  return (globalForJobs.__jobQueue ??= createJobQueue());
}

// ---------------------------------------------------------------- helpers both use

/**
 * Makes a change and enqueues the job it causes. Where the queue keeps its jobs in the app's
 * database (pg-boss) the job is stored in the change's own transaction: both or neither. The
 * in-process runner holds jobs in memory, so there it is enqueued straight after the change
 * commits; a crash in between leaves the change without its job, so every such change must
 * also be found by a sweep that runs at start-up (an unfinished send is: resumeUnfinishedSends).
 */
export async function changeAndEnqueue<R>(
  db: Db,
  queue: JobQueue,
  change: (tx: Tx) => Promise<{ result: R; job: { name: string; data: object; options?: Omit<EnqueueOptions, "tx"> } }>,
): Promise<{ result: R; jobId: string }> {
  if (queue.joinsTransactions) {
    await queue.start();
    return db.$transaction(async (tx) => {
      const { result, job } = await change(tx);
      const jobId = await queue.enqueue(job.name, job.data, { ...job.options, tx });
      return { result, jobId };
    });
  }
  const { result, job } = await db.$transaction(change);
  return { result, jobId: await queue.enqueue(job.name, job.data, job.options) };
}

/**
 * A recurring job: every intervalMs each server enqueues it, and across all the servers one run
 * at a time goes, on whichever server is free; a server killed mid-run holds no later run back.
 * A run that throws is logged and the next interval tries again. The timer does not keep the
 * process alive; the function returned stops this server's timer.
 */
export function every(queue: JobQueue, name: string, intervalMs: number, handler: JobHandler<object>): Promise<() => void> {
  return queue.every(name, intervalMs, handler);
}

/** Calls `send` now and every intervalMs, without keeping the process alive; returns the stop. */
function repeat(send: () => void, intervalMs: number) {
  const timer = setInterval(send, intervalMs);
  timer.unref();
  send();
  return () => clearInterval(timer);
}
