/**
 * The fake Resend API against the real `resend` SDK. The SDK reads RESEND_BASE_URL when a
 * client is constructed, so each test sets it and then calls `new Resend(key)`.
 */
import { test, describe, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { Resend } from "resend";

import { startFakeResend, type FakeResend } from "../support/fake-resend";

const FROM = "Coventry Compact Awards <awards@coventry-cen.example.org>";

function message(n = 0) {
  return {
    from: FROM,
    to: [`partner${n}@example.org`],
    subject: `Nomination received: Contact & Connect (${n})`,
    html: `<p>Thank you ${n}</p>`,
    text: `Thank you ${n}`,
  };
}

describe("fake Resend with the real SDK", () => {
  let fake: FakeResend;
  let resend: Resend;

  before(async () => {
    fake = await startFakeResend();
  });
  after(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.setMode({ kind: "ok" });
    fake.requests.length = 0;
    fake.emails.length = 0;
    process.env.RESEND_BASE_URL = fake.url;
    resend = new Resend(fake.apiKey);
  });

  test("the SDK reads RESEND_BASE_URL when the client is made", () => {
    process.env.RESEND_BASE_URL = "http://127.0.0.1:1";
    const other = new Resend(fake.apiKey);
    assert.equal((other as unknown as { baseUrl: string }).baseUrl, "http://127.0.0.1:1");
    assert.equal((resend as unknown as { baseUrl: string }).baseUrl, fake.url, "an older client keeps its address");
  });

  test("a valid send succeeds and is recorded", async () => {
    const { data, error } = await resend.emails.send({ ...message(1), replyTo: "rob@example.org", cc: "cc@example.org" });
    assert.equal(error, null);
    assert.match(data!.id, /^[0-9a-f-]{36}$/);
    assert.equal(fake.emails.length, 1);
    const email = fake.emails[0]!;
    assert.equal(email.id, data!.id);
    assert.deepEqual(email.to, ["partner1@example.org"]);
    assert.deepEqual(email.cc, ["cc@example.org"]);
    assert.deepEqual(email.replyTo, ["rob@example.org"]);
    assert.equal(email.text, "Thank you 1");
    assert.equal(email.batchIndex, null);
    assert.equal(fake.requests.length, 1);
    const req = fake.requests[0]!;
    assert.equal(req.method, "POST");
    assert.equal(req.path, "/emails");
    assert.equal(req.status, 200);
    assert.equal(req.headers.authorization, `Bearer ${fake.apiKey}`);
    assert.match(req.headers.userAgent ?? "", /^resend-node:/);
    assert.deepEqual(req.deliveredIds, [data!.id]);
  });

  test("a batch of 100 succeeds", async () => {
    const batch = Array.from({ length: 100 }, (_, i) => message(i));
    const { data, error } = await resend.batch.send(batch);
    assert.equal(error, null);
    assert.equal(data!.data.length, 100);
    assert.equal(fake.emails.length, 100);
    assert.equal(fake.requests.length, 1);
    assert.equal(fake.requests[0]!.path, "/emails/batch");
    assert.equal(fake.requests[0]!.headers.batchValidation, "strict");
    assert.deepEqual(
      fake.emails.map((e) => e.batchIndex),
      batch.map((_, i) => i),
    );
    assert.deepEqual(
      fake.emails.map((e) => e.id),
      data!.data.map((d) => d.id),
    );
  });

  test("a batch of 101 is refused and nothing is sent", async () => {
    const { data, error } = await resend.batch.send(Array.from({ length: 101 }, (_, i) => message(i)));
    assert.equal(data, null);
    assert.equal(error!.statusCode, 422);
    assert.equal(error!.name, "validation_error");
    assert.match(error!.message, /at most 100/);
    assert.equal(fake.emails.length, 0);
  });

  test("51 recipients (to, cc and bcc together) are refused", async () => {
    const { error } = await resend.emails.send({
      ...message(),
      to: Array.from({ length: 30 }, (_, i) => `to${i}@example.org`),
      cc: Array.from({ length: 11 }, (_, i) => `cc${i}@example.org`),
      bcc: Array.from({ length: 10 }, (_, i) => `bcc${i}@example.org`),
    });
    assert.equal(error!.statusCode, 422);
    assert.equal(error!.name, "validation_error");
    assert.match(error!.message, /at most 50 recipients/);
    // 50 is fine.
    const ok = await resend.emails.send({ ...message(), to: Array.from({ length: 50 }, (_, i) => `to${i}@example.org`) });
    assert.equal(ok.error, null);
    assert.equal(fake.emails.length, 1);
  });

  test("51 addresses in `to` alone are refused by the schema (at most 50)", async () => {
    const { error } = await resend.emails.send({ ...message(), to: Array.from({ length: 51 }, (_, i) => `to${i}@example.org`) });
    assert.equal(error!.statusCode, 422);
    assert.match(error!.message, /`to`/);
  });

  test("a missing `from` is refused", async () => {
    const { from: _from, ...noFrom } = message();
    const { data, error } = await resend.emails.send(noFrom as unknown as Parameters<Resend["emails"]["send"]>[0]);
    assert.equal(data, null);
    assert.equal(error!.statusCode, 422);
    assert.equal(error!.name, "validation_error");
    assert.match(error!.message, /Missing `from` field/);
    assert.equal(fake.emails.length, 0);
  });

  test("wrong types and bad addresses are refused", async () => {
    const wrongType = await resend.emails.send({ ...message(), subject: 42 as unknown as string });
    assert.equal(wrongType.error!.statusCode, 422);
    assert.match(wrongType.error!.message, /`subject`/);
    const badAddress = await resend.emails.send({ ...message(), to: "not an address" });
    assert.equal(badAddress.error!.statusCode, 422);
    assert.match(badAddress.error!.message, /Invalid `to` field/);
    const badInBatch = await resend.batch.send([message(1), { ...message(2), subject: undefined as unknown as string }]);
    assert.equal(badInBatch.error!.statusCode, 422);
    assert.match(badInBatch.error!.message, /emails\[1\]: Missing `subject` field/);
    assert.equal(fake.emails.length, 0, "a strict batch with one bad message sends none");
  });

  test("a permissive batch sends the good ones and lists the errors", async () => {
    const { data, error } = await resend.batch.send([message(1), { ...message(2), to: "nope" }, message(3)], {
      batchValidation: "permissive",
    });
    assert.equal(error, null);
    assert.equal(data!.data.length, 2);
    assert.deepEqual(
      data!.errors.map((e) => e.index),
      [1],
    );
    assert.equal(fake.emails.length, 2);
  });

  test("a wrong or missing API key is refused", async () => {
    const wrong = new Resend("re_wrong_key");
    const { error } = await wrong.emails.send(message());
    assert.equal(error!.statusCode, 403);
    assert.equal(error!.name, "invalid_api_key");

    const res = await fetch(`${fake.url}/emails`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(message()),
    });
    assert.equal(res.status, 401);
    assert.deepEqual(Object.keys(await res.json()).sort(), ["message", "name", "statusCode"]);
    assert.equal(fake.emails.length, 0);
  });

  test("an idempotency key replay returns the same id and delivers once", async () => {
    const first = await resend.emails.send(message(7), { idempotencyKey: "results/nomination-7/recipient-1" });
    const second = await resend.emails.send(message(7), { idempotencyKey: "results/nomination-7/recipient-1" });
    assert.equal(first.error, null);
    assert.equal(second.error, null);
    assert.equal(second.data!.id, first.data!.id);
    assert.equal(fake.emails.length, 1);
    assert.equal(fake.requests.length, 2);
    assert.equal(fake.requests[1]!.replayed, true);
    assert.deepEqual(fake.requests[1]!.deliveredIds, []);
    assert.equal(fake.requests[0]!.headers.idempotencyKey, "results/nomination-7/recipient-1");

    const changed = await resend.emails.send(message(8), { idempotencyKey: "results/nomination-7/recipient-1" });
    assert.equal(changed.error!.statusCode, 409);
    assert.equal(changed.error!.name, "invalid_idempotent_request");
    assert.equal(fake.emails.length, 1);
  });

  test("a batch idempotency key replays the whole batch answer", async () => {
    const batch = [message(1), message(2)];
    const first = await resend.batch.send(batch, { idempotencyKey: "batch-1" });
    const again = await resend.batch.send(batch, { idempotencyKey: "batch-1" });
    assert.deepEqual(again.data, first.data);
    assert.equal(fake.emails.length, 2);
  });

  test("an idempotency key longer than 256 characters is refused", async () => {
    const { error } = await resend.emails.send(message(), { idempotencyKey: "k".repeat(257) });
    assert.equal(error!.statusCode, 400);
    assert.equal(error!.name, "invalid_idempotency_key");
  });

  test("a refused request does not use up its idempotency key", async () => {
    const bad = await resend.emails.send({ ...message(), to: "nope" }, { idempotencyKey: "fix-me" });
    assert.equal(bad.error!.statusCode, 422);
    const good = await resend.emails.send(message(), { idempotencyKey: "fix-me" });
    assert.equal(good.error, null);
    assert.equal(fake.emails.length, 1);
  });

  test("429 mode: answered with 429 and Retry-After, then succeeds", async () => {
    fake.setMode({ kind: "status", status: 429, times: 2, retryAfter: 1 });
    const a = await resend.emails.send(message(), { idempotencyKey: "retry-me" });
    const b = await resend.emails.send(message(), { idempotencyKey: "retry-me" });
    assert.equal(a.error!.statusCode, 429);
    assert.equal(a.error!.name, "rate_limit_exceeded");
    assert.equal(a.headers!["retry-after"], "1");
    assert.equal(b.error!.statusCode, 429);
    assert.equal(fake.emails.length, 0);
    const c = await resend.emails.send(message(), { idempotencyKey: "retry-me" });
    assert.equal(c.error, null);
    assert.equal(fake.emails.length, 1);
    assert.deepEqual(
      fake.requests.map((r) => r.status),
      [429, 429, 200],
    );
  });

  test("500 and 503 modes", async () => {
    fake.setMode({ kind: "status", status: 500, times: 1 });
    const a = await resend.emails.send(message());
    assert.equal(a.error!.statusCode, 500);
    fake.setMode({ kind: "status", status: 503 });
    const b = await resend.batch.send([message()]);
    const c = await resend.batch.send([message()]);
    assert.equal(b.error!.statusCode, 503);
    assert.equal(c.error!.statusCode, 503, "without `times`, every request");
    assert.equal(fake.emails.length, 0);
  });

  test("hang mode never answers: the caller gives up, nothing is delivered", async () => {
    fake.setMode({ kind: "hang", times: 1 });
    const { error } = await resend.emails.send(message(), { signal: AbortSignal.timeout(200) });
    assert.equal(error!.statusCode, null);
    assert.equal(fake.requests[0]!.status, null);
    assert.equal(fake.emails.length, 0);
    const retry = await resend.emails.send(message());
    assert.equal(retry.error, null, "after `times`, requests are answered again");
  });

  test("hang after accept: delivered but unanswered; a retry with the same key replays, no second delivery", async () => {
    fake.setMode({ kind: "hang", times: 1, afterAccept: true });
    const lost = await resend.emails.send(message(), { idempotencyKey: "lost-answer", signal: AbortSignal.timeout(200) });
    assert.equal(lost.error!.statusCode, null);
    assert.equal(fake.emails.length, 1);
    const retry = await resend.emails.send(message(), { idempotencyKey: "lost-answer" });
    assert.equal(retry.data!.id, fake.emails[0]!.id);
    assert.equal(fake.emails.length, 1);
  });

  test("delay mode: a second request with the same key while the first is in progress gets 409", async () => {
    fake.setMode({ kind: "delay", ms: 300 });
    const first = resend.emails.send(message(), { idempotencyKey: "slow" });
    await new Promise((r) => setTimeout(r, 50));
    const second = await resend.emails.send(message(), { idempotencyKey: "slow" });
    assert.equal(second.error!.statusCode, 409);
    assert.equal(second.error!.name, "concurrent_idempotent_requests");
    const done = await first;
    assert.equal(done.error, null);
    assert.equal(fake.emails.length, 1);
  });

  test("unknown paths and methods", async () => {
    const res = await fetch(`${fake.url}/domains`, { headers: { authorization: `Bearer ${fake.apiKey}` } });
    assert.equal(res.status, 404);
    const get = await fetch(`${fake.url}/emails`, { headers: { authorization: `Bearer ${fake.apiKey}` } });
    assert.equal(get.status, 405);
  });
});

describe("fake Resend as its own process", () => {
  test("prints its address, logs deliveries to a file and takes mode changes", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-resend-"));
    const log = path.join(dir, "deliveries.jsonl");
    const child = spawn(process.execPath, ["--import", "tsx", path.resolve("tests/support/fake-resend-cli.ts"), "0", "--log", log], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      const lines = createInterface({ input: child.stdout! });
      const [first] = (await once(lines, "line")) as [string];
      const info = JSON.parse(first) as { url: string; port: number; apiKey: string };
      assert.match(info.url, /^http:\/\/127\.0\.0\.1:\d+$/);

      process.env.RESEND_BASE_URL = info.url;
      const resend = new Resend(info.apiKey);
      const sent = await resend.batch.send([message(1), message(2), message(3)]);
      assert.equal(sent.error, null);

      const logged = fs
        .readFileSync(log, "utf8")
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { id: string; to: string[] });
      assert.deepEqual(
        logged.map((e) => e.id),
        sent.data!.data.map((d) => d.id),
      );

      const set = await fetch(`${info.url}/__fake/mode`, { method: "POST", body: JSON.stringify({ kind: "status", status: 429, times: 1 }) });
      assert.equal(set.status, 200);
      const limited = await resend.emails.send(message(4));
      assert.equal(limited.error!.statusCode, 429);
      const listed = (await (await fetch(`${info.url}/__fake/emails`)).json()) as unknown[];
      assert.equal(listed.length, 3);
    } finally {
      child.kill("SIGTERM");
      if (child.exitCode === null) await once(child, "exit");
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
