import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { flash } from "~/auth/session.server";
import { ErrorSummary } from "~/components/forms";
import { NominationView } from "~/components/nomination-view";
import { prisma } from "~/db/client.server";
import { notYetSent, notYetSentSentence } from "~/mail/send.server";
import { confirmationPlan } from "~/nominations/confirmation-rules";
import { submissionProblems } from "~/nominations/eligibility";
import { confirmingPartnerOf, planProblemLink, submitNomination, type PendingPartner } from "~/nominations/confirmation.server";
import { drafterPartner, sectionReportsFor } from "~/nominations/nominations.server";
import { formatUkDateTime } from "~/utils/time";
import { nominationHeader } from "~/nominations/pages.server";
import { type SectionHandle, SectionPage } from "~/nominations/section-page";
import { loadNominationForView } from "~/nominations/view.server";
import { notFound } from "~/http/responses.server";
import { requireEditableNomination } from "~/http/guards.server";

export const handle: SectionHandle = { sectionCrumb: "Check your answers" };

export const meta: MetaFunction = () => [{ title: "Check your answers - Your nomination - Compact Awards" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, n } = await requireEditableNomination(request, params.id);
  const view = await loadNominationForView(prisma, n.id);
  if (!view) throw notFound();
  const problems = submissionProblems(sectionReportsFor(n, new Date())).map((p) => ({ path: p.section.path, label: p.section.label, message: p.message }));
  // Who the submit button will ask: the other lead partners, by their own contacts (confirmation-rules.ts).
  const plan = confirmationPlan(
    { userId: actor.userId, email: actor.email, verifiedOrganisationIds: actor.verifiedOrganisationIds },
    n.partners.map(confirmingPartnerOf),
    drafterPartner(n)?.organisation.sector ?? null,
  );
  if (!plan.ok && !problems.length) problems.push(...plan.problems.map(planProblemLink));
  const toConfirm = plan.ok
    ? n.partners
        .filter((p) => plan.others.some((o) => o.id === p.id) && (n.status === "draft" || !p.confirmedAt))
        .map((p) => ({ organisationName: p.organisation.name, contactName: p.contactName, contactEmail: p.contactEmail }))
    : [];
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
  // Honest about the emails: any the mail service would not take just now are named.
  const waiting = notYetSentSentence(await notYetSent(prisma, { nominationId: n.id, since: started }));
  return redirect(`/nominations/${n.id}`, { headers: { "Set-Cookie": await flash(request, submittedMessage(result) + waiting) } });
}

/** What the nominator is told after pressing submit: honestly, who was emailed and who could not be yet. */
function submittedMessage(result: { status: "submitted" | "awaiting_partner"; pending: PendingPartner[] }): string {
  if (result.status === "submitted") return "Your nomination has been submitted. Every partner has been sent a receipt.";
  const who = (p: PendingPartner) => `${p.contactName || p.contactEmail} at ${p.organisationName}`;
  const parts: string[] = [];
  const sent = result.pending.filter((p) => p.sent);
  if (sent.length) parts.push(`We have emailed ${sent.map(who).join(" and ")} to confirm the nomination.`);
  for (const p of result.pending.filter((x) => x.awaitingVerification)) {
    parts.push(`${who(p)} has confirmed it; the organisers are checking that they speak for ${p.organisationName}.`);
  }
  for (const p of result.pending.filter((x) => !x.sent && !x.awaitingVerification)) {
    parts.push(
      p.nextAllowedAt
        ? `We emailed ${who(p)} a short while ago, so we have not emailed them again. You can send a reminder after ${formatUkDateTime(new Date(p.nextAllowedAt))}.`
        : `We emailed ${who(p)} a short while ago: the link in that email still works.`,
    );
  }
  return `Sent for confirmation. ${parts.join(" ")}`;
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
                <Link to={p.path.startsWith("/") ? p.path : `${base}/${p.path}`}>{p.label}</Link>: {p.message}
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
