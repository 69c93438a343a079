/**
 * Sessions and headers through the real HTTP stack (the production build behind server.ts):
 * security headers on every page, session cookie flags, single-use links over HTTP,
 * sign-out ending the session on the server, and refusal of cross-origin posts.
 */
import "../support/test-env";
import { testDatabase } from "../support/test-env";
import assert from "node:assert/strict";
import http from "node:http";
import { after, before, describe, it } from "node:test";
import { createSignInLink } from "~/auth/sign-in.server";
import { prisma } from "~/db/client.server";
import { seedDemo } from "~/demo/seed.server";
import { sessionCookieFor, startAppServer, type AppServer } from "../support/app-server";
import { dataPath, readData } from "../support/single-fetch";

let server: AppServer;
let demo: Awaited<ReturnType<typeof seedDemo>>;

before(async () => {
  demo = await seedDemo(prisma);
  server = await startAppServer({ databaseUrl: testDatabase.url });
});
after(async () => {
  await server?.stop();
  await prisma.$disconnect();
});

/** A raw request, so the Host header can be set (fetch does not allow it). */
function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port: server.port, method, path, headers }, (res) => {
      let data = "";
      res.on("data", (c) => (data += c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: data }));
    });
    req.on("error", reject);
    if (body) req.write(body);
    req.end();
  });
}

function assertSecurityHeaders(headers: Headers | http.IncomingHttpHeaders, where: string) {
  const get = (name: string) => (headers instanceof Headers ? headers.get(name) : (headers[name] as string | undefined)) ?? "";
  const csp = get("content-security-policy");
  assert.match(csp, /default-src 'self'/, `${where}: CSP default-src`);
  assert.match(csp, /frame-ancestors 'none'/, `${where}: CSP frame-ancestors`);
  assert.match(csp, /script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/, `${where}: scripts only with the nonce`);
  assert.doesNotMatch(csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "", /unsafe-inline|unsafe-eval/, `${where}: no unsafe scripts`);
  assert.equal(get("x-content-type-options"), "nosniff", `${where}: nosniff`);
  assert.equal(get("referrer-policy"), "same-origin", `${where}: Referrer-Policy`);
  assert.equal(get("x-frame-options"), "DENY", `${where}: X-Frame-Options`);
}

describe("security headers", () => {
  it("are on every page, for anonymous visitors and signed-in organisers", async () => {
    const organiser = await sessionCookieFor(prisma, server, demo.organiserEmail);
    const publicPages = ["/", "/cycles/coventry-2010", "/cycles/coventry-2010/results", "/sign-in", "/healthz", "/no-such-page"];
    const organiserPages = ["/admin", "/admin/cycles/coventry-2010", "/admin/cycles/coventry-2010/nominations", "/admin/cycles/coventry-2010/results"];
    for (const path of publicPages) {
      const response = await fetch(server.url + path, { redirect: "manual" });
      assertSecurityHeaders(response.headers, path);
    }
    for (const path of organiserPages) {
      const response = await fetch(server.url + path, { redirect: "manual", headers: { Cookie: organiser } });
      assert.equal(response.status, 200, path);
      assertSecurityHeaders(response.headers, path);
    }
  });

  it("are on a page's data as a browser asks for it (single fetch: <path>.data), which is never kept by a cache", async () => {
    const organiser = await sessionCookieFor(prisma, server, demo.organiserEmail);
    for (const [path, cookie] of [
      ["/", ""],
      ["/cycles/coventry-2010/results", ""],
      ["/admin/cycles/coventry-2010", organiser],
    ] as const) {
      const response = await fetch(server.url + dataPath(path), { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });
      assert.equal(response.status, 200, path);
      const { value } = await readData(response);
      assert.ok(Object.keys(value as object).includes("root"), `${path}.data has the page's loaders`);
      assertSecurityHeaders(response.headers, `${path}.data`);
      assert.equal(response.headers.get("cache-control"), "private, no-store", `${path}.data`);
    }
  });

  it("every script tag carries the response's nonce", async () => {
    const response = await fetch(server.url + "/");
    const nonce = /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy")!)![1];
    const html = await response.text();
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.ok(scripts.length > 0);
    // single fetch streams the page's data in inline scripts: those carry it too
    assert.ok(html.includes("streamController"), "the page's data is streamed in");
    for (const tag of scripts) assert.ok(tag.includes(`nonce="${nonce}"`), tag);
  });
});

describe("sessions", () => {
  it("the session cookie is HttpOnly and SameSite=Lax (Secure: tests/integration/trust-http.test.ts, finding 13)", async () => {
    const link = await createSignInLink(prisma, { email: demo.organiserEmail, skipRateLimit: true });
    assert.ok(link.ok);
    const response = await raw("POST", new URL(link.url).pathname, { Host: `localhost:${server.port}`, Origin: server.url });
    assert.equal(response.status, 302);
    const cookie = String(response.headers["set-cookie"]);
    assert.match(cookie, /__session=/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
  });

  it("on the laptop demo (localhost over http) the cookie still works: no Secure flag on loopback", async () => {
    const link = await createSignInLink(prisma, { email: demo.organiserEmail, skipRateLimit: true });
    assert.ok(link.ok);
    const response = await fetch(server.url + new URL(link.url).pathname, { method: "POST", redirect: "manual", headers: { Origin: server.url } });
    const cookie = response.headers.get("set-cookie")!;
    assert.match(cookie, /HttpOnly/);
    assert.doesNotMatch(cookie, /Secure/);
  });

  it("a sign-in link works once over HTTP; the second use is refused", async () => {
    const link = await createSignInLink(prisma, { email: demo.judgeEmails[0], skipRateLimit: true });
    assert.ok(link.ok);
    const path = new URL(link.url).pathname;
    const opened = await fetch(server.url + path);
    assert.equal(opened.status, 200, "opening the link does not spend it");
    const first = await fetch(server.url + path, { method: "POST", redirect: "manual", headers: { Origin: server.url } });
    assert.equal(first.status, 302);
    const second = await fetch(server.url + path, { method: "POST", redirect: "manual", headers: { Origin: server.url } });
    assert.equal(second.status, 410);
    assert.match(await second.text(), /already been used/);
  });

  it("an expired link is refused with a clear message", async () => {
    const link = await createSignInLink(prisma, { email: demo.judgeEmails[1], skipRateLimit: true, now: new Date(Date.now() - 20 * 60_000) });
    assert.ok(link.ok);
    const response = await fetch(server.url + new URL(link.url).pathname);
    assert.match(await response.text(), /This link has expired/);
  });

  it("signing out ends the session on the server: the old cookie no longer works", async () => {
    const cookie = await sessionCookieFor(prisma, server, demo.organiserEmail);
    const before = await fetch(server.url + "/admin", { headers: { Cookie: cookie }, redirect: "manual" });
    assert.equal(before.status, 200);
    const out = await fetch(server.url + "/sign-out", { method: "POST", headers: { Cookie: cookie, Origin: server.url }, redirect: "manual" });
    assert.equal(out.status, 302);
    const replayed = await fetch(server.url + "/admin", { headers: { Cookie: cookie }, redirect: "manual" });
    assert.equal(replayed.status, 302);
    assert.match(replayed.headers.get("location") ?? "", /^\/sign-in/);
  });

  it("a forged or tampered cookie counts as signed out", async () => {
    const cookie = await sessionCookieFor(prisma, server, demo.organiserEmail);
    const [name, value] = cookie.split("=");
    const tampered = `${name}=${value.slice(0, -3)}abc`;
    const response = await fetch(server.url + "/admin", { headers: { Cookie: tampered }, redirect: "manual" });
    assert.equal(response.status, 302);
  });
});

describe("cross-origin posts are refused before any action runs", () => {
  it("a post from another site is refused (Origin), and so is a cross-site post without Origin", async () => {
    const organiser = await sessionCookieFor(prisma, server, demo.organiserEmail);
    for (const path of [
      "/sign-in",
      "/sign-out",
      "/admin/cycles/coventry-2010/settings",
      "/admin/cycles/coventry-2010/results",
      // the same actions as a fetcher posts to them (single fetch)
      "/sign-out.data",
      "/admin/cycles/coventry-2010/results.data",
    ]) {
      const evil = await fetch(server.url + path, {
        method: "POST",
        headers: { Origin: "https://evil.example", Cookie: organiser, "Content-Type": "application/x-www-form-urlencoded" },
        body: "intent=publish",
        redirect: "manual",
      });
      assert.equal(evil.status, 403, path);
      const crossSite = await raw(
        "POST",
        path,
        { "Sec-Fetch-Site": "cross-site", Cookie: organiser, "Content-Type": "application/x-www-form-urlencoded" },
        "intent=publish",
      );
      assert.equal(crossSite.status, 403, `${path} (Sec-Fetch-Site)`);
    }
    // Still signed in and nothing changed: the organiser's session works.
    const ok = await fetch(server.url + "/admin", { headers: { Cookie: organiser }, redirect: "manual" });
    assert.equal(ok.status, 200);
  });

  it("a same-origin post is accepted", async () => {
    const response = await fetch(server.url + "/sign-in", {
      method: "POST",
      headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded" },
      body: "email=someone%40example.org",
      redirect: "manual",
    });
    assert.equal(response.status, 302);
  });
});
