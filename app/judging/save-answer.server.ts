/**
 * A save posted from the scoring page (an autosave, "Save draft", "Submit scores", "Keep my
 * version"), answered in the terms the page's save queue reads (ScoringActionData,
 * ./save-queue): saved, stale (both versions), invalid (what was sent, and whether it was kept
 * as a draft) or refused. The rules themselves are saveReview's (./reviews.server).
 */
import { z } from "zod";
import type { Actor } from "~/auth/permissions";
import type { Db } from "~/db/client.server";
import { NotAllowedError } from "~/auth/not-allowed";
import { formatUkDateTime } from "~/utils/time";
import { IncompleteReviewError, ReviewRefusedError, saveReview, StaleReviewError, type JudgeAssignment, type SaveIntent } from "./reviews.server";
import type { ScoringActionData } from "./save-queue";
import { scoresFromForm } from "./scoring";

export type PostedSave = {
  intent: string;
  /** sent by the page's script (answered with JSON), not by the plain form (answered with a redirect) */
  viaFetch: boolean;
  /** the page's id for this save, echoed in the answer */
  saveId: string;
  version: string;
  scores: Record<string, number | null>;
  commentForPanel: string;
  noteForNominators: string;
};

/** A field as the page sends it: once (a second copy, which no page of ours sends, is ignored). */
const sent = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (Array.isArray(v) ? (v[0] ?? "") : (v ?? "")));

/**
 * Everything the scoring page posts, read by parseForm (~/forms/validate) with
 * scoringFormShape: the scores come as "score.<criterion id>". Lenient on purpose: what is
 * wrong with a save is saveReview's to say, next to the field, keeping what was typed.
 */
export const scoringFormSchema = z.object({
  intent: sent,
  reason: sent,
  _via: sent,
  _save: sent,
  version: sent,
  commentForPanel: sent,
  noteForNominators: sent,
  scores: z.record(z.string(), z.union([z.number(), z.nan()]).nullable()),
});

export function scoringFormShape(values: Record<string, string | string[]>) {
  return { ...values, scores: scoresFromForm(Object.entries(values).flatMap(([key, v]) => [v].flat().map((one) => [key, one] as [string, string]))) };
}

/** The save's fields, from the scoring form as parseForm read it. */
export function postedSave(form: z.output<typeof scoringFormSchema>): PostedSave {
  return {
    intent: form.intent,
    viaFetch: form._via === "fetch",
    saveId: form._save,
    version: form.version,
    scores: form.scores,
    commentForPanel: form.commentForPanel,
    noteForNominators: form.noteForNominators,
  };
}

type Saved = Extract<ScoringActionData, { kind: "saved" }>;

export type SaveAnswer = { ok: true; answer: Saved } | { ok: false; answer: ScoringActionData; status: number };

/** Saves what was posted, or says why not (with the HTTP status for it). Throws only what saveReview throws for no access. */
export async function answerSave(db: Db, actor: Actor, assignment: JudgeAssignment, posted: PostedSave): Promise<SaveAnswer> {
  const { saveId } = posted;
  if (posted.intent !== "draft" && posted.intent !== "submit") {
    // Nothing is saved, but the scores and comments come back as they were, to be sent again.
    const version = Number(posted.version || "0");
    return {
      ok: false,
      status: 400,
      answer: {
        kind: "invalid",
        saveId,
        message: "Something went wrong with that button, so nothing was saved. Reload the page and try again.",
        fieldErrors: {},
        values: {
          scores: posted.scores,
          commentForPanel: posted.commentForPanel,
          noteForNominators: posted.noteForNominators,
          version: Number.isSafeInteger(version) && version >= 0 ? version : 0,
        },
        savedAsDraft: null,
      },
    };
  }

  const input = {
    scores: posted.scores,
    commentForPanel: posted.commentForPanel,
    noteForNominators: posted.noteForNominators,
    version: Number(posted.version || "0"),
    intent: posted.intent as SaveIntent,
  };
  try {
    const result = await saveReview(db, actor, assignment, input);
    return {
      ok: true,
      answer: {
        kind: "saved",
        saveId,
        version: result.version,
        status: result.status,
        updatedAt: result.updatedAt,
        submittedAt: result.submittedAt,
        intent: input.intent,
      },
    };
  } catch (error) {
    if (error instanceof StaleReviewError) {
      return {
        ok: false,
        status: 409,
        answer: {
          kind: "stale",
          saveId,
          message: error.message,
          theirVersion: error.theirVersion,
          storedVersion: error.storedVersion,
          yours: error.yours,
          stored: error.stored,
        },
      };
    }
    if (error instanceof IncompleteReviewError) {
      // An incomplete submission is still worth keeping: save it as a draft when the rules allow.
      let savedAsDraft: { version: number; status: "draft" | "submitted" } | null = null;
      if (input.intent === "submit") {
        try {
          const draft = await saveReview(db, actor, assignment, { ...input, intent: "draft" });
          savedAsDraft = { version: draft.version, status: draft.status };
        } catch {
          savedAsDraft = null;
        }
      }
      return {
        ok: false,
        status: 400,
        answer: {
          kind: "invalid",
          saveId,
          message: savedAsDraft ? `${error.message} Your answers so far are saved as a draft.` : error.message,
          fieldErrors: error.fieldErrors,
          values: {
            scores: input.scores,
            commentForPanel: input.commentForPanel,
            noteForNominators: input.noteForNominators,
            version: savedAsDraft?.version ?? input.version,
          },
          savedAsDraft,
        },
      };
    }
    // Not (or no longer) this judge's to score: the route answers 404, revealing nothing.
    if (error instanceof NotAllowedError) return { ok: false, status: 404, answer: { kind: "refused", saveId, code: "not_found", message: "Not found" } };
    if (error instanceof ReviewRefusedError) {
      return { ok: false, status: error.code === "closed" ? 403 : 400, answer: { kind: "refused", saveId, code: error.code, message: error.message } };
    }
    throw error;
  }
}

/** What the page says after a save posted without JavaScript. */
export function savedNotice(intent: SaveIntent, judgingCloseAt: Date | null): string {
  if (intent !== "submit") return "Draft saved.";
  const closes = judgingCloseAt ? ` until judging closes on ${formatUkDateTime(judgingCloseAt)}` : " until judging closes";
  return `Your scores have been submitted. Thank you. You can still change them${closes}.`;
}
