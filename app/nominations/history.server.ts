/**
 * What happened to one nomination, for its organisers' page
 * (/admin/cycles/:slug/nominations/:id): each partner's confirmation state, the audit trail of
 * the nomination, its partners and its files in words, and the emails sent about it.
 */
import type { Db } from "~/db/client.server";
import { MODERATION_ACTION_LABELS } from "~/nominations/moderation.server";
import { formatUkDateTime } from "~/utils/time";

const HISTORY_LABELS: Record<string, string> = {
  "nomination.created": "Started",
  "nomination.started": "Started",
  "nomination.updated": "Changed",
  "nomination.edited": "Changed after it was submitted",
  "nomination.awaiting_partner": "Sent to the partner to confirm",
  "nomination.confirmation_requested": "Partner asked to confirm",
  "nomination.confirmed": "Confirmed by the partner",
  "nomination.partner_confirmed": "Confirmed by a lead partner",
  "nomination.section_saved": "Changed",
  "nomination.changes_requested": "Partner asked for changes",
  "nomination.submitted": "Submitted",
  "nomination.withdrawn": "Withdrawn",
  ...MODERATION_ACTION_LABELS,
};

function describeAction(action: string): string {
  if (HISTORY_LABELS[action]) return HISTORY_LABELS[action];
  const words = action.split(".").slice(1).join(" ").replace(/[_-]+/g, " ").trim() || action;
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function historyDetail(data: string): string | null {
  try {
    const d = JSON.parse(data) as Record<string, unknown>;
    if (typeof d.reason === "string" && d.reason) return `Reason: ${d.reason}`;
    if (typeof d.comment === "string" && d.comment) return `Comment: ${d.comment}`;
    if (typeof d.until === "string" && d.until) return `Until ${formatUkDateTime(new Date(d.until))}`;
    if (typeof d.previous === "string" && d.previous) return `It was until ${formatUkDateTime(new Date(d.previous))}`;
  } catch {
    // not JSON: nothing to add
  }
  return null;
}

/** The nomination's history, newest emails first and the trail oldest first, as plain JSON. */
export async function nominationHistory(db: Db, nominationId: string) {
  const [partnerStates, attachmentIds, emails] = await Promise.all([
    db.nominationPartner.findMany({
      where: { nominationId },
      orderBy: [{ position: "asc" }, { createdAt: "asc" }],
      select: { id: true, confirmationRequestedAt: true, confirmedAt: true, changesRequestedAt: true, changesComment: true },
    }),
    db.attachment.findMany({ where: { nominationId }, select: { id: true } }),
    db.emailMessage.findMany({
      where: { nominationId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 100,
      select: { id: true, toEmail: true, subject: true, status: true, createdAt: true },
    }),
  ]);
  const events = await db.auditEvent.findMany({
    where: {
      OR: [
        // The nominators' own steps (confirmed, changes asked for, withdrawn with its reason) are recorded as "nomination".
        { entityType: "Nomination", entityId: nominationId },
        { entityType: "NominationPartner", entityId: { in: partnerStates.map((p) => p.id) } },
        { entityType: "Attachment", entityId: { in: attachmentIds.map((a) => a.id) } },
      ],
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 500,
    include: { actor: { select: { name: true, email: true } } },
  });
  return {
    confirmation: Object.fromEntries(
      partnerStates.map((p) => [
        p.id,
        {
          requestedAt: p.confirmationRequestedAt?.toISOString() ?? null,
          confirmedAt: p.confirmedAt?.toISOString() ?? null,
          changesRequestedAt: p.changesRequestedAt?.toISOString() ?? null,
          changesComment: p.changesComment,
        },
      ]),
    ),
    history: events.map((e) => ({
      id: e.id,
      at: e.createdAt.toISOString(),
      label: describeAction(e.action),
      detail: historyDetail(e.data),
      who: e.actor ? e.actor.name || e.actor.email : null,
    })),
    emails: emails.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })),
  };
}
