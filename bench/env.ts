/**
 * Where the benchmark keeps its things, and the environment the app's modules read.
 * Import this FIRST (before anything that imports ~/db/client.server): the app's Prisma
 * client is made when that module loads, from DATABASE_URL.
 *
 *   bench/data/                 git-ignored, wiped at the start of every run (bench/fresh.ts)
 *     bench.db                  the demo data + the generated cycles (aggregation, judging)
 *     email.db                  the outbox of the email benchmark (kept apart so the server's
 *                               start-up never resumes the benchmark's sends)
 *     uploads/                  stored files (photos, booklets): DATA_DIR is bench/data
 *     .app/                     a snapshot of the sources, built there (bench/app-server.ts);
 *                               a dot folder, so `tsc` (include "**") never looks inside
 */
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const DATA = path.join(ROOT, "bench", "data");
export const DB_FILE = path.join(DATA, "bench.db");
export const EMAIL_DB_FILE = path.join(DATA, "email.db");
export const APP_DIR = path.join(DATA, ".app");
export const RESULTS_FILE = path.join(ROOT, "bench", "results.json");
export const SESSION_SECRET = "bench-session-secret-not-for-production-0123456789abcdef";

// The app's modules resolve relative paths (node_modules/.bin/prisma, data/) from the cwd.
process.chdir(ROOT);
process.env.DATABASE_URL = `file:${DB_FILE}`;
process.env.DATA_DIR = DATA;
process.env.SESSION_SECRET = SESSION_SECRET;
// Never talk to real services from a benchmark; the email benchmark sets its own fake.
delete process.env.RESEND_API_KEY;
delete process.env.RESEND_BASE_URL;
delete process.env.UPLOADTHING_TOKEN;
delete process.env.LOCAL_MAILBOX;
delete process.env.APP_URL;
