/**
 * A whole judged cycle, inserted fast: for the results scale test and the benchmarks.
 *
 *   const cycle = await generateLargeCycle(testDatabase.url, { nominations: 2000, judges: 30, criteria: 6, categories: 8 });
 *
 * On either database (docs/decisions/0060), bypassing Prisma, in ONE transaction
 * (2,000 x 30 x 6 = 360,000 scores in a few seconds): the target is a database URL
 * (`file:...` or `postgresql://...`), an SQLite file's path, or an open, writable
 * better-sqlite3 handle. One generator makes every row (the same ids, draws and values on
 * both databases); two writers store them:
 * - SQLite: better-sqlite3 prepared statements, a row at a time, as Prisma would read them
 *   back: DateTime as ISO text with "+00:00" (prismaDateTime, Prisma's own format in
 *   SQLite), booleans as 0/1;
 * - PostgreSQL: `pg`, each table's rows in batches of one statement each
 *   (`INSERT ... SELECT * FROM unnest($1::text[], ...)`), DateTime as ISO text into the
 *   `timestamp(3)` (UTC, as Prisma writes it), booleans as true/false.
 * Every NOT NULL column without a database default (updatedAt) is filled in.
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
import pg from "pg";
import { databaseFile, databaseProvider } from "~/db/url";

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

/** Where to write: a database URL (`file:...`, `postgresql://...`), an SQLite file's path, or an open better-sqlite3 handle. */
export type LargeCycleTarget = string | Database.Database;

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

// ---------------------------------------------------------------- the rows

type ColumnType = "text" | "int" | "float" | "bool" | "timestamp";
type Value = string | number | boolean | Date | null;

/**
 * The tables written, their columns in the order a row gives them, and each column's type
 * (PostgreSQL's unnest needs it; SQLite ignores it). Listed parents first: both writers
 * store the tables in this order, so every foreign key finds its row.
 */
const LARGESHIRE_AREA_ID = "largeshire-area";
/** Tables whose rows every generated cycle shares: inserted unless already there. */
const SHARED_ROWS = new Set<string>(["CompactArea"]);
const onConflict = (table: string) => (SHARED_ROWS.has(table) ? " ON CONFLICT DO NOTHING" : "");

const TABLES = {
  // Every cycle belongs to a Compact area (docs/decisions/0068): the generated cycles share one,
  // written once however many cycles are generated into a database (SHARED_ROWS).
  CompactArea: { id: "text", slug: "text", name: "text", createdAt: "timestamp", updatedAt: "timestamp" },
  AwardCycle: {
    id: "text",
    areaId: "text",
    slug: "text",
    name: "text",
    area: "text",
    intro: "text",
    nominationsOpenAt: "timestamp",
    nominationsCloseAt: "timestamp",
    judgingOpenAt: "timestamp",
    judgingCloseAt: "timestamp",
    launchedAt: "timestamp",
    contactName: "text",
    contactEmail: "text",
    minJudgesPerNomination: "int",
    disagreementThreshold: "float",
    rankingMeasure: "text",
    isDemo: "bool",
    createdAt: "timestamp",
    updatedAt: "timestamp",
  },
  User: { id: "text", email: "text", name: "text", jobTitle: "text", createdAt: "timestamp" },
  CycleRole: { id: "text", userId: "text", cycleId: "text", role: "text", createdAt: "timestamp" },
  Category: { id: "text", cycleId: "text", name: "text", description: "text", position: "int" },
  Criterion: {
    id: "text",
    cycleId: "text",
    categoryId: "text",
    name: "text",
    guidance: "text",
    weight: "float",
    scaleMin: "int",
    scaleMax: "int",
    position: "int",
  },
  OutcomeTier: { id: "text", cycleId: "text", name: "text", rank: "int", kind: "text" },
  Nomination: {
    id: "text",
    cycleId: "text",
    categoryId: "text",
    title: "text",
    summary: "text",
    principles: "text",
    consentToPublish: "bool",
    status: "text",
    submittedAt: "timestamp",
    isExample: "bool",
    createdAt: "timestamp",
    updatedAt: "timestamp",
  },
  Assignment: {
    id: "text",
    cycleId: "text",
    judgeId: "text",
    nominationId: "text",
    conflict: "text",
    conflictReason: "text",
    conflictAt: "timestamp",
    openedAt: "timestamp",
    createdAt: "timestamp",
  },
  Review: {
    id: "text",
    assignmentId: "text",
    commentForPanel: "text",
    noteForNominators: "text",
    status: "text",
    version: "int",
    submittedAt: "timestamp",
    createdAt: "timestamp",
    updatedAt: "timestamp",
  },
  Score: { reviewId: "text", criterionId: "text", value: "int" },
} as const satisfies Record<string, Record<string, ColumnType>>;

type TableName = keyof typeof TABLES;
/** A row: one value per column of its table, in TABLES' order. */
type Row<T extends TableName> = { [K in keyof (typeof TABLES)[T]]: Value };

const COLUMNS = Object.fromEntries(Object.entries(TABLES).map(([table, columns]) => [table, Object.keys(columns)])) as Record<TableName, string[]>;
const columnsOf = (table: TableName) => COLUMNS[table];
const typesOf = (table: TableName) => Object.values(TABLES[table]) as ColumnType[];

/** Where the generator puts its rows: each writer stores them its way. */
type Sink = { row<T extends TableName>(table: T, row: Row<T>): void };

/**
 * THE generator: every id, draw and value, in one order, whichever database stores them.
 * Dates are Dates and booleans booleans here; the writers give them their database's form.
 */
function generate(options: LargeCycleOptions, sink: Sink): Omit<LargeCycle, "insertMs"> {
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
  const at = (daysFromNow: number) => new Date(now.getTime() + daysFromNow * DAY);

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

  sink.row("CompactArea", { id: LARGESHIRE_AREA_ID, slug: "largeshire", name: "Largeshire Compact", createdAt: created, updatedAt: created });
  sink.row("AwardCycle", {
    id: cycleId,
    areaId: LARGESHIRE_AREA_ID,
    slug,
    name: `Generated Compact Awards (${slug})`,
    area: "Largeshire",
    intro: "A generated cycle for scale tests.",
    nominationsOpenAt: at(-100),
    nominationsCloseAt: at(-40),
    judgingOpenAt: at(-39),
    judgingCloseAt: at(-2),
    launchedAt: at(-101),
    contactName: "Generated Organiser",
    contactEmail: `compact@${slug}.example.org`,
    minJudgesPerNomination: options.minJudgesPerNomination ?? 3,
    disagreementThreshold: 1.5,
    rankingMeasure: "normalised",
    isDemo: false,
    createdAt: created,
    updatedAt: created,
  });
  sink.row("User", { id: organiserId, email: organiserEmail, name: "Generated Organiser", jobTitle: "Compact Officer", createdAt: created });
  sink.row("CycleRole", { id: `${prefix}-role-organiser`, userId: organiserId, cycleId, role: "organiser", createdAt: created });
  judgeIds.forEach((judgeId, j) => {
    const name = `Judge ${j + 1} (${shift[j] < 0 ? "harsh" : "generous"})`;
    sink.row("User", { id: judgeId, email: `judge${j}@${slug}.example.org`, name, jobTitle: "Panel member", createdAt: created });
    sink.row("CycleRole", { id: `${judgeId}-role`, userId: judgeId, cycleId, role: "judge", createdAt: created });
  });
  categoryIds.forEach((categoryId, c) =>
    sink.row("Category", { id: categoryId, cycleId, name: `Category ${c + 1}`, description: `Generated category ${c + 1}`, position: c }),
  );
  criterionIds.forEach((criterionId, c) =>
    sink.row("Criterion", {
      id: criterionId,
      cycleId,
      categoryId: null,
      name: `Criterion ${c + 1}`,
      guidance: "",
      weight: weights[c],
      scaleMin,
      scaleMax,
      position: c,
    }),
  );
  TIERS.forEach((t, i) => sink.row("OutcomeTier", { id: tierIds[i], cycleId, name: t.name, rank: t.rank, kind: t.kind }));

  const submitted = at(-45);
  const reviewed = at(-5);
  for (let n = 0; n < nominations; n++) {
    const nominationId = nominationIds[n];
    sink.row("Nomination", {
      id: nominationId,
      cycleId,
      categoryId: categoryIds[n % categories],
      title: `Generated nomination ${n + 1}`,
      summary: `Summary of generated nomination ${n + 1}.`,
      principles: '["civil_society"]',
      consentToPublish: true,
      status: "eligible",
      submittedAt: submitted,
      isExample: true,
      createdAt: created,
      updatedAt: submitted,
    });
    for (let k = 0; k < panelSize; k++) {
      const j = (n + k) % judges;
      const assignmentId = `${nominationId}-a${j}`;
      const assignment = { id: assignmentId, cycleId, judgeId: judgeIds[j], nominationId, createdAt: created };
      counts.assignments++;
      if (conflictRate > 0 && random() < conflictRate) {
        counts.conflicted++;
        sink.row("Assignment", { ...assignment, conflict: "detected", conflictReason: "Generated conflict", conflictAt: reviewed, openedAt: null });
        continue;
      }
      sink.row("Assignment", { ...assignment, conflict: "none", conflictReason: null, conflictAt: null, openedAt: reviewed });
      const reviewId = `${nominationId}-r${j}`;
      const comment = `Judge ${j + 1} on nomination ${n + 1}: ${quality[n] > 0.5 ? "strong partnership" : quality[n] < -0.5 ? "thin evidence" : "solid work"}.`;
      sink.row("Review", {
        id: reviewId,
        assignmentId,
        commentForPanel: comment,
        noteForNominators: "",
        status: "submitted",
        version: 2,
        submittedAt: reviewed,
        createdAt: reviewed,
        updatedAt: reviewed,
      });
      counts.reviews++;
      for (let c = 0; c < criteria; c++) {
        const raw = mid + (quality[n] * stretch[j] + shift[j] + gaussish(random) * 0.45) * unit;
        const value = Math.min(scaleMax, Math.max(scaleMin, Math.round(raw)));
        sink.row("Score", { reviewId, criterionId: criterionIds[c], value });
        counts.scores++;
      }
    }
  }

  return { cycleId, slug, organiserId, organiserEmail, judgeIds, categoryIds, criterionIds, tierIds, nominationIds, quality, counts };
}

// ---------------------------------------------------------------- the writers

/** A date's text, made once per Date: the generator gives its few dates to every row. */
function datesAs(format: (date: Date) => string): (date: Date) => string {
  const made = new Map<Date, string>();
  return (date) => {
    let text = made.get(date);
    if (text === undefined) made.set(date, (text = format(date)));
    return text;
  };
}

/** SQLite: a prepared statement per table, a row at a time, in one transaction (better-sqlite3 is synchronous). */
function writeSqlite(db: Database.Database, options: LargeCycleOptions): Omit<LargeCycle, "insertMs"> {
  const statements = new Map<TableName, Database.Statement>();
  const insert = (table: TableName) => {
    let statement = statements.get(table);
    if (!statement) {
      const columns = columnsOf(table);
      statement = db.prepare(
        `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})${onConflict(table)}`,
      );
      statements.set(table, statement);
    }
    return statement;
  };
  // As Prisma stores them in SQLite: DateTime as ISO text with "+00:00", booleans as 0/1.
  const text = datesAs(prismaDateTime);
  const stored = (value: Value) => (value instanceof Date ? text(value) : typeof value === "boolean" ? (value ? 1 : 0) : value);
  return db.transaction(() =>
    generate(options, {
      row(table, row) {
        insert(table).run(...columnsOf(table).map((c) => stored(row[c as keyof typeof row])));
      },
    }),
  )();
}

/** Rows a statement on PostgreSQL: about a megabyte of parameters for the scores. */
const POSTGRES_BATCH = 20_000;
const POSTGRES_ARRAY: Record<ColumnType, string> = { text: "text[]", int: "int4[]", float: "float8[]", bool: "bool[]", timestamp: "timestamp(3)[]" };

/**
 * PostgreSQL: the generator's rows gathered per table, column by column, then stored in
 * TABLES' order (parents first), POSTGRES_BATCH rows a statement through unnest, in one
 * transaction on one connection of its own.
 */
async function writePostgres(url: string, options: LargeCycleOptions): Promise<Omit<LargeCycle, "insertMs">> {
  const gathered = new Map<TableName, Value[][]>();
  const text = datesAs((date) => date.toISOString());
  const result = generate(options, {
    row(table, row) {
      let columns = gathered.get(table);
      if (!columns) gathered.set(table, (columns = columnsOf(table).map(() => [])));
      // ISO text for DateTime: `pg` would send a Date in the process's own zone, which a
      // `timestamp` without zone keeps as it reads; ISO's "Z" is UTC, as Prisma writes.
      columnsOf(table).forEach((c, i) => {
        const value = row[c as keyof typeof row];
        columns[i].push(value instanceof Date ? text(value) : value);
      });
    },
  });

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("BEGIN");
    for (const table of Object.keys(TABLES) as TableName[]) {
      const columns = gathered.get(table);
      if (!columns) continue;
      const names = columnsOf(table).map((c) => `"${c}"`);
      const arrays = typesOf(table).map((type, i) => `$${i + 1}::${POSTGRES_ARRAY[type]}`);
      const sql = `INSERT INTO "${table}" (${names.join(", ")}) SELECT * FROM unnest(${arrays.join(", ")})${onConflict(table)}`;
      for (let from = 0; from < columns[0].length; from += POSTGRES_BATCH) {
        await client.query(
          sql,
          columns.map((values) => values.slice(from, from + POSTGRES_BATCH)),
        );
      }
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
  return result;
}

/**
 * Inserts one judged cycle into the database (a `file:` or `postgresql://` URL, an SQLite
 * file's path, or an open, writable better-sqlite3 handle) and returns its ids. Safe to
 * call several times on one database with different seeds or slugs.
 */
export async function generateLargeCycle(target: LargeCycleTarget, options: LargeCycleOptions): Promise<LargeCycle> {
  const started = performance.now();
  let cycle: Omit<LargeCycle, "insertMs">;
  if (typeof target !== "string") cycle = writeSqlite(target, options);
  else if (databaseProvider(target) === "postgresql") cycle = await writePostgres(target, options);
  else {
    const db = new Database(target.startsWith("file:") ? databaseFile(target) : target, { timeout: 10_000 });
    try {
      cycle = writeSqlite(db, options);
    } finally {
      db.close();
    }
  }
  return { ...cycle, insertMs: performance.now() - started };
}
