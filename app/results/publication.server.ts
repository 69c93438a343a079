/**
 * Scheduled publication of the results (issue 19, item 5; docs/decisions/0055). An organiser
 * schedules publication for the ceremony's date and time; the background job publishes the
 * results when that time comes, once, however many server processes run it: the publishing is
 * one conditional update (still unpublished, still locked, still due), so only one process
 * ever changes the row and writes the audit event.
 */
import { can, type Actor } from "~/auth/permissions";
import { audit } from "~/audit/audit.server";
import type { Db } from "~/db/client.server";
import { every, type JobQueue } from "~/jobs/queue.server";
import { formatUkDateTime } from "~/utils/time";
import { ceremonyAhead } from "./publication";

export type ScheduleResult = { ok: true; message: string } | { ok: false; message: string };

async function loadCycle(db: Db, cycleId: string) {
  return db.awardCycle.findUnique({
    where: { id: cycleId },
    select: { id: true, slug: true, launchedAt: true, publishedAt: true, resultsDecidedAt: true, ceremonyAt: true, publishResultsAt: true },
  });
}

/** Schedules publication of the locked results for the ceremony's date and time. */
export async function schedulePublication(db: Db, actor: Actor, cycle: { id: string }, now = new Date()): Promise<ScheduleResult> {
  return db.$transaction(async (tx) => {
    const t = tx as unknown as Db;
    const current = await loadCycle(t, cycle.id);
    if (!current || !can(actor, { action: "cycle.manage", cycle: current }))
      return { ok: false as const, message: "Only the cycle's organisers can publish its results" };
    if (current.publishedAt) return { ok: false as const, message: "The results are already published" };
    if (!current.resultsDecidedAt) return { ok: false as const, message: "Decide the results (lock them) before scheduling their publication" };
    const at = ceremonyAhead(current.ceremonyAt, now);
    if (!at) return { ok: false as const, message: "The ceremony has no date still to come: publish the results now instead" };
    if (current.publishResultsAt?.getTime() === at.getTime())
      return { ok: true as const, message: `Publication is already scheduled for ${formatUkDateTime(at)}.` };
    await t.awardCycle.update({ where: { id: current.id }, data: { publishResultsAt: at } });
    await audit(t, {
      actorId: actor.userId,
      cycleId: current.id,
      action: "cycle.publication_scheduled",
      entityType: "AwardCycle",
      entityId: current.id,
      data: { slug: current.slug, at: at.toISOString(), was: current.publishResultsAt?.toISOString() ?? null },
    });
    return { ok: true as const, message: `Publication scheduled: the results will be published at the ceremony, ${formatUkDateTime(at)}.` };
  });
}

/** Cancels a scheduled publication; the results stay unpublished. */
export async function cancelScheduledPublication(db: Db, actor: Actor, cycle: { id: string }): Promise<ScheduleResult> {
  return db.$transaction(async (tx) => {
    const t = tx as unknown as Db;
    const current = await loadCycle(t, cycle.id);
    if (!current || !can(actor, { action: "cycle.manage", cycle: current }))
      return { ok: false as const, message: "Only the cycle's organisers can publish its results" };
    if (!current.publishResultsAt) return { ok: false as const, message: "No publication is scheduled" };
    await t.awardCycle.update({ where: { id: current.id }, data: { publishResultsAt: null } });
    await audit(t, {
      actorId: actor.userId,
      cycleId: current.id,
      action: "cycle.publication_unscheduled",
      entityType: "AwardCycle",
      entityId: current.id,
      data: { slug: current.slug, at: current.publishResultsAt.toISOString() },
    });
    return { ok: true as const, message: "Scheduled publication cancelled: the results stay unpublished." };
  });
}

/**
 * One tick of the job: publishes every cycle whose scheduled time has come. Returns the slugs
 * it published. Safe to run at once in several processes, and again and again: a cycle is
 * published by whichever tick's conditional update wins, and by none after that.
 */
export async function publishDueResults(db: Db, now = new Date()): Promise<string[]> {
  const due = await db.awardCycle.findMany({
    where: { publishResultsAt: { lte: now }, publishedAt: null, resultsDecidedAt: { not: null } },
    select: { id: true, slug: true },
  });
  const published: string[] = [];
  for (const cycle of due) {
    const done = await db.$transaction(async (tx) => {
      const t = tx as unknown as Db;
      const row = await t.awardCycle.findUnique({ where: { id: cycle.id }, select: { publishResultsAt: true } });
      const { count } = await t.awardCycle.updateMany({
        where: { id: cycle.id, publishedAt: null, resultsDecidedAt: { not: null }, publishResultsAt: { lte: now } },
        data: { publishedAt: now, publishResultsAt: null },
      });
      if (count !== 1) return false;
      // Published on the word of whoever scheduled it: theirs is the name in the audit trail.
      const scheduled = await t.auditEvent.findFirst({
        where: { cycleId: cycle.id, action: "cycle.publication_scheduled" },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        select: { actorId: true },
      });
      await audit(t, {
        actorId: scheduled?.actorId ?? null,
        cycleId: cycle.id,
        action: "cycle.published",
        entityType: "AwardCycle",
        entityId: cycle.id,
        data: { slug: cycle.slug, scheduled: true, scheduledFor: row?.publishResultsAt?.toISOString() ?? null },
      });
      return true;
    });
    if (done) published.push(cycle.slug);
  }
  return published;
}

/** How often the job looks for publication that is due. */
export const PUBLICATION_INTERVAL_MS = Number(process.env.PUBLICATION_INTERVAL_MS) || 60_000;
export const PUBLICATION_JOB = "publish-due-results";

/**
 * Scheduled publication, a recurring job (every minute; one run at a time across all the
 * servers): the first run, at start-up, publishes what fell due while the servers were down.
 */
export function startPublicationScheduler(db: Db, queue: JobQueue) {
  return every(queue, PUBLICATION_JOB, PUBLICATION_INTERVAL_MS, async () => {
    const slugs = await publishDueResults(db);
    for (const slug of slugs) console.log(`Results of ${slug} published, as scheduled.`);
    return { published: slugs };
  });
}
