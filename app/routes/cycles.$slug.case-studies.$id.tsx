import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { bookletPageOf } from "~/booklet/booklet.server";
import { caseStudyView, shareDescription } from "~/booklet/case-studies.server";
import { CaseStudyView } from "~/booklet/case-study-view";
import { prisma } from "~/db/client.server";
import { env } from "~/env.server";
import { loadAwards } from "~/results/published.server";
import caseStudyStyles from "~/styles/case-study.css";
import { notFound } from "~/http/responses.server";
import { requirePublishedCycle } from "~/http/guards.server";
import { CycleBreadcrumbs } from "~/components/breadcrumbs";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: caseStudyStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [{ title: "Case study not found - Compact Awards" }];
  const { study, cycle, share } = data;
  const title = `${study.title}: ${study.tier.name}, ${cycle.name}`;
  return [
    { title: `${title} - Compact Awards` },
    { name: "description", content: share.description },
    { property: "og:type", content: "article" },
    { property: "og:title", content: title },
    { property: "og:description", content: share.description },
    { property: "og:url", content: share.url },
    { property: "og:site_name", content: "Compact Awards" },
    ...(share.image
      ? [
          { property: "og:image", content: share.image },
          { property: "og:image:alt", content: share.imageAlt },
          { name: "twitter:card", content: "summary_large_image" },
        ]
      : [{ name: "twitter:card", content: "summary" }]),
    { tagName: "link", rel: "canonical", href: share.url },
  ];
};

/**
 * /cycles/:slug/case-studies/:id: one awarded nomination's case study. Public once the
 * results are published; organisers of the cycle may preview it before. 404 for anything
 * that is not an award of this cycle.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cycle, isPublic } = await requirePublishedCycle(request, params.slug!, { organiserPreview: true });
  const results = await loadAwards(prisma, cycle.id, { nominationId: params.id! });
  const award = results.awards[0];
  if (!award) throw notFound();
  const study = caseStudyView(award);
  const url = `${env.appUrl}/cycles/${encodeURIComponent(cycle.slug)}/case-studies/${encodeURIComponent(award.nominationId)}`;
  return json(
    {
      cycle: { slug: cycle.slug, name: cycle.name },
      study,
      // its page in the stored booklet (the booklet is made again when it is out of date: near enough until then)
      bookletPage: await bookletPageOf(prisma, cycle.id, award.nominationId),
      preview: !isPublic,
      share: {
        url,
        description: shareDescription(award.summary || `${award.tier.name}: ${award.partners.map((p) => p.name).join(", ")}`),
        image: study.photo ? `${env.appUrl}/files/${study.photo.id}` : null,
        imageAlt: study.photo ? study.photo.caption || `Photo: ${study.title}` : "",
      },
    },
    { headers: { "Cache-Control": isPublic ? "public, max-age=60" : "private, no-store" } },
  );
}

export default function CaseStudyPage() {
  const { cycle, study, preview, bookletPage } = useLoaderData<typeof loader>();
  return (
    <>
      <CycleBreadcrumbs cycle={cycle} trail={[{ label: "Case studies", to: `/cycles/${cycle.slug}/case-studies` }]} />
      {preview ? <p className="warning">Preview: the results are not published yet, so only the cycle&apos;s organisers can see this page.</p> : null}
      <CaseStudyView study={study} />
      <p>
        <a href={`/cycles/${cycle.slug}/booklet.pdf${bookletPage ? `#page=${bookletPage}` : ""}`} className="download-link">
          {bookletPage
            ? `This case study in the booklet of all the case studies (PDF, page ${bookletPage})`
            : "Download all the case studies as a booklet (PDF)"}
        </a>
      </p>
      <p>
        <Link to={`/cycles/${cycle.slug}/case-studies`}>All case studies of the {cycle.name}</Link>
      </p>
    </>
  );
}
