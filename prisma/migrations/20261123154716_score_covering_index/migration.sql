-- CreateIndex
CREATE INDEX "Score_reviewId_criterionId_value_idx" ON "Score"("reviewId", "criterionId", "value");

