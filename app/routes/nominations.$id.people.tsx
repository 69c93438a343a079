import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { flash } from "~/auth/session.server";
import { ErrorSummary, TextField, valueOf } from "~/components/forms";
import { prisma } from "~/db/client.server";
import { readFormData } from "~/forms/read.server";
import { fields, parseForm } from "~/forms/validate";
import { nominationHeader } from "~/nominations/pages.server";
import { addCollaborator, decideCollaborator, listPeople } from "~/nominations/people.server";
import { type SectionHandle, SectionPage } from "~/nominations/section-page";
import { notFound, failureResponse } from "~/http/responses.server";
import { requireEditableNomination } from "~/http/guards.server";

export const handle: SectionHandle = { sectionCrumb: "People" };

export const meta: MetaFunction = () => [{ title: "People working on it - Your nomination - Compact Awards" }, { name: "robots", content: "noindex" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { actor, n } = await requireEditableNomination(request, params.id);
  const result = await listPeople(prisma, actor, n.id);
  if (!result.ok) throw notFound();
  return json({ header: { ...nominationHeader(n), refusal: null }, people: result.people, canManage: result.canManage });
}

const BUTTON = "Something went wrong with that button. Reload the page and try again.";
const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add"), email: fields.email("their email address") }),
  z.object({ intent: z.enum(["approve", "refuse", "remove"]), collaboratorId: z.string().min(1, BUTTON) }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, n } = await requireEditableNomination(request, params.id);
  const form = parseForm(schema, await readFormData(request));
  if (!form.ok) return json({ errors: form.errors, values: form.values }, { status: 400 });
  const input = form.data;
  const result =
    input.intent === "add"
      ? await addCollaborator(prisma, actor, n.id, { email: input.email })
      : await decideCollaborator(prisma, actor, n.id, { collaboratorId: input.collaboratorId, decision: input.intent });
  if (!result.ok) return failureResponse(result, form.values);
  const notice = {
    add: `${result.email} can now work on this nomination once they sign in with that address.`,
    approve: `${result.email} can now work on this nomination.`,
    refuse: `${result.email} was not added.`,
    remove: `${result.email} can no longer see this nomination.`,
  }[input.intent];
  return redirect(`/nominations/${n.id}/people`, { headers: { "Set-Cookie": await flash(request, notice) } });
}

export default function People() {
  const { header, people, canManage } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  return (
    <SectionPage header={header} heading="People working on this nomination">
      <ErrorSummary errors={errors} />
      <p>
        Only these people can read and change the nomination. Colleagues from a partner organisation can ask to be added from their “Your nominations” page; a
        lead partner decides.
      </p>
      <ul className="people-list">
        {people.map((p, i) => (
          <li key={p.id ?? `${p.kind}-${i}`}>
            <strong>{p.name ?? p.email}</strong> {p.name ? `(${p.email})` : null}: {p.detail}
            {canManage && p.id ? (
              <Form method="post" style={{ display: "inline" }}>
                <input type="hidden" name="collaboratorId" value={p.id} />{" "}
                {p.kind === "asking" ? (
                  <>
                    <button type="submit" name="intent" value="approve" className="button button--small">
                      Add<span className="visually-hidden"> {p.email}</span>
                    </button>{" "}
                    <button type="submit" name="intent" value="refuse" className="button button--secondary button--small">
                      Do not add<span className="visually-hidden"> {p.email}</span>
                    </button>
                  </>
                ) : (
                  <button type="submit" name="intent" value="remove" className="button button--secondary button--small">
                    Remove<span className="visually-hidden"> {p.email}</span>
                  </button>
                )}
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {canManage ? (
        <Form method="post" noValidate className="panel">
          <input type="hidden" name="intent" value="add" />
          <h2 style={{ marginTop: 0 }}>Add someone</h2>
          <TextField
            name="email"
            label="Their email address"
            hint="They can read and change the nomination once they sign in with this address. They cannot confirm it for a lead partner unless they are its named contact."
            type="email"
            autoComplete="off"
            width="half"
            error={errors?.email ?? errors?.form}
            defaultValue={valueOf(actionData?.values, "email")}
          />
          <button type="submit" className="button">
            Add
          </button>
        </Form>
      ) : null}
      <p>
        <Link to={`/nominations/${header.id}`}>Back to the nomination</Link>
      </p>
    </SectionPage>
  );
}
