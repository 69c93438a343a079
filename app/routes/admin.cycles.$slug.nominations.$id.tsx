import { DataTable } from "~/components/data-table";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { flash } from "~/auth/session.server";
import { adminPath, type AdminHandle } from "~/components/admin-nav";
import { ErrorSummary, TextArea, TextField, valueOf } from "~/components/forms";
import { NominationView } from "~/components/nomination-view";
import { nominationsOpen } from "~/cycles/phase";
import { prisma } from "~/db/client.server";
import { NOMINATION_STATUS_LABELS, type NominationStatus } from "~/domain/vocabulary";
import { readFormData } from "~/forms/read.server";
import { parseForm } from "~/forms/validate";
import { effectiveDeadline } from "~/nominations/eligibility";
import { isReviewable } from "~/nominations/status";
import { nominationTitle } from "~/nominations/title";
import { notFound } from "~/http/responses.server";
import { requireOrganiser } from "~/http/guards.server";
import { nominationHistory } from "~/nominations/history.server";
import { moderateNomination, moderationSchema, type ModerationIntent } from "~/nominations/moderate.server";
import { loadNominationForView } from "~/nominations/view.server";
import { formatUkDateTime, formatUkInput } from "~/utils/time";

export const handle: AdminHandle = { adminSection: "nominations" };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${nominationTitle(data.view.nomination)} - Nominations - Compact Awards` : "Nomination - Compact Awards" },
];

const STATUS_TAG: Record<NominationStatus, string> = {
  draft: "tag--grey",
  awaiting_partner: "tag--yellow",
  submitted: "",
  eligible: "tag--green",
  ineligible: "tag--red",
  withdrawn: "tag--grey",
};

/** The nomination, only if it is in this organiser's cycle: another cycle's id is "not found". */
async function requireNominationInCycle(request: Request, params: LoaderFunctionArgs["params"]) {
  const { actor, cycle } = await requireOrganiser(request, params.slug!);
  const nomination = params.id ? await prisma.nomination.findFirst({ where: { id: params.id, cycleId: cycle.id }, select: { id: true } }) : null;
  if (!nomination) throw notFound();
  return { actor, cycle, nominationId: nomination.id };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cycle, nominationId } = await requireNominationInCycle(request, params);
  const view = await loadNominationForView(prisma, nominationId);
  if (!view) throw notFound();
  const { confirmation, history, emails } = await nominationHistory(prisma, nominationId);

  const now = new Date();
  const extensionUntil = view.nomination.extensionUntil ? new Date(view.nomination.extensionUntil) : null;
  const deadline = effectiveDeadline(cycle, extensionUntil);
  return json({
    cycle: { slug: cycle.slug, name: cycle.name, nominationsCloseAt: cycle.nominationsCloseAt.toISOString() },
    view,
    confirmation,
    history,
    emails,
    deadline: deadline.toISOString(),
    canReturn: nominationsOpen(cycle, now, extensionUntil),
    markable: isReviewable(view.nomination.status),
    returnable: isReviewable(view.nomination.status),
    settled: !!(cycle.resultsDecidedAt || cycle.publishedAt),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, nominationId } = await requireNominationInCycle(request, params);
  const form = parseForm(moderationSchema, await readFormData(request));
  const intent = typeof form.values.intent === "string" ? form.values.intent : "";
  if (!form.ok) {
    const { intent: intentError, ...errors } = form.errors;
    return json({ intent, errors: intentError ? { ...errors, form: intentError } : errors, values: form.values }, { status: 400 });
  }
  const result = await moderateNomination(prisma, actor, nominationId, form.data);
  if (!result.ok) {
    return json({ intent, errors: { [result.field ?? "form"]: result.message } as Record<string, string>, values: form.values }, { status: 400 });
  }
  return redirect(new URL(request.url).pathname, { headers: { "Set-Cookie": await flash(request, result.message) } });
}

export default function OrganiserNomination() {
  // Everything from *.server modules is worked out in the loader: they are not in the browser's bundle.
  const { cycle, view, confirmation, history, emails, deadline, canReturn, markable, returnable, settled } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = actionData?.values;
  const n = view.nomination;
  const status = n.status as NominationStatus;
  const listPath = adminPath(cycle.slug, "nominations");
  const formError = (intent: ModerationIntent) =>
    actionData?.intent === intent && errors?.form ? (
      <p className="error-message">
        <span className="visually-hidden">Error: </span>
        {errors.form}
      </p>
    ) : null;
  const extensionUntil = n.extensionUntil ? new Date(n.extensionUntil) : null;

  return (
    <>
      <p>
        <Link to={listPath}>Back to all nominations</Link>
      </p>
      <ErrorSummary errors={errors} />
      <h1>{nominationTitle(n)}</h1>
      <p>
        <span className={`tag ${STATUS_TAG[status] ?? ""}`}>{NOMINATION_STATUS_LABELS[status] ?? n.status}</span>
        {n.isExample ? (
          <>
            {" "}
            <span className="tag tag--grey">Invented example</span>
          </>
        ) : null}
      </p>

      <dl className="summary-list">
        <dt>Submitted</dt>
        <dd>{n.submittedAt ? formatUkDateTime(new Date(n.submittedAt)) : <span className="muted">Not yet</span>}</dd>
        <dt>Deadline</dt>
        <dd>
          {formatUkDateTime(new Date(deadline))}
          {extensionUntil ? " (an extension)" : ""}
        </dd>
        {n.ineligibleReason ? (
          <>
            <dt>Why it is not eligible</dt>
            <dd>{n.ineligibleReason}</dd>
          </>
        ) : null}
        {n.returnedComment ? (
          <>
            <dt>Last returned with</dt>
            <dd>{n.returnedComment}</dd>
          </>
        ) : null}
        {n.withdrawnAt ? (
          <>
            <dt>Withdrawn</dt>
            <dd>{formatUkDateTime(new Date(n.withdrawnAt))}</dd>
          </>
        ) : null}
      </dl>
      <p>
        <a href="#check-eligibility">Go to the eligibility check</a>
      </p>

      <NominationView nomination={n} partners={view.partners} attachments={view.attachments} />

      <section aria-labelledby="confirmation-heading">
        <h2 id="confirmation-heading">Partners’ confirmation</h2>
        <div className="table-wrap">
          <DataTable
            caption="Whether each partner has confirmed the nomination"
            className=""
            hiddenCaption
            columns={["Partner", "Role", "Contact", "Confirmation"]}
          >
            {view.partners.map((p) => {
              const c = confirmation[p.id];
              return (
                <tr key={p.id}>
                  <td>{p.organisationName}</td>
                  <td>{p.roleLabel}</td>
                  <td>
                    {p.contactName}
                    {p.contactEmail ? <span className="hint small">{p.contactEmail}</span> : null}
                  </td>
                  <td>
                    {c?.confirmedAt ? (
                      <>
                        <span className="tag tag--green">Confirmed</span> <span className="small">{formatUkDateTime(new Date(c.confirmedAt))}</span>
                      </>
                    ) : c?.changesRequestedAt ? (
                      <>
                        <span className="tag tag--yellow">Asked for changes</span>{" "}
                        <span className="small">{formatUkDateTime(new Date(c.changesRequestedAt))}</span>
                        {c.changesComment ? <span className="hint small">“{c.changesComment}”</span> : null}
                      </>
                    ) : c?.requestedAt ? (
                      <>
                        <span className="tag tag--yellow">Not confirmed yet</span>{" "}
                        <span className="small">asked {formatUkDateTime(new Date(c.requestedAt))}</span>
                      </>
                    ) : (
                      <span className="tag tag--grey">Not asked</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </DataTable>
        </div>
      </section>

      <section aria-labelledby="check-eligibility" className="panel panel--highlight">
        <h2 id="check-eligibility" tabIndex={-1}>
          Check eligibility
        </h2>
        {settled ? (
          <p>Outcomes have been decided for this cycle, so this nomination can no longer be changed.</p>
        ) : status === "withdrawn" ? (
          <p>The partners withdrew this nomination. There is nothing to check.</p>
        ) : status === "draft" || status === "awaiting_partner" ? (
          <p>
            This nomination has not been submitted yet{status === "awaiting_partner" ? ": it is waiting for a partner to confirm it" : ""}. You can check it
            once it has been submitted.
          </p>
        ) : null}

        {!settled && markable && status !== "eligible" ? (
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="eligible" />
            <h3>Eligible</h3>
            <p>It meets the rules: it will go to the judges.</p>
            {formError("eligible")}
            <button type="submit" className="button" disabled={busy}>
              Mark eligible
            </button>
          </Form>
        ) : null}

        {!settled && markable && status !== "ineligible" ? (
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="ineligible" />
            <h3>Not eligible</h3>
            {formError("ineligible")}
            <TextArea
              name="reason"
              label="Why is it not eligible?"
              hint="Every partner contact is emailed this reason, word for word. Say which rule it does not meet."
              rows={4}
              error={errors?.reason}
              defaultValue={valueOf(values, "reason")}
            />
            <button type="submit" className="button button--warning" disabled={busy}>
              Mark not eligible
            </button>
          </Form>
        ) : null}

        {!settled && returnable ? (
          canReturn ? (
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="return" />
              <h3>Return for changes</h3>
              <p>It goes back to the partners as a draft. They need to send it in again by {formatUkDateTime(new Date(deadline))}.</p>
              {formError("return")}
              <TextArea
                name="comment"
                label="What do the partners need to change?"
                hint="Every partner contact is emailed this comment."
                rows={4}
                error={errors?.comment}
                defaultValue={valueOf(values, "comment")}
              />
              <button type="submit" className="button button--secondary" disabled={busy}>
                Return for changes
              </button>
            </Form>
          ) : (
            <>
              <h3>Return for changes</h3>
              <p>
                The deadline for this nomination ({formatUkDateTime(new Date(deadline))}) has passed, so it can no longer be returned for changes. Grant an
                extension first if the partners should have time to make them.
              </p>
              {formError("return")}
            </>
          )
        ) : null}

        {!settled && status !== "withdrawn" ? (
          <>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="extend" />
              <h3>Extension</h3>
              <p>
                {extensionUntil
                  ? `This nomination has an extension until ${formatUkDateTime(extensionUntil)}.`
                  : `Nominations close ${formatUkDateTime(new Date(cycle.nominationsCloseAt))}.`}{" "}
                An extension lets these partners change, confirm and submit this nomination until the time you set.
              </p>
              {formError("extend")}
              <TextField
                name="until"
                type="datetime-local"
                label={extensionUntil ? "Move the extension to (UK time)" : "Extension until (UK time)"}
                hint="For example, 2026-05-07 17:00"
                width="half"
                error={errors?.until}
                defaultValue={valueOf(values, "until", formatUkInput(extensionUntil))}
              />
              <button type="submit" className="button button--secondary" disabled={busy}>
                {extensionUntil ? "Change the extension" : "Grant an extension"}
              </button>
            </Form>
            {extensionUntil ? (
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="clear-extension" />
                {formError("clear-extension")}
                <button type="submit" className="button button--secondary" disabled={busy}>
                  Remove the extension
                </button>
              </Form>
            ) : null}
          </>
        ) : null}
      </section>

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        {history.length === 0 ? (
          <p>Nothing recorded yet.</p>
        ) : (
          <ol className="timeline">
            {history.map((h) => (
              <li key={h.id}>
                <strong>{h.label}</strong>
                {h.who ? <span className="muted"> by {h.who}</span> : null}, {formatUkDateTime(new Date(h.at))}
                {h.detail ? <span className="hint">{h.detail}</span> : null}
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="emails-heading">
        <h2 id="emails-heading">Emails about this nomination</h2>
        {emails.length === 0 ? (
          <p>No emails yet.</p>
        ) : (
          <div className="table-wrap">
            <DataTable caption="Emails about this nomination, newest first" className="" hiddenCaption columns={["To", "Subject", "When", "Status"]}>
              {emails.map((m) => (
                <tr key={m.id}>
                  <td>{m.toEmail}</td>
                  <td>{m.subject}</td>
                  <td>{formatUkDateTime(new Date(m.createdAt))}</td>
                  <td>{m.status}</td>
                </tr>
              ))}
            </DataTable>
          </div>
        )}
      </section>
    </>
  );
}
