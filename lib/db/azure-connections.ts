import "server-only";
// Azure connections: the identity used to discover and check AKS clusters. The client secret or certificate PEM is
// encrypted at rest; what leaves this module for the browser never contains it.
import { z } from "zod";
import {
  AzureInputError,
  assertConnectionAllowed,
  parseAzureConnectionInput,
  type AzureConnection,
  type AzureConnectionInput,
} from "@/lib/collect/azure/connection";
import { DecryptError, decrypt, encrypt } from "@/lib/secrets/encryption";
import type { AzureConnectionInfo, CreateAzureConnectionInput } from "@/lib/contracts";
import { db } from "./client";
import { conflict, notFound } from "./errors";

type ConnectionRow = {
  id: string;
  name: string;
  kind: string;
  cloud: string;
  authorityHost: string;
  armEndpoint: string;
  tenantId: string | null;
  clientId: string | null;
  secretEnc: string | null;
  caPem: string | null;
  discoveredAt: Date | null;
  discoverError: string | null;
  createdAt: Date;
};

function connectionOf(row: ConnectionRow): AzureConnection {
  // Rows stored before the policy existed (or under a wider configuration) meet it again at every use.
  assertConnectionAllowed({ kind: row.kind as AzureConnection["kind"], cloud: row.cloud as AzureConnection["cloud"], authorityHost: row.authorityHost, armEndpoint: row.armEndpoint });
  const secret = row.secretEnc ? decrypt(row.secretEnc) : undefined;
  return {
    kind: row.kind as AzureConnection["kind"],
    cloud: row.cloud as AzureConnection["cloud"],
    authorityHost: row.authorityHost,
    armEndpoint: row.armEndpoint,
    ...(row.tenantId ? { tenantId: row.tenantId } : {}),
    ...(row.clientId ? { clientId: row.clientId } : {}),
    ...(secret !== undefined ? (row.kind === "client-certificate" ? { certificatePem: secret } : { clientSecret: secret }) : {}),
    ...(row.caPem ? { caPem: row.caPem } : {}),
  };
}

function infoOf(row: ConnectionRow, clusterCount: number): AzureConnectionInfo {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as AzureConnectionInfo["kind"],
    cloud: row.cloud as AzureConnectionInfo["cloud"],
    authorityHost: row.authorityHost,
    armEndpoint: row.armEndpoint,
    ...(row.tenantId ? { tenantId: row.tenantId } : {}),
    ...(row.clientId ? { clientId: row.clientId } : {}),
    hasSecret: Boolean(row.secretEnc),
    customCa: Boolean(row.caPem),
    discoveredAt: row.discoveredAt?.toISOString() ?? null,
    discoverError: row.discoverError,
    clusterCount,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Validates (AzureInputError names the field; nothing stored then) and stores the connection. */
export async function createAzureConnection(input: CreateAzureConnectionInput): Promise<AzureConnectionInfo> {
  const name = input.name.trim();
  if (!name) throw new AzureInputError("name", "The name is empty.");
  if (name.length > 100) throw new AzureInputError("name", "The name is longer than 100 characters.");
  const { name: _name, ...rest } = input;
  void _name;
  let conn: AzureConnection;
  try {
    conn = parseAzureConnectionInput(rest as AzureConnectionInput);
  } catch (err) {
    // A kind or cloud outside the lists fails the schema: say which field.
    if (err instanceof z.ZodError) {
      const field: "kind" | "cloud" = err.issues[0]?.path[0] === "cloud" ? "cloud" : "kind";
      throw new AzureInputError(field, field === "cloud" ? "Choose a cloud from the list." : "Choose a credential kind from the list.");
    }
    throw err;
  }
  const secret = conn.kind === "client-certificate" ? conn.certificatePem : conn.kind === "client-secret" ? conn.clientSecret : undefined;
  const row = await db().azureConnection.create({
    data: {
      name,
      kind: conn.kind,
      cloud: conn.cloud,
      authorityHost: conn.authorityHost,
      armEndpoint: conn.armEndpoint,
      tenantId: conn.tenantId ?? null,
      clientId: conn.clientId ?? null,
      secretEnc: secret ? encrypt(secret) : null,
      caPem: conn.caPem ?? null,
    },
  });
  return infoOf(row, 0);
}

export async function listAzureConnections(): Promise<AzureConnectionInfo[]> {
  const rows = await db().azureConnection.findMany({
    orderBy: [{ name: "asc" }, { createdAt: "asc" }],
    include: { _count: { select: { clusters: { where: { missing: false } } } } },
  });
  return rows.map((r) => infoOf(r, r._count.clusters));
}

/** Deletes the connection, its discovered clusters and their runs. */
export async function deleteAzureConnection(id: string): Promise<void> {
  const { count } = await db().azureConnection.deleteMany({ where: { id } });
  if (count === 0) throw notFound("The Azure connection");
}

/** The decrypted connection. Server-only: never return it from a route, log it or store it in a run. */
export async function getAzureConnection(id: string): Promise<{ connection: AzureConnection; name: string }> {
  const row = await db().azureConnection.findUnique({ where: { id } });
  if (!row) throw notFound("The Azure connection");
  try {
    return { connection: connectionOf(row), name: row.name };
  } catch (err) {
    if (err instanceof DecryptError) {
      throw conflict(`The secret of Azure connection ${row.name} cannot be read (${err.message}); delete the connection and add it again.`);
    }
    if (err instanceof AzureInputError) {
      throw conflict(`Azure connection ${row.name} is refused by this server's policy: ${err.message}`);
    }
    throw err;
  }
}
