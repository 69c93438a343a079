import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { tierColour } from "~/booklet/theme";
import { CITATION_MAX } from "~/ceremony/citation";
import { loadRunningOrder, updateCitation } from "~/ceremony/ceremony.server";
import { adminPath, type AdminHandle } from "~/components/admin-nav";
import { ErrorSummary, fieldId } from "~/components/forms";
import { prisma } from "~/db/client.server";
import { readFormData } from "~/forms/read.server";
import { parseForm } from "~/forms/validate";
import adminStyles from "~/styles/admin.css";
import ceremonyStyles from "~/styles/ceremony.css";
import { notFound } from "~/http/responses.server";
import { requireOrganiser } from "~/http/guards.server";

export const handle: AdminHandle = { adminSection: "ceremony" };

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: adminStyles },
  { rel: "stylesheet", href: ceremonyStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.order.cycle.name}: ceremony running order - Compact Awards` : "Compact Awards" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cycle } = await requireOrganiser(request, params.slug!);
  const order = await loadRunningOrder(prisma, cycle.id);
  return json({ order });
}

const schema = z.object({
  intent: z.literal("citation"),
  decisionId: z.string().min(1),
  citation: z.string().trim().max(CITATION_MAX, `The citation must be ${CITATION_MAX} characters or fewer: one line to read out`).default(""),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, cycle } = await requireOrganiser(request, params.slug!);
  const form = parseForm(schema, await readFormData(request));
  const decisionId = typeof form.values.decisionId === "string" ? form.values.decisionId : "";
  if (!form.ok) {
    const error = form.errors.citation ?? "Something went wrong with that button. Reload the page and try again.";
    return json({ decisionId, error, value: typeof form.values.citation === "string" ? form.values.citation : "" }, { status: 400 });
  }
  const ok = await updateCitation(prisma, { cycleId: cycle.id, decisionId: form.data.decisionId, citation: form.data.citation, actorId: actor.userId });
  if (!ok) throw notFound();
  return redirect(`${adminPath(cycle.slug, "ceremony")}#award-${form.data.decisionId}`);
}

const SIDE_NOTE: Record<string, string> = { statutory: "statutory", vcs: "voluntary and community", other: "other" };

export default function CeremonyRunningOrder() {
  const { order } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const saving = navigation.state === "submitting" ? navigation.formData?.get("decisionId") : null;
  const { cycle } = order;
  return (
    <>
      <ErrorSummary errors={actionData ? { [`citation-${actionData.decisionId}`]: actionData.error } : undefined} />
      <header className="ceremony-header">
        <h1>Running order: {cycle.name}</h1>
        {cycle.ceremony ? <p className="lead">{cycle.ceremony}</p> : null}
        <p>
          {order.total} {order.total === 1 ? "award" : "awards"}. In each category: commendations first, then special commendations, then the winners.
        </p>
      </header>
      <div className="ceremony-tools no-print">
        <p>Print this page for the host: each category starts on a new page, without the menus or the editing boxes.</p>
        <a href={`${adminPath(cycle.slug, "ceremony")}/certificates.pdf`} className="button button--secondary">
          Certificates (PDF)
        </a>
      </div>
      {order.total === 0 ? <p>No awards have been decided yet.</p> : null}
      {order.categories.map((category, ci) => (
        <section key={ci} className="ceremony-category" aria-labelledby={`category-${ci}`}>
          <h2 id={`category-${ci}`}>{category.name}</h2>
          <ol className="ceremony-list">
            {category.items.map((item) => {
              const failed = actionData && actionData.decisionId === item.decisionId ? actionData : null;
              const name = `citation-${item.decisionId}`;
              return (
                <li key={item.decisionId} className="ceremony-item" id={`award-${item.decisionId}`}>
                  <span className="ceremony-item__number" aria-hidden="true">
                    {item.number}
                  </span>
                  <div>
                    <p>
                      <span className="ceremony-item__tier" style={{ backgroundColor: tierColour(item.tier.kind) }}>
                        {item.tier.name}
                      </span>
                    </p>
                    <h3>
                      <span className="visually-hidden">{item.number}. </span>
                      {item.title}
                    </h3>
                    <p className="ceremony-item__label">Call up</p>
                    <ul className="ceremony-item__partners">
                      {item.partners.map((p, i) => (
                        <li key={i}>
                          {p.name} <span className="muted">({SIDE_NOTE[p.side]})</span>
                        </li>
                      ))}
                    </ul>
                    <p className="ceremony-item__label">Citation</p>
                    {item.citation ? <p className="ceremony-item__citation">{item.citation}</p> : <p className="muted">No citation yet.</p>}
                    <Form method="post" className="citation-form" aria-label={`Citation for ${item.title}`}>
                      <input type="hidden" name="intent" value="citation" />
                      <input type="hidden" name="decisionId" value={item.decisionId} />
                      <div className={`field${failed ? " field--error" : ""}`}>
                        <label className="label" htmlFor={fieldId(name)}>
                          Edit citation<span className="visually-hidden"> for {item.title}</span>
                        </label>
                        {failed ? (
                          <p className="error-message" id={`${fieldId(name)}-error`}>
                            <span className="visually-hidden">Error: </span>
                            {failed.error}
                          </p>
                        ) : null}
                        <input
                          className="input"
                          id={fieldId(name)}
                          name="citation"
                          type="text"
                          maxLength={CITATION_MAX + 50}
                          defaultValue={failed ? failed.value : item.citation}
                          aria-describedby={failed ? `${fieldId(name)}-error` : undefined}
                          aria-invalid={failed ? true : undefined}
                        />
                      </div>
                      <button type="submit" className="button button--secondary button--small" disabled={saving === item.decisionId}>
                        Save<span className="visually-hidden"> citation for {item.title}</span>
                      </button>
                    </Form>
                  </div>
                </li>
              );
            })}
          </ol>
        </section>
      ))}
    </>
  );
}
