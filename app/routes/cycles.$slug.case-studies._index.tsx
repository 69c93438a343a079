import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { tierColour } from "~/booklet/theme";
import { prisma } from "~/db/client.server";
import { describeTierCounts, loadAwards } from "~/results/published.server";
import caseStudyStyles from "~/styles/case-study.css";
import { requirePublishedCycle } from "~/http/guards.server";
import { CycleBreadcrumbs } from "~/components/breadcrumbs";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: caseStudyStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [{ title: "Case studies - Compact Awards" }];
  const description = `Case studies of the ${data.counts.awards} award-winning partnerships of the ${data.cycle.name}.`;
  return [
    { title: `Case studies: ${data.cycle.name} - Compact Awards` },
    { name: "description", content: description },
    { property: "og:title", content: `Case studies: ${data.cycle.name}` },
    { property: "og:description", content: description },
  ];
};

/** /cycles/:slug/case-studies: every award's case study, by category, winners first. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cycle, isPublic } = await requirePublishedCycle(request, params.slug!, { organiserPreview: true });
  const results = await loadAwards(prisma, cycle.id);
  return json(
    {
      cycle: { slug: cycle.slug, name: cycle.name },
      preview: !isPublic,
      counts: { ...results.counts, summary: describeTierCounts(results.counts.byTier) },
      categories: results.categories.map((c) => ({
        key: c.id ?? "other",
        name: c.name,
        awards: c.awards.map((a) => ({
          id: a.nominationId,
          title: a.title,
          summary: a.summary,
          tier: { name: a.tier.name, kind: a.tier.kind },
          partners: a.partners.map((p) => p.name),
        })),
      })),
    },
    { headers: { "Cache-Control": isPublic ? "public, max-age=60" : "private, no-store" } },
  );
}

export default function CaseStudiesIndex() {
  const { cycle, preview, counts, categories } = useLoaderData<typeof loader>();
  return (
    <>
      <CycleBreadcrumbs cycle={cycle} />
      {preview ? <p className="warning">Preview: the results are not published yet, so only the cycle&apos;s organisers can see this page.</p> : null}
      <h1>Case studies: {cycle.name}</h1>
      <p className="lead">
        {counts.awards === 0
          ? "No awards were made."
          : `${counts.awards} ${counts.awards === 1 ? "partnership was" : "partnerships were"} recognised${counts.summary ? `: ${counts.summary}` : ""}.`}
      </p>
      {counts.awards > 0 ? (
        <p>
          <a href={`/cycles/${cycle.slug}/booklet.pdf`} className="download-link">
            Download all the case studies as a booklet (PDF)
          </a>
        </p>
      ) : null}
      {categories.map((category) => (
        <section key={category.key} aria-labelledby={`category-${category.key}`}>
          <h2 id={`category-${category.key}`}>{category.name}</h2>
          <ul className="case-study-list">
            {category.awards.map((a) => (
              <li key={a.id}>
                <h3>
                  <Link to={`/cycles/${cycle.slug}/case-studies/${a.id}`}>{a.title}</Link>
                </h3>
                <span className="tier-tag" style={{ backgroundColor: tierColour(a.tier.kind) }}>
                  {a.tier.name}
                </span>
                <p>{a.partners.join(", ")}</p>
                {a.summary ? <p className="muted">{a.summary}</p> : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
