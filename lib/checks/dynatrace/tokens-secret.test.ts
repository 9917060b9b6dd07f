import { describe, expect, it } from "vitest";
import { judgeTokensSecret, type TokensSecretFact } from "@/lib/collect/kubernetes/tokens-secret";
import { evaluateCheck } from "@/lib/checks/kubernetes/fixtures";
import { tokensSecret } from "./tokens-secret";

const OPERATOR = `dt0c01.${"A".repeat(24)}.${"B".repeat(64)}`;
const INGEST = `dt0c01.${"C".repeat(24)}.${"D".repeat(64)}`;
const b64 = (s: string) => Buffer.from(s).toString("base64");
const judge = (data: Record<string, string>, underTest: { operatorToken?: string; ingestToken?: string } = { operatorToken: OPERATOR, ingestToken: INGEST }) =>
  judgeTokensSecret("dynakube", "dynatrace", { type: "Opaque", data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])) }, underTest);
const run = (fact: TokensSecretFact) => evaluateCheck(tokensSecret, { "k8s.tokensSecret": fact });

describe("tokens secret collector projection", () => {
  it("keeps no token value, hash or fragment in the fact", () => {
    const fact = judge({ apiToken: OPERATOR, dataIngestToken: `${INGEST}\n`, paasToken: "dt0c01.PAAS", extra: "x" });
    const json = JSON.stringify(fact);
    for (const secret of [OPERATOR, INGEST, "AAAAAAAA", "BBBBBBBB", "DDDDDDDD", "PAAS", b64(OPERATOR).slice(0, 20)]) expect(json).not.toContain(secret);
    expect(fact.tokens.apiToken).toEqual({ empty: false, surroundingWhitespace: false, matchesTokenUnderTest: true });
    expect(fact.tokens.dataIngestToken).toEqual({ empty: false, surroundingWhitespace: true, matchesTokenUnderTest: true });
    expect(fact.otherKeys).toEqual(["extra"]);
  });

  it("does not claim a comparison when the token under test is unknown", () => {
    expect(judge({ apiToken: OPERATOR }, {}).tokens.apiToken).toEqual({ empty: false, surroundingWhitespace: false });
  });
});

describe("k8s.tokens-secret", () => {
  it("passes a secret with both tokens matching the ones checked", () => {
    const r = run(judge({ apiToken: OPERATOR, dataIngestToken: INGEST }));
    expect(r.status).toBe("pass");
    expect(r.summary).toContain("matching the tokens checked in this run");
  });

  it("is not applicable when the secret was not created yet, and says how to create it", () => {
    const r = run({ name: "dynakube", namespace: "dynatrace", exists: false, tokens: {}, otherKeys: [] });
    expect(r.status).toBe("not-applicable");
    expect(r.reason).toContain("kubectl --context aks-prod-admin -n dynatrace create secret generic dynakube --from-literal=apiToken=<operator token>");
  });

  it("fails without apiToken", () => {
    const r = run(judge({ dataIngestToken: INGEST }));
    expect(r.status).toBe("fail");
    expect(r.summary).toContain("no apiToken key");
  });

  it("fails a trailing newline and names the key", () => {
    const r = run(judge({ apiToken: `${OPERATOR}\n` }));
    expect(r.status).toBe("fail");
    expect(r.summary).toContain("apiToken has leading or trailing whitespace");
  });

  it("fails when the secret holds a different operator token than the one checked", () => {
    const r = run(judge({ apiToken: `dt0c01.${"Z".repeat(24)}.${"Y".repeat(64)}` }));
    expect(r.status).toBe("fail");
    expect(r.summary).toContain("not the operator token this run checked");
    expect(r.evidence.find((e) => e.label === "apiToken")?.value).toContain("DIFFERENT");
  });

  it("warns on the deprecated paasToken", () => {
    const r = run(judge({ apiToken: OPERATOR, dataIngestToken: INGEST, paasToken: "dt0c01.X" }));
    expect(r.status).toBe("warn");
    expect(r.summary).toContain("paasToken");
  });

  it("forbidden to read the secret is unknown with the reason", () => {
    const r = evaluateCheck(tokensSecret, { "k8s.tokensSecret": { kind: "forbidden", message: "this identity may not read secret dynatrace/dynakube (403)" } });
    expect(r.status).toBe("unknown");
    expect(r.reason).toContain("may not read secret dynatrace/dynakube");
  });
});
