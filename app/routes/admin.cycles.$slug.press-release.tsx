import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { flash } from "~/auth/session.server";
import { adminPath, type AdminHandle } from "~/components/admin-nav";
import { ErrorSummary, TextArea, TextField, valueOf } from "~/components/forms";
import { requireOrganiser } from "~/http/guards.server";
import { prisma } from "~/db/client.server";
import { MAX_PRESS_RELEASE_FORM_BYTES, readFormData } from "~/forms/read.server";
import { parseForm } from "~/forms/validate";
import { changePressRelease, pressReleaseSchema } from "~/press/lifecycle.server";
import { pressReleaseForEditing, pressReleaseIsPublic, renderMarkdown } from "~/press/press-release.server";
import adminStyles from "~/styles/admin.css";
import { formatUkDateTime, formatUkInput } from "~/utils/time";

export const handle: AdminHandle = { adminSection: "press-release" };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.cycle.name}: press release - Compact Awards` : "Compact Awards" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cycle } = await requireOrganiser(request, params.slug!);
  const pr = await pressReleaseForEditing(prisma, cycle.id);
  return json({
    cycle: { slug: cycle.slug, name: cycle.name, published: !!cycle.publishedAt, pressContact: cycle.pressContact },
    pr: {
      saved: pr.saved,
      markdown: pr.markdown,
      quote: pr.quote,
      quoteAttribution: pr.quoteAttribution,
      embargoAt: pr.embargoAt ? pr.embargoAt.toISOString() : null,
      embargoInput: formatUkInput(pr.embargoAt),
      publishedAt: pr.publishedAt ? pr.publishedAt.toISOString() : null,
      updatedAt: pr.updatedAt ? pr.updatedAt.toISOString() : null,
      isPublic: pressReleaseIsPublic(pr, cycle),
    },
    // Rendered on the server, with raw HTML shown as text (app/press/markdown.server.ts).
    previewHtml: renderMarkdown(pr.markdown),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, cycle } = await requireOrganiser(request, params.slug!);
  const form = parseForm(pressReleaseSchema, await readFormData(request, { maxBytes: MAX_PRESS_RELEASE_FORM_BYTES }));
  if (!form.ok) {
    const errors = form.errors.intent ? { form: "Something went wrong with that button. Reload the page and try again." } : form.errors;
    return json({ errors: errors as Record<string, string>, values: form.values, previewHtml: null as string | null }, { status: 400 });
  }
  const result = await changePressRelease(prisma, actor, cycle, form.data);
  if (result.kind === "preview") return json({ errors: {} as Record<string, string>, values: form.values, previewHtml: result.html as string | null });
  return redirect(adminPath(cycle.slug, "press-release"), { headers: { "Set-Cookie": await flash(request, result.message) } });
}

export default function PressReleaseAdmin() {
  const { cycle, pr, previewHtml } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const confirm = searchParams.get("confirm");
  const values = actionData?.values;
  const errors = actionData?.errors;
  const shownPreview = actionData?.previewHtml ?? previewHtml;
  const publicUrl = `/cycles/${cycle.slug}/press-release`;
  const here = adminPath(cycle.slug, "press-release");

  return (
    <>
      <ErrorSummary errors={errors} labels={{ markdown: "Press release", quote: "Quote", quoteAttribution: "Who said it", embargoAt: "Embargo" }} />
      <h1>Press release</h1>

      <section className="panel" aria-labelledby="pr-status">
        <h2 id="pr-status">Status</h2>
        <p>
          {pr.publishedAt ? (
            <span className="tag tag--green">Published</span>
          ) : pr.saved ? (
            <span className="tag tag--yellow">Draft</span>
          ) : (
            <span className="tag tag--grey">Not saved yet</span>
          )}{" "}
          {pr.publishedAt
            ? pr.isPublic
              ? `Public since ${formatUkDateTime(new Date(pr.publishedAt))}.`
              : !cycle.published
                ? "Ready: it becomes public when the results are published."
                : pr.embargoAt
                  ? `Ready: it becomes public when the embargo lifts, ${formatUkDateTime(new Date(pr.embargoAt))}.`
                  : ""
            : "Only organisers can see it."}
          {pr.updatedAt
            ? ` Last saved ${formatUkDateTime(new Date(pr.updatedAt))}.`
            : " Below is a draft built from the results: save it to keep your changes."}
        </p>
        {pr.isPublic ? (
          <p>
            <Link to={publicUrl}>See the public press release</Link> · <a href={`${publicUrl}.md`}>Markdown</a> ·{" "}
            <a href={`${publicUrl}.docx`}>Word document</a>
          </p>
        ) : null}

        {confirm === "publish" ? (
          <div className="panel panel--highlight" role="region" aria-labelledby="confirm-publish">
            <h3 id="confirm-publish">Publish the press release?</h3>
            <p>
              {cycle.published
                ? "Anyone will be able to read it and download it as Markdown or Word."
                : "It will become public as soon as the results are published."}{" "}
              Save any changes first: the saved version is the one published.
            </p>
            <div className="admin-actions">
              <Form method="post" action={here}>
                <input type="hidden" name="intent" value="publish" />
                <button type="submit" className="button" disabled={busy}>
                  Yes, publish it
                </button>
              </Form>
              <Link to={here}>No, go back</Link>
            </div>
          </div>
        ) : confirm === "unpublish" ? (
          <div className="panel panel--highlight" role="region" aria-labelledby="confirm-unpublish">
            <h3 id="confirm-unpublish">Take the press release off the public site?</h3>
            <p>The public page and the downloads will stop working until you publish it again.</p>
            <div className="admin-actions">
              <Form method="post" action={here}>
                <input type="hidden" name="intent" value="unpublish" />
                <button type="submit" className="button button--warning" disabled={busy}>
                  Yes, unpublish it
                </button>
              </Form>
              <Link to={here}>No, go back</Link>
            </div>
          </div>
        ) : (
          <p>
            {pr.publishedAt ? (
              <Link to="?confirm=unpublish" className="button button--secondary">
                Unpublish
              </Link>
            ) : (
              <Link to="?confirm=publish" className="button">
                Publish
              </Link>
            )}
          </p>
        )}
      </section>

      <Form method="post" className="admin-form" aria-labelledby="pr-edit">
        <h2 id="pr-edit">Edit</h2>
        <TextArea
          name="markdown"
          label="Press release (Markdown)"
          hint={
            <>
              # for the headline, ## for a section, **bold**, *italic*, a line starting with - for a list. Leave a blank line between paragraphs. The contact
              comes from the cycle&apos;s press contact{cycle.pressContact ? "" : " (not set yet: add it in Settings)"}.
            </>
          }
          rows={24}
          defaultValue={valueOf(values, "markdown", pr.markdown)}
          error={errors?.markdown}
        />
        <TextArea
          name="quote"
          label="Quote"
          hint="Used when the draft is built from the results: for example from the chair of the Compact group or the council leader."
          rows={3}
          defaultValue={valueOf(values, "quote", pr.quote)}
          error={errors?.quote}
        />
        <TextField
          name="quoteAttribution"
          label="Who said it"
          hint="Name and role"
          defaultValue={valueOf(values, "quoteAttribution", pr.quoteAttribution)}
          error={errors?.quoteAttribution}
        />
        <TextField
          name="embargoAt"
          type="datetime-local"
          label="Embargo (optional)"
          hint="UK time. Printed at the top; the public page waits until then."
          defaultValue={valueOf(values, "embargoAt", pr.embargoInput)}
          error={errors?.embargoAt}
          width="half"
        />
        <div className="button-group">
          <button type="submit" name="intent" value="save" className="button" disabled={busy}>
            Save draft
          </button>
          <button type="submit" name="intent" value="preview" className="button button--secondary" disabled={busy}>
            Preview without saving
          </button>
        </div>
        <details>
          <summary>Build the draft again from the results</summary>
          <p>This replaces the text above with a new draft made from the results, the quote and the embargo. Your edits to the text are lost.</p>
          <button type="submit" name="intent" value="rebuild" className="button button--warning" disabled={busy}>
            Rebuild draft from results
          </button>
        </details>
      </Form>

      <section aria-labelledby="pr-preview" className="admin-section">
        <h2 id="pr-preview" className="admin-section__title">
          Preview{actionData?.previewHtml ? " (not saved)" : ""}
        </h2>
        <div className="press-release" dangerouslySetInnerHTML={{ __html: shownPreview }} />
      </section>
      <p>
        <Link to={`${adminPath(cycle.slug)}/booklet`}>The case-study booklet</Link>
      </p>
    </>
  );
}
