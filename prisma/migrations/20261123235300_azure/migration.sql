-- CreateTable
CREATE TABLE "AzureConnection" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "cloud" TEXT NOT NULL,
    "authorityHost" TEXT NOT NULL,
    "armEndpoint" TEXT NOT NULL,
    "tenantId" TEXT,
    "clientId" TEXT,
    "secretEnc" TEXT,
    "tokenFilePath" TEXT,
    "caPem" TEXT,
    "discoveredAt" DATETIME,
    "discoverError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "AksCluster" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "connectionId" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "subscriptionId" TEXT NOT NULL,
    "subscriptionName" TEXT NOT NULL,
    "resourceGroup" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "location" TEXT NOT NULL,
    "kubernetesVersion" TEXT,
    "powerState" TEXT,
    "provisioningState" TEXT,
    "fqdn" TEXT,
    "private" BOOLEAN NOT NULL DEFAULT false,
    "discoveredAt" DATETIME NOT NULL,
    "missing" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "AksCluster_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "AzureConnection" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Run" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clusterId" TEXT,
    "aksClusterId" TEXT,
    "tenantId" TEXT,
    "status" TEXT NOT NULL,
    "error" TEXT,
    "verdict" TEXT,
    "planJson" TEXT NOT NULL,
    "targetJson" TEXT NOT NULL,
    "factsJson" TEXT,
    "countsJson" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "durationMs" INTEGER,
    CONSTRAINT "Run_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Run_aksClusterId_fkey" FOREIGN KEY ("aksClusterId") REFERENCES "AksCluster" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Run_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Run" ("clusterId", "countsJson", "durationMs", "error", "factsJson", "finishedAt", "id", "planJson", "startedAt", "status", "targetJson", "tenantId", "verdict") SELECT "clusterId", "countsJson", "durationMs", "error", "factsJson", "finishedAt", "id", "planJson", "startedAt", "status", "targetJson", "tenantId", "verdict" FROM "Run";
DROP TABLE "Run";
ALTER TABLE "new_Run" RENAME TO "Run";
CREATE INDEX "Run_clusterId_startedAt_idx" ON "Run"("clusterId", "startedAt");
CREATE INDEX "Run_aksClusterId_startedAt_idx" ON "Run"("aksClusterId", "startedAt");
CREATE INDEX "Run_status_idx" ON "Run"("status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "AksCluster_connectionId_resourceId_key" ON "AksCluster"("connectionId", "resourceId");

