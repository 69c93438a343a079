import { test, describe } from "node:test";
import assert from "node:assert/strict";

import {
  EMAIL_TEMPLATE_NAMES,
  TEMPLATE_LABELS,
  isEmailTemplateName,
  previewProps,
  renderEmail,
  resultsTemplateFor,
  type EmailTemplateName,
} from "../../app/mail/templates.server";
import { TIER_KINDS } from "../../app/domain/vocabulary";

const ALL: EmailTemplateName[] = [
  "sign-in",
  "organiser-invitation",
  "partner-confirmation-request",
  "changes-requested",
  "nomination-received",
  "nomination-edited",
  "nomination-returned",
  "nomination-ineligible",
  "judge-invitation",
  "judging-reminder",
  "results-winner",
  "results-special-commendation",
  "results-commendation",
  "results-highly-commended",
  "results-not-awarded",
  "results-correction",
  "ceremony-invitation",
];

const RESULTS: EmailTemplateName[] = [
  "results-winner",
  "results-special-commendation",
  "results-commendation",
  "results-highly-commended",
  "results-not-awarded",
];

const HTML_TAG = /<\/?[a-z!][^>]*>/i;

/** The facts each template must carry in its plain-text version. */
function keyFacts(name: EmailTemplateName, props: Record<string, unknown>): string[] {
  const text = (key: string) => (typeof props[key] === "string" ? (props[key] as string) : "");
  const num = (key: string) => Number(props[key]);
  const facts: string[] = [];
  for (const key of ["url", "signInUrl", "confirmUrl", "nominationUrl", "judgeUrl"]) if (text(key)) facts.push(text(key));
  for (const key of ["nominationTitle", "tierName", "deadline", "judgingCloses", "when", "venue", "rsvpEmail", "reason", "comment"]) {
    if (text(key)) facts.push(text(key));
  }
  if (name === "nomination-received") for (const partner of props.partners as { organisation: string }[]) facts.push(partner.organisation);
  if (name === "judging-reminder") facts.push(`${num("total") - num("outstanding")} of your ${num("total")}`);
  if (name === "sign-in") facts.push(`${num("expiresInMinutes")} minutes`);
  if (name.startsWith("results-")) {
    for (const partner of props.partners as string[]) facts.push(partner);
    if (text("noteForNominators")) facts.push(text("noteForNominators"));
    facts.push(text("categoryName"));
  }
  const cycle = props.cycle as { contactEmail: string; name: string } | undefined;
  if (cycle) facts.push(cycle.contactEmail, cycle.name);
  return facts;
}

describe("email registry", () => {
  test("lists every template once, with a plain-English label", () => {
    assert.deepEqual([...EMAIL_TEMPLATE_NAMES].sort(), [...ALL].sort());
    for (const name of ALL) {
      assert.ok(TEMPLATE_LABELS[name]?.length > 3, name);
      assert.ok(isEmailTemplateName(name));
    }
    assert.equal(isEmailTemplateName("nope"), false);
    assert.equal(isEmailTemplateName("toString"), false);
  });

  test("resultsTemplateFor maps every tier kind, and null to not awarded", () => {
    assert.equal(resultsTemplateFor("winner"), "results-winner");
    assert.equal(resultsTemplateFor("special_commendation"), "results-special-commendation");
    assert.equal(resultsTemplateFor("commendation"), "results-commendation");
    assert.equal(resultsTemplateFor("highly_commended"), "results-highly-commended");
    assert.equal(resultsTemplateFor("other"), "results-commendation");
    assert.equal(resultsTemplateFor(null), "results-not-awarded");
    for (const kind of TIER_KINDS) assert.ok(RESULTS.includes(resultsTemplateFor(kind)));
  });

  test("previewProps gives a copy, so a caller cannot change the samples", () => {
    const a = previewProps("results-winner");
    a.partners.push("Changed");
    assert.ok(!previewProps("results-winner").partners.includes("Changed"));
  });
});

describe("every template renders from its preview data", () => {
  for (const name of ALL) {
    test(name, async () => {
      const props = previewProps(name);
      const email = await renderEmail(name, props as never);

      assert.ok(email.subject.length > 5 && email.subject.length < 160, `subject: ${email.subject}`);
      assert.doesNotMatch(email.subject, /[\r\n]/);

      assert.match(email.html, /^<!DOCTYPE html/);
      assert.match(email.html, /<html[^>]*\blang="en-GB"/);
      assert.match(email.html, /<title>[^<]+<\/title>/);
      assert.doesNotMatch(email.html, /<img\b/, "real text, no images");

      assert.doesNotMatch(email.text, HTML_TAG, "plain text has no HTML tags");
      assert.doesNotMatch(email.text, /&(amp|lt|gt|quot|#\d+);/, "plain text has no HTML entities");
      assert.doesNotMatch(email.text, /\n{3,}/);
      for (const fact of keyFacts(name, props as Record<string, unknown>)) {
        assert.ok(email.text.includes(fact), `${name} text should include ${JSON.stringify(fact)}\n---\n${email.text}`);
      }
      // The sign-off is in both versions.
      assert.ok(email.text.includes("With best wishes,"));
    });
  }
});

describe("content", () => {
  const cycle = { name: "Coventry Compact Awards 2010", contactName: "Rob Allison", contactEmail: "rob@example.org", signOff: "" };

  test("an empty sign-off falls back to the cycle's team", async () => {
    const email = await renderEmail("nomination-edited", { ...previewProps("nomination-edited"), cycle });
    assert.match(email.text, /With best wishes,\nThe Coventry Compact Awards 2010 team/);
    assert.ok(email.html.includes("The Coventry Compact Awards 2010 team"));
  });

  test("sign-in without a cycle is generic", async () => {
    const email = await renderEmail("sign-in", { url: "https://example.org/auth/x", expiresInMinutes: 60 });
    assert.equal(email.subject, "Your sign-in link for Compact Awards");
    assert.ok(email.text.includes("Sign in to Compact Awards https://example.org/auth/x"));
    assert.ok(email.text.includes("1 hour"));
    assert.ok(email.text.includes("The Compact Awards team"));
  });

  test("user-supplied text is escaped in the HTML", async () => {
    const evil = `<script>alert("x")</script>`;
    const email = await renderEmail("changes-requested", {
      ...previewProps("changes-requested"),
      nominationTitle: `Title ${evil}`,
      partnerName: evil,
      comment: `Please fix ${evil}\nthanks`,
      cycle: { ...cycle, name: `Awards ${evil}`, signOff: evil },
    });
    assert.doesNotMatch(email.html, /<script/i);
    assert.ok(email.html.includes("&lt;script&gt;"));
    // The plain text keeps what they typed, as text.
    assert.ok(email.text.includes(`Title ${evil}`));
  });

  test("line breaks typed in a comment or sign-off survive, without HTML", async () => {
    const email = await renderEmail("nomination-returned", {
      ...previewProps("nomination-returned"),
      comment: "First line\nsecond line\n\nNew paragraph",
      cycle: { ...cycle, signOff: "Rob Allison\nCompact Officer" },
    });
    assert.ok(email.text.includes("First line\nsecond line"));
    assert.ok(email.text.includes("New paragraph"));
    assert.ok(email.text.includes("Rob Allison\nCompact Officer"));
    assert.ok(email.html.includes("First line<br/>second line"));
  });

  test("not awarded is kind: no 'unsuccessful' or 'failed', thanks them and encourages next year", async () => {
    const props = previewProps("results-not-awarded");
    for (const variant of [props, { ...props, ceremony: undefined, noteForNominators: undefined }]) {
      const email = await renderEmail("results-not-awarded", variant);
      for (const s of [email.subject, email.text, email.html]) {
        assert.doesNotMatch(s, /unsuccessful|failed|failure|rejected/i);
      }
      assert.match(email.text, /Thank you/);
      assert.match(email.text, /valued/);
      assert.match(email.text, /next year/);
    }
    const withNote = await renderEmail("results-not-awarded", props);
    assert.ok(withNote.text.includes(props.noteForNominators!));
    const withoutNote = await renderEmail("results-not-awarded", { ...props, noteForNominators: "  " });
    assert.doesNotMatch(withoutNote.text, /What the judges said/);
  });

  test("results with a ceremony say they are confidential until announced; without one they do not", async () => {
    for (const name of RESULTS) {
      const props = previewProps(name);
      const withCeremony = await renderEmail(name, props as never);
      assert.match(withCeremony.text, /confidential until they are announced at the\s+ceremony/, name);
      const without = await renderEmail(name, { ...props, ceremony: undefined } as never);
      assert.doesNotMatch(without.text, /confidential/, name);
    }
  });

  test("awards congratulate, with the tier name", async () => {
    for (const name of RESULTS.filter((n) => n !== "results-not-awarded")) {
      const email = await renderEmail(name, previewProps(name) as never);
      assert.match(email.subject, /^Congratulations/, name);
      assert.match(email.text, /Congratulations/, name);
    }
    const other = await renderEmail("results-commendation", {
      ...previewProps("results-commendation"),
      tierName: "Outstanding contribution",
    });
    assert.equal(other.subject, "Congratulations: Outstanding contribution in the Coventry Compact Awards 2010");
    assert.ok(other.text.includes("an Outstanding contribution award"));
  });

  test("subject lines", async () => {
    const subjects = Object.fromEntries(await Promise.all(ALL.map(async (n) => [n, (await renderEmail(n, previewProps(n) as never)).subject] as const)));
    assert.deepEqual(subjects, {
      "sign-in": "Your sign-in link for Coventry Compact Awards 2010",
      "organiser-invitation": "You have been asked to help run the Coventry Compact Awards 2010",
      "partner-confirmation-request": "Please confirm a joint nomination for the Coventry Compact Awards 2010",
      "changes-requested": "Your partner has asked for changes to your nomination for the Coventry Compact Awards 2010",
      "nomination-received": "Nomination received: Coventry Compact Awards 2010",
      "nomination-edited": "Your nomination for the Coventry Compact Awards 2010 has been changed",
      "nomination-returned": "Your nomination for the Coventry Compact Awards 2010 needs some changes",
      "nomination-ineligible": "About your nomination for the Coventry Compact Awards 2010",
      "judge-invitation": "You are invited to judge the Coventry Compact Awards 2010",
      "judging-reminder": "Reminder: 3 nominations still to score by Friday 28 May 2010, 5pm",
      "results-winner": "Congratulations: your nomination is a winner in the Coventry Compact Awards 2010",
      "results-special-commendation": "Congratulations: Special commendation in the Coventry Compact Awards 2010",
      "results-commendation": "Congratulations: Commendation in the Coventry Compact Awards 2010",
      "results-correction": "Correction to your result in the Coventry Compact Awards 2010",
      "results-highly-commended": "Congratulations: Highly commended in the Coventry Compact Awards 2010",
      "results-not-awarded": "Thank you for your nomination to the Coventry Compact Awards 2010",
      "ceremony-invitation": "You are invited: Coventry Compact Awards 2010 ceremony, Friday 11 June 2010, 5:30pm",
    });
  });

  test("subjects are one line even when a cycle's name has line breaks", async () => {
    const props = previewProps("nomination-received");
    const email = await renderEmail("nomination-received", { ...props, cycle: { ...props.cycle, name: "Two\nlines  here" } });
    assert.equal(email.subject, "Nomination received: Two lines here");
  });

  test("finding 9: no subject carries a nomination's title (chosen by whoever nominates, so by anyone)", async () => {
    const bait = "Your account is locked call 0800 000 000";
    for (const name of ALL) {
      const props = previewProps(name) as Record<string, unknown>;
      if (!("nominationTitle" in props)) continue;
      const email = await renderEmail(name, { ...props, nominationTitle: bait } as never);
      assert.ok(!email.subject.includes(bait), `${name}: ${email.subject}`);
      assert.ok(email.text.includes(bait), `${name}: the title is still in the email itself`);
    }
  });

  test("judging reminder words: one left, and all done", async () => {
    const base = previewProps("judging-reminder");
    const one = await renderEmail("judging-reminder", { ...base, outstanding: 1, total: 1 });
    assert.match(one.subject, /Reminder: 1 nomination still to score/);
    assert.match(one.text, /1 nomination is still to score/);
    const done = await renderEmail("judging-reminder", { ...base, outstanding: 0, total: 4 });
    assert.match(done.text, /You have scored them all/);
    assert.doesNotMatch(done.subject, /0 nominations/);
  });

  test("links say where they go, and the button's address is written out in the HTML", async () => {
    const props = previewProps("partner-confirmation-request");
    const email = await renderEmail("partner-confirmation-request", props);
    assert.ok(email.text.includes(`Read and confirm the nomination ${props.confirmUrl}`));
    assert.doesNotMatch(email.html, />\s*(click here|here)\s*</i);
    const hrefs = email.html.match(new RegExp(`href="${props.confirmUrl.replace(/[.?]/g, "\\$&")}"`, "g")) ?? [];
    assert.equal(hrefs.length, 2, "the button and the written-out address");
  });

  test("the ceremony invitation mentions the attached calendar invitation", async () => {
    const email = await renderEmail("ceremony-invitation", previewProps("ceremony-invitation"));
    assert.match(email.text, /attached a calendar invitation/);
  });
});
