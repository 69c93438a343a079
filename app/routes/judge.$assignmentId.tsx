import { NotAllowedError } from "~/auth/not-allowed";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, isRouteErrorResponse, Link, useActionData, useLoaderData, type ClientActionFunctionArgs, type ShouldRevalidateFunction } from "@remix-run/react";
import { can, type Actor } from "~/auth/permissions";
import { requireActor, flash } from "~/auth/session.server";
import { ErrorSummary, TextArea } from "~/components/forms";
import { NominationView } from "~/components/nomination-view";
import { prisma } from "~/db/client.server";
import { readFormData, unreadableForm } from "~/forms/read.server";
import { parseForm } from "~/forms/validate";
import type { z } from "zod";
import { inTurn } from "~/utils/turns.server";
import { weightedTotal } from "~/judging/scoring";
import {
  declareConflict,
  judgingClosedMessage,
  loadNominationForJudge,
  openAssignment,
  assignmentFor,
  ReviewRefusedError,
  storedReviewOf,
  type JudgeAssignment,
} from "~/judging/reviews.server";
import { answerSave, postedSave, savedNotice, scoringFormSchema, scoringFormShape } from "~/judging/save-answer.server";
import { answerOrUnexpected, unreachableAnswer, type ScoringActionData } from "~/judging/save-queue";
import { ScoringForm } from "~/judging/scoring-form";
import judgingStyles from "~/styles/judging.css";
import { NOMINATION_STATUS_LABELS, type NominationStatus } from "~/domain/vocabulary";
import { isJudgeable } from "~/nominations/status";
import { formatUkDateTime } from "~/utils/time";
import { nominationTitle } from "~/nominations/title";
import { notFound } from "~/http/responses.server";
import { Breadcrumbs } from "~/components/breadcrumbs";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: judgingStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [{ title: "Judging - Compact Awards" }];
  const what =
    data.mode === "check"
      ? "Before you start"
      : data.mode === "declared"
        ? "Conflict of interest declared"
        : data.mode === "not-judged"
          ? "No longer being judged"
          : "Score";
  return [{ title: `${what}: ${data.title} - Compact Awards` }];
};

/**
 * Only this judge's own review is ever loaded here: other judges' scores and comments are
 * never sent to a judge. A detected conflict (or someone else's assignment) is a 404; a
 * declared conflict shows the declaration and nothing else.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const assignment = await assignmentFor(actor, params.assignmentId, "assignment.view");
  if (!assignment) throw notFound();
  const now = new Date();
  const cycle = assignment.cycle;
  const base = {
    assignmentId: assignment.id,
    cycle: { name: cycle.name, slug: cycle.slug, contactName: cycle.contactName, contactEmail: cycle.contactEmail },
    title: nominationTitle(assignment.nomination),
    categoryName: assignment.nomination.category?.name ?? null,
    judgingCloseAt: cycle.judgingCloseAt ? cycle.judgingCloseAt.toISOString() : null,
  };

  if (assignment.conflict === "declared") {
    return json({
      mode: "declared" as const,
      ...base,
      reason: assignment.conflictReason ?? "",
      declaredAt: assignment.conflictAt ? assignment.conflictAt.toISOString() : null,
    });
  }

  // Withdrawn or found not eligible: nothing of it is sent to the judge any more.
  if (!isJudgeable(assignment.nomination.status)) {
    return json({ mode: "not-judged" as const, ...base, statusLabel: NOMINATION_STATUS_LABELS[assignment.nomination.status as NominationStatus] ?? "" });
  }

  if (!assignment.openedAt) {
    const partners = await prisma.nominationPartner.findMany({
      where: { nominationId: assignment.nominationId },
      orderBy: [{ position: "asc" }, { createdAt: "asc" }],
      select: { organisation: { select: { name: true } } },
    });
    return json({ mode: "check" as const, ...base, partners: partners.map((p) => p.organisation.name) });
  }

  // Nothing of the nomination before the judge has answered the conflict question (above), nor
  // once it is no longer being judged (below): the rule is can("assignment.read").
  if (!can(actor, { action: "assignment.read", assignment })) throw notFound();
  const view = await loadNominationForJudge(assignment);
  if (!view) throw notFound();
  // The criteria that apply and the judge's own review came with the assignment (one query).
  const criteria = assignment.criteria;
  const saved = storedReviewOf(
    assignment.review,
    criteria.map((c) => c.id),
  );
  const closedMessage = judgingClosedMessage(cycle, now);
  return json({
    mode: "score" as const,
    ...base,
    canSave: !closedMessage,
    closedMessage,
    // What a judge needs to read: the story, partners, photos and evidence. Not the
    // partners' contact details, nor organisers' notes to the nominators (never loaded).
    nomination: view,
    criteria: criteria.map((c) => ({
      id: c.id,
      name: c.name,
      guidance: c.guidance,
      weight: c.weight,
      scaleMin: c.scaleMin,
      scaleMax: c.scaleMax,
      descriptors: c.descriptors,
    })),
    saved,
    total: weightedTotal(saved?.scores ?? {}, criteria),
  });
}

type ScoringForm = z.output<typeof scoringFormSchema>;

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  // Loaded and checked once: the functions below check this same assignment again with can()
  // for what they do (saving needs assignment.score), without loading it again.
  const assignment = await assignmentFor(actor, params.assignmentId, "assignment.view");
  if (!assignment) throw notFound();
  // A declared conflict is final here: nothing more may be posted to it.
  if (assignment.conflict !== "none") throw notFound();
  // Read before taking a turn: a slow upload must not hold one.
  const form = parseForm(scoringFormSchema, await readFormData(request), scoringFormShape);
  if (!form.ok) throw unreadableForm();
  const posted = form.data;
  return inTurn(() => judgeAction(request, actor, assignment, posted));
}

async function judgeAction(request: Request, actor: Actor, assignment: JudgeAssignment, form: ScoringForm) {
  const intent = form.intent;
  const here = `/judge/${assignment.id}`;

  if (intent === "no-conflict") {
    await openAssignment(prisma, actor, assignment);
    return redirect(here);
  }

  if (intent === "declare-conflict") {
    const reason = form.reason;
    try {
      await declareConflict(prisma, actor, assignment, reason);
    } catch (error) {
      if (error instanceof NotAllowedError) throw notFound();
      if (error instanceof ReviewRefusedError) {
        return json<ScoringActionData>(
          {
            kind: "conflict-error",
            message: error.message,
            fieldErrors: error.fieldErrors.reason ? { reason: error.fieldErrors.reason } : { form: error.message },
            reason,
          },
          { status: 400 },
        );
      }
      throw error;
    }
    const cookie = await flash(request, "Thank you. Your conflict of interest has been recorded, and you will not score this nomination.");
    return redirect(here, { headers: { "Set-Cookie": cookie } });
  }

  const posted = postedSave(form);
  const saved = await answerSave(prisma, actor, assignment, posted);
  if (!saved.ok && saved.status === 404) throw notFound();
  if (!saved.ok) return json<ScoringActionData>(saved.answer, { status: saved.status });
  if (posted.viaFetch) return json<ScoringActionData>(saved.answer);
  const cookie = await flash(request, savedNotice(saved.answer.intent, assignment.cycle.judgingCloseAt));
  return redirect(here, { headers: { "Set-Cookie": cookie } });
}

/**
 * In the browser every post goes through here first. If the server cannot be reached
 * (offline, venue wifi dropped, a proxy's error page) the page stays as it is and the
 * scoring form keeps the change on this laptop to send later, instead of an error page.
 */
export async function clientAction({ serverAction, request }: ClientActionFunctionArgs) {
  let saveId: string;
  try {
    saveId = String((await request.clone().formData()).get("_save") ?? "");
  } catch {
    saveId = "";
  }
  try {
    return answerOrUnexpected(await serverAction<typeof action>(), saveId);
  } catch (error) {
    if (error instanceof Response || isRouteErrorResponse(error)) throw error;
    return unreachableAnswer(saveId);
  }
}

/** Autosaves answer for themselves: no need to reload the page's data after each one. */
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) => {
  if (formData?.get("_via") === "fetch") return false;
  return defaultShouldRevalidate;
};

export default function ScoreNomination() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof clientAction>() as ScoringActionData | undefined;
  const breadcrumbs = <Breadcrumbs items={[{ label: "Your judging", to: "/judge" }, { label: data.title }]} />;

  if (data.mode === "declared") {
    return (
      <>
        {breadcrumbs}
        <h1>You declared a conflict of interest</h1>
        <p className="lead">{data.title}</p>
        <dl className="summary-list">
          <dt>Your reason</dt>
          <dd>{data.reason || "None given"}</dd>
          <dt>Declared</dt>
          <dd>{data.declaredAt ? formatUkDateTime(new Date(data.declaredAt)) : "Yes"}</dd>
        </dl>
        <p>
          You will not score this nomination, and it is not counted in your judging. If you declared it by mistake, contact{" "}
          {data.cycle.contactName || "the organisers"}
          {data.cycle.contactEmail ? (
            <>
              {" "}
              at <a href={`mailto:${data.cycle.contactEmail}`}>{data.cycle.contactEmail}</a>
            </>
          ) : null}
          .
        </p>
        <p>
          <Link to="/judge">Back to your judging list</Link>
        </p>
      </>
    );
  }

  if (data.mode === "not-judged") {
    return (
      <>
        {breadcrumbs}
        <h1>This nomination is no longer being judged</h1>
        <p className="lead">{data.title}</p>
        <p>
          It has been {data.statusLabel ? `marked “${data.statusLabel.toLowerCase()}”` : "withdrawn or found not eligible"}, so there is nothing to score and it
          is not shown here any more. Any scores you gave it are not counted.
        </p>
        <p>
          <Link to="/judge">Back to your judging list</Link>
        </p>
      </>
    );
  }

  if (data.mode === "check") {
    const conflictError = actionData?.kind === "conflict-error" ? actionData : null;
    const networkError = actionData?.kind === "network" ? actionData.message : null;
    return (
      <>
        {breadcrumbs}
        <ErrorSummary errors={conflictError?.fieldErrors} labels={{ reason: "Why you have a conflict" }} />
        {networkError ? (
          <p className="warning" role="alert">
            {networkError}
          </p>
        ) : null}
        <h1>Before you start</h1>
        <p className="lead">
          {data.title}
          {data.categoryName ? <span className="muted"> ({data.categoryName})</span> : null}
        </p>
        <h2>Do you have a conflict of interest with any of these partners?</h2>
        <ul className="conflict-partners">
          {data.partners.map((name, i) => (
            <li key={`${i}-${name}`}>{name}</li>
          ))}
        </ul>
        <p>
          You have a conflict of interest if, for example, you work for, volunteer with or are a trustee of one of them, someone close to you worked on this, or
          your organisation paid for it. If you are not sure, declare it: the organisers will decide.
        </p>
        <Form method="post" className="conflict-choice">
          <input type="hidden" name="intent" value="no-conflict" />
          <button type="submit" className="button">
            No conflict, show me the nomination
          </button>
        </Form>
        <section className="panel conflict-declare" aria-labelledby="declare-heading">
          <h2 id="declare-heading">I have a conflict</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="declare-conflict" />
            <TextArea
              name="reason"
              label="Why do you have a conflict of interest?"
              hint="A sentence is enough. Only the organisers see it. You will not see this nomination."
              rows={3}
              defaultValue={conflictError?.reason ?? ""}
              error={conflictError?.fieldErrors.reason ?? conflictError?.fieldErrors.form}
            />
            <button type="submit" className="button button--warning">
              I have a conflict
            </button>
          </Form>
        </section>
      </>
    );
  }

  return (
    <>
      {breadcrumbs}
      <h1>{data.title}</h1>
      <p className="scoring-meta">
        {data.categoryName ? <span>{data.categoryName}</span> : null}
        {data.categoryName ? " · " : null}
        <span>{data.cycle.name}</span>
        {data.judgingCloseAt ? (
          <>
            {" · "}
            <span>
              Judging closes on <strong>{formatUkDateTime(new Date(data.judgingCloseAt))}</strong> (UK time)
            </span>
          </>
        ) : null}
      </p>
      <div className="scoring-layout">
        <section className="scoring-layout__nomination" aria-labelledby="nomination-heading">
          <h2 id="nomination-heading">The nomination</h2>
          <NominationView
            nomination={data.nomination.nomination}
            partners={data.nomination.partners}
            attachments={data.nomination.attachments}
            headingLevel={3}
            showContacts={false}
            showConsent={false}
          />
        </section>
        <section className="scoring-layout__scores" aria-labelledby="scores-heading">
          <h2 id="scores-heading">Your scores</h2>
          <ScoringForm
            assignmentId={data.assignmentId}
            criteria={data.criteria}
            saved={data.saved}
            canSave={data.canSave}
            closedMessage={data.closedMessage}
            actionData={actionData && actionData.kind !== "conflict-error" ? actionData : undefined}
          />
        </section>
      </div>
    </>
  );
}
