/**
 * Bulk emails an organiser sends for a cycle ("campaigns"): the results, the ceremony
 * invitation and the judging reminder. Domain only, no HTTP.
 *
 * - planCampaign: who gets what (recipient, template, props, idempotency key), pure data
 *   for the "who will get what" page. Nothing is stored.
 * - queueCampaign: stores every planned message in the outbox (queueEmail). A message whose
 *   idempotency key is already there is reused, never duplicated, whatever its status.
 * - startSending: delivers the campaign's waiting messages in the background of this
 *   server process, through the outbox (docs/decisions/0012-email-outbox.md). At most one
 *   sender per cycle and campaign runs at a time in this process. queueAndSend (the
 *   page's "Send") queues first, in that same background sender: rendering 250 emails
 *   takes seconds, longer than a form post should.
 * - requestSend: the page's "Send": records the send (CampaignSend) before anything else,
 *   so a send a crash or restart interrupts resumes by itself at start-up
 *   (resumeUnfinishedSends, docs/decisions/0054).
 * - campaignProgress / wholeProgress / campaignLog: what the page shows while and after it sends.
 *
 * Idempotency keys (one logical message each, stored once, sent once):
 *   results:<cycleId>:<nominationId>:<email>         one per partner contact per nomination
 *   results-correction:<cycleId>:<nominationId>:<email>:<n>  the n-th correction of it (app/mail/corrections.server.ts)
 *   ceremony-invitation:<cycleId>:<ceremonyAt>:<email> one per person and ceremony date
 *   judging-reminder:<cycleId>:<UK date>:<email>       one per judge per day
 */
import type { Db } from "~/db/client.server";
import { TIER_KINDS, type TierKind } from "~/domain/vocabulary";
import type { AwardCycle, CampaignSend } from "~/generated/prisma/client";
import { changeAndEnqueue, type JobQueue } from "~/jobs/queue.server";
import { isOutstanding, judgeWorkload } from "~/judging/workload";
import { icsAttachment } from "~/mail/ics";
import { planCorrections, stillCurrent } from "~/mail/corrections.server";
import { deliverMessages, resendFailedMessage, type DeliveryOptions } from "~/mail/outbox.server";
import { queueEmail, type OutgoingEmail } from "~/mail/send.server";
import { renderEmail, resultsTemplateFor, type EmailCycle, type EmailTemplateName } from "~/mail/templates.server";
import { env, INSTANCE_ID } from "~/env.server";
import { normaliseEmail } from "~/organisations/email-domains";
import { IN_PLAY, statusIn } from "~/nominations/status";
import { formatUkDateTime, ukToday } from "~/utils/time";
import { nominationTitle } from "~/nominations/title";
import { audit } from "~/audit/audit.server";

export const CAMPAIGN_KINDS = ["results", "results-correction", "ceremony-invitation", "judging-reminder"] as const;
export type CampaignKind = (typeof CAMPAIGN_KINDS)[number];

export const CAMPAIGN_LABELS: Record<CampaignKind, string> = {
  results: "Results",
  "results-correction": "Results corrections",
  "ceremony-invitation": "Ceremony invitation",
  "judging-reminder": "Judging reminder",
};

export const CAMPAIGN_DESCRIPTIONS: Record<CampaignKind, string> = {
  results: "Every partner contact of every decided nomination hears its outcome: one email per contact per nomination, with the judges' notes for nominators.",
  "results-correction":
    "After the results were sent and an outcome changed: exactly the partner contacts who were told the earlier outcome get one correction each. Nobody else gets anything.",
  "ceremony-invitation":
    "Everyone involved in an awarded nomination, the judges and the organisers are invited to the ceremony, one email each, with a calendar file.",
  "judging-reminder": "Each judge who still has nominations to score gets a reminder of how many are left. At most one a day.",
};

export function isCampaignKind(value: unknown): value is CampaignKind {
  return typeof value === "string" && (CAMPAIGN_KINDS as readonly string[]).includes(value);
}

/** A problem the organiser can act on (shown on the page as it is). */
export class CampaignError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CampaignError";
  }
}

/** What planning needs to know about the cycle. */
export type CampaignCycle = Pick<
  AwardCycle,
  "id" | "slug" | "name" | "contactName" | "contactEmail" | "signOff" | "ceremonyAt" | "ceremonyVenue" | "judgingCloseAt" | "resultsDecidedAt" | "resultsSentAt"
> & { judgingClosedAt?: Date | null };

/** One planned message: everything queueEmail needs, plus what the page shows. */
export type CampaignRecipient = OutgoingEmail<EmailTemplateName> & {
  toName: string | null;
  nominationId: string | null;
  nominationTitle: string | null;
};

// ------------------------------------------------------------------ pure parts

export function resultsKey(cycleId: string, nominationId: string, email: string): string {
  return `results:${cycleId}:${nominationId}:${normaliseEmail(email)}`;
}

/** "20100611T130000Z": a new ceremony date means a new invitation. */
export function ceremonyKey(cycleId: string, ceremonyAt: Date, email: string): string {
  const stamp = ceremonyAt
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
  return `ceremony-invitation:${cycleId}:${stamp}:${normaliseEmail(email)}`;
}

export function reminderKey(cycleId: string, now: Date, email: string): string {
  return `judging-reminder:${cycleId}:${ukToday(now)}:${normaliseEmail(email)}`;
}

/** Every message of one campaign of one cycle has a key starting with this. */
export function campaignKeyPrefix(cycleId: string, kind: CampaignKind): string {
  return `${kind}:${cycleId}:`;
}

/** Which campaign a stored message belongs to, from its key. */
export function campaignOfKey(key: string): CampaignKind | null {
  const kind = key.slice(0, key.indexOf(":"));
  return isCampaignKind(kind) ? kind : null;
}

/** The first of each email address (case-insensitive), in order; entries without an address are dropped. */
export function dedupeByEmail<T extends { email: string }>(people: T[]): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const person of people) {
    const email = normaliseEmail(person.email);
    if (!email || seen.has(email)) continue;
    seen.add(email);
    out.push({ ...person, email });
  }
  return out;
}

/** The judges' notes for the nominators: each distinct note once, as separate paragraphs. */
export function joinNotes(notes: (string | null | undefined)[]): string | undefined {
  const distinct: string[] = [];
  for (const note of notes) {
    const text = note?.trim();
    if (text && !distinct.includes(text)) distinct.push(text);
  }
  return distinct.length ? distinct.join("\n\n") : undefined;
}

export function tierKindOf(kind: string | null | undefined): TierKind | null {
  if (kind === null || kind === undefined) return null;
  return (TIER_KINDS as readonly string[]).includes(kind) ? (kind as TierKind) : "other";
}

export function emailCycleOf(cycle: Pick<CampaignCycle, "name" | "contactName" | "contactEmail" | "signOff">): EmailCycle {
  return { name: cycle.name, contactName: cycle.contactName, contactEmail: cycle.contactEmail, signOff: cycle.signOff };
}

/**
 * Why this campaign cannot be sent now, in words for the organiser; null when it can.
 * Planning (the preview) works either way.
 */
export function campaignBlocker(cycle: CampaignCycle, kind: CampaignKind): string | null {
  switch (kind) {
    case "results":
      return cycle.resultsDecidedAt
        ? null
        : "The results have not been decided yet. When every outcome is decided, mark the results as decided; then you can send them.";
    case "results-correction":
      return cycle.resultsDecidedAt
        ? null
        : "The results are unlocked. Make the corrections, lock the results again, then send the corrections: each goes only to the partners told an outcome that has changed.";
    case "ceremony-invitation":
      return cycle.ceremonyAt ? null : "There is no ceremony date yet. Set the ceremony date and venue for this cycle first.";
    case "judging-reminder":
      return cycle.resultsDecidedAt || cycle.judgingClosedAt ? "Judging is over: the results have been decided, so there is no one to remind." : null;
  }
}

const CEREMONY_HOURS = 2;
const NO_VENUE = "Venue to be confirmed";

/** The ceremony's date and venue in words, for the results emails and corrections. */
export function ceremonyFactsOf(cycle: CampaignCycle) {
  if (!cycle.ceremonyAt) return undefined;
  return { when: formatUkDateTime(cycle.ceremonyAt), venue: cycle.ceremonyVenue?.trim() || NO_VENUE };
}

// ------------------------------------------------------------------ planning

/** Who will get what. Pure data: nothing is stored or rendered. */
export async function planCampaign(db: Db, cycle: CampaignCycle, kind: CampaignKind, now = new Date()): Promise<CampaignRecipient[]> {
  switch (kind) {
    case "results":
      return planResults(db, cycle);
    case "results-correction":
      return planCorrections(db, cycle);
    case "ceremony-invitation":
      return planCeremony(db, cycle, now);
    case "judging-reminder":
      return planReminders(db, cycle, now);
  }
}

async function planResults(db: Db, cycle: CampaignCycle): Promise<CampaignRecipient[]> {
  const nominations = await db.nomination.findMany({
    where: { cycleId: cycle.id, decision: { isNot: null }, status: statusIn(IN_PLAY) },
    select: {
      id: true,
      title: true,
      category: { select: { name: true, position: true } },
      decision: { select: { outcomeTierId: true, outcomeTier: { select: { name: true, kind: true } } } },
      partners: {
        orderBy: [{ position: "asc" }, { createdAt: "asc" }],
        select: { contactName: true, contactEmail: true, organisation: { select: { name: true } } },
      },
      assignments: {
        where: { conflict: "none", review: { is: { status: "submitted" } } },
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        select: { review: { select: { noteForNominators: true } } },
      },
    },
  });
  nominations.sort(
    (a, b) =>
      (a.category?.position ?? Number.MAX_SAFE_INTEGER) - (b.category?.position ?? Number.MAX_SAFE_INTEGER) ||
      (a.category?.name ?? "").localeCompare(b.category?.name ?? "") ||
      a.title.localeCompare(b.title) ||
      a.id.localeCompare(b.id),
  );

  const emailCycle = emailCycleOf(cycle);
  const ceremony = ceremonyFactsOf(cycle);
  const recipients: CampaignRecipient[] = [];
  for (const n of nominations) {
    const tier = n.decision?.outcomeTier ?? null;
    const template = resultsTemplateFor(tierKindOf(tier?.kind));
    const partners = n.partners.map((p) => p.organisation.name);
    const note = joinNotes(n.assignments.map((a) => a.review?.noteForNominators));
    const title = nominationTitle(n);
    const contacts = dedupeByEmail(n.partners.map((p) => ({ email: p.contactEmail, name: p.contactName.trim(), organisation: p.organisation.name })));
    for (const c of contacts) {
      const base = {
        cycle: emailCycle,
        recipientName: c.name || c.organisation,
        nominationTitle: title,
        categoryName: n.category?.name ?? "No category",
        partners,
        ...(ceremony ? { ceremony } : {}),
        ...(note ? { noteForNominators: note } : {}),
      };
      recipients.push({
        to: c.email,
        toName: c.name || null,
        template,
        props: template === "results-not-awarded" ? base : { ...base, tierName: tier!.name },
        idempotencyKey: resultsKey(cycle.id, n.id, c.email),
        cycleId: cycle.id,
        nominationId: n.id,
        nominationTitle: title,
        outcome: { tierId: n.decision?.outcomeTierId ?? null, name: tier?.name ?? "Not awarded" },
      });
    }
  }
  return recipients;
}

async function rolePeople(db: Db, cycleId: string, role: "judge" | "organiser") {
  const roles = await db.cycleRole.findMany({
    where: { cycleId, role },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { user: { select: { email: true, name: true } } },
  });
  return roles.map((r) => ({ email: r.user.email, name: r.user.name?.trim() ?? "" }));
}

async function planCeremony(db: Db, cycle: CampaignCycle, now: Date): Promise<CampaignRecipient[]> {
  if (!cycle.ceremonyAt) return [];
  const ceremonyAt = cycle.ceremonyAt;
  const awarded = await db.nomination.findMany({
    where: { cycleId: cycle.id, decision: { is: { outcomeTierId: { not: null } } }, status: statusIn(IN_PLAY) },
    orderBy: [{ title: "asc" }, { id: "asc" }],
    select: { partners: { orderBy: [{ position: "asc" }, { createdAt: "asc" }], select: { contactEmail: true, contactName: true } } },
  });
  const partnerContacts = awarded.flatMap((n) => n.partners.map((p) => ({ email: p.contactEmail, name: p.contactName.trim() })));
  const judges = await rolePeople(db, cycle.id, "judge");
  const organisers = await rolePeople(db, cycle.id, "organiser");
  const people = dedupeByEmail([...partnerContacts, ...judges, ...organisers]);

  const facts = ceremonyFactsOf(cycle)!;
  const rsvpEmail = cycle.contactEmail.trim() || organisers[0]?.email || env.mailFrom.replace(/^.*<([^>]+)>.*$/, "$1");
  const summary = `${cycle.name} ceremony`;
  const attachment = icsAttachment(
    {
      // The same UID for every copy, so calendars treat it as one event and update it if re-sent.
      uid: `ceremony-${cycle.id}@compact-awards`,
      start: ceremonyAt,
      end: new Date(ceremonyAt.getTime() + CEREMONY_HOURS * 3600_000),
      summary,
      description: `The awards ceremony for ${cycle.name}. Please reply to ${rsvpEmail} to say if you can come.`,
      location: facts.venue === NO_VENUE ? undefined : facts.venue,
      organizer: cycle.contactEmail.trim() ? { name: cycle.contactName, email: cycle.contactEmail.trim() } : undefined,
      dtstamp: now,
      // Later invitations supersede earlier ones in calendars that already have the event.
      sequence: Math.floor(now.getTime() / 60_000) - 20_000_000,
    },
    "ceremony.ics",
  );
  return people.map((p) => ({
    to: p.email,
    toName: p.name || null,
    template: "ceremony-invitation" as const,
    props: { cycle: emailCycleOf(cycle), recipientName: p.name || p.email, when: facts.when, venue: facts.venue, rsvpEmail },
    idempotencyKey: ceremonyKey(cycle.id, ceremonyAt, p.email),
    cycleId: cycle.id,
    nominationId: null,
    nominationTitle: null,
    attachments: [attachment],
  }));
}

async function planReminders(db: Db, cycle: CampaignCycle, now: Date): Promise<CampaignRecipient[]> {
  const assignments = await db.assignment.findMany({
    where: judgeWorkload({ cycleId: cycle.id }),
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      judgeId: true,
      conflict: true,
      nomination: { select: { status: true } },
      judge: { select: { email: true, name: true } },
      review: { select: { status: true } },
    },
  });
  const byJudge = new Map<string, { email: string; name: string; total: number; outstanding: number }>();
  for (const a of assignments) {
    const entry = byJudge.get(a.judgeId) ?? { email: a.judge.email, name: a.judge.name?.trim() ?? "", total: 0, outstanding: 0 };
    entry.total += 1;
    if (isOutstanding(a)) entry.outstanding += 1;
    byJudge.set(a.judgeId, entry);
  }
  const judgingCloses = cycle.judgingCloseAt ? formatUkDateTime(cycle.judgingCloseAt) : "the closing date your organisers set";
  const judges = dedupeByEmail([...byJudge.values()].filter((j) => j.outstanding > 0));
  judges.sort((a, b) => (a.name || a.email).localeCompare(b.name || b.email));
  return judges.map((j) => ({
    to: j.email,
    toName: j.name || null,
    template: "judging-reminder" as const,
    props: {
      cycle: emailCycleOf(cycle),
      judgeName: j.name || j.email,
      outstanding: j.outstanding,
      total: j.total,
      judgeUrl: `${env.appUrl}/judge`,
      judgingCloses,
    },
    idempotencyKey: reminderKey(cycle.id, now, j.email),
    cycleId: cycle.id,
    nominationId: null,
    nominationTitle: null,
  }));
}

// ------------------------------------------------------------------ queueing

export type QueueResult = { total: number; created: number; reused: number; ids: string[] };

/**
 * Stores every planned message in the outbox. Keys already there are reused as they are
 * (sent ones stay sent, failed ones wait for "Re-send"): queueing twice never duplicates.
 */
export async function queueCampaign(
  db: Db,
  actor: { userId: string } | null,
  cycle: CampaignCycle,
  kind: CampaignKind,
  now = new Date(),
): Promise<QueueResult> {
  const blocker = campaignBlocker(cycle, kind);
  if (blocker) throw new CampaignError(blocker);
  const recipients = await planCampaign(db, cycle, kind, now);
  const known = new Set(
    (
      await db.emailMessage.findMany({
        where: { idempotencyKey: { in: recipients.map((r) => r.idempotencyKey) } },
        select: { idempotencyKey: true },
      })
    ).map((m) => m.idempotencyKey),
  );
  const ids: string[] = [];
  let created = 0;
  for (const r of recipients) {
    const message = await queueEmail(db, {
      to: r.to,
      toName: r.toName,
      template: r.template,
      props: r.props,
      idempotencyKey: r.idempotencyKey,
      cycleId: cycle.id,
      nominationId: r.nominationId,
      attachments: r.attachments,
      outcome: r.outcome,
    });
    ids.push(message.id);
    if (!known.has(r.idempotencyKey)) created += 1;
  }
  const result = { total: recipients.length, created, reused: recipients.length - created, ids };
  await audit(db, {
    actorId: actor?.userId ?? null,
    cycleId: cycle.id,
    action: "emails.queued",
    entityType: "AwardCycle",
    entityId: cycle.id,
    data: { kind, total: result.total, created: result.created, reused: result.reused },
  });
  return result;
}

// ------------------------------------------------------------------ progress and log

export type CampaignProgress = { queued: number; sending: number; sent: number; failed: number; total: number };

export async function campaignProgress(db: Db, cycleId: string, kind: CampaignKind): Promise<CampaignProgress> {
  const groups = await db.emailMessage.groupBy({
    by: ["status"],
    where: { cycleId, idempotencyKey: { startsWith: campaignKeyPrefix(cycleId, kind) } },
    _count: { _all: true },
  });
  const progress: CampaignProgress = { queued: 0, sending: 0, sent: 0, failed: 0, total: 0 };
  for (const g of groups) {
    const n = g._count._all;
    progress.total += n;
    if (g.status === "queued" || g.status === "sending" || g.status === "sent" || g.status === "failed") progress[g.status] += n;
  }
  return progress;
}

/**
 * The whole campaign's progress, over every planned email (not only the ones stored so far):
 * `statuses` has one entry per planned recipient ("none" when not stored yet). While a send
 * is under way or unfinished (`sendOpen`), an email not stored yet is waiting like a queued
 * one; otherwise it is not being sent.
 */
export type WholeProgress = { total: number; queued: number; sending: number; sent: number; failed: number; notSent: number };

export function wholeProgress(statuses: string[], sendOpen: boolean): WholeProgress {
  const p: WholeProgress = { total: statuses.length, queued: 0, sending: 0, sent: 0, failed: 0, notSent: 0 };
  for (const status of statuses) {
    if (status === "sent" || status === "failed" || status === "sending" || status === "queued") p[status] += 1;
    else if (sendOpen) p.queued += 1;
    else p.notSent += 1;
  }
  return p;
}

/** The send (press of Send) of this campaign not yet finished, if any: it resumes at start-up. */
export async function unfinishedSend(db: Db, cycleId: string, kind: CampaignKind) {
  return db.campaignSend.findFirst({ where: { cycleId, kind, finishedAt: null }, orderBy: { createdAt: "desc" } });
}

/**
 * Is this campaign being sent now, by this server or any other on the database? From the
 * stored sends' leases, so the page and the Send button say the same whichever server the
 * organiser's request lands on (docs/decisions/0069).
 */
export async function sendUnderWay(db: Db, cycleId: string, kind: CampaignKind, now = new Date()): Promise<boolean> {
  // This server knows its own senders; another's is under way while its hold runs; one nobody
  // holds yet waits for its job (or a sweep) to be taken up, in seconds.
  if (isSending(cycleId, kind)) return true;
  const held = { leaseUntil: { gt: now }, leaseHolder: { not: INSTANCE_ID } };
  return (await db.campaignSend.count({ where: { cycleId, kind, finishedAt: null, OR: [held, { leaseHolder: null }] } })) > 0;
}

/**
 * Why the last send of this campaign stopped early, if it did: from its job's state, which every
 * server reads alike (a failed try is tried again; the message stays until one succeeds), or else
 * from this server's memory of a sender a sweep started.
 */
export async function sendFailure(db: Db, queue: JobQueue, cycleId: string, kind: CampaignKind): Promise<string | null> {
  const last = await db.campaignSend.findFirst({ where: { cycleId, kind }, orderBy: { createdAt: "desc" }, select: { id: true } });
  const job = last ? await queue.latestJob(CAMPAIGN_SEND_JOB, last.id) : null;
  if (job && (job.state === "failed" || job.state === "retry")) {
    const message = (job.output as { message?: unknown } | null)?.message;
    if (typeof message === "string" && message) return message;
  }
  return senderFailure(cycleId, kind);
}

/** Every stored message of the campaign, for the log on the page. */
export async function campaignLog(db: Db, cycleId: string, kind: CampaignKind) {
  return db.emailMessage.findMany({
    where: { cycleId, idempotencyKey: { startsWith: campaignKeyPrefix(cycleId, kind) } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      toEmail: true,
      toName: true,
      template: true,
      subject: true,
      status: true,
      providerId: true,
      lastError: true,
      attempts: true,
      sentAt: true,
      createdAt: true,
      idempotencyKey: true,
      outcome: true,
      nomination: { select: { id: true, title: true } },
    },
  });
}

// ------------------------------------------------------------------ sending in the background

export type SendOptions = DeliveryOptions & {
  /** Who asked, for the audit trail. */
  actorId?: string | null;
  now?: Date;
};

/**
 * How long a server's hold on a send lasts without being renewed (SEND_LEASE_MS). The
 * sender renews it every third of that while it runs; once it has run out (the server was
 * killed, or lost the database), another server takes the send over (resumeUnfinishedSends).
 * Longer than any pause a live server's event loop makes, short enough that a send is not
 * left waiting long.
 */
export const SEND_LEASE_MS = Number(process.env.SEND_LEASE_MS) || 30_000;

const leaseUntil = () => new Date(Date.now() + SEND_LEASE_MS);

type Runner = {
  /** Set when someone asks to send while this sender runs: it takes one more look for waiting messages. */
  again: boolean;
  /** Campaigns to queue (render and store) before sending: queueing 250 results takes seconds. */
  prepares: (() => Promise<unknown>)[];
  /** Failed messages an organiser asked to re-send, one at a time, by this sender. */
  resends: Set<string>;
  /** The recorded sends (CampaignSend) this sender carries out: marked finished when it stops. */
  sends: Set<string>;
  done: Promise<void>;
};

const runners = new Map<string, Runner>();
/** The last error that stopped a sender, by cycle and campaign, for the page (cleared by the next start). */
const failures = new Map<string, string>();
const runnerKey = (cycleId: string, kind: CampaignKind) => `${cycleId}:${kind}`;

/** Is a sender running for this cycle and campaign in this process? */
export function isSending(cycleId: string, kind: CampaignKind): boolean {
  return runners.has(runnerKey(cycleId, kind));
}

/** Why the last sender for this cycle and campaign stopped early, if it did. */
export function senderFailure(cycleId: string, kind: CampaignKind): string | null {
  return failures.get(runnerKey(cycleId, kind)) ?? null;
}

/**
 * Delivers the campaign's waiting messages (queued, or left `sending` by a crash) in the
 * background, fire and forget, errors logged. If a sender for this cycle and campaign is
 * already running, it is asked to take one more look instead of starting a second one.
 * `done` settles when the sender stops (tests await it; it never rejects).
 */
export function startSending(db: Db, cycleId: string, kind: CampaignKind, options: SendOptions = {}) {
  return ensureRunner(db, cycleId, kind, options, {});
}

/**
 * What the organiser's "Send" does: checks the campaign may be sent now (CampaignError if
 * not), then queues it (queueCampaign) and sends it, both in the background, so the page
 * can show progress at once.
 */
export function queueAndSend(
  db: Db,
  actor: { userId: string } | null,
  cycle: CampaignCycle,
  kind: CampaignKind,
  options: SendOptions & { sendId?: string } = {},
) {
  const blocker = campaignBlocker(cycle, kind);
  if (blocker) throw new CampaignError(blocker);
  const { sendId, ...rest } = options;
  const prepare = () => queueCampaign(db, actor, cycle, kind, rest.now ?? new Date());
  return ensureRunner(db, cycle.id, kind, { actorId: actor?.userId ?? null, ...rest }, { prepare, sendId });
}

/**
 * The page's "Send": records the send first (CampaignSend: what, for when, how many), then
 * queueAndSend. If the server stops before every planned email is stored and delivered, the
 * record is still unfinished and resumeUnfinishedSends carries it on at start-up, planned as of
 * the same moment, so no one gets a second copy and no one is left out (docs/decisions/0054).
 */
export async function requestSend(
  db: Db,
  actor: { userId: string } | null,
  cycle: CampaignCycle,
  kind: CampaignKind,
  options: SendOptions & { planned?: number } = {},
) {
  const blocker = campaignBlocker(cycle, kind);
  if (blocker) throw new CampaignError(blocker);
  const { planned, ...rest } = options;
  const plannedFor = rest.now ?? new Date();
  const count = planned ?? (await planCampaign(db, cycle, kind, plannedFor)).length;
  const send = await db.campaignSend.create({
    data: { cycleId: cycle.id, kind, requestedById: actor?.userId ?? null, plannedFor, planned: count, leaseHolder: INSTANCE_ID, leaseUntil: leaseUntil() },
  });
  return { sendId: send.id, ...queueAndSend(db, actor, cycle, kind, { ...rest, now: plannedFor, sendId: send.id }) };
}

/** The job that carries out a recorded send, on whichever server takes it (carryOnSend). */
export const CAMPAIGN_SEND_JOB = "campaign-send";

/**
 * The page's "Send" on a server: records the send and enqueues the job that carries it out
 * (carryOnSend), in one transaction where the queue allows (changeAndEnqueue), and returns at
 * once. The record is unleased, so if the job is lost (the in-process runner's server stops
 * first) the start-up and background sweeps (resumeUnfinishedSends) carry it out instead: of
 * the job and a sweep, whichever claims the record first sends, the other finds it taken.
 */
export async function enqueueSend(
  db: Db,
  queue: JobQueue,
  actor: { userId: string } | null,
  cycle: CampaignCycle,
  kind: CampaignKind,
  options: { planned?: number; now?: Date } = {},
) {
  const blocker = campaignBlocker(cycle, kind);
  if (blocker) throw new CampaignError(blocker);
  const plannedFor = options.now ?? new Date();
  const count = options.planned ?? (await planCampaign(db, cycle, kind, plannedFor)).length;
  const { result: sendId, jobId } = await changeAndEnqueue(db, queue, async (tx) => {
    const send = await tx.campaignSend.create({ data: { cycleId: cycle.id, kind, requestedById: actor?.userId ?? null, plannedFor, planned: count } });
    // Retried on failure: a retry finds what the last try left (the outbox sends nothing twice).
    // Keyed by the send, so its page can read the job's state (sendFailure).
    const options = { singletonKey: send.id, retryLimit: 3, retryDelaySeconds: 15, backoff: true };
    return { result: send.id, job: { name: CAMPAIGN_SEND_JOB, data: { sendId: send.id }, options } };
  });
  return { sendId, jobId };
}

/**
 * The campaign-send job: carries out one recorded send on this server, and settles when its
 * sender stops. Nothing to do when it is finished, or held by another server whose hold still
 * runs (that server sends it). Throws when the sender stopped early, so the queue tries again.
 */
export async function carryOnSend(db: Db, sendId: string, options: SendOptions = {}) {
  const send = await db.campaignSend.findUnique({ where: { id: sendId } });
  if (!send || send.finishedAt) return { sendId, carriedOut: false, reason: "finished" };
  const run = await claimAndStart(db, send, options, new Date(), "job");
  if (!run) return { sendId, carriedOut: false, reason: "another server sends it" };
  await run.done;
  const failure = senderFailure(run.cycleId, run.kind);
  if (failure) throw new Error(failure);
  return { sendId, carriedOut: true };
}

/** Every server works the campaign-send jobs. */
export async function startCampaignSendWorker(db: Db, queue: JobQueue) {
  await queue.work<{ sendId: string }>(CAMPAIGN_SEND_JOB, (job) => carryOnSend(db, job.data.sendId));
}

/**
 * Every send a crash or restart left unfinished carries on by itself, as if the organiser had
 * pressed Send again (which they need not). A send that can no longer go (the results were
 * unlocked meanwhile, say) is closed with the reason, for the page.
 *
 * Called at start-up and by every round of the background sender. A send is taken over
 * only when its lease has run out (its server stopped renewing it: killed, or cut off), and
 * taken by one server only: the lease is claimed by a conditional update, so of two
 * servers looking at once, one wins. `takeLive` takes sends whose lease still runs: a lone
 * server starting up (INSTANCES=1) knows their holder was its own predecessor.
 */
export async function resumeUnfinishedSends(db: Db, options: SendOptions & { takeLive?: boolean } = {}) {
  const { takeLive = true, ...sendOptions } = options;
  const now = new Date();
  const free = takeLive ? {} : { OR: [{ leaseUntil: null }, { leaseUntil: { lte: now } }] };
  const open = await db.campaignSend.findMany({ where: { finishedAt: null, ...free }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  const resumed: Started[] = [];
  for (const send of open) {
    const run = await claimAndStart(db, send, sendOptions, now, "sweep");
    if (run) resumed.push(run);
  }
  return resumed;
}

type Started = { sendId: string; cycleId: string; kind: CampaignKind; done: Promise<void> };

/**
 * Claims one unfinished send for this server and starts its sender; null when it is not this
 * server's to take. A sweep is given sends free to take (start-up's, or those whose hold ran
 * out), except that a live hold of this server's own is its running sender. A job takes a send
 * nobody holds, or one this server holds with no sender of its running (one that failed).
 * The claim is a conditional update, so of two servers looking at once, one wins. A send
 * that can no longer go (the results were unlocked meanwhile, say) is closed with the reason.
 */
async function claimAndStart(db: Db, send: CampaignSend, sendOptions: SendOptions, now: Date, by: "sweep" | "job") {
  const live = Boolean(send.leaseHolder && send.leaseUntil && send.leaseUntil > now);
  const ours = live && send.leaseHolder === INSTANCE_ID;
  if (ours && (by === "sweep" || (isCampaignKind(send.kind) && isSending(send.cycleId, send.kind)))) return null;
  if (live && !ours && by === "job") return null;
  const claimed = await db.campaignSend.updateMany({
    where: { id: send.id, finishedAt: null, leaseHolder: send.leaseHolder, leaseUntil: send.leaseUntil },
    data: { leaseHolder: INSTANCE_ID, leaseUntil: leaseUntil() },
  });
  if (claimed.count === 0) return null;
  const cycle = await db.awardCycle.findUnique({ where: { id: send.cycleId } });
  const blocker = !isCampaignKind(send.kind) ? "Unknown message" : cycle ? campaignBlocker(cycle, send.kind) : "The cycle no longer exists";
  if (!cycle || !isCampaignKind(send.kind) || blocker) {
    await db.campaignSend.update({ where: { id: send.id }, data: { finishedAt: new Date(), stoppedReason: blocker } });
    return null;
  }
  const actor = send.requestedById ? { userId: send.requestedById } : null;
  const run = queueAndSend(db, actor, cycle, send.kind, { ...sendOptions, now: send.plannedFor, sendId: send.id });
  return { sendId: send.id, cycleId: cycle.id, kind: send.kind, done: run.done } satisfies Started;
}

/**
 * Re-sends one failed message of the campaign on its own (resendFailedMessage), through
 * the campaign's single sender. Throws CampaignError if it is not a failed message of it.
 */
export async function resendFailed(
  db: Db,
  actor: { userId: string } | null,
  cycleId: string,
  kind: CampaignKind,
  messageId: string,
  options: SendOptions = {},
) {
  const message = await db.emailMessage.findFirst({
    where: { id: messageId, cycleId, idempotencyKey: { startsWith: campaignKeyPrefix(cycleId, kind) } },
    select: { id: true, status: true, toEmail: true, nominationId: true, template: true, outcomeTierId: true, outcome: true },
  });
  if (!message) throw new CampaignError("That email is not part of this message.");
  if (message.status !== "failed") throw new CampaignError(`The email to ${message.toEmail} has not failed, so there is nothing to re-send.`);
  if ((kind === "results" || kind === "results-correction") && !(await stillCurrent(db, message))) {
    if (kind === "results-correction") {
      throw new CampaignError(
        `The correction to ${message.toEmail} tells an outcome that has changed since, so it is not re-sent: send the corrections instead.`,
      );
    }
    // Never delivered (the service refused it), so it is written again with the outcome now.
    await rewriteFailedResult(db, cycleId, message.id);
  }
  await audit(db, {
    actorId: actor?.userId ?? null,
    cycleId,
    action: "email.resend_requested",
    entityType: "EmailMessage",
    entityId: message.id,
    data: { kind, to: message.toEmail },
  });
  return ensureRunner(db, cycleId, kind, { actorId: actor?.userId ?? null, ...options }, { resendId: message.id });
}

type Work = { prepare?: () => Promise<unknown>; resendId?: string; sendId?: string };

/** A failed results email whose outcome changed since: written again, from the plan, as it would be sent now. */
async function rewriteFailedResult(db: Db, cycleId: string, messageId: string) {
  const cycle = await db.awardCycle.findUniqueOrThrow({ where: { id: cycleId } });
  const blocker = campaignBlocker(cycle, "results");
  if (blocker) throw new CampaignError(blocker);
  const stored = await db.emailMessage.findUniqueOrThrow({ where: { id: messageId }, select: { idempotencyKey: true } });
  const planned = (await planResults(db, cycle)).find((r) => r.idempotencyKey === stored.idempotencyKey);
  if (!planned) throw new CampaignError("That person is no longer on the results list, so the email is not re-sent.");
  const rendered = await renderEmail(planned.template, planned.props);
  await db.emailMessage.update({
    where: { id: messageId },
    data: {
      template: planned.template,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      outcomeTierId: planned.outcome?.tierId ?? null,
      outcome: planned.outcome?.name ?? null,
    },
  });
}

function ensureRunner(db: Db, cycleId: string, kind: CampaignKind, options: SendOptions, work: Work) {
  const key = runnerKey(cycleId, kind);
  const existing = runners.get(key);
  if (existing) {
    existing.again = true;
    if (work.prepare) existing.prepares.push(work.prepare);
    if (work.resendId) existing.resends.add(work.resendId);
    if (work.sendId) existing.sends.add(work.sendId);
    return { started: false, done: existing.done };
  }
  failures.delete(key);
  const runner: Runner = {
    again: false,
    prepares: work.prepare ? [work.prepare] : [],
    resends: new Set(work.resendId ? [work.resendId] : []),
    sends: new Set(work.sendId ? [work.sendId] : []),
    done: Promise.resolve(),
  };
  runners.set(key, runner);
  // While it runs, this server keeps its hold on the sends it carries out; if it stops (a
  // failure), the hold runs out and a later round, here or on another server, tries again.
  const renew = () =>
    void db.campaignSend
      .updateMany({ where: { id: { in: [...runner.sends] }, finishedAt: null }, data: { leaseHolder: INSTANCE_ID, leaseUntil: leaseUntil() } })
      .catch((error: unknown) => console.error("Renewing the hold on a send failed (it is tried again shortly):", error));
  const heartbeat = setInterval(renew, Math.max(100, Math.floor(SEND_LEASE_MS / 3)));
  heartbeat.unref();
  runner.done = runSender(db, cycleId, kind, runner, options)
    .catch((error: unknown) => {
      if (runners.get(key) === runner) runners.delete(key);
      failures.set(key, error instanceof Error ? error.message : String(error));
      console.error(`Sending the ${kind} emails of cycle ${cycleId} failed:`, error);
    })
    .finally(() => clearInterval(heartbeat));
  return { started: true, done: runner.done };
}

const MAX_PASSES = 50;

async function runSender(db: Db, cycleId: string, kind: CampaignKind, runner: Runner, options: SendOptions) {
  const key = runnerKey(cycleId, kind);
  const prefix = campaignKeyPrefix(cycleId, kind);
  const started = Date.now();
  const totals = { sent: 0, failed: 0, calls: 0 };
  const { actorId = null, now: _now, ...delivery } = options;
  await audit(db, { actorId, cycleId, action: "emails.sending_started", entityType: "AwardCycle", entityId: cycleId, data: { kind } });

  for (let pass = 0; pass < MAX_PASSES; pass++) {
    for (let prepare = runner.prepares.shift(); prepare; prepare = runner.prepares.shift()) await prepare();
    for (const id of [...runner.resends]) {
      runner.resends.delete(id);
      const before = await db.emailMessage.findUnique({ where: { id }, select: { status: true } });
      const after = await resendFailedMessage(db, id, delivery);
      if (before?.status === "failed" && after) totals[after.status === "sent" ? "sent" : "failed"] += 1;
    }
    const waiting = await db.emailMessage.findMany({
      where: { cycleId, idempotencyKey: { startsWith: prefix }, status: { in: ["queued", "sending"] } },
      select: { id: true },
    });
    if (waiting.length === 0 && runner.resends.size === 0 && runner.prepares.length === 0) {
      if (!runner.again) break;
      runner.again = false;
      continue;
    }
    runner.again = false;
    if (waiting.length) {
      const result = await deliverMessages(
        db,
        waiting.map((m) => m.id),
        delivery,
      );
      totals.sent += result.sent;
      totals.failed += result.failed;
      totals.calls += result.calls;
    }
  }
  // Synchronously after the last look: from here a new request starts a new sender.
  runners.delete(key);
  // Every planned email of these sends is stored and has gone or failed: nothing to resume.
  if (runner.sends.size) await db.campaignSend.updateMany({ where: { id: { in: [...runner.sends] }, finishedAt: null }, data: { finishedAt: new Date() } });

  await audit(db, {
    actorId,
    cycleId,
    action: "emails.sending_finished",
    entityType: "AwardCycle",
    entityId: cycleId,
    data: { kind, ...totals, ms: Date.now() - started },
  });
  if (kind === "results") await markResultsSentIfComplete(db, cycleId, actorId, options.now);
}

/**
 * Sets AwardCycle.resultsSentAt (once) when every planned results message has been sent.
 * Returns true if the cycle's results count as sent.
 */
export async function markResultsSentIfComplete(db: Db, cycleId: string, actorId: string | null = null, now = new Date()) {
  const cycle = await db.awardCycle.findUnique({ where: { id: cycleId } });
  if (!cycle || !cycle.resultsDecidedAt) return false;
  const planned = await planResults(db, cycle);
  if (planned.length === 0) return false;
  const sent = await db.emailMessage.count({
    where: { idempotencyKey: { in: planned.map((r) => r.idempotencyKey) }, status: "sent" },
  });
  if (sent < planned.length) return false;
  const updated = await db.awardCycle.updateMany({ where: { id: cycleId, resultsSentAt: null }, data: { resultsSentAt: now } });
  if (updated.count > 0) {
    await audit(db, {
      actorId,
      cycleId,
      action: "cycle.results_sent",
      entityType: "AwardCycle",
      entityId: cycleId,
      data: { messages: planned.length },
    });
  }
  return true;
}
