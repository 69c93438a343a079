import { loadActor } from "~/auth/actor.server";
import type { Actor } from "~/auth/permissions";
import { prisma } from "~/db/client.server";

/** Who the domain functions are told is asking: the user as `can()` sees them. */
export async function actorOf(userId: string): Promise<Actor> {
  const actor = await loadActor(prisma, userId);
  if (!actor) throw new Error(`No user ${userId}`);
  return actor;
}
