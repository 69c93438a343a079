/**
 * The text helpers of the raw reader (app/db/raw.server.ts): how one statement written in
 * SQLite's words becomes PostgreSQL's. Pure: no database here. That the PostgreSQL text
 * runs and gives the same rows is the integration suite's job, on both databases.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { jsonColumn, numberPlaceholders, portable, postgresText } from "~/db/raw.server";

describe("postgresText", () => {
  it("quotes camelCase identifiers, bare or after a table alias", () => {
    assert.equal(postgresText("SELECT cycleId FROM t"), 'SELECT "cycleId" FROM t');
    assert.equal(postgresText("WHERE s.reviewId = r.id"), 'WHERE s."reviewId" = r.id');
    assert.equal(postgresText("a.conflictReason,b.openedAt"), 'a."conflictReason",b."openedAt"');
    assert.equal(postgresText("(c.position IS NULL), lower(n.title)"), "(c.position IS NULL), lower(n.title)");
  });

  it("quotes mixed-case aliases, so PostgreSQL's column names keep SQLite's case", () => {
    assert.equal(postgresText("SELECT n.id AS rowKey, c.name AS categoryName"), 'SELECT n.id AS "rowKey", c.name AS "categoryName"');
  });

  it("quotes a PascalCase table name written bare", () => {
    assert.equal(postgresText("SELECT * FROM Nomination n"), 'SELECT * FROM "Nomination" n');
  });

  it("leaves lower-case identifiers, upper-case keywords and lower-case keywords alone", () => {
    const sql = "SELECT status, COUNT(*) AS count FROM t WHERE id IN (SELECT x FROM u) GROUP BY status ORDER BY 1 DESC LIMIT 10";
    assert.equal(postgresText(sql), sql);
    const lower = "select id, name from t where a is not null and b like 'x%' order by lower(name)";
    assert.equal(postgresText(lower), lower);
    assert.equal(postgresText("COALESCE(SUM(value), 0)"), "COALESCE(SUM(value), 0)");
  });

  it("leaves identifiers with digits and underscores alone unless they mix case", () => {
    assert.equal(postgresText("t1.user_id, t2.x2"), "t1.user_id, t2.x2");
    assert.equal(postgresText("t1.userId2"), 't1."userId2"');
    assert.equal(postgresText("_private_col"), "_private_col");
  });

  it("quotes whole words only: never the camelCase tail of a word, nor a run after a digit", () => {
    assert.equal(postgresText("x_fooBar"), '"x_fooBar"');
    assert.equal(postgresText("1fooBar"), "1fooBar");
  });

  it("leaves text inside '...' alone: string literals, JSON keys, LIKE patterns", () => {
    assert.equal(postgresText("WHERE kind = 'camelCase' AND x = 'json_object'"), "WHERE kind = 'camelCase' AND x = 'json_object'");
    assert.equal(
      postgresText("json_object('scaleMin', q.scaleMin, 'categoryId', q.categoryId)"),
      `json_build_object('scaleMin', q."scaleMin", 'categoryId', q."categoryId")`,
    );
    assert.equal(postgresText("name LIKE '%fooBar?%'"), "name LIKE '%fooBar?%'");
  });

  it("leaves an escaped quote ('') and what follows it inside the literal alone", () => {
    assert.equal(postgresText("WHERE a = 'it''s camelCase' AND userId = ?"), `WHERE a = 'it''s camelCase' AND "userId" = ?`);
  });

  it('leaves text inside "..." alone: identifiers already quoted are not quoted twice', () => {
    assert.equal(postgresText('FROM "Score" s JOIN "AwardCycle" c'), 'FROM "Score" s JOIN "AwardCycle" c');
    assert.equal(postgresText('SELECT "json_object", "reviewId" FROM t'), 'SELECT "json_object", "reviewId" FROM t');
    assert.equal(postgresText('"a b" userId'), '"a b" "userId"');
  });

  it("leaves an unterminated quote and everything after it alone", () => {
    assert.equal(postgresText("userId = 'camelCase"), `"userId" = 'camelCase`);
  });

  it("renames SQLite's JSON builders to PostgreSQL's", () => {
    assert.equal(postgresText("json_group_array(x)"), "json_agg(x)");
    assert.equal(postgresText("json_object('a', 1)"), "json_build_object('a', 1)");
    assert.equal(postgresText("json_array(1, 2)"), "json_build_array(1, 2)");
    assert.equal(
      postgresText(`(SELECT json_group_array(json_array(s.criterionId, s.value)) FROM "Score" s WHERE s.reviewId = r.id) AS scores`),
      `(SELECT json_agg(json_build_array(s."criterionId", s.value)) FROM "Score" s WHERE s."reviewId" = r.id) AS scores`,
    );
  });

  it("renames whole words only", () => {
    assert.equal(postgresText("my_json_object, json_objects, json_array_length(x)"), "my_json_object, json_objects, json_array_length(x)");
  });

  it("leaves placeholders, punctuation, whitespace and line breaks as they are", () => {
    const sql = "SELECT a.id\n  FROM t a\n WHERE a.x = ? AND a.y IN (?, ?)\t-- done\n";
    assert.equal(postgresText(sql), sql);
    assert.equal(postgresText(""), "");
  });

  it("turns a whole statement of the app's kind into PostgreSQL's text", () => {
    const sqlite = `
SELECT r.id AS reviewId, r.status AS reviewStatus, r.updatedAt AS reviewUpdatedAt,
       (SELECT json_group_array(json_object('id', q.id, 'scaleMin', q.scaleMin) ORDER BY q.position, q.name)
          FROM "Criterion" q WHERE q.cycleId = a.cycleId) AS criteria
FROM "Review" r
JOIN "Assignment" a ON a.id = r.assignmentId
WHERE r.assignmentId = ? AND r.status <> 'camelCase'`;
    const postgresql = `
SELECT r.id AS "reviewId", r.status AS "reviewStatus", r."updatedAt" AS "reviewUpdatedAt",
       (SELECT json_agg(json_build_object('id', q.id, 'scaleMin', q."scaleMin") ORDER BY q.position, q.name)
          FROM "Criterion" q WHERE q."cycleId" = a."cycleId") AS criteria
FROM "Review" r
JOIN "Assignment" a ON a.id = r."assignmentId"
WHERE r."assignmentId" = ? AND r.status <> 'camelCase'`;
    assert.equal(postgresText(sqlite), postgresql);
  });

  it("is idempotent: PostgreSQL's text made again is the same", () => {
    const once = postgresText("SELECT json_group_array(json_object('k', t.someValue)) FROM \"Table\" t WHERE t.cycleId = ?");
    assert.equal(postgresText(once), once);
  });
});

describe("portable", () => {
  it("keeps SQLite's text as written and makes PostgreSQL's with postgresText", () => {
    const sql = `SELECT status, COUNT(*) AS count FROM "Nomination" WHERE cycleId = ? GROUP BY status`;
    assert.deepEqual(portable(sql), { sqlite: sql, postgresql: postgresText(sql) });
    assert.equal(portable(sql).postgresql, `SELECT status, COUNT(*) AS count FROM "Nomination" WHERE "cycleId" = ? GROUP BY status`);
  });

  it("leaves the placeholders as ? in both: they are numbered when the statement is prepared", () => {
    const { sqlite, postgresql } = portable("WHERE a.userId = ? AND a.b = ?");
    assert.equal(sqlite, "WHERE a.userId = ? AND a.b = ?");
    assert.equal(postgresql, 'WHERE a."userId" = ? AND a.b = ?');
  });
});

describe("numberPlaceholders", () => {
  it("numbers ? as $1..$n, left to right", () => {
    assert.equal(numberPlaceholders("SELECT 1 WHERE a = ? AND b IN (?, ?) LIMIT ?"), "SELECT 1 WHERE a = $1 AND b IN ($2, $3) LIMIT $4");
    assert.equal(numberPlaceholders("a=?,b=?"), "a=$1,b=$2");
  });

  it("goes past $9 without confusion", () => {
    const sql = Array.from({ length: 12 }, () => "?").join(", ");
    assert.equal(numberPlaceholders(sql), Array.from({ length: 12 }, (_, i) => `$${i + 1}`).join(", "));
  });

  it("leaves a statement with no placeholder as it is", () => {
    assert.equal(numberPlaceholders(`SELECT "userId" FROM "User"`), `SELECT "userId" FROM "User"`);
    assert.equal(numberPlaceholders(""), "");
  });

  it("does not number a ? inside '...' or \"...\"", () => {
    assert.equal(numberPlaceholders("SELECT '?' AS q, \"odd?name\" FROM t WHERE a = ?"), "SELECT '?' AS q, \"odd?name\" FROM t WHERE a = $1");
    assert.equal(numberPlaceholders("WHERE a LIKE '%?%' AND b = ? AND c = '??' AND d = ?"), "WHERE a LIKE '%?%' AND b = $1 AND c = '??' AND d = $2");
  });

  it("keeps a '' escape inside the literal, and numbers what follows it", () => {
    assert.equal(numberPlaceholders("WHERE a = 'it''s ?' AND b = ?"), "WHERE a = 'it''s ?' AND b = $1");
  });

  it("a double quote inside '...' (and a single one inside \"...\") does not end the quote", () => {
    assert.equal(numberPlaceholders(`WHERE a = 'say "?"' AND b = ?`), `WHERE a = 'say "?"' AND b = $1`);
    assert.equal(numberPlaceholders(`SELECT "it's?" FROM t WHERE b = ?`), `SELECT "it's?" FROM t WHERE b = $1`);
  });

  it("numbers the placeholders of a portable statement's PostgreSQL text", () => {
    const { postgresql } = portable('SELECT u.id FROM "User" u WHERE u.id IN (SELECT judgeId FROM "Assignment" WHERE cycleId = ?) AND u.name <> \'?\'');
    assert.equal(
      numberPlaceholders(postgresql),
      `SELECT u.id FROM "User" u WHERE u.id IN (SELECT "judgeId" FROM "Assignment" WHERE "cycleId" = $1) AND u.name <> '?'`,
    );
  });
});

describe("jsonColumn", () => {
  it("reads SQLite's JSON text", () => {
    assert.deepEqual(jsonColumn<[string, number]>('[["c1",3],["c2",5]]'), [
      ["c1", 3],
      ["c2", 5],
    ]);
    assert.deepEqual(jsonColumn<{ id: string }>('[{"id":"a"}]'), [{ id: "a" }]);
    assert.deepEqual(jsonColumn("[]"), []);
  });

  it("takes PostgreSQL's already parsed JSON as it is", () => {
    const parsed = [{ id: "a", weight: 2 }];
    assert.equal(jsonColumn(parsed), parsed);
    assert.deepEqual(jsonColumn<[string, number]>([["c1", 3]]), [["c1", 3]]);
  });

  it("gives [] for NULL (json_agg over no rows) and for undefined", () => {
    assert.deepEqual(jsonColumn(null), []);
    assert.deepEqual(jsonColumn(undefined), []);
  });

  it("throws on text that is not JSON, rather than guessing", () => {
    assert.throws(() => jsonColumn("not json"), SyntaxError);
  });
});
