-- AlterTable
ALTER TABLE "NominationPartner" ADD COLUMN "awaitingVerificationAt" DATETIME;
ALTER TABLE "NominationPartner" ADD COLUMN "confirmedById" TEXT;

-- CreateTable
CREATE TABLE "OrganisationDomain" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "organisationId" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "addedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "OrganisationDomain_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Membership" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "organisationId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'asking',
    "verifiedVia" TEXT,
    "decidedById" TEXT,
    "decidedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Membership_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Membership_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "NominationCollaborator" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "nominationId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "invitedById" TEXT,
    "decidedById" TEXT,
    "decidedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "NominationCollaborator_nominationId_fkey" FOREIGN KEY ("nominationId") REFERENCES "Nomination" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);


-- Data: the email domains recorded so far were set by organisers and the demo only, never by
-- the people who claim an organisation: they become verified domains (free-mail ones never).
INSERT INTO "OrganisationDomain" ("id", "organisationId", "domain", "createdAt")
SELECT 'od_' || MIN("id"), MIN("id"), lower(trim("emailDomain")), CURRENT_TIMESTAMP
FROM "Organisation"
WHERE "emailDomain" IS NOT NULL AND trim("emailDomain") <> '' AND lower(trim("emailDomain")) NOT IN ('gmail.com','googlemail.com','hotmail.com','hotmail.co.uk','outlook.com','live.com','live.co.uk','msn.com','yahoo.com','yahoo.co.uk','aol.com','aol.co.uk','icloud.com','me.com','btinternet.com','sky.com','talktalk.net','virginmedia.com','ntlworld.com','protonmail.com','proton.me')
GROUP BY lower(trim("emailDomain"));

-- Data: the organisation each person said they work for becomes a request to join it; it is
-- verified at once only where their address is at one of its verified domains.
INSERT INTO "Membership" ("id", "userId", "organisationId", "status", "verifiedVia", "decidedAt", "createdAt", "updatedAt")
SELECT 'm_' || u."id", u."id", u."organisationId",
       CASE WHEN d."id" IS NOT NULL THEN 'verified' ELSE 'asking' END,
       CASE WHEN d."id" IS NOT NULL THEN 'domain' ELSE NULL END,
       CASE WHEN d."id" IS NOT NULL THEN CURRENT_TIMESTAMP ELSE NULL END,
       CURRENT_TIMESTAMP, CURRENT_TIMESTAMP
FROM "User" u
LEFT JOIN "OrganisationDomain" d ON d."organisationId" = u."organisationId"
  AND (lower(u."email") LIKE '%@' || d."domain" OR lower(u."email") LIKE '%.' || d."domain")
WHERE u."organisationId" IS NOT NULL
GROUP BY u."id";

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Organisation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "sector" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_Organisation" ("createdAt", "id", "name", "nameKey", "sector") SELECT "createdAt", "id", "name", "nameKey", "sector" FROM "Organisation";
DROP TABLE "Organisation";
ALTER TABLE "new_Organisation" RENAME TO "Organisation";
CREATE UNIQUE INDEX "Organisation_nameKey_key" ON "Organisation"("nameKey");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "OrganisationDomain_domain_key" ON "OrganisationDomain"("domain");

-- CreateIndex
CREATE INDEX "OrganisationDomain_organisationId_idx" ON "OrganisationDomain"("organisationId");

-- CreateIndex
CREATE INDEX "Membership_organisationId_status_idx" ON "Membership"("organisationId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Membership_userId_organisationId_key" ON "Membership"("userId", "organisationId");

-- CreateIndex
CREATE INDEX "NominationCollaborator_email_status_idx" ON "NominationCollaborator"("email", "status");

-- CreateIndex
CREATE UNIQUE INDEX "NominationCollaborator_nominationId_email_key" ON "NominationCollaborator"("nominationId", "email");

