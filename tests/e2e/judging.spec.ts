import { expect, test, type Browser, type BrowserContext, type Page } from "./fixtures";
import { e2eDatabase, expectAccessible, signIn, storedDate } from "./helpers";

/**
 * Judging the open demo cycle end to end: the organiser assigns judges automatically, the
 * three demo judges score their queues (one declares a conflict, one uses only the keyboard,
 * one loses the connection mid-scoring), and the organiser sees the progress and conflicts.
 *
 * The demo's open cycle is still taking nominations, so for this file only its dates are
 * moved into judging directly in the e2e database, and put back afterwards (other files
 * use it open for nominations).
 */

const ORGANISER = "organiser@demo.compact-awards.example";
const JUDGE_1 = "judge1@demo.compact-awards.example"; // Margaret Ellison, scores with the mouse, goes offline mid-scoring
const JUDGE_2 = "judge2@demo.compact-awards.example"; // David Okafor, scores with the keyboard only
const JUDGE_3 = "judge3@demo.compact-awards.example"; // Priya Sandhu, declares a conflict

const OFFLINE_TEXT = "Offline: saved on this laptop, will send when you are back online";

type Timeline = { nominationsCloseAt: string; judgingOpenAt: string | null; judgingCloseAt: string | null };
let cycle: { id: string; slug: string; name: string };
let original: Timeline;

test.describe.configure({ mode: "serial" });

test.beforeAll(() => {
  const db = e2eDatabase();
  try {
    const row = db
      .prepare(
        "SELECT id, slug, name, nominationsCloseAt, judgingOpenAt, judgingCloseAt FROM AwardCycle WHERE isDemo = 1 AND publishedAt IS NULL ORDER BY nominationsOpenAt DESC LIMIT 1",
      )
      .get() as ({ id: string; slug: string; name: string } & Timeline) | undefined;
    if (!row) throw new Error("The demo's open cycle is missing");
    cycle = { id: row.id, slug: row.slug, name: row.name };
    original = { nominationsCloseAt: row.nominationsCloseAt, judgingOpenAt: row.judgingOpenAt, judgingCloseAt: row.judgingCloseAt };
    const now = Date.now();
    db.prepare("UPDATE AwardCycle SET nominationsCloseAt = ?, judgingOpenAt = ?, judgingCloseAt = ? WHERE id = ?").run(
      storedDate(new Date(now - 2 * 24 * 3600_000)),
      storedDate(new Date(now - 24 * 3600_000)),
      storedDate(new Date(now + 14 * 24 * 3600_000)),
      cycle.id,
    );
  } finally {
    db.close();
  }
});

test.afterAll(() => {
  if (!cycle) return;
  const db = e2eDatabase();
  try {
    db.prepare("UPDATE AwardCycle SET nominationsCloseAt = ?, judgingOpenAt = ?, judgingCloseAt = ? WHERE id = ?").run(
      original.nominationsCloseAt,
      original.judgingOpenAt,
      original.judgingCloseAt,
      cycle.id,
    );
  } finally {
    db.close();
  }
});

/**
 * A signed-in person in their own browser (their own cookies and localStorage). Each test
 * closes the contexts it opened; a person needed again later reuses their saved sign-in.
 */
async function personPage(
  browser: Browser,
  email: string,
  options: { storageState?: Awaited<ReturnType<BrowserContext["storageState"]>>; javaScriptEnabled?: boolean } = {},
) {
  const { storageState, javaScriptEnabled = true } = options;
  const context = await browser.newContext({ ...(storageState ? { storageState } : {}), javaScriptEnabled });
  const page = await context.newPage();
  if (!storageState) await signIn(page, email);
  return { context, page };
}

/** This cycle's part of the judge's queue. */
function queueSection(page: Page) {
  return page.getByRole("region", { name: cycle.name, exact: true });
}

function status(page: Page) {
  return page.getByTestId("save-status");
}

/** The criteria on the scoring page, as their fieldsets. */
function criteria(page: Page) {
  return page.locator("fieldset.fieldset[id^='criterion-']");
}

/** Score every criterion with the mouse: `pick(index)` is the point for criterion `index`. */
async function scoreAll(page: Page, pick: (index: number) => number) {
  const count = await criteria(page).count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    await criteria(page)
      .nth(i)
      .getByRole("radio", { name: new RegExp(`^${pick(i)}\\b`) })
      .check();
  }
}

async function openNextToScore(page: Page) {
  await page.goto("/judge");
  const link = queueSection(page)
    .getByRole("link", { name: /^Start scoring/ })
    .first();
  await link.click();
}

async function passConflictStep(page: Page) {
  await expect(page.getByRole("heading", { name: "Before you start" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Do you have a conflict of interest with any of these partners?" })).toBeVisible();
  await page.getByRole("button", { name: "No conflict, show me the nomination" }).click();
  await expect(page.getByRole("heading", { name: "Your scores" })).toBeVisible();
}

/**
 * Scores the next nomination in the queue in a browser with JavaScript off. Nothing is sent
 * until a button is pressed. Submitting half-scored is refused, saying which criteria need a
 * score, and what was scored is kept as a draft; then "Save draft" and "Submit scores".
 */
async function scoreNextWithoutJavaScript(page: Page) {
  await openNextToScore(page);
  await passConflictStep(page);
  await criteria(page).nth(0).getByRole("radio", { name: /^2\b/ }).check();
  await page.getByRole("button", { name: "Submit scores" }).click();
  await expect(page.getByRole("alert")).toContainText("need a score");
  await expect(page.getByRole("alert")).toContainText("saved as a draft");
  await expect(criteria(page).nth(0).getByRole("radio", { name: /^2\b/ })).toBeChecked();
  await scoreAll(page, (k) => (k === 0 ? 2 : 3));
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Draft saved." })).toBeVisible();
  await expect(criteria(page).nth(1).getByRole("radio", { name: /^3\b/ })).toBeChecked();
  await page.getByRole("button", { name: "Submit scores" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Your scores have been submitted" })).toBeVisible();
  await expect(page.locator(".scoring-review-status")).toContainText("Submitted");
  // Weights 2, 2, 1, 1 and scores 2, 3, 3, 3: (2*0.25 + 2*0.5 + 0.5 + 0.5) / 6 on 1-5 is 2.7.
  await expect(page.locator("#weighted-total")).toContainText("2.7 out of 5");
}

let organiserSignIn: Awaited<ReturnType<BrowserContext["storageState"]>> | undefined;

test("the organiser assigns the judges automatically; the detected conflict is shown with its reason", async ({ browser }) => {
  const { context, page: organiser } = await personPage(browser, ORGANISER);
  await organiser.goto(`/admin/cycles/${cycle.slug}/judges`);
  await expect(organiser.getByRole("heading", { level: 1, name: "Judges" })).toBeVisible();
  await expect(organiser.getByRole("link", { name: "People" }).first()).toBeVisible();
  await expectAccessible(organiser, "organiser's judges page");

  await expect(organiser.getByLabel("Minimum judges per nomination")).toHaveValue("2");
  await organiser.getByRole("button", { name: "Assign judges automatically" }).click();
  const result = organiser.getByRole("status").filter({ hasText: "Automatic assignment done" });
  await expect(result).toContainText("new assignments made");
  await expect(result).toContainText("Every eligible nomination has enough judges");

  // David Okafor works for the City Council, a partner in the allotments nomination.
  const conflicts = organiser.getByRole("region", { name: "Conflicts of interest" });
  const row = conflicts.getByRole("row").filter({ hasText: "David Okafor" }).filter({ hasText: "Allotment" });
  await expect(row).toContainText("Detected");
  await expect(row).toContainText("Coventry City Council, is a partner");
  await expectAccessible(organiser, "organiser's judges page after assignment");
  organiserSignIn = await context.storageState();
  await context.close();
});

test("judge 1 scores with the mouse, loses the connection mid-scoring and the scores arrive when it returns; a stale tab is refused; then scores without JavaScript", async ({
  browser,
}) => {
  const { context, page } = await personPage(browser, JUDGE_1);
  await page.goto("/judge");
  await expect(page.getByRole("heading", { level: 1, name: "Your judging" })).toBeVisible();
  const section = queueSection(page);
  await expect(section).toContainText(/0 of \d+ scored/);
  await expect(section).toContainText("Judging closes on");
  await expect(section).toContainText("(UK time)");
  await expectAccessible(page, "judge's queue");

  const toScore = await section.getByRole("link", { name: /^Start scoring/ }).count();
  expect(toScore, "judge 1 has two nominations: one scored with JavaScript, one without").toBeGreaterThan(1);

  await openNextToScore(page);
  await expect(page.getByRole("listitem").filter({ hasText: "(example)" }).first()).toBeVisible(); // partner names, nothing else yet
  await expectAccessible(page, "conflict of interest step");
  await passConflictStep(page);
  await expect(page.getByRole("heading", { name: "The nomination" })).toBeVisible();
  await expect(page.getByText("Weighted total")).toBeVisible();
  await expectAccessible(page, "scoring page");

  // Scoring autosaves.
  await scoreAll(page, () => 4);
  await expect(status(page)).toHaveText("Saved");
  await expect(page.locator("#weighted-total")).toContainText("4.0 out of 5 (75.0 out of 100)");

  // The connection drops: changes are kept on this laptop and say so.
  await context.setOffline(true);
  await criteria(page).nth(0).getByRole("radio", { name: /^5\b/ }).check();
  await criteria(page).nth(1).getByRole("radio", { name: /^2\b/ }).check();
  await expect(status(page)).toHaveText(OFFLINE_TEXT);
  await page.getByLabel("Comment for the panel").fill("Written on the train: a real partnership of equals.");
  await expect(status(page)).toHaveText(OFFLINE_TEXT);
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("compact-awards:review:")).length);
  expect(kept).toBe(1);
  await expectAccessible(page, "scoring page offline");

  // Back online: they are sent.
  await context.setOffline(false);
  await expect(status(page)).toHaveText("Saved");
  await page.reload();
  await expect(criteria(page).nth(0).getByRole("radio", { name: /^5\b/ })).toBeChecked();
  await expect(criteria(page).nth(1).getByRole("radio", { name: /^2\b/ })).toBeChecked();
  await expect(page.getByLabel("Comment for the panel")).toHaveValue("Written on the train: a real partnership of equals.");

  // The same review open in a second tab, which saves first: this tab's save is refused, both
  // versions are shown side by side, and the judge chooses.
  const second = await context.newPage();
  await second.goto(page.url());
  await criteria(second).nth(2).getByRole("radio", { name: /^1\b/ }).check();
  await expect(status(second)).toHaveText("Saved");
  await criteria(page).nth(2).getByRole("radio", { name: /^5\b/ }).check();
  const stale = page.getByRole("alert").filter({ hasText: "These scores were changed somewhere else" });
  await expect(stale).toBeVisible();
  await expect(stale.getByRole("columnheader", { name: /Your version/ })).toBeVisible();
  await expect(stale.getByRole("columnheader", { name: /Saved version/ })).toBeVisible();
  const changedRow = stale.getByRole("row").filter({
    has: page.getByRole("rowheader", {
      name: await criteria(page)
        .nth(2)
        .locator("legend")
        .innerText()
        .then((t) => t.replace(/^\d+ of \d+:\s*/, "")),
    }),
  });
  await expect(changedRow.getByRole("cell").nth(0)).toHaveText("5");
  await expect(changedRow.getByRole("cell").nth(1)).toHaveText("1");
  await expect(status(page)).toContainText("Not saved");
  await expectAccessible(page, "stale save");
  await stale.getByRole("button", { name: "Keep my version" }).click();
  await expect(status(page)).toHaveText("Saved");
  await second.reload();
  await expect(criteria(second).nth(2).getByRole("radio", { name: /^5\b/ })).toBeChecked();
  await second.close();

  await page.getByRole("button", { name: "Submit scores" }).click();
  await expect(status(page)).toHaveText("Scores submitted");
  await expect(page.getByText("Your scores have been submitted")).toBeVisible();

  // The rest of the queue on another laptop, with JavaScript switched off: it all still works.
  const signedIn = await context.storageState();
  await context.close();
  const noJs = await personPage(browser, JUDGE_1, { storageState: signedIn, javaScriptEnabled: false });
  for (let i = 1; i < toScore; i++) await scoreNextWithoutJavaScript(noJs.page);
  await noJs.page.goto("/judge");
  await expect(queueSection(noJs.page)).toContainText(`${toScore} of ${toScore} scored`);
  await noJs.context.close();
});

/** Presses Tab until the focused element matches, like a keyboard user would. */
async function tabUntil(page: Page, matches: (el: { tag: string; type: string; name: string; text: string }) => boolean, limit = 400) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    const el = await page.evaluate(() => {
      const a = document.activeElement as HTMLInputElement | null;
      return {
        tag: a?.tagName.toLowerCase() ?? "",
        type: a?.getAttribute("type") ?? "",
        name: a?.getAttribute("name") ?? "",
        text: (a?.textContent ?? "").trim(),
      };
    });
    if (matches(el)) return el;
  }
  throw new Error("Tabbed through the whole page without reaching the element");
}

test("judge 2 scores using only the keyboard; the nomination they are conflicted with never appears", async ({ browser }) => {
  const { context, page } = await personPage(browser, JUDGE_2);
  await page.goto("/judge");
  const section = queueSection(page);
  await expect(section).not.toContainText("Allotment", { timeout: 1000 }); // a detected conflict: never shown to them
  const toScore = await section.getByRole("link", { name: /^Start scoring/ }).count();
  expect(toScore).toBeGreaterThan(0);

  for (let n = 0; n < toScore; n++) {
    await page.goto("/judge");
    await tabUntil(page, (el) => el.tag === "a" && el.text.startsWith("Start scoring"));
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { name: "Before you start" })).toBeVisible();
    await tabUntil(page, (el) => el.tag === "button" && el.text === "No conflict, show me the nomination");
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { name: "Your scores" })).toBeVisible();

    const count = await criteria(page).count();
    // Into the first criterion's radio group: Space chooses the first point, each Arrow Down the next one.
    await tabUntil(page, (el) => el.tag === "input" && el.type === "radio");
    for (let i = 0; i < count; i++) {
      await page.keyboard.press("Space");
      for (let step = 0; step < 2 + (i % 2); step++) await page.keyboard.press("ArrowDown");
      if (i < count - 1) await page.keyboard.press("Tab"); // on to the next criterion's group
    }
    await page.keyboard.press("Tab");
    await page.keyboard.type("Scored from the keyboard alone.");
    await tabUntil(page, (el) => el.tag === "button" && el.text === "Submit scores");
    await page.keyboard.press("Enter");
    await expect(status(page)).toHaveText("Scores submitted");

    for (let i = 0; i < count; i++) {
      await expect(
        criteria(page)
          .nth(i)
          .getByRole("radio", { name: new RegExp(`^${3 + (i % 2)}\\b`) }),
      ).toBeChecked();
    }
    await expect(page.getByLabel("Comment for the panel")).toHaveValue("Scored from the keyboard alone.");
  }
  await page.goto("/judge");
  await expect(queueSection(page)).toContainText(`${toScore} of ${toScore} scored`);
  await expectAccessible(page, "judge's queue, all scored");
  await context.close();
});

test("judge 3, with JavaScript switched off, declares a conflict when first opening a nomination, then scores the rest", async ({ browser }) => {
  const { context, page } = await personPage(browser, JUDGE_3, { javaScriptEnabled: false });
  await page.goto("/judge");
  const section = queueSection(page);
  const total = await section.getByRole("link", { name: /^Start scoring/ }).count();
  expect(total).toBeGreaterThan(0);

  await openNextToScore(page);
  await expect(page.getByRole("heading", { name: "Before you start" })).toBeVisible();
  // A reason is required.
  await page.getByRole("button", { name: "I have a conflict" }).click();
  await expect(page.getByRole("alert")).toContainText("Say briefly why you have a conflict of interest");
  await page.getByLabel("Why do you have a conflict of interest?").fill("I chair the steering group of one of the partners.");
  await page.getByRole("button", { name: "I have a conflict" }).click();
  await expect(page.getByRole("heading", { name: "You declared a conflict of interest" })).toBeVisible();
  await expect(page.getByText("I chair the steering group of one of the partners.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Your scores" })).toHaveCount(0);
  const declaredUrl = page.url();

  for (let i = 1; i < total; i++) await scoreNextWithoutJavaScript(page);
  await page.goto("/judge");
  await expect(queueSection(page).getByText("Conflict declared")).toBeVisible();
  await expect(queueSection(page)).toContainText(`${total - 1} of ${total - 1} scored`);

  // axe runs inside the page, so check the declaration page in a browser with JavaScript on.
  const signedIn = await context.storageState();
  await context.close();
  const withJs = await personPage(browser, JUDGE_3, { storageState: signedIn });
  await withJs.page.goto(declaredUrl);
  await expect(withJs.page.getByRole("heading", { name: "You declared a conflict of interest" })).toBeVisible();
  await expectAccessible(withJs.page, "declared conflict");
  await withJs.context.close();
});

test("the organiser sees the progress and every conflict with its reason", async ({ browser }) => {
  expect(organiserSignIn).toBeDefined();
  const { context, page: organiser } = await personPage(browser, ORGANISER, { storageState: organiserSignIn });
  await organiser.goto(`/admin/cycles/${cycle.slug}/judges`);
  const conflicts = organiser.getByRole("region", { name: "Conflicts of interest" });
  await expect(conflicts.getByRole("row").filter({ hasText: "Priya Sandhu" })).toContainText("Declared");
  await expect(conflicts.getByRole("row").filter({ hasText: "Priya Sandhu" })).toContainText("I chair the steering group");
  const progress = organiser.getByRole("region", { name: "Progress by judge" });
  for (const name of ["Margaret Ellison", "David Okafor"]) {
    const row = progress.getByRole("row").filter({ hasText: name });
    const cells = row.getByRole("cell");
    // Assigned equals scored, nothing in draft or not started.
    await expect(cells.nth(3)).toHaveText("0");
    await expect(cells.nth(4)).toHaveText("0");
  }
  await expectAccessible(organiser, "organiser's judges page after judging");
  await context.close();
});
