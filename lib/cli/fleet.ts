// `dtready fleet`: the discovery of lib/collect/azure/discovery.ts as a table or JSON.
import type { Discovery } from "@/lib/collect/azure/discovery";

/** A plain table; the resource id is last so `dtready check --aks <id>` can be copied from it. */
export function fleetText(listing: Discovery): string {
  const lines: string[] = [];
  const n = listing.clusters.length;
  lines.push(`${n} AKS cluster${n === 1 ? "" : "s"} in ${listing.subscriptions} subscription${listing.subscriptions === 1 ? "" : "s"}`);
  if (n > 0) {
    const rows = listing.clusters.map((c) => [
      c.name,
      c.subscriptionName,
      c.location ?? "?",
      c.kubernetesVersion ?? "?",
      [c.powerState ?? "?", c.provisioningState && c.provisioningState !== "Succeeded" ? c.provisioningState : ""].filter(Boolean).join("/"),
      [c.privateCluster ? "private" : "", c.entraIntegrated ? "entra" : "", c.localAccountsDisabled ? "no-local-accounts" : ""].filter(Boolean).join(",") || "-",
      c.id,
    ]);
    const header = ["NAME", "SUBSCRIPTION", "LOCATION", "VERSION", "POWER", "ACCESS", "RESOURCE ID"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const fmt = (r: string[]) => r.map((v, i) => (i === r.length - 1 ? v : v.padEnd(widths[i]!))).join("  ");
    lines.push("", fmt(header), ...rows.map(fmt));
  }
  if (listing.failed.length > 0) {
    lines.push("", "Subscriptions whose clusters could not be listed:");
    for (const f of listing.failed) lines.push(`  ${f.subscriptionName} (${f.subscriptionId}): ${f.reason}`);
  }
  return lines.join("\n") + "\n";
}
