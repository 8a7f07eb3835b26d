-- CreateEnum
CREATE TYPE "DeliverySchedule" AS ENUM ('IMMEDIATE', 'HOURLY', 'DAILY');

-- AlterTable
ALTER TABLE "WebhookEndpoint" ADD COLUMN     "digestedUntil" TIMESTAMP(3),
ADD COLUMN     "namespaces" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "schedule" "DeliverySchedule" NOT NULL DEFAULT 'IMMEDIATE',
ADD COLUMN     "teamIds" UUID[] DEFAULT ARRAY[]::UUID[];
