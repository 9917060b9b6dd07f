// npm run bench:history [-- --runs 10000 --iterations 200 --facts-kb 80 --keep]
// Fills a fresh SQLite data directory with one kubeconfig cluster and --runs finished runs of realistic size
// (every check of the registry with evidence and remediation, the progress events a run stores, redacted facts,
// attestations on some runs), then times the real route handlers in-process: the cluster page's history, run
// comparisons near the newest and the oldest runs, one run, and its JSON report. Prints the database size per run.
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import * as clusterRoute from "@/app/api/clusters/[id]/route";
import * as runRoute from "@/app/api/runs/[id]/route";
import * as approvalRoute from "@/app/api/runs/[id]/approval/route";
import * as compareRoute from "@/app/api/runs/[id]/compare/route";
import * as reportRoute from "@/app/api/runs/[id]/report.json/route";
import { CHECKS } from "@/lib/checks/registry";
import { COLLECTORS } from "@/lib/collect/registry";
import { createCluster } from "@/lib/db/clusters";
import { closeDb, db } from "@/lib/db/client";
import { databaseFile } from "@/lib/db/location";
import { ensureDatabase } from "@/lib/db/migrate";
import { checkResultRow } from "@/lib/db/run-writes";
import { reportsOf } from "@/lib/db/run-reports";
import { reportHash } from "@/lib/report/report-hash";
import { createWaiver } from "@/lib/db/waivers";
import { isManual } from "@/lib/engine/check";
import { parsePlan } from "@/lib/engine/plan";
import type { Attestation, CheckResult, ProgressEvent, Status, Target } from "@/lib/engine/types";
import { applyAttestations, countByStatus, verdictOf } from "@/lib/engine/verdict";
import type { Prisma } from "@/lib/generated/prisma/client";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "10000" },
    iterations: { type: "string", default: "200" },
    "facts-kb": { type: "string", default: "80" },
    batch: { type: "string", default: "250" },
    keep: { type: "boolean", default: false },
  },
});
const positiveInt = (flag: string, v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${flag} must be a positive integer, got ${v}`);
  return n;
};
const RUNS = positiveInt("runs", values.runs);
const ITERATIONS = positiveInt("iterations", values.iterations);
const FACTS_BYTES = positiveInt("facts-kb", values["facts-kb"]) * 1024;
const BATCH = positiveInt("batch", values.batch);
const BUDGET_MS = 50;
const WARMUP = 20;
if (RUNS < 24) throw new Error("--runs must be at least 24 (the comparisons use the 12 newest and the 12 oldest)");

const dataDir = mkdtempSync(path.join(tmpdir(), "dtready-bench-history-"));
process.env.DTREADY_DATA_DIR = dataDir;
process.env.DTREADY_LOG = "off";
delete process.env.DATABASE_URL;
delete process.env.DTREADY_SECRET_KEY;

// Deterministic, so two runs of the benchmark store the same data.
let seed = 0x6d2b79f5;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** A cuid-sized id (25 characters), as Prisma's default would make. */
const newId = () => `c${Date.now().toString(36)}${randomBytes(8).toString("hex")}`.slice(0, 25);

const NODES = Array.from({ length: 6 }, (_, i) => `aks-${i < 2 ? "system" : "user"}-${String(31000000 + i * 7).slice(0, 8)}-vmss00000${i}`);

// Sentences of the length real checks write (a real run's 36 results hold ~31 KB of text: ~870 bytes each).
function evidenceFor(checkId: string, status: Status): CheckResult["evidence"] {
  if (status === "manual" || status === "not-applicable") return [];
  const rows: CheckResult["evidence"] = [
    { label: "Checked", value: `${NODES.length} nodes, namespace dynatrace` },
    { label: "Source", value: `GET /api/v1/nodes, GET /apis/authorization.k8s.io/v1 (${checkId})` },
  ];
  if (status === "pass") return rows;
  const affected = NODES.filter(() => random() < 0.5);
  rows.push(
    { label: "Affected", value: `${affected.length || 1} of ${NODES.length} nodes`, detail: (affected.length ? affected : NODES.slice(0, 1)).join(", ") },
    {
      label: "Found",
      value: status === "unknown" ? "the answer could not be read" : `${Math.floor(random() * 900 + 100)}m CPU and ${Math.floor(random() * 1800 + 200)} Mi memory free`,
      detail: "allocatable minus the requests of the pods already scheduled on the node, compared with what the operator's DaemonSet and webhook request",
    },
  );
  if (random() < 0.5) rows.push({ label: "Policy", value: "deny-privileged (Gatekeeper)", detail: "constraint K8sPSPPrivilegedContainer matches namespace dynatrace" });
  return rows;
}

function remediationFor(check: (typeof CHECKS)[number], status: Status): CheckResult["remediation"] {
  if (status === "pass" || status === "not-applicable") return { text: "", commands: [], docs: check.docs };
  return {
    text:
      `Give the operator's components room before installing: free capacity on the listed nodes, or schedule the ` +
      `components elsewhere with a node selector and tolerations in the DynaKube. ${check.title} is re-evaluated on the ` +
      `next run; if the cluster autoscaler adds nodes, re-run after it settled. Keep the token in an environment ` +
      `variable, never on the command line history.`,
    commands: [
      "kubectl describe nodes | grep -A 8 'Allocated resources'",
      `kubectl get pods -A -o wide --field-selector spec.nodeName=${NODES[0]}`,
    ],
    docs: check.docs,
  };
}

/** Every check of the registry, with a status that drifts between runs so comparisons find differences. */
function checksOfRun(): CheckResult[] {
  return CHECKS.map((check) => {
    let status: Status;
    let reason: string | undefined;
    if (isManual(check)) status = "manual";
    else if (check.id.startsWith("az.") || check.id.startsWith("dt.") || check.id === "k8s.in-cluster-egress") {
      status = "not-applicable";
      reason = check.id.startsWith("az.") ? "The cluster is not an AKS cluster found through an Azure connection." : "No Dynatrace tenant is connected to this run.";
    } else {
      const r = random();
      status = r < 0.78 ? "pass" : r < 0.9 ? "warn" : r < 0.96 ? "fail" : "unknown";
      if (status === "unknown") reason = "GET /api/v1/nodes: forbidden (403): the identity may not list nodes.";
    }
    const summary =
      status === "pass"
        ? `${check.title}: every node and the namespace meet what the operator release needs.`
        : status === "manual"
          ? `Confirm by hand: ${check.title.toLowerCase()}. The dashboard cannot verify this from the cluster.`
          : (reason ?? `${check.title}: ${status === "fail" ? "blocks" : "may affect"} the installation on some nodes; see the evidence.`);
    return {
      id: check.id,
      title: check.title,
      section: check.section,
      status,
      severity: check.severity,
      summary,
      evidence: evidenceFor(check.id, status),
      remediation: remediationFor(check, status),
      durationMs: Math.round(random() * 400) / 10,
      ...(reason ? { reason } : {}),
      ...(check.checklistItem ? { checklistItem: check.checklistItem } : {}),
    };
  });
}

/** The stored progress stream: planned, each collector started and finished, each check finished, finished. */
function eventsOfRun(checks: CheckResult[], verdict: string, durationMs: number): ProgressEvent[] {
  const collectors = COLLECTORS.map((c) => c.id);
  return [
    { type: "planned", checks: checks.map((c) => ({ id: c.id, title: c.title, section: c.section })), collectors },
    ...collectors.map((collector): ProgressEvent => ({ type: "collector-started", collector })),
    ...collectors.map((collector): ProgressEvent => ({ type: "collector-finished", collector, ok: random() > 0.05, durationMs: Math.round(random() * 900) })),
    ...checks.map((c): ProgressEvent => ({ type: "check-finished", id: c.id, status: c.status })),
    { type: "finished", verdict: verdict as never, durationMs },
  ];
}

/**
 * Redacted facts shaped like a real run's (nodes, namespaces, access reviews, identity, webhooks...). The default
 * 80 KB is what a finished run against the test cluster stored (k8s.namespaces 37 KB, k8s.accessReviews 20 KB,
 * k8s.identity 11 KB, k8s.nodes 3 KB); a cluster with many namespaces stores more.
 */
function factsTemplate(targetBytes: number): Record<string, unknown> {
  const ok = (collector: string, value: unknown, requests: string[]) => ({ ok: true, value, source: { collector, requests }, durationMs: 42 });
  const nodes = NODES.map((name, i) => ({
    name,
    labels: { agentpool: i < 2 ? "system" : "user", "kubernetes.io/arch": "amd64", "kubernetes.io/os": "linux", "node.kubernetes.io/instance-type": "Standard_D4s_v5", "topology.kubernetes.io/zone": `westeurope-${(i % 3) + 1}` },
    arch: "amd64",
    os: "linux",
    pool: i < 2 ? "system" : "user",
    taints: i < 2 ? [{ key: "CriticalAddonsOnly", value: "true", effect: "NoSchedule" }] : [],
    allocatable: { cpuMillis: 3860, memoryBytes: 13958643712, ephemeralStorageBytes: 126701535232, pods: 110 },
    containerRuntime: "containerd://1.7.27-1",
    kubeletVersion: "v1.33.3",
    ready: true,
    unschedulable: false,
  }));
  const verbs = ["create", "get", "list", "watch", "update", "patch", "delete"];
  const resources = ["namespaces", "customresourcedefinitions", "clusterroles", "clusterrolebindings", "mutatingwebhookconfigurations", "validatingwebhookconfigurations", "deployments", "daemonsets", "secrets", "serviceaccounts", "services", "configmaps", "roles", "rolebindings", "dynakubes", "edgeconnects", "csidrivers"];
  const accessReviews = resources.flatMap((resource) => verbs.map((verb) => ({ verb, resource, group: resource.endsWith("s") ? "" : "apps", namespace: "dynatrace", allowed: true, reason: "" })));
  const facts: Record<string, unknown> = {
    "k8s.version": ok("kubernetes.version", { gitVersion: "v1.33.3", major: "1", minor: "33", platform: "linux/amd64" }, ["GET /version"]),
    "k8s.nodes": ok("kubernetes.nodes", nodes, ["GET /api/v1/nodes?limit=500"]),
    "k8s.namespace": ok("kubernetes.namespace", { name: "dynatrace", exists: true, labels: { "pod-security.kubernetes.io/enforce": "privileged" } }, ["GET /api/v1/namespaces/dynatrace"]),
    "k8s.accessReviews": ok("kubernetes.access-reviews", accessReviews, ["POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews"]),
    "k8s.identity": ok("kubernetes.access-reviews", { username: "system:serviceaccount:ops:dtready", groups: ["system:serviceaccounts", "system:serviceaccounts:ops", "system:authenticated"], rules: accessReviews.slice(0, 40) }, ["POST /apis/authentication.k8s.io/v1/selfsubjectreviews"]),
    "k8s.webhooks": ok("kubernetes.webhooks", [{ name: "gatekeeper-validating-webhook-configuration", kind: "validating", failurePolicy: "Ignore", namespaces: "all" }], ["GET /apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations"]),
    "k8s.podRequestsByNode": ok("kubernetes.pods", Object.fromEntries(NODES.map((n) => [n, { cpuMillis: 1450, memoryBytes: 2147483648, pods: 23 }])), ["GET /api/v1/pods?limit=500"]),
    "net.proxyEnvironment": ok("network.proxy-environment", { httpsProxy: null, noProxy: null }, []),
  };
  const namespaces: unknown[] = [];
  facts["k8s.namespaces"] = ok("kubernetes.namespaces", namespaces, ["GET /api/v1/namespaces?limit=500"]);
  for (let i = 0; JSON.stringify(facts).length < targetBytes; i++) {
    namespaces.push({ name: `team-${i}-workloads`, labels: { "kubernetes.io/metadata.name": `team-${i}-workloads`, "app.kubernetes.io/part-of": `service-${i % 17}`, owner: `squad-${i % 9}` }, injected: i % 3 !== 0, pods: (i * 7) % 40 });
  }
  return facts;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const request = (url: string) => new Request(`http://127.0.0.1${url}`);
const ctx = (id: string) => ({ params: Promise.resolve({ id }) });

interface Timing {
  name: string;
  median: number;
  p95: number;
  max: number;
  bytes: number;
  budget: boolean;
}

/** Calls the handler WARMUP times, then ITERATIONS times, timing each call including reading the body. */
async function measure(name: string, budget: boolean, call: (i: number) => Promise<Response>): Promise<Timing> {
  let bytes = 0;
  const once = async (i: number) => {
    const res = await call(i);
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${name}: HTTP ${res.status}: ${body.slice(0, 300)}`);
    bytes = body.length;
  };
  for (let i = 0; i < WARMUP; i++) await once(i);
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const t = performance.now();
    await once(i);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { name, median: percentile(times, 50), p95: percentile(times, 95), max: times.at(-1)!, bytes, budget };
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

async function main() {
  ensureDatabase();
  const kubeconfig = `apiVersion: v1
kind: Config
clusters: [{name: aks-prod, cluster: {server: "https://aks-prod-dns-4f2a1b.hcp.westeurope.azmk8s.io:443"}}]
users: [{name: bench, user: {token: "bench-token-not-a-secret-0123456789abcdef"}}]
contexts: [{name: aks-prod, context: {cluster: aks-prod, user: bench}}]
current-context: aks-prod
`;
  const { id: clusterId } = await createCluster({ name: "aks-prod", kubeconfig, context: "aks-prod" });
  const target: Target = { kind: "kubeconfig", clusterId, name: "aks-prod", context: "aks-prod", server: "https://aks-prod-dns-4f2a1b.hcp.westeurope.azmk8s.io:443" };
  const targetJson = JSON.stringify(target);
  const plans = [parsePlan({ mode: "full-stack" }), parsePlan({ mode: "application" }), parsePlan({ mode: "platform" })].map((p) => JSON.stringify(p));
  const facts = factsTemplate(FACTS_BYTES);
  const factsBytes = JSON.stringify(facts).length;
  console.log(`history: 1 cluster, ${RUNS.toLocaleString("en")} finished runs, ${CHECKS.length} checks and ${COLLECTORS.length} collectors each, factsJson ${kb(factsBytes)} per run`);
  console.log(`data dir ${dataDir}`);

  // Oldest first, one run every 53 minutes up to an hour ago (10,000 runs span about a year).
  const now = Date.now();
  const runIds: string[] = []; // oldest first
  let checkBytes = 0;
  let eventBytes = 0;
  let attestationCount = 0;
  const insertStart = performance.now();
  for (let from = 0; from < RUNS; from += BATCH) {
    const runRows: Prisma.RunCreateManyInput[] = [];
    const checkRows: Prisma.CheckResultCreateManyInput[] = [];
    const eventRows: Prisma.RunEventCreateManyInput[] = [];
    const attestationRows: Prisma.AttestationCreateManyInput[] = [];
    for (let i = from; i < Math.min(RUNS, from + BATCH); i++) {
      const id = newId();
      runIds.push(id);
      const startedAt = new Date(now - 3_600_000 - (RUNS - 1 - i) * 53 * 60_000);
      const durationMs = 1200 + Math.floor(random() * 2800);
      const raw = checksOfRun();
      // Some runs have manual items attested by a person, as the run page allows.
      const attestations: Attestation[] =
        random() < 0.25
          ? raw
              .filter((c) => c.status === "manual" && random() < 0.6)
              .map((c) => ({ checkId: c.id, by: pick(["Dana Ops", "Sam Platform", "Kim Security"]), note: "Confirmed with the network team; ticket OPS-4821.", at: new Date(startedAt.getTime() + 3_600_000).toISOString() }))
          : [];
      const checks = applyAttestations(raw, attestations);
      const verdict = verdictOf(checks);
      runRows.push({
        id,
        clusterId,
        status: "finished",
        verdict,
        planJson: i % 10 === 9 ? plans[1 + (i % 2)]! : plans[0]!,
        targetJson,
        factsJson: JSON.stringify({ ...facts, "k8s.version": { ...(facts["k8s.version"] as object), durationMs: Math.floor(random() * 80) } }),
        countsJson: JSON.stringify(countByStatus(checks)),
        startedAt,
        finishedAt: new Date(startedAt.getTime() + durationMs),
        durationMs,
      });
      raw.forEach((c, position) => {
        const row = checkResultRow(id, c, position);
        checkBytes += row.title.length + row.summary.length + row.evidenceJson.length + row.remediationJson.length + (row.reason?.length ?? 0);
        checkRows.push(row);
      });
      eventsOfRun(raw, verdictOf(raw), durationMs).forEach((e, seq) => {
        const payload = JSON.stringify(e);
        eventBytes += payload.length;
        eventRows.push({ runId: id, seq, payload });
      });
      for (const a of attestations) attestationRows.push({ runId: id, checkId: a.checkId, by: a.by, note: a.note, at: new Date(a.at) });
      attestationCount += attestations.length;
    }
    await db().$transaction([
      db().run.createMany({ data: runRows }),
      db().checkResult.createMany({ data: checkRows }),
      db().runEvent.createMany({ data: eventRows }),
      db().attestation.createMany({ data: attestationRows }),
    ]);
    if (runIds.length % 2000 === 0) console.log(`  inserted ${runIds.length.toLocaleString("en")} runs`);
  }
  const insertMs = performance.now() - insertStart;
  console.log(
    `insert: ${(insertMs / 1000).toFixed(1)} s (${(RUNS / (insertMs / 1000)).toFixed(0)} runs/s, ${BATCH} runs per transaction); ` +
      `per run: checks ${kb(checkBytes / RUNS)} of text, events ${kb(eventBytes / RUNS)}, ${attestationCount} attestations in all`,
  );

  const newest = runIds.slice(-12).reverse();
  const oldest = runIds.slice(0, 12);

  // Accepted risks, as a team has them: every read of a run and of the history applies the active waivers. Fails
  // first, so the history's second waiver query (not-ready runs with a waived check) runs too.
  const waivable = await db().checkResult.findMany({ where: { runId: newest[0], status: { in: ["fail", "warn"] } }, orderBy: { status: "asc" }, select: { checkId: true } });
  for (const { checkId } of waivable.slice(0, 3)) {
    await createWaiver(newest[0]!, { checkId, owner: "Dana Ops", justification: "Accepted until the node pool is resized in the next maintenance window (CHG-1182).", expiresAt: new Date(Date.now() + 90 * 86_400_000).toISOString() });
  }
  console.log(`waivers: ${Math.min(3, waivable.length)} active on the cluster (${waivable.slice(0, 3).map((w) => w.checkId).join(", ")})`);
  // Decisions, as approvers make them: one on every tenth run, most on the report as it stands, some on an earlier
  // version (so the history shows "changed"). The history checks each listed decision against its run's report.
  const decided = runIds.filter((_, i) => i % 10 === 0);
  let current = 0;
  for (let i = 0; i < decided.length; i += 200) {
    const reports = await reportsOf(decided.slice(i, i + 200));
    await db().approval.createMany({
      data: [...reports].map(([runId, report], k) => {
        const fresh = (i + k) % 4 !== 0;
        if (fresh) current++;
        return { runId, decision: (i + k) % 7 === 0 ? "reject" : "approve", name: "Erin Approver", comment: "Reviewed for CAB", reportHash: fresh ? reportHash(report) : "0".repeat(64) };
      }),
    });
  }
  console.log(`approvals: ${decided.length} runs decided (${current} on the current report), 1 in 10 of the runs`);
  const timings: Timing[] = [];
  timings.push(await measure("GET /api/clusters/:id (history, 50 newest)", true, () => clusterRoute.GET(request(`/api/clusters/${clusterId}`), ctx(clusterId))));
  const comparePair = (ids: string[]) => (i: number) => {
    const k = i % (ids.length - 1);
    return compareRoute.GET(request(`/api/runs/${ids[k]}/compare?with=${ids[k + 1]}`), ctx(ids[k]!));
  };
  timings.push(await measure("GET /api/runs/:id/compare (newest pairs)", true, comparePair(newest)));
  timings.push(await measure("GET /api/runs/:id/compare (oldest pairs)", true, comparePair(oldest)));
  timings.push(
    await measure("GET /api/runs/:id/compare (newest vs oldest)", true, (i) => {
      const [a, b] = [newest[i % newest.length]!, oldest[i % oldest.length]!];
      return compareRoute.GET(request(`/api/runs/${a}/compare?with=${b}`), ctx(a));
    }),
  );
  timings.push(await measure("GET /api/runs/:id (one run, getRun)", false, (i) => runRoute.GET(request(`/api/runs/${newest[i % 12]}`), ctx(newest[i % 12]!))));
  timings.push(await measure("GET /api/runs/:id/approval (state, report hash)", false, (i) => approvalRoute.GET(request(`/api/runs/${newest[i % 12]}/approval`), ctx(newest[i % 12]!))));
  timings.push(await measure("GET /api/runs/:id/report.json", false, (i) => reportRoute.GET(request(`/api/runs/${newest[i % 12]}/report.json`), ctx(newest[i % 12]!))));

  await closeDb();
  const file = databaseFile();
  const files = readdirSync(dataDir).filter((f) => f.startsWith(path.basename(file)));
  const totalBytes = files.reduce((sum, f) => sum + statSync(path.join(dataDir, f)).size, 0);
  const sqlite = new Database(file, { readonly: true });
  const count = (table: string) => (sqlite.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
  const counts = Object.fromEntries(["Run", "CheckResult", "RunEvent", "Attestation"].map((t) => [t, count(t)]));
  let perTable: { name: string; bytes: number }[] = [];
  try {
    perTable = sqlite.prepare(`SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name ORDER BY bytes DESC LIMIT 8`).all() as typeof perTable;
  } catch {
    // dbstat is an optional SQLite module; the total is what matters
  }
  const plans2 = {
    history: `SELECT id FROM Run WHERE clusterId = ? ORDER BY startedAt DESC LIMIT 50`,
    checks: `SELECT * FROM CheckResult WHERE runId = ? ORDER BY position`,
    events: `SELECT * FROM RunEvent WHERE runId = ? ORDER BY seq`,
  };
  const explain = Object.entries(plans2).map(([name, sql]) => `${name}: ${(sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all("x") as { detail: string }[]).map((r) => r.detail).join("; ")}`);
  sqlite.close();

  console.log("");
  console.log("| request (server side, in-process) | median | p95 | max | body | budget |");
  console.log("|---|---|---|---|---|---|");
  let failed = false;
  for (const t of timings) {
    const verdict = t.budget ? (t.p95 < BUDGET_MS ? "PASS" : "FAIL") : "-";
    if (verdict === "FAIL") failed = true;
    console.log(`| ${t.name} | ${t.median.toFixed(1)} ms | ${t.p95.toFixed(1)} ms | ${t.max.toFixed(1)} ms | ${kb(t.bytes)} | ${t.budget ? `p95 < ${BUDGET_MS} ms: ${verdict}` : "-"} |`);
  }
  console.log(`(${ITERATIONS} iterations each after ${WARMUP} warm-up calls; comparisons rotate over 11 adjacent pairs / 12 pairs)`);
  // A shared machine's other work shows in the p95 and max, hardly in the median.
  console.log(`load average ${loadavg().map((l) => l.toFixed(1)).join(" ")} on ${availableParallelism()} CPUs`);
  console.log("");
  console.log(`database: ${mb(totalBytes)} (${files.join(" + ")}), ${kb(totalBytes / RUNS)} per stored run`);
  console.log(`rows: ${Object.entries(counts).map(([t, n]) => `${t} ${n.toLocaleString("en")}`).join(", ")}`);
  if (perTable.length) console.log(`largest: ${perTable.map((t) => `${t.name} ${mb(t.bytes)}`).join(", ")}`);
  for (const line of explain) console.log(`plan ${line}`);

  if (values.keep) console.log(`kept ${dataDir}`);
  else rmSync(dataDir, { recursive: true, force: true });
  if (failed) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  if (!values.keep) rmSync(dataDir, { recursive: true, force: true });
  process.exit(1);
});
