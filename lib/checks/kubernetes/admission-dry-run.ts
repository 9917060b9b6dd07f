// Admission, proven: what the API server answered to dry-run creates of the CSI driver and webhook workloads.
import { defineCheck } from "@/lib/engine/check";
import type { Evaluation, Evidence } from "@/lib/engine/types";
import type { DryRunResult } from "@/lib/collect/kubernetes/admission-dry-run";
import { DOCS } from "../sections";
import { privilegedLabelCommand } from "./namespace-pod-security";

export type RejectionKind =
  | "pod-security"
  | "quota"
  | "limit-range"
  | "webhook"
  | "webhook-error"
  | "webhook-no-dry-run"
  | "policy"
  | "rbac"
  | "namespace-missing"
  | "invalid"
  | "other";

export interface Rejection {
  kind: RejectionKind;
  /** Who rejected it: the Pod Security level, the webhook or policy name, the quota. */
  by?: string;
}

/** Tells an admission rejection from an RBAC denial by the API server's message. */
export function classifyRejection(r: Pick<DryRunResult, "statusCode" | "reason" | "message">): Rejection {
  const msg = r.message ?? "";
  let m: RegExpExecArray | null;
  if ((m = /violates PodSecurity "([^"]+)"/.exec(msg))) return { kind: "pod-security", by: m[1] };
  if ((m = /admission webhook "([^"]+)" denied the request/.exec(msg))) return { kind: "webhook", by: m[1] };
  // A webhook with sideEffects Unknown/Some cannot take part in a dry run: nothing is proven either way.
  if ((m = /admission webhook "([^"]+)" does not support dry run/.exec(msg))) return { kind: "webhook-no-dry-run", by: m[1] };
  // An unreachable or failing webhook with failurePolicy Fail rejects the real install the same way.
  if ((m = /failed calling webhook "([^"]+)"/.exec(msg))) return { kind: "webhook-error", by: m[1] };
  if ((m = /ValidatingAdmissionPolicy '([^']+)'/.exec(msg))) return { kind: "policy", by: m[1] };
  if ((m = /exceeded quota: ([^,\s]+)/.exec(msg)) || (m = /failed quota: ([^:\s]+)/.exec(msg))) return { kind: "quota", by: m[1] };
  if (/(maximum|minimum) \S+ usage per (Container|Pod)|limit to request ratio/.test(msg)) return { kind: "limit-range" };
  if (r.statusCode === 403 && /cannot create resource/.test(msg)) return { kind: "rbac" };
  if (r.statusCode === 404) return { kind: "namespace-missing" };
  if (r.statusCode === 422 || r.reason === "Invalid") return { kind: "invalid" };
  return { kind: "other" };
}

const BLOCKING: readonly RejectionKind[] = ["pod-security", "quota", "limit-range", "webhook", "webhook-error", "policy"];

function describe(r: DryRunResult, rej: Rejection): string {
  const what = `${r.kind} ${r.name}`;
  switch (rej.kind) {
    case "pod-security":
      return `${what} was rejected by Pod Security "${rej.by}"`;
    case "webhook":
      return `${what} was denied by admission webhook "${rej.by}"`;
    case "webhook-error":
      return `${what} was rejected because admission webhook "${rej.by}" could not be called`;
    case "webhook-no-dry-run":
      return `admission webhook "${rej.by}" does not support dry runs, so ${what} could not be tried`;
    case "policy":
      return `${what} was denied by ValidatingAdmissionPolicy "${rej.by}"`;
    case "quota":
      return `${what} was rejected by ResourceQuota "${rej.by}"`;
    case "limit-range":
      return `${what} was rejected by a LimitRange`;
    case "rbac":
      return `the identity may not create ${r.kind === "Pod" ? "pods" : r.kind === "DaemonSet" ? "daemonsets" : "deployments"}, so ${what} could not be tried`;
    case "namespace-missing":
      return `the namespace disappeared before ${what} could be tried`;
    default:
      return `${what} got HTTP ${r.statusCode ?? "?"}${r.reason ? ` ${r.reason}` : ""}`;
  }
}

export const admissionDryRun = defineCheck({
  id: "k8s.admission-dry-run",
  title: "Operator workloads pass admission (server-side dry run)",
  section: "network",
  severity: "blocking",
  docs: [DOCS.podSecurity, DOCS.security],
  needs: ["k8s.admissionDryRun"],
  evaluate(facts, { target }): Evaluation {
    const fact = facts.get("k8s.admissionDryRun");
    const ns = fact.namespace;
    const ctx = `kubectl --context ${target.context}`;

    if (fact.skipped?.reason === "namespace-unknown") {
      return { status: "unknown", summary: "Admission was not tried: it is unknown whether the namespace exists.", reason: fact.skipped.detail };
    }
    if (fact.skipped?.reason === "namespace-absent") {
      return {
        status: "warn",
        summary: `Admission of the operator's workloads cannot be proven until namespace "${ns}" exists (a dry run needs the namespace).`,
        evidence: [{ label: "Namespace", value: `${ns} (absent)` }],
        remediation: {
          text: "Create the namespace with the privileged Pod Security level, then run the readiness check again to prove admission.",
          commands: [`${ctx} create namespace ${ns}`, privilegedLabelCommand(target.context, ns)],
        },
      };
    }

    const judged = fact.results.map((r) => ({ r, rej: r.allowed ? undefined : classifyRejection(r) }));
    const evidence: Evidence[] = judged.map(({ r, rej }) => ({
      label: `${r.kind} ${r.name}`,
      value: r.allowed
        ? `admitted (HTTP ${r.statusCode ?? "?"}${r.reason === "AlreadyExists" ? ", name already taken" : ""})${r.warnings.length ? `, ${r.warnings.length} warning(s)` : ""}`
        : `rejected (HTTP ${r.statusCode ?? "?"}${r.reason ? ` ${r.reason}` : ""}${rej ? `, ${rej.kind}` : ""})`,
      detail: [r.request, r.message, ...r.warnings.map((w) => `Warning: ${w}`)].filter(Boolean).join("\n"),
    }));

    const blocking = judged.filter(({ rej }) => rej && BLOCKING.includes(rej.kind));
    if (blocking.length > 0) {
      const commands: string[] = [];
      const kinds = new Set(blocking.map(({ rej }) => rej!.kind));
      if (kinds.has("pod-security")) commands.push(privilegedLabelCommand(target.context, ns));
      if (kinds.has("quota") || kinds.has("limit-range")) commands.push(`${ctx} -n ${ns} describe resourcequota,limitrange`);
      if (kinds.has("webhook") || kinds.has("webhook-error")) commands.push(`${ctx} get validatingwebhookconfigurations,mutatingwebhookconfigurations`);
      if (kinds.has("policy")) commands.push(`${ctx} get validatingadmissionpolicies,validatingadmissionpolicybindings`);
      const texts: string[] = [];
      if (kinds.has("pod-security")) texts.push(`Label namespace ${ns} privileged: the CSI driver needs privileged containers and hostPath mounts.`);
      if (kinds.has("quota") || kinds.has("limit-range")) texts.push(`Raise or scope the ResourceQuota/LimitRange in ${ns} so the operator's pods fit.`);
      if (kinds.has("webhook") || kinds.has("policy")) texts.push(`Exempt namespace ${ns} from the named admission policy (Gatekeeper, Kyverno, Azure Policy) or allow these workloads.`);
      if (kinds.has("webhook-error")) texts.push(`Fix or remove the failing webhook, or exclude namespace ${ns} from it (its failurePolicy is Fail).`);
      return {
        status: "fail",
        summary: `In namespace "${ns}": ${blocking.map(({ r, rej }) => describe(r, rej!)).join("; ")}.`,
        evidence,
        remediation: { text: texts.join(" "), commands },
      };
    }

    const undecided = judged.filter(({ rej }) => rej && rej.kind !== "namespace-missing");
    if (undecided.length > 0) {
      const reason = undecided.map(({ r, rej }) => `${describe(r, rej!)}${r.message ? `: ${r.message}` : ""}`).join("; ");
      return {
        status: "unknown",
        summary: "Admission could not be proven for every workload.",
        reason,
        evidence,
        remediation: {
          text: undecided.some(({ rej }) => rej!.kind === "rbac")
            ? "Run the check with the identity that will install the operator (see the install permissions check)."
            : "See the API server's answer in the evidence.",
          commands: [],
        },
      };
    }
    if (judged.some(({ rej }) => rej?.kind === "namespace-missing")) {
      return {
        status: "warn",
        summary: `Namespace "${ns}" was gone when the dry run was sent; admission is not proven.`,
        evidence,
        remediation: { text: "Create the namespace and run the check again.", commands: [`${ctx} create namespace ${ns}`, privilegedLabelCommand(target.context, ns)] },
      };
    }

    const warned = judged.filter(({ r }) => r.warnings.length > 0);
    const names = fact.results.map((r) => `${r.kind} ${r.name}`).join(", ");
    if (warned.length > 0) {
      const psa = warned.some(({ r }) => r.warnings.some((w) => /PodSecurity/.test(w)));
      return {
        status: "warn",
        summary: `The API server admitted ${names} in "${ns}", with warnings: ${warned.map(({ r }) => `${r.kind} ${r.name}: ${r.warnings[0]}`).join("; ")}.`,
        evidence,
        remediation: {
          text: psa ? "Pod Security audit/warn levels flag the operator's pods; set them to privileged." : "Review the warnings.",
          commands: psa ? [privilegedLabelCommand(target.context, ns)] : [],
        },
      };
    }
    return { status: "pass", summary: `The API server admitted ${names} in "${ns}" (server-side dry run; nothing was created).`, evidence };
  },
});
