// Installs dependencies when they are missing, so `npm run demo` and `npm test` work on a fresh clone.
import { execSync } from "node:child_process";
import fs from "node:fs";

export function ensureInstalled() {
  const ready =
    fs.existsSync("node_modules/.bin/remix") &&
    fs.existsSync("node_modules/.bin/tsx") &&
    fs.existsSync("app/generated/prisma/client.ts") &&
    fs.existsSync("app/generated/prisma-pg/client.ts");
  if (ready) return;
  console.log("Installing dependencies (first run only; building better-sqlite3 can take a minute or two)…");
  execSync(fs.existsSync("package-lock.json") ? "npm ci --no-audit --no-fund" : "npm install --no-audit --no-fund", { stdio: "inherit" });
  if (!fs.existsSync("app/generated/prisma/client.ts") || !fs.existsSync("app/generated/prisma-pg/client.ts"))
    execSync("npm run -s db:generate", { stdio: "inherit" });
}
