-- CreateTable
CREATE TABLE "CompactArea" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "brandColour" TEXT NOT NULL DEFAULT '#1d4f91',
    "contactName" TEXT NOT NULL DEFAULT '',
    "contactEmail" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AreaRole" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "areaId" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'admin',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AreaRole_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AreaRole_areaId_fkey" FOREIGN KEY ("areaId") REFERENCES "CompactArea" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- Data: one Compact area for each distinct place named in the cycles' old free-text "area"
-- (compared lower-cased, spaces trimmed), and each cycle attached to its area below.
INSERT INTO "CompactArea" ("id", "slug", "name", "createdAt", "updatedAt")
SELECT 'area_' || lower(hex(randomblob(10))), "slug", CASE WHEN lower("place") LIKE '% compact' THEN "place" ELSE "place" || ' Compact' END, "firstAt", "firstAt"
FROM (
    SELECT
        CASE WHEN trim("area") = '' THEN 'area' ELSE replace(replace(lower(trim("area")), ' ', '-'), '&', 'and') END AS "slug",
        min(trim("area")) AS "place",
        min("createdAt") AS "firstAt"
    FROM "AwardCycle"
    GROUP BY 1
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT,
    "jobTitle" TEXT,
    "organisationId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSignInAt" DATETIME,
    "welcomedAt" DATETIME,
    "isSiteAdmin" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "User_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_User" ("createdAt", "email", "id", "jobTitle", "lastSignInAt", "name", "organisationId", "welcomedAt") SELECT "createdAt", "email", "id", "jobTitle", "lastSignInAt", "name", "organisationId", "welcomedAt" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
CREATE TABLE "new_AwardCycle" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "areaId" TEXT NOT NULL,
    "area" TEXT NOT NULL,
    "intro" TEXT NOT NULL DEFAULT '',
    "nominationsOpenAt" DATETIME NOT NULL,
    "nominationsCloseAt" DATETIME NOT NULL,
    "judgingOpenAt" DATETIME,
    "judgingCloseAt" DATETIME,
    "ceremonyAt" DATETIME,
    "ceremonyVenue" TEXT,
    "launchedAt" DATETIME,
    "resultsDecidedAt" DATETIME,
    "resultsSentAt" DATETIME,
    "publishedAt" DATETIME,
    "contactName" TEXT NOT NULL DEFAULT '',
    "contactEmail" TEXT NOT NULL DEFAULT '',
    "contactPhone" TEXT,
    "signOff" TEXT NOT NULL DEFAULT '',
    "bookletIntro" TEXT NOT NULL DEFAULT '',
    "pressContact" TEXT NOT NULL DEFAULT '',
    "minJudgesPerNomination" INTEGER NOT NULL DEFAULT 3,
    "disagreementThreshold" REAL NOT NULL DEFAULT 1.5,
    "rankingMeasure" TEXT NOT NULL DEFAULT 'normalised',
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "bookletCoverKey" TEXT,
    "bookletCoverCredit" TEXT NOT NULL DEFAULT '',
    "judgingClosedAt" DATETIME,
    "publishResultsAt" DATETIME,
    CONSTRAINT "AwardCycle_areaId_fkey" FOREIGN KEY ("areaId") REFERENCES "CompactArea" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_AwardCycle" ("area", "bookletCoverCredit", "bookletCoverKey", "bookletIntro", "ceremonyAt", "ceremonyVenue", "contactEmail", "contactName", "contactPhone", "createdAt", "disagreementThreshold", "id", "intro", "isDemo", "judgingCloseAt", "judgingClosedAt", "judgingOpenAt", "launchedAt", "minJudgesPerNomination", "name", "nominationsCloseAt", "nominationsOpenAt", "pressContact", "publishResultsAt", "publishedAt", "rankingMeasure", "resultsDecidedAt", "resultsSentAt", "signOff", "slug", "updatedAt", "areaId") SELECT "area", "bookletCoverCredit", "bookletCoverKey", "bookletIntro", "ceremonyAt", "ceremonyVenue", "contactEmail", "contactName", "contactPhone", "createdAt", "disagreementThreshold", "id", "intro", "isDemo", "judgingCloseAt", "judgingClosedAt", "judgingOpenAt", "launchedAt", "minJudgesPerNomination", "name", "nominationsCloseAt", "nominationsOpenAt", "pressContact", "publishResultsAt", "publishedAt", "rankingMeasure", "resultsDecidedAt", "resultsSentAt", "signOff", "slug", "updatedAt", (SELECT "id" FROM "CompactArea" WHERE "CompactArea"."slug" = CASE WHEN trim("AwardCycle"."area") = '' THEN 'area' ELSE replace(replace(lower(trim("AwardCycle"."area")), ' ', '-'), '&', 'and') END) FROM "AwardCycle";
DROP TABLE "AwardCycle";
ALTER TABLE "new_AwardCycle" RENAME TO "AwardCycle";
CREATE UNIQUE INDEX "AwardCycle_slug_key" ON "AwardCycle"("slug");
CREATE INDEX "AwardCycle_areaId_idx" ON "AwardCycle"("areaId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "CompactArea_slug_key" ON "CompactArea"("slug");

-- CreateIndex
CREATE INDEX "AreaRole_areaId_role_idx" ON "AreaRole"("areaId", "role");

-- CreateIndex
CREATE UNIQUE INDEX "AreaRole_userId_areaId_role_key" ON "AreaRole"("userId", "areaId", "role");

