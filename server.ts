/**
 * The production server: Express serving the Remix build, with the security headers
 * every page (and every `.data` answer) needs and a refusal of cross-origin form posts.
 * `npm start` runs it; `npm run demo` builds first and switches on the local mailbox.
 */
import crypto from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express, { type NextFunction, type Request, type Response } from "express";
import { configurationProblems, trustedProxies } from "./app/env.server";
import { refusalLine } from "./app/utils/refusal-log";

const problems = configurationProblems();
if (problems.length > 0) {
  console.error(`\nCompact Awards cannot start:\n\n${problems.join("\n\n")}\n`);
  process.exit(1);
}

const port = Number(process.env.PORT || 3000);
// Only this computer can connect unless HOST says otherwise: enough for the laptop demo and
// for a proxy on the same machine; HOST=0.0.0.0 (or an address) opens it to the network.
const host = process.env.HOST || "127.0.0.1";
const buildPath = path.resolve("build", "index.js");

const app = express();
app.disable("x-powered-by");
// With n proxies in front, req.ip is the address the outermost proxy saw (n entries from the
// right of X-Forwarded-For), and req.secure believes their X-Forwarded-Proto. Entries further
// left are whatever the client wrote: never used.
app.set("trust proxy", trustedProxies() || false);

/** Headers this server sets for the app; a client sending them has them removed first. */
const INTERNAL_HEADERS = ["x-compact-client-ip", "x-compact-client-local", "x-compact-unverified-callback"];
const FORWARDING_HEADERS = ["x-forwarded-for", "forwarded", "x-real-ip", "x-forwarded-host"];

function isLoopback(address: string | undefined) {
  return !!address && /^(127\.|::1$|::ffff:127\.)/.test(address);
}

// Who is asking, for rate limits (req.ip, as above) and for the local mailbox, which answers
// only a browser on this computer: a loopback socket with no proxy in between (a proxy on this
// machine forwards other people's requests from loopback too, so any forwarding header counts
// against it, whatever TRUST_PROXY says).
app.use((req, _res, next) => {
  for (const name of INTERNAL_HEADERS) delete req.headers[name];
  req.headers["x-compact-client-ip"] = req.ip ?? "";
  if (isLoopback(req.socket.remoteAddress) && !FORWARDING_HEADERS.some((name) => req.headers[name] !== undefined)) {
    req.headers["x-compact-client-local"] = "1";
  }
  next();
});

// Security headers on every response. Scripts must carry the per-request nonce. A route
// may set its own (e.g. the sandboxed email preview); these fill in whatever it did not.
app.use((req, res, next) => {
  const nonce = crypto.randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  const uploadHosts = process.env.UPLOADTHING_TOKEN ? " https://*.ufs.sh https://utfs.io https://*.ingest.uploadthing.com" : "";
  const defaults: Record<string, string> = {
    "Content-Security-Policy": [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'self' 'unsafe-inline'",
      `img-src 'self' data: blob:${uploadHosts}`,
      `connect-src 'self'${uploadHosts}`,
      "font-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
    ].join("; "),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
  };
  if (process.env.NODE_ENV === "production" && req.secure) defaults["Strict-Transport-Security"] = "max-age=31536000";
  const writeHead = res.writeHead;
  res.writeHead = function (this: typeof res, ...args: Parameters<typeof writeHead>) {
    for (const [name, value] of Object.entries(defaults)) if (!this.hasHeader(name)) this.setHeader(name, value);
    // Answered before the body had all arrived (refused as too big, or never read): close the
    // connection after the answer, instead of Node reading the rest of the body to keep it.
    if (!req.complete) this.setHeader("Connection", "close");
    return writeHead.apply(this, args);
  } as typeof writeHead;
  next();
});

// Single fetch is on (remix.config.js): a browser asks for a page's data at <path>.data, which
// passes through every check here like the page itself. Remix still answers the old
// `?_data=<route id>` with that loader's JSON; nothing of ours asks for it any more, so it is
// refused before any loader or action runs (one line in the log, no data).
app.use((req, res, next) => {
  const query = req.originalUrl.indexOf("?");
  if (query === -1 || !new URLSearchParams(req.originalUrl.slice(query + 1)).has("_data")) return next();
  console.warn(refusalLine(req.method, req.originalUrl, 400, "?_data= is not answered: data is at <path>.data"));
  res.status(400).type("text/plain").send("This address or request is not one this site understands.");
});

/** The host Remix compares an action's Origin with: X-Forwarded-Host's first entry, else Host. */
function hostRemixSees(req: Request) {
  return (req.get("x-forwarded-host")?.split(",")[0] ?? "").trim() || req.get("host") || "";
}

/** Is this post from our own pages? By Origin when the browser sends one, else by Sec-Fetch-Site. */
function fromOurPages(req: Request) {
  const origin = req.get("origin");
  if (!origin) return req.get("sec-fetch-site") !== "cross-site";
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false; // "null" (a sandboxed frame, a redirect from elsewhere) or garbage
  }
  const selfOrigin = `${req.protocol}://${req.get("host")}`;
  const appOrigin = process.env.APP_URL ? new URL(process.env.APP_URL).origin : null;
  // Remix aborts an action (a 500) when the Origin's host is not the one it sees: refuse those here.
  return (origin === selfOrigin || origin === appOrigin) && originHost === hostRemixSees(req);
}

/**
 * UploadThing calls back from its own servers. Only a post to exactly this path (as sent: no
 * "/api/uploadthing/../.." that resolves to another page) with a signature header is let past
 * the check below, marked so that its route checks the signature (HMAC of the body with the
 * API key) before doing anything: app/routes/api.uploadthing.ts.
 */
const UPLOADTHING_CALLBACK_PATH = "/api/uploadthing";

// Forms are only accepted from our own pages: a cross-site POST is refused before any action runs.
app.use((req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
  if (fromOurPages(req)) return next();
  if (req.path === UPLOADTHING_CALLBACK_PATH && req.get("x-uploadthing-signature")) {
    req.headers["x-compact-unverified-callback"] = "1";
    return next();
  }
  res.status(403).type("text/plain").send("Forms can only be sent from this site's own pages.");
});

app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
app.use(express.static("public", { maxAge: "1h" }));
// Browsers ask for /favicon.ico on PDFs and other pages without a <link rel="icon">: point them at the one icon.
app.get("/favicon.ico", (_req, res) => res.redirect(301, "/favicon.svg"));

async function main() {
  const build = (await import(buildPath)) as ServerBuild;
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: process.env.NODE_ENV,
      getLoadContext: (_req, res) => ({ cspNonce: res.locals.cspNonce as string }),
    }),
  );
  // Express's own refusals (an address that does not decode, a body it cannot read) are one
  // line in the log and a plain answer; anything else is a fault, logged whole.
  app.use((error: Error & { status?: number; statusCode?: number }, req: Request, res: Response, next: NextFunction) => {
    const given = error.status ?? error.statusCode;
    const status = typeof given === "number" && given >= 400 && given < 600 ? given : 500;
    if (status < 500) console.warn(refusalLine(req.method, req.originalUrl, status, error.message));
    else console.error(error);
    if (res.headersSent) return next(error);
    res
      .status(status)
      .type("text/plain")
      .send(status < 500 ? "This address or request is not one this site understands." : "Something went wrong on our side. Please try again.");
  });
  const startup = (build as unknown as { entry: { module: { onServerStart?: () => Promise<void> } } }).entry.module.onServerStart;
  const server = app.listen(port, host, () => {
    const shown = host === "127.0.0.1" || host === "::1" ? "localhost" : host;
    console.log(
      `Compact Awards is running at http://${shown}:${port}${shown === "localhost" ? " (this computer only; HOST=0.0.0.0 opens it to the network)" : ""}`,
    );
  });
  server.keepAliveTimeout = 65_000;
  await startup?.();
  const shutdown = () => server.close(() => process.exit(0));
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
