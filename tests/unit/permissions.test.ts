import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { can, type Actor, type AssignmentFacts, type NominationFacts } from "~/auth/permissions";
import { NOMINATION_STATUSES } from "~/domain/vocabulary";
import { isJudgeable } from "~/nominations/status";

const person = (over: Partial<Actor> = {}): Actor => ({
  userId: "u-1",
  email: "sam@cen.example.org",
  name: "Sam",
  organisationId: "org-cen",
  verifiedOrganisationIds: [],
  isSiteAdmin: false,
  roles: [],
  areaAdminOf: [],
  areaCycleIds: [],
  ...over,
});
const organiserOf = (cycleId: string) =>
  person({ userId: "u-org", email: "officer@compact.example.org", organisationId: "org-compact-team", roles: [{ cycleId, role: "organiser" }] });
const judgeIn = (cycleId: string, userId = "u-judge") => person({ userId, organisationId: "org-nhs", roles: [{ cycleId, role: "judge" }] });

const launched = { id: "c-1", launchedAt: new Date("2026-01-01"), publishedAt: null };
const draft = { id: "c-2", launchedAt: null, publishedAt: null };
const published = { id: "c-3", launchedAt: new Date("2010-01-01"), publishedAt: new Date("2010-07-01") };

const nomination: NominationFacts = {
  cycleId: "c-1",
  createdById: "u-drafter",
  confirmedLeadUserIds: ["u-council-lead"],
  collaboratorEmails: ["helper@cen.example.org"],
  partnerOrganisationIds: ["org-cen", "org-council"],
};

describe("cycles", () => {
  it("anyone sees a launched cycle; only its organisers see a draft", () => {
    assert.equal(can(null, { action: "cycle.view", cycle: launched }), true);
    assert.equal(can(null, { action: "cycle.view", cycle: draft }), false);
    assert.equal(can(person(), { action: "cycle.view", cycle: draft }), false);
    assert.equal(can(organiserOf("c-2"), { action: "cycle.view", cycle: draft }), true);
  });

  it("only the cycle's organisers and site admins manage it", () => {
    assert.equal(can(null, { action: "cycle.manage", cycle: launched }), false);
    assert.equal(can(person(), { action: "cycle.manage", cycle: launched }), false);
    assert.equal(can(judgeIn("c-1"), { action: "cycle.manage", cycle: launched }), false);
    assert.equal(can(organiserOf("c-9"), { action: "cycle.manage", cycle: launched }), false, "organiser of another cycle");
    assert.equal(can(organiserOf("c-1"), { action: "cycle.manage", cycle: launched }), true);
    assert.equal(can(person({ isSiteAdmin: true }), { action: "cycle.manage", cycle: launched }), true);
  });

  it("new cycles are created by site admins and existing organisers", () => {
    assert.equal(can(null, { action: "cycle.create" }), false);
    assert.equal(can(person(), { action: "cycle.create" }), false);
    assert.equal(can(judgeIn("c-1"), { action: "cycle.create" }), false);
    assert.equal(can(organiserOf("c-1"), { action: "cycle.create" }), true);
    assert.equal(can(person({ isSiteAdmin: true }), { action: "cycle.create" }), true);
  });

  it("results are public only once published", () => {
    assert.equal(can(null, { action: "cycle.results.view-public", cycle: launched }), false);
    assert.equal(can(organiserOf("c-1"), { action: "cycle.results.view-public", cycle: launched }), false);
    assert.equal(can(null, { action: "cycle.results.view-public", cycle: published }), true);
  });
});

describe("nominations: rights belong to the nomination's people, never to whoever claims one of its organisations", () => {
  it("the person who started it, the people who confirmed it for a lead partner, and collaborators a lead added", () => {
    assert.equal(can(person({ userId: "u-drafter", organisationId: "org-x" }), { action: "nomination.edit", nomination }), true);
    assert.equal(can(person({ userId: "u-council-lead", organisationId: "org-council" }), { action: "nomination.edit", nomination }), true);
    assert.equal(can(person({ email: "Helper@cen.example.org" }), { action: "nomination.edit", nomination }), true);
  });

  it("issue 11, finding 1: claiming, or even being a verified member of, a partner organisation gives nothing but the right to ask", () => {
    const claimant = person({ organisationId: "org-cen" });
    const verified = person({ organisationId: "org-cen", verifiedOrganisationIds: ["org-cen"] });
    for (const who of [claimant, verified]) {
      assert.equal(can(who, { action: "nomination.view", nomination }), false);
      assert.equal(can(who, { action: "nomination.edit", nomination }), false);
      assert.equal(can(who, { action: "nomination.manage-people", nomination }), false);
    }
    assert.equal(can(claimant, { action: "nomination.ask-to-join", nomination }), false, "a mere claim cannot even ask");
    assert.equal(can(verified, { action: "nomination.ask-to-join", nomination }), true);
  });

  it("a partner's named contact who has not confirmed it has no rights on it (the emailed link is their way in)", () => {
    assert.equal(can(person({ userId: "u-named", email: "contact@council.example.gov.uk" }), { action: "nomination.view", nomination }), false);
  });

  it("leads manage its people; collaborators do not", () => {
    assert.equal(can(person({ userId: "u-drafter" }), { action: "nomination.manage-people", nomination }), true);
    assert.equal(can(person({ userId: "u-council-lead" }), { action: "nomination.manage-people", nomination }), true);
    assert.equal(can(person({ email: "helper@cen.example.org" }), { action: "nomination.manage-people", nomination }), false);
  });

  it("anyone else, anonymous visitors and judges cannot see it", () => {
    assert.equal(can(null, { action: "nomination.view", nomination }), false);
    assert.equal(can(person({ organisationId: "org-other", email: "x@other.example.org" }), { action: "nomination.view", nomination }), false);
    assert.equal(can(judgeIn("c-1"), { action: "nomination.view", nomination }), false);
  });

  it("organisers of the cycle read it and check eligibility, but do not edit it", () => {
    const organiser = organiserOf("c-1");
    assert.equal(can(organiser, { action: "nomination.view", nomination }), true);
    assert.equal(can(organiser, { action: "nomination.review-eligibility", nomination }), true);
    assert.equal(can(organiser, { action: "nomination.edit", nomination }), false);
    assert.equal(can(organiserOf("c-9"), { action: "nomination.view", nomination }), false);
  });
});

describe("organisations: who may vouch for whom", () => {
  it("organisers approve requests to join; verified members approve colleagues; nobody approves themselves", () => {
    const request = { action: "organisation.decide-membership" as const, organisationId: "org-cen", memberUserId: "u-new" };
    assert.equal(can(organiserOf("c-1"), request), true);
    assert.equal(can(person({ verifiedOrganisationIds: ["org-cen"] }), request), true);
    assert.equal(can(person({ organisationId: "org-cen" }), request), false, "claiming the organisation is not enough");
    assert.equal(can(person({ verifiedOrganisationIds: ["org-other"] }), request), false);
    assert.equal(can(person({ userId: "u-new", verifiedOrganisationIds: ["org-cen"] }), request), false);
    assert.equal(can(null, request), false);
  });

  it("only organisers verify email domains: a member could otherwise claim another organisation's staff", () => {
    assert.equal(can(organiserOf("c-1"), { action: "organisation.manage-domains" }), true);
    assert.equal(can(person({ verifiedOrganisationIds: ["org-cen"] }), { action: "organisation.manage-domains" }), false);
  });
});

describe("judging: a judge never reaches a nomination they are conflicted on", () => {
  const mine: AssignmentFacts = { cycleId: "c-1", judgeId: "u-judge", conflict: "none", openedAt: new Date("2026-03-01"), nomination: { status: "eligible" } };

  it("a judge opens and scores their own assignment", () => {
    assert.equal(can(judgeIn("c-1"), { action: "assignment.view", assignment: mine }), true);
    assert.equal(can(judgeIn("c-1"), { action: "assignment.score", assignment: mine }), true);
  });

  it("not someone else's", () => {
    assert.equal(can(judgeIn("c-1", "u-other-judge"), { action: "assignment.view", assignment: mine }), false);
    assert.equal(can(judgeIn("c-1", "u-other-judge"), { action: "assignment.score", assignment: mine }), false);
  });

  it("not after their judge role in that cycle is removed", () => {
    assert.equal(can(person({ userId: "u-judge" }), { action: "assignment.score", assignment: mine }), false);
  });

  it("a detected conflict hides the nomination entirely; a declared one stops scoring", () => {
    const detected = { ...mine, conflict: "detected" };
    const declared = { ...mine, conflict: "declared" };
    assert.equal(can(judgeIn("c-1"), { action: "assignment.view", assignment: detected }), false);
    assert.equal(can(judgeIn("c-1"), { action: "assignment.score", assignment: detected }), false);
    assert.equal(can(judgeIn("c-1"), { action: "assignment.view", assignment: declared }), true);
    assert.equal(can(judgeIn("c-1"), { action: "assignment.score", assignment: declared }), false);
  });

  it("issue 11, finding 14: no content or files before the conflict question is answered, nor once it is withdrawn or not eligible", () => {
    assert.equal(can(judgeIn("c-1"), { action: "assignment.read", assignment: mine }), true);
    assert.equal(can(judgeIn("c-1"), { action: "assignment.read", assignment: { ...mine, openedAt: null } }), false);
    assert.equal(
      can(judgeIn("c-1"), { action: "assignment.view", assignment: { ...mine, openedAt: null } }),
      true,
      "the conflict question itself is reachable",
    );
    for (const status of NOMINATION_STATUSES.filter((s) => !isJudgeable(s))) {
      assert.equal(can(judgeIn("c-1"), { action: "assignment.read", assignment: { ...mine, nomination: { status } } }), false, status);
      assert.equal(can(judgeIn("c-1"), { action: "assignment.score", assignment: { ...mine, nomination: { status } } }), false, status);
    }
  });

  it("organisers are not judges: they cannot score through a judge's assignment", () => {
    assert.equal(can(organiserOf("c-1"), { action: "assignment.score", assignment: mine }), false);
  });

  it("the judging queue is for judges only", () => {
    assert.equal(can(null, { action: "judge.queue" }), false);
    assert.equal(can(person(), { action: "judge.queue" }), false);
    assert.equal(can(judgeIn("c-1"), { action: "judge.queue" }), true);
    assert.equal(can(judgeIn("c-1"), { action: "judge.queue", cycleId: "c-2" }), false);
  });
});
