import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { isOrganiserOf } from "~/auth/permissions";
import { cyclePhase, judgingOpensAt, nominationsOpen, PHASE_LABELS } from "~/cycles/phase";
import { formatUkDateTime } from "~/utils/time";
import { requireVisibleCycle } from "~/http/guards.server";
import { CycleBreadcrumbs } from "~/components/breadcrumbs";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.cycle.name} - Compact Awards` : "Compact Awards" },
  { name: "description", content: data?.cycle.intro.slice(0, 160) ?? "" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cycle, actor } = await requireVisibleCycle(request, params.slug!);
  const now = new Date();
  return json({
    cycle: {
      slug: cycle.slug,
      name: cycle.name,
      area: cycle.area,
      compactArea: cycle.compactArea,
      intro: cycle.intro,
      contactName: cycle.contactName,
      contactEmail: cycle.contactEmail,
      contactPhone: cycle.contactPhone,
      publishedAt: cycle.publishedAt,
      ceremonyVenue: cycle.ceremonyVenue,
      categories: cycle.categories.map((c) => ({ id: c.id, name: c.name, description: c.description, guidance: c.guidance })),
      criteria: cycle.criteria.map((c) => ({ id: c.id, name: c.name, guidance: c.guidance })),
      timeline: [
        { label: "Nominations open", at: cycle.nominationsOpenAt },
        { label: "Nominations close", at: cycle.nominationsCloseAt },
        { label: "Judging", at: judgingOpensAt(cycle) },
        { label: "Judging ends", at: cycle.judgingCloseAt },
        { label: "Awards ceremony", at: cycle.ceremonyAt },
      ].filter((t): t is { label: string; at: Date } => !!t.at),
    },
    phase: cyclePhase(cycle, now),
    open: nominationsOpen(cycle, now),
    isOrganiser: isOrganiserOf(actor, cycle.id),
  });
}

export default function CyclePage() {
  const { cycle, phase, open, isOrganiser } = useLoaderData<typeof loader>();
  return (
    <>
      <CycleBreadcrumbs cycle={cycle} here />
      <h1>{cycle.name}</h1>
      <p className="small">
        Part of <Link to={`/areas/${cycle.compactArea.slug}`}>{cycle.compactArea.name}</Link>
      </p>
      <p>
        <span className={`tag ${open ? "tag--green" : "tag--grey"}`}>{PHASE_LABELS[phase]}</span>
      </p>
      {cycle.intro.split(/\n{2,}/).map((para, i) => (
        <p key={i} className={i === 0 ? "lead" : undefined}>
          {para}
        </p>
      ))}
      {open ? (
        <div className="panel panel--highlight">
          <h2>Nominate a partnership</h2>
          <p>
            Every nomination is made jointly by at least one statutory organisation (council, NHS, police, fire, housing, college) and one voluntary, community,
            faith or social-enterprise group. One partner writes it; the other confirms it.
          </p>
          <Link to={`/cycles/${cycle.slug}/nominate`} className="button">
            Start a nomination
          </Link>
        </div>
      ) : phase === "upcoming" ? (
        <p className="warning">Nominations are not open yet.</p>
      ) : phase === "draft" ? (
        <p className="warning">This cycle is a draft: only its organisers can see it.</p>
      ) : (
        <p className="warning">Nominations for this cycle have closed.</p>
      )}
      {cycle.publishedAt ? (
        <p>
          <Link to={`/cycles/${cycle.slug}/results`} className="button">
            See the results
          </Link>
        </p>
      ) : null}
      {isOrganiser ? (
        <p>
          <Link to={`/admin/cycles/${cycle.slug}`}>Organise this cycle</Link>
        </p>
      ) : null}

      <h2>Categories</h2>
      {cycle.categories.length === 0 ? <p>No categories yet.</p> : null}
      {cycle.categories.map((c) => (
        <section key={c.id} className="panel" aria-labelledby={`cat-${c.id}`}>
          <h3 id={`cat-${c.id}`}>{c.name}</h3>
          {c.description ? <p>{c.description}</p> : null}
          {c.guidance ? (
            <p className="muted">
              <strong>Who can enter: </strong>
              {c.guidance}
            </p>
          ) : null}
        </section>
      ))}

      {cycle.criteria.length > 0 ? (
        <>
          <h2>How nominations are judged</h2>
          <ul>
            {cycle.criteria.map((c) => (
              <li key={c.id}>
                <strong>{c.name}</strong>
                {c.guidance ? `: ${c.guidance}` : ""}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <h2>Timeline</h2>
      <p className="hint">All times are UK time.</p>
      <ol className="timeline">
        {cycle.timeline.map((t) => (
          <li key={t.label}>
            <strong>{t.label}:</strong> {formatUkDateTime(new Date(t.at))}
            {t.label === "Awards ceremony" && cycle.ceremonyVenue ? `, ${cycle.ceremonyVenue}` : ""}
          </li>
        ))}
      </ol>

      {cycle.contactName || cycle.contactEmail ? (
        <>
          <h2>Questions</h2>
          <p>
            Contact {cycle.contactName}
            {cycle.contactEmail ? (
              <>
                {" "}
                at <a href={`mailto:${cycle.contactEmail}`}>{cycle.contactEmail}</a>
              </>
            ) : null}
            {cycle.contactPhone ? ` or on ${cycle.contactPhone}` : ""}.
          </p>
        </>
      ) : null}
    </>
  );
}
