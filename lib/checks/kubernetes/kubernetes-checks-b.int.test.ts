// Resources, quotas, storage, monitoring scope, existing installations and foreign webhooks against the real test
// API server (baseline nodes from test/cluster/nodes.ts), through the entry point the CLI and web use.
//
// Isolation: every namespace is unique; cluster-scoped fixtures (CRDs, a webhook configuration) get unique names
// and are deleted in afterAll. The existing-installation test points the Dynatrace-objects collector at those
// uniquely named fixtures (names are data), so the real names stay untouched for parallel tests. The Fail webhook
// is scoped by namespaceSelector to a label only this file's namespace carries.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COLLECTORS } from "@/lib/collect/registry";
import { createDynatraceObjectsCollector } from "@/lib/collect/kubernetes/dynatrace-objects";
import type { NamespaceSummary } from "@/lib/collect/kubernetes/namespaces";
import type { PodRequestsByNodeFact } from "@/lib/collect/kubernetes/pods";
import { DYNATRACE_OBJECT_NAMES, type DynatraceObjectNames } from "@/lib/data/operator-components";
import type { AnyCheck } from "@/lib/engine/check";
import type { CollectorDefinition } from "@/lib/engine/collector";
import { checkCluster } from "@/lib/runs/compose";
import type { PlanInput } from "@/lib/engine/plan";
import type { CheckResult } from "@/lib/engine/types";
import { adminClient, adminKubeconfig, applyObjects, createTestNamespace, restrictedKubeconfig, uniqueName } from "@/test/cluster/testing";
import { ephemeralStorage } from "./ephemeral-storage";
import { existingInstallation } from "./existing-installation";
import { foreignWebhooks } from "./foreign-webhooks";
import { monitoringScope } from "./monitoring-scope";
import { namespaceQuota } from "./namespace-quota";
import { nodeResources } from "./node-resources";

async function run(kubeconfig: string, checks: AnyCheck[], plan: PlanInput = {}, collectors: readonly CollectorDefinition[] = COLLECTORS) {
  const out = await checkCluster({ kubeconfig, checks, plan, collectors });
  const byId = (id: string): CheckResult => out.report.checks.find((c) => c.id === id)!;
  const fact = <T>(key: string): T => {
    const r = out.facts.get(key);
    if (!r?.ok) throw new Error(`fact ${key} missing: ${JSON.stringify(r)}`);
    return r.value as T;
  };
  return { ...out, byId, fact };
}

describe("node resources and storage on the baseline nodes", () => {
  let ns: string;
  let pod: string;
  beforeAll(async () => {
    ns = await createTestNamespace("dtr-res");
    pod = uniqueName("busy");
    // No scheduler runs: binding by nodeName is how a pod lands on a node here. It stays Pending (no kubelet),
    // which still holds its requests, like a real pod being started.
    await applyObjects([
      {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: pod, namespace: ns },
        spec: {
          nodeName: "aks-user-000000",
          containers: [{ name: "app", image: "registry.example/app:1", resources: { requests: { cpu: "7500m", memory: "1Gi" } } }],
        },
      },
    ]);
  });
  afterAll(async () => {
    // Without a namespace controller, deleting the namespace would leave the pod (and its requests) behind.
    await adminClient().api.core.deleteNamespacedPod({ name: pod, namespace: ns, gracePeriodSeconds: 0 });
    await adminClient().api.core.deleteNamespace({ name: ns });
  });

  it("folds running pods into per-node requests and per-namespace counts", async () => {
    const { fact } = await run(adminKubeconfig(), [nodeResources, ephemeralStorage]);
    const used = fact<PodRequestsByNodeFact>("k8s.podRequestsByNode");
    expect(used.nodes["aks-user-000000"]?.cpuMillis).toBeGreaterThanOrEqual(7500);
    expect(fact<Record<string, number>>("k8s.podCountsByNamespace")[ns]).toBe(1);
  });

  it("warns: the CSI driver skips the tainted system pool and must preempt on the busy user node; webhooks fit on two nodes", async () => {
    const { byId } = await run(adminKubeconfig(), [nodeResources], { mode: "application" });
    const r = byId("k8s.node-resources");
    expect(r.status).toBe("warn");
    expect(r.evidence.find((e) => e.label === "CSI driver: nodes it does not tolerate")?.value).toContain("aks-system-000000 (CriticalAddonsOnly=true:NoSchedule)");
    expect(r.evidence.find((e) => e.label === "CSI driver: nodes without free room")?.value).toContain("aks-user-000000");
    expect(r.evidence.find((e) => e.label.startsWith("Webhook ×2"))?.value).toMatch(/^fits on two nodes: /);
    expect(r.evidence.find((e) => e.label.startsWith("ActiveGate"))?.value).toMatch(/^fits on aks-/);
    expect(r.evidence.find((e) => e.label === "Nodes the operator and webhook cannot use")?.value).toContain("akswin000000 (windows node)");
    expect(r.evidence[0]!.value).toMatch(/^allocatable minus the requests of \d+ running pods$/);
  });

  it("passes storage on the baseline (118 GiB per node) with a per-node storage plan", async () => {
    const { byId } = await run(adminKubeconfig(), [ephemeralStorage], { mode: "application" });
    const r = byId("k8s.ephemeral-storage");
    expect(r.status).toBe("pass");
    expect(r.summary).toMatch(/smallest: 118 GiB/);
    expect(r.evidence.find((e) => e.label === "Storage plan with the CSI driver")?.value).toMatch(/^\d+ nodes × ~1.5 GB/);
  });

  it("is unknown for the view-only identity, which may not read nodes", async () => {
    const { byId } = await run(restrictedKubeconfig(), [nodeResources]);
    expect(byId("k8s.node-resources").status).toBe("unknown");
  });
});

describe("namespace quotas and limit ranges", () => {
  const created: string[] = [];
  afterAll(async () => {
    await Promise.all(created.map((name) => adminClient().api.core.deleteNamespace({ name })));
  });

  it("fails in a namespace whose ResourceQuota is too small for the operator and webhooks", async () => {
    const ns = await createTestNamespace("dtr-quota");
    created.push(ns);
    await applyObjects([
      { apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "tiny", namespace: ns }, spec: { hard: { "requests.memory": "256Mi", pods: "2" } } },
    ]);
    const { byId, fact } = await run(adminKubeconfig(), [namespaceQuota], { namespace: ns });
    expect(fact<{ quotas: { name: string }[] }>("k8s.namespaceQuotas").quotas.map((q) => q.name)).toEqual(["tiny"]);
    const r = byId("k8s.namespace-quota");
    expect(r.status).toBe("fail");
    expect(r.summary).toMatch(/ResourceQuota tiny cannot fit the operator, webhooks and ActiveGate/);
    expect(r.summary).toMatch(/pods \(needs 4, 2 left\)/);
    expect(r.remediation.commands).toContain(`kubectl --context dtready-test-admin -n ${ns} describe resourcequota`);
  });

  it("warns when a LimitRange default limit would cap the CSI provisioner", async () => {
    const ns = await createTestNamespace("dtr-limits");
    created.push(ns);
    // Through the typed API: applyObjects serializes by model type, which drops the JSON field `default` (`_default` in client-node).
    await adminClient().api.core.createNamespacedLimitRange({
      namespace: ns,
      body: {
        metadata: { name: "defaults" },
        spec: { limits: [{ type: "Container", _default: { cpu: "500m", memory: "128Mi" }, defaultRequest: { cpu: "100m", memory: "64Mi" } }] },
      },
    });
    const { byId } = await run(adminKubeconfig(), [namespaceQuota], { namespace: ns });
    const r = byId("k8s.namespace-quota");
    expect(r.status).toBe("warn");
    expect(r.evidence.map((e) => e.value).join("\n")).toContain("default memory limit 128 MiB will cap dynatrace-oneagent-csi-driver/provisioner");
  });

  it("fails (its own evidence predicts a rejection) when a LimitRange max memory is below the ActiveGate's limit in platform mode", async () => {
    const ns = await createTestNamespace("dtr-lrmax");
    created.push(ns);
    await adminClient().api.core.createNamespacedLimitRange({
      namespace: ns,
      body: { metadata: { name: "team-caps" }, spec: { limits: [{ type: "Container", max: { memory: "4Gi" } }] } },
    });
    const { byId } = await run(adminKubeconfig(), [namespaceQuota], { namespace: ns, mode: "platform", csiDriver: false });
    const r = byId("k8s.namespace-quota");
    expect(r.status).toBe("fail");
    expect(r.summary).toContain("LimitRange team-caps: max memory 4 GiB is below <dynakube>-activegate/activegate's limit 6 GiB; the pod will be rejected");
  });

  it("passes for a namespace that does not exist yet", async () => {
    const { byId } = await run(adminKubeconfig(), [namespaceQuota], { namespace: uniqueName("dtr-absent") });
    const r = byId("k8s.namespace-quota");
    expect(r.status).toBe("pass");
    expect(r.summary).toMatch(/does not exist yet/);
  });
});

describe("monitoring scope", () => {
  const key = uniqueName("dtready-scope");
  const created: string[] = [];
  beforeAll(async () => {
    created.push(await createTestNamespace("dtr-shop", { [key]: "yes", team: "shop" }));
    created.push(await createTestNamespace("dtr-pay", { [key]: "yes" }));
    created.push(await createTestNamespace("dtr-other", { [key]: "no" }));
  });
  afterAll(async () => {
    await Promise.all(created.map((name) => adminClient().api.core.deleteNamespace({ name })));
  });

  it("lists exactly the labelled namespaces the selector injects", async () => {
    const { byId, fact } = await run(adminKubeconfig(), [monitoringScope], { namespaceSelector: { matchLabels: { [key]: "yes" } } });
    const r = byId("k8s.monitoring-scope");
    expect(r.status).toBe("pass");
    expect(r.summary).toBe("2 namespaces will be injected.");
    expect(r.evidence.find((e) => e.label.startsWith("Will be injected"))?.value).toBe([created[1], created[0]].sort().join(", "));
    // The selector's key survives label trimming.
    const shop = fact<NamespaceSummary[]>("k8s.namespaces").find((n) => n.name === created[0]);
    expect(shop?.labels[key]).toBe("yes");
  });

  it("warns when the selector matches nothing", async () => {
    const { byId } = await run(adminKubeconfig(), [monitoringScope], { namespaceSelector: { matchLabels: { [key]: "nobody" } } });
    expect(byId("k8s.monitoring-scope").status).toBe("warn");
  });

  it("treats kube-* namespaces as ignored even when the selector matches them", async () => {
    const { byId } = await run(adminKubeconfig(), [monitoringScope], {
      namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "In", values: ["kube-system", created[0]!] }] },
    });
    const r = byId("k8s.monitoring-scope");
    expect(r.evidence.find((e) => e.label.startsWith("Will be injected"))?.value).toBe(created[0]);
    expect(r.evidence.find((e) => e.label === "Matched but ignored by the operator")?.value).toBe("kube-system");
  });
});

describe("existing installation", () => {
  const suffix = uniqueName("x").slice(2);
  const group = `${suffix}.dtready.test`;
  const names: DynatraceObjectNames = {
    dynakubeCrd: `dynakubes.${group}`,
    oneAgentCrd: `oneagents.${group}`,
    webhookConfiguration: `dynatrace-webhook-${suffix}`,
    csiDriver: `csi.${group}`,
    priorityClass: `dynatrace-high-priority-${suffix}`,
  };
  const collectors = COLLECTORS.map((c) => (c.id === "kubernetes.dynatrace-objects" ? createDynatraceObjectsCollector(names) : c));
  const crd = (version: string) => ({
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: names.dynakubeCrd, labels: { "app.kubernetes.io/managed-by": "Helm" }, annotations: { "meta.helm.sh/release-name": "dynatrace-operator", "meta.helm.sh/release-namespace": "dynatrace" } },
    spec: {
      group,
      scope: "Namespaced",
      names: { plural: "dynakubes", singular: "dynakube", kind: "DynaKube", listKind: "DynaKubeList" },
      versions: [{ name: version, served: true, storage: true, schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } }],
    },
  });
  afterAll(async () => {
    await adminClient().api.crd.deleteCustomResourceDefinition({ name: names.dynakubeCrd }).catch(() => undefined);
  });

  it("passes on the clean cluster, with the real names and with the unique ones", async () => {
    for (const cs of [COLLECTORS, collectors]) {
      const { byId, fact } = await run(adminKubeconfig(), [existingInstallation], {}, cs);
      const r = byId("k8s.existing-installation");
      expect(r.status, JSON.stringify(r.evidence)).toBe("pass");
      expect(fact<{ names: DynatraceObjectNames }>("k8s.dynatraceObjects").names).toEqual(cs === COLLECTORS ? DYNATRACE_OBJECT_NAMES : names);
    }
  });

  it("warns once a DynaKube CRD exists, showing its versions and Helm owner", async () => {
    await applyObjects([crd("v1beta6")]);
    const { byId } = await run(adminKubeconfig(), [existingInstallation], { operatorVersion: "1.10.2" }, collectors);
    const r = byId("k8s.existing-installation");
    expect(r.status).toBe("warn");
    expect(r.evidence.find((e) => e.label === `CRD ${names.dynakubeCrd}`)?.value).toBe("served v1beta6; stored v1beta6; Helm release dynatrace-operator in dynatrace");
  });

  it("fails when the CRD's stored versions are not served by the planned release", async () => {
    await adminClient().api.crd.deleteCustomResourceDefinition({ name: names.dynakubeCrd });
    // Deletion is asynchronous (finalizer): wait until the name is free before re-creating with an old version.
    for (let i = 0; i < 50; i++) {
      try {
        await adminClient().api.crd.readCustomResourceDefinition({ name: names.dynakubeCrd });
        await new Promise((r) => setTimeout(r, 100));
      } catch {
        break;
      }
    }
    await applyObjects([crd("v1beta3")]);
    const { byId } = await run(adminKubeconfig(), [existingInstallation], { operatorVersion: "1.10.2" }, collectors);
    const r = byId("k8s.existing-installation");
    expect(r.status).toBe("fail");
    expect(r.summary).toMatch(/stored versions v1beta3 that operator 1.10.2 does not serve/);
  });

  it("is unknown for the view-only identity, which may not read CRDs", async () => {
    const { byId } = await run(restrictedKubeconfig(), [existingInstallation], {}, collectors);
    expect(byId("k8s.existing-installation").status).toBe("unknown");
  });
});

describe("foreign webhooks", () => {
  const label = uniqueName("dtready-webhook");
  const webhookName = uniqueName("dtready-test-policy");
  let target: string;
  let other: string;
  beforeAll(async () => {
    target = await createTestNamespace("dtr-hooked", { [label]: "yes" });
    other = await createTestNamespace("dtr-free");
    await applyObjects([
      {
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: "ValidatingWebhookConfiguration",
        metadata: { name: webhookName },
        webhooks: [
          {
            name: "deny.dtready.test",
            failurePolicy: "Fail",
            sideEffects: "None",
            admissionReviewVersions: ["v1"],
            timeoutSeconds: 5,
            // Only this file's namespace carries the label, so no other test's pods are intercepted.
            namespaceSelector: { matchLabels: { [label]: "yes" } },
            rules: [{ operations: ["CREATE"], apiGroups: [""], apiVersions: ["v1"], resources: ["pods"] }],
            clientConfig: { service: { namespace: target, name: "does-not-exist", port: 443 } },
          },
        ],
      },
    ]);
  });
  afterAll(async () => {
    const k = adminClient();
    await k.api.admission.deleteValidatingWebhookConfiguration({ name: webhookName }).catch(() => undefined);
    await Promise.all([target, other].map((name) => k.api.core.deleteNamespace({ name })));
  });

  it("warns for the namespace the Fail webhook selects, naming it", async () => {
    const { byId } = await run(adminKubeconfig(), [foreignWebhooks], { namespace: target });
    const r = byId("k8s.foreign-webhooks");
    expect(r.status).toBe("warn");
    expect(r.summary).toContain(`ValidatingWebhookConfiguration ${webhookName} / deny.dtready.test`);
    expect(r.evidence.find((e) => e.label.includes(webhookName))?.detail).toContain(`namespaces matching ${label}=yes`);
    expect(r.remediation.commands).toContain(`kubectl --context dtready-test-admin get validatingwebhookconfiguration ${webhookName} -o yaml`);
  });

  it("does not count it for a namespace its selector does not match", async () => {
    const { byId } = await run(adminKubeconfig(), [foreignWebhooks], { namespace: other });
    const r = byId("k8s.foreign-webhooks");
    expect(JSON.stringify(r)).not.toContain(webhookName);
  });

  it("is unknown for the view-only identity", async () => {
    const { byId } = await run(restrictedKubeconfig(), [foreignWebhooks], { namespace: other });
    expect(byId("k8s.foreign-webhooks").status).toBe("unknown");
  });
});
