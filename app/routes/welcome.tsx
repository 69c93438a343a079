import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { saveAboutYou } from "~/auth/first-visit.server";
import { safeRedirect } from "~/auth/sign-in.server";
import { flash, requireActor } from "~/auth/session.server";
import { ErrorSummary, Radios, Select, TextField, valueOf } from "~/components/forms";
import { prisma } from "~/db/client.server";
import { SECTOR_LABELS, SECTORS, type Sector } from "~/domain/vocabulary";
import { readFormData } from "~/forms/read.server";
import { fields, parseForm } from "~/forms/validate";
import { MEMBERSHIP_STATUS_LABELS, type MembershipStatus } from "~/organisations/membership";
import { membershipsOf } from "~/organisations/membership.server";
import { listOrganisations } from "~/organisations/organisations.server";

export const meta: MetaFunction = () => [{ title: "About you - Compact Awards" }];

const schema = z
  .object({
    name: fields.text("your full name", 120),
    jobTitle: fields.optionalText("job title", 120),
    organisationChoice: z.enum(["existing", "new"], { error: "Choose your organisation, or add it" }),
    organisationId: z.string().optional().default(""),
    newOrganisationName: z.string().trim().max(160, "Organisation name must be 160 characters or fewer").optional().default(""),
    newOrganisationSector: z.string().optional().default(""),
    redirectTo: z.string().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.organisationChoice === "existing" && !v.organisationId) {
      ctx.addIssue({ code: "custom", path: ["organisationId"], message: "Choose your organisation from the list" });
    }
    if (v.organisationChoice === "new") {
      if (!v.newOrganisationName) ctx.addIssue({ code: "custom", path: ["newOrganisationName"], message: "Enter the name of your organisation" });
      if (!(SECTORS as readonly string[]).includes(v.newOrganisationSector)) {
        ctx.addIssue({ code: "custom", path: ["newOrganisationSector"], message: "Choose which sector your organisation is in" });
      }
    }
  });

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const user = await prisma.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { name: true, jobTitle: true, organisationId: true, email: true } });
  const redirectTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"), "/");
  const memberships = (await membershipsOf(prisma, actor.userId)).map((m) => ({
    id: m.id,
    status: m.status as MembershipStatus,
    organisationName: m.organisation.name,
    since: m.createdAt.toISOString(),
  }));
  return json({ user, organisations: await listOrganisations(prisma), redirectTo, memberships });
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const form = parseForm(schema, await readFormData(request));
  if (!form.ok) return json({ errors: form.errors, values: form.values }, { status: 400 });
  const data = form.data;
  const claimed = await saveAboutYou(prisma, actor, {
    name: data.name,
    jobTitle: data.jobTitle,
    organisation:
      data.organisationChoice === "new" ? { name: data.newOrganisationName, sector: data.newOrganisationSector as Sector } : { existing: data.organisationId },
  });
  if (!claimed.ok) return json({ errors: claimed.errors, values: form.values }, { status: claimed.status });
  const next = safeRedirect(data.redirectTo, "/");
  if (claimed.status === "verified") return redirect(next);
  const cookie = await flash(
    request,
    claimed.status === "refused"
      ? "The organisers did not approve your request to speak for that organisation. Contact them if you think this is wrong."
      : "Thank you. You have asked to join your organisation: an organiser, or a colleague already verified there, will approve you. You can start a nomination meanwhile, and send it once you are approved.",
  );
  return redirect(next, { headers: { "Set-Cookie": cookie } });
}

export default function Welcome() {
  const { user, organisations, redirectTo, memberships } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const values = actionData?.values;
  const errors = actionData?.errors as Record<string, string> | undefined;
  const choice = valueOf(values, "organisationChoice", user.organisationId ? "existing" : organisations.length ? "" : "new");
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1>About you</h1>
      <p>Tell us who you are, so partners and organisers know who they are working with. You are signed in as {user.email}.</p>
      {memberships.length ? (
        <section aria-labelledby="memberships-heading" className="panel">
          <h2 id="memberships-heading" style={{ marginTop: 0 }}>
            Organisations you speak for
          </h2>
          <p className="hint">
            You speak for an organisation once it is verified: your email address is at its own domain, or an organiser or a colleague already verified there
            approved you. Until then you can draft a nomination, but not send or confirm one for it.
          </p>
          <ul>
            {memberships.map((m) => (
              <li key={m.id}>
                {m.organisationName}: <strong>{MEMBERSHIP_STATUS_LABELS[m.status]}</strong>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <Form method="post" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField
          name="name"
          label="Full name"
          autoComplete="name"
          width="half"
          error={errors?.name}
          defaultValue={valueOf(values, "name", user.name ?? "")}
        />
        <TextField
          name="jobTitle"
          label="Job title (optional)"
          autoComplete="organization-title"
          width="half"
          error={errors?.jobTitle}
          defaultValue={valueOf(values, "jobTitle", user.jobTitle ?? "")}
        />
        <Radios
          name="organisationChoice"
          legend="Your organisation"
          error={errors?.organisationChoice}
          defaultValue={choice}
          options={[
            { value: "existing", label: "It is on our list" },
            { value: "new", label: "Add my organisation" },
          ]}
        />
        <Select
          name="organisationId"
          label="Choose your organisation"
          placeholder="Choose…"
          error={errors?.organisationId}
          defaultValue={valueOf(values, "organisationId", user.organisationId ?? "")}
          options={organisations.map((o) => ({ value: o.id, label: o.name }))}
        />
        <div className="panel">
          <p className="hint">Only if your organisation is not on the list:</p>
          <TextField
            name="newOrganisationName"
            label="Organisation name"
            autoComplete="organization"
            width="half"
            error={errors?.newOrganisationName}
            defaultValue={valueOf(values, "newOrganisationName")}
          />
          <Radios
            name="newOrganisationSector"
            legend="Sector"
            error={errors?.newOrganisationSector}
            defaultValue={valueOf(values, "newOrganisationSector")}
            options={SECTORS.map((s) => ({ value: s, label: SECTOR_LABELS[s] }))}
          />
        </div>
        <button type="submit" className="button">
          Save and continue
        </button>
      </Form>
    </>
  );
}
