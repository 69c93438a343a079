// A throwaway PostgreSQL cluster for the tests and the bench: initdb in a temporary folder,
// started on 127.0.0.1 on a free port, removed when stopped. The server refuses to run as
// root, so where we are root it runs as the `postgres` user (Debian's package makes it) or
// `nobody`. Durability is off (fsync, synchronous_commit): nothing here outlives the run.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const VERSIONS = ["17", "16", "15"];

/** The folder holding initdb and pg_ctl (POSTGRES_BIN, else Debian's), or null. */
export function postgresBinDir() {
  const dirs = [process.env.POSTGRES_BIN, ...VERSIONS.map((v) => `/usr/lib/postgresql/${v}/bin`)].filter(Boolean);
  return dirs.find((d) => fs.existsSync(path.join(d, "initdb")) && fs.existsSync(path.join(d, "pg_ctl"))) ?? null;
}

export const HOW_TO_GET_POSTGRES = "On Debian or Ubuntu: sudo apt-get install -y postgresql (or set POSTGRES_BIN to a folder with initdb and pg_ctl).";

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function runAsUser() {
  if (process.getuid?.() !== 0) return null;
  for (const user of ["postgres", "nobody"]) {
    const found = spawnSync("id", ["-u", user], { encoding: "utf8" });
    if (found.status === 0) return { user, uid: Number(found.stdout.trim()), gid: Number(spawnSync("id", ["-g", user], { encoding: "utf8" }).stdout.trim()) };
  }
  throw new Error("Running as root with neither a postgres nor a nobody user to run PostgreSQL as.");
}

/** Starts a cluster; returns its admin URL and stop(). */
export async function startPostgresCluster({ log = () => {} } = {}) {
  const bin = postgresBinDir();
  if (!bin) throw new Error(`No PostgreSQL binaries found. ${HOW_TO_GET_POSTGRES}`);
  const as = runAsUser();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "compact-awards-pg-"));
  const data = path.join(root, "data");
  fs.mkdirSync(data);
  if (as) {
    fs.chmodSync(root, 0o755);
    fs.chownSync(root, as.uid, as.gid);
    fs.chownSync(data, as.uid, as.gid);
  }
  const run = (program, args) => {
    const [cmd, argv] = as ? ["runuser", ["-u", as.user, "--", path.join(bin, program), ...args]] : [path.join(bin, program), args];
    execFileSync(cmd, argv, { stdio: ["ignore", "pipe", "pipe"], cwd: root });
  };
  // C collation: text sorts by code point, as SQLite's BINARY does, so both databases order alike.
  run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
  const port = await freePort();
  const options = [
    `-c listen_addresses=127.0.0.1`,
    `-p ${port}`,
    `-k ${root}`,
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c max_connections=300",
    "-c shared_buffers=128MB",
  ].join(" ");
  run("pg_ctl", ["-D", data, "-o", options, "-l", path.join(root, "server.log"), "-w", "-t", "60", "start"]);
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  log(`PostgreSQL (${path.basename(path.dirname(bin))}) started on 127.0.0.1:${port} in ${root}`);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
    } catch {
      // already gone
    }
    fs.rmSync(root, { recursive: true, force: true });
  };
  return { url, port, stop, root };
}
