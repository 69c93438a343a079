import { DataTable } from "~/components/data-table";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { flash, requireActor } from "~/auth/session.server";
import { ErrorSummary } from "~/components/forms";
import { readFormData } from "~/forms/read.server";
import { parseForm } from "~/forms/validate";
import { askToBeAdded } from "~/nominations/people.server";
import { listPublicCycles } from "~/cycles/cycles.server";
import { prisma } from "~/db/client.server";
import { NOMINATION_STATUS_LABELS, type NominationStatus } from "~/domain/vocabulary";
import { listNominationsFor, organisationNominationsFor } from "~/nominations/lists.server";
import { StatusTag } from "~/nominations/section-page";
import { formatUkDate } from "~/utils/time";
import { notFound } from "~/http/responses.server";

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
    // Of the organisations this person verifiably speaks for: that they exist, and a way to ask to be added.
    organisationNominations: await organisationNominationsFor(prisma, actor),
    open,
    hasOrganisation: !!actor.organisationId,
  });
}

const askSchema = z.object({
  intent: z.literal("ask", { error: "Something went wrong with that button. Reload the page and try again." }),
  nominationId: z.string().min(1, "Something went wrong with that button. Reload the page and try again."),
});

/** A verified member of a partner organisation asks a lead to add them. */
export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const form = parseForm(askSchema, await readFormData(request));
  if (!form.ok) return json({ errors: form.errors }, { status: 400 });
  const result = await askToBeAdded(prisma, actor, form.data.nominationId);
  if (!result.ok) {
    if (result.status === 404) throw notFound();
    return json({ errors: result.errors }, { status: result.status });
  }
  const notice = result.already ? "You have already asked to be added." : "You have asked to be added. A lead partner of the nomination will decide.";
  return redirect("/nominations", { headers: { "Set-Cookie": await flash(request, notice) } });
}

export default function YourNominations() {
  const { nominations, organisationNominations, open } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <ErrorSummary errors={actionData?.errors as Record<string, string> | undefined} />
      <h1>Your nominations</h1>
      <p>Nominations you started, confirmed for your organisation, or were added to by a lead partner.</p>
      {nominations.length === 0 ? <p>You have no nominations yet.</p> : null}
      {nominations.length ? (
        <div className="table-wrap">
          <DataTable caption="Your nominations" className="" hiddenCaption columns={["Nomination", "Awards", "Status", "Last changed"]}>
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
          </DataTable>
        </div>
      ) : null}
      {organisationNominations.length ? (
        <>
          <h2>Your organisation's other nominations</h2>
          <p>You speak for an organisation that is a partner in these. To work on one, ask its lead partners to add you.</p>
          <ul className="request-list">
            {organisationNominations.map((n) => (
              <li key={n.id}>
                <strong>{n.title}</strong>{" "}
                <span className="muted small">
                  ({n.cycleName}: {n.partnerNames.join(", ")})
                </span>{" "}
                {n.request === "asking" ? (
                  <span className="tag tag--yellow">You have asked to be added</span>
                ) : n.request === "refused" ? (
                  <span className="tag tag--grey">Not added</span>
                ) : (
                  <Form method="post" style={{ display: "inline" }}>
                    <input type="hidden" name="intent" value="ask" />
                    <input type="hidden" name="nominationId" value={n.id} />
                    <button type="submit" className="button button--secondary button--small">
                      Ask to be added<span className="visually-hidden"> to {n.title}</span>
                    </button>
                  </Form>
                )}
              </li>
            ))}
          </ul>
        </>
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
