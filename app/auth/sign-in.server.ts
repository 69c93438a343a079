import type { Db } from "~/db/client.server";
import { env } from "~/env.server";
import { sendEmail } from "~/mail/send.server";
import { hashToken, newToken, SIGN_IN_LINK_MINUTES, tokenState, type TokenState } from "./tokens";

/**
 * Sign-in requests allowed per window, per email address and per IP address. The
 * end-to-end tests sign many people in from one address, so they raise these with
 * SIGN_IN_LIMIT_PER_EMAIL and SIGN_IN_LIMIT_PER_IP; nothing else should need to.
 */
export const SIGN_IN_RATE_LIMIT = {
  windowMinutes: 15,
  perEmail: Number(process.env.SIGN_IN_LIMIT_PER_EMAIL) || 5,
  perIp: Number(process.env.SIGN_IN_LIMIT_PER_IP) || 30,
};

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Only same-site paths are followed after sign-in: never an open redirect. Browsers ignore
 * tabs and line breaks in a URL and read "\\" as "/", so "/\t/evil.example" would be
 * "//evil.example": a path with any whitespace, control character or backslash is refused,
 * as is a path longer than any of ours (a header that long is refused by proxies).
 */
export function safeRedirect(to: string | null | undefined, fallback = "/"): string {
  if (!to || !to.startsWith("/") || to.startsWith("//") || to.length > 2000 || /[\u0000-\u0020\u007f-\u009f\\]/.test(to)) return fallback;
  // A Location header carries ASCII only: other characters go percent-encoded, as a browser would send them.
  try {
    return to.replace(/[^\u0000-\u007e]/gu, (c) => encodeURIComponent(c));
  } catch {
    return fallback;
  }
}

export type SignInRequestResult = { ok: true; url: string } | { ok: false; reason: "rate_limited" };

/**
 * Creates a one-time sign-in link. The rate limit is counted from the tokens themselves,
 * so it needs no extra table and survives restarts.
 */
export async function createSignInLink(
  db: Db,
  input: { email: string; redirectTo?: string | null; ip?: string | null; now?: Date; skipRateLimit?: boolean },
): Promise<SignInRequestResult> {
  const now = input.now ?? new Date();
  const email = normaliseEmail(input.email);
  if (!input.skipRateLimit) {
    const since = new Date(now.getTime() - SIGN_IN_RATE_LIMIT.windowMinutes * 60_000);
    const [byEmail, byIp] = await Promise.all([
      db.signInToken.count({ where: { email, createdAt: { gt: since } } }),
      input.ip ? db.signInToken.count({ where: { requestIp: input.ip, createdAt: { gt: since } } }) : 0,
    ]);
    if (byEmail >= SIGN_IN_RATE_LIMIT.perEmail || byIp >= SIGN_IN_RATE_LIMIT.perIp) {
      return { ok: false, reason: "rate_limited" };
    }
  }
  const token = newToken();
  await db.signInToken.create({
    data: {
      tokenHash: hashToken(token),
      email,
      redirectTo: safeRedirect(input.redirectTo, "") || null,
      requestIp: input.ip ?? null,
      expiresAt: new Date(now.getTime() + SIGN_IN_LINK_MINUTES * 60_000),
      createdAt: now,
    },
  });
  return { ok: true, url: `${env.appUrl}/sign-in/${token}` };
}

/** Creates the link and emails it. */
export async function requestSignInLink(
  db: Db,
  input: { email: string; redirectTo?: string | null; ip?: string | null; now?: Date },
): Promise<SignInRequestResult> {
  const result = await createSignInLink(db, input);
  if (!result.ok) return result;
  await sendEmail(db, {
    to: normaliseEmail(input.email),
    template: "sign-in",
    props: { url: result.url, expiresInMinutes: SIGN_IN_LINK_MINUTES },
    // A sign-in email is never a duplicate of another: its key is the token's own hash.
    idempotencyKey: `sign-in:${hashToken(result.url)}`,
  });
  return result;
}

/** Looks at a link without using it up: mail scanners that open links must not spend them. */
export async function checkSignInToken(db: Db, token: string, now = new Date()): Promise<TokenState | "unknown"> {
  const row = await db.signInToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row) return "unknown";
  return tokenState(row, now);
}

export type ConsumeResult = { ok: true; userId: string; isNewUser: boolean; redirectTo: string | null } | { ok: false; reason: TokenState | "unknown" };

/**
 * Spends a link. The conditional update makes it single use even when two requests
 * race: only one of them changes the row.
 */
export async function consumeSignInToken(db: Db, token: string, now = new Date()): Promise<ConsumeResult> {
  const tokenHash = hashToken(token);
  const spent = await db.signInToken.updateMany({
    where: { tokenHash, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  const row = await db.signInToken.findUnique({ where: { tokenHash } });
  if (!row) return { ok: false, reason: "unknown" };
  if (spent.count !== 1) return { ok: false, reason: tokenState({ ...row, usedAt: row.usedAt ?? (row.expiresAt <= now ? null : now) }, now) };
  const existing = await db.user.findUnique({ where: { email: row.email } });
  const user = existing
    ? await db.user.update({ where: { id: existing.id }, data: { lastSignInAt: now } })
    : await db.user.create({ data: { email: row.email, lastSignInAt: now } });
  return { ok: true, userId: user.id, isNewUser: !existing || !existing.name, redirectTo: row.redirectTo };
}

/** Finds or creates the user for an email (CLI, invitations). */
export async function findOrCreateUser(db: Db, email: string, name?: string) {
  const normalised = normaliseEmail(email);
  return db.user.upsert({
    where: { email: normalised },
    update: name ? { name } : {},
    create: { email: normalised, name: name ?? null },
  });
}
