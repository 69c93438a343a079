import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, Radios, TextField, valueOf } from "~/components/forms";
import { prisma } from "~/db/client.server";
import { readFormData } from "~/forms/read.server";
import { parseForm } from "~/forms/validate";
import { LIMITS } from "~/nominations/eligibility";
import { saveConsent } from "~/nominations/nominations.server";
import { NEXT_SECTION, nominationHeader } from "~/nominations/pages.server";
import { consentSchema } from "~/nominations/schemas";
import { type SectionHandle, SectionPage } from "~/nominations/section-page";
import { failureResponse } from "~/http/responses.server";
import { requireEditableNomination } from "~/http/guards.server";

export const handle: SectionHandle = { sectionCrumb: "Consent" };

export const meta: MetaFunction = () => [{ title: "Consent - Your nomination - Compact Awards" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { n } = await requireEditableNomination(request, params.id);
  const answered = !!n.publicContact.trim();
  return json({
    header: nominationHeader(n),
    consent: answered ? (n.consentToPublish ? "yes" : "no") : "",
    publicContact: n.publicContact,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, n } = await requireEditableNomination(request, params.id);
  const form = parseForm(consentSchema, await readFormData(request));
  if (!form.ok) return json({ errors: form.errors, values: form.values }, { status: 400 });
  const result = await saveConsent(prisma, actor, n.id, form.data);
  if (!result.ok) return failureResponse(result, form.values);
  return redirect(`/nominations/${n.id}/${NEXT_SECTION.consent}`);
}

export default function ConsentPage() {
  const { header, consent, publicContact } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  const values = actionData?.values;
  return (
    <SectionPage header={header} heading="Consent">
      <ErrorSummary errors={errors} />
      <p>
        If the nomination wins an award or a commendation, the organisers would like to publish it as a case study: on this website, in the awards booklet and
        in the press release. Photos are only ever published with the consent given for each one.
      </p>
      <Form method="post" noValidate>
        <Radios
          name="consentToPublish"
          legend="Do all the partners agree that we may publish this nomination?"
          hint="Saying no does not affect how the nomination is judged."
          error={errors?.consentToPublish}
          defaultValue={valueOf(values, "consentToPublish", consent)}
          options={[
            { value: "yes", label: "Yes, all the partners agree" },
            { value: "no", label: "No" },
          ]}
          inline
        />
        <TextField
          name="publicContact"
          label="Who should people contact about this work?"
          hint={`Printed with the case study if it is published, for example: Coventry CEN, info@cen.example.org. Up to ${LIMITS.publicContact} characters.`}
          error={errors?.publicContact}
          defaultValue={valueOf(values, "publicContact", publicContact)}
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
