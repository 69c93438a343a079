import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  confirmationPlan,
  linkConfirmation,
  nextConfirmationAllowedAt,
  otherLeadContactProblems,
  substantiveChange,
  type ConfirmingPartner,
} from "~/nominations/confirmation-rules";
import { domainProblem, isFreeMailDomain, matchingDomain } from "~/organisations/email-domains";
import { judgeOrganisationIds } from "~/organisations/membership";

const council: ConfirmingPartner = {
  id: "p-council",
  organisationId: "org-council",
  organisationName: "Coventry City Council",
  sector: "statutory",
  role: "lead_statutory",
  contactEmail: "tom@coventry.gov.uk",
  confirmedAt: null,
  confirmedById: null,
  emailDomains: ["coventry.gov.uk"],
};
const cen: ConfirmingPartner = {
  id: "p-cen",
  organisationId: "org-cen",
  organisationName: "Coventry CEN",
  sector: "voluntary_community",
  role: "lead_vcs",
  contactEmail: "aisha@cen.example.org",
  confirmedAt: null,
  confirmedById: null,
  emailDomains: [],
};
const aisha = { userId: "u-aisha", email: "aisha@cen.example.org", verifiedOrganisationIds: ["org-cen"] };

describe("who confirms a joint nomination (issue 11, finding 2)", () => {
  it("the submitter confirms the lead they verifiably speak for; the other lead confirms by its own contact", () => {
    const plan = confirmationPlan(aisha, [cen, council], "voluntary_community");
    assert.ok(plan.ok);
    assert.equal(plan.ownLead.id, "p-cen");
    assert.deepEqual(
      plan.others.map((p) => p.id),
      ["p-council"],
    );
  });

  it("claiming an organisation is not speaking for it: no verified membership, no submitting", () => {
    const plan = confirmationPlan({ ...aisha, verifiedOrganisationIds: [] }, [cen, council], "voluntary_community");
    assert.ok(!plan.ok);
    assert.equal(plan.problems[0].kind, "membership");
  });

  it("verified in both leads' organisations, the submitter still confirms only their own side", () => {
    const plan = confirmationPlan({ ...aisha, verifiedOrganisationIds: ["org-cen", "org-council"] }, [cen, council], "voluntary_community");
    assert.ok(plan.ok);
    assert.equal(plan.ownLead.id, "p-cen");
    assert.deepEqual(
      plan.others.map((p) => p.id),
      ["p-council"],
    );
  });

  it("the other lead's contact may not be the submitter's own address, in any case or spacing", () => {
    const plan = confirmationPlan(aisha, [cen, { ...council, contactEmail: " Aisha@CEN.example.org " }], "voluntary_community");
    assert.ok(!plan.ok && /not you/.test(plan.problems[0].message));
  });

  it("nor a colleague at the submitter's organisation's own domain, or a subdomain of it", () => {
    const tom = { userId: "u-tom", email: "tom@coventry.gov.uk", verifiedOrganisationIds: ["org-council"] };
    for (const contact of ["jo@coventry.gov.uk", "jo@youth.coventry.gov.uk"]) {
      const plan = confirmationPlan(tom, [council, { ...cen, contactEmail: contact }], "statutory");
      assert.ok(!plan.ok && /own email domain/.test(plan.problems[0].message), contact);
    }
    assert.ok(confirmationPlan(tom, [council, { ...cen, contactEmail: "jo@notcoventry.gov.uk" }], "statutory").ok);
  });

  it("free-mail addresses are compared whole: two gmail users are two people", () => {
    const jo = { userId: "u-jo", email: "jo@gmail.com", verifiedOrganisationIds: ["org-cen"] };
    assert.ok(confirmationPlan(jo, [cen, { ...council, contactEmail: "tom@gmail.com" }], "voluntary_community").ok);
    assert.deepEqual(otherLeadContactProblems(jo, cen, { ...council, contactEmail: "jo@gmail.com" }).length, 1);
  });

  it("a domain that is not the submitter's organisation's verified domain says nothing: shared hosting is compared whole", () => {
    const sam = { userId: "u-sam", email: "sam@cvs-hosted.org.uk", verifiedOrganisationIds: ["org-cen"] };
    assert.equal(otherLeadContactProblems(sam, cen, { ...council, emailDomains: [], contactEmail: "lee@cvs-hosted.org.uk" }).length, 0);
  });

  it("whoever confirmed one lead cannot be the one to send it for the other", () => {
    const plan = confirmationPlan(aisha, [cen, { ...council, confirmedAt: new Date(), confirmedById: "u-aisha" }], "voluntary_community");
    assert.ok(!plan.ok);
  });
});

describe("a confirmation by the emailed link", () => {
  const base = {
    confirmerUserId: "u-tom",
    contactEmail: "tom@coventry.gov.uk",
    partner: council,
    confirmerVerifiedOrganisationIds: [],
    otherLeadConfirmerIds: ["u-aisha"],
    signedInUserId: null,
  };

  it("counts for a verified member, or an address at the organisation's verified domain", () => {
    assert.deepEqual(linkConfirmation({ ...base, confirmerVerifiedOrganisationIds: ["org-council"] }), { kind: "confirmed", verifiedVia: "membership" });
    assert.deepEqual(linkConfirmation(base), { kind: "confirmed", verifiedVia: "domain" });
  });

  it("waits for approval when nothing shows the contact speaks for the organisation", () => {
    assert.deepEqual(linkConfirmation({ ...base, contactEmail: "tom@gmail.com" }), { kind: "awaiting_verification" });
  });

  it("is refused for the person who confirmed the other lead, whoever's address the link was sent to", () => {
    assert.equal(linkConfirmation({ ...base, confirmerUserId: "u-aisha" }).kind, "refused");
    assert.equal(linkConfirmation({ ...base, signedInUserId: "u-aisha" }).kind, "refused");
  });
});

describe("confirmation requests: at most one an hour and three a day (finding 6)", () => {
  const t = (minutes: number) => new Date(Date.UTC(2026, 11, 3, 12, 0) + minutes * 60_000);
  it("the first may go at once; the next an hour after the last", () => {
    assert.equal(nextConfirmationAllowedAt([], t(0)), null);
    assert.deepEqual(nextConfirmationAllowedAt([t(0)], t(10)), t(60));
    assert.equal(nextConfirmationAllowedAt([t(0)], t(61)), null);
  });
  it("after three in a day, the fourth waits until the first is a day old", () => {
    assert.deepEqual(nextConfirmationAllowedAt([t(0), t(70), t(140)], t(300)), t(24 * 60));
    assert.equal(nextConfirmationAllowedAt([t(0), t(70), t(140)], t(24 * 60 + 1)), null);
  });
});

describe("what counts as a substantive change (finding 15)", () => {
  const before = {
    title: "A",
    summary: "S",
    whatHappened: "W",
    impact: "I",
    howPartnersWorked: "H",
    quote: "",
    quoteAttribution: "",
    principles: ["civil_society"],
    startedOn: "2025-01-01",
  };
  it("any of the story's answers", () => {
    assert.equal(substantiveChange(before, { ...before }), false);
    assert.equal(substantiveChange(before, { ...before, title: "B" }), true);
    assert.equal(substantiveChange(before, { ...before, principles: ["civil_society", "policy_design"] }), true);
  });
});

describe("email domains", () => {
  it("free mail, and its subdomains, are never an organisation's domain", () => {
    assert.equal(isFreeMailDomain("gmail.com"), true);
    assert.equal(isFreeMailDomain("GMAIL.com."), true);
    assert.equal(isFreeMailDomain("coventry.gov.uk"), false);
    assert.match(domainProblem("hotmail.co.uk")!, /free email service/);
    assert.match(domainProblem("not a domain")!, /after the @/);
    assert.equal(domainProblem("@Coventry.gov.uk"), null);
  });
  it("an address matches its organisation's domain or a subdomain, on whole labels only", () => {
    assert.equal(matchingDomain("a@coventry.gov.uk", ["coventry.gov.uk"]), "coventry.gov.uk");
    assert.equal(matchingDomain("a@nhs.coventry.gov.uk", ["coventry.gov.uk"]), "coventry.gov.uk");
    assert.equal(matchingDomain("a@notcoventry.gov.uk", ["coventry.gov.uk"]), null);
    assert.equal(matchingDomain("a@gmail.com", ["gmail.com"]), null, "a free-mail domain never matches");
  });
  it("a judge's organisations for conflicts: every membership, whatever its status, and the claimed one", () => {
    assert.deepEqual(judgeOrganisationIds("org-b", [{ organisationId: "org-a" }, { organisationId: "org-b" }]), ["org-a", "org-b"]);
    assert.deepEqual(judgeOrganisationIds(null, []), []);
  });
});
