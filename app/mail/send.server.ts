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

/** Queues one message and delivers it now (sign-in links, confirmations, receipts). */
export async function sendEmail<N extends EmailTemplateName>(db: Db, email: OutgoingEmail<N>, transport?: MailTransport) {
  const message = await queueEmail(db, email);
  if (message.status === "queued") {
    const { deliverMessages } = await import("./outbox.server");
    await deliverMessages(db, [message.id], { transport });
  }
  return db.emailMessage.findUniqueOrThrow({ where: { id: message.id } });
}

export { transportForEnvironment };
