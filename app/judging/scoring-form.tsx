/**
 * The judge's scoring form (/judge/:assignmentId). Works as a plain HTML form without
 * JavaScript: radio buttons per criterion, two text boxes, a hidden version, and "Save draft"
 * / "Submit scores" buttons that post to the route's action.
 *
 * With JavaScript it also shows the weighted total as scores change (the same arithmetic as
 * the server, ./scoring), and saves as the judge goes: autosave, the copy on this laptop, the
 * offline queue, retries and the choice after a stale save are decided by the pure reducer in
 * ./save-queue. This component turns the browser's happenings into its events and carries out
 * its effects (localStorage, the fetcher, timers, a keepalive request on leaving, focus).
 */
import { Form, Link, useFetcher } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { formatUkDateTime } from "~/utils/time";
import {
  initialSaveState,
  localKey,
  parseLocalCopy,
  saveQueue,
  STATUS_TEXT,
  type Intent,
  type LocalCopy,
  type ReviewContent,
  type SavedReview,
  type SaveEffect,
  type SaveEvent,
  type SaveFields,
  type ScoringActionData,
  type StaleSave,
} from "./save-queue";
import { describedScale, formatTotal, oneDecimal, weightedTotal, type Descriptor, type ScoringCriterion } from "./scoring";

function readLocal(assignmentId: string): LocalCopy | null {
  try {
    return parseLocalCopy(window.localStorage.getItem(localKey(assignmentId)));
  } catch {
    return null;
  }
}

function writeLocal(assignmentId: string, copy: LocalCopy) {
  try {
    window.localStorage.setItem(localKey(assignmentId), JSON.stringify({ ...copy, keptAt: new Date().toISOString() }));
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

/**
 * Leaving the page: a request that outlives it, to the page's action as the fetcher would send
 * it (single fetch: POST /judge/:assignmentId.data). If it fails, the copy on this laptop is still there.
 */
function sendBeacon(assignmentId: string, fields: SaveFields) {
  try {
    void fetch(`/judge/${encodeURIComponent(assignmentId)}.data`, {
      method: "POST",
      body: new URLSearchParams(fields),
      keepalive: true,
      credentials: "same-origin",
    }).catch(() => undefined);
  } catch {
    // Nothing more to do: the change is kept on this laptop.
  }
}

function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

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
  const scales = useMemo(() => new Map(criteria.map((c) => [c.id, describedScale(c)])), [criteria]);

  const [view, setView] = useState(() => initialSaveState({ criterionIds: criteria.map((c) => c.id), saved, canSave, actionData }));
  // The queue's state as of the last event (timers and listeners outlive a render), and what carries out its effects.
  const queue = useRef(view);
  const timers = useRef<{ autosave?: ReturnType<typeof setTimeout>; retry?: ReturnType<typeof setTimeout> }>({});
  const [focusRequest, setFocusRequest] = useState<{ what: "stale" | "errors" } | null>(null);
  const carryOut = useRef<(effects: SaveEffect[]) => void>(() => undefined);

  const dispatch = useCallback((event: SaveEvent) => {
    const next = saveQueue(queue.current, event);
    queue.current = next.state;
    setView(next.state);
    carryOut.current(next.effects);
  }, []);

  // Reassigned each render so the effects use this render's fetcher.
  carryOut.current = (effects) => {
    for (const effect of effects) {
      switch (effect.type) {
        case "send": {
          const form = new FormData();
          for (const [name, value] of Object.entries(effect.fields)) form.set(name, value);
          fetcher.submit(form, { method: "post", action: `/judge/${assignmentId}` });
          break;
        }
        case "sendBeacon":
          sendBeacon(assignmentId, effect.fields);
          break;
        case "keepLocally":
          writeLocal(assignmentId, effect.copy);
          break;
        case "clearLocal":
          clearLocal(assignmentId);
          break;
        case "schedule": {
          const due: SaveEvent = effect.what === "autosave" ? { type: "autosaveDue" } : { type: "retryDue" };
          clearTimeout(timers.current[effect.what]);
          timers.current[effect.what] = setTimeout(() => dispatch(due), effect.ms);
          break;
        }
        case "cancel":
          clearTimeout(timers.current[effect.what]);
          timers.current[effect.what] = undefined;
          break;
        case "focus":
          setFocusRequest({ what: effect.what });
          break;
      }
    }
  };

  // The answer to a save sent by the fetcher, once.
  const handled = useRef<unknown>(null);
  useEffect(() => {
    const data = fetcher.data;
    if (fetcher.state !== "idle" || !data || handled.current === data) return;
    handled.current = data;
    dispatch({ type: "answered", answer: data });
  }, [fetcher.state, fetcher.data, dispatch]);

  // Back online, gone offline, leaving (another page of the site, or closing the tab).
  useEffect(() => {
    const online = () => dispatch({ type: "online" });
    const offline = () => dispatch({ type: "offline" });
    const leaving = () => dispatch({ type: "leaving" });
    const running = timers.current;
    window.addEventListener("online", online);
    window.addEventListener("offline", offline);
    window.addEventListener("pagehide", leaving);
    return () => {
      window.removeEventListener("online", online);
      window.removeEventListener("offline", offline);
      window.removeEventListener("pagehide", leaving);
      clearTimeout(running.autosave);
      clearTimeout(running.retry);
      leaving();
    };
  }, [dispatch]);

  // On first load, pick up anything kept on this laptop and not yet sent. The review as the
  // page loaded it is read once: later saves are the queue's own.
  const loadedReview = useRef(saved);
  useEffect(() => {
    dispatch({ type: "loaded", online: navigator.onLine !== false, saved: loadedReview.current, local: readLocal(assignmentId) });
  }, [assignmentId, dispatch]);

  const staleHeading = useRef<HTMLHeadingElement>(null);
  const errorSummary = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focusRequest?.what === "stale") staleHeading.current?.focus();
    if (focusRequest?.what === "errors") errorSummary.current?.focus();
  }, [focusRequest]);

  const changed = (patch: Partial<ReviewContent>) => dispatch({ type: "changed", patch });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    if (!hydrated) return;
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const intent: Intent = submitter?.value === "submit" ? "submit" : "draft";
    dispatch({ type: "pressed", intent });
  }

  function keepMine(event: FormEvent<HTMLFormElement>) {
    if (!hydrated || !view.stale) return;
    event.preventDefault();
    dispatch({ type: "keepMine" });
  }

  function takeSaved(event: React.MouseEvent<HTMLAnchorElement>) {
    if (!hydrated || !view.stale) return;
    event.preventDefault();
    dispatch({ type: "useSaved" });
  }

  const { scores, commentForPanel, noteForNominators } = view.content;
  const { version, reviewStatus, submittedAt, status: state, message, fieldErrors, stale } = view;
  const total = weightedTotal(scores, criteria);
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
            onChange={(value) => changed({ scores: { [c.id]: value } })}
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
  stale: StaleSave;
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
