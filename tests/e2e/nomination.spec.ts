import { expect, test, type Page } from "./fixtures";
import sharp from "sharp";
import { expectAccessible, latestLinkFor, signIn } from "./helpers";

/** The demo's nominators (app/demo/coventry-2010.ts, DEMO_NOMINATORS) and organiser. */
const NOMINATOR = "nominator@demo.compact-awards.example"; // Aisha Rahman, Coventry CEN (voluntary and community)
const COUNCIL_NOMINATOR = "council.nominator@demo.compact-awards.example"; // Tom Bradley, Coventry City Council (statutory)
const ORGANISER = "organiser@demo.compact-awards.example";

/** From "Your nominations", start a nomination in the demo's open cycle; returns its id and the cycle's slug. */
async function startNomination(page: Page): Promise<{ id: string; slug: string }> {
  await page.goto("/nominations");
  await expect(page.getByRole("heading", { level: 1, name: "Your nominations" })).toBeVisible();
  await expectAccessible(page, "your nominations");
  await page
    .getByRole("link", { name: /^Nominate for the / })
    .first()
    .click();
  await expect(page.getByRole("heading", { level: 1, name: "Start a nomination" })).toBeVisible();
  const slug = /\/cycles\/([^/]+)\/nominate/.exec(page.url())![1];
  await expectAccessible(page, "start a nomination");
  await page.getByRole("button", { name: "Start a nomination" }).click();
  await expect(page.getByRole("heading", { level: 2, name: "Sections" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Nomination started" })).toBeVisible();
  const id = /\/nominations\/([^/?#]+)$/.exec(page.url())![1];
  await expectAccessible(page, "task list");
  return { id, slug };
}

async function chooseCategory(page: Page, id: string) {
  await page.getByRole("link", { name: "Category" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Which category are you entering?" })).toBeVisible();
  await expectAccessible(page, "category");
  await page.locator('input[name="categoryId"]').first().check();
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page).toHaveURL(new RegExp(`/nominations/${id}/organisation$`));
  await expect(page.getByRole("heading", { level: 1, name: "Your organisation and its sector" })).toBeVisible();
  await expectAccessible(page, "your organisation");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Partner organisations" })).toBeVisible();
}

type NewPartner = { name: string; sector: RegExp; contact: string; email: string; role: string };

async function addExistingPartner(page: Page, organisation: string, contact: string, email: string, role: string) {
  await page.getByLabel("Yes, choose it from the list").check();
  await page.getByLabel("Choose the organisation").selectOption({ label: organisation });
  await page.getByLabel("Contact name").fill(contact);
  await page.getByLabel("Contact email address").fill(email);
  await page.getByRole("group", { name: "Role in the partnership" }).getByLabel(role, { exact: true }).check();
  await page.getByRole("button", { name: "Add partner" }).click();
  await expect(page.getByRole("status").filter({ hasText: "added as a partner" })).toBeVisible();
}

async function addNewPartner(page: Page, p: NewPartner) {
  await page.getByLabel("No, add a new organisation").check();
  await page.getByLabel("Organisation name", { exact: true }).fill(p.name);
  await page.getByRole("group", { name: "Sector" }).getByLabel(p.sector).check();
  await page.getByLabel("Contact name").fill(p.contact);
  await page.getByLabel("Contact email address").fill(p.email);
  await page.getByRole("group", { name: "Role in the partnership" }).getByLabel(p.role, { exact: true }).check();
  await page.getByRole("button", { name: "Add partner" }).click();
  await expect(page.getByRole("status").filter({ hasText: `${p.name} added as a partner` })).toBeVisible();
}

/** Presses Tab until the element matching `selector` has the focus (keyboard only, no clicks). */
async function tabTo(page: Page, selector: string, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`Could not reach ${selector} with the Tab key`);
}

async function submitForConfirmation(page: Page, id: string) {
  await expect(page).toHaveURL(new RegExp(`/nominations/${id}/check$`));
  await expect(page.getByRole("heading", { level: 1, name: "Check your answers" })).toBeVisible();
  await expect(page.getByText("Not ready to submit yet")).toHaveCount(0);
  await expectAccessible(page, "check your answers");
  await page.getByRole("button", { name: "Submit and ask for confirmation" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Sent for confirmation" })).toBeVisible();
  await expect(page.locator(".tag").filter({ hasText: "Waiting for partner to confirm" })).toBeVisible();
  await expectAccessible(page, "task list, waiting for the partner");
}

const suffix = Date.now().toString(36);

test("two partners from different organisations complete a joint nomination with 13 partners and a photo", async ({ page, browser }) => {
  test.setTimeout(240_000); // thirteen partners and an axe check on every step
  await signIn(page, NOMINATOR);
  const { id, slug } = await startNomination(page);
  await chooseCategory(page, id);
  await expectAccessible(page, "partners, only the drafter");

  // The council's lead contact (a different organisation, a different person) is the lead statutory partner.
  await addExistingPartner(page, "Coventry City Council (Statutory)", "Tom Bradley", COUNCIL_NOMINATOR, "Lead statutory partner");

  // A mistake: a message next to the field, and what was typed kept.
  await page.getByLabel("No, add a new organisation").check();
  await page.getByLabel("Organisation name", { exact: true }).fill(`Hillfields Youth Forum ${suffix}`);
  await page.getByLabel("Contact email address").fill("not-an-email");
  await page.getByRole("button", { name: "Add partner" }).click();
  await expect(page.getByRole("alert")).toContainText("There is a problem");
  await expect(page.locator("#field-contactEmail-error")).toContainText("right format");
  await expect(page.locator("#field-newOrganisationSector-error")).toContainText("Choose which sector");
  await expect(page.getByLabel("Organisation name", { exact: true })).toHaveValue(`Hillfields Youth Forum ${suffix}`);
  await expectAccessible(page, "partners with an error");

  // "five voluntary or community organisations and eight different teams within the Council"
  const partners: NewPartner[] = [
    ...Array.from({ length: 7 }, (_, i) => ({
      name: `Coventry City Council team ${i + 1} ${suffix}`,
      sector: /^Statutory/,
      contact: `Team manager ${i + 1}`,
      email: `team${i + 1}.${suffix}@coventry.example.gov.uk`,
      role: "Other partner",
    })),
    {
      name: `Hillfields Youth Forum ${suffix}`,
      sector: /^Voluntary or community/,
      contact: "Jo Hughes",
      email: `jo.${suffix}@youth-forum.example.org`,
      role: "Other partner",
    },
    {
      name: `St Peter's Lunch Club ${suffix}`,
      sector: /^Faith group/,
      contact: "Revd Ann Lee",
      email: `ann.${suffix}@stpeters.example.org`,
      role: "Other partner",
    },
    {
      name: `Green Bikes CIC ${suffix}`,
      sector: /^Social enterprise/,
      contact: "Raj Patel",
      email: `raj.${suffix}@greenbikes.example.org`,
      role: "Other partner",
    },
    {
      name: `Foleshill Tenants' Association ${suffix}`,
      sector: /^Voluntary or community/,
      contact: "Mo Khan",
      email: `mo.${suffix}@tenants.example.org`,
      role: "Other partner",
    },
  ];
  for (const p of partners) await addNewPartner(page, p);
  await expect(page.getByRole("heading", { level: 2, name: "13 partners" })).toBeVisible();
  await expect(page.getByText("Still needed:")).toHaveCount(0);
  await expectAccessible(page, "partners, thirteen");
  await page.getByRole("button", { name: "Save and continue" }).click();

  // The story, by keyboard only: Tab, typing, Space and Enter; no clicks.
  await expect(page.getByRole("heading", { level: 1, name: "The story" })).toBeVisible();
  await expectAccessible(page, "the story");
  const title = `Warm homes, warm welcome ${suffix}`;
  await tabTo(page, 'input[name="title"]');
  await page.keyboard.type(title);
  // Autosave: "Saving…" then "Saved" in a live region.
  await expect(page.getByRole("status").filter({ hasText: /^Saved/ })).toBeVisible({ timeout: 10_000 });
  await tabTo(page, 'textarea[name="summary"]');
  await page.keyboard.type("Thirteen partners helped families keep warm this winter.");
  await expect(page.locator("#summary-word-count")).toHaveText("8 of 60 words");
  await tabTo(page, 'textarea[name="whatHappened"]');
  await page.keyboard.type("The council's teams and five community groups ran warm spaces and home visits.");
  await tabTo(page, 'textarea[name="impact"]');
  await page.keyboard.type("Over 400 families were helped with heating and advice.");
  await tabTo(page, 'textarea[name="howPartnersWorked"]');
  await page.keyboard.type("A weekly call, one referral form and shared training.");
  await tabTo(page, 'textarea[name="quote"]');
  await page.keyboard.type("We were warm for the first time in years.");
  await tabTo(page, 'input[name="quoteAttribution"]');
  await page.keyboard.type("A parent in Hillfields");
  await tabTo(page, 'input[name="principles"][value="civil_society"]');
  await page.keyboard.press("Space");
  await tabTo(page, 'input[name="principles"][value="responsive_services"]');
  await page.keyboard.press("Space");
  await tabTo(page, 'input[name="startedDay"]');
  await page.keyboard.type("3");
  await tabTo(page, 'input[name="startedMonth"]');
  await page.keyboard.type("11");
  await tabTo(page, 'input[name="startedYear"]');
  await page.keyboard.type("2023");
  await tabTo(page, 'button[value="save"]');
  await page.keyboard.press("Enter");

  // A photo, with its caption, credit and consent.
  await expect(page).toHaveURL(new RegExp(`/nominations/${id}/files$`));
  await expect(page.getByRole("heading", { level: 1, name: "Photos and evidence" })).toBeVisible();
  await expectAccessible(page, "photos and evidence");
  const photo = await sharp({ create: { width: 120, height: 80, channels: 3, background: { r: 200, g: 120, b: 40 } } })
    .jpeg()
    .toBuffer();
  await page.getByLabel("Choose a file").setInputFiles({ name: "warm-space.jpg", mimeType: "image/jpeg", buffer: photo });
  await page.getByLabel("A photo").check();
  await page.getByLabel("Caption (optional)").fill("Volunteers at a warm space");
  await page.getByLabel("Photo credit (optional)").fill("Aisha Rahman");
  await page.getByLabel("For photos: everyone in it, and whoever took it, agrees to it being published").check();
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByRole("status").filter({ hasText: "has been uploaded" })).toBeVisible();
  await expectAccessible(page, "photos and evidence, one photo");
  await page.getByRole("link", { name: "Continue" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Consent" })).toBeVisible();
  await expectAccessible(page, "consent");
  await page.getByLabel("Yes, all the partners agree").check();
  await page.getByLabel("Who should people contact about this work?").fill("Coventry CEN, info@cen.example.org");
  await page.getByRole("button", { name: "Save and continue" }).click();

  await expect(page.getByRole("link", { name: "Volunteers at a warm space" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "The partners (13)" })).toBeVisible();
  await submitForConfirmation(page, id);

  // The other partner confirms from the emailed link, in their own browser, without signing in.
  const councilContext = await browser.newContext();
  const council = await councilContext.newPage();
  const link = await latestLinkFor(council, COUNCIL_NOMINATOR, /\/confirm\//);
  await council.goto(link);
  await expect(council.getByRole("heading", { level: 1, name: "Confirm a joint nomination" })).toBeVisible();
  await expect(council.getByRole("heading", { name: title })).toBeVisible();
  await expect(council.getByRole("heading", { name: "The partners (13)" })).toBeVisible();
  await expectAccessible(council, "confirm a joint nomination");
  await council.getByRole("button", { name: "Confirm this nomination" }).click();
  await expect(council.getByRole("heading", { level: 1, name: "Thank you: you have confirmed the nomination" })).toBeVisible();
  await expect(council.getByText("The nomination is now submitted")).toBeVisible();
  await expectAccessible(council, "confirmed");
  // The link works once.
  await council.goto(link);
  await expect(council.getByRole("heading", { level: 1, name: "This link has already been used" })).toBeVisible();
  await expectAccessible(council, "used confirmation link");

  // Every partner has a receipt.
  await latestLinkFor(council, `jo.${suffix}@youth-forum.example.org`, /\/nominations\//);
  // The subject names the awards, never the nomination's title (anyone who nominates chooses that); the email does.
  await expect(council.getByRole("heading", { level: 1, name: /^Nomination received: Coventry Compact Awards \d{4}$/ })).toBeVisible();
  await expect(council.locator("pre.mail-text")).toContainText(title);
  await councilContext.close();

  // The nomination now shows as submitted to the drafter.
  await page.goto(`/nominations/${id}`);
  await expect(
    page
      .locator(".tag")
      .filter({ hasText: /^Submitted$/ })
      .first(),
  ).toBeVisible();
  await page.goto("/nominations");
  await expect(page.getByRole("row", { name: new RegExp(title) })).toContainText("Submitted");

  // And it appears for the organiser.
  await page.getByRole("button", { name: /Sign out/ }).click();
  await signIn(page, ORGANISER);
  await page.goto(`/admin/cycles/${slug}/nominations`);
  await expect(page.getByRole("link", { name: title })).toBeVisible();
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 375, height: 740 } });

  test("the core steps work at 375 x 740: start, partners, story, consent, submit, confirm", async ({ page, browser }) => {
    test.setTimeout(180_000);
    await signIn(page, COUNCIL_NOMINATOR);
    const { id } = await startNomination(page);
    await chooseCategory(page, id);
    await expectAccessible(page, "partners on a phone");
    await addExistingPartner(
      page,
      "Coventry Community Empowerment Network (CEN) (Voluntary or community)",
      "Aisha Rahman",
      NOMINATOR,
      "Lead voluntary or community partner",
    );
    await page.getByRole("button", { name: "Save and continue" }).click();

    const title = `Phone-made nomination ${suffix}`;
    await expect(page.getByRole("heading", { level: 1, name: "The story" })).toBeVisible();
    await page.getByLabel("Title").fill(title);
    await page.getByLabel("Summary").fill(Array.from({ length: 61 }, () => "word").join(" "));
    await expect(page.locator("#summary-word-count")).toHaveText("61 of 60 words: 1 too many");
    await page.getByRole("button", { name: "Save and continue" }).click();
    await expect(page.locator("#field-summary-error")).toContainText("60 words or fewer (it has 61)");
    await expect(page.getByLabel("Title")).toHaveValue(title);
    await expectAccessible(page, "the story with errors, on a phone");
    await page.getByLabel("Summary").fill("A council team and a community network built a warm welcome together.");
    await page.getByLabel("What happened").fill("They ran warm spaces.");
    await page.getByLabel("The difference it made").fill("People were warm.");
    await page.getByLabel("How the partners worked together").fill("Weekly calls.");
    await page.getByLabel("An equal and fair society").check();
    await page.getByLabel("Day").fill("1");
    await page.getByLabel("Month").fill("2");
    await page.getByLabel("Year").fill("2024");
    await page.getByRole("button", { name: "Save and continue" }).click();

    await expect(page.getByRole("heading", { level: 1, name: "Photos and evidence" })).toBeVisible();
    await page.getByRole("link", { name: "Continue" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Consent" })).toBeVisible();
    await expectAccessible(page, "consent on a phone");
    await page.getByLabel("No", { exact: true }).check();
    await page.getByLabel("Who should people contact about this work?").fill("Coventry City Council partnerships team");
    await page.getByRole("button", { name: "Save and continue" }).click();
    await submitForConfirmation(page, id);

    const cenContext = await browser.newContext({ viewport: { width: 375, height: 740 } });
    const cen = await cenContext.newPage();
    await cen.goto(await latestLinkFor(cen, NOMINATOR, /\/confirm\//));
    await expect(cen.getByRole("heading", { level: 1, name: "Confirm a joint nomination" })).toBeVisible();
    await expectAccessible(cen, "confirm on a phone");
    await cen.getByRole("button", { name: "Confirm this nomination" }).click();
    await expect(cen.getByText("The nomination is now submitted")).toBeVisible();
    await cenContext.close();

    await page.goto(`/nominations/${id}`);
    await expect(
      page
        .locator(".tag")
        .filter({ hasText: /^Submitted$/ })
        .first(),
    ).toBeVisible();
    await expectAccessible(page, "submitted, on a phone");
  });
});
