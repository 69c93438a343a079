/**
 * What the set-up functions of a cycle share (app/cycles/setup.server.ts, categories.server.ts,
 * criteria.server.ts, tiers.server.ts, people.server.ts): the cycle they change, their result
 * value, the permission check, the audit record in the same transaction, and reordering.
 */
import { NotAllowedError } from "~/auth/not-allowed";
import { can, type Actor } from "~/auth/permissions";
import type { FieldErrors } from "~/forms/validate";
import type { Prisma } from "~/generated/prisma/client";
import { audit, type AuditEntry } from "~/audit/audit.server";

export type Tx = Prisma.TransactionClient;

/** What the set-up functions need to know about the cycle being changed. */
export type SetupCycle = { id: string; slug: string; launchedAt: Date | null; publishedAt: Date | null };

export type SetupResult<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

export const ok = <T>(value: T): SetupResult<T> => ({ ok: true, value });
export const fail = <T = never>(errors: FieldErrors): SetupResult<T> => ({ ok: false, errors });

export function assertManage(actor: Actor, cycle: SetupCycle) {
  if (!can(actor, { action: "cycle.manage", cycle })) throw new NotAllowedError(`manage cycle ${cycle.slug}`);
}

/** The audit record, written inside the same transaction as the change it records. */
export async function record(tx: Tx, actor: Actor, event: Omit<AuditEntry, "actorId">) {
  await audit(tx, { ...event, actorId: actor.userId });
}

export function isUniqueViolation(error: unknown): boolean {
  return !!error && typeof error === "object" && (error as { code?: unknown }).code === "P2002";
}

// ---------------------------------------------------------------- ordering

export type Ordered = { id: string; position: number };

/** Swaps an item with its neighbour and renumbers the list 0..n-1. Returns false at either end. */
export async function moveInList(
  items: Ordered[],
  itemId: string,
  direction: "up" | "down",
  write: (id: string, position: number) => Promise<unknown>,
): Promise<boolean> {
  const index = items.findIndex((i) => i.id === itemId);
  const target = direction === "up" ? index - 1 : index + 1;
  if (index < 0 || target < 0 || target >= items.length) return false;
  const reordered = [...items];
  [reordered[index], reordered[target]] = [reordered[target], reordered[index]];
  for (const [position, item] of reordered.entries()) {
    if (item.position !== position) await write(item.id, position);
  }
  return true;
}
