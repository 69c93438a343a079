import { z } from "zod";
import { capitalise } from "~/utils/text";

/**
 * Plain-English messages for any check that did not say its own: a field sent twice, left out
 * of a forged post, or not a number. Zod's defaults ("Invalid input: expected string, received
 * array") are for programmers; a person sees these instead. Checks with their own message
 * (almost all of them) are not affected. Applies to every schema once this module is loaded.
 */
export const SENT_TWICE_MESSAGE = "This answer was sent more than once: enter it once";

export function plainEnglishError(issue: z.core.$ZodRawIssue): string | undefined {
  const input: unknown = issue.input;
  switch (issue.code) {
    case "invalid_type":
      if (input === undefined || input === null) return "Enter an answer";
      if (Array.isArray(input)) return SENT_TWICE_MESSAGE;
      if (issue.expected === "int") return "Enter a whole number";
      if (issue.expected === "number") return "Enter a number, like 3";
      return "Enter an answer";
    case "invalid_value":
    case "invalid_union":
      return "Choose one of the options given";
    case "too_big":
      if (issue.origin === "string") return `Must be ${Number(issue.maximum).toLocaleString("en-GB")} characters or fewer`;
      if (issue.origin === "array" || issue.origin === "set") return `Choose ${String(issue.maximum)} or fewer`;
      return Number(issue.maximum) >= Number.MAX_SAFE_INTEGER ? "Enter a smaller number" : `Must be ${String(issue.maximum)} or less`;
    case "too_small":
      if (issue.origin === "string") return Number(issue.minimum) <= 1 ? "Enter an answer" : `Must be at least ${String(issue.minimum)} characters`;
      if (issue.origin === "array" || issue.origin === "set") return "Choose at least one";
      return Number(issue.minimum) <= Number.MIN_SAFE_INTEGER ? "Enter a bigger number" : `Must be ${String(issue.minimum)} or more`;
    case "invalid_format":
      return issue.format === "email" ? "Enter an email address in the right format, like name@example.org" : "Enter it in the right format";
    case "not_multiple_of":
      return "Enter a whole number";
    default:
      return undefined;
  }
}
z.config({ customError: plainEnglishError });

export type FieldErrors = Record<string, string>;

export type FormResult<T> =
  { ok: true; data: T; values: Record<string, string | string[]> } | { ok: false; errors: FieldErrors; values: Record<string, string | string[]> };

/**
 * Everything the user sent, as typed, so a form with an error can be shown again with
 * nothing lost. Fields that repeat (checkboxes) become arrays. Files are left out.
 */
export function formValues(formData: FormData): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const key of new Set(formData.keys())) {
    const all = formData.getAll(key).filter((v): v is string => typeof v === "string");
    if (all.length === 0) continue;
    values[key] = all.length === 1 && !key.endsWith("[]") ? all[0] : all;
  }
  return values;
}

/** The first message for each field, keyed by the field's name ("criteria.0.weight" for nested). */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.map(String).join(".") : "form";
    errors[key] ??= issue.message;
  }
  return errors;
}

/** Validates submitted form data with a zod schema on the server. */
export function parseForm<S extends z.ZodType>(
  schema: S,
  formData: FormData,
  shape?: (values: Record<string, string | string[]>) => unknown,
): FormResult<z.output<S>> {
  const values = formValues(formData);
  const parsed = schema.safeParse(shape ? shape(values) : values);
  if (parsed.success) return { ok: true, data: parsed.data, values };
  return { ok: false, errors: fieldErrors(parsed.error), values };
}

/** Common field rules with plain-English messages. */
export const fields = {
  text: (label: string, max = 200) =>
    z
      .string({ error: `Enter ${label}` })
      .trim()
      .min(1, `Enter ${label}`)
      .max(max, `${capitalise(label)} must be ${max} characters or fewer`),
  optionalText: (label: string, max = 2000) =>
    z
      .string()
      .trim()
      .max(max, `${capitalise(label)} must be ${max} characters or fewer`)
      .optional()
      .default(""),
  email: (label = "an email address") =>
    z
      .string({ error: `Enter ${label}` })
      .trim()
      .min(1, `Enter ${label}`)
      .max(254, "Email address must be 254 characters or fewer")
      .pipe(z.email({ error: "Enter an email address in the right format, like name@example.org" }))
      .transform((e) => e.toLowerCase()),
  checkbox: () =>
    z
      .union([z.literal("on"), z.literal("true"), z.literal("yes"), z.literal("")])
      .optional()
      .transform((v) => v === "on" || v === "true" || v === "yes"),
};

/** Counts words the way a reader would: runs of letters, digits and joining marks. */
export function countWords(text: string): number {
  return (text.trim().match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? []).length;
}
