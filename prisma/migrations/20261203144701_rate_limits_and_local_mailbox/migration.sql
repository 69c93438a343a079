-- CreateTable
CREATE TABLE "RateLimit" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "tokens" REAL NOT NULL,
    "updatedMs" REAL NOT NULL,
    "allowed" BOOLEAN NOT NULL,
    "fullAtMs" REAL NOT NULL
);

-- CreateTable
CREATE TABLE "LocalMailboxMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "toEmail" TEXT NOT NULL,
    "toName" TEXT,
    "fromEmail" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "attachments" TEXT,
    "deliveredAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "RateLimit_fullAtMs_idx" ON "RateLimit"("fullAtMs");

-- CreateIndex
CREATE INDEX "LocalMailboxMessage_toEmail_deliveredAt_idx" ON "LocalMailboxMessage"("toEmail", "deliveredAt");

