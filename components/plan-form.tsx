"use client";

import { useState, type FormEvent } from "react";
import { describeProblem, problemOf } from "@/lib/contracts/validation";
import { DEFAULT_OPERATOR_VERSION, OPERATOR_RELEASES } from "@/lib/data/operator-releases";
import { DELIVERY_LABELS } from "@/lib/data/code-module-delivery";
import {
  CODE_MODULE_DELIVERIES,
  codeModuleDelivery,
  MODE_DYNAKUBE,
  MODE_LABELS,
  MODES,
  planSchema,
  type CodeModuleDelivery,
  type Mode,
  type Plan,
  type PlanInput,
} from "@/lib/engine/plan";
import { useTenants } from "@/lib/web/hooks";

/**
 * The intended install (mode, namespace, operator version, CSI driver) and the Run button. Validated with
 * the same schema the server uses, so an invalid namespace is caught before the request.
 */
export function PlanForm({
  initialPlan,
  initialTenantId,
  onRun,
  isStarting,
  isRunning,
  error,
}: {
  initialPlan?: Plan;
  /** The tenant of the previous run, chosen again unless it was deleted. */
  initialTenantId?: string;
  /** tenantId: a saved tenant to check with the cluster, or undefined for the cluster alone. */
  onRun: (plan: PlanInput, tenantId?: string) => void;
  isStarting: boolean;
  isRunning: boolean;
  error?: string;
}) {
  const [mode, setMode] = useState<Mode>(initialPlan?.mode ?? "application");
  const [namespace, setNamespace] = useState(initialPlan?.namespace ?? "dynatrace");
  const [operatorVersion, setOperatorVersion] = useState(
    initialPlan && OPERATOR_RELEASES.some((r) => r.version === initialPlan.operatorVersion)
      ? initialPlan.operatorVersion
      : DEFAULT_OPERATOR_VERSION,
  );
  // The CSI driver checkbox and the delivery select say the same thing for csi-driver; they are kept in step.
  const [codeModules, setCodeModules] = useState<CodeModuleDelivery>(initialPlan ? codeModuleDelivery(initialPlan) : "csi-driver");
  const csiDriver = codeModules === "csi-driver";
  const setCsiDriver = (on: boolean) => setCodeModules(on ? "csi-driver" : "ephemeral-volume");
  // Opt-in per run: it writes a pod to the cluster, so it is never carried over from the previous run.
  const [egressProbe, setEgressProbe] = useState(false);
  const [namespaceError, setNamespaceError] = useState<string>();
  const tenants = useTenants();
  const [tenantId, setTenantId] = useState(initialTenantId ?? "");
  // A tenant deleted meanwhile is no longer offered; fall back to "No tenant" rather than sending a dead id.
  const chosenTenant = tenants.data?.some((t) => t.id === tenantId) ? tenantId : "";

  function submit(event: FormEvent) {
    event.preventDefault();
    // Keep what the form does not edit (namespace selector, DynaKube name, registry, probe image) from the previous plan.
    const input: PlanInput = {
      ...(initialPlan
        ? {
            namespaceSelector: initialPlan.namespaceSelector,
            dynakubeName: initialPlan.dynakubeName,
            privateRegistry: initialPlan.privateRegistry,
            egressProbeImage: initialPlan.egressProbeImage,
          }
        : {}),
      egressProbe,
      mode,
      namespace: namespace.trim(),
      operatorVersion,
      csiDriver,
      codeModules,
    };
    const parsed = planSchema.safeParse(input);
    if (!parsed.success) {
      setNamespaceError(describeProblem(problemOf(parsed.error)));
      return;
    }
    setNamespaceError(undefined);
    onRun(input, chosenTenant || undefined);
  }

  const fieldClass = "h-8 rounded border border-slate-300 bg-white px-2 text-sm";
  const labelClass = "flex flex-col gap-1 text-xs font-medium text-slate-700";
  return (
    <form onSubmit={submit} aria-label="Readiness check plan" className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="grid gap-3 sm:grid-cols-[1.4fr_1fr_0.8fr_1fr_auto] sm:items-end">
        <label className={labelClass}>
          Observability mode
          <select value={mode} onChange={(e) => setMode(e.target.value as Mode)} className={fieldClass} name="mode">
            {MODES.map((m) => (
              <option key={m} value={m}>
                {MODE_LABELS[m]}
              </option>
            ))}
          </select>
        </label>
        <label className={labelClass}>
          Namespace
          <input
            name="namespace"
            value={namespace}
            onChange={(e) => setNamespace(e.target.value)}
            aria-invalid={namespaceError ? true : undefined}
            aria-describedby={namespaceError ? "plan-error" : undefined}
            className={`${fieldClass} font-mono`}
            spellCheck={false}
            autoComplete="off"
          />
        </label>
        <label className={labelClass}>
          Operator version
          <select value={operatorVersion} onChange={(e) => setOperatorVersion(e.target.value)} className={fieldClass} name="operatorVersion">
            {[...OPERATOR_RELEASES].reverse().map((r) => (
              <option key={r.version} value={r.version}>
                {r.version}
                {r.version === DEFAULT_OPERATOR_VERSION ? " (latest)" : ""}
              </option>
            ))}
          </select>
        </label>
        <label className={labelClass}>
          Dynatrace tenant
          <select value={chosenTenant} onChange={(e) => setTenantId(e.target.value)} className={fieldClass} name="tenant">
            <option value="">No tenant</option>
            {(tenants.data ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex items-center gap-2 pb-1.5 text-xs font-medium text-slate-700">
          <input type="checkbox" name="csiDriver" checked={csiDriver} onChange={(e) => setCsiDriver(e.target.checked)} className="h-4 w-4" />
          CSI driver
        </label>
      </div>
      <div className="mt-3 grid gap-3 sm:grid-cols-[1.4fr_3fr]">
        <label className={labelClass}>
          Code modules delivery
          <select value={codeModules} onChange={(e) => setCodeModules(e.target.value as CodeModuleDelivery)} className={fieldClass} name="codeModules">
            {CODE_MODULE_DELIVERIES.map((d) => (
              <option key={d} value={d}>
                {DELIVERY_LABELS[d]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <button
          type="submit"
          disabled={isStarting || isRunning}
          className="rounded-md bg-slate-900 px-4 py-1.5 text-sm font-semibold text-white hover:bg-slate-700 disabled:opacity-50"
        >
          {isStarting ? "Starting…" : isRunning ? "Run in progress…" : "Run readiness check"}
        </button>
        <label className="flex items-center gap-2 text-xs font-medium text-slate-700" title="Starts a short-lived pod in the namespace that connects to the tenant; it is labelled and deleted after the run.">
          <input type="checkbox" name="egressProbe" checked={egressProbe} onChange={(e) => setEgressProbe(e.target.checked)} className="h-4 w-4" />
          In-cluster egress probe (creates a short-lived pod)
        </label>
        <p className="text-xs text-slate-500">
          DynaKube: <span className="font-mono">{MODE_DYNAKUBE[mode]}</span>
        </p>
      </div>
      {namespaceError || error ? (
        <p id="plan-error" role="alert" className="mt-3 rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {namespaceError ?? error}
        </p>
      ) : null}
    </form>
  );
}
