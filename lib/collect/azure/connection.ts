// An Azure connection: which identity the dashboard uses against Microsoft Entra ID and Resource Manager.
// Credential kinds that fit a self-hosted server; interactive and developer-tool credentials are not offered.
import { z } from "zod";
import { env } from "@/lib/env";
import type { AksClusterRef } from "@/lib/engine/types";

import { AZURE_CLOUDS, AZURE_CREDENTIAL_KINDS, type AzureCloud, type AzureCredentialKind } from "@/lib/contracts/azure";

export { AZURE_CLOUDS, AZURE_CREDENTIAL_KINDS, type AzureCloud, type AzureCredentialKind };

/**
 * Kinds that prove themselves with the server's own credentials (its workload identity token, managed identity,
 * environment): they may only talk to a built-in cloud, never to a host a user typed.
 */
export const AMBIENT_CREDENTIAL_KINDS: readonly AzureCredentialKind[] = ["workload-identity", "managed-identity", "default-prod"];


export interface CloudSettings {
  authorityHost: string;
  armEndpoint: string;
  /** `${armEndpoint}/.default`: the ARM clients do not derive it correctly for every cloud, so it is always passed. */
  armScope: string;
}

const KNOWN_CLOUDS: Record<Exclude<AzureCloud, "custom">, { authorityHost: string; armEndpoint: string }> = {
  AzureCloud: { authorityHost: "https://login.microsoftonline.com", armEndpoint: "https://management.azure.com" },
  AzureChinaCloud: { authorityHost: "https://login.chinacloudapi.cn", armEndpoint: "https://management.chinacloudapi.cn" },
  AzureUSGovernment: { authorityHost: "https://login.microsoftonline.us", armEndpoint: "https://management.usgovcloudapi.net" },
};

/** Secret: client secret and certificate never leave the server; stored encrypted. */
export interface AzureConnection {
  kind: AzureCredentialKind;
  cloud: AzureCloud;
  /** Filled for every cloud (custom: given by the user). */
  authorityHost: string;
  armEndpoint: string;
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  /** PEM holding the private key and the certificate. */
  certificatePem?: string;
  /** Extra CA (PEM) for a custom authority/Resource Manager: used by tests and private endpoints. */
  caPem?: string;
}

export function cloudSettings(c: Pick<AzureConnection, "authorityHost" | "armEndpoint">): CloudSettings {
  const armEndpoint = c.armEndpoint.replace(/\/+$/, "");
  return { authorityHost: c.authorityHost.replace(/\/+$/, ""), armEndpoint, armScope: `${armEndpoint}/.default` };
}

export class AzureInputError extends Error {
  constructor(
    readonly field: keyof AzureConnectionInput | "name",
    message: string,
  ) {
    super(message);
    this.name = "AzureInputError";
  }
}

export const azureConnectionInputSchema = z.object({
  kind: z.enum(AZURE_CREDENTIAL_KINDS),
  cloud: z.enum(AZURE_CLOUDS).default("AzureCloud"),
  authorityHost: z.string().optional(),
  armEndpoint: z.string().optional(),
  tenantId: z.string().optional(),
  clientId: z.string().optional(),
  clientSecret: z.string().optional(),
  certificatePem: z.string().optional(),
  /** Never accepted (it named a server file to send as a client assertion); kept to refuse it by name. */
  tokenFilePath: z.unknown().optional(),
  caPem: z.string().optional(),
});
export type AzureConnectionInput = z.input<typeof azureConnectionInputSchema>;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function httpsUrl(field: "authorityHost" | "armEndpoint", v: string | undefined): string {
  if (!v?.trim()) throw new AzureInputError(field, `A custom cloud needs ${field === "authorityHost" ? "the authority host (e.g. https://login.microsoftonline.com)" : "the Resource Manager endpoint (e.g. https://management.azure.com)"}.`);
  let u: URL;
  try {
    u = new URL(v.trim());
  } catch {
    throw new AzureInputError(field, `"${v.trim()}" is not a URL.`);
  }
  // MSAL and the ARM bearer-token policy refuse anything but https.
  if (u.protocol !== "https:") throw new AzureInputError(field, `${field} must use https:// (Azure SDKs refuse to send tokens over http).`);
  return u.origin;
}

/** Does a configured entry (`host` for any port, or `host:port`) allow this origin? */
function hostAllowed(origin: string, allowed: readonly string[]): boolean {
  const u = new URL(origin);
  const host = u.host.toLowerCase();
  const withPort = `${u.hostname.toLowerCase()}:${u.port || "443"}`;
  return allowed.some((a) => a === host || a === withPort || a === u.hostname.toLowerCase());
}

/**
 * The server's policy over where a connection may send credentials: ambient kinds only to built-in clouds, and
 * a custom cloud only to hosts the server's configuration (DTREADY_AZURE_CUSTOM_CLOUD_HOSTS) allows. Applied to
 * every connection, from a form, a CLI file or the database, before any credential is made.
 */
export function assertConnectionAllowed(c: Pick<AzureConnection, "kind" | "cloud" | "authorityHost" | "armEndpoint">): void {
  if (c.cloud !== "custom") return;
  if (AMBIENT_CREDENTIAL_KINDS.includes(c.kind)) {
    throw new AzureInputError(
      "cloud",
      `A ${c.kind} connection proves itself with the server's own credentials, so it works only with a built-in cloud (AzureCloud, AzureChinaCloud, AzureUSGovernment); use a service principal (client secret or certificate) for a custom cloud.`,
    );
  }
  const allowed = env("azureCustomCloudHosts");
  for (const field of ["authorityHost", "armEndpoint"] as const) {
    if (allowed.length === 0) {
      throw new AzureInputError(field, "Custom clouds are off on this server: an administrator allows their hosts with DTREADY_AZURE_CUSTOM_CLOUD_HOSTS (comma-separated host or host:port).");
    }
    if (!hostAllowed(c[field], allowed)) {
      throw new AzureInputError(field, `${new URL(c[field]).host} is not allowed by this server's DTREADY_AZURE_CUSTOM_CLOUD_HOSTS; ask an administrator to add it.`);
    }
  }
}

/** Validates a form/API input; throws AzureInputError naming the field. */
export function parseAzureConnectionInput(input: AzureConnectionInput): AzureConnection {
  const i = azureConnectionInputSchema.parse(input);
  if (i.tokenFilePath !== undefined && i.tokenFilePath !== "") {
    throw new AzureInputError("tokenFilePath", "The federated token file is not taken from a form or a file: workload identity always uses the server's AZURE_FEDERATED_TOKEN_FILE.");
  }
  const endpoints =
    i.cloud === "custom"
      ? { authorityHost: httpsUrl("authorityHost", i.authorityHost), armEndpoint: httpsUrl("armEndpoint", i.armEndpoint) }
      : KNOWN_CLOUDS[i.cloud];
  const c: AzureConnection = { kind: i.kind, cloud: i.cloud, ...endpoints };
  assertConnectionAllowed(c);
  const tenantId = i.tenantId?.trim();
  const clientId = i.clientId?.trim();
  const needTenant = i.kind === "client-secret" || i.kind === "client-certificate" || i.kind === "workload-identity";
  if (needTenant) {
    if (!tenantId || !GUID.test(tenantId)) throw new AzureInputError("tenantId", "The directory (tenant) ID must be a GUID, e.g. 72f988bf-86f1-41af-91ab-2d7cd011db47.");
    if (!clientId || !GUID.test(clientId)) throw new AzureInputError("clientId", "The application (client) ID must be a GUID.");
    c.tenantId = tenantId;
    c.clientId = clientId;
  } else if (clientId) {
    // A user-assigned managed identity is chosen by its client ID.
    if (!GUID.test(clientId)) throw new AzureInputError("clientId", "The managed identity's client ID must be a GUID.");
    c.clientId = clientId;
  }
  if (i.kind === "client-secret") {
    if (!i.clientSecret) throw new AzureInputError("clientSecret", "The client secret is empty.");
    if (i.clientSecret !== i.clientSecret.trim()) throw new AzureInputError("clientSecret", "The client secret has spaces or line breaks around it; remove them.");
    c.clientSecret = i.clientSecret;
  }
  if (i.kind === "client-certificate") {
    const pem = i.certificatePem ?? "";
    if (!/-----BEGIN CERTIFICATE-----/.test(pem) || !/-----BEGIN (RSA |EC )?PRIVATE KEY-----/.test(pem)) {
      throw new AzureInputError("certificatePem", "The certificate must be one PEM with both the private key and the certificate.");
    }
    c.certificatePem = pem.trim() + "\n";
  }
  if (i.kind === "workload-identity" && !env("azureFederatedTokenFile")) {
    throw new AzureInputError("kind", "Workload identity needs the server's federated token file, and AZURE_FEDERATED_TOKEN_FILE is not set (the AKS workload identity webhook sets it in a labelled pod).");
  }
  if (i.caPem?.trim()) {
    if (!/-----BEGIN CERTIFICATE-----/.test(i.caPem)) throw new AzureInputError("caPem", "The CA must be a PEM certificate.");
    c.caPem = i.caPem.trim() + "\n";
  }
  return c;
}

/** What may be shown and stored about a connection: no secrets. */
export interface AzureConnectionSummary {
  kind: AzureCredentialKind;
  cloud: AzureCloud;
  authorityHost: string;
  armEndpoint: string;
  tenantId?: string;
  clientId?: string;
}

export function summarizeAzureConnection(c: AzureConnection): AzureConnectionSummary {
  return { kind: c.kind, cloud: c.cloud, authorityHost: c.authorityHost, armEndpoint: c.armEndpoint, tenantId: c.tenantId, clientId: c.clientId };
}

export type { AksClusterRef };

/** Parses `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ContainerService/managedClusters/{name}`. */
export function parseAksResourceId(id: string): AksClusterRef {
  const m = /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/providers\/microsoft\.containerservice\/managedclusters\/([^/]+)$/i.exec(id);
  if (!m) throw new Error(`not an AKS resource id: ${id}`);
  return { subscriptionId: m[1]!, resourceGroup: m[2]!, name: m[3]! };
}
