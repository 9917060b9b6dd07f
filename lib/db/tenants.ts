import "server-only";
// Dynatrace tenant connections. Tokens and the proxy URL (it can carry credentials) are encrypted at rest;
// what leaves this module for the browser is the summary (tokens' public parts, proxy without password).
import { parseTenantInput, summarizeTenant, TenantInputError, type TenantConnection } from "@/lib/collect/dynatrace/tenant";
import { DecryptError, decrypt, encrypt } from "@/lib/secrets/encryption";
import type { CreateTenantInput, TenantInfo } from "@/lib/contracts";
import { db } from "./client";
import { conflict, notFound } from "./errors";

type TenantRow = {
  id: string;
  name: string;
  apiUrl: string;
  operatorTokenEnc: string;
  ingestTokenEnc: string | null;
  proxyUrlEnc: string | null;
  caBundle: string | null;
  networkZone: string | null;
  createdAt: Date;
};

function connectionOf(row: TenantRow): TenantConnection {
  return {
    apiUrl: row.apiUrl,
    operatorToken: decrypt(row.operatorTokenEnc),
    ...(row.ingestTokenEnc ? { ingestToken: decrypt(row.ingestTokenEnc) } : {}),
    ...(row.proxyUrlEnc ? { proxyUrl: decrypt(row.proxyUrlEnc) } : {}),
    ...(row.caBundle ? { caBundle: row.caBundle } : {}),
    ...(row.networkZone ? { networkZone: row.networkZone } : {}),
  };
}

const UNREADABLE = "(unreadable: stored with another secret key)";

function infoOf(row: TenantRow): TenantInfo {
  let conn: TenantConnection;
  try {
    conn = connectionOf(row);
  } catch (err) {
    // One unreadable tenant must not hide the others or make it impossible to delete.
    if (!(err instanceof DecryptError)) throw err;
    return { id: row.id, name: row.name, apiUrl: row.apiUrl, operatorTokenPublic: UNREADABLE, customCa: Boolean(row.caBundle), createdAt: row.createdAt.toISOString() };
  }
  const s = summarizeTenant(conn);
  return {
    id: row.id,
    name: row.name,
    apiUrl: s.apiUrl,
    operatorTokenPublic: s.operatorTokenPublic,
    ...(s.ingestTokenPublic ? { ingestTokenPublic: s.ingestTokenPublic } : {}),
    ...(s.proxy ? { proxy: s.proxy } : {}),
    customCa: s.customCa,
    ...(s.networkZone ? { networkZone: s.networkZone } : {}),
    createdAt: row.createdAt.toISOString(),
  };
}

/** Validates (throws TenantInputError naming the field; nothing is stored then) and stores the tenant. */
export async function createTenant(input: CreateTenantInput): Promise<TenantInfo> {
  const name = input.name.trim();
  if (!name) throw new TenantInputError("name", "The name is empty.");
  if (name.length > 100) throw new TenantInputError("name", "The name is longer than 100 characters.");
  const conn = parseTenantInput(input);
  const row = await db().tenant.create({
    data: {
      name,
      apiUrl: conn.apiUrl,
      operatorTokenEnc: encrypt(conn.operatorToken),
      ingestTokenEnc: conn.ingestToken ? encrypt(conn.ingestToken) : null,
      proxyUrlEnc: conn.proxyUrl ? encrypt(conn.proxyUrl) : null,
      caBundle: conn.caBundle ?? null,
      networkZone: conn.networkZone ?? null,
    },
  });
  return infoOf(row);
}

export async function listTenants(): Promise<TenantInfo[]> {
  const rows = await db().tenant.findMany({ orderBy: [{ name: "asc" }, { createdAt: "asc" }] });
  return rows.map(infoOf);
}

export async function getTenant(id: string): Promise<TenantInfo | null> {
  const row = await db().tenant.findUnique({ where: { id } });
  return row ? infoOf(row) : null;
}

/** The decrypted connection. Server-only: never return it from a route, log it or store it in a run. */
export async function getTenantConnection(id: string): Promise<{ connection: TenantConnection; name: string }> {
  const row = await db().tenant.findUnique({ where: { id } });
  if (!row) throw notFound("The tenant");
  try {
    return { connection: connectionOf(row), name: row.name };
  } catch (err) {
    if (err instanceof DecryptError) {
      throw conflict(`The tokens of tenant ${row.name} cannot be read (${err.message}); delete the tenant and add it again.`);
    }
    throw err;
  }
}

/** Runs planned with the tenant keep their results (and the tenant summary in their target). */
export async function deleteTenant(id: string): Promise<void> {
  const { count } = await db().tenant.deleteMany({ where: { id } });
  if (count === 0) throw notFound("The tenant");
}
