import { expect, test, type Page } from "./fixtures";
import { e2eDatabase, expectAccessible, signIn, storedDate } from "./helpers";

/**
 * Moderation of the demo's open cycle "after judging": the organiser reads the ranked
 * results, decides every outcome with reasons (one first without reasons: an error next to
 * the field, nothing typed lost), locks the results and publishes them; the public results
 * page then shows them.
 *
 * The open cycle is still taking nominations, so this file puts it into moderation directly
 * in the e2e database: its counted nominations eligible, an assignment and a submitted
 * review for each of the three demo judges (conflicted where the judge's organisation is a
 * partner), and its dates moved so judging has closed. Everything is put back afterwards
 * (other files use the cycle open for nominations).
 */

const ORGANISER = "organiser@demo.compact-awards.example";
const JUDGES = ["judge1@demo.compact-awards.example", "judge2@demo.compact-awards.example", "judge3@demo.compact-awards.example"];
const PREFIX = "e2e-moderation";
const DAY = 24 * 3600_000;

type Nomination = { id: string; title: string; status: string };
let cycle: { id: string; slug: string; name: string };
let nominations: Nomination[] = [];
let tiers: { id: string; name: string }[] = [];
/** Nominations with fewer submitted reviews (from judges without a conflict) than the cycle needs: an award asks for an override. */
const short = new Set<string>();
let restore: (() => void) | undefined;

test.describe.configure({ mode: "serial" });

test.beforeAll(() => {
  const db = e2eDatabase();
  try {
    const row = db
      .prepare(
        "SELECT id, slug, name, nominationsCloseAt, judgingOpenAt, judgingCloseAt FROM AwardCycle WHERE isDemo = 1 AND publishedAt IS NULL ORDER BY nominationsOpenAt DESC LIMIT 1",
      )
      .get() as { id: string; slug: string; name: string; nominationsCloseAt: string; judgingOpenAt: string | null; judgingCloseAt: string | null } | undefined;
    if (!row) throw new Error("The demo's open cycle is missing");
    cycle = { id: row.id, slug: row.slug, name: row.name };
    nominations = db
      .prepare("SELECT id, title, status FROM Nomination WHERE cycleId = ? AND status IN ('submitted', 'eligible') ORDER BY title")
      .all(cycle.id) as Nomination[];
    if (nominations.length < 3) throw new Error("The open cycle needs at least three submitted nominations");
    tiers = db.prepare("SELECT id, name FROM OutcomeTier WHERE cycleId = ? ORDER BY rank").all(cycle.id) as { id: string; name: string }[];
    const criteria = db.prepare("SELECT id, scaleMin, scaleMax FROM Criterion WHERE cycleId = ? ORDER BY position").all(cycle.id) as {
      id: string;
      scaleMin: number;
      scaleMax: number;
    }[];
    const judges = JUDGES.map(
      (email) => db.prepare("SELECT id, organisationId FROM User WHERE email = ?").get(email) as { id: string; organisationId: string | null },
    );

    // What to put back.
    const reviewsBefore = db
      .prepare("SELECT r.id, r.status, r.submittedAt, r.version FROM Review r JOIN Assignment a ON a.id = r.assignmentId WHERE a.cycleId = ?")
      .all(cycle.id) as { id: string; status: string; submittedAt: string | null; version: number }[];
    const scoresBefore = db
      .prepare(
        "SELECT s.reviewId, s.criterionId, s.value FROM Score s JOIN Review r ON r.id = s.reviewId JOIN Assignment a ON a.id = r.assignmentId WHERE a.cycleId = ?",
      )
      .all(cycle.id) as { reviewId: string; criterionId: string; value: number }[];

    const now = Date.now();
    const at = storedDate(new Date(now - 3 * DAY));
    const write = db.transaction(() => {
      db.prepare("UPDATE AwardCycle SET nominationsCloseAt = ?, judgingOpenAt = ?, judgingCloseAt = ? WHERE id = ?").run(
        storedDate(new Date(now - 20 * DAY)),
        storedDate(new Date(now - 19 * DAY)),
        storedDate(new Date(now - DAY)),
        cycle.id,
      );
      const makeEligible = db.prepare("UPDATE Nomination SET status = 'eligible' WHERE id = ?");
      const partnersOf = db.prepare("SELECT organisationId FROM NominationPartner WHERE nominationId = ?").pluck();
      const findAssignment = db.prepare("SELECT id, conflict FROM Assignment WHERE judgeId = ? AND nominationId = ?");
      const addAssignment = db.prepare(
        "INSERT INTO Assignment (id, cycleId, judgeId, nominationId, conflict, conflictReason, conflictAt, openedAt, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      );
      const findReview = db.prepare("SELECT id FROM Review WHERE assignmentId = ?").pluck();
      const addReview = db.prepare(
        "INSERT INTO Review (id, assignmentId, commentForPanel, noteForNominators, status, version, submittedAt, createdAt, updatedAt) VALUES (?, ?, ?, '', 'submitted', 2, ?, ?, ?)",
      );
      const submitReview = db.prepare(
        "UPDATE Review SET status = 'submitted', submittedAt = ?, commentForPanel = CASE WHEN commentForPanel = '' THEN ? ELSE commentForPanel END WHERE id = ?",
      );
      const setScore = db.prepare("INSERT OR REPLACE INTO Score (reviewId, criterionId, value) VALUES (?, ?, ?)");
      nominations.forEach((n, i) => {
        makeEligible.run(n.id);
        const partners = new Set(partnersOf.all(n.id) as string[]);
        judges.forEach((judge, j) => {
          let assignment = findAssignment.get(judge.id, n.id) as { id: string; conflict: string } | undefined;
          if (!assignment) {
            const conflicted = !!judge.organisationId && partners.has(judge.organisationId);
            assignment = { id: `${PREFIX}-assignment-${i}-${j}`, conflict: conflicted ? "detected" : "none" };
            addAssignment.run(
              assignment.id,
              cycle.id,
              judge.id,
              n.id,
              assignment.conflict,
              conflicted ? "Their organisation is a partner" : null,
              conflicted ? at : null,
              conflicted ? null : at,
              at,
            );
          }
          if (assignment.conflict !== "none") return;
          const comment = `Judge ${j + 1} on "${n.title}": ${i === 0 ? "outstanding partnership" : i === nominations.length - 1 ? "too early to tell" : "solid joint working"}.`;
          let reviewId = findReview.get(assignment.id) as string | undefined;
          if (reviewId) submitReview.run(at, comment, reviewId);
          else addReview.run((reviewId = `${PREFIX}-review-${i}-${j}`), assignment.id, comment, at, at, at);
          criteria.forEach((c, k) => {
            const value = Math.min(c.scaleMax, Math.max(c.scaleMin, c.scaleMax - i - ((j + k) % 2)));
            setScore.run(reviewId, c.id, value);
          });
        });
      });
    });
    write();
    const min = (db.prepare("SELECT minJudgesPerNomination FROM AwardCycle WHERE id = ?").pluck().get(cycle.id) as number) ?? 0;
    const counted = db.prepare(
      "SELECT COUNT(*) FROM Assignment a JOIN Review r ON r.assignmentId = a.id WHERE a.nominationId = ? AND a.conflict = 'none' AND r.status = 'submitted'",
    );
    for (const n of nominations) if ((counted.pluck().get(n.id) as number) < min) short.add(n.id);

    restore = () => {
      const db = e2eDatabase();
      const back = db.transaction(() => {
        db.prepare(
          "UPDATE AwardCycle SET nominationsCloseAt = ?, judgingOpenAt = ?, judgingCloseAt = ?, resultsDecidedAt = NULL, publishedAt = NULL WHERE id = ?",
        ).run(row.nominationsCloseAt, row.judgingOpenAt, row.judgingCloseAt, cycle.id);
        for (const n of nominations) db.prepare("UPDATE Nomination SET status = ? WHERE id = ?").run(n.status, n.id);
        db.prepare("DELETE FROM Decision WHERE nominationId IN (SELECT id FROM Nomination WHERE cycleId = ?)").run(cycle.id);
        db.prepare("DELETE FROM Assignment WHERE id LIKE ?").run(`${PREFIX}-%`);
        for (const r of reviewsBefore) {
          db.prepare("UPDATE Review SET status = ?, submittedAt = ?, version = ? WHERE id = ?").run(r.status, r.submittedAt, r.version, r.id);
          db.prepare("DELETE FROM Score WHERE reviewId = ?").run(r.id);
        }
        for (const s of scoresBefore) db.prepare("INSERT INTO Score (reviewId, criterionId, value) VALUES (?, ?, ?)").run(s.reviewId, s.criterionId, s.value);
      });
      try {
        back();
      } finally {
        db.close();
      }
    };
  } finally {
    db.close();
  }
});

test.afterAll(() => {
  restore?.();
});

function card(page: Page, n: Nomination) {
  return page.locator(`#nomination-${n.id}`);
}

async function decide(page: Page, n: Nomination, outcome: string, rationale: string, citation = "") {
  const article = card(page, n);
  await article.getByRole("radio", { name: outcome, exact: true }).check();
  await article.getByLabel(/^Reasons for this outcome/).fill(rationale);
  if (citation) await article.getByLabel(/^Citation \(optional\)/).fill(citation);
  await article.getByRole("button", { name: /^Save decision/ }).click();
  if (outcome !== "Not awarded" && short.has(n.id)) {
    // Issue 19, item 1: an award the judging does not support is refused next to the outcome,
    // with what was typed kept; it stands only with an override's reason, shown on the page.
    await expect(page.locator(`#field-outcome-${n.id}-error`)).toContainText("needs an eligible nomination with at least");
    await expect(card(page, n).getByLabel(/^Reasons for this outcome/)).toHaveValue(rationale);
    await expectAccessible(page, "an award refused for want of judging");
    await card(page, n)
      .getByLabel(/^Reason to give an award anyway \(override\)/)
      .fill("Read in full by the whole panel at its meeting; one judge's scores were lost.");
    await card(page, n)
      .getByRole("button", { name: /^Save decision/ })
      .click();
    await expect(page.getByRole("status").filter({ hasText: `Decision saved: "${n.title}" - ${outcome}, by override` })).toBeVisible();
    await expect(card(page, n).getByText("Awarded by override", { exact: false })).toBeVisible();
    await expect(card(page, n).getByText(`Decided: ${outcome}`, { exact: false })).toBeVisible();
    return;
  }
  await expect(page.getByRole("status").filter({ hasText: `Decision saved: "${n.title}" - ${outcome}.` })).toBeVisible();
  await expect(card(page, n).getByText(`Decided: ${outcome}`, { exact: false })).toBeVisible();
}

test("without JavaScript: the strip charts and their text are in the page, and a decision form works", async ({ browser }) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    await signIn(page, ORGANISER);
    await page.goto(`/admin/cycles/${cycle.slug}/results`);
    const charts = page.locator("svg.strip-chart[role='img']");
    await expect(charts.first()).toBeVisible();
    const labels = await charts.evaluateAll((svgs) => svgs.map((s) => s.getAttribute("aria-label") ?? ""));
    expect(labels.length).toBeGreaterThanOrEqual(nominations.length - 1);
    for (const label of labels) expect(label).toMatch(/^(Judges' scores out of 100 for .+: .+|No judge has scored .+)\.$/);

    // The form posts and the server answers: first without reasons, then with them
    // (on a nomination whose judging supports an award, so no override is asked for).
    const n = nominations.slice(1).find((x) => !short.has(x.id))!;
    const article = card(page, n);
    await article.getByRole("radio", { name: tiers[1].name, exact: true }).check();
    await article.getByLabel(/^Citation \(optional\)/).fill("Typed without JavaScript");
    await article.getByRole("button", { name: /^Save decision/ }).click();
    await expect(page.locator(`#field-rationale-${n.id}-error`)).toContainText("Enter the reasons for this outcome");
    await expect(card(page, n).getByLabel(/^Citation \(optional\)/)).toHaveValue("Typed without JavaScript");
    await expect(card(page, n).getByRole("radio", { name: tiers[1].name, exact: true })).toBeChecked();
    await card(page, n)
      .getByLabel(/^Reasons for this outcome/)
      .fill("Recorded without JavaScript.");
    await card(page, n)
      .getByRole("button", { name: /^Save decision/ })
      .click();
    await expect(page.getByRole("status").filter({ hasText: `Decision saved: "${n.title}" - ${tiers[1].name}.` })).toBeVisible();
  } finally {
    await context.close();
  }
});

test("the organiser moderates the open cycle after judging, decides with reasons, locks and publishes; the public page shows the results", async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000); // many pages, each checked with axe
  const resultsUrl = `/admin/cycles/${cycle.slug}/results`;

  // Before publication the public page does not exist, for the organiser either.
  await signIn(page, ORGANISER);
  const early = await page.goto(`/cycles/${cycle.slug}/results`);
  expect(early?.status()).toBe(404);

  await page.goto(resultsUrl);
  await expect(page.getByRole("heading", { level: 1, name: "Results" })).toBeVisible();
  await expect(page.getByText(`${cycle.name}: Deciding outcomes.`)).toBeVisible();
  for (const n of nominations) await expect(card(page, n)).toBeVisible();
  // Ranks, measures, the strip chart with its text alternative, and every judge's comment.
  const first = card(page, nominations[0]);
  await expect(first.locator(".results-rank")).toHaveText(/^Rank =?\d+/);
  await expect(first.locator(".results-measures")).toContainText("Normalised");
  await expect(first.locator(".results-measures")).toContainText("Median (0-100)");
  const chart = first.locator("svg.strip-chart");
  await expect(chart).toHaveAttribute("role", "img");
  await expect(chart).toHaveAttribute(
    "aria-label",
    new RegExp(`^Judges' scores out of 100 for ${escape(nominations[0].title)}: .+ \\d+(\\.\\d)?(, .+ \\d+(\\.\\d)?)*; mean \\d`),
  );
  await expect(chart.locator("desc")).toHaveText(/Judges' scores out of 100/);
  await expect(first.locator(".panel-comments li").first()).toContainText("outstanding partnership");
  await expect(first.getByRole("link", { name: /^Read the nomination in full/ })).toHaveAttribute(
    "href",
    `/admin/cycles/${cycle.slug}/nominations/${nominations[0].id}`,
  );
  await expectAccessible(page, "moderation page");

  // A decision without reasons: the error is next to the field, and what was typed stays.
  const winner = tiers[0].name;
  await first.getByRole("radio", { name: winner, exact: true }).check();
  await first.getByLabel(/^Citation \(optional\)/).fill("For a partnership of equals");
  await first.getByRole("button", { name: /^Save decision/ }).click();
  await expect(page.locator(`#field-rationale-${nominations[0].id}-error`)).toContainText("Enter the reasons for this outcome");
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toBeVisible();
  await expect(first.getByLabel(/^Citation \(optional\)/)).toHaveValue("For a partnership of equals");
  await expect(first.getByRole("radio", { name: winner, exact: true })).toBeChecked();
  await expectAccessible(page, "moderation page with an error");

  // Locking before every nomination has an outcome is refused, naming what is left.
  await page.getByRole("button", { name: "Results decided: lock the outcomes" }).click();
  await expect(page.locator("#lifecycle")).toContainText(`${nominations.length - 1} nominations have no outcome`);

  // Decide every nomination, with reasons (an award short of judging needs an override: the demo has one).
  expect(short.size, "the demo's open cycle has a nomination short of judges").toBeGreaterThan(0);
  await decide(page, nominations[0], winner, "Both partners shaped it from the start; strongest evidence of impact.", "For a partnership of equals");
  await decide(page, nominations[1], tiers[1].name, "A genuine partnership with a clear difference for families.");
  for (const n of nominations.slice(2, -1)) await decide(page, n, tiers[2].name, "Solid joint working; commend.");
  const last = nominations[nominations.length - 1];
  // Score bands suggest an outcome; "Accept suggestion" fills in the form.
  await page.getByLabel(`${tiers[3].name} from`).fill("-10");
  await page.getByRole("button", { name: "Show the results" }).click();
  await expect(page).toHaveURL(new RegExp(`band-${tiers[3].id}=-10`));
  await expect(card(page, last).locator(".results-suggestion")).toContainText(`Score bands suggest: ${tiers[3].name}`);
  await card(page, last)
    .getByRole("link", { name: /^Accept suggestion/ })
    .click();
  await expect(card(page, last).getByRole("radio", { name: tiers[3].name, exact: true })).toBeChecked();
  await card(page, last).getByRole("radio", { name: "Not awarded", exact: true }).check();
  await decide(page, last, "Not awarded", "Too early to see the difference made; encourage them to nominate again.");
  await expect(page.getByRole("table", { name: /Decisions and results, newest first/ })).toContainText("Not awarded");
  await expect(page.getByRole("table", { name: /Decisions and results, newest first/ })).toContainText("Override: Read in full by the whole panel");
  await expectAccessible(page, "moderation page with decisions");

  // Lock, then publish through the confirmation step.
  await page.getByRole("button", { name: "Results decided: lock the outcomes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Results decided: the outcomes are locked." })).toBeVisible();
  await expect(card(page, nominations[0]).getByRole("button", { name: /^Save decision/ })).toHaveCount(0);
  await expectAccessible(page, "locked results");
  await page.getByRole("link", { name: "Publish results" }).click();
  const confirm = page.getByRole("region", { name: `Publish the results of ${cycle.name}?` });
  await expect(confirm).toBeVisible();
  await expectAccessible(page, "publish confirmation");
  await confirm.getByRole("button", { name: "Yes, publish the results" }).click();
  // The open cycle's ceremony is still to come: a second question (issue 19, item 5; tested in full in publicity.spec.ts).
  await page.getByRole("button", { name: "Yes, publish now, before the ceremony" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Results published" })).toBeVisible();
  await expect(page.locator("#lifecycle")).toContainText("Published");

  // The public page, for anyone.
  const visitor = await browser.newContext();
  try {
    const publicPage = await visitor.newPage();
    const response = await publicPage.goto(`/cycles/${cycle.slug}/results`);
    expect(response?.status()).toBe(200);
    await expect(publicPage.getByRole("heading", { level: 1, name: `Results: ${cycle.name}` })).toBeVisible();
    await expect(publicPage.getByRole("heading", { level: 3, name: "Winners" })).toBeVisible();
    await expect(publicPage.getByRole("link", { name: nominations[0].title })).toHaveAttribute(
      "href",
      `/cycles/${cycle.slug}/case-studies/${nominations[0].id}`,
    );
    await expect(publicPage.getByRole("link", { name: nominations[1].title })).toBeVisible();
    await expect(publicPage.getByText(last.title)).toHaveCount(0);
    await expect(publicPage.getByRole("link", { name: /case-study booklet/ })).toHaveAttribute("href", `/cycles/${cycle.slug}/booklet.pdf`);
    await expect(publicPage.getByRole("link", { name: "Read the press release" })).toHaveAttribute("href", `/cycles/${cycle.slug}/press-release`);
    await expectAccessible(publicPage, "public results");
  } finally {
    await visitor.close();
  }
});

function escape(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
