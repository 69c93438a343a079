import { expect, test } from "./fixtures";
import { expectAccessible, signIn } from "./helpers";

/**
 * Issue 11, "Trust", in the browser: who speaks for an organisation is earned. A newcomer who
 * picks Coventry CEN only asks to join; the demo organiser approves them on the organisations
 * page and verifies an email domain; a verified member adds a colleague; a nomination's lead
 * adds someone to work on it. Every page visited is checked with axe.
 */

const stamp = Date.now().toString(36);
const ORGANISER = "organiser@demo.compact-awards.example";
const NOMINATOR = "nominator@demo.compact-awards.example";

test("a newcomer's claim is a request; the organiser approves it and verifies a domain; a member adds a colleague", async ({ browser }) => {
  test.setTimeout(120_000);
  const newcomerEmail = `newcomer-${stamp}@cen-volunteers.example.org`;

  // A newcomer picks CEN: they only ask to join.
  const newcomerContext = await browser.newContext();
  const newcomer = await newcomerContext.newPage();
  await signIn(newcomer, newcomerEmail, { name: "Nadia Newcomer", organisation: "Coventry Community Empowerment Network (CEN)" });
  await expect(newcomer.getByRole("status")).toContainText("You have asked to join your organisation");
  await newcomer.goto("/your-organisation");
  await expect(newcomer.getByRole("listitem").filter({ hasText: "Coventry Community Empowerment Network (CEN)" })).toContainText("Asking to join");
  await expectAccessible(newcomer, "your organisation (asking)");

  // The organiser sees the request and approves it.
  const organiserContext = await browser.newContext();
  const organiser = await organiserContext.newPage();
  await signIn(organiser, ORGANISER);
  await organiser.goto("/admin");
  await organiser.getByRole("link", { name: "Organisations and who speaks for them" }).click();
  await expect(organiser.getByRole("heading", { name: "Organisations and who speaks for them" })).toBeVisible();
  await expectAccessible(organiser, "organisations");
  const row = organiser.getByRole("row").filter({ hasText: newcomerEmail });
  await row.getByRole("button", { name: /^Approve/ }).click();
  await expect(organiser.getByRole("status")).toContainText("now speaks for Coventry Community Empowerment Network (CEN)");

  // A free-mail domain is refused next to the field, keeping what was typed; a real one is added.
  await organiser.getByLabel("Organisation", { exact: true }).selectOption({ label: "Coventry Community Empowerment Network (CEN)" });
  await organiser.getByLabel("Email domain").fill("gmail.com");
  await organiser.getByRole("button", { name: "Add domain" }).click();
  await expect(organiser.locator("#field-domain-error")).toContainText("free email service");
  await expect(organiser.getByLabel("Email domain")).toHaveValue("gmail.com");
  await expectAccessible(organiser, "organisations with an error");
  await organiser.getByLabel("Email domain").fill(`cen-${stamp}.example.org`);
  await organiser.getByRole("button", { name: "Add domain" }).click();
  await expect(organiser.getByRole("status")).toContainText(`cen-${stamp}.example.org is now a verified domain`);

  // The newcomer now speaks for CEN, and can add a colleague.
  await newcomer.goto("/your-organisation");
  await expect(newcomer.getByRole("listitem").filter({ hasText: "Coventry Community Empowerment Network (CEN)" })).toContainText("Verified");
  await newcomer.getByLabel("Their email address").fill(`colleague-${stamp}@cen-volunteers.example.org`);
  await newcomer.getByRole("button", { name: "Add colleague" }).click();
  await expect(newcomer.getByRole("status")).toContainText("now speaks for Coventry Community Empowerment Network (CEN)");
  await expectAccessible(newcomer, "your organisation (verified)");
  await newcomerContext.close();
  await organiserContext.close();
});

test("a lead adds someone by email to work on a nomination", async ({ page }) => {
  await signIn(page, NOMINATOR);
  await page.goto("/nominations");
  await page
    .getByRole("link", { name: /Warm welcome/ })
    .first()
    .click();
  await page.getByRole("link", { name: "People working on this nomination" }).click();
  await expect(page.getByRole("heading", { name: "People working on this nomination" })).toBeVisible();
  await expectAccessible(page, "people");
  await page.getByLabel("Their email address").fill("not-an-email");
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.locator("#field-email-error")).toContainText("right format");
  await expect(page.getByLabel("Their email address")).toHaveValue("not-an-email");
  await expectAccessible(page, "people with an error");
  await page.getByLabel("Their email address").fill(`helper-${stamp}@example.org`);
  await page.getByRole("button", { name: "Add", exact: true }).click();
  await expect(page.getByRole("status")).toContainText(`helper-${stamp}@example.org can now work on this nomination`);
  await expect(page.getByRole("listitem").filter({ hasText: `helper-${stamp}@example.org` })).toContainText("Added by a lead partner");
});
