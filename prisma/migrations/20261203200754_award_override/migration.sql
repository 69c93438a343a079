-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Decision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "nominationId" TEXT NOT NULL,
    "outcomeTierId" TEXT,
    "rationale" TEXT NOT NULL DEFAULT '',
    "citation" TEXT NOT NULL DEFAULT '',
    "decidedById" TEXT,
    "decidedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "overrideReason" TEXT,
    "overriddenById" TEXT,
    "overriddenAt" DATETIME,
    CONSTRAINT "Decision_nominationId_fkey" FOREIGN KEY ("nominationId") REFERENCES "Nomination" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Decision_outcomeTierId_fkey" FOREIGN KEY ("outcomeTierId") REFERENCES "OutcomeTier" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Decision_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Decision_overriddenById_fkey" FOREIGN KEY ("overriddenById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Decision" ("citation", "decidedAt", "decidedById", "id", "nominationId", "outcomeTierId", "rationale") SELECT "citation", "decidedAt", "decidedById", "id", "nominationId", "outcomeTierId", "rationale" FROM "Decision";
DROP TABLE "Decision";
ALTER TABLE "new_Decision" RENAME TO "Decision";
CREATE UNIQUE INDEX "Decision_nominationId_key" ON "Decision"("nominationId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

