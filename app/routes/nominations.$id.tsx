import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Outlet, useLoaderData, useMatches } from "@remix-run/react";
import { prisma } from "~/db/client.server";
import { requireNominationAccess } from "~/http/guards.server";
import { nominationFrame } from "~/nominations/pages.server";
import { NominationFrame, sectionCrumbOf } from "~/nominations/section-page";

/**
 * The layout of every nominator page of one nomination (/nominations/:id/...): the breadcrumbs
 * back to the task list and the nomination's title as a caption, then the page. Each page
 * names its crumb in its `handle` (SectionHandle). Its loader checks who is asking as its
 * pages do (only people who may change the nomination), as it runs alongside them.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { facts } = await requireNominationAccess(request, params.id, "nomination.edit");
  return json({ frame: await nominationFrame(prisma, facts.id) });
}

export default function NominationLayout() {
  const { frame } = useLoaderData<typeof loader>();
  return (
    <>
      <NominationFrame frame={frame} current={sectionCrumbOf(useMatches())} />
      <Outlet />
    </>
  );
}
