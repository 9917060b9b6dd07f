// dt.operator-token for a platform token (dt0s16…): each permission of the "Kubernetes Operator" policy judged by the
// answer to the read-only call that proves it (lib/data/platform-permissions.ts). 200 proves it, 403 refutes it,
// 401 rejects the token; a permission no call proves without a write is never passed: the check says `manual`.
import type { CheckContext } from "@/lib/engine/check";
import type { FactKey } from "@/lib/engine/facts";
import type { Evaluation, Evidence, FactResult } from "@/lib/engine/types";
import type { PlatformProbesFact } from "@/lib/collect/dynatrace/platform-probes";
import type { TokenLookupFact } from "@/lib/collect/dynatrace/token-lookup";
import { OPERATOR_PERMISSIONS, OPERATOR_POLICY, type PlatformPermission } from "@/lib/data/platform-permissions";

/** The answer each proof reads: a fact's HTTP status, or why there is none. */
export type Answer = { status: number; message?: string } | { failed: string };

type State = "proven" | "missing" | "absent" | "rejected" | "write-only" | "undecided";

interface Judged {
  p: PlatformPermission;
  state: State;
  said: string;
}

/** Reads the HTTP status a fact recorded (connection info, agent version, settings write all keep `status`). */
export function answerOf(r: FactResult<{ status: number; error?: { message: string } }> | undefined): Answer {
  if (!r) return { failed: "not collected" };
  if (!r.ok) return { failed: `${r.error.kind}: ${r.error.message}` };
  return { status: r.value.status, message: r.value.error?.message };
}

function judge(p: PlatformPermission, answers: (fact: FactKey) => Answer, probes: PlatformProbesFact): Judged {
  if (p.proof.kind === "write-only") return { p, state: "write-only", said: `not provable without a write: ${p.proof.why}` };
  const { call, from } = p.proof;
  const a: Answer = "fact" in from ? answers(from.fact) : probes.probes[from.probe] ? { status: probes.probes[from.probe]!.status, message: probes.probes[from.probe]!.error?.message } : { failed: "not asked" };
  if ("failed" in a) return { p, state: "undecided", said: `${call}: ${a.failed}` };
  const msg = a.message ? `: "${a.message}"` : "";
  if (a.status >= 200 && a.status < 300) return { p, state: "proven", said: `${call} → ${a.status}` };
  if (a.status === 403) return { p, state: "missing", said: `${call} → 403${msg}` };
  if (a.status === 401) return { p, state: "rejected", said: `${call} → 401${msg}` };
  if (a.status === 404) return { p, state: "absent", said: `${call} → 404${msg}: the tenant does not offer the API the operator calls` };
  return { p, state: "undecided", said: `${call} → HTTP ${a.status}${msg}` };
}

const LABEL: Record<State, string> = {
  proven: "proven",
  missing: "missing",
  absent: "API not offered",
  rejected: "token rejected",
  "write-only": "not provable read-only",
  undecided: "could not be asked",
};

/** Component images each mode needs from the container images list (public registry with a platform token). */
function neededImages(ctx: CheckContext): string[] {
  const need = ["activegate"];
  if (ctx.plan.mode === "application" || ctx.plan.mode === "full-stack") need.push("codemodules");
  if (ctx.plan.mode === "full-stack") need.push("oneagent");
  return need;
}

export function judgePlatformToken(t: TokenLookupFact, probes: PlatformProbesFact, answers: (fact: FactKey) => Answer, ctx: CheckContext): Evaluation {
  const judged = OPERATOR_PERMISSIONS.map((p) => judge(p, answers, probes));
  const evidence: Evidence[] = [
    { label: "Token", value: t.publicPart ?? "?", detail: `Platform token: no scope list exists to look up; each permission of the "${OPERATOR_POLICY}" policy is proven by the call the operator makes with it.` },
    ...judged.map((j) => ({ label: j.p.permission, value: LABEL[j.state], detail: `${j.said}. Usage: ${j.p.usage}.` })),
  ];
  const api = ctx.target.tenant?.apiUrl ?? "<api-url>";
  const curl = (call: string) => {
    const [method, path] = call.split(" ");
    return `curl -sS -o /dev/null -w "%{http_code}\\n" -X ${method} -H "Authorization: Api-Token $DT_OPERATOR_TOKEN" "${api}${path}"`;
  };

  const rejected = judged.filter((j) => j.state === "rejected");
  if (rejected.length > 0) {
    return {
      status: "fail",
      summary: `The tenant rejected the platform operator token (401 on ${rejected.map((j) => j.p.proof.call).join(", ")}): it is wrong, expired, revoked, or from another environment.`,
      evidence,
      remediation: {
        text: `Create a new platform token for the cluster's service user (the one with the "${OPERATOR_POLICY}" policy) in the environment ${api}, and put it in the tenant connection and in the secret ${ctx.plan.namespace}/${ctx.plan.dynakubeName} (key apiToken).`,
        commands: [curl(rejected[0]!.p.proof.call)],
      },
    };
  }
  const missingRequired = judged.filter((j) => j.p.need === "required" && (j.state === "missing" || j.state === "absent"));
  const images = probes.componentImages;
  const lacking = images ? neededImages(ctx).filter((c) => !images.includes(c)) : [];
  if (images) evidence.push({ label: "Component images listed", value: images.join(", ") || "(none)", detail: `Needed for this plan: ${neededImages(ctx).join(", ")}.` });
  if (missingRequired.length > 0 || lacking.length > 0) {
    const parts = [
      ...missingRequired.map((j) => `${j.p.permission} (${j.said}): without it ${j.p.without}`),
      ...(lacking.length ? [`the tenant lists no public-registry image for ${lacking.join(", ")}, which the operator takes from that list with a platform token`] : []),
    ];
    return {
      status: "fail",
      summary: `The platform operator token cannot do what the operator needs: ${parts.join("; ")}.`,
      evidence,
      remediation: {
        text: missingRequired.length
          ? `Give the token's service user the "${OPERATOR_POLICY}" policy (Account Management → Identity & access management: bind the policy to the service user's group), or create the token for a service user that has it. Missing: ${missingRequired.map((j) => j.p.permission).join(", ")}.`
          : `The tenant's component image list lacks ${lacking.join(", ")}; contact Dynatrace support, or set the component images explicitly in the DynaKube.`,
        commands: missingRequired.map((j) => curl(j.p.proof.call)),
      },
    };
  }
  const undecided = judged.filter((j) => j.state === "undecided");
  if (undecided.length > 0) {
    return {
      status: "unknown",
      summary: `Could not tell whether the platform operator token has every permission: ${undecided.map((j) => `${j.p.permission} (${j.said})`).join("; ")}.`,
      reason: undecided.map((j) => `${j.p.permission}: ${j.said}`).join("; "),
      evidence,
    };
  }
  const missingOptional = judged.filter((j) => j.p.need === "optional" && (j.state === "missing" || j.state === "absent"));
  const writeOnly = judged.filter((j) => j.state === "write-only" && j.p.need === "required");
  const proven = judged.filter((j) => j.state === "proven").map((j) => j.p.permission);
  const optionalText = missingOptional.length ? ` It lacks optional ${missingOptional.map((j) => `${j.p.permission} (without it ${j.p.without})`).join("; ")}.` : "";
  if (writeOnly.length > 0) {
    return {
      status: "manual",
      summary:
        `Proven by read-only calls: ${proven.join(", ")}. Not provable without a write: ${writeOnly.map((j) => `${j.p.permission} (${j.p.proof.kind === "write-only" ? j.p.proof.why : ""})`).join("; ")}; confirm it and attest.` + optionalText,
      evidence,
      remediation: {
        text:
          `Confirm that the token belongs to the cluster's service user and that the user's group has the "${OPERATOR_POLICY}" policy, which grants ${writeOnly.map((j) => j.p.permission).join(", ")} (Account Management → Identity & access management → Service users and Policies), then attest this item.` +
          (missingOptional.length ? ` Optional: grant ${missingOptional.map((j) => j.p.permission).join(", ")} so the cluster registers for Kubernetes monitoring by itself.` : ""),
        commands: [],
      },
    };
  }
  if (missingOptional.length > 0) {
    return {
      status: "warn",
      summary: `The platform operator token has every required permission.${optionalText}`,
      evidence,
      remediation: { text: `Grant ${missingOptional.map((j) => j.p.permission).join(", ")} through the "${OPERATOR_POLICY}" policy, or register the cluster manually.`, commands: missingOptional.map((j) => curl(j.p.proof.call)) },
    };
  }
  return { status: "pass", summary: `The platform operator token has every permission the operator needs (${proven.join(", ")}).`, evidence };
}
