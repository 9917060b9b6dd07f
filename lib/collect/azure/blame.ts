// Which Azure system failed, and what fixes it. A token that Microsoft Entra ID refuses is Entra ID's answer about the
// connection's identity, not the API server's or Resource Manager's; a network failure on the way to Entra ID is a
// network problem, not a credential one. The engine puts `system` in the reason of every unknown and `remedy` in its
// remediation (lib/engine/errors.ts Blame).
import { CollectError } from "@/lib/engine/errors";
import { httpsRequest, NetworkError } from "@/lib/collect/network/https";
import type { AzureConnection, AzureCredentialKind } from "./connection";

export const ENTRA_ID = "Microsoft Entra ID";
export const RESOURCE_MANAGER = "Azure Resource Manager";

/** What Entra ID said, read from the identity library's error. */
export interface EntraMessage {
  /** The AADSTS number, when Entra ID answered with one. */
  aadsts?: number;
  /** The OAuth error (invalid_client, invalid_resource, …), when known. */
  error?: string;
  /** The AADSTS message whole (`AADSTS7000215: Invalid client secret provided. Ensure …`), without the trace lines. */
  text: string;
}

interface IdentityErrorLike {
  name?: string;
  message?: string;
  errors?: unknown[];
  errorResponse?: { error?: string; errorDescription?: string; errorCodes?: number[] };
}

/**
 * Entra ID's error_description is the message followed by `\r\nTrace ID: …\r\nCorrelation ID: …\r\nTimestamp: …`,
 * and MSAL wraps it as `invalid_client: Error(s): 7000215 - Timestamp: … - Description: <description> - Correlation
 * ID: … - Trace ID: …`. This keeps the AADSTS message whole and drops both tails.
 */
export function entraMessage(err: unknown): EntraMessage {
  const e = (err ?? {}) as IdentityErrorLike;
  // A chain (default-prod) fails with every member's error: the first one Entra ID answered says the most.
  if (e.name === "AggregateAuthenticationError" && Array.isArray(e.errors) && e.errors.length > 0) {
    const parts = e.errors.map(entraMessage);
    return parts.find((p) => p.aadsts !== undefined) ?? { text: parts.map((p) => p.text).join("; ") };
  }
  const raw = e.errorResponse?.errorDescription ?? e.message ?? String(err);
  const error = e.errorResponse?.error ?? /^([a-z_]+): Error\(s\):/.exec(raw)?.[1];
  const at = raw.search(/AADSTS\d+:/);
  if (at >= 0) {
    const tail = raw.slice(at);
    const end = tail.search(/\r|\n| - Correlation ID:| - Trace ID:| - Timestamp:/);
    const text = (end >= 0 ? tail.slice(0, end) : tail).trim().replace(/,$/, "");
    return { aadsts: Number(/^AADSTS(\d+)/.exec(text)![1]), error, text };
  }
  return { error, text: raw.split(/\r?\n|\r/)[0]!.trim().slice(0, 400) };
}

/** What a discovery request to the authority found, when MSAL only says "endpoints_resolution_error". */
export type AuthorityDiagnosis =
  | { reachable: false; kind: "unreachable" | "timeout"; detail: string }
  | { reachable: true; status: number; entra?: EntraMessage };

/**
 * MSAL reports an authority it cannot reach and a tenant Entra ID does not know with the same error
 * (endpoints_resolution_error). One GET of the tenant's OpenID configuration, the request MSAL made first, tells
 * them apart. No credential is sent.
 */
export async function diagnoseAuthority(conn: Pick<AzureConnection, "authorityHost" | "tenantId" | "caPem">, signal?: AbortSignal): Promise<AuthorityDiagnosis> {
  const url = `${conn.authorityHost.replace(/\/+$/, "")}/${encodeURIComponent(conn.tenantId ?? "organizations")}/v2.0/.well-known/openid-configuration`;
  try {
    const res = await httpsRequest({ url, method: "GET", headers: { Accept: "application/json" }, ca: conn.caPem, timeoutMs: 5_000, signal, maxBodyBytes: 64 * 1024 });
    if (res.status >= 200 && res.status < 300) return { reachable: true, status: res.status };
    let entra: EntraMessage | undefined;
    try {
      const b = JSON.parse(res.body) as { error?: string; error_description?: string };
      if (b.error_description) entra = entraMessage({ errorResponse: { error: b.error, errorDescription: b.error_description } });
    } catch {
      // not Entra ID's JSON: the status says enough
    }
    return { reachable: true, status: res.status, entra };
  } catch (err) {
    if (err instanceof NetworkError) return { reachable: false, kind: err.kind === "timeout" ? "timeout" : "unreachable", detail: err.message };
    return { reachable: false, kind: "unreachable", detail: (err as Error)?.message ?? String(err) };
  }
}

export interface EntraContext {
  kind: AzureCredentialKind;
  authorityHost: string;
  tenantId?: string;
  clientId?: string;
  /** What was asked for: "a token for Resource Manager", "a token for the cluster's server application …". */
  what: string;
}

const NETWORK = /network_error|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|socket hang up|certificate|self[- ]signed|UNABLE_TO_VERIFY/i;

/**
 * Classifies a failed getToken: Entra ID refused the identity (unauthorized, with the AADSTS message and the fix for
 * that code), Entra ID could not be reached (unreachable: the network, not the credentials), or the credential is not
 * available on this host (error).
 */
export function entraFailure(err: unknown, c: EntraContext, diagnosis?: AuthorityDiagnosis): CollectError {
  if (err instanceof CollectError) return err;
  const e = (err ?? {}) as IdentityErrorLike;
  const said = entraMessage(err);
  const blame = (remedy: string) => ({ system: ENTRA_ID, remedy });
  if (diagnosis && !diagnosis.reachable) {
    return new CollectError(
      diagnosis.kind,
      `${ENTRA_ID} at ${c.authorityHost} could not be reached for ${c.what} (${diagnosis.detail}); this is a network problem, not the credentials.`,
      undefined,
      blame(`Make sure the dashboard host can reach ${c.authorityHost} on port 443 (DNS, firewall, outbound proxy), then run again. The connection's credentials were not tried.`),
    );
  }
  const answered = said.aadsts !== undefined ? said : diagnosis?.reachable ? diagnosis.entra : undefined;
  if (answered?.aadsts !== undefined) {
    return new CollectError("unauthorized", `${ENTRA_ID} refused ${c.what}: ${answered.text}`, undefined, blame(remedyFor(answered.aadsts, c)));
  }
  if (NETWORK.test(said.text)) {
    return new CollectError(
      /ETIMEDOUT/i.test(said.text) ? "timeout" : "unreachable",
      `${ENTRA_ID} at ${c.authorityHost} could not be reached for ${c.what} (${said.text}); this is a network problem, not the credentials.`,
      undefined,
      blame(`Make sure the dashboard host can reach ${c.authorityHost} on port 443 (DNS, firewall, outbound proxy, the CA that signs its certificate), then run again.`),
    );
  }
  // A token file or certificate this host cannot read is the host's problem: Entra ID was never asked.
  if (e.name === "CredentialUnavailableError" || e.name === "AggregateAuthenticationError" || /\b(ENOENT|EACCES|EISDIR|EPERM)\b/.test(said.text)) {
    return new CollectError("error", `The ${c.kind} credential is not available on this host for ${c.what}: ${said.text}`, undefined, blame(unavailableRemedy(c.kind)));
  }
  return new CollectError("unauthorized", `${ENTRA_ID} did not issue ${c.what}: ${said.text}`, undefined, blame(`Check the Azure connection's tenant ID, client ID and credential against the app registration in ${ENTRA_ID}, then run again.`));
}

function unavailableRemedy(kind: AzureCredentialKind): string {
  switch (kind) {
    case "managed-identity":
      return "The dashboard does not run with an Azure managed identity here (no IMDS endpoint or IDENTITY_ENDPOINT). Run it on an Azure host with a managed identity assigned, or use a client-secret or certificate connection.";
    case "workload-identity":
      return "The workload identity token file (AZURE_FEDERATED_TOKEN_FILE) is missing or unreadable. Run the dashboard in AKS with workload identity enabled for its service account, or use another connection kind.";
    case "default-prod":
      return "None of the environment, workload identity or managed identity credentials is configured on the dashboard host. Set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or a certificate), or run with a managed or workload identity.";
    default:
      return "The connection's credential could not be used on this host; recreate the Azure connection with its secret or certificate.";
  }
}

/** The fix for an AADSTS code, with this connection's values (codes: learn.microsoft.com reference-error-codes). */
export function remedyFor(aadsts: number, c: Pick<EntraContext, "kind" | "authorityHost" | "tenantId" | "clientId">): string {
  const app = c.clientId ?? "<client ID>";
  const tenant = c.tenantId ?? "<tenant ID>";
  switch (aadsts) {
    case 7000215:
      return `The client secret is not valid for application ${app}: it is the secret's ID rather than its value, or belongs to a deleted secret. Create a new client secret (az ad app credential reset --id ${app} --append --display-name dtready) and put its value in the Azure connection.`;
    case 7000222:
      return `The client secret of application ${app} has expired. Create a new one (az ad app credential reset --id ${app} --append --display-name dtready) and put its value in the Azure connection.`;
    case 7000218:
      return "The connection sent neither a client secret nor a certificate. Edit the Azure connection and add the application's client secret or certificate.";
    case 700016:
      return `${ENTRA_ID} has no application ${app} in tenant ${tenant}. Check the connection's client ID (the app registration's "Application (client) ID") and tenant ID ("Directory (tenant) ID").`;
    case 90002:
    case 90023:
      return `${ENTRA_ID} at ${c.authorityHost} has no tenant ${tenant}. Check the connection's tenant ID and its cloud (public, China, US Government).`;
    case 500011:
      return `The resource the token was asked for is not known in tenant ${tenant}: the connection's cloud or Resource Manager endpoint does not belong to this tenant, or the cluster's Entra integration names a server application the tenant lacks. Check the connection's cloud and endpoints.`;
    case 65001:
      return `Application ${app} has no consent for this resource in tenant ${tenant}. An administrator grants it in ${ENTRA_ID} (Enterprise applications → the app → Permissions → Grant admin consent).`;
    case 53003:
      return `A Conditional Access policy in tenant ${tenant} blocks application ${app}. Exclude the service principal from the policy or allow the dashboard's location.`;
    case 50027:
    case 700027:
    case 700024:
    case 70021:
    case 700211:
    case 700213:
      return c.kind === "workload-identity"
        ? `The federated credential of application ${app} does not match the dashboard's service account token (issuer, subject or audience), or the token has expired. Compare them: az ad app federated-credential list --id ${app}`
        : `The certificate that signed the client assertion is not registered on application ${app}, or has expired. Upload the certificate's public key to the app registration (Certificates & secrets), or use the registered certificate in the connection.`;
    default:
      return `See https://login.microsoftonline.com/error?code=${aadsts} for what AADSTS${aadsts} means, fix the Azure connection's identity accordingly, then run again.`;
  }
}

/** Resource Manager's AuthorizationFailed names the principal, the action and the scope; a role assignment fixes it. */
export function authorizationFailed(message: string): { objectId?: string; action: string; scope: string } | undefined {
  const m = /perform action '([^']+)' over scope '([^']+)'/.exec(message);
  if (!m) return undefined;
  return { objectId: /object id '([0-9a-f-]{36})'/i.exec(message)?.[1], action: m[1]!, scope: m[2]! };
}

/** The least role that grants a Resource Manager action dtready performs. */
export function roleFor(action: string): string {
  return /listClusterUserCredential\/action$/i.test(action) ? "Azure Kubernetes Service Cluster User Role" : "Reader";
}

export function roleAssignmentCommand(objectId: string | undefined, role: string, scope: string): string {
  const who = objectId ? `--assignee-object-id ${objectId} --assignee-principal-type ServicePrincipal` : "--assignee <the connection's client ID>";
  return `az role assignment create ${who} --role "${role}" --scope ${scope}`;
}
