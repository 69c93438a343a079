/**
 * The production build (build/, made by `npm test` before the suites run) served by
 * server.ts in a child process, on a free loopback port, against a test's own SQLite file.
 * For integration tests that must go through the real HTTP stack: headers, cookies,
 * cross-origin refusal, the authorisation matrix, concurrency and crash tests.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createSignInLink } from "~/auth/sign-in.server";
import type { Db } from "~/db/client.server";

export type AppServer = {
  url: string;
  port: number;
  process: ChildProcess;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<void>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function ensureBuilt() {
  if (!fs.existsSync(path.resolve("build", "index.js"))) {
    execFileSync(path.resolve("node_modules", ".bin", "remix"), ["build"], { stdio: "ignore" });
  }
}

export async function startAppServer(options: { databaseUrl: string; env?: Record<string, string>; port?: number }): Promise<AppServer> {
  ensureBuilt();
  const port = options.port ?? (await freePort());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "compact-awards-server-"));
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATABASE_URL: options.databaseUrl,
      DATA_DIR: dataDir,
      SESSION_SECRET: "integration-session-secret",
      APP_URL: `http://localhost:${port}`,
      LOCAL_MAILBOX: "1",
      RESEND_API_KEY: "",
      UPLOADTHING_TOKEN: "",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const url = `http://localhost:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited during start-up:\n${output}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 60_000) {
      child.kill("SIGKILL");
      throw new Error(`The server did not answer /healthz within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    process: child,
    output: () => output,
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A real signed-in session for `email`, made through the one-time link flow; returns the Cookie header value. */
export async function sessionCookieFor(db: Db, server: Pick<AppServer, "url">, email: string): Promise<string> {
  const link = await createSignInLink(db, { email, skipRateLimit: true });
  if (!link.ok) throw new Error("could not create a sign-in link");
  const path = new URL(link.url).pathname;
  const response = await fetch(`${server.url}${path}`, { method: "POST", redirect: "manual", headers: { Origin: server.url } });
  const setCookie = response.headers.get("set-cookie");
  if (response.status !== 302 || !setCookie) throw new Error(`sign-in for ${email} answered ${response.status}`);
  return setCookie.split(";")[0];
}
