// Every credential kind, as the real @azure/identity credential, against the Azure test authority.
import { execFileSync } from "node:child_process";
import { createHash, createPublicKey, verify, X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AKS_SERVER_ID, generateFleet, startAzureTestServer, type AzureTestServer } from "@/test/azure/server";
import { createArmClients, listSubscriptions } from "./arm";
import { parseAzureConnectionInput, type AzureConnection, type AzureConnectionInput } from "./connection";
import { createAzureCredential } from "./credentials";

let az: AzureTestServer;
let dir: string;
const savedEnv = { ...process.env };
const ctx = () => ({ signal: AbortSignal.timeout(30_000), noteRequest: () => undefined });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "dtready-azure-cred-"));
  az = await startAzureTestServer({ fleet: generateFleet(2, 1) });
});
afterAll(async () => {
  await az?.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
  Object.assign(process.env, savedEnv);
});

function connection(input: Partial<AzureConnectionInput> & Pick<AzureConnectionInput, "kind">): AzureConnection {
  // The server's policy allows the ambient kinds (workload identity, managed identity, default) only with a built-in
  // cloud, so a form can never point them at this test authority; the credential underneath is tested here directly.
  if (["workload-identity", "managed-identity", "default-prod"].includes(input.kind)) {
    const { tenantId, clientId } = input;
    return { kind: input.kind, cloud: "custom", authorityHost: az.authorityHost, armEndpoint: az.armEndpoint, caPem: az.caPem, ...(tenantId ? { tenantId } : {}), ...(clientId ? { clientId } : {}) };
  }
  return parseAzureConnectionInput({ cloud: "custom", authorityHost: az.authorityHost, armEndpoint: az.armEndpoint, caPem: az.caPem, ...input });
}

/** Lists subscriptions through the real SubscriptionClient with the connection's credential; returns the token requests made. */
async function listWith(input: Partial<AzureConnectionInput> & Pick<AzureConnectionInput, "kind">) {
  const from = az.requests.length;
  const conn = connection(input);
  const subs = await listSubscriptions(createArmClients(conn, createAzureCredential(conn)), ctx());
  expect(subs.map((s) => s.displayName)).toEqual(["Fleet subscription 1", "Fleet subscription 2"]);
  return az.requests.slice(from).filter((r) => r.scope);
}

const b64url = (s: string) => Buffer.from(s, "base64url");

describe("createAzureCredential against the test authority", () => {
  it("client secret: proves itself with the secret, asks the custom cloud's ARM scope", async () => {
    const tokens = await listWith({ kind: "client-secret", tenantId: az.tenantId, clientId: az.clientId, clientSecret: az.clientSecret });
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatchObject({ clientAuth: "secret", grantType: "client_credentials", scope: `${az.armEndpoint}/.default`, path: `/${az.tenantId}/oauth2/v2.0/token` });
  });

  it("client certificate: the assertion is signed by the certificate's key and names its thumbprint", async () => {
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "sp.key", "-out", "sp.crt", "-days", "1", "-subj", "/CN=dtready-sp"], { cwd: dir, stdio: "ignore" });
    const certPem = readFileSync(join(dir, "sp.crt"), "utf8");
    const pem = readFileSync(join(dir, "sp.key"), "utf8") + certPem;
    const tokens = await listWith({ kind: "client-certificate", tenantId: az.tenantId, clientId: az.clientId, certificatePem: pem });
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatchObject({ clientAuth: "assertion", scope: `${az.armEndpoint}/.default` });
    const [h, p, sig] = tokens[0]!.assertion!.split(".");
    const header = JSON.parse(b64url(h!).toString()) as { alg: string; x5t?: string; "x5t#S256"?: string };
    const payload = JSON.parse(b64url(p!).toString()) as { aud: string; iss: string; sub: string };
    expect(payload).toMatchObject({ iss: az.clientId, sub: az.clientId });
    expect(payload.aud).toContain(`${az.authorityHost}/${az.tenantId}`);
    const der = new X509Certificate(certPem).raw;
    const thumbprints = [createHash("sha1").update(der).digest("base64url"), createHash("sha256").update(der).digest("base64url")];
    expect(thumbprints).toContain(header["x5t#S256"] ?? header.x5t);
    const algo = header.alg === "PS256" ? { key: createPublicKey(certPem), padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: 32 } : createPublicKey(certPem);
    expect(verify("sha256", Buffer.from(`${h}.${p}`), algo, b64url(sig!))).toBe(true);
  });

  it("workload identity: the federated token file is the client assertion", async () => {
    const file = join(dir, "azure-identity-token");
    const federated = `${Buffer.from('{"alg":"RS256"}').toString("base64url")}.${Buffer.from('{"sub":"system:serviceaccount:dtready:dtready"}').toString("base64url")}.c2lnbmF0dXJl`;
    writeFileSync(file, federated);
    process.env.AZURE_FEDERATED_TOKEN_FILE = file;
    const tokens = await listWith({ kind: "workload-identity", tenantId: az.tenantId, clientId: az.clientId });
    expect(tokens[0]).toMatchObject({ clientAuth: "assertion", assertion: federated, scope: `${az.armEndpoint}/.default` });
  });

  it("managed identity (App Service protocol): asks IDENTITY_ENDPOINT for the ARM resource with the identity header", async () => {
    process.env.IDENTITY_ENDPOINT = az.msiEndpoint;
    process.env.IDENTITY_HEADER = az.msiHeader;
    const tokens = await listWith({ kind: "managed-identity" });
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatchObject({ clientAuth: "managed-identity", path: "/msi/token", scope: `${az.armEndpoint}/.default` });
  });

  it("default (production only): the environment's service principal is used", async () => {
    Object.assign(process.env, { AZURE_TENANT_ID: az.tenantId, AZURE_CLIENT_ID: az.clientId, AZURE_CLIENT_SECRET: az.clientSecret });
    const tokens = await listWith({ kind: "default-prod" });
    expect(tokens.at(-1)).toMatchObject({ clientAuth: "secret", scope: `${az.armEndpoint}/.default` });
  });

  it("default (production only): falls through to the managed identity", async () => {
    process.env.IDENTITY_ENDPOINT = az.msiEndpoint;
    process.env.IDENTITY_HEADER = az.msiHeader;
    // The AKS scope: the ARM token from the managed-identity test above is cached process-wide.
    const t = await createAzureCredential(connection({ kind: "default-prod" })).getToken(`${AKS_SERVER_ID}/.default`);
    expect(t?.token).toBeTruthy();
    expect(az.requests.at(-1)).toMatchObject({ clientAuth: "managed-identity", path: "/msi/token", scope: `${AKS_SERVER_ID}/.default` });
  });

  it("the Entra token for an AKS cluster is asked for the AKS server application, by every kind", async () => {
    const conn = connection({ kind: "client-secret", tenantId: az.tenantId, clientId: az.clientId, clientSecret: az.clientSecret });
    const t = await createAzureCredential(conn).getToken(`${AKS_SERVER_ID}/.default`);
    expect(t?.token).toBeTruthy();
    expect(az.requests.at(-1)).toMatchObject({ scope: `${AKS_SERVER_ID}/.default`, status: 200 });
  });
});
