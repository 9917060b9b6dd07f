import { ChainedTokenCredential, ClientSecretCredential, ManagedIdentityCredential, WorkloadIdentityCredential } from "@azure/identity";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseAzureConnectionInput } from "./connection";
import { createAzureCredential, credentialOptions } from "./credentials";

const ids = { tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47", clientId: "0f3c2a4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b" };
const saved = { ...process.env };
beforeEach(() => {
  process.env.DTREADY_AZURE_CUSTOM_CLOUD_HOSTS = "login.example.test,arm.example.test";
  process.env.AZURE_FEDERATED_TOKEN_FILE = "/var/run/secrets/azure/tokens/azure-identity-token";
});
afterEach(() => {
  process.env = { ...saved };
});

describe("credentialOptions", () => {
  it("a known cloud uses its authority and keeps instance discovery", () => {
    expect(credentialOptions(parseAzureConnectionInput({ kind: "managed-identity", cloud: "AzureChinaCloud" }))).toEqual({ authorityHost: "https://login.chinacloudapi.cn" });
  });
  it("a custom cloud turns instance discovery off and trusts its CA", () => {
    const caPem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
    const o = credentialOptions(parseAzureConnectionInput({ kind: "client-secret", ...ids, clientSecret: "s", cloud: "custom", authorityHost: "https://login.example.test/", armEndpoint: "https://arm.example.test", caPem }));
    expect(o).toEqual({ authorityHost: "https://login.example.test", disableInstanceDiscovery: true, tlsOptions: { ca: caPem + "\n" } });
  });
});

describe("createAzureCredential", () => {
  it("builds the credential of each kind (no developer-tool credential is reachable)", () => {
    expect(createAzureCredential(parseAzureConnectionInput({ kind: "client-secret", ...ids, clientSecret: "s" }))).toBeInstanceOf(ClientSecretCredential);
    expect(createAzureCredential(parseAzureConnectionInput({ kind: "workload-identity", ...ids }))).toBeInstanceOf(WorkloadIdentityCredential);
    expect(createAzureCredential(parseAzureConnectionInput({ kind: "managed-identity" }))).toBeInstanceOf(ManagedIdentityCredential);
    expect(createAzureCredential(parseAzureConnectionInput({ kind: "default-prod" }))).toBeInstanceOf(ChainedTokenCredential);
  });
});
