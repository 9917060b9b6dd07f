// "default-prod" never falls through to developer credentials. Its own file (own process): MSAL remembers the
// managed-identity source process-wide, so the environment set here must not meet other tests' managed identity.
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DefaultAzureCredential } from "@azure/identity";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startAzureTestServer, type AzureTestServer } from "@/test/azure/server";
import type { AzureConnection } from "./connection";
import { createAzureCredential, credentialOptions } from "./credentials";

let az: AzureTestServer;
let dir: string;
let marker: string;

beforeAll(async () => {
  az = await startAzureTestServer();
  dir = mkdtempSync(join(tmpdir(), "dtready-azure-cli-"));
  marker = join(dir, "az-ran");
  // A logged-in Azure CLI on PATH: if any credential ran it, the marker would appear.
  writeFileSync(join(dir, "az"), `#!/bin/sh\ntouch '${marker}'\necho '{"accessToken":"cli-token","expiresOn":"2099-01-01 00:00:00.000000","expires_on":4070908800,"tokenType":"Bearer"}'\n`);
  chmodSync(join(dir, "az"), 0o755);
  process.env.PATH = `${dir}:${process.env.PATH}`;
  for (const k of ["AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "AZURE_FEDERATED_TOKEN_FILE", "AZURE_TOKEN_CREDENTIALS"]) delete process.env[k];
  // No managed identity either: its endpoint is a closed port, so it fails instead of probing IMDS.
  process.env.IDENTITY_ENDPOINT = "http://127.0.0.1:9/msi/token";
  process.env.IDENTITY_HEADER = "x";
});
afterAll(async () => {
  await az?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The policy refuses default-prod with a custom cloud in every form; the credential underneath is tested directly. */
const ambientAtTestAuthority = (): AzureConnection => ({ kind: "default-prod", cloud: "custom", authorityHost: az.authorityHost, armEndpoint: az.armEndpoint, caPem: az.caPem });

it("with nothing production-grade configured, default-prod fails and never runs the Azure CLI", async () => {
  const conn = ambientAtTestAuthority();
  const err = await createAzureCredential(conn).getToken(`${az.armEndpoint}/.default`).catch((e: unknown) => e);
  expect((err as Error).name).toBe("AggregateAuthenticationError");
  expect((err as Error).message).toContain("EnvironmentCredential");
  expect((err as Error).message).toContain("ManagedIdentityCredential");
  expect((err as Error).message).not.toContain("AzureCliCredential");
  expect(existsSync(marker)).toBe(false);
});

it("control: the unrestricted DefaultAzureCredential would have run that Azure CLI", async () => {
  const conn = ambientAtTestAuthority();
  const t = await new DefaultAzureCredential(credentialOptions(conn)).getToken(`${az.armEndpoint}/.default`).catch(() => null);
  expect(existsSync(marker)).toBe(true);
  expect(t?.token).toBe("cli-token");
});
