-- The federated token file is only ever the server's AZURE_FEDERATED_TOKEN_FILE (a stored path was a file read
-- sent out as a client assertion). DROP COLUMN, not a table redefinition: dropping the table would cascade to
-- the discovered clusters and their runs.
ALTER TABLE "AzureConnection" DROP COLUMN "tokenFilePath";
