/**
 * HTTP for the benchmark: one-off requests (checks, sign-in) on fresh connections, and
 * load with autocannon (in this process; the server is a separate process).
 *
 * - saturation: 50 connections for 10 s, as fast as the server answers -> requests per
 *   second (autocannon's mean of its per-second counts), p50 and p99 latency;
 * - paced: 10 connections offering 100 requests per second in total (overallRate) for
 *   10 s -> p50 and p99 latency (autocannon corrects for coordinated omission when paced).
 * Latencies are autocannon's, in ms, of 2xx answers; every other answer is counted.
 */
import http from "node:http";
import autocannon from "autocannon";

export type SimpleResponse = { status: number; headers: http.IncomingHttpHeaders; body: Buffer; text: () => string };

/** One request on its own connection (no keep-alive), so nothing holds the server open. */
export function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<SimpleResponse> {
  return new Promise((resolve, reject) => {
    const body = options.body === undefined ? undefined : Buffer.from(options.body);
    const req = http.request(
      url,
      {
        method: options.method ?? "GET",
        agent: false,
        headers: { Connection: "close", ...(body ? { "Content-Length": String(body.length) } : {}), ...options.headers },
        timeout: options.timeoutMs ?? 60_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const all = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: all, text: () => all.toString("utf8") });
        });
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`Timed out: ${options.method ?? "GET"} ${url}`)));
    req.on("error", reject);
    if (body) req.write(body);
    req.end();
  });
}

export type LoadShape = { connections: number; durationS: number; overallRate?: number };
export const SATURATION: LoadShape = { connections: 50, durationS: 10 };
export const PACED: LoadShape = { connections: 10, durationS: 10, overallRate: 100 };

export type LoadResult = {
  rps: number;
  p50_ms: number;
  p99_ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
};

export type Scenario = {
  name: string;
  /** what it is, in words, for the summary */
  what: string;
  method?: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** dynamic requests (a path per request, a body with the current version...) */
  requests?: autocannon.Request[];
  /** called (and awaited) before every load run (e.g. to re-read state the last run changed) */
  beforeRun?: () => void | Promise<void>;
  /**
   * Load with leanLoad instead of autocannon: for big binary answers (the booklet PDF).
   * autocannon appends every answer's body to a string (`body += chunk`) whatever the
   * options, so a 5 MB PDF costs the load generator more than the server.
   */
  lean?: boolean;
};

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * The same two shapes as autocannon, for GETs whose bodies are only counted: keep-alive
 * connections each sending its next request when the last answer has fully arrived
 * (saturation), or at its share of `overallRate` on a fixed schedule (paced: latency is
 * measured from when the request was due, so a slow answer also counts against the
 * requests queued behind it, as autocannon's correction does). rps = answers / duration.
 */
export async function leanLoad(origin: string, scenario: Scenario, shape: LoadShape): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: shape.connections });
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let non2xx = 0;
  let errors = 0;
  const started = performance.now();
  const end = started + shape.durationS * 1000;
  const once = (dueAt: number) =>
    new Promise<void>((resolve) => {
      const req = http.get(origin + scenario.path, { agent, headers: scenario.headers, timeout: 30_000 }, (res) => {
        res.on("data", () => {});
        res.on("end", () => {
          const code = String(res.statusCode ?? 0);
          statusCodes[code] = (statusCodes[code] ?? 0) + 1;
          if (res.statusCode && res.statusCode >= 200 && res.statusCode < 300) {
            if (performance.now() <= end) latencies.push(performance.now() - dueAt);
          } else non2xx++;
          resolve();
        });
        res.on("error", () => {
          errors++;
          resolve();
        });
      });
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", () => {
        errors++;
        resolve();
      });
    });
  const perConnection = shape.overallRate ? shape.overallRate / shape.connections : 0;
  const connection = async (k: number) => {
    for (let n = 0; ; n++) {
      const dueAt = perConnection ? started + (k / shape.connections + n) * (1000 / perConnection) : performance.now();
      // Requests that fall due after the end, or that a slow server has not let us send by then, are never sent.
      if (dueAt >= end || performance.now() >= end) return;
      const wait = dueAt - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      await once(dueAt);
    }
  };
  await Promise.all(Array.from({ length: shape.connections }, (_, k) => connection(k)));
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    rps: latencies.length / shape.durationS,
    p50_ms: percentile(latencies, 50),
    p99_ms: percentile(latencies, 99),
    requests: Object.values(statusCodes).reduce((a, b) => a + b, 0) + errors,
    non2xx,
    errors,
    timeouts: 0,
    statusCodes,
  };
}

/**
 * Loads one scenario. `origin` may be several servers (the PostgreSQL figures' two app
 * processes): autocannon then opens its connections round-robin over them (connection i to
 * origins[i % n]), so with 50 connections and two servers each gets 25, and paced runs
 * spread their rate the same way. Requests whose headers must name their own server
 * (save_scores' Origin) read it from the request autocannon hands setupRequest (`host`).
 */
export async function load(origin: string | readonly string[], scenario: Scenario, shape: LoadShape): Promise<LoadResult> {
  await scenario.beforeRun?.();
  const origins = typeof origin === "string" ? [origin] : [...origin];
  if (scenario.lean) {
    if (origins.length !== 1) throw new Error("leanLoad loads one server");
    return leanLoad(origins[0], scenario, shape);
  }
  const result = await autocannon({
    // autocannon takes several urls (its types say one)
    url: (origins.length === 1 ? origins[0] + scenario.path : origins.map((o) => o + scenario.path)) as string,
    method: scenario.method ?? "GET",
    headers: scenario.headers,
    body: scenario.body,
    requests: scenario.requests,
    connections: shape.connections,
    duration: shape.durationS,
    ...(shape.overallRate ? { overallRate: shape.overallRate } : {}),
    timeout: 30,
  });
  const statusCodes: Record<string, number> = {};
  const stats = (result as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {};
  for (const [code, { count }] of Object.entries(stats)) statusCodes[code] = count;
  return {
    rps: result.requests.average,
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Rest before a load run: `settleMs`, then until the server has worked off what the last run
 * left queued (autocannon stops sending at the end of its time, but the server still answers
 * the requests it had taken): until /healthz answers within 50 ms twice in a row (at most 30 s).
 */
export async function quiet(origin: string, settleMs = 1000) {
  await sleep(settleMs);
  const until = Date.now() + 30_000;
  let fast = 0;
  while (fast < 2 && Date.now() < until) {
    const started = performance.now();
    await request(`${origin}/healthz`, { timeoutMs: 30_000 }).catch(() => null);
    fast = performance.now() - started < 50 ? fast + 1 : 0;
    if (fast < 2) await sleep(100);
  }
}
