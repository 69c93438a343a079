import "../support/test-env";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkSignInToken, consumeSignInToken, createSignInLink, requestSignInLink, SIGN_IN_RATE_LIMIT } from "~/auth/sign-in.server";
import { prisma } from "~/db/client.server";

const tokenOf = (url: string) => url.split("/sign-in/")[1];

describe("sign-in links against a real SQLite file", () => {
  it("a link signs in once; a second use is refused", async () => {
    const link = await createSignInLink(prisma, { email: "Pat@Example.org" });
    assert.ok(link.ok);
    const token = tokenOf(link.url);
    assert.equal(await checkSignInToken(prisma, token), "valid");
    // Looking at the link (as a mail scanner does) does not spend it.
    assert.equal(await checkSignInToken(prisma, token), "valid");
    const first = await consumeSignInToken(prisma, token);
    assert.ok(first.ok);
    assert.equal(first.isNewUser, true);
    const user = await prisma.user.findUniqueOrThrow({ where: { id: first.userId } });
    assert.equal(user.email, "pat@example.org", "emails are stored lower-cased");
    const second = await consumeSignInToken(prisma, token);
    assert.deepEqual(second, { ok: false, reason: "used" });
    assert.equal(await checkSignInToken(prisma, token), "used");
  });

  it("two requests racing for one link: exactly one signs in", async () => {
    const link = await createSignInLink(prisma, { email: "race@example.org" });
    assert.ok(link.ok);
    const results = await Promise.all(Array.from({ length: 5 }, () => consumeSignInToken(prisma, tokenOf(link.url))));
    assert.equal(results.filter((r) => r.ok).length, 1);
  });

  it("a link expires after 15 minutes", async () => {
    const issued = new Date(Date.now() - 16 * 60_000);
    const link = await createSignInLink(prisma, { email: "late@example.org", now: issued });
    assert.ok(link.ok);
    assert.equal(await checkSignInToken(prisma, tokenOf(link.url)), "expired");
    assert.deepEqual(await consumeSignInToken(prisma, tokenOf(link.url)), { ok: false, reason: "expired" });
  });

  it("only the hash of a token is stored", async () => {
    const link = await createSignInLink(prisma, { email: "hash@example.org" });
    assert.ok(link.ok);
    const rows = await prisma.signInToken.findMany({ where: { email: "hash@example.org" } });
    assert.equal(rows.length, 1);
    assert.notEqual(rows[0].tokenHash, tokenOf(link.url));
    assert.ok(!JSON.stringify(rows).includes(tokenOf(link.url)));
  });

  it("an unknown token is refused", async () => {
    assert.equal(await checkSignInToken(prisma, "not-a-real-token"), "unknown");
    assert.deepEqual(await consumeSignInToken(prisma, "not-a-real-token"), { ok: false, reason: "unknown" });
  });

  it("requests are rate limited per email and per IP address", async () => {
    for (let i = 0; i < SIGN_IN_RATE_LIMIT.perEmail; i++) {
      assert.ok((await requestSignInLink(prisma, { email: "busy@example.org", ip: "10.0.0.1" })).ok);
    }
    assert.deepEqual(await requestSignInLink(prisma, { email: "busy@example.org", ip: "10.0.0.2" }), { ok: false, reason: "rate_limited" });
    for (let i = 0; i < SIGN_IN_RATE_LIMIT.perIp - SIGN_IN_RATE_LIMIT.perEmail; i++) {
      assert.ok((await createSignInLink(prisma, { email: `p${i}@example.org`, ip: "10.0.0.1" })).ok);
    }
    assert.deepEqual(await createSignInLink(prisma, { email: "fresh@example.org", ip: "10.0.0.1" }), { ok: false, reason: "rate_limited" });
    assert.ok((await createSignInLink(prisma, { email: "fresh@example.org", ip: "10.0.0.3" })).ok);
  });

  it("the sign-in email goes to the outbox with the link in both versions", async () => {
    const result = await requestSignInLink(prisma, { email: "mail@example.org" });
    assert.ok(result.ok);
    const message = await prisma.emailMessage.findFirstOrThrow({ where: { toEmail: "mail@example.org", template: "sign-in" } });
    assert.equal(message.status, "sent");
    assert.equal(message.transport, "local");
    assert.ok(message.text.includes(result.url));
    assert.ok(message.html.includes(result.url));
  });
});
