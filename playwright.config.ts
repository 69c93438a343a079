import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";

/**
 * End-to-end tests drive Debian's Chromium (never a downloaded browser) against the built
 * app, served on a free port with its own fresh SQLite file, demo data and local mailbox.
 */
function freePort(): number {
  const script = "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})";
  return Number(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }).trim());
}

// The config is loaded by the runner and again by each worker: compute once, share via env.
process.env.E2E_PORT ??= String(freePort());
process.env.E2E_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "compact-awards-e2e-"));
const port = Number(process.env.E2E_PORT);
const dir = process.env.E2E_DIR;
export const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  projects: [{ name: "laptop", use: { ...devices["Desktop Chrome"], viewport: { width: 1280, height: 800 } } }],
  webServer: {
    command: "npx tsx tests/support/e2e-server.ts",
    url: `${baseURL}/healthz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(port),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      LOCAL_MAILBOX: "1",
      APP_URL: baseURL,
      DATABASE_URL: `file:${path.join(dir, "e2e.db")}`,
      DATA_DIR: dir,
      SESSION_SECRET: "e2e-session-secret",
      ADMIN_EMAILS: "admin@e2e.example.org",
      // Every test signs people in from 127.0.0.1: lift the per-address limit (tested in tests/integration/sign-in.test.ts).
      SIGN_IN_LIMIT_PER_EMAIL: "1000",
      SIGN_IN_LIMIT_PER_IP: "10000",
      RESEND_API_KEY: "",
      UPLOADTHING_TOKEN: "",
    },
  },
});
