/**
 * Issue 19, item 9: a send the server was killed in the middle of resumes by itself when the
 * server starts again, without anyone pressing Send, and every email goes exactly once.
 *
 * The real server (tests/support/app-server.ts, the production build) sends through the real
 * `resend` SDK to the fake Resend in this process. The organiser presses Send over HTTP; the
 * server is killed (SIGKILL) while it is still storing the campaign's emails, started again,
 * and the fake counts what arrives.
 */
import "../support/test-env";
import { testDatabase } from "../support/test-env";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { prisma } from "~/db/client.server";
import { makeCampaignCycle } from "../support/campaign-fixtures";
import { sessionCookieFor, startAppServer, type AppServer } from "../support/app-server";
import { startFakeResend, type FakeResend } from "../support/fake-resend";
import { waitFor } from "../support/wait";

let fake: FakeResend;
const servers: AppServer[] = [];

before(async () => {
  fake = await startFakeResend();
});

after(async () => {
  for (const server of servers) await server.stop("SIGKILL");
  await fake?.close();
  await prisma.$disconnect();
});

const addressOf = (to: string) => (/<([^>]+)>$/.exec(to)?.[1] ?? to).toLowerCase();

async function start(port?: number) {
  const server = await startAppServer({
    databaseUrl: testDatabase.url,
    port,
    env: { RESEND_API_KEY: fake.apiKey, RESEND_BASE_URL: fake.url, LOCAL_MAILBOX: "", MAIL_SENDER_INTERVAL_MS: "200" },
  });
  servers.push(server);
  return server;
}

describe("issue 19, item 9: sending resumes by itself after a restart", () => {
  it("issue 19, item 9: killed mid-send and started again WITHOUT pressing Send: every email arrives exactly once", async () => {
    // 150 nominations, 2 contacts each: 300 emails, so storing them takes long enough to be killed in the middle of.
    const f = await makeCampaignCycle(prisma, { slug: "resume", nominations: 150, partnersPer: 2 });
    const expected = f.expectedResults.length;
    assert.equal(expected, 300);
    const first = await start();
    const cookie = await sessionCookieFor(prisma, first, `organiser@${f.slug}.example.org`);
    const page = `${first.url}/admin/cycles/${f.slug}/emails?kind=results`;

    // The organiser presses Send once.
    const answer = await fetch(page, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: cookie, Origin: first.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "send", kind: "results", count: String(expected) }),
    });
    assert.equal(answer.status, 302, await answer.text());

    // Killed while it is still storing the emails: some are in the outbox, the rest not yet.
    await waitFor(async () => (await prisma.emailMessage.count({ where: { cycleId: f.cycleId } })) > 0, "the first emails to be stored", 20_000, 5);
    await first.stop("SIGKILL");
    const stored = await prisma.emailMessage.count({ where: { cycleId: f.cycleId } });
    assert.ok(stored > 0 && stored < expected, `killed in the middle of the send (${stored} of ${expected} stored)`);
    assert.ok(fake.emails.length < expected, "not everything went before the kill");

    // 2. Started again: nobody presses Send.
    const second = await start(first.port);
    await waitFor(
      async () => (await prisma.emailMessage.count({ where: { cycleId: f.cycleId, status: "sent" } })) === expected || null,
      "every email to be sent",
      120_000,
    );
    // A little longer: nothing more may arrive.
    await new Promise((r) => setTimeout(r, 1500));

    const byRecipient = new Map<string, number>();
    for (const e of fake.emails) {
      const key = `${addressOf(e.to[0])}|${e.subject}`;
      byRecipient.set(key, (byRecipient.get(key) ?? 0) + 1);
    }
    const messages = await prisma.emailMessage.findMany({ where: { cycleId: f.cycleId } });
    assert.equal(messages.length, expected, "every planned email is stored, once");
    assert.ok(messages.every((m) => m.status === "sent"));
    assert.equal(fake.emails.length, expected, "each email delivered exactly once");
    assert.ok([...byRecipient.values()].every((n) => n === 1));
    assert.deepEqual([...byRecipient.keys()].sort(), messages.map((m) => `${m.toEmail}|${m.subject}`).sort());
    const wanted = new Set(f.expectedResults.map((r) => `${r.nominationId}|${r.email}`));
    assert.deepEqual(new Set(messages.map((m) => `${m.nominationId}|${m.toEmail}`)), wanted, "exactly the partners planned");

    const sends = await prisma.campaignSend.findMany({ where: { cycleId: f.cycleId } });
    assert.equal(sends.length, 1, "one press of Send");
    assert.ok(sends[0].finishedAt, "the resumed send finished");
    assert.ok((await prisma.awardCycle.findUniqueOrThrow({ where: { id: f.cycleId } })).resultsSentAt, "the results count as sent");

    // The page shows the whole campaign's progress, and no Send button.
    const secondCookie = await sessionCookieFor(prisma, second, `organiser@${f.slug}.example.org`);
    const html = await (await fetch(`${second.url}/admin/cycles/${f.slug}/emails?kind=results`, { headers: { Cookie: secondCookie } })).text();
    assert.match(html, new RegExp(`${expected}(<!-- -->)? of (<!-- -->)?${expected}(<!-- -->)? sent`));
    assert.doesNotMatch(html, /Send \d+ emails?</);
  });
});
