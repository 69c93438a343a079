/**
 * The contract: the project's schemas of Resend's requests (app/mail/resend-schemas.ts) and
 * the sample corpus's answers (tests/support/resend-samples.ts) against Resend's own OpenAPI
 * description, read where it is found and never copied into the project: RESEND_OPENAPI_PATH,
 * else ../shared/contracts/resend-openapi.yaml beside the project, as CI lays it out.
 *
 * This is the only test that reaches outside the project. Without the description it passes
 * under a name that says nothing was compared, so a lone clone's `npm test` still runs every
 * other test; with RESEND_OPENAPI_PATH set to a file that is not there, it fails.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

import { MAX_EMAILS_PER_BATCH, MAX_RECIPIENTS_PER_EMAIL, attachmentShape, sendEmailShape, tagShape, templateShape } from "~/mail/resend-schemas";
import { BATCH_SAMPLES, EMAIL_SAMPLES, KEY_SAMPLES, RULES, type Rule, type Sample } from "../support/resend-samples";

const project = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const fromEnv = process.env.RESEND_OPENAPI_PATH;
const descriptionPath = fromEnv ? path.resolve(fromEnv) : path.resolve(project, "../shared/contracts/resend-openapi.yaml");

type Schema = { properties?: Record<string, Schema>; required?: string[]; description?: string };
type Operation = {
  summary?: string;
  parameters?: { in?: string; name?: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
};
type Description = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

if (!fromEnv && !fs.existsSync(descriptionPath)) {
  test(`contract: Resend's OpenAPI description not found at ${descriptionPath} (set RESEND_OPENAPI_PATH); schemas not compared`, (t) => {
    const note =
      `Resend's OpenAPI description is not at ${descriptionPath}, so the project's schemas of Resend's requests were NOT compared with it. ` +
      "Every other test ran. To compare, set RESEND_OPENAPI_PATH to a copy of resend-openapi.yaml (github.com/resend/resend-openapi).";
    t.diagnostic(note);
    console.warn(`\n  ${note}\n`);
  });
} else {
  test(`contract: the schemas of Resend's requests agree with Resend's OpenAPI description at ${descriptionPath}`, (t) => {
    assert.ok(fs.existsSync(descriptionPath), `RESEND_OPENAPI_PATH names ${descriptionPath}, which does not exist`);
    const doc = YAML.parse(fs.readFileSync(descriptionPath, "utf8")) as Description;
    const send = doc.paths?.["/emails"]?.post;
    const batch = doc.paths?.["/emails/batch"]?.post;
    const schemas = doc.components?.schemas ?? {};
    assert.ok(send && batch && schemas.SendEmailRequest, "the description has POST /emails, POST /emails/batch and SendEmailRequest");
    assert.ok(batch.requestBody?.content?.["application/json"]?.schema, "the description has a JSON request body for POST /emails/batch");
    const keyParam = (op: Operation) => (op.parameters ?? []).findIndex((p) => p.in === "header" && p.name === "Idempotency-Key");
    assert.ok(keyParam(send) >= 0 && keyParam(batch) >= 0, "both endpoints take an Idempotency-Key header");

    // OpenAPI 3.1 schemas are JSON Schema 2020-12; the whole document goes in under one $id so
    // its "#/components/..." references resolve as they stand. strict: false lets OpenAPI's
    // own keywords (example, discriminator...) through without changing any check.
    const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
    addFormats(ajv);
    const id = "https://resend-openapi.local/description.json";
    ajv.addSchema({ $id: id, paths: doc.paths, components: doc.components });
    const at = (...segments: string[]): ValidateFunction => {
      const pointer = "#/" + segments.map((s) => s.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
      const fn = ajv.getSchema(id + pointer);
      assert.ok(fn, `the description has a schema at ${pointer}`);
      return fn;
    };
    const validators: [string, Sample[], ValidateFunction][] = [
      ["POST /emails", EMAIL_SAMPLES, at("components", "schemas", "SendEmailRequest")],
      ["POST /emails/batch", BATCH_SAMPLES, at("paths", "/emails/batch", "post", "requestBody", "content", "application/json", "schema")],
      ["Idempotency-Key of POST /emails", KEY_SAMPLES, at("paths", "/emails", "post", "parameters", String(keyParam(send)), "schema")],
      ["Idempotency-Key of POST /emails/batch", KEY_SAMPLES, at("paths", "/emails/batch", "post", "parameters", String(keyParam(batch)), "schema")],
    ];

    const disagreements: string[] = [];

    // 1. Every sample gets the answer the corpus (and so the project's shapes) gives it.
    let compared = 0;
    for (const [what, samples, fn] of validators) {
      for (const sample of samples) {
        const answer = fn(sample.body) ? "valid" : "invalid";
        compared += 1;
        if (answer !== sample.schema)
          disagreements.push(`${what}, "${sample.name}": the description says ${answer}, the project's schemas say ${sample.schema}`);
      }
    }

    // 2. The same fields, and the same required ones, so a field the description adds or drops is noticed.
    const fields: [string, { shape: Record<string, { safeParse(v: unknown): { success: boolean } }> }][] = [
      ["SendEmailRequest", sendEmailShape],
      ["Attachment", attachmentShape],
      ["Tag", tagShape],
      ["EmailTemplateInput", templateShape],
    ];
    for (const [name, ours] of fields) {
      const theirs = schemas[name];
      if (!theirs?.properties) {
        disagreements.push(`the description has no properties for ${name}`);
        continue;
      }
      const a = Object.keys(theirs.properties).sort();
      const b = Object.keys(ours.shape).sort();
      if (a.join() !== b.join()) disagreements.push(`${name}: the description has fields ${a.join(", ")}; the project's schema has ${b.join(", ")}`);
      const required = (theirs.required ?? []).sort();
      const oursRequired = b.filter((k) => !ours.shape[k]!.safeParse(undefined).success);
      if (required.join() !== oursRequired.join())
        disagreements.push(
          `${name}: the description requires ${required.join(", ") || "nothing"}; the project's schema ${oursRequired.join(", ") || "nothing"}`,
        );
    }

    // 3. The rules that take their limits from the description's words (its numbers are
    // covered by the samples: 50 and 51 in `to`, 256 and 257 characters of key).
    const stated: Partial<Record<Rule, () => boolean>> = {
      batchSize: () => new RegExp(`up to ${MAX_EMAILS_PER_BATCH}\\b`).test(batch.summary ?? ""),
      recipientsTogether: () => new RegExp(`Max ${MAX_RECIPIENTS_PER_EMAIL}\\b`).test(schemas.SendEmailRequest!.properties?.to?.description ?? ""),
      addressFormat: () => /Name <[^>]+@[^>]+>/.test(schemas.SendEmailRequest!.properties?.from?.description ?? ""),
    };
    for (const [rule, check] of Object.entries(stated)) {
      if (!check()) disagreements.push(`rule ${rule} (${RULES[rule as Rule]}): the description no longer says so`);
    }

    const elsewhere = (Object.keys(RULES) as Rule[]).filter((r) => !stated[r]);
    t.diagnostic(`${compared} answers compared with ${descriptionPath}`);
    t.diagnostic(`rules from Resend's documentation, not the description (not checked here): ${elsewhere.map((r) => RULES[r]).join("; ")}`);
    assert.deepEqual(disagreements, []);
  });
}
