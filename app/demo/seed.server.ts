/**
 * The demo data: the Coventry Compact Awards 2010 (results published) and a second Coventry
 * cycle with nominations open around `now`, with a demo organiser, three judges and two
 * nominators (one voluntary-sector, one council) to try the two-partner flow.
 *
 * Idempotent: every row has a natural key (slug, email, nameKey) or an id derived from one
 * (demoId), and every timestamp is fixed or derived from `now`, so seeding twice with the
 * same `now` leaves exactly the same rows. Re-seeding resets the demo cycles to their seeded
 * state (rows added to them since are removed); it never touches cycles that are not demo
 * cycles, nor users and organisations it did not create.
 * Not touched: attachments, emails (the outbox keeps its own history), press releases and
 * generated artefacts, which other parts of the app build from this data.
 */
import { buildPressReleaseDraft } from "~/press/press-release.server";
import { createHash } from "node:crypto";
import type { Db } from "~/db/client.server";
import type { Prisma } from "~/generated/prisma/client";
import { DEFAULT_OUTCOME_TIERS } from "~/domain/vocabulary";
import type { CompactPrincipleKey, NominationStatus, PartnerRole, TierKind } from "~/domain/vocabulary";
import { detectConflict } from "~/judging/conflicts";
import { formatUkInput, parseUkDateTime, ukYear } from "~/utils/time";
import {
  COVENTRY_2010,
  COVENTRY_2010_CATEGORIES,
  COVENTRY_2010_NOMINATIONS,
  DEMO_CRITERIA,
  DEMO_JUDGES,
  DEMO_NOMINATORS,
  DEMO_ORGANISATIONS,
  DEMO_ORGANISER,
  type DemoCategory,
  type DemoNomination,
  type DemoOrganisationKey,
  type DemoPerson,
} from "./coventry-2010";
import { organisationNameKey } from "~/organisations/organisations.server";
import type { AuditAction, AuditEntity } from "~/audit/vocabulary";
import { storyText } from "~/nominations/story";

type Tx = Prisma.TransactionClient;

export type SeedDemoResult = {
  organiserEmail: string;
  judgeEmails: string[];
  nominatorEmails: string[];
  /** the Coventry Compact's cycles: coventry-2010 first, then the open one */
  cycles: string[];
  /** the demo's Compact areas (web address names): Coventry, then the invented example */
  areas: string[];
  /** the invented example area's cycles */
  exampleCycles: string[];
};

// ---------------------------------------------------------------- deterministic helpers

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** A stable id for a demo row: "demo-" and a short hash of its natural key. */
export function demoId(naturalKey: string): string {
  return `demo-${sha256(naturalKey).slice(0, 20)}`;
}

/** A number in [0, 1) that depends only on the key: the demo's "randomness". */
export function demoUnit(key: string): number {
  return parseInt(sha256(key).slice(0, 8), 16) / 0x1_0000_0000;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function uk(wallClock: string): Date {
  const date = parseUkDateTime(wallClock);
  if (!date) throw new Error(`Not a UK date-time: ${wallClock}`);
  return date;
}

/** The UK calendar day of `date` at a UK wall-clock time, e.g. 17:00 on the day `date` falls in. */
function ukDayAt(date: Date, hhmm: string): Date {
  return uk(`${formatUkInput(date).slice(0, 10)}T${hhmm}`);
}

const plus = (date: Date, ms: number) => new Date(date.getTime() + ms);

/** Organisations and users created before anything else in the demo (their createdAt). */
const DEMO_EPOCH = uk("2010-03-01T09:00");

// ---------------------------------------------------------------- the open cycle's data

type OpenPartner = {
  organisation: DemoOrganisationKey;
  role: PartnerRole;
  contactName: string;
  contactEmail: string;
  /** confirmation asked for (the partner was sent a link) */
  requested?: boolean;
  confirmed?: boolean;
};

type OpenNomination = Omit<DemoNomination, "outcome" | "rationale" | "citation" | "partners" | "isExample" | "startedOn"> & {
  status: Extract<NominationStatus, "draft" | "awaiting_partner" | "submitted" | "eligible">;
  /** the work started this many days before `now` */
  startedDaysAgo: number;
  partners: OpenPartner[];
};

const NOMINATOR = DEMO_NOMINATORS[0];
const COUNCIL_NOMINATOR = DEMO_NOMINATORS[1];

/** All invented: every title says "(example)". */
const OPEN_NOMINATIONS: OpenNomination[] = [
  {
    key: "warm-spaces",
    status: "draft",
    category: "joint-working",
    title: "Warm welcome: winter warm spaces in community centres (example)",
    summary:
      "(example) Community centres across the city opened as warm spaces through the winter, with the City Council paying for heating and refreshments and CEN's member groups providing volunteers, activities and a friendly face.",
    whatHappened:
      "(Invented for the demo.) Twelve community centres opened three afternoons a week from November to March. The Council met the extra heating costs and provided hot drinks; CEN recruited and supported volunteers from its member groups, who ran activities and signposted people to advice.",
    impact:
      "(Invented for the demo.) Over the winter people made hundreds of visits, many of them older people living alone; several centres have kept a weekly session going since.",
    howPartnersWorked:
      "(Invented for the demo.) A fortnightly call between the Council's community team and CEN's coordinator sorted out problems as they came up.",
    quote: "",
    quoteAttribution: "",
    principles: ["civil_society", "equal_fair_society"],
    startedDaysAgo: 90,
    publicContact: "Coventry CEN, info@cen.example.org",
    consentToPublish: false,
    createdBy: "nominator",
    partners: [
      { organisation: "cen", role: "lead_vcs", contactName: NOMINATOR.name, contactEmail: NOMINATOR.email },
      { organisation: "council", role: "lead_statutory", contactName: COUNCIL_NOMINATOR.name, contactEmail: COUNCIL_NOMINATOR.email },
    ],
  },
  {
    key: "volunteer-drivers",
    status: "draft",
    category: "vcs-thrive",
    title: "Volunteer drivers for hospital appointments (example)",
    summary: "(example) Volunteer drivers taking people without transport to hospital appointments.",
    whatHappened: "",
    impact: "",
    howPartnersWorked: "",
    quote: "",
    quoteAttribution: "",
    principles: [],
    startedDaysAgo: 200,
    publicContact: "",
    consentToPublish: false,
    createdBy: "nominator",
    partners: [{ organisation: "cen", role: "lead_vcs", contactName: NOMINATOR.name, contactEmail: NOMINATOR.email }],
  },
  {
    key: "budget-consultation",
    status: "awaiting_partner",
    category: "compact-codes-practice",
    title: "Community voices in the council's budget consultation (example)",
    summary:
      "(example) CEN and the City Council ran the budget consultation together, following the Compact's Inform, Consult and Involve approach: twelve weeks, plain-English papers, and meetings held by community groups in their own venues.",
    whatHappened:
      "(Invented for the demo.) Instead of an online survey alone, the Council asked CEN to help community groups hold their own discussions of the budget proposals. CEN produced a plain-English guide and a short feedback form; the Council published what it heard and what it changed.",
    impact:
      "(Invented for the demo.) Many more people took part than in previous years, including groups that had never responded to a council consultation, and two proposals were changed as a result.",
    howPartnersWorked:
      "(Invented for the demo.) The Council's consultation team and CEN planned the timetable together and agreed in advance how the feedback would be reported back.",
    quote: "We were asked before the decisions were made, not after.",
    quoteAttribution: "Community group chair (illustrative quote, invented example)",
    principles: ["policy_design", "managing_change"],
    startedDaysAgo: 150,
    publicContact: "Coventry CEN, info@cen.example.org",
    consentToPublish: true,
    createdBy: "nominator",
    partners: [
      { organisation: "cen", role: "lead_vcs", contactName: NOMINATOR.name, contactEmail: NOMINATOR.email, confirmed: true },
      {
        organisation: "council",
        role: "lead_statutory",
        contactName: COUNCIL_NOMINATOR.name,
        contactEmail: COUNCIL_NOMINATOR.email,
        requested: true,
      },
    ],
  },
  {
    key: "talking-therapies-languages",
    status: "submitted",
    category: "joint-working",
    title: "Talking therapies in community languages (example)",
    summary:
      "(example) A faith-based wellbeing circle and the mental health trust offered talking therapy groups in Punjabi, Urdu and Polish, held in community venues, with therapists and trained community facilitators working in pairs.",
    whatHappened:
      "(Invented for the demo.) The trust's therapists and the circle's trained facilitators designed six-week groups together and ran them in a gurdwara, a mosque hall and a Polish community centre.",
    impact:
      "(Invented for the demo.) People who had never used the trust's services completed the groups; waiting times for individual therapy in the area fell.",
    howPartnersWorked: "(Invented for the demo.) Each group was run by a therapist and a community facilitator as equals, with shared supervision.",
    quote: "I could say in my own language what I had never said in English.",
    quoteAttribution: "Group member (illustrative quote, invented example)",
    principles: ["responsive_services", "equal_fair_society"],
    startedDaysAgo: 300,
    publicContact: "Demo contact, circle@example.org",
    consentToPublish: true,
    partners: [
      {
        organisation: "foleshillWellbeing",
        role: "lead_vcs",
        contactName: "Demo contact (example)",
        contactEmail: "circle@example.org",
        requested: true,
        confirmed: true,
      },
      {
        organisation: "cwpt",
        role: "lead_statutory",
        contactName: "Demo contact (example)",
        contactEmail: "therapies@cwpt.example.org",
        requested: true,
        confirmed: true,
      },
    ],
  },
  {
    key: "tender-checklist",
    status: "submitted",
    category: "embed-codes",
    title: "A Compact checklist in every council tender (example)",
    summary:
      "(example) The City Council and Voluntary Action Coventry built a Compact checklist into every tender for services that voluntary organisations might bid for: realistic timescales, proportionate questions and full cost recovery.",
    whatHappened:
      "(Invented for the demo.) Voluntary Action Coventry and the Council's procurement team turned the Compact procurement principles into a one-page checklist, now a required step before any relevant tender is published.",
    impact: "(Invented for the demo.) More small local organisations bid for council contracts, and fewer tenders had to be re-run.",
    howPartnersWorked: "(Invented for the demo.) The checklist was drafted at two joint workshops and is reviewed each year by both partners.",
    quote: "The checklist turned good intentions into a step nobody can skip.",
    quoteAttribution: "Procurement officer (illustrative quote, invented example)",
    principles: ["policy_design", "civil_society"],
    startedDaysAgo: 430,
    publicContact: "Coventry City Council procurement team, procurement@coventry.example.gov.uk",
    consentToPublish: true,
    createdBy: "councilNominator",
    partners: [
      { organisation: "council", role: "lead_statutory", contactName: COUNCIL_NOMINATOR.name, contactEmail: COUNCIL_NOMINATOR.email, confirmed: true },
      {
        organisation: "vac",
        role: "lead_vcs",
        contactName: "Demo contact (example)",
        contactEmail: "compact@vac.example.org",
        requested: true,
        confirmed: true,
      },
    ],
  },
  {
    key: "allotments",
    status: "eligible",
    category: "joint-working",
    title: "Allotment plots for newly arrived families (example)",
    summary:
      "(example) An allotment society, a housing association and the City Council offered newly arrived families starter plots, tools and a mentor, so that families could grow food, meet neighbours and practise English outdoors.",
    whatHappened:
      "(Invented for the demo.) The Council released unused plots, the housing association paid for tools and fencing, and the allotment society matched each family with a mentor.",
    impact: "(Invented for the demo.) Families are growing food on plots that stood empty, and several have joined the society's committee.",
    howPartnersWorked: "(Invented for the demo.) A small steering group of all three partners and two of the families met every season.",
    quote: "The plot was the first place here that felt like ours.",
    quoteAttribution: "Allotment holder (illustrative quote, invented example)",
    principles: ["equal_fair_society", "civil_society"],
    startedDaysAgo: 270,
    publicContact: "Demo contact, plots@example.org",
    consentToPublish: true,
    partners: [
      {
        organisation: "whitleyAllotments",
        role: "lead_vcs",
        contactName: "Demo contact (example)",
        contactEmail: "plots@example.org",
        requested: true,
        confirmed: true,
      },
      {
        organisation: "riversideHomes",
        role: "lead_statutory",
        contactName: "Demo contact (example)",
        contactEmail: "community@riverside-homes.example.org",
        requested: true,
        confirmed: true,
      },
      {
        organisation: "council",
        role: "other",
        contactName: "Demo contact (example)",
        contactEmail: "allotments@coventry.example.gov.uk",
        requested: true,
        confirmed: true,
      },
    ],
  },
  {
    key: "residents-grants-panel",
    status: "eligible",
    category: "vcs-thrive",
    title: "Residents in charge of a small grants panel (example)",
    summary:
      "(example) The police handed the decisions on a neighbourhood small grants fund to a panel of residents supported by a community hub, so that the groups closest to local problems decide what to fund.",
    whatHappened:
      "(Invented for the demo.) The hub trained eight residents to assess applications; the police provided the fund and a neighbourhood officer who sat on the panel without a vote.",
    impact:
      "(Invented for the demo.) Twenty small grants went to groups that had never had funding before, including a youth boxing club now running sessions five nights a week.",
    howPartnersWorked: "(Invented for the demo.) The police and the hub agreed the panel's terms of reference together and published every decision.",
    quote: "For once the people who live here decided.",
    quoteAttribution: "Resident panel member (illustrative quote, invented example)",
    principles: ["civil_society", "policy_design"],
    startedDaysAgo: 330,
    publicContact: "Demo contact, hello@sherbourne-hub.example.org",
    consentToPublish: true,
    partners: [
      {
        organisation: "sherbourneHub",
        role: "lead_vcs",
        contactName: "Demo contact (example)",
        contactEmail: "hello@sherbourne-hub.example.org",
        requested: true,
        confirmed: true,
      },
      {
        organisation: "police",
        role: "lead_statutory",
        contactName: "Demo contact (example)",
        contactEmail: "neighbourhood@police.example.org",
        requested: true,
        confirmed: true,
      },
      {
        organisation: "tileHillBoxing",
        role: "other",
        contactName: "Demo contact (example)",
        contactEmail: "tilehill.boxing@example.org",
        requested: true,
        confirmed: true,
      },
    ],
  },
];

// ---------------------------------------------------------------- scores

/** Average score a nomination earns, by its outcome: awarded nominations score higher. */
function baseScore(n: DemoNomination): number {
  if (n.outcome === "special_commendation") return 4.4;
  if (n.outcome === "commendation") return n.isExample ? 3.5 : 3.8;
  return 2.4;
}
/** A generous judge and a harsh one, so the normalised ranking has something to do. */
const JUDGE_BIAS: Record<string, number> = { judge1: 0.35, judge2: -0.4, judge3: 0 };
/** "Learning others can use" is the criterion nominations most often under-evidence. */
const CRITERION_OFFSET = [0.1, 0, 0, -0.3];

function demoScore(n: DemoNomination, judgeKey: string, criterionIndex: number): number {
  const jitter = (demoUnit(`score/${n.key}/${judgeKey}/${criterionIndex}`) - 0.5) * 1.3;
  const raw = baseScore(n) + (JUDGE_BIAS[judgeKey] ?? 0) + CRITERION_OFFSET[criterionIndex] + jitter;
  return Math.min(5, Math.max(1, Math.round(raw)));
}

const PANEL_COMMENTS: Record<"special_commendation" | "commendation" | "none", string[]> = {
  special_commendation: [
    "Outstanding: both partners clearly shaped the work, and the difference for people is well evidenced. I would put this forward for special recognition.",
    "One of the strongest this year. A genuine partnership of equals with a lasting difference.",
    "Exemplary Compact working; others in the city could learn a great deal from it.",
  ],
  commendation: [
    "A good, genuine partnership with a clear difference made. Worth commending.",
    "Solid joint working; the evidence of impact could be stronger, but the partnership is real.",
    "Clearly achieved more together than apart. Commend.",
  ],
  none: [
    "Promising, but it reads more like one partner's project than joint working.",
    "Too early to see the difference made; I would encourage them to nominate again next year.",
    "Good intentions, thin evidence. Not for an award this year.",
  ],
};

// ---------------------------------------------------------------- seeding

type PeopleIds = Record<string, string>;

export async function seedDemo(db: Db, options: { now?: Date } = {}): Promise<SeedDemoResult> {
  const now = options.now ?? new Date();
  const result = await seedDemoData(db, now);
  await seedPublishedPressRelease(db, result.cycles[0]);
  return result;
}

/**
 * coventry-2010's press release, drafted from its published results by the app's own
 * builder and published with them, so the demo has it ready (DESIGN.md: Demo data).
 */
async function seedPublishedPressRelease(db: Db, slug: string) {
  const cycle = await db.awardCycle.findUniqueOrThrow({ where: { slug }, select: { id: true, publishedAt: true } });
  const extras = {
    quote: "Every one of these partnerships shows what Coventry can achieve when the council, the NHS and local groups work as equals. (illustrative quote)",
    quoteAttribution: "Chair of the Coventry Compact Strategic Group",
  };
  const markdown = await buildPressReleaseDraft(db, cycle.id, extras);
  // updatedAt is set, not left to Prisma, so seeding twice gives exactly the same row.
  const data = { markdown, ...extras, embargoAt: null, publishedAt: cycle.publishedAt, updatedAt: cycle.publishedAt ?? new Date(0) };
  await db.pressRelease.upsert({ where: { cycleId: cycle.id }, update: data, create: { cycleId: cycle.id, ...data } });
}

async function seedDemoData(db: Db, now: Date): Promise<SeedDemoResult> {
  return db.$transaction(
    async (tx) => {
      const orgIds = await seedOrganisations(tx);
      const people = await seedUsers(tx, orgIds);
      const coventryAreaId = await upsertArea(tx, COVENTRY_AREA);
      const exampleAreaId = await upsertArea(tx, EXAMPLE_AREA);

      const slug2010 = await freeSlug(tx, COVENTRY_2010.slug);
      const openTimeline = openCycleTimeline(now);
      let openSlug = await freeSlug(tx, `coventry-${ukYear(openTimeline.ceremonyAt)}`);
      if (openSlug === slug2010) openSlug = await freeSlug(tx, `${openSlug}-open`);

      const exampleTimeline = exampleCycleTimeline(now);
      let exampleSlug = await freeSlug(tx, `example-valley-${ukYear(exampleTimeline.ceremonyAt)}`);
      if (exampleSlug === slug2010 || exampleSlug === openSlug) exampleSlug = await freeSlug(tx, `${exampleSlug}-example`);

      // A demo cycle from an earlier run (last year's open cycle) goes; real cycles stay.
      await tx.awardCycle.deleteMany({ where: { isDemo: true, slug: { notIn: [slug2010, openSlug, exampleSlug] } } });

      await seedCoventry2010(tx, slug2010, coventryAreaId, orgIds, people);
      await seedOpenCycle(tx, openSlug, coventryAreaId, openTimeline, now, orgIds, people);
      await seedExampleCycle(tx, exampleSlug, exampleAreaId, exampleTimeline);

      return {
        organiserEmail: DEMO_ORGANISER.email,
        judgeEmails: DEMO_JUDGES.map((j) => j.email),
        nominatorEmails: DEMO_NOMINATORS.map((n) => n.email),
        cycles: [slug2010, openSlug],
        areas: [COVENTRY_AREA.slug, EXAMPLE_AREA.slug],
        exampleCycles: [exampleSlug],
      };
    },
    { maxWait: 10_000, timeout: 120_000 },
  );
}

/** The slug, unless a real (non-demo) cycle already has it: then "<slug>-demo". */
async function freeSlug(tx: Tx, wanted: string): Promise<string> {
  let slug = wanted;
  for (;;) {
    const existing = await tx.awardCycle.findUnique({ where: { slug }, select: { isDemo: true } });
    if (!existing || existing.isDemo) return slug;
    slug = `${slug}-demo`;
  }
}

async function seedOrganisations(tx: Tx): Promise<Record<DemoOrganisationKey, string>> {
  const ids = {} as Record<DemoOrganisationKey, string>;
  for (const key of Object.keys(DEMO_ORGANISATIONS) as DemoOrganisationKey[]) {
    const org = DEMO_ORGANISATIONS[key];
    const nameKey = organisationNameKey(org.name);
    const existing = await tx.organisation.findUnique({ where: { nameKey }, select: { id: true } });
    if (existing && !existing.id.startsWith("demo-")) {
      // Someone's real organisation of the same name: use it as it is.
      ids[key] = existing.id;
      continue;
    }
    const data = { name: org.name, sector: org.sector };
    const row = await tx.organisation.upsert({
      where: { nameKey },
      create: { id: demoId(`organisation/${nameKey}`), nameKey, createdAt: DEMO_EPOCH, ...data },
      update: data,
      select: { id: true },
    });
    ids[key] = row.id;
    // The demo organiser verified each organisation's own email domain (never taken from another organisation).
    if (org.emailDomain && !(await tx.organisationDomain.findUnique({ where: { domain: org.emailDomain } }))) {
      await tx.organisationDomain.create({
        data: { id: demoId(`organisation/${nameKey}/domain`), organisationId: row.id, domain: org.emailDomain, createdAt: DEMO_EPOCH },
      });
    }
  }
  return ids;
}

async function seedUsers(tx: Tx, orgIds: Record<DemoOrganisationKey, string>): Promise<PeopleIds> {
  const people: PeopleIds = {};
  const everyone: DemoPerson[] = [DEMO_ORGANISER, ...DEMO_JUDGES, ...DEMO_NOMINATORS];
  for (const person of everyone) {
    const email = person.email.toLowerCase();
    const data = { name: person.name, jobTitle: person.jobTitle, organisationId: orgIds[person.organisation], welcomedAt: DEMO_EPOCH };
    const row = await tx.user.upsert({
      where: { email },
      create: { id: demoId(`user/${email}`), email, createdAt: DEMO_EPOCH, ...data },
      update: data,
      select: { id: true },
    });
    people[person.key] = row.id;
    // Every demo person speaks for their organisation: the demo organiser approved them.
    const membership = { status: "verified", verifiedVia: "approval", decidedAt: DEMO_EPOCH };
    await tx.membership.upsert({
      where: { userId_organisationId: { userId: row.id, organisationId: data.organisationId } },
      create: { id: demoId(`membership/${email}`), userId: row.id, organisationId: data.organisationId, createdAt: DEMO_EPOCH, ...membership },
      update: membership,
    });
  }
  return people;
}

type DemoArea = { slug: string; name: string; description: string; brandColour: string; contactName: string; contactEmail: string };

const COVENTRY_AREA: DemoArea = {
  slug: "coventry",
  name: "Coventry Compact",
  description:
    "The Coventry Compact is the agreement between Coventry's public bodies and its voluntary, community and faith groups. Its awards were the first local Compact awards in the country.",
  brandColour: "#1d4f91",
  contactName: "Coventry Compact team (demo)",
  contactEmail: "organiser@demo.compact-awards.example",
};

/** Invented, and says so in its name: a second local Compact, so the demo shows more than one area. */
const EXAMPLE_AREA: DemoArea = {
  slug: "example-valley",
  name: "Example Valley Compact (an invented example)",
  description:
    "An invented local Compact, made up for the demo to show a second area on the same site: its council, health services and community groups do not exist.",
  brandColour: "#00703c",
  contactName: "Example Valley Compact team (invented)",
  contactEmail: "compact@example-valley.example",
};

/** A demo area, found by its web address name (an area of that name already there is kept as it is). */
async function upsertArea(tx: Tx, area: DemoArea): Promise<string> {
  const row = await tx.compactArea.upsert({
    where: { slug: area.slug },
    create: { id: demoId(`area/${area.slug}`), ...area, createdAt: DEMO_EPOCH, updatedAt: DEMO_EPOCH },
    update: {},
    select: { id: true },
  });
  return row.id;
}

type CycleFields = Omit<Prisma.AwardCycleUncheckedCreateInput, "id" | "slug" | "isDemo" | "createdAt" | "updatedAt">;

async function upsertCycle(tx: Tx, slug: string, fields: CycleFields, createdAt: Date, updatedAt: Date): Promise<string> {
  const data = { ...fields, isDemo: true, createdAt, updatedAt };
  const row = await tx.awardCycle.upsert({
    where: { slug },
    create: { id: demoId(`cycle/${slug}`), slug, ...data },
    update: data,
    select: { id: true },
  });
  return row.id;
}

/** Ids of everything a demo cycle holds, so anything else in it can be removed. */
type CycleRows = {
  categories: string[];
  criteria: string[];
  tiers: string[];
  roles: string[];
  nominations: string[];
  partners: string[];
  assignments: string[];
  reviews: string[];
  decisions: string[];
  auditEvents: string[];
};

/** Back to the seeded state: remove whatever was added to the demo cycle since it was seeded. */
async function pruneCycle(tx: Tx, cycleId: string, keep: CycleRows) {
  await tx.nomination.deleteMany({ where: { cycleId, id: { notIn: keep.nominations } } });
  await tx.assignment.deleteMany({ where: { cycleId, id: { notIn: keep.assignments } } });
  await tx.review.deleteMany({ where: { assignment: { cycleId }, id: { notIn: keep.reviews } } });
  await tx.nominationPartner.deleteMany({ where: { nomination: { cycleId }, id: { notIn: keep.partners } } });
  await tx.decision.deleteMany({ where: { nomination: { cycleId }, id: { notIn: keep.decisions } } });
  await tx.criterion.deleteMany({ where: { cycleId, id: { notIn: keep.criteria } } });
  await tx.outcomeTier.deleteMany({ where: { cycleId, id: { notIn: keep.tiers } } });
  await tx.category.deleteMany({ where: { cycleId, id: { notIn: keep.categories } } });
  await tx.cycleRole.deleteMany({ where: { cycleId, id: { notIn: keep.roles } } });
  await tx.auditEvent.deleteMany({ where: { cycleId, id: { notIn: keep.auditEvents } } });
}

function emptyRows(): CycleRows {
  return { categories: [], criteria: [], tiers: [], roles: [], nominations: [], partners: [], assignments: [], reviews: [], decisions: [], auditEvents: [] };
}

/** Categories, criteria, outcome tiers and roles: the same in both demo cycles. */
function structureIds(slug: string, rows: CycleRows) {
  const categoryIds = new Map(COVENTRY_2010_CATEGORIES.map((c) => [c.key, demoId(`${slug}/category/${c.key}`)]));
  const criterionIds = DEMO_CRITERIA.map((c) => demoId(`${slug}/criterion/${c.name}`));
  const tierIds = new Map(DEFAULT_OUTCOME_TIERS.map((t) => [t.kind, demoId(`${slug}/tier/${t.kind}`)]));
  const roleId = (personKey: string, role: string) => demoId(`${slug}/role/${personKey}/${role}`);
  rows.categories.push(...categoryIds.values());
  rows.criteria.push(...criterionIds);
  rows.tiers.push(...tierIds.values());
  rows.roles.push(roleId(DEMO_ORGANISER.key, "organiser"), ...DEMO_JUDGES.map((j) => roleId(j.key, "judge")));
  return { categoryIds, criterionIds, tierIds, roleId };
}

async function seedStructure(tx: Tx, cycleId: string, ids: ReturnType<typeof structureIds>, categories: DemoCategory[], people: PeopleIds, rolesAt: Date) {
  for (const [position, category] of categories.entries()) {
    const id = ids.categoryIds.get(category.key)!;
    const data = { cycleId, name: category.name, description: category.description, guidance: category.guidance, position };
    await tx.category.upsert({ where: { id }, create: { id, ...data }, update: data });
  }
  for (const [position, criterion] of DEMO_CRITERIA.entries()) {
    const id = ids.criterionIds[position];
    const data = {
      cycleId,
      categoryId: null,
      name: criterion.name,
      guidance: criterion.guidance,
      weight: criterion.weight,
      scaleMin: 1,
      scaleMax: 5,
      descriptors: JSON.stringify(criterion.descriptors.map((label, i) => ({ score: i + 1, label }))),
      position,
    };
    await tx.criterion.upsert({ where: { id }, create: { id, ...data }, update: data });
  }
  for (const tier of DEFAULT_OUTCOME_TIERS) {
    const id = ids.tierIds.get(tier.kind)!;
    const data = { cycleId, name: tier.name, rank: tier.rank, kind: tier.kind };
    await tx.outcomeTier.upsert({ where: { id }, create: { id, ...data }, update: data });
  }
  const roles: [DemoPerson, "organiser" | "judge"][] = [[DEMO_ORGANISER, "organiser"], ...DEMO_JUDGES.map((j) => [j, "judge"] as [DemoPerson, "judge"])];
  for (const [person, role] of roles) {
    const id = ids.roleId(person.key, role);
    const data = { cycleId, userId: people[person.key], role, createdAt: rolesAt };
    await tx.cycleRole.upsert({ where: { id }, create: { id, ...data }, update: data });
  }
}

type NominationRow = Omit<Prisma.NominationUncheckedCreateInput, "id">;

async function upsertNomination(tx: Tx, id: string, data: NominationRow) {
  await tx.nomination.upsert({ where: { id }, create: { id, ...data }, update: data });
}

type PartnerRow = Omit<Prisma.NominationPartnerUncheckedCreateInput, "id">;

/** Who confirmed for a demo partner: the demo person at that address, else (for the drafter) the one who started it. */
function confirmerOf(people: PeopleIds, contactEmail: string, starter: string | null): string | null {
  const email = contactEmail.toLowerCase();
  const person = [DEMO_ORGANISER, ...DEMO_JUDGES, ...DEMO_NOMINATORS].find((d) => d.email.toLowerCase() === email);
  return person ? people[person.key] : starter;
}

async function upsertPartner(tx: Tx, id: string, data: PartnerRow) {
  await tx.nominationPartner.upsert({ where: { id }, create: { id, ...data }, update: data });
}

type AuditRow = Omit<Prisma.AuditEventUncheckedCreateInput, "id"> & { action: AuditAction; entityType: AuditEntity };

async function upsertAudit(tx: Tx, id: string, data: AuditRow) {
  await tx.auditEvent.upsert({ where: { id }, create: { id, ...data }, update: data });
}

// ---------------------------------------------------------------- Coventry 2010

async function seedCoventry2010(tx: Tx, slug: string, areaId: string, orgIds: Record<DemoOrganisationKey, string>, people: PeopleIds) {
  const t = Object.fromEntries(Object.entries(COVENTRY_2010.timeline).map(([k, v]) => [k, uk(v)])) as Record<keyof typeof COVENTRY_2010.timeline, Date>;
  const cycleId = await upsertCycle(
    tx,
    slug,
    {
      name: COVENTRY_2010.name,
      areaId,
      area: COVENTRY_2010.area,
      intro: COVENTRY_2010.intro,
      nominationsOpenAt: t.nominationsOpenAt,
      nominationsCloseAt: t.nominationsCloseAt,
      judgingOpenAt: t.judgingOpenAt,
      judgingCloseAt: t.judgingCloseAt,
      ceremonyAt: t.ceremonyAt,
      ceremonyVenue: COVENTRY_2010.ceremonyVenue,
      launchedAt: t.launchedAt,
      resultsDecidedAt: t.resultsDecidedAt,
      resultsSentAt: t.resultsSentAt,
      publishedAt: t.publishedAt,
      contactName: COVENTRY_2010.contactName,
      contactEmail: COVENTRY_2010.contactEmail,
      contactPhone: null,
      signOff: COVENTRY_2010.signOff,
      bookletIntro: COVENTRY_2010.bookletIntro,
      pressContact: COVENTRY_2010.pressContact,
      // Three judges, one of whom is sometimes conflicted: two non-conflicted judges suffice.
      minJudgesPerNomination: 2,
      disagreementThreshold: 1.5,
      rankingMeasure: "normalised",
    },
    plus(t.launchedAt, -7 * DAY),
    t.publishedAt,
  );

  const rows = emptyRows();
  const structure = structureIds(slug, rows);
  const nominationId = (n: DemoNomination) => demoId(`${slug}/nomination/${n.key}`);
  const partnerId = (n: DemoNomination, i: number) => demoId(`${slug}/nomination/${n.key}/partner/${i}`);
  const assignmentId = (n: DemoNomination, judgeKey: string) => demoId(`${slug}/nomination/${n.key}/assignment/${judgeKey}`);
  const reviewId = (n: DemoNomination, judgeKey: string) => demoId(`${slug}/nomination/${n.key}/review/${judgeKey}`);
  const decisionId = (n: DemoNomination) => demoId(`${slug}/nomination/${n.key}/decision`);
  const auditId = (what: string) => demoId(`${slug}/audit/${what}`);

  // Who is conflicted with what: the app's own rule (app/judging/conflicts.ts).
  const judgeIdentity = new Map(DEMO_JUDGES.map((j) => [j.key, { organisationIds: [orgIds[j.organisation]], email: j.email.toLowerCase() }]));
  const conflicts = new Map<string, string>(); // `${nomination.key}/${judge.key}` -> reason
  for (const n of COVENTRY_2010_NOMINATIONS) {
    const partners = n.partners.map((p) => ({
      organisationId: orgIds[p.organisation],
      organisationName: DEMO_ORGANISATIONS[p.organisation].name,
      emailDomains: DEMO_ORGANISATIONS[p.organisation].emailDomain ? [DEMO_ORGANISATIONS[p.organisation].emailDomain!] : [],
      contactEmail: p.contactEmail,
    }));
    for (const j of DEMO_JUDGES) {
      const check = detectConflict(judgeIdentity.get(j.key)!, partners);
      if (check.conflicted) conflicts.set(`${n.key}/${j.key}`, check.reason);
    }
  }

  for (const n of COVENTRY_2010_NOMINATIONS) {
    rows.nominations.push(nominationId(n));
    rows.partners.push(...n.partners.map((_, i) => partnerId(n, i)));
    rows.decisions.push(decisionId(n));
    rows.auditEvents.push(auditId(`nomination/${n.key}/submitted`), auditId(`nomination/${n.key}/decision`));
    for (const j of DEMO_JUDGES) {
      rows.assignments.push(assignmentId(n, j.key));
      if (!conflicts.has(`${n.key}/${j.key}`)) rows.reviews.push(reviewId(n, j.key));
    }
  }
  const cycleEvents = ["launched", "results_decided", "results_sent", "published"] as const;
  rows.auditEvents.push(...cycleEvents.map((e) => auditId(`cycle/${e}`)));

  await pruneCycle(tx, cycleId, rows);
  await seedStructure(tx, cycleId, structure, COVENTRY_2010_CATEGORIES, people, plus(t.launchedAt, -7 * DAY));

  const organiserId = people[DEMO_ORGANISER.key];
  const decidedAt = plus(t.resultsDecidedAt, -2 * HOUR);
  const eligibleAt = ukDayAt(plus(t.nominationsCloseAt, DAY), "12:00");

  for (const [i, n] of COVENTRY_2010_NOMINATIONS.entries()) {
    const id = nominationId(n);
    const createdAt = plus(t.nominationsOpenAt, 2 * DAY + i * 36 * HOUR);
    const submittedAt = plus(createdAt, 5 * DAY);
    await upsertNomination(tx, id, {
      cycleId,
      categoryId: structure.categoryIds.get(n.category)!,
      createdById: n.createdBy ? people[n.createdBy] : null,
      ...storyText(n),
      principles: JSON.stringify(n.principles),
      startedOn: n.startedOn,
      publicContact: n.publicContact,
      consentToPublish: n.consentToPublish,
      status: "eligible",
      ineligibleReason: null,
      returnedComment: null,
      extensionUntil: null,
      submittedAt,
      withdrawnAt: null,
      isExample: n.isExample,
      version: 1,
      createdAt,
      updatedAt: eligibleAt,
    });

    // The first partner started the nomination; the other lead confirmed it; others said yes too.
    for (const [position, p] of n.partners.entries()) {
      const requestedAt = position === 0 ? null : plus(createdAt, DAY);
      const confirmedAt = position === 0 ? plus(createdAt, HOUR) : plus(createdAt, (2 + position) * DAY);
      await upsertPartner(tx, partnerId(n, position), {
        nominationId: id,
        organisationId: orgIds[p.organisation],
        role: p.role,
        contactName: p.contactName,
        contactEmail: p.contactEmail.toLowerCase(),
        position,
        confirmedAt,
        confirmedById: confirmerOf(people, p.contactEmail, position === 0 && n.createdBy ? people[n.createdBy] : null),
        confirmationRequestedAt: requestedAt,
        confirmTokenHash: null,
        changesRequestedAt: null,
        changesComment: null,
        createdAt,
      });
    }

    await upsertAudit(tx, auditId(`nomination/${n.key}/submitted`), {
      actorId: n.createdBy ? people[n.createdBy] : null,
      cycleId,
      action: "nomination.submitted",
      entityType: "Nomination",
      entityId: id,
      data: JSON.stringify({ title: n.title }),
      createdAt: submittedAt,
    });

    // Judging: every judge is assigned every nomination; conflicted ones are detected, not scored.
    for (const [judgeIndex, j] of DEMO_JUDGES.entries()) {
      const aId = assignmentId(n, j.key);
      const reason = conflicts.get(`${n.key}/${j.key}`) ?? null;
      const assignedAt = plus(t.judgingOpenAt, -HOUR);
      const openedAt = plus(t.judgingOpenAt, Math.floor(demoUnit(`opened/${n.key}/${j.key}`) * 10 * DAY));
      const assignment = {
        cycleId,
        judgeId: people[j.key],
        nominationId: id,
        conflict: reason ? "detected" : "none",
        conflictReason: reason,
        conflictAt: reason ? assignedAt : null,
        openedAt: reason ? null : openedAt,
        createdAt: assignedAt,
      };
      await tx.assignment.upsert({ where: { id: aId }, create: { id: aId, ...assignment }, update: assignment });
      if (reason) continue;

      const rId = reviewId(n, j.key);
      const submittedReviewAt = plus(openedAt, (1 + Math.floor(demoUnit(`submitted/${n.key}/${j.key}`) * 3)) * DAY);
      const band = n.outcome ?? "none";
      const review = {
        assignmentId: aId,
        commentForPanel: PANEL_COMMENTS[band][(judgeIndex + i) % 3],
        noteForNominators:
          n.outcome === null
            ? "Thank you for nominating this work. We would love to see it again next year, with more on what changed for people and how both partners shaped it."
            : "",
        status: "submitted",
        version: 2,
        submittedAt: submittedReviewAt,
        createdAt: openedAt,
        updatedAt: submittedReviewAt,
      };
      await tx.review.upsert({ where: { id: rId }, create: { id: rId, ...review }, update: review });
      for (const [c, criterionId] of structure.criterionIds.entries()) {
        const value = demoScore(n, j.key, c);
        await tx.score.upsert({
          where: { reviewId_criterionId: { reviewId: rId, criterionId } },
          create: { reviewId: rId, criterionId, value },
          update: { value },
        });
      }
    }

    // The outcome as the seed lists it.
    const tierId = n.outcome ? structure.tierIds.get(n.outcome)! : null;
    const decision = { nominationId: id, outcomeTierId: tierId, rationale: n.rationale, citation: n.citation, decidedById: organiserId, decidedAt };
    const dId = decisionId(n);
    await tx.decision.upsert({ where: { id: dId }, create: { id: dId, ...decision }, update: decision });
    await upsertAudit(tx, auditId(`nomination/${n.key}/decision`), {
      actorId: organiserId,
      cycleId,
      action: "decision.set",
      entityType: "Decision",
      entityId: dId,
      data: JSON.stringify({ nominationId: id, outcome: n.outcome ? tierName(n.outcome) : null, rationale: n.rationale }),
      createdAt: decidedAt,
    });
  }

  const cycleEventTimes: Record<(typeof cycleEvents)[number], Date> = {
    launched: t.launchedAt,
    results_decided: t.resultsDecidedAt,
    results_sent: t.resultsSentAt,
    published: t.publishedAt,
  };
  for (const event of cycleEvents) {
    await upsertAudit(tx, auditId(`cycle/${event}`), {
      actorId: organiserId,
      cycleId,
      action: `cycle.${event}`,
      entityType: "AwardCycle",
      entityId: cycleId,
      data: JSON.stringify({ slug }),
      createdAt: cycleEventTimes[event],
    });
  }
}

function tierName(kind: TierKind): string {
  return DEFAULT_OUTCOME_TIERS.find((t) => t.kind === kind)?.name ?? kind;
}

// ---------------------------------------------------------------- the open cycle

type OpenTimeline = {
  launchedAt: Date;
  nominationsOpenAt: Date;
  nominationsCloseAt: Date;
  judgingOpenAt: Date;
  judgingCloseAt: Date;
  ceremonyAt: Date;
};

/** Nominations opened two weeks ago and close in four weeks, at tidy UK times. */
function openCycleTimeline(now: Date): OpenTimeline {
  const nominationsOpenAt = ukDayAt(plus(now, -14 * DAY), "09:00");
  const nominationsCloseAt = ukDayAt(plus(now, 28 * DAY), "17:00");
  return {
    launchedAt: ukDayAt(plus(now, -15 * DAY), "10:00"),
    nominationsOpenAt,
    nominationsCloseAt,
    judgingOpenAt: ukDayAt(plus(nominationsCloseAt, DAY), "09:00"),
    judgingCloseAt: ukDayAt(plus(nominationsCloseAt, 21 * DAY), "17:00"),
    ceremonyAt: ukDayAt(plus(nominationsCloseAt, 35 * DAY), "18:00"),
  };
}

async function seedOpenCycle(tx: Tx, slug: string, areaId: string, t: OpenTimeline, now: Date, orgIds: Record<DemoOrganisationKey, string>, people: PeopleIds) {
  const year = ukYear(t.ceremonyAt);
  const cycleId = await upsertCycle(
    tx,
    slug,
    {
      name: `Coventry Compact Awards ${year}`,
      areaId,
      area: "Coventry",
      intro:
        "The Coventry Compact Awards celebrate partnership working between community, voluntary and statutory partners to improve the quality of life for Coventry people. " +
        "Work must be nominated jointly by a statutory organisation and a voluntary, community, faith or social-enterprise organisation: start a nomination, invite your partner to confirm it, and submit it before the deadline.\n\n" +
        "Demo note: this cycle is for trying the platform. Its nominations are invented examples.",
      nominationsOpenAt: t.nominationsOpenAt,
      nominationsCloseAt: t.nominationsCloseAt,
      judgingOpenAt: t.judgingOpenAt,
      judgingCloseAt: t.judgingCloseAt,
      ceremonyAt: t.ceremonyAt,
      ceremonyVenue: "The Welcome Centre, Coventry",
      launchedAt: t.launchedAt,
      resultsDecidedAt: null,
      resultsSentAt: null,
      publishedAt: null,
      contactName: DEMO_ORGANISER.name,
      contactEmail: "compact@example.org",
      contactPhone: null,
      signOff: `${DEMO_ORGANISER.name}, Compact Officer, for the Coventry Compact Steering Group`,
      bookletIntro: `The Coventry Compact Awards ${year} celebrate partnership working between community, voluntary and statutory partners in Coventry. (Demo cycle: invented examples.)`,
      pressContact: `${DEMO_ORGANISER.name}, Compact Officer (demo address: compact@example.org)`,
      minJudgesPerNomination: 2,
      disagreementThreshold: 1.5,
      rankingMeasure: "normalised",
    },
    plus(t.launchedAt, -7 * DAY),
    t.launchedAt,
  );

  const rows = emptyRows();
  const structure = structureIds(slug, rows);
  const nominationId = (n: OpenNomination) => demoId(`${slug}/nomination/${n.key}`);
  const partnerId = (n: OpenNomination, i: number) => demoId(`${slug}/nomination/${n.key}/partner/${i}`);
  const auditId = (what: string) => demoId(`${slug}/audit/${what}`);
  for (const n of OPEN_NOMINATIONS) {
    rows.nominations.push(nominationId(n));
    rows.partners.push(...n.partners.map((_, i) => partnerId(n, i)));
    if (n.status === "submitted" || n.status === "eligible") rows.auditEvents.push(auditId(`nomination/${n.key}/submitted`));
    if (n.status === "eligible") rows.auditEvents.push(auditId(`nomination/${n.key}/eligible`));
  }
  rows.auditEvents.push(auditId("cycle/launched"));

  await pruneCycle(tx, cycleId, rows);
  await seedStructure(tx, cycleId, structure, COVENTRY_2010_CATEGORIES, people, plus(t.launchedAt, -7 * DAY));

  const organiserId = people[DEMO_ORGANISER.key];
  await upsertAudit(tx, auditId("cycle/launched"), {
    actorId: organiserId,
    cycleId,
    action: "cycle.launched",
    entityType: "AwardCycle",
    entityId: cycleId,
    data: JSON.stringify({ slug }),
    createdAt: t.launchedAt,
  });

  for (const [i, n] of OPEN_NOMINATIONS.entries()) {
    const id = nominationId(n);
    const createdAt = plus(t.nominationsOpenAt, (1 + i) * DAY + 2 * HOUR);
    const submitted = n.status === "submitted" || n.status === "eligible";
    const submittedAt = submitted ? plus(createdAt, 2 * DAY) : null;
    const eligibleAt = n.status === "eligible" ? plus(createdAt, 3 * DAY) : null;
    const updatedAt = eligibleAt ?? submittedAt ?? (n.status === "awaiting_partner" ? plus(createdAt, DAY) : plus(createdAt, 5 * HOUR));
    await upsertNomination(tx, id, {
      cycleId,
      categoryId: structure.categoryIds.get(n.category)!,
      createdById: n.createdBy ? people[n.createdBy] : null,
      ...storyText(n),
      principles: JSON.stringify(n.principles satisfies CompactPrincipleKey[]),
      startedOn: formatUkInput(plus(now, -n.startedDaysAgo * DAY)).slice(0, 10),
      publicContact: n.publicContact,
      consentToPublish: n.consentToPublish,
      status: n.status,
      ineligibleReason: null,
      returnedComment: null,
      extensionUntil: null,
      submittedAt,
      withdrawnAt: null,
      isExample: true,
      version: n.status === "draft" ? 3 : 1,
      createdAt,
      updatedAt,
    });
    for (const [position, p] of n.partners.entries()) {
      await upsertPartner(tx, partnerId(n, position), {
        nominationId: id,
        organisationId: orgIds[p.organisation],
        role: p.role,
        contactName: p.contactName,
        contactEmail: p.contactEmail.toLowerCase(),
        position,
        confirmedAt: p.confirmed ? plus(createdAt, (position === 0 ? 1 : 30) * HOUR) : null,
        confirmedById: p.confirmed ? confirmerOf(people, p.contactEmail, position === 0 && n.createdBy ? people[n.createdBy] : null) : null,
        confirmationRequestedAt: p.requested ? plus(createdAt, 2 * HOUR) : null,
        confirmTokenHash: null,
        changesRequestedAt: null,
        changesComment: null,
        createdAt,
      });
    }
    if (submittedAt) {
      await upsertAudit(tx, auditId(`nomination/${n.key}/submitted`), {
        actorId: n.createdBy ? people[n.createdBy] : null,
        cycleId,
        action: "nomination.submitted",
        entityType: "Nomination",
        entityId: id,
        data: JSON.stringify({ title: n.title }),
        createdAt: submittedAt,
      });
    }
    if (eligibleAt) {
      await upsertAudit(tx, auditId(`nomination/${n.key}/eligible`), {
        actorId: organiserId,
        cycleId,
        action: "nomination.eligible",
        entityType: "Nomination",
        entityId: id,
        data: JSON.stringify({ title: n.title }),
        createdAt: eligibleAt,
      });
    }
  }
}

// ---------------------------------------------------------------- the invented second area

/**
 * Example Valley's cycle opens a week before Coventry's open cycle and closes after it, so
 * Coventry's stays the first open cycle listed (by closing date) and the latest to open.
 */
function exampleCycleTimeline(now: Date): OpenTimeline {
  const nominationsOpenAt = ukDayAt(plus(now, -21 * DAY), "09:00");
  const nominationsCloseAt = ukDayAt(plus(now, 42 * DAY), "17:00");
  return {
    launchedAt: ukDayAt(plus(now, -22 * DAY), "10:00"),
    nominationsOpenAt,
    nominationsCloseAt,
    judgingOpenAt: ukDayAt(plus(nominationsCloseAt, DAY), "09:00"),
    judgingCloseAt: ukDayAt(plus(nominationsCloseAt, 21 * DAY), "17:00"),
    ceremonyAt: ukDayAt(plus(nominationsCloseAt, 35 * DAY), "18:00"),
  };
}

const EXAMPLE_CATEGORIES = [
  {
    key: "together",
    name: "Working together in the valley",
    description: "(Invented for the demo.) A public body and a voluntary or community group achieving more together than each could alone.",
    guidance: "Nominated jointly by a statutory partner and a voluntary, community, faith or social-enterprise partner.",
  },
  {
    key: "volunteering",
    name: "Volunteers and public services",
    description: "(Invented for the demo.) Volunteers and a public service improving something together.",
    guidance: "Any partnership with at least one statutory and one voluntary or community partner.",
  },
];

/** The invented area's one cycle: open for nominations, its categories and criteria, no nominations and no organisers (site admins manage it). */
async function seedExampleCycle(tx: Tx, slug: string, areaId: string, t: OpenTimeline) {
  const year = ukYear(t.ceremonyAt);
  const cycleId = await upsertCycle(
    tx,
    slug,
    {
      name: `Example Valley Compact Awards ${year} (an invented example)`,
      areaId,
      area: "Example Valley",
      intro:
        "An invented example, to show a second local Compact on the same site. Example Valley, its council and its groups do not exist. " +
        "A nomination here is made jointly by a statutory organisation and a voluntary, community, faith or social-enterprise organisation, as in every Compact's awards.",
      nominationsOpenAt: t.nominationsOpenAt,
      nominationsCloseAt: t.nominationsCloseAt,
      judgingOpenAt: t.judgingOpenAt,
      judgingCloseAt: t.judgingCloseAt,
      ceremonyAt: t.ceremonyAt,
      ceremonyVenue: "The Example Valley Community Hall (invented)",
      launchedAt: t.launchedAt,
      resultsDecidedAt: null,
      resultsSentAt: null,
      publishedAt: null,
      contactName: EXAMPLE_AREA.contactName,
      contactEmail: EXAMPLE_AREA.contactEmail,
      contactPhone: null,
      signOff: "The Example Valley Compact team (an invented example)",
      bookletIntro: "",
      pressContact: "",
      minJudgesPerNomination: 2,
      disagreementThreshold: 1.5,
      rankingMeasure: "normalised",
    },
    plus(t.launchedAt, -7 * DAY),
    t.launchedAt,
  );
  const rows = emptyRows();
  const categoryIds = EXAMPLE_CATEGORIES.map((c) => demoId(`${slug}/category/${c.key}`));
  const criterionIds = DEMO_CRITERIA.map((c) => demoId(`${slug}/criterion/${c.name}`));
  const tierIds = DEFAULT_OUTCOME_TIERS.map((t) => demoId(`${slug}/tier/${t.kind}`));
  rows.categories.push(...categoryIds);
  rows.criteria.push(...criterionIds);
  rows.tiers.push(...tierIds);
  await pruneCycle(tx, cycleId, rows);
  for (const [position, category] of EXAMPLE_CATEGORIES.entries()) {
    const id = categoryIds[position];
    const data = { cycleId, name: category.name, description: category.description, guidance: category.guidance, position };
    await tx.category.upsert({ where: { id }, create: { id, ...data }, update: data });
  }
  for (const [position, criterion] of DEMO_CRITERIA.entries()) {
    const id = criterionIds[position];
    const data = {
      cycleId,
      categoryId: null,
      name: criterion.name,
      guidance: criterion.guidance,
      weight: criterion.weight,
      scaleMin: 1,
      scaleMax: 5,
      descriptors: JSON.stringify(criterion.descriptors.map((label, i) => ({ score: i + 1, label }))),
      position,
    };
    await tx.criterion.upsert({ where: { id }, create: { id, ...data }, update: data });
  }
  for (const [i, tier] of DEFAULT_OUTCOME_TIERS.entries()) {
    const id = tierIds[i];
    const data = { cycleId, name: tier.name, rank: tier.rank, kind: tier.kind };
    await tx.outcomeTier.upsert({ where: { id }, create: { id, ...data }, update: data });
  }
}
