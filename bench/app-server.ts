/**
 * The app under test: a production build of a snapshot of the sources, served by the
 * project's own server.ts in a child process.
 *
 * Why a snapshot: others rebuild build/ in the same checkout while they work, and a server
 * that imports a half-written build/index.js fails, or worse, serves a build that changes
 * under the benchmark. So the benchmark copies what a build reads (app/, emails/, public/
 * without public/build, remix.config.js, tsconfig.json, package.json, server.ts) to
 * bench/data/.app, runs `remix build` THERE (packages are found in the project's
 * node_modules, up the tree), and starts `server.ts` from that folder: build/ and public/
 * are read relative to the cwd, so nothing anyone else does to build/ can touch the run,
 * and the benchmark never clobbers anyone's build either. It always builds: a fresh clone
 * needs it, and a stale build would measure old code.
 *
 * The server runs as `node --import tsx server.ts` (what `npm start`'s `tsx server.ts`
 * runs, in one process instead of tsx's launcher and a child, so one pid to stop), with
 * NODE_ENV=production, HOST 127.0.0.1, a free port, a fixed SESSION_SECRET, the bench
 * database and DATA_DIR=bench/data.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { APP_DIR, DATA, DB_FILE, ROOT, SESSION_SECRET } from "./env";
import { request } from "./http";

const SNAPSHOT = ["app", "emails", "remix.config.js", "remix.env.d.ts", "tsconfig.json", "package.json", "server.ts"];

function run(command: string, args: string[], cwd: string, timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NODE_ENV: "production" }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Copies the sources to bench/data/.app and builds them there. Returns the build's duration. */
export async function buildApp(): Promise<{ ms: number; dir: string }> {
  const started = performance.now();
  fs.rmSync(APP_DIR, { recursive: true, force: true });
  fs.mkdirSync(APP_DIR, { recursive: true });
  for (const entry of SNAPSHOT) {
    const from = path.join(ROOT, entry);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(APP_DIR, entry), { recursive: true });
  }
  fs.cpSync(path.join(ROOT, "public"), path.join(APP_DIR, "public"), {
    recursive: true,
    filter: (src) => !src.startsWith(path.join(ROOT, "public", "build")),
  });
  const remix = path.join(ROOT, "node_modules", ".bin", "remix");
  let last = "";
  for (let attempt = 1; attempt <= 2; attempt++) {
    const { code, output } = await run(remix, ["build"], APP_DIR, 180_000);
    last = output;
    if (code === 0 && fs.existsSync(path.join(APP_DIR, "build", "index.js"))) return { ms: performance.now() - started, dir: APP_DIR };
  }
  throw new Error(`remix build failed in ${APP_DIR}:\n${last.slice(-4000)}`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export type RunningServer = {
  origin: string;
  port: number;
  pid: number;
  /** spawn to the first 200 from /healthz, ms */
  startupMs: number;
  output: () => string;
  stop: () => Promise<void>;
};

/** Starts the production server and waits for its first healthy /healthz. `nodeArgs` e.g. ["--cpu-prof"] (bench/profile.ts). */
export async function startServer(options: { nodeArgs?: string[]; env?: Record<string, string> } = {}): Promise<RunningServer> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  // Never the real services of whoever runs the bench; a figure that needs one (the queue send's
  // fake Resend) passes it in options.env.
  const inherited: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ["RESEND_API_KEY", "RESEND_BASE_URL", "UPLOADTHING_TOKEN", "LOCAL_MAILBOX", "APP_URL", "NODE_OPTIONS"]) delete inherited[name];
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    NODE_ENV: "production",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: `file:${DB_FILE}`,
    DATA_DIR: DATA,
    SESSION_SECRET,
    ...options.env,
  };

  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), "--import", "tsx", "server.ts"], {
    cwd: APP_DIR,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  child.stderr!.on("data", (d: Buffer) => (output = (output + d.toString()).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));

  const stop = async () => {
    if (gone) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (gone) throw new Error(`The server exited during start-up:\n${output.slice(-4000)}`);
    try {
      const res = await request(`${origin}/healthz`, { timeoutMs: 2000 });
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The server did not answer /healthz with 200 within 60 s:\n${output.slice(-4000)}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  const startupMs = performance.now() - started;
  return { origin, port, pid: child.pid!, startupMs, output: () => output, stop };
}
