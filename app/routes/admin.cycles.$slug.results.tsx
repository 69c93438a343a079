import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { flash } from "~/auth/session.server";
import type { AdminHandle } from "~/components/admin-nav";
import { notFound } from "~/http/responses.server";
import { requireOrganiser } from "~/http/guards.server";
import { prisma } from "~/db/client.server";
import { readFormData } from "~/forms/read.server";
import { formValues } from "~/forms/validate";
import { resultsAction, type ResultsActionData } from "~/results/results-actions.server";
import { ResultsPage } from "~/results/results-page";
import { resultsPage } from "~/results/results-view.server";
import resultsStyles from "~/results/results.css";
import adminStyles from "~/styles/admin.css";

export const handle: AdminHandle = { adminSection: "results" };

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: adminStyles },
  { rel: "stylesheet", href: resultsStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Results: ${data.cycle.name} - Compact Awards` : "Results - Compact Awards" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cycle } = await requireOrganiser(request, params.slug!);
  return json(await resultsPage(prisma, cycle, new URL(request.url)), { headers: { "Cache-Control": "private, no-store" } });
}

/** Where to go back to after a change: the same view, without one-off parameters. */
function backTo(request: Request, hash = "") {
  const url = new URL(request.url);
  url.searchParams.delete("accept");
  url.searchParams.delete("confirm");
  url.searchParams.delete("index");
  const search = url.searchParams.toString();
  return `${url.pathname}${search ? `?${search}` : ""}${hash}`;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor, cycle } = await requireOrganiser(request, params.slug!);
  const result = await resultsAction(prisma, actor, cycle, formValues(await readFormData(request)));
  if (result.kind === "not-found") throw notFound();
  if (result.kind === "done") return redirect(backTo(request, result.hash), { headers: { "Set-Cookie": await flash(request, result.message) } });
  return json<ResultsActionData>(result.data, { status: result.status });
}

export default function Results() {
  return <ResultsPage data={useLoaderData<typeof loader>()} actionData={useActionData<typeof action>()} />;
}
