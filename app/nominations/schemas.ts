/**
 * What each section's form may send, checked with zod on the server (docs/decisions/0006-forms.md).
 * Shared by the routes and the tests. The limits come from eligibility.ts (LIMITS), so the
 * hints on the page, the server's checks and the completeness rules never disagree.
 *
 * Text is kept as typed: only line endings are normalised and the ends trimmed. Nothing is
 * stripped or escaped here; pages render it as text.
 */
import { z } from "zod";
import { COMPACT_PRINCIPLE_KEYS, PARTNER_ROLES, SECTORS } from "~/domain/vocabulary";
import { countWords, fields } from "~/forms/validate";
import { LIMITS, startedOnProblem } from "./eligibility";

/** Windows line endings become "\n" so that a limit counts what the reader sees; ends are trimmed. */
export function normaliseText(value: string): string {
  return value.replace(/\r\n?/g, "\n").trim();
}

const n = (v: number) => v.toLocaleString("en-GB");

/** A text field kept as typed, with a length limit; `enter` is used when it is required and empty. */
export function textField(opts: { name: string; enter?: string; max: number }) {
  return z
    .string()
    .optional()
    .default("")
    .transform(normaliseText)
    .superRefine((v, ctx) => {
      if (opts.enter && !v) ctx.addIssue({ code: "custom", message: `Enter ${opts.enter}` });
      else if (v.length > opts.max)
        ctx.addIssue({ code: "custom", message: `${opts.name} must be ${n(opts.max)} characters or fewer (it has ${n(v.length)})` });
    });
}

// ---------------------------------------------------------------- category

export const categorySchema = z.object({
  categoryId: z.string({ error: "Choose a category" }).trim().min(1, "Choose a category"),
});

// ---------------------------------------------------------------- your organisation

export const organisationSchema = z.object({
  contactName: fields.text("the contact's name", LIMITS.contactName),
  contactEmail: fields.email("the contact's email address"),
  role: z.enum(["lead", "other"], { error: "Choose whether your organisation is the lead partner for its sector" }),
});
export type OrganisationInput = z.output<typeof organisationSchema>;

// ---------------------------------------------------------------- partners

const partnerRole = z.enum(PARTNER_ROLES, { error: "Choose the partner's role" });

export const partnerSchema = z
  .object({
    organisationChoice: z.enum(["existing", "new"], { error: "Choose an organisation from the list, or add a new one" }),
    organisationId: z.string().optional().default(""),
    newOrganisationName: z.string().optional().default("").transform(normaliseText),
    newOrganisationSector: z.string().optional().default(""),
    contactName: fields.text("the contact's name", LIMITS.contactName),
    contactEmail: fields.email("the contact's email address"),
    role: partnerRole,
  })
  .superRefine((v, ctx) => {
    if (v.organisationChoice === "existing" && !v.organisationId) {
      ctx.addIssue({ code: "custom", path: ["organisationId"], message: "Choose the organisation from the list" });
    }
    if (v.organisationChoice === "new") {
      if (!v.newOrganisationName) ctx.addIssue({ code: "custom", path: ["newOrganisationName"], message: "Enter the organisation's name" });
      else if (v.newOrganisationName.length > LIMITS.organisationName) {
        ctx.addIssue({
          code: "custom",
          path: ["newOrganisationName"],
          message: `The organisation's name must be ${LIMITS.organisationName} characters or fewer`,
        });
      }
      if (!(SECTORS as readonly string[]).includes(v.newOrganisationSector)) {
        ctx.addIssue({ code: "custom", path: ["newOrganisationSector"], message: "Choose which sector the organisation is in" });
      }
    }
  });
export type PartnerInput = z.output<typeof partnerSchema>;

export const partnerEditSchema = z.object({
  contactName: fields.text("the contact's name", LIMITS.contactName),
  contactEmail: fields.email("the contact's email address"),
  role: partnerRole,
});
export type PartnerEditInput = z.output<typeof partnerEditSchema>;

// ---------------------------------------------------------------- the story

/** The form's three date boxes, as typed. */
export type DateParts = { startedDay: string; startedMonth: string; startedYear: string };

/** "1", "3", "2024" -> "2024-03-01"; all empty -> null; anything else -> "invalid". */
export function dateFromParts(parts: Partial<DateParts>): string | null | "invalid" {
  const d = (parts.startedDay ?? "").trim();
  const m = (parts.startedMonth ?? "").trim();
  const y = (parts.startedYear ?? "").trim();
  if (!d && !m && !y) return null;
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return "invalid";
  return `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
}

export function partsFromDate(value: string | null | undefined): DateParts {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? "");
  if (!m) return { startedDay: "", startedMonth: "", startedYear: "" };
  return { startedDay: String(Number(m[3])), startedMonth: String(Number(m[2])), startedYear: m[1] };
}

/** A date box: a box sent twice cannot be a date, so it is treated as one that is not. */
const dateBox = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? "" : Array.isArray(v) ? "not a date" : v));

/**
 * The version the form was loaded with. Anything that is not a whole number (a forged or
 * garbled field) can only be a version that is not the current one: the save is refused as
 * stale, with the same message. Left out: no check (an old page without the field).
 */
export const formVersion = z
  .unknown()
  .transform((v): number => {
    if (typeof v === "number") return Number.isSafeInteger(v) && v >= 0 ? v : -1;
    return typeof v === "string" && /^\d{1,9}$/.test(v.trim()) ? Number(v.trim()) : -1;
  })
  .optional();

const oneOrMany = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

/**
 * The story. `strict` (Save and continue, and any change to a submitted nomination) needs
 * every required answer; a draft save and autosave accept empty answers but never text
 * over its limit, so nothing is ever stored that a later check would have to cut.
 */
export function storySchema(opts: { strict: boolean; today: string }) {
  const req = (enter: string) => (opts.strict ? enter : undefined);
  return z
    .object({
      title: textField({ name: "The title", enter: req("a title"), max: LIMITS.title }),
      summary: textField({ name: "The summary", enter: req("a summary"), max: LIMITS.summaryChars }).superRefine((v, ctx) => {
        const words = countWords(v);
        if (words > LIMITS.summaryWords)
          ctx.addIssue({ code: "custom", message: `The summary must be ${LIMITS.summaryWords} words or fewer (it has ${words})` });
      }),
      whatHappened: textField({ name: "What happened", enter: req("what happened"), max: LIMITS.whatHappened }),
      impact: textField({ name: "The difference it made", enter: req("the difference it made"), max: LIMITS.impact }),
      howPartnersWorked: textField({ name: "How the partners worked together", enter: req("how the partners worked together"), max: LIMITS.howPartnersWorked }),
      quote: textField({ name: "The quote", max: LIMITS.quote }),
      quoteAttribution: textField({ name: "Who said it", max: LIMITS.quoteAttribution }),
      // Checked as a whole, so the message is shown next to the boxes (not against one of them).
      principles: oneOrMany
        .refine((v) => v.every((k) => (COMPACT_PRINCIPLE_KEYS as readonly string[]).includes(k)), "Choose from the Compact outcomes listed")
        .refine((v) => !opts.strict || v.length > 0, "Choose at least one Compact outcome the work shows")
        .transform((v) => [...new Set(v)] as (typeof COMPACT_PRINCIPLE_KEYS)[number][]),
      startedDay: dateBox,
      startedMonth: dateBox,
      startedYear: dateBox,
      version: formVersion,
    })
    .superRefine((v, ctx) => {
      if (v.quote && !v.quoteAttribution && opts.strict) {
        ctx.addIssue({ code: "custom", path: ["quoteAttribution"], message: "Enter who said the quote" });
      }
      const date = dateFromParts(v);
      if (date === "invalid") {
        ctx.addIssue({ code: "custom", path: ["startedOn"], message: "When the work started must be a real date, like 3 2 2024" });
      } else if (date === null) {
        if (opts.strict) ctx.addIssue({ code: "custom", path: ["startedOn"], message: "Enter when the work started" });
      } else {
        const problem = startedOnProblem(date, opts.today);
        if (problem) ctx.addIssue({ code: "custom", path: ["startedOn"], message: problem });
      }
    })
    .transform(({ startedDay, startedMonth, startedYear, ...rest }) => {
      const date = dateFromParts({ startedDay, startedMonth, startedYear });
      return { ...rest, startedOn: date === "invalid" ? null : date };
    });
}
export type StoryInput = z.output<ReturnType<typeof storySchema>>;

// ---------------------------------------------------------------- consent

export const consentSchema = z.object({
  consentToPublish: z.enum(["yes", "no"], { error: "Choose yes if all the partners agree we may publish the nomination" }),
  publicContact: textField({ name: "The contact for the public", enter: "who the public should contact about this work", max: LIMITS.publicContact }),
});
export type ConsentInput = z.output<typeof consentSchema>;

// ---------------------------------------------------------------- confirmation and withdrawal

export const changesSchema = z.object({
  comment: textField({ name: "What needs changing", enter: "what needs changing", max: LIMITS.changesComment }),
});

export const withdrawSchema = z.object({
  reason: textField({ name: "The reason", max: 1000 }),
});
