// Admission, proven: what the API server answered to dry-run creates of the workloads the plan installs.
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
  | "admission"
  | "invalid"
  | "namespace-terminating"
  | "rbac"
  | "unauthenticated"
  | "namespace-missing"
  | "server-error"
  | "other";

export interface Rejection {
  kind: RejectionKind;
  /** Who rejected it: the Pod Security level, the webhook or policy name, the quota. */
  by?: string;
  /** What the rejection means for the install, when the message alone does not say it plainly. */
  note?: string;
}

/**
 * The authorizer's 403 (RBAC, or AKS's Azure RBAC webhook authorizer), as kube-apiserver writes it in
 * staging/src/k8s.io/apiserver/pkg/endpoints/handlers/responsewriters/errors.go (forbiddenMessage):
 * `<resource> is forbidden: User "<name>" cannot <verb> resource "<resource>" in API group ...`, with no object name
 * in details (the request is refused before the body is read). Admission answers name the object:
 * `pods "x" is forbidden: ...` with details.name "x" (verified against the test kube-apiserver v1.36.3).
 */
export function isAuthorizationDenial(r: Pick<DryRunResult, "statusCode" | "message" | "detailsName">): boolean {
  return r.statusCode === 403 && !r.detailsName && /^\S+ is forbidden: User "[^"]*" cannot \S+ resource "/.test(r.message ?? "");
}

/**
 * What the API server's answer to a dry run means. Everything it decided about the object (admission plugins,
 * webhooks, policies, validation) is a rejection of the workload; only answers about the request itself
 * (authentication, authorization, server errors) leave admission undecided.
 */
export function classifyRejection(r: Pick<DryRunResult, "statusCode" | "reason" | "message" | "detailsName" | "causes">): Rejection {
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
  if (r.statusCode === 401) return { kind: "unauthenticated" };
  if (isAuthorizationDenial(r)) return { kind: "rbac" };
  if (/because it is being terminated/.test(msg)) return { kind: "namespace-terminating" };
  if (r.statusCode === 404) return { kind: "namespace-missing" };
  if (r.statusCode === 422 || r.reason === "Invalid") {
    // The LimitRanger fills in a missing limit from the LimitRange default (or max) before validation, so a default
    // below the container's request makes the Pod invalid: the chart's values are valid on their own.
    if (/must be less than or equal to (cpu|memory|ephemeral-storage) limit/.test(msg)) {
      return { kind: "invalid", note: "a LimitRange default limit is below the container's request" };
    }
    return { kind: "invalid" };
  }
  // Any other named 403 comes from an admission plugin (the authorizer names no object).
  if (r.statusCode === 403) return { kind: "admission" };
  if (r.statusCode === 429 || (r.statusCode !== undefined && r.statusCode >= 500)) return { kind: "server-error" };
  return { kind: "other" };
}

/** Rejections the API server decided: the real install meets the same answer. */
const DECIDED: readonly RejectionKind[] = ["pod-security", "quota", "limit-range", "webhook", "webhook-error", "policy", "admission", "invalid", "namespace-terminating"];

function quote(r: DryRunResult): string {
  const text = r.message ?? r.causes?.join("; ") ?? "";
  if (!text) return "";
  return `: the API server answered "${text.length > 300 ? `${text.slice(0, 297)}...` : text}"`;
}

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
      return `${what} was rejected by a LimitRange${quote(r)}`;
    case "admission":
      return `${what} was rejected by an admission plugin (HTTP 403)${quote(r)}`;
    case "invalid":
      return `${what} was rejected as invalid (HTTP 422${rej.note ? `; ${rej.note}` : ""})${quote(r)}`;
    case "namespace-terminating":
      return `${what} was rejected: the namespace is being deleted`;
    case "rbac":
      return `the identity may not create ${r.kind === "Pod" ? "pods" : `${r.kind.toLowerCase()}s`}, so ${what} could not be tried`;
    case "unauthenticated":
      return `the API server did not accept the credentials (401), so ${what} could not be tried`;
    case "server-error":
      return `the API server could not answer for ${what} (HTTP ${r.statusCode})`;
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
      detail: [r.request, r.message, ...(r.causes ?? []).map((c) => `Cause: ${c}`), ...r.warnings.map((w) => `Warning: ${w}`)].filter(Boolean).join("\n"),
    }));

    const blocking = judged.filter(({ rej }) => rej && DECIDED.includes(rej.kind));
    if (blocking.length > 0) {
      const commands: string[] = [];
      const kinds = new Set(blocking.map(({ rej }) => rej!.kind));
      if (kinds.has("pod-security")) commands.push(privilegedLabelCommand(target.context, ns));
      if (kinds.has("quota") || kinds.has("limit-range") || kinds.has("invalid")) commands.push(`${ctx} -n ${ns} describe resourcequota,limitrange`);
      if (kinds.has("webhook") || kinds.has("webhook-error")) commands.push(`${ctx} get validatingwebhookconfigurations,mutatingwebhookconfigurations`);
      if (kinds.has("policy")) commands.push(`${ctx} get validatingadmissionpolicies,validatingadmissionpolicybindings`);
      const texts: string[] = [];
      if (kinds.has("pod-security")) texts.push(`Label namespace ${ns} privileged: the CSI driver needs privileged containers and hostPath mounts.`);
      if (kinds.has("quota") || kinds.has("limit-range")) texts.push(`Raise or scope the ResourceQuota/LimitRange in ${ns} so the operator's pods fit.`);
      if (kinds.has("webhook") || kinds.has("policy")) texts.push(`Exempt namespace ${ns} from the named admission policy (Gatekeeper, Kyverno, Azure Policy) or allow these workloads.`);
      if (kinds.has("webhook-error")) texts.push(`Fix or remove the failing webhook, or exclude namespace ${ns} from it (its failurePolicy is Fail).`);
      if (kinds.has("invalid")) texts.push(`The API server found the workload invalid in ${ns} as the cluster would complete it (LimitRange defaults are filled in before validation): see its answer in the evidence.`);
      if (kinds.has("admission")) texts.push(`An admission plugin of the API server refused the workload in ${ns}: see its answer in the evidence.`);
      if (kinds.has("namespace-terminating")) texts.push(`Namespace ${ns} is being deleted: wait until it is gone, create it again, and run the check again.`);
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
            : undecided.some(({ rej }) => rej!.kind === "unauthenticated")
              ? "The API server rejected the kubeconfig's credentials: refresh them (e.g. az aks get-credentials) and run the check again."
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
