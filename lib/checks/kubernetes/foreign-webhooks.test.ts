import { describe, expect, it } from "vitest";
import type { WebhookConfigurationFact, WebhookFact } from "@/lib/collect/kubernetes/webhooks";
import { foreignWebhooks } from "./foreign-webhooks";
import { evaluateCheck } from "./testing";

const podCreate = [{ operations: ["CREATE"], apiGroups: [""], resources: ["pods"] }];
const hook = (over: Partial<WebhookFact> = {}): WebhookFact => ({
  name: "validation.gatekeeper.sh",
  failurePolicy: "Fail",
  rules: podCreate,
  matchConditions: 0,
  target: "gatekeeper-system/gatekeeper-webhook-service:443/v1/admit",
  hasCaBundle: true,
  ...over,
});
const config = (name: string, webhooks: WebhookFact[], kind: "mutating" | "validating" = "validating"): WebhookConfigurationFact => ({ kind, name, labels: {}, annotations: {}, webhooks });
const ns = { name: "dynatrace", exists: true, labels: { "kubernetes.io/metadata.name": "dynatrace" } };

describe("k8s.foreign-webhooks", () => {
  it("warns about a Fail webhook on pod CREATE in every namespace, naming the product", () => {
    const r = evaluateCheck(foreignWebhooks, { "k8s.webhooks": [config("gatekeeper-validating-webhook-configuration", [hook()])], "k8s.namespace": ns });
    expect(r.status).toBe("warn");
    expect(r.summary).toMatch(/1 foreign webhook with failurePolicy Fail intercepts pod creation in dynatrace/);
    expect(r.summary).toMatch(/OPA Gatekeeper/);
    expect(r.evidence.find((e) => e.label.includes("gatekeeper"))?.detail).toMatch(/^all namespaces/);
    expect(r.remediation.commands).toContain("kubectl --context aks-test get validatingwebhookconfiguration gatekeeper-validating-webhook-configuration -o yaml");
  });

  it("passes when the webhook's namespaceSelector excludes the operator's namespace", () => {
    const scoped = hook({ namespaceSelector: { matchLabels: { "policy.example/enforce": "true" } } });
    const r = evaluateCheck(foreignWebhooks, { "k8s.webhooks": [config("policy", [scoped])], "k8s.namespace": ns });
    expect(r.status).toBe("pass");
  });

  it("warns when the selector matches the target namespace's labels", () => {
    const scoped = hook({ name: "check.example.com", target: "x/y:443", namespaceSelector: { matchLabels: { "policy.example/enforce": "true" } } });
    const labelled = { ...ns, labels: { ...ns.labels, "policy.example/enforce": "true" } };
    const r = evaluateCheck(foreignWebhooks, { "k8s.webhooks": [config("policy", [scoped])], "k8s.namespace": labelled });
    expect(r.status).toBe("warn");
    expect(r.evidence.find((e) => e.label.includes("policy"))?.detail).toMatch(/namespaces matching policy.example\/enforce=true/);
  });

  it("ignores Dynatrace's own webhook, Ignore policies and rules on other resources", () => {
    const r = evaluateCheck(foreignWebhooks, {
      "k8s.webhooks": [
        config("dynatrace-webhook", [hook({ name: "webhook.pod.dynatrace.com" })], "mutating"),
        config("istio-sidecar-injector", [hook({ name: "sidecar-injector.istio.io", failurePolicy: "Ignore" })], "mutating"),
        config("cm-only", [hook({ name: "cm.example.com", rules: [{ operations: ["CREATE"], apiGroups: [""], resources: ["configmaps"] }] })]),
        config("exec-only", [hook({ name: "exec.example.com", rules: [{ operations: ["CONNECT"], apiGroups: [""], resources: ["pods/exec"] }] })]),
      ],
      "k8s.namespace": ns,
    });
    expect(r.status).toBe("pass");
    expect(r.evidence.find((e) => e.label.startsWith("Also on pod CREATE"))?.value).toMatch(/istio-sidecar-injector/);
  });

  it("judges a namespace that does not exist yet by its name label", () => {
    const byName = hook({ name: "n.example.com", target: "a/b:443", namespaceSelector: { matchExpressions: [{ key: "kubernetes.io/metadata.name", operator: "NotIn", values: ["kube-system"] }] } });
    const r = evaluateCheck(foreignWebhooks, { "k8s.webhooks": [config("generic", [byName])], "k8s.namespace": { name: "dynatrace", exists: false, labels: {} } });
    expect(r.status).toBe("warn");
  });

  it("is unknown when webhook configurations cannot be listed", () => {
    const r = evaluateCheck(foreignWebhooks, { "k8s.webhooks": { error: { kind: "forbidden", message: "forbidden" } }, "k8s.namespace": ns });
    expect(r.status).toBe("unknown");
  });

  it("never fails: a Fail webhook rejects pods only while its backend fails, which it cannot see (k8s.admission-dry-run asks the webhook)", () => {
    const r = evaluateCheck(foreignWebhooks, { "k8s.webhooks": [config("deny-everything", [hook({ name: "deny.example.com", target: "https://127.0.0.1:1/validate" })])], "k8s.namespace": ns });
    expect(r.status).toBe("warn");
  });
});
