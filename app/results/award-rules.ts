/**
 * When an award stands (issue 19, item 1; docs/decisions/0050). Pure: no database, no clock.
 *
 * An outcome other than "not awarded" needs a nomination the organisers found ELIGIBLE, with
 * at least the cycle's minimum of SUBMITTED reviews that count (judges without a conflict),
 * unless an organiser records an override with a reason. Setting an outcome asks this, and
 * so does locking the results: every awarded nomination must pass or carry an override, so
 * nothing made from the locked results (results emails, certificates, booklet, press
 * release, public results) can carry an award nobody judged without someone saying why.
 */

/** What the rule needs to know about one nomination. */
export type AwardFacts = {
  /** the nomination's status: only "eligible" passes */
  status: string;
  /** submitted reviews of judges without a conflict (the ones the results count) */
  submittedReviews: number;
};

/** Why an award is not supported by the judging. */
export type AwardShortfall = { kind: "not_eligible"; status: string } | { kind: "too_few_reviews"; have: number; need: number };

/** The ways this nomination falls short of an award, eligibility first. Empty: it may be awarded. */
export function awardShortfalls(facts: AwardFacts, minReviews: number): AwardShortfall[] {
  const found: AwardShortfall[] = [];
  if (facts.status !== "eligible") found.push({ kind: "not_eligible", status: facts.status });
  const need = Math.max(0, Math.floor(minReviews));
  if (facts.submittedReviews < need) found.push({ kind: "too_few_reviews", have: Math.max(0, facts.submittedReviews), need });
  return found;
}

const STATUS_WORDS: Record<string, string> = {
  submitted: "it has not been checked for eligibility",
  ineligible: "it was found not eligible",
  withdrawn: "it was withdrawn",
  draft: "it was never submitted",
  awaiting_partner: "it was never submitted",
};

/** One shortfall in the organiser's words. */
export function describeShortfall(s: AwardShortfall): string {
  if (s.kind === "not_eligible") return STATUS_WORDS[s.status] ?? `it is ${s.status.replace("_", " ")}, not eligible`;
  if (s.have === 0) return `no judge has submitted a review (the cycle needs ${s.need})`;
  return `only ${s.have} submitted ${s.have === 1 ? "review" : "reviews"} of the ${s.need} the cycle needs`;
}

/** Every shortfall in one phrase: "it has not been checked for eligibility and no judge has submitted a review (the cycle needs 3)". */
export function describeShortfalls(list: readonly AwardShortfall[]): string {
  const words = list.map(describeShortfall);
  if (words.length <= 1) return words[0] ?? "";
  return `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

export type AwardCheck =
  /** allowed; `overridden`: only because of the override */
  | { ok: true; overridden: boolean; shortfalls: AwardShortfall[] }
  /** refused: the judging does not support it and there is no override */
  | { ok: false; shortfalls: AwardShortfall[] };

/**
 * May this outcome stand? Not awarded always may. An award may when the judging supports it,
 * or when there is an override with a reason (blank reasons do not count).
 */
export function checkAward(input: { outcomeTierId: string | null; facts: AwardFacts; minReviews: number; overrideReason?: string | null }): AwardCheck {
  if (input.outcomeTierId === null) return { ok: true, overridden: false, shortfalls: [] };
  const shortfalls = awardShortfalls(input.facts, input.minReviews);
  if (shortfalls.length === 0) return { ok: true, overridden: false, shortfalls };
  if ((input.overrideReason ?? "").trim()) return { ok: true, overridden: true, shortfalls };
  return { ok: false, shortfalls };
}

/** An awarded nomination that cannot be locked as it stands. */
export type UnsupportedAward = { id: string; title: string; outcome: string; shortfalls: AwardShortfall[] };

/**
 * The awards that stop the results being locked: awarded, not supported by the judging and
 * without an override. In the order given.
 */
export function unsupportedAwards(
  awards: readonly { id: string; title: string; outcome: string; outcomeTierId: string | null; overrideReason: string | null; facts: AwardFacts }[],
  minReviews: number,
): UnsupportedAward[] {
  const out: UnsupportedAward[] = [];
  for (const a of awards) {
    const check = checkAward({ outcomeTierId: a.outcomeTierId, facts: a.facts, minReviews, overrideReason: a.overrideReason });
    if (!check.ok) out.push({ id: a.id, title: a.title, outcome: a.outcome, shortfalls: check.shortfalls });
  }
  return out;
}
