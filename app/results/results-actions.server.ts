/**
 * What the organiser's buttons on the results page do (/admin/cycles/:slug/results): decide a
 * nomination, lock, unlock, reopen judging, publish (asking again before the ceremony),
 * schedule or cancel publication, unpublish. Each answers with a result value; the route
 * turns it into a redirect with a message, or the page again with what went wrong.
 */
import type { Actor } from "~/auth/permissions";
import { valueOf } from "~/components/forms";
import type { CycleWithSetup } from "~/cycles/cycles.server";
import { nominationTitle } from "~/nominations/title";
import type { Db } from "~/db/client.server";
import type { FieldErrors } from "~/forms/validate";
import { decideResults, parseDecisionForm, publishResults, reopenJudging, setDecision, unlockResults, unpublishResults } from "~/results/decisions.server";
import { cancelScheduledPublication, schedulePublication } from "~/results/publication.server";

export type ResultsActionData = {
  intent: string;
  nominationId?: string;
  errors: FieldErrors;
  values?: Record<string, string | string[]>;
  undecided?: { id: string; title: string }[];
  /** publishing was asked for before the ceremony: the page asks again, saying why */
  beforeCeremony?: { message: string; ceremonyAt: string };
  unsupported?: { id: string; title: string; outcome: string; why: string }[];
};

export type ResultsActionResult =
  /** done: back to the page with this message (and to this part of it) */
  | { kind: "done"; message: string; hash: string }
  /** the page again with this (a refusal, or a second question) */
  | { kind: "answer"; data: ResultsActionData; status: number }
  /** the nomination is not one of this cycle's */
  | { kind: "not-found" };

export async function resultsAction(db: Db, actor: Actor, cycle: CycleWithSetup, values: Record<string, string | string[]>): Promise<ResultsActionResult> {
  const intent = valueOf(values, "intent");
  const done = (message: string, hash = ""): ResultsActionResult => ({ kind: "done", message, hash });
  const answer = (data: ResultsActionData, status = 200): ResultsActionResult => ({ kind: "answer", data, status });

  switch (intent) {
    case "decide": {
      const nomination = await db.nomination.findFirst({
        where: { id: valueOf(values, "nominationId"), cycleId: cycle.id },
        select: { id: true, title: true },
      });
      if (!nomination) return { kind: "not-found" };
      const id = nomination.id;
      const prefixed = (errors: FieldErrors) => Object.fromEntries(Object.entries(errors).map(([k, v]) => [k === "form" ? "form" : `${k}-${id}`, v]));
      const parsed = parseDecisionForm({
        outcome: values[`outcome-${id}`],
        rationale: values[`rationale-${id}`],
        citation: values[`citation-${id}`],
        override: values[`override-${id}`],
      });
      if (!parsed.ok) return answer({ intent, nominationId: id, errors: prefixed(parsed.errors), values }, 400);
      const result = await setDecision(db, actor, id, parsed.input);
      if (!result.ok) return answer({ intent, nominationId: id, errors: prefixed(result.errors), values }, 400);
      const title = nominationTitle(nomination);
      const byOverride = result.to.override !== null ? ", by override (recorded in the audit trail)" : "";
      return done(
        result.changed ? `Decision saved: "${title}" - ${result.to.outcome}${byOverride}.` : `No change to the decision on "${title}".`,
        `#nomination-${id}`,
      );
    }
    case "lock": {
      const result = await decideResults(db, actor, cycle);
      if (!result.ok)
        return answer(
          {
            intent,
            errors: { form: result.message },
            undecided: result.undecided,
            unsupported: result.unsupported?.map((u) => ({ id: u.id, title: u.title, outcome: u.outcome, why: u.why })),
          },
          400,
        );
      return done(result.message, "#lifecycle");
    }
    case "unlock":
    case "reopen-judging":
    case "unpublish": {
      const reason = valueOf(values, "reason");
      const result =
        intent === "unlock"
          ? await unlockResults(db, actor, cycle, reason)
          : intent === "reopen-judging"
            ? await reopenJudging(db, actor, cycle, reason)
            : await unpublishResults(db, actor, cycle, reason);
      if (!result.ok) return answer({ intent, errors: result.errors ?? { form: result.message }, values }, 400);
      return done(result.message, "#lifecycle");
    }
    case "publish": {
      const result = await publishResults(db, actor, cycle, {
        confirmed: valueOf(values, "confirm") === "yes",
        beforeCeremony: valueOf(values, "beforeCeremony") === "yes",
      });
      if (!result.ok && result.ceremonyAhead) {
        // Not an error: a second question, answered with a second submit (works without JavaScript).
        return answer({ intent, errors: {}, beforeCeremony: { message: result.message, ceremonyAt: result.ceremonyAhead.ceremonyAt.toISOString() } });
      }
      if (!result.ok) return answer({ intent, errors: { form: result.message } }, 400);
      return done(result.message, "#lifecycle");
    }
    case "schedule-publication":
    case "cancel-scheduled-publication": {
      const result = intent === "schedule-publication" ? await schedulePublication(db, actor, cycle) : await cancelScheduledPublication(db, actor, cycle);
      if (!result.ok) return answer({ intent: "publish", errors: { form: result.message } }, 400);
      return done(result.message, "#lifecycle");
    }
    default: {
      // An unknown button: a decision's form comes back as it was typed, with the message.
      const errors = { form: "Something went wrong with that button. Reload the page and try again." };
      const nominationId = valueOf(values, "nominationId");
      if (nominationId) return answer({ intent: "decide", nominationId, errors, values }, 400);
      return answer({ intent, errors }, 400);
    }
  }
}
