import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { detectConflict, detectConflicts, type PartnerIdentity } from "../../app/judging/conflicts";
import { emailDomainOf, isWithinDomain } from "../../app/organisations/email-domains";

const council: PartnerIdentity = {
  organisationId: "org-council",
  organisationName: "Coventry City Council",
  emailDomains: ["coventry.gov.uk"],
  contactEmail: "jo.bloggs@coventry.gov.uk",
};
const vac: PartnerIdentity = {
  organisationId: "org-vac",
  organisationName: "Voluntary Action Coventry",
  emailDomains: ["vacoventry.org.uk"],
  contactEmail: "sam@vacoventry.org.uk",
};
const tenantsGroup: PartnerIdentity = {
  organisationId: "org-tenants",
  organisationName: "Hillfields Tenants Group",
  emailDomains: [],
  contactEmail: "hillfieldstenants@gmail.com",
};

describe("detectConflict", () => {
  test("the judge's organisation is a partner: conflicted, naming the organisation", () => {
    const check = detectConflict({ organisationIds: ["org-council"], email: "someone@elsewhere.org" }, [vac, council]);
    assert.equal(check.conflicted, true);
    assert.ok(check.conflicted && check.reason.includes("Coventry City Council"), JSON.stringify(check));
    assert.ok(check.conflicted && /organisation/.test(check.reason));
  });

  test("the judge's email domain is a partner's email domain", () => {
    const check = detectConflict({ organisationIds: [], email: "a.director@coventry.gov.uk" }, [council]);
    assert.equal(check.conflicted, true);
    assert.ok(check.conflicted && check.reason.includes("coventry.gov.uk") && check.reason.includes("Coventry City Council"));
  });

  test("a subdomain of a partner's email domain counts", () => {
    const check = detectConflict({ organisationIds: ["org-nhs"], email: "chair@nhs.coventry.gov.uk" }, [council]);
    assert.equal(check.conflicted, true);
    assert.ok(check.conflicted && check.reason.includes("nhs.coventry.gov.uk") && check.reason.includes("Coventry City Council"));
  });

  test("a domain that merely ends with the same letters is not a match", () => {
    assert.deepEqual(detectConflict({ organisationIds: [], email: "x@notcoventry.gov.uk" }, [council]), { conflicted: false });
    assert.deepEqual(detectConflict({ organisationIds: [], email: "x@nhs.notcoventry.gov.uk" }, [council]), {
      conflicted: false,
    });
    // ...and a parent domain is not inside a partner's narrower domain either
    assert.deepEqual(detectConflict({ organisationIds: [], email: "x@gov.uk" }, [council]), { conflicted: false });
  });

  test("the judge is a partner's named contact", () => {
    const check = detectConflict({ organisationIds: [], email: "hillfieldstenants@gmail.com" }, [council, tenantsGroup]);
    assert.equal(check.conflicted, true);
    assert.ok(check.conflicted && check.reason.includes("named contact") && check.reason.includes("Hillfields Tenants Group"));
  });

  test("emails and domains compare case-insensitively, ignoring stray spaces", () => {
    assert.equal(detectConflict({ organisationIds: [], email: "A.Director@Coventry.GOV.UK" }, [council]).conflicted, true);
    assert.equal(detectConflict({ organisationIds: [], email: "x@coventry.gov.uk" }, [{ ...council, emailDomains: [" @COVENTRY.Gov.Uk "] }]).conflicted, true);
    assert.equal(detectConflict({ organisationIds: [], email: " Sam@VACoventry.org.uk " }, [{ ...vac, emailDomains: [] }]).conflicted, true);
  });

  test("no conflict: different organisation, domain and contact", () => {
    assert.deepEqual(detectConflict({ organisationIds: ["org-police"], email: "chief@westmidlands.police.uk" }, [council, vac, tenantsGroup]), {
      conflicted: false,
    });
  });

  test("an organisation without an email domain, or a contact email left blank, matches nobody by those rules", () => {
    const blank: PartnerIdentity = {
      organisationId: "org-blank",
      organisationName: "Blank",
      emailDomains: [],
      contactEmail: "",
    };
    assert.deepEqual(detectConflict({ organisationIds: [], email: "" }, [blank]), { conflicted: false });
    assert.deepEqual(detectConflict({ organisationIds: [], email: "someone@anywhere.org" }, [blank, { ...blank, emailDomains: [""] }]), {
      conflicted: false,
    });
    assert.deepEqual(detectConflict({ organisationIds: [], email: "not-an-email" }, [council]), { conflicted: false });
  });

  test("a judge with no organisation is not matched to a partner by a missing id", () => {
    assert.deepEqual(detectConflict({ organisationIds: [], email: "judge@example.org" }, [council]), { conflicted: false });
  });

  test("a shared mailbox domain recorded for a small group does not conflict every Gmail user", () => {
    const group: PartnerIdentity = { organisationId: "org-g", organisationName: "Friends of the Park", emailDomains: ["gmail.com"] };
    assert.deepEqual(detectConflict({ organisationIds: [], email: "someone.else@gmail.com" }, [group]), { conflicted: false });
    // the group's own contact is still caught
    assert.equal(detectConflict({ organisationIds: [], email: "friends@gmail.com" }, [{ ...group, contactEmail: "friends@gmail.com" }]).conflicted, true);
  });

  test("the organisation rule wins over the domain rule, and the answer does not depend on partner order", () => {
    const judge = { organisationIds: ["org-vac"], email: "someone@coventry.gov.uk" };
    const a = detectConflict(judge, [council, vac]);
    const b = detectConflict(judge, [vac, council]);
    assert.deepEqual(a, b);
    assert.ok(a.conflicted && a.reason.includes("Voluntary Action Coventry"));
  });

  test("a partner without a name is described plainly", () => {
    const check = detectConflict({ organisationIds: [], email: "x@coventry.gov.uk" }, [{ organisationId: "o", emailDomains: ["coventry.gov.uk"] }]);
    assert.ok(check.conflicted && check.reason.includes("a partner organisation"));
  });
});

describe("domain helpers", () => {
  test("emailDomainOf takes the part after the last @, lower-cased", () => {
    assert.equal(emailDomainOf("Jo@Coventry.Gov.UK"), "coventry.gov.uk");
    assert.equal(emailDomainOf("no-at-sign"), null);
    assert.equal(emailDomainOf("trailing@"), null);
  });

  test("isWithinDomain matches whole labels only", () => {
    assert.equal(isWithinDomain("coventry.gov.uk", "coventry.gov.uk"), true);
    assert.equal(isWithinDomain("a.b.coventry.gov.uk", "coventry.gov.uk"), true);
    assert.equal(isWithinDomain("notcoventry.gov.uk", "coventry.gov.uk"), false);
    assert.equal(isWithinDomain("coventry.gov.uk", "nhs.coventry.gov.uk"), false);
  });

  test("property: a domain with any letters glued in front never matches; with a dot it always does", () => {
    const label = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
    fc.assert(
      fc.property(label, label, (prefix, org) => {
        const domain = `${org}.org.uk`;
        assert.equal(isWithinDomain(`${prefix}${domain}`, domain), false);
        assert.equal(isWithinDomain(`${prefix}.${domain}`, domain), true);
      }),
    );
  });
});

describe("detectConflicts", () => {
  test("lists every conflicted judge and nomination pair, with reasons, ordered by nomination then judge", () => {
    const judges = [
      { id: "judge-2", organisationIds: [], email: "chief@westmidlands.police.uk" },
      { id: "judge-1", organisationIds: ["org-council"], email: "ad@coventry.gov.uk" },
      { id: "judge-3", organisationIds: [], email: "sam@vacoventry.org.uk" },
    ];
    const nominations = [
      { id: "nom-b", partners: [vac, tenantsGroup] },
      { id: "nom-a", partners: [council, vac] },
      { id: "nom-c", partners: [tenantsGroup] },
    ];
    const found = detectConflicts(judges, nominations);
    assert.deepEqual(
      found.map((c) => [c.nominationId, c.judgeId]),
      [
        ["nom-a", "judge-1"],
        ["nom-a", "judge-3"],
        ["nom-b", "judge-3"],
      ],
    );
    assert.ok(found.every((c) => c.reason.length > 0));
  });
});
