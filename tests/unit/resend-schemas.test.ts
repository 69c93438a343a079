/**
 * The project's schemas of Resend's requests against the sample corpus: the shapes give the
 * description's answer to every sample, and the requests refuse exactly the samples the
 * description refuses plus those a named rule refuses. Whether the corpus's answers are the
 * description's is checked by tests/integration/resend-contract.test.ts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { z } from "zod";

import { batchEmailRequest, batchShape, idempotencyKey, idempotencyKeyShape, sendEmailRequest, sendEmailShape } from "~/mail/resend-schemas";
import { BATCH_SAMPLES, EMAIL_SAMPLES, KEY_SAMPLES, RULES, type Sample } from "../support/resend-samples";

const corpora: [string, Sample[], z.ZodType, z.ZodType][] = [
  ["POST /emails", EMAIL_SAMPLES, sendEmailShape, sendEmailRequest],
  ["POST /emails/batch", BATCH_SAMPLES, batchShape, batchEmailRequest],
  ["Idempotency-Key", KEY_SAMPLES, idempotencyKeyShape, idempotencyKey],
];

for (const [what, samples, shape, request] of corpora) {
  test(`${what}: the shape gives every sample the description's answer`, () => {
    for (const s of samples) assert.equal(shape.safeParse(s.body).success, s.schema === "valid", s.name);
  });

  test(`${what}: the request schema refuses what the description refuses, and more only by a named rule`, () => {
    for (const s of samples) assert.equal(request.safeParse(s.body).success, s.schema === "valid" && !s.beyond, s.name);
  });
}

test("the corpus has both kinds of sample and each rule at work", () => {
  const all = [...EMAIL_SAMPLES, ...BATCH_SAMPLES, ...KEY_SAMPLES];
  for (const samples of [EMAIL_SAMPLES, BATCH_SAMPLES, KEY_SAMPLES]) {
    assert.ok(samples.some((s) => s.schema === "valid" && !s.beyond));
    assert.ok(samples.some((s) => s.schema === "invalid"));
  }
  assert.deepEqual(new Set(all.flatMap((s) => (s.beyond ? [s.beyond] : []))), new Set(Object.keys(RULES)), "every rule refuses at least one sample");
  for (const samples of [EMAIL_SAMPLES, BATCH_SAMPLES, KEY_SAMPLES]) {
    assert.equal(new Set(samples.map((s) => s.name)).size, samples.length, "sample names are unique");
  }
});
