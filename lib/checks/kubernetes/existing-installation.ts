// K8S-07/08/10/17: an existing or partial Dynatrace installation. A DynaKube CRD whose status.storedVersions holds a
// version the planned release no longer serves makes the Helm upgrade fail (#4300); objects not owned by the
// planned Helm release cannot be adopted (#3215); a legacy OneAgent means double instrumentation.
import type { ClusterObjectFact, HelmOwnership, Lookup } from "@/lib/collect/kubernetes/dynatrace-objects";
import { findRelease } from "@/lib/data/operator-releases";
import { defineCheck } from "@/lib/engine/check";
import type { Evidence, Status } from "@/lib/engine/types";
import { DOCS } from "@/lib/checks/sections";

/** The Helm release name the install plan uses (`helm upgrade dynatrace-operator ... --install`). */
export const PLANNED_RELEASE = "dynatrace-operator";

function owner(h: HelmOwnership): string {
  if (h.managedBy === "Helm" && h.releaseName) return `Helm release ${h.releaseName} in ${h.releaseNamespace ?? "?"}`;
  if (h.managedBy) return `managed by ${h.managedBy}`;
  return "not managed by Helm";
}

function ownedByPlannedRelease(h: HelmOwnership, namespace: string): boolean {
  return h.managedBy === "Helm" && h.releaseName === PLANNED_RELEASE && h.releaseNamespace === namespace;
}

export const existingInstallation = defineCheck({
  id: "k8s.existing-installation",
  title: "No conflicting existing Dynatrace installation",
  section: "cluster",
  severity: "blocking",
  docs: [DOCS.dynakubeMigration, DOCS.deployment],
  needs: ["k8s.dynatraceObjects", "k8s.webhooks", "k8s.oneAgentDaemonSets"],
  evaluate(facts, { plan, target }) {
    const objs = facts.get("k8s.dynatraceObjects");
    const webhooks = facts.result("k8s.webhooks");
    const daemonSets = facts.result("k8s.oneAgentDaemonSets");
    const release = findRelease(plan.operatorVersion);
    const kubectl = `kubectl --context ${target.context}`;

    let status: Status = "pass";
    const findings: string[] = [];
    const commands: string[] = [];
    const unreadable: string[] = [];
    const evidence: Evidence[] = [];
    const warn = (text: string) => {
      if (status === "pass") status = "warn";
      findings.push(text);
    };

    const record = <T,>(label: string, l: Lookup<T>, present: (o: T) => string) => {
      if (l.state === "present") evidence.push({ label, value: present(l.object) });
      else if (l.state === "absent") evidence.push({ label, value: "absent" });
      else {
        unreadable.push(label);
        evidence.push({ label, value: `could not be read (${l.kind})`, detail: l.message });
      }
    };

    // The DynaKube CRD: stored versions decide whether the planned release can take it over.
    const crd = objs.dynakubeCrd;
    record(`CRD ${objs.names.dynakubeCrd}`, crd, (c) => `served ${c.servedVersions.join(", ") || "none"}; stored ${c.storedVersions.join(", ") || "none"}; ${owner(c.helm)}`);
    if (crd.state === "present") {
      const served = release?.dynakubeApiVersions ?? [];
      const orphaned = crd.object.storedVersions.filter((v) => !served.includes(v));
      if (release && orphaned.length) {
        status = "fail";
        findings.push(
          `the existing DynaKube CRD has stored versions ${orphaned.join(", ")} that operator ${release.version} does not serve (${served.join(", ")}): the CRD upgrade will be rejected`,
        );
        commands.push(`${kubectl} get crd ${objs.names.dynakubeCrd} -o jsonpath='{.status.storedVersions}'`);
      } else {
        warn(`a DynaKube CRD already exists (${owner(crd.object.helm)}): the cluster has, or had, a Dynatrace Operator`);
      }
      if (!ownedByPlannedRelease(crd.object.helm, plan.namespace)) commands.push(`helm list --all-namespaces --kube-context ${target.context} | grep -i dynatrace`);
    }

    const legacy = objs.oneAgentCrd;
    record(`CRD ${objs.names.oneAgentCrd} (legacy OneAgent Operator)`, legacy, (c) => `present; ${owner(c.helm)}`);
    if (legacy.state === "present") warn("the legacy OneAgent Operator's CRD is present: remove the old operator first to avoid double instrumentation");

    const clusterObject = (label: string, l: Lookup<ClusterObjectFact>) => {
      record(label, l, (o) => `present; ${owner(o.helm)}`);
      if (l.state === "present" && !ownedByPlannedRelease(l.object.helm, plan.namespace)) {
        warn(`${label} exists and is not owned by Helm release ${PLANNED_RELEASE} in ${plan.namespace}: Helm will refuse to import it`);
      }
    };
    clusterObject(`CSIDriver ${objs.names.csiDriver}`, objs.csiDriver);
    clusterObject(`PriorityClass ${objs.names.priorityClass}`, objs.priorityClass);

    // Dynatrace's webhook configurations come from the one list both webhook checks share.
    const hookLabel = `Webhook configurations ${objs.names.webhookConfiguration}`;
    if (webhooks.ok) {
      const found = webhooks.value.filter((c) => c.name === objs.names.webhookConfiguration);
      evidence.push({ label: hookLabel, value: found.length ? found.map((c) => `${c.kind} (${c.webhooks.length} webhooks)`).join(", ") : "absent" });
      if (found.length) warn(`the ${objs.names.webhookConfiguration} webhook configurations already exist (${found.map((c) => c.kind).join(" and ")})`);
    } else {
      unreadable.push(hookLabel);
      evidence.push({ label: hookLabel, value: `could not be read (${webhooks.error.kind})`, detail: webhooks.error.message });
    }

    if (daemonSets.ok) {
      const list = daemonSets.value.map((d) => `${d.namespace}/${d.name}`);
      evidence.push({ label: "DaemonSets running OneAgent images", value: list.length ? list.join(", ") : "none", detail: daemonSets.value.flatMap((d) => d.images).slice(0, 5).join(", ") || undefined });
      if (list.length) warn(`OneAgent already runs on the nodes (${list.join(", ")}): a second OneAgent means double instrumentation`);
    } else {
      unreadable.push("DaemonSets");
      evidence.push({ label: "DaemonSets running OneAgent images", value: `could not be read (${daemonSets.error.kind})`, detail: daemonSets.error.message });
    }

    if (status === "pass" && unreadable.length) {
      return {
        status: "unknown",
        summary: "Could not tell whether Dynatrace is already installed.",
        reason: `Not readable with this identity: ${unreadable.join(", ")}.`,
        evidence,
      };
    }
    if (status === "pass") {
      return { status, summary: "No Dynatrace Operator, OneAgent or leftover cluster objects were found: this is a clean install.", evidence };
    }
    const text =
      status === "fail"
        ? `Migrate every DynaKube to a version operator ${plan.operatorVersion} serves with the currently installed operator, then drop the old versions from the CRD's status.storedVersions (or upgrade through an intermediate release that serves both). See the DynaKube API migration guide.`
        : `Decide whether to upgrade the existing installation (helm upgrade of its release) or remove it before installing. Objects owned by another release or by no release must be deleted, or labelled app.kubernetes.io/managed-by=Helm and annotated meta.helm.sh/release-name=${PLANNED_RELEASE}, meta.helm.sh/release-namespace=${plan.namespace}.`;
    return {
      status,
      summary: `${findings[0]!.charAt(0).toUpperCase()}${findings[0]!.slice(1)}${findings.length > 1 ? ` (and ${findings.length - 1} more finding${findings.length > 2 ? "s" : ""})` : ""}.`,
      evidence: [...evidence, ...findings.map((f, i) => ({ label: `Finding ${i + 1}`, value: f }))],
      remediation: {
        text,
        commands: [
          ...commands,
          `${kubectl} get crd,csidriver,priorityclass,mutatingwebhookconfiguration,validatingwebhookconfiguration -l app.kubernetes.io/name=dynatrace-operator`,
          `${kubectl} get dynakubes --all-namespaces`,
        ],
      },
    };
  },
});
