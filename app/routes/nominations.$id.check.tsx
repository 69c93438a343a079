import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { flash } from "~/auth/session.server";
import { ErrorSummary } from "~/components/forms";
import { NominationView } from "~/components/nomination-view";
import { notFound } from "~/cycles/cycles.server";
import { prisma } from "~/db/client.server";
import { notYetSent, notYetSentSentence } from "~/mail/send.server";
import { isLeadRole, submissionProblems } from "~/nominations/eligibility";
import { sectionReportsFor, submitNomination } from "~/nominations/nominations.server";
import { nominationHeader, requireEditableNomination } from "~/nominations/pages.server";
import { SectionPage } from "~/nominations/section-page";
import { loadNominationForView } from "~/nominations/view.server";

export const meta: MetaFunction = () => [{ title: "Check your answers - Your nomination - Compact Awards" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, n } = await requireEditableNomination(request, params.id);
  const view = await loadNominationForView(prisma, n.id);
  if (!view) throw notFound();
  const problems = submissionProblems(sectionReportsFor(n, new Date())).map((p) => ({ path: p.section.path, label: p.section.label, message: p.message }));
  const mine = (p: { organisationId: string; contactEmail: string }) =>
    (!!actor.organisationId && p.organisationId === actor.organisationId) || p.contactEmail.toLowerCase() === actor.email;
  // Who the submit button will ask: every lead partner that is not the submitter's own organisation.
  const toConfirm = n.partners
    .filter((p) => isLeadRole(p.role) && !mine(p) && (n.status === "draft" || !p.confirmedAt))
    .map((p) => ({ organisationName: p.organisation.name, contactName: p.contactName, contactEmail: p.contactEmail }));
  return json({ header: nominationHeader(n), view, problems, toConfirm });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, n } = await requireEditableNomination(request, params.id);
  const started = new Date();
  const result = await submitNomination(prisma, actor, n.id);
  if (!result.ok) {
    if (result.status === 404) throw notFound();
    return json({ errors: result.errors, problems: "problems" in result ? (result.problems ?? []) : [] }, { status: result.status });
  }
  const message =
    result.status === "submitted"
      ? "Your nomination has been submitted. Every partner has been sent a receipt."
      : `Sent for confirmation. We have emailed ${result.pending.map((p) => `${p.contactName} at ${p.organisationName}`).join(" and ")} to confirm the nomination.`;
  // Honest about the emails: any the mail service would not take just now are named.
  const waiting = notYetSentSentence(await notYetSent(prisma, { nominationId: n.id, since: started }));
  return redirect(`/nominations/${n.id}`, { headers: { "Set-Cookie": await flash(request, message + waiting) } });
}

export default function CheckAnswers() {
  const { header, view, problems, toConfirm } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const base = `/nominations/${header.id}`;
  const editable = !header.refusal;
  const canSubmit = editable && problems.length === 0 && (header.status === "draft" || header.status === "awaiting_partner");
  return (
    <SectionPage header={header} heading="Check your answers" showRefusal={false}>
      <ErrorSummary errors={actionData?.errors} />
      {header.refusal ? (
        <div className="warning" role="status">
          <p style={{ margin: 0 }}>{header.refusal}</p>
        </div>
      ) : null}
      {problems.length && editable ? (
        <div className="panel">
          <h2 style={{ marginTop: 0 }}>Not ready to submit yet</h2>
          <ul>
            {problems.map((p, i) => (
              <li key={i}>
                <Link to={`${base}/${p.path}`}>{p.label}</Link>: {p.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <NominationView
        {...view}
        changeLinks={
          editable
            ? { category: `${base}/category`, partners: `${base}/partners`, story: `${base}/story`, files: `${base}/files`, consent: `${base}/consent` }
            : undefined
        }
      />
      {canSubmit ? (
        <>
          <h2>Now send your nomination</h2>
          {toConfirm.length ? (
            <p>
              When you submit, we email{" "}
              {toConfirm.map((p, i) => (
                <span key={p.contactEmail}>
                  {i > 0 ? " and " : ""}
                  <strong>
                    {p.contactName} at {p.organisationName}
                  </strong>{" "}
                  ({p.contactEmail})
                </span>
              ))}{" "}
              a link to read the nomination and confirm it. It is submitted once they confirm.
            </p>
          ) : (
            <p>Both lead partners are ready, so the nomination will be submitted straight away and every partner will get a receipt.</p>
          )}
          <p>By submitting you confirm that the partners agree to this nomination and that the information is correct, to the best of your knowledge.</p>
          <Form method="post">
            <button type="submit" className="button">
              {header.status === "awaiting_partner" ? "Send the request again" : toConfirm.length ? "Submit and ask for confirmation" : "Submit nomination"}
            </button>
          </Form>
        </>
      ) : null}
      <p>
        <Link to={base}>Back to the nomination</Link>
      </p>
    </SectionPage>
  );
}
