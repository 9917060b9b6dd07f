import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { CheckResult } from "@/lib/engine/types";
import { CheckItem } from "./check-item";
import { Checklist } from "./checklist";

const check = (over: Partial<CheckResult>): CheckResult => ({
  id: "k8s.version",
  title: "Kubernetes version",
  section: "cluster",
  status: "fail",
  severity: "blocking",
  summary: "v1.27 is not supported",
  evidence: [],
  remediation: { text: "", commands: [], docs: [] },
  durationMs: 1,
  ...over,
});
const waiver = { id: "w1", owner: "Platform team", justification: "Upgrade booked for 12-20", createdAt: "2026-11-20T09:00:00.000Z", expiresAt: "2026-12-24T23:59:59.999Z" };

const render = (node: ReactNode) => renderToStaticMarkup(<QueryClientProvider client={new QueryClient()}>{node}</QueryClientProvider>);
const item = (c: CheckResult, readOnly = false) =>
  render(<CheckItem check={c} expanded onToggle={() => {}} runId="run-1" canAttest readOnly={readOnly} />);

describe("CheckItem and waivers", () => {
  it("a waived fail still shows Fail, with a waived badge, the owner, justification and expiry, and Revoke waiver", () => {
    const html = item(check({ waiver }));
    expect(html).toContain('data-status="fail"');
    expect(html).toContain('data-testid="waived-k8s.version"');
    expect(html).toContain("Waived by Platform team");
    expect(html).toContain("Upgrade booked for 12-20");
    expect(html).toMatch(/until [^<]*24[^<]*2026/);
    expect(html).toContain("Revoke waiver");
    expect(html).not.toContain("Accept risk (waive)");
    expect(html).not.toContain('data-status="pass"');
    expect(item(check({ status: "pass" }))).toContain('data-status="pass"');
  });

  it("an open warn or fail offers Accept risk (waive)…; pass and unknown do not", () => {
    expect(item(check({}))).toContain("Accept risk (waive)…");
    expect(item(check({ status: "warn", severity: "advisory" }))).toContain("Accept risk (waive)…");
    expect(item(check({ status: "unknown", reason: "forbidden" }))).not.toContain("Accept risk");
    expect(item(check({ status: "pass" }))).not.toContain("Accept risk");
  });

  it("readOnly hides waive, revoke and attest but still shows the waiver", () => {
    const waived = item(check({ waiver }), true);
    expect(waived).toContain('data-testid="waived-k8s.version"');
    expect(waived).toContain("Waived by Platform team");
    expect(waived).not.toContain("Revoke waiver");
    expect(item(check({}), true)).not.toContain("Accept risk");
    expect(item(check({ id: "manual.tokens", status: "manual" }), true)).not.toContain("Attest");
    expect(item(check({ id: "manual.tokens", status: "manual" }))).toContain("Attest");
  });

  it("the checklist counts waived items under their own filter, not as passed", () => {
    const html = render(<Checklist checks={[check({ waiver }), check({ id: "k8s.other", status: "pass" })]} runId="run-1" readOnly />);
    expect(html).toMatch(/data-testid="filter-waived"[^>]*>.*Waived.*>1</);
    expect(html).toContain('data-testid="waived-k8s.version"');
    expect(render(<Checklist checks={[check({ id: "k8s.other", status: "pass" })]} runId="run-1" />)).not.toContain('data-testid="filter-waived"');
  });
});
