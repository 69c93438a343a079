import { Resend } from "resend";
import type { Db } from "~/db/client.server";
import { env } from "~/env.server";
import { MAX_EMAILS_PER_BATCH } from "~/mail/resend-schemas";

/** What the transport needs of a stored message. */
export type StoredMessage = {
  id: string;
  toEmail: string;
  toName: string | null;
  fromEmail: string;
  template: string;
  subject: string;
  html: string;
  text: string;
  attachments: string | null;
  idempotencyKey: string;
};

export type CallOutcome = { ok: true; providerIds: string[] } | { ok: false; error: string; retryable: boolean; retryAfterMs?: number };

/** What a call may be given: how long it may take (else CALL_TIMEOUT_MS), and the database (the local transport's mailbox is in it). */
export type CallOptions = { timeoutMs?: number; db?: Db };

/**
 * One call to the mail service. `messages` has one entry for a single send, up to
 * `maxBatch` for a batch; `key` is the idempotency key of the call.
 */
export interface MailTransport {
  name: "local" | "resend";
  maxBatch: number;
  send(messages: StoredMessage[], key: string, options?: CallOptions): Promise<CallOutcome>;
}

/**
 * Is there anyone to read the local mailbox? The local mailbox page (LOCAL_MAILBOX on), or
 * development and tests. A live server without a mail service keeps nothing: its sign-in
 * links would sit unread in a table (people get links with `npm run awards -- sign-in-link`).
 */
function keepsLocalMailbox() {
  return env.localMailboxOn || !env.isProduction;
}

/**
 * Without RESEND_API_KEY, delivering is putting the message in the local mailbox
 * (LocalMailboxMessage), as a real inbox would hold it, links and all: /dev/mailbox reads it
 * there, while the outbox row is stripped of its live links like any sent message.
 */
export const localTransport: MailTransport = {
  name: "local",
  maxBatch: 100,
  async send(messages, _key, options = {}) {
    if (options.db && keepsLocalMailbox()) {
      for (const m of messages) {
        const copy = {
          toEmail: m.toEmail,
          toName: m.toName,
          fromEmail: m.fromEmail,
          template: m.template,
          subject: m.subject,
          html: m.html,
          text: m.text,
          attachments: m.attachments,
        };
        // The same message again (a call resumed after a crash) is the same letter: kept once.
        await options.db.localMailboxMessage.upsert({ where: { id: m.id }, create: { id: m.id, ...copy }, update: {} });
      }
    }
    return { ok: true, providerIds: messages.map((m) => `local-${m.id}`) };
  },
};

/** How long one call may take before we give up on it and retry with the same key. */
const CALL_TIMEOUT_MS = Number(process.env.MAIL_CALL_TIMEOUT_MS || 15_000);

function toAddress(m: StoredMessage) {
  return m.toName ? `${m.toName.replace(/[<>"]/g, "")} <${m.toEmail}>` : m.toEmail;
}

function payload(m: StoredMessage) {
  const attachments = m.attachments
    ? (JSON.parse(m.attachments) as { filename: string; contentType: string; content: string }[]).map((a) => ({
        filename: a.filename,
        content: a.content,
        // The SDK takes camelCase and writes `content_type` itself; a `content_type` given here is dropped.
        contentType: a.contentType,
      }))
    : undefined;
  return { from: m.fromEmail, to: [toAddress(m)], subject: m.subject, html: m.html, text: m.text, ...(attachments ? { attachments } : {}) };
}

function parseRetryAfter(headers: Record<string, string> | null | undefined): number | undefined {
  const value = headers?.["retry-after"];
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

/**
 * The real Resend SDK. RESEND_BASE_URL (read by the SDK itself) points it at the fake
 * server in tests. Resend's batch endpoint takes no attachments, so messages with
 * attachments (the ceremony's .ics) always go one at a time (the outbox arranges that).
 */
export function resendTransport(apiKey: string): MailTransport {
  const resend = new Resend(apiKey);
  return {
    name: "resend",
    maxBatch: MAX_EMAILS_PER_BATCH,
    async send(messages, key, options = {}) {
      const signal = AbortSignal.timeout(options.timeoutMs ?? CALL_TIMEOUT_MS);
      try {
        const response =
          messages.length === 1
            ? await resend.emails.send(payload(messages[0]) as never, { idempotencyKey: key, signal } as never)
            : await resend.batch.send(messages.map(payload) as never, { idempotencyKey: key, signal } as never);
        if (response.error) {
          const status = (response.error as { statusCode?: number | null }).statusCode ?? null;
          // 409 concurrent_idempotent_requests: the first call with this key is still being
          // handled (e.g. it timed out on our side); asking again later replays its answer.
          const retryable = status === null || status === 429 || status >= 500 || response.error.name === "concurrent_idempotent_requests";
          return {
            ok: false,
            error: `${status ?? "network"} ${response.error.name}: ${response.error.message}`,
            retryable,
            retryAfterMs: parseRetryAfter((response as { headers?: Record<string, string> | null }).headers),
          };
        }
        const data = response.data as { id?: string; data?: { id: string }[] } | null;
        const ids = messages.length === 1 ? [data?.id ?? ""] : (data?.data ?? []).map((d) => d.id);
        if (ids.length !== messages.length || ids.some((id) => !id)) {
          return { ok: false, error: "Resend answered without an id for every message", retryable: true };
        }
        return { ok: true, providerIds: ids };
      } catch (error) {
        // A timeout or dropped connection: we cannot know if Resend got it, so retry with the same key.
        return { ok: false, error: `network: ${(error as Error).message}`, retryable: true };
      }
    },
  };
}

let cached: MailTransport | undefined;
export function transportForEnvironment(): MailTransport {
  const key = env.resendApiKey;
  if (!key) return localTransport;
  if (!cached || cached.name !== "resend") cached = resendTransport(key);
  return cached;
}
