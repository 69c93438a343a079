import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { safeRedirect } from "~/auth/sign-in.server";
import { hashToken, newToken, SIGN_IN_LINK_MINUTES, tokenState } from "~/auth/tokens";

describe("one-time tokens", () => {
  const issued = new Date("2026-11-23T10:00:00Z");
  const expiresAt = new Date(issued.getTime() + SIGN_IN_LINK_MINUTES * 60_000);

  it("a sign-in link lasts 15 minutes", () => {
    assert.equal(SIGN_IN_LINK_MINUTES, 15);
    assert.equal(tokenState({ expiresAt, usedAt: null }, new Date("2026-11-23T10:14:59Z")), "valid");
    assert.equal(tokenState({ expiresAt, usedAt: null }, new Date("2026-11-23T10:15:00Z")), "expired");
    assert.equal(tokenState({ expiresAt, usedAt: null }, new Date("2026-11-24T10:00:00Z")), "expired");
  });

  it("a used token stays used, even before it would expire", () => {
    assert.equal(tokenState({ expiresAt, usedAt: new Date("2026-11-23T10:01:00Z") }, new Date("2026-11-23T10:02:00Z")), "used");
  });

  it("tokens are unguessable and only their hash is kept", () => {
    const a = newToken();
    const b = newToken();
    assert.notEqual(a, b);
    assert.ok(a.length >= 43, "32 random bytes");
    assert.match(a, /^[A-Za-z0-9_-]+$/, "URL-safe");
    assert.equal(hashToken(a), hashToken(a));
    assert.notEqual(hashToken(a), a);
    assert.match(hashToken(a), /^[0-9a-f]{64}$/);
  });

  it("after sign-in only same-site paths are followed", () => {
    assert.equal(safeRedirect("/admin/cycles/x"), "/admin/cycles/x");
    assert.equal(safeRedirect("https://evil.example/"), "/");
    assert.equal(safeRedirect("//evil.example/"), "/");
    assert.equal(safeRedirect("/\\evil.example"), "/");
    assert.equal(safeRedirect(null, "/judge"), "/judge");
  });
});
