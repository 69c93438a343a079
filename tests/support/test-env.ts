/**
 * Side-effect import: put it FIRST in every integration test file, before anything that
 * imports ~/db/client.server. ES modules run their imports in order, so by the time the
 * app's Prisma client is created, DATABASE_URL points at a fresh migrated SQLite file
 * for this test file (node --test runs each file in its own process).
 *
 *   import "../support/test-env";
 *   import { prisma } from "~/db/client.server";
 */
import path from "node:path";
import { testDb } from "./db";

export const testDatabase = testDb(path.basename(process.argv[1] ?? "test", ".ts").replace(/\W+/g, "-"));
