/**
 * Raw reads, one interface on both databases (docs/decisions/0067). A statement is written
 * once with `?` placeholders and quoted identifiers where both dialects read it alike, or
 * as one text per dialect where they differ (JSON aggregates, rowid); PostgreSQL's text has
 * its `?` numbered ($1, $2...) here. SQLite reads go through a read-only better-sqlite3
 * handle (synchronous, no pool); PostgreSQL reads share the Prisma client's pool.
 */
import crypto from "node:crypto";
import type Database from "better-sqlite3";
import type pg from "pg";

export type Dialect = "sqlite" | "postgresql";
export type DialectSql = string | { readonly sqlite: string; readonly postgresql: string };
export type SqlParam = string | number | bigint | boolean | null | Date;

export interface RawReader {
  readonly dialect: Dialect;
  /** Rows as objects keyed by column name. */
  all<T>(sql: DialectSql, params?: readonly SqlParam[]): Promise<T[]>;
  /** The first row, or undefined. */
  get<T>(sql: DialectSql, params?: readonly SqlParam[]): Promise<T | undefined>;
  /** Rows as arrays, in column order: no object per row (the results' walk over 60,000 rows). */
  arrays<T extends unknown[]>(sql: DialectSql, params?: readonly SqlParam[]): Promise<T[]>;
  /** The better-sqlite3 handle, where SQLite-only tuning applies (PRAGMAs); undefined on PostgreSQL. */
  readonly sqliteHandle?: Database.Database;
  close(): Promise<void>;
}

export function textFor(sql: DialectSql, dialect: Dialect): string {
  return typeof sql === "string" ? sql : sql[dialect];
}

/**
 * The PostgreSQL text of a statement written in SQLite's words, for the forms the app uses:
 * camelCase identifiers quoted (PostgreSQL folds unquoted names to lower case; SQLite reads
 * quoted ones alike), and SQLite's JSON builders as PostgreSQL's (json_group_array: json_agg,
 * json_object: json_build_object, json_array: json_build_array). Quoted text is left alone.
 * Where more differs (rowid, group_concat, COLLATE NOCASE), write both texts.
 */
export function postgresText(sqliteSql: string): string {
  const renamed: Record<string, string> = { json_group_array: "json_agg", json_object: "json_build_object", json_array: "json_build_array" };
  let out = "";
  let i = 0;
  while (i < sqliteSql.length) {
    const ch = sqliteSql[i];
    if (ch === "'" || ch === '"') {
      const end = sqliteSql.indexOf(ch, i + 1);
      const stop = end < 0 ? sqliteSql.length : end + 1;
      out += sqliteSql.slice(i, stop);
      i = stop;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sqliteSql.slice(i, i + 64))?.[0];
    if (word && !/[A-Za-z0-9_]/.test(sqliteSql[i - 1] ?? "")) {
      if (renamed[word]) out += renamed[word];
      else if (/[a-z]/.test(word) && /[A-Z]/.test(word)) out += `"${word}"`;
      else out += word;
      i += word.length;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/** A statement written once in SQLite's words, with its PostgreSQL text made by postgresText. */
export function portable(sqliteSql: string): { sqlite: string; postgresql: string } {
  return { sqlite: sqliteSql, postgresql: postgresText(sqliteSql) };
}

/** A JSON column as read: SQLite gives text, PostgreSQL's driver parses json; NULL (no rows) is []. */
export function jsonColumn<T>(value: unknown): T[] {
  if (value === null || value === undefined) return [];
  return (typeof value === "string" ? JSON.parse(value) : value) as T[];
}

/** `?` placeholders numbered for PostgreSQL ($1, $2...), leaving quoted text and identifiers alone. */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  let out = "";
  let quote: string | null = null;
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else if (ch === "?") out += `$${++n}`;
    else out += ch;
  }
  return out;
}

type Options = { dialect: "sqlite"; handle: Database.Database } | { dialect: "postgresql"; pool: pg.Pool };

export function createRawReader(options: Options): RawReader {
  return options.dialect === "sqlite" ? sqliteReader(options.handle) : postgresReader(options.pool);
}

function sqliteReader(handle: Database.Database): RawReader {
  const statements = new Map<string, Database.Statement>();
  const statement = (sql: DialectSql) => {
    const text = textFor(sql, "sqlite");
    let ready = statements.get(text);
    if (!ready) statements.set(text, (ready = handle.prepare(text)));
    return ready;
  };
  // better-sqlite3 binds no booleans or Dates: store them as Prisma does (0/1, ISO text).
  const bind = (params: readonly SqlParam[]) => params.map((p) => (typeof p === "boolean" ? (p ? 1 : 0) : p instanceof Date ? p.toISOString() : p));
  return {
    dialect: "sqlite",
    sqliteHandle: handle,
    async all<T>(sql: DialectSql, params: readonly SqlParam[] = []) {
      return statement(sql)
        .raw(false)
        .all(...bind(params)) as T[];
    },
    async get<T>(sql: DialectSql, params: readonly SqlParam[] = []) {
      return statement(sql)
        .raw(false)
        .get(...bind(params)) as T | undefined;
    },
    async arrays<T extends unknown[]>(sql: DialectSql, params: readonly SqlParam[] = []) {
      return statement(sql)
        .raw(true)
        .all(...bind(params)) as T[];
    },
    async close() {
      handle.close();
    },
  };
}

function postgresReader(pool: pg.Pool): RawReader {
  // Named statements are parsed and planned once per connection.
  const prepared = new Map<string, { name: string; text: string }>();
  const query = (sql: DialectSql) => {
    const source = textFor(sql, "postgresql");
    let ready = prepared.get(source);
    if (!ready) {
      const text = numberPlaceholders(source);
      const name = `raw_${crypto.createHash("sha1").update(text).digest("hex").slice(0, 16)}`;
      prepared.set(source, (ready = { name, text }));
    }
    return ready;
  };
  return {
    dialect: "postgresql",
    async all<T>(sql: DialectSql, params: readonly SqlParam[] = []) {
      const result = await pool.query({ ...query(sql), values: [...params] });
      return result.rows as T[];
    },
    async get<T>(sql: DialectSql, params: readonly SqlParam[] = []) {
      const result = await pool.query({ ...query(sql), values: [...params] });
      return result.rows[0] as T | undefined;
    },
    async arrays<T extends unknown[]>(sql: DialectSql, params: readonly SqlParam[] = []) {
      const result = await pool.query({ ...query(sql), values: [...params], rowMode: "array" });
      return result.rows as T[];
    },
    async close() {
      // The pool is the Prisma client's: it closes with the client.
    },
  };
}
