/**
 * The judge's scoring form (/judge/:assignmentId). Works as a plain HTML form without
 * JavaScript: radio buttons per criterion, two text boxes, a hidden version, and "Save draft"
 * / "Submit scores" buttons that post to the route's action.
 *
 * With JavaScript it also:
 * - shows the weighted total as scores change (the same arithmetic as the server, ~/judging/scoring);
 * - keeps every change in localStorage at once (keyed by assignment), and autosaves it after a
 *   short pause through a fetcher;
 * - when the browser is offline or a save cannot reach the server, keeps the change on this
 *   laptop and sends it when the connection returns (the "online" event, and a retry timer);
 * - says what is happening in an aria-live status: "Saving…", "Saved", "Offline: saved on
 *   this laptop, will send when you are back online";
 * - when a save is refused as stale (another tab or device saved first), shows both versions
 *   side by side and lets the judge keep theirs or take the saved one. Nothing is overwritten
 *   without that choice.
 */
import { Form, Link, useFetcher } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { describedScale, formatTotal, oneDecimal, weightedTotal, type Descriptor } from "~/judging/scoring";
import { formatUkDateTime } from "~/utils/time";

// ---------------------------------------------------------------- shared types

export type ScoringCriterion = {
  id: string;
  name: string;
  guidance: string;
  weight: number;
  scaleMin: number;
  scaleMax: number;
  /** JSON as stored: parsed here, the same way on server and browser */
  descriptors: string;
};

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
  | { kind: "saved"; saveId: string; version: number; status: "draft" | "submitted"; updatedAt: string; submittedAt: string | null; intent: "draft" | "submit" }
  | {
      kind: "stale";
      saveId: string;
      message: string;
      theirVersion: number;
      storedVersion: number;
      yours: ReviewContent & { intent: "draft" | "submit" };
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

type Intent = "draft" | "submit";

type LocalCopy = ReviewContent & { baseVersion: number; intent: Intent; keptAt: string };

export function localKey(assignmentId: string) {
  return `compact-awards:review:${assignmentId}`;
}

function readLocal(assignmentId: string): LocalCopy | null {
  try {
    const raw = window.localStorage.getItem(localKey(assignmentId));
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<LocalCopy>;
    if (typeof value !== "object" || value === null || typeof value.baseVersion !== "number" || typeof value.scores !== "object" || !value.scores) return null;
    return {
      baseVersion: value.baseVersion,
      scores: value.scores as Record<string, number | null>,
      commentForPanel: typeof value.commentForPanel === "string" ? value.commentForPanel : "",
      noteForNominators: typeof value.noteForNominators === "string" ? value.noteForNominators : "",
      intent: value.intent === "submit" ? "submit" : "draft",
      keptAt: typeof value.keptAt === "string" ? value.keptAt : new Date().toISOString(),
    };
  } catch {
    return null;
  }
}

function writeLocal(assignmentId: string, copy: LocalCopy) {
  try {
    window.localStorage.setItem(localKey(assignmentId), JSON.stringify(copy));
  } catch {
    // Storage full or blocked (private browsing): autosave still works while online.
  }
}

function clearLocal(assignmentId: string) {
  try {
    window.localStorage.removeItem(localKey(assignmentId));
  } catch {
    // nothing to do
  }
}

function sameContent(a: ReviewContent, b: ReviewContent, criterionIds: readonly string[]) {
  return (
    criterionIds.every((id) => (a.scores[id] ?? null) === (b.scores[id] ?? null)) &&
    a.commentForPanel.trim() === b.commentForPanel.trim() &&
    a.noteForNominators.trim() === b.noteForNominators.trim()
  );
}

function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

const AUTOSAVE_DELAY_MS = 1200;
const RETRY_DELAY_MS = 10_000;

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

type SaveState = keyof typeof STATUS_TEXT | "idle";

// ---------------------------------------------------------------- the form

export function ScoringForm({
  assignmentId,
  criteria,
  saved,
  canSave,
  closedMessage,
  actionData,
}: {
  assignmentId: string;
  criteria: ScoringCriterion[];
  /** this judge's review as stored, or null before the first save */
  saved: SavedReview | null;
  canSave: boolean;
  closedMessage: string | null;
  /** the action's answer to a posted form (without JavaScript) */
  actionData?: ScoringActionData;
}) {
  const hydrated = useHydrated();
  const fetcher = useFetcher<ScoringActionData>();
  const criterionIds = useMemo(() => criteria.map((c) => c.id), [criteria]);
  const scales = useMemo(() => new Map(criteria.map((c) => [c.id, describedScale(c)])), [criteria]);

  // What the form starts with: what was posted (shown again after a refusal), else what is saved.
  const posted = actionData?.kind === "invalid" ? actionData.values : actionData?.kind === "stale" ? actionData.yours : null;
  const start: ReviewContent = posted ?? {
    scores: saved?.scores ?? {},
    commentForPanel: saved?.commentForPanel ?? "",
    noteForNominators: saved?.noteForNominators ?? "",
  };
  const [scores, setScores] = useState<Record<string, number | null>>(start.scores);
  const [commentForPanel, setComment] = useState(start.commentForPanel);
  const [noteForNominators, setNote] = useState(start.noteForNominators);
  // After a refused stale save (without JavaScript) the form keeps the version it was based on,
  // so pressing its buttons again is refused again: only "Keep my version" overwrites.
  const [version, setVersion] = useState<number>(
    actionData?.kind === "invalid" ? actionData.values.version : actionData?.kind === "stale" ? actionData.theirVersion : (saved?.version ?? 0),
  );
  const [reviewStatus, setReviewStatus] = useState<"draft" | "submitted" | null>(saved?.status ?? null);
  const [submittedAt, setSubmittedAt] = useState<string | null>(saved?.submittedAt ?? null);
  const [state, setState] = useState<SaveState>("idle");
  const [message, setMessage] = useState<string | null>(actionData && "message" in actionData && actionData.kind !== "stale" ? actionData.message : null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>(actionData?.kind === "invalid" ? actionData.fieldErrors : {});
  const [stale, setStale] = useState<Extract<ScoringActionData, { kind: "stale" }> | null>(actionData?.kind === "stale" ? actionData : null);

  // Live values for callbacks that outlive a render.
  const live = useRef({ scores, commentForPanel, noteForNominators, version });
  live.current = { scores, commentForPanel, noteForNominators, version };
  const editSeq = useRef(0);
  const sent = useRef<{ saveId: string; seq: number; intent: Intent } | null>(null);
  const pendingIntent = useRef<Intent>("draft");
  const dirty = useRef(false);
  const staleRef = useRef(stale);
  staleRef.current = stale;
  const debounce = useRef<ReturnType<typeof setTimeout> | null>(null);
  const retry = useRef<ReturnType<typeof setTimeout> | null>(null);
  const handled = useRef<unknown>(null);
  const staleHeading = useRef<HTMLHeadingElement>(null);

  const total = weightedTotal(scores, criteria);

  const keepLocally = useCallback(
    (intent: Intent) => {
      const now = live.current;
      writeLocal(assignmentId, {
        baseVersion: now.version,
        scores: now.scores,
        commentForPanel: now.commentForPanel,
        noteForNominators: now.noteForNominators,
        intent,
        keptAt: new Date().toISOString(),
      });
    },
    [assignmentId],
  );

  /** What is sent: the whole review as it stands, on the version this page last saw. */
  const formToSend = useCallback(
    (saveId: string) => {
      const now = live.current;
      const form = new FormData();
      form.set("intent", pendingIntent.current);
      form.set("_via", "fetch");
      form.set("_save", saveId);
      form.set("version", String(now.version));
      for (const id of criterionIds) {
        const value = now.scores[id];
        if (typeof value === "number") form.set(`score.${id}`, String(value));
      }
      form.set("commentForPanel", now.commentForPanel);
      form.set("noteForNominators", now.noteForNominators);
      return form;
    },
    [criterionIds],
  );

  const flush = useCallback(() => {
    if (debounce.current) clearTimeout(debounce.current);
    debounce.current = null;
    if (!canSave || staleRef.current) return;
    if (!dirty.current) return;
    if (fetcher.state !== "idle" || sent.current) return; // the answer to the save in flight sends again if needed
    if (typeof navigator !== "undefined" && navigator.onLine === false) {
      setState("offline");
      return;
    }
    const saveId = `${Date.now()}-${editSeq.current}`;
    const form = formToSend(saveId);
    sent.current = { saveId, seq: editSeq.current, intent: pendingIntent.current };
    setState("saving");
    fetcher.submit(form, { method: "post", action: `/judge/${assignmentId}` });
  }, [assignmentId, canSave, fetcher, formToSend]);

  /**
   * Leaving the page (another page, closing the tab) with a change not yet sent: send it
   * anyway, with a request that outlives the page. If it cannot be saved (offline, or stale),
   * the copy on this laptop is still there next time the judge opens this nomination.
   */
  const sendOnLeaving = useCallback(() => {
    if (!canSave || staleRef.current || !dirty.current || sent.current) return;
    if (typeof navigator !== "undefined" && navigator.onLine === false) return;
    try {
      const body = new URLSearchParams();
      for (const [key, value] of formToSend(`leaving-${Date.now()}`).entries()) if (typeof value === "string") body.append(key, value);
      void fetch(`/judge/${encodeURIComponent(assignmentId)}?_data=${encodeURIComponent("routes/judge.$assignmentId")}`, {
        method: "POST",
        body,
        keepalive: true,
        credentials: "same-origin",
      }).catch(() => undefined);
    } catch {
      // Nothing more to do: the change is kept on this laptop.
    }
  }, [assignmentId, canSave, formToSend]);
  const sendOnLeavingRef = useRef(sendOnLeaving);
  sendOnLeavingRef.current = sendOnLeaving;

  const flushRef = useRef(flush);
  flushRef.current = flush;

  /** A change by the judge: kept on this laptop at once, sent after a pause. */
  const changed = useCallback(
    (patch: Partial<ReviewContent>) => {
      live.current = { ...live.current, ...patch };
      if (patch.scores) setScores(patch.scores);
      if (patch.commentForPanel !== undefined) setComment(patch.commentForPanel);
      if (patch.noteForNominators !== undefined) setNote(patch.noteForNominators);
      editSeq.current += 1;
      dirty.current = true;
      // An answered question loses its error message; the others keep theirs.
      setFieldErrors((prev) => {
        const next = { ...prev };
        for (const id of Object.keys(patch.scores ?? {})) if (typeof patch.scores?.[id] === "number") delete next[`score.${id}`];
        if (patch.commentForPanel !== undefined) delete next.commentForPanel;
        if (patch.noteForNominators !== undefined) delete next.noteForNominators;
        return Object.keys(next).length === Object.keys(prev).length ? prev : next;
      });
      if (!canSave) return;
      keepLocally(pendingIntent.current);
      setState(typeof navigator !== "undefined" && navigator.onLine === false ? "offline" : "saving");
      if (debounce.current) clearTimeout(debounce.current);
      debounce.current = setTimeout(() => flushRef.current(), AUTOSAVE_DELAY_MS);
    },
    [canSave, keepLocally],
  );

  // The answer to a save sent by the fetcher.
  useEffect(() => {
    const data = fetcher.data;
    if (fetcher.state !== "idle" || !data || handled.current === data) return;
    handled.current = data;
    const inFlight = sent.current;
    sent.current = null;
    if (!inFlight || ("saveId" in data && data.saveId !== inFlight.saveId)) return;
    switch (data.kind) {
      case "saved": {
        setVersion(data.version);
        live.current.version = data.version;
        setReviewStatus(data.status);
        setSubmittedAt(data.submittedAt);
        if (inFlight.intent === "submit") pendingIntent.current = "draft";
        if (editSeq.current === inFlight.seq) {
          dirty.current = false;
          clearLocal(assignmentId);
          setState(data.intent === "submit" ? "submitted" : "saved");
          if (data.intent === "submit") setMessage("Your scores have been submitted. Thank you. You can still change them until judging closes.");
        } else {
          // More changes came in while saving: keep them on the new version and send them.
          keepLocally(pendingIntent.current);
          flushRef.current();
        }
        break;
      }
      case "stale":
        setStale(data);
        setState("stale");
        break;
      case "invalid":
        setFieldErrors(data.fieldErrors);
        setMessage(data.message);
        setState("invalid");
        if (inFlight.intent === "submit") pendingIntent.current = "draft";
        if (data.savedAsDraft) {
          // The server kept the scores as a draft: nothing is waiting unless the judge changed more.
          setVersion(data.savedAsDraft.version);
          live.current.version = data.savedAsDraft.version;
          setReviewStatus(data.savedAsDraft.status);
          if (editSeq.current === inFlight.seq) {
            dirty.current = false;
            clearLocal(assignmentId);
          } else {
            keepLocally("draft");
            flushRef.current();
          }
        } else {
          keepLocally("draft");
        }
        break;
      case "refused":
        setMessage(data.message);
        setState("closed");
        break;
      case "network":
      default:
        setState(typeof navigator !== "undefined" && navigator.onLine === false ? "offline" : "unreachable");
        if (retry.current) clearTimeout(retry.current);
        retry.current = setTimeout(() => flushRef.current(), RETRY_DELAY_MS);
        break;
    }
  }, [fetcher.state, fetcher.data, assignmentId, keepLocally]);

  // Back online: send what is kept. Gone offline: say so.
  useEffect(() => {
    const online = () => {
      if (dirty.current) flushRef.current();
    };
    const offline = () => {
      if (dirty.current) setState("offline");
    };
    const leaving = () => sendOnLeavingRef.current();
    window.addEventListener("online", online);
    window.addEventListener("offline", offline);
    window.addEventListener("pagehide", leaving);
    return () => {
      window.removeEventListener("online", online);
      window.removeEventListener("offline", offline);
      window.removeEventListener("pagehide", leaving);
      if (debounce.current) clearTimeout(debounce.current);
      if (retry.current) clearTimeout(retry.current);
      leaving(); // moving to another page of the site
    };
  }, []);

  // On first load, pick up anything kept on this laptop and not yet sent.
  useEffect(() => {
    if (!canSave) return;
    const local = readLocal(assignmentId);
    if (!local) return;
    const loaded: ReviewContent = {
      scores: saved?.scores ?? {},
      commentForPanel: saved?.commentForPanel ?? "",
      noteForNominators: saved?.noteForNominators ?? "",
    };
    const loadedVersion = saved?.version ?? 0;
    if (sameContent(local, loaded, criterionIds) && (local.intent === "draft" || saved?.status === "submitted")) {
      clearLocal(assignmentId);
      return;
    }
    setScores(local.scores);
    setComment(local.commentForPanel);
    setNote(local.noteForNominators);
    live.current = { ...live.current, scores: local.scores, commentForPanel: local.commentForPanel, noteForNominators: local.noteForNominators };
    if (local.baseVersion !== loadedVersion && saved) {
      // Saved elsewhere since this laptop kept its copy: the judge chooses.
      setStale({
        kind: "stale",
        saveId: "local",
        message: `Changes kept on this laptop (based on version ${local.baseVersion}) differ from the saved review, which is now version ${loadedVersion}. Nothing has been overwritten: choose which version to keep.`,
        theirVersion: local.baseVersion,
        storedVersion: loadedVersion,
        yours: { scores: local.scores, commentForPanel: local.commentForPanel, noteForNominators: local.noteForNominators, intent: local.intent },
        stored: saved,
      });
      setState("stale");
      return;
    }
    pendingIntent.current = local.intent;
    dirty.current = true;
    editSeq.current += 1;
    setState(navigator.onLine === false ? "offline" : "saving");
    setTimeout(() => flushRef.current(), 0);
    // Only on first load.
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (stale) staleHeading.current?.focus();
  }, [stale]);

  const errorSummary = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (Object.keys(fieldErrors).length > 0) errorSummary.current?.focus();
  }, [fieldErrors]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    if (!hydrated) return;
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const intent: Intent = submitter?.value === "submit" ? "submit" : "draft";
    pendingIntent.current = intent;
    dirty.current = true;
    editSeq.current += 1;
    keepLocally(intent);
    if (navigator.onLine === false) {
      setState("offline");
      return;
    }
    setState("saving");
    flush();
  }

  function keepMine(event: FormEvent<HTMLFormElement>) {
    if (!hydrated || !stale) return;
    event.preventDefault();
    const mine = stale.yours;
    setScores(mine.scores);
    setComment(mine.commentForPanel);
    setNote(mine.noteForNominators);
    setVersion(stale.storedVersion);
    live.current = { scores: mine.scores, commentForPanel: mine.commentForPanel, noteForNominators: mine.noteForNominators, version: stale.storedVersion };
    pendingIntent.current = mine.intent;
    setStale(null);
    staleRef.current = null;
    dirty.current = true;
    editSeq.current += 1;
    keepLocally(mine.intent);
    flush();
  }

  function takeSaved(event: React.MouseEvent<HTMLAnchorElement>) {
    if (!hydrated || !stale) return;
    event.preventDefault();
    const theirs = stale.stored;
    setScores(theirs.scores);
    setComment(theirs.commentForPanel);
    setNote(theirs.noteForNominators);
    setVersion(theirs.version);
    setReviewStatus(theirs.status);
    setSubmittedAt(theirs.submittedAt);
    live.current = { scores: theirs.scores, commentForPanel: theirs.commentForPanel, noteForNominators: theirs.noteForNominators, version: theirs.version };
    pendingIntent.current = "draft";
    setStale(null);
    staleRef.current = null;
    dirty.current = false;
    clearLocal(assignmentId);
    setState("saved");
  }

  const errorEntries = Object.entries(fieldErrors);
  const readOnly = !canSave;

  return (
    <div className="scoring">
      {stale ? (
        <StalePanel assignmentId={assignmentId} stale={stale} criteria={criteria} headingRef={staleHeading} onKeepMine={keepMine} onTakeSaved={takeSaved} />
      ) : null}

      {errorEntries.length > 0 ? (
        <div className="error-summary" role="alert" aria-labelledby="scoring-errors-title" tabIndex={-1} ref={errorSummary}>
          <h3 id="scoring-errors-title">There is a problem</h3>
          {message ? <p>{message}</p> : null}
          <ul>
            {errorEntries.map(([field, text]) => (
              <li key={field}>
                <a href={`#${fieldAnchor(field, criteria)}`}>{text}</a>
              </li>
            ))}
          </ul>
        </div>
      ) : message ? (
        <div className={state === "submitted" ? "notice" : "warning"} role="alert">
          {message}
        </div>
      ) : null}

      {readOnly && closedMessage ? <p className="warning">{closedMessage}</p> : null}

      <div className="scoring-summary">
        <p className="scoring-total" id="weighted-total">
          <span className="scoring-total__label">Weighted total</span> <strong className="scoring-total__value">{formatTotal(total)}</strong>
          {total.percent !== null && !total.complete ? (
            <span className="scoring-total__note">
              {" "}
              (provisional: {total.scored} of {total.of} criteria scored)
            </span>
          ) : null}
        </p>
        <p className="scoring-review-status">
          {reviewStatus === "submitted" ? (
            <>
              <span className="tag tag--green">Submitted</span>
              {submittedAt ? <span> on {formatUkDateTime(new Date(submittedAt))}</span> : null}
            </>
          ) : reviewStatus === "draft" ? (
            <span className="tag tag--yellow">Draft</span>
          ) : (
            <span className="tag tag--grey">Not started</span>
          )}
        </p>
        <p className={`save-status save-status--${state}`} role="status" aria-live="polite" aria-atomic="true" data-testid="save-status">
          {hydrated && state !== "idle" ? STATUS_TEXT[state] : ""}
        </p>
      </div>

      <Form method="post" noValidate onSubmit={onSubmit} className="scoring-form" aria-describedby="weighted-total">
        <input type="hidden" name="version" value={version} />
        <p className="hint">
          Score each criterion on its scale. What each point means is written beside it.{" "}
          {hydrated ? "Your changes are saved as you go." : "Save a draft at any time."}
        </p>
        {criteria.map((c, index) => (
          <CriterionFieldset
            key={c.id}
            criterion={c}
            index={index}
            count={criteria.length}
            points={scales.get(c.id) ?? []}
            value={scores[c.id] ?? null}
            error={fieldErrors[`score.${c.id}`]}
            disabled={readOnly}
            onChange={(value) => changed({ scores: { ...live.current.scores, [c.id]: value } })}
          />
        ))}
        <div className={`field${fieldErrors.commentForPanel ? " field--error" : ""}`}>
          <label className="label" htmlFor="field-commentForPanel">
            Comment for the panel
          </label>
          <div className="hint" id="field-commentForPanel-hint">
            Seen only by the organisers and used when the panel decides outcomes. Why did you score it as you did?
          </div>
          {fieldErrors.commentForPanel ? (
            <p className="error-message" id="field-commentForPanel-error">
              <span className="visually-hidden">Error: </span>
              {fieldErrors.commentForPanel}
            </p>
          ) : null}
          <textarea
            className="textarea"
            id="field-commentForPanel"
            name="commentForPanel"
            rows={6}
            value={commentForPanel}
            readOnly={readOnly}
            aria-describedby={`field-commentForPanel-hint${fieldErrors.commentForPanel ? " field-commentForPanel-error" : ""}`}
            onChange={(e) => changed({ commentForPanel: e.currentTarget.value })}
          />
        </div>
        <div className={`field${fieldErrors.noteForNominators ? " field--error" : ""}`}>
          <label className="label" htmlFor="field-noteForNominators">
            Note for the nominators (optional)
          </label>
          <div className="hint" id="field-noteForNominators-hint">
            Encouragement or advice the organisers may pass on to the partners, without saying who wrote it.
          </div>
          {fieldErrors.noteForNominators ? (
            <p className="error-message" id="field-noteForNominators-error">
              <span className="visually-hidden">Error: </span>
              {fieldErrors.noteForNominators}
            </p>
          ) : null}
          <textarea
            className="textarea"
            id="field-noteForNominators"
            name="noteForNominators"
            rows={4}
            value={noteForNominators}
            readOnly={readOnly}
            aria-describedby={`field-noteForNominators-hint${fieldErrors.noteForNominators ? " field-noteForNominators-error" : ""}`}
            onChange={(e) => changed({ noteForNominators: e.currentTarget.value })}
          />
        </div>
        {canSave ? (
          <div className="button-group">
            <button type="submit" name="intent" value="submit" className="button">
              {reviewStatus === "submitted" ? "Submit changed scores" : "Submit scores"}
            </button>
            <button type="submit" name="intent" value="draft" className="button button--secondary">
              Save draft
            </button>
          </div>
        ) : null}
      </Form>
      <p>
        <Link to="/judge">Back to your judging list</Link>
      </p>
    </div>
  );
}

function fieldAnchor(field: string, criteria: ScoringCriterion[]) {
  if (field.startsWith("score.")) return `criterion-${field.slice("score.".length)}`;
  if (field === "commentForPanel" || field === "noteForNominators") return `field-${field}`;
  return criteria[0] ? `criterion-${criteria[0].id}` : "weighted-total";
}

// ---------------------------------------------------------------- one criterion

export function CriterionFieldset({
  criterion: c,
  index,
  count,
  points,
  value,
  error,
  disabled,
  onChange,
}: {
  criterion: ScoringCriterion;
  index: number;
  count: number;
  points: Descriptor[];
  value: number | null;
  error?: string;
  disabled?: boolean;
  onChange: (value: number) => void;
}) {
  const id = `criterion-${c.id}`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className={`field criterion${error ? " field--error" : ""}`}>
      <fieldset className="fieldset" id={id} aria-describedby={[hintId, error ? errorId : ""].filter(Boolean).join(" ")}>
        <legend className="legend">
          <span className="criterion__number">
            {index + 1} of {count}:
          </span>{" "}
          {c.name}
        </legend>
        <div className="hint" id={hintId}>
          {c.guidance ? <span className="criterion__guidance">{c.guidance} </span> : null}
          <span className="criterion__scale">
            Score {c.scaleMin} to {c.scaleMax}; weight {oneDecimalTrim(c.weight)}.
          </span>
        </div>
        {error ? (
          <p className="error-message" id={errorId}>
            <span className="visually-hidden">Error: </span>
            {error}
          </p>
        ) : null}
        <div className="radios score-points">
          {points.map((p) => {
            const inputId = `${id}-${p.score}`;
            return (
              <div className="radio score-point" key={p.score}>
                <input
                  type="radio"
                  id={inputId}
                  name={`score.${c.id}`}
                  value={p.score}
                  checked={value === p.score}
                  disabled={disabled}
                  onChange={() => onChange(p.score)}
                />
                <label htmlFor={inputId}>
                  <span className="score-point__value">{p.score}</span>
                  {p.label ? <span className="score-point__label">{p.label}</span> : null}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

function oneDecimalTrim(n: number) {
  return Number.isInteger(n) ? String(n) : oneDecimal(n);
}

// ---------------------------------------------------------------- stale save

export function StalePanel({
  assignmentId,
  stale,
  criteria,
  headingRef,
  onKeepMine,
  onTakeSaved,
}: {
  assignmentId: string;
  stale: Extract<ScoringActionData, { kind: "stale" }>;
  criteria: ScoringCriterion[];
  headingRef?: React.Ref<HTMLHeadingElement>;
  onKeepMine?: (event: FormEvent<HTMLFormElement>) => void;
  onTakeSaved?: (event: React.MouseEvent<HTMLAnchorElement>) => void;
}) {
  const yours = stale.yours;
  const theirs = stale.stored;
  const yourTotal = weightedTotal(yours.scores, criteria);
  const savedTotal = weightedTotal(theirs.scores, criteria);
  const differs = (a: unknown, b: unknown) => (a ?? null) !== (b ?? null);
  const savedWhen = theirs.updatedAt ? `, saved ${formatUkDateTime(new Date(theirs.updatedAt))}` : "";
  return (
    <section className="stale-panel" role="alert" aria-labelledby="stale-title">
      <h3 id="stale-title" tabIndex={-1} ref={headingRef}>
        These scores were changed somewhere else
      </h3>
      <p>{stale.message}</p>
      <div className="table-wrap">
        <table className="stale-compare">
          <caption className="visually-hidden">Your version and the saved version, side by side</caption>
          <thead>
            <tr>
              <th scope="col">Criterion</th>
              <th scope="col">
                Your version
                <span className="stale-compare__sub">not saved (based on version {stale.theirVersion})</span>
              </th>
              <th scope="col">
                Saved version
                <span className="stale-compare__sub">
                  version {stale.storedVersion}
                  {savedWhen}
                </span>
              </th>
            </tr>
          </thead>
          <tbody>
            {criteria.map((c) => (
              <tr key={c.id} className={differs(yours.scores[c.id], theirs.scores[c.id]) ? "stale-compare__diff" : undefined}>
                <th scope="row">{c.name}</th>
                <td>{yours.scores[c.id] ?? "Not scored"}</td>
                <td>{theirs.scores[c.id] ?? "Not scored"}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">Weighted total</th>
              <td>{formatTotal(yourTotal)}</td>
              <td>{formatTotal(savedTotal)}</td>
            </tr>
            <tr className={differs(yours.commentForPanel.trim(), theirs.commentForPanel.trim()) ? "stale-compare__diff" : undefined}>
              <th scope="row">Comment for the panel</th>
              <td className="stale-compare__text">{yours.commentForPanel || "None"}</td>
              <td className="stale-compare__text">{theirs.commentForPanel || "None"}</td>
            </tr>
            <tr className={differs(yours.noteForNominators.trim(), theirs.noteForNominators.trim()) ? "stale-compare__diff" : undefined}>
              <th scope="row">Note for the nominators</th>
              <td className="stale-compare__text">{yours.noteForNominators || "None"}</td>
              <td className="stale-compare__text">{theirs.noteForNominators || "None"}</td>
            </tr>
            <tr>
              <th scope="row">Status</th>
              <td>{yours.intent === "submit" ? "To be submitted" : "Draft"}</td>
              <td>{theirs.status === "submitted" ? "Submitted" : "Draft"}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <div className="button-group">
        <Form method="post" onSubmit={onKeepMine} className="stale-panel__keep">
          <input type="hidden" name="version" value={stale.storedVersion} />
          <input type="hidden" name="intent" value={yours.intent} />
          {criteria.map((c) =>
            typeof yours.scores[c.id] === "number" ? <input key={c.id} type="hidden" name={`score.${c.id}`} value={String(yours.scores[c.id])} /> : null,
          )}
          <input type="hidden" name="commentForPanel" value={yours.commentForPanel} />
          <input type="hidden" name="noteForNominators" value={yours.noteForNominators} />
          <button type="submit" className="button">
            Keep my version
          </button>
        </Form>
        <Link to={`/judge/${assignmentId}`} reloadDocument className="button button--secondary" onClick={onTakeSaved}>
          Use the saved version
        </Link>
      </div>
    </section>
  );
}
