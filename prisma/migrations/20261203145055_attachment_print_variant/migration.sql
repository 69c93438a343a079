-- AlterTable
ALTER TABLE "Attachment" ADD COLUMN "printKey" TEXT;

