-- CreateEnum
CREATE TYPE "DestinationKind" AS ENUM ('WEBHOOK', 'SLACK', 'TEAMS', 'PAGERDUTY', 'JIRA', 'EMAIL');

-- AlterTable
ALTER TABLE "WebhookEndpoint" ADD COLUMN     "kind" "DestinationKind" NOT NULL DEFAULT 'WEBHOOK',
ADD COLUMN     "settings" JSONB NOT NULL DEFAULT '{}',
ALTER COLUMN "secretCiphertext" DROP NOT NULL;

-- AlterTable
ALTER TABLE "WebhookDelivery" ADD COLUMN     "progress" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "AlertTicket" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "endpointId" UUID NOT NULL,
    "findingId" UUID NOT NULL,
    "externalKey" TEXT,
    "resolved" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AlertTicket_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AlertTicket_organizationId_idx" ON "AlertTicket"("organizationId");

-- CreateIndex
CREATE UNIQUE INDEX "AlertTicket_endpointId_findingId_key" ON "AlertTicket"("endpointId", "findingId");

-- AddForeignKey
ALTER TABLE "AlertTicket" ADD CONSTRAINT "AlertTicket_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "WebhookEndpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;
