// `npm test`: the checks (types, lint, formatting), then every test, in order: unit,
// integration on the embedded default (real SQLite files), the same integration suite on
// PostgreSQL (a throwaway cluster, where PostgreSQL's binaries are installed), then
// end-to-end in Chromium. Exits non-zero if anything fails.
import { execSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import { ensureInstalled } from "./ensure-install.mjs";
import { HOW_TO_GET_POSTGRES, postgresBinDir, startPostgresCluster } from "./postgres-cluster.mjs";

ensureInstalled();

const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
if (!fs.existsSync(chromium)) {
  console.error(
    `\nNo Chromium found at ${chromium}. The end-to-end tests drive a real Chromium.\n` +
      "On Debian or Ubuntu: sudo apt-get install -y chromium poppler-utils\n" +
      "Or point CHROMIUM_PATH at a Chromium or Chrome binary. (Playwright's own browser download is not used.)\n",
  );
  process.exit(1);
}

console.log("Building the app for the end-to-end tests…");
execSync("npx remix build", { stdio: ["ignore", "ignore", "inherit"] });

const { TEST_POSTGRES_URL: _ignored, ...env } = process.env;
const postgres = postgresBinDir() ? await startPostgresCluster({ log: console.log }) : null;
if (postgres) {
  process.on("exit", postgres.stop);
  process.on("SIGINT", () => process.exit(130));
  process.on("SIGTERM", () => process.exit(143));
} else console.log(`\nPostgreSQL is not installed here: the integration tests run on the embedded default (SQLite) only.\n${HOW_TO_GET_POSTGRES}\n`);

const steps = [
  ["Type check (tsc --noEmit)", "npx", ["tsc", "--noEmit"]],
  ["Lint (ESLint)", "npx", ["eslint", "."]],
  ["Formatting (Prettier)", "npx", ["prettier", "--check", "--log-level", "warn", "."]],
  ["Unit tests", "npm", ["run", "-s", "test:unit"]],
  ["Integration tests on the embedded default (SQLite)", "npm", ["run", "-s", "test:integration"]],
  ...(postgres ? [["Integration tests on PostgreSQL", "npm", ["run", "-s", "test:integration"], { TEST_POSTGRES_URL: postgres.url }]] : []),
  ["End-to-end tests", "npx", ["playwright", "test"]],
];
const failed = [];
for (const [name, cmd, args, extraEnv = {}] of steps) {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const result = spawnSync(cmd, args, { stdio: "inherit", env: { ...env, ...extraEnv } });
  console.log(`=== ${name}: ${result.status === 0 ? "passed" : "FAILED"} in ${Math.round((Date.now() - started) / 1000)} s ===`);
  if (result.status !== 0) failed.push(name);
}
postgres?.stop();
if (failed.length) {
  console.error(`\nFailed: ${failed.join(", ")}`);
  process.exit(1);
}
console.log("\nAll tests passed.");
