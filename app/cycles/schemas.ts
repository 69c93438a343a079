/**
 * What an organiser may type when setting up a cycle, checked with zod. The routes parse
 * forms with these (app/forms/validate.ts parseForm) and the tests use them directly.
 * No server-only imports here: the schemas are plain data rules.
 *
 * Dates are typed in UK time (`<input type="datetime-local">`) and come out as UTC `Date`s.
 */
import { z } from "zod";
import { CYCLE_ROLES, RANKING_MEASURES, SECTORS, TIER_KINDS, type RankingMeasure, type TierKind } from "~/domain/vocabulary";
import { fields } from "~/forms/validate";
import { parseUkDateTime } from "~/utils/time";
import { capitalise } from "~/utils/text";

// ---------------------------------------------------------------- words shown on the pages

export const RANKING_MEASURE_LABELS: Record<RankingMeasure, { label: string; hint: string }> = {
  normalised: {
    label: "Normalised score (recommended)",
    hint: "Each judge's scores are compared with the other nominations that judge scored, so a harsh judge and a generous judge count alike.",
  },
  mean: { label: "Average (mean) score", hint: "The judges' overall scores added up and divided by the number of judges." },
  median: { label: "Middle (median) score", hint: "The middle judge's overall score: one very high or very low score counts for less." },
};

export const TIER_KIND_LABELS: Record<TierKind, { label: string; hint: string }> = {
  winner: { label: "Winner", hint: "Sends the winners' results email." },
  special_commendation: { label: "Special commendation", hint: "Sends the special commendation results email." },
  commendation: { label: "Commendation", hint: "Sends the commendation results email." },
  highly_commended: { label: "Highly commended", hint: "Sends the highly commended results email." },
  other: { label: "Another kind of award", hint: "Sends the commendation results email, with this tier's name." },
};

/** Slugs that would clash with a page's own address. */
export const RESERVED_SLUGS = ["new", "admin", "edit"];

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const SLUG_MAX = 60;

/** "Coventry Compact Awards 2010" -> "coventry-compact-awards-2010". */
export function suggestSlug(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug.slice(0, SLUG_MAX).replace(/-+$/, "");
}

// ---------------------------------------------------------------- field helpers

/** A UK date and time, as typed, or null when left blank and `optional`. */
function parseDateTimeField(raw: string | undefined, label: string, optional: boolean, ctx: z.RefinementCtx): Date | null {
  const value = (raw ?? "").trim();
  if (!value) {
    if (optional) return null;
    ctx.addIssue({ code: "custom", message: `Enter the date and time ${label}` });
    return z.NEVER;
  }
  const date = parseUkDateTime(value);
  if (!date) {
    ctx.addIssue({ code: "custom", message: `The date and time ${label} must be a real date, like 2027-03-01 09:00` });
    return z.NEVER;
  }
  return date;
}

const ukDateTime = (label: string) =>
  z
    .string()
    .optional()
    .transform((raw, ctx): Date => parseDateTimeField(raw, label, false, ctx) as Date);

const optionalUkDateTime = (label: string) =>
  z
    .string()
    .optional()
    .transform((raw, ctx): Date | null => parseDateTimeField(raw, label, true, ctx));

/** A number typed in a box, with its own plain-English range message. */
function numberField(label: string, options: { min: number; max: number; integer?: boolean; unit?: string }) {
  const range = `between ${options.min} and ${options.max}${options.unit ? ` ${options.unit}` : ""}`;
  return z
    .string({ error: `Enter ${label}` })
    .optional()
    .transform((raw, ctx) => {
      const value = (raw ?? "").trim();
      if (!value) {
        ctx.addIssue({ code: "custom", message: `Enter ${label}` });
        return z.NEVER;
      }
      const n = Number(value);
      if (!/^-?\d+(\.\d+)?$/.test(value) || !Number.isFinite(n)) {
        ctx.addIssue({ code: "custom", message: `${capitalise(label)} must be a number, like ${options.integer ? options.min : "1.5"}` });
        return z.NEVER;
      }
      if (options.integer && !Number.isInteger(n)) {
        ctx.addIssue({ code: "custom", message: `${capitalise(label)} must be a whole number` });
        return z.NEVER;
      }
      if (n < options.min || n > options.max) {
        ctx.addIssue({ code: "custom", message: `${capitalise(label)} must be ${range}` });
        return z.NEVER;
      }
      return n;
    });
}

const id = (what: string) =>
  z
    .string({ error: `Choose ${what}` })
    .trim()
    .min(1, `Choose ${what}`);

// ---------------------------------------------------------------- the cycle

const cycleDetailsShape = {
  name: fields.text("the name of the awards", 160),
  slug: z.string().trim().toLowerCase().optional().default(""),
  area: fields.text("the area the awards cover", 120),
  intro: fields.optionalText("an introduction", 5000),
  nominationsOpenAt: ukDateTime("nominations open"),
  nominationsCloseAt: ukDateTime("nominations close"),
  judgingOpenAt: optionalUkDateTime("judging opens"),
  judgingCloseAt: optionalUkDateTime("judging closes"),
  ceremonyAt: optionalUkDateTime("of the ceremony"),
  ceremonyVenue: fields.optionalText("the venue", 200),
  contactName: fields.text("the name of the person to contact", 120),
  contactEmail: fields.email("the contact email address"),
  contactPhone: fields.optionalText("the contact phone number", 40),
  signOff: fields.optionalText("the sign-off", 200),
};

type TimelineInput = {
  nominationsOpenAt: unknown;
  nominationsCloseAt: unknown;
  judgingOpenAt: unknown;
  judgingCloseAt: unknown;
  ceremonyAt: unknown;
};

const isDate = (d: unknown): d is Date => d instanceof Date;

/**
 * The timeline rules, on the UTC instants (so a clock change in between cannot fool them):
 * nominations close after they open; judging opens no earlier than nominations close;
 * judging closes after it opens (or after nominations close, when judging has no date of
 * its own); the ceremony is after nominations close.
 */
export function checkTimeline(v: TimelineInput, ctx: z.RefinementCtx) {
  const open = v.nominationsOpenAt,
    close = v.nominationsCloseAt;
  const judgingOpen = v.judgingOpenAt,
    judgingClose = v.judgingCloseAt,
    ceremony = v.ceremonyAt;
  if (isDate(open) && isDate(close) && close.getTime() <= open.getTime()) {
    ctx.addIssue({ code: "custom", path: ["nominationsCloseAt"], message: "Nominations must close after they open" });
  }
  if (isDate(close) && isDate(judgingOpen) && judgingOpen.getTime() < close.getTime()) {
    ctx.addIssue({ code: "custom", path: ["judgingOpenAt"], message: "Judging cannot open before nominations close" });
  }
  if (isDate(judgingClose)) {
    if (isDate(judgingOpen)) {
      if (judgingClose.getTime() <= judgingOpen.getTime()) {
        ctx.addIssue({ code: "custom", path: ["judgingCloseAt"], message: "Judging must close after it opens" });
      }
    } else if (isDate(close) && judgingClose.getTime() <= close.getTime()) {
      ctx.addIssue({
        code: "custom",
        path: ["judgingCloseAt"],
        message: "Judging must close after nominations close (judging opens when nominations close, unless you give it a date)",
      });
    }
  }
  if (isDate(ceremony) && isDate(close) && ceremony.getTime() <= close.getTime()) {
    ctx.addIssue({ code: "custom", path: ["ceremonyAt"], message: "The ceremony must be after nominations close" });
  }
}

function checkSlug(v: { name: unknown; slug: unknown }, ctx: z.RefinementCtx) {
  const typed = typeof v.slug === "string" ? v.slug : "";
  const slug = typed || (typeof v.name === "string" ? suggestSlug(v.name) : "");
  if (!slug) {
    if (typeof v.name === "string" && v.name) {
      ctx.addIssue({ code: "custom", path: ["slug"], message: "Enter a web address name, using lower-case letters, numbers and hyphens" });
    }
    return;
  }
  if (slug.length < 3 || slug.length > SLUG_MAX) {
    ctx.addIssue({ code: "custom", path: ["slug"], message: `The web address name must be between 3 and ${SLUG_MAX} characters` });
  } else if (!SLUG_PATTERN.test(slug)) {
    ctx.addIssue({
      code: "custom",
      path: ["slug"],
      message: "The web address name can only use lower-case letters, numbers and single hyphens between them, like coventry-2027",
    });
  } else if (RESERVED_SLUGS.includes(slug)) {
    ctx.addIssue({ code: "custom", path: ["slug"], message: `"${slug}" is used by the site itself: choose another web address name` });
  }
}

/** Creating a cycle. A blank web address name (slug) is made from the name. */
export const cycleCreateSchema = z
  .object({
    ...cycleDetailsShape,
    /** the Compact area the cycle is for: asked when the person may create cycles in more than one */
    areaId: z.string().trim().optional().default(""),
    /** a previous cycle of the same area whose set-up the new cycle starts from; blank: start from nothing */
    startFrom: z.string().trim().optional().default(""),
  })
  .superRefine(checkSlug)
  .superRefine(checkTimeline)
  .transform((v) => ({ ...v, slug: v.slug || suggestSlug(v.name) }));
export type CycleCreateInput = z.output<typeof cycleCreateSchema>;

/** The cycle's minimum number of judges per nomination, wherever it is set (settings page, judges page). */
export const MIN_JUDGES_RANGE = { min: 1, max: 20 } as const;

/** The settings page: everything from creation, plus publicity and judging settings. */
export const cycleSettingsSchema = z
  .object({
    ...cycleDetailsShape,
    bookletIntro: fields.optionalText("the booklet introduction", 10000),
    pressContact: fields.optionalText("the press contact", 500),
    minJudgesPerNomination: numberField("the number of judges for each nomination", { ...MIN_JUDGES_RANGE, integer: true }),
    disagreementThreshold: numberField("the disagreement threshold", { min: 0.1, max: 4, unit: "points" }),
    rankingMeasure: z.enum(RANKING_MEASURES, { error: "Choose how nominations are ranked" }),
  })
  .superRefine(checkSlug)
  .superRefine(checkTimeline)
  .transform((v) => ({ ...v, slug: v.slug || suggestSlug(v.name) }));
export type CycleSettingsInput = z.output<typeof cycleSettingsSchema>;

// ---------------------------------------------------------------- categories

const categoryFields = {
  name: fields.text("the name of the category", 200),
  description: fields.optionalText("the description", 3000),
  guidance: fields.optionalText("the eligibility guidance", 3000),
};

export const categoryIntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add"), ...categoryFields }),
  z.object({ intent: z.literal("edit"), id: id("a category"), ...categoryFields }),
  z.object({ intent: z.literal("move"), id: id("a category"), direction: z.enum(["up", "down"]) }),
  z.object({ intent: z.literal("remove"), id: id("a category") }),
]);
export type CategoryInput = { name: string; description: string; guidance: string };

// ---------------------------------------------------------------- criteria

export const SCALE_LIMITS = { lowest: 0, highest: 20, minPoints: 1, maxPoints: 10 } as const;

/** Suggested words for the usual 1-5 scale, so a new criterion starts with something sensible. */
export const DEFAULT_DESCRIPTORS_1_TO_5 = ["Little or no evidence", "Some evidence", "Good evidence", "Strong evidence", "Outstanding evidence"];

/** The name of the text box for one score point's descriptor. */
export function descriptorField(score: number) {
  return `descriptor-${score}`;
}

/** Every score point of a scale, lowest first. */
export function scalePoints(min: number, max: number): number[] {
  const points: number[] = [];
  for (let s = min; s <= max; s++) points.push(s);
  return points;
}

/** A scale is usable if it runs upwards by between 1 and 10 points, within 0-20. */
export function validScale(min: number, max: number) {
  return (
    Number.isInteger(min) &&
    Number.isInteger(max) &&
    min >= SCALE_LIMITS.lowest &&
    max <= SCALE_LIMITS.highest &&
    max - min >= SCALE_LIMITS.minPoints &&
    max - min <= SCALE_LIMITS.maxPoints
  );
}

export type Descriptor = { score: number; label: string };

/** Reads a criterion's stored descriptors, one per score point, filling any gaps with "". */
export function readDescriptors(json: string, min: number, max: number): Descriptor[] {
  let stored: unknown;
  try {
    stored = JSON.parse(json);
  } catch {
    stored = [];
  }
  const list = Array.isArray(stored) ? stored : [];
  return scalePoints(min, max).map((score) => {
    const found = list.find((d): d is Descriptor => !!d && typeof d === "object" && (d as Descriptor).score === score);
    return { score, label: typeof found?.label === "string" ? found.label : "" };
  });
}

const criterionFields = {
  name: fields.text("the name of the criterion", 200),
  guidance: fields.optionalText("the guidance for judges", 3000),
  weight: numberField("the weight", { min: 0.1, max: 10 }),
  scaleMin: numberField("the lowest score", { min: SCALE_LIMITS.lowest, max: SCALE_LIMITS.highest, integer: true }),
  scaleMax: numberField("the highest score", { min: SCALE_LIMITS.lowest, max: SCALE_LIMITS.highest, integer: true }),
  /** "" means every category */
  categoryId: z.string().trim().optional().default(""),
};

type CriterionDraft = { scaleMin: number; scaleMax: number; [key: string]: unknown };

/** One descriptor per point of the scale: the boxes shown must match the scale chosen. */
function checkScaleAndDescriptors(v: CriterionDraft, ctx: z.RefinementCtx) {
  const { scaleMin: min, scaleMax: max } = v;
  if (typeof min !== "number" || typeof max !== "number") return;
  if (max <= min) {
    ctx.addIssue({ code: "custom", path: ["scaleMax"], message: "The highest score must be more than the lowest score" });
    return;
  }
  if (max - min > SCALE_LIMITS.maxPoints) {
    ctx.addIssue({
      code: "custom",
      path: ["scaleMax"],
      message: `The scale can have at most ${SCALE_LIMITS.maxPoints + 1} points, for example 1 to ${SCALE_LIMITS.maxPoints + 1}`,
    });
    return;
  }
  for (const score of scalePoints(min, max)) {
    const raw = v[descriptorField(score)];
    const label = typeof raw === "string" ? raw.trim() : "";
    if (!label) ctx.addIssue({ code: "custom", path: [descriptorField(score)], message: `Describe what a score of ${score} means` });
    else if (label.length > 300)
      ctx.addIssue({ code: "custom", path: [descriptorField(score)], message: `The description of ${score} must be 300 characters or fewer` });
  }
}

function withDescriptors<T extends CriterionDraft>(v: T) {
  const descriptors: Descriptor[] = scalePoints(v.scaleMin, v.scaleMax).map((score) => ({
    score,
    label: String(v[descriptorField(score)] ?? "").trim(),
  }));
  return {
    name: v.name as string,
    guidance: v.guidance as string,
    weight: v.weight as number,
    scaleMin: v.scaleMin,
    scaleMax: v.scaleMax,
    categoryId: (v.categoryId as string) || null,
    descriptors,
  };
}

/** A criterion as typed: `descriptor-<score>` boxes become `descriptors`, one per score point. */
export const criterionSchema = z.looseObject(criterionFields).superRefine(checkScaleAndDescriptors).transform(withDescriptors);
export type CriterionInput = z.output<typeof criterionSchema>;

export const criterionIntentSchema = z.discriminatedUnion("intent", [
  z
    .looseObject({ intent: z.literal("add"), ...criterionFields })
    .superRefine(checkScaleAndDescriptors)
    .transform((v) => ({ intent: v.intent, ...withDescriptors(v) })),
  z
    .looseObject({ intent: z.literal("edit"), id: id("a criterion"), ...criterionFields })
    .superRefine(checkScaleAndDescriptors)
    .transform((v) => ({ intent: v.intent, id: v.id, ...withDescriptors(v) })),
  /** Without JavaScript: show the form again with one box per point of the new scale. */
  z.looseObject({ intent: z.literal("rescale") }),
  z.object({ intent: z.literal("move"), id: id("a criterion"), direction: z.enum(["up", "down"]) }),
  z.object({ intent: z.literal("remove"), id: id("a criterion") }),
]);

// ---------------------------------------------------------------- outcome tiers

const tierFields = {
  name: fields.text("the name of the award", 120),
  rank: numberField("the rank", { min: 1, max: 20, integer: true }),
  kind: z.enum(TIER_KINDS, { error: "Choose which results email this award sends" }),
};
export type TierInput = { name: string; rank: number; kind: TierKind };

export const tierIntentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add"), ...tierFields }),
  z.object({ intent: z.literal("edit"), id: id("an award"), ...tierFields }),
  z.object({ intent: z.literal("remove"), id: id("an award") }),
]);

// ---------------------------------------------------------------- people

const inviteFields = {
  email: fields.email("their email address"),
  name: fields.text("their full name", 120),
  role: z.enum(CYCLE_ROLES, { error: "Choose whether they will organise or judge" }),
  organisationChoice: z.enum(["existing", "new", ""]).optional().default(""),
  organisationId: z.string().trim().optional().default(""),
  newOrganisationName: z.string().trim().max(160, "Organisation name must be 160 characters or fewer").optional().default(""),
  newOrganisationSector: z.string().optional().default(""),
};

type InviteDraft = { role: string; organisationChoice: string; organisationId: string; newOrganisationName: string; newOrganisationSector: string };

/** A judge's organisation is needed to spot conflicts of interest; organisers need none. */
function checkInviteOrganisation(v: InviteDraft, ctx: z.RefinementCtx) {
  if (v.role !== "judge") return;
  if (!v.organisationChoice) {
    ctx.addIssue({ code: "custom", path: ["organisationChoice"], message: "Choose the judge's organisation, or add it" });
  }
  if (v.organisationChoice === "existing" && !v.organisationId) {
    ctx.addIssue({ code: "custom", path: ["organisationId"], message: "Choose the judge's organisation from the list" });
  }
  if (v.organisationChoice === "new") {
    if (!v.newOrganisationName) ctx.addIssue({ code: "custom", path: ["newOrganisationName"], message: "Enter the name of the judge's organisation" });
    if (!(SECTORS as readonly string[]).includes(v.newOrganisationSector)) {
      ctx.addIssue({ code: "custom", path: ["newOrganisationSector"], message: "Choose which sector the judge's organisation is in" });
    }
  }
}

function toInvite(v: InviteDraft & { email: string; name: string; role: (typeof CYCLE_ROLES)[number] }) {
  return {
    email: v.email,
    name: v.name,
    role: v.role,
    organisation:
      v.role !== "judge"
        ? null
        : v.organisationChoice === "new"
          ? { kind: "new" as const, name: v.newOrganisationName, sector: v.newOrganisationSector as (typeof SECTORS)[number] }
          : { kind: "existing" as const, id: v.organisationId },
  };
}

/** Inviting someone to organise or judge this cycle. */
export const inviteSchema = z.object(inviteFields).superRefine(checkInviteOrganisation).transform(toInvite);
export type InviteInput = z.output<typeof inviteSchema>;

export const peopleIntentSchema = z.discriminatedUnion("intent", [
  z
    .object({ intent: z.literal("invite"), ...inviteFields })
    .superRefine(checkInviteOrganisation)
    .transform((v) => ({ intent: v.intent, ...toInvite(v) })),
  z.object({ intent: z.literal("remove"), roleId: id("a person") }),
]);
