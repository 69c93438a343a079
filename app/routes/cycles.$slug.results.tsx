import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { prisma } from "~/db/client.server";
import { describeTierCounts, loadAwards, pluralise } from "~/results/published.server";
import resultsStyles from "~/results/results.css";
import { formatUkDate } from "~/utils/time";
import { capitalise } from "~/utils/text";
import { requirePublishedCycle } from "~/http/guards.server";
import { CycleBreadcrumbs } from "~/components/breadcrumbs";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: resultsStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return [{ title: "Results - Compact Awards" }];
  const description = `The results of the ${data.cycle.name}: ${data.summary || "the partnerships recognised"}.`;
  return [
    { title: `Results: ${data.cycle.name} - Compact Awards` },
    { name: "description", content: description },
    { property: "og:title", content: `Results: ${data.cycle.name}` },
    { property: "og:description", content: description },
  ];
};

/**
 * /cycles/:slug/results: the published results, by category, then by outcome (winners,
 * special commendations, commendations, highly commended), each with its partners and
 * summary. Public only once published: before that it is "not found" for everyone,
 * organisers included (they preview the outcomes on the moderation page).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cycle } = await requirePublishedCycle(request, params.slug!);
  const awards = await loadAwards(prisma, cycle.id);
  return json(
    {
      cycle: { slug: cycle.slug, name: cycle.name, publishedAt: cycle.publishedAt!.toISOString() },
      received: awards.counts.nominationsReceived,
      total: awards.counts.awards,
      summary: describeTierCounts(awards.counts.byTier),
      categories: awards.categories.map((c) => ({
        key: c.id ?? "other",
        name: c.name,
        description: c.description,
        tiers: awards.tiers
          .map((t) => ({
            id: t.id,
            heading: capitalise(pluralise(t.name.toLowerCase())),
            awards: c.awards
              .filter((a) => a.tier.id === t.id)
              .map((a) => ({
                id: a.nominationId,
                title: a.title,
                summary: a.summary,
                citation: a.citation,
                isExample: a.isExample,
                partners: a.partners.map((p) => ({ name: p.name, side: p.sectorLabel })),
              })),
          }))
          .filter((t) => t.awards.length > 0),
      })),
    },
    { headers: { "Cache-Control": "public, max-age=60" } },
  );
}

export default function PublicResults() {
  const { cycle, received, total, summary, categories } = useLoaderData<typeof loader>();
  return (
    <div className="public-results">
      <CycleBreadcrumbs cycle={cycle} />
      <h1>Results: {cycle.name}</h1>
      <p className="lead">
        {total === 0
          ? `${received} ${received === 1 ? "nomination was" : "nominations were"} received. No awards were made.`
          : `${received} ${received === 1 ? "nomination was" : "nominations were"} received, and ${total} ${total === 1 ? "partnership was" : "partnerships were"} recognised${summary ? `: ${summary}` : ""}.`}
      </p>
      <p className="muted small">Published {formatUkDate(new Date(cycle.publishedAt))}.</p>
      <ul className="public-results__links">
        <li>
          <a href={`/cycles/${cycle.slug}/booklet.pdf`}>Download the case-study booklet (PDF)</a>
        </li>
        <li>
          <Link to={`/cycles/${cycle.slug}/press-release`}>Read the press release</Link>
        </li>
        <li>
          <Link to={`/cycles/${cycle.slug}/case-studies`}>Read the case studies</Link>
        </li>
      </ul>
      {categories.map((category) => (
        <section key={category.key} aria-labelledby={`category-${category.key}`}>
          <h2 id={`category-${category.key}`}>{category.name}</h2>
          {category.description ? <p className="muted">{category.description}</p> : null}
          {category.tiers.map((tier) => (
            <section key={tier.id} aria-labelledby={`tier-${category.key}-${tier.id}`}>
              <h3 id={`tier-${category.key}-${tier.id}`}>{tier.heading}</h3>
              <ul className="public-results__awards">
                {tier.awards.map((a) => (
                  <li key={a.id}>
                    <h4>
                      <Link to={`/cycles/${cycle.slug}/case-studies/${a.id}`}>{a.title}</Link>
                    </h4>
                    <p className="public-results__partners">
                      <span className="visually-hidden">Partners: </span>
                      {a.partners.map((p) => p.name).join(", ")}
                    </p>
                    {a.summary ? <p>{a.summary}</p> : null}
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </section>
      ))}
    </div>
  );
}
