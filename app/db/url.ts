import path from "node:path";

/** The database URL: DATABASE_URL, else the embedded default, data/compact-awards.db under the project. */
export function databaseUrl(): string {
  return process.env.DATABASE_URL || `file:${path.resolve("data", "compact-awards.db")}`;
}

/** The databases the app runs on (docs/decisions/0060): SQLite embedded, PostgreSQL hosted. */
export type DatabaseProvider = "sqlite" | "postgresql";

export function databaseProvider(url = databaseUrl()): DatabaseProvider {
  return /^postgres(ql)?:\/\//i.test(url) ? "postgresql" : "sqlite";
}

/** The file path of a `file:` SQLite URL. */
export function databaseFile(url = databaseUrl()): string {
  if (databaseProvider(url) !== "sqlite") throw new Error("databaseFile: not an SQLite URL");
  const file = url.replace(/^file:/, "").split("?")[0];
  return path.resolve(file);
}
