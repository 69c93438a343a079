import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Actor } from "~/auth/permissions";
import { isPublicPhoto, mayDownloadAttachment, type AttachmentDownloadFacts } from "~/nominations/attachment-access";
import { OUT_OF_PLAY } from "~/nominations/status";

const person = (over: Partial<Actor> = {}): Actor => ({
  userId: "u-someone",
  email: "someone@elsewhere.example.org",
  name: "Someone",
  organisationId: "org-elsewhere",
  verifiedOrganisationIds: [],
  isSiteAdmin: false,
  roles: [],
  areaAdminOf: [],
  areaCycleIds: [],
  ...over,
});

const confirmedLead = person({ userId: "u-council-lead", email: "tom@council.example.gov.uk", organisationId: "org-council" });
const collaborator = person({ userId: "u-helper", email: "aisha@cen.example.org", organisationId: "org-cen" });
const drafter = person({ userId: "u-drafter", organisationId: null });
const claimant = person({ userId: "u-claimant", email: "x@cen.example.org", organisationId: "org-cen", verifiedOrganisationIds: ["org-cen"] });
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
      { judgeId: "u-judge-ok", conflict: "none", openedAt: new Date("2026-03-01") },
      { judgeId: "u-judge-unopened", conflict: "none", openedAt: null },
      { judgeId: "u-judge-declared", conflict: "declared", openedAt: null },
      { judgeId: "u-judge-detected", conflict: "detected", openedAt: null },
    ],
    ...over,
    nomination: {
      cycleId: "c-1",
      createdById: "u-drafter",
      confirmedLeadUserIds: ["u-council-lead"],
      collaboratorEmails: ["aisha@cen.example.org"],
      partnerOrganisationIds: ["org-cen", "org-council"],
      status: "eligible",
      consentToPublish: false,
      awarded: false,
      ...nomination,
    },
  };
}

/** A photo everyone may see: consent for it and for the nomination, an award, results published. */
const publicPhoto = () => facts({ consentToPublish: true, cyclePublishedAt: new Date("2010-07-01") }, { consentToPublish: true, awarded: true });

describe("who may download a nomination's file", () => {
  it("the nomination's people: the person who started it, a confirmed lead contact, a collaborator", () => {
    for (const actor of [confirmedLead, collaborator, drafter]) {
      assert.equal(mayDownloadAttachment(actor, facts()), true, actor.userId);
      assert.equal(mayDownloadAttachment(actor, facts({ kind: "evidence" })), true, actor.userId);
    }
  });

  it("issue 11, finding 1: a member of a partner organisation who is not one of its people gets nothing", () => {
    assert.equal(mayDownloadAttachment(claimant, facts({ kind: "evidence" })), false);
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

  it("issue 11, finding 14: no files before the judge answers the conflict question, nor once the nomination is withdrawn or not eligible", () => {
    assert.equal(mayDownloadAttachment(judge("u-judge-unopened"), facts({ kind: "evidence" })), false);
    for (const status of OUT_OF_PLAY) {
      assert.equal(mayDownloadAttachment(judge("u-judge-ok"), facts({ kind: "evidence" }, { status })), false, status);
    }
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
