// An HTTPS Dynatrace tenant for tests: the endpoints dtready calls, with the documented bodies and the error
// envelope {"error":{"code","message"}}, driven by a scenario. Certificate from a CA made at start.
// Wire formats: reference dynatrace-operator.md sections 2.3 and 2.4.
import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { makeTestCertificates } from "@/test/network/certs";

const secret = (seed: string) => seed.padEnd(64, "0").slice(0, 64);
/** Classic tokens (dt0c01.<24>.<64>) the server knows. */
export const TEST_OPERATOR_TOKEN = `dt0c01.OPERATORTESTTOKEN0000001.${secret("SECRETOPERATORPART")}`;
export const TEST_INGEST_TOKEN = `dt0c01.INGESTTESTTOKEN000000001.${secret("SECRETINGESTPART")}`;
/** Well-formed, but the tenant has never issued it. */
export const TEST_UNKNOWN_TOKEN = `dt0c01.UNKNOWNTESTTOKEN00000001.${secret("SECRETUNKNOWNPART")}`;
/** The tenant token inside connection info: a secret that must never reach a fact. */
export const TEST_TENANT_TOKEN = "TENANTTOKENSECRETabcdef123456";
export const TEST_TENANT_UUID = "abc12345";
export const TEST_AGENT_VERSION = "1.327.30.20251107-111521";

export const ALL_OPERATOR_SCOPES = ["InstallerDownload", "DataExport", "activeGateTokenManagement.create", "settings.read", "settings.write"];
export const ALL_INGEST_SCOPES = ["metrics.ingest", "logs.ingest", "openTelemetryTrace.ingest"];

/** Platform tokens (dt0s16…) of the cluster's two service users (docs "Tokens and permissions", Latest Dynatrace). */
export const TEST_PLATFORM_OPERATOR_TOKEN = `dt0s16.PLATFORMOPERATOR00000001.${secret("SECRETPLATFORMOPERATORPART")}`;
export const TEST_PLATFORM_INGEST_TOKEN = `dt0s16.PLATFORMINGEST0000000001.${secret("SECRETPLATFORMINGESTPART")}`;
/** The "Kubernetes Operator" policy's permissions, as the docs' table lists them for the operator token. */
export const KUBERNETES_OPERATOR_PERMISSIONS = [
  "fleet-management:activegate.connection-info:read",
  "fleet-management:activegate.tokens:create",
  "fleet-management:container-images:read",
  "fleet-management:oneagent.connection-info:read",
  "fleet-management:oneagents:download",
  "settings:objects:read",
  "settings:objects:write",
];
/**
 * The "Kubernetes Ingest" policy: ingest only (metrics, logs, traces). Its exact permission names were not read from
 * the docs; the server needs only that it grants none of the operator's reads.
 */
export const KUBERNETES_INGEST_PERMISSIONS = ["storage:metrics:write", "storage:logs:write", "storage:spans:write"];
export const TEST_GATEWAY_ENDPOINTS = "https://127.0.0.1:9999/communication,https://sg-eu-west-1.example.invalid:443/communication";
/** What GET /v2/fleetManagement/components/containerImages lists (shape: dynatrace-operator pkg/clients/dynatrace/image). */
export const TEST_COMPONENT_IMAGES = [
  { type: "oneagent", imageUri: "public.ecr.aws/dynatrace/dynatrace-oneagent:1.327.30.20251107-111521@sha256:1f0e7c6a9b7d4d3b2a1908f7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c4b3" },
  { type: "codemodules", imageUri: "public.ecr.aws/dynatrace/dynatrace-codemodules:1.327.30.20251107-111521@sha256:2f0e7c6a9b7d4d3b2a1908f7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c4b3" },
  { type: "activegate", imageUri: "public.ecr.aws/dynatrace/dynatrace-activegate:1.327.26.20251107-111521@sha256:3f0e7c6a9b7d4d3b2a1908f7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c4b3" },
  { type: "logmodule", imageUri: "public.ecr.aws/dynatrace/dynatrace-logmodule:1.327.30.20251107-111521@sha256:4f0e7c6a9b7d4d3b2a1908f7e6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c4b3" },
];

type Which = "operator" | "ingest";
type Known = Which | "platformOperator" | "platformIngest";

export type DynatraceScenario =
  | "valid"
  | "unauthorized"
  | "server-error"
  | { kind: "valid"; communicationEndpoints?: string[]; expiresInDays?: number; ingestExpiresInDays?: number }
  /** Scopes removed from the tokens' lookup answers (and enforced on the endpoints that need them). */
  | { kind: "missing-scopes"; operator?: string[]; ingest?: string[] }
  /** Permissions removed from the platform tokens' service users (enforced on the endpoints that need them). */
  | { kind: "missing-permissions"; operator?: string[]; ingest?: string[] }
  /** A platform token that is expired or revoked: 401 on every call it authenticates. */
  | { kind: "platform-token-revoked"; token?: Which }
  /** The container images list answers without these component types. */
  | { kind: "missing-component-images"; types: string[] }
  /** An expired or disabled operator token is refused (401) on every call; an ingest token is looked up as such. */
  | { kind: "expired"; token?: Which }
  | { kind: "disabled"; token?: Which }
  /** The lookup answers 404 for this token. */
  | { kind: "unknown-token"; token?: Which }
  | { kind: "unauthorized" }
  | { kind: "rate-limited"; retryAfterSeconds: number; times?: number }
  | { kind: "server-error"; status?: number }
  /** Answers after delayMs; without delayMs it never answers. */
  | { kind: "slow"; delayMs?: number }
  /** connectioninfo answers 400 when a network zone is asked for. */
  | { kind: "unknown-network-zone" };

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Which known token authenticated the call ("none" without a header, "other" for an unknown value). */
  auth: Known | "none" | "other";
  /** For lookups: which token was looked up. */
  lookedUp?: Known | "other";
  status?: number;
  at: number;
}

export interface DynatraceTestServer {
  /** https://127.0.0.1:<port>/api */
  apiUrl: string;
  /** The CA that signed the server certificate: the "custom CA bundle" a tenant connection needs. */
  caPem: string;
  port: number;
  requests: RecordedRequest[];
  /** Settings objects written without validateOnly=true and ActiveGate tokens created (must stay 0: a readiness check has no side effects). */
  sideEffects: number;
  setScenario(s: DynatraceScenario): void;
  close(): Promise<void>;
}

function normalise(s: DynatraceScenario): Exclude<DynatraceScenario, string> {
  return typeof s === "string" ? ({ kind: s }) : s;
}

const DAY = 86_400_000;

export async function startDynatraceTestServer(options: { scenario?: DynatraceScenario } = {}): Promise<DynatraceTestServer> {
  const certs = makeTestCertificates("dtready test Dynatrace CA");
  let scenario = normalise(options.scenario ?? "valid");
  let rateLimited = 0;
  const sockets = new Set<Socket>();
  const pending = new Set<ServerResponse>();
  const state: DynatraceTestServer = {
    apiUrl: "",
    caPem: certs.caPem,
    port: 0,
    requests: [],
    sideEffects: 0,
    setScenario(s) {
      scenario = normalise(s);
      rateLimited = 0;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };

  const TOKENS: Record<string, Known> = {
    [TEST_OPERATOR_TOKEN]: "operator",
    [TEST_INGEST_TOKEN]: "ingest",
    [TEST_PLATFORM_OPERATOR_TOKEN]: "platformOperator",
    [TEST_PLATFORM_INGEST_TOKEN]: "platformIngest",
  };
  const whichToken = (value: string | undefined): Known | "other" | undefined => (value === undefined ? undefined : (TOKENS[value] ?? "other"));
  const isPlatform = (k: Known) => k === "platformOperator" || k === "platformIngest";
  const roleOf = (k: Known): Which => (k === "operator" || k === "platformOperator" ? "operator" : "ingest");

  /** What a token may do: a classic token's scopes, a platform token's service user's permissions. */
  const grantsOf = (which: Known): string[] => {
    const role = roleOf(which);
    if (isPlatform(which)) {
      const all = role === "operator" ? KUBERNETES_OPERATOR_PERMISSIONS : KUBERNETES_INGEST_PERMISSIONS;
      const missing = scenario.kind === "missing-permissions" ? ((role === "operator" ? scenario.operator : scenario.ingest) ?? []) : [];
      return all.filter((p) => !missing.includes(p));
    }
    const all = role === "operator" ? ALL_OPERATOR_SCOPES : ALL_INGEST_SCOPES;
    if (scenario.kind !== "missing-scopes") return all;
    const missing = (role === "operator" ? scenario.operator : scenario.ingest) ?? [];
    return all.filter((s) => !missing.includes(s));
  };
  const scopesOf = (which: Which): string[] => grantsOf(which);

  let current: RecordedRequest | undefined;
  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    if (current) current.status = status;
    const text = JSON.stringify(body);
    res.writeHead(status, { "Content-Type": "application/json;charset=utf-8", "Content-Length": Buffer.byteLength(text), ...headers });
    res.end(text);
  };
  const fail = (res: ServerResponse, code: number, message: string, headers?: Record<string, string>) => send(res, code, { error: { code, message } }, headers);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "https://127.0.0.1");
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const authHeader = req.headers.authorization;
    const authToken = authHeader?.startsWith("Api-Token ") ? authHeader.slice("Api-Token ".length) : undefined;
    const auth = whichToken(authToken) ?? "none";
    const record: RecordedRequest = { method: req.method ?? "GET", path: url.pathname, query: Object.fromEntries(url.searchParams), auth, at: Date.now() };
    state.requests.push(record);
    current = record;

    if (scenario.kind === "slow") {
      pending.add(res);
      if (scenario.delayMs === undefined) return; // never answers
      await new Promise((r) => setTimeout(r, (scenario as { delayMs: number }).delayMs));
      pending.delete(res);
      if (res.destroyed) return;
    }
    if (scenario.kind === "rate-limited" && rateLimited < (scenario.times ?? 1)) {
      rateLimited++;
      return fail(res, 429, "Too Many Requests", { "Retry-After": String(scenario.retryAfterSeconds) });
    }
    if (scenario.kind === "server-error") return fail(res, scenario.status ?? 500, "Internal Server Error");

    if (!url.pathname.startsWith("/api/")) return fail(res, 404, "Not found");
    const path = url.pathname.slice("/api".length);
    if (auth === "none") return fail(res, 401, "Missing authorization parameter.");
    if (scenario.kind === "unauthorized" || auth === "other") return fail(res, 401, "Token Authentication failed");
    if (auth === "operator" && (scenario.kind === "expired" || scenario.kind === "disabled") && (scenario.token ?? "operator") === "operator") {
      return fail(res, 401, scenario.kind === "expired" ? "Token expired" : "Token is disabled");
    }
    if (isPlatform(auth) && scenario.kind === "platform-token-revoked" && (scenario.token ?? "operator") === roleOf(auth)) {
      return fail(res, 401, "Token Authentication failed");
    }
    const granted = grantsOf(auth);
    // An endpoint names a classic scope and the platform permission that allows it (the endpoint's docs page, or the
    // operator token table of "Tokens and permissions" for the deployment endpoints).
    const needScope = (scope: string, name: string, permission?: string) => {
      const wanted = isPlatform(auth) ? permission : scope;
      if (wanted && granted.includes(wanted)) return false;
      fail(res, 403, `Token is missing required scope. Use one of: ${isPlatform(auth) ? (permission ?? "(no platform permission allows this)") : `${scope} (${name})`}`);
      return true;
    };

    if (req.method === "POST" && path === "/v2/apiTokens/lookup") {
      let token: string | undefined;
      try {
        token = (JSON.parse(raw) as { token?: unknown }).token as string | undefined;
      } catch {
        return fail(res, 400, "Could not map JSON at '' near line 1 column 1");
      }
      if (typeof token !== "string" || !token) return fail(res, 400, "Constraints violated.");
      const which = whichToken(token);
      record.lookedUp = which;
      // Platform tokens are not access tokens: the lookup does not know them.
      if (which === "other" || which === undefined || isPlatform(which) || (scenario.kind === "unknown-token" && (scenario.token ?? "operator") === which)) {
        return fail(res, 404, "Token not found");
      }
      const w = which;
      const now = Date.now();
      let expirationDate: string | undefined;
      let enabled = true;
      if (scenario.kind === "valid") {
        const days = w === "operator" ? scenario.expiresInDays : scenario.ingestExpiresInDays;
        if (days !== undefined) expirationDate = new Date(now + days * DAY).toISOString();
      }
      if (scenario.kind === "expired" && (scenario.token ?? "operator") === w) expirationDate = new Date(now - 2 * DAY).toISOString();
      if (scenario.kind === "disabled" && (scenario.token ?? "operator") === w) enabled = false;
      const publicId = token.split(".").slice(0, 2).join(".");
      return send(res, 200, {
        id: publicId,
        name: w === "operator" ? "Kubernetes: Dynatrace Operator" : "Kubernetes: Data Ingest",
        enabled,
        personalAccessToken: false,
        owner: "admin@example.com",
        creationDate: new Date(now - 30 * DAY).toISOString(),
        modifiedDate: new Date(now - 30 * DAY).toISOString(),
        lastUsedDate: new Date(now - DAY).toISOString(),
        lastUsedIpAddress: "127.0.0.1",
        ...(expirationDate ? { expirationDate } : {}),
        scopes: scopesOf(w),
      });
    }
    if (req.method === "GET" && path === "/v1/deployment/installer/agent/connectioninfo") {
      if (needScope("InstallerDownload", "PaaS integration - Installer download", "fleet-management:oneagent.connection-info:read")) return;
      if (scenario.kind === "unknown-network-zone" && url.searchParams.get("networkZone")) {
        return fail(res, 400, `No ActiveGate available for network zone ${url.searchParams.get("networkZone")}`);
      }
      const endpoints =
        (scenario.kind === "valid" ? scenario.communicationEndpoints : undefined) ?? [
          `https://127.0.0.1:${state.port}/communication`,
          "https://sg-eu-west-1.example.invalid:443/communication",
        ];
      return send(res, 200, {
        tenantUUID: TEST_TENANT_UUID,
        tenantToken: TEST_TENANT_TOKEN,
        communicationEndpoints: endpoints,
        formattedCommunicationEndpoints: endpoints.join(";"),
      });
    }
    if (req.method === "GET" && path === "/v1/deployment/installer/agent/unix/default/latest/metainfo") {
      if (needScope("InstallerDownload", "PaaS integration - Installer download", "fleet-management:oneagents:download")) return;
      return send(res, 200, { latestAgentVersion: TEST_AGENT_VERSION });
    }
    if (req.method === "GET" && path === "/v1/deployment/installer/gateway/connectioninfo") {
      if (needScope("InstallerDownload", "PaaS integration - Installer download", "fleet-management:activegate.connection-info:read")) return;
      // The ActiveGate answer lists its endpoints as one comma-separated string (reference section 2.4).
      return send(res, 200, { tenantUUID: TEST_TENANT_UUID, tenantToken: TEST_TENANT_TOKEN, communicationEndpoints: TEST_GATEWAY_ENDPOINTS });
    }
    if (req.method === "GET" && path === "/v2/fleetManagement/components/containerImages") {
      if (needScope("InstallerDownload", "PaaS integration - Installer download", "fleet-management:container-images:read")) return;
      const drop = scenario.kind === "missing-component-images" ? scenario.types : [];
      return send(res, 200, { components: TEST_COMPONENT_IMAGES.filter((c) => !drop.includes(c.type)) });
    }
    if (req.method === "POST" && path === "/v2/activeGateTokens") {
      // A write: creates a token. A readiness check never calls it (counted as a side effect).
      if (needScope("activeGateTokenManagement.create", "Create ActiveGate tokens", "fleet-management:activegate.tokens:create")) return;
      state.sideEffects++;
      return send(res, 201, { id: "dt0g02.TESTAGTOKEN", token: "dt0g02.TESTAGTOKEN.SECRET", expirationDate: new Date(Date.now() + 60 * DAY).toISOString() });
    }
    if (path === "/v2/settings/objects") {
      if (req.method === "GET") {
        if (needScope("settings.read", "Read settings", "settings:objects:read")) return;
        // "To load the first page, when the nextPageKey is not set, either this parameter or scopes is required."
        if (!url.searchParams.get("schemaIds") && !url.searchParams.get("scopes") && !url.searchParams.get("nextPageKey")) {
          return send(res, 400, {
            error: { code: 400, message: "Constraints violated.", constraintViolations: [{ path: "schemaIds", message: "schemaIds or scopes must be set", parameterLocation: "QUERY", location: null }] },
          });
        }
        const pageSize = Number(url.searchParams.get("pageSize") ?? "100");
        if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500) {
          return send(res, 400, { error: { code: 400, message: "Constraints violated.", constraintViolations: [{ path: "pageSize", message: "must be between 1 and 500", parameterLocation: "QUERY", location: null }] } });
        }
        return send(res, 200, { items: [], totalCount: 0, pageSize });
      }
      if (req.method === "POST") {
        if (needScope("settings.write", "Write settings", "settings:objects:write")) return;
        let body: unknown;
        try {
          body = JSON.parse(raw);
        } catch {
          return fail(res, 400, "Could not map JSON");
        }
        const items = Array.isArray(body) ? (body as { schemaId?: string }[]) : [];
        if (items.length === 0 || items.some((i) => !i.schemaId)) return fail(res, 400, "Constraints violated.");
        if (url.searchParams.get("validateOnly") !== "true") {
          state.sideEffects++;
          return send(res, 200, items.map(() => ({ code: 200, objectId: "vu9U3hXa3q0AAAABABdidWlsdGluOmNsb3VkLmt1YmVybmV0ZXMAAAAA" })));
        }
        return send(res, 200, items.map(() => ({ code: 200 })));
      }
    }
    if (req.method === "GET" && path === "/v1/time") {
      res.writeHead(200, { "Content-Type": "text/plain" });
      return res.end(String(Date.now()));
    }
    return fail(res, 404, `No resource at ${req.method} ${url.pathname}`);
  };

  const server: Server = createServer({ cert: certs.certPem, key: certs.keyPem }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) fail(res, 500, (err as Error).message);
    });
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("test server has no port");
  state.port = address.port;
  state.apiUrl = `https://127.0.0.1:${address.port}/api`;
  return state;
}
