-- AlterTable
ALTER TABLE "CompactArea" ADD COLUMN     "logoAlt" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "logoContentType" TEXT,
ADD COLUMN     "logoKey" TEXT;

