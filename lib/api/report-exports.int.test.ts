// The export downloads of a run, called as Next calls them, over a real SQLite file and the real test cluster.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as clusters from "@/app/api/clusters/route";
import * as clusterRuns from "@/app/api/clusters/[id]/runs/route";
import * as attestations from "@/app/api/runs/[id]/attestations/route";
import * as junit from "@/app/api/runs/[id]/report.junit.xml/route";
import * as markdown from "@/app/api/runs/[id]/report.md/route";
import * as sarif from "@/app/api/runs/[id]/report.sarif/route";
import * as run from "@/app/api/runs/[id]/route";
import { validateAgainstSchema } from "@/lib/report/schema-validate";
import { waitForRun } from "@/lib/jobs/service";
import { adminKubeconfig } from "@/test/cluster/testing";
import { useApiDataDir } from "@/test/support/api-data-dir";

const env = useApiDataDir("dtready-exports-");

const post = (body: unknown) =>
  new Request("http://127.0.0.1/api", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
const get = () => new Request("http://127.0.0.1/api");
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });

describe("run report downloads: Markdown, JUnit XML, SARIF", () => {
  it("serve the stored run as attachments named like report.json, valid, attestations included, no credentials", async () => {
    const created = await clusters.POST(post({ name: "AKS Exports (westeurope)", kubeconfig: adminKubeconfig(), context: env.context }));
    const { id } = (await created.json()) as { id: string };
    const started = await clusterRuns.POST(post({ plan: { mode: "platform", namespace: "dt-export-route" } }), ctx(id));
    const { runId } = (await started.json()) as { runId: string };
    await waitForRun(runId);
    const r = (await (await run.GET(get(), ctx(runId))).json()).run;
    const manual = r.checks.find((c: { status: string }) => c.status === "manual");
    expect((await attestations.POST(post({ checkId: manual.id, by: "Ana Platform", note: "checked with the tenant admin" }), ctx(runId))).status).toBe(200);

    const md = await markdown.GET(get(), ctx(runId));
    expect(md.status).toBe(200);
    expect(md.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(md.headers.get("content-disposition")).toBe(`attachment; filename="dtready-aks-exports-westeurope-${runId}.md"`);
    const mdText = await md.text();
    expect(mdText).toContain("# Dynatrace Operator readiness: AKS Exports (westeurope)");
    expect(mdText).toContain("| Namespace | `dt-export-route` |");
    expect(mdText).toContain("> Attested by Ana Platform at ");
    expect(mdText).not.toContain(env.token);

    const xml = await junit.GET(get(), ctx(runId));
    expect(xml.status).toBe(200);
    expect(xml.headers.get("content-disposition")).toBe(`attachment; filename="dtready-aks-exports-westeurope-${runId}.junit.xml"`);
    const xmlText = await xml.text();
    const file = path.join(env.dir, "report.xml");
    writeFileSync(file, xmlText);
    execFileSync("xmllint", ["--noout", "--schema", path.join(process.cwd(), "test/schemas/junit.xsd"), file], { stdio: "pipe" });
    // The attested manual item is no longer skipped: it passed.
    expect(xmlText).toMatch(new RegExp(`classname="${manual.id.replace(/\./g, "\\.")}" time="[\\d.]+"/>`));
    expect(xmlText).not.toContain(env.token);

    const sf = await sarif.GET(get(), ctx(runId));
    expect(sf.status).toBe(200);
    expect(sf.headers.get("content-type")).toBe("application/sarif+json; charset=utf-8");
    expect(sf.headers.get("content-disposition")).toBe(`attachment; filename="dtready-aks-exports-westeurope-${runId}.sarif"`);
    const sfText = await sf.text();
    const schema = JSON.parse(readFileSync(path.join(process.cwd(), "node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"), "utf8"));
    expect(validateAgainstSchema(schema, JSON.parse(sfText))).toEqual([]);
    expect(sfText).not.toContain(env.token);

    for (const route of [markdown, junit, sarif]) expect((await route.GET(get(), ctx("missing"))).status).toBe(404);
  });
});
