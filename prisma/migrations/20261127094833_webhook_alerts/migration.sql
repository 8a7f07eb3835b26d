-- AlterTable
ALTER TABLE "Finding" ADD COLUMN     "flappingUntil" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "WebhookEndpoint" ADD COLUMN     "disabledAt" TIMESTAMP(3),
ADD COLUMN     "postureDropPoints" INTEGER NOT NULL DEFAULT 5;
