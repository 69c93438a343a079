/**
 * The organiser's results page (/admin/cycles/:slug/results), drawn from resultsPage()
 * (app/results/results-view.server.ts): each nomination with its measures, chart, comments,
 * suggestion and decision form, and the results' lifecycle (lock, publish, unlock). Every
 * form works without JavaScript.
 */
import { DataTable } from "~/components/data-table";
import { nominationTitle } from "~/nominations/title";
import type { SerializeFrom } from "@remix-run/node";
import { Form, Link, useLocation, useNavigation } from "@remix-run/react";
import type { MouseEvent } from "react";
import { adminPath } from "~/components/admin-nav";
import { ErrorSummary, fieldId, Radios, Select, TextArea, TextField, valueOf } from "~/components/forms";
import { NOMINATION_STATUS_LABELS, RANKING_MEASURES, type NominationStatus, type RankingMeasure } from "~/domain/vocabulary";
import { CITATION_MAX, formatScore, formatZ, NOT_AWARDED, RANKING_MEASURE_LABELS } from "~/results/format";
import type { ResultsActionData } from "~/results/results-actions.server";
import type { ResultsPage as ResultsPageData } from "~/results/results-view.server";
import { StripChart } from "~/results/strip-chart";
import { formatUkDateTime } from "~/utils/time";

type LoaderData = SerializeFrom<ResultsPageData>;
type Item = LoaderData["groups"][number]["items"][number];

function withParams(search: string, changes: Record<string, string | null>, hash = "") {
  const params = new URLSearchParams(search);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null) params.delete(k);
    else params.set(k, v);
  }
  const text = params.toString();
  return `?${text}${hash}`;
}

function Measures({ item, measure }: { item: Item; measure: RankingMeasure }) {
  const entries: [string, string, boolean][] = [
    ["Rank in category", item.rank, false],
    ["Rank overall", item.rankOverall, false],
    ["Normalised", formatZ(item.normalised), measure === "normalised"],
    ["Mean (0-100)", formatScore(item.mean), measure === "mean"],
    ["Median (0-100)", formatScore(item.median), measure === "median"],
    ["Spread (0-100)", formatScore(item.spread), false],
    ["Judges", String(item.judgeCount), false],
  ];
  return (
    <dl className="results-measures">
      {entries.map(([label, value, ranking]) => (
        <div key={label}>
          <dt>
            {label}
            {ranking ? " (ranked by)" : null}
          </dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function DecisionForm({
  item,
  tiers,
  locked,
  action,
  actionData,
  accept,
}: {
  item: Item;
  tiers: LoaderData["tiers"];
  locked: boolean;
  action: string;
  actionData: ResultsActionData | undefined;
  accept: boolean;
}) {
  const busy = useNavigation().state === "submitting";
  const mine = actionData?.intent === "decide" && actionData.nominationId === item.id;
  const errors = mine ? actionData.errors : undefined;
  const values: Record<string, string | string[] | undefined> = mine
    ? (actionData.values ?? {})
    : {
        [`outcome-${item.id}`]: accept && item.suggestion ? item.suggestion.tierId : item.decision ? (item.decision.outcomeTierId ?? NOT_AWARDED) : undefined,
        [`rationale-${item.id}`]: item.decision?.rationale ?? "",
        [`citation-${item.id}`]: item.decision?.citation ?? "",
        [`override-${item.id}`]: item.decision?.override?.reason ?? "",
      };
  const options = [...tiers.map((t) => ({ value: t.id, label: t.name })), { value: NOT_AWARDED, label: "Not awarded" }];

  if (locked) {
    return (
      <div className="results-decision" id={`decision-${item.id}`}>
        <h4>Outcome</h4>
        {item.decision ? (
          <>
            <p className="results-decided">
              <strong>{item.decision.outcomeName}</strong>
              {item.decision.citation ? <> - &ldquo;{item.decision.citation}&rdquo;</> : null}
            </p>
            <p>{item.decision.rationale}</p>
            {item.decision.override ? <OverrideNote override={item.decision.override} /> : null}
          </>
        ) : (
          <p>No outcome was decided.</p>
        )}
        <p className="hint">The results are decided, so outcomes cannot be changed here. Unlock the results to change one.</p>
      </div>
    );
  }

  return (
    <Form
      method="post"
      action={action}
      noValidate
      className="results-decision"
      id={`decision-${item.id}`}
      key={`${item.id}:${item.decision?.decidedAt ?? "none"}:${accept ? "accept" : ""}`}
    >
      <h4>Decision</h4>
      <input type="hidden" name="intent" value="decide" />
      <input type="hidden" name="nominationId" value={item.id} />
      {errors?.form ? <p className="error-message">{errors.form}</p> : null}
      <Radios
        name={`outcome-${item.id}`}
        legend={
          <>
            Outcome<span className="visually-hidden"> for {item.title}</span>
          </>
        }
        error={errors?.[`outcome-${item.id}`]}
        defaultValue={valueOf(values, `outcome-${item.id}`)}
        options={options}
        inline
      />
      <TextArea
        name={`rationale-${item.id}`}
        label={
          <>
            Reasons for this outcome<span className="visually-hidden"> ({item.title})</span>
          </>
        }
        hint="For the record: why the panel reached this outcome. Not published."
        rows={3}
        error={errors?.[`rationale-${item.id}`]}
        defaultValue={valueOf(values, `rationale-${item.id}`)}
      />
      <TextField
        name={`citation-${item.id}`}
        label={
          <>
            Citation (optional)<span className="visually-hidden"> for {item.title}</span>
          </>
        }
        hint={`One line read out at the ceremony and printed in the running order, up to ${CITATION_MAX} characters.`}
        error={errors?.[`citation-${item.id}`]}
        defaultValue={valueOf(values, `citation-${item.id}`)}
      />
      {item.awardShortfall || errors?.[`override-${item.id}`] ? (
        <TextArea
          name={`override-${item.id}`}
          label={
            <>
              Reason to give an award anyway (override)<span className="visually-hidden"> for {item.title}</span>
            </>
          }
          hint={`Only needed for an outcome other than Not awarded: ${item.awardShortfall || "the judging does not support an award"}. The reason is recorded in the audit trail and shown on this page.`}
          rows={2}
          error={errors?.[`override-${item.id}`]}
          defaultValue={valueOf(values, `override-${item.id}`)}
        />
      ) : null}
      <button type="submit" className="button" disabled={busy}>
        Save decision<span className="visually-hidden"> on {item.title}</span>
      </button>
    </Form>
  );
}

function OverrideNote({ override }: { override: NonNullable<NonNullable<Item["decision"]>["override"]> }) {
  return (
    <p className="warning results-override">
      <strong>Awarded by override</strong>
      {override.byName ? ` (${override.byName}` : " ("}
      {override.at ? `${override.byName ? ", " : ""}${formatUkDateTime(new Date(override.at))}` : ""}): &ldquo;{override.reason}&rdquo;
    </p>
  );
}

function Nomination({ item, data, actionData, formAction }: { item: Item; data: LoaderData; actionData: ResultsActionData | undefined; formAction: string }) {
  const locked = !!data.cycle.resultsDecidedAt;
  const accepting = data.view.accept === item.id;
  const acceptOption = item.suggestion ? [...data.tiers.map((t) => t.id), NOT_AWARDED].indexOf(item.suggestion.tierId) : -1;
  const onAccept = (event: MouseEvent<HTMLAnchorElement>) => {
    // With JavaScript, fill the form in place; without, the link reloads the page with it filled.
    const radio = document.getElementById(`${fieldId(`outcome-${item.id}`)}-${acceptOption}`) as HTMLInputElement | null;
    if (!radio) return;
    event.preventDefault();
    radio.checked = true;
    (document.getElementById(fieldId(`rationale-${item.id}`)) as HTMLTextAreaElement | null)?.focus();
  };
  return (
    <article className="results-nomination" id={`nomination-${item.id}`} aria-labelledby={`nomination-${item.id}-title`}>
      <h3 id={`nomination-${item.id}-title`}>
        <span className="results-rank">
          <span className="visually-hidden">Rank </span>
          {item.rank}
          {item.tied ? <span className="visually-hidden"> (tied)</span> : null}
        </span>
        {item.title}
      </h3>
      <p>
        <Link to={`/admin/cycles/${data.cycle.slug}/nominations/${item.id}`}>
          Read the nomination in full<span className="visually-hidden">: {item.title}</span>
        </Link>
        {item.status !== "eligible" ? (
          <>
            {" "}
            <span className="tag tag--yellow">{NOMINATION_STATUS_LABELS[item.status as NominationStatus] ?? item.status}: not checked for eligibility yet</span>
          </>
        ) : null}
        {item.isExample ? (
          <>
            {" "}
            <span className="tag tag--grey">Example</span>
          </>
        ) : null}
      </p>
      <Measures item={item} measure={data.view.measure} />
      {item.tied ? (
        <p className="muted">Tied: shares rank {item.rank.replace("=", "")} in its category with another nomination. Ties are never broken silently.</p>
      ) : null}
      {item.flags.length ? (
        <ul className="results-flags" aria-label="Flags">
          {item.flags.map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      ) : null}
      {item.pending > 0 ? (
        <p className="warning">
          {item.pending} {item.pending === 1 ? "review is" : "reviews are"} not submitted yet: {item.pending === 1 ? "it is" : "they are"} not counted.
        </p>
      ) : null}
      {item.chart ? (
        <figure className="results-chart">
          <StripChart id={`chart-${item.id}`} subject={item.title} points={item.chart.points} mean={item.chart.mean} />
          <figcaption>Each dot is a judge&apos;s weighted score on the common 0-100 scale; the red line is the mean.</figcaption>
        </figure>
      ) : null}
      <h4>Judges&apos; comments</h4>
      {item.comments.length ? (
        <ul className="panel-comments">
          {item.comments.map((c, i) => (
            <li key={i}>
              <span className="panel-comments__judge">{c.judgeName}</span>
              <span className="panel-comments__score">Score {formatScore(c.weighted)} out of 100</span>
              <p>{c.comment || <span className="muted">No comment.</span>}</p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No submitted reviews yet.</p>
      )}
      {item.awardShortfall && item.decision?.outcomeTierId !== null ? (
        <p className="warning">Not judged as an award needs: {item.awardShortfall}. Only Not awarded can be given without an override.</p>
      ) : null}
      {item.decision ? (
        <>
          <p className="results-decided">
            Decided: <strong>{item.decision.outcomeName}</strong>
            {item.decision.decidedByName ? `, by ${item.decision.decidedByName}` : ""}, {formatUkDateTime(new Date(item.decision.decidedAt))}.
          </p>
          {item.decision.override && !locked ? <OverrideNote override={item.decision.override} /> : null}
        </>
      ) : (
        <p className="results-decided">
          <strong>Not decided yet.</strong>
        </p>
      )}
      {item.suggestion && !locked ? (
        <div className="results-suggestion">
          <p>
            Score bands suggest: <strong>{item.suggestion.name}</strong> ({item.suggestion.because}).
          </p>
          <p>
            <a href={withParams(data.search, { accept: item.id }, `#decision-${item.id}`)} onClick={onAccept}>
              Accept suggestion<span className="visually-hidden"> for {item.title}</span>
            </a>{" "}
            <span className="hint">(fills in the outcome; add your reasons and save)</span>
          </p>
        </div>
      ) : null}
      <DecisionForm item={item} tiers={data.tiers} locked={locked} action={formAction} actionData={actionData} accept={accepting} />
    </article>
  );
}

/** Publication at the ceremony's date and time, left to the background job (app/results/publication.server.ts). */
function ScheduleButton({ formAction, at, busy }: { formAction: string; at: string; busy: boolean }) {
  return (
    <Form method="post" action={formAction}>
      <input type="hidden" name="intent" value="schedule-publication" />
      <button type="submit" className="button button--secondary" disabled={busy}>
        Schedule publication for the ceremony, {formatUkDateTime(new Date(at))}
      </button>
    </Form>
  );
}

function Lifecycle({ data, actionData, formAction }: { data: LoaderData; actionData: ResultsActionData | undefined; formAction: string }) {
  const { cycle, counts } = data;
  const busy = useNavigation().state === "submitting";
  const errorFor = (intent: string) => (actionData?.intent === intent ? actionData : undefined);
  const lockError = errorFor("lock");
  const unlockError = errorFor("unlock");
  const reopenError = errorFor("reopen-judging");
  const publishError = errorFor("publish");
  const unpublishError = errorFor("unpublish");
  const beforeCeremony = publishError?.beforeCeremony;
  const publicPath = `/cycles/${cycle.slug}/results`;
  return (
    <section className="admin-section" id="lifecycle" aria-labelledby="lifecycle-title">
      <h2 id="lifecycle-title" className="admin-section__title">
        Decide and publish
      </h2>
      {!cycle.resultsDecidedAt ? (
        <>
          <p>
            When every nomination has an outcome, lock the results. Nobody can change an outcome while they are locked; unlocking is recorded with a reason.
          </p>
          {cycle.judgingClosedAt ? (
            <div className="panel" id="judging-closed">
              <p>
                <strong>Correcting the results: judging stays closed.</strong> The partners have been told the results, so judges cannot change their scores.
                Change the outcomes that need it, lock the results again, then send the corrections from the{" "}
                <Link to={`/admin/cycles/${cycle.slug}/emails?kind=results-correction`}>Emails page</Link>.
              </p>
              <Form method="post" action={formAction} noValidate className="admin-form">
                <input type="hidden" name="intent" value="reopen-judging" />
                <TextArea
                  name="reason"
                  label="Why reopen judging? (only if the judges must change their scores)"
                  hint="Judges can then save and submit scores again until you lock the results. Recorded in the audit trail."
                  rows={2}
                  error={reopenError?.errors.reason}
                  defaultValue={valueOf(reopenError?.values, "reason")}
                />
                {reopenError?.errors.form ? <p className="error-message">{reopenError.errors.form}</p> : null}
                <button type="submit" className="button button--secondary" disabled={busy}>
                  Reopen judging
                </button>
              </Form>
            </div>
          ) : null}
          <p>
            {counts.undecided === 0
              ? `All ${counts.nominations} nominations have an outcome.`
              : `${counts.undecided} of ${counts.nominations} ${counts.nominations === 1 ? "nomination has" : "nominations have"} no outcome yet.`}
          </p>
          {lockError ? (
            <div className="error-message" role="alert">
              <p>{lockError.errors.form}</p>
              {lockError.unsupported?.length ? (
                <ul>
                  {lockError.unsupported.map((n) => (
                    <li key={n.id}>
                      <a href={`#nomination-${n.id}`}>{nominationTitle(n)}</a> ({n.outcome}): {n.why}
                    </li>
                  ))}
                </ul>
              ) : null}
              {lockError.undecided?.length ? (
                <ul>
                  {lockError.undecided.map((n) => (
                    <li key={n.id}>
                      <a href={`#nomination-${n.id}`}>{nominationTitle(n)}</a>
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          ) : null}
          <Form method="post" action={formAction}>
            <input type="hidden" name="intent" value="lock" />
            <button type="submit" className="button" disabled={busy}>
              Results decided: lock the outcomes
            </button>
          </Form>
        </>
      ) : (
        <>
          <p className="notice">
            Results decided{cycle.lockedBy ? ` by ${cycle.lockedBy}` : ""}, {formatUkDateTime(new Date(cycle.resultsDecidedAt))}. The outcomes are locked.
          </p>
          {cycle.resultsSentAt ? <p>Results emails were sent {formatUkDateTime(new Date(cycle.resultsSentAt))}.</p> : null}
          {cycle.publishedAt ? (
            <>
              <p className="notice">
                Published {formatUkDateTime(new Date(cycle.publishedAt))}: <Link to={publicPath}>read the public results page</Link>.
              </p>
              <Form method="post" action={formAction} noValidate className="admin-form">
                <input type="hidden" name="intent" value="unpublish" />
                <TextArea
                  name="reason"
                  label="Why take the results off the public site?"
                  hint="Recorded in the audit trail."
                  rows={2}
                  error={unpublishError?.errors.reason}
                  defaultValue={valueOf(unpublishError?.values, "reason")}
                />
                {unpublishError?.errors.form ? <p className="error-message">{unpublishError.errors.form}</p> : null}
                <button type="submit" className="button button--warning" disabled={busy}>
                  Unpublish the results
                </button>
              </Form>
            </>
          ) : (
            <>
              {publishError?.errors.form ? <p className="error-message">{publishError.errors.form}</p> : null}
              {cycle.publishResultsAt ? (
                <div className="notice" id="publish-scheduled">
                  <p>
                    Publication scheduled: the results will be published at the ceremony, <strong>{formatUkDateTime(new Date(cycle.publishResultsAt))}</strong>.
                    Until then only the cycle&apos;s organisers can see them.
                  </p>
                  <Form method="post" action={formAction}>
                    <input type="hidden" name="intent" value="cancel-scheduled-publication" />
                    <button type="submit" className="button button--secondary" disabled={busy}>
                      Cancel the scheduled publication
                    </button>
                  </Form>
                </div>
              ) : null}
              {beforeCeremony ? (
                <div className="results-confirm" id="publish-confirm" role="region" aria-labelledby="publish-confirm-title">
                  <h3 id="publish-confirm-title">The ceremony has not happened yet</h3>
                  <p role="alert">{beforeCeremony.message}</p>
                  <Form method="post" action={formAction}>
                    <input type="hidden" name="intent" value="publish" />
                    <input type="hidden" name="confirm" value="yes" />
                    <input type="hidden" name="beforeCeremony" value="yes" />
                    <button type="submit" className="button button--warning" disabled={busy}>
                      Yes, publish now, before the ceremony
                    </button>
                  </Form>
                  {!cycle.publishResultsAt ? <ScheduleButton formAction={formAction} at={beforeCeremony.ceremonyAt} busy={busy} /> : null}
                  <p>
                    <Link to={withParams(data.search, { confirm: null }, "#lifecycle")}>Cancel</Link>
                  </p>
                </div>
              ) : data.view.confirmPublish ? (
                <div className="results-confirm" id="publish-confirm" role="region" aria-labelledby="publish-confirm-title">
                  <h3 id="publish-confirm-title">Publish the results of {cycle.name}?</h3>
                  <p>
                    Anyone will be able to read the outcomes at <code>{publicPath}</code>, with each awarded nomination&apos;s partners and, where the partners
                    agreed to publish it, its summary. Make sure every partner has been told first.
                  </p>
                  {cycle.ceremonyAhead ? (
                    <p>
                      The ceremony is on <strong>{formatUkDateTime(new Date(cycle.ceremonyAhead))}</strong>: you will be asked again before publishing ahead of
                      it.
                    </p>
                  ) : null}
                  <Form method="post" action={formAction}>
                    <input type="hidden" name="intent" value="publish" />
                    <input type="hidden" name="confirm" value="yes" />
                    <button type="submit" className="button" disabled={busy}>
                      Yes, publish the results
                    </button>
                    <Link to={withParams(data.search, { confirm: null }, "#lifecycle")}>Cancel</Link>
                  </Form>
                </div>
              ) : (
                <>
                  <p>
                    <Link className="button" to={withParams(data.search, { confirm: "publish" }, "#publish-confirm")}>
                      Publish results
                    </Link>
                  </p>
                  {cycle.ceremonyAhead && !cycle.publishResultsAt ? <ScheduleButton formAction={formAction} at={cycle.ceremonyAhead} busy={busy} /> : null}
                </>
              )}
              <Form method="post" action={formAction} noValidate className="admin-form">
                <input type="hidden" name="intent" value="unlock" />
                {cycle.partnersTold ? (
                  <p>
                    <strong>The partners have been told these results.</strong> Unlocking now is a correction: outcomes can change, judging stays closed (you
                    can reopen it separately, on purpose), and any changed outcome is sent as a correction to exactly the partners who were told it, from the
                    Emails page, once you lock the results again.
                  </p>
                ) : null}
                <TextArea
                  name="reason"
                  label={cycle.partnersTold ? "Why correct the results?" : "Why unlock the results?"}
                  hint="Unlocking lets outcomes change again. The reason is recorded in the audit trail."
                  rows={2}
                  error={unlockError?.errors.reason}
                  defaultValue={valueOf(unlockError?.values, "reason")}
                />
                {unlockError?.errors.form ? <p className="error-message">{unlockError.errors.form}</p> : null}
                <button type="submit" className="button button--secondary" disabled={busy}>
                  {cycle.partnersTold ? "Unlock the results for a correction" : "Unlock the results"}
                </button>
              </Form>
            </>
          )}
        </>
      )}
    </section>
  );
}

/** The organiser's results page: the view chosen, the nominations by category with their decisions, and where the results stand. */
export function ResultsPage({ data, actionData }: { data: LoaderData; actionData: ResultsActionData | undefined }) {
  const location = useLocation();
  const { cycle, view, counts } = data;
  const formAction = `${location.pathname}${location.search}`;
  const exportHref = (kind: string) =>
    `/admin/cycles/${cycle.slug}/results.csv?kind=${kind}${kind === "results" ? `&measure=${view.measure}&threshold=${encodeURIComponent(String(view.threshold))}` : ""}`;
  const bandHint =
    view.measure === "normalised"
      ? "On the normalised scale: 0 is a judge's own average, +1 is one standard deviation above it."
      : `On the 0-100 scale of the ${view.measure}.`;
  const summaryErrors = actionData?.errors;

  return (
    <>
      <ErrorSummary errors={summaryErrors} />
      <h1>Results</h1>
      <p className="lead">
        {cycle.name}: {cycle.phase}.
      </p>
      {cycle.judgingOpen ? (
        <p className="warning">
          Judging is still open{cycle.judgingCloseAt ? ` until ${formatUkDateTime(new Date(cycle.judgingCloseAt))}` : ""}: scores may still change.
        </p>
      ) : null}

      <ul className="stats" aria-label="Outcomes so far">
        <li>
          <span className="stats__number">{counts.nominations}</span> nominations
        </li>
        <li>
          <span className="stats__number">{counts.undecided}</span> not decided yet
        </li>
        {counts.byTier.map((t) => (
          <li key={t.name}>
            <span className="stats__number">{t.count}</span> {t.name}
          </li>
        ))}
        <li>
          <span className="stats__number">{counts.notAwarded}</span> Not awarded
        </li>
      </ul>
      {data.excluded.withdrawn + data.excluded.ineligible + data.excluded.notSubmitted > 0 ? (
        <p className="muted">
          Not counted: {data.excluded.withdrawn} withdrawn, {data.excluded.ineligible} not eligible, {data.excluded.notSubmitted} never submitted.
        </p>
      ) : null}

      {!data.ok ? (
        <section className="warning results-problems" aria-labelledby="problems-title">
          <h2 id="problems-title">Fix these reviews first</h2>
          <p>
            The scores cannot be ranked until these {data.problemCount} {data.problemCount === 1 ? "problem is" : "problems are"} fixed. A blank score is never
            read as zero. You can still record outcomes.
          </p>
          <ul>
            {data.problems.map((p, i) => (
              <li key={i}>
                {p.text}
                {p.nominationId ? (
                  <>
                    {" "}
                    (<Link to={`/admin/cycles/${cycle.slug}/nominations/${p.nominationId}`}>open the nomination</Link>)
                  </>
                ) : null}
              </li>
            ))}
          </ul>
          {data.problemCount > data.problems.length ? <p>And {data.problemCount - data.problems.length} more.</p> : null}
        </section>
      ) : null}

      <Lifecycle data={data} actionData={actionData} formAction={formAction} />

      <section className="admin-section results-settings" aria-labelledby="view-title">
        <h2 id="view-title" className="admin-section__title">
          How nominations are ranked
        </h2>
        <Form method="get" noValidate>
          <Radios
            name="measure"
            legend="Rank by"
            defaultValue={view.measure}
            options={RANKING_MEASURES.map((m) => ({
              value: m,
              label: RANKING_MEASURE_LABELS[m] + (m === cycle.defaults.measure ? " (the cycle's default)" : ""),
            }))}
          />
          <TextField
            name="threshold"
            label="Flag 'judges disagree' when their scores are more than this many points apart"
            hint={`Points on a 1-5 scale (the cycle's default is ${cycle.defaults.threshold}). 1.5 points is 37.5 on the 0-100 scale.`}
            width="quarter"
            inputMode="decimal"
            error={view.thresholdError ?? undefined}
            defaultValue={view.thresholdText}
          />
          <Select name="category" label="Show" defaultValue={view.category} options={data.categoryOptions} />
          <fieldset className="fieldset">
            <legend className="legend">Score bands for suggested outcomes (optional)</legend>
            <p className="hint">
              The lowest {view.measure} score for each outcome. Suggestions appear beside each nomination; you decide. {bandHint}
            </p>
            <div className="results-bands">
              {data.tiers.map((t) => (
                <TextField
                  key={t.id}
                  name={`band-${t.id}`}
                  label={`${t.name} from`}
                  width="half"
                  inputMode="decimal"
                  error={view.bandErrors[t.id]}
                  defaultValue={view.bands[t.id] ?? ""}
                />
              ))}
            </div>
          </fieldset>
          <button type="submit" className="button button--secondary">
            Show the results
          </button>
        </Form>
        <p className="small muted">
          To change the cycle&apos;s defaults, use the <Link to={adminPath(cycle.slug, "settings")}>settings</Link>. Worked out in {data.timingMs} ms.
        </p>
        <h3>Download</h3>
        <ul className="results-downloads">
          <li>
            <a href={exportHref("results")} download>
              Results (CSV)
            </a>
          </li>
          <li>
            <a href={exportHref("scores")} download>
              Every score (CSV)
            </a>
          </li>
          <li>
            <a href={exportHref("decisions")} download>
              Decisions (CSV)
            </a>
          </li>
        </ul>
      </section>

      {data.groups.length === 0 ? <p>There are no nominations to decide yet.</p> : null}
      {data.groups.map((group) => (
        <section key={group.key} aria-labelledby={`category-${group.key}`}>
          <h2 id={`category-${group.key}`}>{group.name}</h2>
          <div className="table-wrap">
            <table className="admin-table results-table">
              <caption>
                {group.name}: nominations in rank order by the {view.measure} score
              </caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Rank
                  </th>
                  <th scope="col">Nomination</th>
                  <th scope="col" className="num">
                    Normalised
                  </th>
                  <th scope="col" className="num">
                    Mean
                  </th>
                  <th scope="col" className="num">
                    Median
                  </th>
                  <th scope="col" className="num">
                    Spread
                  </th>
                  <th scope="col" className="num">
                    Judges
                  </th>
                  <th scope="col">Flags</th>
                  <th scope="col">Outcome</th>
                </tr>
              </thead>
              <tbody>
                {group.items.map((item) => (
                  <tr key={item.id}>
                    <td className="num">{item.rank}</td>
                    <th scope="row">
                      <a href={`#nomination-${item.id}`}>{item.title}</a>
                    </th>
                    <td className="num">{formatZ(item.normalised)}</td>
                    <td className="num">{formatScore(item.mean)}</td>
                    <td className="num">{formatScore(item.median)}</td>
                    <td className="num">{formatScore(item.spread)}</td>
                    <td className="num">{item.judgeCount}</td>
                    <td>{item.flags.length ? item.flags.map((f) => f.split(":")[0]).join("; ") : "None"}</td>
                    <td>{item.decision ? `${item.decision.outcomeName}${item.decision.override ? " (override)" : ""}` : "Not decided"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {group.items.map((item) => (
            <Nomination key={item.id} item={item} data={data} actionData={actionData} formAction={formAction} />
          ))}
        </section>
      ))}

      <section className="admin-section" aria-labelledby="trail-title">
        <h2 id="trail-title" className="admin-section__title">
          Audit trail of decisions
        </h2>
        {data.trail.length === 0 ? (
          <p>No decisions yet.</p>
        ) : (
          <div className="table-wrap">
            <DataTable caption="Decisions and results, newest first" columns={["When", "Who", "What", "Nomination", "Reasons"]}>
              {data.trail.map((e) => (
                <tr key={e.id}>
                  <td>{formatUkDateTime(new Date(e.at))}</td>
                  <td>{e.who}</td>
                  <td>{e.summary}</td>
                  <td>{e.title ?? ""}</td>
                  <td>
                    {e.note ?? ""}
                    {e.override ? (
                      <>
                        {e.note ? " " : ""}
                        <strong>Override:</strong> {e.override}
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </DataTable>
          </div>
        )}
      </section>
    </>
  );
}
