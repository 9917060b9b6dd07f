// Checklist "Network Access": egress from the operator's namespace to the tenant API, the image registries and
// cluster DNS. In-cluster probes come in a later issue; until then a person verifies with the commands below.
import { defineManualCheck } from "@/lib/engine/check";
import { DOCS } from "@/lib/checks/sections";
import { ENV_HOST } from "./placeholders";

export const networkAccess = defineManualCheck({
  id: "manual.network-access",
  title: "Outbound access to Dynatrace and the registries",
  section: "network",
  severity: "blocking",
  checklistItem: "network-access",
  docs: [DOCS.network],
  instructions: ({ plan, target }) => {
    const run = (name: string, image: string, cmd: string) =>
      `kubectl --context ${target.context} -n ${plan.namespace} run ${name} --rm -i --restart=Never --image=${image} -- ${cmd}`;
    return {
      summary: `Verify that pods in ${plan.namespace} and the nodes can reach ${ENV_HOST}:443 and public.ecr.aws:443, and that pods resolve names through kube-dns.`,
      remediation:
        `Allow egress on TCP 443 to: the environment API (https://${ENV_HOST}/api) for the operator, ActiveGate and OneAgent; ` +
        "public.ecr.aws (operator, CSI driver and other Dynatrace images) for the nodes' container runtime; " +
        `the tenant registry ${ENV_HOST} (OneAgent and ActiveGate images, pulled by the nodes); and the communication endpoints the tenant returns. ` +
        "Allow DNS (UDP/TCP 53) to kube-dns from every pod in the namespace. Behind an egress firewall (AKS outboundType userDefinedRouting), add these FQDNs; " +
        "if public registries are blocked, mirror the images to a private registry and set a custom pull secret. Run the probes after creating the namespace.",
      commands: [
        `kubectl --context ${target.context} create namespace ${plan.namespace}`,
        run("dt-egress-api", "curlimages/curl", `curl -sS -o /dev/null -w "%{http_code}\\n" https://${ENV_HOST}/api/v1/time`),
        run("dt-egress-ecr", "curlimages/curl", `curl -sS -o /dev/null -w "%{http_code}\\n" https://public.ecr.aws/v2/`),
        run("dt-dns", "busybox", "nslookup kubernetes.default.svc.cluster.local"),
      ],
    };
  },
});
