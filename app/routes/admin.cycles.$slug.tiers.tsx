import { DataTable } from "~/components/data-table";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { flash } from "~/auth/session.server";
import { adminPath, type AdminHandle } from "~/components/admin-nav";
import { useFormKey } from "~/components/cycle-form";
import { ErrorSummary, Radios, TextField, valueOf } from "~/components/forms";
import { TIER_KIND_LABELS, tierIntentSchema } from "~/cycles/schemas";
import { addTier, removeTier, updateTier } from "~/cycles/tiers.server";
import { prisma } from "~/db/client.server";
import { TIER_KINDS, type TierKind } from "~/domain/vocabulary";
import { readFormData } from "~/forms/read.server";
import { parseForm } from "~/forms/validate";
import adminStyles from "~/styles/admin.css";
import { requireOrganiser } from "~/http/guards.server";

export const handle: AdminHandle = { adminSection: "tiers" };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: adminStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Outcomes: ${data.cycle.name} - Compact Awards` : "Compact Awards" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cycle } = await requireOrganiser(request, params.slug!);
  const decisions = await prisma.decision.groupBy({
    by: ["outcomeTierId"],
    where: { nomination: { cycleId: cycle.id }, outcomeTierId: { not: null } },
    _count: { _all: true },
  });
  const editId = new URL(request.url).searchParams.get("edit");
  return json({
    cycle: { slug: cycle.slug, name: cycle.name },
    tiers: cycle.outcomeTiers.map((t) => ({
      id: t.id,
      name: t.name,
      rank: t.rank,
      kind: ((TIER_KINDS as readonly string[]).includes(t.kind) ? t.kind : "other") as TierKind,
      decisions: decisions.find((d) => d.outcomeTierId === t.id)?._count._all ?? 0,
    })),
    nextRank: Math.max(0, ...cycle.outcomeTiers.map((t) => t.rank)) + 1,
    editId: cycle.outcomeTiers.some((t) => t.id === editId) ? editId : null,
  });
}

type ActionData = { errors: Record<string, string>; values?: Record<string, string | string[]>; intent?: string; id?: string };

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, cycle } = await requireOrganiser(request, params.slug!);
  const form = parseForm(tierIntentSchema, await readFormData(request));
  if (!form.ok) {
    const errors = form.errors.intent ? { form: "Something went wrong with that button. Reload the page and try again." } : form.errors;
    // An unknown button: show the form again as it was typed (the edit form when it carries an id).
    const intent = form.errors.intent ? (valueOf(form.values, "id") ? "edit" : "add") : valueOf(form.values, "intent");
    return json<ActionData>({ errors, values: form.values, intent, id: valueOf(form.values, "id") }, { status: 400 });
  }
  const input = form.data;
  let result;
  let message = "";
  switch (input.intent) {
    case "add":
      result = await addTier(prisma, actor, cycle, input);
      message = `"${input.name}" added.`;
      break;
    case "edit":
      result = await updateTier(prisma, actor, cycle, input);
      message = `"${input.name}" saved.`;
      break;
    case "remove":
      result = await removeTier(prisma, actor, cycle, input);
      if (result.ok) message = `Removed "${result.value.name}".`;
      break;
  }
  if (!result.ok) {
    return json<ActionData>({ errors: result.errors, values: form.values, intent: input.intent, id: "id" in input ? input.id : undefined }, { status: 400 });
  }
  const cookie = await flash(request, message);
  return redirect(adminPath(cycle.slug, "tiers"), { headers: { "Set-Cookie": cookie } });
}

export default function Tiers() {
  const { cycle, tiers, nextRank, editId: editFromUrl } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const busy = useNavigation().state === "submitting";
  const formKey = useFormKey(!!actionData);
  const formIntent = actionData?.intent === "add" || actionData?.intent === "edit" ? actionData.intent : null;
  const editId = formIntent === "edit" ? (actionData?.id ?? null) : formIntent === "add" ? null : editFromUrl;
  const editing = tiers.find((t) => t.id === editId) ?? null;
  const formErrors = formIntent ? actionData?.errors : undefined;
  const values =
    (formIntent ? actionData?.values : undefined) ??
    (editing ? { name: editing.name, rank: String(editing.rank), kind: editing.kind } : { rank: String(nextRank), kind: "" });
  return (
    <>
      <ErrorSummary errors={actionData?.errors} />
      <h1>Outcomes</h1>
      <p>The awards a nomination can be given, highest first. When you decide the results you give each nomination one of these, or none.</p>
      <p className="panel">
        <strong>Not awarded is the absence of a tier.</strong> A nomination given none of these is not awarded: its partners get a kind, encouraging email
        instead. You do not need a tier for it.
      </p>

      {tiers.length === 0 ? (
        <p>There are no outcome tiers. Add at least one, such as Winner, before the cycle can be made public.</p>
      ) : (
        <div className="table-wrap">
          <DataTable
            caption="Outcome tiers, highest first"
            columns={[{ label: "Rank", className: "num" }, "Award", "Results email", { label: "Given to", className: "num" }, "Actions"]}
          >
            {tiers.map((t) => (
              <tr key={t.id}>
                <td className="num">{t.rank}</td>
                <th scope="row">{t.name}</th>
                <td>{TIER_KIND_LABELS[t.kind].label}</td>
                <td className="num">{t.decisions}</td>
                <td>
                  <div className="admin-actions">
                    <Link to={`?edit=${t.id}#tier-form`}>
                      Change<span className="visually-hidden"> {t.name}</span>
                    </Link>
                    <Form method="post" action={adminPath(cycle.slug, "tiers")}>
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="id" value={t.id} />
                      <button type="submit" className="button button--warning button--small">
                        Remove<span className="visually-hidden"> {t.name}</span>
                      </button>
                    </Form>
                  </div>
                </td>
              </tr>
            ))}
          </DataTable>
        </div>
      )}

      <section className="admin-form" id="tier-form" aria-labelledby="tier-form-title">
        <h2 id="tier-form-title">{editing ? `Change "${editing.name}"` : "Add an outcome tier"}</h2>
        <Form method="post" noValidate key={`${editing?.id ?? "new"}:${formKey}`}>
          <input type="hidden" name="intent" value={editing ? "edit" : "add"} />
          {editing ? <input type="hidden" name="id" value={editing.id} /> : null}
          <TextField
            name="name"
            label="Name of the award"
            hint="For example, Winner or Special commendation"
            width="half"
            error={formErrors?.name}
            defaultValue={valueOf(values, "name")}
          />
          <TextField
            name="rank"
            label="Rank"
            hint="1 is the highest award. Each tier has its own rank; it sets the order of the results and the ceremony."
            inputMode="numeric"
            width="quarter"
            error={formErrors?.rank}
            defaultValue={valueOf(values, "rank")}
          />
          <Radios
            name="kind"
            legend="Which results email it sends"
            error={formErrors?.kind}
            defaultValue={valueOf(values, "kind")}
            options={TIER_KINDS.map((k) => ({ value: k, label: TIER_KIND_LABELS[k].label, hint: TIER_KIND_LABELS[k].hint }))}
          />
          <div className="button-group">
            <button type="submit" className="button" disabled={busy}>
              {editing ? "Save tier" : "Add tier"}
            </button>
            {editing ? <Link to={adminPath(cycle.slug, "tiers")}>Cancel</Link> : null}
          </div>
        </Form>
      </section>
    </>
  );
}
