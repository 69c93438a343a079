import { z } from "zod";
import { fields } from "~/forms/validate";
import { RESERVED_SLUGS, SLUG_MAX, SLUG_PATTERN, suggestSlug } from "~/cycles/schemas";
import { ACCENT_MIN_CONTRAST, HEX_COLOUR, contrastRatio } from "./colour";

/** "#1D4F91" or "1d4f91" -> "#1d4f91"; anything else is kept as typed for the error message. */
function normaliseHex(raw: string): string {
  const v = raw.trim().toLowerCase();
  return /^[0-9a-f]{6}$/.test(v) ? `#${v}` : v;
}

const brandColour = z
  .string()
  .optional()
  .default("")
  .transform((v) => normaliseHex(v) || "#1d4f91")
  .superRefine((v, ctx) => {
    if (!HEX_COLOUR.test(v)) {
      ctx.addIssue({ code: "custom", message: "Enter the brand colour as a hex code of six characters, like #1d4f91" });
    } else if (contrastRatio(v, "#ffffff") < ACCENT_MIN_CONTRAST) {
      ctx.addIssue({
        code: "custom",
        message: `The brand colour ${v} is too pale to be seen on a white page (contrast ${contrastRatio(v, "#ffffff").toFixed(1)} to 1; it needs ${ACCENT_MIN_CONTRAST} to 1): choose a darker shade`,
      });
    }
  });

/** The details an area's administrators keep: the same when it is created and when it is edited. */
const areaDetails = {
  name: fields.text("the name of the Compact area", 120),
  description: fields.optionalText("a short description", 600),
  brandColour,
  contactName: fields.optionalText("the name of the person to contact", 120),
  contactEmail: z
    .string()
    .trim()
    .optional()
    .default("")
    .pipe(z.union([z.literal(""), z.email({ error: "Enter an email address in the right format, like name@example.org" })]))
    .transform((e) => e.toLowerCase()),
};

/** Creating a Compact area (site admins, /admin/areas). A blank web address name is made from the name. */
export const areaCreateSchema = z
  .object({
    ...areaDetails,
    slug: z.string().trim().toLowerCase().optional().default(""),
  })
  .transform((v) => ({ ...v, slug: v.slug || suggestSlug(v.name) }))
  .superRefine((v, ctx) => {
    if (!SLUG_PATTERN.test(v.slug) || v.slug.length > SLUG_MAX) {
      ctx.addIssue({
        code: "custom",
        path: ["slug"],
        message: `The web address name can use only lower-case letters, numbers and hyphens, up to ${SLUG_MAX} characters, like preston`,
      });
    } else if (RESERVED_SLUGS.includes(v.slug)) {
      ctx.addIssue({ code: "custom", path: ["slug"], message: `"${v.slug}" is kept for the site's own pages: choose a different web address name` });
    }
  });
export type AreaCreateInput = z.output<typeof areaCreateSchema>;

/** Appointing an area administrator by email. */
export const appointAreaAdminSchema = z.object({
  areaId: z.string({ error: "Choose the Compact area" }).trim().min(1, "Choose the Compact area"),
  email: fields.email("the email address of the new area administrator"),
});
export type AppointAreaAdminInput = z.output<typeof appointAreaAdminSchema>;

/**
 * Editing an area's details (/admin/areas/:slug: site admins and the area's administrators).
 * The web address name is not edited: links to /areas/<slug> in emails and print would break.
 */
export const areaUpdateSchema = z.object({ intent: z.literal("details"), ...areaDetails });
export type AreaUpdateInput = Omit<z.output<typeof areaUpdateSchema>, "intent">;

export const LOGO_ALT_MAX = 200;

/** The logo form's text: its description (the file itself is checked by checkLogo). */
export const areaLogoSchema = z.object({
  intent: z.literal("logo", { error: "Something went wrong with that button. Reload the page and try again." }),
  logoAlt: fields.text("a description of the logo for people who cannot see it", LOGO_ALT_MAX),
});

/** The edit page's other buttons. */
export const areaEditIntentSchema = z.discriminatedUnion("intent", [
  areaUpdateSchema,
  z.object({ intent: z.literal("remove-logo") }),
  z.object({ intent: z.literal("remove-admin"), userId: z.string().trim().min(1, "Choose the administrator to remove") }),
]);

/** Which of /admin/areas's two forms was sent. */
export const areaIntentSchema = z.looseObject({ intent: z.enum(["create", "appoint"], { error: "Something went wrong with that button" }) });

/** The home page's search: GET ?q= */
export const areaSearchSchema = z.object({ q: z.string().trim().max(100).optional().default("") });
