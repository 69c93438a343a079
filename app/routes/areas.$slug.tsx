import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { areaPage } from "~/areas/areas.server";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { PHASE_LABELS } from "~/cycles/phase";
import { prisma } from "~/db/client.server";
import { notFound } from "~/http/responses.server";
import { formatUkDate, formatUkDateTime } from "~/utils/time";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.area.name} - Compact Awards` : "Compact Awards" },
  { name: "description", content: data?.area.description.slice(0, 160) ?? "" },
];

/** A Compact area's public page: only its launched cycles, as the public cycle pages show them. */
export async function loader({ params }: LoaderFunctionArgs) {
  const page = await areaPage(prisma, { slug: params.slug! });
  if (!page) throw notFound();
  return json(page);
}

type Cycle = ReturnType<typeof useLoaderData<typeof loader>>["open"][number];

function CycleCards({ cycles, tag }: { cycles: Cycle[]; tag: string }) {
  return (
    <ul className="card-list">
      {cycles.map((c) => (
        <li className="card" key={c.slug}>
          <h3>
            <Link to={`/cycles/${c.slug}`}>{c.name}</Link>
          </h3>
          <p>
            <span className={`tag ${tag}`}>{PHASE_LABELS[c.phase]}</span>
          </p>
          {c.phase === "upcoming" ? (
            <p className="small">Nominations open {formatUkDateTime(new Date(c.nominationsOpenAt))}</p>
          ) : c.phase === "nominations_open" ? (
            <p className="small">Nominations close {formatUkDateTime(new Date(c.nominationsCloseAt))}</p>
          ) : c.published ? (
            <p className="small">
              <Link to={`/cycles/${c.slug}/results`}>
                See the results<span className="visually-hidden"> of {c.name}</span>
              </Link>
            </p>
          ) : c.ceremonyAt ? (
            <p className="small">Ceremony {formatUkDate(new Date(c.ceremonyAt))}</p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export default function AreaPage() {
  const { area, open, upcoming, past } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={[{ label: "Home", to: "/" }, { label: area.name }]} />
      {area.logo ? (
        <p className="area-logo-wrap">
          <img className="area-logo" src={area.logo.src} alt={area.logo.alt} />
        </p>
      ) : null}
      <h1 className="area-heading" style={{ borderLeftColor: area.brandColour }}>
        {area.name}
      </h1>
      {area.description ? <p className="lead">{area.description}</p> : null}

      <h2>Open for nominations</h2>
      {open.length === 0 ? <p>None of this Compact's awards are open for nominations at the moment.</p> : <CycleCards cycles={open} tag="tag--green" />}

      {upcoming.length > 0 ? (
        <>
          <h2>Opening soon</h2>
          <CycleCards cycles={upcoming} tag="tag--green" />
        </>
      ) : null}

      <h2>Past awards</h2>
      {past.length === 0 ? <p>No past awards yet.</p> : <CycleCards cycles={past} tag="tag--grey" />}

      {area.contactName || area.contactEmail ? (
        <>
          <h2>Contact</h2>
          <p>
            {area.contactName}
            {area.contactName && area.contactEmail ? ": " : null}
            {area.contactEmail ? <a href={`mailto:${area.contactEmail}`}>{area.contactEmail}</a> : null}
          </p>
        </>
      ) : null}
    </>
  );
}
