// The install plan for a run: the namespace, the tokens secret (placeholders only), the Helm command and the
// DynaKube, all derived from the run's plan and target. Pure; shown only when the verdict allows installing.
import { stringify } from "yaml";
import { findRelease } from "@/lib/data/operator-releases";
import { IMAGE_VOLUME } from "@/lib/data/code-module-delivery";
import { codeModuleDelivery, type Mode } from "@/lib/engine/plan";
import type { RunReport, Verdict } from "@/lib/engine/types";
import { EXAMPLE_API_URL } from "@/lib/collect/dynatrace/tenant";

import type { InstallPlan, InstallPlanSection } from "@/lib/contracts/reports";

export type { InstallPlan, InstallPlanSection };

export const PLACEHOLDERS = {
  operatorToken: "<OPERATOR_TOKEN>",
  dataIngestToken: "<DATA_INGEST_TOKEN>",
  proxyUrl: "<PROXY_URL>",
  caFile: "<PATH_TO_CA_BUNDLE.pem>",
} as const;

const WITHHELD: Partial<Record<Verdict, string>> = {
  "not-ready": "The cluster is not ready: fix the blocking failures first, then check again.",
  incomplete: "The check is incomplete: some blocking checks could not decide or manual items are still open. Resolve them and check again.",
};

/** The DynaKube API version the release serves that is newest (the last listed is the newest/storage one). */
export function dynakubeApiVersionFor(operatorVersion: string): string | undefined {
  return findRelease(operatorVersion)?.dynakubeApiVersions.at(-1);
}

export function installPlanOf(report: Pick<RunReport, "verdict" | "plan" | "target" | "checks">): InstallPlan {
  const withheld = WITHHELD[report.verdict];
  if (withheld) return { available: false, verdict: report.verdict, reason: withheld };
  const apiVersion = dynakubeApiVersionFor(report.plan.operatorVersion);
  if (!apiVersion) {
    return { available: false, verdict: report.verdict, reason: `Operator release ${report.plan.operatorVersion} is not in the known releases list; its DynaKube API version is unknown.` };
  }

  const { plan, target } = report;
  const ns = plan.namespace;
  const kubectl = `kubectl --context ${shellQuote(target.context)} -n ${ns}`;
  const tenant = target.tenant;
  const taints = taintsFromEvidence(report.checks);
  const sections: InstallPlanSection[] = [];

  sections.push({
    id: "namespace",
    title: "Namespace with the Pod Security labels the operator needs",
    language: "yaml",
    content: stringify({
      apiVersion: "v1",
      kind: "Namespace",
      metadata: {
        name: ns,
        labels: {
          "pod-security.kubernetes.io/enforce": "privileged",
          "pod-security.kubernetes.io/audit": "privileged",
          "pod-security.kubernetes.io/warn": "privileged",
        },
      },
    }),
    notes: [`Apply with: kubectl --context ${shellQuote(target.context)} apply -f namespace.yaml`, "Only the privileged Pod Security level is supported by the operator (CSI driver and OneAgent)."],
  });

  sections.push({
    id: "tokens",
    title: "Tokens secret (replace the placeholders; never commit real tokens)",
    language: "shell",
    content: `${kubectl} create secret generic ${plan.dynakubeName} \\\n  --from-literal=apiToken=${PLACEHOLDERS.operatorToken} \\\n  --from-literal=dataIngestToken=${PLACEHOLDERS.dataIngestToken}\n`,
    notes: ["The secret's name must match the DynaKube's name (or set spec.tokens).", "Prefer reading tokens from a file or your secret store over typing them into shell history."],
  });

  if (tenant?.customCa) {
    sections.push({
      id: "trusted-ca",
      title: "Custom CA bundle (the tenant uses a custom CA)",
      language: "shell",
      content: `${kubectl} create configmap dynatrace-trusted-cas --from-file=certs=${PLACEHOLDERS.caFile}\n`,
      notes: ["The ConfigMap key must be `certs`; the DynaKube refers to it in spec.trustedCAs."],
    });
  }
  if (tenant?.proxy) {
    sections.push({
      id: "proxy",
      title: "Proxy secret (the tenant is reached through a proxy)",
      language: "shell",
      content: `${kubectl} create secret generic dynatrace-proxy --from-literal=proxy=${PLACEHOLDERS.proxyUrl}\n`,
      notes: [`The proxy checked was ${tenant.proxy} (credentials removed); the DynaKube refers to this secret in spec.proxy.valueFrom.`],
    });
  }

  const helmSets: string[] = [`--set csidriver.enabled=${plan.csiDriver}`];
  const helmNotes: string[] = ["The namespace is created above with its labels, so the command does not pass --create-namespace."];
  if (plan.privateRegistry) {
    helmSets.push(`--set imageRef.repository=${plan.privateRegistry.repository}`, `--set imageRef.tag=v${plan.operatorVersion}`);
    if (plan.privateRegistry.pullSecret) helmSets.push(`--set customPullSecret=${plan.privateRegistry.pullSecret}`);
    helmNotes.push(`The operator image is pulled from ${plan.privateRegistry.repository}; mirror v${plan.operatorVersion} there first.`);
  }
  sections.push({
    id: "helm",
    title: `Helm install of Dynatrace Operator ${plan.operatorVersion}`,
    language: "shell",
    content:
      [
        `helm upgrade dynatrace-operator oci://public.ecr.aws/dynatrace/dynatrace-operator`,
        `--kube-context ${shellQuote(target.context)}`,
        `--version ${plan.operatorVersion}`,
        `--install --namespace ${ns} --atomic`,
        ...helmSets,
      ].join(" \\\n  ") + "\n",
    notes: helmNotes,
  });

  const tolerations = taints
    .filter((t) => !/windows/i.test(`${t.key}=${t.value ?? ""}`)) // OneAgent is Linux only; Windows taints stay.
    .map((t) => ({ key: t.key, operator: t.value ? "Equal" : "Exists", ...(t.value ? { value: t.value } : {}), effect: t.effect }));
  if (taints.length) {
    sections.push({
      id: "tolerations",
      title: "Tolerations (TODO: review)",
      language: "text",
      content:
        `This run's warnings and failures name node taints the operator's components do not tolerate by default:\n` +
        taints.map((t) => `  - ${t.key}${t.value ? `=${t.value}` : ""}:${t.effect}`).join("\n") +
        `\nTODO: decide which nodes the components should run on. ` +
        (plan.mode === "full-stack" && tolerations.length
          ? "The DynaKube below tolerates the Linux taints for OneAgent; remove what should stay unmonitored."
          : "Add tolerations to the DynaKube (spec.activeGate.tolerations, spec.oneAgent.*.tolerations) where they are needed.") +
        " For the CSI driver, set csidriver.tolerations in the Helm values." +
        "\n",
      notes: [],
    });
  }

  sections.push({
    id: "dynakube",
    title: `DynaKube (${modeTitle(plan.mode)}) at dynatrace.com/${apiVersion}`,
    language: "yaml",
    content: stringify(dynakube(report, apiVersion, plan.mode === "full-stack" ? tolerations : [])),
    notes: [
      tenant ? `apiUrl is the tenant checked with this run (${tenant.apiUrl}).` : `Replace the example apiUrl (${EXAMPLE_API_URL}) with your environment's.`,
      `Operator ${plan.operatorVersion} serves ${findRelease(plan.operatorVersion)!.dynakubeApiVersions.join(", ")}; this uses the newest.`,
    ],
  });

  return { available: true, verdict: report.verdict, sections, text: installPlanText(report, sections) };
}

function modeTitle(mode: Mode): string {
  return mode === "platform" ? "platform monitoring" : mode === "application" ? "application observability" : "full-stack observability";
}

function dynakube(report: Pick<RunReport, "plan" | "target">, apiVersion: string, tolerations: object[]): object {
  const { plan, target } = report;
  const tenant = target.tenant;
  const selector = plan.namespaceSelector && (plan.namespaceSelector.matchLabels || plan.namespaceSelector.matchExpressions) ? { namespaceSelector: plan.namespaceSelector } : {};
  // Image volumes (operator 1.11+) are switched on by a DynaKube annotation and need a code modules image from the
  // public registry or a mirror of it (docs: "Use image volumes for code modules injection").
  const imageVolume = plan.mode !== "platform" && codeModuleDelivery(plan) === "image-volume";
  const codeModules = imageVolume ? { codeModulesImage: `${IMAGE_VOLUME.publicRepository}:<version>` } : {};
  const oneAgent =
    plan.mode === "application"
      ? { oneAgent: { applicationMonitoring: { ...selector, ...codeModules } } }
      : plan.mode === "full-stack"
        ? { oneAgent: { cloudNativeFullStack: { ...selector, ...codeModules, ...(tolerations.length ? { tolerations } : {}) } } }
        : {};
  return {
    apiVersion: `dynatrace.com/${apiVersion}`,
    kind: "DynaKube",
    metadata: {
      name: plan.dynakubeName,
      namespace: plan.namespace,
      ...(imageVolume ? { annotations: { "feature.dynatrace.com/mount-code-modules-via-image-volume": "true" } } : {}),
    },
    spec: {
      apiUrl: tenant?.apiUrl ?? EXAMPLE_API_URL,
      ...(tenant?.networkZone ? { networkZone: tenant.networkZone } : {}),
      ...(tenant?.proxy ? { proxy: { valueFrom: "dynatrace-proxy" } } : {}),
      ...(tenant?.customCa ? { trustedCAs: "dynatrace-trusted-cas" } : {}),
      ...(plan.privateRegistry?.pullSecret ? { customPullSecret: plan.privateRegistry.pullSecret } : {}),
      ...oneAgent,
      activeGate: { capabilities: plan.mode === "platform" ? ["kubernetes-monitoring"] : ["routing", "kubernetes-monitoring"] },
    },
  };
}

export interface FoundTaint {
  key: string;
  value?: string;
  effect: "NoSchedule" | "NoExecute";
}

/** Taints named in the evidence of warn/fail checks ("taint a=b:NoSchedule, c:NoExecute"), deduplicated. */
export function taintsFromEvidence(checks: RunReport["checks"]): FoundTaint[] {
  const found = new Map<string, FoundTaint>();
  const pattern = /([A-Za-z0-9./_-]+)(?:=([A-Za-z0-9._-]*))?:(NoSchedule|NoExecute)\b/g;
  for (const c of checks) {
    if (c.status !== "warn" && c.status !== "fail") continue;
    for (const e of c.evidence) {
      const text = `${e.label}\n${e.value}\n${e.detail ?? ""}`;
      if (!/taint|tolerat/i.test(text)) continue;
      for (const m of text.matchAll(pattern)) {
        const t: FoundTaint = { key: m[1]!, ...(m[2] ? { value: m[2] } : {}), effect: m[3] as FoundTaint["effect"] };
        found.set(`${t.key}=${t.value ?? ""}:${t.effect}`, t);
      }
    }
  }
  return [...found.values()];
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9@%_+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function installPlanText(report: Pick<RunReport, "verdict" | "plan" | "target">, sections: InstallPlanSection[]): string {
  const fence = (lang: InstallPlanSection["language"]) => (lang === "shell" ? "sh" : lang === "yaml" ? "yaml" : "");
  const head = [
    `# Install plan: ${report.target.name}`,
    "",
    `Verdict: ${report.verdict}. Dynatrace Operator ${report.plan.operatorVersion}, namespace ${report.plan.namespace}, context ${report.target.context}, mode ${modeTitle(report.plan.mode)}.`,
    "Placeholders in <ANGLE_BRACKETS> must be replaced; this plan never contains tokens.",
  ];
  const body = sections.flatMap((s, i) => [
    "",
    `## ${i + 1}. ${s.title}`,
    "",
    "```" + fence(s.language),
    s.content.trimEnd(),
    "```",
    ...(s.notes.length ? ["", ...s.notes.map((n) => `- ${n}`)] : []),
  ]);
  return [...head, ...body, ""].join("\n");
}
