import { test, describe } from "node:test";
import assert from "node:assert/strict";

import { buildIcs, escapeIcsText, foldIcsLine, formatIcsUtc, icsAttachment, type IcsEvent } from "../../app/mail/ics";

const octets = (s: string) => Buffer.byteLength(s, "utf8");

/** Undoes folding (RFC 5545 3.1): a CRLF followed by one space or tab is removed. */
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, "");

const ceremony: IcsEvent = {
  uid: "ceremony-coventry-2010@compact-awards",
  // 11 June 2010, 5:30pm to 7:30pm in Coventry (BST, UTC+1)
  start: new Date("2010-06-11T16:30:00Z"),
  end: new Date("2010-06-11T18:30:00Z"),
  dtstamp: new Date("2010-05-20T09:15:07.123Z"),
  summary: "Coventry Compact Awards 2010: awards ceremony",
  description: "Celebrating joint working; statutory, voluntary and community partners.\nDoors open at 5pm.",
  location: "The Welcome Centre, Parkside, Coventry",
  organizer: { name: "Rob Allison, Coventry CEN", email: "compact@coventry-cen.example.org" },
};

describe("formatIcsUtc", () => {
  test("writes UTC with a Z and no separators or milliseconds", () => {
    assert.equal(formatIcsUtc(new Date("2010-06-11T16:30:00.999Z")), "20100611T163000Z");
    assert.equal(formatIcsUtc(new Date("2026-10-25T00:30:05Z")), "20261025T003005Z");
  });
  test("refuses an invalid date", () => {
    assert.throws(() => formatIcsUtc(new Date("nonsense")));
  });
});

describe("escapeIcsText", () => {
  test("escapes backslash, semicolon, comma and new lines", () => {
    assert.equal(escapeIcsText("a,b;c\\d\ne\r\nf\rg"), "a\\,b\\;c\\\\d\\ne\\nf\\ng");
  });
  test("leaves colons and quotes alone (allowed in TEXT)", () => {
    assert.equal(escapeIcsText('Time: 5pm "sharp"'), 'Time: 5pm "sharp"');
  });
});

describe("foldIcsLine", () => {
  test("short lines are unchanged", () => {
    const line = "SUMMARY:" + "x".repeat(67);
    assert.equal(octets(line), 75);
    assert.equal(foldIcsLine(line), line);
  });
  test("long lines fold at 75 octets with CRLF and a space, and unfold to the original", () => {
    const line = "DESCRIPTION:" + "abcdefghij".repeat(30);
    const folded = foldIcsLine(line);
    const parts = folded.split("\r\n");
    assert.ok(parts.length > 1);
    assert.equal(octets(parts[0]!), 75);
    for (const part of parts) assert.ok(octets(part) <= 75, `${octets(part)} octets`);
    for (const part of parts.slice(1)) assert.ok(part.startsWith(" "));
    assert.equal(unfold(folded), line);
  });
  test("counts octets, not characters, and never splits a UTF-8 character", () => {
    const line = "LOCATION:" + "Café “Connect” — Coventry ✓ ".repeat(8) + "🎉".repeat(10);
    const folded = foldIcsLine(line);
    for (const part of folded.split("\r\n")) {
      assert.ok(octets(part) <= 75, `${octets(part)} octets`);
      assert.doesNotMatch(part, /\uFFFD/);
      // Each part is valid UTF-8 on its own.
      assert.equal(Buffer.from(part, "utf8").toString("utf8"), part);
    }
    assert.equal(unfold(folded), line);
  });
});

describe("buildIcs", () => {
  const ics = buildIcs(ceremony);

  test("uses CRLF line endings only, and ends with CRLF", () => {
    assert.ok(ics.endsWith("\r\n"));
    assert.doesNotMatch(ics.replace(/\r\n/g, ""), /[\r\n]/);
  });

  test("is a VCALENDAR with one VEVENT and the required properties", () => {
    const lines = unfold(ics).split("\r\n").filter(Boolean);
    assert.equal(lines[0], "BEGIN:VCALENDAR");
    assert.equal(lines.at(-1), "END:VCALENDAR");
    assert.ok(lines.includes("VERSION:2.0"));
    assert.ok(lines.some((l) => l.startsWith("PRODID:")));
    assert.ok(lines.includes("METHOD:PUBLISH"));
    assert.equal(lines.filter((l) => l === "BEGIN:VEVENT").length, 1);
    assert.equal(lines.filter((l) => l === "END:VEVENT").length, 1);
    assert.ok(lines.includes("UID:ceremony-coventry-2010@compact-awards"));
    assert.ok(lines.includes("DTSTAMP:20100520T091507Z"));
    assert.ok(lines.includes("DTSTART:20100611T163000Z"));
    assert.ok(lines.includes("DTEND:20100611T183000Z"));
  });

  test("escapes text values and quotes parameter values", () => {
    const lines = unfold(ics).split("\r\n");
    assert.ok(lines.includes("SUMMARY:Coventry Compact Awards 2010: awards ceremony"));
    assert.ok(lines.includes("DESCRIPTION:Celebrating joint working\\; statutory\\, voluntary and community partners.\\nDoors open at 5pm."));
    assert.ok(lines.includes("LOCATION:The Welcome Centre\\, Parkside\\, Coventry"));
    assert.ok(lines.includes('ORGANIZER;CN="Rob Allison, Coventry CEN":mailto:compact@coventry-cen.example.org'));
  });

  test("folds every line to 75 octets", () => {
    const long = buildIcs({ ...ceremony, description: "A long description, with commas; and more. ".repeat(20) });
    for (const line of long.split("\r\n")) assert.ok(octets(line) <= 75, line);
    assert.ok(unfold(long).includes("DESCRIPTION:A long description\\, with commas\\; and more."));
  });

  test("a user's text cannot add properties", () => {
    const sneaky = buildIcs({ ...ceremony, summary: "Party\r\nATTENDEE:mailto:evil@example.org", location: "X\nEND:VEVENT" });
    const lines = unfold(sneaky).split("\r\n");
    assert.ok(!lines.some((l) => l.startsWith("ATTENDEE")));
    assert.equal(lines.filter((l) => l === "END:VEVENT").length, 1);
  });

  test("stamps now when no DTSTAMP is given", () => {
    const before = formatIcsUtc(new Date(Date.now() - 1000));
    const stamp = /DTSTAMP:(\d{8}T\d{6}Z)/.exec(buildIcs({ ...ceremony, dtstamp: undefined }))![1]!;
    assert.ok(stamp >= before);
  });

  test("refuses an event that ends before it starts, or has no UID", () => {
    assert.throws(() => buildIcs({ ...ceremony, end: ceremony.start }));
    assert.throws(() => buildIcs({ ...ceremony, uid: " " }));
    assert.throws(() => buildIcs({ ...ceremony, uid: "a\r\nb" }));
  });
});

describe("icsAttachment", () => {
  test("is base64 of the UTF-8 file, with a calendar content type", () => {
    const event = { ...ceremony, location: "Café Connect, Coventry" };
    const a = icsAttachment(event, "ceremony.ics");
    assert.equal(a.filename, "ceremony.ics");
    assert.match(a.contentType, /^text\/calendar/);
    assert.equal(Buffer.from(a.content, "base64").toString("utf8"), buildIcs(event));
  });
});
