import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { flash, requireActor } from "~/auth/session.server";
import { ErrorSummary, Select, TextField, valueOf } from "~/components/forms";
import { prisma } from "~/db/client.server";
import { readFormData } from "~/forms/read.server";
import { fields, parseForm } from "~/forms/validate";
import { MEMBERSHIP_STATUS_LABELS, membershipDecisionNotice, type MembershipStatus } from "~/organisations/membership";
import { MembershipDecision } from "~/organisations/membership-ui";
import { decideMembership, inviteMember, membershipRequestsFor, membershipsOf } from "~/organisations/membership.server";
import { formatUkDateTime } from "~/utils/time";
import { notFound } from "~/http/responses.server";

export const meta: MetaFunction = () => [{ title: "Your organisation - Compact Awards" }, { name: "robots", content: "noindex" }];

/** A verified member answers colleagues' requests to join and adds colleagues by email. */
export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const memberships = await membershipsOf(prisma, actor.userId);
  // Only their own organisations' requests here, even for an organiser (theirs are on /admin/organisations).
  const requests = await membershipRequestsFor(prisma, { ...actor, isSiteAdmin: false, roles: [], areaAdminOf: [], areaCycleIds: [] });
  return json({
    memberships: memberships.map((m) => ({ id: m.id, status: m.status as MembershipStatus, organisation: m.organisation })),
    requests,
    verified: memberships.filter((m) => m.status === "verified").map((m) => ({ id: m.organisation.id, name: m.organisation.name })),
  });
}

const BUTTON = "Something went wrong with that button. Reload the page and try again.";
const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("approve"), membershipId: z.string().min(1, BUTTON) }),
  z.object({ intent: z.literal("refuse"), membershipId: z.string().min(1, BUTTON) }),
  z.object({
    intent: z.literal("invite"),
    organisationId: z.string().min(1, "Choose the organisation"),
    email: fields.email("your colleague's email address"),
    name: fields.optionalText("their name", 120),
  }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireActor(request);
  const form = parseForm(schema, await readFormData(request));
  if (!form.ok) return json({ errors: form.errors, values: form.values }, { status: 400 });
  const input = form.data;
  if (input.intent === "invite") {
    const result = await inviteMember(prisma, actor, input);
    if (!result.ok) {
      if (result.status === 404) return json({ errors: { organisationId: "Choose an organisation you speak for" }, values: form.values }, { status: 400 });
      return json({ errors: result.errors, values: form.values }, { status: result.status });
    }
    const notice = `${result.email} now speaks for ${result.organisationName}. Tell them to sign in with that address.`;
    return redirect("/your-organisation", { headers: { "Set-Cookie": await flash(request, notice) } });
  }
  const result = await decideMembership(prisma, actor, { membershipId: input.membershipId, decision: input.intent });
  if (!result.ok) {
    if (result.status === 404) throw notFound();
    return json({ errors: result.errors, values: form.values }, { status: result.status });
  }
  const notice = membershipDecisionNotice(input.intent, result.name, result.organisationName);
  return redirect("/your-organisation", { headers: { "Set-Cookie": await flash(request, notice) } });
}

export default function YourOrganisation() {
  const { memberships, requests, verified } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1>Your organisation</h1>
      {memberships.length === 0 ? (
        <p>
          You have not told us which organisation you work for. <Link to="/welcome?redirectTo=%2Fyour-organisation">Tell us about you</Link>.
        </p>
      ) : (
        <ul>
          {memberships.map((m) => (
            <li key={m.id}>
              {m.organisation.name}: <strong>{MEMBERSHIP_STATUS_LABELS[m.status]}</strong>
            </li>
          ))}
        </ul>
      )}
      <p>
        You speak for an organisation once that is verified: your email address is at its own domain, or an organiser, or a colleague already verified there,
        approved you. <Link to="/welcome?redirectTo=%2Fyour-organisation">Change your organisation</Link> (that is a new request).
      </p>

      {verified.length ? (
        <>
          <h2>Colleagues asking to join</h2>
          {requests.length === 0 ? (
            <p>Nobody is waiting.</p>
          ) : (
            <ul className="request-list">
              {requests.map((r) => (
                <li key={r.id}>
                  <p>
                    <strong>{r.person.name ?? r.person.email}</strong> ({r.person.email}
                    {r.person.jobTitle ? `, ${r.person.jobTitle}` : ""}) asked on {formatUkDateTime(new Date(r.at))} to speak for {r.organisationName}.
                  </p>
                  <MembershipDecision membershipId={r.id} who={r.person.name ?? r.person.email} />
                </li>
              ))}
            </ul>
          )}
          <h2>Add a colleague</h2>
          <p>They will speak for your organisation as soon as they sign in with this address. Only add people you know work or volunteer there.</p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="invite" />
            <Select
              name="organisationId"
              label="Organisation"
              error={errors?.organisationId}
              defaultValue={valueOf(actionData?.values, "organisationId", verified.length === 1 ? verified[0].id : "")}
              placeholder={verified.length === 1 ? undefined : "Choose…"}
              options={verified.map((o) => ({ value: o.id, label: o.name }))}
            />
            <TextField
              name="name"
              label="Their name (optional)"
              autoComplete="off"
              width="half"
              error={errors?.name}
              defaultValue={valueOf(actionData?.values, "name")}
            />
            <TextField
              name="email"
              label="Their email address"
              type="email"
              autoComplete="off"
              width="half"
              error={errors?.email}
              defaultValue={valueOf(actionData?.values, "email")}
            />
            <button type="submit" className="button">
              Add colleague
            </button>
          </Form>
        </>
      ) : null}
    </>
  );
}
