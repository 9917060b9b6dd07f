-- CreateTable
CREATE TABLE "Tenant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "apiUrl" TEXT NOT NULL,
    "operatorTokenEnc" TEXT NOT NULL,
    "ingestTokenEnc" TEXT,
    "proxyUrlEnc" TEXT,
    "caBundle" TEXT,
    "networkZone" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- AlterTable (written by hand: the generated table redefinition runs inside ensureDatabase's transaction,
-- where PRAGMA foreign_keys=OFF is ignored, so its DROP TABLE "Run" cascaded to every run's events,
-- results and attestations. Adding a nullable column with its foreign key needs no redefinition.)
ALTER TABLE "Run" ADD COLUMN "tenantId" TEXT REFERENCES "Tenant" ("id") ON DELETE SET NULL ON UPDATE CASCADE;
