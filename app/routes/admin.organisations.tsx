import { DataTable } from "~/components/data-table";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { organisesAnyCycle } from "~/auth/permissions";
import { flash, requireActor } from "~/auth/session.server";
import { ErrorSummary, Select, TextField, valueOf } from "~/components/forms";
import { prisma } from "~/db/client.server";
import { SECTOR_SHORT_LABELS, type Sector } from "~/domain/vocabulary";
import { readFormData } from "~/forms/read.server";
import { parseForm } from "~/forms/validate";
import { loadDirectory } from "~/organisations/directory.server";
import { membershipDecisionNotice } from "~/organisations/membership";
import { addOrganisationDomain, decideMembership, removeOrganisationDomain } from "~/organisations/membership.server";
import { MembershipDecision } from "~/organisations/membership-ui";
import adminStyles from "~/styles/admin.css";
import { formatUkDateTime } from "~/utils/time";
import { notFound } from "~/http/responses.server";
import { Breadcrumbs } from "~/components/breadcrumbs";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

export const meta: MetaFunction = () => [{ title: "Organisations and who speaks for them - Compact Awards" }, { name: "robots", content: "noindex" }];

/** Organisers keep the shared directory: requests to join, and each organisation's verified email domains. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const q = new URL(request.url).searchParams.get("q") ?? "";
  const directory = await loadDirectory(prisma, actor, q.slice(0, 100));
  if (!directory) throw notFound();
  return json({ ...directory, q });
}

const BUTTON = "Something went wrong with that button. Reload the page and try again.";
const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), membershipId: z.string().min(1, BUTTON) }),
  z.object({ intent: z.literal("refuse"), membershipId: z.string().min(1, BUTTON) }),
  z.object({
    intent: z.literal("add-domain"),
    organisationId: z.string().min(1, "Choose the organisation"),
    domain: z.string().max(300, "Enter a shorter domain"),
  }),
  z.object({ intent: z.literal("remove-domain"), organisationId: z.string().min(1, BUTTON), domainId: z.string().min(1, BUTTON) }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  // This page is the organisers'; a member answers colleagues' requests on /your-organisation.
  if (!organisesAnyCycle(actor)) throw notFound();
  const form = parseForm(schema, await readFormData(request));
  if (!form.ok) return json({ errors: form.errors, values: form.values }, { status: 400 });
  const input = form.data;
  let result;
  let notice: string;
  switch (input.intent) {
    case "approve":
    case "refuse": {
      result = await decideMembership(prisma, actor, { membershipId: input.membershipId, decision: input.intent });
      notice = result.ok ? membershipDecisionNotice(input.intent, result.name, result.organisationName) : "";
      break;
    }
    case "add-domain": {
      result = await addOrganisationDomain(prisma, actor, { organisationId: input.organisationId, domain: input.domain });
      notice = result.ok ? `${result.domain} is now a verified domain: people signing in with it speak for the organisation.` : "";
      break;
    }
    case "remove-domain": {
      result = await removeOrganisationDomain(prisma, actor, { organisationId: input.organisationId, domainId: input.domainId });
      notice = result.ok ? `${result.domain} is no longer a verified domain. People already verified stay verified.` : "";
      break;
    }
  }
  if (!result.ok) {
    if (result.status === 404) throw notFound();
    return json({ errors: result.errors, values: form.values }, { status: result.status });
  }
  const url = new URL(request.url);
  return redirect(url.pathname + url.search, { headers: { "Set-Cookie": await flash(request, notice) } });
}

export default function OrganisationsAdmin() {
  const { organisations, requests, q } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <Breadcrumbs items={[{ label: "Your award cycles", to: "/admin" }, { label: "Organisations" }]} />
      <ErrorSummary errors={actionData?.errors} />
      <h1>Organisations and who speaks for them</h1>
      <p>
        A person speaks for an organisation, and can send or confirm a nomination for it, only once that is verified: their email address is at one of its
        verified domains, or you (or a colleague of theirs already verified there) approved them.
      </p>

      <h2>Requests to join</h2>
      {requests.length === 0 ? (
        <p>There are no requests waiting.</p>
      ) : (
        <div className="table-wrap">
          <DataTable caption="Requests to join an organisation" hiddenCaption columns={["Person", "Asks to speak for", "Asked", "Answer"]}>
            {requests.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  {r.person.name ?? r.person.email}
                  <div className="muted">
                    {r.person.email}
                    {r.person.jobTitle ? `, ${r.person.jobTitle}` : ""}
                  </div>
                </th>
                <td>{r.organisationName}</td>
                <td>{formatUkDateTime(new Date(r.at))}</td>
                <td>
                  <MembershipDecision membershipId={r.id} who={r.person.name ?? r.person.email} small />
                </td>
              </tr>
            ))}
          </DataTable>
        </div>
      )}

      <h2>Verified email domains</h2>
      <p>
        Add an organisation's own email domain (for example coventry.gov.uk) and everyone signing in with an address at it, or a part of it, speaks for the
        organisation at once. Free email services such as gmail.com can never be a verified domain.
      </p>
      <Form method="post" noValidate className="panel">
        <h3 style={{ marginTop: 0 }}>Add a verified domain</h3>
        <Select
          name="organisationId"
          label="Organisation"
          placeholder="Choose…"
          error={actionData?.errors?.organisationId}
          defaultValue={valueOf(actionData?.values, "organisationId")}
          options={organisations.map((o) => ({ value: o.id, label: o.name }))}
        />
        <TextField
          name="domain"
          label="Email domain"
          hint="The part of their email addresses after the @, for example coventry.gov.uk"
          width="half"
          error={actionData?.errors?.domain}
          defaultValue={valueOf(actionData?.values, "domain")}
        />
        <button type="submit" name="intent" value="add-domain" className="button">
          Add domain
        </button>
      </Form>
      <Form method="get" role="search">
        <TextField name="q" label="Find an organisation" defaultValue={q} width="half" />
        <button type="submit" className="button button--secondary">
          Search
        </button>
      </Form>
      <div className="table-wrap">
        <DataTable caption="Organisations" hiddenCaption columns={["Organisation", "Sector", "People verified", "Verified domains"]}>
          {organisations.map((o) => (
            <tr key={o.id}>
              <th scope="row">{o.name}</th>
              <td>{SECTOR_SHORT_LABELS[o.sector as Sector] ?? o.sector}</td>
              <td>{o.verifiedMembers}</td>
              <td>
                {o.domains.length === 0 ? <span className="muted">None</span> : null}
                {o.domains.map((d) => (
                  <Form method="post" key={d.id}>
                    <input type="hidden" name="organisationId" value={o.id} />
                    <input type="hidden" name="domainId" value={d.id} />
                    {d.domain}{" "}
                    <button type="submit" name="intent" value="remove-domain" className="button button--secondary button--small">
                      Remove
                      <span className="visually-hidden">
                        {" "}
                        {d.domain} from {o.name}
                      </span>
                    </button>
                  </Form>
                ))}
              </td>
            </tr>
          ))}
        </DataTable>
      </div>
    </>
  );
}
