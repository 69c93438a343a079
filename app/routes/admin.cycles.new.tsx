import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { can } from "~/auth/permissions";
import { flash, requireActor } from "~/auth/session.server";
import { CycleDetailsFields } from "~/components/cycle-form";
import { ErrorSummary } from "~/components/forms";
import { cycleCreateSchema } from "~/cycles/schemas";
import { createCycle } from "~/cycles/setup.server";
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
  // The person setting the cycle up is the likely first contact; they can change it.
  return json({ initial: { contactName: actor.name ?? "", contactEmail: actor.email } });
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
  const { initial } = useLoaderData<typeof loader>();
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
        <CycleDetailsFields values={actionData?.values ?? initial} errors={actionData?.errors} />
        <button type="submit" className="button" disabled={busy}>
          {busy ? "Creating…" : "Create cycle"}
        </button>
      </Form>
    </>
  );
}
