import { DataTable } from "~/components/data-table";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { adminPath, type AdminHandle } from "~/components/admin-nav";
import { ErrorSummary, TextArea, TextField } from "~/components/forms";
import { MIN_JUDGES_RANGE } from "~/cycles/schemas";
import { prisma } from "~/db/client.server";
import { readFormData } from "~/forms/read.server";
import { parseForm } from "~/forms/validate";
import {
  AutoAssignRefused,
  assignOne,
  assignPanel,
  clearConflict,
  loadJudgingOverview,
  runAutoAssign,
  sendJudgingReminders,
  unassign,
  type AssignPanelResult,
  type RunAutoAssignResult,
} from "~/judging/assignments.server";
import { CampaignError } from "~/mail/campaigns.server";
import adminStyles from "~/styles/admin.css";
import judgingStyles from "~/styles/judging.css";
import { formatUkDateTime } from "~/utils/time";
import { capitalise } from "~/utils/text";
import { requireOrganiser } from "~/http/guards.server";

export const handle: AdminHandle = { adminSection: "judges" };

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: adminStyles },
  { rel: "stylesheet", href: judgingStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Judges: ${data.cycle.name} - Compact Awards` : "Compact Awards" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cycle } = await requireOrganiser(request, params.slug!);
  const overview = await loadJudgingOverview(prisma, cycle);
  return json({
    cycle: {
      slug: cycle.slug,
      name: cycle.name,
      minJudgesPerNomination: cycle.minJudgesPerNomination,
      judgingCloseAt: cycle.judgingCloseAt ? cycle.judgingCloseAt.toISOString() : null,
    },
    ...overview,
    categoryOptions: cycle.categories.map((c) => ({ id: c.id, name: c.name })),
  });
}

const wholeNumber = (label: string, min: number, max: number) =>
  z
    .string({ error: `Enter ${label} as a whole number, like 3` })
    .trim()
    .regex(/^\d+$/, `Enter ${label} as a whole number, like 3`)
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, `${capitalise(label)} must be ${min} or more`)
        .max(max, `${capitalise(label)} must be ${max} or fewer`)
        .int(),
    );

const intentSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("auto-assign"),
      min: wholeNumber("the minimum number of judges", MIN_JUDGES_RANGE.min, MIN_JUDGES_RANGE.max),
      maxLoad: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), wholeNumber("the maximum per judge", 1, 10_000).optional()),
    }),
    z.object({ intent: z.literal("assign"), judgeId: z.string().min(1, "Choose a judge"), nominationId: z.string().min(1) }),
    z.object({ intent: z.literal("unassign"), assignmentId: z.string().min(1) }),
    z.object({
      intent: z.literal("panel"),
      categoryId: z.string().min(1, "Choose a category"),
      judgeIds: z.array(z.string()).min(1, "Choose at least one judge for the panel"),
    }),
    z.object({ intent: z.literal("remind") }),
    z.object({ intent: z.literal("clear-conflict"), assignmentId: z.string().min(1) }),
  ],
  { error: "Something went wrong with that button. Reload the page and try again." },
);

/** The panel's judges are a list however many are ticked; any other field sent twice counts once. */
function panelForm(values: Record<string, string | string[]>) {
  const shaped: Record<string, string | string[]> = { judgeIds: [] };
  for (const [key, value] of Object.entries(values)) shaped[key] = key === "judgeIds" ? [value].flat() : Array.isArray(value) ? (value[0] ?? "") : value;
  return shaped;
}

type ActionData =
  | { kind: "errors"; errors: Record<string, string>; values: Record<string, string | string[]> }
  | { kind: "auto"; result: Omit<RunAutoAssignResult, "created"> & { createdCount: number; maxLoad: number | null } }
  | { kind: "panel"; result: AssignPanelResult }
  | { kind: "message"; ok: boolean; message: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, cycle } = await requireOrganiser(request, params.slug!);
  const form = parseForm(intentSchema, await readFormData(request), panelForm);
  const { values } = form;
  if (!form.ok) return json<ActionData>({ kind: "errors", errors: form.errors.intent ? { form: form.errors.intent } : form.errors, values }, { status: 400 });
  const input = form.data;
  switch (input.intent) {
    case "auto-assign": {
      // The page's minimum IS the cycle's: a different number changes the cycle's setting (issue 19, item 4).
      try {
        const result = await runAutoAssign(prisma, actor, cycle, { minJudgesPerNomination: input.min, maxLoad: input.maxLoad ?? null });
        const { created, ...rest } = result;
        return json<ActionData>({ kind: "auto", result: { ...rest, createdCount: created.length, maxLoad: input.maxLoad ?? null } });
      } catch (error) {
        if (error instanceof AutoAssignRefused) return json<ActionData>({ kind: "errors", errors: { [error.field]: error.message }, values }, { status: 400 });
        throw error;
      }
    }
    case "clear-conflict": {
      const field = `reason-${input.assignmentId}`;
      const reason = typeof values[field] === "string" ? values[field] : "";
      const result = await clearConflict(prisma, actor, cycle, { assignmentId: input.assignmentId, reason });
      if (!result.ok && result.field) return json<ActionData>({ kind: "errors", errors: { [field]: result.message }, values }, { status: 400 });
      return json<ActionData>({ kind: "message", ok: result.ok, message: result.message }, { status: result.ok ? 200 : 400 });
    }
    case "assign": {
      const result = await assignOne(prisma, actor, cycle, { judgeId: input.judgeId, nominationId: input.nominationId });
      return json<ActionData>({ kind: "message", ok: result.ok, message: result.message }, { status: result.ok ? 200 : 400 });
    }
    case "unassign": {
      const result = await unassign(prisma, actor, cycle, input.assignmentId);
      return json<ActionData>({ kind: "message", ok: result.ok, message: result.message }, { status: result.ok ? 200 : 400 });
    }
    case "panel": {
      const result = await assignPanel(prisma, actor, cycle, { categoryId: input.categoryId, judgeIds: input.judgeIds });
      return json<ActionData>({ kind: "panel", result }, { status: result.ok ? 200 : 400 });
    }
    case "remind": {
      try {
        const result = await sendJudgingReminders(prisma, actor, cycle);
        const message =
          result.total === 0
            ? "No judge has work outstanding: no reminders sent."
            : `${result.queued} ${result.queued === 1 ? "reminder" : "reminders"} being sent now${
                result.alreadyToday
                  ? `; ${result.alreadyToday} ${result.alreadyToday === 1 ? "judge was" : "judges were"} already reminded today, so not again`
                  : ""
              }.`;
        return json<ActionData>({ kind: "message", ok: true, message });
      } catch (error) {
        if (error instanceof CampaignError) return json<ActionData>({ kind: "message", ok: false, message: error.message }, { status: 400 });
        throw error;
      }
    }
  }
}

const STATUS_LABELS: Record<string, { text: string; tag: string }> = {
  submitted: { text: "scored", tag: "tag tag--green" },
  draft: { text: "draft", tag: "tag tag--yellow" },
  not_started: { text: "not started", tag: "tag tag--grey" },
};

export default function Judges() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const { cycle } = data;
  const errors = actionData?.kind === "errors" ? actionData.errors : undefined;
  const values = actionData?.kind === "errors" ? actionData.values : undefined;
  const byCategory = data.categoryOptions
    .map((c) => ({ ...c, nominations: data.nominations.filter((n) => n.categoryId === c.id) }))
    .concat([{ id: "", name: "No category", nominations: data.nominations.filter((n) => !n.categoryId) }])
    .filter((c) => c.nominations.length > 0);
  const outstanding = data.judges.filter((j) => j.outstanding > 0);

  return (
    <>
      <ErrorSummary errors={errors} />
      <h1>Judges</h1>
      <p className="lead">
        {data.judges.length} {data.judges.length === 1 ? "judge" : "judges"}, {data.nominations.length} eligible{" "}
        {data.nominations.length === 1 ? "nomination" : "nominations"}, at least {cycle.minJudgesPerNomination}{" "}
        {cycle.minJudgesPerNomination === 1 ? "judge" : "judges"} each.
      </p>
      <p>
        Only <strong>eligible</strong> nominations are judged.
        {data.awaitingEligibility > 0 ? (
          <>
            {" "}
            {data.awaitingEligibility} submitted {data.awaitingEligibility === 1 ? "nomination is" : "nominations are"} waiting for an eligibility check and
            will get judges once found eligible (<Link to={adminPath(cycle.slug, "nominations")}>check nominations</Link>).
          </>
        ) : null}{" "}
        To invite judges, go to <Link to={adminPath(cycle.slug, "people")}>People</Link>.
        {cycle.judgingCloseAt ? <> Judging closes on {formatUkDateTime(new Date(cycle.judgingCloseAt))} (UK time).</> : null}
      </p>

      {/* Shown once the page's figures have caught up with what the action did. */}
      {navigation.state === "idle" ? <ActionOutcome actionData={actionData} /> : null}

      {data.flagged.length > 0 ? (
        <section className="warning" aria-labelledby="flagged-heading">
          <h2 id="flagged-heading">
            {data.flagged.length} {data.flagged.length === 1 ? "nomination has" : "nominations have"} fewer than {cycle.minJudgesPerNomination} judges without a
            conflict
          </h2>
          <ul>
            {data.flagged.map((f) => (
              <li key={f.id}>
                <a href={`#nomination-${f.id}`}>{f.title}</a> ({f.categoryName}): {f.have} of {f.need}
                {f.conflicted ? `; ${f.conflicted} ${f.conflicted === 1 ? "judge" : "judges"} with a conflict` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="admin-section" aria-labelledby="progress-heading">
        <h2 id="progress-heading" className="admin-section__title">
          Progress by judge
        </h2>
        {data.judges.length === 0 ? (
          <p>
            No judges yet. <Link to={adminPath(cycle.slug, "people")}>Invite judges on the People page</Link>.
          </p>
        ) : (
          <div className="table-wrap">
            <table className="admin-table">
              <caption className="visually-hidden">Judges, their organisation and their progress</caption>
              <thead>
                <tr>
                  <th scope="col">Judge</th>
                  <th scope="col">Organisation</th>
                  <th scope="col" className="num">
                    Assigned
                  </th>
                  <th scope="col" className="num">
                    Scored
                  </th>
                  <th scope="col" className="num">
                    In draft
                  </th>
                  <th scope="col" className="num">
                    Not started
                  </th>
                  <th scope="col" className="num">
                    Conflicts
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.judges.map((j) => (
                  <tr key={j.id}>
                    <th scope="row">
                      {j.name}
                      {j.jobTitle ? <span className="muted small"> · {j.jobTitle}</span> : null}
                    </th>
                    <td>{j.organisationName ?? <span className="muted">Not given</span>}</td>
                    <td className="num">{j.assigned}</td>
                    <td className="num">{j.submitted}</td>
                    <td className="num">{j.draft}</td>
                    <td className="num">{j.notStarted}</td>
                    <td className="num">{j.conflicts}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">All judges</th>
                  <td />
                  <td className="num">{data.totals.assigned}</td>
                  <td className="num">{data.totals.submitted}</td>
                  <td className="num">{data.totals.draft}</td>
                  <td className="num">{data.totals.notStarted}</td>
                  <td className="num">{data.conflicts.length}</td>
                </tr>
              </tfoot>
            </table>
          </div>
        )}
        <Form method="post" className="admin-actions">
          <input type="hidden" name="intent" value="remind" />
          <button type="submit" className="button button--secondary" disabled={outstanding.length === 0 || busy === "remind"}>
            Send reminder
          </button>
          <span className="hint">
            {outstanding.length === 0
              ? "No judge has work outstanding."
              : `Emails the ${outstanding.length === 1 ? "judge" : `${outstanding.length} judges`} with nominations still to score: ${outstanding.map((j) => j.name).join(", ")}. At most one reminder a judge a day.`}{" "}
            <Link to={adminPath(cycle.slug, "emails")}>See sent emails</Link>
          </span>
        </Form>
      </section>

      <section className="admin-section" aria-labelledby="category-progress-heading">
        <h2 id="category-progress-heading" className="admin-section__title">
          Progress by category
        </h2>
        <div className="table-wrap">
          <DataTable
            caption="Scoring progress in each category"
            hiddenCaption
            columns={[
              "Category",
              { label: "Eligible nominations", className: "num" },
              { label: "Assignments", className: "num" },
              { label: "Scored", className: "num" },
              { label: "In draft", className: "num" },
              { label: "Not started", className: "num" },
            ]}
          >
            {data.categories.map((c) => (
              <tr key={c.id || "none"}>
                <th scope="row">{c.name}</th>
                <td className="num">{c.nominations}</td>
                <td className="num">{c.assigned}</td>
                <td className="num">{c.submitted}</td>
                <td className="num">{c.draft}</td>
                <td className="num">{c.notStarted}</td>
              </tr>
            ))}
          </DataTable>
        </div>
      </section>

      <section className="admin-section" aria-labelledby="auto-heading">
        <h2 id="auto-heading" className="admin-section__title">
          Automatic assignment
        </h2>
        <p>
          Gives every eligible nomination at least the minimum number of judges without a conflict of interest, spreading the reading as evenly as the conflicts
          allow. Assignments already made are kept. Running it again with the same judges and nominations changes nothing.
        </p>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="auto-assign" />
          <div className="judges-form-row">
            <TextField
              name="min"
              label="Minimum judges per nomination (the cycle's setting)"
              hint="One number for the whole cycle: changing it here changes the cycle's setting, which the “too few judges” flags, the results and the checks before locking also use."
              width="quarter"
              inputMode="numeric"
              defaultValue={typeof values?.min === "string" ? values.min : String(cycle.minJudgesPerNomination)}
              error={errors?.min}
            />
            <TextField
              name="maxLoad"
              label="Maximum nominations per judge (optional)"
              hint="Leave blank for no limit."
              width="quarter"
              inputMode="numeric"
              defaultValue={typeof values?.maxLoad === "string" ? values.maxLoad : ""}
              error={errors?.maxLoad}
            />
          </div>
          <button type="submit" className="button" disabled={busy === "auto-assign"}>
            Assign judges automatically
          </button>
        </Form>
      </section>

      <section className="admin-section" aria-labelledby="panel-heading">
        <h2 id="panel-heading" className="admin-section__title">
          Panel for a category
        </h2>
        <p>Give the judges you choose every eligible nomination in one category, except where they have a conflict of interest.</p>
        {data.categoryOptions.length === 0 || data.judges.length === 0 ? (
          <p className="muted">You need categories and judges first.</p>
        ) : (
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="panel" />
            <div className={`field${errors?.categoryId ? " field--error" : ""}`}>
              <label className="label" htmlFor="field-categoryId">
                Category
              </label>
              {errors?.categoryId ? (
                <p className="error-message" id="field-categoryId-error">
                  <span className="visually-hidden">Error: </span>
                  {errors.categoryId}
                </p>
              ) : null}
              <select className="select" id="field-categoryId" name="categoryId" defaultValue={typeof values?.categoryId === "string" ? values.categoryId : ""}>
                <option value="">Choose a category</option>
                {data.categoryOptions.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </div>
            <div className={`field${errors?.judgeIds ? " field--error" : ""}`}>
              <fieldset className="fieldset" id="field-judgeIds" aria-describedby={errors?.judgeIds ? "field-judgeIds-error" : undefined}>
                <legend className="legend">Judges on the panel</legend>
                {errors?.judgeIds ? (
                  <p className="error-message" id="field-judgeIds-error">
                    <span className="visually-hidden">Error: </span>
                    {errors.judgeIds}
                  </p>
                ) : null}
                <div className="checkboxes">
                  {data.judges.map((j) => (
                    <div className="checkbox" key={j.id}>
                      <input type="checkbox" id={`panel-judge-${j.id}`} name="judgeIds" value={j.id} />
                      <label htmlFor={`panel-judge-${j.id}`}>
                        {j.name}
                        {j.organisationName ? <span className="muted"> ({j.organisationName})</span> : null}
                      </label>
                    </div>
                  ))}
                </div>
              </fieldset>
            </div>
            <button type="submit" className="button button--secondary" disabled={busy === "panel"}>
              Assign the panel
            </button>
          </Form>
        )}
      </section>

      <section className="admin-section" aria-labelledby="nominations-heading">
        <h2 id="nominations-heading" className="admin-section__title">
          Nominations and their judges
        </h2>
        {byCategory.length === 0 ? <p>No eligible nominations yet.</p> : null}
        {byCategory.map((c) => (
          <div key={c.id || "none"} className="table-wrap">
            <DataTable caption={c.name} columns={["Nomination", "Judges", "Add a judge"]}>
              {c.nominations.map((n) => (
                <tr key={n.id} id={`nomination-${n.id}`}>
                  <th scope="row">
                    {n.title}
                    <span className={`small ${n.have < n.need ? "tag tag--red" : "muted"}`} style={{ display: "block", width: "fit-content" }}>
                      {n.have} of {n.need} judges
                    </span>
                  </th>
                  <td>
                    {n.judges.length === 0 ? <span className="muted">None yet</span> : null}
                    {n.judges.map((j) => (
                      <span key={j.assignmentId} className="judge-chip">
                        <span>{j.judgeName}</span> <span className={STATUS_LABELS[j.status]?.tag}>{STATUS_LABELS[j.status]?.text ?? j.status}</span>
                        {j.removable ? (
                          <Form method="post">
                            <input type="hidden" name="intent" value="unassign" />
                            <input type="hidden" name="assignmentId" value={j.assignmentId} />
                            <button type="submit" className="link-button">
                              Remove
                              <span className="visually-hidden">
                                {" "}
                                {j.judgeName} from {n.title}
                              </span>
                            </button>
                          </Form>
                        ) : null}
                      </span>
                    ))}
                    {n.conflicted.length > 0 ? (
                      <span className="muted small" style={{ display: "block" }}>
                        {n.conflicted.length} with a conflict of interest
                      </span>
                    ) : null}
                  </td>
                  <td>
                    {n.available.length === 0 ? (
                      <span className="muted">Every judge is on it or conflicted</span>
                    ) : (
                      <Form method="post" className="judges-inline-form">
                        <input type="hidden" name="intent" value="assign" />
                        <input type="hidden" name="nominationId" value={n.id} />
                        <label className="visually-hidden" htmlFor={`assign-${n.id}`}>
                          Judge to add to {n.title}
                        </label>
                        <select className="select" id={`assign-${n.id}`} name="judgeId" defaultValue="">
                          <option value="">Choose a judge</option>
                          {n.available.map((j) => (
                            <option key={j.id} value={j.id}>
                              {j.name}
                            </option>
                          ))}
                        </select>
                        <button type="submit" className="button button--secondary button--small">
                          Assign<span className="visually-hidden"> to {n.title}</span>
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
          </div>
        ))}
      </section>

      <section className="admin-section" aria-labelledby="conflicts-heading">
        <h2 id="conflicts-heading" className="admin-section__title">
          Conflicts of interest
        </h2>
        <p>
          <strong>Detected</strong>: the judge&apos;s organisation, email domain or email address matches a partner; they never see the nomination.{" "}
          <strong>Declared</strong>: the judge told us when they first opened it. Neither judge scores the nomination. A conflict stays, even when the rule
          stops finding it (say the judge changed organisation), until an organiser clears it here with a reason; judges cannot clear one.
        </p>
        {data.conflicts.length === 0 ? (
          <p>No conflicts of interest recorded yet. Automatic assignment and panels record every conflict they find.</p>
        ) : (
          <div className="table-wrap">
            <DataTable caption="Every conflict of interest, with its reason" hiddenCaption columns={["Judge", "Nomination", "Kind", "Why", "When", "Clear"]}>
              {data.conflicts.map((c) => (
                <tr key={c.assignmentId}>
                  <td>{c.judgeName}</td>
                  <td>
                    {c.nominationTitle}
                    {c.nominationStatus !== "eligible" ? <span className="muted small"> ({c.nominationStatus})</span> : null}
                  </td>
                  <td>
                    <span className={c.kind === "declared" ? "tag tag--yellow" : "tag tag--red"}>{c.kind === "declared" ? "Declared" : "Detected"}</span>
                  </td>
                  <td>{c.reason || <span className="muted">No reason given</span>}</td>
                  <td>{c.at ? formatUkDateTime(new Date(c.at)) : ""}</td>
                  <td>
                    <ClearConflict conflict={c} errors={errors} values={values} />
                  </td>
                </tr>
              ))}
            </DataTable>
          </div>
        )}
        <h3 id="cleared-conflicts-heading">Cleared conflicts</h3>
        {data.clearedConflicts.length === 0 ? (
          <p>No conflict of interest has been cleared. A conflict stays until an organiser clears it here, with a reason; judges cannot clear one.</p>
        ) : (
          <div className="table-wrap">
            <table className="admin-table" aria-labelledby="cleared-conflicts-heading">
              <caption className="visually-hidden">Every cleared conflict of interest: who cleared it, when and why</caption>
              <thead>
                <tr>
                  <th scope="col">Judge</th>
                  <th scope="col">Nomination</th>
                  <th scope="col">The conflict was</th>
                  <th scope="col">Cleared by</th>
                  <th scope="col">When</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {data.clearedConflicts.map((c) => (
                  <tr key={c.id}>
                    <td>{c.judgeName}</td>
                    <td>{c.nominationTitle}</td>
                    <td>
                      {c.kind === "declared" ? "Declared" : "Detected"}
                      {c.conflictReason ? `: ${c.conflictReason}` : ""}
                    </td>
                    <td>{c.kind ? c.clearedBy : `${c.clearedBy}'s automatic assignment run (before conflicts had to be cleared by hand)`}</td>
                    <td>{formatUkDateTime(new Date(c.at))}</td>
                    <td>{c.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

type Conflict = ReturnType<typeof useLoaderData<typeof loader>>["conflicts"][number];

/** Clearing one conflict: organisers only, with a reason; refused (and said why) while the rule still finds it. */
function ClearConflict({
  conflict: c,
  errors,
  values,
}: {
  conflict: Conflict;
  errors: Record<string, string> | undefined;
  values: Record<string, string | string[]> | undefined;
}) {
  const field = `reason-${c.assignmentId}`;
  if (c.stillDetected) return <span className="muted small">Still detected: it stays while the rule finds it</span>;
  if (!c.clearable) return <span className="muted small">Kept: the results are decided</span>;
  return (
    <details open={!!errors?.[field]}>
      <summary>
        Clear
        <span className="visually-hidden">
          {" "}
          the conflict between {c.judgeName} and {c.nominationTitle}
        </span>
      </summary>
      {c.stillDetected === false ? <p className="small">No longer detected: clear it only if it no longer applies.</p> : null}
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="clear-conflict" />
        <input type="hidden" name="assignmentId" value={c.assignmentId} />
        <TextArea
          name={field}
          label={
            <>
              Why it no longer applies
              <span className="visually-hidden">
                {" "}
                ({c.judgeName}, {c.nominationTitle})
              </span>
            </>
          }
          hint="Recorded with your name; the judge then has the nomination again."
          rows={2}
          error={errors?.[field]}
          defaultValue={typeof values?.[field] === "string" ? (values[field] as string) : ""}
        />
        <button type="submit" className="button button--secondary button--small">
          Clear the conflict
          <span className="visually-hidden">
            {" "}
            between {c.judgeName} and {c.nominationTitle}
          </span>
        </button>
      </Form>
    </details>
  );
}

function ActionOutcome({ actionData }: { actionData: ActionData | undefined }) {
  if (!actionData || actionData.kind === "errors") return null;
  if (actionData.kind === "message") {
    return (
      <div className={actionData.ok ? "notice" : "warning"} role={actionData.ok ? "status" : "alert"}>
        {actionData.message}
      </div>
    );
  }
  if (actionData.kind === "panel") {
    const r = actionData.result;
    return (
      <div className={r.ok ? "notice" : "warning"} role={r.ok ? "status" : "alert"}>
        <p>{r.message}</p>
        {r.skipped.length > 0 ? (
          <ul className="result-list">
            {r.skipped.map((s, i) => (
              <li key={i}>
                {s.judgeName} not given &ldquo;{s.nominationTitle}&rdquo;: {s.reason}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    );
  }
  const r = actionData.result;
  return (
    <section className="panel panel--highlight" role="status" aria-labelledby="auto-result-heading">
      <h2 id="auto-result-heading">Automatic assignment done</h2>
      {r.minChanged ? (
        <p>
          <strong>
            The cycle&apos;s minimum is now {r.minChanged.to} {r.minChanged.to === 1 ? "judge" : "judges"} per nomination (it was {r.minChanged.from}).
          </strong>{" "}
          The &ldquo;too few judges&rdquo; flags, the results and the checks before locking use it too; it is also on the settings page.
        </p>
      ) : null}
      <p>
        {r.createdCount === 0 ? "No new assignments were needed." : `${r.createdCount} new ${r.createdCount === 1 ? "assignment" : "assignments"} made`} for{" "}
        {r.nominations} eligible {r.nominations === 1 ? "nomination" : "nominations"} and {r.judges} {r.judges === 1 ? "judge" : "judges"}, at least {r.min}{" "}
        {r.min === 1 ? "judge" : "judges"} each{r.maxLoad ? `, at most ${r.maxLoad} per judge` : ""}.
        {r.conflictsRecorded > 0
          ? ` ${r.conflictsRecorded} ${r.conflictsRecorded === 1 ? "conflict of interest was" : "conflicts of interest were"} found and recorded.`
          : ""}
      </p>
      {r.loads.length > 0 ? <p>Nominations per judge now: {r.loads.map((l) => `${l.name} ${l.load}`).join(", ")}.</p> : null}
      {r.uncovered.length === 0 ? (
        <p>Every eligible nomination has enough judges.</p>
      ) : (
        <>
          <h3>Could not be covered</h3>
          <ul className="result-list">
            {r.uncovered.map((u) => (
              <li key={u.nominationId}>
                <strong>{u.title}</strong>: {u.have} of {u.need} judges. {u.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
