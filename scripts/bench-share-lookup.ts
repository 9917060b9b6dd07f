// npm run bench:share [-- --links 1000 --iterations 2000 --keep]
// Does the answer to a share-link token take the same time however close a guess is? Fills a fresh SQLite data
// directory with one finished run and --links share links, then times, interleaved so drift hits every variant
// alike: the real GET /api/share/:token handler and the token lookup alone, for a valid token, a random
// well-formed token, the valid token with its last or first character altered, and a malformed token.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import * as sharedRoute from "@/app/api/share/[token]/route";
import { closeDb, db } from "@/lib/db/client";
import { createCluster } from "@/lib/db/clusters";
import { createRun, finishRun } from "@/lib/db/run-writes";
import { createShareLink, lookupShareToken, newShareToken } from "@/lib/db/share-links";
import { sampleReport } from "@/lib/report/fixtures";

const { values } = parseArgs({
  options: {
    links: { type: "string", default: "1000" },
    iterations: { type: "string", default: "2000" },
    keep: { type: "boolean", default: false },
  },
});
const positiveInt = (flag: string, v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${flag} must be a positive integer, got ${v}`);
  return n;
};
const LINKS = positiveInt("links", values.links);
const ITERATIONS = positiveInt("iterations", values.iterations);
const WARMUP = 200;

const dataDir = mkdtempSync(path.join(tmpdir(), "dtready-bench-share-"));
process.env.DTREADY_DATA_DIR = dataDir;
process.env.DTREADY_LOG = "off";
delete process.env.DATABASE_URL;
delete process.env.DTREADY_SECRET_KEY;

// A static-token kubeconfig: the cluster is never contacted, the run is finished from canned facts.
const KUBECONFIG = `apiVersion: v1
kind: Config
clusters: [{name: bench, cluster: {server: "https://bench.example.com"}}]
users: [{name: u, user: {token: bench-not-a-secret}}]
contexts: [{name: bench, context: {cluster: bench, user: u}}]
current-context: bench
`;

const swap = (c: string) => (c === "A" ? "B" : "A");

async function setup(): Promise<string> {
  const { id: clusterId } = await createCluster({ name: "bench-share", kubeconfig: KUBECONFIG, context: "bench" });
  const report = await sampleReport();
  const runId = await createRun({ clusterId, plan: report.plan, target: report.target });
  await finishRun(runId, { report, facts: new Map(), stats: { requests: 1, factsCollected: 1, factsFailed: 0 } });
  let valid = "";
  for (let i = 0; i < LINKS; i++) {
    const link = await createShareLink(runId, { label: `link ${i}` });
    if (i === Math.floor(LINKS / 2)) valid = link.token;
  }
  return valid;
}

function stats(samples: number[]): { medianUs: number; p95Us: number; minUs: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const us = (ms: number) => Math.round(ms * 1000);
  return { medianUs: us(at(0.5)), p95Us: us(at(0.95)), minUs: us(sorted[0]!) };
}

function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

async function timeVariants(variants: Record<string, string>, call: (token: string) => Promise<unknown>): Promise<Record<string, number[]>> {
  const names = Object.keys(variants);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < WARMUP + ITERATIONS; i++) {
    // A fresh random order each round: a rotation keeps each variant behind the same one (the valid token's heavy
    // answer slowed whichever variant came right after it), a shuffle spreads that over all of them.
    for (const name of shuffled(names)) {
      const t = performance.now();
      await call(variants[name]!);
      const ms = performance.now() - t;
      if (i >= WARMUP) samples[name]!.push(ms);
    }
  }
  return samples;
}

try {
  const t0 = performance.now();
  const valid = await setup();
  const setupMs = Math.round(performance.now() - t0);
  const variants: Record<string, string> = {
    "valid token": valid,
    "random well-formed token": newShareToken(),
    "valid, last char altered": valid.slice(0, -1) + swap(valid.at(-1)!),
    "valid, first char altered": swap(valid[0]!) + valid.slice(1),
    "malformed (not base64url)": "%%% not a token! <script>",
  };
  const request = new Request("http://127.0.0.1/api/share/x");
  const statuses: Record<string, number> = {};
  for (const [name, token] of Object.entries(variants)) {
    statuses[name] = (await sharedRoute.GET(request, { params: Promise.resolve({ token }) })).status;
  }
  const route = await timeVariants(variants, async (token) => {
    const res = await sharedRoute.GET(request, { params: Promise.resolve({ token }) });
    await res.arrayBuffer();
  });
  const lookup = await timeVariants(variants, (token) => lookupShareToken(token));

  console.log(`share links stored: ${await db().shareLink.count()} (setup ${setupMs} ms); ${ITERATIONS} timed calls per variant after ${WARMUP} warm-up`);
  const rows = Object.keys(variants).map((name) => ({
    variant: name,
    status: statuses[name],
    ...Object.fromEntries(Object.entries(stats(route[name]!)).map(([k, v]) => [`GET ${k}`, v])),
    ...Object.fromEntries(Object.entries(stats(lookup[name]!)).map(([k, v]) => [`lookup ${k}`, v])),
  }));
  console.table(rows);
  console.log("times in microseconds; GET = the route handler with its whole answer, lookup = hash + indexed query + constant-time compare");
} finally {
  await closeDb();
  if (values.keep) console.log(`data kept in ${dataDir}`);
  else rmSync(dataDir, { recursive: true, force: true });
}
