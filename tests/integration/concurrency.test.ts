/**
 * Concurrency: 100 judges saving scores at once for 30 seconds, against the production
 * build (server.ts in a child process) and a real database (an SQLite file; a PostgreSQL
 * database with TEST_POSTGRES_URL), over loopback.
 *
 * Every judge has 4 assignments, opens their scoring pages, then (once the clock starts)
 * saves drafts in a loop with the version it holds, as the scoring page's autosave does;
 * after a conflict it reloads the page. Every fifth judge has a second tab open on their
 * first assignment, saving too, so real stale conflicts happen; about one request in ten
 * sends an old version on purpose. Afterwards, read straight from the database:
 * - no 5xx, no network error, no unexpected refusal;
 * - every deliberate stale save was refused (409) and changed nothing;
 * - for every assignment the stored review is the acknowledged save with the highest
 *   version (scores, comment, note, version), no acknowledged version is above it, no two
 *   acknowledgements share a version (a lost update), and the audit trail holds one write
 *   per acknowledged save and no other (nothing was written that was not acknowledged).
 * Throughput is printed for information, never asserted.
 */
import "../support/test-env";
import { testDatabase } from "../support/test-env";
import { prisma } from "~/db/client.server";
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { generateLargeCycle, prng } from "../support/large-cycle";
import { actionDataOf, dataPath, decodeDataText, loaderDataOf, readData } from "../support/single-fetch";
import { sessionCookieFor, startAppServer, type AppServer } from "../support/app-server";

const RUN_MS = 30_000;
const JUDGES = 100;
const TWO_TAB_EVERY = 5; // judges 0, 5, 10... have a second tab on their first assignment
const DELIBERATE_STALE_RATE = 0.1;
const DAY = 24 * 3_600_000;

let server: AppServer | undefined;

after(async () => {
  await server?.stop("SIGKILL");
  await prisma.$disconnect();
});

type Scores = Record<string, number | null>;
type Ack = { assignmentId: string; version: number; scores: Scores; comment: string; note: string; worker: string };
type Outcome = "saved" | "stale" | "deliberate-refused" | "deliberate-accepted" | "server-error" | "network-error" | "unexpected";

test("100 judges saving concurrently for 30 s: every acknowledged save stored, stale saves refused, no server errors", { timeout: 120_000 }, async () => {
  // ---- a judged cycle, open for judging: 100 nominations x 100 judges, 4 judges each
  const now = new Date();
  const cycle = await generateLargeCycle(testDatabase.url, {
    nominations: 100,
    judges: JUDGES,
    criteria: 3,
    categories: 2,
    judgesPerNomination: 4,
    slug: "concurrency",
    now,
  });
  await prisma.awardCycle.update({
    where: { id: cycle.cycleId },
    data: {
      nominationsCloseAt: new Date(now.getTime() - 10 * DAY),
      judgingOpenAt: new Date(now.getTime() - 9 * DAY),
      judgingCloseAt: new Date(now.getTime() + 10 * DAY),
    },
  });
  await prisma.assignment.updateMany({ where: { cycleId: cycle.cycleId }, data: { openedAt: new Date(now.getTime() - 8 * DAY) } });
  const assignments = await prisma.assignment.findMany({
    where: { cycleId: cycle.cycleId },
    select: { id: true, judgeId: true, judge: { select: { email: true } } },
    orderBy: { id: "asc" },
  });
  const byJudge = new Map<string, { email: string; ids: string[] }>();
  for (const a of assignments) {
    const entry = byJudge.get(a.judgeId) ?? { email: a.judge.email, ids: [] };
    entry.ids.push(a.id);
    byJudge.set(a.judgeId, entry);
  }
  assert.equal(byJudge.size, JUDGES);
  for (const { ids } of byJudge.values()) assert.equal(ids.length, 4);

  // ---- the real server, and a real session for every judge (through the sign-in link)
  server = await startAppServer({ databaseUrl: testDatabase.url });
  const base = `http://127.0.0.1:${server.port}`;
  const cookies = new Map<string, string>();
  const judgeIds = [...byJudge.keys()];
  for (let i = 0; i < judgeIds.length; i += 10) {
    await Promise.all(judgeIds.slice(i, i + 10).map(async (id) => cookies.set(id, await sessionCookieFor(prisma, { url: base }, byJudge.get(id)!.email))));
  }

  const criterionIds = cycle.criterionIds;
  const routeId = "routes/judge.$assignmentId";
  const acks: Ack[] = [];
  const deliberateNotes = new Set<string>();
  const counts: Record<Outcome, number> = {
    saved: 0,
    stale: 0,
    "deliberate-refused": 0,
    "deliberate-accepted": 0,
    "server-error": 0,
    "network-error": 0,
    unexpected: 0,
  };
  const problems: string[] = [];
  let loads = 0;
  const latencies: number[] = [];
  const ackedByJudge = new Map<string, number>();

  async function loadVersion(assignmentId: string, cookie: string): Promise<number> {
    // The page's data as the browser's revalidation after a save asks for it (single fetch: <path>.data).
    const res = await fetch(`${base}${dataPath(`/judge/${assignmentId}`, [routeId])}`, { headers: { Cookie: cookie } });
    loads++;
    if (res.status !== 200) throw new Error(`loading ${assignmentId} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    const data = loaderDataOf<{ mode: string; saved: { version: number } | null }>((await readData(res)).value, routeId);
    assert.equal(data.mode, "score", "the scoring form shows");
    return data.saved?.version ?? 0;
  }

  // Every judge opens their scoring pages (a second tab for every fifth judge), then the clock starts.
  type Worker = { judgeId: string; name: string; ids: string[]; cookie: string; random: () => number; held: Map<string, number> };
  const workers: Worker[] = [];
  judgeIds.forEach((judgeId, j) => {
    const ids = byJudge.get(judgeId)!.ids;
    const cookie = cookies.get(judgeId)!;
    const name = `judge${j}`;
    workers.push({ judgeId, name, ids, cookie, random: prng(1000 + j), held: new Map() });
    if (j % TWO_TAB_EVERY === 0) workers.push({ judgeId, name: `${name}-tab2`, ids: [ids[0]], cookie, random: prng(5000 + j), held: new Map() });
  });
  for (let i = 0; i < workers.length; i += 20) {
    await Promise.all(
      workers.slice(i, i + 20).map(async (w) => {
        for (const id of w.ids) w.held.set(id, await loadVersion(id, w.cookie));
      }),
    );
  }
  const opened = loads;

  const started = Date.now();
  const deadline = started + RUN_MS;

  async function run({ judgeId, name, ids, cookie, random, held }: Worker) {
    let n = 0;
    while (Date.now() < deadline) {
      const assignmentId = ids[n % ids.length];
      n++;
      const deliberate = random() < DELIBERATE_STALE_RATE;
      const holding = held.get(assignmentId)!;
      const sentVersion = deliberate ? holding - 1 : holding;
      const scores: Scores = Object.fromEntries(criterionIds.map((c) => [c, random() < 0.1 ? null : 1 + Math.floor(random() * 5)]));
      // Unique content, so no save is ever "the same as stored" (which the server accepts at any version).
      const nonce = `${name}#${n}${deliberate ? "-STALE" : ""}`;
      const comment = `Comment ${nonce}: ${random().toString(36).slice(2)}`;
      const note = `Note ${nonce}`;
      if (deliberate) deliberateNotes.add(note);
      const body = new URLSearchParams({
        _via: "fetch",
        _save: nonce,
        intent: "draft",
        version: String(sentVersion),
        commentForPanel: comment,
        noteForNominators: note,
      });
      for (const [c, v] of Object.entries(scores)) body.set(`score.${c}`, v === null ? "" : String(v));

      let res: Response;
      let text: string;
      const sentAt = performance.now();
      try {
        // The scoring form's autosave, as its fetcher posts it (single fetch: POST <path>.data).
        res = await fetch(`${base}/judge/${assignmentId}.data`, {
          method: "POST",
          headers: { Cookie: cookie, Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
          body,
        });
        text = await res.text();
      } catch (error) {
        counts["network-error"]++;
        problems.push(`${name} ${assignmentId}: network error ${(error as Error).message}`);
        continue;
      }
      latencies.push(performance.now() - sentAt);
      if (res.status >= 500) {
        counts["server-error"]++;
        problems.push(`${name} ${assignmentId}: ${res.status} ${text.slice(0, 300)}`);
        continue;
      }
      let data: { kind: string; version?: number };
      try {
        data = actionDataOf<{ kind: string; version?: number }>(await decodeDataText(text));
      } catch {
        counts.unexpected++;
        problems.push(`${name} ${assignmentId}: ${res.status} ${text.slice(0, 300)}`);
        continue;
      }
      if (res.status === 200 && data.kind === "saved") {
        if (deliberate) {
          counts["deliberate-accepted"]++;
          problems.push(`${name} ${assignmentId}: a deliberately stale save (version ${sentVersion}) was accepted as version ${data.version}`);
        } else {
          counts.saved++;
        }
        acks.push({ assignmentId, version: data.version!, scores, comment, note, worker: name });
        ackedByJudge.set(judgeId, (ackedByJudge.get(judgeId) ?? 0) + 1);
        held.set(assignmentId, data.version!);
      } else if (res.status === 409 && data.kind === "stale") {
        if (deliberate) {
          counts["deliberate-refused"]++;
        } else {
          // The other tab saved first: reload the page, as the judge would after choosing.
          counts.stale++;
          held.set(assignmentId, await loadVersion(assignmentId, cookie));
        }
      } else {
        counts.unexpected++;
        problems.push(`${name} ${assignmentId}: ${res.status} ${text.slice(0, 300)}`);
      }
    }
  }

  await Promise.all(workers.map(run));
  const elapsedMs = Date.now() - started;

  const requests = Object.values(counts).reduce((a, b) => a + b, 0);
  console.log(
    `concurrency: ${workers.length} workers (${JUDGES} judges, ${JUDGES / TWO_TAB_EVERY} with two tabs) for ${(elapsedMs / 1000).toFixed(1)} s: ` +
      `${requests} saves (${(requests / (elapsedMs / 1000)).toFixed(0)}/s), ${acks.length} acknowledged (${(acks.length / (elapsedMs / 1000)).toFixed(0)}/s), ` +
      `${counts.stale} real stale conflicts, ${counts["deliberate-refused"]} deliberate stale refused, ${loads} form loads`,
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  console.log(`concurrency: save latency p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms; ${opened} pages opened before the clock started`);
  console.log(`concurrency outcomes: ${JSON.stringify(counts)}`);

  // ---- nothing went wrong on the wire
  assert.deepEqual(problems.slice(0, 20), [], `server output:\n${server.output().slice(-3000)}`);
  assert.equal(counts["server-error"], 0);
  assert.equal(counts["network-error"], 0);
  assert.equal(counts.unexpected, 0);
  assert.equal(counts["deliberate-accepted"], 0, "every deliberately stale save is refused");
  assert.ok(counts["deliberate-refused"] > 0, "some saves were deliberately stale");
  assert.ok(counts.stale > 0, "the second tabs ran into real conflicts");
  for (const judgeId of judgeIds) assert.ok((ackedByJudge.get(judgeId) ?? 0) > 0, `judge ${judgeId} had saves acknowledged`);
  assert.doesNotMatch(server.output(), /SQLITE_BUSY|database is locked|Error/i, "the server logged no errors");

  // ---- the database agrees with every acknowledgement
  const reviews = await prisma.review.findMany({
    where: { assignment: { cycleId: cycle.cycleId } },
    include: { scores: { select: { criterionId: true, value: true } } },
  });
  const reviewByAssignment = new Map(reviews.map((r) => [r.assignmentId, r]));
  const audits = await prisma.auditEvent.findMany({ where: { cycleId: cycle.cycleId, entityType: "Review" }, select: { entityId: true, data: true } });
  const auditedVersions = new Map<string, number[]>();
  for (const a of audits) {
    const version = (JSON.parse(a.data) as { version?: number }).version;
    if (typeof version !== "number") continue;
    auditedVersions.set(a.entityId, [...(auditedVersions.get(a.entityId) ?? []), version]);
  }

  const acksByAssignment = new Map<string, Ack[]>();
  for (const ack of acks) acksByAssignment.set(ack.assignmentId, [...(acksByAssignment.get(ack.assignmentId) ?? []), ack]);
  let checked = 0;
  for (const a of assignments) {
    const review = reviewByAssignment.get(a.id);
    assert.ok(review, `assignment ${a.id} has its review`);
    const mine = acksByAssignment.get(a.id) ?? [];
    // Nothing stored was sent deliberately stale.
    assert.ok(!deliberateNotes.has(review.noteForNominators), `a refused save's note is stored on ${a.id}`);
    if (mine.length === 0) {
      assert.equal(review.version, 2, `${a.id} was never saved and is unchanged`);
      continue;
    }
    const versions = mine.map((m) => m.version).sort((x, y) => x - y);
    assert.equal(new Set(versions).size, versions.length, `two acknowledged saves of ${a.id} share a version (a lost update): ${versions.join(",")}`);
    const latest = mine.reduce((x, y) => (y.version > x.version ? y : x));
    assert.ok(
      versions.every((v) => v <= review.version),
      `an acknowledged version of ${a.id} is above the stored one`,
    );
    assert.equal(review.version, latest.version, `${a.id}: the stored version is the highest acknowledged one`);
    const stored = Object.fromEntries(review.scores.map((s) => [s.criterionId, s.value]));
    const sent = Object.fromEntries(Object.entries(latest.scores).filter(([, v]) => v !== null));
    assert.deepEqual(stored, sent, `${a.id}: the stored scores are those of the latest acknowledged save`);
    assert.equal(review.commentForPanel, latest.comment);
    assert.equal(review.noteForNominators, latest.note);
    // One audited write per acknowledged save, none other: versions 3..latest, each once.
    const audited = (auditedVersions.get(review.id) ?? []).sort((x, y) => x - y);
    assert.deepEqual(audited, versions, `${a.id}: the writes are exactly the acknowledged saves`);
    assert.deepEqual(
      versions,
      Array.from({ length: latest.version - 2 }, (_, i) => i + 3),
    );
    checked++;
  }
  console.log(`concurrency: ${checked} assignments checked against ${acks.length} acknowledged saves`);
});

const ROLLED_BACK = "rolled-back@concurrency.example.org";
const ACKNOWLEDGED = "acknowledged@concurrency.example.org";

if (testDatabase.provider === "sqlite") {
  test("a write made while another request's transaction is open is neither seen by it nor rolled back with it (SQLite: it waits for the one connection)", async () => {
    // The app's one SQLite connection (app/db/one-connection.server.ts): a refused save rolls
    // back; anything another request wrote meanwhile must stay written.
    const order: string[] = [];
    let inside!: () => void;
    const insideNow = new Promise<void>((resolve) => (inside = resolve));
    const refused = prisma
      .$transaction(async (tx) => {
        await tx.user.create({ data: { email: ROLLED_BACK, name: "Rolled back" } });
        order.push("transaction wrote");
        inside();
        await new Promise((r) => setTimeout(r, 200));
        order.push("transaction refuses");
        throw new Error("stale: roll back");
      })
      .catch((error: Error) => error.message);
    await insideNow;
    const outside = prisma.user.create({ data: { email: ACKNOWLEDGED, name: "Acknowledged" } }).then(() => order.push("outside write acknowledged"));
    assert.equal(await refused, "stale: roll back");
    await outside;
    assert.deepEqual(order, ["transaction wrote", "transaction refuses", "outside write acknowledged"], "the outside write waited for the transaction");
    assert.ok(await prisma.user.findUnique({ where: { email: ACKNOWLEDGED } }), "the acknowledged write is kept");
    assert.equal(await prisma.user.findUnique({ where: { email: ROLLED_BACK } }), null, "the refused transaction left nothing");
  });
} else {
  test("a write made while another request's transaction is open is neither part of it nor rolled back with it (PostgreSQL: its own pooled connection, no waiting)", async () => {
    // PostgreSQL has a pool and no gate (docs/decisions/0060): the outside write goes ahead on
    // a connection of its own while the transaction is open, and stays written when the
    // transaction is refused; the transaction's own write is never seen outside it.
    const order: string[] = [];
    let inside!: () => void;
    const insideNow = new Promise<void>((resolve) => (inside = resolve));
    let acknowledged!: () => void;
    const acknowledgedNow = new Promise<void>((resolve) => (acknowledged = resolve));
    const refused = prisma
      .$transaction(async (tx) => {
        await tx.user.create({ data: { email: ROLLED_BACK, name: "Rolled back" } });
        order.push("transaction wrote");
        inside();
        // Held open until the outside write is acknowledged (at most 5 s: were it to wait for
        // this transaction, the order below tells).
        await Promise.race([acknowledgedNow, new Promise((r) => setTimeout(r, 5000))]);
        order.push("transaction refuses");
        throw new Error("stale: roll back");
      })
      .catch((error: Error) => error.message);
    await insideNow;
    assert.equal(await prisma.user.findUnique({ where: { email: ROLLED_BACK } }), null, "the open transaction's write is not seen outside it");
    const outside = prisma.user.create({ data: { email: ACKNOWLEDGED, name: "Acknowledged" } }).then(() => {
      order.push("outside write acknowledged");
      acknowledged();
    });
    assert.equal(await refused, "stale: roll back");
    await outside;
    assert.deepEqual(order, ["transaction wrote", "outside write acknowledged", "transaction refuses"], "the outside write did not wait for the transaction");
    assert.ok(await prisma.user.findUnique({ where: { email: ACKNOWLEDGED } }), "the acknowledged write is kept");
    assert.equal(await prisma.user.findUnique({ where: { email: ROLLED_BACK } }), null, "the refused transaction left nothing");
  });
}
