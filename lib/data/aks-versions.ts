// AKS's own support status per Kubernetes minor, as of 2026-11.
//
// Source: "Supported Kubernetes versions in AKS", release calendar and LTS table,
// https://learn.microsoft.com/azure/aks/supported-kubernetes-versions (AKS supports the GA minor plus the two before it,
// "N-2"; LTS minors get two years on the Premium tier with supportPlan AKSLongTermSupport). The dates below are the
// calendar's planned end-of-life months and were written from it without live access: treat them as planning values.
// How to update: compare with the calendar and `az aks get-versions --location <region> --output table` (lists the
// minors a region offers, with `isPreview` and the support plans each minor has); add the new GA minor, set its
// end-of-life, drop entries whose LTS end is more than a year past, and bump AS_OF.

export const AKS_VERSIONS_AS_OF = "2026-11";
export const AKS_VERSIONS_SOURCE = "https://learn.microsoft.com/azure/aks/supported-kubernetes-versions";

export interface AksMinor {
  minor: string;
  /** Community support (KubernetesOfficial) ends: the month AKS stops supporting it outside LTS. */
  endOfLife: string;
  /** Present for LTS minors: end of AKSLongTermSupport (Premium tier). */
  ltsEnd?: string;
  /** Not GA yet as of AKS_VERSIONS_AS_OF. */
  preview?: boolean;
}

export const AKS_MINORS: readonly AksMinor[] = [
  { minor: "1.30", endOfLife: "2025-07", ltsEnd: "2027-07" },
  { minor: "1.31", endOfLife: "2025-11", ltsEnd: "2026-11" },
  { minor: "1.32", endOfLife: "2026-03", ltsEnd: "2027-04" },
  { minor: "1.33", endOfLife: "2026-06", ltsEnd: "2027-06" },
  { minor: "1.34", endOfLife: "2026-11" },
  { minor: "1.35", endOfLife: "2027-03" },
  { minor: "1.36", endOfLife: "2027-07" },
  { minor: "1.37", endOfLife: "2027-11", preview: true },
];

export type AksSupport =
  | { kind: "supported"; entry: AksMinor }
  | { kind: "lts-only"; entry: AksMinor } // out of community support, still covered by LTS
  | { kind: "preview"; entry: AksMinor }
  | { kind: "unsupported"; entry?: AksMinor };

/** AKS's support for a minor at `asOf` ("YYYY-MM"), given the cluster's support plan. */
export function aksSupportOf(minor: string, supportPlan: string | undefined, asOf: string = AKS_VERSIONS_AS_OF): AksSupport {
  const entry = AKS_MINORS.find((m) => m.minor === minor);
  if (!entry) return { kind: "unsupported" };
  if (entry.preview) return { kind: "preview", entry };
  // End-of-life months are inclusive: support ends during that month.
  if (asOf <= entry.endOfLife) return { kind: "supported", entry };
  if (entry.ltsEnd && asOf <= entry.ltsEnd) {
    return supportPlan === "AKSLongTermSupport" ? { kind: "lts-only", entry } : { kind: "unsupported", entry };
  }
  return { kind: "unsupported", entry };
}
