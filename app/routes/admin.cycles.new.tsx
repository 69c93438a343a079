import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { can } from "~/auth/permissions";
import { flash, requireActor } from "~/auth/session.server";
import { CycleDetailsFields } from "~/components/cycle-form";
import { ErrorSummary, Select, valueOf } from "~/components/forms";
import { cycleCreateSchema } from "~/cycles/schemas";
import { createCycle } from "~/cycles/setup.server";
import { previousCyclesToStartFrom } from "~/cycles/copy-setup.server";
import { areasToCreateCyclesIn } from "~/areas/areas.server";
import { prisma } from "~/db/client.server";
import { readFormData } from "~/forms/read.server";
import { parseForm } from "~/forms/validate";
import adminStyles from "~/styles/admin.css";
import { notFound } from "~/http/responses.server";
import { Breadcrumbs } from "~/components/breadcrumbs";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

export const meta: MetaFunction = () => [{ title: "Create a new cycle - Compact Awards" }];

async function requireCreator(request: Request) {
  const actor = await requireActor(request);
  if (!can(actor, { action: "cycle.create" })) throw notFound();
  return actor;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireCreator(request);
  // Only the areas this person may create cycles in, and only cycles of those areas they manage.
  const areas = await areasToCreateCyclesIn(prisma, actor);
  const previous = await previousCyclesToStartFrom(
    prisma,
    actor,
    areas.map((a) => a.id),
  );
  // The person setting the cycle up is the likely first contact; they can change it.
  return json({
    initial: { contactName: actor.name ?? "", contactEmail: actor.email, areaId: areas.length === 1 ? areas[0].id : "" },
    areas: areas.map((a) => ({ id: a.id, name: a.name })),
    previous: previous.map((c) => ({ id: c.id, label: `${c.name} (${areas.find((a) => a.id === c.areaId)?.name ?? ""})` })),
    // A site admin may leave the area blank: the cycle's place names a new area.
    mayNameNewArea: actor.isSiteAdmin,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireCreator(request);
  const form = parseForm(cycleCreateSchema, await readFormData(request));
  if (!form.ok) return json({ errors: form.errors, values: form.values }, { status: 400 });
  const result = await createCycle(prisma, actor, form.data);
  if (!result.ok) return json({ errors: result.errors, values: form.values }, { status: 400 });
  const cookie = await flash(request, `${result.value.name} is set up as a draft. Only organisers can see it until you make it public.`);
  return redirect(`/admin/cycles/${result.value.slug}`, { headers: { "Set-Cookie": cookie } });
}

export default function NewCycle() {
  const { initial, areas, previous, mayNameNewArea } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <Breadcrumbs items={[{ label: "Your cycles", to: "/admin" }]} />
      <ErrorSummary errors={actionData?.errors} />
      <h1>Create a new cycle</h1>
      <p>
        A cycle is one year's awards: its categories, how nominations are judged, and its dates. It stays a draft, seen only by organisers, until you make it
        public from its overview page. You can change all of this later in Settings.
      </p>
      <Form method="post" noValidate>
        {areas.length === 1 && !mayNameNewArea ? (
          <div className="field">
            <p className="label">Compact area</p>
            <p>This cycle is part of {areas[0].name}.</p>
            <input type="hidden" name="areaId" value={areas[0].id} />
          </div>
        ) : (
          <Select
            name="areaId"
            label="Compact area"
            hint={mayNameNewArea ? "The local Compact whose awards these are. Left blank, a new area is made from the place you give under Area." : undefined}
            error={actionData?.errors?.areaId}
            defaultValue={valueOf(actionData?.values ?? initial, "areaId")}
            placeholder={mayNameNewArea ? "A new area, named after the place below" : "Choose a Compact area"}
            options={areas.map((a) => ({ value: a.id, label: a.name }))}
          />
        )}
        {previous.length > 0 ? (
          <Select
            name="startFrom"
            label="Start from"
            hint="Copies a previous cycle's categories, criteria, outcome tiers, email sign-off and judging panel. It must be a cycle of the same Compact area. Nominations and results are never copied."
            error={actionData?.errors?.startFrom}
            defaultValue={valueOf(actionData?.values, "startFrom")}
            placeholder="Nothing: set it up from the beginning"
            options={previous.map((c) => ({ value: c.id, label: c.label }))}
          />
        ) : null}
        <CycleDetailsFields values={actionData?.values ?? initial} errors={actionData?.errors} />
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Creating…" : "Create cycle"}
        </button>
      </Form>
    </>
  );
}
