import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Actor } from "~/auth/permissions";
import { isPublicPhoto, mayDownloadAttachment, type AttachmentDownloadFacts } from "~/nominations/attachment-access";

const person = (over: Partial<Actor> = {}): Actor => ({
  userId: "u-someone",
  email: "someone@elsewhere.example.org",
  name: "Someone",
  organisationId: "org-elsewhere",
  isSiteAdmin: false,
  roles: [],
  ...over,
});

const partner = person({ userId: "u-partner", email: "aisha@cen.example.org", organisationId: "org-cen" });
const namedContact = person({ userId: "u-contact", email: "tom@council.example.gov.uk", organisationId: null });
const drafter = person({ userId: "u-drafter", organisationId: null });
const organiser = person({ userId: "u-org", roles: [{ cycleId: "c-1", role: "organiser" }] });
const organiserElsewhere = person({ userId: "u-org2", roles: [{ cycleId: "c-9", role: "organiser" }] });
const siteAdmin = person({ userId: "u-admin", isSiteAdmin: true });
const judge = (userId: string) => person({ userId, roles: [{ cycleId: "c-1", role: "judge" }] });

function facts(over: Partial<AttachmentDownloadFacts> = {}, nomination: Partial<AttachmentDownloadFacts["nomination"]> = {}): AttachmentDownloadFacts {
  return {
    kind: "photo",
    consentToPublish: false,
    cyclePublishedAt: null,
    assignments: [
      { judgeId: "u-judge-ok", conflict: "none" },
      { judgeId: "u-judge-declared", conflict: "declared" },
      { judgeId: "u-judge-detected", conflict: "detected" },
    ],
    ...over,
    nomination: {
      cycleId: "c-1",
      createdById: "u-drafter",
      partnerOrganisationIds: ["org-cen", "org-council"],
      partnerEmails: ["tom@council.example.gov.uk"],
      consentToPublish: false,
      awarded: false,
      ...nomination,
    },
  };
}

/** A photo everyone may see: consent for it and for the nomination, an award, results published. */
const publicPhoto = () => facts({ consentToPublish: true, cyclePublishedAt: new Date("2010-07-01") }, { consentToPublish: true, awarded: true });

describe("who may download a nomination's file", () => {
  it("partners: by organisation, as a named contact, or as the person who started it", () => {
    for (const actor of [partner, namedContact, drafter]) {
      assert.equal(mayDownloadAttachment(actor, facts()), true, actor.userId);
      assert.equal(mayDownloadAttachment(actor, facts({ kind: "evidence" })), true, actor.userId);
    }
  });

  it("organisers of the nomination's cycle and site admins; not organisers of another cycle", () => {
    assert.equal(mayDownloadAttachment(organiser, facts({ kind: "evidence" })), true);
    assert.equal(mayDownloadAttachment(siteAdmin, facts({ kind: "evidence" })), true);
    assert.equal(mayDownloadAttachment(organiserElsewhere, facts({ kind: "evidence" })), false);
  });

  it("judges assigned to the nomination without a conflict; not with a declared or detected conflict, nor unassigned", () => {
    assert.equal(mayDownloadAttachment(judge("u-judge-ok"), facts({ kind: "evidence" })), true);
    assert.equal(mayDownloadAttachment(judge("u-judge-declared"), facts({ kind: "evidence" })), false);
    assert.equal(mayDownloadAttachment(judge("u-judge-detected"), facts({ kind: "evidence" })), false);
    assert.equal(mayDownloadAttachment(judge("u-judge-unassigned"), facts({ kind: "evidence" })), false);
  });

  it("an assignment counts only while the person is still a judge in that cycle", () => {
    const formerJudge = person({ userId: "u-judge-ok", roles: [{ cycleId: "c-9", role: "judge" }] });
    assert.equal(mayDownloadAttachment(formerJudge, facts()), false);
  });

  it("anyone else, signed in or not, gets nothing by default", () => {
    assert.equal(mayDownloadAttachment(null, facts()), false);
    assert.equal(mayDownloadAttachment(person(), facts()), false);
    assert.equal(mayDownloadAttachment(null, facts({ kind: "evidence" })), false);
  });

  it("the public sees a photo only when it is consented, the nomination consented and awarded, and results are published", () => {
    assert.equal(isPublicPhoto(publicPhoto()), true);
    assert.equal(mayDownloadAttachment(null, publicPhoto()), true);
    assert.equal(mayDownloadAttachment(person(), publicPhoto()), true);

    const without = (change: (f: AttachmentDownloadFacts) => void) => {
      const f = publicPhoto();
      change(f);
      return mayDownloadAttachment(null, f);
    };
    assert.equal(
      without((f) => (f.consentToPublish = false)),
      false,
      "photo without consent",
    );
    assert.equal(
      without((f) => (f.nomination.consentToPublish = false)),
      false,
      "nomination without consent",
    );
    assert.equal(
      without((f) => (f.nomination.awarded = false)),
      false,
      "not awarded (no decision, or no tier)",
    );
    assert.equal(
      without((f) => (f.cyclePublishedAt = null)),
      false,
      "results not published",
    );
    assert.equal(
      without((f) => (f.kind = "evidence")),
      false,
      "evidence is never public",
    );
  });

  it("a judge with a conflict still sees what the public sees, and no more", () => {
    assert.equal(mayDownloadAttachment(judge("u-judge-detected"), publicPhoto()), true);
    assert.equal(mayDownloadAttachment(judge("u-judge-detected"), { ...publicPhoto(), kind: "evidence" }), false);
  });
});
