import { expect, test } from "./fixtures";
import { COVENTRY_2010_NOMINATIONS } from "../../app/demo/coventry-2010";
import { e2eDatabase, expectAccessible, signIn } from "./helpers";

/** The demo organiser (app/demo/coventry-2010.ts, DEMO_ORGANISER). */
const ORGANISER = "organiser@demo.compact-awards.example";
/** Aisha Rahman is a partner contact on two Coventry 2010 nominations: she gets two results emails. */
const AISHA = "nominator@demo.compact-awards.example";
const AISHA_NOMINATIONS = COVENTRY_2010_NOMINATIONS.filter((n) => n.partners.some((p) => p.contactEmail === AISHA));

/** A commendation's subject: the cycle and the award, never the nomination's title (anyone who nominates chooses that). */
const COMMENDATION_SUBJECT = "Congratulations: Commendation in the Coventry Compact Awards 2010";

/** One email per partner contact per nomination: every Coventry 2010 nomination is decided. */
const EXPECTED = COVENTRY_2010_NOMINATIONS.reduce((sum, n) => sum + new Set(n.partners.map((p) => p.contactEmail.toLowerCase())).size, 0);

test("the organiser previews and sends the results: one email per partner per nomination", async ({ page }) => {
  test.setTimeout(180_000); // several pages, each checked with axe
  expect(AISHA_NOMINATIONS.length).toBe(2);
  await signIn(page, ORGANISER);

  await page.goto("/admin/cycles/coventry-2010/emails");
  await expect(page.getByRole("heading", { level: 1, name: "Emails" })).toBeVisible();
  await expectAccessible(page, "emails: choose a message");

  // Pick the results: who will get what.
  await page.getByRole("navigation", { name: "Choose a message" }).getByRole("link", { name: "Results", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Results emails" })).toBeVisible();
  const table = page.getByRole("table", { name: /one row each/ });
  await expect(table).toBeVisible();
  await expect(table.locator("tbody tr")).toHaveCount(EXPECTED);
  await expect(table).toContainText("Result: special commendation");
  await expect(table).toContainText("Result: not awarded");
  await expect(table.locator("tbody tr").filter({ hasText: "Aisha Rahman" })).toHaveCount(2);
  await expectAccessible(page, "emails: results recipients");

  // Preview Aisha's email about the procurement code, rendered with its real data.
  const procurement = AISHA_NOMINATIONS.find((n) => /Procurement/.test(n.title))!;
  await page.getByRole("link", { name: `Preview the email to ${AISHA} about ${procurement.title}` }).click();
  const preview = page.locator("#preview");
  await expect(preview.getByRole("definition").filter({ hasText: COMMENDATION_SUBJECT })).toBeVisible();
  await expect(preview).toContainText(`Aisha Rahman <${AISHA}>`);
  const frame = page.frameLocator("iframe.mail-body");
  await expect(frame.getByText("Dear Aisha Rahman,")).toBeVisible();
  await expect(frame.locator("body")).toContainText(`Nomination: ${procurement.title}`);
  await expectAccessible(page, "emails: preview");

  // Send, after confirming.
  // From the keyboard: the preview left the page scrolled down to its frame, and a mouse
  // click computed before the scroll back up can land in the frame instead.
  await page.getByRole("button", { name: `Send ${EXPECTED} emails` }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: `You are about to send ${EXPECTED} emails. Send them?` })).toBeVisible();
  await expectAccessible(page, "emails: confirm");
  await page.getByRole("button", { name: `Yes, send ${EXPECTED} emails` }).click();

  // Progress until every one is sent, then the log.
  await expect(page.locator("#progress").getByRole("status")).toContainText(`${EXPECTED} of ${EXPECTED} sent`, { timeout: 60_000 });
  await expect(page.getByText("Every email on the list below has been sent or is in the log.")).toBeVisible();
  const log = page.getByRole("table", { name: /stored for this cycle/ });
  await expect(log.locator("tbody tr")).toHaveCount(EXPECTED);
  await expect(log.locator("tbody tr").filter({ hasText: "Sent" })).toHaveCount(EXPECTED);
  await expect(page.getByRole("button", { name: /^Send \d+ email/ })).toHaveCount(0);
  // The whole message's progress, and who was told what (issue 19, items 3 and 9).
  const progress = page.locator("#progress dl.progress-counts");
  await expect(progress).toContainText(`Emails in this message${EXPECTED}`);
  await expect(progress).toContainText(`Sent${EXPECTED}`);
  const told = page.getByRole("table", { name: /partner contacts of the decided nominations/ });
  await expect(told.locator("tbody tr").filter({ hasText: "Told the outcome now" })).toHaveCount(EXPECTED);
  await expectAccessible(page, "emails: sent, with the log");

  // The local mailbox: Aisha has one results email per nomination (both commendations).
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(AISHA)}`);
  const rows = page.locator("tbody tr");
  await expect(rows.filter({ hasText: COMMENDATION_SUBJECT })).toHaveCount(AISHA_NOMINATIONS.length);
  await expectAccessible(page, "mailbox");

  // And every partner of every nomination has exactly one results email about it (the subject
  // does not name the nomination: the outbox records which one each is about).
  const db = e2eDatabase();
  const results = db
    .prepare(
      `SELECT n.title AS title, m.toEmail AS toEmail, m.id AS id FROM EmailMessage m JOIN Nomination n ON n.id = m.nominationId
       JOIN AwardCycle c ON c.id = m.cycleId WHERE c.slug = 'coventry-2010' AND m.template LIKE 'results-%'`,
    )
    .all() as { title: string; toEmail: string; id: string }[];
  db.close();
  for (const n of COVENTRY_2010_NOMINATIONS) {
    const contacts = [...new Set(n.partners.map((p) => p.contactEmail.toLowerCase()))].sort();
    expect(
      results
        .filter((r) => r.title === n.title)
        .map((r) => r.toEmail)
        .sort(),
      n.title,
    ).toEqual(contacts);
  }
  const aboutProcurement = results.find((r) => r.title === procurement.title && r.toEmail === AISHA)!;
  await page.goto(`/dev/mailbox/${aboutProcurement.id}`);
  await expect(page.getByRole("heading", { level: 1, name: COMMENDATION_SUBJECT })).toBeVisible();
  await expect(page.locator("pre.mail-text")).toContainText("Dear");
  await expect(page.locator("pre.mail-text")).toContainText(procurement.title);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the organiser sends the ceremony invitation, with its calendar file, and the page follows the progress", async ({ page }) => {
    test.setTimeout(120_000);
    await signIn(page, ORGANISER);
    await page.goto("/admin/cycles/coventry-2010/emails?kind=ceremony-invitation");
    await expect(page.getByRole("heading", { level: 1, name: "Ceremony invitation emails" })).toBeVisible();
    const table = page.getByRole("table", { name: /one row each/ });
    await expect(table).toContainText("judge1@demo.compact-awards.example");
    await expect(table).toContainText(ORGANISER);

    const send = page.getByRole("button", { name: /^Send \d+ emails$/ });
    const count = Number(/\d+/.exec((await send.textContent()) ?? "")![0]);
    expect(count).toBeGreaterThan(4);
    expect(await table.locator("tbody tr").count()).toBe(count);
    await send.click();
    await expect(page.getByRole("heading", { name: `You are about to send ${count} emails. Send them?` })).toBeVisible();
    await page.getByRole("button", { name: `Yes, send ${count} emails` }).click();

    // While sending, the page reloads itself every 2 seconds (a refresh inside <noscript>);
    // in the end every invitation is sent and the reloading stops.
    const first = (await page.locator("#progress").textContent()) ?? "";
    if (first.includes("Sending:")) {
      await expect(page.locator('meta[http-equiv="refresh"]')).toHaveAttribute("content", "2");
      await expect(page.getByRole("link", { name: "Refresh the progress" })).toBeVisible();
    }
    await expect(page.locator("#progress").getByRole("status")).toContainText(`${count} of ${count} sent`, { timeout: 60_000 });
    await expect(page.locator('meta[http-equiv="refresh"]')).toHaveCount(0);

    await page.goto(`/dev/mailbox?to=${encodeURIComponent("judge1@demo.compact-awards.example")}`);
    const invitation = page.locator("tbody tr").filter({ hasText: "You are invited: Coventry Compact Awards 2010 ceremony" });
    await expect(invitation).toHaveCount(1);
    await invitation.getByRole("link").click();
    await expect(page.locator("dl.summary-list")).toContainText("ceremony.ics");
  });
});

/** A not-awarded Coventry 2010 nomination with two partner contacts (app/demo/coventry-2010.ts). */
const CORRECTED = COVENTRY_2010_NOMINATIONS.find((n) => n.partners.some((p) => p.contactEmail === "tilehill.boxing@example.org"))!;
const CORRECTION_SUBJECT = "Correction to your result in the Coventry Compact Awards 2010";

async function decideOutcome(page: import("./fixtures").Page, title: string, outcome: string, rationale: string) {
  const card = page.locator("article.results-nomination").filter({ has: page.getByRole("heading", { name: title }) });
  await card.getByRole("radio", { name: outcome, exact: true }).check();
  await card.getByLabel(/^Reasons for this outcome/).fill(rationale);
  await card.getByRole("button", { name: /^Save decision/ }).click();
  await expect(page.getByRole("status").filter({ hasText: `Decision saved: "${title}" - ${outcome}.` })).toBeVisible();
}

/** Unlocks the sent results for a correction, changes one outcome, locks again and sends the corrections. */
async function correct(page: import("./fixtures").Page, outcome: string, told: string, check: boolean) {
  await page.goto("/admin/cycles/coventry-2010/results");
  await expect(page.locator("#lifecycle")).toContainText("The partners have been told these results.");
  await page.getByLabel("Why correct the results?").fill("A mistake in one outcome was found after the emails went out");
  await page.getByRole("button", { name: "Unlock the results for a correction" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Results unlocked for a correction" })).toBeVisible();
  await expect(page.locator("#judging-closed")).toContainText("judging stays closed");
  if (check) await expectAccessible(page, "results unlocked for a correction");
  await decideOutcome(page, CORRECTED.title, outcome, "Corrected after the results were sent");
  await page.getByRole("button", { name: "Results decided: lock the outcomes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Results decided: the outcomes are locked." })).toBeVisible();

  // The emails page: who was told what, and the corrections for exactly that nomination's partners.
  await page.goto("/admin/cycles/coventry-2010/emails?kind=results-correction");
  await expect(page.getByRole("heading", { level: 1, name: "Results corrections emails" })).toBeVisible();
  const toldTable = page.getByRole("table", { name: /partner contacts of the decided nominations/ });
  const needing = toldTable.locator("tbody tr").filter({ hasText: "Correction to send" });
  await expect(needing).toHaveCount(2);
  await expect(needing.first()).toContainText(CORRECTED.title);
  await expect(needing.first()).toContainText(told);
  const recipients = page.getByRole("table", { name: /one row each/ });
  await expect(recipients.locator("tbody tr")).toHaveCount(2);
  if (check) await expectAccessible(page, "emails: corrections to send");
  await page.getByRole("button", { name: "Send 2 emails" }).click();
  await page.getByRole("button", { name: "Yes, send 2 emails" }).click();
  await expect(page.locator("#progress").getByRole("status")).toContainText("2 of 2 sent", { timeout: 60_000 });
  await expect(toldTable.locator("tbody tr").filter({ hasText: "Correction to send" })).toHaveCount(0);
  await expect(toldTable.locator("tbody tr").filter({ hasText: CORRECTED.title }).filter({ hasText: "Told the outcome now" })).toHaveCount(2);
  if (check) await expectAccessible(page, "emails: corrections sent, who was told what");
}

test("issue 19, item 3: after the results were sent, a changed outcome goes as a correction to exactly that nomination's partners", async ({ page }) => {
  test.setTimeout(240_000);
  await signIn(page, ORGANISER);
  // The results were sent by the test above; the published results come off the site first.
  await page.goto("/admin/cycles/coventry-2010/results");
  await page.getByLabel("Why take the results off the public site?").fill("To correct one outcome");
  await page.getByRole("button", { name: "Unpublish the results" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Results unpublished" })).toBeVisible();

  await correct(page, "Commendation", "Not awarded", true);
  await page.goto(`/dev/mailbox?to=${encodeURIComponent("tilehill.boxing@example.org")}`);
  await expect(page.locator("tbody tr").filter({ hasText: CORRECTION_SUBJECT })).toHaveCount(1);
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(AISHA)}`);
  await expect(page.locator("tbody tr").filter({ hasText: CORRECTION_SUBJECT })).toHaveCount(0);

  // Put it back as the demo had it (a second correction), and publish again.
  await correct(page, "Not awarded", "Commendation", false);
  await page.goto(`/dev/mailbox?to=${encodeURIComponent("tilehill.boxing@example.org")}`);
  await expect(page.locator("tbody tr").filter({ hasText: CORRECTION_SUBJECT })).toHaveCount(2);
  await page.goto("/admin/cycles/coventry-2010/results");
  await page.getByRole("link", { name: "Publish results" }).click();
  await page.getByRole("button", { name: "Yes, publish the results" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Results published" })).toBeVisible();
});
