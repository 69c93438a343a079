import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { databaseProvider } from "./db/url";

/**
 * Settings read from the environment, in one place. Everything has a safe local default
 * so `npm run demo` needs no configuration (docs/decisions/0004-mail-transport.md).
 */
export const env = {
  get isProduction() {
    return process.env.NODE_ENV === "production";
  },
  /** Site admins: may create cycles and manage every cycle. Comma-separated emails. */
  get adminEmails(): string[] {
    return (process.env.ADMIN_EMAILS ?? "")
      .split(",")
      .map((e) => e.trim().toLowerCase())
      .filter(Boolean);
  },
  get resendApiKey() {
    return process.env.RESEND_API_KEY || undefined;
  },
  /** The local mailbox at /dev/mailbox shows every stored email, sign-in links included: only when switched on. */
  get localMailboxOn() {
    return /^(1|on|true|yes)$/i.test(process.env.LOCAL_MAILBOX ?? "") && !process.env.RESEND_API_KEY;
  },
  get mailFrom() {
    return process.env.MAIL_FROM || "Compact Awards <awards@compact-awards.localhost>";
  },
  /** Public address of the app, used in links inside emails. */
  get appUrl() {
    return (process.env.APP_URL || `http://localhost:${process.env.PORT || 3000}`).replace(/\/$/, "");
  },
  get uploadthingToken() {
    return process.env.UPLOADTHING_TOKEN || undefined;
  },
  get dataDir() {
    return path.resolve(process.env.DATA_DIR || "data");
  },
  /** Where files are kept on local disk (UPLOADS_DIR, else uploads/ in the data folder). */
  get uploadsDir() {
    return process.env.UPLOADS_DIR ? path.resolve(process.env.UPLOADS_DIR) : path.join(this.dataDir, "uploads");
  },
  /** SHARED_UPLOADS=1: UPLOADS_DIR is storage every app server sees (a network share), so several may run. */
  get sharedUploads() {
    return /^(1|on|true|yes)$/i.test(process.env.SHARED_UPLOADS ?? "") && !!process.env.UPLOADS_DIR;
  },
  /**
   * How many app servers run on this database (INSTANCES, default 1). With one, a server
   * starting up knows any send left open was its predecessor's and carries it on at once;
   * with more, it waits for the send's lease to run out (docs/decisions/0069).
   */
  get instances(): number {
    const n = Number(process.env.INSTANCES ?? 1);
    return Number.isInteger(n) && n >= 1 ? n : 1;
  },
};

/** This server process, as a lease holder: unique across machines and restarts. */
export const INSTANCE_ID = `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString("hex")}`;

let cachedSecret: string | undefined;

/** The secrets in SESSION_SECRET: comma-separated, the first signs new cookies, every one is accepted. */
function configuredSecrets(): string[] {
  return (process.env.SESSION_SECRET ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The secrets that sign the session cookie: SESSION_SECRET, which may list several
 * (comma-separated) so a secret can be rotated: put the new one first, keep the old one
 * after it until every session signed with it has ended. Outside production (development,
 * tests) a random secret is generated once and kept in data/.session-secret. Production
 * never does that (configurationProblems refuses to start without SESSION_SECRET): a secret
 * written quietly to disk is one nobody knows to back up, rotate or keep out of a copy.
 */
export function sessionSecrets(): string[] {
  const configured = configuredSecrets();
  if (configured.length > 0) return configured;
  if (env.isProduction) throw new Error(SESSION_SECRET_MISSING);
  if (cachedSecret) return [cachedSecret];
  const file = path.join(env.dataDir, ".session-secret");
  try {
    cachedSecret = fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(env.dataDir, { recursive: true });
    cachedSecret = crypto.randomBytes(32).toString("hex");
    fs.writeFileSync(file, cachedSecret, { mode: 0o600 });
  }
  return [cachedSecret];
}

const SESSION_SECRET_MISSING =
  "SESSION_SECRET is not set. In production it must be: it signs everyone's session cookie.\n" +
  "Set it to a long random value kept secret, for example:\n" +
  "  SESSION_SECRET=$(openssl rand -hex 32) npm start\n" +
  "To change it later without signing everyone out, list the new secret first and the old one after it:\n" +
  "  SESSION_SECRET=<new>,<old>";

/**
 * TRUST_PROXY: how many proxies (load balancer, nginx...) stand between the internet and
 * this server. Express then takes the client's address that many entries from the right of
 * X-Forwarded-For: the entries further left are whatever the client sent. Unset or 0: no
 * proxy, the socket's address is the client's. Undefined when the value is not a number.
 */
export function trustedProxies(): number | undefined {
  const value = (process.env.TRUST_PROXY ?? "").trim();
  if (value === "") return 0;
  return /^\d{1,2}$/.test(value) ? Number(value) : undefined;
}

/** What stops the server starting, each as a message to print (server.ts exits with them). */
export function configurationProblems(): string[] {
  const problems: string[] = [];
  if (env.isProduction && configuredSecrets().length === 0) problems.push(SESSION_SECRET_MISSING);
  if (trustedProxies() === undefined) {
    problems.push(
      `TRUST_PROXY is "${process.env.TRUST_PROXY}". Set it to the number of proxies in front of this server (for example TRUST_PROXY=1 behind one nginx), or leave it unset when there is none.`,
    );
  }
  problems.push(...instancesProblems());
  return problems;
}

/**
 * Several app servers (INSTANCES > 1, docs/decisions/0069) need what every one of them sees:
 * one PostgreSQL database (an SQLite file is one machine's), and files kept where all of them
 * read (UploadThing, or UPLOADS_DIR on shared storage said to be shared with SHARED_UPLOADS=1):
 * a photo uploaded through one server and stored on its own disk would be missing on the others.
 */
export function instancesProblems(): string[] {
  const raw = process.env.INSTANCES;
  if (raw !== undefined && raw !== "" && !(Number.isInteger(Number(raw)) && Number(raw) >= 1)) {
    return [`INSTANCES is "${raw}". Set it to the number of app servers running on this database (1 or more), or leave it unset for one.`];
  }
  if (env.instances <= 1) return [];
  const problems: string[] = [];
  if (databaseProvider() !== "postgresql") {
    problems.push(
      `INSTANCES is ${env.instances}, but the database is an SQLite file, which only one server can use. Several app servers need PostgreSQL: set DATABASE_URL=postgresql://...`,
    );
  }
  if (!env.uploadthingToken && !env.sharedUploads) {
    problems.push(
      `INSTANCES is ${env.instances}, but files are kept on this server's own disk (${env.uploadsDir}), where the other servers cannot read them.\n` +
        "Keep them where every server can: set UPLOADTHING_TOKEN, or put UPLOADS_DIR on shared storage (a network share every server mounts) and set SHARED_UPLOADS=1.",
    );
  }
  return problems;
}
