/**
 * Sample requests to Resend, each with the answer Resend's OpenAPI description gives it.
 * tests/unit/resend-schemas.test.ts holds the project's schemas (app/mail/resend-schemas.ts)
 * to these answers on every clone; tests/integration/resend-contract.test.ts checks the
 * answers themselves against the description, where it is found.
 */

/**
 * Where the project's request schemas refuse what the description's schema takes: each
 * rule, what it says, and where the fact comes from.
 */
export const RULES = {
  batchSize: "a batch holds at most 100 emails: the description says so in the summary of POST /emails/batch, not in its schema",
  recipientsTogether:
    "at most 50 recipients in to, cc and bcc together: the description's schema limits `to` alone ('Max 50'); the project counts all three so no message it sends is refused for its recipients",
  addressFormat:
    "addresses as `email@example.com` or `Name <email@example.com>`: the description names the format in words ('Your Name <sender@domain.com>'), its schema takes any string",
  batchOnly: "a batched email takes no attachments and no scheduled_at: Resend's batch documentation; the description does not say",
  keyNotEmpty: "an idempotency key of at least 1 character: Resend answers 'The key must be between 1-256 chars'; the description sets only maxLength",
} as const;
export type Rule = keyof typeof RULES;

export type Sample = {
  name: string;
  body: unknown;
  /** The description's answer, and so the answer of the project's shape schemas. */
  schema: "valid" | "invalid";
  /** Set when the project's request schema refuses a body the description takes. */
  beyond?: Rule;
};

const FROM = "Coventry Compact Awards <awards@coventry-cen.example.org>";
const base = { from: FROM, to: "partner@example.org", subject: "Nomination received" };
const addresses = (n: number, who = "to") => Array.from({ length: n }, (_, i) => `${who}${i}@example.org`);
const without = (key: keyof typeof base) => Object.fromEntries(Object.entries(base).filter(([k]) => k !== key));
const valid = (name: string, body: unknown, beyond?: Rule): Sample => ({ name, body, schema: "valid", beyond });
const invalid = (name: string, body: unknown): Sample => ({ name, body, schema: "invalid" });

/** Bodies of POST /emails. */
export const EMAIL_SAMPLES: Sample[] = [
  valid("from, to and subject alone", base),
  valid("html and text", { ...base, html: "<p>Thank you</p>", text: "Thank you" }),
  valid("a named sender and a bare one", { ...base, from: "awards@example.org" }),
  valid("to as an array of one", { ...base, to: ["partner@example.org"] }),
  valid("to as an array of 50", { ...base, to: addresses(50) }),
  valid("cc, bcc and reply_to as strings", { ...base, cc: "cc@example.org", bcc: "bcc@example.org", reply_to: "rob@example.org" }),
  valid("cc, bcc and reply_to as arrays", { ...base, cc: addresses(2, "cc"), bcc: addresses(2, "bcc"), reply_to: ["rob@example.org"] }),
  valid("cc as an empty array (no minItems but on `to`)", { ...base, cc: [] }),
  valid("an empty subject", { ...base, subject: "" }),
  valid("custom headers", { ...base, headers: { "X-Entity-Ref-ID": "123", "List-Unsubscribe": "<mailto:u@example.org>" } }),
  valid("header values of any type (the description says only `type: object`)", { ...base, headers: { "X-Count": 3 } }),
  valid("tags", { ...base, tags: [{ name: "category", value: "results" }] }),
  valid("a tag with neither name nor value (neither is required)", { ...base, tags: [{}] }),
  valid("an attachment with content", { ...base, attachments: [{ filename: "invite.ics", content: "QkVHSU46VkNBTEVOREFS", content_type: "text/calendar" }] }),
  valid("an attachment by path with a content id", {
    ...base,
    attachments: [{ path: "https://example.org/logo.png", filename: "logo.png", content_id: "logo" }],
  }),
  valid("scheduled_at", { ...base, scheduled_at: "2026-09-01T09:00:00Z" }),
  valid("a template with variables", { ...base, template: { id: "results", variables: { name: "Rob", rank: 2 } } }),
  valid("topic_id", { ...base, topic_id: "b6d24b8e-af0b-4c3c-be0c-359bbd97381e" }),
  valid("an extra field (the description does not refuse additional properties)", { ...base, campaign: "results-2026" }),
  valid("an extra field inside an attachment", { ...base, attachments: [{ filename: "a.txt", content: "YQ==", disposition: "inline" }] }),

  invalid("no from", without("from")),
  invalid("no to", without("to")),
  invalid("no subject", without("subject")),
  invalid("an empty object", {}),
  invalid("an array instead of an object", [base]),
  invalid("null", null),
  invalid("a string", "hello"),
  invalid("from as a number", { ...base, from: 42 }),
  invalid("from as null", { ...base, from: null }),
  invalid("subject as a number", { ...base, subject: 42 }),
  invalid("to as a number", { ...base, to: 42 }),
  invalid("to as an empty array", { ...base, to: [] }),
  invalid("to as an array of 51", { ...base, to: addresses(51) }),
  invalid("to with a number in it", { ...base, to: ["partner@example.org", 7] }),
  invalid("to as an object", { ...base, to: { email: "partner@example.org" } }),
  invalid("cc as a number", { ...base, cc: 1 }),
  invalid("bcc with null in it", { ...base, bcc: [null] }),
  invalid("reply_to as an object", { ...base, reply_to: {} }),
  invalid("html as a number", { ...base, html: 1 }),
  invalid("text as a boolean", { ...base, text: true }),
  invalid("headers as an array", { ...base, headers: ["X-A: 1"] }),
  invalid("headers as a string", { ...base, headers: "X-A: 1" }),
  invalid("tags as an object", { ...base, tags: { name: "a", value: "b" } }),
  invalid("a tag name as a number", { ...base, tags: [{ name: 1, value: "b" }] }),
  invalid("attachments as an object", { ...base, attachments: { filename: "a.txt" } }),
  invalid("an attachment as a string", { ...base, attachments: ["a.txt"] }),
  invalid("an attachment filename as a number", { ...base, attachments: [{ filename: 1, content: "YQ==" }] }),
  invalid("a template without an id", { ...base, template: { variables: { a: "b" } } }),
  invalid("a template variable that is neither string nor number", { ...base, template: { id: "t", variables: { a: true } } }),
  invalid("scheduled_at as a number", { ...base, scheduled_at: 1767225600 }),
  invalid("topic_id as a number", { ...base, topic_id: 7 }),

  valid("30 to, 11 cc and 10 bcc: 51 together", { ...base, to: addresses(30), cc: addresses(11, "cc"), bcc: addresses(10, "bcc") }, "recipientsTogether"),
  valid("to that is not an address", { ...base, to: "not an address" }, "addressFormat"),
  valid("from that is not an address", { ...base, from: "Coventry Compact Awards" }, "addressFormat"),
  valid("a cc list with one bad address", { ...base, cc: ["cc@example.org", "cc@"] }, "addressFormat"),
  valid("reply_to with two addresses in one string", { ...base, reply_to: "a@example.org, b@example.org" }, "addressFormat"),
];

const messages = (n: number) => Array.from({ length: n }, (_, i) => ({ ...base, to: `partner${i}@example.org`, subject: `Results (${i})` }));

/** Bodies of POST /emails/batch. */
export const BATCH_SAMPLES: Sample[] = [
  valid("a batch of one", messages(1)),
  valid("a batch of 100", messages(100)),
  valid("an empty batch (the description sets no minItems)", []),
  valid(
    "messages with extra fields",
    messages(2).map((m) => ({ ...m, campaign: "results" })),
  ),
  valid("messages with html, text, cc and tags", [{ ...base, html: "<p>a</p>", text: "a", cc: ["cc@example.org"], tags: [{ name: "k", value: "v" }] }]),

  invalid("an object instead of an array", base),
  invalid("an object of messages", { emails: messages(2) }),
  invalid("null", null),
  invalid("an array of strings", ["partner@example.org"]),
  invalid("null among the messages", [base, null]),
  invalid("a message without a subject", [base, without("subject")]),
  invalid("a message without from", [without("from")]),
  invalid("a message without to", [without("to")]),
  invalid("a message with 51 in to", [{ ...base, to: addresses(51) }]),
  invalid("a message with a number as subject", [{ ...base, subject: 1 }]),

  valid("a batch of 101", messages(101), "batchSize"),
  valid("a batched message with an attachment", [{ ...base, attachments: [{ filename: "invite.ics", content: "QkVHSU4=" }] }], "batchOnly"),
  valid("a batched message with scheduled_at", [{ ...base, scheduled_at: "2026-09-01T09:00:00Z" }], "batchOnly"),
  valid("a batched message with a bad address", [base, { ...base, to: "nope" }], "addressFormat"),
];

/** Values of the Idempotency-Key header. */
export const KEY_SAMPLES: Sample[] = [
  valid("one character", "k"),
  valid("the project's own form: a prefix and a SHA-256", `results-${"a".repeat(64)}`),
  valid("256 characters", "k".repeat(256)),
  invalid("257 characters", "k".repeat(257)),
  invalid("a number", 42),
  valid("an empty key", "", "keyNotEmpty"),
];
