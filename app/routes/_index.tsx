import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { listAreas } from "~/areas/areas.server";
import { areaSearchSchema } from "~/areas/schemas";
import { TextField } from "~/components/forms";
import { PHASE_LABELS } from "~/cycles/phase";
import { listPublicCycles } from "~/cycles/cycles.server";
import { prisma } from "~/db/client.server";
import { formatUkDateTime } from "~/utils/time";

export const meta: MetaFunction = () => [
  { title: "Compact Awards" },
  { name: "description", content: "Local Compact Awards: celebrating partnership between public bodies and the voluntary and community sector." },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const search = areaSearchSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const q = search.success ? search.data.q : "";
  const [{ current }, areas] = await Promise.all([listPublicCycles(prisma), listAreas(prisma, { q })]);
  return json({
    // Every area's cycles that are open for nominations now, or opening soon: launched ones only.
    current: current.map((c) => ({
      slug: c.slug,
      name: c.name,
      phase: c.phase,
      nominationsOpenAt: c.nominationsOpenAt,
      nominationsCloseAt: c.nominationsCloseAt,
      area: { slug: c.compactArea.slug, name: c.compactArea.name },
    })),
    areas,
  });
}

export default function Home() {
  const { current, areas } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Compact Awards</h1>
      <p className="lead">
        Local Compact Awards celebrate work done together by public bodies (council, NHS, police, fire, housing, colleges) and voluntary and community groups:
        achieving more together than each could alone.
      </p>
      <h2>Open and upcoming awards</h2>
      {current.length === 0 ? (
        <p>There are no awards open for nominations at the moment.</p>
      ) : (
        <ul className="card-list">
          {current.map((c) => (
            <li className="card" key={c.slug}>
              <h3>
                <Link to={`/cycles/${c.slug}`}>{c.name}</Link>
              </h3>
              <p className="small">{c.area.name}</p>
              <p>
                <span className="tag tag--green">{PHASE_LABELS[c.phase]}</span>
              </p>
              <p className="small">
                {c.phase === "upcoming"
                  ? `Nominations open ${formatUkDateTime(new Date(c.nominationsOpenAt))}`
                  : `Nominations close ${formatUkDateTime(new Date(c.nominationsCloseAt))}`}
              </p>
            </li>
          ))}
        </ul>
      )}

      <h2 id="areas-title">Local Compacts</h2>
      <p>Each local Compact runs its own awards. Its page has its past awards and their results.</p>
      {areas.searchable ? (
        <Form method="get" role="search" aria-labelledby="areas-title" className="search">
          <TextField name="q" label="Search the local Compacts" type="search" width="half" defaultValue={areas.q} />
          <button type="submit" className="button button--secondary">
            Search
          </button>
        </Form>
      ) : null}
      {areas.areas.length === 0 ? (
        <p>{areas.q ? `No local Compact matches "${areas.q}".` : "There are no local Compacts yet."}</p>
      ) : (
        <ul className="card-list">
          {areas.areas.map((a) => (
            <li className="card" key={a.slug} style={{ borderTopColor: a.brandColour }}>
              {/* Beside the area's name, which says the same: decorative here (its page reads out its description). */}
              {a.logo ? <img className="area-logo area-logo--small" src={a.logo.src} alt="" /> : null}
              <h3>
                <Link to={`/areas/${a.slug}`}>{a.name}</Link>
              </h3>
              {a.description ? <p className="small">{a.description}</p> : null}
            </li>
          ))}
        </ul>
      )}
      {areas.q ? (
        <p>
          <Link to="/">Show every local Compact</Link>
        </p>
      ) : null}
    </>
  );
}
