import crypto from "node:crypto";

/** A sign-in link is good for 15 minutes and one use. */
export const SIGN_IN_LINK_MINUTES = 15;

/** 32 random bytes, URL-safe: unguessable, and short enough for an email link. */
export function newToken(): string {
  return crypto.randomBytes(32).toString("base64url");
}

/** Only this hash is stored, so a copy of the database cannot be used to sign in. */
export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export type TokenState = "valid" | "expired" | "used";

/** What a stored one-time token is worth at `now`: the single rule for sign-in and confirmation links. */
export function tokenState(token: { expiresAt: Date; usedAt: Date | null }, now: Date): TokenState {
  if (token.usedAt) return "used";
  if (token.expiresAt.getTime() <= now.getTime()) return "expired";
  return "valid";
}
