-- AlterTable
ALTER TABLE "AwardCycle" ADD COLUMN "judgingClosedAt" DATETIME;

-- AlterTable
ALTER TABLE "EmailMessage" ADD COLUMN "outcome" TEXT;
ALTER TABLE "EmailMessage" ADD COLUMN "outcomeTierId" TEXT;

-- CreateTable
CREATE TABLE "CampaignSend" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "cycleId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "requestedById" TEXT,
    "plannedFor" DATETIME NOT NULL,
    "planned" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "stoppedReason" TEXT,
    CONSTRAINT "CampaignSend_cycleId_fkey" FOREIGN KEY ("cycleId") REFERENCES "AwardCycle" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "CampaignSend_finishedAt_idx" ON "CampaignSend"("finishedAt");

-- CreateIndex
CREATE INDEX "CampaignSend_cycleId_kind_idx" ON "CampaignSend"("cycleId", "kind");

-- Data: results emails stored before this migration did not record the outcome they told.
-- Where the email's own wording (its template) agrees with the nomination's decision now, that
-- decision is what it told; otherwise the outcome stays unknown (NULL) and the organiser's page
-- says so.
UPDATE "EmailMessage"
SET "outcomeTierId" = (SELECT d."outcomeTierId" FROM "Decision" d WHERE d."nominationId" = "EmailMessage"."nominationId"),
    "outcome" = COALESCE(
      (SELECT t."name" FROM "Decision" d JOIN "OutcomeTier" t ON t."id" = d."outcomeTierId" WHERE d."nominationId" = "EmailMessage"."nominationId"),
      'Not awarded')
WHERE "idempotencyKey" LIKE 'results:%'
  AND "nominationId" IS NOT NULL
  AND EXISTS (
    SELECT 1 FROM "Decision" d LEFT JOIN "OutcomeTier" t ON t."id" = d."outcomeTierId"
    WHERE d."nominationId" = "EmailMessage"."nominationId"
      AND "EmailMessage"."template" = CASE
        WHEN t."id" IS NULL THEN 'results-not-awarded'
        WHEN t."kind" = 'winner' THEN 'results-winner'
        WHEN t."kind" = 'special_commendation' THEN 'results-special-commendation'
        WHEN t."kind" = 'highly_commended' THEN 'results-highly-commended'
        ELSE 'results-commendation'
      END
  );
