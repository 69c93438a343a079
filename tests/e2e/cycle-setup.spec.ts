import { expect, test, type Browser, type Page } from "./fixtures";
import { expectAccessible, signIn, SITE_ADMIN } from "./helpers";

/**
 * Issue 2, item 7: a site admin sets a cycle up from nothing (two categories, three
 * weighted criteria), launches it and sees it on the home page. Anonymous visitors are
 * sent to sign in. Every page visited is checked with axe.
 */

const stamp = Date.now().toString(36);
const CYCLE_NAME = `Warwick Compact Awards ${stamp}`;
const SLUG = `warwick-compact-awards-${stamp}`;

/**
 * axe needs JavaScript, so a page seen without it is checked as it stands: its HTML, with
 * the app's own scripts taken out (they never ran), is shown in a JavaScript-enabled page
 * on the same site and analysed there.
 */
async function expectAccessibleWithoutJs(browser: Browser, page: Page, label: string) {
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, "");
  const context = await browser.newContext({ baseURL: new URL(page.url()).origin, javaScriptEnabled: true });
  const copy = await context.newPage();
  await copy.goto("/healthz");
  await copy.setContent(html, { waitUntil: "load" });
  await expectAccessible(copy, label);
  await context.close();
}

function sectionNav(page: Page) {
  return page.getByRole("navigation", { name: "Organiser sections" });
}

async function addCategory(page: Page, name: string, description: string, guidance: string) {
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Description (optional)").fill(description);
  await page.getByLabel("Who can enter (optional)").fill(guidance);
  await page.getByRole("button", { name: "Add category" }).click();
  await expect(page.getByRole("status")).toContainText(`Category "${name}" added.`);
  await expect(page.getByRole("rowheader", { name })).toBeVisible();
}

async function addCriterion(page: Page, name: string, weight: string) {
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Guidance for judges (optional)").fill(`What judges should look for in ${name.toLowerCase()}.`);
  await page.getByLabel("Weight").fill(weight);
  await page.getByRole("button", { name: "Add criterion" }).click();
  await expect(page.getByRole("status")).toContainText(`Criterion "${name}" added.`);
}

test("a site admin creates a cycle, sets it up, launches it and sees it on the home page", async ({ page }) => {
  // A long journey with an axe check on every page: more than the default minute.
  test.setTimeout(240_000);
  await signIn(page, SITE_ADMIN, { name: "Sam Admin", organisation: "Warwick Compact Office", sector: "Statutory" });

  // Your cycles
  await page.goto("/admin");
  await expect(page.getByRole("heading", { level: 1, name: "Your award cycles" })).toBeVisible();
  await expectAccessible(page, "/admin");
  await page.getByRole("link", { name: "Create a new cycle" }).click();

  // Create: errors first, next to the fields and in the summary
  await expect(page.getByRole("heading", { level: 1, name: "Create a new cycle" })).toBeVisible();
  await expectAccessible(page, "/admin/cycles/new");
  await page.getByLabel("Nominations open").fill("2026-01-05T09:00");
  await page.getByLabel("Nominations close").fill("2025-12-01T17:00");
  await page.getByRole("button", { name: "Create cycle" }).click();
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("There is a problem");
  await expect(summary).toContainText("Enter the name of the awards");
  await expect(summary).toContainText("Nominations must close after they open");
  await expect(page.getByLabel("Nominations open")).toHaveValue("2026-01-05T09:00");
  await expectAccessible(page, "/admin/cycles/new with errors");

  await page.getByLabel("Name of the awards").fill(CYCLE_NAME);
  await expect(page.getByLabel("Web address name")).toHaveValue(SLUG);
  await page.getByLabel("Area", { exact: true }).fill("Warwick");
  await page
    .getByLabel("Introduction (optional)")
    .fill("Celebrating partnership working between public bodies and the voluntary and community sector in Warwick.");
  await page.getByLabel("Nominations close").fill("2031-03-31T17:00");
  await page.getByLabel("Judging closes (optional)").fill("2031-05-01T17:00");
  await page.getByLabel("Awards ceremony (optional)").fill("2031-06-12T18:00");
  await page.getByLabel("Ceremony venue (optional)").fill("Warwick Town Hall");
  await page.getByLabel("Contact name").fill("Sam Admin");
  await expect(page.getByLabel("Contact email address")).toHaveValue(SITE_ADMIN);
  await page.getByRole("button", { name: "Create cycle" }).click();

  // Dashboard: a draft that cannot launch yet
  await expect(page).toHaveURL(new RegExp(`/admin/cycles/${SLUG}$`));
  await expect(page.getByRole("heading", { level: 1, name: CYCLE_NAME })).toBeVisible();
  await expect(page.getByText("Draft (not public yet)")).toBeVisible();
  await expect(sectionNav(page).getByRole("link", { name: "Overview" })).toHaveAttribute("aria-current", "page");
  await expectAccessible(page, "dashboard (draft)");
  await page.getByRole("button", { name: "Launch: make this cycle public" }).click();
  await expect(page.getByRole("alert")).toContainText("cannot be made public yet");
  await expect(page.getByRole("alert")).toContainText("at least one category");
  await expectAccessible(page, "dashboard (launch refused)");

  // Categories: two, then reorder
  await sectionNav(page).getByRole("link", { name: "Categories" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Categories" })).toBeVisible();
  await expect(sectionNav(page).getByRole("link", { name: "Categories" })).toHaveAttribute("aria-current", "page");
  await expectAccessible(page, "categories (empty)");
  await addCategory(
    page,
    "Partnership",
    "Joint working between a statutory and a voluntary or community organisation.",
    "At least one statutory and one voluntary or community partner.",
  );
  await addCategory(page, "Volunteering", "Volunteers and public services achieving more together.", "Any partnership involving volunteers.");
  await page.getByRole("button", { name: "Move Volunteering category up" }).click();
  await expect(page.getByRole("status")).toContainText("Moved the Volunteering category up.");
  await expect(page.getByRole("rowheader").first()).toContainText("Volunteering");
  await expectAccessible(page, "categories (two)");

  // Criteria: three, weighted
  await sectionNav(page).getByRole("link", { name: "Criteria" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Criteria" })).toBeVisible();
  await expectAccessible(page, "criteria (empty)");
  await addCriterion(page, "Partnership between sectors", "2");
  await addCriterion(page, "Difference made", "1.5");
  // The third uses a 1 to 3 scale: the score boxes follow the scale as it is typed
  await page.getByLabel("Highest score").fill("3");
  await expect(page.getByLabel(/^Score \d+$/)).toHaveCount(3);
  await addCriterion(page, "Learning others can use", "1");
  const rows = page.getByRole("table").getByRole("row");
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(1)).toContainText("2");
  await expect(rows.nth(3)).toContainText("1 to 3");
  await expectAccessible(page, "criteria (three)");

  // The other set-up pages
  await sectionNav(page).getByRole("link", { name: "Outcomes" }).click();
  await expect(page.getByText("Not awarded is the absence of a tier.")).toBeVisible();
  await expect(page.getByRole("rowheader", { name: "Winner" })).toBeVisible();
  await expectAccessible(page, "outcome tiers");

  await sectionNav(page).getByRole("link", { name: "People" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "People" })).toBeVisible();
  await page.getByLabel("Email address").fill("judge.e2e@example.org");
  await page.getByLabel("Full name").fill("Jamie Judge");
  await page
    .getByRole("group", { name: "What they will do" })
    .getByRole("radio", { name: /^Judge\b/ })
    .check();
  await page.getByLabel("Add their organisation").check();
  await page.getByLabel("Organisation name").fill("Warwick District Council");
  await page.getByRole("group", { name: "Sector" }).getByLabel("Statutory", { exact: false }).check();
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status")).toContainText("judge.e2e@example.org is now a judge of this cycle");
  await expect(page.getByRole("rowheader", { name: "Jamie Judge" })).toBeVisible();
  await expectAccessible(page, "people");

  await sectionNav(page).getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Settings" })).toBeVisible();
  await expect(page.getByLabel("Nominations open")).toHaveValue("2026-01-05T09:00");
  await expectAccessible(page, "settings");

  // Launch
  await sectionNav(page).getByRole("link", { name: "Overview" }).click();
  await expect(page.getByText("Not done yet")).toHaveCount(0);
  await page.getByRole("button", { name: "Launch: make this cycle public" }).click();
  await expect(page.getByRole("status")).toContainText(`${CYCLE_NAME} is now public`);
  await expect(page.getByText(/^Public since/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Launch: make this cycle public" })).toHaveCount(0);
  await expectAccessible(page, "dashboard (launched)");

  // On the home page
  await page.goto("/");
  await expect(page.getByRole("link", { name: CYCLE_NAME })).toBeVisible();
  await expectAccessible(page, "home page");
});

test("an anonymous visitor opening an organiser's page is sent to sign in", async ({ page }) => {
  await page.goto(`/admin/cycles/${SLUG}`);
  await expect(page).toHaveURL(new RegExp(`/sign-in\\?redirectTo=%2Fadmin%2Fcycles%2F${SLUG}$`));
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await expectAccessible(page, "sign-in (redirected from the dashboard)");

  await page.goto("/admin/cycles/coventry-2010/categories");
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fadmin%2Fcycles%2Fcoventry-2010%2Fcategories$/);
  await page.goto("/admin");
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Fadmin/);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the set-up forms still work: create, add, reorder, and the score boxes follow a new scale", async ({ page, browser }) => {
    test.setTimeout(180_000);
    await signIn(page, SITE_ADMIN, { name: "Sam Admin", organisation: "Warwick Compact Office", sector: "Statutory" });
    const name = `Kenilworth Compact Awards ${stamp}`;
    await page.goto("/admin/cycles/new");
    await page.getByLabel("Name of the awards").fill(name);
    await page.getByLabel("Area", { exact: true }).fill("Kenilworth");
    await page.getByLabel("Nominations open").fill("2026-02-01T09:00");
    await page.getByLabel("Nominations close").fill("2026-03-29T01:30"); // the hour the clocks skip
    await page.getByLabel("Judging opens (optional)").fill("2026-03-29T00:30");
    await page.getByLabel("Contact name").fill("Sam Admin");
    await page.getByRole("button", { name: "Create cycle" }).click();
    await expect(page.getByRole("alert")).toContainText("Judging cannot open before nominations close");
    await expect(page.getByLabel("Name of the awards")).toHaveValue(name);
    await page.getByLabel("Judging opens (optional)").fill("2026-03-29T09:00");
    await page.getByRole("button", { name: "Create cycle" }).click();
    // A blank web address name is made from the name on the server
    await expect(page).toHaveURL(new RegExp(`/admin/cycles/kenilworth-compact-awards-${stamp}$`));

    await sectionNav(page).getByRole("link", { name: "Categories" }).click();
    await addCategory(page, "Partnership", "Joint working.", "Two sectors.");
    await addCategory(page, "Volunteering", "Volunteers.", "Any.");
    await page.getByRole("button", { name: "Move Partnership category down" }).click();
    await expect(page.getByRole("rowheader").first()).toContainText("Volunteering");

    await sectionNav(page).getByRole("link", { name: "Criteria" }).click();
    await expect(page.getByLabel(/^Score \d+$/)).toHaveCount(5);
    await page.getByLabel("Name", { exact: true }).fill("Difference made");
    await page.getByLabel("Highest score").fill("7");
    await page.getByRole("button", { name: "Show boxes for this scale" }).click();
    await expect(page.getByRole("status")).toContainText("There is now a box for each score from 1 to 7");
    await expect(page.getByLabel(/^Score \d+$/)).toHaveCount(7);
    await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Difference made");
    await expect(page.getByLabel("Score 1", { exact: true })).toHaveValue("Little or no evidence");
    await expectAccessibleWithoutJs(browser, page, "criteria, boxes shown again for a new scale");
    await page.getByRole("button", { name: "Add criterion" }).click();
    await expect(page.getByRole("alert")).toContainText("Describe what a score of 6 means");
    await page.getByLabel("Score 6", { exact: true }).fill("Excellent evidence");
    await page.getByLabel("Score 7", { exact: true }).fill("Exceptional evidence");
    await page.getByRole("button", { name: "Add criterion" }).click();
    await expect(page.getByRole("status")).toContainText('Criterion "Difference made" added.');
    await expect(page.getByRole("table")).toContainText("1 to 7");
    await expectAccessibleWithoutJs(browser, page, "criteria without JavaScript");
  });
});
