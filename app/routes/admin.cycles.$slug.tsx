import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Outlet, useLoaderData, useMatches } from "@remix-run/react";
import { AdminNav, adminSectionOf } from "~/components/admin-nav";
import { requireOrganiser } from "~/http/guards.server";

/**
 * The layout of every organiser page of one cycle (/admin/cycles/:slug/...): the breadcrumbs
 * and the sections, then the page. Each page names its section in its `handle`
 * (AdminHandle). Its loader checks who is asking like every page's: only the cycle's
 * organisers get its data; its pages check again, as their loaders run alongside it.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cycle } = await requireOrganiser(request, params.slug!);
  return json({ cycle: { slug: cycle.slug, name: cycle.name } });
}

export default function AdminCycleLayout() {
  const { cycle } = useLoaderData<typeof loader>();
  const current = adminSectionOf(useMatches());
  return (
    <>
      <AdminNav slug={cycle.slug} cycleName={cycle.name} current={current} />
      <Outlet />
    </>
  );
}
