import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { nominationsOpen } from "~/cycles/phase";
import {
  confirmLinkExpiresAt,
  effectiveDeadline,
  leadProblems,
  leadsConfirmed,
  otherSectorLead,
  partnerRule,
  partnersToConfirm,
  roleFitsSector,
  sectionReports,
  startedOnProblem,
  storyProblems,
  submissionProblems,
  summaryWordProblem,
  type NominationContent,
  type PartnerFacts,
} from "~/nominations/eligibility";
import { storySchema } from "~/nominations/schemas";

const partner = (over: Partial<PartnerFacts> & Pick<PartnerFacts, "organisationId" | "sector">): PartnerFacts => ({
  role: "other",
  contactName: "A Contact",
  contactEmail: `${over.organisationId}@example.org`,
  confirmedAt: null,
  ...over,
});

const council = partner({ organisationId: "council", organisationName: "City Council", sector: "statutory", role: "lead_statutory" });
const cen = partner({ organisationId: "cen", organisationName: "CEN", sector: "voluntary_community", role: "lead_vcs" });

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(" ");

const complete: NominationContent = {
  categoryId: "cat-1",
  title: "Warm spaces",
  summary: words(60),
  whatHappened: "Community centres opened as warm spaces.",
  impact: "Hundreds of visits.",
  howPartnersWorked: "Fortnightly calls.",
  quote: "",
  quoteAttribution: "",
  principles: ["civil_society"],
  startedOn: "2024-01-15",
  publicContact: "CEN, info@cen.example.org",
  consentToPublish: true,
};
const TODAY = "2026-03-01";

describe("the partner rule: at least one statutory and one VCS partner", () => {
  it("statutory + voluntary/community passes", () => {
    assert.equal(partnerRule([council, cen]).ok, true);
  });

  it("faith groups and social enterprises count as VCS", () => {
    assert.equal(partnerRule([council, partner({ organisationId: "church", sector: "faith" })]).ok, true);
    assert.equal(partnerRule([council, partner({ organisationId: "se", sector: "social_enterprise" })]).ok, true);
  });

  it("a private business does not count as VCS (nor as statutory)", () => {
    const r = partnerRule([council, partner({ organisationId: "shop", sector: "private" })]);
    assert.equal(r.ok, false);
    assert.equal(r.hasVcs, false);
    assert.match(r.problems.join(" "), /voluntary, community, faith or social-enterprise/);
    assert.equal(partnerRule([cen, partner({ organisationId: "shop", sector: "private" })]).hasStatutory, false);
  });

  it("two statutory partners, or two VCS partners, are not a joint nomination", () => {
    assert.equal(partnerRule([council, partner({ organisationId: "nhs", sector: "statutory" })]).ok, false);
    assert.equal(partnerRule([cen, partner({ organisationId: "faith", sector: "faith" })]).ok, false);
    assert.equal(partnerRule([]).problems.length, 2);
  });
});

describe("lead partners", () => {
  it("a lead must be of its sector; anyone may be an other partner", () => {
    assert.equal(roleFitsSector("lead_statutory", "statutory"), true);
    assert.equal(roleFitsSector("lead_vcs", "faith"), true);
    assert.equal(roleFitsSector("lead_vcs", "private"), false);
    assert.equal(roleFitsSector("lead_statutory", "voluntary_community"), false);
    assert.equal(roleFitsSector("other", "private"), true);
  });

  it("at most one lead per sector, and one is needed on each side", () => {
    assert.deepEqual(leadProblems([council, cen]), []);
    assert.match(
      leadProblems([council, cen, partner({ organisationId: "nhs", sector: "statutory", role: "lead_statutory" })]).join(),
      /only one lead statutory/,
    );
    assert.match(leadProblems([council, { ...cen, role: "other" }]).join(), /lead voluntary or community partner/);
  });

  it("who must confirm: the lead partner of the other sector from the drafter's organisation", () => {
    assert.equal(otherSectorLead([council, cen], "voluntary_community"), council);
    assert.equal(otherSectorLead([council, cen], "statutory"), cen);
    assert.equal(otherSectorLead([council, cen], "social_enterprise"), council);
  });

  it("confirmation required: submitting confirms your own lead; the other lead still has to", () => {
    assert.deepEqual(partnersToConfirm([council, cen], ["cen"]), [council]);
    assert.deepEqual(partnersToConfirm([council, cen], ["council"]), [cen]);
    assert.deepEqual(partnersToConfirm([council, { ...cen, confirmedAt: new Date() }], ["cen"]), [council]);
    assert.deepEqual(partnersToConfirm([{ ...council, confirmedAt: new Date() }, cen], ["cen"]), []);
    // a private-sector drafter is neither side: both leads confirm
    assert.deepEqual(partnersToConfirm([council, cen, partner({ organisationId: "shop", sector: "private" })], ["shop"]), [council, cen]);
    // other partners never need to confirm
    assert.deepEqual(partnersToConfirm([council, cen, partner({ organisationId: "mind", sector: "voluntary_community" })], ["cen"]), [council]);
  });

  it("a nomination is confirmed only when both leads have confirmed", () => {
    assert.equal(leadsConfirmed([council, cen]), false);
    assert.equal(leadsConfirmed([{ ...council, confirmedAt: new Date() }, cen]), false);
    assert.equal(
      leadsConfirmed([
        { ...council, confirmedAt: new Date() },
        { ...cen, confirmedAt: "2026-01-01T00:00:00Z" },
      ]),
      true,
    );
  });
});

describe("the deadline and extensions", () => {
  const cycle = {
    launchedAt: new Date("2026-01-01T00:00:00Z"),
    nominationsOpenAt: new Date("2026-02-01T09:00:00Z"),
    nominationsCloseAt: new Date("2026-04-30T16:00:00Z"),
    judgingOpenAt: null,
    judgingCloseAt: null,
    resultsDecidedAt: null,
    resultsSentAt: null,
    publishedAt: null,
  };
  const close = cycle.nominationsCloseAt.getTime();

  it("open until the closing moment; refused one second after", () => {
    assert.equal(nominationsOpen(cycle, new Date(close - 1000)), true);
    assert.equal(nominationsOpen(cycle, new Date(close)), false);
    assert.equal(nominationsOpen(cycle, new Date(close + 1000)), false);
    assert.equal(nominationsOpen(cycle, new Date("2026-01-15T00:00:00Z")), false, "before nominations open");
  });

  it("an extension keeps one nomination open until its date, and no longer", () => {
    const extension = new Date(close + 3 * 24 * 3600 * 1000);
    assert.equal(nominationsOpen(cycle, new Date(close + 1000), extension), true);
    assert.equal(nominationsOpen(cycle, new Date(extension.getTime() + 1000), extension), false);
    assert.equal(effectiveDeadline(cycle, extension), extension);
    assert.equal(effectiveDeadline(cycle, new Date(close - 1000)), cycle.nominationsCloseAt, "an earlier 'extension' does not shorten the deadline");
  });

  it("once results are decided, no extension helps", () => {
    const extension = new Date(close + 3 * 24 * 3600 * 1000);
    assert.equal(nominationsOpen({ ...cycle, resultsDecidedAt: new Date(close + 500) }, new Date(close + 1000), extension), false);
  });

  it("a confirmation link lasts 7 days at most (issue 11, finding 10), and never past the deadline", () => {
    const asked = new Date("2026-02-01T12:00:00Z");
    assert.equal(confirmLinkExpiresAt(asked, cycle.nominationsCloseAt).toISOString(), "2026-02-08T12:00:00.000Z");
    const late = new Date(close - 3600_000);
    assert.equal(confirmLinkExpiresAt(late, cycle.nominationsCloseAt), cycle.nominationsCloseAt);
  });
});

describe("the story", () => {
  it("a 60-word summary is fine; 61 words are refused", () => {
    assert.equal(summaryWordProblem(words(60)), null);
    assert.match(summaryWordProblem(words(61))!, /60 words or fewer \(it has 61\)/);
    assert.match(storyProblems({ ...complete, summary: words(61) }, TODAY).summary, /60 words or fewer/);
  });

  it("the server's schema refuses 61 words too, even when saving a draft", () => {
    for (const strict of [true, false]) {
      const parsed = storySchema({ strict, today: TODAY }).safeParse({ summary: words(61) });
      assert.equal(parsed.success, false);
      assert.match(parsed.error!.issues.find((i) => i.path[0] === "summary")!.message, /60 words or fewer/);
    }
  });

  it("the start date must be a real date, not in the future", () => {
    assert.equal(startedOnProblem("2026-03-01", TODAY), null);
    assert.match(startedOnProblem("2026-03-02", TODAY)!, /today or in the past/);
    assert.match(startedOnProblem("2025-02-30", TODAY)!, /real date/);
    assert.match(startedOnProblem(null, TODAY)!, /Enter when/);
  });

  it("a draft save keeps empty answers; Save and continue needs them", () => {
    const draft = storySchema({ strict: false, today: TODAY }).safeParse({ title: "Just a title" });
    assert.equal(draft.success, true);
    const strict = storySchema({ strict: true, today: TODAY }).safeParse({ title: "Just a title" });
    assert.equal(strict.success, false);
    const paths = new Set(strict.error!.issues.map((i) => i.path[0]));
    for (const f of ["summary", "whatHappened", "impact", "howPartnersWorked", "principles", "startedOn"]) assert.ok(paths.has(f), f);
  });

  it("text is kept as typed: script tags are not stripped (pages render them as text)", () => {
    const parsed = storySchema({ strict: false, today: TODAY }).parse({ title: "<script>alert(1)</script>", whatHappened: "Line one\r\nLine two" });
    assert.equal(parsed.title, "<script>alert(1)</script>");
    assert.equal(parsed.whatHappened, "Line one\nLine two");
  });
});

describe("section completeness", () => {
  const report = (content: NominationContent, partners: PartnerFacts[] = [cen, council], attachmentCount = 0) =>
    Object.fromEntries(sectionReports({ content, partners, drafter: partners[0] ?? null, attachmentCount, today: TODAY }).map((r) => [r.key, r]));

  it("a complete nomination has every section completed (files are optional)", () => {
    const r = report(complete);
    for (const key of ["category", "organisation", "partners", "story", "consent"]) assert.equal(r[key].state, "completed", key);
    assert.equal(r.files.state, "optional");
    assert.equal(report(complete, [cen, council], 2).files.state, "completed");
    assert.deepEqual(submissionProblems(Object.values(r)), []);
  });

  it("each missing part keeps its section from being complete", () => {
    assert.equal(report({ ...complete, categoryId: null }).category.state, "not_started");
    assert.equal(report({ ...complete, publicContact: "" }).consent.state, "not_started");
    assert.equal(report({ ...complete, impact: "" }).story.state, "in_progress");
    assert.equal(
      report({ ...complete, title: "", summary: "", whatHappened: "", impact: "", howPartnersWorked: "", principles: [], startedOn: null }).story.state,
      "not_started",
    );
    assert.equal(report(complete, [cen]).partners.state, "not_started");
    assert.equal(report(complete, [cen, { ...council, role: "other" }]).partners.state, "in_progress");
    assert.equal(report(complete, [cen, { ...council, contactEmail: "" }]).partners.state, "in_progress");
    assert.equal(report(complete, [{ ...cen, contactName: "" }, council]).organisation.state, "in_progress");
  });

  it("submission problems name the section they belong to", () => {
    const problems = submissionProblems(Object.values(report({ ...complete, summary: words(61) }, [cen])));
    assert.deepEqual([...new Set(problems.map((p) => p.section.key))].sort(), ["partners", "story"]);
  });
});
