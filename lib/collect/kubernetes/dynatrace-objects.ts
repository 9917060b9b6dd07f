// Cluster-scoped objects a Dynatrace install leaves behind: the DynaKube CRD (served/stored versions, Helm
// ownership), the legacy OneAgent CRD, the CSIDriver and the PriorityClass; each read by name (404 = absent).
// Plus every DaemonSet whose image looks like OneAgent (one paged list across namespaces).
//
// The names come from data so integration tests can point a collector at uniquely named fixtures without
// touching the shared cluster's real names.
import type { V1CustomResourceDefinition, V1DaemonSet, V1ObjectMeta } from "@kubernetes/client-node";
import { DYNATRACE_OBJECT_NAMES, type DynatraceObjectNames } from "@/lib/data/operator-components";
import { failed } from "@/lib/engine/collector";
import { CollectError } from "@/lib/engine/errors";
import type { FactErrorKind } from "@/lib/engine/types";
import type { KubeClient } from "./client";
import { defineKubeCollector, kube } from "./context";
import { forEachPage } from "./paging";

export interface HelmOwnership {
  managedBy?: string;
  releaseName?: string;
  releaseNamespace?: string;
}

export interface CrdFact {
  name: string;
  servedVersions: string[];
  storageVersion?: string;
  storedVersions: string[];
  helm: HelmOwnership;
}

export interface ClusterObjectFact {
  name: string;
  helm: HelmOwnership;
}

export type Lookup<T> = { state: "present"; object: T } | { state: "absent" } | { state: "unreadable"; kind: FactErrorKind; message: string };

export interface DynatraceObjectsFact {
  /** The names looked up (also tells the checks which webhook configuration name is Dynatrace's). */
  names: DynatraceObjectNames;
  dynakubeCrd: Lookup<CrdFact>;
  oneAgentCrd: Lookup<CrdFact>;
  csiDriver: Lookup<ClusterObjectFact>;
  priorityClass: Lookup<ClusterObjectFact>;
}

export interface OneAgentDaemonSetFact {
  namespace: string;
  name: string;
  /** Only the images that look like OneAgent. */
  images: string[];
  helm: HelmOwnership;
}

declare module "@/lib/engine/facts" {
  interface FactTypes {
    "k8s.dynatraceObjects": DynatraceObjectsFact;
    "k8s.oneAgentDaemonSets": OneAgentDaemonSetFact[];
  }
}

export function helmOwnership(meta: V1ObjectMeta | undefined): HelmOwnership {
  const out: HelmOwnership = {};
  const managedBy = meta?.labels?.["app.kubernetes.io/managed-by"];
  const release = meta?.annotations?.["meta.helm.sh/release-name"];
  const releaseNs = meta?.annotations?.["meta.helm.sh/release-namespace"];
  if (managedBy) out.managedBy = managedBy;
  if (release) out.releaseName = release;
  if (releaseNs) out.releaseNamespace = releaseNs;
  return out;
}

export function toCrdFact(crd: V1CustomResourceDefinition): CrdFact {
  const versions = crd.spec.versions ?? [];
  const fact: CrdFact = {
    name: crd.metadata?.name ?? "",
    servedVersions: versions.filter((v) => v.served).map((v) => v.name),
    storedVersions: crd.status?.storedVersions ?? [],
    helm: helmOwnership(crd.metadata),
  };
  const storage = versions.find((v) => v.storage)?.name;
  if (storage) fact.storageVersion = storage;
  return fact;
}

const ONEAGENT_IMAGE = /oneagent/i;

export function toOneAgentDaemonSet(ds: V1DaemonSet): OneAgentDaemonSetFact | undefined {
  const spec = ds.spec?.template.spec;
  const images = [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])].map((c) => c.image ?? "").filter((i) => ONEAGENT_IMAGE.test(i));
  if (images.length === 0) return undefined;
  return { namespace: ds.metadata?.namespace ?? "", name: ds.metadata?.name ?? "", images: [...new Set(images)], helm: helmOwnership(ds.metadata) };
}

/** Reads one object by name; a 404 is an answer (absent), other failures are recorded per object. */
async function lookup<T, R>(
  k: KubeClient,
  ctx: Parameters<KubeClient["request"]>[0],
  description: string,
  read: (o: Parameters<Parameters<KubeClient["request"]>[2]>[0]) => Promise<T>,
  project: (v: T) => R,
): Promise<Lookup<R>> {
  try {
    return { state: "present", object: project(await k.request(ctx, description, read)) };
  } catch (err) {
    if (err instanceof CollectError) {
      if (err.kind === "not-found") return { state: "absent" };
      return { state: "unreadable", kind: err.kind, message: err.message };
    }
    return { state: "unreadable", kind: "error", message: err instanceof Error ? err.message : String(err) };
  }
}

export function createDynatraceObjectsCollector(names: DynatraceObjectNames = DYNATRACE_OBJECT_NAMES) {
  return defineKubeCollector({
    id: "kubernetes.dynatrace-objects",
    produces: ["k8s.dynatraceObjects", "k8s.oneAgentDaemonSets"],
    async collect(ctx) {
      const k = kube(ctx);
      const crdPath = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
      const object = (meta: V1ObjectMeta | undefined): ClusterObjectFact => ({ name: meta?.name ?? "", helm: helmOwnership(meta) });
      const daemonSets = (async () => {
        const out: OneAgentDaemonSetFact[] = [];
        try {
          await forEachPage<V1DaemonSet>(k, ctx, "/apis/apps/v1/daemonsets", (items) => {
            for (const ds of items) {
              const f = toOneAgentDaemonSet(ds);
              if (f) out.push(f);
            }
          });
          return out;
        } catch (err) {
          const e = err instanceof CollectError ? err : new CollectError("error", String(err));
          return failed(e.kind, e.message);
        }
      })();
      const [dynakubeCrd, oneAgentCrd, csiDriver, priorityClass, oneAgentDaemonSets] = await Promise.all([
        lookup(k, ctx, `GET ${crdPath}/${names.dynakubeCrd}`, (o) => k.api.crd.readCustomResourceDefinition({ name: names.dynakubeCrd }, o), toCrdFact),
        lookup(k, ctx, `GET ${crdPath}/${names.oneAgentCrd}`, (o) => k.api.crd.readCustomResourceDefinition({ name: names.oneAgentCrd }, o), toCrdFact),
        lookup(k, ctx, `GET /apis/storage.k8s.io/v1/csidrivers/${names.csiDriver}`, (o) => k.api.storage.readCSIDriver({ name: names.csiDriver }, o), (d) =>
          object(d.metadata),
        ),
        lookup(
          k,
          ctx,
          `GET /apis/scheduling.k8s.io/v1/priorityclasses/${names.priorityClass}`,
          (o) => k.api.scheduling.readPriorityClass({ name: names.priorityClass }, o),
          (p) => object(p.metadata),
        ),
        daemonSets,
      ]);
      return {
        "k8s.dynatraceObjects": { names, dynakubeCrd, oneAgentCrd, csiDriver, priorityClass },
        "k8s.oneAgentDaemonSets": oneAgentDaemonSets,
      };
    },
  });
}

export const dynatraceObjectsCollector = createDynatraceObjectsCollector();
