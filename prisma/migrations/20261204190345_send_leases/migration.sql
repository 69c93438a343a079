-- AlterTable
ALTER TABLE "CampaignSend" ADD COLUMN "leaseHolder" TEXT;
ALTER TABLE "CampaignSend" ADD COLUMN "leaseUntil" DATETIME;

