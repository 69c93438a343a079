import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, MaxPartSizeExceededError, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { areaForEditing, removeAreaAdmin, removeAreaLogo, setAreaLogo, updateArea } from "~/areas/areas.server";
import { areaEditIntentSchema, areaLogoSchema, LOGO_ALT_MAX } from "~/areas/schemas";
import type { Actor } from "~/auth/permissions";
import { flash, requireActor } from "~/auth/session.server";
import { Breadcrumbs } from "~/components/breadcrumbs";
import { DataTable } from "~/components/data-table";
import { ErrorSummary, FileField, TextArea, TextField, valueOf } from "~/components/forms";
import { prisma } from "~/db/client.server";
import { readFormData, readMultipartFormData } from "~/forms/read.server";
import { fileUploadHandler } from "~/forms/upload.server";
import { formValues, parseForm } from "~/forms/validate";
import { notFound } from "~/http/responses.server";
// Server-only: used by the loader and action, never by the component (the browser gets an empty module).
import { formatSize, LOGO_LIMITS } from "~/nominations/file-checks.server";
import adminStyles from "~/styles/admin.css";

/**
 * An area's details, logo and administrators (issue 13): for site admins and the area's own
 * administrators; anyone else is told nothing is here. Every change is one domain function in
 * app/areas/areas.server.ts, which asks can() itself.
 */
export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.area.name}: edit - Compact Awards` : "Compact Awards" }];

const LOGO_ACCEPT = "image/png,image/jpeg,.png,.jpg,.jpeg";

async function load(request: Request, slug: string) {
  const actor = await requireActor(request);
  const page = await areaForEditing(prisma, actor, { slug });
  if (!page) throw notFound();
  return { actor, page };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { page } = await load(request, params.slug!);
  return json({ ...page, logoLimits: { size: formatSize(LOGO_LIMITS.bytes), maxSide: LOGO_LIMITS.maxSide, minSide: LOGO_LIMITS.minSide } });
}

type Intent = "details" | "logo" | "remove-logo" | "remove-admin";
type ActionData = { errors: Record<string, string>; values?: Record<string, string | string[]>; intent?: Intent };

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, page } = await load(request, params.slug!);
  const here = `/admin/areas/${page.area.slug}`;
  const areaId = page.area.id;
  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) return saveLogo(request, actor, areaId, here);
  const formData = await readFormData(request);
  const form = parseForm(areaEditIntentSchema, formData);
  if (!form.ok) {
    const intent = formData.get("intent");
    if (intent !== "details" && intent !== "remove-admin") {
      return json<ActionData>({ errors: { form: "Something went wrong with that button. Reload the page and try again." } }, { status: 400 });
    }
    return json<ActionData>({ errors: form.errors as Record<string, string>, values: form.values, intent }, { status: 400 });
  }
  if (form.data.intent === "details") {
    const { intent: _intent, ...input } = form.data;
    const result = await updateArea(prisma, actor, { ...input, areaId });
    if (!result.ok) return json<ActionData>({ errors: result.errors as Record<string, string>, values: form.values, intent: "details" }, { status: 400 });
    return redirect(here, { headers: { "Set-Cookie": await flash(request, `The details of ${result.value.name} are saved.`) } });
  }
  if (form.data.intent === "remove-logo") {
    await removeAreaLogo(prisma, actor, { areaId });
    return redirect(here, { headers: { "Set-Cookie": await flash(request, "The logo is removed.") } });
  }
  const result = await removeAreaAdmin(prisma, actor, { areaId, userId: form.data.userId });
  if (!result.ok) return json<ActionData>({ errors: result.errors as Record<string, string>, intent: "remove-admin" }, { status: 400 });
  const { email, areaName, last } = result.value;
  const message = `${email} is no longer an administrator of ${areaName}.${last ? " The area has no administrator now: appoint one on the Compact areas page." : ""}`;
  // Someone who removed themselves can no longer see this page.
  const to = page.admins.some((a) => a.you && a.email === email) && !actor.isSiteAdmin ? "/admin" : here;
  return redirect(to, { headers: { "Set-Cookie": await flash(request, message) } });
}

/** The logo upload: a multipart form with the file and its description. */
async function saveLogo(request: Request, actor: Actor, areaId: string, here: string) {
  const tooBigMessage = (size?: number) => `The file is ${size ? formatSize(size) : "too big"}. Logos must be ${formatSize(LOGO_LIMITS.bytes)} or smaller.`;
  const oversized = new Map<string, number>();
  let formData: FormData;
  try {
    formData = await readMultipartFormData(
      request,
      // A little over the biggest logo we accept. (Computed here: a module-level constant from a .server import is undefined in the browser.)
      fileUploadHandler("logo", LOGO_LIMITS.bytes + 64 * 1024, oversized),
      { maxBodyBytes: LOGO_LIMITS.bytes + 1024 * 1024 },
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return json<ActionData>({ errors: { logo: tooBigMessage() }, values: {}, intent: "logo" }, { status: 413 });
    throw error;
  }
  const values = formValues(formData);
  const form = parseForm(areaLogoSchema, formData);
  const errors: Record<string, string> = form.ok ? {} : { ...(form.errors as Record<string, string>) };
  if (errors.intent) return json<ActionData>({ errors: { form: errors.intent }, values }, { status: 400 });
  const file = formData.get("logo");
  const tooBig = oversized.get("logo");
  if (tooBig !== undefined) errors.logo = tooBigMessage(tooBig);
  if (!form.ok || Object.keys(errors).length > 0) return json<ActionData>({ errors, values, intent: "logo" }, { status: tooBig !== undefined ? 413 : 400 });
  const bytes = file instanceof File && file.size > 0 ? new Uint8Array(await file.arrayBuffer()) : null;
  const result = await setAreaLogo(prisma, actor, { areaId, bytes, alt: form.data.logoAlt });
  if (!result.ok) return json<ActionData>({ errors: result.errors as Record<string, string>, values, intent: "logo" }, { status: 400 });
  const message = bytes ? (result.value.replaced ? "The new logo is saved." : "The logo is saved.") : "The logo's description is saved.";
  return redirect(here, { headers: { "Set-Cookie": await flash(request, message) } });
}

export default function EditArea() {
  const { area, admins, isSiteAdmin, logoLimits } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const busy = useNavigation().state === "submitting";
  const details = actionData?.intent === "details" ? actionData : undefined;
  const logo = actionData?.intent === "logo" ? actionData : undefined;
  const removal = actionData?.intent === "remove-admin" ? actionData : undefined;
  return (
    <>
      <Breadcrumbs items={[{ label: "Your cycles", to: "/admin" }, ...(isSiteAdmin ? [{ label: "Compact areas", to: "/admin/areas" }] : [])]} />
      <ErrorSummary
        errors={actionData?.errors}
        labels={{
          logo: "Logo file",
          logoAlt: "Description of the logo",
          userId: "Administrators",
          brandColour: "Brand colour",
          contactEmail: "Contact email address",
        }}
      />
      <h1>{area.name}</h1>
      <p>
        These details show on the area's public page, <Link to={`/areas/${area.slug}`}>/areas/{area.slug}</Link>, and beside its name on the home page.
      </p>

      <section className="admin-form" aria-labelledby="details-title">
        <h2 id="details-title">Details</h2>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="details" />
          <TextField name="name" label="Name" error={details?.errors.name} defaultValue={valueOf(details?.values, "name", area.name)} />
          <TextArea
            name="description"
            label="Short description (optional)"
            rows={3}
            error={details?.errors.description}
            defaultValue={valueOf(details?.values, "description", area.description)}
          />
          <TextField
            name="brandColour"
            label="Brand colour (optional)"
            hint="A hex code, for example #1d4f91. It is shown as a line beside the area's name, so it must be dark enough to see on white."
            width="half"
            spellCheck={false}
            error={details?.errors.brandColour}
            defaultValue={valueOf(details?.values, "brandColour", area.brandColour)}
          />
          <TextField
            name="contactName"
            label="Contact name (optional)"
            width="half"
            error={details?.errors.contactName}
            defaultValue={valueOf(details?.values, "contactName", area.contactName)}
          />
          <TextField
            name="contactEmail"
            label="Contact email address (optional)"
            type="email"
            width="half"
            spellCheck={false}
            error={details?.errors.contactEmail}
            defaultValue={valueOf(details?.values, "contactEmail", area.contactEmail)}
          />
          <p className="hint">The web address name, {area.slug}, stays as it is, so links already shared keep working.</p>
          <button type="submit" className="button" disabled={busy}>
            Save details
          </button>
        </Form>
      </section>

      <section className="admin-form" aria-labelledby="logo-title">
        <h2 id="logo-title">Logo</h2>
        {area.logo ? (
          <>
            <p>The area's logo now:</p>
            <p>
              <img className="area-logo" src={area.logo.src} alt={area.logo.alt} />
            </p>
          </>
        ) : (
          <p>Optional. Shown beside the area's name on its page and on the home page.</p>
        )}
        <Form method="post" encType="multipart/form-data">
          <input type="hidden" name="intent" value="logo" />
          <FileField
            name="logo"
            label={area.logo ? "New logo file (optional)" : "Logo file"}
            hint={`A PNG or JPEG, up to ${logoLimits.size} and ${logoLimits.maxSide.toLocaleString("en-GB")} pixels on its longest side (at least ${logoLimits.minSide} on each).${area.logo ? " Leave it empty to change only the description." : ""}`}
            accept={LOGO_ACCEPT}
            error={logo?.errors.logo}
          />
          <TextField
            name="logoAlt"
            label="Description of the logo"
            hint={`Read out to people who cannot see it, for example "Preston Compact logo". Up to ${LOGO_ALT_MAX} characters.`}
            error={logo?.errors.logoAlt}
            defaultValue={valueOf(logo?.values, "logoAlt", area.logoAlt)}
          />
          <button type="submit" className="button" disabled={busy}>
            {area.logo ? "Save logo" : "Add logo"}
          </button>
        </Form>
        {area.logo ? (
          <Form method="post">
            <input type="hidden" name="intent" value="remove-logo" />
            <button type="submit" className="button button--secondary" disabled={busy}>
              Remove logo
            </button>
          </Form>
        ) : null}
      </section>

      <section className="admin-form" aria-labelledby="admins-title">
        <h2 id="admins-title">Administrators</h2>
        <p>
          They create the area's award cycles and choose their organisers and judges. An administrator can remove another, or themselves, but an area always
          keeps at least one: only a site administrator can remove the last one.
          {isSiteAdmin ? (
            <>
              {" "}
              Appoint administrators on the <Link to="/admin/areas">Compact areas</Link> page.
            </>
          ) : (
            " To add an administrator, ask a site administrator."
          )}
        </p>
        {removal?.errors.userId ? (
          <p className="error-message" id="field-userId" tabIndex={-1}>
            <span className="visually-hidden">Error: </span>
            {removal.errors.userId}
          </p>
        ) : null}
        {admins.length === 0 ? (
          <p>The area has no administrators.</p>
        ) : (
          <div className="table-wrap">
            <DataTable caption="Administrators" hiddenCaption columns={["Administrator", "Remove"]}>
              {admins.map((a) => {
                const who = a.name ? `${a.name} (${a.email})` : a.email;
                return (
                  <tr key={a.userId}>
                    <th scope="row">
                      {who}
                      {a.you ? " (you)" : ""}
                    </th>
                    <td>
                      {a.removable ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="remove-admin" />
                          <input type="hidden" name="userId" value={a.userId} />
                          <button type="submit" className="button button--secondary" disabled={busy}>
                            Remove<span className="visually-hidden"> {a.email}</span>
                          </button>
                        </Form>
                      ) : (
                        "The only administrator: a site administrator can remove them"
                      )}
                    </td>
                  </tr>
                );
              })}
            </DataTable>
          </div>
        )}
      </section>
    </>
  );
}
