import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatUkDateTime, formatUkInput, parseUkDateTime } from "~/utils/time";

describe("UK dates: entered and shown in Europe/London, stored in UTC", () => {
  it("reads winter times as GMT and summer times as BST", () => {
    assert.equal(parseUkDateTime("2026-01-15T12:00")?.toISOString(), "2026-01-15T12:00:00.000Z");
    assert.equal(parseUkDateTime("2026-07-15T12:00")?.toISOString(), "2026-07-15T11:00:00.000Z");
  });

  it("October clock change: 01:30 happens twice, the first (BST) one is taken", () => {
    // Clocks go back at 02:00 BST on Sunday 25 October 2026 to 01:00 GMT.
    assert.equal(parseUkDateTime("2026-10-25T00:30")?.toISOString(), "2026-10-24T23:30:00.000Z");
    assert.equal(parseUkDateTime("2026-10-25T01:30")?.toISOString(), "2026-10-25T00:30:00.000Z");
    assert.equal(parseUkDateTime("2026-10-25T02:30")?.toISOString(), "2026-10-25T02:30:00.000Z");
  });

  it("March clock change: 01:30 does not exist and moves forward to 02:30 BST", () => {
    // Clocks go forward at 01:00 GMT on Sunday 29 March 2026 to 02:00 BST.
    assert.equal(parseUkDateTime("2026-03-29T00:30")?.toISOString(), "2026-03-29T00:30:00.000Z");
    const gap = parseUkDateTime("2026-03-29T01:30")!;
    assert.equal(gap.toISOString(), "2026-03-29T01:30:00.000Z");
    assert.equal(formatUkInput(gap), "2026-03-29T02:30");
    assert.equal(parseUkDateTime("2026-03-29T02:30")?.toISOString(), "2026-03-29T01:30:00.000Z");
  });

  it("round-trips every hour across both changes", () => {
    for (const day of ["2026-03-29", "2026-10-25"]) {
      for (let h = 0; h < 24; h++) {
        const typed = `${day}T${String(h).padStart(2, "0")}:15`;
        const instant = parseUkDateTime(typed)!;
        // Except inside the March gap, what was typed is what is shown back.
        if (!(day === "2026-03-29" && h === 1)) assert.equal(formatUkInput(instant), typed, typed);
      }
    }
  });

  it("refuses dates that do not exist and text that is not a date", () => {
    assert.equal(parseUkDateTime("2026-02-30"), null);
    assert.equal(parseUkDateTime("2026-13-01T10:00"), null);
    assert.equal(parseUkDateTime("2026-06-01T24:00"), null);
    assert.equal(parseUkDateTime("next Tuesday"), null);
    assert.equal(parseUkDateTime(""), null);
  });

  it("a date alone means midnight UK time", () => {
    assert.equal(parseUkDateTime("2010-06-11")?.toISOString(), "2010-06-10T23:00:00.000Z");
  });

  it("shows times the way people say them", () => {
    assert.equal(formatUkDateTime(new Date("2010-06-11T16:30:00Z")), "Friday 11 June 2010, 5:30pm");
    assert.equal(formatUkDateTime(new Date("2026-12-01T09:00:00Z")), "Tuesday 1 December 2026, 9am");
  });
});
