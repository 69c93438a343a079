import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { z } from "zod";
import { flash } from "~/auth/session.server";
import { bookletJob, bookletStatus, startBookletJob } from "~/booklet/booklet.server";
import { AdminNav, adminPath } from "~/components/admin-nav";
import { ErrorSummary, TextArea, valueOf } from "~/components/forms";
import { audit, requireOrganiser } from "~/cycles/cycles.server";
import { prisma } from "~/db/client.server";
import { readFormData } from "~/forms/read.server";
import { fields, parseForm } from "~/forms/validate";
import adminStyles from "~/styles/admin.css";
import { formatUkDateTime } from "~/utils/time";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.cycle.name}: case-study booklet - Compact Awards` : "Compact Awards" }];

/** Up to this many case studies the booklet is made while the organiser waits; above it, in the background. */
const MAKE_IN_REQUEST_UP_TO = 60;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cycle } = await requireOrganiser(request, params.slug!);
  const status = await bookletStatus(prisma, cycle.id);
  const job = bookletJob(cycle.id);
  return json({
    cycle: { slug: cycle.slug, name: cycle.name, bookletIntro: cycle.bookletIntro, published: !!cycle.publishedAt },
    status: {
      current: status.current,
      awards: status.awards,
      artefact: status.artefact
        ? { pages: status.artefact.pages, bytes: status.artefact.bytes, generatedAt: status.artefact.generatedAt.toISOString() }
        : null,
    },
    job: job
      ? {
          state: job.state,
          message: job.progress?.message ?? "Starting",
          done: job.progress?.done ?? 0,
          total: job.progress?.total ?? 0,
          step: job.progress?.step ?? "photos",
          error: job.error,
        }
      : null,
  });
}

const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("save-intro"), bookletIntro: fields.optionalText("the booklet introduction", 10000) }),
  z.object({ intent: z.literal("generate") }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, cycle } = await requireOrganiser(request, params.slug!);
  const form = parseForm(schema, await readFormData(request));
  if (!form.ok) {
    const errors = form.errors.intent ? { form: "Something went wrong with that button. Reload the page and try again." } : form.errors;
    return json({ errors: errors as Record<string, string>, values: form.values }, { status: 400 });
  }
  const here = `${adminPath(cycle.slug)}/booklet`;
  if (form.data.intent === "save-intro") {
    await prisma.awardCycle.update({ where: { id: cycle.id }, data: { bookletIntro: form.data.bookletIntro } });
    await audit(prisma, { actorId: actor.userId, cycleId: cycle.id, action: "cycle.booklet-intro.updated", entityType: "AwardCycle", entityId: cycle.id });
    return redirect(here, { headers: { "Set-Cookie": await flash(request, "Introduction saved. Make the booklet again to include it.") } });
  }
  const job = startBookletJob(prisma, cycle.id);
  const status = await bookletStatus(prisma, cycle.id);
  if (status.awards <= MAKE_IN_REQUEST_UP_TO) {
    try {
      await job.promise;
    } catch {
      return json(
        { errors: { form: "The booklet could not be made. The previous booklet is unchanged. Please try again." } as Record<string, string>, values: {} as Record<string, string | string[]> },
        { status: 500 },
      );
    }
    await audit(prisma, { actorId: actor.userId, cycleId: cycle.id, action: "cycle.booklet.generated", entityType: "AwardCycle", entityId: cycle.id });
    return redirect(here, { headers: { "Set-Cookie": await flash(request, "The booklet is ready.") } });
  }
  job.promise.then(
    () => audit(prisma, { actorId: actor.userId, cycleId: cycle.id, action: "cycle.booklet.generated", entityType: "AwardCycle", entityId: cycle.id }),
    () => {},
  );
  return redirect(here);
}

function kilobytes(bytes: number) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export default function BookletAdmin() {
  const { cycle, status, job } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const revalidator = useRevalidator();
  const running = job?.state === "running";
  const busy = navigation.state === "submitting" && navigation.formData?.get("intent") === "generate";

  // While the booklet is being made in the background, look again every 1.5 s.
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 1500);
    return () => clearInterval(timer);
  }, [running, revalidator]);

  const pdfUrl = `/cycles/${cycle.slug}/booklet.pdf`;
  return (
    <>
      <AdminNav slug={cycle.slug} cycleName={cycle.name} current="booklet" />
      <ErrorSummary errors={actionData?.errors} />
      <h1>Case-study booklet</h1>
      <p>
        A PDF of every award&apos;s case study, made from the results, the nominations&apos; stories and the photos the partners agreed to publish.{" "}
        {cycle.published
          ? "The results are published: anyone can download it."
          : "Until the results are published, only organisers can open it: use it to check everything before publication."}
      </p>

      <section className="panel" aria-labelledby="booklet-status">
        <h2 id="booklet-status">The booklet</h2>
        <div role="status" aria-live="polite">
          {running ? (
            <>
              <p>
                Making the booklet: {job.message}.
              </p>
              {job.total > 0 ? (
                <p>
                  <label htmlFor="booklet-progress">Progress</label>{" "}
                  <progress id="booklet-progress" max={job.total * 2} value={(job.step === "photos" ? 0 : job.total) + job.done}>
                    {job.done} of {job.total}
                  </progress>
                </p>
              ) : null}
              <noscript>
                <p>
                  <a href="">Refresh this page</a> to see how it is going.
                </p>
              </noscript>
            </>
          ) : job?.state === "failed" ? (
            <p className="warning">The last attempt to make the booklet failed ({job.error}). The previous booklet, if any, is unchanged.</p>
          ) : null}
          {!running && status.artefact ? (
            <p>
              {status.current ? (
                <span className="tag tag--green">Up to date</span>
              ) : (
                <span className="tag tag--yellow">Out of date</span>
              )}{" "}
              {status.artefact.pages} pages, {kilobytes(status.artefact.bytes)}, made {formatUkDateTime(new Date(status.artefact.generatedAt))}.
              {status.current ? null : " The results, stories, photos or text have changed since: make it again."}
            </p>
          ) : !running ? (
            <p>
              <span className="tag tag--grey">Not made yet</span> {status.awards} {status.awards === 1 ? "case study" : "case studies"} to include.
            </p>
          ) : null}
        </div>
        <div className="admin-actions">
          <Form method="post">
            <input type="hidden" name="intent" value="generate" />
            <button type="submit" className="button" disabled={running || busy}>
              {busy ? "Making the booklet…" : status.artefact ? "Make the booklet again" : "Generate booklet"}
            </button>
          </Form>
          {status.artefact && !running ? (
            <a href={pdfUrl} className="button button--secondary">
              {cycle.published ? "Open the booklet (PDF)" : "Preview the booklet (PDF)"}
            </a>
          ) : null}
        </div>
        <p className="hint">
          Opening the PDF also makes it if anything has changed. The public case studies are at{" "}
          <Link to={`/cycles/${cycle.slug}/case-studies`}>/cycles/{cycle.slug}/case-studies</Link>.
        </p>
      </section>

      <section className="admin-form" aria-labelledby="intro-title">
        <h2 id="intro-title">Introduction</h2>
        <Form method="post">
          <input type="hidden" name="intent" value="save-intro" />
          <TextArea
            name="bookletIntro"
            label="Booklet introduction"
            hint="Printed on the page after the cover. Leave a blank line between paragraphs."
            rows={10}
            defaultValue={valueOf(actionData?.values, "bookletIntro", cycle.bookletIntro)}
            error={actionData?.errors.bookletIntro}
          />
          <button type="submit" className="button">
            Save introduction
          </button>
        </Form>
      </section>
      <p>
        <Link to={adminPath(cycle.slug, "press-release")}>The press release</Link> ·{" "}
        <Link to={adminPath(cycle.slug, "ceremony")}>The ceremony running order</Link>
      </p>
    </>
  );
}
