import type { Db } from "~/db/client.server";
import { env } from "~/env.server";
import { renderEmail, type EmailProps, type EmailTemplateName } from "~/mail/templates.server";
import { transportForEnvironment, type MailTransport } from "./transport.server";

export type OutgoingEmail<N extends EmailTemplateName = EmailTemplateName> = {
  to: string;
  toName?: string | null;
  template: N;
  props: EmailProps<N>;
  /** Unique per logical message, e.g. "results:<cycle>:<nomination>:<email>": stored once, sent once. */
  idempotencyKey: string;
  cycleId?: string | null;
  nominationId?: string | null;
  attachments?: { filename: string; contentType: string; content: string }[];
  /** Results and corrections: the outcome this message tells (tier id, null for not awarded; and its name). */
  outcome?: { tierId: string | null; name: string };
};

/**
 * Renders and stores a message in the outbox (EmailMessage), unless a message with the
 * same idempotency key is already there: then the stored one is returned untouched.
 */
export async function queueEmail<N extends EmailTemplateName>(db: Db, email: OutgoingEmail<N>) {
  const existing = await db.emailMessage.findUnique({ where: { idempotencyKey: email.idempotencyKey } });
  if (existing) return existing;
  const rendered = await renderEmail(email.template, email.props);
  try {
    return await db.emailMessage.create({
      data: {
        toEmail: email.to.toLowerCase(),
        toName: email.toName ?? null,
        fromEmail: env.mailFrom,
        template: email.template,
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        attachments: email.attachments ? JSON.stringify(email.attachments) : null,
        idempotencyKey: email.idempotencyKey,
        cycleId: email.cycleId ?? null,
        nominationId: email.nominationId ?? null,
        outcomeTierId: email.outcome?.tierId ?? null,
        outcome: email.outcome?.name ?? null,
        transport: env.resendApiKey ? "resend" : "local",
      },
    });
  } catch (error) {
    // Two requests queued the same message at once: the unique key kept one; use it.
    const raced = await db.emailMessage.findUnique({ where: { idempotencyKey: email.idempotencyKey } });
    if (raced) return raced;
    throw error;
  }
}

/** What became of a message, in the words a page uses: gone, waiting for the background sender, or given up on. */
export type Delivery = "sent" | "delayed" | "failed";

export function deliveryOf(message: { status: string }): Delivery {
  return message.status === "sent" ? "sent" : message.status === "failed" ? "failed" : "delayed";
}

/**
 * The messages queued since `since` (about one nomination, or by id) that have not gone yet:
 * so the page that caused them can say so instead of "we have emailed them".
 */
export async function notYetSent(db: Db, filter: { since?: Date; nominationId?: string; ids?: string[] }) {
  const rows = await db.emailMessage.findMany({
    where: {
      ...(filter.since ? { createdAt: { gte: filter.since } } : {}),
      status: { not: "sent" },
      ...(filter.nominationId ? { nominationId: filter.nominationId } : {}),
      ...(filter.ids ? { id: { in: filter.ids } } : {}),
    },
    orderBy: { createdAt: "asc" },
    select: { toEmail: true, status: true },
  });
  return rows.map((m) => ({ toEmail: m.toEmail, delivery: deliveryOf(m) }));
}

/** "...: we could not send the email to a and b just now. We will keep trying, so it may arrive late." (empty when all went) */
export function notYetSentSentence(waiting: { toEmail: string; delivery: Delivery }[]): string {
  if (waiting.length === 0) return "";
  const names = [...new Set(waiting.map((w) => w.toEmail))];
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  const gaveUp = waiting.every((w) => w.delivery === "failed");
  return gaveUp
    ? ` But we could not send the email to ${list}: please let the awards organisers know.`
    : ` But we could not send the email to ${list} just now. We will keep trying, so it may arrive late.`;
}

/** The one attempt made while the person waits: this long at most (MAIL_INLINE_TIMEOUT_MS). */
export const INLINE_ATTEMPT_MS = Number(process.env.MAIL_INLINE_TIMEOUT_MS) || 3000;

/**
 * One message now (sign-in links, confirmations, receipts, invitations): stored in the
 * outbox, then ONE short attempt (INLINE_ATTEMPT_MS) while the person waits; if the mail
 * service is failing or slow, the message is left to the background sender
 * (app/mail/sender.server.ts), which keeps trying with back-off. The stored row is returned:
 * deliveryOf(row) says what to tell the person (docs/decisions/0021).
 */
export async function sendEmail<N extends EmailTemplateName>(db: Db, email: OutgoingEmail<N>, transport?: MailTransport) {
  const message = await queueEmail(db, email);
  if (message.status === "queued") {
    const { deliverMessages } = await import("./outbox.server");
    await deliverMessages(db, [message.id], { transport, maxAttempts: 1, callTimeoutMs: INLINE_ATTEMPT_MS, retryLater: true });
  }
  return db.emailMessage.findUniqueOrThrow({ where: { id: message.id } });
}

export { transportForEnvironment };
