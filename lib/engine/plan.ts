// The intended install, chosen by the user. Validated at every boundary (CLI flags, route input).
import { z } from "zod";
import { DEFAULT_OPERATOR_VERSION, OPERATOR_RELEASES } from "@/lib/data/operator-releases";

export const MODES = ["platform", "application", "full-stack"] as const;
export type Mode = (typeof MODES)[number];

export const MODE_LABELS: Record<Mode, string> = {
  platform: "Platform monitoring",
  application: "Application observability",
  "full-stack": "Full-stack observability",
};

/** DynaKube shape of each mode (prerequisites document section 5, DESIGN.md). */
export const MODE_DYNAKUBE: Record<Mode, string> = {
  platform: "ActiveGate with kubernetes-monitoring only",
  application: "oneAgent.applicationMonitoring",
  "full-stack": "oneAgent.cloudNativeFullStack",
};

/**
 * How OneAgent code modules reach injected pods (docs: "Code modules delivery modes"): the CSI driver's node cache,
 * an image volume (operator 1.11+, Kubernetes 1.35+), or an ephemeral (emptyDir) volume per pod, the default since
 * operator 1.10 without the CSI driver. Plans stored before this field existed have only `csiDriver`: read the
 * delivery with codeModuleDelivery(), never plan.codeModules directly.
 */
export const CODE_MODULE_DELIVERIES = ["csi-driver", "image-volume", "ephemeral-volume"] as const;
export type CodeModuleDelivery = (typeof CODE_MODULE_DELIVERIES)[number];

export function codeModuleDelivery(plan: Pick<PlanInput, "csiDriver" | "codeModules">): CodeModuleDelivery {
  return plan.codeModules ?? (plan.csiDriver === false ? "ephemeral-volume" : "csi-driver");
}

const labelSelectorSchema = z.object({
  matchLabels: z.record(z.string(), z.string()).optional(),
  matchExpressions: z
    .array(
      z.object({
        key: z.string().min(1),
        operator: z.enum(["In", "NotIn", "Exists", "DoesNotExist"]),
        values: z.array(z.string()).optional(),
      }),
    )
    .optional(),
});
export type LabelSelector = z.infer<typeof labelSelectorSchema>;

// DNS-1123 label: what Kubernetes accepts as a namespace name.
const namespaceName = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a DNS-1123 label (lowercase letters, digits, '-')")
  .max(63);

export const planSchema = z.object({
  mode: z.enum(MODES).default("application"),
  operatorVersion: z
    .string()
    .default(DEFAULT_OPERATOR_VERSION)
    .refine((v) => OPERATOR_RELEASES.some((r) => r.version === v), {
      message: `unknown operator release; known: ${OPERATOR_RELEASES.map((r) => r.version).join(", ")}`,
    }),
  namespace: namespaceName.default("dynatrace"),
  /** Whether the chart installs the CSI driver. Kept for stored plans, the CLI flag and the form; codeModules decides when set. */
  csiDriver: z.boolean().default(true),
  codeModules: z.enum(CODE_MODULE_DELIVERIES).optional(),
  /** Namespaces whose pods get code modules injected; empty means all but the ignored ones. */
  namespaceSelector: labelSelectorSchema.default({}),
  dynakubeName: z
    .string()
    .regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/, "must be a DNS-1035 label")
    .max(40)
    .default("dynakube"),
  /** Pull the operator image from this registry instead of public.ecr.aws (checked by registry.operator-image). */
  privateRegistry: z
    .object({
      /** host[:port]/path of the operator repository, e.g. myregistry.azurecr.io/dynatrace/dynatrace-operator */
      repository: z
        .string()
        .trim()
        .regex(/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)+$/i, "must be host[:port]/path, without https:// and without a tag"),
      /** Name of an image pull secret (type kubernetes.io/dockerconfigjson) in the plan's namespace. */
      pullSecret: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "must be a Kubernetes object name").max(253).optional(),
    })
    .optional(),
  /** Opt-in: start a short-lived probe pod in the namespace that tests egress from inside the pod network. */
  egressProbe: z.boolean().default(false),
  /** Image of the egress probe pod (needs sh and curl); override it for private registries. */
  egressProbeImage: z.string().trim().min(1).default("curlimages/curl:8.11.1"),
})
  // csiDriver false with codeModules csi-driver says two things; true is csiDriver's default, so it cannot conflict.
  .refine((p) => !(p.csiDriver === false && p.codeModules === "csi-driver"), {
    path: ["codeModules"],
    message: "csi-driver contradicts csiDriver: false; choose image-volume or ephemeral-volume, or drop csiDriver",
  })
  .overwrite((p) => {
    const codeModules = codeModuleDelivery(p);
    return { ...p, codeModules, csiDriver: codeModules === "csi-driver" };
  });

export type Plan = z.infer<typeof planSchema>;
export type PlanInput = z.input<typeof planSchema>;

export function parsePlan(input: unknown): Plan {
  return planSchema.parse(input ?? {});
}
