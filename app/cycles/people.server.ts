/**
 * A cycle's organisers and judges (/admin/cycles/:slug/people): invite, remove, list.
 * The functions take (db, actor, cycle, input), ask can() (via assertManage) and write the
 * change and its audit record in one transaction (docs/decisions/0064).
 */
import { plural } from "~/utils/text";
import { type Actor } from "~/auth/permissions";
import { createSignInLink, findOrCreateUser } from "~/auth/sign-in.server";
import { normaliseEmail } from "~/organisations/email-domains";
import type { Db } from "~/db/client.server";
import { type CycleRoleName } from "~/domain/vocabulary";
import { sendEmail } from "~/mail/send.server";
import { findOrCreateOrganisation } from "~/organisations/organisations.server";
import { formatUkDateTime } from "~/utils/time";
import { judgingOpensAt } from "./phase";
import type { InviteInput } from "./schemas";

import { SetupCycle, ok, fail, assertManage, record } from "./setup-kit.server";

// ---------------------------------------------------------------- people

export type InviteOutcome = {
  userId: string;
  roleId: string;
  email: string;
  role: CycleRoleName;
  /** they already had this role: the invitation was sent again */
  alreadyHadRole: boolean;
  /** the judge already belongs to another organisation, which was kept */
  keptOrganisation: string | null;
  emailMessageId: string;
};

/** Where an invitation's sign-in link takes someone. */
export function invitationRedirect(role: CycleRoleName, slug: string) {
  return role === "organiser" ? `/admin/cycles/${slug}` : "/judge";
}

/**
 * Adds someone as an organiser or judge and emails them an invitation with a one-time
 * sign-in link. Inviting someone again sends a fresh link; a double-click within the same
 * minute sends one email (the idempotency key names the minute).
 */
export async function invitePerson(db: Db, actor: Actor, cycle: SetupCycle, input: InviteInput, options: { now?: Date } = {}) {
  assertManage(actor, cycle);
  const now = options.now ?? new Date();
  const email = normaliseEmail(input.email);
  const full = await db.awardCycle.findUniqueOrThrow({ where: { id: cycle.id } });

  let organisationId: string | null = null;
  if (input.organisation?.kind === "existing") {
    const org = await db.organisation.findUnique({ where: { id: input.organisation.id }, select: { id: true } });
    if (!org) return fail({ organisationId: "Choose the judge's organisation from the list" });
    organisationId = org.id;
  } else if (input.organisation?.kind === "new") {
    organisationId = (await findOrCreateOrganisation(db, { name: input.organisation.name, sector: input.organisation.sector })).id;
  }

  // Someone who has already told us their name keeps it; a new person gets the name the organiser typed.
  const known = await db.user.findUnique({ where: { email }, include: { organisation: { select: { name: true } } } });
  const user = await findOrCreateUser(db, email, known?.name ? undefined : input.name);
  let keptOrganisation: string | null = null;
  const setOrganisation = !!organisationId && !user.organisationId;
  if (organisationId && user.organisationId && user.organisationId !== organisationId) keptOrganisation = known?.organisation?.name ?? null;

  const { role, alreadyHadRole } = await db.$transaction(async (tx) => {
    if (setOrganisation) await tx.user.update({ where: { id: user.id }, data: { organisationId } });
    const existing = await tx.cycleRole.findUnique({ where: { userId_cycleId_role: { userId: user.id, cycleId: cycle.id, role: input.role } } });
    const row = existing ?? (await tx.cycleRole.create({ data: { userId: user.id, cycleId: cycle.id, role: input.role } }));
    await record(tx, actor, {
      cycleId: cycle.id,
      action: existing ? "role.reinvited" : "role.added",
      entityType: "CycleRole",
      entityId: row.id,
      data: { email, role: input.role, organisationId: setOrganisation ? organisationId : undefined },
    });
    return { role: row, alreadyHadRole: !!existing };
  });

  const link = await createSignInLink(db, { email, redirectTo: invitationRedirect(input.role, full.slug), skipRateLimit: true, now });
  if (!link.ok) throw new Error("Could not create a sign-in link for an invitation");
  const emailCycle = { name: full.name, contactName: full.contactName, contactEmail: full.contactEmail, signOff: full.signOff };
  const idempotencyKey = `invite:${cycle.id}:${input.role}:${email}:${now.toISOString().slice(0, 16)}`;
  const recipientName = known?.name || input.name;
  const message =
    input.role === "organiser"
      ? await sendEmail(db, {
          to: email,
          toName: recipientName,
          template: "organiser-invitation",
          props: { cycle: emailCycle, inviterName: actor.name || actor.email, signInUrl: link.url },
          idempotencyKey,
          cycleId: cycle.id,
        })
      : await sendEmail(db, {
          to: email,
          toName: recipientName,
          template: "judge-invitation",
          props: {
            cycle: emailCycle,
            judgeName: recipientName,
            signInUrl: link.url,
            judgingOpens: formatUkDateTime(judgingOpensAt(full)),
            judgingCloses: full.judgingCloseAt ? formatUkDateTime(full.judgingCloseAt) : "to be confirmed",
          },
          idempotencyKey,
          cycleId: cycle.id,
        });

  return ok<InviteOutcome>({
    userId: user.id,
    roleId: role.id,
    email,
    role: input.role,
    alreadyHadRole,
    keptOrganisation,
    emailMessageId: message.id,
  });
}

/**
 * Takes someone's role in this cycle away. A cycle always keeps at least one organiser,
 * and a judge with nominations to judge keeps the role until those are reassigned.
 */
export async function removeRole(db: Db, actor: Actor, cycle: SetupCycle, input: { roleId: string }) {
  assertManage(actor, cycle);
  const role = await db.cycleRole.findFirst({ where: { id: input.roleId, cycleId: cycle.id }, include: { user: { select: { name: true, email: true } } } });
  if (!role) return fail({ form: "That person no longer has a role in this cycle." });
  const who = role.user.name || role.user.email;
  if (role.role === "organiser") {
    const organisers = await db.cycleRole.count({ where: { cycleId: cycle.id, role: "organiser" } });
    if (organisers <= 1) {
      return fail({
        form:
          role.userId === actor.userId
            ? "You are the only organiser of this cycle, so you cannot remove yourself. Invite another organiser first."
            : `${who} is the only organiser of this cycle. Invite another organiser before removing them.`,
      });
    }
  } else {
    const assignments = await db.assignment.count({ where: { cycleId: cycle.id, judgeId: role.userId } });
    if (assignments > 0) {
      return fail({
        form: `${who} has ${plural(assignments, "nomination", "nominations")} to judge. Take them off those nominations on the Judges page first.`,
      });
    }
  }
  await db.$transaction(async (tx) => {
    await tx.cycleRole.delete({ where: { id: role.id } });
    await record(tx, actor, {
      cycleId: cycle.id,
      action: "role.removed",
      entityType: "CycleRole",
      entityId: role.id,
      data: { email: role.user.email, role: role.role },
    });
  });
  return ok({ ...role, who });
}

/** Organisers and judges of a cycle, for the People page. */
export async function listPeople(db: Db, cycleId: string) {
  const roles = await db.cycleRole.findMany({
    where: { cycleId },
    orderBy: [{ role: "desc" }, { createdAt: "asc" }],
    include: { user: { select: { id: true, name: true, email: true, lastSignInAt: true, organisation: { select: { name: true } } } } },
  });
  return roles.map((r) => ({
    roleId: r.id,
    role: r.role as CycleRoleName,
    userId: r.user.id,
    name: r.user.name,
    email: r.user.email,
    organisation: r.user.organisation?.name ?? null,
    hasSignedIn: !!r.user.lastSignInAt,
    since: r.createdAt,
  }));
}
