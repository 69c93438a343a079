import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { getActor } from "~/auth/session.server";
import { ErrorSummary, TextArea, valueOf } from "~/components/forms";
import { NominationView } from "~/components/nomination-view";
import { prisma } from "~/db/client.server";
import { readFormData } from "~/forms/read.server";
import { notYetSent, notYetSentSentence } from "~/mail/send.server";
import { parseForm } from "~/forms/validate";
import { LIMITS } from "~/nominations/eligibility";
import { confirmNomination, findConfirmation, requestChanges, type ConfirmationState } from "~/nominations/confirmation.server";
import { drafterPartner } from "~/nominations/nominations.server";
import { changesSchema, formVersion } from "~/nominations/schemas";
import { loadNominationForView } from "~/nominations/view.server";
import { formatUkDateTime } from "~/utils/time";
import { nominationTitle } from "~/nominations/title";

export const meta: MetaFunction = () => [{ title: "Confirm a joint nomination - Compact Awards" }, { name: "robots", content: "noindex" }];

const NO_STORE = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };

type LinkState = ConfirmationState | "changed" | "refused";

const MESSAGES: Record<Exclude<LinkState, "valid">, { title: string; body: string }> = {
  expired: {
    title: "This link has expired",
    body: "Confirmation links work until the nominations deadline, and for 7 days at most. Ask the partner who wrote the nomination to send it again.",
  },
  used: {
    title: "This link has already been used",
    body: "Each confirmation link works once. If you need to change your answer, contact the partner who wrote the nomination.",
  },
  unknown: {
    title: "This link is not valid",
    body: "Check you copied the whole link from the email. The link also stops working if the nomination is changed and sent again, or withdrawn: the newest email has the link that works.",
  },
  closed: { title: "Nominations have closed", body: "This nomination can no longer be confirmed." },
  changed: { title: "The nomination has changed", body: "The nomination was changed while you were reading it. Please read it again before you confirm." },
  refused: {
    title: "You cannot confirm this nomination",
    body: "The other sector's lead partner has to confirm it: a different person from whoever confirmed it for the first.",
  },
};

/** Opening the link only shows the nomination: mail scanners that pre-open links must not use it up. */
export async function loader({ params }: LoaderFunctionArgs) {
  const found = await findConfirmation(prisma, params.token!);
  if (found.state !== "valid" || !found.nomination || !found.partner) {
    return json({ state: found.state as LinkState, refusal: found.state === "closed" ? (found.refusal ?? null) : null, confirm: null }, { headers: NO_STORE });
  }
  const n = found.nomination;
  const view = await loadNominationForView(prisma, n.id);
  const drafter = drafterPartner(n);
  return json(
    {
      state: "valid" as LinkState,
      refusal: null,
      confirm: {
        view: view!,
        version: n.version,
        cycleName: n.cycle.name,
        partner: { contactName: found.partner.contactName, organisationName: found.partner.organisation.name },
        drafter: { name: n.createdBy?.name ?? drafter?.contactName ?? "", organisationName: drafter?.organisation.name ?? "" },
        expiresAt: found.expiresAt ? formatUkDateTime(found.expiresAt) : "",
      },
    },
    { headers: NO_STORE },
  );
}

type ActionData =
  | { done: "confirmed"; submitted: boolean; awaitingVerification: boolean; organisationName: string; waiting: string }
  | { done: "changes"; waiting: string }
  | { state: LinkState; message?: string }
  | { errors: Record<string, string>; values: Record<string, string | string[]> };

/** No sign-in needed: the link is the proof. Only these buttons spend it. */
export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await getActor(request);
  const formData = await readFormData(request);
  const token = params.token!;
  const started = new Date();
  // Honest about the emails this sends: any the mail service would not take just now are named.
  const waitingFor = async (nominationId: string) => notYetSentSentence(await notYetSent(prisma, { nominationId, since: started })).trim();
  if (formData.get("intent") === "changes") {
    const form = parseForm(changesSchema, formData);
    if (!form.ok) return json<ActionData>({ errors: form.errors, values: form.values }, { status: 400, headers: NO_STORE });
    const result = await requestChanges(prisma, token, form.data.comment, { actorId: actor?.userId ?? null });
    if (!result.ok) return json<ActionData>({ state: result.state, message: result.message }, { status: 410, headers: NO_STORE });
    return json<ActionData>({ done: "changes", waiting: await waitingFor(result.nominationId) }, { headers: NO_STORE });
  }
  // The version the page showed. Anything else (missing, garbled, forged) cannot be it: the
  // confirmation is refused as "changed", and the page asks them to read it again.
  const parsedVersion = formVersion.parse(formData.get("version") ?? "");
  const result = await confirmNomination(prisma, token, { actorId: actor?.userId ?? null, version: parsedVersion ?? -1 });
  if (!result.ok)
    return json<ActionData>(
      { state: result.state, message: result.message },
      { status: result.state === "changed" ? 409 : result.state === "refused" ? 403 : 410, headers: NO_STORE },
    );
  return json<ActionData>(
    {
      done: "confirmed",
      submitted: result.submitted,
      awaitingVerification: result.awaitingVerification,
      organisationName: result.organisationName,
      waiting: await waitingFor(result.nominationId),
    },
    { headers: NO_STORE },
  );
}

export default function ConfirmNomination() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;

  if (actionData && "done" in actionData) {
    return actionData.done === "confirmed" ? (
      <>
        <h1>Thank you: you have confirmed the nomination</h1>
        {actionData.awaitingVerification ? (
          <>
            <p>
              Before your confirmation counts, the organisers need to know that you speak for {actionData.organisationName}. We have asked them (or a colleague
              of yours already verified there) to approve you. The nomination is submitted once they have.
            </p>
            <p>If your organisation has its own email domain, the organisers can add it, so that colleagues signing in with it are recognised at once.</p>
          </>
        ) : actionData.submitted ? (
          <p>
            The nomination is now submitted. Every partner has been sent a receipt listing all the partners.{actionData.waiting ? ` ${actionData.waiting}` : ""}
          </p>
        ) : (
          <p>We are still waiting for another lead partner to confirm it. It is submitted once they have.</p>
        )}
        <p>The organisers will check it meets the rules, then a panel of judges reads it. Every partner is emailed when the results are decided.</p>
        <p>
          <Link to="/nominations">Sign in to see your nominations</Link>
        </p>
      </>
    ) : (
      <>
        <h1>We have asked for the changes</h1>
        <p>
          We have emailed the partner who wrote the nomination with your comments.{actionData.waiting ? ` ${actionData.waiting}` : ""} When they have made the
          changes, they will send it to you to confirm again.
        </p>
      </>
    );
  }

  const failed = actionData && "state" in actionData ? actionData : null;
  const state: LinkState = failed?.state ?? data.state;
  if (state !== "valid" && state !== "changed") {
    const m = MESSAGES[state];
    return (
      <>
        <h1>{m.title}</h1>
        <p>{state === "closed" || state === "refused" ? (failed?.message ?? data.refusal ?? m.body) : m.body}</p>
        <p>
          <Link to="/">Go to the home page</Link>
        </p>
      </>
    );
  }
  const c = data.confirm;
  if (!c) {
    return (
      <>
        <h1>{MESSAGES.unknown.title}</h1>
        <p>{MESSAGES.unknown.body}</p>
      </>
    );
  }
  const errors = actionData && "errors" in actionData ? actionData.errors : undefined;
  const values = actionData && "values" in actionData ? actionData.values : undefined;
  return (
    <>
      <ErrorSummary errors={errors} />
      <p className="muted" style={{ marginBottom: "0.25rem" }}>
        {c.cycleName}
      </p>
      <h1>Confirm a joint nomination</h1>
      {state === "changed" ? (
        <div className="warning" role="status">
          <p style={{ margin: 0 }}>{MESSAGES.changed.body}</p>
        </div>
      ) : null}
      <p className="lead">
        {c.drafter.name ? `${c.drafter.name} from ` : ""}
        {c.drafter.organisationName} has nominated work they did with {c.partner.organisationName}. As the lead partner for {c.partner.organisationName}, please
        read it and confirm it, or ask for changes.
      </p>
      <p>
        Please answer by <strong>{c.expiresAt}</strong> (UK time).
      </p>
      <h2 style={{ fontSize: "2rem" }}>{nominationTitle(c.view.nomination)}</h2>
      <NominationView {...c.view} headingLevel={3} />

      <h2>Your answer</h2>
      <Form method="post">
        <input type="hidden" name="intent" value="confirm" />
        <input type="hidden" name="version" value={c.version} />
        <p>
          By confirming, you agree on behalf of {c.partner.organisationName} that this is a joint nomination and that it is correct, to the best of your
          knowledge.
        </p>
        <button type="submit" className="button">
          Confirm this nomination
        </button>
      </Form>
      <Form method="post" noValidate className="panel">
        <input type="hidden" name="intent" value="changes" />
        <h3 style={{ marginTop: 0 }}>Or ask for changes</h3>
        <TextArea
          name="comment"
          label="What needs changing?"
          hint={`We email this to the partner who wrote the nomination. Up to ${LIMITS.changesComment.toLocaleString("en-GB")} characters.`}
          rows={5}
          error={errors?.comment}
          defaultValue={valueOf(values, "comment")}
        />
        <button type="submit" className="button button--secondary">
          Ask for changes
        </button>
      </Form>
    </>
  );
}
