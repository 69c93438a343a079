import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { prisma } from "~/db/client.server";
import { headlineOf, publicPressRelease, renderMarkdown } from "~/press/press-release.server";
import caseStudyStyles from "~/styles/case-study.css";
import { formatUkDateTime } from "~/utils/time";
import { notFound } from "~/http/responses.server";
import { requirePublishedCycle } from "~/http/guards.server";
import { CycleBreadcrumbs } from "~/components/breadcrumbs";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: caseStudyStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.headline} - ${data.cycle.name} - Compact Awards` },
        { name: "description", content: `Press release: ${data.headline}` },
        { property: "og:title", content: data.headline },
        { property: "og:type", content: "article" },
      ]
    : [{ title: "Press release - Compact Awards" }];

/**
 * /cycles/:slug/press-release: the published press release, in HTML, with the Markdown and
 * Word downloads beside it. 404 unless an organiser published it, the results are
 * published, and any embargo has passed.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cycle } = await requirePublishedCycle(request, params.slug!);
  const pr = await publicPressRelease(prisma, cycle);
  if (!pr) throw notFound();
  return json(
    {
      cycle: { slug: cycle.slug, name: cycle.name },
      headline: headlineOf(pr.markdown),
      html: renderMarkdown(pr.markdown),
      publishedAt: pr.publishedAt!.toISOString(),
    },
    { headers: { "Cache-Control": "public, max-age=60" } },
  );
}

export default function PublicPressRelease() {
  const { cycle, html, publishedAt } = useLoaderData<typeof loader>();
  const base = `/cycles/${cycle.slug}/press-release`;
  return (
    <>
      <CycleBreadcrumbs cycle={cycle} />
      <p className="muted">Press release · published {formatUkDateTime(new Date(publishedAt))}</p>
      {/* Rendered on the server from Markdown with raw HTML shown as text (app/press/markdown.server.ts). */}
      <article className="press-release" dangerouslySetInnerHTML={{ __html: html }} />
      <section aria-labelledby="downloads" className="panel">
        <h2 id="downloads">Download</h2>
        <ul>
          <li>
            <a href={`${base}.docx`} download>
              Word document (.docx)
            </a>
          </li>
          <li>
            <a href={`${base}.md`} download>
              Markdown text (.md)
            </a>
          </li>
          <li>
            <Link to={`/cycles/${cycle.slug}/case-studies`}>Case studies of every award</Link>, and the{" "}
            <a href={`/cycles/${cycle.slug}/booklet.pdf`}>case-study booklet (PDF)</a>
          </li>
        </ul>
      </section>
    </>
  );
}
