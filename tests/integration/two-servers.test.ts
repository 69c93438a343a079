/**
 * Issue 13, "Several app servers": two real app servers (server.ts on the production build),
 * on different loopback ports, on one PostgreSQL database and one shared upload folder,
 * behave as one (docs/decisions/0069):
 *
 * a) the results of a 250-nomination cycle, Send pressed on A (its job, decision 70, taken by
 *    either server), the server carrying it out killed with SIGKILL while it is still storing
 *    the emails and never started again: the other takes the send over once the dead one's
 *    hold on it runs out, and every partner contact gets exactly one email (the fake Resend
 *    counts), none missing;
 * b) the booklet, asked of both servers at the same moment, is made once;
 * c) a sign-in link asked for on A signs in on B, and the session works on A;
 * d) the sign-in rate limit counts the requests to both servers together;
 * e) a judge's stale save is refused across servers: saved on A, the old version sent to B;
 * f) a booklet asked for on A (a job, docs/decisions/0070) shows its progress and completion on B.
 *
 * Several servers are a PostgreSQL deployment (SQLite is one file on one machine), so on the
 * embedded run this file has one test, whose name says it needs PostgreSQL.
 */
import "../support/test-env";
import { testDatabase } from "../support/test-env";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it, test } from "node:test";
import { prisma } from "~/db/client.server";
import { DEMO_ORGANISER } from "~/demo/coventry-2010";
import { seedDemo } from "~/demo/seed.server";
import { makeCampaignCycle } from "../support/campaign-fixtures";
import { sessionCookieFor, startAppServer, type AppServer } from "../support/app-server";
import { startFakeResend, type FakeResend } from "../support/fake-resend";
import { loadAwards } from "~/results/published.server";
import { dataPath, loaderDataOf, readData } from "../support/single-fetch";
import { waitFor } from "../support/wait";

// The shared upload folder, for this process's seeding too (read when storage is first used).
const sharedUploads = fs.mkdtempSync(path.join(os.tmpdir(), "compact-awards-shared-uploads-"));
process.env.UPLOADS_DIR = sharedUploads;

const addressOf = (to: string) => (/<([^>]+)>$/.exec(to)?.[1] ?? to).toLowerCase();
const form = (fields: Record<string, string>) => new URLSearchParams(fields);
const posting = (server: AppServer, cookie?: string) => ({
  method: "POST",
  redirect: "manual" as const,
  headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
});

if (testDatabase.provider !== "postgresql") {
  test("two app servers on one database: needs PostgreSQL (several app servers are a PostgreSQL deployment; run with TEST_POSTGRES_URL)", () => {
    assert.equal(testDatabase.provider, "sqlite");
  });
} else {
  let fake: FakeResend;
  let a: AppServer;
  let b: AppServer;
  const servers: AppServer[] = [];

  async function start() {
    const server = await startAppServer({
      databaseUrl: testDatabase.url,
      env: {
        RESEND_API_KEY: fake.apiKey,
        RESEND_BASE_URL: fake.url,
        LOCAL_MAILBOX: "",
        MAIL_SENDER_INTERVAL_MS: "200",
        // A killed server's hold on a send runs out quickly here (30 s by default).
        SEND_LEASE_MS: "3000",
        INSTANCES: "2",
        // One public address for both, as behind one load balancer (the booklet's links carry it).
        APP_URL: "http://awards.two-servers.test",
        UPLOADS_DIR: sharedUploads,
        SHARED_UPLOADS: "1",
      },
    });
    servers.push(server);
    return server;
  }

  before(async () => {
    fake = await startFakeResend();
    [a, b] = await Promise.all([start(), start()]);
  });

  after(async () => {
    for (const server of servers) await server.stop("SIGKILL");
    await fake?.close();
    await prisma.$disconnect();
    fs.rmSync(sharedUploads, { recursive: true, force: true });
  });

  describe("issue 13: two app servers on one PostgreSQL database behave as one", () => {
    it("c) a sign-in link asked for on server A signs in on server B, and the session works on A", async () => {
      const email = "two.servers@example.org";
      await prisma.user.create({ data: { email, name: "Tess Two" } });
      const asked = await fetch(`${a.url}/sign-in`, { ...posting(a), body: form({ email }) });
      assert.equal(asked.status, 302, await asked.text());
      const mail = await waitFor(() => fake.emails.find((e) => addressOf(e.to[0]) === email), "the sign-in email");
      const linkPath = /\/sign-in\/[A-Za-z0-9_-]{20,}/.exec(mail.text ?? "")?.[0];
      assert.ok(linkPath, "the email carries a sign-in link");

      const signedIn = await fetch(`${b.url}${linkPath}`, { ...posting(b) });
      assert.equal(signedIn.status, 302, "server B accepts the link server A made");
      const cookie = signedIn.headers.get("set-cookie")?.split(";")[0];
      assert.ok(cookie, "server B starts a session");
      const onA = await fetch(`${a.url}/nominations`, { headers: { Cookie: cookie }, redirect: "manual" });
      assert.equal(onA.status, 200, "server A knows the session B started");

      const again = await fetch(`${a.url}${linkPath}`, { ...posting(a) });
      assert.equal(again.status, 410, "the link, used on B, is refused on A");
    });

    it("d) the sign-in rate limit counts the requests to both servers together", async () => {
      const email = "limited@example.org";
      await prisma.user.create({ data: { email, name: "Lim Ited" } });
      // Ten requests, alternately to A and B: five links in all (the limit per address), not five each.
      for (let i = 0; i < 10; i++) {
        const server = i % 2 ? b : a;
        const answer = await fetch(`${server.url}/sign-in`, { ...posting(server), body: form({ email }) });
        assert.equal(answer.status, 302, "the limit per address is silent");
      }
      assert.equal(await prisma.signInToken.count({ where: { email } }), 5, "five links made across both servers");
    });

    it("e) a judge's stale save is refused across servers: saved on A, the old version sent to B", async () => {
      const f = await makeCampaignCycle(prisma, { slug: "two-judging", nominations: 4, decided: false });
      const now = Date.now();
      await prisma.awardCycle.update({
        where: { id: f.cycleId },
        data: { judgingOpenAt: new Date(now - 86_400_000), judgingCloseAt: new Date(now + 10 * 86_400_000) },
      });
      // Judge 1's draft review of the third nomination, opened.
      const assignmentId = `${f.slug}-asg-2-0`;
      await prisma.assignment.update({ where: { id: assignmentId }, data: { openedAt: new Date(now - 3_600_000) } });
      const held = (await prisma.review.findUniqueOrThrow({ where: { assignmentId } })).version;
      const judgeEmail = `judge1@${f.slug}.example.org`;
      const cookieA = await sessionCookieFor(prisma, a, judgeEmail);
      const cookieB = await sessionCookieFor(prisma, b, judgeEmail);
      const save = (server: AppServer, cookie: string, comment: string) =>
        fetch(`${server.url}/judge/${assignmentId}.data`, {
          ...posting(server, cookie),
          body: form({ _via: "fetch", _save: comment, intent: "draft", version: String(held), commentForPanel: comment, noteForNominators: "" }),
        });

      const first = await save(a, cookieA, "Saved on server A");
      assert.equal(first.status, 200, await first.text());
      const stale = await save(b, cookieB, "Sent to server B from the page opened before");
      assert.equal(stale.status, 409, "server B refuses the save based on the version A replaced");
      const stored = await prisma.review.findUniqueOrThrow({ where: { assignmentId } });
      assert.equal(stored.commentForPanel, "Saved on server A", "nothing was overwritten");
      assert.equal(stored.version, held + 1);
    });

    it("b) the booklet, asked of both servers at the same moment, is made once", { timeout: 180_000 }, async () => {
      await seedDemo(prisma);
      const fetchBooklet = async (server: AppServer): Promise<Response> => {
        for (;;) {
          const answer = await fetch(`${server.url}/cycles/coventry-2010/booklet.pdf`);
          // "Being made: try again shortly" is the answer to a long wait; a browser comes back.
          if (answer.status !== 503) return answer;
          await answer.arrayBuffer();
        }
      };
      const [fromA, fromB] = await Promise.all([fetchBooklet(a), fetchBooklet(b)]);
      assert.equal(fromA.status, 200);
      assert.equal(fromB.status, 200);
      const [pdfA, pdfB] = [Buffer.from(await fromA.arrayBuffer()), Buffer.from(await fromB.arrayBuffer())];
      assert.equal(pdfA.subarray(0, 5).toString(), "%PDF-");
      const made = (a.output() + b.output()).match(/Booklet of cycle \S+ made.*/g) ?? [];
      assert.equal(made.length, 1, `made once across both servers:\n${made.join("\n")}`);
      assert.equal(fromA.headers.get("etag"), fromB.headers.get("etag"));
      assert.ok(pdfA.equals(pdfB), "both servers serve the one booklet");
      assert.equal(await prisma.artefact.count({ where: { kind: "booklet" } }), 1);
    });

    it("f) a booklet asked for on server A shows its progress and completion on server B", { timeout: 240_000 }, async () => {
      // After b): the demo cycle and its booklet are there. 80 more awards (copies of the demo's)
      // take it past what is made while the organiser waits, so it is made as a job.
      const cycle = await prisma.awardCycle.findUniqueOrThrow({ where: { slug: "coventry-2010" } });
      const awards = (await loadAwards(prisma, cycle.id)).awards;
      for (let i = 0; i < 80; i++) {
        const from = awards[i % awards.length];
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
            consentToPublish: true,
            status: "eligible",
            partners: { create: source.partners.map((p) => ({ organisationId: p.organisationId, role: p.role, position: p.position })) },
            decision: { create: { outcomeTierId: from.tier.id } },
          },
        });
      }
      const before = await prisma.artefact.findUniqueOrThrow({ where: { cycleId_kind: { cycleId: cycle.id, kind: "booklet" } } });
      const page = "/admin/cycles/coventry-2010/booklet";
      const [cookieA, cookieB] = [await sessionCookieFor(prisma, a, DEMO_ORGANISER.email), await sessionCookieFor(prisma, b, DEMO_ORGANISER.email)];
      const asked = await fetch(`${a.url}${page}`, {
        ...posting(a, cookieA),
        headers: { Cookie: cookieA, Origin: a.url, "Content-Type": "application/x-www-form-urlencoded" },
        body: form({ intent: "generate" }),
      });
      assert.equal(asked.status, 302, await asked.text());

      type Job = { state: string; step: string; done: number; total: number; message: string } | null;
      const seenOnB: NonNullable<Job>[] = [];
      const finished = await waitFor(
        async () => {
          const res = await fetch(`${b.url}${dataPath(page)}`, { headers: { Cookie: cookieB } });
          assert.equal(res.status, 200);
          const { job } = loaderDataOf<{ job: Job }>((await readData(res)).value, "routes/admin.cycles.$slug.booklet");
          if (job) seenOnB.push(job);
          return job && job.state !== "running" ? job : null;
        },
        "server B to show the booklet made",
        200_000,
        50,
      );
      assert.equal(finished.state, "done", `the job as server B shows it: ${JSON.stringify(finished)}`);
      assert.ok(
        seenOnB.some((j) => j.state === "running" && j.total > 0 && j.done > 0),
        `server B showed the booklet under way with its progress: ${seenOnB.map((j) => `${j.state} ${j.step} ${j.done}/${j.total}`).join(", ")}`,
      );
      const after = await prisma.artefact.findUniqueOrThrow({ where: { cycleId_kind: { cycleId: cycle.id, kind: "booklet" } } });
      assert.notEqual(after.inputHash, before.inputHash, "the new booklet was stored");
      // And B's page says it is up to date, as A's does.
      for (const [server, cookie] of [
        [a, cookieA],
        [b, cookieB],
      ] as const) {
        const data = await fetch(`${server.url}${dataPath(page)}`, { headers: { Cookie: cookie } }).then(readData);
        const { status } = loaderDataOf<{ status: { current: boolean } }>(data.value, "routes/admin.cycles.$slug.booklet");
        assert.equal(status.current, true);
      }
    });

    it(
      "a) results of 250 nominations, the server sending them killed mid-send and not restarted: the other finishes, every contact gets exactly one email",
      { timeout: 240_000 },
      async () => {
        const f = await makeCampaignCycle(prisma, { slug: "two-send", nominations: 250, partnersPer: 2 });
        const expected = f.expectedResults.length;
        assert.equal(expected, 500);
        const before = fake.emails.length;
        const cookie = await sessionCookieFor(prisma, a, `organiser@${f.slug}.example.org`);
        const pressed = await fetch(`${a.url}/admin/cycles/${f.slug}/emails?kind=results`, {
          ...posting(a, cookie),
          body: form({ intent: "send", kind: "results", count: String(expected) }),
        });
        assert.equal(pressed.status, 302, await pressed.text());

        await waitFor(async () => (await prisma.emailMessage.count({ where: { cycleId: f.cycleId } })) > 0, "the first emails to be stored", 20_000, 5);
        // The server whose job carries the send out holds it (its instance id carries its pid).
        const holder = (await prisma.campaignSend.findFirstOrThrow({ where: { cycleId: f.cycleId } })).leaseHolder?.split(":")[1];
        const [sender, survivor] = String(a.process.pid) === holder ? [a, b] : [b, a];
        assert.equal(String(sender.process.pid), holder, "one of the two servers holds the send");
        await sender.stop("SIGKILL");
        assert.equal(sender.process.signalCode, "SIGKILL");
        const stored = await prisma.emailMessage.count({ where: { cycleId: f.cycleId } });
        assert.ok(stored < expected, `killed in the middle of the send (${stored} of ${expected} stored)`);

        // Nobody presses anything: the survivor takes the send over.
        await waitFor(
          async () => (await prisma.emailMessage.count({ where: { cycleId: f.cycleId, status: "sent" } })) === expected || null,
          "every email to be sent",
          180_000,
        );
        // A little longer: nothing more may arrive.
        await new Promise((r) => setTimeout(r, 1500));

        const delivered = fake.emails.slice(before).filter((e) => e.subject && f.expectedResults.some((r) => r.email === addressOf(e.to[0])));
        const byRecipient = new Map<string, number>();
        for (const e of delivered) {
          const key = `${addressOf(e.to[0])}|${e.subject}`;
          byRecipient.set(key, (byRecipient.get(key) ?? 0) + 1);
        }
        const messages = await prisma.emailMessage.findMany({ where: { cycleId: f.cycleId } });
        assert.equal(messages.length, expected, "every planned email is stored, once");
        assert.equal(delivered.length, expected, "each email delivered exactly once");
        assert.ok(
          [...byRecipient.values()].every((n) => n === 1),
          "nobody got a second copy",
        );
        assert.deepEqual([...byRecipient.keys()].sort(), messages.map((m) => `${m.toEmail}|${m.subject}`).sort());
        const wanted = new Set(f.expectedResults.map((r) => `${r.nominationId}|${r.email}`));
        assert.deepEqual(new Set(messages.map((m) => `${m.nominationId}|${m.toEmail}`)), wanted, "exactly the partners planned, none missing");

        const sends = await prisma.campaignSend.findMany({ where: { cycleId: f.cycleId } });
        assert.equal(sends.length, 1, "one press of Send");
        assert.ok(sends[0].finishedAt, "the send the survivor took over finished");
        assert.match(survivor.output(), /Taking over 1 email send/);
        assert.ok((await prisma.awardCycle.findUniqueOrThrow({ where: { id: f.cycleId } })).resultsSentAt, "the results count as sent");

        // The survivor's page shows the whole campaign as sent, and no Send button.
        const cookieS = await sessionCookieFor(prisma, survivor, `organiser@${f.slug}.example.org`);
        const html = await (await fetch(`${survivor.url}/admin/cycles/${f.slug}/emails?kind=results`, { headers: { Cookie: cookieS } })).text();
        assert.match(html, new RegExp(`${expected}(<!-- -->)? of (<!-- -->)?${expected}(<!-- -->)? sent`));
        assert.doesNotMatch(html, /Send \d+ emails?</);
      },
    );
  });
}
