import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { contrastRatio, isVisibleAccent } from "~/areas/colour";
import { can, type Actor } from "~/auth/permissions";

const person = (over: Partial<Actor> = {}): Actor => ({
  userId: "u-1",
  email: "sam@example.org",
  name: "Sam",
  organisationId: null,
  verifiedOrganisationIds: [],
  isSiteAdmin: false,
  roles: [],
  areaAdminOf: [],
  areaCycleIds: [],
  ...over,
});
const prestonAdmin = person({ areaAdminOf: ["a-preston"], areaCycleIds: ["c-preston"] });
const prestonCycle = { id: "c-preston", launchedAt: null, publishedAt: null };
const coventryCycle = { id: "c-coventry", launchedAt: null, publishedAt: null };

describe("Compact areas in can() (issue 13)", () => {
  it("site admins create areas and appoint their administrators; nobody else does", () => {
    assert.equal(can(person({ isSiteAdmin: true }), { action: "area.create" }), true);
    assert.equal(can(person({ isSiteAdmin: true }), { action: "area.appoint-admin", areaId: "a-preston" }), true);
    assert.equal(can(prestonAdmin, { action: "area.create" }), false);
    assert.equal(can(prestonAdmin, { action: "area.appoint-admin", areaId: "a-preston" }), false);
    assert.equal(can(null, { action: "area.create" }), false);
  });

  it("an area's administrator creates and organises its cycles, and nothing of another area's", () => {
    assert.equal(can(prestonAdmin, { action: "cycle.create", areaId: "a-preston" }), true);
    assert.equal(can(prestonAdmin, { action: "cycle.create", areaId: "a-coventry" }), false);
    assert.equal(can(prestonAdmin, { action: "cycle.manage", cycle: prestonCycle }), true);
    assert.equal(can(prestonAdmin, { action: "cycle.manage", cycle: coventryCycle }), false);
    assert.equal(can(prestonAdmin, { action: "cycle.view", cycle: coventryCycle }), false, "another area's draft stays hidden");
    assert.equal(can(prestonAdmin, { action: "area.manage", areaId: "a-coventry" }), false);
  });

  it("an area's details and logo are edited by its administrators and site admins, never by another area's administrator", () => {
    assert.equal(can(prestonAdmin, { action: "area.edit", areaId: "a-preston" }), true);
    assert.equal(can(person({ isSiteAdmin: true }), { action: "area.edit", areaId: "a-preston" }), true);
    assert.equal(can(prestonAdmin, { action: "area.edit", areaId: "a-coventry" }), false);
    assert.equal(
      can(person({ roles: [{ cycleId: "c-preston", role: "organiser", areaId: "a-preston" }] }), { action: "area.edit", areaId: "a-preston" }),
      false,
    );
    assert.equal(can(null, { action: "area.edit", areaId: "a-preston" }), false);
  });

  it("an area's administrator removes another (or themselves) but never the last; a site admin removes anyone", () => {
    assert.equal(can(prestonAdmin, { action: "area.remove-admin", areaId: "a-preston", admins: 2 }), true);
    assert.equal(can(prestonAdmin, { action: "area.remove-admin", areaId: "a-preston", admins: 1 }), false);
    assert.equal(can(prestonAdmin, { action: "area.remove-admin", areaId: "a-coventry", admins: 3 }), false);
    assert.equal(can(person({ isSiteAdmin: true }), { action: "area.remove-admin", areaId: "a-preston", admins: 1 }), true);
    assert.equal(can(null, { action: "area.remove-admin", areaId: "a-preston", admins: 2 }), false);
  });

  it("an organiser may start a cycle only in the area of a cycle they organise", () => {
    const organiser = person({ roles: [{ cycleId: "c-preston", role: "organiser", areaId: "a-preston" }] });
    assert.equal(can(organiser, { action: "cycle.create", areaId: "a-preston" }), true);
    assert.equal(can(organiser, { action: "cycle.create", areaId: "a-coventry" }), false);
    const judge = person({ roles: [{ cycleId: "c-preston", role: "judge", areaId: "a-preston" }] });
    assert.equal(can(judge, { action: "cycle.create", areaId: "a-preston" }), false);
  });
});

describe("an area's brand colour, used only as an accent", () => {
  it("needs 3:1 against white", () => {
    assert.ok(Math.abs(contrastRatio("#000000", "#ffffff") - 21) < 1e-9);
    assert.equal(isVisibleAccent("#1d4f91"), true);
    assert.equal(isVisibleAccent("#ffee00"), false);
    assert.equal(isVisibleAccent("#949494"), true, "3.03:1");
    assert.equal(isVisibleAccent("#959595"), false, "just under 3:1");
    assert.equal(isVisibleAccent("1d4f91"), false, "a hex code without # is normalised by the form, not here");
  });
});
