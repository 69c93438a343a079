import type { Db } from "~/db/client.server";
import { env } from "~/env.server";
import { deliveryOf, sendEmail, type Delivery } from "~/mail/send.server";
import { takeToken, type RateRule } from "~/utils/rate-limit.server";
import { needsFirstVisit } from "./first-visit";
import { hashToken, newToken, SIGN_IN_LINK_MINUTES, tokenState, type TokenState } from "./tokens";
import { normaliseEmail } from "~/organisations/email-domains";

/**
 * Sign-in requests allowed per window, per email address and per IP address (token buckets:
 * app/utils/rate-limit.server.ts). The end-to-end tests sign many people in from one address,
 * so they raise these with SIGN_IN_LIMIT_PER_EMAIL and SIGN_IN_LIMIT_PER_IP; nothing else
 * should need to.
 */
export const SIGN_IN_RATE_LIMIT = {
  windowMinutes: 15,
  perEmail: Number(process.env.SIGN_IN_LIMIT_PER_EMAIL) || 5,
  perIp: Number(process.env.SIGN_IN_LIMIT_PER_IP) || 30,
};

const PER_EMAIL: RateRule = { name: "sign-in-email", capacity: SIGN_IN_RATE_LIMIT.perEmail, windowMs: SIGN_IN_RATE_LIMIT.windowMinutes * 60_000 };
const PER_IP: RateRule = { name: "sign-in-ip", capacity: SIGN_IN_RATE_LIMIT.perIp, windowMs: SIGN_IN_RATE_LIMIT.windowMinutes * 60_000 };

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

export type SignInLinkResult = { ok: true; url: string } | { ok: false; reason: "rate_limited"; limit: "ip" | "email" };

/**
 * Creates a one-time sign-in link, within the limits: per IP address first (so a refused
 * address takes nothing from the email's allowance), then per email address.
 */
export async function createSignInLink(
  db: Db,
  input: { email: string; redirectTo?: string | null; ip?: string | null; now?: Date; skipRateLimit?: boolean },
): Promise<SignInLinkResult> {
  const now = input.now ?? new Date();
  const email = normaliseEmail(input.email);
  if (!input.skipRateLimit) {
    if (input.ip && !(await takeToken(db, PER_IP, input.ip, now))) return { ok: false, reason: "rate_limited", limit: "ip" };
    if (!(await takeToken(db, PER_EMAIL, email, now))) return { ok: false, reason: "rate_limited", limit: "email" };
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

/**
 * What the person asking is told: "check your email" unless their own address (IP) asked
 * too often (rate_limited), with `delivery` saying whether the email went, is waiting for the
 * background sender (delayed), or could not be sent (failed). An email address that has had
 * its share of links gets no more for a while, SILENTLY ("withheld": the page still says
 * check your email): the links already sent are in that inbox, and an error here would let
 * anyone who knows the address lock its owner out.
 */
export type SignInRequestResult = { ok: true; delivery: Delivery | "withheld" } | { ok: false; reason: "rate_limited" };

/** Creates the link and emails it. */
export async function requestSignInLink(
  db: Db,
  input: { email: string; redirectTo?: string | null; ip?: string | null; now?: Date },
): Promise<SignInRequestResult> {
  const link = await createSignInLink(db, input);
  if (!link.ok) return link.limit === "email" ? { ok: true, delivery: "withheld" } : { ok: false, reason: "rate_limited" };
  const message = await sendEmail(db, {
    to: normaliseEmail(input.email),
    template: "sign-in",
    props: { url: link.url, expiresInMinutes: SIGN_IN_LINK_MINUTES },
    // A sign-in email is never a duplicate of another: its key is the token's own hash.
    idempotencyKey: `sign-in:${hashToken(link.url)}`,
  });
  return { ok: true, delivery: deliveryOf(message) };
}

/** Looks at a link without using it up: mail scanners that open links must not spend them. */
export async function checkSignInToken(db: Db, token: string, now = new Date()): Promise<TokenState | "unknown"> {
  const row = await db.signInToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row) return "unknown";
  return tokenState(row, now);
}

export type ConsumeResult = { ok: true; userId: string; firstVisit: boolean; redirectTo: string | null } | { ok: false; reason: TokenState | "unknown" };

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
  return { ok: true, userId: user.id, firstVisit: needsFirstVisit(user), redirectTo: row.redirectTo };
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
