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

describe("dt.ingest-token with a platform token (dt0s16…) or a platform operator token", () => {
  const platform = (status?: number) => ({
    present: true,
    kind: "platform" as const,
    publicPart: "dt0s16.INGESTPL…",
    lookup: "skipped" as const,
    checkedAt: "2026-11-23T12:00:00.000Z",
    ...(status !== undefined ? { authenticates: { call: "GET /v2/settings/objects", status, ...(status >= 400 ? { error: { code: status, message: status === 401 ? "Token Authentication failed" : "Token is missing required scope." } } : {}) } } : {}),
  });

  it("is accepted, but where the plan ingests its permissions cannot be proven without ingesting: manual with the reason, never pass", () => {
    const r = evaluateTenantCheck(ingestToken, { "dt.ingestToken": platform(403) }, { mode: "full-stack" });
    expect(r.status).toBe("manual");
    expect(r.summary).toContain("cannot be proven without ingesting data");
    expect(r.remediation.text).toContain('"Kubernetes Ingest" policy');
    expect(r.evidence).toContainEqual(expect.objectContaining({ label: "Accepted by the tenant", value: 'GET /v2/settings/objects → 403: "Token is missing required scope."' }));
  });

  it("its own evidence predicts a rejection: a 401 fails where the plan ingests with it", () => {
    const r = evaluateTenantCheck(ingestToken, { "dt.ingestToken": platform(401) }, { mode: "application" });
    expect(r.status).toBe("fail");
    expect(r.summary).toMatch(/rejected the platform data-ingest token \(401\)/);
  });

  it("passes an accepted platform token where the plan ingests nothing (platform monitoring)", () => {
    const r = evaluateTenantCheck(ingestToken, { "dt.ingestToken": platform(403) }, { mode: "platform" });
    expect(r.status).toBe("pass");
  });

  it("cannot evaluate (not tried, or the tenant failed): unknown, never pass", () => {
    expect(evaluateTenantCheck(ingestToken, { "dt.ingestToken": platform() }, { mode: "platform" }).status).toBe("unknown");
    expect(evaluateTenantCheck(ingestToken, { "dt.ingestToken": platform(503) }, { mode: "full-stack" }).status).toBe("unknown");
  });

  it("a classic data-ingest token that authenticated its own lookup (platform operator token) and got 401 is itself rejected: fail", () => {
    const r = evaluateTenantCheck(ingestToken, { "dt.ingestToken": ingest({ status: 401, authenticatedWith: "ingest", error: { code: 401, message: "Token Authentication failed" } }) });
    expect(r.status).toBe("fail");
    expect(r.summary).toMatch(/rejected the data-ingest token/);
    expect(r.remediation.commands[0]).toContain('Authorization: Api-Token $DT_INGEST_TOKEN');
  });
});
