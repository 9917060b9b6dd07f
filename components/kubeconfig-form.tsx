"use client";

import { useRouter } from "next/navigation";
import { useState, type ChangeEvent, type FormEvent } from "react";
import type { InspectResult, KubeconfigContext } from "@/lib/contracts";
import { useCreateCluster, useInspectKubeconfig } from "@/lib/web/hooks";

const MAX_FILE_BYTES = 1024 * 1024;

function firstUsableContext(result: InspectResult): KubeconfigContext | undefined {
  const usable = result.contexts.filter((c) => !c.unsupported);
  return usable.find((c) => c.name === result.currentContext) ?? usable[0];
}

/**
 * Connect a cluster from a kubeconfig: paste or upload → Inspect (server-side validation, nothing stored)
 * → pick a context → name → Save. The kubeconfig only travels to the server; it is never echoed back.
 */
export function KubeconfigForm() {
  const router = useRouter();
  const [kubeconfig, setKubeconfig] = useState("");
  const [fileError, setFileError] = useState<string>();
  const [inspected, setInspected] = useState<InspectResult>();
  const [context, setContext] = useState("");
  const [name, setName] = useState("");
  const [nameTouched, setNameTouched] = useState(false);
  const inspect = useInspectKubeconfig();
  const create = useCreateCluster();

  function resetInspection() {
    setInspected(undefined);
    setContext("");
    inspect.reset();
    create.reset();
  }

  function onText(value: string) {
    setKubeconfig(value);
    setFileError(undefined);
    if (inspected) resetInspection();
  }

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      setFileError(`${file.name} is larger than 1 MiB; that is not a kubeconfig.`);
      return;
    }
    onText(await file.text());
  }

  function chooseContext(value: string) {
    setContext(value);
    if (!nameTouched) setName(value);
  }

  function onInspect(event: FormEvent) {
    event.preventDefault();
    create.reset();
    inspect.mutate(kubeconfig, {
      onSuccess: (result) => {
        setInspected(result);
        const chosen = firstUsableContext(result);
        setContext(chosen?.name ?? "");
        if (!nameTouched) setName(chosen?.name ?? "");
      },
      onError: () => setInspected(undefined),
    });
  }

  function onSave(event: FormEvent) {
    event.preventDefault();
    create.mutate({ name: name.trim(), kubeconfig, context }, { onSuccess: ({ id }) => router.push(`/clusters/${id}`) });
  }

  const error = fileError ?? inspect.error?.message ?? create.error?.message;
  const selected = inspected?.contexts.find((c) => c.name === context);
  const hasUsable = inspected ? inspected.contexts.some((c) => !c.unsupported) : false;
  const fieldClass = "rounded border border-slate-300 bg-white px-2 py-1 text-sm";

  return (
    <div className="space-y-4">
      <form onSubmit={onInspect} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <label htmlFor="kubeconfig" className="text-sm font-semibold">
            Kubeconfig
          </label>
          <label className="cursor-pointer text-xs font-medium text-sky-700 hover:underline">
            Upload file
            <input type="file" accept=".yaml,.yml,.conf,.config,text/yaml,text/plain,*/*" onChange={onFile} className="sr-only" />
          </label>
        </div>
        <textarea
          id="kubeconfig"
          name="kubeconfig"
          value={kubeconfig}
          onChange={(e) => onText(e.target.value)}
          rows={12}
          spellCheck={false}
          autoComplete="off"
          placeholder={"apiVersion: v1\nkind: Config\nclusters: …"}
          className="w-full rounded border border-slate-300 bg-slate-50 p-2 font-mono text-xs leading-relaxed"
        />
        <p className="text-xs text-slate-500">
          Token or client-certificate credentials only: exec plugins (e.g. <span className="font-mono">kubelogin</span>) and file
          references are refused because the server would have to run them. The kubeconfig is stored encrypted, reduced to the chosen
          context, and never shown again.
        </p>
        <button
          type="submit"
          disabled={!kubeconfig.trim() || inspect.isPending}
          className="rounded-md bg-slate-900 px-4 py-1.5 text-sm font-semibold text-white hover:bg-slate-700 disabled:opacity-50"
        >
          {inspect.isPending ? "Inspecting…" : "Inspect"}
        </button>
      </form>

      {error ? (
        <div role="alert" data-testid="form-error" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
          <p className="font-semibold">{create.error ? "Could not save the cluster" : "This kubeconfig cannot be used"}</p>
          <p className="mt-1 font-mono text-xs whitespace-pre-wrap">{error}</p>
        </div>
      ) : null}

      {inspected ? (
        <form onSubmit={onSave} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
          <div className="grid gap-3 sm:grid-cols-2">
            <label className="flex flex-col gap-1 text-xs font-medium text-slate-700">
              Context
              <select name="context" value={context} onChange={(e) => chooseContext(e.target.value)} className={fieldClass}>
                {!hasUsable ? <option value="">No usable context</option> : null}
                {inspected.contexts.map((c) => (
                  <option key={c.name} value={c.name} disabled={Boolean(c.unsupported)}>
                    {c.name}
                    {c.unsupported ? " (unsupported)" : ""}
                  </option>
                ))}
              </select>
            </label>
            <label className="flex flex-col gap-1 text-xs font-medium text-slate-700">
              Name
              <input
                name="name"
                value={name}
                required
                maxLength={100}
                onChange={(e) => {
                  setName(e.target.value);
                  setNameTouched(true);
                }}
                className={fieldClass}
              />
            </label>
          </div>

          {selected ? (
            <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-0.5 text-xs">
              <dt className="text-slate-500">Server</dt>
              <dd className="font-mono break-all">{selected.server}</dd>
              <dt className="text-slate-500">User</dt>
              <dd className="font-mono">
                {selected.user} <span className="font-sans text-slate-500">({selected.authKind})</span>
              </dd>
              {selected.namespace ? (
                <>
                  <dt className="text-slate-500">Namespace</dt>
                  <dd className="font-mono">{selected.namespace}</dd>
                </>
              ) : null}
            </dl>
          ) : null}

          <ContextList contexts={inspected.contexts} />

          <button
            type="submit"
            disabled={!context || !name.trim() || create.isPending}
            className="rounded-md bg-slate-900 px-4 py-1.5 text-sm font-semibold text-white hover:bg-slate-700 disabled:opacity-50"
          >
            {create.isPending ? "Saving…" : "Save cluster"}
          </button>
        </form>
      ) : null}
    </div>
  );
}

/** Every context with why an unsupported one cannot be used (a disabled option cannot show its reason). */
function ContextList({ contexts }: { contexts: KubeconfigContext[] }) {
  const unsupported = contexts.filter((c) => c.unsupported);
  if (unsupported.length === 0) return null;
  return (
    <div className="rounded border border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-950">
      <p className="font-semibold">
        {unsupported.length === contexts.length ? "No context in this kubeconfig can be used:" : "Some contexts cannot be used:"}
      </p>
      <ul className="mt-1 space-y-1">
        {unsupported.map((c) => (
          <li key={c.name}>
            <span className="font-mono font-medium">{c.name}</span>: {c.unsupported}
          </li>
        ))}
      </ul>
    </div>
  );
}
