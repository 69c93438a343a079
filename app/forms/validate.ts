import { z } from "zod";

export type FieldErrors = Record<string, string>;

export type FormResult<T> =
  | { ok: true; data: T; values: Record<string, string | string[]> }
  | { ok: false; errors: FieldErrors; values: Record<string, string | string[]> };

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
export function parseForm<S extends z.ZodType>(schema: S, formData: FormData, shape?: (values: Record<string, string | string[]>) => unknown): FormResult<z.output<S>> {
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

export function capitalise(s: string) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Counts words the way a reader would: runs of letters, digits and joining marks. */
export function countWords(text: string): number {
  return (text.trim().match(/[\p{L}\p{N}][\p{L}\p{N}'’\-]*/gu) ?? []).length;
}
