// What Resource Manager says about the cluster's network: private API server, authorized IP ranges, the outbound
// type (user-defined routing and NAT gateways usually sit behind a firewall: the egress allow-list this install needs
// is produced here), and the network plugin and policy engine (whether NetworkPolicies are enforced at all).
import { defineCheck, type CheckContext } from "@/lib/engine/check";
import type { ConnectionInfoFact } from "@/lib/collect/dynatrace/connection-info";
import type { ManagedClusterFact } from "@/lib/collect/azure/managed-cluster";
import type { Evaluation, Evidence } from "@/lib/engine/types";
import { DOCS } from "@/lib/checks/sections";
import { AZURE_DOCS, azClusterArgs, onlyAks } from "./common";

export interface EgressRule {
  host: string;
  port: number;
  why: string;
}

/** public.ecr.aws answers manifests itself and redirects layer downloads to CloudFront (host names vary). */
export const ECR_PUBLIC_BLOB_HOST = "*.cloudfront.net";

function hostPort(url: string, defaultPort = 443): { host: string; port: number } | undefined {
  try {
    const u = new URL(url);
    return { host: u.hostname, port: u.port ? Number(u.port) : u.protocol === "http:" ? 80 : defaultPort };
  } catch {
    return undefined;
  }
}

/** The FQDNs and ports the operator, its components and the nodes' image pulls need for this plan. */
export function egressAllowList(ctx: CheckContext, connectionInfo?: ConnectionInfoFact): EgressRule[] {
  const rules: EgressRule[] = [];
  const add = (r: EgressRule) => {
    if (!rules.some((x) => x.host === r.host && x.port === r.port)) rules.push(r);
  };
  const tenant = ctx.target.tenant?.apiUrl ? hostPort(ctx.target.tenant.apiUrl) : undefined;
  const proxy = ctx.target.tenant?.proxy ? hostPort(ctx.target.tenant.proxy, 8080) : undefined;
  if (proxy) add({ ...proxy, why: "the tenant connection's proxy (DynaKube spec.proxy): operator, ActiveGate and OneAgent traffic to Dynatrace goes through it" });
  add({ host: tenant?.host ?? "<environment-id>.live.dynatrace.com", port: tenant?.port ?? 443, why: "Dynatrace API (operator, ActiveGate, OneAgent) and the tenant registry the nodes pull OneAgent/ActiveGate images from" });
  for (const e of connectionInfo?.communicationEndpoints ?? []) {
    const hp = hostPort(e);
    if (hp) add({ ...hp, why: "OneAgent communication endpoint (connectioninfo)" });
  }
  const registry = ctx.plan.privateRegistry?.repository;
  if (registry) {
    const [host, port] = registry.split("/")[0]!.split(":");
    add({ host: host!, port: port ? Number(port) : 443, why: "the plan's private registry (operator image pulled by the nodes)" });
  } else {
    add({ host: "public.ecr.aws", port: 443, why: "operator image registry (pulled by the nodes)" });
    add({ host: ECR_PUBLIC_BLOB_HOST, port: 443, why: "public.ecr.aws redirects image layer downloads to CloudFront" });
  }
  return rules;
}

const RESTRICTED_OUTBOUND = new Set(["userdefinedrouting", "managednatgateway", "userassignednatgateway", "none", "block"]);

export function evaluateAksNetwork(c: ManagedClusterFact, ctx: CheckContext, connectionInfo?: ConnectionInfoFact): Evaluation {
  const n = c.network;
  const outbound = n.outboundType ?? "loadBalancer";
  const rules = egressAllowList(ctx, connectionInfo);
  const policyEngine = n.networkPolicy && n.networkPolicy !== "none" ? n.networkPolicy : n.networkDataplane === "cilium" ? "cilium" : undefined;
  const evidence: Evidence[] = [
    { label: "API server", value: c.apiServer.enablePrivateCluster ? `private (${c.privateFqdn ?? "private FQDN not reported"})${c.apiServer.enablePrivateClusterPublicFqdn ? ", with a public FQDN" : ""}` : `public (${c.fqdn ?? "FQDN not reported"})` },
    { label: "Authorized IP ranges", value: c.apiServer.authorizedIpRanges.join(", ") || "none (any address may reach the API server)" },
    { label: "Outbound type", value: outbound },
    { label: "Network plugin", value: `${n.networkPlugin ?? "?"}${n.networkPluginMode ? ` (${n.networkPluginMode})` : ""}${n.networkDataplane ? `, dataplane ${n.networkDataplane}` : ""}` },
    {
      label: "Network policy engine",
      value: policyEngine ? `${policyEngine}: NetworkPolicies are enforced (see the NetworkPolicy check)` : "none: NetworkPolicies in the cluster are not enforced",
    },
    {
      label: "Egress allow-list for this plan",
      value: rules.map((r) => `${r.host}:${r.port}`).join(", "),
      detail: [
        ...rules.map((r) => `${r.host}:${r.port} — ${r.why}`),
        connectionInfo ? "" : "Communication endpoints are not listed: check the cluster together with a tenant to add them.",
        "AKS's own required FQDNs (mcr.microsoft.com, *.hcp.<region>.azmk8s.io, management.azure.com, …) are not repeated here: see the AKS outbound rules page.",
      ].filter(Boolean).join("\n"),
    },
  ];
  const notes: string[] = [];
  if (c.apiServer.enablePrivateCluster) notes.push("the API server is private: the dashboard must run in (or be peered with) the cluster's network to check it from inside");
  if (c.apiServer.authorizedIpRanges.length) notes.push(`the API server accepts only ${c.apiServer.authorizedIpRanges.join(", ")}: the dashboard's egress address must be in that list`);

  if (RESTRICTED_OUTBOUND.has(outbound.toLowerCase())) {
    const byPort = new Map<number, string[]>();
    for (const r of rules) byPort.set(r.port, [...(byPort.get(r.port) ?? []), r.host]);
    const commands = [...byPort].map(
      ([port, hosts]) =>
        `az network firewall application-rule create --resource-group <firewall-resource-group> --firewall-name <firewall> --collection-name dynatrace --name dynatrace-${port} --priority 300 --action Allow --source-addresses '*' --protocols Https=${port} --target-fqdns ${hosts.join(" ")}`,
    );
    return {
      status: "warn",
      summary: `Outbound type ${outbound}: egress leaves through ${outbound.toLowerCase() === "userdefinedrouting" ? "your own route (usually a firewall)" : outbound.toLowerCase().includes("nat") ? "a NAT gateway, usually behind a firewall" : "no managed path"}; allow ${rules.map((r) => `${r.host}:${r.port}`).join(", ")}${notes.length ? `. Also: ${notes.join("; ")}` : ""}.`,
      evidence,
      remediation: {
        text: "Allow these FQDNs and ports on the firewall or appliance the cluster's egress goes through (Azure Firewall shown; adjust for your appliance). Run the check again with the tenant to include its communication endpoints.",
        commands: [`az aks show ${azClusterArgs(ctx)} --query networkProfile.outboundType -o tsv`, ...commands],
      },
    };
  }
  return {
    status: "pass",
    summary: `Outbound type ${outbound}: egress is not restricted by AKS itself${policyEngine ? `; the ${policyEngine} policy engine enforces NetworkPolicies` : ""}${notes.length ? `. Note: ${notes.join("; ")}` : ""}.`,
    evidence,
  };
}

export const aksNetwork = defineCheck({
  id: "az.network",
  title: "AKS network: API server access, outbound path and egress allow-list",
  section: "network",
  severity: "advisory",
  docs: [DOCS.network, AZURE_DOCS.egress, AZURE_DOCS.privateCluster, AZURE_DOCS.authorizedIps],
  needs: ["az.managedCluster"],
  // Communication endpoints, when a tenant is checked in the same run; never collected for this check alone.
  uses: ["dt.connectionInfo"],
  notApplicable: onlyAks,
  evaluate(facts, ctx) {
    const info = facts.result("dt.connectionInfo");
    return evaluateAksNetwork(facts.get("az.managedCluster"), ctx, info.ok ? info.value : undefined);
  },
});
