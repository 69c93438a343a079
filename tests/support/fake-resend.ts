/**
 * A local stand-in for the Resend API, for tests. It answers `POST /emails` and
 * `POST /emails/batch` the way the real API does, checks each request with the project's
 * own schemas of Resend's API (app/mail/resend-schemas.ts, held against Resend's OpenAPI
 * description by tests/integration/resend-contract.test.ts), records everything it gets,
 * and can misbehave on purpose (429, 5xx, hang, slow).
 *
 * Pointing the real `resend` SDK (6.x) at it:
 *   The SDK reads `process.env.RESEND_BASE_URL` in the `Resend` constructor (not when the
 *   module loads): `this.baseUrl = options?.baseUrl ?? getDefaultBaseUrl()`, where
 *   getDefaultBaseUrl() returns `process.env.RESEND_BASE_URL || "https://api.resend.com"`.
 *   So set RESEND_BASE_URL before `new Resend(key)` (or pass `{ baseUrl }` as the second
 *   argument); a client made earlier keeps the address it read then. The SDK adds no
 *   retries of its own, sends `Authorization: Bearer <key>`, `User-Agent: resend-node:<version>`,
 *   `Idempotency-Key` when `{ idempotencyKey }` is given, and `x-batch-validation: strict`
 *   (or `permissive`) on batches. It turns a network failure or abort into
 *   `{ error: { name: "application_error", statusCode: null } }` instead of throwing.
 *
 * Behaviour, as the real API:
 * - no `Authorization: Bearer ...` -> 401 missing_api_key; a wrong key -> 403 invalid_api_key
 * - body checked with sendEmailRequest (or batchEmailRequest, an array of them)
 *   -> 422 validation_error naming the field
 * - at most 50 recipients a message (to + cc + bcc), at most 100 messages a batch; batches
 *   take no attachments and no scheduled_at
 * - addresses must look like `email@example.com` or `Name <email@example.com>`
 * - Idempotency-Key (1-256 characters, else 400 invalid_idempotency_key): the same key with
 *   the same body replays the first answer and delivers nothing new; the same key with a
 *   different body -> 409 invalid_idempotent_request; while the first is still being
 *   handled -> 409 concurrent_idempotent_requests. Only successful answers are kept.
 * - answers: POST /emails -> 200 { id }; POST /emails/batch -> 200 { data: [{ id }] }
 *   (plus `errors: [{ index, message }]` with `x-batch-validation: permissive`)
 * - errors are JSON `{ statusCode, name, message }`, the SDK's ErrorResponse shape
 */
import http from "node:http";
import { randomBytes, randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import type { z } from "zod";

import { asList, batchEmailRequest, idempotencyKey as idempotencyKeySchema, sendEmailRequest, type SendEmailRequest } from "~/mail/resend-schemas";

export { MAX_EMAILS_PER_BATCH, MAX_IDEMPOTENCY_KEY_LENGTH, MAX_RECIPIENTS_PER_EMAIL } from "~/mail/resend-schemas";

export type FakeResendMode =
  | { kind: "ok" }
  /** Answer this status `times` times (every time if not given), then behave normally. */
  | { kind: "status"; status: 429 | 500 | 503; times?: number; retryAfter?: number }
  /**
   * Never answer `times` requests (every one if not given). With `afterAccept`, the message
   * is accepted and delivered first and only the answer is lost, as when a connection drops
   * after the API has done its work.
   */
  | { kind: "hang"; times?: number; afterAccept?: boolean }
  /** Wait this long before handling each request. */
  | { kind: "delay"; ms: number };

export type RecordedRequest = {
  /** 0, 1, 2... in order of arrival. */
  index: number;
  method: string;
  path: string;
  headers: {
    authorization?: string;
    idempotencyKey?: string;
    contentType?: string;
    userAgent?: string;
    batchValidation?: string;
  };
  /** The parsed JSON body, or the raw text if it was not JSON. */
  body: unknown;
  idempotencyKey: string | null;
  /** The status answered; null while unanswered (or for ever, in "hang" mode). */
  status: number | null;
  /** The JSON answered, if any. */
  response: unknown;
  /** True when this answer was a replay of an earlier one with the same Idempotency-Key. */
  replayed: boolean;
  /** Ids of the messages this request delivered (none for a replay or a refusal). */
  deliveredIds: string[];
  receivedAt: Date;
};

export type AcceptedEmail = {
  id: string;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo: string[];
  subject: string;
  html?: string;
  text?: string;
  headers?: SendEmailRequest["headers"];
  tags?: SendEmailRequest["tags"];
  attachments?: SendEmailRequest["attachments"];
  scheduledAt?: string;
  idempotencyKey: string | null;
  endpoint: "/emails" | "/emails/batch";
  /** Position in the batch, or null for a single send. */
  batchIndex: number | null;
  /** RecordedRequest.index of the request that delivered it. */
  requestIndex: number;
  acceptedAt: string;
};

export type FakeResendOptions = {
  /** Defaults to a fresh random "re_test_..." key. */
  apiKey?: string;
  /** Defaults to 0: any free port. */
  port?: number;
  mode?: FakeResendMode;
  /** Called for every accepted message, e.g. to write it to a log file. */
  onAccepted?: (email: AcceptedEmail) => void;
};

export type FakeResend = {
  /** "http://127.0.0.1:PORT": set RESEND_BASE_URL to this before `new Resend(apiKey)`. */
  url: string;
  port: number;
  apiKey: string;
  requests: RecordedRequest[];
  /** Every accepted message, in order. */
  emails: AcceptedEmail[];
  setMode(mode: FakeResendMode): void;
  close(): Promise<void>;
};

type ErrorName =
  | "missing_api_key"
  | "invalid_api_key"
  | "validation_error"
  | "invalid_idempotency_key"
  | "invalid_idempotent_request"
  | "concurrent_idempotent_requests"
  | "not_found"
  | "method_not_allowed"
  | "rate_limit_exceeded"
  | "internal_server_error"
  | "application_error";

type Answer = { status: number; body: unknown; headers?: Record<string, string> };

function errorAnswer(status: number, name: ErrorName, message: string, headers?: Record<string, string>): Answer {
  return { status, body: { statusCode: status, name, message }, headers };
}

/** The value at `path` inside `input`, or undefined if any step is missing. */
function at(input: unknown, path: PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** One readable sentence from zod's first issue, in the style of Resend's messages. */
function describeIssue(issue: z.core.$ZodIssue | undefined, input: unknown, prefix = ""): string {
  if (!issue) return `${prefix}Invalid request body.`;
  const where = issue.path.map(String).join(".");
  // The rules beyond the schema already speak Resend's words.
  if (issue.code === "custom" || (issue.code === "too_big" && issue.path.length === 0)) return `${prefix}${issue.message}`;
  if (issue.code === "invalid_type" && where && at(input, issue.path) === undefined) return `${prefix}Missing \`${where}\` field.`;
  // "string or array" fields: the branch of the right type says what is wrong (too many, not
  // a string...); when neither type fits, say which types would.
  let reason = issue.message.replace(/^Invalid input: /, "");
  if (issue.code === "invalid_union") {
    const firsts = issue.errors.map((b) => b[0]).filter((b) => b !== undefined);
    const wrongType = (b: z.core.$ZodIssue) => b.code === "invalid_type" && b.path.length === 0;
    const branch = firsts.find((b) => !wrongType(b));
    if (branch) reason = branch.message.replace(/^Invalid input: /, "");
    else reason = `expected ${firsts.map((b) => (b.code === "invalid_type" ? b.expected : "?")).join(" or ")}`;
  }
  return `${prefix}Invalid \`${where || "body"}\` field: ${reason}.`;
}

/** JSON with object keys sorted, so the same body always compares equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

type IdempotencyEntry = { fingerprint: string; state: "in_progress" } | { fingerprint: string; state: "done"; answer: Answer };

function headerValue(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

export async function startFakeResend(options: FakeResendOptions = {}): Promise<FakeResend> {
  const apiKey = options.apiKey ?? `re_test_${randomBytes(12).toString("hex")}`;
  const requests: RecordedRequest[] = [];
  const emails: AcceptedEmail[] = [];
  const idempotency = new Map<string, IdempotencyEntry>();
  const timers = new Set<NodeJS.Timeout>();
  let mode: FakeResendMode = options.mode ?? { kind: "ok" };
  let faultsServed = 0;

  const setMode = (next: FakeResendMode) => {
    mode = next;
    faultsServed = 0;
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  /** Whether the current fault mode applies to this request (and counts it if so). */
  const takeFault = (): boolean => {
    if (mode.kind !== "status" && mode.kind !== "hang") return false;
    if (mode.times !== undefined && faultsServed >= mode.times) return false;
    faultsServed += 1;
    return true;
  };

  const accept = (msg: SendEmailRequest, endpoint: AcceptedEmail["endpoint"], batchIndex: number | null, record: RecordedRequest): string => {
    const id = randomUUID();
    const email: AcceptedEmail = {
      id,
      from: msg.from,
      to: asList(msg.to),
      cc: asList(msg.cc),
      bcc: asList(msg.bcc),
      replyTo: asList(msg.reply_to),
      subject: msg.subject,
      html: msg.html,
      text: msg.text,
      headers: msg.headers,
      tags: msg.tags,
      attachments: msg.attachments,
      scheduledAt: msg.scheduled_at,
      idempotencyKey: record.idempotencyKey,
      endpoint,
      batchIndex,
      requestIndex: record.index,
      acceptedAt: new Date().toISOString(),
    };
    emails.push(email);
    record.deliveredIds.push(id);
    options.onAccepted?.(email);
    return id;
  };

  /** Validates and delivers; returns the answer. Nothing is delivered unless the whole request is fine (strict batches). */
  const processSend = (endpoint: AcceptedEmail["endpoint"], body: unknown, record: RecordedRequest, permissive: boolean): Answer => {
    if (endpoint === "/emails") {
      const parsed = sendEmailRequest.safeParse(body);
      if (!parsed.success) return errorAnswer(422, "validation_error", describeIssue(parsed.error.issues[0], body));
      return { status: 200, body: { id: accept(parsed.data, endpoint, null, record) } };
    }
    const parsed = batchEmailRequest.safeParse(body);
    if (parsed.success) {
      return {
        status: 200,
        body: { data: parsed.data.map((msg, index) => ({ id: accept(msg, endpoint, index, record) })), ...(permissive ? { errors: [] } : {}) },
      };
    }
    // Not an array, or too long: the batch as a whole is refused, whatever the mode.
    const whole = parsed.error.issues.find((i) => i.path.length === 0);
    if (whole) return errorAnswer(422, "validation_error", describeIssue(whole, body));
    // Otherwise the problems are per message: the first one found in each.
    const problems = new Map<number, string>();
    for (const issue of parsed.error.issues) {
      const index = issue.path[0] as number;
      if (!problems.has(index)) problems.set(index, describeIssue({ ...issue, path: issue.path.slice(1) }, (body as unknown[])[index], `emails[${index}]: `));
    }
    const errors = [...problems].sort(([a], [b]) => a - b).map(([index, message]) => ({ index, message }));
    if (!permissive) return errorAnswer(422, "validation_error", errors[0]!.message);
    const data = (body as unknown[]).flatMap((item, index) => (problems.has(index) ? [] : [{ id: accept(item as SendEmailRequest, endpoint, index, record) }]));
    return { status: 200, body: { data, errors } };
  };

  const hung = new Set<http.ServerResponse>();

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      handle(req, res, Buffer.concat(chunks).toString("utf8")).catch((err: unknown) => {
        if (!res.headersSent && !res.destroyed) {
          res.writeHead(500, { "content-type": "application/json" });
          res.end(JSON.stringify({ statusCode: 500, name: "internal_server_error", message: String(err) }));
        }
      });
    });
  });

  const reply = (res: http.ServerResponse, record: RecordedRequest | null, answer: Answer) => {
    if (record) {
      record.status = answer.status;
      record.response = answer.body;
    }
    if (res.destroyed || res.writableEnded) return; // the client gave up; the work stands
    res.writeHead(answer.status, { "content-type": "application/json; charset=utf-8", ...answer.headers });
    res.end(JSON.stringify(answer.body));
  };

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, raw: string) {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const method = (req.method ?? "GET").toUpperCase();

    // Test controls for a fake run as a separate process (tests/support/fake-resend-cli.ts).
    if (url.pathname.startsWith("/__fake/")) {
      if (method === "GET" && url.pathname === "/__fake/emails") return reply(res, null, { status: 200, body: emails });
      if (method === "GET" && url.pathname === "/__fake/requests") return reply(res, null, { status: 200, body: requests });
      if (method === "POST" && url.pathname === "/__fake/mode") {
        try {
          setMode(JSON.parse(raw) as FakeResendMode);
          return reply(res, null, { status: 200, body: { mode } });
        } catch {
          return reply(res, null, { status: 400, body: { message: "Send the mode as JSON" } });
        }
      }
      return reply(res, null, { status: 404, body: { message: "Unknown control" } });
    }

    let body: unknown = raw;
    let jsonOk = raw.length > 0;
    try {
      body = raw.length ? JSON.parse(raw) : undefined;
    } catch {
      jsonOk = false;
    }
    const idempotencyKey = headerValue(req, "idempotency-key") ?? null;
    const record: RecordedRequest = {
      index: requests.length,
      method,
      path: url.pathname,
      headers: {
        authorization: headerValue(req, "authorization"),
        idempotencyKey: idempotencyKey ?? undefined,
        contentType: headerValue(req, "content-type"),
        userAgent: headerValue(req, "user-agent"),
        batchValidation: headerValue(req, "x-batch-validation"),
      },
      body,
      idempotencyKey,
      status: null,
      response: undefined,
      replayed: false,
      deliveredIds: [],
      receivedAt: new Date(),
    };
    requests.push(record);

    // 1. Who is asking.
    const auth = headerValue(req, "authorization") ?? "";
    const bearer = /^Bearer\s+(.+)$/i.exec(auth.trim());
    if (!bearer || !bearer[1]!.trim()) {
      return reply(
        res,
        record,
        errorAnswer(
          401,
          "missing_api_key",
          "Missing API key in the authorization header. Include the following header 'Authorization: Bearer YOUR_API_KEY' in the request.",
        ),
      );
    }
    if (bearer[1]!.trim() !== apiKey) return reply(res, record, errorAnswer(403, "invalid_api_key", "API key is invalid"));

    // 2. Where to.
    const endpoint = url.pathname === "/emails" || url.pathname === "/emails/batch" ? url.pathname : null;
    if (!endpoint) return reply(res, record, errorAnswer(404, "not_found", "The requested endpoint does not exist."));
    if (method !== "POST") {
      return reply(res, record, errorAnswer(405, "method_not_allowed", "Method is not allowed for the requested path."));
    }

    // 3. Faults on purpose (a "delay" comes later, once the idempotency key is taken).
    let hangAfterAccept = false;
    if (takeFault()) {
      if (mode.kind === "status") {
        const headers: Record<string, string> = {};
        if (mode.retryAfter !== undefined) headers["retry-after"] = String(mode.retryAfter);
        if (mode.status === 429) {
          Object.assign(headers, { "ratelimit-limit": "2", "ratelimit-remaining": "0", "ratelimit-reset": String(mode.retryAfter ?? 1) });
          return reply(
            res,
            record,
            errorAnswer(
              429,
              "rate_limit_exceeded",
              "Too many requests. Please limit the number of requests per second. Or contact support to increase rate limit.",
              headers,
            ),
          );
        }
        if (mode.status === 500) return reply(res, record, errorAnswer(500, "internal_server_error", "An unexpected error occurred.", headers));
        return reply(res, record, errorAnswer(503, "application_error", "The service is unavailable. Please try again later.", headers));
      }
      if (mode.kind === "hang") {
        if (!mode.afterAccept) {
          hung.add(res);
          res.on("close", () => hung.delete(res));
          return; // never answered
        }
        hangAfterAccept = true;
      }
    }

    // 4. The body must be JSON.
    if (!jsonOk) {
      return reply(res, record, errorAnswer(422, "validation_error", "The request body must be JSON."));
    }

    // 5. Idempotency.
    if (idempotencyKey !== null) {
      const key = idempotencyKeySchema.safeParse(idempotencyKey);
      if (!key.success) return reply(res, record, errorAnswer(400, "invalid_idempotency_key", key.error.issues[0]!.message));
    }
    const fingerprint = `${endpoint}\n${canonical(body)}`;
    if (idempotencyKey !== null) {
      const seen = idempotency.get(idempotencyKey);
      if (seen && seen.fingerprint !== fingerprint) {
        return reply(
          res,
          record,
          errorAnswer(409, "invalid_idempotent_request", "Same idempotency key used with a different request payload. Change your idempotency key or payload."),
        );
      }
      if (seen?.state === "in_progress") {
        return reply(
          res,
          record,
          errorAnswer(
            409,
            "concurrent_idempotent_requests",
            "Same idempotency key used while original request is still in progress. Try the request again later.",
          ),
        );
      }
      if (seen?.state === "done") {
        record.replayed = true;
        return reply(res, record, seen.answer);
      }
      idempotency.set(idempotencyKey, { fingerprint, state: "in_progress" });
    }
    if (mode.kind === "delay") await sleep(mode.ms);

    // 6. Validate and deliver.
    const permissive = (headerValue(req, "x-batch-validation") ?? "strict").toLowerCase() === "permissive";
    const answer = processSend(endpoint, body, record, permissive);
    if (idempotencyKey !== null) {
      if (answer.status === 200) idempotency.set(idempotencyKey, { fingerprint, state: "done", answer });
      else idempotency.delete(idempotencyKey);
    }
    if (hangAfterAccept) {
      record.status = null; // delivered, but the caller never hears
      hung.add(res);
      res.on("close", () => hung.delete(res));
      return;
    }
    return reply(res, record, answer);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    apiKey,
    requests,
    emails,
    setMode,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        for (const res of hung) res.destroy();
        hung.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
