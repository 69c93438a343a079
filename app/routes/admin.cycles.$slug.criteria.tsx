import { DataTable } from "~/components/data-table";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useState, type FormEvent } from "react";
import { flash } from "~/auth/session.server";
import { MoveButtons } from "~/components/move-buttons";
import { adminPath, type AdminHandle } from "~/components/admin-nav";
import { useFormKey } from "~/components/cycle-form";
import { ErrorSummary, Select, TextArea, TextField, valueOf } from "~/components/forms";
import {
  criterionIntentSchema,
  criterionSchema,
  DEFAULT_DESCRIPTORS_1_TO_5,
  descriptorField,
  readDescriptors,
  scalePoints,
  validScale,
} from "~/cycles/schemas";
import { addCriterion, moveCriterion, removeCriterion, updateCriterion } from "~/cycles/criteria.server";
import { prisma } from "~/db/client.server";
import { readFormData } from "~/forms/read.server";
import { fieldErrors, parseForm } from "~/forms/validate";
import adminStyles from "~/styles/admin.css";
import { requireOrganiser } from "~/http/guards.server";

export const handle: AdminHandle = { adminSection: "criteria" };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Criteria: ${data.cycle.name} - Compact Awards` : "Compact Awards" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cycle } = await requireOrganiser(request, params.slug!);
  const editId = new URL(request.url).searchParams.get("edit");
  return json({
    cycle: { slug: cycle.slug, name: cycle.name },
    categories: cycle.categories.map((c) => ({ id: c.id, name: c.name })),
    criteria: cycle.criteria.map((c) => ({
      id: c.id,
      name: c.name,
      guidance: c.guidance,
      weight: c.weight,
      scaleMin: c.scaleMin,
      scaleMax: c.scaleMax,
      categoryId: c.categoryId,
      descriptors: readDescriptors(c.descriptors, c.scaleMin, c.scaleMax),
    })),
    editId: cycle.criteria.some((c) => c.id === editId) ? editId : null,
  });
}

type ActionData = { errors?: Record<string, string>; values?: Record<string, string | string[]>; intent?: string; id?: string; rescaled?: boolean };

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, cycle } = await requireOrganiser(request, params.slug!);
  // The "Show boxes for this scale" button (for browsers without JavaScript) names itself "rescale".
  const form = parseForm(criterionIntentSchema, await readFormData(request), (values) => (values.rescale ? { ...values, intent: "rescale" } : values));
  const editingId = valueOf(form.values, "id") || undefined;
  // An unknown button: show the form again as it was typed (the edit form when it carries an id).
  const editingIntent = !form.ok && form.errors.intent ? (editingId ? "edit" : "add") : valueOf(form.values, "intent");
  if (!form.ok) {
    const errors = form.errors.intent ? { form: "Something went wrong with that button. Reload the page and try again." } : form.errors;
    return json<ActionData>({ errors, values: form.values, intent: editingIntent, id: editingId }, { status: 400 });
  }
  const input = form.data;
  let result;
  let message = "";
  switch (input.intent) {
    case "rescale": {
      // Shown again, as typed, with one box per point of the new scale (or what is wrong with the scale).
      const check = criterionSchema.safeParse(form.values);
      const all = check.success ? {} : fieldErrors(check.error);
      const scaleErrors = Object.fromEntries(Object.entries(all).filter(([field]) => field === "scaleMin" || field === "scaleMax"));
      if (Object.keys(scaleErrors).length)
        return json<ActionData>({ errors: scaleErrors, values: form.values, intent: editingIntent, id: editingId }, { status: 400 });
      return json<ActionData>({ values: form.values, intent: editingIntent, id: editingId, rescaled: true });
    }
    case "add":
      result = await addCriterion(prisma, actor, cycle, input);
      message = `Criterion "${input.name}" added.`;
      break;
    case "edit":
      result = await updateCriterion(prisma, actor, cycle, input);
      message = `Criterion "${input.name}" saved.`;
      break;
    case "move":
      result = await moveCriterion(prisma, actor, cycle, input);
      if (result.ok) message = `Moved the criterion "${result.value.name}" ${input.direction}.`;
      break;
    case "remove":
      result = await removeCriterion(prisma, actor, cycle, input);
      if (result.ok) message = `Removed the criterion "${result.value.name}".`;
      break;
  }
  if (!result.ok) {
    return json<ActionData>({ errors: result.errors, values: form.values, intent: input.intent, id: "id" in input ? input.id : undefined }, { status: 400 });
  }
  const cookie = await flash(request, message);
  return redirect(adminPath(cycle.slug, "criteria"), { headers: { "Set-Cookie": cookie } });
}

function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

function scaleFrom(values: Record<string, string | string[] | undefined>) {
  const min = Number(valueOf(values, "scaleMin"));
  const max = Number(valueOf(values, "scaleMax"));
  return validScale(min, max) ? { min, max } : null;
}

type FormValues = Record<string, string | string[] | undefined>;
type Category = { id: string; name: string };
type EditingCriterion = { id: string; name: string };

export default function Criteria() {
  const { cycle, categories, criteria, editId: editFromUrl } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const formKey = useFormKey(!!actionData);

  const formIntent = actionData?.intent === "add" || actionData?.intent === "edit" ? actionData.intent : null;
  const editId = formIntent === "edit" ? (actionData?.id ?? null) : formIntent === "add" ? null : editFromUrl;
  const editing = criteria.find((c) => c.id === editId) ?? null;
  const typed = formIntent ? actionData?.values : undefined;
  const formErrors = formIntent ? actionData?.errors : undefined;

  const stored: Record<string, string> = editing
    ? {
        name: editing.name,
        guidance: editing.guidance,
        weight: String(editing.weight),
        scaleMin: String(editing.scaleMin),
        scaleMax: String(editing.scaleMax),
        categoryId: editing.categoryId ?? "",
        ...Object.fromEntries(editing.descriptors.map((d) => [descriptorField(d.score), d.label])),
      }
    : { weight: "1", scaleMin: "1", scaleMax: "5", categoryId: "" };
  const categoryName = (id: string | null) => (id ? (categories.find((c) => c.id === id)?.name ?? "One category") : "All categories");

  return (
    <>
      <ErrorSummary errors={actionData?.errors} />
      <h1>Criteria</h1>
      <p>
        Judges score every nomination against each criterion. A nomination's score from one judge is the weighted average of its criterion scores, so a
        criterion with weight 2 counts twice as much as one with weight 1.
      </p>
      {criteria.length === 0 ? (
        <p>There are no criteria yet. Add the first one below.</p>
      ) : (
        <div className="table-wrap">
          <DataTable
            caption="Criteria, in the order judges see them"
            columns={[{ label: "Order", className: "num" }, "Criterion", { label: "Weight", className: "num" }, "Scale", "Applies to", "Actions"]}
          >
            {criteria.map((c, i) => (
              <tr key={c.id}>
                <td className="num">{i + 1}</td>
                <th scope="row">
                  {c.name}
                  {c.guidance ? <span className="checklist__detail">{c.guidance}</span> : null}
                </th>
                <td className="num">{c.weight}</td>
                <td>
                  {c.scaleMin} to {c.scaleMax}
                </td>
                <td>{categoryName(c.categoryId)}</td>
                <td>
                  <div className="admin-actions">
                    <Link to={`?edit=${c.id}#criterion-form`}>
                      Change<span className="visually-hidden"> criterion {c.name}</span>
                    </Link>
                    <MoveButtons
                      action={adminPath(cycle.slug, "criteria")}
                      id={c.id}
                      label={`criterion ${c.name}`}
                      first={i === 0}
                      last={i === criteria.length - 1}
                    />
                    <Form method="post" action={adminPath(cycle.slug, "criteria")}>
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="id" value={c.id} />
                      <button type="submit" className="button button--warning button--small">
                        Remove<span className="visually-hidden"> criterion {c.name}</span>
                      </button>
                    </Form>
                  </div>
                </td>
              </tr>
            ))}
          </DataTable>
        </div>
      )}

      <section className="admin-form" id="criterion-form" aria-labelledby="criterion-form-title">
        <h2 id="criterion-form-title">{editing ? `Change the criterion "${editing.name}"` : "Add a criterion"}</h2>
        <CriterionForm
          // A fresh form after each page change (e.g. once a criterion is added); kept as typed when there are errors.
          key={`${editing?.id ?? "new"}:${formKey}`}
          slug={cycle.slug}
          categories={categories}
          editing={editing}
          values={typed ?? stored}
          errors={formErrors}
          rescaled={!!actionData?.rescaled}
        />
      </section>
    </>
  );
}

function CriterionForm({
  slug,
  categories,
  editing,
  values,
  errors,
  rescaled,
}: {
  slug: string;
  categories: Category[];
  editing: EditingCriterion | null;
  values: FormValues;
  errors: Record<string, string> | undefined;
  rescaled: boolean;
}) {
  const busy = useNavigation().state === "submitting";
  const hydrated = useHydrated();
  // With JavaScript the boxes follow the scale as it is typed; without, "Show boxes for this scale" does it.
  const initialScale = scaleFrom(values) ?? { min: 1, max: 5 };
  const [scale, setScale] = useState(initialScale);
  const onInput = (event: FormEvent<HTMLFormElement>) => {
    const target = event.target as HTMLInputElement;
    if (target.name !== "scaleMin" && target.name !== "scaleMax") return;
    const form = event.currentTarget;
    const next = scaleFrom({
      scaleMin: (form.elements.namedItem("scaleMin") as HTMLInputElement).value,
      scaleMax: (form.elements.namedItem("scaleMax") as HTMLInputElement).value,
    });
    if (next) setScale(next);
  };
  const descriptorDefault = (score: number) => {
    const v = values[descriptorField(score)];
    if (typeof v === "string") return v;
    return scale.min === 1 && scale.max === 5 && !editing ? DEFAULT_DESCRIPTORS_1_TO_5[score - 1] : "";
  };
  return (
    <>
      {rescaled ? (
        <p className="notice" role="status">
          There is now a box for each score from {initialScale.min} to {initialScale.max}. Check what each score means, then save.
        </p>
      ) : null}
      <Form method="post" noValidate onInput={onInput}>
        <input type="hidden" name="intent" value={editing ? "edit" : "add"} />
        {editing ? <input type="hidden" name="id" value={editing.id} /> : null}
        <TextField name="name" label="Name" hint="For example, Partnership between sectors" error={errors?.name} defaultValue={valueOf(values, "name")} />
        <TextArea
          name="guidance"
          label="Guidance for judges (optional)"
          hint="What judges should look for."
          rows={3}
          error={errors?.guidance}
          defaultValue={valueOf(values, "guidance")}
        />
        <TextField
          name="weight"
          label="Weight"
          hint="How much this criterion counts compared with the others: 1 is normal, 2 counts twice as much, 0.5 half as much. Between 0.1 and 10."
          inputMode="decimal"
          width="quarter"
          error={errors?.weight}
          defaultValue={valueOf(values, "weight")}
        />
        <Select
          name="categoryId"
          label="Applies to"
          hint="Most criteria apply to every category."
          error={errors?.categoryId}
          defaultValue={valueOf(values, "categoryId")}
          options={[{ value: "", label: "All categories" }, ...categories.map((c) => ({ value: c.id, label: `Only ${c.name}` }))]}
        />
        <fieldset className="fieldset field" aria-describedby="scale-hint">
          <legend className="legend">Scale</legend>
          <p className="hint" id="scale-hint">
            The lowest and highest score a judge can give, for example 1 to 5. Whole numbers from 0 to 20, with between 2 and 11 points.
          </p>
          <div className="button-group">
            <TextField
              name="scaleMin"
              label="Lowest score"
              inputMode="numeric"
              width="quarter"
              error={errors?.scaleMin}
              defaultValue={valueOf(values, "scaleMin")}
            />
            <TextField
              name="scaleMax"
              label="Highest score"
              inputMode="numeric"
              width="quarter"
              error={errors?.scaleMax}
              defaultValue={valueOf(values, "scaleMax")}
            />
          </div>
          {hydrated ? null : (
            <button type="submit" name="rescale" value="1" className="button button--secondary">
              Show boxes for this scale
            </button>
          )}
        </fieldset>
        <fieldset className="fieldset field">
          <legend className="legend">What each score means</legend>
          <p className="hint">Judges see these beside each score. For example, 1 - Little or no evidence; 5 - Outstanding evidence.</p>
          <ol className="descriptor-list">
            {scalePoints(scale.min, scale.max).map((score) => (
              <li key={score}>
                <TextField
                  name={descriptorField(score)}
                  label={`Score ${score}`}
                  error={errors?.[descriptorField(score)]}
                  defaultValue={descriptorDefault(score)}
                />
              </li>
            ))}
          </ol>
        </fieldset>
        <div className="button-group">
          <button type="submit" className="button" disabled={busy}>
            {editing ? "Save criterion" : "Add criterion"}
          </button>
          {editing ? <Link to={adminPath(slug, "criteria")}>Cancel</Link> : null}
        </div>
      </Form>
    </>
  );
}
