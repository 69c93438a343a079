import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PHASE_LABELS } from "~/cycles/phase";
import { listPublicCycles } from "~/cycles/cycles.server";
import { prisma } from "~/db/client.server";
import { formatUkDate, formatUkDateTime } from "~/utils/time";

export const meta: MetaFunction = () => [
  { title: "Compact Awards" },
  { name: "description", content: "Local Compact Awards: celebrating partnership between public bodies and the voluntary and community sector." },
];

export async function loader(_: LoaderFunctionArgs) {
  const { current, past } = await listPublicCycles(prisma);
  return json({ current, past });
}

export default function Home() {
  const { current, past } = useLoaderData<typeof loader>();
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
      <h2>Past awards</h2>
      {past.length === 0 ? (
        <p>No past awards yet.</p>
      ) : (
        <ul className="card-list">
          {past.map((c) => (
            <li className="card" key={c.slug}>
              <h3>
                <Link to={`/cycles/${c.slug}`}>{c.name}</Link>
              </h3>
              <p>
                <span className="tag tag--grey">{PHASE_LABELS[c.phase]}</span>
              </p>
              {c.publishedAt ? (
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
      )}
    </>
  );
}
