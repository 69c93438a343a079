/** Writes the audit trail in its one vocabulary (./vocabulary, docs/decisions/0062). */
import type { AuditAction, AuditEntity } from "./vocabulary";

export type AuditEntry = {
  actorId?: string | null;
  cycleId?: string | null;
  action: AuditAction;
  entityType: AuditEntity;
  entityId: string;
  data?: unknown;
};

/** The stored row of an entry: for writers that batch it with other writes. */
export function auditRow(event: AuditEntry) {
  return {
    actorId: event.actorId ?? null,
    cycleId: event.cycleId ?? null,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    data: JSON.stringify(event.data ?? {}),
  };
}

/** Anything that can write an AuditEvent: the client, an extended client or a transaction. */
type AuditWriter = { auditEvent: { create(args: { data: ReturnType<typeof auditRow> }): PromiseLike<unknown> } };

/** Record who changed what: every state change is in the audit trail. */
export async function audit(db: AuditWriter, event: AuditEntry) {
  await db.auditEvent.create({ data: auditRow(event) });
}
