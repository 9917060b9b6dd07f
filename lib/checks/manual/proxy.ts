// Prerequisites section 3 "Proxy Configuration": only a person knows whether egress goes through a proxy.
import { defineManualCheck } from "@/lib/engine/check";
import { DOCS } from "@/lib/checks/sections";

export const proxy = defineManualCheck({
  id: "manual.proxy",
  title: "Proxy settings, if egress goes through a proxy",
  section: "network",
  severity: "advisory",
  docs: [DOCS.network],
  instructions: ({ plan, target }) => ({
    summary: "If outbound traffic must go through an HTTP proxy, confirm that the operator, ActiveGate, OneAgent and the nodes' image pulls are all configured for it.",
    remediation:
      `Set the proxy in the DynaKube (spec.proxy.value, or spec.proxy.valueFrom: a secret in ${plan.namespace} with key "proxy"); it is passed to ActiveGate and OneAgent. ` +
      "It does not apply to image pulls: those need the proxy at node level (AKS: az aks update --http-proxy-config). Keep in-cluster addresses and the API server out of the proxy " +
      "(feature.dynatrace.com/no-proxy, AKS noProxy). If no proxy is used, attest this item as not needed.",
    commands: [`az aks show --resource-group <resource-group> --name <cluster> --query httpProxyConfig`, `kubectl --context ${target.context} -n ${plan.namespace} create secret generic dynatrace-proxy --from-literal=proxy="$HTTPS_PROXY"`],
  }),
});
