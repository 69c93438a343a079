/**
 * `npm run bench`: the figures of docs/decisions/0016-benchmark.md, written to
 * bench/results.json (git-ignored) with a readable summary on stdout, each figure beside
 * its target. Targets are reported, never enforced: the run exits 0 unless something
 * broke (a route not answering 200, a crash, a wrong count).
 *
 *   npm run bench                       # about 9 minutes on 2 cores
 *   BENCH_RUNS=5 npm run bench          # runs per figure (default 3; the median is reported)
 *   BENCH_RUNS_500=2 npm run bench      # runs of the 500-case-study booklet and certificates (default 3)
 *   BENCH_ONLY=booklet npm run bench    # set-up and the booklet and certificate figures only (about 4 minutes)
 *   BENCH_BUDGET_SECONDS=900 npm run bench  # time the run must fit in (default 580): runs are cut to fit, and said so
 *   BENCH_HTTP_SECONDS=3 npm run bench  # shorter HTTP runs, for trying the bench out only
 *   BENCH_ONLY=postgresql npm run bench # set-up, then only the PostgreSQL figures beside SQLite's (bench/postgresql.ts)
 *
 * Order: build the app (a snapshot of the sources, in the background) while the database
 * is made; then, with no server running, aggregation, booklet and email; then the server:
 * start-up three times, then the six HTTP figures on the last one; then, where PostgreSQL's
 * binaries are installed, the PostgreSQL figures (bench/postgresql.ts: a throwaway cluster,
 * the set-up's database copied into it, aggregation and three HTTP figures with one and two
 * app processes, beside SQLite's), in what is left of the budget.
 */
import "./fresh";
import os from "node:os";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { prisma } from "~/db/client.server";
import { benchAggregation, median, type AggregationResult } from "./aggregation";
import { buildApp, startServer, type RunningServer } from "./app-server";
import { benchBooklet, BOOKLET_SIZES, writeBookletInputs, type BookletFigure, type BookletFiles, type BookletSize } from "./booklet";
import { benchEmail, type EmailFigure } from "./email";
import { DATA, DB_FILE, RESULTS_FILE } from "./env";
import { load, PACED, quiet as quietServer, request, SATURATION, type LoadResult } from "./http";
import { checkRoutes, HTTP_NAMES, scenarios, signIn, type HttpName } from "./scenarios";
import { benchPostgresql, postgresAvailable, postgresSummary, POSTGRES_RESERVE_S, QUEUE_SEND_METHOD, type PgHttpFigure } from "./postgresql";
import { AGGREGATION, JUDGING, prepareDatabase, type BenchData } from "./setup";

const RUNS = positiveInt(process.env.BENCH_RUNS, 3);
const RUNS_500 = positiveInt(process.env.BENCH_RUNS_500, 3);
/**
 * BENCH_ONLY=booklet: set-up, then the booklet and certificate figures only (while working on them);
 * BENCH_ONLY=postgresql: set-up, then the PostgreSQL section only (which then measures SQLite's side itself).
 */
const ONLY = process.env.BENCH_ONLY ?? "";
const wanted = (part: "booklet" | "postgresql" | "other") => !ONLY || ONLY === part || (part === "other" && ONLY !== "booklet" && ONLY !== "postgresql");
const POSTGRES = postgresAvailable();
/** Seconds the earlier parts leave for the PostgreSQL section when it will run after them. */
const POSTGRES_RESERVE = wanted("postgresql") && POSTGRES.ok && wanted("other") ? POSTGRES_RESERVE_S : 0;
const HTTP_SECONDS = positiveInt(process.env.BENCH_HTTP_SECONDS, 10);
/** The whole run must fit in 10 minutes on the 2-core machine: runs are cut down (and said so) to fit this. */
const BUDGET_S = positiveInt(process.env.BENCH_BUDGET_SECONDS, 580);
const SETTLE_MS = 1000;
/** One HTTP run of all six figures: saturation + paced + a settle before each. */
const HTTP_RUN_S = 6 * (2 * HTTP_SECONDS + (2 * SETTLE_MS) / 1000);

function positiveInt(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

const began = performance.now();
const elapsed = () => `${((performance.now() - began) / 1000).toFixed(0).padStart(3)} s`;
const log = (line: string) => console.log(`[${elapsed()}] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const settle = () => sleep(SETTLE_MS);

/** Rest before a load run (bench/http.ts quiet). */
const quiet = (origin: string) => quietServer(origin, SETTLE_MS);
const secondsLeft = () => BUDGET_S - (performance.now() - began) / 1000;
const cutDown: string[] = [];

/** After `done` of `want` runs, the last taking `lastS`: is there time for another, keeping `reserveS`? */
function roomForAnother(what: string, done: number, want: number, lastS: number, reserveS: number): boolean {
  if (done >= want) return false;
  if (secondsLeft() - reserveS >= lastS) return true;
  cutDown.push(`${what}: ${done} run(s) instead of ${want}, to finish within ${BUDGET_S} s`);
  log(`  (no time for more runs of ${what})`);
  return false;
}

/** A fixed piece of CPU work, so figures from a slow or busy machine can be recognised as such. */
function cpuCalibration(): number {
  const started = performance.now();
  let x = 0;
  for (let i = 0; i < 1e8; i++) x += i;
  if (x < 0) console.log(x);
  return Math.round(performance.now() - started);
}

function cpuPressure(): string | null {
  try {
    return fs.readFileSync("/proc/pressure/cpu", "utf8").split("\n")[0] ?? null;
  } catch {
    return null;
  }
}

/** The PostgreSQL section's figure (bench/postgresql.ts), with what this section also records. */
type HttpFigure = PgHttpFigure & { response_bytes: number | null; what: string };

type Target = { figure: string; value: number | null; target: string; met: boolean | null };

const results: {
  cores: number;
  http: Partial<Record<HttpName, HttpFigure>>;
  aggregation: (Pick<AggregationResult, "ms" | "floor_ms"> & Partial<AggregationResult>) | null;
  /** the app's booklet (Typst), by number of case studies */
  booklet: Record<BookletSize, BookletFigure | null>;
  certificates: BookletFigure | null;
  email: EmailFigure | null;
  startup_ms: number | null;
  [extra: string]: unknown;
} = {
  cores: os.availableParallelism?.() ?? os.cpus().length,
  http: {},
  aggregation: null,
  booklet: { "16": null, "100": null, "250": null, "500": null },
  certificates: null,
  email: null,
  startup_ms: null,
  generated_at: new Date().toISOString(),
  complete: false,
  node: process.version,
  machine: {
    cpu: os.cpus()[0]?.model ?? "unknown",
    memory_gb: Math.round(os.totalmem() / 2 ** 30),
    loadavg_start: os.loadavg().map((l) => Number(l.toFixed(2))),
    cpu_pressure_start: cpuPressure(),
    calibration_note: "ms for 1e8 additions in a JavaScript loop (about 70-100 ms on an unloaded modern core): a slow or shared machine shows here",
    calibration_start_ms: cpuCalibration(),
  },
  runs: {
    note: "every figure is the median of its runs",
    http: RUNS,
    aggregation: RUNS,
    booklet_16: RUNS,
    booklet_500: RUNS_500,
    email: RUNS,
    startup: RUNS,
    email_crash_scenario: 1,
  },
  method: {
    http_saturation: `${SATURATION.connections} connections, ${HTTP_SECONDS} s, as fast as answered (autocannon); rps = mean requests per second`,
    http_paced: `${PACED.connections} connections offering ${PACED.overallRate} requests/s in total, ${HTTP_SECONDS} s (autocannon overallRate)`,
    aggregation: `computeResults on ${AGGREGATION.nominations} nominations x ${AGGREGATION.judges} judges x ${AGGREGATION.criteria} criteria; floor: one plain SQL query through better-sqlite3 reading the same scores (.all())`,
    booklet:
      "renderBooklet (Typst, in parts, joined; photos' print variants made beforehand as uploads make them) in a child process per run; peak_mb = that process's own VmHWM (not maxRSS, which carries the parent's peak over fork and exec)",
    certificates: "certificates for 500 awards (Typst in a worker thread, as the app makes them), a child process per run",
    email: "1,000 results emails, deliverQueued with the Resend transport against the fake Resend (no latency); crash: kill -9 of the sender mid-call, restart",
    postgresql:
      "bench/postgresql.ts: a throwaway PostgreSQL cluster, the set-up's SQLite database copied into it; computeResults through a PostgreSQL client and raw reader against the same floor query through pg; bare, scoring_form, save_scores on the built app with DATABASE_URL=postgresql://, one and two app processes (autocannon round-robin over both); SQLite's side beside each; " +
      QUEUE_SEND_METHOD,
    docs: "docs/decisions/0016-benchmark.md",
  },
  errors: [] as string[],
};

function save() {
  fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
}

async function section(name: string, fn: () => Promise<void>) {
  const started = performance.now();
  try {
    await fn();
  } catch (error) {
    const message = `${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    (results.errors as string[]).push(message);
    console.error(`\n*** ${message}\n`);
  } finally {
    (results.section_seconds as Record<string, number>)[name] = Math.round((performance.now() - started) / 100) / 10;
    save();
  }
}
results.section_seconds = {};

/**
 * The six HTTP figures, in rounds: each round loads every figure once (saturation, then
 * paced); a next round starts only if one more fits in the time left (so a slow machine gets
 * fewer runs, never a late finish), and runs of one figure are spread over the whole section.
 */
async function measureHttp(server: RunningServer, data: BenchData, maxRounds: number) {
  const cookie = await signIn(server.origin, data.judging.judgeEmail);
  log(`signed in as ${data.judging.judgeEmail} through a one-time link`);

  // The coventry-2010 booklet is made (and stored) by its first request; later ones serve the stored file.
  const bookletStarted = performance.now();
  for (;;) {
    const res = await request(`${server.origin}/cycles/${data.coventry.slug}/booklet.pdf`, { timeoutMs: 180_000 });
    if (res.status === 200) {
      log(`coventry-2010 booklet made and stored: ${(res.body.length / 1e6).toFixed(1)} MB in ${Math.round(performance.now() - bookletStarted)} ms`);
      break;
    }
    if (res.status !== 503 || performance.now() - bookletStarted > 180_000) throw new Error(`booklet.pdf answered ${res.status}: ${res.text().slice(0, 2000)}`);
  }

  const all = scenarios(server.origin, cookie, data);
  const sizes = await checkRoutes(server.origin, cookie, data, all);
  log(`all six routes answer 200 with the right page`);

  const saturation = { ...SATURATION, durationS: HTTP_SECONDS };
  const paced = { ...PACED, durationS: HTTP_SECONDS };
  const sat = Object.fromEntries(HTTP_NAMES.map((n) => [n, [] as LoadResult[]])) as Record<HttpName, LoadResult[]>;
  const pac = Object.fromEntries(HTTP_NAMES.map((n) => [n, [] as LoadResult[]])) as Record<HttpName, LoadResult[]>;
  let rounds = 0;
  let lastRoundS = HTTP_RUN_S;
  while (rounds < maxRounds) {
    if (rounds > 0 && !roomForAnother("http", rounds, maxRounds, lastRoundS, 15 + POSTGRES_RESERVE)) break;
    const roundStarted = performance.now();
    rounds++;
    log(`  round ${rounds}`);
    for (const name of HTTP_NAMES) {
      const scenario = all[name];
      await quiet(server.origin);
      sat[name].push(await load(server.origin, scenario, saturation));
      await quiet(server.origin);
      pac[name].push(await load(server.origin, scenario, paced));
      recordHttp(name, scenario.what, sizes[name] ?? null, sat[name], pac[name]);
      const f = results.http[name]!;
      log(
        `    ${name.padEnd(15)} ${fmt(sat[name].at(-1)!.rps, 0).padStart(6)} req/s  p50 ${fmt(sat[name].at(-1)!.p50_ms)} ms  p99 ${fmt(sat[name].at(-1)!.p99_ms)} ms  | paced p50 ${fmt(pac[name].at(-1)!.p50_ms)} ms  p99 ${fmt(pac[name].at(-1)!.p99_ms)} ms  | errors so far ${f.errors}`,
      );
    }
    lastRoundS = (performance.now() - roundStarted) / 1000;
  }
  (results.runs as Record<string, unknown>).http = rounds;
}

function recordHttp(name: HttpName, what: string, responseBytes: number | null, sat: LoadResult[], pac: LoadResult[]) {
  const statusCodes: Record<string, number> = {};
  for (const r of [...sat, ...pac]) for (const [code, n] of Object.entries(r.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
  const strip = ({ statusCodes: _s, ...rest }: LoadResult) => rest;
  results.http[name] = {
    rps: median(sat.map((r) => r.rps)),
    p50_ms: median(sat.map((r) => r.p50_ms)),
    p99_ms: median(sat.map((r) => r.p99_ms)),
    paced_p50_ms: median(pac.map((r) => r.p50_ms)),
    paced_p99_ms: median(pac.map((r) => r.p99_ms)),
    errors: [...sat, ...pac].reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0),
    requests: [...sat, ...pac].reduce((n, r) => n + r.requests, 0),
    status_codes: statusCodes,
    response_bytes: responseBytes,
    what,
    runs: { saturation: sat.map(strip), paced: pac.map(strip) },
  };
  save();
}

function fmt(n: number | null | undefined, digits = 1): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "-";
  return n.toLocaleString("en-GB", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function targets(): Target[] {
  const http = results.http;
  const bare = http.bare?.rps ?? null;
  const list: Target[] = [];
  const add = (figure: string, value: number | null | undefined, target: string, check: (v: number) => boolean) =>
    list.push({ figure, value: value ?? null, target, met: value === null || value === undefined || !Number.isFinite(value) ? null : check(value) });
  for (const name of ["scoring_form", "save_scores"] as const) {
    add(`http.${name}.rps`, http[name]?.rps, `>= 0.5 x bare (${bare === null ? "?" : fmt(bare * 0.5, 0)} req/s)`, (v) => bare !== null && v >= 0.5 * bare);
    add(`http.${name}.paced_p99_ms`, http[name]?.paced_p99_ms, "<= 50 ms", (v) => v <= 50);
  }
  const agg = results.aggregation;
  add("aggregation.ms", agg?.ms, "<= 300 ms", (v) => v <= 300);
  add("aggregation.ms/floor_ms", agg ? agg.ms / agg.floor_ms : null, `<= 3 (3 x floor = ${agg ? fmt(agg.floor_ms * 3, 0) : "?"} ms)`, (v) => v <= 3);
  const timed = (figure: string, b: BookletFigure | null | undefined, limit: number) => {
    const target = `<= ${limit.toLocaleString("en-GB")} ms`;
    if (b?.failure?.kind === "timeout")
      list.push({
        figure,
        value: null,
        target: `${target} (did not finish in ${fmt(b.failure.after_ms, 0)} ms)`,
        met: b.failure.after_ms > limit ? false : null,
      });
    else add(figure, b?.ms, target, (v) => v <= limit);
  };
  timed("booklet.16.ms", results.booklet["16"], 1000);
  add("booklet.16.peak_mb", results.booklet["16"]?.peak_mb, "<= 250 MB", (v) => v <= 250);
  timed("booklet.500.ms", results.booklet["500"], 15_000);
  const b500 = results.booklet["500"];
  if (b500?.failure) {
    const v = b500.peak_mb;
    list.push({ figure: "booklet.500.peak_mb", value: v, target: "<= 500 MB (peak before it stopped)", met: v !== null && v > 500 ? false : null });
  } else add("booklet.500.peak_mb", b500?.peak_mb, "<= 500 MB", (v) => v <= 500);
  // linear: a case study costs no more in a large booklet than in a small one
  const perStudy = (size: BookletSize) => (results.booklet[size]?.ms ?? NaN) / Number(size);
  add("booklet.500.ms_per_study/booklet.100.ms_per_study", perStudy("500") / perStudy("100"), "<= 1.25 (linear)", (v) => v <= 1.25);
  timed("certificates.500.ms", results.certificates, 5000);
  add("email.ms", results.email?.ms, "<= 10,000 ms", (v) => v <= 10_000);
  add("email.api_calls", results.email?.api_calls, "<= 10", (v) => v <= 10);
  add("email.duplicates_after_crash", results.email?.duplicates_after_crash, "0", (v) => v === 0);
  return list;
}

const mark = (met: boolean | null) => (met === null ? "?" : met ? "\u2713" : "\u2717");

function summary(): string {
  const t = targets();
  const find = (figure: string) => t.find((x) => x.figure === figure);
  const lines: string[] = [];
  const m = results.machine as { cpu: string; loadavg_start: number[]; loadavg_end?: number[]; calibration_start_ms: number; calibration_end_ms?: number };
  lines.push("");
  const r = results.runs as Record<string, unknown>;
  lines.push(
    `Compact Awards benchmark: ${results.cores} cores (${m.cpu}), Node ${process.version}; medians of ${RUNS} runs (HTTP ${r.http}, booklet 16: ${r.booklet_16}, booklet 500: ${r.booklet_500})`,
  );
  if (Array.isArray(r.cut_to_fit_budget)) lines.push(`runs cut to fit ${BUDGET_S} s: ${(r.cut_to_fit_budget as string[]).join("; ")}`);
  lines.push(
    `machine: load average ${m.loadavg_start.join(" ")} at start, ${(m.loadavg_end ?? []).join(" ")} at end; 1e8 additions took ${m.calibration_start_ms} ms at start, ${m.calibration_end_ms} ms at end (about 70-100 ms on an unloaded modern core)`,
  );
  lines.push("");
  const failed = () =>
    (results.errors as string[]).length
      ? [`\n${(results.errors as string[]).length} part(s) of the run FAILED: see "errors" in bench/results.json and above.`]
      : [];
  if (ONLY === "postgresql") {
    lines.push(...postgresSummary(results.postgresql));
    lines.push("");
    lines.push(
      `BENCH_ONLY=postgresql: no other figures, no targets. Written to bench/results.json in ${((performance.now() - began) / 60000).toFixed(1)} min.`,
    );
    lines.push(...failed());
    return lines.join("\n");
  }
  lines.push(
    `HTTP: saturation ${SATURATION.connections} connections x ${HTTP_SECONDS} s; paced ${PACED.connections} connections at ${PACED.overallRate} req/s x ${HTTP_SECONDS} s`,
  );
  lines.push(
    `  ${"figure".padEnd(15)} ${"req/s".padStart(7)} ${"p50".padStart(7)} ${"p99".padStart(7)} ${"paced p50".padStart(10)} ${"paced p99".padStart(10)} ${"errors".padStart(7)}   targets`,
  );
  for (const name of HTTP_NAMES) {
    const f = results.http[name];
    let note: string;
    if (name === "scoring_form" || name === "save_scores") {
      const rps = find(`http.${name}.rps`);
      const p99 = find(`http.${name}.paced_p99_ms`);
      note = `${mark(rps?.met ?? null)} req/s ${rps?.target}   ${mark(p99?.met ?? null)} paced p99 ${p99?.target}`;
    } else if (name === "bare") note = "(the floor)";
    else note = "(no target)";
    lines.push(
      `  ${name.padEnd(15)} ${fmt(f?.rps, 0).padStart(7)} ${fmt(f?.p50_ms).padStart(7)} ${fmt(f?.p99_ms).padStart(7)} ${fmt(f?.paced_p50_ms).padStart(10)} ${fmt(f?.paced_p99_ms).padStart(10)} ${String(f?.errors ?? "-").padStart(7)}   ${note}`,
    );
  }
  lines.push("  (latencies in ms; errors = non-2xx answers + socket errors over all its runs)");
  lines.push("");
  const agg = results.aggregation;
  const a1 = find("aggregation.ms");
  const a2 = find("aggregation.ms/floor_ms");
  lines.push(
    `Aggregation (${AGGREGATION.nominations.toLocaleString("en-GB")} x ${AGGREGATION.judges} x ${AGGREGATION.criteria} = ${(agg?.scores ?? 360000).toLocaleString("en-GB")} scores): ${fmt(agg?.ms)} ms  ${mark(a1?.met ?? null)} ${a1?.target}  ${mark(a2?.met ?? null)} ${fmt(a2?.value, 2)} x floor, ${a2?.target}`,
  );
  lines.push(
    `  floor (one plain SQL read of the same scores' values): ${fmt(agg?.floor_ms)} ms (with their ids: ${fmt(agg?.floor_rows_ms)} ms); first (cold) computeResults ${fmt(agg?.cold_ms)} ms`,
  );
  lines.push("");
  const line = (b: BookletFigure | null | undefined) =>
    b?.failure
      ? `${b.failure.kind === "crash" ? "CRASHED" : "did not finish"} after ${fmt(b.failure.after_ms, 0)} ms, peak ${fmt(b.peak_mb, 0)} MB so far`
      : `${fmt(b?.ms, 0)} ms (CPU ${fmt(b?.cpu_ms, 0)} ms), ${b?.pages ?? "-"} pages, peak ${fmt(b?.peak_mb, 0)} MB`;
  for (const size of BOOKLET_SIZES) {
    const b = results.booklet[size];
    const ms = find(`booklet.${size}.ms`);
    const mem = find(`booklet.${size}.peak_mb`);
    lines.push(
      `Booklet, ${size} case studies with photos: ${line(b)}${ms ? `  ${mark(ms.met)} ${ms.target}` : ""}${mem ? `  ${mark(mem.met)} ${mem.target}` : ""}${b?.ms ? `  (${fmt(b.ms / Number(size), 1)} ms a case study)` : ""}`,
    );
    if (b?.failure?.kind === "crash") lines.push(`  ${b.failure.message.split("\n")[0]}`);
  }
  const lin = find("booklet.500.ms_per_study/booklet.100.ms_per_study");
  lines.push(`  growth: a case study at 500 costs ${fmt(lin?.value, 2)} x one at 100  ${mark(lin?.met ?? null)} ${lin?.target}`);
  const ct = find("certificates.500.ms");
  lines.push(`Certificates, 500 awards: ${line(results.certificates)}  ${mark(ct?.met ?? null)} ${ct?.target}`);
  lines.push("");
  const e = results.email;
  const e1 = find("email.ms");
  const e2 = find("email.api_calls");
  const e3 = find("email.duplicates_after_crash");
  lines.push(
    `Email, 1,000 results emails (fake Resend, no latency): ${fmt(e?.ms, 0)} ms  ${mark(e1?.met ?? null)} ${e1?.target}; ${e?.api_calls ?? "-"} API calls  ${mark(e2?.met ?? null)} ${e2?.target}`,
  );
  lines.push(
    `  after kill -9 mid-send and restart: ${e?.duplicates_after_crash ?? "-"} duplicates ${mark(e3?.met ?? null)} (expected 0), ${e?.missing_after_crash ?? "-"} missing`,
  );
  lines.push("");
  lines.push(`Start-up (spawn to first 200 from /healthz): ${fmt(results.startup_ms, 0)} ms (no target)`);
  lines.push("");
  if (results.postgresql) {
    lines.push(...postgresSummary(results.postgresql));
    lines.push("");
  }
  const missed = t.filter((x) => x.met === false).length;
  lines.push(
    `${t.filter((x) => x.met).length} of ${t.length} targets met${missed ? `, ${missed} missed` : ""}. Written to bench/results.json in ${((performance.now() - began) / 60000).toFixed(1)} min.`,
  );
  lines.push(...failed());
  return lines.join("\n");
}

async function main() {
  log(`benchmark data in ${DATA}`);
  let data: BenchData | null = null;
  const needBuild = wanted("other") || (wanted("postgresql") && POSTGRES.ok);
  const build = needBuild ? buildApp() : Promise.resolve({ ms: 0 });
  build.catch(() => {}); // awaited below

  await section("setup", async () => {
    data = await prepareDatabase(log);
    results.setup = { ...data.timings, judging_review_mix: data.judging.reviewMix, judging: JUDGING, aggregation: AGGREGATION };
    // for bench/profile.ts, which reuses this run's database and build
    const { photos, aggregation, ...rest } = data;
    fs.writeFileSync(
      path.join(DATA, "bench-data.json"),
      JSON.stringify({ ...rest, aggregation: { cycleId: aggregation.cycleId, slug: aggregation.slug }, photos: { keys: photos.keys } }),
    );
  });
  if (!data) throw new Error("The benchmark database could not be made");
  const bench = data as BenchData;

  // The PostgreSQL section copies the database as set-up left it: when other figures run
  // first (and write to it: saves, sessions, the stored booklet), from a copy taken now.
  let postgresSource = DB_FILE;
  if (POSTGRES_RESERVE > 0)
    await section("postgresql_snapshot", async () => {
      const started = performance.now();
      postgresSource = path.join(DATA, "bench-before-figures.db");
      const db = new Database(DB_FILE, { readonly: true });
      try {
        db.exec(`VACUUM INTO '${postgresSource.replace(/'/g, "''")}'`);
      } finally {
        db.close();
      }
      (results.setup as Record<string, unknown>).postgresql_snapshot_ms = Math.round(performance.now() - started);
    });

  let bookletFiles: BookletFiles | null = null;
  if (wanted("booklet"))
    await section("booklet_inputs", async () => {
      bookletFiles = await writeBookletInputs(bench);
    });

  let built = false;
  if (needBuild)
    await section("build", async () => {
      const { ms } = await build;
      (results.setup as Record<string, unknown>).build_ms = Math.round(ms);
      built = true;
      log(`app built from a snapshot of the sources in ${Math.round(ms)} ms`);
    });

  if (wanted("other"))
    await section("aggregation", async () => {
      log("aggregation");
      const agg = await benchAggregation(bench, RUNS);
      results.aggregation = agg;
      log(`  computeResults ${fmt(agg.ms)} ms (cold ${fmt(agg.cold_ms)} ms); floor ${fmt(agg.floor_ms)} ms`);
    });

  // What must still fit after each part: the email figures, three server starts, the
  // booklet made over HTTP, and two HTTP runs (a third only if there is time for it).
  const reserveForServer = wanted("other") ? 45 + 30 + 20 + 2 * HTTP_RUN_S + 10 + POSTGRES_RESERVE : 0;
  const crashed = (what: string, figure: BookletFigure | null) => {
    if (figure?.failure?.kind === "crash") throw new Error(`${what} crashed: ${figure.failure.message}`);
  };
  const sizedRuns = async (size: BookletSize | "certificates", runs: number, timeoutMs: number): Promise<BookletFigure> => {
    if (!bookletFiles) throw new Error("no booklet inputs");
    const what = size === "certificates" ? "certificates 500" : `booklet ${size}`;
    log(size === "certificates" ? "certificates, 500 awards" : `booklet, ${size} case studies`);
    const figure = await benchBooklet(bookletFiles[size], {
      runs,
      timeoutMs,
      log,
      certificates: size === "certificates",
      another: (done, lastS) => roomForAnother(what, done, runs, lastS, 30 + reserveForServer),
    });
    crashed(what, figure);
    return figure;
  };
  if (wanted("booklet")) {
    for (const size of BOOKLET_SIZES)
      await section(`booklet_${size}`, async () => {
        results.booklet[size] = await sizedRuns(size, size === "500" ? RUNS_500 : RUNS, 120_000);
      });
    await section("certificates_500", async () => {
      results.certificates = await sizedRuns("certificates", RUNS_500, 60_000);
    });
  }

  if (wanted("other"))
    await section("email", async () => {
      log("email");
      results.email = await benchEmail(RUNS, log);
    });

  let server: RunningServer | null = null;
  if (built && wanted("other")) {
    await section("startup", async () => {
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const s = await startServer();
        times.push(s.startupMs);
        log(`server start ${i + 1}/${RUNS}: first 200 from /healthz after ${Math.round(s.startupMs)} ms`);
        if (i < RUNS - 1) await s.stop();
        else server = s;
      }
      results.startup_ms = median(times);
      results.startup_runs_ms = times.map((t) => Math.round(t));
    });
  }
  if (server) {
    const running = server as RunningServer;
    await section("http", async () => {
      log(`HTTP (up to ${RUNS} rounds of the six figures)`);
      await settle();
      await measureHttp(running, bench, RUNS);
    });
    await running.stop();
  }

  if (wanted("postgresql")) {
    if (!POSTGRES.ok) {
      results.postgresql = { run: false, reason: POSTGRES.reason };
      log(`PostgreSQL figures not run: ${POSTGRES.reason}`);
    } else if (!built) {
      results.postgresql = { run: false, reason: "the app was not built (see errors)" };
    } else
      await section("postgresql", async () => {
        log("PostgreSQL (beside SQLite, same data)");
        const sqliteHttp = results.http.scoring_form && results.http.save_scores ? results.http : null;
        results.postgresql = await benchPostgresql({
          data: bench,
          runs: RUNS,
          httpSeconds: HTTP_SECONDS,
          settleMs: SETTLE_MS,
          secondsLeft,
          log,
          source: postgresSource,
          sqlite: { aggregation: wanted("other") ? (results.aggregation as AggregationResult | null) : null, http: wanted("other") ? sqliteHttp : null },
          cutDown,
          progress: (figures) => {
            results.postgresql = figures;
            save();
          },
        });
      });
  }

  await prisma.$disconnect();
  (results.machine as Record<string, unknown>).loadavg_end = os.loadavg().map((l) => Number(l.toFixed(2)));
  (results.machine as Record<string, unknown>).cpu_pressure_end = cpuPressure();
  (results.machine as Record<string, unknown>).calibration_end_ms = cpuCalibration();
  const runsNote = results.runs as Record<string, unknown>;
  runsNote.booklet_16 = results.booklet["16"]?.runs ?? runsNote.booklet_16;
  runsNote.booklet_500 = results.booklet["500"]?.runs ?? runsNote.booklet_500;
  if (ONLY) runsNote.only = ONLY;
  if (cutDown.length) runsNote.cut_to_fit_budget = cutDown;
  results.targets = targets();
  results.complete = (results.errors as string[]).length === 0;
  results.total_seconds = Math.round((performance.now() - began) / 1000);
  save();
  console.log(summary());
  process.exit((results.errors as string[]).length ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  save();
  process.exit(1);
});
