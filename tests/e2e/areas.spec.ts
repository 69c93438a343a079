import sharp from "sharp";
import { expect, test } from "./fixtures";
import { expectAccessible, signIn, SITE_ADMIN } from "./helpers";

/**
 * Issue 13: the demo's two local Compacts on the home page and their own pages; a site admin
 * creates an area (a colour too pale to see is refused, next to the field) and appoints its
 * administrator. Every page visited is checked with axe.
 */

test("anyone finds each local Compact from the home page and sees its cycles", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 2, name: "Local Compacts" })).toBeVisible();
  await page.getByRole("link", { name: "Coventry Compact", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Coventry Compact" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Coventry Compact Awards 2010", exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Open for nominations" })).toBeVisible();
  await expectAccessible(page, "/areas/coventry");

  await page.goto("/areas/example-valley");
  await expect(page.getByRole("heading", { level: 1, name: "Example Valley Compact (an invented example)" })).toBeVisible();
  await expect(page.getByRole("link", { name: /Example Valley Compact Awards \d{4} \(an invented example\)/ })).toBeVisible();
  await expectAccessible(page, "/areas/example-valley");
});

test("the Compact areas page is accessible, with and without errors", async ({ page }) => {
  await signIn(page, SITE_ADMIN, { name: "Sam Admin", organisation: "Warwick Compact Office", sector: "Statutory" });
  await page.goto("/admin/areas");
  await expect(page.getByRole("rowheader", { name: "Coventry Compact" })).toBeVisible();
  await expectAccessible(page, "/admin/areas");
  await page.getByRole("button", { name: "Create area" }).click();
  await expect(page.getByRole("alert")).toContainText("Enter the name of the Compact area");
  await expectAccessible(page, "/admin/areas with errors");
});

test("a site admin edits an area's details and logo on its own page, which is accessible with and without errors", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, SITE_ADMIN, { name: "Sam Admin", organisation: "Warwick Compact Office", sector: "Statutory" });
  const stamp = Date.now().toString(36);
  const name = `Lancaster Compact ${stamp}`;
  await page.goto("/admin/areas");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Create area" }).click();
  await expect(page.getByRole("status")).toContainText(`${name} is set up`);
  await page.getByRole("link", { name: `Edit ${name}: details, logo and administrators` }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expectAccessible(page, "/admin/areas/:slug");

  await page.getByLabel("Brand colour (optional)").fill("#ffee00");
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByRole("alert")).toContainText("too pale to be seen on a white page");
  await expectAccessible(page, "/admin/areas/:slug with errors");
  await page.getByLabel("Brand colour (optional)").fill("#8a1538");
  await page.getByLabel("Short description (optional)").fill("Lancaster's public bodies and voluntary groups.");
  await page.getByRole("button", { name: "Save details" }).click();
  await expect(page.getByRole("status")).toContainText(`The details of ${name} are saved`);

  const png = await sharp({ create: { width: 400, height: 120, channels: 3, background: "#8a1538" } })
    .png()
    .toBuffer();
  await page.getByLabel("Logo file", { exact: true }).setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: png });
  await page.getByRole("button", { name: "Add logo" }).click();
  await expect(page.getByRole("alert")).toContainText("Enter a description of the logo");
  await page.getByLabel("Logo file", { exact: true }).setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: png });
  await page.getByLabel("Description of the logo").fill(`${name} logo`);
  await page.getByRole("button", { name: "Add logo" }).click();
  await expect(page.getByRole("status")).toContainText("The logo is saved");
  await expectAccessible(page, "/admin/areas/:slug with a logo");

  await page.goto("/");
  await page.getByRole("link", { name, exact: true }).click();
  const logo = page.getByRole("img", { name: `${name} logo` });
  await expect(logo).toBeVisible();
  expect(await logo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(400);
  await expectAccessible(page, "/areas/:slug with a logo");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a site admin creates a Compact area and appoints its administrator", async ({ page }) => {
    test.setTimeout(120_000);
    await signIn(page, SITE_ADMIN, { name: "Sam Admin", organisation: "Warwick Compact Office", sector: "Statutory" });
    await page.goto("/admin");
    await page.getByRole("link", { name: "Compact areas and their administrators" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Compact areas" })).toBeVisible();

    const stamp = Date.now().toString(36);
    const name = `Preston Compact ${stamp}`;
    await page.getByLabel("Name", { exact: true }).fill(name);
    await page.getByLabel("Brand colour (optional)").fill("#ffee00");
    await page.getByRole("button", { name: "Create area" }).click();
    await expect(page.getByRole("alert")).toContainText("too pale to be seen on a white page");
    await expect(page.getByLabel("Name", { exact: true })).toHaveValue(name);
    await page.getByLabel("Brand colour (optional)").fill("#8a1538");
    await page.getByRole("button", { name: "Create area" }).click();
    await expect(page.getByRole("status")).toContainText(`${name} is set up`);
    await expect(page.getByRole("rowheader", { name })).toBeVisible();

    await page.getByLabel("Compact area", { exact: true }).selectOption({ label: name });
    await page.getByLabel("Email address", { exact: true }).fill(`officer.${stamp}@preston.example.org`);
    await page.getByRole("button", { name: "Appoint administrator" }).click();
    await expect(page.getByRole("status")).toContainText(`is now an administrator of ${name}`);
    await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText(`officer.${stamp}@preston.example.org`);
  });
});
