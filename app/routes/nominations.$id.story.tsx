import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { flash } from "~/auth/session.server";
import { Checkboxes, ErrorSummary, TextArea, TextField, fieldId, valueOf } from "~/components/forms";
import { prisma } from "~/db/client.server";
import { COMPACT_PRINCIPLES } from "~/domain/vocabulary";
import { readFormData } from "~/forms/read.server";
import { countWords, parseForm } from "~/forms/validate";
import { LIMITS } from "~/nominations/eligibility";
import { contentOf, saveStory } from "~/nominations/nominations.server";
import { ukToday } from "~/utils/time";
import { NEXT_SECTION, nominationHeader } from "~/nominations/pages.server";
import { partsFromDate, storySchema } from "~/nominations/schemas";
import { type SectionHandle, SectionPage } from "~/nominations/section-page";
import { notFound } from "~/http/responses.server";
import { requireEditableNomination } from "~/http/guards.server";

export const handle: SectionHandle = { sectionCrumb: "The story" };

export const meta: MetaFunction = () => [{ title: "The story - Your nomination - Compact Awards" }];

/** Autosaves answer the fetcher only: nothing else on the page needs reloading. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("intent") === "autosave" ? false : defaultShouldRevalidate;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { n } = await requireEditableNomination(request, params.id);
  const c = contentOf(n);
  return json({
    header: nominationHeader(n),
    version: n.version,
    strict: n.status !== "draft",
    story: {
      title: c.title,
      summary: c.summary,
      whatHappened: c.whatHappened,
      impact: c.impact,
      howPartnersWorked: c.howPartnersWorked,
      quote: c.quote,
      quoteAttribution: c.quoteAttribution,
      principles: c.principles,
      ...partsFromDate(c.startedOn),
    },
  });
}

type Values = Record<string, string | string[]>;
export type AutosaveResult = { ok: true; version: number; savedAt: string } | { ok: false; message: string; stale?: boolean };

function firstProblem(errors: Record<string, string>): string {
  const messages = Object.entries(errors)
    .filter(([k]) => k !== "form")
    .map(([, m]) => m);
  const main = errors.form && !messages.length ? errors.form : (messages[0] ?? errors.form ?? "Something went wrong");
  return messages.length > 1 ? `${main} (and ${messages.length - 1} more)` : main;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, n } = await requireEditableNomination(request, params.id);
  const formData = await readFormData(request);
  const intent = formData.get("intent") === "autosave" ? "autosave" : formData.get("intent") === "draft" ? "draft" : "save";
  const now = new Date();
  // A submitted nomination must stay complete, however it is saved.
  const strict = intent === "save" || n.status !== "draft";
  const form = parseForm(storySchema({ strict, today: ukToday(now) }), formData);
  if (!form.ok) {
    if (intent === "autosave") return json({ autosave: { ok: false, message: firstProblem(form.errors) } as AutosaveResult }, { status: 400 });
    return json({ errors: form.errors, values: form.values }, { status: 400 });
  }
  const result = await saveStory(prisma, actor, n.id, form.data, { autosave: intent === "autosave", now });
  if (!result.ok) {
    if (result.status === 404) throw notFound();
    if (intent === "autosave") {
      return json({ autosave: { ok: false, message: firstProblem(result.errors), stale: result.status === 409 } as AutosaveResult }, { status: result.status });
    }
    return json({ errors: result.errors, values: form.values }, { status: result.status });
  }
  if (intent === "autosave") return json({ autosave: { ok: true, version: result.version, savedAt: new Date().toISOString() } as AutosaveResult });
  if (intent === "draft") {
    return redirect(`/nominations/${n.id}`, {
      headers: { "Set-Cookie": await flash(request, "Your story has been saved. You can come back to it at any time.") },
    });
  }
  return redirect(`/nominations/${n.id}/${NEXT_SECTION.story}`);
}

const fmt = (v: number) => v.toLocaleString("en-GB");

function WordCount({ words }: { words: number }) {
  const over = words - LIMITS.summaryWords;
  return (
    <p id="summary-word-count" className={`word-count${over > 0 ? " word-count--over" : ""}`}>
      {over > 0 ? `${words} of ${LIMITS.summaryWords} words: ${over} too many` : `${words} of ${LIMITS.summaryWords} words`}
    </p>
  );
}

type SaveState = { kind: "idle" | "saving" | "saved" | "error"; message?: string };

function saveStateText(s: SaveState): string {
  switch (s.kind) {
    case "saving":
      return "Saving…";
    case "saved":
      return `Saved${s.message ? ` at ${s.message}` : ""}`;
    case "error":
      return `Not saved: ${s.message ?? "please try again"}`;
    default:
      return "Your answers are saved automatically as you type.";
  }
}

const AUTOSAVE_DELAY_MS = 1500;

export default function StoryPage() {
  const { header, story, version: loadedVersion, strict } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { errors?: Record<string, string>; values?: Values } | undefined;
  const errors = actionData?.errors;
  const values = actionData?.values;
  const fetcher = useFetcher<{ autosave: AutosaveResult }>();
  const formRef = useRef<HTMLFormElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const versionRef = useRef(loadedVersion);
  const pendingSave = useRef(false);
  const pendingSubmit = useRef<HTMLElement | null>(null);
  const blocked = useRef(false);
  const [version, setVersion] = useState(loadedVersion);
  const [hydrated, setHydrated] = useState(false);
  const [saveState, setSaveState] = useState<SaveState>({ kind: "idle" });
  const [words, setWords] = useState(() => countWords(valueOf(values, "summary", story.summary)));

  useEffect(() => setHydrated(true), []);
  useEffect(() => () => clearTimeout(timer.current), []);

  const autosave = useCallback(() => {
    if (!formRef.current || blocked.current) return;
    if (fetcher.state !== "idle") {
      // One save at a time: each carries the version the previous one returned.
      pendingSave.current = true;
      return;
    }
    const data = new FormData(formRef.current);
    data.set("intent", "autosave");
    data.set("version", String(versionRef.current));
    setSaveState({ kind: "saving" });
    fetcher.submit(data, { method: "post" });
  }, [fetcher]);
  // The effect below runs when a save comes back, not each time autosave is made afresh.
  const autosaveLater = useRef(autosave);
  autosaveLater.current = autosave;

  // A save came back: take its version, show the outcome, and run any save queued meanwhile.
  useEffect(() => {
    if (fetcher.state !== "idle") return;
    const result = fetcher.data?.autosave;
    if (result) {
      if (result.ok) {
        versionRef.current = result.version;
        setVersion(result.version);
        const time = new Date(result.savedAt).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/London" });
        setSaveState({ kind: "saved", message: time });
      } else {
        if (result.stale) blocked.current = true;
        setSaveState({ kind: "error", message: result.message });
      }
    }
    if (pendingSave.current && !blocked.current) {
      pendingSave.current = false;
      autosaveLater.current();
      return;
    }
    if (pendingSubmit.current && formRef.current) {
      const submitter = pendingSubmit.current;
      pendingSubmit.current = null;
      formRef.current.requestSubmit(submitter as HTMLButtonElement);
    }
  }, [fetcher.state, fetcher.data]);

  const changed = () => {
    if (blocked.current) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(autosave, AUTOSAVE_DELAY_MS);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    clearTimeout(timer.current);
    pendingSave.current = false;
    if (fetcher.state !== "idle") {
      // Wait for the autosave in flight, then send this with the version it returns.
      event.preventDefault();
      pendingSubmit.current = (event.nativeEvent as SubmitEvent).submitter ?? null;
    }
  };

  const principles = (() => {
    const v = values?.principles;
    if (v === undefined) return values ? [] : story.principles;
    return Array.isArray(v) ? v : [v];
  })();

  return (
    <SectionPage header={header} heading="The story">
      <ErrorSummary errors={errors} />
      <p>
        Tell the judges what the partnership did. Write for someone who does not know your organisations. The summary is used in the results email and the press
        release, so keep it to {LIMITS.summaryWords} words.
      </p>
      <Form method="post" noValidate ref={formRef} onChange={changed} onSubmit={onSubmit}>
        <input type="hidden" name="version" value={version} />
        <TextField
          name="title"
          label="Title"
          hint={`Up to ${LIMITS.title} characters.`}
          error={errors?.title}
          defaultValue={valueOf(values, "title", story.title)}
        />
        <TextArea
          name="summary"
          label="Summary"
          hint={`In ${LIMITS.summaryWords} words or fewer: what the partners did together and the difference it made.`}
          rows={4}
          error={errors?.summary}
          defaultValue={valueOf(values, "summary", story.summary)}
          onInput={(v) => setWords(countWords(v))}
          extraDescribedBy="summary-word-count"
        >
          <WordCount words={words} />
        </TextArea>
        <TextArea
          name="whatHappened"
          label="What happened"
          hint={`What the partners did, when and for whom. Up to ${fmt(LIMITS.whatHappened)} characters.`}
          rows={8}
          error={errors?.whatHappened}
          defaultValue={valueOf(values, "whatHappened", story.whatHappened)}
        />
        <TextArea
          name="impact"
          label="The difference it made"
          hint={`For the people it was for, and for the organisations. Numbers help. Up to ${fmt(LIMITS.impact)} characters.`}
          rows={6}
          error={errors?.impact}
          defaultValue={valueOf(values, "impact", story.impact)}
        />
        <TextArea
          name="howPartnersWorked"
          label="How the partners worked together"
          hint={`What each partner brought, and how you achieved more together than each could alone. Up to ${fmt(LIMITS.howPartnersWorked)} characters.`}
          rows={6}
          error={errors?.howPartnersWorked}
          defaultValue={valueOf(values, "howPartnersWorked", story.howPartnersWorked)}
        />
        <TextArea
          name="quote"
          label="A quote (optional)"
          hint={`From someone the work helped, or a partner. Up to ${LIMITS.quote} characters.`}
          rows={3}
          error={errors?.quote}
          defaultValue={valueOf(values, "quote", story.quote)}
        />
        <TextField
          name="quoteAttribution"
          label="Who said it (optional)"
          hint="For example: Parent, Foleshill. Only with their permission."
          error={errors?.quoteAttribution}
          defaultValue={valueOf(values, "quoteAttribution", story.quoteAttribution)}
        />
        <Checkboxes
          name="principles"
          legend="Which Compact outcomes does the work show?"
          hint="Choose all that apply."
          error={errors?.principles}
          defaultValues={principles}
          options={COMPACT_PRINCIPLES.map((p) => ({ value: p.key, label: p.label }))}
        />
        <div className={`field${errors?.startedOn ? " field--error" : ""}`}>
          <fieldset
            className="fieldset"
            id={fieldId("startedOn")}
            aria-describedby={`${fieldId("startedOn")}-hint${errors?.startedOn ? ` ${fieldId("startedOn")}-error` : ""}`}
          >
            <legend className="legend">When did the work start?</legend>
            <div className="hint" id={`${fieldId("startedOn")}-hint`}>
              For example, 3 2 2024. Today or earlier.
            </div>
            {errors?.startedOn ? (
              <p className="error-message" id={`${fieldId("startedOn")}-error`}>
                <span className="visually-hidden">Error: </span>
                {errors.startedOn}
              </p>
            ) : null}
            <div style={{ display: "flex", flexWrap: "wrap", gap: "0 1rem" }}>
              {(
                [
                  ["startedDay", "Day", 2],
                  ["startedMonth", "Month", 2],
                  ["startedYear", "Year", 4],
                ] as const
              ).map(([name, label, size]) => (
                <div key={name} className="field" style={{ marginBottom: "0.5rem" }}>
                  <label className="label" htmlFor={fieldId(name)}>
                    {label}
                  </label>
                  <input
                    className="input"
                    style={{ width: `${size + 3}em` }}
                    id={fieldId(name)}
                    name={name}
                    inputMode="numeric"
                    autoComplete="off"
                    maxLength={size}
                    aria-invalid={errors?.startedOn ? true : undefined}
                    defaultValue={valueOf(values, name, story[name])}
                  />
                </div>
              ))}
            </div>
          </fieldset>
        </div>

        <p
          role="status"
          aria-live="polite"
          className={`autosave-status${saveState.kind === "error" ? " error-message" : " muted"}`}
          style={{ minHeight: "1.5em" }}
        >
          {hydrated ? saveStateText(saveState) : ""}
        </p>
        <div className="button-group">
          <button type="submit" name="intent" value="save" className="button">
            Save and continue
          </button>
          <button type="submit" name="intent" value="draft" className="button button--secondary">
            {strict ? "Save and go back" : "Save and come back later"}
          </button>
          <Link to={`/nominations/${header.id}`}>Back to the nomination</Link>
        </div>
      </Form>
    </SectionPage>
  );
}
