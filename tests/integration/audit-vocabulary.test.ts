import "../support/test-env";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, describe, test } from "node:test";
import { audit } from "~/audit/audit.server";
import { AUDIT_ENTITIES } from "~/audit/vocabulary";
import { prisma } from "~/db/client.server";

after(async () => {
  await prisma.$disconnect();
});

const MIGRATION = path.resolve("prisma", "migrations", "20261203210000_audit_entity_names", "migration.sql");

describe("one audit vocabulary (docs/decisions/0062)", () => {
  test("the data migration gives rows written in lower case the model's spelling, and touches nothing else", async () => {
    const rows = [
      { entityType: "nomination", entityId: "n-1", action: "nomination.submitted" },
      { entityType: "membership", entityId: "m-1", action: "membership.asked" },
      { entityType: "organisation", entityId: "o-1", action: "organisation.domain_added" },
      { entityType: "Nomination", entityId: "n-2", action: "nomination.eligible" },
      { entityType: "Review", entityId: "r-1", action: "review.submitted" },
    ];
    await prisma.auditEvent.createMany({ data: rows });
    const sql = fs.readFileSync(MIGRATION, "utf8").replace(/^--.*$/gm, "");
    for (const statement of sql
      .split(";")
      .map((s) => s.trim())
      .filter(Boolean))
      await prisma.$executeRawUnsafe(statement);

    const after = await prisma.auditEvent.findMany({ where: { entityId: { in: rows.map((r) => r.entityId) } }, select: { entityId: true, entityType: true } });
    const byId = Object.fromEntries(after.map((r) => [r.entityId, r.entityType]));
    assert.deepEqual(byId, { "n-1": "Nomination", "m-1": "Membership", "o-1": "Organisation", "n-2": "Nomination", "r-1": "Review" });
    for (const r of after) assert.ok((AUDIT_ENTITIES as readonly string[]).includes(r.entityType), r.entityType);
  });

  test("the helper stores what it is given, with the details as JSON", async () => {
    await audit(prisma, { action: "nomination.withdrawn", entityType: "Nomination", entityId: "n-3", data: { reason: "moved away" } });
    const row = await prisma.auditEvent.findFirstOrThrow({ where: { entityType: "Nomination", entityId: "n-3" } });
    assert.equal(row.action, "nomination.withdrawn");
    assert.deepEqual(JSON.parse(row.data), { reason: "moved away" });
  });
});
