// Why: this machine's npm registry mirror has no tarballs for some other
// platforms' optional native packages (rollup, msgpackr-extract), so
// `npm install` here leaves them out of package-lock.json and `npm ci` then
// refuses the lock as "out of sync". We record each missing optional package
// with its os/cpu/libc so `npm ci` skips it on this platform and fetches it
// normally on the platform it is for. Run after `npm install`:
//   node scripts/lock-platform-stubs.mjs
import { readFileSync, writeFileSync } from "node:fs";

const lockPath = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, "utf8"));
const packages = lock.packages;

function platformOf(name) {
  const tail = name
    .split("/")
    .pop()
    .replace(/^rollup-|^msgpackr-extract-/, "");
  const [os, cpu, abi] = tail.split("-");
  const entry = { os: [os], cpu: [cpu] };
  if (abi === "musl" || abi === "musleabihf") entry.libc = ["musl"];
  if (abi === "gnu" || abi === "gnueabihf") entry.libc = ["glibc"];
  return entry;
}

let added = 0;
for (const [path, meta] of Object.entries(packages)) {
  const optional = meta.optionalDependencies ?? {};
  for (const [dep, version] of Object.entries(optional)) {
    if (!/^@(rollup|msgpackr-extract)\//.test(dep)) continue;
    const nested = `${path}/node_modules/${dep}`;
    const hoisted = `node_modules/${dep}`;
    if (packages[nested] || packages[hoisted]) continue;
    const { os, cpu, libc } = platformOf(dep);
    packages[hoisted] = {
      version,
      cpu,
      license: "MIT",
      ...(libc ? { libc } : {}),
      optional: true,
      os,
    };
    added++;
  }
}

lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))));
writeFileSync(lockPath, JSON.stringify(lock, null, 2) + "\n");
console.log(`package-lock.json: recorded ${added} optional packages for other platforms`);
