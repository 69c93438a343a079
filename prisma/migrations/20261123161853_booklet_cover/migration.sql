-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AwardCycle" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
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
    "bookletCoverCredit" TEXT NOT NULL DEFAULT ''
);
INSERT INTO "new_AwardCycle" ("area", "bookletIntro", "ceremonyAt", "ceremonyVenue", "contactEmail", "contactName", "contactPhone", "createdAt", "disagreementThreshold", "id", "intro", "isDemo", "judgingCloseAt", "judgingOpenAt", "launchedAt", "minJudgesPerNomination", "name", "nominationsCloseAt", "nominationsOpenAt", "pressContact", "publishedAt", "rankingMeasure", "resultsDecidedAt", "resultsSentAt", "signOff", "slug", "updatedAt") SELECT "area", "bookletIntro", "ceremonyAt", "ceremonyVenue", "contactEmail", "contactName", "contactPhone", "createdAt", "disagreementThreshold", "id", "intro", "isDemo", "judgingCloseAt", "judgingOpenAt", "launchedAt", "minJudgesPerNomination", "name", "nominationsCloseAt", "nominationsOpenAt", "pressContact", "publishedAt", "rankingMeasure", "resultsDecidedAt", "resultsSentAt", "signOff", "slug", "updatedAt" FROM "AwardCycle";
DROP TABLE "AwardCycle";
ALTER TABLE "new_AwardCycle" RENAME TO "AwardCycle";
CREATE UNIQUE INDEX "AwardCycle_slug_key" ON "AwardCycle"("slug");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

