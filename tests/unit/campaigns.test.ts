import { test, describe } from "node:test";
import assert from "node:assert/strict";

import {
  CAMPAIGN_KINDS,
  campaignBlocker,
  campaignKeyPrefix,
  campaignOfKey,
  ceremonyKey,
  dedupeByEmail,
  isCampaignKind,
  joinNotes,
  reminderKey,
  resultsKey,
  tierKindOf,
  type CampaignCycle,
} from "../../app/mail/campaigns.server";
import { ukToday } from "../../app/utils/time";
import { correctionKey } from "../../app/mail/corrections.server";

const cycle: CampaignCycle = {
  id: "cyc1",
  slug: "coventry-2010",
  name: "Coventry Compact Awards 2010",
  contactName: "Rob Allison",
  contactEmail: "compact@example.org",
  signOff: "",
  ceremonyAt: new Date("2010-06-11T13:00:00Z"),
  ceremonyVenue: "The Welcome Centre, Coventry",
  judgingCloseAt: new Date("2010-05-26T16:00:00Z"),
  resultsDecidedAt: new Date("2010-06-02T15:00:00Z"),
  resultsSentAt: null,
};

describe("idempotency keys", () => {
  test("results: one per cycle, nomination and address, the address lower-cased", () => {
    assert.equal(resultsKey("cyc1", "nom1", "  Aisha.Rahman@Example.ORG "), "results:cyc1:nom1:aisha.rahman@example.org");
    assert.notEqual(resultsKey("cyc1", "nom1", "a@example.org"), resultsKey("cyc1", "nom2", "a@example.org"));
  });

  test("ceremony: a new date makes a new invitation", () => {
    assert.equal(ceremonyKey("cyc1", new Date("2010-06-11T13:00:00.000Z"), "A@b.org"), "ceremony-invitation:cyc1:20100611T130000Z:a@b.org");
    assert.notEqual(ceremonyKey("cyc1", new Date("2010-06-11T13:00:00Z"), "a@b.org"), ceremonyKey("cyc1", new Date("2010-06-18T13:00:00Z"), "a@b.org"));
  });

  test("judging reminder: one a day, by the UK calendar", () => {
    // 23:30 UTC in winter is still the same day in the UK; in summer it is already tomorrow.
    assert.equal(ukToday(new Date("2026-01-15T23:30:00Z")), "2026-01-15");
    assert.equal(ukToday(new Date("2026-06-30T23:30:00Z")), "2026-07-01");
    assert.equal(reminderKey("cyc1", new Date("2026-06-30T23:30:00Z"), "Judge@x.org"), "judging-reminder:cyc1:2026-07-01:judge@x.org");
    assert.equal(reminderKey("cyc1", new Date("2026-03-12T08:00:00Z"), "j@x.org"), reminderKey("cyc1", new Date("2026-03-12T22:00:00Z"), "j@x.org"));
  });

  test("every key starts with its campaign's prefix and tells which campaign it is", () => {
    const keys = {
      results: resultsKey("cyc1", "nom1", "a@b.org"),
      "results-correction": correctionKey("cyc1", "nom1", "A@b.org", 1),
      "ceremony-invitation": ceremonyKey("cyc1", new Date(), "a@b.org"),
      "judging-reminder": reminderKey("cyc1", new Date(), "a@b.org"),
    } as const;
    for (const kind of CAMPAIGN_KINDS) {
      assert.ok(keys[kind].startsWith(campaignKeyPrefix("cyc1", kind)));
      assert.ok(!keys[kind].startsWith(campaignKeyPrefix("cyc", kind)), "a cycle id is never a prefix of another's");
      assert.equal(campaignOfKey(keys[kind]), kind);
    }
    assert.equal(campaignOfKey("sign-in:abc"), null);
    assert.ok(!keys["results-correction"].startsWith(campaignKeyPrefix("cyc1", "results")), "a correction is not a results email");
  });
});

describe("recipients", () => {
  test("dedupe by email keeps the first, ignores case and spaces, and drops blanks", () => {
    const people = dedupeByEmail([
      { email: "Aisha@Example.org", name: "Aisha Rahman" },
      { email: "", name: "No address" },
      { email: "tom@example.org", name: "Tom" },
      { email: " aisha@example.org ", name: "Aisha (as a judge)" },
    ]);
    assert.deepEqual(people, [
      { email: "aisha@example.org", name: "Aisha Rahman" },
      { email: "tom@example.org", name: "Tom" },
    ]);
  });

  test("judges' notes: each distinct note once, in order, as paragraphs; none gives undefined", () => {
    assert.equal(joinNotes(["", null, undefined, "  "]), undefined);
    assert.equal(joinNotes([" Lovely work. ", "Lovely work.", "More on outcomes, please."]), "Lovely work.\n\nMore on outcomes, please.");
  });

  test("tier kinds pick the email; unknown kinds read as the cycle's own ('other')", () => {
    assert.equal(tierKindOf(null), null);
    assert.equal(tierKindOf("winner"), "winner");
    assert.equal(tierKindOf("gold"), "other");
  });
});

describe("when a campaign can be sent", () => {
  test("results only once decided", () => {
    assert.equal(campaignBlocker(cycle, "results"), null);
    assert.match(campaignBlocker({ ...cycle, resultsDecidedAt: null }, "results") ?? "", /not been decided/);
  });

  test("the ceremony invitation needs a ceremony date", () => {
    assert.equal(campaignBlocker(cycle, "ceremony-invitation"), null);
    assert.match(campaignBlocker({ ...cycle, ceremonyAt: null }, "ceremony-invitation") ?? "", /no ceremony date/);
  });

  test("no judging reminders once the results are decided", () => {
    assert.match(campaignBlocker(cycle, "judging-reminder") ?? "", /Judging is over/);
    assert.equal(campaignBlocker({ ...cycle, resultsDecidedAt: null }, "judging-reminder"), null);
  });

  test("campaign kinds", () => {
    assert.ok(isCampaignKind("results"));
    assert.ok(!isCampaignKind("sign-in"));
    assert.ok(!isCampaignKind(undefined));
  });
});
