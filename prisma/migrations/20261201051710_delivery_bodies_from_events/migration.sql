-- AlterTable
ALTER TABLE "WebhookDelivery" ADD COLUMN     "filter" JSONB,
ALTER COLUMN "payload" DROP NOT NULL;
