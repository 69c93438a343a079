/**
 * Killing the sender mid-batch and starting it again delivers every message exactly once
 * (docs/decisions/0012-email-outbox.md). Both the fake Resend (tests/support/fake-resend-cli.ts,
 * logging every delivery to a file) and the sender (tests/support/send-worker.ts) run as
 * their own processes; the sender is killed with SIGKILL while its batch call is in flight.
 */
import "../support/test-env";
import { testDatabase } from "../support/test-env";
import { prisma } from "~/db/client.server";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { after, test } from "node:test";
import type { AcceptedEmail, FakeResendMode, RecordedRequest } from "../support/fake-resend";
import { makeCampaignCycle } from "../support/campaign-fixtures";
import { queueCampaign } from "~/mail/campaigns.server";
import { waitFor } from "../support/wait";

const NOW = new Date("2026-03-12T10:00:00Z");
const children = new Set<ChildProcess>();

after(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await prisma.$disconnect();
});

function spawnTsx(script: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const lines: unknown[] = [];
  createInterface({ input: child.stdout! }).on("line", (line) => {
    try {
      lines.push(JSON.parse(line));
    } catch {
      lines.push(line);
    }
  });
  const exited = once(child, "exit").then(([code, signal]) => ({ code: code as number | null, signal: signal as string | null, stderr }));
  return { child, lines, exited, stderr: () => stderr };
}

async function startFakeCli(log: string, mode: FakeResendMode) {
  const fake = spawnTsx("tests/support/fake-resend-cli.ts", ["--log", log, "--mode", JSON.stringify(mode)]);
  const address = await waitFor(
    () => fake.lines.find((l): l is { url: string; apiKey: string } => typeof l === "object" && l !== null && "url" in l),
    "the fake to listen",
    30_000,
  );
  const get = async <T>(what: string) => (await (await fetch(`${address.url}/__fake/${what}`)).json()) as T;
  return {
    ...address,
    process: fake,
    requests: () => get<RecordedRequest[]>("requests"),
    setMode: async (next: FakeResendMode) => {
      const res = await fetch(`${address.url}/__fake/mode`, { method: "POST", body: JSON.stringify(next) });
      assert.equal(res.status, 200);
    },
    stop: async () => {
      fake.child.kill("SIGTERM");
      await fake.exited;
    },
  };
}

function readLog(file: string): AcceptedEmail[] {
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as AcceptedEmail);
}

const addressOf = (to: string) => (/<([^>]+)>$/.exec(to)?.[1] ?? to).toLowerCase();

async function crashAndResume(slug: string, hang: FakeResendMode) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "compact-awards-crash-"));
  const log = path.join(dir, "deliveries.jsonl");
  // 60 nominations, 2 contacts each: 120 messages, so a batch of 100 and one of 20.
  const f = await makeCampaignCycle(prisma, { slug, nominations: 60, partnersPer: 2, sharedContact: true });
  const cycle = await prisma.awardCycle.findUniqueOrThrow({ where: { id: f.cycleId } });
  const queued = await queueCampaign(prisma, null, cycle, "results", NOW);
  assert.equal(queued.total, 120);

  const fake = await startFakeCli(log, hang);
  const workerEnv = {
    DATABASE_URL: testDatabase.url,
    RESEND_API_KEY: fake.apiKey,
    RESEND_BASE_URL: fake.url,
    // Long enough that only the kill ends the first call.
    MAIL_CALL_TIMEOUT_MS: "120000",
  };

  // 1. The first sender claims the first batch and calls Resend, which never answers.
  const first = spawnTsx("tests/support/send-worker.ts", [f.cycleId], workerEnv);
  const inFlight = await waitFor(
    async () => {
      const requests = await fake.requests();
      return requests.find((r) => r.path === "/emails/batch" && r.status === null);
    },
    "the first batch call to be in flight",
    30_000,
  );
  const firstKey = inFlight.idempotencyKey!;
  assert.ok(firstKey);
  first.child.kill("SIGKILL");
  const killed = await first.exited;
  assert.equal(killed.signal, "SIGKILL", `the sender was killed (stderr: ${killed.stderr})`);

  const afterCrash = await prisma.emailMessage.findMany({ where: { cycleId: f.cycleId } });
  const sending = afterCrash.filter((m) => m.status === "sending");
  assert.equal(sending.length, 100, "the batch in flight is left claimed");
  assert.equal(new Set(sending.map((m) => m.batchKey)).size, 1);
  assert.equal(sending[0].batchKey, firstKey, "claimed with the key of the call");
  assert.equal(afterCrash.filter((m) => m.status === "queued").length, 20, "the next batch was never started");
  const deliveredBeforeRestart = fs.existsSync(log) ? readLog(log).length : 0;

  // 2. Resend is back to normal; the sender starts again and finishes the job.
  await fake.setMode({ kind: "ok" });
  const second = spawnTsx("tests/support/send-worker.ts", [f.cycleId], workerEnv);
  const done = await second.exited;
  assert.equal(done.code, 0, `the second sender finished (stderr: ${done.stderr})`);
  const totals = second.lines.find((l): l is { totals: { sent: number; failed: number } } => typeof l === "object" && l !== null && "totals" in l);
  assert.equal(totals?.totals.sent, 120);
  assert.equal(totals?.totals.failed, 0);

  // 3. A third run finds nothing to do.
  const third = spawnTsx("tests/support/send-worker.ts", [f.cycleId], workerEnv);
  assert.equal((await third.exited).code, 0);

  const requests = await fake.requests();
  const delivered = readLog(log);
  await fake.stop();

  const messages = await prisma.emailMessage.findMany({ where: { cycleId: f.cycleId } });
  assert.ok(
    messages.every((m) => m.status === "sent"),
    "every message is sent",
  );
  // Exactly once each: the delivered log holds every message once, and nothing else.
  assert.equal(delivered.length, 120);
  const deliveredKeys = delivered.map((e) => `${addressOf(e.to[0])}|${e.subject}`).sort();
  const storedKeys = messages.map((m) => `${m.toEmail}|${m.subject}`).sort();
  assert.deepEqual(deliveredKeys, storedKeys);
  assert.equal(new Set(delivered.map((e) => e.id)).size, 120);
  // Per call key: the first batch was delivered by one request only; the resumed call repeated its key.
  const byKey = new Map<string, number>();
  for (const e of delivered) byKey.set(e.idempotencyKey!, (byKey.get(e.idempotencyKey!) ?? 0) + 1);
  assert.deepEqual(
    [...byKey.values()].sort((a, b) => a - b),
    [20, 100],
  );
  const withFirstKey = requests.filter((r) => r.idempotencyKey === firstKey);
  assert.equal(withFirstKey.length, 2, "the resumed sender repeated the interrupted call with the same key");
  // The stored provider ids are the ids of the one delivery of each message.
  const idByRecipient = new Map(delivered.map((e) => [`${addressOf(e.to[0])}|${e.subject}`, e.id]));
  for (const m of messages) assert.equal(m.providerId, idByRecipient.get(`${m.toEmail}|${m.subject}`));
  return { withFirstKey, deliveredBeforeRestart };
}

test("killed while Resend has accepted the batch but not answered: the restart replays the call, nothing is sent twice", async () => {
  const { withFirstKey, deliveredBeforeRestart } = await crashAndResume("crash-accepted", { kind: "hang", times: 1, afterAccept: true });
  assert.equal(deliveredBeforeRestart, 100, "the batch was delivered before the crash");
  assert.equal(withFirstKey[1].replayed, true, "Resend answered the repeated call with its first answer");
  assert.deepEqual(withFirstKey[1].deliveredIds, []);
});

test("killed while Resend has not yet taken the batch: the restart sends it, once", async () => {
  const { withFirstKey, deliveredBeforeRestart } = await crashAndResume("crash-before", { kind: "hang", times: 1 });
  assert.equal(deliveredBeforeRestart, 0, "nothing was delivered before the crash");
  assert.equal(withFirstKey[1].replayed, false);
  assert.equal(withFirstKey[1].deliveredIds.length, 100);
});
