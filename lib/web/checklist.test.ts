import { describe, expect, it } from "vitest";
import type { CheckResult, ChecklistItemId, SectionId, Status } from "@/lib/engine/types";
import { countStatuses, filterChecks, groupBySection, summarizeChecklist, worstStatus } from "./checklist";

const check = (id: string, status: Status, section: SectionId = "cluster", checklistItem?: ChecklistItemId): CheckResult => ({
  id,
  title: id,
  section,
  status,
  severity: "blocking",
  summary: "",
  evidence: [],
  remediation: { text: "", commands: [], docs: [] },
  durationMs: 0,
  checklistItem,
});

describe("groupBySection", () => {
  it("lists the document's six sections in order and keeps each section's checks in registry order", () => {
    const groups = groupBySection([
      check("k8s.b", "pass", "cluster"),
      check("manual.tokens", "manual", "tenant"),
      check("k8s.a", "fail", "cluster"),
    ]);
    expect(groups.map((g) => g.section.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(groups[0]!.checks.map((c) => c.id)).toEqual(["manual.tokens"]);
    expect(groups[1]!.checks.map((c) => c.id)).toEqual(["k8s.b", "k8s.a"]);
    expect(groups[2]!.checks).toEqual([]);
  });
});

describe("worstStatus", () => {
  it("surfaces the most pressing status", () => {
    expect(worstStatus(["pass", "warn", "fail"])).toBe("fail");
    expect(worstStatus(["pass", "unknown", "warn"])).toBe("unknown");
    expect(worstStatus(["pass", "manual"])).toBe("manual");
  });
  it("is not-applicable only when nothing applied, and pass when something passed", () => {
    expect(worstStatus(["not-applicable", "not-applicable"])).toBe("not-applicable");
    expect(worstStatus(["not-applicable", "pass"])).toBe("pass");
  });
  it("is null when nothing was checked, so an empty item never reads as a pass", () => {
    expect(worstStatus([])).toBeNull();
  });
});

describe("summarizeChecklist", () => {
  it("always shows all eight section 7 items, each with the status of its checks", () => {
    const rows = summarizeChecklist([
      check("k8s.kubernetes-version", "warn", "cluster", "kubernetes-version"),
      check("k8s.api-server-reachable", "pass", "cluster", "kubernetes-version"),
      check("manual.tokens", "manual", "tenant", "tokens"),
      check("k8s.unmapped", "fail"),
    ]);
    expect(rows.map((r) => r.item.id)).toEqual([
      "environment",
      "tokens",
      "kubernetes-version",
      "network-access",
      "permissions",
      "deployment-mode",
      "storage-planning",
      "resource-limits",
    ]);
    const byId = Object.fromEntries(rows.map((r) => [r.item.id, r]));
    expect(byId["kubernetes-version"]!.status).toBe("warn");
    expect(byId["kubernetes-version"]!.checks).toHaveLength(2);
    expect(byId["tokens"]!.status).toBe("manual");
    expect(byId["environment"]!.status).toBeNull();
  });
});

describe("filters", () => {
  const checks = [check("a", "pass"), check("b", "fail"), check("c", "fail"), check("d", "unknown")];
  it("counts every status, zero included", () => {
    expect(countStatuses(checks)).toEqual({ pass: 1, warn: 0, fail: 2, unknown: 1, "not-applicable": 0, manual: 0 });
  });
  it("shows everything with no chip selected and only the chosen statuses otherwise", () => {
    expect(filterChecks(checks, new Set())).toHaveLength(4);
    expect(filterChecks(checks, new Set(["fail", "unknown"] as const)).map((c) => c.id)).toEqual(["b", "c", "d"]);
  });
});
