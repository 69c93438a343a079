/**
 * The judge's queue (/judge): every assignment of the cycles they judge, grouped by cycle,
 * with what is left to do (judgeWorkload, app/judging/workload.ts).
 */
import { type Actor } from "~/auth/permissions";
import { judgingOpen, judgingOpensAt } from "~/cycles/phase";
import { type Db } from "~/db/client.server";
import { judgeWorkload } from "./workload";
import { nominationTitle } from "~/nominations/title";
import { CYCLE_SELECT, judgingClosedMessage, type CycleForJudging } from "./reviews.server";
import { type QueueStatus } from "./scoring";

export function queueStatusOf(a: { conflict: string; review: { status: string } | null }): QueueStatus {
  if (a.conflict !== "none") return "conflict_declared";
  if (!a.review) return "not_started";
  return a.review.status === "submitted" ? "submitted" : "draft";
}

/**
 * The judge's assignments in every cycle they judge, grouped by cycle then category.
 * Their work (judgeWorkload) and the conflicts they declared; detected conflicts are left out
 * entirely (the judge never sees those nominations).
 */
export async function judgeQueue(db: Db, actor: Actor, now = new Date()) {
  const cycleIds = [...new Set(actor.roles.filter((r) => r.role === "judge").map((r) => r.cycleId))];
  if (cycleIds.length === 0) return [];
  const [cycles, assignments] = await Promise.all([
    db.awardCycle.findMany({ where: { id: { in: cycleIds } }, select: CYCLE_SELECT }),
    db.assignment.findMany({
      where: judgeWorkload({ judgeId: actor.userId, cycleId: { in: cycleIds } }, { withDeclaredConflicts: true }),
      select: {
        id: true,
        cycleId: true,
        conflict: true,
        openedAt: true,
        nomination: { select: { id: true, title: true, category: { select: { id: true, name: true, position: true } } } },
        review: { select: { status: true, updatedAt: true } },
      },
    }),
  ]);

  const groups = cycles.map((cycle: CycleForJudging) => {
    const mine = assignments.filter((a) => a.cycleId === cycle.id);
    const items = mine.map((a) => ({
      id: a.id,
      title: nominationTitle(a.nomination),
      categoryId: a.nomination.category?.id ?? "",
      categoryName: a.nomination.category?.name ?? "No category",
      categoryPosition: a.nomination.category?.position ?? Number.MAX_SAFE_INTEGER,
      status: queueStatusOf(a),
      updatedAt: a.review?.updatedAt.toISOString() ?? null,
    }));
    items.sort(
      (x, y) =>
        x.categoryPosition - y.categoryPosition || x.categoryName.localeCompare(y.categoryName) || x.title.localeCompare(y.title) || (x.id < y.id ? -1 : 1),
    );
    const categories: { id: string; name: string; items: typeof items; scored: number; toScore: number }[] = [];
    for (const item of items) {
      let group = categories.find((c) => c.id === item.categoryId);
      if (!group) categories.push((group = { id: item.categoryId, name: item.categoryName, items: [], scored: 0, toScore: 0 }));
      group.items.push(item);
      if (item.status !== "conflict_declared") group.toScore += 1;
      if (item.status === "submitted") group.scored += 1;
    }
    const toScore = items.filter((i) => i.status !== "conflict_declared").length;
    const scored = items.filter((i) => i.status === "submitted").length;
    const open = judgingOpen(cycle, now);
    return {
      cycle: { id: cycle.id, slug: cycle.slug, name: cycle.name },
      judgingOpen: open,
      judgingOpensAt: judgingOpensAt(cycle).toISOString(),
      judgingCloseAt: cycle.judgingCloseAt ? cycle.judgingCloseAt.toISOString() : null,
      closedMessage: open ? null : judgingClosedMessage(cycle, now),
      finished: !open && now.getTime() >= judgingOpensAt(cycle).getTime(),
      scored,
      toScore,
      drafts: items.filter((i) => i.status === "draft").length,
      categories: categories.map(({ id, name, items, scored, toScore }) => ({
        id,
        name,
        scored,
        toScore,
        items: items.map(({ id, title, status, updatedAt }) => ({ id, title, status, updatedAt })),
      })),
    };
  });
  // Cycles being judged now first, then those not yet open, then finished ones; newest first within each.
  const rank = (g: (typeof groups)[number]) => (g.judgingOpen ? 0 : g.finished ? 2 : 1);
  groups.sort((a, b) => rank(a) - rank(b) || b.judgingOpensAt.localeCompare(a.judgingOpensAt));
  return groups;
}
