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
import { databaseProvider, databaseUrl } from "~/db/url";

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
  /** started and not stopped (pg-boss connected, or the runner running) */
  readonly running: boolean;
  start(): Promise<void>;
  stop(): Promise<void>;
  enqueue(name: string, data: object, options?: EnqueueOptions): Promise<string>;
  work<T>(name: string, handler: JobHandler<T>): Promise<void>;
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
  private readonly boss: PgBoss;
  private readonly queues = new Set<string>();
  private readonly polling: number;
  private started: Promise<unknown> | null = null;
  running = false;

  constructor(options: PgBossQueueOptions) {
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

  /** pg-boss 10 needs a queue made before jobs are sent to it; stately: one waiting and one running per key. */
  private async queue(name: string) {
    if (this.queues.has(name)) return;
    await this.start();
    await this.boss.createQueue(name, { name, policy: "stately" });
    this.queues.add(name);
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

// ---------------------------------------------------------------- SQLite: in-process runner

type HeldJob = JobInfo & {
  data: object;
  retryLimit: number;
  retryDelaySeconds: number;
  backoff: boolean;
  startAfter: number;
};

class InProcessQueue implements JobQueue {
  readonly kind = "in-process" as const;
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
    this.jobs.set(job.id, job);
    this.kick();
    return job.id;
  }

  async work<T>(name: string, handler: JobHandler<T>) {
    this.handlers.set(name, handler as JobHandler<unknown>);
    this.kick();
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
