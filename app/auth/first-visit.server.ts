/**
 * The first-visit step ("About you"): everyone meets it once, however their account was made
 * (signing up, an invitation to the panel, a colleague's invitation, the command line), so
 * that names and organisations are never empty in lists, conflicts and emails.
 */
import type { Db } from "~/db/client.server";
import type { Sector } from "~/domain/vocabulary";
import { claimOrganisation, type MembershipResult } from "~/organisations/membership.server";
import { findOrCreateOrganisation } from "~/organisations/organisations.server";
import type { Actor } from "./permissions";

export type AboutYou = {
  name: string;
  jobTitle: string;
  organisation: { existing: string } | { name: string; sector: Sector };
};

/** Saves the first-visit step: who the person is, and which organisation they ask to speak for. */
export async function saveAboutYou(db: Db, actor: Actor, input: AboutYou, now = new Date()): Promise<MembershipResult> {
  const organisationId = "existing" in input.organisation ? input.organisation.existing : (await findOrCreateOrganisation(db, input.organisation)).id;
  // Saying who you work for is a request to join; it is verified by the organisation's domain, or by an approval.
  const claimed = await claimOrganisation(db, actor, { organisationId }, now);
  if (!claimed.ok) return claimed;
  await db.user.update({ where: { id: actor.userId }, data: { name: input.name, jobTitle: input.jobTitle || null } });
  await db.user.updateMany({ where: { id: actor.userId, welcomedAt: null }, data: { welcomedAt: now } });
  return claimed;
}
