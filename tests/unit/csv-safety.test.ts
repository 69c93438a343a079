import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { csvSafeCell, toCsv } from "~/nominations/export.server";
import { parseCsv as parse } from "../support/csv";

describe("CSV formula injection guard", () => {
  it("puts an apostrophe before a cell starting with =, +, -, @, tab or carriage return", () => {
    for (const dangerous of ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(A1:A2)", "\tcmd", "\r=1"]) {
      assert.equal(csvSafeCell(dangerous), `'${dangerous}`, JSON.stringify(dangerous));
    }
  });

  it("leaves ordinary text, numbers and empty cells alone", () => {
    assert.equal(csvSafeCell("Reunite"), "Reunite");
    assert.equal(csvSafeCell("Cost: =£10"), "Cost: =£10", "only the first character matters");
    assert.equal(csvSafeCell(" =1"), " =1");
    assert.equal(csvSafeCell(""), "");
    assert.equal(csvSafeCell(null), "");
    assert.equal(csvSafeCell(undefined), "");
    assert.equal(csvSafeCell(3), 3, "counts stay numbers");
    assert.equal(csvSafeCell(true), true);
  });

  it("a whole CSV keeps the guard, the quoting and the header row", () => {
    const rows = [
      { title: "=cmd|' /C calc'!A0", summary: 'Says "hello", then\nleaves', photos: 2 },
      { title: "@evil", summary: "-1", photos: 0 },
      { title: "Plain", summary: "ok", photos: 1 },
    ];
    const csv = toCsv(
      [
        { header: "Title", value: (r: (typeof rows)[number]) => r.title },
        { header: "Summary", value: (r: (typeof rows)[number]) => r.summary },
        { header: "Photos", value: (r: (typeof rows)[number]) => r.photos },
      ],
      rows,
    );
    const parsed = parse(csv) as string[][];
    assert.deepEqual(parsed[0], ["Title", "Summary", "Photos"]);
    assert.deepEqual(parsed[1], ["'=cmd|' /C calc'!A0", 'Says "hello", then\nleaves', "2"]);
    assert.deepEqual(parsed[2], ["'@evil", "'-1", "0"]);
    assert.deepEqual(parsed[3], ["Plain", "ok", "1"]);
    for (const row of parsed.slice(1)) for (const cell of row) assert.ok(!/^[=+\-@\t\r]/.test(cell), `unguarded cell ${cell}`);
  });

  it("a line break inside a cell stays inside the cell", () => {
    const csv = toCsv([{ header: "What happened", value: (r: { text: string }) => r.text }], [{ text: "First line\nsecond line" }, { text: "a\r\nb" }]);
    assert.deepEqual(parse(csv), [["What happened"], ["First line\nsecond line"], ["a\r\nb"]]);
  });

  it("guards the header row too", () => {
    const csv = toCsv([{ header: "=1+1", value: () => "x" }], [{}]);
    assert.ok(csv.startsWith("'=1+1"));
  });
});
