/**
 * Where a figure's time goes: the server under one HTTP figure's load with V8's CPU
 * profiler on, then a summary of the profile (self time by package and by function, and
 * total time of the app's own functions). Uses the database and build of the last
 * `npm run bench` (bench/data), so run that first.
 *
 *   npx tsx bench/profile.ts scoring_form            # 10 s, 10 connections
 *   npx tsx bench/profile.ts save_scores 15 50       # 15 s, 50 connections
 *   npx tsx bench/profile.ts --summary file.cpuprofile
 *
 * The .cpuprofile is kept in bench/data/profiles/ (open it in Chrome DevTools or speedscope).
 */
import "./env";
import fs from "node:fs";
import path from "node:path";
import { prisma } from "~/db/client.server";
import { startServer } from "./app-server";
import { DATA, ROOT } from "./env";
import { load } from "./http";
import { HTTP_NAMES, scenarios, signIn, type HttpName } from "./scenarios";
import type { BenchData } from "./setup";

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

export function summarise(file: string, top = 25): string {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  let total = 0;
  for (const t of selfUs.values()) total += t;

  const where = (url: string) => url.replace(/^file:\/\//, "").replace(/.*node_modules\//, "");
  const keyOf = (n: ProfileNode) => `${n.callFrame.functionName || "(anonymous)"}  ${where(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  const packageOf = (n: ProfileNode) => {
    const url = n.callFrame.url;
    if (!url) return n.callFrame.functionName || "(native)";
    const m = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
    if (m) return m[1];
    if (url.includes("/build/index.js")) return "(app build)";
    return url.startsWith("node:") ? url.split("/")[0] : where(url);
  };
  const self = new Map<string, number>();
  const packages = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, t] of selfUs) {
    const n = byId.get(id)!;
    self.set(keyOf(n), (self.get(keyOf(n)) ?? 0) + t);
    packages.set(packageOf(n), (packages.get(packageOf(n)) ?? 0) + t);
    // charge every app-build function on the stack once
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur)!;
      if (!frame.callFrame.url.includes("/build/index.js")) continue;
      const k = keyOf(frame);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + t);
    }
  }
  const pct = (t: number) => `${((t / total) * 100).toFixed(1).padStart(5)}%`;
  const list = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, t]) => `  ${pct(t)}  ${k}`)
      .join("\n");
  return [
    `${file}: ${(total / 1e6).toFixed(1)} s sampled`,
    "self time by package:",
    list(packages, 15),
    "self time by function:",
    list(self, top),
    "total time of the app's own functions (build/index.js, callees included):",
    list(inclusive, top),
  ].join("\n");
}

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === "--summary") {
    console.log(summarise(args[1]));
    return;
  }
  const name = args[0] as HttpName;
  if (!HTTP_NAMES.includes(name)) throw new Error(`Usage: bench/profile.ts <${HTTP_NAMES.join("|")}> [seconds] [connections]`);
  const seconds = Number(args[1] ?? 10);
  const connections = Number(args[2] ?? 10);
  const dataFile = path.join(DATA, "bench-data.json");
  if (!fs.existsSync(dataFile)) throw new Error("Run `npm run bench` first: bench/data/bench-data.json is missing");
  const data = JSON.parse(fs.readFileSync(dataFile, "utf8")) as BenchData;

  const dir = path.join(DATA, "profiles");
  fs.mkdirSync(dir, { recursive: true });
  const out = path.join(dir, `${name}-${Date.now()}.cpuprofile`);
  const hook = path.join(ROOT, "bench", "profile-hook.ts");
  const server = await startServer({ nodeArgs: ["--import", "tsx", "--import", hook], env: { BENCH_PROFILE_OUT: out } });
  try {
    const cookie = await signIn(server.origin, data.judging.judgeEmail);
    const scenario = scenarios(server.origin, cookie, data)[name];
    // Warm up (JIT, statement caches) without the profiler, then profile only the load.
    await load(server.origin, scenario, { connections, durationS: 3 });
    await new Promise((r) => setTimeout(r, 1500));
    process.kill(server.pid, "SIGUSR2");
    const result = await load(server.origin, scenario, { connections, durationS: seconds });
    process.kill(server.pid, "SIGUSR2");
    console.log(`${name}: ${result.rps.toFixed(1)} req/s, p50 ${result.p50_ms} ms, p99 ${result.p99_ms} ms, status ${JSON.stringify(result.statusCodes)}`);
    for (let i = 0; i < 100 && !fs.existsSync(out); i++) await new Promise((r) => setTimeout(r, 100));
  } finally {
    await server.stop();
    await prisma.$disconnect();
  }
  console.log(summarise(out));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
