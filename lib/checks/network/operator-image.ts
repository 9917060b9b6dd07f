// The operator image of the planned version must resolve in the registry the cluster will pull from, and its
// manifest list must cover every Linux node architecture (the operator, webhook and CSI pods run on each).
import { defineCheck, type CheckContext } from "@/lib/engine/check";
import type { Evaluation, Evidence } from "@/lib/engine/types";
import type { NodeFact } from "@/lib/collect/kubernetes/nodes";
import type { OperatorImageFact } from "@/lib/collect/registry/operator-image";
import { SUPPORTED_ARCHITECTURES } from "@/lib/data/operator-components";
import { DOCS } from "@/lib/checks/sections";

function inspectCommand(image: string): string {
  return `docker buildx imagetools inspect ${image}`;
}

function copyCommand(ctx: CheckContext, fact: OperatorImageFact): string | undefined {
  if (fact.source !== "private") return undefined;
  const [host, ...path] = fact.image.split("/");
  if (!host?.endsWith(".azurecr.io")) return `crane copy public.ecr.aws/dynatrace/dynatrace-operator:v${ctx.plan.operatorVersion} ${fact.image}`;
  // az acr import copies every platform of a multi-arch image.
  return `az acr import --name ${host.split(".")[0]} --source public.ecr.aws/dynatrace/dynatrace-operator:v${ctx.plan.operatorVersion} --image ${path.join("/")}`;
}

export function evaluateOperatorImage(fact: OperatorImageFact, nodes: readonly NodeFact[] | undefined, ctx: CheckContext): Evaluation {
  const evidence: Evidence[] = [
    { label: "Image", value: fact.image, detail: fact.source === "private" ? "from the plan's private registry" : "the Helm chart's default" },
    { label: "Registry access", value: fact.auth === "none" ? "no authentication" : fact.auth === "anonymous-token" ? "anonymous pull token" : "pull secret credentials" },
  ];
  if (fact.pullSecret) {
    const s = fact.pullSecret;
    evidence.push({
      label: "Pull secret",
      value: `${ctx.plan.namespace}/${s.name}: ${s.exists === false ? "not found" : s.exists ? `found${s.type ? ` (${s.type})` : ""}, ${s.hasCredentialsForRegistry ? "has credentials for the registry" : "NO credentials for the registry"}` : `not readable (${s.problem})`}`,
    });
  }
  const commands = [inspectCommand(fact.image), ...[copyCommand(ctx, fact)].filter((c): c is string => Boolean(c))];

  if (fact.pullSecret?.exists === false) {
    return {
      status: "fail",
      summary: `The pull secret ${ctx.plan.namespace}/${fact.pullSecret.name} named in the plan does not exist; nodes could not pull ${fact.image}.`,
      evidence,
      remediation: {
        text: "Create the pull secret in the operator namespace (Helm value customPullSecret refers to it).",
        commands: [`kubectl --context ${ctx.target.context} -n ${ctx.plan.namespace} create secret docker-registry ${fact.pullSecret.name} --docker-server=${fact.image.split("/")[0]} --docker-username=<user> --docker-password=<password>`],
      },
    };
  }
  const secret = fact.pullSecret;
  const registryHost = fact.image.split("/")[0];
  const secretNote =
    secret?.exists && !secret.hasCredentialsForRegistry ? ` The pull secret ${ctx.plan.namespace}/${secret.name} has no credentials for ${registryHost}, so the request was anonymous.` : "";
  if (!fact.resolved) {
    return {
      status: "fail",
      summary: `The operator image ${fact.image} does not resolve: ${fact.problem ?? `HTTP ${fact.status}`}.${secretNote}`,
      evidence,
      remediation: {
        text:
          fact.source === "private"
            ? "Push (or import) the operator image of this version into the private registry, and give a pull secret with read access."
            : "Check the operator version, and that public.ecr.aws is reachable without authentication.",
        commands,
      },
    };
  }
  evidence.push({ label: "Manifest", value: `${fact.mediaType ?? "(media type not stated)"}${fact.digest ? `, ${fact.digest}` : ""}` });
  evidence.push({ label: "Platforms", value: fact.platforms.length ? fact.platforms.map((p) => `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ""}`).join(", ") : "(not stated)" });

  if (!nodes) {
    return { status: "unknown", summary: `${fact.image} resolves, but the node architectures could not be read.`, reason: "The node list is unavailable, so the image's platforms cannot be compared with the nodes.", evidence };
  }
  if (fact.platforms.length === 0) {
    return { status: "unknown", summary: `${fact.image} resolves, but its manifest does not say which platforms it provides.`, reason: "The manifest states no platform.", evidence };
  }
  const linux = nodes.filter((n) => n.os === "linux" && (SUPPORTED_ARCHITECTURES as readonly string[]).includes(n.arch));
  const needed = [...new Set(linux.map((n) => n.arch))].sort();
  const provided = new Set(fact.platforms.filter((p) => p.os === "linux").map((p) => p.architecture));
  const missing = needed.filter((a) => !provided.has(a));
  evidence.push({ label: "Linux node architectures", value: needed.join(", ") || "(none)" });
  if (missing.length > 0) {
    const pools = [...new Set(linux.filter((n) => missing.includes(n.arch)).map((n) => n.pool))];
    return {
      status: "fail",
      summary: `${fact.image} has no linux/${missing.join(", linux/")} image, but pool(s) ${pools.map((p) => `"${p}"`).join(", ")} run on it: the CSI driver and any operator pod scheduled there would fail to pull (no matching manifest).`,
      evidence,
      remediation: { text: "Use a multi-arch copy of the operator image that includes every node architecture (copy the whole index, not one platform).", commands },
    };
  }
  const pullable = ["kubernetes.io/dockerconfigjson", "kubernetes.io/dockercfg"];
  if (secret?.exists && secret.type && !pullable.includes(secret.type)) {
    return {
      status: "warn",
      summary: `${fact.image} resolves, but the pull secret ${ctx.plan.namespace}/${secret.name} has type ${secret.type}; the kubelet uses only kubernetes.io/dockerconfigjson (or dockercfg) secrets for image pulls.`,
      evidence,
      remediation: {
        text: "Recreate the pull secret with kubectl create secret docker-registry.",
        commands: [`kubectl --context ${ctx.target.context} -n ${ctx.plan.namespace} create secret docker-registry ${secret.name} --docker-server=${registryHost} --docker-username=<user> --docker-password=<password>`],
      },
    };
  }
  if (secret?.exists && !secret.hasCredentialsForRegistry) {
    return {
      status: "warn",
      summary: `${fact.image} resolves anonymously, but the pull secret ${ctx.plan.namespace}/${secret.name} has no credentials for ${registryHost}; if the registry later requires authentication, pulls will fail.`,
      evidence,
      remediation: { text: `Add an entry for ${registryHost} to the pull secret, or drop it from the plan if the registry is public.`, commands },
    };
  }
  return { status: "pass", summary: `${fact.image} resolves and provides every Linux node architecture (${needed.join(", ") || "no Linux nodes"}).`, evidence };
}

export const operatorImageCheck = defineCheck({
  id: "registry.operator-image",
  title: "Operator image resolves for every node architecture",
  section: "network",
  severity: "blocking",
  checklistItem: "network-access",
  docs: [DOCS.network, DOCS.supportMatrix],
  needs: ["registry.operatorImage", "k8s.nodes"],
  evaluate(facts, ctx) {
    const nodes = facts.result("k8s.nodes");
    return evaluateOperatorImage(facts.get("registry.operatorImage"), nodes.ok ? nodes.value : undefined, ctx);
  },
});
