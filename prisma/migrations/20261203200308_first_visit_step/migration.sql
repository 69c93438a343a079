-- AlterTable
ALTER TABLE "User" ADD COLUMN "welcomedAt" DATETIME;


-- People who have signed in and already gave their name and organisation have been through the first visit.
UPDATE "User" SET "welcomedAt" = COALESCE("lastSignInAt", "createdAt")
WHERE "name" IS NOT NULL AND "organisationId" IS NOT NULL AND "lastSignInAt" IS NOT NULL;
