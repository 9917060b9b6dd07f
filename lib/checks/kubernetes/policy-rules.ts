// The Rego of the constraint templates in lib/data/policy-templates.ts, rewritten as functions over one pod template:
// each returns what the template would report as violations for that pod, or why it cannot be judged. Followed
// rule by rule from the templates' sources (cited there); where the library and Azure differ, the dialect says which.
// A pod is judged as the validating webhook sees it: after defaulting and after the API server has copied the
// AppArmor field to its annotation (since Kubernetes 1.30, on create), with containers and init containers.
import type { V1Container, V1PodTemplateSpec, V1SecurityContext, V1Volume } from "@kubernetes/client-node";
import type { PolicyDialect, PolicyRule, PolicyTemplate } from "@/lib/data/policy-templates";

export type Judgement = { violations: string[] } | { cannotJudge: string };

type Params = Record<string, unknown>;
type Container = V1Container & { init?: boolean };

interface Input {
  pod: V1PodTemplateSpec;
  params: Params;
  dialect: PolicyDialect;
}

class CannotJudge extends Error {}

function containersOf(pod: V1PodTemplateSpec): Container[] {
  return [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).map((c) => ({ ...c, init: true }))];
}

const who = (c: Container) => `${c.init ? "init container" : "container"} "${c.name}"`;

function list(params: Params, key: string): unknown[] | undefined {
  const v = params[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw new CannotJudge(`parameter ${key} is not a list`);
  return v;
}

function strings(params: Params, key: string): string[] | undefined {
  const v = list(params, key);
  if (v && !v.every((x) => typeof x === "string")) throw new CannotJudge(`parameter ${key} is not a list of strings`);
  return v as string[] | undefined;
}

/** exemptImages / excludedImages: an exact image, or a prefix ending in "*". */
function imageMatches(image: string | undefined, patterns: string[]): boolean {
  return patterns.some((p) => (p.endsWith("*") ? (image ?? "").startsWith(p.slice(0, -1)) : p === image));
}

/** Containers the template looks at, after its image and container-name exemptions. */
function judged(input: Input): Container[] {
  const imgs = strings(input.params, input.dialect === "gatekeeper" ? "exemptImages" : "excludedImages") ?? [];
  const names = input.dialect === "gatekeeper" ? [] : (strings(input.params, "excludedContainers") ?? []);
  return containersOf(input.pod).filter((c) => !imageMatches(c.image, imgs) && !names.includes(c.name));
}

const sc = (c: Container): V1SecurityContext => c.securityContext ?? {};

/** Volumes the template checks: all of them (library), or those a judged container mounts (Azure). */
function volumesFor(input: Input, mountedBy: Container[]): V1Volume[] {
  const volumes = input.pod.spec?.volumes ?? [];
  if (input.dialect === "gatekeeper") return volumes;
  const mounted = new Set(mountedBy.flatMap((c) => (c.volumeMounts ?? []).map((m) => m.name)));
  return volumes.filter((v) => mounted.has(v.name));
}

// "/foo" allows "/foo", "/foo/", "/foo/bar" but not "/fool" (path_matches in both templates).
function pathArray(p: string): string[] {
  return p === "/" ? [] : p.replace(/^\/+|\/+$/g, "").split("/");
}
export function pathMatches(prefix: string, path: string): boolean {
  const a = pathArray(prefix);
  const b = pathArray(path);
  return a.length <= b.length && a.every((x, i) => x === b[i]);
}

function num(v: unknown, what: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number") throw new CannotJudge(`${what} is not a number`);
  return v;
}

const RULES: Record<PolicyRule, (input: Input) => string[]> = {
  privileged(input) {
    return judged(input)
      .filter((c) => sc(c).privileged === true)
      .map((c) => `${who(c)} is privileged`);
  },

  "privilege-escalation"(input) {
    const podUser = input.pod.spec?.securityContext?.runAsUser;
    return judged(input)
      .filter((c) => {
        const ape = sc(c).allowPrivilegeEscalation;
        if (input.dialect === "gatekeeper") return ape !== false;
        // Azure V3: explicitly true, or not false while running as a non-root user (container, else pod).
        if (ape === true) return true;
        if (ape === false) return false;
        const user = sc(c).runAsUser ?? podUser;
        return user !== undefined && user !== 0;
      })
      .map((c) => `${who(c)} ${sc(c).allowPrivilegeEscalation === true ? "allows privilege escalation" : "does not set allowPrivilegeEscalation: false"}`);
  },

  "host-namespaces"(input) {
    const spec = input.pod.spec ?? { containers: [] };
    const shares = [spec.hostPID ? "hostPID" : "", spec.hostIPC ? "hostIPC" : ""].filter(Boolean);
    if (!shares.length) return [];
    // Azure: only when some container is not excluded by image; the library has no exemption here.
    if (input.dialect !== "gatekeeper" && judged(input).length === 0) return [];
    return [`the pod shares the host's ${shares.join(" and ")}`];
  },

  "host-network-ports"(input) {
    const gk = input.dialect === "gatekeeper";
    const allowNet = input.params[gk ? "hostNetwork" : "allowHostNetwork"];
    if (allowNet !== undefined && typeof allowNet !== "boolean") throw new CannotJudge(`parameter ${gk ? "hostNetwork" : "allowHostNetwork"} is not a boolean`);
    const min = num(input.params[gk ? "min" : "minPort"], "the minimum port");
    const max = num(input.params[gk ? "max" : "maxPort"], "the maximum port");
    const containers = judged(input);
    const out: string[] = [];
    // Azure reports per judged container; with every container excluded, nothing.
    if (!allowNet && input.pod.spec?.hostNetwork && (gk || containers.length > 0)) out.push("the pod uses the host network");
    for (const c of containers) {
      for (const p of c.ports ?? []) {
        if (p.hostPort === undefined) continue;
        if ((min !== undefined && p.hostPort < min) || (max !== undefined && p.hostPort > max)) out.push(`${who(c)} uses host port ${p.hostPort}`);
      }
    }
    return out;
  },

  "host-filesystem"(input) {
    const raw = list(input.params, "allowedHostPaths") ?? [];
    const allowed = raw.map((e) => {
      if (typeof e !== "object" || e === null || typeof (e as { pathPrefix?: unknown }).pathPrefix !== "string") throw new CannotJudge("an allowedHostPaths entry has no pathPrefix");
      const ro = (e as { readOnly?: unknown }).readOnly;
      if (ro !== undefined && typeof ro !== "boolean") throw new CannotJudge("an allowedHostPaths readOnly is not a boolean");
      return { prefix: (e as { pathPrefix: string }).pathPrefix, readOnly: ro === true };
    });
    const containers = input.dialect === "gatekeeper" ? containersOf(input.pod) : judged(input);
    const writable = (volume: string) => containers.some((c) => (c.volumeMounts ?? []).some((m) => m.name === volume && !m.readOnly));
    const out: string[] = [];
    for (const v of volumesFor(input, containers)) {
      if (!v.hostPath) continue;
      const path = v.hostPath.path;
      const matching = allowed.filter((a) => pathMatches(a.prefix, path));
      if (input.dialect === "gatekeeper") {
        if (!matching.some((a) => !a.readOnly || !writable(v.name))) out.push(`hostPath ${path} (volume ${v.name}) is not allowed${matching.length ? " writable" : ""}`);
      } else {
        if (!matching.length) out.push(`hostPath ${path} (volume ${v.name}) is not allowed`);
        else if (matching.some((a) => a.readOnly) && writable(v.name)) out.push(`hostPath ${path} (volume ${v.name}) must be mounted read-only`);
      }
    }
    return out;
  },

  "volume-types"(input) {
    const allowed = strings(input.params, "volumes") ?? [];
    if (allowed.includes("*")) return [];
    const out: string[] = [];
    for (const v of volumesFor(input, judged(input))) {
      for (const field of Object.keys(v)) {
        if (field === "name" || (v as unknown as Record<string, unknown>)[field] === undefined) continue;
        if (!allowed.includes(field)) out.push(`volume ${v.name} is of type ${field}`);
      }
    }
    return out;
  },

  capabilities(input) {
    const allowed = (strings(input.params, "allowedCapabilities") ?? []).map((c) => c.toLowerCase());
    const mustDrop = (strings(input.params, "requiredDropCapabilities") ?? []).map((c) => c.toLowerCase());
    const out: string[] = [];
    for (const c of judged(input)) {
      const added = (sc(c).capabilities?.add ?? []).map((x) => x.toLowerCase());
      const dropped = (sc(c).capabilities?.drop ?? []).map((x) => x.toLowerCase());
      const extra = allowed.includes("*") ? [] : added.filter((x) => !allowed.includes(x));
      if (extra.length) out.push(`${who(c)} adds ${extra.map((x) => x.toUpperCase()).join(", ")}`);
      const missing = mustDrop.filter((x) => !dropped.includes(x));
      if (missing.length && !dropped.includes("all")) out.push(`${who(c)} does not drop ${missing.map((x) => x.toUpperCase()).join(", ")}`);
    }
    return out;
  },

  "disallowed-capabilities"(input) {
    const disallowed = strings(input.params, "disallowedCapabilities") ?? [];
    const out: string[] = [];
    for (const c of judged(input)) {
      // Exact, case-sensitive comparison; "*" flags every judged container (as the Rego does).
      if (disallowed.includes("*")) out.push(`${who(c)} (every capability is disallowed)`);
      else {
        const hit = (sc(c).capabilities?.add ?? []).filter((x) => disallowed.includes(x));
        if (hit.length) out.push(`${who(c)} adds ${hit.join(", ")}`);
      }
    }
    return out;
  },

  "users-groups"(input) {
    const podSc = (input.pod.spec?.securityContext ?? {}) as Record<string, unknown>;
    const value = (c: Container, field: string): unknown => {
      const own = (sc(c) as Record<string, unknown>)[field];
      return own !== undefined ? own : podSc[field];
    };
    const ranges = (p: Record<string, unknown>, field: string): { min: number; max: number }[] | undefined => {
      if (p.ranges === undefined) return undefined;
      if (!Array.isArray(p.ranges) || !p.ranges.every((r) => typeof r?.min === "number" && typeof r?.max === "number")) throw new CannotJudge(`${field}.ranges is not a list of {min, max}`);
      return p.ranges as { min: number; max: number }[];
    };
    // is_in_range with no ranges is undefined in Rego: nothing is accepted.
    const inRange = (v: number, r: { min: number; max: number }[] | undefined) => !!r && r.some((x) => v >= x.min && v <= x.max);
    const out: string[] = [];
    for (const field of ["runAsUser", "runAsGroup", "supplementalGroups", "fsGroup"]) {
      const p = input.params[field];
      if (p === undefined || p === null) continue;
      if (typeof p !== "object") throw new CannotJudge(`parameter ${field} is not an object`);
      const rule = (p as { rule?: unknown }).rule;
      const known = field === "runAsUser" ? ["RunAsAny", "MustRunAsNonRoot", "MustRunAs"] : ["RunAsAny", "MayRunAs", "MustRunAs"];
      if (typeof rule !== "string" || !known.includes(rule)) throw new CannotJudge(`${field}.rule ${JSON.stringify(rule)} is not one of ${known.join(", ")}`);
      const r = ranges(p as Record<string, unknown>, field);
      for (const c of judged(input)) {
        const v = value(c, field);
        if (field === "runAsUser") {
          if (typeof v === "number") {
            const ok = rule === "RunAsAny" || (rule === "MustRunAsNonRoot" ? v !== 0 : inRange(v, r));
            if (!ok) out.push(`${who(c)} runs as user ${v} (${rule})`);
          } else if (rule === "MustRunAs") out.push(`${who(c)} sets no runAsUser (MustRunAs)`);
          else if (rule === "MustRunAsNonRoot" && value(c, "runAsNonRoot") !== true) out.push(`${who(c)} sets neither runAsNonRoot nor a non-zero runAsUser`);
          continue;
        }
        const values = Array.isArray(v) ? v : v === undefined ? [] : [v];
        for (const x of values) {
          if (typeof x !== "number") throw new CannotJudge(`${field} of ${c.name} is not a number`);
          if (rule !== "RunAsAny" && !inRange(x, r)) out.push(`${who(c)} has ${field} ${x} outside the allowed ranges`);
        }
        if (v === undefined && rule === "MustRunAs") out.push(`${who(c)} sets no ${field} (MustRunAs)`);
      }
    }
    return [...new Set(out)];
  },

  seccomp(input) {
    const allowedRaw = strings(input.params, "allowedProfiles") ?? [];
    if (allowedRaw.includes("*")) return [];
    const files = input.dialect === "gatekeeper" ? (strings(input.params, "allowedLocalhostFiles") ?? [""]) : [];
    const podProfile = input.pod.spec?.securityContext?.seccompProfile;
    const out: string[] = [];
    for (const c of judged(input)) {
      const profile = sc(c).seccompProfile ?? podProfile;
      const type = profile?.type;
      const file = profile?.localhostProfile ?? "";
      let ok: boolean;
      if (!type) ok = false; // "not configured" is never in an allow-list
      else if (input.dialect === "gatekeeper") {
        // The library compares the field's type literally (RuntimeDefault, Localhost with allowedLocalhostFiles).
        ok = type === "Localhost" ? allowedRaw.includes("Localhost") && (files.includes("*") || files.includes(file)) : allowedRaw.includes(type);
      } else {
        // Azure translates annotation names to field types (naming_translation in its Rego).
        const names: Record<string, string[]> = { RuntimeDefault: ["RuntimeDefault", "runtime/default", "docker/default"], Unconfined: ["Unconfined", "unconfined"] };
        if (type === "Localhost") ok = allowedRaw.includes("localhost/*") || allowedRaw.includes(`localhost/${file}`);
        else ok = (names[type] ?? [type]).some((n) => allowedRaw.includes(n));
      }
      if (!ok) out.push(`${who(c)} has seccomp profile ${type ? `${type}${type === "Localhost" ? ` ${file}` : ""}` : "not configured"}`);
    }
    return out;
  },

  apparmor(input) {
    const allowed = strings(input.params, "allowedProfiles") ?? [];
    const annotations = input.pod.metadata?.annotations ?? {};
    const canonical = (p: { type?: string; localhostProfile?: string } | undefined | null) =>
      !p ? "runtime/default" : p.type === "RuntimeDefault" ? "runtime/default" : p.type === "Unconfined" ? "unconfined" : `localhost/${p.localhostProfile ?? ""}`;
    const out: string[] = [];
    for (const c of judged(input)) {
      const annotation = annotations[`container.apparmor.security.beta.kubernetes.io/${c.name}`];
      const field = (sc(c) as { appArmorProfile?: { type?: string; localhostProfile?: string } }).appArmorProfile;
      const podField = (input.pod.spec?.securityContext as { appArmorProfile?: { type?: string; localhostProfile?: string } } | undefined)?.appArmorProfile;
      // The library reads the field first; Azure V3 reads the annotation, which the API server fills from the field.
      const profile = input.dialect === "gatekeeper" ? (field ? canonical(field) : (annotation ?? canonical(podField))) : (annotation ?? (field ? canonical(field) : podField ? canonical(podField) : "runtime/default"));
      if (!allowed.includes(profile)) out.push(`${who(c)} has AppArmor profile ${profile}`);
    }
    return out;
  },

  selinux(input) {
    const raw = list(input.params, "allowedSELinuxOptions") ?? [];
    const allowed = raw.map((e) => {
      if (typeof e !== "object" || e === null) throw new CannotJudge("an allowedSELinuxOptions entry is not an object");
      return e as Record<string, unknown>;
    });
    const ok = (o: Record<string, unknown>) => allowed.some((a) => ["level", "role", "type", "user"].every((f) => !o[f] || a[f] === o[f]));
    const out: string[] = [];
    const podOpts = input.pod.spec?.securityContext?.seLinuxOptions as Record<string, unknown> | undefined;
    if (podOpts && !ok(podOpts)) out.push(`the pod's seLinuxOptions ${JSON.stringify(podOpts)} are not allowed`);
    for (const c of judged(input)) {
      const o = sc(c).seLinuxOptions as Record<string, unknown> | undefined;
      if (o && !ok(o)) out.push(`${who(c)} has seLinuxOptions ${JSON.stringify(o)}`);
    }
    return out;
  },

  "read-only-root-filesystem"(input) {
    return judged(input)
      .filter((c) => sc(c).readOnlyRootFilesystem !== true)
      .map((c) => `${who(c)} has a writable root filesystem`);
  },
};

/** What the template reports for this pod, or why it cannot be judged (an unknown parameter or a malformed one). */
export function judgePod(template: PolicyTemplate, params: Params | undefined, pod: V1PodTemplateSpec): Judgement {
  if (params === undefined) return { cannotJudge: "its parameters were not recorded (too large, or facts stored by an older version)" };
  const unknown = Object.keys(params).filter((k) => !template.parameters.includes(k));
  if (unknown.length) return { cannotJudge: `parameter${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} ${unknown.length > 1 ? "are" : "is"} not understood by this check` };
  try {
    return { violations: RULES[template.rule]({ pod, params, dialect: template.dialect }) };
  } catch (err) {
    if (err instanceof CannotJudge) return { cannotJudge: err.message };
    throw err;
  }
}
