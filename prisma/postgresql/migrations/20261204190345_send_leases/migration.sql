-- AlterTable
ALTER TABLE "CampaignSend" ADD COLUMN     "leaseHolder" TEXT,
ADD COLUMN     "leaseUntil" TIMESTAMP(3);

