import { describe, expect, it } from "vitest";
import { projectConstraint } from "./gatekeeper";

describe("projectConstraint", () => {
  it("keeps the action, matched kinds and exclusions (match and Azure Policy parameters), shortening parameters", () => {
    const c = projectConstraint("K8sAzureV3ContainerNoPrivilege", {
      metadata: { name: "azurepolicy-k8sazurev3containernoprivilege-abc" },
      spec: {
        match: { kinds: [{ apiGroups: [""], kinds: ["Pod"] }], excludedNamespaces: ["kube-system"] },
        parameters: { excludedNamespaces: ["kube-system", "dynatrace"], excludedImages: Array.from({ length: 50 }, (_, i) => `registry.example.com/image-${i}`) },
      },
    });
    expect(c).toMatchObject({ kind: "K8sAzureV3ContainerNoPrivilege", enforcementAction: "deny", matchKinds: ["/Pod"], excludedNamespaces: ["kube-system", "dynatrace"], namespaces: [], hasSelector: false });
    expect(c.parameters.excludedImages!.length).toBeLessThanOrEqual(200);
  });

  it("lower-cases the action and notes selectors", () => {
    const c = projectConstraint("K8sPSPCapabilities", { metadata: { name: "x" }, spec: { enforcementAction: "Dryrun", match: { namespaceSelector: { matchLabels: { a: "b" } } } } });
    expect(c.enforcementAction).toBe("dryrun");
    expect(c.hasSelector).toBe(true);
    expect(c.matchKinds).toEqual([]);
  });
});
