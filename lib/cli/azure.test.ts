import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCommand, UsageError, type CheckCommand, type FleetCommand } from "./args";
import { loadAzureConnection } from "./azure";
import { discoveredCluster } from "@/lib/collect/azure/discovery";
import { fleetText } from "./fleet";

const dir = mkdtempSync(join(tmpdir(), "dtready-cli-azure-"));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}
const usageError = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error("expected a usage error");
};

const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const CLIENT = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
const SUB = "11111111-2222-3333-4444-555555555555";
const SECRET = "s3cr3t~Value.With_Chars";
const AKS_ID = `/subscriptions/${SUB}/resourceGroups/rg-prod/providers/Microsoft.ContainerService/managedClusters/aks-prod`;
const PEM_CERT = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
const PEM_KEY = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";

describe("loadAzureConnection", () => {
  it("reads a client-secret connection for the public cloud", () => {
    const c = loadAzureConnection(file("ok.json", JSON.stringify({ kind: "client-secret", tenantId: TENANT, clientId: CLIENT, clientSecret: SECRET })));
    expect(c).toMatchObject({ kind: "client-secret", cloud: "AzureCloud", armEndpoint: "https://management.azure.com", clientSecret: SECRET });
  });

  it("reads certificateFile and caFile relative to the connection file, for a custom cloud the server allows", () => {
    process.env.DTREADY_AZURE_CUSTOM_CLOUD_HOSTS = "login.example.test,arm.example.test";
    file("sp.pem", PEM_KEY + PEM_CERT);
    file("ca.pem", PEM_CERT);
    const c = loadAzureConnection(
      file(
        "cert.json",
        JSON.stringify({
          kind: "client-certificate", cloud: "custom", authorityHost: "https://login.example.test", armEndpoint: "https://arm.example.test/",
          tenantId: TENANT, clientId: CLIENT, certificateFile: "sp.pem", caFile: "ca.pem",
        }),
      ),
    );
    expect(c.certificatePem).toContain("BEGIN PRIVATE KEY");
    expect(c.caPem).toContain("BEGIN CERTIFICATE");
    expect(c.armEndpoint).toBe("https://arm.example.test");
    delete process.env.DTREADY_AZURE_CUSTOM_CLOUD_HOSTS;
  });

  it("names the file and the field at fault, never the secret", () => {
    const bad = file("bad-tenant.json", JSON.stringify({ kind: "client-secret", tenantId: "contoso", clientId: CLIENT, clientSecret: SECRET }));
    expect(usageError(() => loadAzureConnection(bad))).toMatch(new RegExp(`^--azure-connection-file ${bad}: "tenantId": .*GUID`));
    const broken = file("broken.json", `{"kind": "client-secret", "clientSecret": "${SECRET}",`);
    const m = usageError(() => loadAzureConnection(broken));
    expect(m).toContain("not valid JSON");
    expect(m).not.toContain(SECRET);
    const typo = file("typo.json", JSON.stringify({ kind: "client-secret", tenantId: TENANT, clientId: CLIENT, secret: SECRET }));
    const t = usageError(() => loadAzureConnection(typo));
    expect(t).toContain('unknown field "secret"');
    expect(t).not.toContain(SECRET);
    expect(usageError(() => loadAzureConnection(file("kind.json", JSON.stringify({ kind: "azure-cli" }))))).toMatch(/"kind" is not valid \(one of client-secret/);
    expect(usageError(() => loadAzureConnection(join(dir, "missing.json")))).toMatch(/missing\.json: no such file or directory/);
    expect(usageError(() => loadAzureConnection(file("nocert.json", JSON.stringify({ kind: "client-certificate", tenantId: TENANT, clientId: CLIENT, certificateFile: "nope.pem" })))))
      .toMatch(/"certificateFile": cannot read .*nope\.pem: no such file/);
  });
});

describe("parseCommand with Azure", () => {
  const conn = "/etc/dtready/azure.json";
  it("check --aks <resource id>: an AKS run, no kubeconfig", () => {
    const c = parseCommand(["check", "--azure-connection-file", conn, "--aks", AKS_ID, "--mode", "full-stack"], {}) as CheckCommand;
    expect(c.aks).toEqual({ connectionFile: conn, ref: { subscriptionId: SUB, resourceGroup: "rg-prod", name: "aks-prod" } });
    expect(c.kubeconfigPath).toBeUndefined();
    expect(c.plan.mode).toBe("full-stack");
  });

  it("check --subscription/--resource-group/--name names the same cluster", () => {
    const c = parseCommand(["check", "--azure-connection-file", conn, "--subscription", SUB, "--resource-group", "rg-prod", "--name", "aks-prod"], {}) as CheckCommand;
    expect(c.aks?.ref).toEqual({ subscriptionId: SUB, resourceGroup: "rg-prod", name: "aks-prod" });
  });

  it("refuses incomplete or conflicting cluster flags with what to do", () => {
    expect(usageError(() => parseCommand(["check", "--aks", AKS_ID], {}))).toMatch(/--azure-connection-file/);
    expect(usageError(() => parseCommand(["check", "--azure-connection-file", conn], {}))).toMatch(/needs the cluster: --aks/);
    expect(usageError(() => parseCommand(["check", "--azure-connection-file", conn, "--subscription", SUB, "--name", "x"], {}))).toMatch(/^--resource-group is missing/);
    expect(usageError(() => parseCommand(["check", "--azure-connection-file", conn, "--aks", "/subscriptions/x"], {}))).toMatch(/--aks must be an AKS resource id/);
    expect(usageError(() => parseCommand(["check", "--azure-connection-file", conn, "--aks", AKS_ID, "--kubeconfig", "k"], {}))).toMatch(/--kubeconfig cannot be combined/);
    expect(usageError(() => parseCommand(["check", "--azure-connection-file", conn, "--aks", AKS_ID, "--name", "x"], {}))).toMatch(/leave out --name/);
  });

  it("refuses a client secret on the command line without repeating it", () => {
    const m = usageError(() => parseCommand(["check", `--client-secret=${SECRET}`], {}));
    expect(m).toMatch(/^--client-secret is refused/);
    expect(m).not.toContain(SECRET);
  });

  it("fleet needs the connection file and refuses check-only flags", () => {
    expect(parseCommand(["fleet", "--azure-connection-file", conn, "--format", "json"], {})).toEqual<FleetCommand>({
      command: "fleet", connectionFile: conn, format: "json", budgetMs: undefined,
    });
    expect(usageError(() => parseCommand(["fleet"], {}))).toMatch(/fleet needs --azure-connection-file/);
    expect(usageError(() => parseCommand(["fleet", "--azure-connection-file", conn, "--mode", "platform"], {}))).toBe("--mode is an option of check, not of fleet.");
  });
});

describe("fleet listing", () => {
  it("shows each cluster's state and its resource id to copy into dtready check --aks", () => {
    const running = discoveredCluster(
      {
        id: AKS_ID, name: "aks-prod", location: "westeurope", currentKubernetesVersion: "1.33.2", powerState: { code: "Running" }, provisioningState: "Succeeded",
        aadProfile: { managed: true }, disableLocalAccounts: true, apiServerAccessProfile: { enablePrivateCluster: true }, agentPoolProfiles: [{ name: "system" }],
      },
      "Production",
    )!;
    const stopped = discoveredCluster({ id: AKS_ID.replace("aks-prod", "aks-dev"), location: "eastus", kubernetesVersion: "1.32", powerState: { code: "Stopped" } }, "Dev")!;
    expect(running).toMatchObject({ name: "aks-prod", resourceGroup: "rg-prod", privateCluster: true, entraIntegrated: true, localAccountsDisabled: true, nodePools: 1 });
    const text = fleetText({ clusters: [stopped, running], failed: [{ subscriptionId: SUB, subscriptionName: "Sandbox", reason: "forbidden (403 AuthorizationFailed)", kind: "forbidden" }], subscriptions: 3 });
    expect(text).toMatch(/^2 AKS clusters in 3 subscriptions/);
    expect(text).toMatch(/aks-prod\s+Production\s+westeurope\s+1\.33\.2\s+Running\s+private,entra,no-local-accounts\s+\/subscriptions\//);
    expect(text).toMatch(/aks-dev\s+Dev\s+eastus\s+1\.32\s+Stopped\s+-/);
    expect(text).toContain(`Sandbox (${SUB}): forbidden (403 AuthorizationFailed)`);
  });
});
