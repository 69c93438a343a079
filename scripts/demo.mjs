// `npm run demo`: install if needed, migrate, seed the demo, build, and serve on port 3000 (or $PORT)
// with the local mailbox switched on (emails readable at /dev/mailbox).
import { execSync, spawn } from "node:child_process";
import { ensureInstalled } from "./ensure-install.mjs";

ensureInstalled();
const env = { ...process.env, LOCAL_MAILBOX: process.env.LOCAL_MAILBOX ?? "1" };
execSync("npx tsx scripts/prepare-demo.ts", { stdio: "inherit", env });
execSync("npx remix build", { stdio: ["ignore", "ignore", "inherit"], env });
const port = process.env.PORT || "3000";
console.log(`Starting the demo on http://localhost:${port}  (Ctrl+C stops it)`);
const server = spawn("npx", ["tsx", "server.ts"], { stdio: "inherit", env: { ...env, NODE_ENV: "production", PORT: port } });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
