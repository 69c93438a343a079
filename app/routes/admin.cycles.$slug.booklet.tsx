import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, MaxPartSizeExceededError, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { z } from "zod";
import { flash } from "~/auth/session.server";
import { bookletJob, bookletStatus, ensureBooklet, startBookletJob } from "~/booklet/booklet.server";
import { COVER_CREDIT_MAX, removeBookletCover, setBookletCover } from "~/booklet/cover.server";
import { adminPath, type AdminHandle } from "~/components/admin-nav";
import { ErrorSummary, FileField, TextArea, TextField, valueOf } from "~/components/forms";
import { audit } from "~/audit/audit.server";
import { prisma } from "~/db/client.server";
import { readFormData, readMultipartFormData } from "~/forms/read.server";
import { fileUploadHandler } from "~/forms/upload.server";
import { fields, formValues, parseForm } from "~/forms/validate";
// Server-only: used by the loader and action, never by the component (the browser gets an empty module).
import { FILE_LIMITS, formatSize } from "~/nominations/file-checks.server";
import adminStyles from "~/styles/admin.css";
import { formatUkDateTime } from "~/utils/time";
import { requireOrganiser } from "~/http/guards.server";

export const handle: AdminHandle = { adminSection: "booklet" };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.cycle.name}: case-study booklet - Compact Awards` : "Compact Awards" }];

/** Up to this many case studies the booklet is made while the organiser waits; above it, in the background. */
const MAKE_IN_REQUEST_UP_TO = 60;
const PHOTO_ACCEPT = "image/jpeg,image/png,image/webp,.jpg,.jpeg,.png,.webp";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cycle } = await requireOrganiser(request, params.slug!);
  const status = await bookletStatus(prisma, cycle.id);
  const latest = await bookletJob(cycle.id);
  // A job that ended before the stored booklet was made (opening the PDF makes it too) is old news.
  const job = latest?.finishedAt && status.artefact && status.artefact.generatedAt > latest.finishedAt ? null : latest;
  return json({
    cycle: {
      slug: cycle.slug,
      name: cycle.name,
      bookletIntro: cycle.bookletIntro,
      published: !!cycle.publishedAt,
      hasCover: !!cycle.bookletCoverKey,
      coverCredit: cycle.bookletCoverCredit,
    },
    coverLimit: formatSize(FILE_LIMITS.photoBytes),
    status: {
      current: status.current,
      awards: status.awards,
      artefact: status.artefact ? { pages: status.artefact.pages, bytes: status.artefact.bytes, generatedAt: status.artefact.generatedAt.toISOString() } : null,
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
  z.object({ intent: z.literal("remove-cover") }),
]);

type ActionData = { errors: Record<string, string>; values: Record<string, string | string[]> };

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, cycle } = await requireOrganiser(request, params.slug!);
  const here = `${adminPath(cycle.slug)}/booklet`;
  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    return setCover(request, cycle.id, actor.userId, here);
  }
  const form = parseForm(schema, await readFormData(request));
  if (!form.ok) {
    const errors = form.errors.intent ? { form: "Something went wrong with that button. Reload the page and try again." } : form.errors;
    return json<ActionData>({ errors: errors as Record<string, string>, values: form.values }, { status: 400 });
  }
  if (form.data.intent === "remove-cover") {
    await removeBookletCover(prisma, cycle.id);
    await audit(prisma, { actorId: actor.userId, cycleId: cycle.id, action: "cycle.booklet-cover.removed", entityType: "AwardCycle", entityId: cycle.id });
    return redirect(here, { headers: { "Set-Cookie": await flash(request, "Cover photo removed. Make the booklet again to leave it out.") } });
  }
  if (form.data.intent === "save-intro") {
    await prisma.awardCycle.update({ where: { id: cycle.id }, data: { bookletIntro: form.data.bookletIntro } });
    await audit(prisma, { actorId: actor.userId, cycleId: cycle.id, action: "cycle.booklet-intro.updated", entityType: "AwardCycle", entityId: cycle.id });
    return redirect(here, { headers: { "Set-Cookie": await flash(request, "Introduction saved. Make the booklet again to include it.") } });
  }
  const status = await bookletStatus(prisma, cycle.id);
  if (status.awards > MAKE_IN_REQUEST_UP_TO) {
    // A job, on whichever server takes it; this page shows its progress (the loader's `job`).
    await startBookletJob(cycle.id, { actorId: actor.userId });
    return redirect(here);
  }
  try {
    await ensureBooklet(prisma, cycle.id);
  } catch (error) {
    console.error("Booklet generation failed:", error);
    return json<ActionData>(
      { errors: { form: "The booklet could not be made. The previous booklet is unchanged. Please try again." }, values: {} },
      { status: 500 },
    );
  }
  await audit(prisma, { actorId: actor.userId, cycleId: cycle.id, action: "cycle.booklet.generated", entityType: "AwardCycle", entityId: cycle.id });
  return redirect(here, { headers: { "Set-Cookie": await flash(request, "The booklet is ready.") } });
}

const coverSchema = z.object({
  intent: z.literal("set-cover", { error: "Something went wrong with that button. Reload the page and try again." }),
  coverCredit: fields.optionalText("the photo credit", COVER_CREDIT_MAX),
});

/** The cover photo upload: a multipart form with the photo and its credit. */
async function setCover(request: Request, cycleId: string, actorId: string, here: string) {
  const oversized = new Map<string, number>();
  let formData: FormData;
  try {
    formData = await readMultipartFormData(
      request,
      fileUploadHandler(
        "cover",
        // A little over the biggest photo we accept, for the other fields and the multipart framing.
        // (Computed here: a module-level constant from a .server import is undefined in the browser.)
        FILE_LIMITS.photoBytes + 64 * 1024,
        oversized,
      ),
      // Without a Content-Length, stop reading a little past the biggest photo and its credit.
      { maxBodyBytes: FILE_LIMITS.photoBytes + 1024 * 1024 },
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      return json<ActionData>(
        { errors: { cover: `The file is too big. Photos must be ${formatSize(FILE_LIMITS.photoBytes)} or smaller.` }, values: {} },
        { status: 413 },
      );
    }
    throw error;
  }
  const values = formValues(formData);
  const form = parseForm(coverSchema, formData);
  const errors: Record<string, string> = form.ok ? {} : { ...(form.errors as Record<string, string>) };
  if (errors.intent) return json<ActionData>({ errors: { form: errors.intent }, values }, { status: 400 });
  const file = formData.get("cover");
  const tooBig = oversized.get("cover");
  if (tooBig !== undefined) errors.cover = `The file is ${formatSize(tooBig)}. Photos must be ${formatSize(FILE_LIMITS.photoBytes)} or smaller.`;
  else if (!(file instanceof File) || file.size === 0) errors.cover = "Choose a photo for the cover.";
  if (!form.ok || Object.keys(errors).length > 0 || !(file instanceof File)) {
    return json<ActionData>({ errors, values }, { status: tooBig !== undefined ? 413 : 400 });
  }
  const result = await setBookletCover(prisma, cycleId, { bytes: new Uint8Array(await file.arrayBuffer()), credit: form.data.coverCredit });
  if (!result.ok) return json<ActionData>({ errors: result.errors as Record<string, string>, values }, { status: 400 });
  await audit(prisma, { actorId, cycleId, action: "cycle.booklet-cover.set", entityType: "AwardCycle", entityId: cycleId });
  return redirect(here, { headers: { "Set-Cookie": await flash(request, "Cover photo saved. Make the booklet again to include it.") } });
}

function kilobytes(bytes: number) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export default function BookletAdmin() {
  const { cycle, status, job, coverLimit } = useLoaderData<typeof loader>();
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
      <ErrorSummary errors={actionData?.errors} labels={{ cover: "Photo for the cover", coverCredit: "Photo credit", bookletIntro: "Booklet introduction" }} />
      <h1>Case-study booklet</h1>
      <p>
        A PDF of every award&apos;s case study, made from the results, the nominations&apos; stories and the photos the partners agreed to publish.{" "}
        {cycle.published
          ? "The results are published: anyone can download it."
          : "Until the results are published, only organisers can open it: use it to check everything before publication."}
      </p>
      <p>
        The booklet is a tagged, accessible PDF (PDF/UA-1). The <Link to={`/cycles/${cycle.slug}/case-studies`}>case studies on the web</Link> are the same
        stories as web pages, the easiest to read with a screen reader and to share; each links to its page of the booklet, and the booklet links back.
      </p>

      <section className="panel" aria-labelledby="booklet-status">
        <h2 id="booklet-status">The booklet</h2>
        <div role="status" aria-live="polite">
          {running ? (
            <>
              <p>Making the booklet: {job.message}.</p>
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
              {status.current ? <span className="tag tag--green">Up to date</span> : <span className="tag tag--yellow">Out of date</span>}{" "}
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
      <section className="admin-form" aria-labelledby="cover-title">
        <h2 id="cover-title">Cover photo</h2>
        <p>
          {cycle.hasCover
            ? `The cover has a photo${cycle.coverCredit ? ` (photo: ${cycle.coverCredit})` : ""}. Choose another to replace it.`
            : "Optional. A photo from the awards or the area, printed on the cover. Without one, the cover shows the year in large type."}
        </p>
        <Form method="post" encType="multipart/form-data">
          <input type="hidden" name="intent" value="set-cover" />
          <FileField
            name="cover"
            label="Photo for the cover"
            hint={`A JPEG, PNG or WebP photo, up to ${coverLimit}. Location and camera details are removed. Use a photo everyone in it agreed to have published.`}
            accept={PHOTO_ACCEPT}
            error={actionData?.errors.cover}
          />
          <TextField
            name="coverCredit"
            label="Photo credit (optional)"
            hint="Who took the photo, printed beside it."
            defaultValue={valueOf(actionData?.values, "coverCredit", cycle.coverCredit)}
            error={actionData?.errors.coverCredit}
          />
          <button type="submit" className="button">
            Save cover photo
          </button>
        </Form>
        {cycle.hasCover ? (
          <Form method="post">
            <input type="hidden" name="intent" value="remove-cover" />
            <button type="submit" className="button button--secondary">
              Remove the cover photo
            </button>
          </Form>
        ) : null}
      </section>
      <p>
        <Link to={adminPath(cycle.slug, "press-release")}>The press release</Link> ·{" "}
        <Link to={adminPath(cycle.slug, "ceremony")}>The ceremony running order</Link>
      </p>
    </>
  );
}
