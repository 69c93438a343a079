import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { flash } from "~/auth/session.server";
import { ErrorSummary, Radios, TextField, valueOf } from "~/components/forms";
import { prisma } from "~/db/client.server";
import { PARTNER_ROLE_LABELS, PARTNER_ROLES, SECTOR_LABELS, type Sector } from "~/domain/vocabulary";
import { readFormData } from "~/forms/read.server";
import { parseForm } from "~/forms/validate";
import { drafterPartner } from "~/nominations/nominations.server";
import { removePartner, updatePartner } from "~/nominations/partners.server";
import { nominationHeader } from "~/nominations/pages.server";
import { partnerEditSchema } from "~/nominations/schemas";
import { type SectionHandle, SectionPage } from "~/nominations/section-page";
import { notFound, failureResponse } from "~/http/responses.server";
import { requireEditableNomination } from "~/http/guards.server";

export const handle: SectionHandle = { sectionCrumb: "Change a partner" };

export const meta: MetaFunction = () => [{ title: "Change a partner - Your nomination - Compact Awards" }];

async function partnerOf(request: Request, id: string | undefined, partnerId: string | undefined) {
  const { actor, n } = await requireEditableNomination(request, id);
  const partner = n.partners.find((p) => p.id === partnerId);
  // Another nomination's partner, or the nominating organisation (changed on its own page): not here.
  if (!partner || partner.id === drafterPartner(n)?.id) throw notFound();
  return { actor, n, partner };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { n, partner } = await partnerOf(request, params.id, params.partnerId);
  return json({
    header: nominationHeader(n),
    partner: {
      id: partner.id,
      organisationName: partner.organisation.name,
      sectorLabel: SECTOR_LABELS[partner.organisation.sector as Sector] ?? partner.organisation.sector,
      contactName: partner.contactName,
      contactEmail: partner.contactEmail,
      role: partner.role,
    },
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, n, partner } = await partnerOf(request, params.id, params.partnerId);
  const formData = await readFormData(request);
  const back = `/nominations/${n.id}/partners`;
  if (formData.get("intent") === "remove") {
    const result = await removePartner(prisma, actor, n.id, partner.id);
    if (!result.ok) return failureResponse(result, {});
    return redirect(back, { headers: { "Set-Cookie": await flash(request, `${result.organisationName} removed from the partners`) } });
  }
  const form = parseForm(partnerEditSchema, formData);
  if (!form.ok) return json({ errors: form.errors, values: form.values }, { status: 400 });
  const result = await updatePartner(prisma, actor, n.id, partner.id, form.data);
  if (!result.ok) return failureResponse(result, form.values);
  return redirect(back, { headers: { "Set-Cookie": await flash(request, `${partner.organisation.name} updated`) } });
}

export default function EditPartner() {
  const { header, partner } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = actionData?.values;
  return (
    <SectionPage header={header} heading={`Change ${partner.organisationName}`}>
      <ErrorSummary errors={errors} />
      <dl className="summary-list">
        <dt>Organisation</dt>
        <dd>{partner.organisationName}</dd>
        <dt>Sector</dt>
        <dd>{partner.sectorLabel}</dd>
      </dl>
      <Form method="post" noValidate>
        <TextField
          name="contactName"
          label="Contact name"
          width="half"
          error={errors?.contactName}
          defaultValue={valueOf(values, "contactName", partner.contactName)}
        />
        <TextField
          name="contactEmail"
          label="Contact email address"
          type="email"
          width="half"
          spellCheck={false}
          error={errors?.contactEmail}
          defaultValue={valueOf(values, "contactEmail", partner.contactEmail)}
        />
        <Radios
          name="role"
          legend="Role in the partnership"
          error={errors?.role}
          defaultValue={valueOf(values, "role", partner.role)}
          options={PARTNER_ROLES.map((r) => ({ value: r, label: PARTNER_ROLE_LABELS[r] }))}
        />
        <div className="button-group">
          <button type="submit" className="button">
            Save changes
          </button>
          <Link to={`/nominations/${header.id}/partners`}>Cancel</Link>
        </div>
      </Form>
      <Form method="post">
        <input type="hidden" name="intent" value="remove" />
        <button type="submit" className="button button--warning">
          Remove {partner.organisationName}
        </button>
      </Form>
    </SectionPage>
  );
}
