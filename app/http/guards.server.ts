/**
 * Route guards: what a loader or action calls first with the Request. Each signs the visitor
 * in (or sends them to sign in), asks `can()` and throws the route's answer (a 404 that
 * reveals nothing, a redirect) when the answer is no. They are the only code outside routes
 * that throws a Response; domain functions take (db, actor, input) and return results
 * (docs/decisions/0064).
 */
import { redirect } from "@remix-run/node";
import { firstVisitPath } from "~/auth/first-visit";
import { can, type Actor, type NominationFacts } from "~/auth/permissions";
import { getActor, requireActor } from "~/auth/session.server";
import { getCycleBySlug, type CycleWithSetup } from "~/cycles/cycles.server";
import { prisma } from "~/db/client.server";
import { localMailboxFor } from "~/mail/mailbox.server";
import { nominationFacts } from "~/nominations/access.server";
import { loadNomination } from "~/nominations/nominations.server";
import { notFound } from "./responses.server";

/**
 * A cycle a visitor may see: launched cycles are public; drafts only for their organisers.
 * Anything else is "not found", so drafts are not revealed.
 */
export async function requireVisibleCycle(request: Request, slug: string) {
  const cycle = await getCycleBySlug(prisma, slug);
  const actor = await getActor(request);
  if (!cycle || !can(actor, { action: "cycle.view", cycle })) throw notFound();
  return { cycle, actor };
}

/** The cycle, if the person asking organises it (or is a site admin); sign in first; 404 otherwise. */
export async function requireOrganiser(request: Request, slug: string): Promise<{ actor: Actor; cycle: CycleWithSetup }> {
  const actor = await requireActor(request);
  const cycle = await getCycleBySlug(prisma, slug);
  if (!cycle || !can(actor, { action: "cycle.manage", cycle })) throw notFound();
  return { actor, cycle };
}

/** Sends someone who has not told us their name and organisation to do that first. */
export function requireProfile(actor: Actor, request: Request) {
  if (!actor.name || !actor.organisationId) {
    const url = new URL(request.url);
    throw redirect(firstVisitPath(url.pathname + url.search));
  }
}

/**
 * The cycle, if its published results may be shown to whoever is asking: everyone once
 * the results are published (cycle.results.view-public); before that only the cycle's
 * organisers, as a preview, when `organiserPreview` is on. Anyone else: 404, so an
 * unpublished cycle's results are not even revealed to exist.
 */
export async function requirePublishedCycle(request: Request, slug: string, options: { organiserPreview?: boolean } = {}) {
  const cycle = await getCycleBySlug(prisma, slug);
  if (!cycle) throw notFound();
  const actor = await getActor(request);
  const isPublic = can(actor, { action: "cycle.results.view-public", cycle });
  const isOrganiser = can(actor, { action: "cycle.manage", cycle });
  if (!isPublic && !(options.organiserPreview && isOrganiser)) throw notFound();
  return { cycle, actor, isPublic, isOrganiser };
}

type NominationAction = "nomination.view" | "nomination.edit" | "nomination.review-eligibility" | "nomination.manage-people";

/**
 * Signs in first, then 404s unless the person may do this to this nomination, so changing
 * the id in a URL or a form reveals nothing. Used by every nomination loader and action.
 */
export async function requireNominationAccess(
  request: Request,
  nominationId: string | undefined,
  action: NominationAction,
): Promise<{ actor: Actor; facts: NominationFacts & { id: string } }> {
  const actor = await requireActor(request);
  const facts = nominationId ? await nominationFacts(prisma, nominationId) : null;
  if (!facts || !can(actor, { action, nomination: facts })) throw notFound();
  return { actor, facts };
}

/** Signs in, checks `nomination.edit` (404 otherwise: the id reveals nothing) and loads the nomination. */
export async function requireEditableNomination(request: Request, id: string | undefined) {
  const { actor } = await requireNominationAccess(request, id, "nomination.edit");
  const n = await loadNomination(prisma, id!);
  if (!n) throw notFound();
  return { actor, n };
}

/**
 * The local mailbox hands out sign-in links: it exists only when switched on (LOCAL_MAILBOX=1
 * without Resend), and only for a browser on this computer (a 404 for everyone else).
 */
export function requireLocalMailbox(request: Request) {
  if (!localMailboxFor(request)) throw notFound();
}
