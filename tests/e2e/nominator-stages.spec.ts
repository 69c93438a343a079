import { expect, test, type Page } from "./fixtures";
import { e2eDatabase, expectAccessible, signIn, storedDate } from "./helpers";

/**
 * Issue 19, item 8: the nominator's page tells each partner where the nomination stands, at
 * every stage: waiting for the other sector's confirmation, submitted, checked, being judged,
 * outcomes being decided, its outcome once the partners were told, and a link to its
 * published case study. The demo's "budget consultation" nomination is moved through the
 * stages directly in the e2e database, and put back afterwards (other files use the open cycle).
 */

const NOMINATOR = "nominator@demo.compact-awards.example";
const TITLE = "Community voices in the council's budget consultation (example)";
const HOUR = 3600_000;
const DAY = 24 * HOUR;

let cycle: { id: string; slug: string };
let nomination: { id: string; status: string; submittedAt: string | null };
let winner: { id: string; name: string };
let restore: (() => void) | undefined;

test.describe.configure({ mode: "serial" });

test.beforeAll(() => {
  const db = e2eDatabase();
  try {
    const row = db
      .prepare(
        "SELECT c.id, c.slug, c.nominationsCloseAt, c.judgingOpenAt, c.judgingCloseAt, n.id AS nominationId, n.status, n.submittedAt FROM Nomination n JOIN AwardCycle c ON c.id = n.cycleId WHERE n.title = ? AND c.isDemo = 1 AND c.publishedAt IS NULL",
      )
      .get(TITLE) as
      | {
          id: string;
          slug: string;
          nominationsCloseAt: string;
          judgingOpenAt: string | null;
          judgingCloseAt: string | null;
          nominationId: string;
          status: string;
          submittedAt: string | null;
        }
      | undefined;
    if (!row) throw new Error(`The demo's open cycle has no "${TITLE}"`);
    cycle = { id: row.id, slug: row.slug };
    nomination = { id: row.nominationId, status: row.status, submittedAt: row.submittedAt };
    winner = db.prepare("SELECT id, name FROM OutcomeTier WHERE cycleId = ? AND kind = 'winner'").get(cycle.id) as { id: string; name: string };
    restore = () => {
      const back = e2eDatabase();
      try {
        back.transaction(() => {
          back.prepare("DELETE FROM Decision WHERE nominationId = ?").run(nomination.id);
          back.prepare("UPDATE Nomination SET status = ?, submittedAt = ? WHERE id = ?").run(nomination.status, nomination.submittedAt, nomination.id);
          back
            .prepare(
              "UPDATE AwardCycle SET nominationsCloseAt = ?, judgingOpenAt = ?, judgingCloseAt = ?, resultsDecidedAt = NULL, resultsSentAt = NULL, publishedAt = NULL WHERE id = ?",
            )
            .run(row.nominationsCloseAt, row.judgingOpenAt, row.judgingCloseAt, cycle.id);
        })();
      } finally {
        back.close();
      }
    };
  } finally {
    db.close();
  }
});

test.afterAll(() => restore?.());

/** Changes the e2e database, then reloads the nominator's page. */
async function moveOn(page: Page, sql: string, ...values: unknown[]) {
  const db = e2eDatabase();
  try {
    db.prepare(sql).run(...values);
  } finally {
    db.close();
  }
  await page.goto(`/nominations/${nomination.id}`);
}

const next = (page: Page) => page.locator("h2:text-is('What happens next') + *, h2:text-is('What happens next') ~ p").first();

test("issue 19, item 8: the nominator's page moves on at every stage, to the outcome and the published case study", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, NOMINATOR);
  await page.goto(`/nominations/${nomination.id}`);
  await expect(page.getByRole("heading", { name: "What happens next" })).toBeVisible();
  await expect(next(page)).toContainText("a link to read the nomination and confirm it");
  await expectAccessible(page, "nomination waiting for the other sector");

  const now = Date.now();
  await moveOn(page, "UPDATE Nomination SET status = 'submitted', submittedAt = ? WHERE id = ?", storedDate(new Date(now - HOUR)), nomination.id);
  await expect(page.getByText("Both lead partners have confirmed it")).toBeVisible();
  await expectAccessible(page, "nomination submitted");

  await moveOn(page, "UPDATE Nomination SET status = 'eligible' WHERE id = ?", nomination.id);
  await expect(page.getByText(/The organisers have checked it meets the rules\. Judging starts on .+: a panel of judges will read it then\./)).toBeVisible();
  await expectAccessible(page, "nomination checked, waiting for judging");

  await moveOn(
    page,
    "UPDATE AwardCycle SET nominationsCloseAt = ?, judgingOpenAt = ? WHERE id = ?",
    storedDate(new Date(now - 2 * DAY)),
    storedDate(new Date(now - DAY)),
    cycle.id,
  );
  await expect(page.getByText(/A panel of judges is reading it now; judging closes on .+\./)).toBeVisible();
  await expectAccessible(page, "nomination being judged");

  await moveOn(page, "UPDATE AwardCycle SET judgingCloseAt = ? WHERE id = ?", storedDate(new Date(now - HOUR)), cycle.id);
  await expect(page.getByText("The judges have finished. The organisers are deciding the outcomes")).toBeVisible();
  await expect(page.getByText(/The awards are presented at the ceremony on/)).toBeVisible();
  await expectAccessible(page, "outcomes being decided");

  // Decided and locked, but nobody told: still "being decided" to the partners.
  await moveOn(
    page,
    "INSERT INTO Decision (id, nominationId, outcomeTierId, rationale, citation, decidedAt) VALUES (?, ?, ?, 'Strongest partnership', '', ?)",
    `e2e-stages-${nomination.id}`,
    nomination.id,
    winner.id,
    storedDate(new Date(now)),
  );
  await moveOn(page, "UPDATE AwardCycle SET resultsDecidedAt = ? WHERE id = ?", storedDate(new Date(now)), cycle.id);
  await expect(page.getByText("The judges have finished. The organisers are deciding the outcomes")).toBeVisible();
  await expect(page.getByText(/Outcome:/)).toHaveCount(0);

  // Told (the results marked as sent): the outcome, the ceremony, and when it goes public.
  await moveOn(page, "UPDATE AwardCycle SET resultsSentAt = ? WHERE id = ?", storedDate(new Date(now)), cycle.id);
  await expect(page.getByText(`Outcome: ${winner.name}.`)).toBeVisible();
  await expect(page.getByText("Congratulations to every partner.")).toBeVisible();
  await expect(page.getByText(/It will be presented at the ceremony on .+\. Please keep the result to yourselves until it is announced there\./)).toBeVisible();
  await expect(page.getByText("A link to its case study will appear here then.")).toBeVisible();
  await expect(page.getByText("A panel of judges will read it")).toHaveCount(0);
  await expectAccessible(page, "outcome told");

  // Published: the link to its public case study.
  await moveOn(page, "UPDATE AwardCycle SET publishedAt = ? WHERE id = ?", storedDate(new Date(now)), cycle.id);
  await expect(page.getByText("Please keep the result to yourselves")).toHaveCount(0);
  await page.getByRole("link", { name: "Read its case study" }).click();
  await expect(page).toHaveURL(new RegExp(`/cycles/${cycle.slug}/case-studies/${nomination.id}$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText("budget consultation");
  await expectAccessible(page, "the published case study, from the nominator's page");
});

test("issue 19, item 8: a nomination of a past, published cycle says its outcome and links to its case study", async ({ page }) => {
  const db = e2eDatabase();
  const past = db
    .prepare(
      "SELECT n.id, c.slug, t.name AS outcome FROM Nomination n JOIN AwardCycle c ON c.id = n.cycleId JOIN Decision d ON d.nominationId = n.id JOIN OutcomeTier t ON t.id = d.outcomeTierId JOIN User u ON u.id = n.createdById WHERE u.email = ? AND c.publishedAt IS NOT NULL",
    )
    .get(NOMINATOR) as { id: string; slug: string; outcome: string } | undefined;
  db.close();
  expect(past, "the demo nominator has an award in the published 2010 cycle").toBeTruthy();
  await signIn(page, NOMINATOR);
  await page.goto(`/nominations/${past!.id}`);
  await expect(page.getByText(`Outcome: ${past!.outcome}.`)).toBeVisible();
  await expect(page.getByRole("link", { name: "Read its case study" })).toHaveAttribute("href", `/cycles/${past!.slug}/case-studies/${past!.id}`);
  await expectAccessible(page, "a past award on the nominator's page");
});
