// K8S-14: ResourceQuotas and LimitRanges in the operator's namespace. A quota that cannot hold the operator,
// two webhooks (and the ActiveGate, and one CSI/OneAgent pod per node) makes the API server reject pods; a
// LimitRange can reject them too, or cap the CSI provisioner that the chart deliberately leaves without limits.
import type { LimitRangeFact, QuotaFact } from "@/lib/collect/kubernetes/namespace-quotas";
import { bytes, count, cpuMillis, formatBytes, formatCpu } from "@/lib/collect/kubernetes/quantity";
import {
  CSI_DRIVER,
  ONEAGENT,
  plannedComponents,
  podLimits,
  podRequests,
  type ContainerSpec,
  type OperatorComponent,
} from "@/lib/data/operator-components";
import { defineCheck } from "@/lib/engine/check";
import type { Evidence, Status } from "@/lib/engine/types";
import { DOCS } from "../sections";
import { whyNotOn } from "./node-placement";

type Dimension = "requests.cpu" | "requests.memory" | "limits.cpu" | "limits.memory" | "pods";
type Totals = Record<Dimension, number>;

const DIMENSIONS: { key: Dimension; aliases: string[]; parse: (q: string) => number | undefined; show: (n: number) => string }[] = [
  { key: "requests.cpu", aliases: ["requests.cpu", "cpu"], parse: cpuMillis, show: formatCpu },
  { key: "requests.memory", aliases: ["requests.memory", "memory"], parse: bytes, show: formatBytes },
  { key: "limits.cpu", aliases: ["limits.cpu"], parse: cpuMillis, show: formatCpu },
  { key: "limits.memory", aliases: ["limits.memory"], parse: bytes, show: formatBytes },
  { key: "pods", aliases: ["pods", "count/pods"], parse: count, show: (n) => String(n) },
];

function zero(): Totals {
  return { "requests.cpu": 0, "requests.memory": 0, "limits.cpu": 0, "limits.memory": 0, pods: 0 };
}

/** Default container limits a LimitRange applies to containers that set none (the CSI provisioner). */
function defaultLimits(ranges: LimitRangeFact[]): { cpuMillis?: number; memoryBytes?: number; from?: string } {
  for (const lr of ranges) {
    for (const item of lr.limits) {
      if (item.type !== "Container") continue;
      // Without a default, the LimitRanger uses max as the default limit.
      const cpu = item.default?.["cpu"] ?? item.max?.["cpu"];
      const memory = item.default?.["memory"] ?? item.max?.["memory"];
      if (cpu === undefined && memory === undefined) continue;
      return { cpuMillis: cpuMillis(cpu), memoryBytes: bytes(memory), from: lr.name };
    }
  }
  return {};
}

function add(t: Totals, c: OperatorComponent, pods: number, defaults: ReturnType<typeof defaultLimits>): void {
  const req = podRequests(c);
  const lim = podLimits(c);
  const limitOf = (x: ContainerSpec, k: "cpuMillis" | "memoryBytes") => x.limits?.[k] ?? defaults[k] ?? 0;
  const main = c.containers.filter((x) => !x.init);
  t["requests.cpu"] += req.cpuMillis * pods;
  t["requests.memory"] += req.memoryBytes * pods;
  t["limits.cpu"] += (lim.cpuMillis ?? main.reduce((n, x) => n + limitOf(x, "cpuMillis"), 0)) * pods;
  t["limits.memory"] += (lim.memoryBytes ?? main.reduce((n, x) => n + limitOf(x, "memoryBytes"), 0)) * pods;
  t.pods += pods;
}

function available(q: QuotaFact): Partial<Totals> {
  const out: Partial<Totals> = {};
  for (const d of DIMENSIONS) {
    const alias = d.aliases.find((a) => q.hard[a] !== undefined);
    if (!alias) continue;
    const hard = d.parse(q.hard[alias]!);
    const used = d.parse(q.used[alias] ?? "0") ?? 0;
    if (hard !== undefined) out[d.key] = Math.min(out[d.key] ?? Infinity, hard - used);
  }
  return out;
}

function over(avail: Partial<Totals>, need: Totals): string[] {
  return DIMENSIONS.filter((d) => avail[d.key] !== undefined && need[d.key] > avail[d.key]!).map(
    (d) => `${d.key} (needs ${d.show(need[d.key])}, ${d.show(Math.max(0, avail[d.key]!))} left)`,
  );
}

interface Finding {
  text: string;
  /** fail: the LimitRanger rejects the pod (its own evidence predicts a rejection); warn: it is admitted, capped. */
  status: "fail" | "warn";
}

/** LimitRange findings per container: a max or min the chart's values violate, or a default limit capping a container without one. */
function limitRangeFindings(ranges: LimitRangeFact[], components: OperatorComponent[]): Finding[] {
  const out: Finding[] = [];
  const reject = (text: string) => out.push({ text: `${text}; the pod will be rejected`, status: "fail" });
  for (const lr of ranges) {
    for (const item of lr.limits) {
      if (item.type === "Container") {
        for (const c of components) {
          for (const x of c.containers) {
            const who = `${c.workload}/${x.name}`;
            for (const [res, parse, show, k] of [
              ["cpu", cpuMillis, formatCpu, "cpuMillis"],
              ["memory", bytes, formatBytes, "memoryBytes"],
            ] as const) {
              const max = item.max?.[res] !== undefined ? parse(item.max[res]) : undefined;
              const min = item.min?.[res] !== undefined ? parse(item.min[res]) : undefined;
              // Without a default, the LimitRanger uses max as the default limit.
              const def = item.default?.[res] !== undefined ? parse(item.default[res]) : max;
              const limit = x.limits?.[k];
              if (max !== undefined && (limit ?? def ?? x.requests[k]) > max) {
                reject(`LimitRange ${lr.name}: max ${res} ${show(max)} is below ${who}'s ${limit !== undefined ? "limit" : "need"} ${show(limit ?? x.requests[k])}`);
              }
              if (min !== undefined && x.requests[k] < min) {
                reject(`LimitRange ${lr.name}: min ${res} ${show(min)} is above ${who}'s request ${show(x.requests[k])}`);
              }
              if (limit === undefined && def !== undefined) {
                // The API server answers such a Pod with 422 Invalid (limit below request after defaulting).
                if (def < x.requests[k]) reject(`LimitRange ${lr.name}: default ${res} limit ${show(def)} is below ${who}'s request ${show(x.requests[k])}`);
                else out.push({ text: `LimitRange ${lr.name}: default ${res} limit ${show(def)} will cap ${who}, which the chart leaves unlimited (unpacking code modules under a low memory limit gets OOMKilled)`, status: "warn" });
              }
            }
          }
        }
      }
      if (item.type === "Pod") {
        for (const c of components) {
          const lim = podLimits(c);
          const maxCpu = item.max?.["cpu"] !== undefined ? cpuMillis(item.max["cpu"]) : undefined;
          const maxMem = item.max?.["memory"] !== undefined ? bytes(item.max["memory"]) : undefined;
          // The LimitRanger rejects a Pod whose containers' limits add up above the Pod max.
          if (maxCpu !== undefined && lim.cpuMillis !== undefined && lim.cpuMillis > maxCpu) reject(`LimitRange ${lr.name}: pod max cpu ${formatCpu(maxCpu)} is below ${c.workload}'s ${formatCpu(lim.cpuMillis)}`);
          if (maxMem !== undefined && lim.memoryBytes !== undefined && lim.memoryBytes > maxMem) reject(`LimitRange ${lr.name}: pod max memory ${formatBytes(maxMem)} is below ${c.workload}'s ${formatBytes(lim.memoryBytes)}`);
        }
      }
    }
  }
  const seen = new Set<string>();
  return out.filter((f) => !seen.has(f.text) && !!seen.add(f.text));
}

export const namespaceQuota = defineCheck({
  id: "k8s.namespace-quota",
  title: "Resource quotas and limit ranges leave room for the operator",
  section: "resources",
  severity: "blocking",
  checklistItem: "resource-limits",
  docs: [DOCS.components],
  needs: ["k8s.namespace", "k8s.namespaceQuotas", "k8s.nodes"],
  evaluate(facts, { plan, target }) {
    const ns = facts.get("k8s.namespace");
    const ctx = `kubectl --context ${target.context} -n ${plan.namespace}`;
    if (!ns.exists) {
      return {
        status: "pass",
        summary: `Namespace ${plan.namespace} does not exist yet, so no ResourceQuota or LimitRange applies to it.`,
        evidence: [{ label: "Namespace", value: `${plan.namespace} (absent; Helm --create-namespace creates it without quotas)` }],
      };
    }
    const { quotas, limitRanges } = facts.get("k8s.namespaceQuotas");
    const components = plannedComponents(plan);
    const defaults = defaultLimits(limitRanges);

    // Per-node pods need the node list; without it the quota is judged on the single-replica components alone.
    const nodesResult = facts.result("k8s.nodes");
    const core = zero();
    const all = zero();
    const perNodeCounts: string[] = [];
    for (const c of components) {
      if (!c.perNode) {
        add(core, c, c.replicas, defaults);
        add(all, c, c.replicas, defaults);
      } else if (nodesResult.ok) {
        const n = nodesResult.value.filter((node) => !whyNotOn(node, c)).length;
        add(all, c, n, defaults);
        perNodeCounts.push(`${c.workload} ×${n}`);
      }
    }

    const evidence: Evidence[] = [
      {
        label: "Pods to admit",
        value: components
          .filter((c) => !c.perNode)
          .map((c) => `${c.workload}${c.replicas > 1 ? ` ×${c.replicas}` : ""}`)
          .concat(perNodeCounts)
          .join(", "),
        detail: nodesResult.ok ? undefined : `Per-node pods not counted: the node list could not be read (${nodesResult.error.message}).`,
      },
    ];
    let status: Status = "pass";
    const findings: string[] = [];
    const bump = (s: Status) => {
      if (s === "fail" || (s === "warn" && status === "pass")) status = s;
    };

    for (const q of quotas) {
      const hard = Object.entries(q.hard)
        .map(([k, v]) => `${k}: ${q.used[k] ?? "0"}/${v}`)
        .join(", ");
      if (q.scoped) {
        evidence.push({ label: `ResourceQuota ${q.name}`, value: hard, detail: `Scoped (${q.scopes.join(", ") || "scopeSelector"}): not evaluated; check whether the operator's pods match its scope.` });
        continue;
      }
      const avail = available(q);
      const coreOver = over(avail, core);
      const allOver = over(avail, all);
      evidence.push({ label: `ResourceQuota ${q.name} (used/hard)`, value: hard });
      if (coreOver.length) {
        bump("fail");
        findings.push(`ResourceQuota ${q.name} cannot fit the operator, webhooks${components.some((c) => c.id === "activegate") ? " and ActiveGate" : ""}: ${coreOver.join("; ")}`);
      } else if (allOver.length) {
        bump("fail");
        findings.push(`ResourceQuota ${q.name} cannot fit the per-node pods (${perNodeCounts.join(", ")}): ${allOver.join("; ")}`);
      }
      // A quota on limits makes the API server reject containers without limits unless a LimitRange supplies one.
      const tracksLimits = ["limits.cpu", "limits.memory"].filter((k) => q.hard[k] !== undefined);
      const provisionerUnlimited = components.includes(CSI_DRIVER) && tracksLimits.some((k) => (k === "limits.cpu" ? defaults.cpuMillis : defaults.memoryBytes) === undefined);
      if (provisionerUnlimited) {
        bump("fail");
        findings.push(`ResourceQuota ${q.name} tracks ${tracksLimits.join(" and ")} but the CSI provisioner container has no limits and no LimitRange default supplies them: its pods will be rejected`);
      }
    }

    const quotaFailed = (status as Status) === "fail";
    const lrFindings = limitRangeFindings(limitRanges, components);
    for (const lr of limitRanges) {
      evidence.push({
        label: `LimitRange ${lr.name}`,
        value: lr.limits
          .map((l) => [l.type, l.default && `default ${JSON.stringify(l.default)}`, l.max && `max ${JSON.stringify(l.max)}`, l.min && `min ${JSON.stringify(l.min)}`].filter(Boolean).join(" "))
          .join("; "),
      });
    }
    // Rejections first, so the summary leads with what breaks the install.
    for (const f of [...lrFindings.filter((x) => x.status === "fail"), ...lrFindings.filter((x) => x.status === "warn")]) {
      bump(f.status);
      findings.push(f.text);
    }
    if (components.includes(ONEAGENT)) evidence.push({ label: "OneAgent figures", value: "planning values", detail: ONEAGENT.source });

    if (quotas.length === 0 && limitRanges.length === 0) {
      return { status: "pass", summary: `Namespace ${plan.namespace} has no ResourceQuota or LimitRange.`, evidence };
    }
    if (status === "pass") {
      return { status, summary: `The quotas and limit ranges in ${plan.namespace} leave room for the operator's pods.`, evidence };
    }
    evidence.push(...findings.map((f, i) => ({ label: `Finding ${i + 1}`, value: f })));
    return {
      status,
      summary: findings[0]! + (findings.length > 1 ? ` (and ${findings.length - 1} more)` : "") + ".",
      evidence,
      remediation: {
        text: [
          quotaFailed ? `Raise the ResourceQuota in ${plan.namespace} (or remove it for the operator's namespace) so that the operator's pods are admitted; the numbers above are what they request.` : "",
          lrFindings.length
            ? `Align the LimitRange in ${plan.namespace} with the operator's components (a LimitRange applies to every pod in the namespace), or set explicit resources for them in the Helm values and the DynaKube (csidriver.*.resources, activeGate.resources).`
            : "",
        ]
          .filter(Boolean)
          .join(" "),
        commands: [`${ctx} describe resourcequota`, `${ctx} describe limitrange`],
      },
    };
  },
});
