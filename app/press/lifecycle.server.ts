/**
 * The press release's lifecycle, as its organisers drive it from
 * /admin/cycles/:slug/press-release: preview, save, build the draft again from the results,
 * publish (public once the results are) and unpublish. Every change is in the audit trail.
 */
import { z } from "zod";
import type { Actor } from "~/auth/permissions";
import { audit } from "~/audit/audit.server";
import type { AuditAction } from "~/audit/vocabulary";
import type { Db } from "~/db/client.server";
import { fields } from "~/forms/validate";
import { buildPressReleaseDraft, renderMarkdown } from "~/press/press-release.server";
import { parseUkDateTime } from "~/utils/time";

const optionalEmbargo = z
  .string()
  .optional()
  .transform((raw, ctx): Date | null => {
    const value = (raw ?? "").trim();
    if (!value) return null;
    const date = parseUkDateTime(value);
    if (!date) {
      ctx.addIssue({ code: "custom", message: "The embargo must be a real date and time, like 2027-06-11 18:00" });
      return z.NEVER;
    }
    return date;
  });

const details = {
  quote: fields.optionalText("the quote", 2000),
  quoteAttribution: fields.optionalText("who said it", 300),
  embargoAt: optionalEmbargo,
};

export const pressReleaseSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("save"), markdown: z.string().max(100_000, "The press release must be 100,000 characters or fewer").default(""), ...details }),
  z.object({
    intent: z.literal("preview"),
    markdown: z.string().max(100_000, "The press release must be 100,000 characters or fewer").default(""),
    ...details,
  }),
  z.object({ intent: z.literal("rebuild"), ...details }),
  z.object({ intent: z.literal("publish") }),
  z.object({ intent: z.literal("unpublish") }),
]);

export type PressReleaseInput = z.infer<typeof pressReleaseSchema>;

export type PressReleaseChange =
  /** done: this message for the organiser */
  | { kind: "done"; message: string }
  /** nothing saved: the text as it would look */
  | { kind: "preview"; html: string };

export async function changePressRelease(
  db: Db,
  actor: Actor,
  cycle: { id: string; publishedAt: Date | null },
  data: PressReleaseInput,
): Promise<PressReleaseChange> {
  const log = (action: AuditAction, extra?: unknown) =>
    audit(db, { actorId: actor.userId, cycleId: cycle.id, action, entityType: "PressRelease", entityId: cycle.id, data: extra });

  switch (data.intent) {
    case "preview":
      // Show the text as it would look, without saving it.
      return { kind: "preview", html: renderMarkdown(data.markdown) };
    case "save": {
      const fieldsToSave = { markdown: data.markdown, quote: data.quote, quoteAttribution: data.quoteAttribution, embargoAt: data.embargoAt };
      await db.pressRelease.upsert({ where: { cycleId: cycle.id }, create: { cycleId: cycle.id, ...fieldsToSave }, update: fieldsToSave });
      await log("press-release.saved");
      return { kind: "done", message: "Press release saved." };
    }
    case "rebuild": {
      const extras = { quote: data.quote, quoteAttribution: data.quoteAttribution, embargoAt: data.embargoAt };
      const markdown = await buildPressReleaseDraft(db, cycle.id, extras);
      await db.pressRelease.upsert({ where: { cycleId: cycle.id }, create: { cycleId: cycle.id, markdown, ...extras }, update: { markdown, ...extras } });
      await log("press-release.rebuilt");
      return { kind: "done", message: "The draft was built again from the results." };
    }
    case "publish": {
      const existing = await db.pressRelease.findUnique({ where: { cycleId: cycle.id } });
      const markdown = existing?.markdown ?? (await buildPressReleaseDraft(db, cycle.id));
      const publishedAt = new Date();
      await db.pressRelease.upsert({ where: { cycleId: cycle.id }, create: { cycleId: cycle.id, markdown, publishedAt }, update: { publishedAt } });
      await log("press-release.published");
      const note = cycle.publishedAt
        ? "The press release is published."
        : "The press release is ready: it appears on the public site when the results are published.";
      return { kind: "done", message: note };
    }
    case "unpublish": {
      await db.pressRelease.updateMany({ where: { cycleId: cycle.id }, data: { publishedAt: null } });
      await log("press-release.unpublished");
      return { kind: "done", message: "The press release is no longer public." };
    }
  }
}
