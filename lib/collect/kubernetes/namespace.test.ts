import { describe, expect, it } from "vitest";
import { toNamespaceFact } from "./namespace";

describe("toNamespaceFact", () => {
  it("keeps every Pod Security label and at most 30 others", () => {
    const labels: Record<string, string> = {
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/enforce-version": "latest",
      "pod-security.kubernetes.io/warn": "restricted",
    };
    for (let i = 0; i < 50; i++) labels[`team.example.com/l${String(i).padStart(2, "0")}`] = "x";
    const f = toNamespaceFact("dynatrace", { metadata: { name: "dynatrace", uid: "u-1", labels }, status: { phase: "Active" } });
    expect(f.exists).toBe(true);
    expect(f.uid).toBe("u-1");
    expect(f.phase).toBe("Active");
    expect(f.labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    expect(f.labels["pod-security.kubernetes.io/enforce-version"]).toBe("latest");
    expect(f.labels["pod-security.kubernetes.io/warn"]).toBe("restricted");
    expect(Object.keys(f.labels)).toHaveLength(33);
  });
});
