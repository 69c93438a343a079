/**
 * "Sending 1,000 results through the queue" (issue 13), on PostgreSQL, with one and with two app
 * processes: a cycle of 500 decided nominations with two partner contacts each (1,000 results
 * emails), its organiser presses Send on the first server (the page's own POST), and the clock
 * runs until the fake Resend (tests/support/fake-resend.ts, no added latency, in this process)
 * has accepted all 1,000. The press records the send and enqueues its job in one transaction;
 * whichever server pg-boss hands the job to renders every email (react-email), stores it in the
 * outbox and delivers it in batches of 100.
 *
 * Figures: press_ms (the POST's answer), stored_ms (all 1,000 in the outbox), ms (all 1,000
 * accepted by the fake), api_calls, duplicates and missing (expected 0), and which server ran
 * the job. One send is one job, so a second process does not share the rendering: the
 * two-process figure shows what a second server costs or saves (pg-boss's polling, the pool),
 * not a speed-up.
 */
import path from "node:path";
import type { Db } from "~/db/client.server";
import { makeCampaignCycle } from "../tests/support/campaign-fixtures";
import { startFakeResend } from "../tests/support/fake-resend";
import { startServer, type RunningServer } from "./app-server";
import { DATA } from "./env";
import { request } from "./http";
import { signIn } from "./scenarios";

export const QUEUE_SEND_EMAILS = 1000;

export type QueueSendFigure = {
  processes: number;
  emails: number;
  press_ms: number;
  stored_ms: number;
  ms: number;
  api_calls: number;
  duplicates: number;
  missing: number;
  /** the server (1-based, in start order) whose job carried the send out */
  sent_by: number[];
  startup_ms: number[];
};

const addressOf = (to: string) => (/<([^>]+)>$/.exec(to)?.[1] ?? to).toLowerCase();

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number, state: () => Promise<string>) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}: ${await state()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function benchQueueSend(options: { url: string; db: Db; processes: number; log: (line: string) => void }): Promise<QueueSendFigure> {
  const { url, db, processes, log } = options;
  const slug = `queue-send-${processes}`;
  const fixture = await makeCampaignCycle(db, { slug, nominations: QUEUE_SEND_EMAILS / 2, partnersPer: 2 });
  if (fixture.expectedResults.length !== QUEUE_SEND_EMAILS)
    throw new Error(`expected ${QUEUE_SEND_EMAILS} results emails, planned ${fixture.expectedResults.length}`);
  const fake = await startFakeResend();
  const servers: RunningServer[] = [];
  try {
    for (let i = 0; i < processes; i++) {
      servers.push(
        await startServer({
          env: {
            DATABASE_URL: url,
            RESEND_API_KEY: fake.apiKey,
            RESEND_BASE_URL: fake.url,
            LOCAL_MAILBOX: "",
            INSTANCES: String(processes),
            // The bench's servers share one folder on one machine, as a deployment's share one store.
            UPLOADS_DIR: path.join(DATA, "uploads"),
            SHARED_UPLOADS: "1",
          },
        }),
      );
    }
    const first = servers[0].origin;
    const cookie = await signIn(first, `organiser@${slug}.example.org`, db);
    const started = performance.now();
    const pressed = await request(`${first}/admin/cycles/${slug}/emails?kind=results`, {
      method: "POST",
      headers: { Origin: first, Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "send", kind: "results", count: String(QUEUE_SEND_EMAILS) }).toString(),
    });
    const pressMs = performance.now() - started;
    if (pressed.status !== 302) throw new Error(`Send answered ${pressed.status}:\n${pressed.text().slice(0, 2000)}`);
    let storedMs = 0;
    const accepted = () => fake.emails.filter((e) => e.subject).length;
    await until(
      "all 1,000 emails to be stored and accepted",
      async () => {
        if (!storedMs && (await db.emailMessage.count({ where: { cycleId: fixture.cycleId } })) >= QUEUE_SEND_EMAILS) storedMs = performance.now() - started;
        return accepted() >= QUEUE_SEND_EMAILS;
      },
      300_000,
      async () => {
        const byStatus = await db.emailMessage.groupBy({ by: ["status"], where: { cycleId: fixture.cycleId }, _count: true });
        const sends = await db.campaignSend.findMany({ where: { cycleId: fixture.cycleId } });
        return `${accepted()} accepted; outbox ${JSON.stringify(byStatus.map((s) => [s.status, s._count]))}; sends ${JSON.stringify(sends)}; servers' output:\n${servers.map((s) => s.output().slice(-3000)).join("\n---\n")}`;
      },
    );
    const ms = performance.now() - started;
    if (!storedMs) storedMs = ms;
    // A moment more: nothing else may arrive.
    await new Promise((r) => setTimeout(r, 500));
    const counts = new Map<string, number>();
    for (const e of fake.emails) counts.set(addressOf(e.to[0]), (counts.get(addressOf(e.to[0])) ?? 0) + 1);
    const wanted = new Set(fixture.expectedResults.map((r) => r.email.toLowerCase()));
    const duplicates = [...counts.values()].reduce((n, c) => n + Math.max(0, c - 1), 0);
    const missing = [...wanted].filter((email) => !counts.has(email)).length;
    // A server's instance id carries its pid (app/env.server.ts): the send's last holder is the one that finished it.
    const holders = (await db.campaignSend.findMany({ where: { cycleId: fixture.cycleId }, select: { leaseHolder: true } })).map(
      (s) => s.leaseHolder?.split(":")[1],
    );
    const sentBy = servers.flatMap((s, i) => (holders.includes(String(s.pid)) ? [i + 1] : []));
    const figure: QueueSendFigure = {
      processes,
      emails: QUEUE_SEND_EMAILS,
      press_ms: Math.round(pressMs),
      stored_ms: Math.round(storedMs),
      ms: Math.round(ms),
      api_calls: fake.requests.filter((r) => r.path.startsWith("/emails")).length,
      duplicates,
      missing,
      sent_by: sentBy,
      startup_ms: servers.map((s) => Math.round(s.startupMs)),
    };
    log(
      `  queue send, ${processes} process(es): ${figure.ms.toLocaleString("en-GB")} ms for ${QUEUE_SEND_EMAILS.toLocaleString("en-GB")} emails (press ${figure.press_ms} ms, all stored at ${figure.stored_ms.toLocaleString("en-GB")} ms), ${figure.api_calls} API calls, ${duplicates} duplicates, ${missing} missing`,
    );
    return figure;
  } finally {
    for (const server of servers) await server.stop();
    await fake.close();
  }
}
