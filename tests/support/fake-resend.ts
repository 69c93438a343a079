/**
 * A local stand-in for the Resend API, for tests. It answers `POST /emails` and
 * `POST /emails/batch` the way the real API does, checks each request against Resend's
 * own OpenAPI description (../shared/contracts/resend-openapi.yaml, read at start-up, never
 * copied), records everything it gets, and can misbehave on purpose (429, 5xx, hang, slow).
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
 * - body checked against components/schemas/SendEmailRequest (and the batch request schema,
 *   an array of them) -> 422 validation_error naming the field
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
import fs from "node:fs";
import path from "node:path";
import { randomBytes, randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import type { AddressInfo } from "node:net";
import YAML from "yaml";
import Ajv2020, { type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

export const DEFAULT_OPENAPI_PATH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../shared/contracts/resend-openapi.yaml");

export const MAX_RECIPIENTS_PER_EMAIL = 50;
export const MAX_EMAILS_PER_BATCH = 100;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 256;

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
  headers?: Record<string, string>;
  tags?: { name: string; value: string }[];
  attachments?: { filename?: string; content?: string; path?: string; content_type?: string; content_id?: string }[];
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
  openApiPath?: string;
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

type Validators = {
  sendEmail: ValidateFunction;
  batch: ValidateFunction;
  idempotencyKey: ValidateFunction;
};

const DOC_ID = "https://fake-resend.local/openapi.json";

/** Escapes one JSON-pointer segment. */
function pointer(...segments: string[]): string {
  return "#/" + segments.map((s) => s.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
}

type OpenApiOperation = {
  parameters?: { in?: string; name?: string; schema?: unknown }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
};

/**
 * Compiles the request schemas straight from the OpenAPI document. The whole document is
 * added to ajv under one $id, so its "#/components/schemas/..." references resolve as they
 * stand; each schema is then compiled from its JSON pointer inside the document.
 */
function loadValidators(openApiPath: string): Validators {
  const doc = YAML.parse(fs.readFileSync(openApiPath, "utf8")) as {
    paths: Record<string, Record<string, OpenApiOperation>>;
    components: { schemas: Record<string, unknown> };
  };
  const sendOp = doc.paths?.["/emails"]?.post;
  const batchOp = doc.paths?.["/emails/batch"]?.post;
  if (!sendOp || !batchOp || !doc.components?.schemas?.SendEmailRequest) {
    throw new Error(`${openApiPath} does not describe POST /emails, POST /emails/batch and SendEmailRequest`);
  }
  if (!batchOp.requestBody?.content?.["application/json"]?.schema) {
    throw new Error(`${openApiPath} has no JSON request schema for POST /emails/batch`);
  }
  const keyParamIndex = (sendOp.parameters ?? []).findIndex((p) => p.in === "header" && p.name === "Idempotency-Key");
  if (keyParamIndex < 0) throw new Error(`${openApiPath} has no Idempotency-Key header for POST /emails`);

  // OpenAPI 3.1 schemas are JSON Schema 2020-12. strict: false lets OpenAPI's own
  // annotations (example, discriminator...) through; the checks are unchanged.
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema({ $id: DOC_ID, paths: doc.paths, components: doc.components });
  const compile = (ptr: string): ValidateFunction => {
    const fn = ajv.getSchema(DOC_ID + ptr);
    if (!fn) throw new Error(`Cannot compile ${ptr} from ${openApiPath}`);
    return fn;
  };
  return {
    sendEmail: compile(pointer("components", "schemas", "SendEmailRequest")),
    batch: compile(pointer("paths", "/emails/batch", "post", "requestBody", "content", "application/json", "schema")),
    idempotencyKey: compile(pointer("paths", "/emails", "post", "parameters", String(keyParamIndex), "schema")),
  };
}

/** One readable sentence from ajv's errors, in the style of Resend's messages. */
function describeErrors(errors: ErrorObject[] | null | undefined, prefix = ""): string {
  const list = errors ?? [];
  const field = (instancePath: string) =>
    instancePath
      .split("/")
      .filter(Boolean)
      .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
      .join(".");
  const missing = list.find((e) => e.keyword === "required");
  if (missing) {
    const name = String((missing.params as { missingProperty?: string }).missingProperty ?? "");
    const where = field(missing.instancePath);
    return `${prefix}Missing \`${where ? `${where}.` : ""}${name}\` field.`;
  }
  // Prefer the most specific error: drop the "must match a schema in oneOf" summaries and
  // type mismatches when a more telling error is there for the same field.
  const specific = list.filter((e) => !["oneOf", "anyOf", "allOf", "type"].includes(e.keyword));
  const chosen = specific[0] ?? list[0];
  if (!chosen) return `${prefix}Invalid request body.`;
  const where = field(chosen.instancePath);
  return `${prefix}Invalid \`${where || "body"}\` field: ${where || "the body"} ${chosen.message ?? "is not valid"}.`;
}

const ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;
const NAMED_ADDRESS = /^[^<>]*<([^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+)>$/;

function isAddress(value: string): boolean {
  const v = value.trim();
  return ADDRESS.test(v) || NAMED_ADDRESS.test(v);
}

function asList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

type SendEmailRequest = {
  from: string;
  to: string | string[];
  subject: string;
  cc?: string | string[];
  bcc?: string | string[];
  reply_to?: string | string[];
  html?: string;
  text?: string;
  headers?: Record<string, string>;
  tags?: { name: string; value: string }[];
  attachments?: AcceptedEmail["attachments"];
  scheduled_at?: string;
};

/** The checks beyond the schema that the real API makes. Returns a message, or null if fine. */
function checkMessage(msg: SendEmailRequest, inBatch: boolean, prefix = ""): string | null {
  const to = asList(msg.to);
  const cc = asList(msg.cc);
  const bcc = asList(msg.bcc);
  const count = to.length + cc.length + bcc.length;
  if (count > MAX_RECIPIENTS_PER_EMAIL) {
    return `${prefix}Too many recipients: ${count}. A message can have at most ${MAX_RECIPIENTS_PER_EMAIL} recipients in \`to\`, \`cc\` and \`bcc\` together.`;
  }
  const fields: [string, string[]][] = [
    ["from", [msg.from]],
    ["to", to],
    ["cc", cc],
    ["bcc", bcc],
    ["reply_to", asList(msg.reply_to)],
  ];
  for (const [name, values] of fields) {
    if (values.some((v) => !isAddress(v))) {
      return `${prefix}Invalid \`${name}\` field. The email address needs to follow the \`email@example.com\` or \`Name <email@example.com>\` format.`;
    }
  }
  if (inBatch && msg.attachments !== undefined) return `${prefix}The \`attachments\` field is not supported for batch emails.`;
  if (inBatch && msg.scheduled_at !== undefined) return `${prefix}The \`scheduled_at\` field is not supported for batch emails.`;
  return null;
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
  const validators = loadValidators(options.openApiPath ?? process.env.RESEND_OPENAPI_PATH ?? DEFAULT_OPENAPI_PATH);
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
      if (!validators.sendEmail(body)) return errorAnswer(422, "validation_error", describeErrors(validators.sendEmail.errors));
      const msg = body as SendEmailRequest;
      const problem = checkMessage(msg, false);
      if (problem) return errorAnswer(422, "validation_error", problem);
      return { status: 200, body: { id: accept(msg, endpoint, null, record) } };
    }
    if (!Array.isArray(body)) return errorAnswer(422, "validation_error", describeErrors(validators.batch(body) ? [] : validators.batch.errors));
    if (body.length > MAX_EMAILS_PER_BATCH) {
      return errorAnswer(422, "validation_error", `Too many emails in one batch: ${body.length}. A batch can have at most ${MAX_EMAILS_PER_BATCH} emails.`);
    }
    const problems: { index: number; message: string }[] = [];
    body.forEach((item, index) => {
      const prefix = `emails[${index}]: `;
      if (!validators.sendEmail(item)) {
        problems.push({ index, message: describeErrors(validators.sendEmail.errors, prefix) });
        return;
      }
      const problem = checkMessage(item as SendEmailRequest, true, prefix);
      if (problem) problems.push({ index, message: problem });
    });
    // The batch schema as a whole too (an array of SendEmailRequest), as the contract states it.
    if (problems.length === 0 && !validators.batch(body)) {
      return errorAnswer(422, "validation_error", describeErrors(validators.batch.errors));
    }
    if (problems.length > 0 && !permissive) return errorAnswer(422, "validation_error", problems[0]!.message);
    const bad = new Set(problems.map((p) => p.index));
    const data = body.flatMap((item, index) => (bad.has(index) ? [] : [{ id: accept(item as SendEmailRequest, endpoint, index, record) }]));
    return { status: 200, body: permissive ? { data, errors: problems } : { data } };
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
    if (idempotencyKey !== null && !validators.idempotencyKey(idempotencyKey)) {
      return reply(res, record, errorAnswer(400, "invalid_idempotency_key", `The key must be between 1-${MAX_IDEMPOTENCY_KEY_LENGTH} chars.`));
    }
    if (idempotencyKey !== null && idempotencyKey.length === 0) {
      return reply(res, record, errorAnswer(400, "invalid_idempotency_key", `The key must be between 1-${MAX_IDEMPOTENCY_KEY_LENGTH} chars.`));
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
