// `npm run demo`: install if needed, migrate, seed the demo, build, and serve on port 3000 (or $PORT)
// with the local mailbox switched on (emails readable at /dev/mailbox).
import { execSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ensureInstalled } from "./ensure-install.mjs";

/**
 * The server runs as in production, which refuses to start without SESSION_SECRET: the demo
 * gives it one of its own, made once and kept with the demo's data (so demo sessions survive a
 * restart). Never a secret for a real server.
 */
function demoSessionSecret() {
  const file = path.join(path.resolve(process.env.DATA_DIR || "data"), ".demo-session-secret");
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const secret = crypto.randomBytes(32).toString("hex");
    fs.writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}

ensureInstalled();
const env = { ...process.env, LOCAL_MAILBOX: process.env.LOCAL_MAILBOX ?? "1", SESSION_SECRET: process.env.SESSION_SECRET || demoSessionSecret() };
execSync("npx tsx scripts/prepare-demo.ts", { stdio: "inherit", env });
execSync("npx remix build", { stdio: ["ignore", "ignore", "inherit"], env });
const port = process.env.PORT || "3000";
console.log(`Starting the demo on http://localhost:${port}  (Ctrl+C stops it)`);
const server = spawn("npx", ["tsx", "server.ts"], { stdio: "inherit", env: { ...env, NODE_ENV: "production", PORT: port } });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
