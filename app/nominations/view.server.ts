/**
 * A nomination as every read-only page shows it (the nominator's check page, the partner's
 * confirmation page, the organiser's eligibility view, the judge's scoring page, the public
 * case study): plain, serialisable data for app/components/nomination-view.tsx.
 *
 * No access checks here: callers decide who may see it (requireNominationAccess, a
 * confirmation token, a published case study) before loading it.
 */
import type { Db } from "~/db/client.server";
import {
  NOMINATION_STATUS_LABELS,
  PARTNER_ROLE_LABELS,
  SECTOR_SHORT_LABELS,
  principleLabel,
  type NominationStatus,
  type PartnerRole,
  type Sector,
} from "~/domain/vocabulary";
import { partnerSide, type PartnerSide } from "./eligibility";
import type { StoryText } from "./story";
import { storyText } from "./story";

export type NominationViewPartner = {
  id: string;
  organisationId: string;
  organisationName: string;
  sector: string;
  sectorLabel: string;
  /** statutory | vcs | other (private): how the partners are grouped */
  side: PartnerSide;
  role: string;
  roleLabel: string;
  contactName: string;
  contactEmail: string;
  /** ISO instant, or null */
  confirmedAt: string | null;
  position: number;
};

export type NominationViewAttachment = {
  id: string;
  kind: string;
  fileName: string;
  caption: string;
  credit: string;
  consentToPublish: boolean;
  contentType: string;
};

export type NominationViewNomination = StoryText & {
  id: string;
  cycle: { id: string; slug: string; name: string };
  category: { id: string; name: string } | null;
  principles: { key: string; label: string }[];
  /** YYYY-MM-DD or null */
  startedOn: string | null;
  publicContact: string;
  consentToPublish: boolean;
  status: string;
  statusLabel: string;
  ineligibleReason: string | null;
  returnedComment: string | null;
  isExample: boolean;
  version: number;
  createdById: string | null;
  /** ISO instants, or null */
  submittedAt: string | null;
  withdrawnAt: string | null;
  extensionUntil: string | null;
  updatedAt: string;
};

export type NominationViewData = {
  nomination: NominationViewNomination;
  partners: NominationViewPartner[];
  attachments: NominationViewAttachment[];
};

export function parsePrinciples(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** Everything the read-only view shows, or null when there is no such nomination. */
export async function loadNominationForView(db: Db, id: string): Promise<NominationViewData | null> {
  const n = await db.nomination.findUnique({
    where: { id },
    include: {
      cycle: { select: { id: true, slug: true, name: true } },
      category: { select: { id: true, name: true } },
      partners: {
        orderBy: [{ position: "asc" }, { createdAt: "asc" }],
        include: { organisation: { select: { id: true, name: true, sector: true } } },
      },
      attachments: {
        orderBy: { createdAt: "asc" },
        select: { id: true, kind: true, fileName: true, caption: true, credit: true, consentToPublish: true, contentType: true },
      },
    },
  });
  if (!n) return null;
  return {
    nomination: {
      id: n.id,
      cycle: n.cycle,
      category: n.category,
      ...storyText(n),
      principles: parsePrinciples(n.principles).map((key) => ({ key, label: principleLabel(key) })),
      startedOn: n.startedOn,
      publicContact: n.publicContact,
      consentToPublish: n.consentToPublish,
      status: n.status,
      statusLabel: NOMINATION_STATUS_LABELS[n.status as NominationStatus] ?? n.status,
      ineligibleReason: n.ineligibleReason,
      returnedComment: n.returnedComment,
      isExample: n.isExample,
      version: n.version,
      createdById: n.createdById,
      submittedAt: iso(n.submittedAt),
      withdrawnAt: iso(n.withdrawnAt),
      extensionUntil: iso(n.extensionUntil),
      updatedAt: n.updatedAt.toISOString(),
    },
    partners: n.partners.map((p) => ({
      id: p.id,
      organisationId: p.organisationId,
      organisationName: p.organisation.name,
      sector: p.organisation.sector,
      sectorLabel: SECTOR_SHORT_LABELS[p.organisation.sector as Sector] ?? p.organisation.sector,
      side: partnerSide(p.organisation.sector),
      role: p.role,
      roleLabel: PARTNER_ROLE_LABELS[p.role as PartnerRole] ?? p.role,
      contactName: p.contactName,
      contactEmail: p.contactEmail,
      confirmedAt: iso(p.confirmedAt),
      position: p.position,
    })),
    attachments: n.attachments,
  };
}
