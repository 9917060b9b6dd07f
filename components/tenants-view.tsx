"use client";

import { useState, type ChangeEvent, type FormEvent } from "react";
import type { CreateTenantInput, TenantInfo } from "@/lib/contracts";
import { formatDateTime } from "@/lib/web/format";
import { useCreateTenant, useDeleteTenant, useTenants } from "@/lib/web/hooks";
import { SavedList } from "./saved-list";
import { apiErrorPlacement, FieldError, FormError, TextField } from "./form-fields";

/** The saved tenants and the form to add one. */
export function TenantsView() {
  const tenants = useTenants();
  return (
    <div className="space-y-6">
      <SavedList
        headingId="tenants-heading"
        heading="Saved tenants"
        query={tenants}
        loading="Loading tenants…"
        errorTitle="Could not load the tenants"
        empty="No tenant yet. Add one below to check the tenant, its tokens and the network paths with a cluster."
        listLabel="Tenants"
        row={(t) => <TenantRow key={t.id} tenant={t} />}
      />
      <TenantForm />
    </div>
  );
}

function TenantRow({ tenant }: { tenant: TenantInfo }) {
  const remove = useDeleteTenant();
  return (
    <li className="flex flex-wrap items-start gap-x-6 gap-y-1 px-4 py-3 text-sm" data-testid="tenant-row">
      <div className="min-w-0 flex-1">
        <p className="font-semibold">{tenant.name}</p>
        <p className="font-mono text-xs break-all text-slate-700">{tenant.apiUrl}</p>
      </div>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 text-xs">
        <TenantSummaryRows tenant={tenant} />
        <dt className="text-slate-500">Added</dt>
        <dd>{formatDateTime(tenant.createdAt)}</dd>
      </dl>
      <div className="flex flex-col items-end gap-1">
        <button
          type="button"
          disabled={remove.isPending}
          onClick={() => {
            if (window.confirm(`Delete the tenant ${tenant.name}? Runs made with it keep their results.`)) remove.mutate(tenant.id);
          }}
          className="text-xs font-medium text-red-700 hover:underline disabled:opacity-50"
        >
          Delete
        </button>
        {remove.error ? (
          <p role="alert" className="text-xs text-red-700">
            {remove.error.message}
          </p>
        ) : null}
      </div>
    </li>
  );
}

/** A tenant's public details as <dt>/<dd> pairs (also used by the run page). */
export function TenantSummaryRows({
  tenant,
}: {
  tenant: Pick<TenantInfo, "operatorTokenPublic" | "ingestTokenPublic" | "proxy" | "customCa" | "networkZone">;
}) {
  return (
    <>
      <dt className="text-slate-500">Operator token</dt>
      <dd className="font-mono">{tenant.operatorTokenPublic}</dd>
      <dt className="text-slate-500">Data-ingest token</dt>
      <dd className={tenant.ingestTokenPublic ? "font-mono" : "text-slate-500"}>{tenant.ingestTokenPublic ?? "none"}</dd>
      {tenant.proxy ? (
        <>
          <dt className="text-slate-500">Proxy</dt>
          <dd className="font-mono break-all">{tenant.proxy}</dd>
        </>
      ) : null}
      {tenant.customCa ? (
        <>
          <dt className="text-slate-500">CA bundle</dt>
          <dd>custom</dd>
        </>
      ) : null}
      {tenant.networkZone ? (
        <>
          <dt className="text-slate-500">Network zone</dt>
          <dd className="font-mono">{tenant.networkZone}</dd>
        </>
      ) : null}
    </>
  );
}

type Field = keyof CreateTenantInput;
const EMPTY: CreateTenantInput = { name: "", apiUrl: "", operatorToken: "", ingestToken: "", proxyUrl: "", caBundle: "", networkZone: "" };
const MAX_CA_FILE_BYTES = 1024 * 1024;

function TenantForm() {
  const create = useCreateTenant();
  const [values, setValues] = useState<CreateTenantInput>(EMPTY);
  const [caFileError, setCaFileError] = useState<string>();
  const [saved, setSaved] = useState<string>();

  const set = (field: Field) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setSaved(undefined);
    if (create.error) create.reset();
  };

  async function onCaFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    if (file.size > MAX_CA_FILE_BYTES) {
      setCaFileError(`${file.name} is larger than 1 MiB; that is not a CA bundle.`);
      return;
    }
    setCaFileError(undefined);
    set("caBundle")(await file.text());
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    // Empty optional fields are left out; the tokens are sent as typed (the server explains whitespace).
    const input = Object.fromEntries(Object.entries(values).filter(([k, v]) => v !== "" || k === "name" || k === "apiUrl" || k === "operatorToken"));
    create.mutate(input as CreateTenantInput, {
      onSuccess: (tenant) => {
        setValues(EMPTY);
        setSaved(tenant.name);
      },
    });
  }

  const placed = apiErrorPlacement<Field>(create.error);
  const errorFor = (field: Field) => placed.errorFor(field) ?? (field === "caBundle" ? caFileError : undefined);
  const formError = placed.formError;

  return (
    <form onSubmit={submit} aria-labelledby="add-tenant-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" noValidate>
      <h2 id="add-tenant-heading" className="text-base font-semibold">
        Add a tenant
      </h2>
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField idPrefix="tenant" field="name" label="Name" value={values.name} onChange={set("name")} error={errorFor("name")} placeholder="production" />
        <TextField
          idPrefix="tenant"
          field="apiUrl"
          label="API URL"
          value={values.apiUrl}
          onChange={set("apiUrl")}
          error={errorFor("apiUrl")}
          placeholder="https://<environment-id>.live.dynatrace.com/api"
          mono
        />
        <TextField
          idPrefix="tenant"
          field="operatorToken"
          label="Operator token"
          type="password"
          value={values.operatorToken}
          onChange={set("operatorToken")}
          error={errorFor("operatorToken")}
          hint="From the “Kubernetes: Dynatrace Operator” token template."
          mono
        />
        <TextField
          idPrefix="tenant"
          field="ingestToken"
          label="Data-ingest token (optional)"
          type="password"
          value={values.ingestToken ?? ""}
          onChange={set("ingestToken")}
          error={errorFor("ingestToken")}
          hint="From the “Kubernetes: Data Ingest” template; needed for metrics and log ingest."
          mono
        />
        <TextField
          idPrefix="tenant"
          field="proxyUrl"
          label="Proxy (optional)"
          value={values.proxyUrl ?? ""}
          onChange={set("proxyUrl")}
          error={errorFor("proxyUrl")}
          placeholder="http://proxy.example.com:3128"
          hint="Stored encrypted: it can contain credentials."
          mono
        />
        <TextField
          idPrefix="tenant"
          field="networkZone"
          label="Network zone (optional)"
          value={values.networkZone ?? ""}
          onChange={set("networkZone")}
          error={errorFor("networkZone")}
          mono
        />
      </div>
      <div className="flex flex-col gap-1 text-xs font-medium text-slate-700">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <label htmlFor="tenant-caBundle">CA bundle (optional, PEM)</label>
          <label className="cursor-pointer font-medium text-sky-700 hover:underline">
            Upload file
            <input type="file" accept=".pem,.crt,.cer,text/plain,*/*" onChange={onCaFile} className="sr-only" />
          </label>
        </div>
        <textarea
          id="tenant-caBundle"
          name="caBundle"
          value={values.caBundle ?? ""}
          onChange={(e) => set("caBundle")(e.target.value)}
          rows={4}
          spellCheck={false}
          autoComplete="off"
          placeholder="-----BEGIN CERTIFICATE-----"
          aria-invalid={errorFor("caBundle") ? true : undefined}
          aria-describedby={errorFor("caBundle") ? "tenant-caBundle-error" : undefined}
          className="w-full rounded border border-slate-300 bg-slate-50 p-2 font-mono text-xs"
        />
        <span className="font-normal text-slate-500">The certificates of a TLS-intercepting proxy or a Managed cluster with its own CA.</span>
        <FieldError id="tenant-caBundle-error" message={errorFor("caBundle")} />
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          disabled={create.isPending}
          className="rounded-md bg-slate-900 px-4 py-1.5 text-sm font-semibold text-white hover:bg-slate-700 disabled:opacity-50"
        >
          {create.isPending ? "Saving…" : "Save tenant"}
        </button>
        {saved ? (
          <p role="status" className="text-sm text-emerald-700">
            Saved {saved}. Choose it in a cluster&apos;s plan to check it.
          </p>
        ) : null}
      </div>
      <FormError message={formError} />
    </form>
  );
}
