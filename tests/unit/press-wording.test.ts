/**
 * Issue 19, items 5 and 6: the press release's tense follows the ceremony's date relative to the
 * day the release goes out, and its counts say what the judges considered, not what was received.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { celebratedSentence, ceremonyIsAhead, judgedSentence, receivedSentence, recognisedPhrase } from "~/press/wording";
import { beforeCeremonyMessage, ceremonyAhead } from "~/results/publication";

const ceremony = new Date("2027-02-04T19:00:00Z");
const base = { subject: "Partnerships in Coventry", cycleName: "Coventry Compact Awards 2026", ceremonyAt: ceremony, venue: "the Council House" };

describe("issue 19, item 5: the press release's tense follows the ceremony date", () => {
  it("a release before the ceremony says the partnerships will be celebrated on its date", () => {
    const text = celebratedSentence({ ...base, releaseAt: new Date("2026-12-03T10:00:00Z") });
    assert.equal(text, "Partnerships in Coventry will be celebrated at the Coventry Compact Awards 2026 on 4 February 2027 at the Council House.");
    assert.doesNotMatch(text, /were celebrated/);
  });

  it("a release after the ceremony (or at its very time) says they were celebrated at it", () => {
    for (const releaseAt of [new Date("2027-02-05T09:00:00Z"), ceremony]) {
      assert.equal(
        celebratedSentence({ ...base, releaseAt }),
        "Partnerships in Coventry were celebrated at the Coventry Compact Awards 2026, held on 4 February 2027 at the Council House.",
      );
    }
  });

  it("without a ceremony date or venue the sentence names neither", () => {
    assert.equal(
      celebratedSentence({ ...base, ceremonyAt: null, releaseAt: new Date() }),
      "Partnerships in Coventry were celebrated at the Coventry Compact Awards 2026.",
    );
    assert.equal(
      celebratedSentence({ ...base, venue: null, releaseAt: new Date("2026-12-03T10:00:00Z") }),
      "Partnerships in Coventry will be celebrated at the Coventry Compact Awards 2026 on 4 February 2027.",
    );
  });

  it("the headline's phrase and the check agree", () => {
    assert.equal(ceremonyIsAhead(ceremony, new Date("2026-12-03T10:00:00Z")), true);
    assert.equal(ceremonyIsAhead(ceremony, new Date("2027-03-01T10:00:00Z")), false);
    assert.equal(ceremonyIsAhead(null, new Date()), false);
    assert.equal(recognisedPhrase(true), "to be recognised at");
    assert.equal(recognisedPhrase(false), "recognised at");
  });

  it("publishing ahead of the ceremony is told the ceremony's date and the results email's promise", () => {
    assert.equal(ceremonyAhead(ceremony, new Date("2026-12-03T10:00:00Z")), ceremony);
    assert.equal(ceremonyAhead(ceremony, new Date("2027-02-04T19:00:00Z")), null);
    assert.equal(ceremonyAhead(null, new Date()), null);
    const message = beforeCeremonyMessage(ceremony);
    assert.match(message, /Thursday 4 February 2027, 7pm/);
    assert.match(message, /confidential until they are announced at the ceremony/);
  });
});

describe("issue 19, item 6: the press release counts what the judges considered", () => {
  it("five judged of eight received: the judges considered five, not eight", () => {
    const text = judgedSentence({ judged: 5, awards: 3, tierSummary: "one winner and two commendations" });
    assert.equal(text, "The judges considered five nominations and made three awards: one winner and two commendations.");
    assert.doesNotMatch(text, /eight/);
  });

  it("the received count can be said beside it, and only when it differs", () => {
    assert.equal(judgedSentence({ judged: 5, received: 8, awards: 0, tierSummary: "" }), "The judges considered five nominations of the eight received.");
    assert.equal(judgedSentence({ judged: 5, received: 5, awards: 1, tierSummary: "" }), "The judges considered five nominations and made one award.");
    assert.equal(judgedSentence({ judged: 1, awards: 1, tierSummary: "one winner" }), "The judges considered one nomination and made one award: one winner.");
    assert.equal(judgedSentence({ judged: 12, awards: 0, tierSummary: "" }), "The judges considered 12 nominations.");
  });

  it("the notes to editors say how many were received and how many of them were judged", () => {
    assert.equal(receivedSentence({ received: 8, judged: 5 }), "The awards received eight nominations, of which the judges considered five.");
    assert.equal(receivedSentence({ received: 3, judged: 3 }), "The awards received three nominations, all of which the judges considered.");
    assert.equal(receivedSentence({ received: 0, judged: 0 }), "The awards received no nominations.");
  });
});
