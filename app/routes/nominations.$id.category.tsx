import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, Radios, valueOf } from "~/components/forms";
import { prisma } from "~/db/client.server";
import { readFormData } from "~/forms/read.server";
import { parseForm } from "~/forms/validate";
import { saveCategory } from "~/nominations/nominations.server";
import { NEXT_SECTION, nominationHeader } from "~/nominations/pages.server";
import { categorySchema } from "~/nominations/schemas";
import { type SectionHandle, SectionPage } from "~/nominations/section-page";
import { failureResponse } from "~/http/responses.server";
import { requireEditableNomination } from "~/http/guards.server";

export const handle: SectionHandle = { sectionCrumb: "Which category are you entering?" };

export const meta: MetaFunction = () => [{ title: "Category - Your nomination - Compact Awards" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { n } = await requireEditableNomination(request, params.id);
  const categories = await prisma.category.findMany({
    where: { cycleId: n.cycleId },
    orderBy: [{ position: "asc" }, { name: "asc" }],
    select: { id: true, name: true, description: true, guidance: true },
  });
  return json({ header: nominationHeader(n), categories, categoryId: n.categoryId ?? "" });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, n } = await requireEditableNomination(request, params.id);
  const form = parseForm(categorySchema, await readFormData(request));
  if (!form.ok) return json({ errors: form.errors, values: form.values }, { status: 400 });
  const result = await saveCategory(prisma, actor, n.id, form.data);
  if (!result.ok) return failureResponse(result, form.values);
  return redirect(`/nominations/${n.id}/${NEXT_SECTION.category}`);
}

export default function CategoryPage() {
  const { header, categories, categoryId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors as Record<string, string> | undefined;
  return (
    <SectionPage header={header} heading="Which category are you entering?">
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate>
        <Radios
          name="categoryId"
          legend={<span className="visually-hidden">Category</span>}
          hint="Choose the one that fits the work best. The organisers may suggest another."
          error={errors?.categoryId}
          defaultValue={valueOf(actionData?.values, "categoryId", categoryId)}
          options={categories.map((c) => ({
            value: c.id,
            label: c.name,
            hint: [c.description, c.guidance ? `Who can enter: ${c.guidance}` : ""].filter(Boolean).join(" ") || undefined,
          }))}
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
