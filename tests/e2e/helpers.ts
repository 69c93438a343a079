import AxeBuilder from "@axe-core/playwright";
import path from "node:path";
import Database from "better-sqlite3";
import { expect, type Page } from "@playwright/test";

/** Demo people seeded by app/demo/seed.server.ts (see its return value). */
export const SITE_ADMIN = "admin@e2e.example.org";

/**
 * axe finds no WCAG 2.x A/AA violations on the page as it is now. `exclude` leaves out parts
 * checked on their own page instead: axe never returns on a page framing a sandboxed email
 * with Debian's Chromium 156 (AxeBuilder.analyze() with @axe-core/playwright 4.13, measured
 * December 2026), so the mailbox frames are checked apart.
 */
export async function expectAccessible(page: Page, label?: string, options: { exclude?: string[] } = {}) {
  let builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]);
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  const results = await builder.analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`);
  expect(summary, `axe violations on ${label ?? page.url()}`).toEqual([]);
}

/** The local mailbox's message page, with the framed email checked on its own page (see expectAccessible). */
export async function expectMailboxMessageAccessible(page: Page) {
  await expectAccessible(page, "mailbox message", { exclude: ["iframe.mail-body"] });
  // The email's own page is served with a sandbox CSP that blocks every script, axe's too: check
  // the same HTML in a blank page instead (it has no scripts of its own).
  const framed = await page.locator("iframe.mail-body").getAttribute("src");
  const html = await (await page.request.get(framed!)).text();
  const back = page.url();
  await page.goto("about:blank");
  await page.setContent(html);
  await expectAccessible(page, "email as sent");
  await page.goto(back);
}

/** Asks for a sign-in link for `email` and returns the link, read from the local mailbox. */
export async function requestSignInLink(page: Page, email: string, redirectTo?: string): Promise<string> {
  await page.goto(redirectTo ? `/sign-in?redirectTo=${encodeURIComponent(redirectTo)}` : "/sign-in");
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Send me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  return latestLinkFor(page, email, /\/sign-in\//);
}

/** The newest link matching `pattern` in an email to `email`, from the local mailbox. */
export async function latestLinkFor(page: Page, email: string, pattern: RegExp): Promise<string> {
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`);
  await page.locator("tbody tr").first().getByRole("link").click();
  const link = page.locator("pre.mail-text a").filter({ hasText: pattern }).first();
  return (await link.getAttribute("href"))!;
}

/** Signs in through the real flow: request, open the emailed link, press "Sign in"; fills in "About you" for new people. */
export async function signIn(page: Page, email: string, profile?: { name: string; organisation: string; sector?: string }) {
  const link = await requestSignInLink(page, email);
  await page.goto(link);
  await page.getByRole("button", { name: "Sign in" }).click();
  // Wait until the sign-in has landed somewhere (with JavaScript the navigation is client-side).
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in/"));
  if (page.url().includes("/welcome")) {
    if (!profile) throw new Error(`${email} is new: pass a profile`);
    await completeProfile(page, profile);
  }
}

export async function completeProfile(page: Page, profile: { name: string; organisation: string; sector?: string }) {
  await page.getByLabel("Full name").fill(profile.name);
  const known = await page.getByLabel("Choose your organisation").locator("option", { hasText: profile.organisation }).count();
  if (known) {
    await page.getByLabel("It is on our list").check();
    await page.getByLabel("Choose your organisation").selectOption({ label: profile.organisation });
  } else {
    await page.getByLabel("Add my organisation").check();
    await page.getByLabel("Organisation name").fill(profile.organisation);
    await page
      .getByRole("group", { name: "Sector" })
      .getByLabel(profile.sector ?? "Voluntary or community", { exact: false })
      .first()
      .check();
  }
  await page.getByRole("button", { name: "Save and continue" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/welcome"));
}

/** The e2e server's own SQLite file, opened directly (to move a cycle's dates, or to check what was stored). */
export function e2eDatabase() {
  const dir = process.env.E2E_DIR;
  if (!dir) throw new Error("E2E_DIR is not set: run through playwright.config.ts");
  return new Database(path.join(dir, "e2e.db"), { timeout: 10_000 });
}

/** Prisma stores DateTime in SQLite as ISO text with "+00:00". */
export const storedDate = (date: Date) => date.toISOString().replace("Z", "+00:00");
