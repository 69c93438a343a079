/**
 * The press release's sentences that depend on facts which can change under it: whether the
 * ceremony is still to come on the day the release goes out, and how many nominations the
 * judges actually considered. Pure, so the wording is tested on its own (issue 19, items 5
 * and 6; docs/decisions/0056).
 */
import { formatUkDate } from "~/utils/time";

const NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
/** Style-guide numbers: words for one to nine (and ten), digits above. */
function numberWord(n: number): string {
  return n >= 0 && n < NUMBER_WORDS.length ? NUMBER_WORDS[n] : String(n);
}

const nominations = (n: number) => `${numberWord(n)} ${n === 1 ? "nomination" : "nominations"}`;

/** The ceremony is still to come when the release goes out: then the release speaks of it in the future tense. */
export function ceremonyIsAhead(ceremonyAt: Date | null, releaseAt: Date): boolean {
  return !!ceremonyAt && ceremonyAt.getTime() > releaseAt.getTime();
}

/**
 * "... were celebrated at the X, held on 4 February 2027 at Y." after the ceremony, "... will be
 * celebrated at the X on 4 February 2027 at Y." before it. Without a ceremony date: past tense,
 * no date.
 */
export function celebratedSentence(input: { subject: string; cycleName: string; ceremonyAt: Date | null; venue: string | null; releaseAt: Date }): string {
  const at = input.venue ? ` at ${input.venue}` : "";
  if (!input.ceremonyAt) return `${input.subject} were celebrated at the ${input.cycleName}.`;
  const date = formatUkDate(input.ceremonyAt);
  return ceremonyIsAhead(input.ceremonyAt, input.releaseAt)
    ? `${input.subject} will be celebrated at the ${input.cycleName} on ${date}${at}.`
    : `${input.subject} were celebrated at the ${input.cycleName}, held on ${date}${at}.`;
}

/** "Three partnerships recognised at the X" (after) or "Three partnerships to be recognised at the X" (before). */
export function recognisedPhrase(ahead: boolean): string {
  return ahead ? "to be recognised at" : "recognised at";
}

/**
 * "The judges considered five nominations and made three awards: ...". `judged` is what the
 * judges considered (eligible, with at least one submitted review), never what was received:
 * a nomination nobody checked or judged was not considered. With `received` larger than
 * `judged`, "of the eight received" says so.
 */
export function judgedSentence(input: { judged: number; received?: number; awards: number; tierSummary: string }): string {
  const received = input.received !== undefined && input.received > input.judged ? ` of the ${numberWord(input.received)} received` : "";
  const considered = `The judges considered ${nominations(input.judged)}${received}`;
  if (!input.awards) return `${considered}.`;
  return `${considered} and made ${numberWord(input.awards)} ${input.awards === 1 ? "award" : "awards"}${input.tierSummary ? `: ${input.tierSummary}` : ""}.`;
}

/** "The awards received eight nominations, of which the judges considered five." (notes to editors) */
export function receivedSentence(input: { received: number; judged: number }): string {
  const received = `The awards received ${nominations(input.received)}`;
  if (input.received === 0) return `${received}.`;
  if (input.judged === input.received) return `${received}, all of which the judges considered.`;
  return `${received}, of which the judges considered ${numberWord(input.judged)}.`;
}
