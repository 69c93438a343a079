/**
 * What every nominator page (the task list and each section) loads first: the access check
 * (404 unless the person may edit this nomination), the nomination, and the facts the page
 * header shows (title, status, deadline, and why it cannot be changed now, if it cannot).
 */
import { json } from "@remix-run/node";
import { notFound } from "~/cycles/cycles.server";
import { prisma } from "~/db/client.server";
import { NOMINATION_STATUS_LABELS, type NominationStatus } from "~/domain/vocabulary";
import { formatUkDateTime } from "~/utils/time";
import { requireNominationAccess } from "./access.server";
import { effectiveDeadline } from "./eligibility";
import { changeRefusal, loadNomination, type Failure, type LoadedNomination } from "./nominations.server";
import { nominationTitle } from "./title";

/** Signs in, checks `nomination.edit` (404 otherwise: the id reveals nothing) and loads the nomination. */
export async function requireEditableNomination(request: Request, id: string | undefined) {
  const { actor } = await requireNominationAccess(request, id, "nomination.edit");
  const n = await loadNomination(prisma, id!);
  if (!n) throw notFound();
  return { actor, n };
}

export type NominationHeader = {
  id: string;
  title: string;
  status: string;
  statusLabel: string;
  cycle: { slug: string; name: string };
  /** "Friday 30 April 2010, 5pm" */
  deadline: string;
  hasExtension: boolean;
  /** why nothing can be changed now, or null */
  refusal: string | null;
};

export function nominationHeader(n: LoadedNomination, now = new Date()): NominationHeader {
  const deadline = effectiveDeadline(n.cycle, n.extensionUntil);
  return {
    id: n.id,
    title: nominationTitle(n),
    status: n.status,
    statusLabel: NOMINATION_STATUS_LABELS[n.status as NominationStatus] ?? n.status,
    cycle: { slug: n.cycle.slug, name: n.cycle.name },
    deadline: formatUkDateTime(deadline),
    hasExtension: deadline.getTime() !== n.cycle.nominationsCloseAt.getTime(),
    refusal: changeRefusal(n, now),
  };
}

/** A service refusal as an action response: 404s are thrown, everything else is shown on the form with what was typed. */
export function failureResponse(result: Failure, values: Record<string, string | string[]>) {
  if (result.status === 404) throw notFound();
  return json({ errors: result.errors, values }, { status: result.status });
}

/** The section that follows each one when "Save and continue" is pressed. */
export const NEXT_SECTION: Record<string, string> = {
  category: "organisation",
  organisation: "partners",
  partners: "story",
  story: "files",
  files: "consent",
  consent: "check",
};
