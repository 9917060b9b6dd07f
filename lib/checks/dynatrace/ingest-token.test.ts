import { describe, expect, it } from "vitest";
import { ingestToken } from "./ingest-token";
import { evaluateTenantCheck, INGEST_SCOPES, lookup, said } from "./testing";

const ingest = (over = {}) => lookup({ publicPart: "dt0c01.INGESTTE…", id: "dt0c01.INGESTTESTTOKEN000000001", name: "Kubernetes: Data Ingest", scopes: INGEST_SCOPES, ...over });
const absent = { present: false, lookup: "not-present" as const, checkedAt: "2026-11-23T12:00:00.000Z" };

describe("dt.ingest-token", () => {
  it("passes a token with the ingest scopes", () => {
    expect(evaluateTenantCheck(ingestToken, { "dt.ingestToken": ingest() }, { mode: "full-stack" }).status).toBe("pass");
  });

  it("warns, naming the scope and what stops working, when an ingest scope is missing", () => {
    const r = evaluateTenantCheck(ingestToken, { "dt.ingestToken": ingest({ scopes: ["logs.ingest", "openTelemetryTrace.ingest"] }) }, { mode: "application" });
    expect(r.status).toBe("warn");
    expect(r.summary).toMatch(/lacks optional scope metrics\.ingest \(Ingest metrics\)/);
    expect(r.summary).toMatch(/metrics sent by workloads .* are rejected/);
    expect(r.remediation.text).toMatch(/"Kubernetes: Data Ingest"/);
  });

  it("handles an absent token as the operator does: a warning where the mode ingests data, fine where it does not", () => {
    const app = evaluateTenantCheck(ingestToken, { "dt.ingestToken": absent }, { mode: "application" });
    expect(app.status).toBe("warn");
    expect(app.summary).toMatch(/^DataIngest token not provided: .*metrics\.ingest, logs\.ingest, openTelemetryTrace\.ingest/);
    expect(app.remediation.text).toContain("as dataIngestToken in the secret dynatrace/dynakube");
    const platform = evaluateTenantCheck(ingestToken, { "dt.ingestToken": absent }, { mode: "platform" });
    expect(platform.status).toBe("pass");
    expect(platform.summary).toMatch(/uses none/);
  });

  it("fails a token the tenant does not know, or that is disabled", () => {
    const r = evaluateTenantCheck(ingestToken, { "dt.ingestToken": ingest({ status: 404, error: { code: 404, message: "Token not found" } }) });
    expect(r.status).toBe("fail");
    expect(r.summary).toMatch(/does not know the data-ingest token/);
    expect(evaluateTenantCheck(ingestToken, { "dt.ingestToken": ingest({ enabled: false }) }).status).toBe("fail");
  });

  it("is unknown when the operator token that authenticates the lookup was rejected", () => {
    const r = evaluateTenantCheck(ingestToken, { "dt.ingestToken": ingest({ status: 401, error: { code: 401, message: "Token Authentication failed" } }) });
    expect(r.status).toBe("unknown");
    expect(said(r)).toMatch(/operator token/);
  });
});
