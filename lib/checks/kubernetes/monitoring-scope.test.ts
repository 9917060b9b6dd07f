import { describe, expect, it } from "vitest";
import { monitoringScope } from "./monitoring-scope";
import { evaluateCheck } from "./testing";

const ns = (name: string, labels: Record<string, string> = {}) => ({ name, labels: { "kubernetes.io/metadata.name": name, ...labels } });
const cluster = [
  ns("default"),
  ns("dynatrace", { monitor: "true" }),
  ns("kube-system", { monitor: "true" }),
  ns("shop", { monitor: "true" }),
  ns("payments", { monitor: "true" }),
  ns("calico-system"),
  ns("gatekeeper-system"),
];
const pods = { shop: 12, payments: 3, "kube-system": 20 };

describe("k8s.monitoring-scope", () => {
  it("lists the namespaces a label selector injects, leaving out the operator's ignored namespaces", () => {
    const r = evaluateCheck(
      monitoringScope,
      { "k8s.namespaces": cluster, "k8s.podCountsByNamespace": pods },
      { namespaceSelector: { matchLabels: { monitor: "true" } } },
    );
    expect(r.status).toBe("pass");
    expect(r.summary).toBe("2 namespaces will be injected.");
    const injected = r.evidence.find((e) => e.label.startsWith("Will be injected"));
    expect(injected?.label).toBe("Will be injected (2 of 7)");
    expect(injected?.value).toBe("payments, shop");
    expect(injected?.detail).toMatch(/^15 pods run there now/);
    expect(r.evidence.find((e) => e.label === "Matched but ignored by the operator")?.value).toBe("dynatrace, kube-system");
  });

  it("warns when the selector matches no namespace", () => {
    const r = evaluateCheck(
      monitoringScope,
      { "k8s.namespaces": cluster, "k8s.podCountsByNamespace": pods },
      { namespaceSelector: { matchLabels: { team: "nobody" } } },
    );
    expect(r.status).toBe("warn");
    expect(r.summary).toMatch(/matches no namespace/);
    expect(r.remediation.commands).toEqual(["kubectl --context aks-test label namespace <namespace> team=nobody"]);
  });

  it("warns when an empty selector would also inject AKS system namespaces", () => {
    const r = evaluateCheck(monitoringScope, { "k8s.namespaces": cluster, "k8s.podCountsByNamespace": pods });
    expect(r.status).toBe("warn");
    expect(r.summary).toMatch(/AKS system namespaces \(calico-system, gatekeeper-system\)/);
    expect(r.remediation.text).toMatch(/NotIn/);
  });

  it("uses the namespace name label so In/NotIn on kubernetes.io/metadata.name works", () => {
    const r = evaluateCheck(
      monitoringScope,
      { "k8s.namespaces": cluster, "k8s.podCountsByNamespace": pods },
      { namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "NotIn", values: ["calico-system", "gatekeeper-system"] }] } },
    );
    expect(r.status).toBe("pass");
    expect(r.evidence.find((e) => e.label.startsWith("Will be injected"))?.value).toBe("default, payments, shop");
  });

  it("does not apply to platform monitoring", () => {
    const r = evaluateCheck(monitoringScope, { "k8s.namespaces": cluster, "k8s.podCountsByNamespace": pods }, { mode: "platform" });
    expect(r.status).toBe("not-applicable");
  });

  it("is unknown when namespaces cannot be listed", () => {
    const r = evaluateCheck(monitoringScope, { "k8s.namespaces": { error: { kind: "forbidden", message: "namespaces is forbidden" } }, "k8s.podCountsByNamespace": pods });
    expect(r.status).toBe("unknown");
  });

  it("never fails: which namespaces are injected predicts no rejection (policies on injected pods are judged by az.azure-policy)", () => {
    const r = evaluateCheck(monitoringScope, { "k8s.namespaces": cluster, "k8s.podCountsByNamespace": pods }, { namespaceSelector: { matchLabels: { team: "nobody" } } });
    expect(r.status).toBe("warn");
  });
});
