import fs from "node:fs";
import { expect, test, type Page } from "./fixtures";
import { expectAccessible, signIn } from "./helpers";

/** The demo organiser (app/demo/coventry-2010.ts, DEMO_ORGANISER), organiser of both demo cycles. */
const ORGANISER = "organiser@demo.compact-awards.example";

/** The demo's cycle with nominations open: its slug depends on today's date, so read it from the home page. */
async function openCycleSlug(page: Page): Promise<string> {
  await page.goto("/");
  const hrefs = await page.locator('a[href^="/cycles/"]').evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  const slug = hrefs.map((h) => /^\/cycles\/([^/]+)$/.exec(h)?.[1]).find((s) => s && s !== "coventry-2010");
  expect(slug, "the demo has an open cycle").toBeTruthy();
  return slug!;
}

test("the organiser filters the nominations, marks one not eligible with a reason, and downloads the CSV", async ({ page }) => {
  test.setTimeout(150_000); // several pages, each checked with axe
  await signIn(page, ORGANISER);
  const slug = await openCycleSlug(page);
  const listUrl = `/admin/cycles/${slug}/nominations`;

  // The list, with counts per category and status.
  await page.goto(listUrl);
  await expect(page.getByRole("heading", { level: 1, name: /Nominations/ })).toBeVisible();
  await expect(page.getByRole("table", { name: "By category" })).toBeVisible();
  await expect(page.getByRole("table", { name: "By status" })).toBeVisible();
  const allTitles = await page.locator('table[aria-labelledby="list-heading"] tbody tr td:first-child a').allTextContents();
  expect(allTitles.length).toBeGreaterThan(2);
  await expectAccessible(page, "nominations list");

  // Filter by status: a GET form, so the filter is in the address.
  await page.getByLabel("Status").selectOption({ value: "submitted" });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/status=submitted/);
  const rows = page.locator('table[aria-labelledby="list-heading"] tbody tr');
  await expect(rows.first()).toBeVisible();
  const statuses = await rows.locator("td:nth-child(4)").allTextContents();
  expect(statuses.length).toBeGreaterThan(0);
  expect(statuses.length).toBeLessThan(allTitles.length);
  for (const s of statuses) expect(s.trim()).toBe("Submitted");
  await expect(page.getByRole("status")).toContainText(`${statuses.length} of ${allTitles.length}`);
  await expectAccessible(page, "filtered nominations list");

  // Open the first submitted nomination.
  const link = rows.first().locator("td:first-child a");
  const title = (await link.textContent())!.trim();
  await link.click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole("heading", { name: /The partners/ })).toBeVisible();
  await expect(page.getByRole("heading", { name: "History" })).toBeVisible();
  const partnerEmails = (await page.locator('section[aria-labelledby="confirmation-heading"] tbody td:nth-child(3) .hint').allTextContents()).map((e) =>
    e.trim().toLowerCase(),
  );
  expect(partnerEmails.length).toBeGreaterThanOrEqual(2);
  await expectAccessible(page, "nomination");

  // Not eligible without a reason: an error next to the field.
  await page.getByRole("button", { name: "Mark not eligible" }).click();
  await expect(page.getByRole("alert")).toContainText("There is a problem");
  await expect(page.locator("#field-reason-error")).toContainText("Enter the reason it is not eligible");
  await expectAccessible(page, "nomination with an error");

  // With a reason it succeeds.
  const reason = "Every nomination needs a statutory partner that did the work together with the voluntary partner (e2e test).";
  await page.getByLabel("Why is it not eligible?").fill(reason);
  await page.getByRole("button", { name: "Mark not eligible" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Marked not eligible" })).toBeVisible();
  await expect(page.locator("dl.summary-list").first()).toContainText(reason);
  await expect(page.locator("ol.timeline")).toContainText("Marked not eligible");
  await expectAccessible(page, "nomination marked not eligible");

  // Every partner contact has the email with the reason.
  for (const email of partnerEmails) {
    await page.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`);
    // The subject names the awards, not the nomination (its title is in the email itself).
    const message = page.getByRole("link", { name: /^About your nomination for the / });
    await expect(message.first()).toBeVisible();
    await message.first().click();
    await expect(page.locator("pre.mail-text")).toContainText(title);
    await expect(page.locator("pre.mail-text")).toContainText(reason);
  }

  // The CSV download has every nomination.
  await page.goto(listUrl);
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: /Download CSV/ }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe(`${slug}-nominations.csv`);
  const csv = fs.readFileSync((await download.path())!, "utf8");
  // A draft with no title yet is listed as "Untitled nomination"; its CSV title cell is empty, as stored.
  for (const t of allTitles.filter((t) => t.trim() !== "Untitled nomination")) expect(csv).toContain(t.trim());
  expect(csv).toContain(reason);
  expect(csv).toContain("Not eligible");
});

test("people who do not organise the cycle are not shown its nominations", async ({ page }) => {
  await signIn(page, "judge1@demo.compact-awards.example");
  const slug = await openCycleSlug(page);
  const list = await page.goto(`/admin/cycles/${slug}/nominations`);
  expect(list?.status()).toBe(404);
  const csv = await page.request.get(`/admin/cycles/${slug}/nominations.csv`);
  expect(csv.status()).toBe(404);
});
