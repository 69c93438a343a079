/**
 * Deterministic, realistic-looking text and case studies for the booklet benchmark:
 * English words of the length and mix the real case studies use (seed 002, "Compact at
 * Work"), so line breaking and page flow cost what they cost with real stories.
 */
import type { BookletInputs } from "~/booklet/booklet.server";
import { COMPACT_PRINCIPLES, PARTNER_ROLE_LABELS, SECTOR_SHORT_LABELS, type PartnerRole, type Sector } from "~/domain/vocabulary";

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

const WORDS = (
  "the and of to a in for with that was by on were from this their local people community council " +
  "voluntary partnership partners group groups service services young older families carers residents " +
  "project worked together support health housing funding volunteers officers staff city neighbourhood " +
  "centre team teams each other more than could alone achieved helped shared new first year years months " +
  "through across between public sector organisations trust charity association network forum advice " +
  "training employment skills safety police fire school schools college learning children parents " +
  "consultation agreed plan plans delivered outcomes evidence improved access information referrals " +
  "weekly meetings steering committee commissioning grant contract budget savings reduced waiting times " +
  "isolated vulnerable disabled refugees asylum seekers faith churches mosques gurdwaras temples street " +
  "estate ward wards area areas whole borough county district independent sustainable quality listening " +
  "trusted relationships honest open respect equal fair changes programme programmes policy policies " +
  "design developed responsive clear arrangements managing understanding knowledge expertise"
).split(" ");

const NAMES = [
  "Amrit",
  "Beverley",
  "Carl",
  "Delroy",
  "Eileen",
  "Fatima",
  "Gareth",
  "Hannah",
  "Imran",
  "Joan",
  "Kwame",
  "Linda",
  "Mohammed",
  "Nora",
  "Owen",
  "Priya",
  "Rob",
  "Siobhan",
  "Tom",
  "Yasmin",
];
const SURNAMES = [
  "Allison",
  "Begum",
  "Clarke",
  "Davies",
  "Evans",
  "Francis",
  "Gill",
  "Hughes",
  "Iqbal",
  "Jones",
  "Khan",
  "Lewis",
  "Morgan",
  "Nolan",
  "Okafor",
  "Patel",
  "Roberts",
  "Singh",
  "Thomas",
  "Walker",
];
const PLACES = [
  "Foleshill",
  "Hillfields",
  "Tile Hill",
  "Canley",
  "Radford",
  "Stoke Aldermoor",
  "Willenhall",
  "Wood End",
  "Bell Green",
  "Earlsdon",
  "Holbrooks",
  "Longford",
];
const STATUTORY = [
  "City Council Adult Social Care",
  "City Council Housing Team",
  "NHS Primary Care Trust",
  "West Midlands Police",
  "Fire and Rescue Service",
  "Jobcentre Plus",
  "City College",
  "Youth Offending Service",
  "Community Safety Partnership",
  "Public Health Team",
];
const VCS = [
  "Carers Centre",
  "Citizens Advice",
  "Age UK",
  "Refugee and Migrant Centre",
  "Community Transport",
  "Foodbank",
  "Youth Club",
  "Women's Aid",
  "Mind",
  "Volunteer Centre",
  "Residents Association",
  "Faith Forum",
  "Mosque Association",
  "Churches Together",
  "Social Enterprise Hub",
];

export function words(random: () => number, count: number): string {
  const out: string[] = [];
  let sentence = 0;
  for (let i = 0; i < count; i++) {
    let w = WORDS[Math.floor(random() * WORDS.length)];
    if (sentence === 0) w = w[0].toUpperCase() + w.slice(1);
    sentence++;
    const end = sentence > 8 && (random() < 0.12 || sentence > 22);
    if (end || i === count - 1) {
      w += ".";
      sentence = 0;
    } else if (random() < 0.06) w += ",";
    out.push(w);
  }
  return out.join(" ");
}

/** Text of about `count` words in paragraphs of 40-90 words, separated by blank lines. */
export function paragraphsOf(random: () => number, count: number): string {
  const paras: string[] = [];
  let left = count;
  while (left > 0) {
    const n = Math.min(left, 40 + Math.floor(random() * 50));
    paras.push(words(random, n));
    left -= n;
  }
  return paras.join("\n\n");
}

const between = (random: () => number, min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pick = <T>(random: () => number, list: readonly T[]) => list[Math.floor(random() * list.length)];
const person = (random: () => number) => `${pick(random, NAMES)} ${pick(random, SURNAMES)}`;

type Study = BookletInputs["view"]["categories"][number]["studies"][number];

const TIERS = [
  { name: "Winner", kind: "winner", rank: 1 },
  { name: "Special commendation", kind: "special_commendation", rank: 2 },
  { name: "Commendation", kind: "commendation", rank: 3 },
  { name: "Highly commended", kind: "highly_commended", rank: 4 },
];

function partnerOf(random: () => number, side: "statutory" | "vcs", lead: boolean, used: Set<string>) {
  let name: string;
  do {
    name = `${pick(random, PLACES)} ${pick(random, side === "statutory" ? STATUTORY : VCS)}`;
  } while (used.has(name));
  used.add(name);
  const sector: Sector =
    side === "statutory" ? "statutory" : pick(random, ["voluntary_community", "voluntary_community", "faith", "social_enterprise"] as const);
  const role: PartnerRole = lead ? (side === "statutory" ? "lead_statutory" : "lead_vcs") : "other";
  return { name, sectorLabel: SECTOR_SHORT_LABELS[sector], role, roleLabel: PARTNER_ROLE_LABELS[role], side };
}

/**
 * One case study shaped like the booklet's input: 150-400-word "what happened", shorter
 * "how the partners worked" and "impact", 5-13 partners, a quote, 1-3 principles, and a
 * photo (a stored file: `photoKeys` are storage keys on local disk, used in turn).
 */
export function syntheticStudy(i: number, categoryName: string, photoKeys: readonly string[]): Study {
  const random = prng(1000 + i);
  const partnersCount = between(random, 5, 13);
  const used = new Set<string>();
  const statutoryCount = Math.max(1, Math.round(partnersCount * (0.3 + random() * 0.3)));
  const partners = Array.from({ length: partnersCount }, (_, k) =>
    k < statutoryCount ? partnerOf(random, "statutory", k === 0, used) : partnerOf(random, "vcs", k === statutoryCount, used),
  );
  const tier = TIERS[i % 7 === 0 ? 0 : i % 3 === 0 ? 1 : i % 2 === 0 ? 2 : 3];
  const principles = COMPACT_PRINCIPLES.filter(() => random() < 0.45).slice(0, 3);
  const place = pick(random, PLACES);
  return {
    id: `bench-study-${i}`,
    title: `${words(random, between(random, 3, 8)).replace(/\.$/, "")} in ${place}`,
    summary: words(random, between(random, 30, 55)),
    categoryName,
    tier,
    citation: words(random, between(random, 12, 25)),
    partners,
    whatHappened: paragraphsOf(random, between(random, 150, 400)),
    howPartnersWorked: paragraphsOf(random, between(random, 60, 160)),
    impact: paragraphsOf(random, between(random, 60, 160)),
    quote: words(random, between(random, 15, 40)),
    quoteAttribution: `${person(random)}, ${partners[0].name}`,
    principles: (principles.length ? principles : [COMPACT_PRINCIPLES[0]]).map((p) => ({ key: p.key, label: p.label })),
    publicContact: `${person(random)}, ${partners[partners.length - 1].name}, 024 7${between(random, 100, 999)} ${between(random, 1000, 9999)}`,
    started: `${pick(random, ["January", "March", "April", "June", "September", "October"])} ${between(random, 2005, 2009)}`,
    consentToPublish: true,
    photo: {
      attachmentId: `bench-photo-${i}`,
      storageKey: photoKeys[i % photoKeys.length],
      storageBackend: "local",
      caption: `${words(random, between(random, 5, 12)).replace(/\.$/, "")}`,
      credit: person(random),
    },
  };
}

/** A whole booklet's inputs with `count` synthetic case studies in eight categories. */
export function syntheticBooklet(count: number, photoKeys: readonly string[]): BookletInputs {
  const random = prng(77);
  const categoryNames = Array.from({ length: 8 }, (_, c) => `Category ${c + 1}: ${words(random, between(random, 6, 14)).replace(/\.$/, "")}`);
  const categories = categoryNames.map((name) => ({ name, studies: [] as Study[] }));
  for (let i = 0; i < count; i++) {
    const c = i % categories.length;
    categories[c].studies.push(syntheticStudy(i, categories[c].name, photoKeys));
  }
  return {
    layoutVersion: 0,
    view: {
      cycle: {
        name: "Largeshire Compact Awards 2026",
        area: "Largeshire",
        year: "2026",
        intro: paragraphsOf(random, 320),
        contactName: "Generated Organiser",
        contactEmail: "compact@largeshire.example.org",
        contactPhone: "024 7600 0000",
        ceremony: "Friday 12 June 2026, 5:30pm at The Welcome Centre, Largeshire",
      },
      counts: { nominationsReceived: Math.round(count * 1.6), awards: count, tierSummary: "a generated mix of winners and commendations" },
      categories,
    },
  };
}
