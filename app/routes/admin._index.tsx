import { DataTable } from "~/components/data-table";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { areasAdministeredBy } from "~/areas/areas.server";
import { can, organisesAnyCycle } from "~/auth/permissions";
import { requireActor } from "~/auth/session.server";
import { cyclePhase, PHASE_LABELS } from "~/cycles/phase";
import { listOrganisedCycles } from "~/cycles/setup.server";
import { prisma } from "~/db/client.server";
import { membershipRequestsFor } from "~/organisations/membership.server";
import adminStyles from "~/styles/admin.css";
import { formatUkDate } from "~/utils/time";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

export const meta: MetaFunction = () => [{ title: "Your award cycles - Compact Awards" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const now = new Date();
  const cycles = await listOrganisedCycles(prisma, actor);
  return json({
    canCreate: can(actor, { action: "cycle.create" }),
    // Organisers keep the shared directory of organisations: say when someone waits for an answer.
    membershipRequests: organisesAnyCycle(actor) ? (await membershipRequestsFor(prisma, actor)).length : null,
    isSiteAdmin: actor.isSiteAdmin,
    canManageAreas: can(actor, { action: "area.create" }),
    // The areas the person administers: their public pages.
    areas: await areasAdministeredBy(prisma, actor),
    cycles: cycles.map((c) => ({
      slug: c.slug,
      name: c.name,
      area: c.compactArea.name,
      phase: cyclePhase(c, now),
      nominationsOpenAt: c.nominationsOpenAt,
      nominationsCloseAt: c.nominationsCloseAt,
    })),
  });
}

const PHASE_TAG: Record<string, string> = { draft: "tag--yellow", nominations_open: "tag--green", published: "tag--grey" };

export default function AdminHome() {
  const { cycles, canCreate, isSiteAdmin, canManageAreas, areas, membershipRequests } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Your award cycles</h1>
      {canManageAreas ? (
        <p>
          <Link to="/admin/areas">Compact areas and their administrators</Link>
        </p>
      ) : areas.length > 0 ? (
        <p>
          You administer{" "}
          {areas.map((a, i) => (
            <span key={a.slug}>
              {i > 0 ? ", " : null}
              <Link to={`/areas/${a.slug}`}>{a.name}</Link> (
              <Link to={`/admin/areas/${a.slug}`}>
                edit its details<span className="visually-hidden"> of {a.name}</span>
              </Link>
              )
            </span>
          ))}
          : you can create its award cycles and choose their organisers and judges.
        </p>
      ) : null}
      {membershipRequests !== null ? (
        <p>
          <Link to="/admin/organisations">Organisations and who speaks for them</Link>
          {membershipRequests > 0 ? (
            <>
              {" "}
              <strong className="tag tag--yellow">
                {membershipRequests} {membershipRequests === 1 ? "request" : "requests"} to join waiting
              </strong>
            </>
          ) : null}
        </p>
      ) : null}
      {cycles.length === 0 ? (
        canCreate ? (
          <p>There are no award cycles yet. Create one to set its categories, criteria and dates.</p>
        ) : (
          <>
            <p>You do not organise any award cycles.</p>
            <p>
              If you should be an organiser, ask the organiser of your local Compact Awards to add you. Their details are on the awards' page, which you can
              find from the <Link to="/">home page</Link>.
            </p>
          </>
        )
      ) : (
        <>
          <p>
            {isSiteAdmin
              ? "As a site administrator you can manage every cycle."
              : areas.length > 0
                ? "These are the cycles of your Compact areas and the cycles you organise."
                : "These are the cycles you organise."}
          </p>
          <div className="table-wrap">
            <DataTable caption="Award cycles" hiddenCaption columns={["Cycle", "Compact area", "Status", "Nominations"]}>
              {cycles.map((c) => (
                <tr key={c.slug}>
                  <th scope="row">
                    <Link to={`/admin/cycles/${c.slug}`}>{c.name}</Link>
                  </th>
                  <td>{c.area}</td>
                  <td>
                    <span className={`tag ${PHASE_TAG[c.phase] ?? ""}`}>{PHASE_LABELS[c.phase]}</span>
                  </td>
                  <td>
                    {formatUkDate(new Date(c.nominationsOpenAt))} to {formatUkDate(new Date(c.nominationsCloseAt))}
                  </td>
                </tr>
              ))}
            </DataTable>
          </div>
        </>
      )}
      {canCreate ? (
        <p>
          <Link to="/admin/cycles/new" className="button">
            Create a new cycle
          </Link>
        </p>
      ) : null}
    </>
  );
}
