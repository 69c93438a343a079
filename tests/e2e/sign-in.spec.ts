import { expect, test } from "./fixtures";
import { completeProfile, expectAccessible, expectMailboxMessageAccessible, requestSignInLink } from "./helpers";

test("a new person signs in with an emailed link, tells us who they are, and signs out", async ({ page }) => {
  await page.goto("/");
  await expectAccessible(page, "home");
  await page.getByRole("link", { name: "Sign in" }).click();
  await expectAccessible(page, "sign-in");

  // An email address in the wrong format gets a message next to the field, and keeps what was typed.
  await page.getByLabel("Email address").fill("not-an-email");
  await page.getByRole("button", { name: "Send me a sign-in link" }).click();
  await expect(page.getByRole("alert")).toContainText("There is a problem");
  await expect(page.locator("#field-email-error")).toContainText("right format");
  await expect(page.getByLabel("Email address")).toHaveValue("not-an-email");
  await expectAccessible(page, "sign-in with error");

  const link = await requestSignInLink(page, "new.person@e2e.example.org");
  await expectMailboxMessageAccessible(page);
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Sign in to Compact Awards" })).toBeVisible();
  await expectAccessible(page, "confirm sign-in");
  await page.getByRole("button", { name: "Sign in" }).click();

  await expect(page.getByRole("heading", { name: "About you" })).toBeVisible();
  await expectAccessible(page, "about you");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.locator("#field-name-error")).toContainText("Enter your full name");
  await completeProfile(page, { name: "Nia Patel", organisation: "Foleshill Women's Training", sector: "Voluntary or community" });
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("button", { name: /Sign out/ })).toBeVisible();

  // The same link cannot be used twice.
  await page.getByRole("button", { name: /Sign out/ }).click();
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "This link has already been used" })).toBeVisible();
  await expectAccessible(page, "used link");
});

test("a link that was opened but not used still works: mail scanners do not spend it", async ({ page, request }) => {
  const link = await requestSignInLink(page, "scanned@e2e.example.org");
  const scan = await request.get(link);
  expect(scan.status()).toBe(200);
  await page.goto(link);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "About you" })).toBeVisible();
});

test("anonymous visitors are sent to sign in from organiser pages and come back after", async ({ page }) => {
  await page.goto("/admin/cycles/coventry-2010");
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fadmin%2Fcycles%2Fcoventry-2010/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});

test("a cross-site form post is refused", async ({ request }) => {
  const response = await request.post("/sign-in", { form: { email: "x@example.org" }, headers: { Origin: "https://evil.example" } });
  expect(response.status()).toBe(403);
});
