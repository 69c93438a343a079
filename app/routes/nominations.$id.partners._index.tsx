import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { flash } from "~/auth/session.server";
import { ErrorSummary, Radios, Select, TextField, valueOf } from "~/components/forms";
import { prisma } from "~/db/client.server";
import { PARTNER_ROLE_LABELS, PARTNER_ROLES, SECTOR_LABELS, SECTOR_SHORT_LABELS, SECTORS, type PartnerRole, type Sector } from "~/domain/vocabulary";
import { readFormData } from "~/forms/read.server";
import { parseForm } from "~/forms/validate";
import { leadPartner, partnerSide } from "~/nominations/eligibility";
import { drafterPartner, sectionReportsFor } from "~/nominations/nominations.server";
import { addPartner, organisationChoices, removePartner } from "~/nominations/partners.server";
import { NEXT_SECTION, nominationHeader } from "~/nominations/pages.server";
import { partnerSchema } from "~/nominations/schemas";
import { type SectionHandle, SectionPage } from "~/nominations/section-page";
import { failureResponse } from "~/http/responses.server";
import { requireEditableNomination } from "~/http/guards.server";

export const handle: SectionHandle = { sectionCrumb: "Partner organisations" };

export const meta: MetaFunction = () => [{ title: "Partner organisations - Your nomination - Compact Awards" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { n } = await requireEditableNomination(request, params.id);
  const drafter = drafterPartner(n);
  const report = sectionReportsFor(n, new Date()).find((r) => r.key === "partners")!;
  const organisations = await organisationChoices(prisma, n);
  const stat = leadPartner(n.partners, "statutory");
  const vcs = leadPartner(n.partners, "vcs");
  return json({
    header: nominationHeader(n),
    partners: n.partners.map((p) => ({
      id: p.id,
      organisationName: p.organisation.name,
      sectorLabel: SECTOR_SHORT_LABELS[p.organisation.sector as Sector] ?? p.organisation.sector,
      side: partnerSide(p.organisation.sector),
      roleLabel: PARTNER_ROLE_LABELS[p.role as PartnerRole] ?? p.role,
      contactName: p.contactName,
      contactEmail: p.contactEmail,
      confirmed: !!p.confirmedAt,
      isDrafter: p.id === drafter?.id,
    })),
    organisations: organisations.map((o) => ({ value: o.id, label: `${o.name} (${SECTOR_SHORT_LABELS[o.sector as Sector] ?? o.sector})` })),
    problems: report.problems,
    leads: { statutory: stat?.organisation.name ?? null, vcs: vcs?.organisation.name ?? null },
  });
}

const intentSchema = z.object({ intent: z.enum(["add", "remove", "continue"]).catch("add"), partnerId: z.string().optional() });

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, n } = await requireEditableNomination(request, params.id);
  const formData = await readFormData(request);
  const { intent, partnerId } = intentSchema.parse({ intent: formData.get("intent") ?? undefined, partnerId: formData.get("partnerId") ?? undefined });
  const here = `/nominations/${n.id}/partners`;
  if (intent === "remove") {
    const result = await removePartner(prisma, actor, n.id, partnerId ?? "");
    if (!result.ok) return failureResponse(result, {});
    return redirect(here, { headers: { "Set-Cookie": await flash(request, `${result.organisationName} removed from the partners`) } });
  }
  if (intent === "continue") {
    const report = sectionReportsFor(n, new Date()).find((r) => r.key === "partners")!;
    if (report.problems.length) {
      return json(
        { errors: { form: `Before you continue: ${report.problems.join(". ")}.` } as Record<string, string>, values: {} as Record<string, string | string[]> },
        { status: 400 },
      );
    }
    return redirect(`/nominations/${n.id}/${NEXT_SECTION.partners}`);
  }
  const form = parseForm(partnerSchema, formData);
  if (!form.ok) return json({ errors: form.errors, values: form.values }, { status: 400 });
  const result = await addPartner(prisma, actor, n.id, form.data);
  if (!result.ok) return failureResponse(result, form.values);
  return redirect(`${here}#partners-heading`, { headers: { "Set-Cookie": await flash(request, `${result.organisationName} added as a partner`) } });
}

export default function PartnersPage() {
  const { header, partners, organisations, problems, leads } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = actionData?.values;
  return (
    <SectionPage header={header} heading="Partner organisations">
      <ErrorSummary errors={errors} />
      <p>
        Add every organisation in the partnership, with a contact for each. You need at least one statutory partner (council, NHS, police, fire, housing or
        college) and at least one voluntary, community, faith or social-enterprise partner, and one lead partner on each side. When you submit, we ask the lead
        partner from the other sector to confirm the nomination.
      </p>
      {header.status === "awaiting_partner" ? (
        <p className="warning">Changing the partners stops the request we sent for confirmation. You will need to check your answers and submit again.</p>
      ) : null}
      {header.status === "submitted" ? (
        <p className="warning">
          This nomination has been submitted. You can add partners and change contacts, but the lead partners cannot change. Every partner is told about
          changes.
        </p>
      ) : null}

      <h2 id="partners-heading">
        {partners.length} {partners.length === 1 ? "partner" : "partners"}
      </h2>
      <dl className="summary-list">
        <dt>Lead statutory partner</dt>
        <dd>{leads.statutory ?? <span className="muted">Not chosen yet</span>}</dd>
        <dt>Lead voluntary or community partner</dt>
        <dd>{leads.vcs ?? <span className="muted">Not chosen yet</span>}</dd>
      </dl>
      {problems.length ? (
        <div className="panel">
          <p style={{ marginBottom: "0.25rem" }}>
            <strong>Still needed:</strong>
          </p>
          <ul style={{ marginBottom: 0 }}>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <ul style={{ listStyle: "none", padding: 0 }}>
        {partners.map((p) => (
          <li key={p.id} className="panel">
            <strong>{p.organisationName}</strong>
            {p.isDrafter ? <span className="muted"> (your organisation)</span> : null}
            <br />
            {p.sectorLabel} · {p.roleLabel}
            {p.confirmed ? (
              <>
                {" "}
                <span className="tag tag--green">Confirmed</span>
              </>
            ) : null}
            <br />
            <span>
              Contact: {p.contactName}
              {p.contactEmail ? `, ${p.contactEmail}` : ""}
            </span>
            <div className="button-group" style={{ marginTop: "0.5rem" }}>
              <Link to={p.isDrafter ? `/nominations/${header.id}/organisation` : `/nominations/${header.id}/partners/${p.id}`}>
                Change<span className="visually-hidden"> {p.organisationName}</span>
              </Link>
              {!p.isDrafter ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="partnerId" value={p.id} />
                  <button type="submit" className="link-button">
                    Remove<span className="visually-hidden"> {p.organisationName}</span>
                  </button>
                </Form>
              ) : null}
            </div>
          </li>
        ))}
      </ul>

      {/* A new form (empty fields) after each partner is added; kept as typed after an error. */}
      <Form method="post" noValidate key={partners.map((p) => p.id).join(" ")}>
        <input type="hidden" name="intent" value="add" />
        <fieldset className="fieldset panel panel--highlight">
          <legend className="legend" style={{ fontSize: "1.4rem" }}>
            Add a partner organisation
          </legend>
          <Radios
            name="organisationChoice"
            legend="Is the organisation on our list?"
            error={errors?.organisationChoice}
            defaultValue={valueOf(values, "organisationChoice", organisations.length ? "" : "new")}
            options={[
              { value: "existing", label: "Yes, choose it from the list" },
              { value: "new", label: "No, add a new organisation" },
            ]}
          />
          <Select
            name="organisationId"
            label="Choose the organisation"
            placeholder="Choose…"
            error={errors?.organisationId}
            defaultValue={valueOf(values, "organisationId")}
            options={organisations}
          />
          <div className="panel">
            <p className="hint">Only for a new organisation:</p>
            <TextField
              name="newOrganisationName"
              label="Organisation name"
              width="half"
              error={errors?.newOrganisationName}
              defaultValue={valueOf(values, "newOrganisationName")}
            />
            <Radios
              name="newOrganisationSector"
              legend="Sector"
              hint="Voluntary, community, faith and social-enterprise groups all count as the voluntary and community side."
              error={errors?.newOrganisationSector}
              defaultValue={valueOf(values, "newOrganisationSector")}
              options={SECTORS.map((s) => ({ value: s, label: SECTOR_LABELS[s] }))}
            />
          </div>
          <TextField
            name="contactName"
            label="Contact name"
            hint="Who we should email about this nomination at this organisation."
            width="half"
            error={errors?.contactName}
            defaultValue={valueOf(values, "contactName")}
          />
          <TextField
            name="contactEmail"
            label="Contact email address"
            type="email"
            width="half"
            spellCheck={false}
            error={errors?.contactEmail}
            defaultValue={valueOf(values, "contactEmail")}
          />
          <Radios
            name="role"
            legend="Role in the partnership"
            hint="There is one lead partner on each side. Everyone else is an other partner."
            error={errors?.role}
            defaultValue={valueOf(values, "role", "other")}
            options={PARTNER_ROLES.map((r) => ({ value: r, label: PARTNER_ROLE_LABELS[r] }))}
          />
          <button type="submit" className="button button--secondary">
            Add partner
          </button>
        </fieldset>
      </Form>

      <Form method="post">
        <input type="hidden" name="intent" value="continue" />
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
