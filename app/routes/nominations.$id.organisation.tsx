import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, Radios, TextField, valueOf } from "~/components/forms";
import { prisma } from "~/db/client.server";
import { PARTNER_ROLE_LABELS, SECTOR_LABELS, type Sector } from "~/domain/vocabulary";
import { readFormData } from "~/forms/read.server";
import { parseForm } from "~/forms/validate";
import { leadRoleForSector } from "~/nominations/eligibility";
import { drafterPartner } from "~/nominations/nominations.server";
import { saveOrganisation } from "~/nominations/partners.server";
import { NEXT_SECTION, nominationHeader } from "~/nominations/pages.server";
import { organisationSchema } from "~/nominations/schemas";
import { type SectionHandle, SectionPage } from "~/nominations/section-page";
import { failureResponse } from "~/http/responses.server";
import { requireEditableNomination } from "~/http/guards.server";

export const handle: SectionHandle = { sectionCrumb: "Your organisation and its sector" };

export const meta: MetaFunction = () => [{ title: "Your organisation - Your nomination - Compact Awards" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { n } = await requireEditableNomination(request, params.id);
  const drafter = drafterPartner(n);
  const lead = drafter ? leadRoleForSector(drafter.organisation.sector) : null;
  return json({
    header: nominationHeader(n),
    organisation: drafter
      ? {
          name: drafter.organisation.name,
          sectorLabel: SECTOR_LABELS[drafter.organisation.sector as Sector] ?? drafter.organisation.sector,
          contactName: drafter.contactName,
          contactEmail: drafter.contactEmail,
          role: drafter.role === "other" ? "other" : "lead",
          leadLabel: lead ? PARTNER_ROLE_LABELS[lead] : null,
        }
      : null,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, n } = await requireEditableNomination(request, params.id);
  const form = parseForm(organisationSchema, await readFormData(request));
  if (!form.ok) return json({ errors: form.errors, values: form.values }, { status: 400 });
  const result = await saveOrganisation(prisma, actor, n.id, form.data);
  if (!result.ok) return failureResponse(result, form.values);
  return redirect(`/nominations/${n.id}/${NEXT_SECTION.organisation}`);
}

export default function OrganisationPage() {
  const { header, organisation } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = actionData?.values;
  if (!organisation) return null;
  return (
    <SectionPage header={header} heading="Your organisation and its sector">
      <ErrorSummary errors={errors} />
      <dl className="summary-list">
        <dt>Organisation</dt>
        <dd>{organisation.name}</dd>
        <dt>Sector</dt>
        <dd>{organisation.sectorLabel}</dd>
      </dl>
      <p className="hint">
        This is the organisation that started the nomination. If it is wrong, withdraw this nomination and start again after correcting{" "}
        <Link to="/welcome">your details</Link>.
      </p>
      <Form method="post" noValidate>
        <h2>Contact for your organisation</h2>
        <TextField
          name="contactName"
          label="Contact name"
          autoComplete="name"
          width="half"
          error={errors?.contactName}
          defaultValue={valueOf(values, "contactName", organisation.contactName)}
        />
        <TextField
          name="contactEmail"
          label="Contact email address"
          type="email"
          autoComplete="email"
          width="half"
          spellCheck={false}
          error={errors?.contactEmail}
          defaultValue={valueOf(values, "contactEmail", organisation.contactEmail)}
        />
        <Radios
          name="role"
          legend="Your organisation's role in the partnership"
          error={errors?.role}
          defaultValue={valueOf(values, "role", organisation.role)}
          options={[
            ...(organisation.leadLabel
              ? [{ value: "lead", label: organisation.leadLabel, hint: "The lead partner for its sector: it speaks for the partnership on its side." }]
              : []),
            { value: "other", label: "Other partner" },
          ]}
        />
        <div className="button-group">
          <button type="submit" className="button">
            Save and continue
          </button>
          <Link to={`/nominations/${header.id}`}>Back to the nomination</Link>
        </div>
      </Form>
    </SectionPage>
  );
}
