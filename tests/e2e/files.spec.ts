import { expect, test, type Page } from "./fixtures";
import sharp from "sharp";
import { completeProfile, expectAccessible, signIn } from "./helpers";

/**
 * Photos and evidence on a nomination (/nominations/:id/files): a nominator uploads a
 * photo with caption, credit and consent; a PDF renamed .jpg is refused next to the field
 * with what was typed kept; the same works with JavaScript switched off.
 */

/** Signs up a new nominator at an existing demo organisation and starts a nomination in the demo's open cycle. */
async function startNomination(page: Page, email: string): Promise<string> {
  const profile = { name: "Priya Shah", organisation: "Foleshill Women's Training" };
  await signIn(page, email, profile);
  // With JavaScript the sign-in may still be on its way when signIn() looks for "About you": finish it here.
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  if (new URL(page.url()).pathname === "/welcome") await completeProfile(page, profile);
  await expect(page).not.toHaveURL(/\/welcome/);
  await page.goto("/");
  const hrefs = await page.locator('a[href^="/cycles/"]').evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  const slug = hrefs.map((h) => /^\/cycles\/([^/?#]+)$/.exec(h)?.[1]).find((s) => s && s !== "coventry-2010");
  expect(slug, "the demo has a cycle open for nominations").toBeTruthy();
  await page.goto(`/cycles/${slug}/nominate`);
  await page.getByRole("button", { name: "Start a nomination" }).click();
  await expect(page).toHaveURL(/\/nominations\/[^/]+$/);
  return /\/nominations\/([^/?#]+)$/.exec(page.url())![1];
}

const photoBytes = () =>
  sharp({ create: { width: 300, height: 200, channels: 3, background: { r: 30, g: 110, b: 170 } } })
    .jpeg()
    .toBuffer();

function pdfBytes(): Buffer {
  const objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

async function uploadPhoto(page: Page) {
  await page.getByLabel("Choose a file").setInputFiles({ name: "opening-day.jpg", mimeType: "image/jpeg", buffer: await photoBytes() });
  await page.getByLabel("A photo").check();
  await page.getByLabel("Caption (optional)").fill("Volunteers opening the warm space");
  await page.getByLabel("Photo credit (optional)").fill("Sam Patel");
  await page.getByLabel("For photos: everyone in it, and whoever took it, agrees to it being published").check();
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByRole("status").filter({ hasText: "“opening-day.jpg” has been uploaded" })).toBeVisible();
  const item = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "opening-day.jpg" }) });
  await expect(item).toBeVisible();
  await expect(item.getByLabel("Caption for opening-day.jpg")).toHaveValue("Volunteers opening the warm space");
  await expect(item.getByLabel("Photo credit for opening-day.jpg")).toHaveValue("Sam Patel");
  await expect(item.getByRole("checkbox")).toBeChecked();
  return item;
}

async function refuseRenamedPdf(page: Page) {
  await page.getByLabel("Choose a file").setInputFiles({ name: "holiday.jpg", mimeType: "image/jpeg", buffer: pdfBytes() });
  await page.getByLabel("A photo").check();
  await page.getByLabel("Caption (optional)").fill("This caption must survive");
  await page.getByLabel("Photo credit (optional)").fill("Jo Bloggs");
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toBeVisible();
  await expect(page.locator("#field-file-error")).toHaveText("Error: The file is a PDF, not a photo. Choose a JPEG, PNG or WebP photo.");
  await expect(page.getByLabel("Choose a file")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Caption (optional)")).toHaveValue("This caption must survive");
  await expect(page.getByLabel("Photo credit (optional)")).toHaveValue("Jo Bloggs");
  await expect(page.getByLabel("A photo")).toBeChecked();
}

test("a nominator uploads a photo with caption, credit and consent; a PDF renamed .jpg is refused with a clear message", async ({ page }) => {
  const id = await startNomination(page, "files.nominator@e2e.example.org");
  await page.getByRole("link", { name: /Photos and evidence/ }).click();
  await expect(page).toHaveURL(new RegExp(`/nominations/${id}/files$`));
  await expect(page.getByRole("heading", { level: 1, name: "Photos and evidence" })).toBeVisible();
  await expect(page.getByText("No files yet.")).toBeVisible();
  await expectAccessible(page, "photos and evidence, empty");

  const item = await uploadPhoto(page);
  // The thumbnail is served by /files/:id and really loads.
  const img = item.getByRole("img", { name: "Photo: Volunteers opening the warm space" });
  await expect(img).toBeVisible();
  await expect.poll(() => img.evaluate((el) => (el as HTMLImageElement).naturalWidth)).toBe(300);
  await expectAccessible(page, "photos and evidence, one photo");

  const href = await item.getByRole("link", { name: /opening-day\.jpg/ }).getAttribute("href");
  const download = await page.request.get(href!);
  expect(download.status()).toBe(200);
  expect(download.headers()["content-type"]).toBe("image/jpeg");
  expect(download.headers()["x-content-type-options"]).toBe("nosniff");
  expect(download.headers()["content-disposition"]).toContain("inline");
  // Signed out, the same file is not there at all.
  const anonymous = await page.context().browser()!.newContext();
  expect((await anonymous.request.get(new URL(href!, page.url()).href)).status()).toBe(404);
  await anonymous.close();

  await refuseRenamedPdf(page);
  await expectAccessible(page, "photos and evidence, with an error");

  // Edit the caption of the uploaded photo.
  await item.getByLabel("Caption for opening-day.jpg").fill("The first warm space opens");
  await item.getByRole("button", { name: "Save details of opening-day.jpg" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Your changes have been saved." })).toBeVisible();
  await expect(page.getByLabel("Caption for opening-day.jpg")).toHaveValue("The first warm space opens");

  // Evidence, then remove it.
  await page.getByLabel("Choose a file").setInputFiles({ name: "annual report.pdf", mimeType: "application/pdf", buffer: pdfBytes() });
  await page.getByLabel("Evidence").check();
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByRole("status").filter({ hasText: "“annual report.pdf” has been uploaded" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Your files (2 of 10)" })).toBeVisible();
  await page.getByRole("button", { name: "Remove annual report.pdf" }).click();
  await expect(page.getByRole("status").filter({ hasText: "“annual report.pdf” has been removed." })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Your files (1 of 10)" })).toBeVisible();

  await page.getByRole("link", { name: "Back to the nomination" }).click();
  await expect(page).toHaveURL(new RegExp(`/nominations/${id}$`));
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the plain form uploads, and refuses a renamed PDF keeping what was typed", async ({ page }) => {
    const id = await startNomination(page, "files.nojs@e2e.example.org");
    await page.goto(`/nominations/${id}/files`);
    await uploadPhoto(page);
    await refuseRenamedPdf(page);
    // (axe needs JavaScript in the page; the same page is checked with it in the test above.)
  });
});
