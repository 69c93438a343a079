/**
 * How the judge's scoring form saves, as a pure reducer: `saveQueue(state, event)` returns the
 * next state and the effects to carry out. No React, no window, no timers, no fetch: the form
 * (app/judging/scoring-form.tsx) turns browser happenings into events and carries out the
 * effects (localStorage, fetcher.submit, setTimeout, a keepalive fetch, focus).
 *
 * The rules:
 * - every change is kept on this laptop at once and sent after AUTOSAVE_DELAY_MS without
 *   another change; "Save draft" and "Submit scores" send at once;
 * - one save in flight at a time: changes made meanwhile are sent when it is answered, on the
 *   version that answer gave;
 * - offline, changes are kept and sent on "online"; a server that cannot be reached is tried
 *   again after RETRY_DELAY_MS;
 * - a stale save (saved elsewhere first) shows both versions and nothing is sent until the
 *   judge keeps theirs (sent on the stored version) or takes the saved one;
 * - on first load, a copy kept on this laptop that is the same as what is saved is cleared;
 *   one based on an older version becomes that same choice; any other is sent;
 * - leaving the page with a change not yet sent sends it with a request that outlives the page.
 */

export type Intent = "draft" | "submit";

export type ReviewContent = {
  scores: Record<string, number | null>;
  commentForPanel: string;
  noteForNominators: string;
};

export type SavedReview = ReviewContent & {
  version: number;
  status: "draft" | "submitted";
  updatedAt: string | null;
  submittedAt: string | null;
};

/** What the route's action answers (and the clientAction, when the server cannot be reached). */
export type ScoringActionData =
  | { kind: "saved"; saveId: string; version: number; status: "draft" | "submitted"; updatedAt: string; submittedAt: string | null; intent: Intent }
  | {
      kind: "stale";
      saveId: string;
      message: string;
      theirVersion: number;
      storedVersion: number;
      yours: ReviewContent & { intent: Intent };
      stored: SavedReview;
    }
  | {
      kind: "invalid";
      saveId: string;
      message: string;
      fieldErrors: Record<string, string>;
      values: ReviewContent & { version: number };
      /** an incomplete submission is still kept as a draft when it can be */
      savedAsDraft: { version: number; status: "draft" | "submitted" } | null;
    }
  | { kind: "refused"; saveId: string; message: string; code: string }
  | { kind: "conflict-error"; message: string; fieldErrors: Record<string, string>; reason: string }
  | { kind: "network"; saveId: string; message: string };

export type StaleSave = Extract<ScoringActionData, { kind: "stale" }>;

/** What the clientAction answers when the server's answer is not one of ours (a proxy's page, an empty body). */
export function answerOrUnexpected(result: unknown, saveId: string): ScoringActionData {
  if (!result || typeof result !== "object" || !("kind" in result)) return { kind: "network", saveId, message: "The server sent back something unexpected." };
  return result as ScoringActionData;
}

/** What the clientAction answers when the server cannot be reached at all. */
export function unreachableAnswer(saveId: string): Extract<ScoringActionData, { kind: "network" }> {
  return { kind: "network", saveId, message: "Could not reach the server. Check your connection and try again." };
}

export const AUTOSAVE_DELAY_MS = 1200;
export const RETRY_DELAY_MS = 10_000;

export const STATUS_TEXT = {
  saving: "Saving…",
  saved: "Saved",
  submitted: "Scores submitted",
  offline: "Offline: saved on this laptop, will send when you are back online",
  unreachable: "Not sent yet: the server could not be reached. Saved on this laptop; trying again shortly",
  stale: "Not saved: these scores were changed somewhere else. Choose which version to keep",
  closed: "Not saved",
  invalid: "Not submitted: some criteria still need a score",
} as const;

export type SaveStatus = keyof typeof STATUS_TEXT | "idle";

export const SUBMITTED_MESSAGE = "Your scores have been submitted. Thank you. You can still change them until judging closes.";

// ---------------------------------------------------------------- the copy on this laptop

/** Where the copy on this laptop is kept, one per assignment. */
export function localKey(assignmentId: string) {
  return `compact-awards:review:${assignmentId}`;
}

/** A change kept on this laptop: what the judge had, the version it was based on, and which button (if any) they pressed. */
export type LocalCopy = ReviewContent & { baseVersion: number; intent: Intent };

/** The kept copy as stored (any JSON, perhaps from an older page), or null when there is none worth reading. */
export function parseLocalCopy(raw: string | null): LocalCopy | null {
  if (!raw) return null;
  let value: Partial<LocalCopy> | null;
  try {
    value = JSON.parse(raw) as Partial<LocalCopy> | null;
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || typeof value.baseVersion !== "number" || typeof value.scores !== "object" || !value.scores) return null;
  return {
    baseVersion: value.baseVersion,
    scores: value.scores as Record<string, number | null>,
    commentForPanel: typeof value.commentForPanel === "string" ? value.commentForPanel : "",
    noteForNominators: typeof value.noteForNominators === "string" ? value.noteForNominators : "",
    intent: value.intent === "submit" ? "submit" : "draft",
  };
}

/** The same answers, as the server compares them (text trimmed, a missing score is no score). */
export function sameContent(a: ReviewContent, b: ReviewContent, criterionIds: readonly string[]) {
  return (
    criterionIds.every((id) => (a.scores[id] ?? null) === (b.scores[id] ?? null)) &&
    a.commentForPanel.trim() === b.commentForPanel.trim() &&
    a.noteForNominators.trim() === b.noteForNominators.trim()
  );
}

// ---------------------------------------------------------------- state, events, effects

export type SaveQueueState = {
  criterionIds: readonly string[];
  /** judging is open: false makes the form read-only and nothing is ever sent or kept */
  canSave: boolean;
  online: boolean;
  /** what the judge has in the form */
  content: ReviewContent;
  /** the version of the review that content is based on (0: none saved yet) */
  version: number;
  reviewStatus: "draft" | "submitted" | null;
  submittedAt: string | null;
  /** counts the judge's changes, so an answer can tell whether more came while it was out */
  editSeq: number;
  inFlight: { saveId: string; seq: number; intent: Intent } | null;
  /** saves sent by this page, for their ids */
  sent: number;
  /** changes not yet saved on the server */
  dirty: boolean;
  /** the button last pressed: "submit" until a submission is answered */
  pendingIntent: Intent;
  status: SaveStatus;
  fieldErrors: Record<string, string>;
  message: string | null;
  /** both versions of a stale save, while the judge chooses; "yours" is what is in the form */
  stale: StaleSave | null;
};

export type SaveEvent =
  /** the judge changed a score or a text box (scores: only those changed) */
  | { type: "changed"; patch: Partial<ReviewContent> }
  /** "Save draft" or "Submit scores" */
  | { type: "pressed"; intent: Intent }
  | { type: "autosaveDue" }
  | { type: "retryDue" }
  | { type: "offline" }
  | { type: "online" }
  | { type: "answered"; answer: ScoringActionData }
  /** the page is up in the browser: whether it is online, the review as loaded, and the copy kept on this laptop, if any */
  | { type: "loaded"; online: boolean; saved: SavedReview | null; local: LocalCopy | null }
  | { type: "keepMine" }
  | { type: "useSaved" }
  | { type: "leaving" };

/** The form fields of a save, ready to post ("intent", "version", "score.<id>", …). */
export type SaveFields = Record<string, string>;

export type SaveEffect =
  | { type: "send"; saveId: string; fields: SaveFields }
  /** a request that outlives the page (keepalive); its answer is never read */
  | { type: "sendBeacon"; fields: SaveFields }
  | { type: "keepLocally"; copy: LocalCopy }
  | { type: "clearLocal" }
  /** (re)starts that timer: when it fires, the form dispatches autosaveDue or retryDue */
  | { type: "schedule"; what: "autosave" | "retry"; ms: number }
  | { type: "cancel"; what: "autosave" }
  | { type: "focus"; what: "stale" | "errors" };

export type SaveStep = { state: SaveQueueState; effects: SaveEffect[] };

/**
 * The state the page starts in, from what the loader and the action (a form posted before
 * the page's JavaScript ran) gave it.
 */
export function initialSaveState({
  criterionIds,
  saved,
  canSave,
  actionData,
}: {
  criterionIds: readonly string[];
  saved: SavedReview | null;
  canSave: boolean;
  actionData?: ScoringActionData;
}): SaveQueueState {
  // What was posted is shown again after a refusal; else what is saved.
  const posted = actionData?.kind === "invalid" ? actionData.values : actionData?.kind === "stale" ? actionData.yours : null;
  const start = posted ?? saved;
  return {
    criterionIds,
    canSave,
    online: true,
    content: { scores: start?.scores ?? {}, commentForPanel: start?.commentForPanel ?? "", noteForNominators: start?.noteForNominators ?? "" },
    // After a refused stale save the form keeps the version it was based on, so pressing its
    // buttons again is refused again: only "Keep my version" overwrites.
    version: actionData?.kind === "invalid" ? actionData.values.version : actionData?.kind === "stale" ? actionData.theirVersion : (saved?.version ?? 0),
    reviewStatus: saved?.status ?? null,
    submittedAt: saved?.submittedAt ?? null,
    editSeq: 0,
    inFlight: null,
    sent: 0,
    dirty: false,
    pendingIntent: "draft",
    status: "idle",
    fieldErrors: actionData?.kind === "invalid" ? actionData.fieldErrors : {},
    message: actionData && "message" in actionData && actionData.kind !== "stale" ? actionData.message : null,
    stale: actionData?.kind === "stale" ? actionData : null,
  };
}

// ---------------------------------------------------------------- the reducer

function contentOf(state: SaveQueueState): ReviewContent {
  return { scores: state.content.scores, commentForPanel: state.content.commentForPanel, noteForNominators: state.content.noteForNominators };
}

function keepLocally(state: SaveQueueState, intent: Intent): SaveEffect {
  return { type: "keepLocally", copy: { ...contentOf(state), baseVersion: state.version, intent } };
}

/** What is sent: the whole review as it stands, on the version this page last saw. */
function fieldsOf(state: SaveQueueState, saveId: string): SaveFields {
  const fields: SaveFields = { intent: state.pendingIntent, _via: "fetch", _save: saveId, version: String(state.version) };
  for (const id of state.criterionIds) {
    const value = state.content.scores[id];
    if (typeof value === "number") fields[`score.${id}`] = String(value);
  }
  fields.commentForPanel = state.content.commentForPanel;
  fields.noteForNominators = state.content.noteForNominators;
  return fields;
}

/** Sends the unsent change now, if it may go: one save at a time, never while stale or read-only. */
function flush(state: SaveQueueState, effects: SaveEffect[]): SaveQueueState {
  if (!state.canSave) return state; // read-only: nothing is ever scheduled
  effects.push({ type: "cancel", what: "autosave" });
  if (state.stale || !state.dirty) return state;
  if (state.inFlight) return state; // its answer sends again if needed
  if (!state.online) return { ...state, status: "offline" };
  const saveId = `save-${state.sent + 1}`;
  effects.push({ type: "send", saveId, fields: fieldsOf(state, saveId) });
  return { ...state, sent: state.sent + 1, inFlight: { saveId, seq: state.editSeq, intent: state.pendingIntent }, status: "saving" };
}

/** An answered question loses its error message; the others keep theirs. */
function withoutAnswered(errors: Record<string, string>, patch: Partial<ReviewContent>): Record<string, string> {
  const next = { ...errors };
  for (const [id, value] of Object.entries(patch.scores ?? {})) if (typeof value === "number") delete next[`score.${id}`];
  if (patch.commentForPanel !== undefined) delete next.commentForPanel;
  if (patch.noteForNominators !== undefined) delete next.noteForNominators;
  return Object.keys(next).length === Object.keys(errors).length ? errors : next;
}

function answered(state: SaveQueueState, answer: ScoringActionData, effects: SaveEffect[]): SaveQueueState {
  const inFlight = state.inFlight;
  if (!inFlight) return state;
  let s: SaveQueueState = { ...state, inFlight: null };
  if ("saveId" in answer && answer.saveId !== inFlight.saveId) return s;
  const caughtUp = s.editSeq === inFlight.seq; // no change since this save was sent
  switch (answer.kind) {
    case "saved": {
      s = { ...s, version: answer.version, reviewStatus: answer.status, submittedAt: answer.submittedAt };
      if (inFlight.intent === "submit") s.pendingIntent = "draft";
      if (caughtUp) {
        effects.push({ type: "clearLocal" });
        const submitted = answer.intent === "submit";
        return { ...s, dirty: false, status: submitted ? "submitted" : "saved", message: submitted ? SUBMITTED_MESSAGE : s.message };
      }
      // More changes came in while saving: keep them on the new version and send them.
      effects.push(keepLocally(s, s.pendingIntent));
      return flush(s, effects);
    }
    case "stale":
      effects.push({ type: "focus", what: "stale" });
      // "Your version" is what is in the form, including changes made while the save was out.
      return { ...s, status: "stale", stale: { ...answer, yours: { ...contentOf(s), intent: s.pendingIntent } } };
    case "invalid": {
      if (Object.keys(answer.fieldErrors).length > 0) effects.push({ type: "focus", what: "errors" });
      s = { ...s, fieldErrors: answer.fieldErrors, message: answer.message, status: "invalid" };
      if (inFlight.intent === "submit") s.pendingIntent = "draft";
      if (!answer.savedAsDraft) {
        effects.push(keepLocally(s, "draft"));
        return s;
      }
      // The server kept the scores as a draft: nothing is waiting unless the judge changed more.
      s = { ...s, version: answer.savedAsDraft.version, reviewStatus: answer.savedAsDraft.status };
      if (caughtUp) {
        effects.push({ type: "clearLocal" });
        return { ...s, dirty: false };
      }
      effects.push(keepLocally(s, "draft"));
      return flush(s, effects);
    }
    case "refused":
      return { ...s, message: answer.message, status: "closed" };
    case "network":
    default:
      effects.push({ type: "schedule", what: "retry", ms: RETRY_DELAY_MS });
      return { ...s, status: s.online ? "unreachable" : "offline" };
  }
}

function loaded(state: SaveQueueState, event: Extract<SaveEvent, { type: "loaded" }>, effects: SaveEffect[]): SaveQueueState {
  const { saved, local } = event;
  let s: SaveQueueState = { ...state, online: event.online };
  // A refusal posted before the page's JavaScript ran is shown, and takes focus.
  if (s.stale) effects.push({ type: "focus", what: "stale" });
  if (Object.keys(s.fieldErrors).length > 0) effects.push({ type: "focus", what: "errors" });
  if (!s.canSave || !local) return s;
  const loadedContent: ReviewContent = {
    scores: saved?.scores ?? {},
    commentForPanel: saved?.commentForPanel ?? "",
    noteForNominators: saved?.noteForNominators ?? "",
  };
  const loadedVersion = saved?.version ?? 0;
  if (sameContent(local, loadedContent, s.criterionIds) && (local.intent === "draft" || saved?.status === "submitted")) {
    effects.push({ type: "clearLocal" });
    return s;
  }
  const content: ReviewContent = { scores: local.scores, commentForPanel: local.commentForPanel, noteForNominators: local.noteForNominators };
  s = { ...s, content };
  if (local.baseVersion !== loadedVersion && saved) {
    // Saved elsewhere since this laptop kept its copy: the judge chooses.
    effects.push({ type: "focus", what: "stale" });
    return {
      ...s,
      status: "stale",
      stale: {
        kind: "stale",
        saveId: "local",
        message: `Changes kept on this laptop (based on version ${local.baseVersion}) differ from the saved review, which is now version ${loadedVersion}. Nothing has been overwritten: choose which version to keep.`,
        theirVersion: local.baseVersion,
        storedVersion: loadedVersion,
        yours: { ...content, intent: local.intent },
        stored: saved,
      },
    };
  }
  // Kept but never sent (the page closed first): send it, once the page has settled.
  effects.push({ type: "schedule", what: "autosave", ms: 0 });
  return { ...s, pendingIntent: local.intent, dirty: true, editSeq: s.editSeq + 1, status: s.online ? "saving" : "offline" };
}

/** The next state and what to do, for one event. */
export function saveQueue(state: SaveQueueState, event: SaveEvent): SaveStep {
  const effects: SaveEffect[] = [];
  const step = (next: SaveQueueState): SaveStep => ({ state: next, effects });
  switch (event.type) {
    case "changed": {
      const patch = event.patch;
      const content: ReviewContent = {
        scores: patch.scores ? { ...state.content.scores, ...patch.scores } : state.content.scores,
        commentForPanel: patch.commentForPanel ?? state.content.commentForPanel,
        noteForNominators: patch.noteForNominators ?? state.content.noteForNominators,
      };
      const fieldErrors = withoutAnswered(state.fieldErrors, patch);
      // The summary of what is left takes focus again when it changes, as it did when it first showed.
      if (fieldErrors !== state.fieldErrors && Object.keys(fieldErrors).length > 0) effects.push({ type: "focus", what: "errors" });
      const s: SaveQueueState = { ...state, content, fieldErrors, editSeq: state.editSeq + 1, dirty: true };
      if (!s.canSave) return step(s);
      if (s.stale) {
        // Nothing is sent until the judge chooses; the change is part of "your version".
        const yours = { ...contentOf(s), intent: s.stale.yours.intent };
        effects.push(keepLocally(s, yours.intent));
        return step({ ...s, stale: { ...s.stale, yours } });
      }
      effects.push(keepLocally(s, s.pendingIntent), { type: "schedule", what: "autosave", ms: AUTOSAVE_DELAY_MS });
      return step({ ...s, status: s.online ? "saving" : "offline" });
    }
    case "pressed": {
      if (!state.canSave) return step(state);
      let s: SaveQueueState = { ...state, pendingIntent: event.intent, dirty: true, editSeq: state.editSeq + 1 };
      effects.push(keepLocally(s, event.intent));
      if (s.stale) {
        // The buttons below the comparison wait for the choice above it.
        effects.push({ type: "focus", what: "stale" });
        s = { ...s, stale: { ...s.stale, yours: { ...s.stale.yours, intent: event.intent } } };
        return step(s);
      }
      if (!s.online) return step({ ...s, status: "offline" });
      return step(flush({ ...s, status: "saving" }, effects));
    }
    case "autosaveDue":
    case "retryDue":
      return step(flush(state, effects));
    case "online": {
      const s = { ...state, online: true };
      return step(s.dirty ? flush(s, effects) : s);
    }
    case "offline":
      return step({ ...state, online: false, status: state.dirty && !state.stale ? "offline" : state.status });
    case "answered":
      return step(answered(state, event.answer, effects));
    case "loaded":
      return step(loaded(state, event, effects));
    case "keepMine": {
      const stale = state.stale;
      if (!stale) return step(state);
      const mine = stale.yours;
      const s: SaveQueueState = {
        ...state,
        content: { scores: mine.scores, commentForPanel: mine.commentForPanel, noteForNominators: mine.noteForNominators },
        version: stale.storedVersion,
        pendingIntent: mine.intent,
        stale: null,
        dirty: true,
        editSeq: state.editSeq + 1,
      };
      effects.push(keepLocally(s, mine.intent));
      return step(flush(s, effects));
    }
    case "useSaved": {
      const theirs = state.stale?.stored;
      if (!theirs) return step(state);
      effects.push({ type: "clearLocal" });
      return step({
        ...state,
        content: { scores: theirs.scores, commentForPanel: theirs.commentForPanel, noteForNominators: theirs.noteForNominators },
        version: theirs.version,
        reviewStatus: theirs.status,
        submittedAt: theirs.submittedAt,
        pendingIntent: "draft",
        stale: null,
        dirty: false,
        status: "saved",
      });
    }
    case "leaving":
      // If it cannot be sent (offline, or stale), the copy on this laptop is still there next time.
      if (state.canSave && !state.stale && state.dirty && !state.inFlight && state.online) {
        effects.push({ type: "sendBeacon", fields: fieldsOf(state, "leaving") });
      }
      return step(state);
  }
}
