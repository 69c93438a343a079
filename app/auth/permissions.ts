/**
 * "May this person do X to Y?" - the one answer every loader, action and test uses.
 * Pure functions of who is asking (Actor) and facts about the record; the server code
 * loads those facts and turns a "no" into a 404 (the record's existence is not revealed)
 * or a redirect to sign in.
 */
import { isJudgeable } from "~/nominations/status";

export type Actor = {
  userId: string;
  email: string;
  name: string | null;
  /** the organisation the person says they work for: shown on their profile, gives no rights by itself */
  organisationId: string | null;
  /** organisations the person is a verified member of (docs/decisions/0045): only these give anything */
  verifiedOrganisationIds: string[];
  /** from ADMIN_EMAILS or the stored flag (`npm run awards -- add-admin`): creates areas and appoints their administrators */
  isSiteAdmin: boolean;
  /** cycleId -> roles held in that cycle, with the Compact area that owns the cycle when it is known */
  roles: { cycleId: string; role: "organiser" | "judge"; areaId?: string }[];
  /** the Compact areas the person administers (AreaRole "admin") */
  areaAdminOf: string[];
  /** the cycles of those areas: an area administrator organises every cycle of their area */
  areaCycleIds: string[];
};

export function isOrganiserOf(actor: Actor | null, cycleId: string): boolean {
  if (!actor) return false;
  return actor.isSiteAdmin || actor.areaCycleIds.includes(cycleId) || actor.roles.some((r) => r.cycleId === cycleId && r.role === "organiser");
}

/** Administers the Compact area (site admins administer every area). */
export function isAreaAdminOf(actor: Actor | null, areaId: string): boolean {
  return !!actor && (actor.isSiteAdmin || actor.areaAdminOf.includes(areaId));
}

export function isJudgeIn(actor: Actor | null, cycleId: string): boolean {
  return !!actor && actor.roles.some((r) => r.cycleId === cycleId && r.role === "judge");
}

/**
 * Facts about a nomination needed to decide who may see it. Rights belong to people (its
 * starter, the people who confirmed for a lead partner, collaborators a lead added), never
 * to everyone who claims one of its organisations.
 */
export type NominationFacts = {
  cycleId: string;
  createdById: string | null;
  /** users who confirmed the nomination for a lead partner (and whose confirmation counts) */
  confirmedLeadUserIds: string[];
  /** lower-cased addresses of its active collaborators */
  collaboratorEmails: string[];
  partnerOrganisationIds: string[];
};

/** Facts about a judge's assignment. */
export type AssignmentFacts = {
  cycleId: string;
  judgeId: string;
  conflict: "none" | "declared" | "detected" | string;
  /** when the judge answered the conflict question ("no conflict"); null until then */
  openedAt: Date | string | null;
  nomination: { status: string };
};

export type CycleFacts = { id: string; launchedAt: Date | null; publishedAt: Date | null };

export type Permission =
  | { action: "area.create" }
  | { action: "area.appoint-admin"; areaId: string }
  | { action: "area.manage"; areaId: string }
  /** editing an area's details and logo (issue 13) */
  | { action: "area.edit"; areaId: string }
  /** removing one of the area's administrators; `admins` is how many it has now */
  | { action: "area.remove-admin"; areaId: string; admins: number }
  /** without areaId: may start a cycle somewhere (sees the new-cycle form); with it: in that area */
  | { action: "cycle.create"; areaId?: string }
  | { action: "cycle.view"; cycle: CycleFacts }
  | { action: "cycle.manage"; cycle: CycleFacts }
  | { action: "cycle.results.view-public"; cycle: CycleFacts }
  | { action: "nomination.view"; nomination: NominationFacts }
  | { action: "nomination.edit"; nomination: NominationFacts }
  | { action: "nomination.review-eligibility"; nomination: NominationFacts }
  | { action: "nomination.manage-people"; nomination: NominationFacts }
  | { action: "nomination.ask-to-join"; nomination: NominationFacts }
  | { action: "organisation.decide-membership"; organisationId: string; memberUserId: string }
  | { action: "organisation.invite-member"; organisationId: string }
  | { action: "organisation.manage-domains" }
  | { action: "judge.queue"; cycleId?: string }
  | { action: "assignment.view"; assignment: AssignmentFacts }
  | { action: "assignment.read"; assignment: AssignmentFacts }
  | { action: "assignment.score"; assignment: AssignmentFacts };

/** A lead of the nomination: the person who started it, or one who confirmed it for a lead partner. */
export function isNominationLead(actor: Actor, nomination: NominationFacts): boolean {
  return nomination.createdById === actor.userId || nomination.confirmedLeadUserIds.includes(actor.userId);
}

/** One of the nomination's people: a lead, or a collaborator a lead added. */
export function isNominationPerson(actor: Actor, nomination: NominationFacts): boolean {
  return isNominationLead(actor, nomination) || nomination.collaboratorEmails.includes(actor.email.toLowerCase());
}

/** Organises any cycle (or administers an area): trusted with the shared directory of organisations. */
export function organisesAnyCycle(actor: Actor | null): boolean {
  return !!actor && (actor.isSiteAdmin || actor.areaAdminOf.length > 0 || actor.roles.some((r) => r.role === "organiser"));
}

/** Judges in any cycle: has a queue at /judge. */
export function judgesAnyCycle(actor: Actor | null): boolean {
  return !!actor && actor.roles.some((r) => r.role === "judge");
}

export function can(actor: Actor | null, permission: Permission): boolean {
  switch (permission.action) {
    case "area.create":
      return !!actor && actor.isSiteAdmin;
    case "area.appoint-admin":
      // Site admins appoint an area's administrators; an area's administrators do not appoint more of themselves.
      return !!actor && actor.isSiteAdmin;
    case "area.manage":
      return isAreaAdminOf(actor, permission.areaId);
    case "area.edit":
      // Site admins and the area's own administrators; an administrator of another area may not.
      return isAreaAdminOf(actor, permission.areaId);
    case "area.remove-admin":
      // Site admins remove anyone; an area's administrators remove each other (or themselves),
      // but never its last administrator: only a site admin leaves an area without one.
      if (!actor) return false;
      if (actor.isSiteAdmin) return true;
      return actor.areaAdminOf.includes(permission.areaId) && permission.admins > 1;
    case "cycle.create": {
      // Site admins, an area's administrators, and anyone already trusted to organise one of the
      // area's cycles, may start a new cycle in it. An administrator of another area may not.
      const areaId = permission.areaId;
      if (areaId === undefined) return organisesAnyCycle(actor);
      return isAreaAdminOf(actor, areaId) || (!!actor && actor.roles.some((r) => r.role === "organiser" && r.areaId === areaId));
    }
    case "cycle.view":
      return !!permission.cycle.launchedAt || isOrganiserOf(actor, permission.cycle.id);
    case "cycle.manage":
      return isOrganiserOf(actor, permission.cycle.id);
    case "cycle.results.view-public":
      return !!permission.cycle.publishedAt;
    case "nomination.view":
      return !!actor && (isNominationPerson(actor, permission.nomination) || isOrganiserOf(actor, permission.nomination.cycleId));
    case "nomination.edit":
      // Organisers judge eligibility; they do not write partners' nominations for them.
      return !!actor && isNominationPerson(actor, permission.nomination);
    case "nomination.manage-people":
      return !!actor && isNominationLead(actor, permission.nomination);
    case "nomination.ask-to-join":
      // A verified member of one of its organisations who is not yet one of its people.
      return (
        !!actor &&
        !isNominationPerson(actor, permission.nomination) &&
        permission.nomination.partnerOrganisationIds.some((id) => actor.verifiedOrganisationIds.includes(id))
      );
    case "organisation.decide-membership":
      // Organisers keep the shared directory; a verified member vouches for a colleague. Nobody approves themselves.
      return (
        !!actor && actor.userId !== permission.memberUserId && (organisesAnyCycle(actor) || actor.verifiedOrganisationIds.includes(permission.organisationId))
      );
    case "organisation.invite-member":
      return !!actor && (organisesAnyCycle(actor) || actor.verifiedOrganisationIds.includes(permission.organisationId));
    case "organisation.manage-domains":
      // A domain makes every address at it a verified member: organisers only, never members.
      return organisesAnyCycle(actor);
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
    case "assignment.read":
      // The nomination's content and files: only once the judge has said they have no conflict,
      // and only while it is being judged (never once withdrawn or found not eligible).
      return (
        !!actor &&
        permission.assignment.judgeId === actor.userId &&
        isJudgeIn(actor, permission.assignment.cycleId) &&
        permission.assignment.conflict === "none" &&
        !!permission.assignment.openedAt &&
        isJudgeable(permission.assignment.nomination.status)
      );
    case "assignment.score":
      return (
        !!actor &&
        permission.assignment.judgeId === actor.userId &&
        isJudgeIn(actor, permission.assignment.cycleId) &&
        permission.assignment.conflict === "none" &&
        isJudgeable(permission.assignment.nomination.status)
      );
  }
}
