import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { flash } from "~/auth/session.server";
import { ErrorSummary, TextArea, valueOf } from "~/components/forms";
import { prisma } from "~/db/client.server";
import { readFormData } from "~/forms/read.server";
import { parseForm } from "~/forms/validate";
import { isWithdrawable } from "~/nominations/status";
import { deadlineRefusal, withdrawNomination } from "~/nominations/nominations.server";
import { nominationHeader } from "~/nominations/pages.server";
import { withdrawSchema } from "~/nominations/schemas";
import { type SectionHandle, SectionPage } from "~/nominations/section-page";
import { failureResponse } from "~/http/responses.server";
import { requireEditableNomination } from "~/http/guards.server";

export const handle: SectionHandle = { sectionCrumb: "Withdraw" };

export const meta: MetaFunction = () => [{ title: "Withdraw - Your nomination - Compact Awards" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { n } = await requireEditableNomination(request, params.id);
  const now = new Date();
  const header = nominationHeader(n, now);
  const refusal = !isWithdrawable(n.status)
    ? n.status === "withdrawn"
      ? "This nomination has already been withdrawn."
      : "This nomination can no longer be withdrawn. Contact the organisers."
    : deadlineRefusal(n, now);
  return json({ header: { ...header, refusal }, partnerCount: n.partners.length });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, n } = await requireEditableNomination(request, params.id);
  const form = parseForm(withdrawSchema, await readFormData(request));
  if (!form.ok) return json({ errors: form.errors, values: form.values }, { status: 400 });
  const result = await withdrawNomination(prisma, actor, n.id, form.data.reason);
  if (!result.ok) return failureResponse(result, form.values);
  return redirect(`/nominations/${n.id}`, { headers: { "Set-Cookie": await flash(request, "The nomination has been withdrawn.") } });
}

export default function Withdraw() {
  const { header, partnerCount } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  return (
    <SectionPage header={header} heading="Are you sure you want to withdraw this nomination?">
      <ErrorSummary errors={errors} />
      <div className="warning">
        <p style={{ margin: 0 }}>
          A withdrawn nomination will not be judged, and it cannot be sent again: the partners would have to start a new nomination. It is withdrawn for all{" "}
          {partnerCount} partners.
        </p>
      </div>
      <Form method="post" noValidate>
        <TextArea
          name="reason"
          label="Why are you withdrawing it? (optional)"
          hint="Only the organisers see this."
          rows={3}
          error={errors?.reason}
          defaultValue={valueOf(actionData?.values, "reason")}
        />
        <div className="button-group">
          <button type="submit" className="button button--warning">
            Yes, withdraw this nomination
          </button>
          <Link to={`/nominations/${header.id}`}>No, go back</Link>
        </div>
      </Form>
    </SectionPage>
  );
}
