-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_CompactArea" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "brandColour" TEXT NOT NULL DEFAULT '#1d4f91',
    "contactName" TEXT NOT NULL DEFAULT '',
    "contactEmail" TEXT NOT NULL DEFAULT '',
    "logoKey" TEXT,
    "logoContentType" TEXT,
    "logoAlt" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_CompactArea" ("brandColour", "contactEmail", "contactName", "createdAt", "description", "id", "name", "slug", "updatedAt") SELECT "brandColour", "contactEmail", "contactName", "createdAt", "description", "id", "name", "slug", "updatedAt" FROM "CompactArea";
DROP TABLE "CompactArea";
ALTER TABLE "new_CompactArea" RENAME TO "CompactArea";
CREATE UNIQUE INDEX "CompactArea_slug_key" ON "CompactArea"("slug");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

