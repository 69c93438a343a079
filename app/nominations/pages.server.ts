/**
 * What every nominator page (the task list and each section) loads first: the access check
 * (404 unless the person may edit this nomination), the nomination, and the facts the page
 * header shows (title, status, deadline, and why it cannot be changed now, if it cannot).
 */
import type { Db } from "~/db/client.server";
import { NOMINATION_STATUS_LABELS, type NominationStatus } from "~/domain/vocabulary";
import { formatUkDateTime } from "~/utils/time";
import { effectiveDeadline } from "./eligibility";
import { changeRefusal, type LoadedNomination } from "./nominations.server";
import { nominationTitle } from "./title";

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

/** What the layout of the nominator's pages shows above each one (app/routes/nominations.$id.tsx). */
export type NominationFrameData = { id: string; title: string; cycleName: string };

export async function nominationFrame(db: Db, id: string): Promise<NominationFrameData> {
  const n = await db.nomination.findUniqueOrThrow({ where: { id }, select: { title: true, cycle: { select: { name: true } } } });
  return { id, title: nominationTitle(n), cycleName: n.cycle.name };
}

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

/** The section that follows each one when "Save and continue" is pressed. */
export const NEXT_SECTION: Record<string, string> = {
  category: "organisation",
  organisation: "partners",
  partners: "story",
  story: "files",
  files: "consent",
  consent: "check",
};
