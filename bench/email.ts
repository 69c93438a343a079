/**
 * The email figures, on an outbox of its own (bench/data/email.db):
 *
 * - ms and api_calls: 1,000 results emails (template results-commendation) queued in the
 *   outbox, then ONE deliverQueued through the real Resend transport (resendTransport, the
 *   resend SDK) pointed at the fake Resend (tests/support/fake-resend.ts, no added latency,
 *   in this process): the time deliverQueued takes, and the requests the fake received.
 *   Between runs the same 1,000 rows are put back to `queued` and a fresh fake is started.
 * - duplicates_after_crash (and missing_after_crash): the crash test's scenario
 *   (tests/integration/send-crash.test.ts) over the same 1,000 messages: the fake as its
 *   own process logging every accepted message to a file (tests/support/fake-resend-cli.ts),
 *   the sender as its own process (tests/support/send-worker.ts). Once the sender has sent
 *   300, the fake is told to accept the next call and never answer it; while that call is
 *   in flight the sender is killed with SIGKILL, the fake goes back to normal, and a new
 *   sender finishes the job. Then every recipient delivered more than once is a duplicate
 *   (expected 0) and every message never delivered is missing (expected 0).
 *
 * Queueing is not timed. The messages are rendered the way queueEmail renders them
 * (renderEmail), but only 10 distinct renders are made (10 nominations) and each of the
 * 1,000 rows gets its own recipient name and address written into that HTML and text:
 * rendering 1,000 react-email templates would add a minute to the run and measures nothing
 * this figure is about.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { createPrismaClient, type Db } from "~/db/client.server";
import { env } from "~/env.server";
import { deliverQueued } from "~/mail/outbox.server";
import { previewProps, renderEmail } from "~/mail/templates.server";
import { resendTransport } from "~/mail/transport.server";
import { generateLargeCycle } from "../tests/support/large-cycle";
import { startFakeResend, type AcceptedEmail, type RecordedRequest } from "../tests/support/fake-resend";
import { median } from "./aggregation";
import { DATA, EMAIL_DB_FILE, ROOT } from "./env";
import { waitFor } from "../tests/support/wait";

export const EMAILS = 1000;

export type EmailFigure = {
  ms: number;
  api_calls: number;
  duplicates_after_crash: number;
  missing_after_crash: number;
  runs: number;
  runs_ms: number[];
  messages: number;
  crash: { delivered_before_kill: number; calls_before_kill: number; replayed_calls: number; sender_exit: string };
};

const FIRST = [
  "Amrit",
  "Beverley",
  "Carl",
  "Delroy",
  "Eileen",
  "Fatima",
  "Gareth",
  "Hannah",
  "Imran",
  "Joan",
  "Kwame",
  "Linda",
  "Mohammed",
  "Nora",
  "Owen",
  "Priya",
  "Rob",
  "Siobhan",
  "Tom",
  "Yasmin",
];
const LAST = [
  "Allison",
  "Begum",
  "Clarke",
  "Davies",
  "Evans",
  "Francis",
  "Gill",
  "Hughes",
  "Iqbal",
  "Jones",
  "Khan",
  "Lewis",
  "Morgan",
  "Nolan",
  "Okafor",
  "Patel",
  "Roberts",
  "Singh",
  "Thomas",
  "Walker",
];
const TITLES = [
  "Caring for Carers",
  "Foleshill Community Transport",
  "Safer Streets in Hillfields",
  "Warm Homes, Healthy People",
  "Refugee Welcome Partnership",
  "Youth Voice on the Estate",
  "Food Bank Referral Network",
  "Digital Inclusion for Older People",
  "Faith Groups and Winter Shelter",
  "Volunteering into Work",
];
const MARKER = "Zzrecipientmarker Qqname";

async function queueMessages(db: Db, cycleId: string) {
  const base = previewProps("results-commendation");
  const renders: { subject: string; html: string; text: string }[] = [];
  for (const [v, title] of TITLES.entries()) {
    const props = { ...base, recipientName: MARKER, nominationTitle: title, partners: [...base.partners.slice(0, 2 + (v % 3)), `${title} Steering Group`] };
    renders.push(await renderEmail("results-commendation", props));
  }
  const rows = Array.from({ length: EMAILS }, (_, i) => {
    const r = renders[i % renders.length];
    const name = `${FIRST[i % FIRST.length]} ${LAST[Math.floor(i / FIRST.length) % LAST.length]}`;
    return {
      toEmail: `contact${i}@partner${i % 97}.example.org`,
      toName: name,
      fromEmail: env.mailFrom,
      template: "results-commendation",
      subject: r.subject,
      html: r.html.split(MARKER).join(name),
      text: r.text.split(MARKER).join(name),
      idempotencyKey: `bench-results:${cycleId}:${i}`,
      cycleId,
      transport: "resend",
    };
  });
  await db.emailMessage.createMany({ data: rows });
}

async function requeue(db: Db, cycleId: string) {
  await db.emailMessage.updateMany({
    where: { cycleId },
    data: { status: "queued", batchKey: null, providerId: null, sentAt: null, attempts: 0, lastError: null, nextAttemptAt: null },
  });
}

const addressOf = (to: string) => (/<([^>]+)>$/.exec(to)?.[1] ?? to).toLowerCase();

type Child = { child: ReturnType<typeof spawn>; lines: unknown[]; exited: Promise<{ code: number | null; signal: string | null }>; stderr: () => string };

function spawnTsx(script: string, args: string[], extraEnv: Record<string, string>): Child {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, script), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-8000)));
  const lines: unknown[] = [];
  createInterface({ input: child.stdout! }).on("line", (line) => {
    try {
      lines.push(JSON.parse(line));
    } catch {
      lines.push(line);
    }
  });
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  return { child, lines, exited, stderr: () => stderr };
}

async function crashScenario(db: Db, cycleId: string) {
  await requeue(db, cycleId);
  const log = path.join(DATA, "crash-deliveries.jsonl");
  fs.rmSync(log, { force: true });
  const fake = spawnTsx("tests/support/fake-resend-cli.ts", ["--log", log], {});
  const children = [fake];
  try {
    const address = await waitFor(
      () => fake.lines.find((l): l is { url: string; apiKey: string } => typeof l === "object" && l !== null && "url" in l),
      `the fake Resend to listen (${fake.stderr()})`,
    );
    const setMode = async (mode: object) => {
      const res = await fetch(`${address.url}/__fake/mode`, { method: "POST", body: JSON.stringify(mode) });
      if (res.status !== 200) throw new Error(`The fake refused mode ${JSON.stringify(mode)}: ${res.status}`);
    };
    const requests = async () => (await (await fetch(`${address.url}/__fake/requests`)).json()) as RecordedRequest[];
    const workerEnv = {
      DATABASE_URL: `file:${EMAIL_DB_FILE}`,
      RESEND_API_KEY: address.apiKey,
      RESEND_BASE_URL: address.url,
      MAIL_CALL_TIMEOUT_MS: "120000",
    };

    // 1. A sender runs; after 300 sent, the next call is accepted and never answered; kill -9 it then.
    const first = spawnTsx("tests/support/send-worker.ts", [cycleId], workerEnv);
    children.push(first);
    await waitFor(
      () => first.lines.some((l) => typeof l === "object" && l !== null && "progress" in l && (l as { progress: { sent: number } }).progress.sent >= 300),
      `the first sender to send 300 (${first.stderr()})`,
    );
    await setMode({ kind: "hang", times: 1, afterAccept: true });
    const hung = await waitFor(async () => (await requests()).find((r) => r.status === null && r.path.startsWith("/emails")), "a call to hang", 60_000, 100);
    first.child.kill("SIGKILL");
    const killed = await first.exited;
    const before = await requests();
    const deliveredBeforeKill = fs.existsSync(log) ? fs.readFileSync(log, "utf8").split("\n").filter(Boolean).length : 0;

    // 2. Back to normal; a new sender finishes the job.
    await setMode({ kind: "ok" });
    const second = spawnTsx("tests/support/send-worker.ts", [cycleId], workerEnv);
    children.push(second);
    const done = await Promise.race([second.exited, new Promise<null>((r) => setTimeout(() => r(null), 120_000))]);
    if (!done || done.code !== 0) throw new Error(`The restarted sender did not finish (${JSON.stringify(done)}): ${second.stderr()}`);
    const after = await requests();

    const delivered = fs
      .readFileSync(log, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as AcceptedEmail);
    const counts = new Map<string, number>();
    for (const e of delivered) for (const to of e.to) counts.set(addressOf(to), (counts.get(addressOf(to)) ?? 0) + 1);
    const expected = await db.emailMessage.findMany({ where: { cycleId }, select: { toEmail: true, status: true } });
    const duplicates = [...counts.values()].reduce((n, c) => n + Math.max(0, c - 1), 0);
    const missing = expected.filter((m) => !counts.has(m.toEmail.toLowerCase())).length;
    const notSent = expected.filter((m) => m.status !== "sent").length;
    if (notSent > 0) throw new Error(`${notSent} messages are not marked sent after the restart`);
    return {
      duplicates,
      missing,
      crash: {
        delivered_before_kill: deliveredBeforeKill,
        calls_before_kill: before.length,
        replayed_calls: after.filter((r) => r.replayed).length,
        sender_exit: `${killed.signal ?? killed.code} while call ${hung.index + 1} (${hung.path}) was in flight`,
      },
    };
  } finally {
    for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill("SIGKILL");
  }
}

export async function benchEmail(runs: number, log: (line: string) => void): Promise<EmailFigure> {
  const db = createPrismaClient(`file:${EMAIL_DB_FILE}`);
  try {
    const cycle = await generateLargeCycle(`file:${EMAIL_DB_FILE}`, { nominations: 1, judges: 1, criteria: 1, categories: 1, slug: "bench-email" });
    await queueMessages(db, cycle.cycleId);

    const runsMs: number[] = [];
    const calls: number[] = [];
    for (let i = 0; i < runs; i++) {
      await requeue(db, cycle.cycleId);
      const fake = await startFakeResend();
      try {
        process.env.RESEND_BASE_URL = fake.url; // read by the SDK when the transport's client is made
        const transport = resendTransport(fake.apiKey);
        const started = performance.now();
        const totals = await deliverQueued(db, { cycleId: cycle.cycleId }, { transport });
        const ms = performance.now() - started;
        if (totals.sent !== EMAILS || totals.failed !== 0) throw new Error(`deliverQueued sent ${totals.sent} and failed ${totals.failed} of ${EMAILS}`);
        if (fake.emails.length !== EMAILS) throw new Error(`The fake Resend accepted ${fake.emails.length} messages, not ${EMAILS}`);
        runsMs.push(ms);
        calls.push(fake.requests.length);
        log(`    run ${i + 1}/${runs}: ${Math.round(ms)} ms, ${fake.requests.length} API calls`);
      } finally {
        delete process.env.RESEND_BASE_URL;
        await fake.close();
      }
    }

    const crash = await crashScenario(db, cycle.cycleId);
    log(
      `    crash: ${crash.crash.sender_exit}; ${crash.crash.delivered_before_kill} delivered before the kill; duplicates ${crash.duplicates}, missing ${crash.missing}`,
    );
    return {
      ms: median(runsMs),
      api_calls: median(calls),
      duplicates_after_crash: crash.duplicates,
      missing_after_crash: crash.missing,
      runs,
      runs_ms: runsMs,
      messages: EMAILS,
      crash: crash.crash,
    };
  } finally {
    await db.$disconnect();
  }
}
