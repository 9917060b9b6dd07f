import { describe, expect, it } from "vitest";
import { requiredScopes, scopesFor } from "./token-scopes";

const ids = (list: { scope: string }[]) => list.map((s) => s.scope).sort();

describe("requiredScopes", () => {
  it("requires the same three operator scopes in every mode and keeps settings optional", () => {
    for (const mode of ["platform", "application", "full-stack"] as const) {
      const op = scopesFor({ mode }, "operator");
      expect(ids(op.filter((s) => s.need === "required")), mode).toEqual(["DataExport", "InstallerDownload", "activeGateTokenManagement.create"]);
      expect(ids(op.filter((s) => s.need === "optional")), mode).toEqual(["settings.read", "settings.write"]);
    }
  });

  it("asks the ingest scopes only for modes that inject into workloads, all optional", () => {
    expect(scopesFor({ mode: "platform" }, "ingest")).toEqual([]);
    const app = scopesFor({ mode: "application" }, "ingest");
    expect(ids(app)).toEqual(["logs.ingest", "metrics.ingest", "openTelemetryTrace.ingest"]);
    expect(app.every((s) => s.need === "optional")).toBe(true);
  });

  it("lists each scope once, naming every feature that uses it", () => {
    const read = requiredScopes({ mode: "application" }).filter((s) => s.scope === "settings.read");
    expect(read).toHaveLength(1);
    expect(read[0]!.feature).toMatch(/Kubernetes API monitoring registration.*; Code module injection/);
  });
});
