import { expect, test } from "./fixtures";
import sharp from "sharp";
import { e2eDatabase, expectAccessible, signIn, storedDate } from "./helpers";

const ORGANISER = "organiser@demo.compact-awards.example";
const SLUG = "coventry-2010";

test("an organiser edits and publishes the press release; the public page, downloads, booklet and case studies appear", async ({ page }) => {
  test.setTimeout(180_000);

  // The demo's press release is published; the organiser takes it down first (with a confirmation step).
  expect((await page.request.get(`/cycles/${SLUG}/press-release`)).status()).toBe(200);
  await signIn(page, ORGANISER);
  await page.goto(`/admin/cycles/${SLUG}/press-release`);
  await expect(page.getByRole("heading", { level: 1, name: "Press release" })).toBeVisible();
  await expectAccessible(page, "press release editor");
  await page.getByRole("link", { name: "Unpublish" }).click();
  await page.getByRole("button", { name: "Yes, unpublish it" }).click();
  // Wait for the answer before asking for the public page (a request sent sooner can overtake the post).
  await expect(page.getByRole("status").filter({ hasText: "The press release is no longer public." })).toBeVisible();

  // Unpublished, the public press release and its downloads do not exist.
  for (const suffix of ["", ".md", ".docx"]) {
    expect((await page.request.get(`/cycles/${SLUG}/press-release${suffix}`)).status()).toBe(404);
  }

  // Edit the draft: add a line, including some HTML that must stay text.
  const editor = page.getByLabel("Press release (Markdown)");
  const draft = await editor.inputValue();
  expect(draft).toContain("# 14 partnerships recognised at the Coventry Compact Awards 2010");
  await editor.fill(`${draft}\nAdded by the e2e test: <script>window.hacked = true</script>\n`);
  await page.getByLabel("Who said it").fill("Chair of the Compact Strategic Group");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Press release saved." })).toBeVisible();
  await expect(page.locator(".press-release")).toContainText("Added by the e2e test: <script>window.hacked = true</script>");

  // Publish, with a confirmation step.
  await page.getByRole("link", { name: "Publish" }).click();
  await expect(page.getByRole("heading", { name: "Publish the press release?" })).toBeVisible();
  await expectAccessible(page, "publish confirmation");
  await page.getByRole("button", { name: "Yes, publish it" }).click();
  await expect(page.getByRole("status").filter({ hasText: "The press release is published." })).toBeVisible();
  await expect(page.getByText("Published", { exact: true })).toBeVisible();

  // The public page, as anyone sees it.
  await page.getByRole("link", { name: "See the public press release" }).click();
  await expect(page).toHaveURL(new RegExp(`/cycles/${SLUG}/press-release$`));
  await expect(page.getByRole("heading", { level: 1, name: "14 partnerships recognised at the Coventry Compact Awards 2010" })).toBeVisible();
  await expect(page.locator("article.press-release")).toContainText("Added by the e2e test: <script>window.hacked = true</script>");
  expect(await page.evaluate(() => (window as unknown as { hacked?: boolean }).hacked)).toBeUndefined();
  await expectAccessible(page, "public press release");

  const md = await page.request.get(`/cycles/${SLUG}/press-release.md`);
  expect(md.status()).toBe(200);
  expect(md.headers()["content-type"]).toBe("text/markdown; charset=utf-8");
  expect(await md.text()).toContain("Added by the e2e test");
  const docx = await page.request.get(`/cycles/${SLUG}/press-release.docx`);
  expect(docx.status()).toBe(200);
  expect(docx.headers()["content-type"]).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  expect((await docx.body()).subarray(0, 2).toString("latin1")).toBe("PK");

  // The booklet link works.
  const bookletHref = await page.getByRole("link", { name: "case-study booklet (PDF)" }).getAttribute("href");
  expect(bookletHref).toBe(`/cycles/${SLUG}/booklet.pdf`);
  const pdf = await page.request.get(bookletHref!, { timeout: 120_000 });
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");
  expect(pdf.headers()["content-disposition"]).toBe(`inline; filename="${SLUG}-case-studies.pdf"`);
  expect((await pdf.body()).subarray(0, 5).toString("latin1")).toBe("%PDF-");

  // Case studies: the list, then one case study.
  await page.getByRole("link", { name: "Case studies of every award" }).click();
  await expect(page).toHaveURL(new RegExp(`/cycles/${SLUG}/case-studies$`));
  await expect(page.getByRole("heading", { level: 1, name: "Case studies: Coventry Compact Awards 2010" })).toBeVisible();
  await expectAccessible(page, "case studies");
  await page.getByRole("link", { name: "The Reunite project" }).click();
  await expect(page).toHaveURL(new RegExp(`/cycles/${SLUG}/case-studies/[^/]+$`));
  await expect(page.getByRole("heading", { level: 1, name: "The Reunite project" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "What happened" })).toBeVisible();
  await expect(page.getByText("West Midlands Police")).toBeVisible();
  // the booklet was made above: the web page links to its own page of it
  await expect(page.getByRole("link", { name: /This case study in the booklet of all the case studies \(PDF, page \d+\)/ })).toHaveAttribute(
    "href",
    new RegExp(`^/cycles/${SLUG}/booklet\\.pdf#page=\\d+$`),
  );
  await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", /The Reunite project/);
  await expectAccessible(page, "case study");
});

test("organisers' booklet, ceremony and certificates pages", async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, ORGANISER);

  await page.goto(`/admin/cycles/${SLUG}/booklet`);
  await expect(page.getByRole("heading", { level: 1, name: "Case-study booklet" })).toBeVisible();
  await expectAccessible(page, "booklet admin");
  await page.getByLabel("Booklet introduction").fill("An introduction written in the e2e test.\n\nSecond paragraph.");
  await page.getByRole("button", { name: "Save introduction" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Introduction saved." })).toBeVisible();
  // A cover photo: a text file named .jpg is refused next to the field, keeping the credit; a real photo is saved.
  await page.getByLabel("Photo for the cover").setInputFiles({ name: "cover.jpg", mimeType: "image/jpeg", buffer: Buffer.from("not a photo at all") });
  await page.getByLabel("Photo credit (optional)").fill("Coventry Telegraph");
  await page.getByRole("button", { name: "Save cover photo" }).click();
  await expect(page.locator("#field-cover-error")).toContainText("not a photo we can use");
  await expect(page.getByLabel("Photo credit (optional)")).toHaveValue("Coventry Telegraph");
  await expectAccessible(page, "booklet cover refused");
  const photo = await sharp({ create: { width: 1200, height: 800, channels: 3, background: "#3a6a8a" } })
    .jpeg()
    .toBuffer();
  await page.getByLabel("Photo for the cover").setInputFiles({ name: "cover.jpg", mimeType: "image/jpeg", buffer: photo });
  await page.getByRole("button", { name: "Save cover photo" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Cover photo saved." })).toBeVisible();
  await expect(page.getByText("The cover has a photo (photo: Coventry Telegraph)")).toBeVisible();
  await page.getByRole("button", { name: /Generate booklet|Make the booklet again/ }).click();
  await expect(page.getByText("Up to date")).toBeVisible({ timeout: 120_000 });
  await expectAccessible(page, "booklet ready");
  const href = await page.getByRole("link", { name: /booklet \(PDF\)/ }).getAttribute("href");
  const pdf = await page.request.get(href!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()["content-type"]).toBe("application/pdf");

  await page.goto(`/admin/cycles/${SLUG}/ceremony`);
  await expect(page.getByRole("heading", { level: 1, name: /Running order/ })).toBeVisible();
  await expectAccessible(page, "ceremony");
  const field = page.getByLabel("Edit citation for The Reunite project");
  await field.fill("For helping young people home, together.");
  await page.getByRole("button", { name: "Save citation for The Reunite project" }).click();
  await expect(page.locator(".ceremony-item__citation", { hasText: "For helping young people home, together." })).toBeVisible();
  const certificates = await page.request.get(`/admin/cycles/${SLUG}/ceremony/certificates.pdf`);
  expect(certificates.status()).toBe(200);
  expect(certificates.headers()["content-type"]).toBe("application/pdf");
});

test("issue 19, item 5: publishing before the ceremony asks again, and publication can be scheduled for the ceremony", async ({ page, browser }) => {
  test.setTimeout(180_000);
  // The demo's 2010 cycle, its results decided but not yet published, its ceremony a month away.
  const db = e2eDatabase();
  const original = db.prepare("SELECT id, ceremonyAt, publishedAt FROM AwardCycle WHERE slug = ?").get(SLUG) as {
    id: string;
    ceremonyAt: string | null;
    publishedAt: string | null;
  };
  const ceremonyAt = new Date(Date.now() + 30 * 24 * 3_600_000);
  ceremonyAt.setUTCHours(18, 0, 0, 0);
  db.prepare("UPDATE AwardCycle SET ceremonyAt = ?, publishedAt = NULL, publishResultsAt = NULL WHERE id = ?").run(storedDate(ceremonyAt), original.id);
  const visitorCanSee = async () => {
    const visitor = await browser.newContext();
    try {
      return (await visitor.request.get(`/cycles/${SLUG}/results`)).status();
    } finally {
      await visitor.close();
    }
  };
  try {
    await signIn(page, ORGANISER);
    await page.goto(`/admin/cycles/${SLUG}/results`);
    const lifecycle = page.locator("#lifecycle");
    await expect(lifecycle.getByRole("button", { name: /^Schedule publication for the ceremony, / })).toBeVisible();

    // Publish: the usual confirmation says a second question will come, and then it does.
    await page.getByRole("link", { name: "Publish results" }).click();
    const confirm = page.getByRole("region", { name: "Publish the results of Coventry Compact Awards 2010?" });
    await expect(confirm).toContainText("you will be asked again before publishing ahead of it");
    await confirm.getByRole("button", { name: "Yes, publish the results" }).click();
    const again = page.getByRole("region", { name: "The ceremony has not happened yet" });
    await expect(again).toContainText("confidential until they are announced at the ceremony");
    await expect(again).toContainText(/The ceremony is on \w+day \d+ \w+ \d{4}, \d+(:\d+)?[ap]m/);
    await expectAccessible(page, "publish before the ceremony?");
    expect(await visitorCanSee()).toBe(404);

    // Schedule it for the ceremony instead: still not public, and the page says when it will be.
    await again.getByRole("button", { name: /^Schedule publication for the ceremony, / }).click();
    await expect(page.getByRole("status").filter({ hasText: "Publication scheduled" })).toBeVisible();
    await expect(lifecycle).toContainText("Publication scheduled: the results will be published at the ceremony");
    await expectAccessible(page, "publication scheduled");
    expect(await visitorCanSee()).toBe(404);
    const stored = db.prepare("SELECT publishResultsAt FROM AwardCycle WHERE id = ?").get(original.id) as { publishResultsAt: string | null };
    expect(new Date(stored.publishResultsAt!).getTime()).toBe(ceremonyAt.getTime());

    // Cancel the schedule, then publish now after all, answering both questions.
    await lifecycle.getByRole("button", { name: "Cancel the scheduled publication" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Scheduled publication cancelled" })).toBeVisible();
    await page.getByRole("link", { name: "Publish results" }).click();
    await page.getByRole("button", { name: "Yes, publish the results" }).click();
    await page.getByRole("button", { name: "Yes, publish now, before the ceremony" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Results published before the ceremony" })).toBeVisible();
    await expect(page.getByRole("table", { name: /Decisions and results, newest first/ })).toContainText("Results published before the ceremony");
    await expectAccessible(page, "published before the ceremony");
    expect(await visitorCanSee()).toBe(200);
  } finally {
    db.prepare("UPDATE AwardCycle SET ceremonyAt = ?, publishedAt = ?, publishResultsAt = NULL WHERE id = ?").run(
      original.ceremonyAt,
      original.publishedAt,
      original.id,
    );
    db.close();
  }
});
