// The operator namespace's Pod Security Admission labels. Dynatrace supports only `privileged` there: the CSI
// driver runs privileged with hostPath mounts and OneAgent (full-stack) uses host namespaces and capabilities.
import { defineCheck } from "@/lib/engine/check";
import type { Plan } from "@/lib/engine/plan";
import type { Evaluation, Evidence } from "@/lib/engine/types";
import { DOCS } from "@/lib/checks/sections";

const PSA = "pod-security.kubernetes.io";
const LEVELS = ["privileged", "baseline", "restricted"] as const;

export function privilegedLabelCommand(context: string, namespace: string): string {
  return `kubectl --context ${context} label namespace ${namespace} ${PSA}/enforce=privileged ${PSA}/audit=privileged ${PSA}/warn=privileged --overwrite`;
}

/** What a baseline or restricted enforce level rejects among this plan's components, in words a platform team recognises. */
export function whatBreaks(plan: Pick<Plan, "csiDriver" | "mode">): string[] {
  const broken: string[] = [];
  if (plan.csiDriver) {
    broken.push(
      "the CSI driver DaemonSet (containers server and provisioner run privileged as root with Bidirectional mount propagation and hostPath volumes under /var/lib/kubelet), so code modules cannot be mounted into application pods",
    );
  }
  if (plan.mode === "full-stack") {
    broken.push("the OneAgent DaemonSet (hostNetwork, hostPID and added capabilities such as SYS_ADMIN, SYS_PTRACE, NET_ADMIN), so hosts are not monitored");
  }
  return broken;
}

export const namespacePodSecurity = defineCheck({
  id: "k8s.namespace-pod-security",
  title: "Operator namespace and Pod Security labels",
  section: "network",
  severity: "blocking",
  docs: [DOCS.podSecurity, DOCS.security],
  needs: ["k8s.namespace"],
  evaluate(facts, { plan, target }): Evaluation {
    const ns = facts.get("k8s.namespace");
    const label = privilegedLabelCommand(target.context, ns.name);
    if (!ns.exists) {
      return {
        status: "pass",
        summary: `Namespace "${ns.name}" does not exist yet; helm install --create-namespace creates it. Create it yourself first to set the Pod Security labels explicitly.`,
        evidence: [{ label: "Namespace", value: `${ns.name} (absent)` }],
        remediation: {
          text: "Optional: create the namespace with the privileged Pod Security level before installing, so a cluster-wide default level cannot apply to it.",
          commands: [`kubectl --context ${target.context} create namespace ${ns.name}`, label],
        },
      };
    }

    const enforce = ns.labels[`${PSA}/enforce`];
    const audit = ns.labels[`${PSA}/audit`];
    const warnLevel = ns.labels[`${PSA}/warn`];
    const evidence: Evidence[] = [
      { label: "Namespace", value: `${ns.name} (${ns.phase ?? "exists"})` },
      ...(["enforce", "audit", "warn"] as const).map((mode) => {
        const v = ns.labels[`${PSA}/${mode}`];
        const version = ns.labels[`${PSA}/${mode}-version`];
        return { label: `${PSA}/${mode}`, value: v ? `${v}${version ? ` (version ${version})` : ""}` : "(not set: cluster default applies)" };
      }),
    ];

    if (ns.phase === "Terminating") {
      return {
        status: "fail",
        summary: `Namespace "${ns.name}" is being deleted (Terminating); nothing can be installed into it.`,
        evidence,
        remediation: { text: "Wait until the namespace is gone (or find the finalizer holding it), then install.", commands: [`kubectl --context ${target.context} get namespace ${ns.name} -o yaml`] },
      };
    }

    if (enforce === "baseline" || enforce === "restricted") {
      const broken = whatBreaks(plan);
      const what =
        broken.length > 0
          ? `Pod Security "${enforce}" rejects ${broken.join("; and ")}.`
          : `Dynatrace supports only the "privileged" level for its namespace.`;
      return {
        status: "fail",
        summary: `Namespace "${ns.name}" enforces Pod Security "${enforce}". ${what} The operator and webhook themselves would be admitted.`,
        evidence,
        remediation: { text: `Label the namespace privileged (the only level Dynatrace supports for it).`, commands: [label] },
      };
    }
    if (enforce !== undefined && !(LEVELS as readonly string[]).includes(enforce)) {
      return {
        status: "warn",
        summary: `Namespace "${ns.name}" has an unrecognised Pod Security enforce level "${enforce}".`,
        evidence,
        remediation: { text: "Set the enforce level to privileged.", commands: [label] },
      };
    }

    const noisy = ([["audit", audit], ["warn", warnLevel]] as const).filter(([, v]) => v !== undefined && v !== "privileged");
    if (noisy.length > 0) {
      return {
        status: "warn",
        summary: `Namespace "${ns.name}" ${noisy.map(([m, v]) => `${m}s at "${v}"`).join(" and ")}: Dynatrace pods will be admitted but flagged as violations${enforce ? "" : " (enforce not set: the cluster default applies)"}.`,
        evidence,
        remediation: { text: "Set audit and warn to privileged as the Dynatrace docs do, so every rollout does not log violations.", commands: [label] },
      };
    }
    if (enforce === undefined) {
      return {
        status: "pass",
        summary: `Namespace "${ns.name}" exists without Pod Security labels; the cluster default applies (privileged on AKS unless an admission configuration says otherwise). The admission dry run proves it.`,
        evidence,
        remediation: { text: "Optional: make the level explicit.", commands: [label] },
      };
    }
    return { status: "pass", summary: `Namespace "${ns.name}" enforces Pod Security "privileged".`, evidence };
  },
});
