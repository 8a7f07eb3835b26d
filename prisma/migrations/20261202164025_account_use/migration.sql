-- CreateTable
CREATE TABLE "AccountUse" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "clusterId" UUID NOT NULL,
    "namespace" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "lastUsedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AccountUse_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AccountUse_clusterId_namespace_name_key" ON "AccountUse"("clusterId", "namespace", "name");

-- AddForeignKey
ALTER TABLE "AccountUse" ADD CONSTRAINT "AccountUse_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;
