import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireActor } from "~/auth/session.server";
import { listPublicCycles } from "~/cycles/cycles.server";
import { prisma } from "~/db/client.server";
import { NOMINATION_STATUS_LABELS, type NominationStatus } from "~/domain/vocabulary";
import { listNominationsFor } from "~/nominations/nominations.server";
import { StatusTag } from "~/nominations/section-page";
import { formatUkDate } from "~/utils/time";

export const meta: MetaFunction = () => [{ title: "Your nominations - Compact Awards" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const nominations = await listNominationsFor(prisma, actor);
  const { current } = await listPublicCycles(prisma);
  const now = Date.now();
  const open = current
    .filter((c) => c.phase === "nominations_open" && new Date(c.nominationsCloseAt).getTime() > now)
    .map((c) => ({ slug: c.slug, name: c.name }));
  return json({
    nominations: nominations.map((n) => ({ ...n, statusLabel: NOMINATION_STATUS_LABELS[n.status as NominationStatus] ?? n.status })),
    open,
    hasOrganisation: !!actor.organisationId,
  });
}

export default function YourNominations() {
  const { nominations, open } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Your nominations</h1>
      <p>Nominations your organisation is a partner in, that you started, or that name you as a contact.</p>
      {nominations.length === 0 ? <p>You have no nominations yet.</p> : null}
      {nominations.length ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Your nominations</caption>
            <thead>
              <tr>
                <th scope="col">Nomination</th>
                <th scope="col">Awards</th>
                <th scope="col">Status</th>
                <th scope="col">Last changed</th>
              </tr>
            </thead>
            <tbody>
              {nominations.map((n) => (
                <tr key={n.id}>
                  <td>
                    <Link to={`/nominations/${n.id}`}>{n.title}</Link>
                    <br />
                    <span className="muted small">{n.partnerNames.join(", ")}</span>
                  </td>
                  <td>{n.cycle.name}</td>
                  <td>
                    <StatusTag status={n.status} label={n.statusLabel} />
                  </td>
                  <td>{formatUkDate(new Date(n.updatedAt))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {open.length ? (
        <>
          <h2>Start a new nomination</h2>
          <ul>
            {open.map((c) => (
              <li key={c.slug}>
                <Link to={`/cycles/${c.slug}/nominate`}>Nominate for the {c.name}</Link>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
