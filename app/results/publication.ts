/**
 * Publishing the results in step with the ceremony (issue 19, item 5; docs/decisions/0055).
 * The results email tells every partner the results "are confidential until they are
 * announced at the ceremony", so publishing before it is a decision the organiser confirms,
 * and publishing at the ceremony's own time can be left to the background job.
 */
import { formatUkDateTime } from "~/utils/time";

/** The ceremony's time when it is still to come at `now`, else null. */
export function ceremonyAhead(ceremonyAt: Date | null, now: Date): Date | null {
  return ceremonyAt && ceremonyAt.getTime() > now.getTime() ? ceremonyAt : null;
}

/** What the organiser is told before publishing ahead of the ceremony. */
export function beforeCeremonyMessage(ceremonyAt: Date): string {
  return (
    `The ceremony is on ${formatUkDateTime(ceremonyAt)}, and the results email told every partner that the results are confidential until they are ` +
    `announced at the ceremony. Publish now anyway, or schedule publication for the ceremony.`
  );
}
