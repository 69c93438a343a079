/**
 * The production server: Express serving the Remix build, with the security headers
 * every page needs and a refusal of cross-origin form posts.
 * `npm start` runs it; `npm run demo` builds first and switches on the local mailbox.
 */
import crypto from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || "0.0.0.0";
const buildPath = path.resolve("build", "index.js");

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", process.env.TRUST_PROXY === "1" ? 1 : false);

// The socket address, for rate limits (a client cannot set this header: it is overwritten).
app.use((req, _res, next) => {
  req.headers["x-compact-client-ip"] = req.socket.remoteAddress ?? "";
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
    return writeHead.apply(this, args);
  } as typeof writeHead;
  next();
});

// Forms are only accepted from our own pages: a cross-site POST is refused before any action runs.
app.use((req, res, next) => {
  if (req.method === "GET" || req.method === "HEAD" || req.method === "OPTIONS") return next();
  if (req.path.startsWith("/api/uploadthing")) return next(); // UploadThing callbacks are signed (HMAC)
  const origin = req.get("origin");
  const site = req.get("sec-fetch-site");
  const selfOrigin = `${req.protocol}://${req.get("host")}`;
  const allowed = origin ? origin === selfOrigin || origin === process.env.APP_URL : site !== "cross-site";
  if (!allowed) {
    res.status(403).type("text/plain").send("Forms can only be sent from this site's own pages.");
    return;
  }
  next();
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
  const startup = (build as unknown as { entry: { module: { onServerStart?: () => Promise<void> } } }).entry.module.onServerStart;
  const server = app.listen(port, host, () => {
    console.log(`Compact Awards is running at http://localhost:${port}`);
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
