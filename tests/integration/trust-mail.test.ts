/**
 * The security probe's findings about email (issue 11, "Trust"), over real HTTP against the
 * production build (tests/support/app-server.ts) and the fake Resend (tests/support/fake-resend.ts),
 * misbehaving on purpose:
 *
 * 9.  Email was sent while the person waited: with the service failing, POST /sign-in took 15 s
 *     (five tries with back-off), then said "check your email" although nothing had gone.
 * 10. Live sign-in and confirmation tokens were kept in clear in the outbox.
 *
 * (Finding 9's subjects without free text: tests/unit/emails.test.ts. Finding 10 with the local
 * mailbox: tests/integration/sign-in.test.ts.)
 */
import "../support/test-env";
import { testDatabase } from "../support/test-env";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { prisma } from "~/db/client.server";
import { seedDemo } from "~/demo/seed.server";
import { sessionCookieFor, startAppServer, type AppServer } from "../support/app-server";
import { startFakeResend, type FakeResend } from "../support/fake-resend";
import { waitFor } from "../support/wait";

let demo: Awaited<ReturnType<typeof seedDemo>>;
let fake: FakeResend;
let server: AppServer;

before(async () => {
  demo = await seedDemo(prisma);
  fake = await startFakeResend();
  server = await startAppServer({
    databaseUrl: testDatabase.url,
    env: {
      RESEND_API_KEY: fake.apiKey,
      RESEND_BASE_URL: fake.url,
      LOCAL_MAILBOX: "",
      // The background sender looks every 100 ms and first tries again after 200 ms (in real life: 5 s and 30 s).
      MAIL_SENDER_INTERVAL_MS: "100",
      MAIL_RETRY_BASE_MS: "200",
    },
  });
});

after(async () => {
  await server?.stop();
  await fake?.close();
  await prisma.$disconnect();
});

const callsTo = (email: string) => fake.requests.filter((r) => r.path === "/emails" && JSON.stringify(r.body).includes(email));
const delivered = (email: string) => fake.emails.filter((e) => e.to.some((to) => to.includes(email)));

async function askForLink(email: string) {
  return fetch(`${server.url}/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email }),
  });
}

/** The page a redirect leads to, as text. */
async function follow(answer: Response, cookie?: string) {
  const to = answer.headers.get("location");
  assert.ok(to, `a redirect (got ${answer.status})`);
  return (await fetch(new URL(to, server.url), { headers: cookie ? { Cookie: cookie } : {} })).text();
}

describe("finding 9: email goes through the outbox, not while the person waits", () => {
  it("finding 9: with the mail service failing, POST /sign-in makes one short attempt, says the email has not gone yet, and the background sender delivers it", async () => {
    const email = "failing@example.org";
    fake.setMode({ kind: "status", status: 500 });
    const answer = await askForLink(email);
    assert.equal(answer.status, 302);
    assert.equal(callsTo(email).length, 1, "one attempt while the person waits, not five");
    const page = await follow(answer);
    assert.match(page, /We could not send the sign-in link to <strong>failing@example.org<\/strong> just now\. We will keep trying/);
    assert.doesNotMatch(page, /We have sent a sign-in link/);
    const waiting = await prisma.emailMessage.findFirstOrThrow({ where: { toEmail: email } });
    assert.equal(waiting.status, "sending", "left for the background sender");
    assert.ok(waiting.nextAttemptAt);

    fake.setMode({ kind: "ok" });
    const sent = await waitFor(() => prisma.emailMessage.findFirst({ where: { toEmail: email, status: "sent" } }), "the background sender to deliver it");
    assert.equal(delivered(email).length, 1, "delivered once");
    const keys = new Set(callsTo(email).map((r) => r.idempotencyKey));
    assert.equal(keys.size, 1, "every try of the message carried the same idempotency key");

    // Finding 10: the service got the working link; the outbox kept the message without it.
    const token = /\/sign-in\/([A-Za-z0-9_-]{20,})/.exec(delivered(email)[0].text ?? "")?.[1];
    assert.ok(token, "the email as delivered has the link");
    assert.ok(!sent.text.includes(token) && !sent.html.includes(token), "finding 10: no live token in the outbox");
    const signIn = await fetch(`${server.url}/sign-in/${token}`, { method: "POST", redirect: "manual", headers: { Origin: server.url } });
    assert.equal(signIn.status, 302, "and the link works");
  });

  it("finding 9: a mail service that never answers holds the request for one short attempt only, and the message is not sent twice", async () => {
    const email = "hanging@example.org";
    // The service takes the message and never answers (a dropped connection after it did its work).
    fake.setMode({ kind: "hang", times: 1, afterAccept: true });
    const answer = await askForLink(email);
    assert.equal(answer.status, 302);
    assert.match(await follow(answer), /We could not send the sign-in link to <strong>hanging@example.org<\/strong> just now/);
    // The background sender asks again with the same key: the service answers with its first result.
    await waitFor(() => prisma.emailMessage.findFirst({ where: { toEmail: email, status: "sent" } }), "the background sender to finish it");
    assert.equal(delivered(email).length, 1, "delivered exactly once");
    assert.ok(
      callsTo(email).some((r) => r.replayed),
      "the second call was a replay of the first",
    );
  });

  it("finding 9: a message the service refuses outright is reported as not sent, not as check your email", async () => {
    const email = "refused@example.org";
    // 403 invalid_api_key is not worth retrying: the service will not take it.
    fake.setMode({ kind: "ok" });
    const restarted = await startAppServer({
      databaseUrl: testDatabase.url,
      env: { RESEND_API_KEY: "re_wrong_key", RESEND_BASE_URL: fake.url, LOCAL_MAILBOX: "" },
    });
    try {
      const answer = await fetch(`${restarted.url}/sign-in`, {
        method: "POST",
        redirect: "manual",
        headers: { Origin: restarted.url, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ email }),
      });
      const to = answer.headers.get("location")!;
      const page = await (await fetch(new URL(to, restarted.url))).text();
      assert.match(page, /We could not send your sign-in link/);
      assert.doesNotMatch(page, /Check your email/);
      assert.equal((await prisma.emailMessage.findFirstOrThrow({ where: { toEmail: email } })).status, "failed");
    } finally {
      await restarted.stop();
    }
  });

  it("finding 9: submitting a nomination while the service fails says which confirmation email has not gone yet", async () => {
    const nomination = await prisma.nomination.findFirstOrThrow({
      where: { status: "draft", createdBy: { email: demo.nominatorEmails[0] } },
      include: { partners: true },
    });
    const cookie = await sessionCookieFor(prisma, server, demo.nominatorEmails[0]);
    fake.setMode({ kind: "status", status: 503 });
    const answer = await fetch(`${server.url}/nominations/${nomination.id}/check`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: cookie, Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: "",
    });
    assert.equal(answer.status, 302, `submitted: ${answer.status} ${answer.status === 302 ? "" : await answer.text()}`);
    // The session cookie now carries the notice too.
    const page = await follow(answer, answer.headers.get("set-cookie")!.split(";")[0]);
    const other = nomination.partners.find((p) => p.contactEmail && p.contactEmail !== demo.nominatorEmails[0])!;
    assert.match(page, new RegExp(`we could not send the email to ${other.contactEmail.replace(/[.]/g, "\\.")} just now\\. We will keep trying`));
    fake.setMode({ kind: "ok" });
    await waitFor(() => delivered(other.contactEmail).find((e) => /\/confirm\//.test(e.text ?? "")), "the confirmation request to go out");
    // Finding 10: once sent, the outbox keeps the confirmation request without its live link.
    const stored = await waitFor(
      () => prisma.emailMessage.findFirst({ where: { nominationId: nomination.id, template: "partner-confirmation-request", status: "sent" } }),
      "the outbox to record it",
    );
    assert.match(stored.text, /\/confirm\/\[removed-once-sent\]/);
    assert.doesNotMatch(stored.text + stored.html, /\/confirm\/[A-Za-z0-9_-]{20,}/);
  });
});
