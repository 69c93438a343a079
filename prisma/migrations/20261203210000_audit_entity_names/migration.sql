-- Data only (docs/decisions/0062): audit events name their entity by its Prisma model, spelt as
-- the model is. Rows written before spelt three of them in lower case.
UPDATE "AuditEvent" SET "entityType" = 'Nomination' WHERE "entityType" = 'nomination';
UPDATE "AuditEvent" SET "entityType" = 'Membership' WHERE "entityType" = 'membership';
UPDATE "AuditEvent" SET "entityType" = 'Organisation' WHERE "entityType" = 'organisation';
