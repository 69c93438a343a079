-- AlterTable
ALTER TABLE "AwardCycle" ADD COLUMN "publishResultsAt" DATETIME;

