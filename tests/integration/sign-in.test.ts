import "../support/test-env";
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadActor } from "~/auth/actor.server";
import { saveAboutYou } from "~/auth/first-visit.server";
import { checkSignInToken, consumeSignInToken, createSignInLink, findOrCreateUser, requestSignInLink, SIGN_IN_RATE_LIMIT } from "~/auth/sign-in.server";
import { prisma } from "~/db/client.server";
import * as signInRoute from "~/routes/sign-in.$token";
import { args, respond } from "../support/route-calls";

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
    assert.equal(first.firstVisit, true);
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

  it("requests are limited per email address (silently) and per IP address (with an answer)", async () => {
    const now = new Date();
    for (let i = 0; i < SIGN_IN_RATE_LIMIT.perEmail; i++) {
      assert.deepEqual(await requestSignInLink(prisma, { email: "busy@example.org", ip: "10.0.0.1", now }), { ok: true, delivery: "sent" });
    }
    // The address has had its share: no new link, but nothing tells the asker so (the owner has the links already sent).
    assert.deepEqual(await requestSignInLink(prisma, { email: "busy@example.org", ip: "10.0.0.2", now }), { ok: true, delivery: "withheld" });
    assert.equal(await prisma.signInToken.count({ where: { email: "busy@example.org" } }), SIGN_IN_RATE_LIMIT.perEmail);
    for (let i = 0; i < SIGN_IN_RATE_LIMIT.perIp - SIGN_IN_RATE_LIMIT.perEmail; i++) {
      assert.ok((await createSignInLink(prisma, { email: `p${i}@example.org`, ip: "10.0.0.1", now })).ok);
    }
    assert.deepEqual(await createSignInLink(prisma, { email: "fresh@example.org", ip: "10.0.0.1", now }), { ok: false, reason: "rate_limited", limit: "ip" });
    assert.deepEqual(await requestSignInLink(prisma, { email: "fresh@example.org", ip: "10.0.0.1", now }), { ok: false, reason: "rate_limited" });
    assert.ok((await createSignInLink(prisma, { email: "fresh@example.org", ip: "10.0.0.3", now })).ok);
    // The bucket refills evenly: one more link for the busy address three minutes later.
    const later = new Date(now.getTime() + (SIGN_IN_RATE_LIMIT.windowMinutes * 60_000) / SIGN_IN_RATE_LIMIT.perEmail);
    assert.deepEqual(await requestSignInLink(prisma, { email: "busy@example.org", ip: "10.0.0.4", now: later }), { ok: true, delivery: "sent" });
    assert.deepEqual(await requestSignInLink(prisma, { email: "busy@example.org", ip: "10.0.0.4", now: later }), { ok: true, delivery: "withheld" });
  });

  it("finding 7: twenty requests at once for one email address mint at most five links", async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => requestSignInLink(prisma, { email: "crowd@example.org", ip: `10.1.0.${i}` })));
    assert.ok(results.every((r) => r.ok));
    assert.equal(await prisma.signInToken.count({ where: { email: "crowd@example.org" } }), SIGN_IN_RATE_LIMIT.perEmail);
    assert.equal(await prisma.emailMessage.count({ where: { toEmail: "crowd@example.org" } }), SIGN_IN_RATE_LIMIT.perEmail);
  });

  it("finding 10: the sign-in link reaches the mailbox, and the outbox keeps no live token once it is sent", async () => {
    const result = await requestSignInLink(prisma, { email: "mail@example.org" });
    assert.deepEqual(result, { ok: true, delivery: "sent" });
    const message = await prisma.emailMessage.findFirstOrThrow({ where: { toEmail: "mail@example.org", template: "sign-in" } });
    assert.equal(message.status, "sent");
    assert.equal(message.transport, "local");
    // As delivered (the local transport's own inbox, which /dev/mailbox reads): the working link.
    const delivered = await prisma.localMailboxMessage.findUniqueOrThrow({ where: { id: message.id } });
    const token = /\/sign-in\/([A-Za-z0-9_-]{20,})/.exec(delivered.text)?.[1];
    assert.ok(token, "the delivered email has the link");
    assert.ok(delivered.html.includes(`/sign-in/${token}`));
    assert.equal(await checkSignInToken(prisma, token), "valid");
    // As kept in the outbox: the same email without it.
    for (const body of [message.text, message.html]) {
      assert.ok(!body.includes(token), "the outbox keeps no live token");
      assert.match(body, /\/sign-in\/\[removed-once-sent\]/);
    }
  });
});

describe("issue 19, item 10: everyone meets the first-visit step, however they were made", () => {
  /** Signs in through the link's "Sign in" button, as a browser does, and says where it leads. */
  async function signInThroughTheLink(email: string) {
    const link = await createSignInLink(prisma, { email, redirectTo: "/judging", skipRateLimit: true });
    assert.ok(link.ok);
    const token = tokenOf(link.url);
    const request = new Request(`http://localhost/sign-in/${token}`, { method: "POST" });
    const response = await respond(() => signInRoute.action(args(request, { token })));
    assert.equal(response.status, 302);
    return response.headers.get("Location");
  }

  it("a person made from the command line, or invited to the panel with a name, is sent to About you first", async () => {
    // As `npm run awards -- sign-in-link` makes a person, and as the panel's invitation does (with a name).
    await findOrCreateUser(prisma, "cli.person@example.org");
    const invited = await findOrCreateUser(prisma, "invited.judge@example.org", "Ina Vited");
    assert.equal(invited.name, "Ina Vited", "the invitation's name is kept, to be checked on the step");
    for (const email of ["cli.person@example.org", "invited.judge@example.org"]) {
      assert.equal(await signInThroughTheLink(email), "/welcome?redirectTo=%2Fjudging", email);
    }
    // Once saved, the step is not shown again: the next sign-in goes straight where the link leads.
    const organisation = await prisma.organisation.create({ data: { name: "Item Ten CVS", nameKey: "item ten cvs", sector: "vcs" } });
    const actor = await loadActor(prisma, invited.id);
    assert.ok(actor);
    const saved = await saveAboutYou(prisma, actor, { name: "Ina Vited", jobTitle: "Trustee", organisation: { existing: organisation.id } });
    assert.ok(saved.ok);
    const after = await prisma.user.findUniqueOrThrow({ where: { id: invited.id } });
    assert.ok(after.welcomedAt, "saving the step records it");
    assert.equal(after.jobTitle, "Trustee");
    assert.equal(await signInThroughTheLink("invited.judge@example.org"), "/judging");
    // The person made from the command line still meets it, however many times they sign in.
    assert.equal(await signInThroughTheLink("cli.person@example.org"), "/welcome?redirectTo=%2Fjudging");
  });
});
