import path from "node:path";

/** The SQLite database URL: DATABASE_URL, else data/compact-awards.db under the project. */
export function databaseUrl(): string {
  return process.env.DATABASE_URL || `file:${path.resolve("data", "compact-awards.db")}`;
}

/** The file path of a `file:` SQLite URL. */
export function databaseFile(url = databaseUrl()): string {
  const file = url.replace(/^file:/, "").split("?")[0];
  return path.resolve(file);
}
