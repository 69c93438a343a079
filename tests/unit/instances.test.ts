/**
 * Several app servers (INSTANCES > 1, docs/decisions/0069) start only where every one of them
 * sees the same things: a PostgreSQL database, and files on UploadThing or on storage said to
 * be shared. Each refusal says what to set.
 */
import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { instancesProblems } from "~/env.server";

const KEYS = ["INSTANCES", "DATABASE_URL", "UPLOADTHING_TOKEN", "UPLOADS_DIR", "SHARED_UPLOADS"] as const;
const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));

function withEnv(values: Partial<Record<(typeof KEYS)[number], string>>) {
  for (const k of KEYS) delete process.env[k];
  Object.assign(process.env, values);
  return instancesProblems();
}

const PG = "postgresql://awards@db.internal/awards";

describe("INSTANCES: several app servers", () => {
  afterEach(() => {
    for (const k of KEYS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  it("one server (unset or 1) needs nothing more, on either database", () => {
    assert.deepEqual(withEnv({}), []);
    assert.deepEqual(withEnv({ INSTANCES: "1", DATABASE_URL: "file:/tmp/awards.db" }), []);
  });

  it("refuses local-disk files for several servers, saying how to share them", () => {
    const [problem, ...rest] = withEnv({ INSTANCES: "2", DATABASE_URL: PG });
    assert.equal(rest.length, 0);
    assert.match(problem, /INSTANCES is 2, but files are kept on this server's own disk/);
    assert.match(problem, /UPLOADTHING_TOKEN/);
    assert.match(problem, /UPLOADS_DIR on shared storage .* SHARED_UPLOADS=1/);
    assert.equal(withEnv({ INSTANCES: "2", DATABASE_URL: PG, UPLOADS_DIR: "/mnt/awards-files" }).length, 1, "a folder alone is not said to be shared");
    assert.equal(withEnv({ INSTANCES: "2", DATABASE_URL: PG, SHARED_UPLOADS: "1" }).length, 1, "shared, but which folder?");
  });

  it("accepts shared uploads or UploadThing for several servers on PostgreSQL", () => {
    assert.deepEqual(withEnv({ INSTANCES: "3", DATABASE_URL: PG, UPLOADS_DIR: "/mnt/awards-files", SHARED_UPLOADS: "1" }), []);
    assert.deepEqual(withEnv({ INSTANCES: "3", DATABASE_URL: PG, UPLOADTHING_TOKEN: "token" }), []);
  });

  it("refuses several servers on an SQLite file", () => {
    const problems = withEnv({ INSTANCES: "2", DATABASE_URL: "file:/tmp/awards.db", UPLOADTHING_TOKEN: "token" });
    assert.equal(problems.length, 1);
    assert.match(problems[0], /SQLite file, which only one server can use\. Several app servers need PostgreSQL/);
  });

  it("refuses a value that is not a number of servers", () => {
    for (const value of ["two", "0", "1.5", "-1"]) assert.match(withEnv({ INSTANCES: value })[0] ?? "", /Set it to the number of app servers/, value);
  });
});
