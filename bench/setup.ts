/**
 * The benchmark's own database (bench/data/bench.db), made from nothing every run:
 *
 * - migrated with the project's migrations (migrateDatabase), then an empty copy of it
 *   (VACUUM INTO) for the email benchmark's outbox (bench/data/email.db);
 * - the demo (seedDemo): coventry-2010, published, 14 awards; one consented photo is
 *   stored and attached to each award, with its print variant as an upload makes it, so
 *   its booklet looks like a real one;
 * - `bench-aggregation`: 2,000 nominations x 30 judges x 6 criteria, every judge scoring
 *   every nomination (360,000 scores), for the aggregation figure;
 * - `bench-judging`: 300 nominations x 15 judges x 6 criteria, 5 judges a nomination
 *   (100 assignments a judge), with judging OPEN now, every assignment opened (past the
 *   conflict step), the coventry-2010 nominations' texts and partners copied onto its
 *   nominations (so the scoring form is as heavy as a real one), and a realistic mix of
 *   reviews: a third submitted, a third in draft, a third not started.
 *
 * The bench's database is SQLite: generateLargeCycle writes to it with better-sqlite3
 * directly, and so does this file's SQL: dates as Prisma stores them (prismaDateTime: ISO
 * text with "+00:00").
 */
import Database from "better-sqlite3";
import { prisma } from "~/db/client.server";
import { migrateDatabase } from "~/db/migrate.server";
import { seedDemo } from "~/demo/seed.server";
import { ensurePrintVariants } from "~/nominations/attachments.server";
import { loadAwards } from "~/results/published.server";
import { newStorageKey, storage } from "~/storage/storage.server";
import { generateLargeCycle, prismaDateTime, type LargeCycle } from "../tests/support/large-cycle";
import { DB_FILE, EMAIL_DB_FILE } from "./env";
import { makePhoto, photoVariants } from "./photos";

export const AGGREGATION = { nominations: 2000, judges: 30, criteria: 6, categories: 8, slug: "bench-aggregation" } as const;
export const JUDGING = { nominations: 300, judges: 15, criteria: 6, categories: 4, judgesPerNomination: 5, slug: "bench-judging" } as const;
export const PHOTO_COUNT = 6;

export type BenchData = {
  coventry: { id: string; slug: string; awards: number };
  aggregation: LargeCycle;
  judging: {
    cycleId: string;
    slug: string;
    judgeId: string;
    judgeEmail: string;
    /** the judge's assignments, in a fixed order */
    assignmentIds: string[];
    criterionIds: string[];
    reviewMix: { submitted: number; draft: number; notStarted: number };
  };
  /** the base photos (JPEG bytes, 1600 x 1200), each also stored (local storage keys); case studies get crops of them (photoVariants) */
  photos: { bytes: Buffer[]; keys: string[] };
  timings: Record<string, number>;
};

const DAY = 24 * 3_600_000;

async function timed<T>(timings: Record<string, number>, name: string, fn: () => T | Promise<T>): Promise<T> {
  const started = performance.now();
  const value = await fn();
  timings[name] = Math.round(performance.now() - started);
  return value;
}

export async function prepareDatabase(log: (line: string) => void): Promise<BenchData> {
  const timings: Record<string, number> = {};
  const url = `file:${DB_FILE}`;
  await timed(timings, "migrate_ms", () => migrateDatabase(url, { quiet: true }));
  {
    const db = new Database(DB_FILE);
    db.exec(`VACUUM INTO '${EMAIL_DB_FILE.replace(/'/g, "''")}'`);
    db.close();
  }
  await timed(timings, "seed_demo_ms", () => seedDemo(prisma));
  const coventry = await prisma.awardCycle.findUniqueOrThrow({ where: { slug: "coventry-2010" }, select: { id: true, slug: true } });
  log(`  demo seeded (coventry-2010)`);

  const aggregation = await timed(timings, "generate_aggregation_ms", () => generateLargeCycle(url, { ...AGGREGATION }));
  log(`  ${AGGREGATION.slug}: ${aggregation.counts.scores.toLocaleString("en-GB")} scores in ${Math.round(aggregation.insertMs)} ms`);
  const judgingCycle = await timed(timings, "generate_judging_ms", () => generateLargeCycle(url, { ...JUDGING }));

  const judging = await timed(timings, "judging_setup_ms", () => openJudging(judgingCycle, coventry.id));
  log(`  ${JUDGING.slug}: judging open, ${judging.assignmentIds.length} assignments for ${judging.judgeEmail}`);

  const photos = await timed(timings, "photos_ms", async () => {
    const bytes: Buffer[] = [];
    const keys: string[] = [];
    for (let i = 0; i < PHOTO_COUNT; i++) {
      const photo = await makePhoto(i + 1);
      const { key } = await storage("local").put(newStorageKey(), photo, "image/jpeg");
      bytes.push(photo);
      keys.push(key);
    }
    return { bytes, keys };
  });

  // One consented photo on each coventry-2010 award: each a different photo, in its own stored file, as uploads are.
  const awards = await timed(timings, "coventry_photos_ms", async () => {
    const { awards } = await loadAwards(prisma, coventry.id);
    const variants = await photoVariants(photos.bytes, awards.length, 10_000);
    const ids: string[] = [];
    for (const [i, award] of awards.entries()) {
      const bytes = variants[i];
      const { key } = await storage("local").put(newStorageKey(), bytes, "image/jpeg");
      const { id } = await prisma.attachment.create({
        data: {
          nominationId: award.nominationId,
          storageKey: key,
          storageBackend: "local",
          fileName: `photo-${i + 1}.jpg`,
          contentType: "image/jpeg",
          size: bytes.length,
          kind: "photo",
          caption: `Partners from ${award.partners[0]?.name ?? "the partnership"} at work`,
          credit: "Bench photographer",
          consentToPublish: true,
          width: 1560,
          height: 1170,
        },
      });
      ids.push(id);
    }
    // each photo's print variant, as an upload makes it (not part of any booklet's time)
    await ensurePrintVariants(prisma, ids);
    return awards.length;
  });
  log(`  coventry-2010: a photo on each of its ${awards} awards`);

  return { coventry: { ...coventry, awards }, aggregation, judging, photos, timings };
}

/**
 * Judging open now on a generated cycle (which generateLargeCycle leaves in moderation):
 * dates moved, every assignment opened, reviews mixed, and real texts and partners.
 */
function openJudging(cycle: LargeCycle, coventryId: string): BenchData["judging"] {
  const db = new Database(DB_FILE, { timeout: 10_000 });
  try {
    const now = Date.now();
    const at = (days: number) => prismaDateTime(new Date(now + days * DAY));
    const reviewMix = { submitted: 0, draft: 0, notStarted: 0 };
    db.transaction(() => {
      db.prepare(
        `UPDATE "AwardCycle" SET nominationsOpenAt = ?, nominationsCloseAt = ?, judgingOpenAt = ?, judgingCloseAt = ?,
           resultsDecidedAt = NULL, resultsSentAt = NULL, publishedAt = NULL WHERE id = ?`,
      ).run(at(-60), at(-10), at(-9), at(30), cycle.cycleId);
      db.prepare(`UPDATE "Assignment" SET openedAt = ? WHERE cycleId = ? AND conflict = 'none'`).run(at(-8), cycle.cycleId);

      // A third of the nominations' reviews submitted (as generated), a third in draft, a third not started.
      const toDraft = db.prepare(
        `UPDATE "Review" SET status = 'draft', submittedAt = NULL WHERE assignmentId IN (SELECT id FROM "Assignment" WHERE nominationId = ?)`,
      );
      const dropScores = db.prepare(
        `DELETE FROM "Score" WHERE reviewId IN (SELECT r.id FROM "Review" r JOIN "Assignment" a ON a.id = r.assignmentId WHERE a.nominationId = ?)`,
      );
      const dropReviews = db.prepare(`DELETE FROM "Review" WHERE assignmentId IN (SELECT id FROM "Assignment" WHERE nominationId = ?)`);
      cycle.nominationIds.forEach((nominationId, n) => {
        if (n % 3 === 1) {
          toDraft.run(nominationId);
          reviewMix.draft++;
        } else if (n % 3 === 2) {
          dropScores.run(nominationId);
          dropReviews.run(nominationId);
          reviewMix.notStarted++;
        } else reviewMix.submitted++;
      });

      // The coventry-2010 nominations' stories and partners, in turn, on the generated ones.
      const sources = db
        .prepare(
          `SELECT id, title, summary, whatHappened, impact, howPartnersWorked, quote, quoteAttribution, principles, startedOn, publicContact
           FROM "Nomination" WHERE cycleId = ? ORDER BY id`,
        )
        .all(coventryId) as Record<string, string | null>[];
      if (sources.length === 0) throw new Error("coventry-2010 has no nominations to copy texts from");
      const partnersOf = db.prepare(
        `SELECT organisationId, role, contactName, contactEmail, position FROM "NominationPartner" WHERE nominationId = ? ORDER BY position`,
      );
      const sourcePartners = sources.map(
        (s) => partnersOf.all(s.id) as { organisationId: string; role: string; contactName: string; contactEmail: string; position: number }[],
      );
      const updateText = db.prepare(
        `UPDATE "Nomination" SET title = ?, summary = ?, whatHappened = ?, impact = ?, howPartnersWorked = ?, quote = ?, quoteAttribution = ?,
           principles = ?, startedOn = ?, publicContact = ? WHERE id = ?`,
      );
      const insertPartner = db.prepare(
        `INSERT INTO "NominationPartner" (id, nominationId, organisationId, role, contactName, contactEmail, position, confirmedAt, createdAt)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const created = at(-50);
      cycle.nominationIds.forEach((nominationId, n) => {
        const s = sources[n % sources.length];
        updateText.run(
          `${s.title} (${n + 1})`,
          s.summary,
          s.whatHappened,
          s.impact,
          s.howPartnersWorked,
          s.quote,
          s.quoteAttribution,
          s.principles,
          s.startedOn,
          s.publicContact,
          nominationId,
        );
        for (const p of sourcePartners[n % sources.length]) {
          insertPartner.run(
            `${nominationId}-p${p.position}-${p.organisationId}`,
            nominationId,
            p.organisationId,
            p.role,
            p.contactName,
            p.contactEmail,
            p.position,
            created,
            created,
          );
        }
      });
    })();

    const judgeId = cycle.judgeIds[0];
    const judgeEmail = (db.prepare(`SELECT email FROM "User" WHERE id = ?`).get(judgeId) as { email: string }).email;
    const assignmentIds = (
      db.prepare(`SELECT id FROM "Assignment" WHERE cycleId = ? AND judgeId = ? AND conflict = 'none' ORDER BY id`).all(cycle.cycleId, judgeId) as {
        id: string;
      }[]
    ).map((r) => r.id);
    return { cycleId: cycle.cycleId, slug: cycle.slug, judgeId, judgeEmail, assignmentIds, criterionIds: cycle.criterionIds, reviewMix };
  } finally {
    db.close();
  }
}

/** The stored review versions of some assignments (0: no review yet), read straight from the file. */
export function reviewVersions(assignmentIds: readonly string[]): Map<string, number> {
  const db = new Database(DB_FILE, { readonly: true, timeout: 10_000 });
  try {
    const versions = new Map<string, number>(assignmentIds.map((id) => [id, 0]));
    const read = db.prepare(`SELECT version FROM "Review" WHERE assignmentId = ?`);
    for (const id of assignmentIds) {
      const row = read.get(id) as { version: number } | undefined;
      if (row) versions.set(id, row.version);
    }
    return versions;
  } finally {
    db.close();
  }
}
