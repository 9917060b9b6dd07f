import { describe, expect, it } from "vitest";
import { inspectKubeconfig, KubeconfigError, resolveKubeconfig } from "./kubeconfig";

const CA = Buffer.from("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n").toString("base64");

function kubeconfig(user: string, extra = "") {
  return `apiVersion: v1
kind: Config
clusters:
- name: aks-prod
  cluster:
    server: https://aks-prod-dns-12345.hcp.westeurope.azmk8s.io:443
    certificate-authority-data: ${CA}
contexts:
- name: aks-prod
  context:
    cluster: aks-prod
    user: clusterUser
${extra}current-context: aks-prod
users:
- name: clusterUser
  user:
${user}
`;
}

const TOKEN_USER = "    token: sa-token-value-1234";
const EXEC_USER = `    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: kubelogin
      args: [get-token, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630]`;

describe("resolveKubeconfig", () => {
  it("extracts the current context's server, CA and token", () => {
    const r = resolveKubeconfig(kubeconfig(TOKEN_USER));
    expect(r.context).toBe("aks-prod");
    expect(r.cluster.server).toBe("https://aks-prod-dns-12345.hcp.westeurope.azmk8s.io:443");
    expect(r.cluster.caData).toBe(CA);
    expect(r.user.token).toBe("sa-token-value-1234");
  });

  it("refuses an exec plugin user, says why and what to do instead", () => {
    expect(() => resolveKubeconfig(kubeconfig(EXEC_USER))).toThrow(KubeconfigError);
    expect(() => resolveKubeconfig(kubeconfig(EXEC_USER))).toThrow(/exec credential plugin.*never runs programs.*Azure connection/s);
  });

  it("points at the line of malformed YAML", () => {
    expect(() => resolveKubeconfig("clusters:\n  - name: a\n   bad: [\n")).toThrow(/not valid YAML \(line \d+, column \d+\)/);
  });

  it("rejects YAML that is not a kubeconfig", () => {
    expect(() => resolveKubeconfig("- just\n- a list\n")).toThrow(/must be a YAML mapping/);
    expect(() => resolveKubeconfig("apiVersion: v1\nkind: Config\n")).toThrow(/clusters/);
    expect(() => resolveKubeconfig("")).toThrow(/empty/);
  });

  it("names the contexts that exist when the chosen one does not", () => {
    expect(() => resolveKubeconfig(kubeconfig(TOKEN_USER), "aks-staging")).toThrow(/Context "aks-staging" is not in the kubeconfig; it has: aks-prod/);
  });

  it("refuses credential and CA files on the server's disk", () => {
    expect(() => resolveKubeconfig(kubeconfig("    client-certificate: /home/me/.kube/cert.pem\n    client-key: /home/me/.kube/key.pem"))).toThrow(/--flatten/);
    const caFile = kubeconfig(TOKEN_USER).replace(`certificate-authority-data: ${CA}`, "certificate-authority: /etc/ca.pem");
    expect(() => resolveKubeconfig(caFile)).toThrow(/CA is a file path/);
  });

  it("refuses plain http servers and users without credentials", () => {
    expect(() => resolveKubeconfig(kubeconfig(TOKEN_USER).replace("https://aks-prod", "http://aks-prod"))).toThrow(/must use https/);
    expect(() => resolveKubeconfig(kubeconfig("    {}"))).toThrow(/no credentials/);
  });
});

describe("inspectKubeconfig", () => {
  it("lists every context and marks the unusable ones with the reason, without throwing", () => {
    const text = kubeconfig(TOKEN_USER).replace(
      "current-context",
      "- name: dev\n  context:\n    cluster: aks-prod\n    user: kubelogin\ncurrent-context",
    ) + `- name: kubelogin\n  user:\n${EXEC_USER}\n`;
    const info = inspectKubeconfig(text);
    expect(info.currentContext).toBe("aks-prod");
    expect(info.contexts.map((c) => [c.name, c.authKind, Boolean(c.unsupported)])).toEqual([
      ["aks-prod", "token", false],
      ["dev", "none", true],
    ]);
    expect(JSON.stringify(info)).not.toContain("sa-token-value-1234");
  });
});
