/**
 * Resend's send requests as the wire carries them (snake_case JSON), in two layers:
 *
 * - The shapes (`*Shape`) say exactly what Resend's OpenAPI description says as schema, no
 *   more and no less: extra fields are allowed because the description allows them.
 *   tests/integration/resend-contract.test.ts holds them to the description's answers.
 * - The requests (`sendEmailRequest`, `batchEmailRequest`, `idempotencyKey`) add the rules
 *   the API enforces beyond that schema, each message in Resend's own words, so the tests'
 *   fake Resend refuses what the real one would.
 *
 * Kept here rather than under tests/ so the app's Resend transport takes its limits from
 * the same place as the fake that checks it.
 */
import { z } from "zod";

/** The description: `to` "Max 50". Counted over to, cc and bcc together (see recipientRules). */
export const MAX_RECIPIENTS_PER_EMAIL = 50;
/** The description's summary of POST /emails/batch: "Trigger up to 100 batch emails at once". */
export const MAX_EMAILS_PER_BATCH = 100;
/** The Idempotency-Key header's `maxLength`. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 256;

// ---------------------------------------------------------------- the description's schema

const addresses = z.union([z.string(), z.array(z.string())]);

export const attachmentShape = z.looseObject({
  content: z.string().optional(),
  filename: z.string().optional(),
  path: z.string().optional(),
  content_type: z.string().optional(),
  content_id: z.string().optional(),
});

export const tagShape = z.looseObject({ name: z.string().optional(), value: z.string().optional() });

export const templateShape = z.looseObject({
  id: z.string(),
  variables: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

/** components/schemas/SendEmailRequest. */
export const sendEmailShape = z.looseObject({
  from: z.string(),
  to: z.union([z.string(), z.array(z.string()).min(1).max(MAX_RECIPIENTS_PER_EMAIL)]),
  subject: z.string(),
  bcc: addresses.optional(),
  cc: addresses.optional(),
  reply_to: addresses.optional(),
  html: z.string().optional(),
  text: z.string().optional(),
  template: templateShape.optional(),
  headers: z.record(z.string(), z.unknown()).optional(),
  scheduled_at: z.string().optional(),
  attachments: z.array(attachmentShape).optional(),
  tags: z.array(tagShape).optional(),
  topic_id: z.string().optional(),
});

/** POST /emails/batch's request body: an array of SendEmailRequest, no length limit in the schema. */
export const batchShape = z.array(sendEmailShape);

/** The Idempotency-Key header of both endpoints. */
export const idempotencyKeyShape = z.string().max(MAX_IDEMPOTENCY_KEY_LENGTH);

// ---------------------------------------------------------------- the rules beyond it

const ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;
const NAMED_ADDRESS = /^[^<>]*<([^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+)>$/;

/** `email@example.com` or `Name <email@example.com>`, the two forms Resend takes. */
export function isAddress(value: string): boolean {
  const v = value.trim();
  return ADDRESS.test(v) || NAMED_ADDRESS.test(v);
}

export function asList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

type Shape = z.infer<typeof sendEmailShape>;

// The description limits `to` alone; the project counts cc and bcc too, so that no message
// it sends can be refused for its recipients whichever way Resend counts them.
function recipientRules(msg: Shape, ctx: z.RefinementCtx): boolean {
  const count = asList(msg.to).length + asList(msg.cc).length + asList(msg.bcc).length;
  if (count > MAX_RECIPIENTS_PER_EMAIL) {
    ctx.addIssue({
      code: "custom",
      path: ["to"],
      message: `Too many recipients: ${count}. A message can have at most ${MAX_RECIPIENTS_PER_EMAIL} recipients in \`to\`, \`cc\` and \`bcc\` together.`,
    });
    return false;
  }
  const fields = [
    ["from", [msg.from]],
    ["to", asList(msg.to)],
    ["cc", asList(msg.cc)],
    ["bcc", asList(msg.bcc)],
    ["reply_to", asList(msg.reply_to)],
  ] as const;
  for (const [name, values] of fields) {
    if (values.some((v) => !isAddress(v))) {
      ctx.addIssue({
        code: "custom",
        path: [name],
        message: `Invalid \`${name}\` field. The email address needs to follow the \`email@example.com\` or \`Name <email@example.com>\` format.`,
      });
      return false;
    }
  }
  return true;
}

// Resend's batch endpoint documents these two as unsupported; the description does not say.
function batchOnlyRules(msg: Shape, ctx: z.RefinementCtx) {
  for (const field of ["attachments", "scheduled_at"] as const) {
    if (msg[field] !== undefined) {
      ctx.addIssue({ code: "custom", path: [field], message: `The \`${field}\` field is not supported for batch emails.` });
      return;
    }
  }
}

/** The body of POST /emails. */
export const sendEmailRequest = sendEmailShape.superRefine((msg, ctx) => {
  recipientRules(msg, ctx);
});

/** One message of a batch. */
export const batchEmail = sendEmailShape.superRefine((msg, ctx) => {
  // One message at a time, as Resend answers: the first problem found.
  if (recipientRules(msg, ctx)) batchOnlyRules(msg, ctx);
});

/** The body of POST /emails/batch. */
export const batchEmailRequest = z.array(batchEmail).max(MAX_EMAILS_PER_BATCH, {
  error: (issue) => `Too many emails in one batch: ${(issue.input as unknown[]).length}. A batch can have at most ${MAX_EMAILS_PER_BATCH} emails.`,
});

/** The Idempotency-Key header: Resend answers "The key must be between 1-256 chars". */
const keyLength = `The key must be between 1-${MAX_IDEMPOTENCY_KEY_LENGTH} chars.`;
export const idempotencyKey = z.string().min(1, keyLength).max(MAX_IDEMPOTENCY_KEY_LENGTH, keyLength);

export type SendEmailRequest = z.infer<typeof sendEmailRequest>;
