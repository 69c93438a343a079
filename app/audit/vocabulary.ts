/**
 * The audit trail's words, written once (docs/decisions/0062). Every AuditEvent names its
 * entity by its Prisma model, spelt exactly as the model is ("Nomination", never
 * "nomination"), so a query asks for one entityType, never `{ in: [...] }` of spellings.
 * Every action written is listed here; a new one is added here first.
 */

/** The records an audit event can be about: Prisma model names. */
export const AUDIT_ENTITIES = [
  "Assignment",
  "Attachment",
  "AreaRole",
  "AwardCycle",
  "CompactArea",
  "Category",
  "Criterion",
  "CycleRole",
  "Decision",
  "EmailMessage",
  "Membership",
  "Nomination",
  "NominationPartner",
  "Organisation",
  "OutcomeTier",
  "PressRelease",
  "Review",
  "User",
] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];

/** Every action the code records, grouped by what it changes. */
export const AUDIT_ACTIONS = [
  // Compact areas and who runs them
  "area.created",
  "area.admin_appointed",
  "site_admin.added",
  // the cycle and its set-up
  "cycle.created",
  "cycle.setup_copied",
  "cycle.updated",
  "cycle.launched",
  "cycle.exported",
  "cycle.booklet.generated",
  "cycle.booklet-intro.updated",
  "cycle.booklet-cover.set",
  "cycle.booklet-cover.removed",
  "cycle.results_decided",
  "cycle.results_unlocked",
  "cycle.judging_reopened",
  "cycle.results_sent",
  "cycle.publication_scheduled",
  "cycle.publication_unscheduled",
  "cycle.published",
  "cycle.unpublished",
  "category.added",
  "category.updated",
  "category.moved",
  "category.removed",
  "criterion.added",
  "criterion.updated",
  "criterion.moved",
  "criterion.removed",
  "tier.added",
  "tier.updated",
  "tier.removed",
  "role.added",
  "role.reinvited",
  "role.removed",
  // a nomination's life
  "nomination.started",
  "nomination.edited",
  "nomination.section_saved",
  "nomination.partner_added",
  "nomination.partner_updated",
  "nomination.partner_removed",
  "nomination.confirmation_requested",
  "nomination.confirmation_again_requested",
  "nomination.partner_confirmed",
  "nomination.partner_confirmation_counted",
  "nomination.changes_requested",
  "nomination.returned_to_draft",
  "nomination.submitted",
  "nomination.withdrawn",
  "nomination.eligible",
  "nomination.ineligible",
  "nomination.returned",
  "nomination.extension_granted",
  "nomination.extension_removed",
  "nomination.collaborator_asked",
  "nomination.collaborator_added",
  "nomination.collaborator_approved",
  "nomination.collaborator_refused",
  "nomination.collaborator_removed",
  "attachment.added",
  "attachment.updated",
  "attachment.removed",
  // judging
  "judging.auto_assigned",
  "judging.panel_assigned",
  "judging.reminders_sent",
  "assignment.created",
  "assignment.removed",
  "assignment.opened",
  "assignment.conflict_declared",
  "assignment.conflict_detected",
  "assignment.conflict_cleared",
  "review.draft_saved",
  "review.submitted",
  "review.updated",
  "review.reopened",
  // outcomes and publicity
  "decision.set",
  "decision.citation.updated",
  "press-release.saved",
  "press-release.rebuilt",
  "press-release.published",
  "press-release.unpublished",
  // email
  "emails.queued",
  "emails.sending_started",
  "emails.sending_finished",
  "email.sent",
  "email.failed",
  "email.resend_requested",
  // who speaks for an organisation
  "membership.asked",
  "membership.verified",
  "membership.refused",
  "organisation.domain_added",
  "organisation.domain_removed",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export function isAuditAction(value: string): value is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(value);
}
