-- CreateEnum
CREATE TYPE "DeletionKind" AS ENUM ('CLUSTER', 'ORGANIZATION');

-- DropIndex
DROP INDEX "Cluster_organizationId_name_key";

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "deletedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Cluster" ADD COLUMN     "deletedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Deletion" (
    "id" UUID NOT NULL,
    "kind" "DeletionKind" NOT NULL,
    "organizationId" UUID NOT NULL,
    "clusterId" UUID,
    "name" TEXT NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "requestedBy" TEXT NOT NULL,
    "stage" TEXT,
    "rowsDeleted" BIGINT NOT NULL DEFAULT 0,
    "startedAt" TIMESTAMP(3),
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Deletion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Deletion_organizationId_requestedAt_idx" ON "Deletion"("organizationId", "requestedAt");

-- CreateIndex
CREATE INDEX "Deletion_requestedAt_idx" ON "Deletion"("requestedAt") WHERE ("finishedAt" IS NULL);

-- CreateIndex
CREATE INDEX "Cluster_organizationId_idx" ON "Cluster"("organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "Cluster_organizationId_name_key" ON "Cluster"("organizationId", "name") WHERE ("deletedAt" IS NULL);

-- CreateIndex
CREATE INDEX "WebhookEvent_organizationId_clusterId_idx" ON "WebhookEvent"("organizationId", "clusterId");
