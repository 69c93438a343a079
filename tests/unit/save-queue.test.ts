/**
 * The scoring form's save queue (app/judging/save-queue.ts), driven event by event: autosave,
 * one save at a time, offline and back, an unreachable server and its retry, stale saves and
 * the judge's choice, an incomplete submission kept as a draft, the copy kept on this laptop
 * at first load, leaving the page. Then a property: whatever happens, in whatever order, at
 * most one save is out, nothing the judge typed is lost, and a stale save is never overwritten
 * without "Keep my version".
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import {
  answerOrUnexpected,
  AUTOSAVE_DELAY_MS,
  initialSaveState,
  parseLocalCopy,
  RETRY_DELAY_MS,
  sameContent,
  saveQueue,
  STATUS_TEXT,
  SUBMITTED_MESSAGE,
  unreachableAnswer,
  type Intent,
  type LocalCopy,
  type ReviewContent,
  type SavedReview,
  type SaveEffect,
  type SaveEvent,
  type SaveFields,
  type SaveQueueState,
  type ScoringActionData,
} from "~/judging/save-queue";

const IDS = ["c1", "c2", "c3"] as const;

function review(version: number, content: Partial<ReviewContent> = {}, status: "draft" | "submitted" = "draft"): SavedReview {
  return {
    scores: { c1: null, c2: null, c3: null, ...content.scores },
    commentForPanel: content.commentForPanel ?? "",
    noteForNominators: content.noteForNominators ?? "",
    version,
    status,
    updatedAt: "2026-03-02T10:00:00.000Z",
    submittedAt: status === "submitted" ? "2026-03-02T10:00:00.000Z" : null,
  };
}

/** Events in turn; the effects of all of them, in order. */
function run(state: SaveQueueState, ...events: SaveEvent[]) {
  const effects: SaveEffect[] = [];
  for (const event of events) {
    const step = saveQueue(state, event);
    state = step.state;
    effects.push(...step.effects);
  }
  return { state, effects };
}

/** A page as loaded (online unless said, nothing kept on this laptop unless given). */
function page({
  saved = review(1, { scores: { c1: 3 } }),
  canSave = true,
  online = true,
  local = null,
  actionData,
}: { saved?: SavedReview | null; canSave?: boolean; online?: boolean; local?: LocalCopy | null; actionData?: ScoringActionData } = {}) {
  return run(initialSaveState({ criterionIds: IDS, saved, canSave, actionData }), { type: "loaded", online, saved, local });
}

const sends = (effects: SaveEffect[]) => effects.filter((e): e is Extract<SaveEffect, { type: "send" }> => e.type === "send");
const beacons = (effects: SaveEffect[]) => effects.filter((e) => e.type === "sendBeacon");
const kept = (effects: SaveEffect[]) => effects.filter((e): e is Extract<SaveEffect, { type: "keepLocally" }> => e.type === "keepLocally");
const has = (effects: SaveEffect[], type: SaveEffect["type"]) => effects.some((e) => e.type === type);
const score = (criterionId: string, value: number): SaveEvent => ({ type: "changed", patch: { scores: { [criterionId]: value } } });
const comment = (text: string): SaveEvent => ({ type: "changed", patch: { commentForPanel: text } });

function savedAnswer(state: SaveQueueState, version: number, intent: Intent = "draft"): SaveEvent {
  assert.ok(state.inFlight, "a save is in flight");
  return {
    type: "answered",
    answer: {
      kind: "saved",
      saveId: state.inFlight.saveId,
      version,
      status: intent === "submit" ? "submitted" : "draft",
      updatedAt: "2026-03-02T11:00:00.000Z",
      submittedAt: intent === "submit" ? "2026-03-02T11:00:00.000Z" : null,
      intent,
    },
  };
}

/** `sent`: what the save in flight carried, which the server sends back as "yours". */
function staleAnswer(state: SaveQueueState, stored: SavedReview, sent: ReviewContent = state.content): SaveEvent {
  assert.ok(state.inFlight);
  return {
    type: "answered",
    answer: {
      kind: "stale",
      saveId: state.inFlight.saveId,
      message: "These scores were changed somewhere else.",
      theirVersion: state.version,
      storedVersion: stored.version,
      yours: { ...sent, intent: state.inFlight.intent },
      stored,
    },
  };
}

function networkAnswer(state: SaveQueueState): SaveEvent {
  assert.ok(state.inFlight);
  return { type: "answered", answer: unreachableAnswer(state.inFlight.saveId) };
}

function invalidAnswer(state: SaveQueueState, savedAsDraft: { version: number; status: "draft" | "submitted" } | null): SaveEvent {
  assert.ok(state.inFlight);
  return {
    type: "answered",
    answer: {
      kind: "invalid",
      saveId: state.inFlight.saveId,
      message: "Your scores have not been submitted: 2 criteria need a score.",
      fieldErrors: { "score.c2": "Choose a score for Difference", "score.c3": "Choose a score for Learning" },
      values: { ...state.content, version: savedAsDraft?.version ?? state.version },
      savedAsDraft,
    },
  };
}

describe("save queue: autosave, one save at a time", () => {
  test("a change is kept on this laptop at once and sent only when the autosave timer fires", () => {
    const { state, effects } = run(page().state, score("c2", 4));
    assert.deepEqual(kept(effects), [
      { type: "keepLocally", copy: { scores: { c1: 3, c2: 4, c3: null }, commentForPanel: "", noteForNominators: "", baseVersion: 1, intent: "draft" } },
    ]);
    assert.ok(effects.some((e) => e.type === "schedule" && e.what === "autosave" && e.ms === AUTOSAVE_DELAY_MS));
    assert.equal(sends(effects).length, 0);
    assert.equal(state.status, "saving");
    assert.equal(STATUS_TEXT[state.status as keyof typeof STATUS_TEXT], "Saving…");
    assert.equal(state.dirty, true);
  });

  test("the autosave sends the whole review on the version the page last saw, unscored criteria left out", () => {
    const { state, effects } = run(page().state, score("c2", 4), comment("A partnership of equals"), { type: "autosaveDue" });
    const [send] = sends(effects);
    assert.deepEqual(send.fields, {
      intent: "draft",
      _via: "fetch",
      _save: send.saveId,
      version: "1",
      "score.c1": "3",
      "score.c2": "4",
      commentForPanel: "A partnership of equals",
      noteForNominators: "",
    } satisfies SaveFields);
    assert.deepEqual(state.inFlight, { saveId: send.saveId, seq: state.editSeq, intent: "draft" });
  });

  test("type, type, autosave, an edit while it is out: the answer sends that edit on the new version, and the next answer clears the copy", () => {
    let { state } = run(page().state, score("c1", 4), score("c2", 2), { type: "autosaveDue" });
    const first = state.inFlight!;
    ({ state } = run(state, score("c3", 5), { type: "autosaveDue" })); // the timer fires while the first is out
    assert.equal(state.inFlight, first, "still the first save in flight");

    let step = run(state, savedAnswer(state, 2));
    const [second] = sends(step.effects);
    assert.ok(second, "the edit made meanwhile is sent");
    assert.notEqual(second.saveId, first.saveId);
    assert.equal(second.fields.version, "2", "on the version the answer gave");
    assert.equal(second.fields["score.c3"], "5");
    assert.equal(kept(step.effects)[0].copy.baseVersion, 2, "kept on the new version too");
    assert.equal(has(step.effects, "clearLocal"), false);
    assert.equal(step.state.status, "saving");

    step = run(step.state, savedAnswer(step.state, 3));
    assert.equal(sends(step.effects).length, 0);
    assert.ok(has(step.effects, "clearLocal"));
    assert.equal(step.state.status, "saved");
    assert.equal(step.state.dirty, false);
    assert.equal(step.state.version, 3);
    assert.equal(step.state.inFlight, null);
  });

  test("Submit while a draft is out waits for its answer, then is sent as a submission", () => {
    let { state, effects } = run(page().state, score("c2", 4), { type: "autosaveDue" }, { type: "pressed", intent: "submit" });
    assert.equal(sends(effects).length, 1, "only the autosave went");
    assert.equal(kept(effects).at(-1)!.copy.intent, "submit", "the press is kept on this laptop");
    ({ state, effects } = run(state, savedAnswer(state, 2)));
    assert.equal(sends(effects)[0].fields.intent, "submit");
    ({ state, effects } = run(state, savedAnswer(state, 3, "submit")));
    assert.equal(state.status, "submitted");
    assert.equal(state.message, SUBMITTED_MESSAGE);
    assert.equal(state.reviewStatus, "submitted");
    assert.equal(state.pendingIntent, "draft", "later changes are drafts again");
    assert.ok(has(effects, "clearLocal"));
  });

  test("Save draft sends at once, without waiting for the timer", () => {
    const { state, effects } = run(page().state, comment("x"), { type: "pressed", intent: "draft" });
    assert.equal(sends(effects).length, 1);
    assert.ok(
      effects.some((e) => e.type === "cancel" && e.what === "autosave"),
      "the pending autosave is not needed",
    );
    assert.equal(state.status, "saving");
  });

  test("nothing unsent, nothing sent: a timer firing or coming back online does nothing", () => {
    const { state, effects } = run(page().state, { type: "autosaveDue" }, { type: "retryDue" }, { type: "online" }, { type: "leaving" });
    assert.equal(sends(effects).length + beacons(effects).length, 0);
    assert.equal(state.status, "idle");
  });
});

describe("save queue: offline, unreachable", () => {
  test("offline: changes are kept and said to be, and sent on online", () => {
    let { state, effects } = run(page().state, { type: "offline" }, score("c2", 5), comment("Written on the train"), { type: "autosaveDue" });
    assert.equal(state.status, "offline");
    assert.equal(STATUS_TEXT.offline, "Offline: saved on this laptop, will send when you are back online");
    assert.equal(sends(effects).length, 0);
    assert.equal(kept(effects).at(-1)!.copy.commentForPanel, "Written on the train");
    ({ state, effects } = run(state, { type: "pressed", intent: "submit" }));
    assert.equal(sends(effects).length, 0, "pressing Submit offline keeps it too");
    assert.equal(state.status, "offline");
    ({ state, effects } = run(state, { type: "online" }));
    const [send] = sends(effects);
    assert.equal(send.fields.intent, "submit");
    assert.equal(send.fields["score.c2"], "5");
    assert.equal(state.status, "saving");
  });

  test("going offline with a change unsent says so; with nothing unsent the status stays", () => {
    assert.equal(run(page().state, score("c1", 1), { type: "offline" }).state.status, "offline");
    assert.equal(run(page().state, { type: "offline" }).state.status, "idle");
  });

  test("the server cannot be reached: kept, said so, tried again after the retry delay with the same review", () => {
    let { state, effects } = run(page().state, score("c2", 4), { type: "autosaveDue" });
    const first = sends(effects)[0];
    ({ state, effects } = run(state, networkAnswer(state)));
    assert.equal(state.status, "unreachable");
    assert.ok(effects.some((e) => e.type === "schedule" && e.what === "retry" && e.ms === RETRY_DELAY_MS));
    assert.equal(has(effects, "clearLocal"), false);
    assert.equal(state.dirty, true);
    ({ state, effects } = run(state, { type: "retryDue" }));
    const again = sends(effects)[0];
    assert.ok(again);
    assert.deepEqual({ ...again.fields, _save: "" }, { ...first.fields, _save: "" });
    ({ state } = run(state, savedAnswer(state, 2)));
    assert.equal(state.status, "saved");
  });

  test("a failure while the browser is offline says offline, and is sent on online", () => {
    let { state } = run(page().state, score("c2", 4), { type: "autosaveDue" });
    ({ state } = run(state, { type: "offline" }, networkAnswer(state)));
    assert.equal(state.status, "offline");
    const { effects } = run(state, { type: "online" });
    assert.equal(sends(effects).length, 1);
  });

  test("refused (judging closed meanwhile): says so, keeps the copy", () => {
    let { state } = run(page().state, score("c2", 4), { type: "autosaveDue" });
    const step = run(state, { type: "answered", answer: { kind: "refused", saveId: state.inFlight!.saveId, code: "closed", message: "Judging closed." } });
    state = step.state;
    assert.equal(state.status, "closed");
    assert.equal(STATUS_TEXT.closed, "Not saved");
    assert.equal(state.message, "Judging closed.");
    assert.equal(has(step.effects, "clearLocal"), false);
    assert.equal(state.inFlight, null);
  });

  test("an answer to another save only frees the queue; an answer with nothing out changes nothing", () => {
    const { state } = run(page().state, score("c2", 4), { type: "autosaveDue" });
    const other = run(state, {
      type: "answered",
      answer: { kind: "saved", saveId: "other", version: 9, status: "draft", updatedAt: "", submittedAt: null, intent: "draft" },
    });
    assert.equal(other.state.inFlight, null);
    assert.equal(other.state.version, 1);
    assert.equal(other.state.dirty, true);
    assert.deepEqual(other.effects, []);
    const idle = page().state;
    const nothing = saveQueue(idle, { type: "answered", answer: unreachableAnswer("x") });
    assert.equal(nothing.state, idle);
    assert.deepEqual(nothing.effects, []);
  });

  test("the clientAction's answers: the server's own, or a network failure for anything else", () => {
    const saved: ScoringActionData = { kind: "saved", saveId: "s", version: 2, status: "draft", updatedAt: "", submittedAt: null, intent: "draft" };
    assert.equal(answerOrUnexpected(saved, "s"), saved);
    assert.deepEqual(answerOrUnexpected("<html>", "s"), { kind: "network", saveId: "s", message: "The server sent back something unexpected." });
    assert.deepEqual(answerOrUnexpected(null, "s").kind, "network");
    assert.equal(unreachableAnswer("s").saveId, "s");
  });
});

describe("save queue: stale saves", () => {
  const stored = review(3, { scores: { c1: 1, c2: 1 }, commentForPanel: "From the other tab" });

  function staleNow() {
    let { state } = run(page().state, score("c2", 5), { type: "autosaveDue" });
    const step = run(state, staleAnswer(state, stored));
    state = step.state;
    return { state, effects: step.effects };
  }

  test("shows both versions, takes focus, keeps the copy and sends nothing until the judge chooses", () => {
    const { state, effects } = staleNow();
    assert.equal(state.status, "stale");
    assert.ok(effects.some((e) => e.type === "focus" && e.what === "stale"));
    assert.equal(has(effects, "clearLocal"), false);
    assert.deepEqual(state.stale!.yours.scores, { c1: 3, c2: 5, c3: null });
    assert.equal(state.stale!.stored, stored);
    const waiting = run(state, { type: "autosaveDue" }, { type: "retryDue" }, { type: "offline" }, { type: "online" }, { type: "leaving" });
    assert.equal(sends(waiting.effects).length + beacons(waiting.effects).length, 0);
    assert.equal(waiting.state.status, "stale");
    assert.equal(waiting.state.version, 1, "still on the version it was based on");
  });

  test("changes while choosing are kept, become part of your version, and are not sent", () => {
    const { state } = staleNow();
    const { state: after, effects } = run(state, comment("Second thoughts"), { type: "pressed", intent: "submit" }, { type: "autosaveDue" });
    assert.equal(sends(effects).length, 0);
    assert.equal(after.status, "stale");
    assert.equal(after.stale!.yours.commentForPanel, "Second thoughts");
    assert.equal(after.stale!.yours.intent, "submit");
    assert.equal(kept(effects).at(-1)!.copy.commentForPanel, "Second thoughts");
    assert.ok(
      effects.some((e) => e.type === "focus" && e.what === "stale"),
      "the buttons point to the choice",
    );
  });

  test("an edit made while the stale save was out is part of your version", () => {
    let { state } = run(page().state, score("c2", 5), { type: "autosaveDue" });
    const sent = state.content;
    ({ state } = run(state, score("c3", 2)));
    ({ state } = run(state, staleAnswer(state, stored, sent)));
    assert.deepEqual(state.stale!.yours.scores, { c1: 3, c2: 5, c3: 2 });
    assert.equal(sends(run(state, { type: "keepMine" }).effects)[0].fields["score.c3"], "2");
  });

  test("Keep my version: sent at once on the stored version", () => {
    const { state } = staleNow();
    const { state: after, effects } = run(state, { type: "keepMine" });
    const [send] = sends(effects);
    assert.equal(send.fields.version, "3");
    assert.equal(send.fields["score.c2"], "5");
    assert.equal(kept(effects)[0].copy.baseVersion, 3);
    assert.equal(after.stale, null);
    assert.equal(after.version, 3);
    assert.equal(after.status, "saving");
    assert.equal(run(after, savedAnswer(after, 4)).state.status, "saved");
  });

  test("Keep my version offline: kept on the stored version, sent on online", () => {
    const { state } = staleNow();
    let step = run(state, { type: "offline" }, { type: "keepMine" });
    assert.equal(sends(step.effects).length, 0);
    assert.equal(step.state.status, "offline");
    step = run(step.state, { type: "online" });
    assert.equal(sends(step.effects)[0].fields.version, "3");
  });

  test("Use the saved version: the form shows it, the copy is cleared, nothing is sent; the next change goes on that version", () => {
    const { state } = staleNow();
    const { state: after, effects } = run(state, { type: "useSaved" });
    assert.deepEqual(effects, [{ type: "clearLocal" }]);
    assert.deepEqual(after.content, { scores: stored.scores, commentForPanel: stored.commentForPanel, noteForNominators: "" });
    assert.equal(after.version, 3);
    assert.equal(after.status, "saved");
    assert.equal(after.dirty, false);
    assert.equal(after.stale, null);
    const next = run(after, score("c3", 4), { type: "autosaveDue" });
    assert.equal(sends(next.effects)[0].fields.version, "3");
  });

  test("keep mine and use saved mean nothing when there is no choice to make", () => {
    const idle = page().state;
    assert.deepEqual(run(idle, { type: "keepMine" }, { type: "useSaved" }), { state: idle, effects: [] });
  });
});

describe("save queue: refusals of a submission", () => {
  test("an incomplete submission the server kept as a draft: errors shown and focused, the copy cleared, nothing waiting", () => {
    let { state } = run(page().state, { type: "pressed", intent: "submit" });
    const step = run(state, invalidAnswer(state, { version: 2, status: "draft" }));
    state = step.state;
    assert.equal(state.status, "invalid");
    assert.equal(STATUS_TEXT.invalid, "Not submitted: some criteria still need a score");
    assert.deepEqual(Object.keys(state.fieldErrors), ["score.c2", "score.c3"]);
    assert.ok(step.effects.some((e) => e.type === "focus" && e.what === "errors"));
    assert.ok(has(step.effects, "clearLocal"));
    assert.equal(state.version, 2);
    assert.equal(state.reviewStatus, "draft");
    assert.equal(state.dirty, false);
    assert.equal(state.pendingIntent, "draft");
    assert.equal(sends(step.effects).length, 0);
  });

  test("kept as a draft, with a change made while it was out: that change is kept and sent as a draft on the new version", () => {
    let { state } = run(page().state, { type: "pressed", intent: "submit" });
    ({ state } = run(state, score("c2", 4)));
    const step = run(state, invalidAnswer(state, { version: 2, status: "draft" }));
    assert.equal(kept(step.effects)[0].copy.intent, "draft");
    const [send] = sends(step.effects);
    assert.equal(send.fields.intent, "draft");
    assert.equal(send.fields.version, "2");
    assert.equal(send.fields["score.c2"], "4");
  });

  test("not kept as a draft: kept on this laptop as a draft, waiting for the next change", () => {
    let { state } = run(page().state, { type: "pressed", intent: "submit" });
    const step = run(state, invalidAnswer(state, null));
    state = step.state;
    assert.equal(kept(step.effects)[0].copy.intent, "draft");
    assert.equal(state.dirty, true);
    assert.equal(state.version, 1);
    assert.equal(sends(step.effects).length, 0);
  });

  test("answering a criterion clears its error; the summary of what is left takes focus again", () => {
    let { state } = run(page().state, { type: "pressed", intent: "submit" });
    ({ state } = run(state, invalidAnswer(state, { version: 2, status: "draft" })));
    let step = run(state, score("c2", 3));
    assert.deepEqual(Object.keys(step.state.fieldErrors), ["score.c3"]);
    assert.ok(step.effects.some((e) => e.type === "focus" && e.what === "errors"));
    step = run(step.state, score("c3", 3));
    assert.deepEqual(step.state.fieldErrors, {});
    assert.equal(
      step.effects.some((e) => e.type === "focus"),
      false,
    );
    step = run(step.state, comment("no error to clear"));
    assert.equal(
      step.effects.some((e) => e.type === "focus"),
      false,
    );
  });
});

describe("save queue: the copy kept on this laptop at first load", () => {
  const saved = review(2, { scores: { c1: 4, c2: 4 }, commentForPanel: "Saved comment" });
  const copy = (content: Partial<ReviewContent>, baseVersion = 2, intent: Intent = "draft"): LocalCopy => ({
    scores: { ...saved.scores, ...content.scores },
    commentForPanel: content.commentForPanel ?? saved.commentForPanel,
    noteForNominators: content.noteForNominators ?? "",
    baseVersion,
    intent,
  });

  test("the same as what is saved (extra spaces aside): cleared, nothing sent", () => {
    const { state, effects } = page({ saved, local: copy({ commentForPanel: "Saved comment  " }) });
    assert.deepEqual(effects, [{ type: "clearLocal" }]);
    assert.equal(state.dirty, false);
    assert.equal(state.status, "idle");
  });

  test("the same scores, but Submit was pressed and never sent: sent as a submission", () => {
    const { state, effects } = page({ saved, local: copy({}, 2, "submit") });
    assert.equal(has(effects, "clearLocal"), false);
    assert.equal(sends(run(state, { type: "autosaveDue" }).effects)[0].fields.intent, "submit");
  });

  test("a change never sent, on the version saved: shown and sent once the page has settled", () => {
    const { state, effects } = page({ saved, local: copy({ scores: { c3: 2 } }) });
    assert.deepEqual(state.content.scores, { c1: 4, c2: 4, c3: 2 });
    assert.equal(state.status, "saving");
    assert.ok(effects.some((e) => e.type === "schedule" && e.what === "autosave" && e.ms === 0));
    assert.equal(sends(effects).length, 0);
    const [send] = sends(run(state, { type: "autosaveDue" }).effects);
    assert.equal(send.fields.version, "2");
    assert.equal(send.fields["score.c3"], "2");
  });

  test("a change never sent, offline: shown, said to be offline, sent on online", () => {
    const { state } = page({ saved, local: copy({ scores: { c3: 2 } }), online: false });
    assert.equal(state.status, "offline");
    const timer = run(state, { type: "autosaveDue" });
    assert.equal(sends(timer.effects).length, 0);
    assert.equal(sends(run(timer.state, { type: "online" }).effects).length, 1);
  });

  test("based on an older version: the judge chooses, nothing sent, nothing cleared", () => {
    const { state, effects } = page({ saved, local: copy({ scores: { c3: 2 } }, 1, "submit") });
    assert.equal(state.status, "stale");
    assert.ok(effects.some((e) => e.type === "focus" && e.what === "stale"));
    assert.equal(has(effects, "clearLocal") || sends(effects).length > 0, false);
    assert.equal(state.stale!.theirVersion, 1);
    assert.equal(state.stale!.storedVersion, 2);
    assert.equal(state.stale!.stored, saved);
    assert.deepEqual(state.stale!.yours, { scores: { c1: 4, c2: 4, c3: 2 }, commentForPanel: "Saved comment", noteForNominators: "", intent: "submit" });
    assert.match(state.stale!.message, /based on version 1.*now version 2/);
    const kept = run(state, { type: "keepMine" });
    assert.equal(sends(kept.effects)[0].fields.version, "2");
    assert.equal(sends(kept.effects)[0].fields.intent, "submit");
  });

  test("no review saved yet: the copy is sent on version 0", () => {
    const { state } = page({ saved: null, local: copy({ scores: { c1: 1 } }, 0) });
    assert.equal(sends(run(state, { type: "autosaveDue" }).effects)[0].fields.version, "0");
  });

  test("nothing kept: nothing happens", () => {
    assert.deepEqual(page({ saved }).effects, []);
  });

  test("reading the kept copy: anything unreadable is no copy; what is missing is filled in", () => {
    assert.equal(parseLocalCopy(null), null);
    assert.equal(parseLocalCopy("not json"), null);
    assert.equal(parseLocalCopy("null"), null);
    assert.equal(parseLocalCopy(JSON.stringify({ scores: {} })), null, "no version");
    assert.equal(parseLocalCopy(JSON.stringify({ baseVersion: 1, scores: null })), null);
    assert.deepEqual(parseLocalCopy(JSON.stringify({ baseVersion: 2, scores: { c1: 3 }, intent: "launch", keptAt: "2026-03-02" })), {
      baseVersion: 2,
      scores: { c1: 3 },
      commentForPanel: "",
      noteForNominators: "",
      intent: "draft",
    });
  });
});

describe("save queue: the page as the action left it (a form posted before the script ran)", () => {
  test("an invalid submission: its values, its version, its errors (focused)", () => {
    const actionData: ScoringActionData = {
      kind: "invalid",
      saveId: "",
      message: "Not submitted",
      fieldErrors: { "score.c2": "Choose a score" },
      values: { scores: { c1: 2 }, commentForPanel: "typed", noteForNominators: "", version: 4 },
      savedAsDraft: { version: 4, status: "draft" },
    };
    const { state, effects } = page({ actionData });
    assert.equal(state.version, 4);
    assert.equal(state.content.commentForPanel, "typed");
    assert.equal(state.message, "Not submitted");
    assert.ok(effects.some((e) => e.type === "focus" && e.what === "errors"));
  });

  test("a stale save: the choice is shown at once, on the version the post was based on", () => {
    const actionData: ScoringActionData = {
      kind: "stale",
      saveId: "",
      message: "Changed elsewhere",
      theirVersion: 1,
      storedVersion: 2,
      yours: { scores: { c1: 5 }, commentForPanel: "", noteForNominators: "", intent: "draft" },
      stored: review(2),
    };
    const { state, effects } = page({ actionData });
    assert.equal(state.version, 1);
    assert.equal(state.stale, actionData);
    assert.equal(state.message, null);
    assert.ok(effects.some((e) => e.type === "focus" && e.what === "stale"));
  });
});

describe("save queue: leaving the page, and a form that cannot save", () => {
  test("leaving with a change unsent sends it with a request that outlives the page", () => {
    const { state, effects } = run(page().state, score("c2", 4), { type: "leaving" });
    const beacon = beacons(effects);
    assert.equal(beacon.length, 1);
    assert.deepEqual(beacon[0], { type: "sendBeacon", fields: { ...sends(run(state, { type: "autosaveDue" }).effects)[0].fields, _save: "leaving" } });
  });

  test("leaving sends nothing while a save is out (its answer would), offline (kept), or with nothing unsent", () => {
    const out = run(page().state, score("c2", 4), { type: "autosaveDue" }, { type: "leaving" });
    assert.equal(beacons(out.effects).length, 0);
    assert.equal(beacons(run(page().state, { type: "offline" }, score("c2", 4), { type: "leaving" }).effects).length, 0);
    assert.equal(beacons(run(page().state, { type: "leaving" }).effects).length, 0);
  });

  test("judging closed: changes are shown but nothing is kept, sent or scheduled", () => {
    const local: LocalCopy = { scores: { c1: 5 }, commentForPanel: "", noteForNominators: "", baseVersion: 0, intent: "submit" };
    const { state, effects } = run(
      page({ canSave: false, local }).state,
      score("c2", 4),
      comment("x"),
      { type: "pressed", intent: "submit" },
      { type: "autosaveDue" },
      { type: "retryDue" },
      { type: "online" },
      { type: "leaving" },
    );
    assert.deepEqual(effects, []);
    assert.equal(state.status, "idle");
    assert.equal(state.content.scores.c2, 4);
    assert.deepEqual(page({ canSave: false, local }).effects, [], "the kept copy is left for when judging is open");
  });
});

// ---------------------------------------------------------------- property

/**
 * A model of the server (saveReview's rules: a save on another version is stale unless it is
 * what is already stored) and of this laptop's storage, driven by random events: the judge's,
 * the network's (answers, lost requests, lost answers), another tab's saves, and reloads.
 */
type Command =
  | { kind: "score"; criterion: (typeof IDS)[number]; value: number }
  | { kind: "comment"; text: string }
  | { kind: "press"; intent: Intent }
  | { kind: "event"; event: "autosaveDue" | "retryDue" | "online" | "offline" | "keepMine" | "useSaved" }
  | { kind: "answer"; outcome: "accept" | "lostRequest" | "lostAnswer" | "invalid" | "invalidKeptAsDraft" | "refused" }
  | { kind: "otherTab"; value: number }
  | { kind: "leave"; delivered: boolean; reload: boolean };

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("score" as const), criterion: fc.constantFrom(...IDS), value: fc.integer({ min: 1, max: 5 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("comment" as const), text: fc.constantFrom("", "good", "very good", " good ") }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("press" as const), intent: fc.constantFrom<Intent>("draft", "submit") }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("event" as const),
      event: fc.constantFrom("autosaveDue" as const, "retryDue" as const, "online" as const, "offline" as const, "keepMine" as const, "useSaved" as const),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("answer" as const),
      outcome: fc.constantFrom(
        "accept" as const,
        "lostRequest" as const,
        "lostAnswer" as const,
        "invalid" as const,
        "invalidKeptAsDraft" as const,
        "refused" as const,
      ),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("otherTab" as const), value: fc.integer({ min: 1, max: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("leave" as const), delivered: fc.boolean(), reload: fc.boolean() }) },
);

function contentOfFields(fields: SaveFields): ReviewContent {
  const scores: Record<string, number | null> = {};
  for (const id of IDS) scores[id] = fields[`score.${id}`] === undefined ? null : Number(fields[`score.${id}`]);
  return { scores, commentForPanel: fields.commentForPanel.trim(), noteForNominators: fields.noteForNominators.trim() };
}

class World {
  server: SavedReview = review(1, { scores: { c1: 3 } });
  local: LocalCopy | null = null;
  online = true;
  state!: SaveQueueState;
  /** the one save on the wire, as this model sees it */
  outstanding: { saveId: string; fields: SaveFields } | null = null;
  /** what the judge has typed (or chose, taking the saved version) */
  judge!: ReviewContent;
  /** the last content the server accepted from this page, or the page took from it */
  acked!: ReviewContent;

  constructor() {
    this.reload();
  }

  reload() {
    const before = this.local;
    this.outstanding = null;
    this.state = initialSaveState({ criterionIds: IDS, saved: this.server, canSave: true });
    this.dispatch({ type: "loaded", online: this.online, saved: this.server, local: this.local });
    if (before) assert.ok(sameContent(this.state.content, before, IDS), "a reload shows the copy kept on this laptop");
    this.judge = this.state.content;
    this.acked = this.server;
  }

  /** The model server's answer to a save, applied or not. */
  decide(fields: SaveFields): { kind: "stale" } | { kind: "apply"; version: number; status: "draft" | "submitted" } {
    const content = contentOfFields(fields);
    if (Number(fields.version) !== this.server.version && !sameContent(content, this.server, IDS)) return { kind: "stale" };
    const status = fields.intent === "submit" || this.server.status === "submitted" ? "submitted" : "draft";
    if (sameContent(content, this.server, IDS) && status === this.server.status) return { kind: "apply", version: this.server.version, status };
    return { kind: "apply", version: this.server.version + 1, status };
  }

  store(fields: SaveFields, version: number, status: "draft" | "submitted") {
    this.server = { ...this.server, ...contentOfFields(fields), version, status };
  }

  dispatch(event: SaveEvent) {
    const wasStale = this.state.stale;
    const step = saveQueue(this.state, event);
    this.state = step.state;
    for (const effect of step.effects) {
      if (effect.type === "send" || effect.type === "sendBeacon") {
        assert.ok(!wasStale || event.type === "keepMine", `nothing is sent while stale, until "Keep my version" (${event.type})`);
        if (wasStale) assert.equal(effect.type === "send" && effect.fields.version, String(wasStale.storedVersion), "kept on the stored version");
      }
      if (effect.type === "send") {
        assert.equal(this.outstanding, null, "at most one save in flight");
        this.outstanding = { saveId: effect.saveId, fields: effect.fields };
      }
      if (effect.type === "keepLocally") this.local = effect.copy;
      if (effect.type === "clearLocal") this.local = null;
    }
    return step;
  }

  answer(outcome: Extract<Command, { kind: "answer" }>["outcome"]) {
    const sent = this.outstanding;
    if (!sent) return;
    this.outstanding = null;
    const saveId = sent.saveId;
    const intent = sent.fields.intent as Intent;
    if (outcome === "lostRequest" || outcome === "refused") {
      const answer: ScoringActionData =
        outcome === "refused" ? { kind: "refused", saveId, code: "closed", message: "Judging closed." } : unreachableAnswer(saveId);
      this.dispatch({ type: "answered", answer });
      return;
    }
    const decided = this.decide(sent.fields);
    if (decided.kind === "stale") {
      this.dispatch({
        type: "answered",
        answer: {
          kind: "stale",
          saveId,
          message: "stale",
          theirVersion: Number(sent.fields.version),
          storedVersion: this.server.version,
          yours: { ...contentOfFields(sent.fields), intent },
          stored: this.server,
        },
      });
      return;
    }
    if (outcome === "invalid" || (outcome === "invalidKeptAsDraft" && intent === "submit")) {
      const keep = outcome === "invalidKeptAsDraft";
      const asDraft = keep ? this.decide({ ...sent.fields, intent: "draft" }) : null;
      if (asDraft?.kind === "apply") this.store(sent.fields, asDraft.version, asDraft.status);
      const savedAsDraft = asDraft?.kind === "apply" ? { version: asDraft.version, status: asDraft.status } : null;
      this.dispatch({
        type: "answered",
        answer: {
          kind: "invalid",
          saveId,
          message: "invalid",
          fieldErrors: { "score.c3": "Choose a score" },
          values: { ...contentOfFields(sent.fields), version: savedAsDraft?.version ?? Number(sent.fields.version) },
          savedAsDraft,
        },
      });
      if (savedAsDraft) this.acked = contentOfFields(sent.fields);
      return;
    }
    this.store(sent.fields, decided.version, decided.status);
    if (outcome === "lostAnswer") {
      this.dispatch({ type: "answered", answer: unreachableAnswer(saveId) });
      return;
    }
    this.dispatch({
      type: "answered",
      answer: { kind: "saved", saveId, version: decided.version, status: decided.status, updatedAt: "", submittedAt: null, intent },
    });
    this.acked = contentOfFields(sent.fields);
  }

  apply(command: Command) {
    switch (command.kind) {
      case "score":
        this.dispatch(score(command.criterion, command.value));
        this.judge = { ...this.judge, scores: { ...this.judge.scores, [command.criterion]: command.value } };
        break;
      case "comment":
        this.dispatch(comment(command.text));
        this.judge = { ...this.judge, commentForPanel: command.text };
        break;
      case "press":
        this.dispatch({ type: "pressed", intent: command.intent });
        break;
      case "event": {
        const stored = this.state.stale?.stored;
        if (command.event === "online") this.online = true;
        if (command.event === "offline") this.online = false;
        this.dispatch({ type: command.event });
        if (command.event === "useSaved" && stored) this.judge = this.acked = stored; // the judge chose to drop theirs
        break;
      }
      case "answer":
        this.answer(command.outcome);
        break;
      case "otherTab":
        this.server = { ...this.server, scores: { ...this.server.scores, c1: command.value }, commentForPanel: "other tab", version: this.server.version + 1 };
        break;
      case "leave": {
        const { effects } = this.dispatch({ type: "leaving" });
        for (const effect of effects) {
          if (effect.type !== "sendBeacon" || !command.delivered) continue;
          const decided = this.decide(effect.fields);
          if (decided.kind === "apply") this.store(effect.fields, decided.version, decided.status);
        }
        if (command.reload) this.reload();
        break;
      }
    }
    this.check();
  }

  check() {
    assert.ok(sameContent(this.state.content, this.judge, IDS), "the form shows what the judge typed");
    assert.ok(
      (this.local && sameContent(this.local, this.judge, IDS)) || sameContent(this.acked, this.judge, IDS),
      "what the judge typed is kept on this laptop or was saved",
    );
    assert.equal(!!this.state.inFlight, !!this.outstanding, "the queue knows whether a save is out");
    if (this.state.stale) assert.equal(this.state.status, "stale");
  }
}

describe("save queue: whatever happens", () => {
  test("at most one save in flight, nothing typed is lost, and a stale save waits for the judge's choice", () => {
    fc.assert(
      fc.property(fc.array(commandArb, { maxLength: 80, size: "max" }), (commands) => {
        const world = new World();
        for (const command of commands) world.apply(command);
      }),
      { numRuns: 400 },
    );
  });

  test("when the form cannot save, nothing is ever sent or kept", () => {
    fc.assert(
      fc.property(fc.array(commandArb, { maxLength: 40, size: "max" }), (commands) => {
        let state = initialSaveState({ criterionIds: IDS, saved: review(1), canSave: false });
        for (const command of commands) {
          const event: SaveEvent =
            command.kind === "score"
              ? score(command.criterion, command.value)
              : command.kind === "comment"
                ? comment(command.text)
                : command.kind === "press"
                  ? { type: "pressed", intent: command.intent }
                  : command.kind === "event"
                    ? { type: command.event }
                    : { type: "leaving" };
          const step = saveQueue(state, event);
          state = step.state;
          assert.deepEqual(
            step.effects.filter((e) => e.type !== "focus"),
            [],
          );
        }
      }),
    );
  });
});
