// One TokenCredential per Azure connection. Only credentials that fit a server: no browser, no developer tools.
import {
  ChainedTokenCredential,
  ClientCertificateCredential,
  ClientSecretCredential,
  CredentialUnavailableError,
  EnvironmentCredential,
  ManagedIdentityCredential,
  WorkloadIdentityCredential,
  type TokenCredentialOptions,
} from "@azure/identity";
import type { TokenCredential } from "@azure/core-auth";
import { env } from "@/lib/env";
import type { AzureConnection } from "./connection";
import { cloudSettings } from "./connection";

export type { TokenCredential };

/** Options every credential gets: the cloud's authority, and for a custom authority no instance discovery. */
export function credentialOptions(conn: AzureConnection): TokenCredentialOptions & { disableInstanceDiscovery?: boolean } {
  const { authorityHost } = cloudSettings(conn);
  return {
    authorityHost,
    // Instance discovery asks login.microsoft.com about the authority; a custom (or test) authority is unknown there.
    ...(conn.cloud === "custom" ? { disableInstanceDiscovery: true } : {}),
    ...(conn.caPem ? { tlsOptions: { ca: conn.caPem } } : {}),
  };
}

function need<T>(v: T | undefined, what: string): T {
  if (v === undefined || v === "") throw new Error(`the Azure connection has no ${what}`);
  return v;
}

export function createAzureCredential(conn: AzureConnection): TokenCredential {
  const options = credentialOptions(conn);
  switch (conn.kind) {
    case "client-secret":
      return new ClientSecretCredential(need(conn.tenantId, "tenant ID"), need(conn.clientId, "client ID"), need(conn.clientSecret, "client secret"), options);
    case "client-certificate":
      return new ClientCertificateCredential(need(conn.tenantId, "tenant ID"), need(conn.clientId, "client ID"), { certificate: need(conn.certificatePem, "certificate") }, options);
    case "workload-identity":
      return new WorkloadIdentityCredential({
        ...options,
        tenantId: need(conn.tenantId, "tenant ID"),
        clientId: need(conn.clientId, "client ID"),
        // Only ever the server's own projected token: a path from a user would be a file read sent out as an assertion.
        tokenFilePath: need(env("azureFederatedTokenFile"), "federated token file (AZURE_FEDERATED_TOKEN_FILE is not set)"),
      });
    case "managed-identity":
      return conn.clientId ? new ManagedIdentityCredential({ ...options, clientId: conn.clientId }) : new ManagedIdentityCredential(options);
    case "default-prod":
      // DefaultAzureCredential with AZURE_TOKEN_CREDENTIALS=prod, built explicitly so the process environment is not
      // changed and developer credentials (Azure CLI, VS Code, ...) can never be reached.
      return new ChainedTokenCredential(
        orUnavailable(() => new EnvironmentCredential(options)),
        orUnavailable(() => new WorkloadIdentityCredential({ ...options, tenantId: conn.tenantId, clientId: conn.clientId })),
        orUnavailable(() => (conn.clientId ? new ManagedIdentityCredential({ ...options, clientId: conn.clientId }) : new ManagedIdentityCredential(options))),
      );
  }
}

/** Some credentials throw in their constructor when unconfigured; in a chain that must mean "try the next one". */
function orUnavailable(make: () => TokenCredential): TokenCredential {
  try {
    return make();
  } catch (err) {
    const message = (err as Error).message;
    return { getToken: () => Promise.reject(new CredentialUnavailableError(message)) };
  }
}
