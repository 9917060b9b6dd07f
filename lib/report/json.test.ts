import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { applyAttestations, applyWaivers, verdictOf } from "@/lib/engine/verdict";
import type { CheckResult, RunReport } from "@/lib/engine/types";
import { sampleReport } from "./fixtures";
import { stringifyJsonReport, toJsonReport } from "./json";
import { validateAgainstSchema } from "./schema-validate";

const schema = JSON.parse(readFileSync(new URL("../../docs/report.schema.json", import.meta.url), "utf8")) as Record<string, unknown>;

const CHECK_KEYS = ["id", "title", "section", "status", "severity", "summary", "evidence", "remediation", "durationMs"];

describe("toJsonReport", () => {
  it("a report from the engine validates against the published schema", async () => {
    const report = await sampleReport();
    const json = JSON.parse(stringifyJsonReport(report)) as unknown;
    expect(validateAgainstSchema(schema, json)).toEqual([]);
  });

  it("a report with failures, unknowns and attested items still validates", async () => {
    const report = await sampleReport({ gitVersion: "v1.20.1" });
    const manual: CheckResult = {
      ...report.checks[0]!,
      id: "manual.tokens",
      status: "manual",
      checklistItem: "tokens",
    };
    const attested = applyAttestations([...report.checks, manual], [{ checkId: "manual.tokens", by: "ana", at: "2026-11-23T10:00:00Z", note: "done" }]);
    const json = toJsonReport({ ...report, checks: attested });
    expect(json.checks.some((c) => c.status === "fail")).toBe(true);
    expect(validateAgainstSchema(schema, JSON.parse(JSON.stringify(json)))).toEqual([]);
  });

  it("a waived fail keeps its status, carries exactly the waiver's fields, and validates; a broken waiver does not", async () => {
    const report = await sampleReport({ gitVersion: "v1.20.1" });
    const failed = report.checks.find((c) => c.status === "fail")!;
    const waiver = { id: "w1", checkId: failed.id, owner: "Platform team", justification: "upgrade booked", createdAt: "2026-11-20T09:00:00.000Z", expiresAt: "2026-12-24T23:59:59.999Z" };
    const checks = applyWaivers(report.checks, [waiver], new Date("2026-11-24T00:00:00Z"));
    const json = JSON.parse(stringifyJsonReport({ ...report, checks, verdict: verdictOf(checks) })) as { checks: Record<string, unknown>[] };
    const waived = json.checks.find((c) => c.id === failed.id)!;
    expect(waived.status).toBe("fail");
    expect(waived.waiver).toEqual({ id: "w1", owner: "Platform team", justification: "upgrade booked", createdAt: waiver.createdAt, expiresAt: waiver.expiresAt });
    expect(Object.keys(waived).at(-1)).toBe("waiver");
    expect(validateAgainstSchema(schema, json)).toEqual([]);

    (waived.waiver as Record<string, unknown>).checkId = failed.id;
    delete (waived.waiver as Record<string, unknown>).owner;
    const errors = validateAgainstSchema(schema, json);
    expect(errors.some((e) => e.endsWith("waiver: missing owner"))).toBe(true);
    expect(errors.some((e) => e.endsWith("waiver: unexpected property checkId"))).toBe(true);
  });

  it("an AKS target carries its Resource Manager location, key by key (a connection id or anything else stays out), and validates", async () => {
    const report = await sampleReport();
    const aks = { subscriptionId: "00000000-0000-4000-8000-000000000001", resourceGroup: "rg", name: "aks-prod", location: "westeurope", connectionId: "c1", clientSecret: "s3cret" };
    const json = toJsonReport({ ...report, target: { ...report.target, kind: "aks", aks } });
    expect(json.target.aks).toEqual({ subscriptionId: aks.subscriptionId, resourceGroup: "rg", name: "aks-prod", location: "westeurope" });
    expect(validateAgainstSchema(schema, JSON.parse(JSON.stringify(json)))).toEqual([]);
  });

  it("keeps exactly the contract's keys in the contract's order", async () => {
    const report = await sampleReport();
    const json = toJsonReport(report);
    expect(Object.keys(json)).toEqual(["schemaVersion", "verdict", "target", "plan", "startedAt", "finishedAt", "durationMs", "checks"]);
    expect(Object.keys(json.target)).toEqual(["kind", "name", "context", "server"]);
    expect(Object.keys(json.plan).slice(0, 4)).toEqual(["mode", "operatorVersion", "namespace", "csiDriver"]);
    for (const c of json.checks) {
      const keys = Object.keys(c);
      expect(keys.slice(0, CHECK_KEYS.length)).toEqual(CHECK_KEYS);
      expect(keys.slice(CHECK_KEYS.length).every((k) => k === "reason" || k === "waiver")).toBe(true);
      expect(Object.keys(c.remediation)).toEqual(["text", "commands", "docs"]);
    }
  });

  it("drops fields outside the contract (attestation internals, checklist item)", async () => {
    const report = await sampleReport();
    const extra = {
      ...report,
      secret: "x",
      checks: report.checks.map((c) => ({ ...c, checklistItem: "tokens", attestation: { checkId: c.id, by: "a", at: "t", note: "n" } })),
    } as RunReport;
    const json = JSON.parse(stringifyJsonReport(extra)) as Record<string, unknown>;
    expect(json).not.toHaveProperty("secret");
    expect(validateAgainstSchema(schema, json)).toEqual([]);
  });

  it("the schema catches a report that breaks the contract", async () => {
    const json = JSON.parse(stringifyJsonReport(await sampleReport())) as { verdict: string; checks: Record<string, unknown>[] };
    json.verdict = "maybe";
    delete json.checks[0]!.summary;
    json.checks[0]!.token = "abc";
    const errors = validateAgainstSchema(schema, json);
    expect(errors).toContain("$.checks[0]: missing summary");
    expect(errors).toContain("$.checks[0]: unexpected property token");
    expect(errors.some((e) => e.startsWith("$.verdict: must be one of"))).toBe(true);
  });

  it("shows the tenant's public summary and nothing else of it, even when handed a connection with tokens", async () => {
    const report = await sampleReport();
    const secret = "dt0c01.ABCDEFGHIJKLMNOPQRSTUVWX.0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF";
    const tenant = {
      apiUrl: "https://abc12345.live.dynatrace.com/api",
      operatorTokenPublic: "dt0c01.ABCDEFGH…",
      customCa: true,
      proxy: "http://***@proxy.example.com:3128",
      operatorToken: secret,
    };
    const text = stringifyJsonReport({ ...report, target: { ...report.target, tenant } });
    const json = JSON.parse(text) as ReturnType<typeof toJsonReport>;
    expect(json.target.tenant).toEqual({
      apiUrl: "https://abc12345.live.dynatrace.com/api",
      operatorTokenPublic: "dt0c01.ABCDEFGH…",
      proxy: "http://***@proxy.example.com:3128",
      customCa: true,
    });
    expect(text).not.toContain(secret);
    expect(validateAgainstSchema(schema, json)).toEqual([]);
  });
});
