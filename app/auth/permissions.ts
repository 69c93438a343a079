/**
 * "May this person do X to Y?" - the one answer every loader, action and test uses.
 * Pure functions of who is asking (Actor) and facts about the record; the server code
 * loads those facts and turns a "no" into a 404 (the record's existence is not revealed)
 * or a redirect to sign in.
 */

export type Actor = {
  userId: string;
  email: string;
  name: string | null;
  organisationId: string | null;
  isSiteAdmin: boolean;
  /** cycleId -> roles held in that cycle */
  roles: { cycleId: string; role: "organiser" | "judge" }[];
};

export function isOrganiserOf(actor: Actor | null, cycleId: string): boolean {
  if (!actor) return false;
  return actor.isSiteAdmin || actor.roles.some((r) => r.cycleId === cycleId && r.role === "organiser");
}

export function isJudgeIn(actor: Actor | null, cycleId: string): boolean {
  return !!actor && actor.roles.some((r) => r.cycleId === cycleId && r.role === "judge");
}

/** Facts about a nomination needed to decide who may see it. */
export type NominationFacts = {
  cycleId: string;
  createdById: string | null;
  partnerOrganisationIds: string[];
  partnerEmails: string[];
};

/** Facts about a judge's assignment. */
export type AssignmentFacts = {
  cycleId: string;
  judgeId: string;
  conflict: "none" | "declared" | "detected" | string;
};

export type CycleFacts = { id: string; launchedAt: Date | null; publishedAt: Date | null };

export type Permission =
  | { action: "cycle.create" }
  | { action: "cycle.view"; cycle: CycleFacts }
  | { action: "cycle.manage"; cycle: CycleFacts }
  | { action: "cycle.results.view-public"; cycle: CycleFacts }
  | { action: "nomination.start"; cycle: CycleFacts }
  | { action: "nomination.view"; nomination: NominationFacts }
  | { action: "nomination.edit"; nomination: NominationFacts }
  | { action: "nomination.review-eligibility"; nomination: NominationFacts }
  | { action: "judge.queue"; cycleId?: string }
  | { action: "assignment.view"; assignment: AssignmentFacts }
  | { action: "assignment.score"; assignment: AssignmentFacts }
  | { action: "mailbox.read" };

/** Is this actor one of the nomination's partners (their organisation is on it, or they are a named contact, or they started it)? */
export function isNominationPartner(actor: Actor, nomination: NominationFacts): boolean {
  if (nomination.createdById === actor.userId) return true;
  if (actor.organisationId && nomination.partnerOrganisationIds.includes(actor.organisationId)) return true;
  return nomination.partnerEmails.some((e) => e.toLowerCase() === actor.email);
}

export function can(actor: Actor | null, permission: Permission): boolean {
  switch (permission.action) {
    case "cycle.create":
      // Site admins, and anyone already trusted to organise a cycle, may start a new one.
      return !!actor && (actor.isSiteAdmin || actor.roles.some((r) => r.role === "organiser"));
    case "cycle.view":
      return !!permission.cycle.launchedAt || isOrganiserOf(actor, permission.cycle.id);
    case "cycle.manage":
      return isOrganiserOf(actor, permission.cycle.id);
    case "cycle.results.view-public":
      return !!permission.cycle.publishedAt;
    case "nomination.start":
      return !!actor && !!permission.cycle.launchedAt;
    case "nomination.view":
      return !!actor && (isNominationPartner(actor, permission.nomination) || isOrganiserOf(actor, permission.nomination.cycleId));
    case "nomination.edit":
      // Organisers judge eligibility; they do not write partners' nominations for them.
      return !!actor && isNominationPartner(actor, permission.nomination);
    case "nomination.review-eligibility":
      return isOrganiserOf(actor, permission.nomination.cycleId);
    case "judge.queue":
      return !!actor && actor.roles.some((r) => r.role === "judge" && (!permission.cycleId || r.cycleId === permission.cycleId));
    case "assignment.view":
      // A judge sees only their own assignment; a detected conflict hides the nomination
      // completely. A declared conflict keeps the page reachable so the judge can see
      // what they declared, but never the scoring form (assignment.score).
      return (
        !!actor &&
        permission.assignment.judgeId === actor.userId &&
        isJudgeIn(actor, permission.assignment.cycleId) &&
        permission.assignment.conflict !== "detected"
      );
    case "assignment.score":
      return (
        !!actor &&
        permission.assignment.judgeId === actor.userId &&
        isJudgeIn(actor, permission.assignment.cycleId) &&
        permission.assignment.conflict === "none"
      );
    case "mailbox.read":
      // The local mailbox is guarded by configuration (env.localMailboxOn), not by who asks.
      return true;
  }
}
