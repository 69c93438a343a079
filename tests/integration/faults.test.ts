/**
 * Faults: the whole server (server.ts on the production build) killed with SIGKILL in the
 * middle of work, then started again on the same database and data folder.
 *
 * a) Mid results send: an organiser sends the results over HTTP; the fake Resend (its own
 *    process, logging every delivery to a file) takes the first batch of 100 and never
 *    answers; the server is killed while that call is in flight. On restart the outbox is
 *    resumed: every results email is delivered exactly once, none is missing, and the cycle
 *    records that its results were sent.
 * b) Mid booklet generation: the organiser asks for the case-study booklet (and the public
 *    asks for the PDF); the server is killed while it is being made. Nothing partial is left
 *    under a stored name or pointed at by an Artefact row, and after the restart the booklet
 *    served is a complete, valid PDF.
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
import sharp from "sharp";
import { seedDemo } from "~/demo/seed.server";
import { loadAwards } from "~/results/published.server";
import { makeCampaignCycle } from "../support/campaign-fixtures";
import type { AcceptedEmail, FakeResendMode, RecordedRequest } from "../support/fake-resend";
import { dataPath, fetchLoaderData, loaderDataOf, readData } from "../support/single-fetch";
import { sessionCookieFor, startAppServer, type AppServer } from "../support/app-server";
import { pageCount, pdfInfo, pdfText, normalise, writeTemp } from "../support/pdf-tools";
import { waitFor } from "../support/wait";

const children = new Set<ChildProcess>();
const servers = new Set<AppServer>();

after(async () => {
  for (const server of servers) await server.stop("SIGKILL");
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await prisma.$disconnect();
});

async function start(env: Record<string, string>) {
  const server = await startAppServer({ databaseUrl: testDatabase.url, env });
  servers.add(server);
  return server;
}

async function kill9(server: AppServer) {
  await server.stop("SIGKILL");
  assert.equal(server.process.signalCode, "SIGKILL", "the server was killed with SIGKILL");
}

async function startFakeResend(log: string, mode: FakeResendMode) {
  const child = spawn(process.execPath, ["--import", "tsx", "tests/support/fake-resend-cli.ts", "--log", log, "--mode", JSON.stringify(mode)], {
    cwd: process.cwd(),
    env: process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let stderr = "";
  child.stderr!.on("data", (c: Buffer) => (stderr += c.toString()));
  const lines: unknown[] = [];
  createInterface({ input: child.stdout! }).on("line", (line) => {
    try {
      lines.push(JSON.parse(line));
    } catch {
      lines.push(line);
    }
  });
  const address = await waitFor(() => {
    if (child.exitCode !== null) throw new Error(`the fake Resend exited: ${stderr}`);
    return lines.find((l): l is { url: string; apiKey: string } => typeof l === "object" && l !== null && "url" in l);
  }, "the fake Resend to listen");
  return {
    ...address,
    requests: async () => (await (await fetch(`${address.url}/__fake/requests`)).json()) as RecordedRequest[],
    setMode: async (next: FakeResendMode) => {
      const res = await fetch(`${address.url}/__fake/mode`, { method: "POST", body: JSON.stringify(next) });
      assert.equal(res.status, 200);
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await once(child, "exit");
    },
  };
}

function readLog(file: string): AcceptedEmail[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as AcceptedEmail);
}

const addressOf = (to: string) => (/<([^>]+)>$/.exec(to)?.[1] ?? to).toLowerCase();

test("kill -9 mid results send: after the restart every results email is delivered exactly once", { timeout: 180_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "compact-awards-faults-mail-"));
  const log = path.join(dir, "deliveries.jsonl");
  // 110 decided nominations with 2 contacts each: 220 results emails, batches of 100, 100 and 20.
  const f = await makeCampaignCycle(prisma, { slug: "faults-mail", nominations: 110, partnersPer: 2, sharedContact: true });
  const expected = f.expectedResults.length;
  assert.equal(expected, 220);

  // Resend takes the first batch (delivers it) and never answers.
  const fake = await startFakeResend(log, { kind: "hang", times: 1, afterAccept: true });
  const env = { RESEND_API_KEY: fake.apiKey, RESEND_BASE_URL: fake.url, MAIL_CALL_TIMEOUT_MS: "5000", LOCAL_MAILBOX: "" };
  const first = await start(env);
  const organiser = await sessionCookieFor(prisma, first, `organiser@faults-mail.example.org`);
  const emailsPage = `${first.url}/admin/cycles/faults-mail/emails?kind=results`;

  // The organiser checks the list, then sends (the page's "Yes, send 220 emails").
  const page = await fetchLoaderData<{ selected: { pending: number; recipients: unknown[] } }>(
    first.url,
    "/admin/cycles/faults-mail/emails?kind=results",
    "routes/admin.cycles.$slug.emails",
    { headers: { Cookie: organiser } },
  );
  assert.equal(page.selected.pending, expected);
  const sent = await fetch(emailsPage, {
    method: "POST",
    redirect: "manual",
    headers: { Cookie: organiser, Origin: first.url, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ intent: "send", kind: "results", count: String(page.selected.pending) }),
  });
  assert.equal(sent.status, 302, `sending was accepted: ${await sent.text()}`);

  // The first batch is in Resend's hands (delivered), its answer never comes: kill -9 now.
  const inFlight = await waitFor(async () => {
    const requests = await fake.requests();
    return requests.find((r) => r.path === "/emails/batch" && r.status === null);
  }, "the first batch call to be in flight");
  await waitFor(() => readLog(log).length >= 100, "the first batch to be delivered");
  await kill9(first);

  const afterCrash = await prisma.emailMessage.findMany({ where: { cycleId: f.cycleId } });
  assert.equal(afterCrash.length, expected, "every results email was in the outbox before the crash");
  const sending = afterCrash.filter((m) => m.status === "sending");
  assert.equal(sending.length, 100, "the batch in flight is left claimed");
  assert.ok(
    sending.every((m) => m.batchKey === inFlight.idempotencyKey),
    "claimed under the key of the call in flight",
  );
  assert.equal(afterCrash.filter((m) => m.status === "queued").length, expected - 100, "the later batches were never started");
  assert.equal(readLog(log).length, 100, "only the first batch was delivered before the crash");

  // Resend is well again; the server starts on the same database and resumes the outbox.
  await fake.setMode({ kind: "ok" });
  const second = await start(env);
  await waitFor(
    async () => (await prisma.emailMessage.count({ where: { cycleId: f.cycleId, status: "sent" } })) === expected,
    "every results email to be sent after the restart",
    90_000,
    100,
  );
  // The resumed sender marks the results as sent once the last one has gone.
  await waitFor(
    async () => (await prisma.awardCycle.findUniqueOrThrow({ where: { id: f.cycleId } })).resultsSentAt,
    "the results to be marked as sent",
    10_000,
    100,
  );

  await second.stop("SIGTERM");

  const requests = await fake.requests();
  await fake.stop();
  const delivered = readLog(log);
  const messages = await prisma.emailMessage.findMany({ where: { cycleId: f.cycleId } });
  const failed = messages.filter((m) => m.status !== "sent");
  assert.deepEqual(
    failed.map((m) => `${m.toEmail}: ${m.status} ${m.lastError}`),
    [],
    "every results email is sent",
  );

  // Exactly once: the deliveries are the stored messages, one each, nothing else.
  assert.equal(delivered.length, expected, `${delivered.length} deliveries for ${expected} results emails`);
  assert.equal(new Set(delivered.map((e) => e.id)).size, expected, "no delivery id twice");
  const deliveredPairs = delivered.map((e) => `${addressOf(e.to[0])}|${e.subject}`).sort();
  const storedPairs = messages.map((m) => `${m.toEmail}|${m.subject}`).sort();
  assert.deepEqual(deliveredPairs, storedPairs, "each recipient got each of their emails once");
  assert.equal(new Set(storedPairs).size, expected, "no recipient got the same email twice");
  // Each stored message points at its one delivery; each per-message key once.
  const deliveryById = new Map(delivered.map((e) => [e.id, e]));
  for (const m of messages) {
    const delivery = deliveryById.get(m.providerId ?? "");
    assert.ok(delivery, `the email to ${m.toEmail} (${m.idempotencyKey}) was delivered`);
    assert.equal(addressOf(delivery.to[0]), m.toEmail);
    assert.equal(delivery.subject, m.subject);
  }
  assert.equal(new Set(messages.map((m) => m.idempotencyKey)).size, expected);
  const expectedKeys = f.expectedResults.map((r) => `${r.nominationId}|${r.email}`).sort();
  assert.deepEqual(messages.map((m) => `${m.nominationId}|${m.toEmail}`).sort(), expectedKeys, "one email per contact per decided nomination");
  // The interrupted call was repeated with its key after the restart and answered from Resend's memory.
  const withFirstKey = requests.filter((r) => r.idempotencyKey === inFlight.idempotencyKey);
  assert.ok(withFirstKey.length >= 2, "the resumed server repeated the interrupted call with the same key");
  assert.ok(
    withFirstKey.slice(1).every((r) => r.deliveredIds.length === 0),
    "the repeated call delivered nothing new",
  );
  console.log(
    `faults/mail: ${expected} results emails, ${requests.length} API calls in all, ${delivered.length} deliveries, ` +
      `${withFirstKey.length} calls with the interrupted key (${withFirstKey.filter((r) => r.replayed).length} replayed)`,
  );
});

// ---------------------------------------------------------------------------- booklet

/** Every stored file under the data folder: [path, is a temporary file]. */
function storedFiles(dataDir: string): { file: string; temporary: boolean }[] {
  const root = path.join(dataDir, "uploads");
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => ({ file: path.join(d.parentPath, d.name), temporary: d.name.startsWith(".") && d.name.endsWith(".tmp") }));
}

function isCompleteJpeg(bytes: Buffer): boolean {
  return bytes.length > 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[bytes.length - 2] === 0xff && bytes[bytes.length - 1] === 0xd9;
}

function isCompletePdf(bytes: Buffer): boolean {
  if (bytes.subarray(0, 5).toString("latin1") !== "%PDF-") return false;
  if (!/%%EOF\s*$/.test(bytes.subarray(-32).toString("latin1"))) return false;
  try {
    pdfInfo(writeTemp("check.pdf", bytes));
    return true;
  } catch {
    return false;
  }
}

/** Nothing partial under a stored name, and the Artefact row (if any) points at a complete file. */
async function assertNothingPartial(dataDir: string, cycleId: string, photoKeys: Set<string>, when: string) {
  const files = storedFiles(dataDir);
  for (const { file, temporary } of files) {
    if (temporary) continue; // an interrupted atomic write: never served, never referenced
    if (photoKeys.has(path.basename(file))) continue;
    const bytes = fs.readFileSync(file);
    // a photo's print variant, made (whole, atomically) before the booklet's layout starts
    if (isCompleteJpeg(bytes)) continue;
    assert.ok(isCompletePdf(bytes), `${when}: ${file} (${bytes.length} bytes) sits under a stored name but is not a complete PDF`);
  }
  const artefact = await prisma.artefact.findUnique({ where: { cycleId_kind: { cycleId, kind: "booklet" } } });
  if (artefact) {
    const key = artefact.storageKey.replace(/^local:/, "");
    const file = path.join(dataDir, "uploads", key.slice(0, 2), key.slice(2, 4), key);
    assert.ok(fs.existsSync(file), `${when}: the Artefact row points at ${file}, which is not there`);
    const bytes = fs.readFileSync(file);
    assert.equal(bytes.length, artefact.bytes, `${when}: the booklet file has the size its row records`);
    assert.ok(isCompletePdf(bytes), `${when}: the booklet the Artefact row points at is complete`);
  }
  return { files: files.length, temporary: files.filter((f) => f.temporary).length, artefact: !!artefact };
}

type Job = { state: string; step: string; done: number; total: number; message: string } | null;

test("kill -9 mid booklet generation: no partial booklet is kept or served; after the restart the booklet is complete", { timeout: 300_000 }, async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "compact-awards-faults-booklet-"));
  process.env.DATA_DIR = dataDir; // storage() in this process writes the photos where the server reads them
  const demo = await seedDemo(prisma);
  const cycle = await prisma.awardCycle.findUniqueOrThrow({ where: { slug: "coventry-2010" } });
  assert.ok(cycle.publishedAt, "coventry-2010 is published");
  // 200 more awards, copies of the demo's, so that making the booklet takes a few seconds
  // (several parts of 40 case studies, each reported as it is laid out): long enough for
  // the server to be killed in the middle of it, every time.
  const demoAwards = (await loadAwards(prisma, cycle.id)).awards;
  for (let i = 0; i < 200; i++) {
    const from = demoAwards[i % demoAwards.length];
    const source = await prisma.nomination.findUniqueOrThrow({ where: { id: from.nominationId }, include: { partners: true } });
    await prisma.nomination.create({
      data: {
        cycleId: cycle.id,
        categoryId: source.categoryId,
        title: `${source.title} (copy ${i + 1})`,
        summary: source.summary,
        whatHappened: source.whatHappened,
        impact: source.impact,
        howPartnersWorked: source.howPartnersWorked,
        quote: source.quote,
        principles: source.principles,
        consentToPublish: true,
        status: "eligible",
        partners: { create: source.partners.map((p) => ({ organisationId: p.organisationId, role: p.role, position: p.position })) },
        decision: { create: { outcomeTierId: from.tier.id } },
      },
    });
  }
  // A photo on every award of the demo, so the booklet prints photos too.
  const { newStorageKey, storage } = await import("~/storage/storage.server");
  const awards = demoAwards;
  const photoKeys = new Set<string>();
  for (const [i, award] of awards.entries()) {
    const bytes = await sharp({ create: { width: 2400, height: 1600, channels: 3, background: i % 2 ? "#2a7ab0" : "#b0702a" } })
      .jpeg({ quality: 90 })
      .toBuffer();
    const { key } = await storage().put(newStorageKey(), bytes, "image/jpeg");
    photoKeys.add(key);
    await prisma.attachment.create({
      data: {
        nominationId: award.nominationId,
        storageKey: key,
        storageBackend: "local",
        fileName: `photo-${i}.jpg`,
        contentType: "image/jpeg",
        size: bytes.length,
        kind: "photo",
        caption: `The partners of ${award.title}`,
        credit: "Test photographer",
        consentToPublish: true,
        width: 2400,
        height: 1600,
      },
    });
  }
  const serverTmp = fs.mkdtempSync(path.join(os.tmpdir(), "compact-awards-faults-tmp-"));
  const env = { DATA_DIR: dataDir, UPLOADTHING_TOKEN: "", TMPDIR: serverTmp };
  const artefactOf = () => prisma.artefact.findUnique({ where: { cycleId_kind: { cycleId: cycle.id, kind: "booklet" } } });

  /** The organiser presses "Make the booklet" and watches its progress; the server is killed at `when`. */
  async function generateAndKill(when: (job: NonNullable<Job>) => boolean, running?: AppServer) {
    const server = running ?? (await start(env));
    const organiser = await sessionCookieFor(prisma, server, demo.organiserEmail);
    const adminPage = `${server.url}/admin/cycles/coventry-2010/booklet`;
    const generate = fetch(adminPage, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: organiser, Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "generate" }),
    })
      .then((res) => res.status)
      .catch(() => null); // the connection dies with the server
    // A large cycle's booklet is a job (docs/decisions/0070): the answer comes once it is asked
    // for. Looking before then would show the job before it, which a restart no longer forgets.
    assert.equal(await generate, 302);
    const seen: string[] = [];
    const job = await waitFor(
      async () => {
        const res = await fetch(`${server.url}${dataPath("/admin/cycles/coventry-2010/booklet")}`, { headers: { Cookie: organiser } }).catch(() => null);
        if (!res?.ok) return null;
        const answer = await readData(res).catch(() => null);
        if (!answer) return null;
        const { job } = loaderDataOf<{ job: Job }>(answer.value, "routes/admin.cycles.$slug.booklet");
        if (job && seen.at(-1) !== job.message) seen.push(job.message);
        return job && (job.state !== "running" || when(job)) ? job : null;
      },
      "the booklet to be under way",
      120_000,
      30,
    );
    await kill9(server);
    return { job, seen, answered: await generate };
  }

  // the servers' temporary folders (where the booklet's process works) are in serverTmp, this test's own
  const renderFolders = () => fs.readdirSync(serverTmp).filter((name) => name.startsWith("compact-awards-booklet-"));

  // 1. No booklet yet. Killed while the first one is being made.
  const first = await generateAndKill((job) => job.step !== "photos" || (job.total > 0 && job.done >= job.total / 2));
  assert.equal(first.job.state, "running", `killed while making the booklet (progress seen: ${first.seen.join(" / ")})`);
  const afterFirst = await assertNothingPartial(dataDir, cycle.id, photoKeys, "after the kill during the first booklet");
  assert.equal(afterFirst.artefact, false, "no booklet row for a booklet that was never finished");

  // 2. Restarted: the booklet is made from scratch and served complete.
  const second = await start(env);
  const madeIn = Date.now();
  const made = await fetchBooklet(second);
  const makeMs = Date.now() - madeIn;
  const stored = await artefactOf();
  assert.ok(stored, "the booklet is stored");
  assert.equal(made.pages, stored.pages);

  // 3. The introduction changes, so the booklet must be made again. Killed half-way through
  // laying out its case studies: the previous booklet, its file and its row, are untouched,
  // and it is what the stored row still serves.
  await prisma.awardCycle.update({ where: { id: cycle.id }, data: { bookletIntro: "Second edition: made again after the server was killed." } });
  const third = await generateAndKill((job) => job.step === "layout" && job.done < job.total, second);
  assert.equal(third.job.state, "running", `killed while remaking the booklet (progress seen: ${third.seen.join(" / ")})`);
  const afterThird = await artefactOf();
  // the booklet's own process saw the server go and removed the folder it was working in
  await waitFor(async () => renderFolders().length === 0 || null, "the render's temporary folder to be removed", 30_000, 100);
  assert.equal(afterThird?.storageKey, stored.storageKey, "the row still points at the previous booklet");
  assert.equal(afterThird?.inputHash, stored.inputHash);
  const key = stored.storageKey.replace(/^local:/, "");
  assert.ok(fs.readFileSync(path.join(dataDir, "uploads", key.slice(0, 2), key.slice(2, 4), key)).equals(made.pdf), "the previous booklet, byte for byte");
  await assertNothingPartial(dataDir, cycle.id, photoKeys, "after the kill while remaking the booklet");

  // 4. Restarted again: the booklet served is the new one, complete and valid.
  const last = await start(env);
  const final = await fetchBooklet(last);
  assert.match(final.text, /Second edition: made again after the server was killed\./, "the booklet served is the current one");
  const artefact = await artefactOf();
  assert.ok(artefact);
  assert.equal(final.pages, artefact.pages, "pdfinfo counts the pages the booklet was made with");
  assert.equal(final.pdf.length, artefact.bytes);
  await assertNothingPartial(dataDir, cycle.id, photoKeys, "after the restart");
  // A second request is served from the stored file, byte for byte.
  const again = Buffer.from(await (await fetch(`${last.url}/cycles/coventry-2010/booklet.pdf`)).arrayBuffer());
  assert.ok(again.equals(final.pdf), "the stored booklet is served as made");
  await last.stop("SIGTERM");
  console.log(
    `faults/booklet: killed at "${first.job.message}" (${first.job.step}), then at "${third.job.message}" (${third.job.step}, ${third.job.state}); ` +
      `made from scratch in ${makeMs} ms: ${final.pages} pages, ${final.pdf.length} bytes`,
  );

  async function fetchBooklet(server: AppServer) {
    const res = await waitFor(
      async () => {
        const r = await fetch(`${server.url}/cycles/coventry-2010/booklet.pdf`);
        return r.status === 503 ? null : r;
      },
      "the booklet",
      120_000,
      500,
    );
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/pdf");
    const pdf = Buffer.from(await res.arrayBuffer());
    assert.equal(Number(res.headers.get("content-length")), pdf.length);
    assert.equal(pdf.subarray(0, 5).toString("latin1"), "%PDF-");
    assert.match(pdf.subarray(-32).toString("latin1"), /%%EOF\s*$/, "the PDF ends with %%EOF");
    const file = writeTemp("booklet.pdf", pdf);
    const pages = pageCount(file);
    assert.ok(pages > awards.length, `a page or more per case study (${pages} pages, ${awards.length} awards)`);
    const text = normalise(pdfText(file));
    for (const award of awards) assert.ok(text.includes(normalise(award.title)), `the booklet has "${award.title}"`);
    assert.ok(text.includes("(copy 200)"), "and the copies");
    assert.equal(pdfInfo(file).Tagged, "yes");
    return { pdf, pages, text };
  }
});
