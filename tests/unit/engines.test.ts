/**
 * Every installed package runs on the Node we run and on the oldest Node the project promises
 * (package.json `engines`, the README). npm only warns about a package that wants a newer
 * Node unless engine-strict is on (.npmrc), so this catches a lock made elsewhere too.
 * docs/decisions/0041
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import semver from "semver";

const project = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string; engines?: unknown };

type Installed = { where: string; version: string; node: string };

/** Every package folder under node_modules, nested ones included, with its engines.node. */
function installed(dir: string, found: Installed[] = []): Installed[] {
  if (!fs.existsSync(dir)) return found;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    // .bin, .cache, .prisma...: npm's and tools' own folders, not packages.
    if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
    const folder = path.join(dir, entry.name);
    if (entry.name.startsWith("@")) {
      installed(folder, found);
      continue;
    }
    const manifest = path.join(folder, "package.json");
    if (fs.existsSync(manifest)) {
      const pkg = readJson(manifest);
      // As npm reads it (npm-install-checks): only an object's string `node` counts.
      const node = pkg.engines && typeof pkg.engines === "object" ? (pkg.engines as { node?: unknown }).node : undefined;
      if (typeof node === "string") found.push({ where: path.relative(project, folder), version: pkg.version ?? "?", node });
    }
    installed(path.join(folder, "node_modules"), found);
  }
  return found;
}

const packages = installed(path.join(project, "node_modules"));
// The same test npm makes with engine-strict.
const refusing = (version: string) =>
  packages.filter((p) => !semver.satisfies(version, p.node, { includePrerelease: true })).map((p) => `${p.where}@${p.version} wants node ${p.node}`);

test("node_modules is there and its packages state engines", () => {
  assert.ok(packages.length > 100, `found only ${packages.length} packages with engines.node under node_modules`);
});

test(`every installed package accepts the running Node (${process.version})`, () => {
  assert.deepEqual(refusing(process.version), []);
});

test("every installed package accepts the oldest Node the project promises, and the README names it", () => {
  const range = (readJson(path.join(project, "package.json")).engines as { node?: string } | undefined)?.node;
  assert.ok(range, "package.json has engines.node");
  const oldest = semver.minVersion(range);
  assert.ok(oldest, `engines.node ${range} names a version`);
  assert.deepEqual(refusing(oldest.version), []);
  const readme = fs.readFileSync(path.join(project, "README.md"), "utf8");
  assert.match(readme, new RegExp(`Node\\.js ${oldest.major}\\.${oldest.minor} or later`), `the README names Node.js ${oldest.major}.${oldest.minor}`);
});
