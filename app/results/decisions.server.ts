/**
 * Outcome decisions and the results' lifecycle: set a nomination's outcome (a tier of the
 * cycle, or not awarded) with a rationale; lock the results ("Results decided"); unlock
 * with a reason; publish (a separate, confirmed step, only once decided); unpublish with a
 * reason. Every change is in the audit trail (AuditEvent: who, when, old -> new).
 *
 * Rules (enforced here, not by hidden buttons):
 * - only the cycle's organisers (or site admins) may do any of it;
 * - a decision needs a rationale; the tier must be one of this cycle's;
 * - decisions are only for counted nominations (submitted or eligible; see results.server.ts);
 * - while the results are decided (locked), no decision can change: unlock first;
 * - an award (any outcome but not awarded) needs an eligible nomination with at least the
 *   cycle's minimum of submitted reviews, or an override with a reason (app/results/award-rules.ts);
 * - the results can be locked only when every counted nomination has a decision and every
 *   award passes that rule or carries its override;
 * - publishing needs the results decided and an explicit confirmation;
 * - unlocking is refused while published (unpublish first), so published results never
 *   change underneath the public page;
 * - once any partner has been told the results, unlocking is a correction: judging stays
 *   closed (judgingClosedAt) unless the organiser reopens it on purpose (reopenJudging), and
 *   a changed outcome is sent as a correction to the partners told (docs/decisions/0053).
 */
import { z } from "zod";
import { can, type Actor } from "~/auth/permissions";
import { audit } from "~/audit/audit.server";
import type { AuditAction } from "~/audit/vocabulary";
import { judgingOpen } from "~/cycles/phase";
import type { Db } from "~/db/client.server";
import type { FieldErrors } from "~/forms/validate";
import { formatUkDateTime } from "~/utils/time";
import { checkAward, describeShortfalls, unsupportedAwards, type UnsupportedAward } from "./award-rules";
import { CITATION_MAX, NOT_AWARDED, RATIONALE_MAX } from "./format";
import { beforeCeremonyMessage, ceremonyAhead } from "./publication";
import { COUNTED, isCounted, statusIn } from "~/nominations/status";
import { nominationTitle } from "~/nominations/title";
import { lockRow } from "~/db/locks.server";

export const REASON_MAX = 1000;
export { CITATION_MAX, NOT_AWARDED, RATIONALE_MAX };

export type DecisionInput = {
  /** null: not awarded */
  outcomeTierId: string | null;
  rationale: string;
  /** one line read out at the ceremony; optional */
  citation?: string;
  /**
   * Why to award it although the judging does not support an award (not eligible, or too few
   * submitted reviews). Ignored (and any earlier override cleared) when it is not needed.
   */
  overrideReason?: string;
};

export type DecisionSnapshot = {
  outcomeTierId: string | null;
  outcome: string;
  rationale: string;
  citation: string;
  /** the override's reason, when the award stands only by it */
  override: string | null;
};

export type SetDecisionResult =
  { ok: true; decisionId: string; changed: boolean; from: DecisionSnapshot | null; to: DecisionSnapshot } | { ok: false; message: string; errors: FieldErrors };

export type LifecycleResult =
  | { ok: true; message: string }
  | {
      ok: false;
      message: string;
      errors?: FieldErrors;
      undecided?: { id: string; title: string }[];
      /** publishing was asked for before the ceremony: the organiser confirms again, or schedules it (issue 19, item 5) */
      ceremonyAhead?: { ceremonyAt: Date };
      /** awards the judging does not support and no override covers (issue 19, item 1) */
      unsupported?: (UnsupportedAward & { why: string })[];
    };

/** The decision form's fields, as typed: `outcome` is a tier id or "none". */
export const decisionFormSchema = z.object({
  outcome: z.string({ error: "Choose an outcome, or Not awarded" }).trim().min(1, "Choose an outcome, or Not awarded").max(100),
  rationale: z
    .string({ error: "Enter the reasons for this outcome" })
    .trim()
    .min(1, "Enter the reasons for this outcome")
    .max(RATIONALE_MAX, `The reasons must be ${RATIONALE_MAX} characters or fewer`),
  citation: z
    .string()
    .trim()
    .max(CITATION_MAX, `The citation must be ${CITATION_MAX} characters or fewer`)
    .refine((v) => !/[\r\n]/.test(v), "The citation must be one line")
    .optional()
    .default(""),
  override: z.string().trim().max(REASON_MAX, `The reason for the override must be ${REASON_MAX} characters or fewer`).optional().default(""),
});

export const reasonSchema = z.object({
  reason: z.string({ error: "Enter the reason" }).trim().min(1, "Enter the reason").max(REASON_MAX, `The reason must be ${REASON_MAX} characters or fewer`),
});

/** Form values -> a DecisionInput ("none" is not awarded), or the errors by field. */
export function parseDecisionForm(values: Record<string, unknown>): { ok: true; input: DecisionInput } | { ok: false; errors: FieldErrors } {
  const parsed = decisionFormSchema.safeParse(values);
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message;
    return { ok: false, errors };
  }
  const { outcome, rationale, citation, override } = parsed.data;
  return { ok: true, input: { outcomeTierId: outcome === NOT_AWARDED ? null : outcome, rationale, citation, overrideReason: override } };
}

class Refused extends Error {
  constructor(
    message: string,
    readonly errors: FieldErrors = {},
  ) {
    super(message);
  }
}

type CycleFacts = { id: string; launchedAt: Date | null; publishedAt: Date | null };

function requireManage(actor: Actor, cycle: CycleFacts) {
  if (!can(actor, { action: "cycle.manage", cycle })) throw new Refused("Only the cycle's organisers can decide outcomes");
}

export const LOCKED_MESSAGE = "The results are decided, so outcomes cannot change. Unlock the results first (the unlocking is recorded).";

/**
 * Submitted reviews that count (judges without a conflict), per nomination: what the award
 * rule weighs. Nominations with none are absent.
 */
export async function countedReviews(db: Db, nominationIds: readonly string[]): Promise<Map<string, number>> {
  if (nominationIds.length === 0) return new Map();
  const rows = await db.assignment.groupBy({
    by: ["nominationId"],
    where: { nominationId: { in: [...nominationIds] }, conflict: "none", review: { is: { status: "submitted" } } },
    _count: { _all: true },
  });
  return new Map(rows.map((r) => [r.nominationId, r._count._all]));
}

/**
 * Sets (or changes) a nomination's outcome. Audited as "decision.set" with the old and new
 * outcome, rationale and citation; who and when are the event's actor and time. Saving
 * exactly what is already there changes nothing and records nothing.
 */
export async function setDecision(
  db: Db,
  actor: Actor,
  nomination: string | { id: string },
  input: DecisionInput,
  now = new Date(),
): Promise<SetDecisionResult> {
  const nominationId = typeof nomination === "string" ? nomination : nomination.id;
  const rationale = (input.rationale ?? "").trim();
  const citation = (input.citation ?? "").trim();
  const fieldProblems: FieldErrors = {};
  if (!rationale) fieldProblems.rationale = "Enter the reasons for this outcome";
  else if (rationale.length > RATIONALE_MAX) fieldProblems.rationale = `The reasons must be ${RATIONALE_MAX} characters or fewer`;
  if (citation.length > CITATION_MAX) fieldProblems.citation = `The citation must be ${CITATION_MAX} characters or fewer`;
  else if (/[\r\n]/.test(citation)) fieldProblems.citation = "The citation must be one line";
  const overrideReason = (input.overrideReason ?? "").trim();
  if (overrideReason.length > REASON_MAX) fieldProblems.override = `The reason for the override must be ${REASON_MAX} characters or fewer`;
  if (Object.keys(fieldProblems).length) return { ok: false, message: "Check the decision", errors: fieldProblems };

  try {
    return await db.$transaction(async (tx) => {
      await lockRow(tx, "Nomination", nominationId);
      const row = await tx.nomination.findUnique({
        where: { id: nominationId },
        select: {
          id: true,
          title: true,
          status: true,
          cycle: { select: { id: true, launchedAt: true, publishedAt: true, resultsDecidedAt: true, minJudgesPerNomination: true } },
          decision: {
            select: {
              id: true,
              outcomeTierId: true,
              rationale: true,
              citation: true,
              overrideReason: true,
              overriddenById: true,
              overriddenAt: true,
              outcomeTier: { select: { name: true } },
            },
          },
        },
      });
      if (!row) throw new Refused("There is no such nomination");
      requireManage(actor, row.cycle);
      if (!isCounted(row.status)) {
        throw new Refused(`"${row.title}" is ${row.status.replace("_", " ")}, so it cannot be given an outcome`);
      }
      if (row.cycle.resultsDecidedAt) throw new Refused(LOCKED_MESSAGE);

      let tierName = "Not awarded";
      if (input.outcomeTierId !== null) {
        const tier = await tx.outcomeTier.findFirst({ where: { id: input.outcomeTierId, cycleId: row.cycle.id }, select: { name: true } });
        if (!tier) throw new Refused("Choose one of this cycle's outcomes, or Not awarded", { outcome: "Choose one of this cycle's outcomes, or Not awarded" });
        tierName = tier.name;
      }

      // No award without judging, unless the organiser says why (issue 19, item 1).
      const submittedReviews = (await countedReviews(tx as unknown as Db, [row.id])).get(row.id) ?? 0;
      const check = checkAward({
        outcomeTierId: input.outcomeTierId,
        facts: { status: row.status, submittedReviews },
        minReviews: row.cycle.minJudgesPerNomination,
        overrideReason,
      });
      if (!check.ok) {
        const why = describeShortfalls(check.shortfalls);
        throw new Refused(`"${nominationTitle(row)}" cannot be given ${tierName} as it stands: ${why}.`, {
          outcome: `${tierName} needs an eligible nomination with at least ${row.cycle.minJudgesPerNomination} submitted ${row.cycle.minJudgesPerNomination === 1 ? "review" : "reviews"}: ${why}. Choose Not awarded, or give the reason to award it anyway.`,
          override: "To award it anyway, give the reason for the override (recorded in the audit trail and shown on this page)",
        });
      }
      const override = check.overridden ? overrideReason : null;

      const from: DecisionSnapshot | null = row.decision
        ? {
            outcomeTierId: row.decision.outcomeTierId,
            outcome: row.decision.outcomeTier?.name ?? "Not awarded",
            rationale: row.decision.rationale,
            citation: row.decision.citation,
            override: row.decision.overrideReason,
          }
        : null;
      const to: DecisionSnapshot = { outcomeTierId: input.outcomeTierId, outcome: tierName, rationale, citation, override };
      if (
        from &&
        from.outcomeTierId === to.outcomeTierId &&
        from.rationale === to.rationale &&
        from.citation === to.citation &&
        from.override === to.override
      ) {
        return { ok: true as const, decisionId: row.decision!.id, changed: false, from, to };
      }

      // The same override kept keeps who made it and when; a new reason is a new override.
      const keptOverride = override !== null && row.decision?.overrideReason === override;
      const data = {
        outcomeTierId: input.outcomeTierId,
        rationale,
        citation,
        decidedById: actor.userId,
        decidedAt: now,
        overrideReason: override,
        overriddenById: override === null ? null : keptOverride ? row.decision!.overriddenById : actor.userId,
        overriddenAt: override === null ? null : keptOverride ? row.decision!.overriddenAt : now,
      };
      const decision = await tx.decision.upsert({
        where: { nominationId: row.id },
        create: { nominationId: row.id, ...data },
        update: data,
        select: { id: true },
      });
      await audit(tx as unknown as Db, {
        actorId: actor.userId,
        cycleId: row.cycle.id,
        action: "decision.set",
        entityType: "Decision",
        entityId: decision.id,
        data: {
          nominationId: row.id,
          title: row.title,
          outcome: to.outcome,
          rationale,
          citation,
          from,
          to,
          ...(override !== null ? { override: { reason: override, shortfalls: describeShortfalls(check.shortfalls) } } : {}),
        },
      });
      return { ok: true as const, decisionId: decision.id, changed: true, from, to };
    });
  } catch (error) {
    if (error instanceof Refused) return { ok: false, message: error.message, errors: { form: error.message, ...error.errors } };
    throw error;
  }
}

async function loadCycle(db: Db, cycleId: string) {
  const cycle = await db.awardCycle.findUnique({
    where: { id: cycleId },
    select: {
      id: true,
      slug: true,
      launchedAt: true,
      publishedAt: true,
      resultsDecidedAt: true,
      resultsSentAt: true,
      judgingClosedAt: true,
      judgingOpenAt: true,
      judgingCloseAt: true,
      nominationsOpenAt: true,
      nominationsCloseAt: true,
      ceremonyAt: true,
      publishResultsAt: true,
    },
  });
  if (!cycle) throw new Refused("There is no such cycle");
  return cycle;
}

async function lifecycle(fn: () => Promise<LifecycleResult>): Promise<LifecycleResult> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof Refused) return { ok: false, message: error.message, errors: Object.keys(error.errors).length ? error.errors : undefined };
    throw error;
  }
}

/** Counted nominations of the cycle that have no decision yet, by title. */
export async function listUndecided(db: Db, cycleId: string) {
  return db.nomination.findMany({
    where: { cycleId, status: statusIn(COUNTED), decision: { is: null } },
    orderBy: [{ category: { position: "asc" } }, { title: "asc" }],
    select: { id: true, title: true },
  });
}

/**
 * Awards of the cycle the judging does not support and no override covers, in display order,
 * each with why in words: what stops the results being locked.
 */
export async function listUnsupportedAwards(db: Db, cycleId: string): Promise<(UnsupportedAward & { why: string })[]> {
  const [cycle, awards] = await Promise.all([
    db.awardCycle.findUniqueOrThrow({ where: { id: cycleId }, select: { minJudgesPerNomination: true } }),
    db.decision.findMany({
      where: { nomination: { cycleId, status: statusIn(COUNTED) }, outcomeTierId: { not: null } },
      orderBy: [{ nomination: { category: { position: "asc" } } }, { nomination: { title: "asc" } }],
      select: {
        outcomeTierId: true,
        overrideReason: true,
        outcomeTier: { select: { name: true } },
        nomination: { select: { id: true, title: true, status: true } },
      },
    }),
  ]);
  const reviews = await countedReviews(
    db,
    awards.map((a) => a.nomination.id),
  );
  return unsupportedAwards(
    awards.map((a) => ({
      id: a.nomination.id,
      title: nominationTitle(a.nomination),
      outcome: a.outcomeTier?.name ?? "an award",
      outcomeTierId: a.outcomeTierId,
      overrideReason: a.overrideReason,
      facts: { status: a.nomination.status, submittedReviews: reviews.get(a.nomination.id) ?? 0 },
    })),
    cycle.minJudgesPerNomination,
  ).map((u) => ({ ...u, why: describeShortfalls(u.shortfalls) }));
}

type LoadedCycle = Awaited<ReturnType<typeof loadCycle>>;

/** What a lifecycle step changes on the cycle, how the audit trail records it, and what the organiser is told. */
type CycleChange = {
  data: { resultsDecidedAt?: Date | null; publishedAt?: Date | null; judgingClosedAt?: Date | null; publishResultsAt?: Date | null };
  action: AuditAction;
  auditData: Record<string, unknown>;
  message: string;
};

/**
 * One step of the results' lifecycle, in one transaction: read the cycle again, check the
 * actor organises it, let `decide` refuse (throw Refused, or return a refusal) or say what
 * changes, then change the cycle and record it in the audit trail with the same facts.
 */
async function changeCycle(
  db: Db,
  actor: Actor,
  cycleId: string,
  decide: (t: Db, current: LoadedCycle) => Promise<CycleChange | Extract<LifecycleResult, { ok: false }>>,
): Promise<LifecycleResult> {
  return lifecycle(() =>
    db.$transaction(async (tx) => {
      const t = tx as unknown as Db;
      const current = await loadCycle(t, cycleId);
      requireManage(actor, current);
      const change = await decide(t, current);
      if ("ok" in change) return change;
      await t.awardCycle.update({ where: { id: current.id }, data: change.data });
      await audit(t, {
        actorId: actor.userId,
        cycleId: current.id,
        action: change.action,
        entityType: "AwardCycle",
        entityId: current.id,
        data: { slug: current.slug, ...change.auditData },
      });
      return { ok: true as const, message: change.message };
    }),
  );
}

/**
 * "Results decided": locks every decision. Refused while any counted nomination has no
 * decision (the message lists them) or when there is nothing to decide.
 */
export async function decideResults(db: Db, actor: Actor, cycle: { id: string }, now = new Date()): Promise<LifecycleResult> {
  return changeCycle(db, actor, cycle.id, async (t, current) => {
    if (current.resultsDecidedAt) throw new Refused("The results are already decided");
    const counted = await t.nomination.count({ where: { cycleId: current.id, status: statusIn(COUNTED) } });
    if (counted === 0) throw new Refused("There are no nominations to decide");
    const undecided = await listUndecided(t, current.id);
    if (undecided.length > 0) {
      const names = undecided.slice(0, 10).map((n) => `"${n.title}"`);
      const more = undecided.length > 10 ? ` and ${undecided.length - 10} more` : "";
      return {
        ok: false as const,
        message: `The results cannot be locked yet: ${undecided.length} ${undecided.length === 1 ? "nomination has" : "nominations have"} no outcome: ${names.join(", ")}${more}. Give each an outcome (or Not awarded) first.`,
        undecided,
      };
    }
    const unsupported = await listUnsupportedAwards(t, current.id);
    if (unsupported.length > 0) {
      const named = unsupported.slice(0, 10).map((a) => `"${a.title}" (${a.outcome}: ${a.why})`);
      const more = unsupported.length > 10 ? ` and ${unsupported.length - 10} more` : "";
      return {
        ok: false as const,
        message: `The results cannot be locked yet: ${unsupported.length === 1 ? "1 award is" : `${unsupported.length} awards are`} not supported by the judging: ${named.join("; ")}${more}. Change each outcome to Not awarded, or record the reason to award it anyway (an override).`,
        unsupported,
      };
    }
    const awards = await t.decision.findMany({
      where: { nomination: { cycleId: current.id, status: statusIn(COUNTED) }, outcomeTierId: { not: null } },
      select: { nominationId: true, overrideReason: true },
    });
    const overridden = awards.filter((a) => a.overrideReason !== null).map((a) => a.nominationId);
    return {
      data: { resultsDecidedAt: now },
      action: "cycle.results_decided",
      auditData: { nominations: counted, awarded: awards.length, overridden },
      message: "Results decided: the outcomes are locked.",
    };
  });
}

/** How many results emails (or corrections) have reached the cycle's partners: any means they were told. */
export async function partnersToldCount(db: Db, cycleId: string): Promise<number> {
  return db.emailMessage.count({
    where: {
      cycleId,
      status: "sent",
      OR: [{ idempotencyKey: { startsWith: `results:${cycleId}:` } }, { idempotencyKey: { startsWith: `results-correction:${cycleId}:` } }],
    },
  });
}

/**
 * Unlocks decided results so outcomes can change again. A reason is required and recorded.
 * Once any partner has been told the results, the unlocking is a correction: judging stays
 * closed (judgingClosedAt) until the organiser reopens it on purpose (reopenJudging).
 * Refused while results emails are still waiting to go, so no partner is told an outcome
 * that is being changed underneath the send.
 */
export async function unlockResults(db: Db, actor: Actor, cycle: { id: string }, reason: string, now = new Date()): Promise<LifecycleResult> {
  const parsed = reasonSchema.safeParse({ reason });
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0].message, errors: { reason: parsed.error.issues[0].message } };
  return changeCycle(db, actor, cycle.id, async (t, current) => {
    if (!current.resultsDecidedAt) throw new Refused("The results are not locked");
    if (current.publishedAt)
      throw new Refused("The results are published. Unpublish them before unlocking, so the public page never changes underneath its readers.");
    const waiting = await t.emailMessage.count({
      where: {
        cycleId: current.id,
        status: { in: ["queued", "sending"] },
        OR: [{ idempotencyKey: { startsWith: `results:${current.id}:` } }, { idempotencyKey: { startsWith: `results-correction:${current.id}:` } }],
      },
    });
    if (waiting > 0) {
      throw new Refused(
        `${waiting} results ${waiting === 1 ? "email is" : "emails are"} still waiting to be sent. Let the sending finish (see the Emails page), then unlock.`,
      );
    }
    const told = await partnersToldCount(t, current.id);
    // Told by email, or marked as sent (results sent before the outbox recorded them count too).
    const correction = told > 0 || !!current.resultsSentAt;
    // A scheduled publication was of the locked results: unlocking cancels it (lock and schedule again).
    const cancelled = current.publishResultsAt ? " The scheduled publication is cancelled." : "";
    return {
      data: { resultsDecidedAt: null, publishResultsAt: null, ...(correction ? { judgingClosedAt: now } : {}) },
      action: "cycle.results_unlocked",
      auditData: {
        reason: parsed.data.reason,
        decidedAt: current.resultsDecidedAt,
        resultsSentAt: current.resultsSentAt,
        publishResultsAt: current.publishResultsAt,
        correction,
        emailsSent: told,
      },
      message:
        (correction
          ? "Results unlocked for a correction: outcomes can be changed. Judging stays closed, because the partners have been told. When you lock the results again, send any changed outcome from the Emails page as a correction."
          : "Results unlocked: outcomes can be changed again.") + cancelled,
    };
  });
}

/**
 * Reopens judging while results unlocked for a correction are open again: a separate,
 * deliberate choice with its own reason (judges can then change their scores again).
 * Refused when judging would stay closed anyway by its dates: move the dates first.
 */
export async function reopenJudging(db: Db, actor: Actor, cycle: { id: string }, reason: string, now = new Date()): Promise<LifecycleResult> {
  const parsed = reasonSchema.safeParse({ reason });
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0].message, errors: { reason: parsed.error.issues[0].message } };
  return changeCycle(db, actor, cycle.id, async (_t, current) => {
    if (current.resultsDecidedAt) throw new Refused("The results are locked, so judging cannot reopen. Unlock the results first.");
    if (!current.judgingClosedAt) throw new Refused("Judging has not been closed by a correction, so there is nothing to reopen.");
    if (!judgingOpen({ ...current, judgingClosedAt: null }, now)) {
      throw new Refused(
        current.judgingCloseAt
          ? `Judging closed on ${formatUkDateTime(current.judgingCloseAt)} by its own date. Move the judging close date in the cycle's settings first, then reopen judging.`
          : "Judging would still be closed by its dates. Check the judging dates in the cycle's settings first.",
      );
    }
    return {
      data: { judgingClosedAt: null },
      action: "cycle.judging_reopened",
      auditData: { reason: parsed.data.reason, closedAt: current.judgingClosedAt },
      message: "Judging reopened: judges can change their scores again until you lock the results.",
    };
  });
}

/**
 * Publishes decided results: /cycles/:slug/results becomes public. Needs `confirmed`; before
 * the ceremony it also needs `beforeCeremony`, because the results email told every partner
 * the results are confidential until the ceremony (otherwise the refusal carries
 * `ceremonyAhead`, and the page asks again). Any scheduled publication is then done with.
 */
export async function publishResults(
  db: Db,
  actor: Actor,
  cycle: { id: string },
  options: { confirmed: boolean; beforeCeremony?: boolean },
  now = new Date(),
): Promise<LifecycleResult> {
  return changeCycle(db, actor, cycle.id, async (_t, current) => {
    if (current.publishedAt) throw new Refused("The results are already published");
    if (!current.resultsDecidedAt) throw new Refused("Decide the results (lock them) before publishing");
    if (!options.confirmed) throw new Refused("Confirm that you want to publish the results");
    const ahead = ceremonyAhead(current.ceremonyAt, now);
    if (ahead && !options.beforeCeremony) return { ok: false as const, message: beforeCeremonyMessage(ahead), ceremonyAhead: { ceremonyAt: ahead } };
    return {
      data: { publishedAt: now, publishResultsAt: null },
      action: "cycle.published",
      auditData: ahead ? { beforeCeremony: true, ceremonyAt: ahead } : {},
      message: ahead ? "Results published before the ceremony: anyone can now read them." : "Results published: anyone can now read them.",
    };
  });
}

/** Takes published results off the public site. A reason is required and recorded. */
export async function unpublishResults(db: Db, actor: Actor, cycle: { id: string }, reason: string): Promise<LifecycleResult> {
  const parsed = reasonSchema.safeParse({ reason });
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0].message, errors: { reason: parsed.error.issues[0].message } };
  return changeCycle(db, actor, cycle.id, async (_t, current) => {
    if (!current.publishedAt) throw new Refused("The results are not published");
    return {
      data: { publishedAt: null },
      action: "cycle.unpublished",
      auditData: { reason: parsed.data.reason, publishedAt: current.publishedAt },
      message: "Results unpublished: only organisers can see them now.",
    };
  });
}

/** Audit actions shown in the moderation page's trail. */
export const RESULTS_AUDIT_ACTIONS = [
  "decision.set",
  "cycle.results_decided",
  "cycle.results_unlocked",
  "cycle.judging_reopened",
  "cycle.published",
  "cycle.unpublished",
  "cycle.publication_scheduled",
  "cycle.publication_unscheduled",
] as const;

export type ResultsAuditEntry = {
  id: string;
  action: string;
  at: Date;
  actorName: string | null;
  /** in words: "Commendation (was Not awarded)" */
  summary: string;
  nominationId: string | null;
  title: string | null;
  rationale: string | null;
  reason: string | null;
  /** decision.set by an override: its reason */
  override: string | null;
};

function parseData(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const str = (v: unknown) => (typeof v === "string" ? v : null);

/** The audit trail of decisions and the results' lifecycle, newest first. */
export async function loadResultsAudit(db: Db, cycleId: string, limit = 200): Promise<ResultsAuditEntry[]> {
  const events = await db.auditEvent.findMany({
    where: { cycleId, action: { in: [...RESULTS_AUDIT_ACTIONS] } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, action: true, createdAt: true, data: true, actor: { select: { name: true, email: true } } },
  });
  return events.map((e) => {
    const data = parseData(e.data);
    const to = (data.to && typeof data.to === "object" ? data.to : null) as Record<string, unknown> | null;
    const from = (data.from && typeof data.from === "object" ? data.from : null) as Record<string, unknown> | null;
    let summary: string;
    switch (e.action) {
      case "decision.set": {
        const outcome = str(to?.outcome) ?? str(data.outcome) ?? "Not awarded";
        summary = from ? `${outcome} (was ${str(from.outcome) ?? "Not awarded"})` : outcome;
        if (str(to?.override))
          summary += `, by override: ${str((data.override as Record<string, unknown> | undefined)?.shortfalls) ?? "not supported by the judging"}`;
        break;
      }
      case "cycle.results_decided":
        summary = "Results decided (locked)";
        break;
      case "cycle.results_unlocked":
        summary = data.correction === true ? "Results unlocked for a correction (judging stays closed)" : "Results unlocked";
        break;
      case "cycle.judging_reopened":
        summary = "Judging reopened";
        break;
      case "cycle.published":
        summary = data.scheduled ? "Results published, as scheduled" : data.beforeCeremony ? "Results published before the ceremony" : "Results published";
        break;
      case "cycle.publication_scheduled":
        summary = `Publication scheduled for ${formatUkDateTime(typeof data.at === "string" ? new Date(data.at) : null)}`;
        break;
      case "cycle.publication_unscheduled":
        summary = "Scheduled publication cancelled";
        break;
      case "cycle.unpublished":
        summary = "Results unpublished";
        break;
      default:
        summary = e.action;
    }
    return {
      id: e.id,
      action: e.action,
      at: e.createdAt,
      actorName: e.actor ? e.actor.name?.trim() || e.actor.email : null,
      summary,
      nominationId: str(data.nominationId),
      title: str(data.title),
      rationale: e.action === "decision.set" ? (str(to?.rationale) ?? str(data.rationale)) : null,
      reason: str(data.reason),
      override: e.action === "decision.set" ? str(to?.override) : null,
    };
  });
}
