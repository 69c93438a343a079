import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { prisma } from "~/db/client.server";
import { SECTOR_SHORT_LABELS, type Sector } from "~/domain/vocabulary";
import { submissionProblems, type SectionState } from "~/nominations/eligibility";
import { isWithdrawable } from "~/nominations/status";
import { deadlineRefusal, drafterPartner, sectionReportsFor } from "~/nominations/nominations.server";
import { awaitingConfirmationFrom, changesRequest } from "~/nominations/lists.server";
import { nominationHeader } from "~/nominations/pages.server";
import { type SectionHandle, SectionPage, StatusTag } from "~/nominations/section-page";
import { StageNow } from "~/nominations/stage-now";
import { loadNominationStage } from "~/nominations/stage.server";
import { formatUkDateTime } from "~/utils/time";
import { requireEditableNomination } from "~/http/guards.server";

export const handle: SectionHandle = { sectionCrumb: "Nomination" };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.header.title ?? "Nomination"} - Your nominations - Compact Awards` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { n } = await requireEditableNomination(request, params.id);
  const now = new Date();
  const reports = sectionReportsFor(n, now);
  const drafter = drafterPartner(n);
  const attachments = await prisma.attachment.groupBy({ by: ["kind"], where: { nominationId: n.id }, _count: { _all: true } });
  const count = (kind: string) => attachments.find((a) => a.kind === kind)?._count._all ?? 0;
  const changes = changesRequest(n);
  return json({
    header: nominationHeader(n, now),
    sections: reports.map((r) => ({ key: r.key, label: r.label, path: r.path, state: r.state, problems: r.problems })),
    ready: submissionProblems(reports).length === 0,
    organisation: drafter
      ? { name: drafter.organisation.name, sectorLabel: SECTOR_SHORT_LABELS[drafter.organisation.sector as Sector] ?? drafter.organisation.sector }
      : null,
    partnerCount: n.partners.length,
    files: { photos: count("photo"), evidence: count("evidence") },
    awaiting: awaitingConfirmationFrom(n).map((a) => ({ ...a, requestedAt: a.requestedAt ? formatUkDateTime(new Date(a.requestedAt)) : null })),
    changes: changes ? { ...changes, at: formatUkDateTime(new Date(changes.at)) } : null,
    returnedComment: n.status === "draft" ? n.returnedComment : null,
    ineligibleReason: n.status === "ineligible" ? n.ineligibleReason : null,
    submittedAt: n.submittedAt ? formatUkDateTime(n.submittedAt) : null,
    categoryName: n.category?.name ?? null,
    canWithdraw: isWithdrawable(n.status) && !deadlineRefusal(n, now),
    stage: await loadNominationStage(prisma, n, now),
  });
}

const STATE_TAGS: Record<SectionState, { label: string; className: string }> = {
  completed: { label: "Completed", className: "tag tag--green" },
  in_progress: { label: "In progress", className: "tag" },
  not_started: { label: "Not started", className: "tag tag--grey" },
  optional: { label: "Optional", className: "tag tag--grey" },
};

function WhatHappensNext() {
  const { header, awaiting, submittedAt, ready, ineligibleReason, stage } = useLoaderData<typeof loader>();
  switch (header.status) {
    case "draft":
      return (
        <p>
          When every section is complete, check your answers and submit. We then email the lead partner from the other sector and ask them to confirm it. The
          nomination is only sent to the organisers once they have. {ready ? <strong>Everything is ready to check and submit.</strong> : null}
        </p>
      );
    case "awaiting_partner":
      return (
        <>
          <p>
            We have emailed{" "}
            {awaiting.map((a, i) => (
              <span key={a.contactEmail}>
                {i > 0 ? " and " : ""}
                {a.contactName} at {a.organisationName}
              </span>
            ))}{" "}
            a link to read the nomination and confirm it, or ask for changes. Once they confirm, it is submitted and every partner gets a receipt.
          </p>
          {!header.refusal ? (
            <p>
              Link lost or expired? <Link to={`/nominations/${header.id}/check`}>Check your answers and send the request again</Link>.
            </p>
          ) : null}
        </>
      );
    case "submitted":
    case "eligible":
      return (
        <>
          {header.status === "submitted" && stage?.kind !== "told" ? (
            <p>
              Both lead partners have confirmed it{submittedAt ? `, and it was submitted on ${submittedAt}` : ""}. The organisers will check it meets the rules,
              then a panel of judges reads it.{" "}
              {header.refusal ? null : `You can still change it until ${header.deadline}; every partner is told when it changes.`}
            </p>
          ) : null}
          {stage ? <StageNow stage={stage} resultsPath={`/cycles/${header.cycle.slug}/results`} /> : null}
        </>
      );
    case "ineligible":
      return <p>The organisers found it does not meet the rules{ineligibleReason ? `: ${ineligibleReason}` : "."}</p>;
    case "withdrawn":
      return <p>This nomination has been withdrawn. It will not be judged.</p>;
    default:
      return null;
  }
}

export default function TaskList() {
  const data = useLoaderData<typeof loader>();
  const { header, sections, organisation, partnerCount, files, changes, returnedComment } = data;
  const describe = (key: string) => {
    switch (key) {
      case "category":
        return data.categoryName;
      case "organisation":
        return organisation ? `${organisation.name} (${organisation.sectorLabel})` : null;
      case "partners":
        return `${partnerCount} ${partnerCount === 1 ? "organisation" : "organisations"}`;
      case "files":
        return files.photos + files.evidence
          ? `${files.photos} ${files.photos === 1 ? "photo" : "photos"}, ${files.evidence} evidence ${files.evidence === 1 ? "file" : "files"}`
          : "None yet";
      default:
        return null;
    }
  };
  const allDone = sections.every((s) => s.state === "completed" || s.state === "optional");
  const checkState =
    header.status === "submitted" || header.status === "eligible"
      ? { label: "Submitted", className: "tag tag--green" }
      : header.status === "awaiting_partner"
        ? { label: "Waiting for partner", className: "tag tag--yellow" }
        : allDone
          ? { label: "Not started", className: "tag tag--grey" }
          : { label: "Cannot start yet", className: "tag tag--grey" };
  return (
    <SectionPage header={header} heading={header.title} showRefusal={false}>
      <p>
        <StatusTag status={header.status} label={header.statusLabel} />
      </p>
      {changes ? (
        <div className="warning" role="status">
          <h2 style={{ marginTop: 0 }}>{changes.contactName || changes.organisationName} asked for changes</h2>
          <p>
            {changes.contactName ? `${changes.contactName} from ` : ""}
            {changes.organisationName} read the nomination on {changes.at} and asked for these changes before they confirm it:
          </p>
          <blockquote style={{ whiteSpace: "pre-wrap", margin: "0 0 1rem" }}>{changes.comment}</blockquote>
          <p style={{ marginBottom: 0 }}>Make the changes, then check your answers and submit again. We will ask them to confirm it again.</p>
        </div>
      ) : null}
      {returnedComment ? (
        <div className="warning" role="status">
          <h2 style={{ marginTop: 0 }}>The organisers sent this nomination back for changes</h2>
          <p style={{ whiteSpace: "pre-wrap", marginBottom: 0 }}>{returnedComment}</p>
        </div>
      ) : null}
      {header.refusal ? (
        <div className="warning" role="status">
          <p style={{ margin: 0 }}>{header.refusal}</p>
        </div>
      ) : (
        <p>
          Nominations close on <strong>{header.deadline}</strong> (UK time).
        </p>
      )}
      <h2>What happens next</h2>
      <WhatHappensNext />

      <h2>Sections</h2>
      <ul className="task-list">
        {sections.map((s) => {
          const tag = STATE_TAGS[s.state];
          const detail = describe(s.key);
          return (
            <li key={s.key}>
              <span>
                <Link to={`/nominations/${header.id}/${s.path}`} aria-describedby={`task-${s.key}-status`}>
                  {s.label}
                </Link>
                {detail ? (
                  <>
                    <br />
                    <span className="muted small">{detail}</span>
                  </>
                ) : null}
                {s.state === "in_progress" && s.problems.length ? (
                  <>
                    <br />
                    <span className="muted small">Still needed: {s.problems[0]}</span>
                  </>
                ) : null}
              </span>
              <strong className={tag.className} id={`task-${s.key}-status`} style={{ alignSelf: "flex-start", whiteSpace: "nowrap" }}>
                {tag.label}
              </strong>
            </li>
          );
        })}
        <li>
          <span>
            <Link to={`/nominations/${header.id}/check`} aria-describedby="task-check-status">
              Check your answers and submit
            </Link>
          </span>
          <strong className={checkState.className} id="task-check-status" style={{ alignSelf: "flex-start", whiteSpace: "nowrap" }}>
            {checkState.label}
          </strong>
        </li>
      </ul>
      <p>
        <Link to={`/nominations/${header.id}/people`}>People working on this nomination</Link>
      </p>
      {data.canWithdraw ? (
        <p>
          <Link to={`/nominations/${header.id}/withdraw`}>Withdraw this nomination</Link>
        </p>
      ) : null}
    </SectionPage>
  );
}
