import { DataTable } from "~/components/data-table";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { flash } from "~/auth/session.server";
import { MoveButtons } from "~/components/move-buttons";
import { adminPath, type AdminHandle } from "~/components/admin-nav";
import { useFormKey } from "~/components/cycle-form";
import { ErrorSummary, TextArea, TextField, valueOf } from "~/components/forms";
import { categoryIntentSchema } from "~/cycles/schemas";
import { addCategory, moveCategory, removeCategory, updateCategory } from "~/cycles/categories.server";
import { prisma } from "~/db/client.server";
import { readFormData } from "~/forms/read.server";
import { parseForm } from "~/forms/validate";
import adminStyles from "~/styles/admin.css";
import { requireOrganiser } from "~/http/guards.server";

export const handle: AdminHandle = { adminSection: "categories" };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Categories: ${data.cycle.name} - Compact Awards` : "Compact Awards" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cycle } = await requireOrganiser(request, params.slug!);
  const counts = await prisma.nomination.groupBy({ by: ["categoryId"], where: { cycleId: cycle.id }, _count: { _all: true } });
  const editId = new URL(request.url).searchParams.get("edit");
  return json({
    cycle: { slug: cycle.slug, name: cycle.name },
    categories: cycle.categories.map((c) => ({
      id: c.id,
      name: c.name,
      description: c.description,
      guidance: c.guidance,
      nominations: counts.find((n) => n.categoryId === c.id)?._count._all ?? 0,
    })),
    editId: cycle.categories.some((c) => c.id === editId) ? editId : null,
  });
}

type ActionData = { errors: Record<string, string>; values?: Record<string, string | string[]>; intent?: string; id?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, cycle } = await requireOrganiser(request, params.slug!);
  const form = parseForm(categoryIntentSchema, await readFormData(request));
  if (!form.ok) {
    // An unknown button: show the form again as it was typed (the edit form when it carries an id).
    const intent = form.errors.intent ? (valueOf(form.values, "id") ? "edit" : "add") : valueOf(form.values, "intent");
    const errors = form.errors.intent ? { form: "Something went wrong with that button. Reload the page and try again." } : form.errors;
    return json<ActionData>({ errors, values: form.values, intent, id: valueOf(form.values, "id") }, { status: 400 });
  }
  const input = form.data;
  let result;
  let message: string;
  switch (input.intent) {
    case "add":
      result = await addCategory(prisma, actor, cycle, input);
      message = `Category "${input.name}" added.`;
      break;
    case "edit":
      result = await updateCategory(prisma, actor, cycle, input);
      message = `Category "${input.name}" saved.`;
      break;
    case "move":
      result = await moveCategory(prisma, actor, cycle, input);
      message = result.ok ? `Moved the ${result.value.name} category ${input.direction}.` : "";
      break;
    case "remove":
      result = await removeCategory(prisma, actor, cycle, input);
      message = result.ok ? `Removed the ${result.value.name} category.` : "";
      break;
  }
  if (!result.ok) {
    return json<ActionData>({ errors: result.errors, values: form.values, intent: input.intent, id: "id" in input ? input.id : undefined }, { status: 400 });
  }
  const cookie = await flash(request, message);
  return redirect(adminPath(cycle.slug, "categories"), { headers: { "Set-Cookie": cookie } });
}

export default function Categories() {
  const { cycle, categories, editId: editFromUrl } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const busy = useNavigation().state === "submitting";
  const formKey = useFormKey(!!actionData);
  const editId = actionData?.intent === "edit" ? (actionData.id ?? null) : editFromUrl;
  const editing = categories.find((c) => c.id === editId) ?? null;
  const formErrors = actionData && (actionData.intent === "add" || actionData.intent === "edit") ? actionData.errors : undefined;
  const typed = formErrors ? actionData?.values : undefined;
  const values = typed ?? (editing ? { name: editing.name, description: editing.description, guidance: editing.guidance } : {});
  return (
    <>
      <ErrorSummary errors={actionData?.errors} />
      <h1>Categories</h1>
      <p>Nominators choose one category for each nomination. They see the categories in this order, with the description and who can enter.</p>

      {categories.length === 0 ? (
        <p>There are no categories yet. Add the first one below.</p>
      ) : (
        <div className="table-wrap">
          <DataTable
            caption="Categories, in the order nominators see them"
            columns={[{ label: "Order", className: "num" }, "Category", { label: "Nominations", className: "num" }, "Actions"]}
          >
            {categories.map((c, i) => (
              <tr key={c.id}>
                <td className="num">{i + 1}</td>
                <th scope="row">
                  {c.name}
                  {c.description ? <span className="checklist__detail">{c.description}</span> : null}
                </th>
                <td className="num">{c.nominations}</td>
                <td>
                  <div className="admin-actions">
                    <Link to={`?edit=${c.id}#category-form`}>
                      Change<span className="visually-hidden"> {c.name} category</span>
                    </Link>
                    <MoveButtons
                      action={adminPath(cycle.slug, "categories")}
                      id={c.id}
                      label={`${c.name} category`}
                      first={i === 0}
                      last={i === categories.length - 1}
                    />
                    <Form method="post" action={adminPath(cycle.slug, "categories")}>
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="id" value={c.id} />
                      <button type="submit" className="button button--warning button--small">
                        Remove<span className="visually-hidden"> {c.name} category</span>
                      </button>
                    </Form>
                  </div>
                </td>
              </tr>
            ))}
          </DataTable>
        </div>
      )}

      <section className="admin-form" id="category-form" aria-labelledby="category-form-title">
        <h2 id="category-form-title">{editing ? `Change the ${editing.name} category` : "Add a category"}</h2>
        <Form method="post" noValidate key={`${editing?.id ?? "new"}:${formKey}`}>
          <input type="hidden" name="intent" value={editing ? "edit" : "add"} />
          {editing ? <input type="hidden" name="id" value={editing.id} /> : null}
          <TextField
            name="name"
            label="Name"
            hint="For example, Partnership between a statutory and a voluntary or community organisation"
            error={formErrors?.name}
            defaultValue={valueOf(values, "name")}
          />
          <TextArea
            name="description"
            label="Description (optional)"
            hint="What this category celebrates, in a sentence or two."
            rows={4}
            error={formErrors?.description}
            defaultValue={valueOf(values, "description")}
          />
          <TextArea
            name="guidance"
            label="Who can enter (optional)"
            hint="Eligibility guidance: for example, which partners must be involved and what counts."
            rows={4}
            error={formErrors?.guidance}
            defaultValue={valueOf(values, "guidance")}
          />
          <div className="button-group">
            <button type="submit" className="button" disabled={busy}>
              {editing ? "Save category" : "Add category"}
            </button>
            {editing ? <Link to={adminPath(cycle.slug, "categories")}>Cancel</Link> : null}
          </div>
        </Form>
      </section>
    </>
  );
}
