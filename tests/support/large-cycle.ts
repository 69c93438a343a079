/**
 * A whole judged cycle, inserted fast: for the results scale test and the benchmarks.
 *
 *   const cycle = generateLargeCycle(testDatabase.file, { nominations: 2000, judges: 30, criteria: 6, categories: 8 });
 *
 * Writes straight to SQLite with better-sqlite3 prepared statements in ONE transaction
 * (2,000 x 30 x 6 = 360,000 scores in a few seconds), bypassing Prisma. It writes the rows
 * the way Prisma would read them back: DateTime as ISO text with "+00:00" (Prisma's own
 * format in SQLite), booleans as 0/1, every NOT NULL column without a database default
 * (updatedAt) filled in.
 *
 * Deterministic: the same options (and seed) always give the same ids and scores. Each
 * nomination has a hidden quality; each judge a harshness/generosity (a shift) and a
 * stretch (how much of the scale they use), plus some noise per score, so raw means and
 * normalised scores disagree the way they do with real panels.
 *
 * The cycle is in moderation: launched, nominations and judging closed, not decided.
 * Every nomination is eligible and has a submitted review from each judge on its panel.
 */
import { createHash } from "node:crypto";
import Database from "better-sqlite3";

export type LargeCycleOptions = {
  nominations: number;
  judges: number;
  criteria: number;
  categories: number;
  /** Judges on each nomination's panel (default: every judge). Panels rotate through the judges. */
  judgesPerNomination?: number;
  /** Share of assignments made conflicted ("detected", no review), 0..1; default 0. */
  conflictRate?: number;
  /** Changes every pseudo-random draw; default 1. */
  seed?: number;
  /** Default: `large-<nominations>x<judges>x<criteria>-s<seed>`. */
  slug?: string;
  /** Cycle's minimum judges per nomination; default 3. */
  minJudgesPerNomination?: number;
  /** Scale of every criterion; default 1-5. */
  scaleMin?: number;
  scaleMax?: number;
  /** "Now" the cycle's dates are set around; default the real now. */
  now?: Date;
};

export type LargeCycle = {
  cycleId: string;
  slug: string;
  organiserId: string;
  organiserEmail: string;
  judgeIds: string[];
  categoryIds: string[];
  criterionIds: string[];
  tierIds: string[];
  nominationIds: string[];
  /** The hidden quality of each nomination (same order as nominationIds): higher should rank higher. */
  quality: number[];
  counts: { assignments: number; conflicted: number; reviews: number; scores: number };
  /** How long the inserts took, ms (for information; never assert on it). */
  insertMs: number;
};

/** mulberry32: a small, fast, well-mixed 32-bit PRNG; deterministic per seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Roughly normal (mean 0, sd about 1): the sum of three uniforms, rescaled. */
function gaussish(next: () => number): number {
  return (next() + next() + next() - 1.5) * 2;
}

/** DateTime as Prisma writes it to SQLite: "2026-01-02T03:04:05.000+00:00". */
export function prismaDateTime(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

const DAY = 24 * 3_600_000;
const TIERS = [
  { name: "Winner", rank: 1, kind: "winner" },
  { name: "Special commendation", rank: 2, kind: "special_commendation" },
  { name: "Commendation", rank: 3, kind: "commendation" },
  { name: "Highly commended", rank: 4, kind: "highly_commended" },
];

/**
 * Inserts one judged cycle into the SQLite file (or open, writable better-sqlite3 handle)
 * and returns its ids. Safe to call several times on one database with different seeds or slugs.
 */
export function generateLargeCycle(target: string | Database.Database, options: LargeCycleOptions): LargeCycle {
  const { nominations, judges, criteria, categories } = options;
  for (const [name, value] of Object.entries({ nominations, judges, criteria, categories })) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a whole number, 1 or more (got ${value})`);
  }
  const seed = options.seed ?? 1;
  const panelSize = Math.min(judges, options.judgesPerNomination ?? judges);
  const conflictRate = options.conflictRate ?? 0;
  const scaleMin = options.scaleMin ?? 1;
  const scaleMax = options.scaleMax ?? 5;
  const slug = options.slug ?? `large-${nominations}x${judges}x${criteria}-s${seed}`;
  const now = options.now ?? new Date();
  const random = prng(seed * 7919 + nominations * 31 + judges);
  // Short ids (like cuids, not longer): a short hash of the slug, then what and which.
  const prefix = `lc${createHash("sha256").update(slug).digest("hex").slice(0, 6)}`;
  const id = (kind: string, n: number) => `${prefix}-${kind}${n}`;
  const at = (daysFromNow: number) => prismaDateTime(new Date(now.getTime() + daysFromNow * DAY));

  const db = typeof target === "string" ? new Database(target, { timeout: 10_000 }) : target;
  const started = performance.now();
  try {
    const cycleId = `${prefix}-cycle`;
    const organiserId = `${prefix}-organiser`;
    const organiserEmail = `organiser@${slug}.example.org`;
    const categoryIds = Array.from({ length: categories }, (_, i) => id("cat", i));
    const criterionIds = Array.from({ length: criteria }, (_, i) => id("crit", i));
    const tierIds = TIERS.map((t) => `${prefix}-tier-${t.kind}`);
    const judgeIds = Array.from({ length: judges }, (_, i) => id("j", i));
    const nominationIds = Array.from({ length: nominations }, (_, i) => id("n", i));

    // Hidden truths: a quality per nomination; per judge a shift (harsh < 0 < generous) and a stretch.
    const quality = nominationIds.map(() => gaussish(random));
    const shift = judgeIds.map(() => gaussish(random) * 0.6);
    const stretch = judgeIds.map(() => 0.5 + random());
    const weights = criterionIds.map((_, c) => (c % 3 === 0 ? 2 : 1));
    const mid = (scaleMin + scaleMax) / 2;
    const unit = (scaleMax - scaleMin) / 4;

    const created = at(-120);
    const counts = { assignments: 0, conflicted: 0, reviews: 0, scores: 0 };

    // Every cycle belongs to a Compact area (docs/decisions/0068): the generated cycles share one.
    const insertArea = db.prepare(
      `INSERT INTO "CompactArea" (id, slug, name, createdAt, updatedAt) VALUES ('largeshire-area', 'largeshire', 'Largeshire Compact', ?, ?) ON CONFLICT DO NOTHING`,
    );
    const insertCycle = db.prepare(
      `INSERT INTO "AwardCycle" (id, slug, name, areaId, area, intro, nominationsOpenAt, nominationsCloseAt, judgingOpenAt, judgingCloseAt,
        launchedAt, contactName, contactEmail, minJudgesPerNomination, disagreementThreshold, rankingMeasure, isDemo, createdAt, updatedAt)
       VALUES (?, ?, ?, 'largeshire-area', 'Largeshire', 'A generated cycle for scale tests.', ?, ?, ?, ?, ?, 'Generated Organiser', ?, ?, 1.5, 'normalised', 0, ?, ?)`,
    );
    const insertUser = db.prepare(`INSERT INTO "User" (id, email, name, jobTitle, createdAt) VALUES (?, ?, ?, ?, ?)`);
    const insertRole = db.prepare(`INSERT INTO "CycleRole" (id, userId, cycleId, role, createdAt) VALUES (?, ?, ?, ?, ?)`);
    const insertCategory = db.prepare(`INSERT INTO "Category" (id, cycleId, name, description, position) VALUES (?, ?, ?, ?, ?)`);
    const insertCriterion = db.prepare(
      `INSERT INTO "Criterion" (id, cycleId, categoryId, name, guidance, weight, scaleMin, scaleMax, position) VALUES (?, ?, NULL, ?, '', ?, ?, ?, ?)`,
    );
    const insertTier = db.prepare(`INSERT INTO "OutcomeTier" (id, cycleId, name, rank, kind) VALUES (?, ?, ?, ?, ?)`);
    const insertNomination = db.prepare(
      `INSERT INTO "Nomination" (id, cycleId, categoryId, title, summary, principles, consentToPublish, status, submittedAt, isExample, createdAt, updatedAt)
       VALUES (?, ?, ?, ?, ?, '["civil_society"]', 1, 'eligible', ?, 1, ?, ?)`,
    );
    const insertAssignment = db.prepare(
      `INSERT INTO "Assignment" (id, cycleId, judgeId, nominationId, conflict, conflictReason, conflictAt, openedAt, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertReview = db.prepare(
      `INSERT INTO "Review" (id, assignmentId, commentForPanel, noteForNominators, status, version, submittedAt, createdAt, updatedAt)
       VALUES (?, ?, ?, '', 'submitted', 2, ?, ?, ?)`,
    );
    const insertScore = db.prepare(`INSERT INTO "Score" (reviewId, criterionId, value) VALUES (?, ?, ?)`);

    const write = db.transaction(() => {
      insertArea.run(created, created);
      insertCycle.run(
        cycleId,
        slug,
        `Generated Compact Awards (${slug})`,
        at(-100),
        at(-40),
        at(-39),
        at(-2),
        at(-101),
        `compact@${slug}.example.org`,
        options.minJudgesPerNomination ?? 3,
        created,
        created,
      );
      insertUser.run(organiserId, organiserEmail, "Generated Organiser", "Compact Officer", created);
      insertRole.run(`${prefix}-role-organiser`, organiserId, cycleId, "organiser", created);
      judgeIds.forEach((judgeId, j) => {
        insertUser.run(judgeId, `judge${j}@${slug}.example.org`, `Judge ${j + 1} (${shift[j] < 0 ? "harsh" : "generous"})`, "Panel member", created);
        insertRole.run(`${judgeId}-role`, judgeId, cycleId, "judge", created);
      });
      categoryIds.forEach((categoryId, c) => insertCategory.run(categoryId, cycleId, `Category ${c + 1}`, `Generated category ${c + 1}`, c));
      criterionIds.forEach((criterionId, c) => insertCriterion.run(criterionId, cycleId, `Criterion ${c + 1}`, weights[c], scaleMin, scaleMax, c));
      TIERS.forEach((t, i) => insertTier.run(tierIds[i], cycleId, t.name, t.rank, t.kind));

      const submitted = at(-45);
      const reviewed = at(-5);
      for (let n = 0; n < nominations; n++) {
        const nominationId = nominationIds[n];
        insertNomination.run(
          nominationId,
          cycleId,
          categoryIds[n % categories],
          `Generated nomination ${n + 1}`,
          `Summary of generated nomination ${n + 1}.`,
          submitted,
          created,
          submitted,
        );
        for (let k = 0; k < panelSize; k++) {
          const j = (n + k) % judges;
          const assignmentId = `${nominationId}-a${j}`;
          counts.assignments++;
          if (conflictRate > 0 && random() < conflictRate) {
            counts.conflicted++;
            insertAssignment.run(assignmentId, cycleId, judgeIds[j], nominationId, "detected", "Generated conflict", reviewed, null, created);
            continue;
          }
          insertAssignment.run(assignmentId, cycleId, judgeIds[j], nominationId, "none", null, null, reviewed, created);
          const reviewId = `${nominationId}-r${j}`;
          const comment = `Judge ${j + 1} on nomination ${n + 1}: ${quality[n] > 0.5 ? "strong partnership" : quality[n] < -0.5 ? "thin evidence" : "solid work"}.`;
          insertReview.run(reviewId, assignmentId, comment, reviewed, reviewed, reviewed);
          counts.reviews++;
          for (let c = 0; c < criteria; c++) {
            const raw = mid + (quality[n] * stretch[j] + shift[j] + gaussish(random) * 0.45) * unit;
            const value = Math.min(scaleMax, Math.max(scaleMin, Math.round(raw)));
            insertScore.run(reviewId, criterionIds[c], value);
            counts.scores++;
          }
        }
      }
    });
    write();

    return {
      cycleId,
      slug,
      organiserId,
      organiserEmail,
      judgeIds,
      categoryIds,
      criterionIds,
      tierIds,
      nominationIds,
      quality,
      counts,
      insertMs: performance.now() - started,
    };
  } finally {
    if (typeof target === "string") db.close();
  }
}
