// Collector projections: what is kept from API objects (small, no secrets) and how it is derived.
import { describe, expect, it } from "vitest";
import type { V1CustomResourceDefinition, V1DaemonSet, V1Pod } from "@kubernetes/client-node";
import { toCrdFact, toOneAgentDaemonSet } from "./dynatrace-objects";
import { toLimitRangeFact, toQuotaFact } from "./namespace-quotas";
import { toNamespaceSummary } from "./namespaces";
import { effectiveRequests } from "./pods";
import { toWebhookConfigurationFact } from "./webhooks";

describe("pods: effective requests like the scheduler computes them", () => {
  it("sums containers and sidecars, takes at least the largest init container, adds overhead", () => {
    const pod: V1Pod = {
      spec: {
        containers: [
          { name: "a", resources: { requests: { cpu: "100m", memory: "64Mi" } } },
          { name: "b", resources: { requests: { cpu: "0.2", memory: "64Mi", "ephemeral-storage": "1Gi" } } },
        ],
        initContainers: [
          { name: "init", resources: { requests: { cpu: "1", memory: "32Mi" } } },
          { name: "sidecar", restartPolicy: "Always", resources: { requests: { cpu: "50m", memory: "16Mi" } } },
        ],
        overhead: { cpu: "10m" },
      },
    };
    expect(effectiveRequests(pod)).toEqual({ cpuMillis: 1010, memoryBytes: 144 * 2 ** 20, ephemeralStorageBytes: 2 ** 30 });
  });
  it("counts nothing for containers without requests", () => {
    expect(effectiveRequests({ spec: { containers: [{ name: "a" }] } })).toEqual({ cpuMillis: 0, memoryBytes: 0, ephemeralStorageBytes: 0 });
  });
});

describe("namespaces: facts are the world, not the plan", () => {
  it("keeps every label, whatever a plan's selector will read", () => {
    const labels: Record<string, string> = { "kubernetes.io/metadata.name": "shop" };
    for (let i = 0; i < 60; i++) labels[`a-${String(i).padStart(2, "0")}`] = "x";
    labels["zz-team"] = "shop";
    const s = toNamespaceSummary({ metadata: { name: "shop", labels }, status: { phase: "Active" } });
    expect(s.labels).toEqual(labels);
    expect(s.phase).toBe("Active");
  });
});

describe("namespace quotas", () => {
  it("keeps hard/used and marks scoped quotas", () => {
    expect(toQuotaFact({ metadata: { name: "q" }, spec: { hard: { pods: "10" }, scopes: ["BestEffort"] }, status: { used: { pods: "3" } } })).toEqual({
      name: "q",
      hard: { pods: "10" },
      used: { pods: "3" },
      scopes: ["BestEffort"],
      scoped: true,
    });
  });
  it("maps the client's _default to default", () => {
    expect(toLimitRangeFact({ metadata: { name: "lr" }, spec: { limits: [{ type: "Container", _default: { memory: "128Mi" }, max: { cpu: "2" } }] } })).toEqual({
      name: "lr",
      limits: [{ type: "Container", default: { memory: "128Mi" }, max: { cpu: "2" } }],
    });
  });
});

describe("webhooks", () => {
  it("keeps failure policy (defaulting to Fail), rules, selectors and where it calls, but no caBundle", () => {
    const f = toWebhookConfigurationFact("validating", {
      metadata: { name: "gatekeeper", annotations: { "admissions.enforcer/disabled": "true", "kubectl.kubernetes.io/last-applied-configuration": "{...}" } },
      webhooks: [
        {
          name: "validation.gatekeeper.sh",
          admissionReviewVersions: ["v1"],
          sideEffects: "None",
          clientConfig: { service: { namespace: "gatekeeper-system", name: "gatekeeper-webhook-service", path: "/v1/admit" }, caBundle: "LS0tLS1CRUdJTi..." },
          rules: [{ operations: ["CREATE", "UPDATE"], apiGroups: ["*"], apiVersions: ["*"], resources: ["*"] }],
          namespaceSelector: { matchExpressions: [{ key: "admission.gatekeeper.sh/ignore", operator: "DoesNotExist" }] },
        },
      ],
    });
    expect(f.annotations).toEqual({ "admissions.enforcer/disabled": "true" });
    const w = f.webhooks[0]!;
    expect(w.failurePolicy).toBe("Fail");
    expect(w.target).toBe("gatekeeper-system/gatekeeper-webhook-service:443/v1/admit");
    expect(w.hasCaBundle).toBe(true);
    expect(JSON.stringify(f)).not.toContain("LS0tLS1CRUdJTi");
    expect(w.namespaceSelector).toEqual({ matchExpressions: [{ key: "admission.gatekeeper.sh/ignore", operator: "DoesNotExist" }] });
  });
});

describe("Dynatrace objects", () => {
  it("reads served, storage and stored versions and Helm ownership of a CRD", () => {
    const crd: V1CustomResourceDefinition = {
      metadata: { name: "dynakubes.dynatrace.com", labels: { "app.kubernetes.io/managed-by": "Helm" }, annotations: { "meta.helm.sh/release-name": "dynatrace-operator", "meta.helm.sh/release-namespace": "dynatrace" } },
      spec: {
        group: "dynatrace.com",
        scope: "Namespaced",
        names: { plural: "dynakubes", kind: "DynaKube" },
        versions: [
          { name: "v1beta5", served: true, storage: false },
          { name: "v1beta6", served: true, storage: true },
          { name: "v1beta4", served: false, storage: false },
        ],
      },
      status: { storedVersions: ["v1beta4", "v1beta6"], acceptedNames: { plural: "dynakubes", kind: "DynaKube" }, conditions: [] },
    };
    expect(toCrdFact(crd)).toEqual({
      name: "dynakubes.dynatrace.com",
      servedVersions: ["v1beta5", "v1beta6"],
      storageVersion: "v1beta6",
      storedVersions: ["v1beta4", "v1beta6"],
      helm: { managedBy: "Helm", releaseName: "dynatrace-operator", releaseNamespace: "dynatrace" },
    });
  });
  it("keeps only DaemonSets with OneAgent images", () => {
    const ds = (image: string): V1DaemonSet => ({
      metadata: { name: "x", namespace: "ns" },
      spec: { selector: {}, template: { spec: { containers: [{ name: "c", image }] } } },
    });
    expect(toOneAgentDaemonSet(ds("fluent/fluent-bit:3"))).toBeUndefined();
    expect(toOneAgentDaemonSet(ds("abc123.live.dynatrace.com/linux/oneagent:1.300"))?.images).toEqual(["abc123.live.dynatrace.com/linux/oneagent:1.300"]);
  });
});
