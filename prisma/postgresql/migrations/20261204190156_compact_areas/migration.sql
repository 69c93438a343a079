-- AlterTable
ALTER TABLE "User" ADD COLUMN     "isSiteAdmin" BOOLEAN NOT NULL DEFAULT false;


-- CreateTable
CREATE TABLE "CompactArea" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "brandColour" TEXT NOT NULL DEFAULT '#1d4f91',
    "contactName" TEXT NOT NULL DEFAULT '',
    "contactEmail" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CompactArea_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AreaRole" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "areaId" TEXT NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'admin',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AreaRole_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CompactArea_slug_key" ON "CompactArea"("slug");

-- CreateIndex
CREATE INDEX "AreaRole_areaId_role_idx" ON "AreaRole"("areaId", "role");

-- CreateIndex
CREATE UNIQUE INDEX "AreaRole_userId_areaId_role_key" ON "AreaRole"("userId", "areaId", "role");


-- AddForeignKey
ALTER TABLE "AreaRole" ADD CONSTRAINT "AreaRole_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AreaRole" ADD CONSTRAINT "AreaRole_areaId_fkey" FOREIGN KEY ("areaId") REFERENCES "CompactArea"("id") ON DELETE CASCADE ON UPDATE CASCADE;



-- AlterTable, with a data step: one Compact area for each distinct place named in the cycles'
-- old free-text "area" (compared lower-cased, spaces trimmed), each cycle attached to its area,
-- and only then the column made required.
ALTER TABLE "AwardCycle" ADD COLUMN     "areaId" TEXT;

INSERT INTO "CompactArea" ("id", "slug", "name", "createdAt", "updatedAt")
SELECT 'area_' || substr(md5(random()::text || "slug"), 1, 20), "slug", CASE WHEN lower("place") LIKE '% compact' THEN "place" ELSE "place" || ' Compact' END, "firstAt", "firstAt"
FROM (
    SELECT
        CASE WHEN trim("area") = '' THEN 'area' ELSE replace(replace(lower(trim("area")), ' ', '-'), '&', 'and') END AS "slug",
        min(trim("area")) AS "place",
        min("createdAt") AS "firstAt"
    FROM "AwardCycle"
    GROUP BY 1
) AS "places";

UPDATE "AwardCycle" SET "areaId" = "CompactArea"."id"
FROM "CompactArea"
WHERE "CompactArea"."slug" = CASE WHEN trim("AwardCycle"."area") = '' THEN 'area' ELSE replace(replace(lower(trim("AwardCycle"."area")), ' ', '-'), '&', 'and') END;

ALTER TABLE "AwardCycle" ALTER COLUMN "areaId" SET NOT NULL;

-- CreateIndex
CREATE INDEX "AwardCycle_areaId_idx" ON "AwardCycle"("areaId");

-- AddForeignKey
ALTER TABLE "AwardCycle" ADD CONSTRAINT "AwardCycle_areaId_fkey" FOREIGN KEY ("areaId") REFERENCES "CompactArea"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
