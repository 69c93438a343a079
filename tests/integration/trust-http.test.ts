/**
 * The security probe's findings about the HTTP server (issue 11, "Trust"), each written as the
 * attack, against the production build served by server.ts in a child process (real sockets,
 * real headers): tests/support/app-server.ts. Findings 9 and 10 (email) are in trust-mail.test.ts,
 * finding 5 (photos) in attachments.test.ts and tests/unit/one-at-a-time.test.ts.
 *
 * Servers: `plain` (the defaults of the tests: 127.0.0.1, local mailbox on), `proxied` (behind one
 * proxy: TRUST_PROXY=1, APP_URL https, a rotated SESSION_SECRET), `unbound` (no HOST at all),
 * `open` (HOST=0.0.0.0) and `uploads` (UploadThing switched on, against its loopback fake).
 */
import "../support/test-env";
import { testDatabase } from "../support/test-env";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { createCookie } from "@remix-run/node";
import { createSignInLink, SIGN_IN_RATE_LIMIT } from "~/auth/sign-in.server";
import { prisma } from "~/db/client.server";
import { seedDemo } from "~/demo/seed.server";
import { freePort, sessionCookieFor, startAppServer, type AppServer } from "../support/app-server";
import { startFakeUploadThing, type FakeUploadThing } from "../support/fake-uploadthing";
import { waitFor } from "../support/wait";

const MB = 1024 * 1024;
let demo: Awaited<ReturnType<typeof seedDemo>>;
let plain: AppServer;
let proxied: AppServer;
let unbound: AppServer;
let open: AppServer;
let uploads: AppServer;
let fakeUploadThing: FakeUploadThing;
/** The nominator's draft in the open cycle: theirs to edit. */
let draftId: string;

/** This machine's first address that is not loopback, if it has one (a container usually does). */
const outsideAddress = Object.values(os.networkInterfaces())
  .flat()
  .find((a) => a && a.family === "IPv4" && !a.internal)?.address;

before(async () => {
  demo = await seedDemo(prisma);
  fakeUploadThing = await startFakeUploadThing();
  [plain, proxied, unbound, open, uploads] = await Promise.all([
    startAppServer({ databaseUrl: testDatabase.url }),
    startAppServer({
      databaseUrl: testDatabase.url,
      env: { TRUST_PROXY: "1", APP_URL: "https://awards.example.org", SESSION_SECRET: "rotated-new-secret, integration-session-secret" },
    }),
    startAppServer({ databaseUrl: testDatabase.url, env: { HOST: "" } }),
    startAppServer({ databaseUrl: testDatabase.url, env: { HOST: "0.0.0.0" } }),
    startAppServer({ databaseUrl: testDatabase.url, env: { ...fakeUploadThing.env() } }),
  ]);
  const draft = await prisma.nomination.findFirstOrThrow({ where: { status: "draft", createdBy: { email: demo.nominatorEmails[0] } } });
  draftId = draft.id;
});

after(async () => {
  await Promise.all([plain, proxied, unbound, open, uploads].map((s) => s?.stop()));
  await fakeUploadThing?.close();
  await prisma.$disconnect();
});

type RawAnswer = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** A request sent as written: the path is not normalised, and Host is whatever is given. */
function raw(server: AppServer, method: string, target: string, headers: Record<string, string> = {}, body?: string, host = "127.0.0.1") {
  return new Promise<RawAnswer>((resolve, reject) => {
    const req = http.request({ host, port: server.port, method, path: target, headers }, (res) => {
      let data = "";
      res.on("data", (c) => (data += c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: data }));
    });
    req.on("error", reject);
    if (body) req.write(body);
    req.end();
  });
}

// ---------------------------------------------------------------- finding 4

/** The server process's memory from /proc: the resident set now, and its peak since the last reset. */
function memoryOf(pid: number) {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb("VmRSS"), peak: kb("VmHWM") };
}

/** Starts counting the peak afresh (writing 5 to clear_refs resets VmHWM to the resident set now). */
function resetPeak(pid: number) {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, "5");
  } catch {
    // Without it the peak since start-up is compared: only ever higher, so the check stays honest.
  }
}

/**
 * Posts a chunked body (no Content-Length, as the attacker did) part by part, as fast as the
 * server takes it, until it is all sent or the server answers or hangs up. How much the client
 * managed to hand over says how far the server read.
 */
function postChunked(server: AppServer, target: string, headers: Record<string, string>, body: Iterable<Buffer>) {
  return new Promise<{ status: number | null; written: number; complete: boolean }>((resolve) => {
    const req = http.request({ host: "127.0.0.1", port: server.port, method: "POST", path: target, headers: { ...headers, "Transfer-Encoding": "chunked" } });
    const chunks = body[Symbol.iterator]();
    let written = 0;
    let status: number | null = null;
    let complete = false;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      req.destroy();
      resolve({ status, written, complete });
    };
    req.on("response", (res) => {
      status = res.statusCode ?? null;
      res.resume();
      res.on("end", finish);
      res.on("error", finish);
    });
    req.on("error", finish);
    req.on("close", finish);
    const pump = () => {
      while (!finished) {
        const next = chunks.next();
        if (next.done) {
          complete = true;
          req.end();
          return;
        }
        written += next.value.length;
        if (!req.write(next.value)) return void req.once("drain", pump);
      }
    };
    pump();
  });
}

/** A multipart body of `parts`, each `sizeMb` of one letter, yielded a megabyte at a time (never all in memory). */
function* multipartBody(boundary: string, parts: { name: string; filename?: string }[], sizeMb: number): Generator<Buffer> {
  const megabyte = Buffer.alloc(MB, "a");
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename ? `; filename="${part.filename}"` : ""}`;
    yield Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${part.filename ? "Content-Type: application/pdf\r\n" : ""}\r\n`);
    for (let i = 0; i < sizeMb; i++) yield megabyte;
    yield Buffer.from("\r\n");
  }
  yield Buffer.from(`--${boundary}--\r\n`);
}

describe("finding 4: uploads have an overall body limit, counted as the body arrives", () => {
  const attacks = [
    { label: "eight text parts of 20 MB", parts: Array.from({ length: 8 }, () => ({ name: "caption" })), sizeMb: 20 },
    { label: "one 160 MB file", parts: [{ name: "file", filename: "report.pdf" }], sizeMb: 160 },
  ];
  for (const attack of attacks) {
    it(`finding 4: a chunked 160 MB upload (${attack.label}) is refused early and the server's memory stays flat`, async (t) => {
      const cookie = await sessionCookieFor(prisma, plain, demo.nominatorEmails[0]);
      const pid = plain.process.pid!;
      const before = memoryOf(pid);
      resetPeak(pid);
      const boundary = "----probe4";
      const answer = await postChunked(
        plain,
        `/nominations/${draftId}/files`,
        { Cookie: cookie, "Content-Type": `multipart/form-data; boundary=${boundary}` },
        multipartBody(boundary, attack.parts, attack.sizeMb),
      );
      const peak = memoryOf(pid).peak;
      t.diagnostic(`the server's peak memory grew by ${Math.round((peak - before.rss) / MB)} MB; the client handed over ${Math.round(answer.written / MB)} MB`);
      // Refused (413), or cut off right after the answer: never read to its end.
      assert.ok(answer.status === null || answer.status === 413, `answered ${answer.status}`);
      assert.equal(answer.complete, false, "the server stopped reading before the body ended");
      assert.ok(answer.written < 64 * MB, `the client could hand over only ${Math.round(answer.written / MB)} MB of 160 MB`);
      // The 21 MB read, the 20 MB of file kept, and the parser's copies not yet collected: far below the 1.3 GB of the attack.
      assert.ok(peak - before.rss < 150 * MB, `the server's memory grew by ${Math.round((peak - before.rss) / MB)} MB`);
      assert.equal((await fetch(`${plain.url}/healthz`)).status, 200, "and it still answers");
      assert.equal(await prisma.attachment.count({ where: { nominationId: draftId } }), 0);
    });
  }
});

// ---------------------------------------------------------------- finding 7

async function askForLink(server: AppServer, email: string, forwardedFor: string) {
  return fetch(`${server.url}/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: server.url, "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": forwardedFor },
    body: new URLSearchParams({ email }),
  });
}

describe("finding 7: sign-in rate limits that hold", () => {
  it("finding 7: 20 concurrent sign-in requests for one email mint at most 5 tokens, and each still says check your email", async () => {
    const email = "crowd@example.org";
    const answers = await Promise.all(Array.from({ length: 20 }, () => askForLink(proxied, email, "198.51.100.20")));
    for (const answer of answers) {
      assert.equal(answer.status, 302);
      assert.equal(answer.headers.get("location"), `/sign-in/check-email?email=${encodeURIComponent(email)}`, "no error for the owner of the address");
    }
    assert.equal(SIGN_IN_RATE_LIMIT.perEmail, 5);
    assert.equal(await prisma.signInToken.count({ where: { email } }), 5);
    assert.equal(await prisma.emailMessage.count({ where: { toEmail: email, template: "sign-in" } }), 5);
  });

  it("finding 7: a forged left-most X-Forwarded-For does not change the counted address", async () => {
    // Behind one proxy (TRUST_PROXY=1) the client's address is the entry the proxy added, the last.
    const real = "203.0.113.50";
    for (let i = 0; i < SIGN_IN_RATE_LIMIT.perIp; i++) {
      const answer = await askForLink(proxied, `forged-${i}@example.org`, `9.9.9.${i}, ${real}`);
      assert.equal(answer.status, 302, `request ${i + 1}`);
    }
    const over = await askForLink(proxied, "forged-last@example.org", `9.9.9.250, ${real}`);
    assert.equal(over.status, 429, "the address is counted, whatever the client wrote before it");
    assert.match(await over.text(), /You have asked for several sign-in links in a short time/);
    const tokens = await prisma.signInToken.findMany({ where: { email: { startsWith: "forged-" } }, select: { requestIp: true } });
    assert.equal(tokens.length, SIGN_IN_RATE_LIMIT.perIp);
    assert.deepEqual([...new Set(tokens.map((t) => t.requestIp))], [real]);
    // Another address behind the same proxy is not held up.
    assert.equal((await askForLink(proxied, "forged-other@example.org", `9.9.9.250, 203.0.113.51`)).status, 302);
  });
});

// ---------------------------------------------------------------- finding 8

/** The local addresses this process's sockets listen on for `port`, from /proc/net/tcp and tcp6. */
function listeningAddresses(port: number): string[] {
  const found: string[] = [];
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!fs.existsSync(file)) continue;
    for (const line of fs.readFileSync(file, "utf8").split("\n").slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (!local || state !== "0A") continue; // 0A: LISTEN
      const [hex, portHex] = local.split(":");
      if (parseInt(portHex, 16) !== port) continue;
      if (hex.length === 8) found.push(Buffer.from(hex, "hex").reverse().join("."));
      else found.push(hex === "00000000000000000000000000000000" ? "::" : hex === "00000000000000000000000001000000" ? "::1" : `ipv6:${hex}`);
    }
  }
  return found;
}

describe("finding 8: the server and the local mailbox stay on this computer", () => {
  it("finding 8: with no HOST the server listens on 127.0.0.1 only", async () => {
    assert.deepEqual(listeningAddresses(unbound.port), ["127.0.0.1"]);
    assert.equal((await raw(unbound, "GET", "/healthz")).status, 200);
    if (outsideAddress) await assert.rejects(raw(unbound, "GET", "/healthz", {}, undefined, outsideAddress), /ECONNREFUSED/);
    // HOST=0.0.0.0 opens it, when that is what is wanted.
    assert.deepEqual(listeningAddresses(open.port), ["0.0.0.0"]);
  });

  it("finding 8: /dev/mailbox and its pages refuse every client not on this computer, whatever the binding", async () => {
    const email = "mailbox-owner@example.org";
    assert.equal(
      (await raw(open, "POST", "/sign-in", { "Content-Type": "application/x-www-form-urlencoded" }, `email=${encodeURIComponent(email)}`)).status,
      302,
    );
    const pages = async function* () {
      yield "/dev/mailbox";
      yield `/dev/mailbox?to=${encodeURIComponent(email)}`;
      const message = await prisma.localMailboxMessage.findFirstOrThrow({ where: { toEmail: email } });
      yield `/dev/mailbox/${message.id}`;
      yield `/dev/mailbox/${message.id}/html`;
    };
    for await (const page of pages()) {
      assert.equal((await raw(open, "GET", page)).status, 200, `${page} from this computer`);
      // Through a proxy on this computer, the asker is somewhere else.
      assert.equal((await raw(open, "GET", page, { "X-Forwarded-For": "203.0.113.9" })).status, 404, `${page} through a proxy`);
      assert.equal((await raw(open, "GET", page, { Forwarded: "for=203.0.113.9" })).status, 404, `${page} (Forwarded)`);
      // A client cannot claim to be local.
      assert.equal((await raw(open, "GET", page, { "X-Compact-Client-Local": "1", "X-Forwarded-For": "203.0.113.9" })).status, 404);
      if (outsideAddress) {
        const outside = await raw(open, "GET", page, {}, undefined, outsideAddress);
        assert.equal(outside.status, 404, `${page} over the network`);
        assert.ok(!outside.body.includes("/sign-in/"), "no sign-in link leaks");
      }
    }
  });
});

// ---------------------------------------------------------------- finding 11

describe("finding 11: the UploadThing exemption from the cross-origin check", () => {
  const consent = "consentToPublish=yes&publicContact=attacker%40example.org";

  it("finding 11: a cross-site post through /api/uploadthing/../.. is refused with a 403, with or without Origin, and saves nothing", async () => {
    const cookie = await sessionCookieFor(prisma, uploads, demo.nominatorEmails[0]);
    const target = `/api/uploadthing/../../nominations/${draftId}/consent`;
    const form = { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" };
    const variants: Record<string, string>[] = [
      { "Sec-Fetch-Site": "cross-site" },
      { Origin: "https://evil.example" },
      { Origin: "https://evil.example", "X-Uploadthing-Signature": `hmac-sha256=${"0".repeat(64)}` },
      { "Sec-Fetch-Site": "cross-site", "X-Uploadthing-Signature": fakeUploadThing.sign(consent) },
    ];
    for (const headers of variants) {
      const answer = await raw(uploads, "POST", target, { ...form, ...headers }, consent);
      assert.equal(answer.status, 403, JSON.stringify(headers));
    }
    for (const dotted of [`/api/uploadthing/%2e%2e/%2e%2e/nominations/${draftId}/consent`, `/api/uploadthing/`, `/api/uploadthingx`]) {
      assert.equal((await raw(uploads, "POST", dotted, { ...form, Origin: "https://evil.example" }, consent)).status, 403, dotted);
    }
    const after = await prisma.nomination.findUniqueOrThrow({ where: { id: draftId } });
    assert.equal(after.consentToPublish, false);
    assert.notEqual(after.publicContact, "attacker@example.org");
  });

  it("finding 11: at exactly /api/uploadthing a cross-site post gets through only with UploadThing's signature of its body", async () => {
    const body = JSON.stringify({ status: "uploaded", file: { key: "nothing-here", name: "x.pdf", size: 1, type: "application/pdf" }, metadata: {} });
    const headers = { "Content-Type": "application/json", "uploadthing-hook": "callback", Origin: "https://uploadthing.example" };
    const unsigned = await raw(uploads, "POST", "/api/uploadthing?slug=nominationFiles", headers, body);
    assert.equal(unsigned.status, 403);
    const forged = await raw(
      uploads,
      "POST",
      "/api/uploadthing?slug=nominationFiles",
      { ...headers, "x-uploadthing-signature": fakeUploadThing.sign(body + " ") },
      body,
    );
    assert.equal(forged.status, 403);
    assert.match(forged.body, /Forms can only be sent from this site's own pages/);
    const signed = await raw(
      uploads,
      "POST",
      "/api/uploadthing?slug=nominationFiles",
      { ...headers, "x-uploadthing-signature": fakeUploadThing.sign(body) },
      body,
    );
    assert.notEqual(signed.status, 403, "UploadThing's own callback reaches its handler");
    assert.ok(signed.status < 500, `answered ${signed.status}: ${signed.body.slice(0, 200)}`);
  });
});

// ---------------------------------------------------------------- finding 12

describe("finding 12: SESSION_SECRET", () => {
  it("finding 12: production refuses to start without SESSION_SECRET, says how to set it, and writes no secret of its own", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "compact-awards-no-secret-"));
    const port = await freePort();
    const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
      env: {
        ...process.env,
        NODE_ENV: "production",
        SESSION_SECRET: "",
        HOST: "127.0.0.1",
        PORT: String(port),
        DATA_DIR: dataDir,
        DATABASE_URL: testDatabase.url,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    // Either it exits, or (the old behaviour) it starts answering: whichever comes first.
    const outcome = await waitFor(async () => {
      if (child.exitCode !== null) return "exited";
      const answered = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      return answered ? "started" : null;
    }, "the server to exit or start");
    if (outcome === "started") child.kill("SIGKILL");
    assert.equal(outcome, "exited", "it must not start");
    assert.equal(await exited, 1);
    assert.match(output, /SESSION_SECRET is not set/);
    assert.match(output, /SESSION_SECRET=\$\(openssl rand -hex 32\) npm start/);
    assert.match(output, /SESSION_SECRET=<new>,<old>/);
    assert.ok(!fs.existsSync(path.join(dataDir, ".session-secret")), "no secret written to disk");
  });

  it("finding 12: rotation: SESSION_SECRET=<new>,<old> accepts sessions signed with the old secret and signs new ones with the new", async () => {
    // `plain` signs with integration-session-secret; `proxied` has "rotated-new-secret, integration-session-secret".
    const old = await sessionCookieFor(prisma, plain, demo.organiserEmail);
    const page = (server: AppServer, cookie: string) => fetch(`${server.url}/admin`, { headers: { Cookie: cookie }, redirect: "manual" });
    assert.equal((await page(proxied, old)).status, 200, "a session from before the rotation still works");
    const fresh = await sessionCookieFor(prisma, proxied, demo.organiserEmail);
    const parse = (secret: string) => createCookie("__session", { secrets: [secret] }).parse(fresh);
    assert.ok(await parse("rotated-new-secret"), "new sessions are signed with the first secret");
    assert.equal(await parse("integration-session-secret"), null);
    assert.equal((await page(plain, fresh)).status, 302, "so a server with only the old secret does not accept them");
  });
});

// ---------------------------------------------------------------- finding 13

describe("finding 13: the session cookie's Secure flag", () => {
  async function signInCookie(server: AppServer, headers: Record<string, string>) {
    const link = await createSignInLink(prisma, { email: demo.organiserEmail, skipRateLimit: true });
    assert.ok(link.ok);
    const answer = await raw(server, "POST", new URL(link.url).pathname, headers);
    assert.equal(answer.status, 302);
    return String(answer.headers["set-cookie"]);
  }

  it("finding 13: with APP_URL on https the cookie is Secure even when a proxy forwards Host: localhost", async () => {
    assert.match(await signInCookie(proxied, { Host: "localhost" }), /;\s*Secure/i);
    assert.match(await signInCookie(proxied, { Host: "127.0.0.1" }), /;\s*Secure/i);
  });

  it("finding 13: the Host header never decides it: on http (APP_URL http://localhost) a public host name does not add it", async () => {
    const variants: Record<string, string>[] = [{ Host: "awards.example.org" }, { Host: "awards.example.org", "X-Forwarded-Proto": "https" }];
    for (const headers of variants) {
      const cookie = await signInCookie(plain, headers);
      assert.match(cookie, /HttpOnly/);
      assert.doesNotMatch(cookie, /Secure/i, JSON.stringify(headers));
    }
  });
});

// ---------------------------------------------------------------- finding 17

describe("finding 17: junk requests in the log", () => {
  it("finding 17: unauthenticated junk (/?_data=routes/nope, /nope.data, /cycles/%ff, a post to a page with no form) is one line each, no stack", async () => {
    const from = plain.output().length;
    const junk: [string, string][] = [
      ["GET", "/?_data=routes/nope"],
      ["GET", "/nope.data"],
      ["GET", "/cycles/%ff"],
      ["POST", "/cycles/coventry-2010"],
    ];
    for (const [method, target] of junk) {
      const answer = await raw(
        plain,
        method,
        target,
        method === "POST" ? { "Content-Type": "application/x-www-form-urlencoded" } : {},
        method === "POST" ? "a=b" : undefined,
      );
      assert.ok(answer.status >= 400 && answer.status < 500, `${method} ${target}: ${answer.status}`);
    }
    const logged = await waitFor(() => {
      const text = plain.output().slice(from);
      return (text.match(/^Refused /gm) ?? []).length >= junk.length ? text : null;
    }, "a line for each junk request");
    const lines = logged.split("\n").filter(Boolean);
    assert.equal(lines.length, junk.length, logged);
    assert.doesNotMatch(logged, /^\s+at /m, "no stack trace");
    // ?_data= is refused by server.ts (single fetch is on: data is at <path>.data), before Remix.
    assert.match(logged, /^Refused GET \/\?_data=routes\/nope: 400 /m);
    assert.match(logged, /^Refused GET \/nope\.data: 404 /m);
    assert.match(logged, /^Refused GET \/cycles\/%ff: 400 /m);
    assert.match(logged, /^Refused POST \/cycles\/coventry-2010: 405 /m);
  });
});
