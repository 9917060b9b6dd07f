import { describe, expect, it } from "vitest";
import { describeSelector, matchesSelector } from "./label-selector";

describe("matchesSelector", () => {
  const labels = { team: "shop", env: "prod" };
  it("matches everything with an empty selector", () => {
    expect(matchesSelector(labels, {})).toBe(true);
    expect(matchesSelector({}, undefined)).toBe(true);
  });
  it("requires every matchLabels entry", () => {
    expect(matchesSelector(labels, { matchLabels: { team: "shop" } })).toBe(true);
    expect(matchesSelector(labels, { matchLabels: { team: "shop", env: "dev" } })).toBe(false);
  });
  it("applies In, NotIn, Exists and DoesNotExist like the API server", () => {
    expect(matchesSelector(labels, { matchExpressions: [{ key: "env", operator: "In", values: ["prod", "stage"] }] })).toBe(true);
    expect(matchesSelector(labels, { matchExpressions: [{ key: "env", operator: "NotIn", values: ["prod"] }] })).toBe(false);
    // NotIn matches when the label is missing, as in Kubernetes.
    expect(matchesSelector({}, { matchExpressions: [{ key: "env", operator: "NotIn", values: ["prod"] }] })).toBe(true);
    expect(matchesSelector(labels, { matchExpressions: [{ key: "team", operator: "Exists" }] })).toBe(true);
    expect(matchesSelector(labels, { matchExpressions: [{ key: "team", operator: "DoesNotExist" }] })).toBe(false);
  });
  it("describes a selector the way kubectl writes it", () => {
    expect(describeSelector({ matchLabels: { team: "shop" }, matchExpressions: [{ key: "legacy", operator: "DoesNotExist" }] })).toBe("team=shop, !legacy");
    expect(describeSelector({})).toMatch(/every namespace/);
  });
});
