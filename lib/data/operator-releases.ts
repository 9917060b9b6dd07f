// Dynatrace Operator releases and what each supports. Written once as data; checks read it.
//
// `minimumKubernetes` is a hard floor (below it the Helm chart refuses to install or Dynatrace does not
// support it at all): fail. Between the floor and `testedFrom` a version is in maintenance support: warn.
// Above `testedTo` the release was not tested yet: warn. Sources are given per entry.

export interface OperatorRelease {
  version: string;
  released: string;
  minimumKubernetes: string;
  testedFrom: string;
  testedTo: string;
  /** DynaKube API versions the release's CRD serves; the last one is the storage version. */
  dynakubeApiVersions: string[];
  source: string;
}

export const OPERATOR_RELEASES: readonly OperatorRelease[] = [
  {
    version: "1.7.3",
    released: "2025-09",
    minimumKubernetes: "1.24",
    testedFrom: "1.24",
    testedTo: "1.33",
    dynakubeApiVersions: ["v1beta3", "v1beta4", "v1beta5"],
    source: "Prerequisites document: 'Currently Supported: Kubernetes 1.24 - 1.33'; CRD served versions from the v1.7.0 tag",
  },
  {
    version: "1.8.1",
    released: "2026-01",
    minimumKubernetes: "1.24",
    testedFrom: "1.26",
    testedTo: "1.34",
    dynakubeApiVersions: ["v1beta4", "v1beta5", "v1beta6"],
    source: "Chart kubeVersion >=1.19 (up to v1.8.x); support model page; CRD served versions from the v1.8.0 tag",
  },
  {
    version: "1.9.0",
    released: "2026-04-10",
    minimumKubernetes: "1.25",
    testedFrom: "1.28",
    testedTo: "1.35",
    dynakubeApiVersions: ["v1beta4", "v1beta5", "v1beta6"],
    source: "Chart kubeVersion '>=1.25.0-0' from v1.9.0; CRD served versions from the v1.9.0 tag",
  },
  {
    version: "1.10.2",
    released: "2026-07-29",
    minimumKubernetes: "1.25",
    testedFrom: "1.29",
    testedTo: "1.36",
    dynakubeApiVersions: ["v1beta5", "v1beta6"],
    source: "Chart kubeVersion '>=1.25.0-0'; e2e kind images cover 1.29-1.36 (hack/kind/setup.sh); CRD from the v1.10.2 tag",
  },
  {
    version: "1.11.0",
    released: "2026-10-01",
    minimumKubernetes: "1.25",
    testedFrom: "1.29",
    testedTo: "1.36",
    // v1beta4 is removed in 1.11.0, v1beta5 deprecated since 1.10.0 (docs: DynaKube API migration table).
    dynakubeApiVersions: ["v1beta5", "v1beta6"],
    source:
      "Release notes 'Dynatrace Operator release notes version 1.11.0' (docs.dynatrace.com/docs/whats-new/dynatrace-operator/dto-fix-1-11-0: " +
      "release date October 1, 2026; image volume code-module injection); DynaKube API versions from the docs' migration table " +
      "(v1beta4 removed in 1.11.0). The stored operator repository has no v1.11 tag (newest v1.10.2, main at 70d37e5, 2026-08-20): " +
      "chart kubeVersion '>=1.25.0-0' and e2e kind images 1.29-1.36 are read from that main, not from the tag",
  },
];

export const DEFAULT_OPERATOR_VERSION = "1.10.2";

export function findRelease(version: string): OperatorRelease | undefined {
  return OPERATOR_RELEASES.find((r) => r.version === version);
}

/** Compares "1.33" style minor versions (and "v1.33.5"); returns negative, zero or positive. */
export function compareMinor(a: string, b: string): number {
  const [aMaj, aMin] = parseMinor(a);
  const [bMaj, bMin] = parseMinor(b);
  return aMaj !== bMaj ? aMaj - bMaj : aMin - bMin;
}

export function parseMinor(v: string): [number, number] {
  const m = /^v?(\d+)\.(\d+)/.exec(v.trim());
  if (!m) throw new Error(`not a Kubernetes version: ${v}`);
  return [Number(m[1]), Number(m[2])];
}
