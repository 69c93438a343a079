import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { appointAreaAdmin, createArea, listAreasForAdmin } from "~/areas/areas.server";
import { appointAreaAdminSchema, areaCreateSchema, areaIntentSchema } from "~/areas/schemas";
import { can } from "~/auth/permissions";
import { flash, requireActor } from "~/auth/session.server";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { DataTable } from "~/components/data-table";
import { ErrorSummary, Select, TextArea, TextField, valueOf } from "~/components/forms";
import { prisma } from "~/db/client.server";
import { readFormData } from "~/forms/read.server";
import { parseForm } from "~/forms/validate";
import { notFound } from "~/http/responses.server";
import adminStyles from "~/styles/admin.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

export const meta: MetaFunction = () => [{ title: "Compact areas - Compact Awards" }];

/** Site admins only: anyone else is told nothing is here. */
async function requireSiteAdmin(request: Request) {
  const actor = await requireActor(request);
  if (!can(actor, { action: "area.create" })) throw notFound();
  return actor;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireSiteAdmin(request);
  return json({ areas: await listAreasForAdmin(prisma, actor) });
}

type ActionData = { errors: Record<string, string>; values?: Record<string, string | string[]>; intent?: "create" | "appoint" };

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireSiteAdmin(request);
  const formData = await readFormData(request);
  const which = parseForm(areaIntentSchema, formData);
  if (!which.ok) return json<ActionData>({ errors: { form: "Something went wrong with that button. Reload the page and try again." } }, { status: 400 });
  if (which.data.intent === "create") {
    const form = parseForm(areaCreateSchema, formData);
    if (!form.ok) return json<ActionData>({ errors: form.errors, values: form.values, intent: "create" }, { status: 400 });
    const result = await createArea(prisma, actor, form.data);
    if (!result.ok) return json<ActionData>({ errors: result.errors, values: form.values, intent: "create" }, { status: 400 });
    const cookie = await flash(request, `${result.value.name} is set up. Appoint its administrators below: they create its award cycles.`);
    return redirect("/admin/areas", { headers: { "Set-Cookie": cookie } });
  }
  const form = parseForm(appointAreaAdminSchema, formData);
  if (!form.ok) return json<ActionData>({ errors: form.errors, values: form.values, intent: "appoint" }, { status: 400 });
  const result = await appointAreaAdmin(prisma, actor, form.data);
  if (!result.ok) return json<ActionData>({ errors: result.errors, values: form.values, intent: "appoint" }, { status: 400 });
  const { email, areaName, already } = result.value;
  const cookie = await flash(
    request,
    already
      ? `${email} was already an administrator of ${areaName}.`
      : `${email} is now an administrator of ${areaName}. They can sign in with that address from the sign-in page.`,
  );
  return redirect("/admin/areas", { headers: { "Set-Cookie": cookie } });
}

export default function Areas() {
  const { areas } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const busy = useNavigation().state === "submitting";
  const create = actionData?.intent === "create" ? actionData : undefined;
  const appoint = actionData?.intent === "appoint" ? actionData : undefined;
  return (
    <>
      <Breadcrumbs items={[{ label: "Your cycles", to: "/admin" }]} />
      <ErrorSummary errors={actionData?.errors} />
      <h1>Compact areas</h1>
      <p>
        Each local Compact on this site is an area. An area owns its award cycles; its administrators create them and choose their organisers and judges. The
        directory of organisations is shared by every area.
      </p>
      {areas.length === 0 ? (
        <p>There are no Compact areas yet. Create the first one below.</p>
      ) : (
        <div className="table-wrap">
          <DataTable caption="Compact areas" hiddenCaption columns={["Area", "Administrators", "Cycles", "Change"]}>
            {areas.map((a) => (
              <tr key={a.id}>
                <th scope="row">
                  <Link to={`/areas/${a.slug}`}>{a.name}</Link>
                </th>
                <td>{a.admins.length === 0 ? "None yet" : a.admins.map((p) => (p.name ? `${p.name} (${p.email})` : p.email)).join(", ")}</td>
                <td className="num">{a.cycles}</td>
                <td>
                  <Link to={`/admin/areas/${a.slug}`}>
                    Edit<span className="visually-hidden"> {a.name}: details, logo and administrators</span>
                  </Link>
                </td>
              </tr>
            ))}
          </DataTable>
        </div>
      )}

      {areas.length > 0 ? (
        <section className="admin-form" aria-labelledby="appoint-title">
          <h2 id="appoint-title">Appoint an area administrator</h2>
          <p>They can create the area's award cycles and choose the organisers and judges of its cycles. They sign in with this email address.</p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="appoint" />
            <Select
              name="areaId"
              label="Compact area"
              error={appoint?.errors.areaId}
              defaultValue={valueOf(appoint?.values, "areaId")}
              options={areas.map((a) => ({ value: a.id, label: a.name }))}
            />
            <TextField
              name="email"
              label="Email address"
              type="email"
              width="half"
              spellCheck={false}
              autoComplete="off"
              error={appoint?.errors.email}
              defaultValue={valueOf(appoint?.values, "email")}
            />
            <button type="submit" className="button" disabled={busy}>
              Appoint administrator
            </button>
          </Form>
        </section>
      ) : null}

      <section className="admin-form" aria-labelledby="create-title">
        <h2 id="create-title">Create a Compact area</h2>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="create" />
          <TextField name="name" label="Name" hint="For example, Preston Compact" error={create?.errors.name} defaultValue={valueOf(create?.values, "name")} />
          <TextField
            name="slug"
            label="Web address name (optional)"
            hint="Lower-case letters, numbers and hyphens, for example preston. Left blank, it is made from the name."
            width="half"
            spellCheck={false}
            error={create?.errors.slug}
            defaultValue={valueOf(create?.values, "slug")}
          />
          <TextArea
            name="description"
            label="Short description (optional)"
            rows={3}
            error={create?.errors.description}
            defaultValue={valueOf(create?.values, "description")}
          />
          <TextField
            name="brandColour"
            label="Brand colour (optional)"
            hint="A hex code, for example #1d4f91. It is shown as a line beside the area's name, so it must be dark enough to see on white."
            width="half"
            spellCheck={false}
            error={create?.errors.brandColour}
            defaultValue={valueOf(create?.values, "brandColour")}
          />
          <TextField
            name="contactName"
            label="Contact name (optional)"
            width="half"
            error={create?.errors.contactName}
            defaultValue={valueOf(create?.values, "contactName")}
          />
          <TextField
            name="contactEmail"
            label="Contact email address (optional)"
            type="email"
            width="half"
            spellCheck={false}
            error={create?.errors.contactEmail}
            defaultValue={valueOf(create?.values, "contactEmail")}
          />
          <button type="submit" className="button" disabled={busy}>
            Create area
          </button>
        </Form>
      </section>
    </>
  );
}
