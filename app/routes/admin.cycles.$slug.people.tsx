import { DataTable } from "~/components/data-table";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { flash } from "~/auth/session.server";
import { adminPath, type AdminHandle } from "~/components/admin-nav";
import { Section, useFormKey } from "~/components/cycle-form";
import { ErrorSummary, Radios, Select, TextField, valueOf } from "~/components/forms";
import { peopleIntentSchema } from "~/cycles/schemas";
import { invitePerson, listPeople, removeRole } from "~/cycles/people.server";
import { prisma } from "~/db/client.server";
import { SECTOR_LABELS, SECTORS } from "~/domain/vocabulary";
import { readFormData } from "~/forms/read.server";
import { notYetSent, notYetSentSentence } from "~/mail/send.server";
import { parseForm } from "~/forms/validate";
import { listOrganisations } from "~/organisations/organisations.server";
import adminStyles from "~/styles/admin.css";
import { formatUkDate } from "~/utils/time";
import { requireOrganiser } from "~/http/guards.server";

export const handle: AdminHandle = { adminSection: "people" };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `People: ${data.cycle.name} - Compact Awards` : "Compact Awards" }];

const ROLE_LABELS = { organiser: "Organiser", judge: "Judge" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, cycle } = await requireOrganiser(request, params.slug!);
  const [people, organisations] = await Promise.all([listPeople(prisma, cycle.id), listOrganisations(prisma)]);
  return json({ cycle: { slug: cycle.slug, name: cycle.name }, people, organisations, me: actor.userId });
}

type ActionData = { errors: Record<string, string>; values?: Record<string, string | string[]>; intent?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, cycle } = await requireOrganiser(request, params.slug!);
  const form = parseForm(peopleIntentSchema, await readFormData(request));
  if (!form.ok) {
    const errors = form.errors.intent ? { form: "Something went wrong with that button. Reload the page and try again." } : form.errors;
    // An unknown button: show the invitation form again as it was typed.
    return json<ActionData>({ errors, values: form.values, intent: form.errors.intent ? "invite" : valueOf(form.values, "intent") }, { status: 400 });
  }
  const input = form.data;
  if (input.intent === "invite") {
    const result = await invitePerson(prisma, actor, cycle, input);
    if (!result.ok) return json<ActionData>({ errors: result.errors, values: form.values, intent: "invite" }, { status: 400 });
    const { email, role, alreadyHadRole, keptOrganisation } = result.value;
    const message = [
      alreadyHadRole
        ? `${email} was already ${role === "judge" ? "a judge" : "an organiser"} of this cycle: we sent them a new invitation.`
        : `${email} is now ${role === "judge" ? "a judge" : "an organiser"} of this cycle. We have emailed them an invitation with a link to sign in.`,
      keptOrganisation ? `They already belong to ${keptOrganisation}, so we kept that.` : "",
      notYetSentSentence(await notYetSent(prisma, { ids: [result.value.emailMessageId] })).trim(),
    ]
      .filter(Boolean)
      .join(" ");
    const cookie = await flash(request, message);
    return redirect(adminPath(cycle.slug, "people"), { headers: { "Set-Cookie": cookie } });
  }
  const result = await removeRole(prisma, actor, cycle, input);
  if (!result.ok) return json<ActionData>({ errors: result.errors, intent: "remove" }, { status: 400 });
  const cookie = await flash(request, `${result.value.who} is no longer ${result.value.role === "judge" ? "a judge" : "an organiser"} of this cycle.`);
  return redirect(adminPath(cycle.slug, "people"), { headers: { "Set-Cookie": cookie } });
}

export default function People() {
  const { cycle, people, organisations, me } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const busy = useNavigation().state === "submitting";
  const formKey = useFormKey(!!actionData);
  const inviteErrors = actionData?.intent === "invite" ? actionData.errors : undefined;
  const values = actionData?.intent === "invite" ? actionData.values : undefined;
  return (
    <>
      <ErrorSummary errors={actionData?.errors} />
      <h1>People</h1>
      <p>Organisers run this cycle with you. Judges score the nominations the organisers give them.</p>

      {(["organiser", "judge"] as const).map((role) => {
        const list = people.filter((p) => p.role === role);
        const title = role === "organiser" ? "Organisers" : "Judges";
        return (
          <section key={role} aria-labelledby={`people-${role}`}>
            <h2 id={`people-${role}`}>{title}</h2>
            {list.length === 0 ? (
              <p>{role === "organiser" ? "No organisers." : "No judges yet. Invite them below."}</p>
            ) : (
              <div className="table-wrap">
                <DataTable caption={title} hiddenCaption columns={["Name", "Email", "Organisation", "Added", "Actions"]}>
                  {list.map((p) => (
                    <tr key={p.roleId}>
                      <th scope="row">
                        {p.name ?? "Name not given yet"}
                        {p.userId === me ? " (you)" : ""}
                      </th>
                      <td>{p.email}</td>
                      <td>{p.organisation ?? "Not given"}</td>
                      <td>
                        {formatUkDate(new Date(p.since))}
                        {p.hasSignedIn ? null : <span className="checklist__detail">Has not signed in yet</span>}
                      </td>
                      <td>
                        <Form method="post" action={adminPath(cycle.slug, "people")}>
                          <input type="hidden" name="intent" value="remove" />
                          <input type="hidden" name="roleId" value={p.roleId} />
                          <button type="submit" className="button button--warning button--small">
                            Remove<span className="visually-hidden"> {p.name ?? p.email}</span> as {role}
                          </button>
                        </Form>
                      </td>
                    </tr>
                  ))}
                </DataTable>
              </div>
            )}
          </section>
        );
      })}

      <section className="admin-form" aria-labelledby="invite-title">
        <h2 id="invite-title">Invite someone</h2>
        <p>They get an email with a link to sign in. The link works once, for 15 minutes; after that they can ask for a new one from the sign-in page.</p>
        <Form method="post" noValidate key={formKey}>
          <input type="hidden" name="intent" value="invite" />
          <TextField
            name="email"
            label="Email address"
            type="email"
            width="half"
            spellCheck={false}
            autoComplete="off"
            error={inviteErrors?.email}
            defaultValue={valueOf(values, "email")}
          />
          <TextField name="name" label="Full name" width="half" autoComplete="off" error={inviteErrors?.name} defaultValue={valueOf(values, "name")} />
          <Radios
            name="role"
            legend="What they will do"
            error={inviteErrors?.role}
            defaultValue={valueOf(values, "role")}
            options={[
              {
                value: "organiser",
                label: ROLE_LABELS.organiser,
                hint: "Sets up the cycle, checks nominations, gives judges their nominations and decides the results.",
              },
              { value: "judge", label: ROLE_LABELS.judge, hint: "Scores the nominations given to them, and says if they have a conflict of interest." },
            ]}
          />
          <Section title="Judge's organisation" hint="Only for judges. We use it to keep judges away from nominations their organisation is part of.">
            <Radios
              name="organisationChoice"
              legend="Their organisation"
              error={inviteErrors?.organisationChoice}
              defaultValue={valueOf(values, "organisationChoice")}
              options={[
                { value: "existing", label: "It is on our list" },
                { value: "new", label: "Add their organisation" },
              ]}
            />
            <Select
              name="organisationId"
              label="Choose their organisation"
              placeholder="Choose…"
              error={inviteErrors?.organisationId}
              defaultValue={valueOf(values, "organisationId")}
              options={organisations.map((o) => ({ value: o.id, label: o.name }))}
            />
            <div className="panel">
              <p className="hint">Only if their organisation is not on the list:</p>
              <TextField
                name="newOrganisationName"
                label="Organisation name"
                width="half"
                autoComplete="off"
                error={inviteErrors?.newOrganisationName}
                defaultValue={valueOf(values, "newOrganisationName")}
              />
              <Radios
                name="newOrganisationSector"
                legend="Sector"
                error={inviteErrors?.newOrganisationSector}
                defaultValue={valueOf(values, "newOrganisationSector")}
                options={SECTORS.map((s) => ({ value: s, label: SECTOR_LABELS[s] }))}
              />
            </div>
          </Section>
          <button type="submit" className="button" disabled={busy}>
            Send invitation
          </button>
        </Form>
      </section>
    </>
  );
}
