/**
 * What an organiser does to one nomination from its page (/admin/cycles/:slug/nominations/:id):
 * the form's schema, and one function that does it and says so in words.
 */
import { z } from "zod";
import type { Actor } from "~/auth/permissions";
import type { Db } from "~/db/client.server";
import { fields } from "~/forms/validate";
import {
  clearExtension,
  grantExtension,
  markEligible,
  markIneligible,
  MODERATION_TEXT_MAX,
  returnForChanges,
  type ModerationResult,
} from "~/nominations/moderation.server";
import { formatUkDateTime, parseUkDateTime } from "~/utils/time";

const ukDateTime = z
  .string({ error: "Enter the date and time the extension ends" })
  .trim()
  .min(1, "Enter the date and time the extension ends")
  .transform((value, ctx) => {
    const date = parseUkDateTime(value);
    if (!date) {
      ctx.addIssue({ code: "custom", message: "Enter a real date and time, for example 2026-05-07 17:00" });
      return z.NEVER;
    }
    return date;
  });

export const moderationSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("eligible") }),
    z.object({ intent: z.literal("ineligible"), reason: fields.text("the reason it is not eligible", MODERATION_TEXT_MAX) }),
    z.object({ intent: z.literal("return"), comment: fields.text("what the partners need to change", MODERATION_TEXT_MAX) }),
    z.object({ intent: z.literal("extend"), until: ukDateTime }),
    z.object({ intent: z.literal("clear-extension") }),
  ],
  { error: "Choose what to do with this nomination" },
);
export type ModerationIntent = z.infer<typeof moderationSchema>["intent"];
export type ModerationInput = z.infer<typeof moderationSchema>;

function successMessage(intent: ModerationIntent, result: Extract<ModerationResult, { ok: true }>): string {
  const people = `${result.emailsSent} partner ${result.emailsSent === 1 ? "contact" : "contacts"}`;
  switch (intent) {
    case "eligible":
      return "Marked eligible: it will go to the judges.";
    case "ineligible":
      return `Marked not eligible. The reason has been emailed to ${people}.`;
    case "return":
      return `Returned to the partners for changes. The comment has been emailed to ${people}.`;
    case "extend":
      return `Extension granted until ${formatUkDateTime(result.nomination.extensionUntil)}.`;
    case "clear-extension":
      return "Extension removed: the closing date applies to this nomination again.";
  }
}

/** Do what the organiser chose; the message to show them, or why it was refused (and by which field). */
export async function moderateNomination(
  db: Db,
  actor: Actor,
  nominationId: string,
  data: ModerationInput,
): Promise<{ ok: true; message: string } | { ok: false; field?: string; message: string }> {
  const common = { nominationId };
  let result: ModerationResult;
  switch (data.intent) {
    case "eligible":
      result = await markEligible(db, actor, common);
      break;
    case "ineligible":
      result = await markIneligible(db, actor, { ...common, reason: data.reason });
      break;
    case "return":
      result = await returnForChanges(db, actor, { ...common, comment: data.comment });
      break;
    case "extend":
      result = await grantExtension(db, actor, { ...common, until: data.until });
      break;
    case "clear-extension":
      result = await clearExtension(db, actor, common);
      break;
  }
  if (!result.ok) return result;
  return { ok: true, message: successMessage(data.intent, result) };
}
