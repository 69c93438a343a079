import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { flash, requireActor } from "~/auth/session.server";
import { ErrorSummary } from "~/components/forms";
import { prisma } from "~/db/client.server";
import { leadRoleForSector } from "~/nominations/eligibility";
import { deadlineRefusal, startNomination } from "~/nominations/nominations.server";
import { listNominationsFor } from "~/nominations/lists.server";
import { StatusTag } from "~/nominations/section-page";
import { WITHDRAWN } from "~/nominations/status";
import { NOMINATION_STATUS_LABELS, PARTNER_ROLE_LABELS, SECTOR_SHORT_LABELS, type NominationStatus, type Sector } from "~/domain/vocabulary";
import { formatUkDateTime } from "~/utils/time";
import { requireProfile, requireVisibleCycle } from "~/http/guards.server";
import { CycleBreadcrumbs } from "~/components/breadcrumbs";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Start a nomination${data ? ` - ${data.cycle.name}` : ""} - Compact Awards` }];

async function context(request: Request, slug: string) {
  const actor = await requireActor(request);
  const { cycle } = await requireVisibleCycle(request, slug);
  requireProfile(actor, request);
  return { actor, cycle };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, cycle } = await context(request, params.slug!);
  const organisation = await prisma.organisation.findUnique({ where: { id: actor.organisationId! }, select: { name: true, sector: true } });
  const mine = (await listNominationsFor(prisma, actor)).filter((n) => n.cycle.slug === cycle.slug && n.status !== WITHDRAWN);
  const lead = organisation ? leadRoleForSector(organisation.sector) : null;
  return json({
    cycle: { slug: cycle.slug, name: cycle.name, closesAt: formatUkDateTime(cycle.nominationsCloseAt) },
    refusal: deadlineRefusal({ cycle, extensionUntil: null }, new Date()),
    organisation: organisation
      ? {
          name: organisation.name,
          sectorLabel: SECTOR_SHORT_LABELS[organisation.sector as Sector] ?? organisation.sector,
          roleLabel: lead ? PARTNER_ROLE_LABELS[lead] : PARTNER_ROLE_LABELS.other,
        }
      : null,
    mine: mine.map((n) => ({ id: n.id, title: n.title, status: n.status, statusLabel: NOMINATION_STATUS_LABELS[n.status as NominationStatus] ?? n.status })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, cycle } = await context(request, params.slug!);
  const result = await startNomination(prisma, actor, cycle.id);
  if (!result.ok) return json({ errors: result.errors }, { status: result.status });
  return redirect(`/nominations/${result.id}`, {
    headers: { "Set-Cookie": await flash(request, "Nomination started. Work through the sections below, in any order.") },
  });
}

export default function StartNomination() {
  const { cycle, refusal, organisation, mine } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <CycleBreadcrumbs cycle={cycle} trail={[{ label: "Start a nomination" }]} />
      <ErrorSummary errors={actionData?.errors} />
      <h1>Start a nomination</h1>
      {refusal ? (
        <div className="warning" role="status">
          <p style={{ margin: 0 }}>{refusal}</p>
        </div>
      ) : (
        <>
          <p className="lead">
            Every nomination is made jointly by at least one statutory organisation and one voluntary, community, faith or social-enterprise group.
          </p>
          <p>You will be asked for:</p>
          <ul>
            <li>the category you are entering</li>
            <li>every partner organisation, with a contact for each</li>
            <li>the story: what happened, the difference it made and how the partners worked together (the summary is at most 60 words)</li>
            <li>photos and evidence, if you have them</li>
            <li>whether we may publish it as a case study</li>
          </ul>
          <p>
            Your answers are saved as you go, so you can leave and come back. When you submit, we ask the lead partner from the other sector to confirm it.
            Nominations close on <strong>{cycle.closesAt}</strong> (UK time).
          </p>
          {organisation ? (
            <p>
              You are nominating for <strong>{organisation.name}</strong> ({organisation.sectorLabel}). It will be added as the{" "}
              {organisation.roleLabel.toLowerCase()}; you can change that later.
            </p>
          ) : null}
          <Form method="post">
            <button type="submit" className="button">
              Start a nomination
            </button>
          </Form>
        </>
      )}
      {mine.length ? (
        <>
          <h2>Nominations you already have in this cycle</h2>
          <ul>
            {mine.map((n) => (
              <li key={n.id}>
                <Link to={`/nominations/${n.id}`}>{n.title}</Link> <StatusTag status={n.status} label={n.statusLabel} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
