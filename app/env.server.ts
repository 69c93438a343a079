import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

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
};

let cachedSecret: string | undefined;

/**
 * SESSION_SECRET signs the session cookie. Without it (local use) a random secret is
 * generated once and kept in data/.session-secret, so sessions survive a restart.
 */
export function sessionSecret(): string {
  if (process.env.SESSION_SECRET) return process.env.SESSION_SECRET;
  if (cachedSecret) return cachedSecret;
  const file = path.join(env.dataDir, ".session-secret");
  try {
    cachedSecret = fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(env.dataDir, { recursive: true });
    cachedSecret = crypto.randomBytes(32).toString("hex");
    fs.writeFileSync(file, cachedSecret, { mode: 0o600 });
  }
  return cachedSecret;
}
