"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import type { AzureConnectionInfo, CreateAzureConnectionInput, DiscoveryResult } from "@/lib/contracts";
import { formatDateTime, formatRelative } from "@/lib/web/format";
import { useAzureConnections, useCreateAzureConnection, useDeleteAzureConnection, useDiscover } from "@/lib/web/hooks";
import { SavedList } from "./saved-list";
import { apiErrorPlacement, describedBy, FieldError, FieldHint, FormError, TextField } from "./form-fields";

const KIND_LABELS: Record<AzureConnectionInfo["kind"], string> = {
  "client-secret": "Service principal with client secret",
  "client-certificate": "Service principal with certificate",
  "workload-identity": "Workload identity (dashboard runs in AKS)",
  "managed-identity": "Managed identity",
  "default-prod": "Environment default (production credentials only)",
};

const CLOUD_LABELS: Record<AzureConnectionInfo["cloud"], string> = {
  AzureCloud: "Azure (public)",
  AzureChinaCloud: "Azure China (21Vianet)",
  AzureUSGovernment: "Azure US Government",
  custom: "Custom (authority host and Resource Manager endpoint)",
};

/** The saved Azure connections (discover their clusters from here) and the form to add one. */
export function AzureConnectionsView() {
  const connections = useAzureConnections();
  return (
    <div className="space-y-6">
      <SavedList
        headingId="connections-heading"
        heading="Saved connections"
        query={connections}
        loading="Loading Azure connections…"
        errorTitle="Could not load the Azure connections"
        empty="No Azure connection yet. Add one below, then discover the AKS clusters it can read."
        listLabel="Azure connections"
        row={(c) => <ConnectionRow key={c.id} connection={c} />}
      />
      <ConnectionForm />
    </div>
  );
}

function ConnectionRow({ connection: c }: { connection: AzureConnectionInfo }) {
  const discover = useDiscover();
  const remove = useDeleteAzureConnection();
  const [result, setResult] = useState<DiscoveryResult>();
  return (
    <li className="space-y-2 px-4 py-3 text-sm" data-testid="azure-connection-row">
      <div className="flex flex-wrap items-start gap-x-6 gap-y-1">
        <div className="min-w-0 flex-1">
          <p className="font-semibold">{c.name}</p>
          <p className="text-xs text-slate-600">
            {KIND_LABELS[c.kind]} · {CLOUD_LABELS[c.cloud]}
          </p>
        </div>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 text-xs">
          {c.tenantId ? (
            <>
              <dt className="text-slate-500">Tenant ID</dt>
              <dd className="font-mono">{c.tenantId}</dd>
            </>
          ) : null}
          {c.clientId ? (
            <>
              <dt className="text-slate-500">Client ID</dt>
              <dd className="font-mono">{c.clientId}</dd>
            </>
          ) : null}
          {c.cloud === "custom" ? (
            <>
              <dt className="text-slate-500">Authority</dt>
              <dd className="font-mono break-all">{c.authorityHost}</dd>
              <dt className="text-slate-500">Resource Manager</dt>
              <dd className="font-mono break-all">{c.armEndpoint}</dd>
            </>
          ) : null}
          {c.hasSecret ? (
            <>
              <dt className="text-slate-500">{c.kind === "client-certificate" ? "Certificate" : "Client secret"}</dt>
              <dd>stored encrypted</dd>
            </>
          ) : null}
          {c.customCa ? (
            <>
              <dt className="text-slate-500">CA</dt>
              <dd>custom</dd>
            </>
          ) : null}
          <dt className="text-slate-500">Clusters</dt>
          <dd data-testid="cluster-count">
            {c.discoveredAt ? (
              <>
                {c.clusterCount} · discovered <span title={formatDateTime(c.discoveredAt)}>{formatRelative(c.discoveredAt)}</span>
              </>
            ) : (
              "not discovered yet"
            )}
          </dd>
        </dl>
        <div className="flex flex-col items-end gap-2">
          <button
            type="button"
            disabled={discover.isPending}
            onClick={() => discover.mutate(c.id, { onSuccess: setResult })}
            className="rounded-md bg-slate-900 px-3 py-1 text-xs font-semibold text-white hover:bg-slate-700 disabled:opacity-50"
          >
            {discover.isPending ? "Discovering…" : "Discover clusters"}
          </button>
          <button
            type="button"
            disabled={remove.isPending}
            onClick={() => {
              if (window.confirm(`Delete the Azure connection ${c.name}? Its discovered clusters and their runs are deleted too.`)) remove.mutate(c.id);
            }}
            className="text-xs font-medium text-red-700 hover:underline disabled:opacity-50"
          >
            Delete
          </button>
        </div>
      </div>
      {discover.error ? (
        <p role="alert" data-testid="discover-error" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-xs text-red-800">
          {discover.error.message}
        </p>
      ) : result ? (
        <div role="status" className="rounded border border-emerald-200 bg-emerald-50 px-3 py-2 text-xs text-emerald-900">
          Found {result.clusters} AKS cluster{result.clusters === 1 ? "" : "s"} in {result.subscriptions} subscription
          {result.subscriptions === 1 ? "" : "s"}.{" "}
          <Link href="/fleet" className="font-semibold underline">
            Open the fleet
          </Link>
          {result.problems.length ? (
            <ul className="mt-1 list-disc pl-5 text-amber-900">
              {result.problems.map((p) => (
                <li key={p.subscriptionId}>
                  {p.subscriptionName}: {p.message}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : c.discoverError ? (
        <p className="rounded border border-amber-200 bg-amber-50 px-3 py-2 text-xs text-amber-900">Last discovery: {c.discoverError}</p>
      ) : null}
      {remove.error ? (
        <p role="alert" className="text-xs text-red-700">
          {remove.error.message}
        </p>
      ) : null}
    </li>
  );
}

type Field = keyof CreateAzureConnectionInput;
type Values = Required<CreateAzureConnectionInput>;
const EMPTY: Values = {
  name: "",
  kind: "client-secret",
  cloud: "AzureCloud",
  authorityHost: "",
  armEndpoint: "",
  tenantId: "",
  clientId: "",
  clientSecret: "",
  certificatePem: "",
  caPem: "",
};

/** Which fields a credential kind uses (the others are not sent). */
function fieldsFor(kind: string, cloud: string): Field[] {
  const f: Field[] = ["name", "kind", "cloud"];
  if (cloud === "custom") f.push("authorityHost", "armEndpoint");
  if (kind === "client-secret") f.push("tenantId", "clientId", "clientSecret");
  if (kind === "client-certificate") f.push("tenantId", "clientId", "certificatePem");
  if (kind === "workload-identity") f.push("tenantId", "clientId");
  if (kind === "managed-identity") f.push("clientId");
  f.push("caPem");
  return f;
}

function ConnectionForm() {
  const create = useCreateAzureConnection();
  const [values, setValues] = useState<Values>(EMPTY);
  const [saved, setSaved] = useState<string>();
  const shown = new Set(fieldsFor(values.kind, values.cloud));

  const set = (field: Field) => (value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setSaved(undefined);
    if (create.error) create.reset();
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    const input = Object.fromEntries(
      Object.entries(values).filter(([k, v]) => shown.has(k as Field) && (v !== "" || k === "name")),
    ) as unknown as CreateAzureConnectionInput;
    create.mutate(input, {
      onSuccess: (c) => {
        setValues(EMPTY);
        setSaved(c.name);
      },
    });
  }

  const { errorFor, formError } = apiErrorPlacement<Field>(create.error, shown);
  const text = (field: Field, label: string, opts: { hint?: string; placeholder?: string; type?: "text" | "password"; mono?: boolean } = {}) =>
    shown.has(field) ? <TextField idPrefix="azure" field={field} label={label} value={values[field]} onChange={set(field)} error={errorFor(field)} {...opts} /> : null;

  return (
    <form onSubmit={submit} aria-labelledby="add-azure-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" noValidate>
      <h2 id="add-azure-heading" className="text-base font-semibold">
        Add an Azure connection
      </h2>
      <div className="grid gap-3 sm:grid-cols-2">
        {text("name", "Name", { placeholder: "production subscriptions" })}
        <SelectField field="kind" label="Credential" value={values.kind} onChange={set("kind")} error={errorFor("kind")} options={KIND_LABELS} />
        <SelectField field="cloud" label="Cloud" value={values.cloud} onChange={set("cloud")} error={errorFor("cloud")} options={CLOUD_LABELS} />
        {text("authorityHost", "Authority host", { placeholder: "https://login.microsoftonline.com", mono: true })}
        {text("armEndpoint", "Resource Manager endpoint", { placeholder: "https://management.azure.com", mono: true })}
        {text("tenantId", "Directory (tenant) ID", { placeholder: "00000000-0000-0000-0000-000000000000", mono: true })}
        {text("clientId", values.kind === "managed-identity" ? "Client ID (user-assigned identity, optional)" : "Application (client) ID", {
          placeholder: "00000000-0000-0000-0000-000000000000",
          mono: true,
        })}
        {text("clientSecret", "Client secret", { type: "password", hint: "Stored encrypted; never shown again.", mono: true })}
      </div>
      {values.kind === "workload-identity" ? (
        <p className="text-xs text-slate-600">
          Uses the dashboard pod&apos;s own federated token (AZURE_FEDERATED_TOKEN_FILE, set by the AKS workload identity webhook).
          Like managed identity and the default chain, it works only with a built-in cloud.
        </p>
      ) : null}
      {values.kind === "default-prod" ? (
        <p className="text-xs text-slate-600">
          Uses the dashboard server&apos;s environment (AZURE_CLIENT_ID, AZURE_TENANT_ID, …), its workload identity or its managed
          identity, in that order. Developer tools (Azure CLI, PowerShell) are never used.
        </p>
      ) : null}
      {shown.has("certificatePem") ? (
        <PemField field="certificatePem" label="Certificate and private key (one PEM)" value={values.certificatePem} onChange={set("certificatePem")} error={errorFor("certificatePem")} hint="Stored encrypted; never shown again." />
      ) : null}
      <PemField
        field="caPem"
        label="CA certificate (optional, PEM)"
        value={values.caPem}
        onChange={set("caPem")}
        error={errorFor("caPem")}
        hint="For a private endpoint or a TLS-intercepting proxy in front of Entra ID and Resource Manager."
      />
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          disabled={create.isPending}
          className="rounded-md bg-slate-900 px-4 py-1.5 text-sm font-semibold text-white hover:bg-slate-700 disabled:opacity-50"
        >
          {create.isPending ? "Saving…" : "Save connection"}
        </button>
        {saved ? (
          <p role="status" className="text-sm text-emerald-700">
            Saved {saved}. Discover its clusters above.
          </p>
        ) : null}
      </div>
      <FormError message={formError} />
    </form>
  );
}

function SelectField({
  field,
  label,
  value,
  onChange,
  error,
  options,
}: {
  field: Field;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  options: Record<string, string>;
}) {
  const id = `azure-${field}`;
  return (
    <div className="flex flex-col gap-1 text-xs font-medium text-slate-700">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        name={field}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error)}
        className="h-8 rounded border border-slate-300 bg-white px-2 text-sm"
      >
        {Object.entries(options).map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

function PemField({
  field,
  label,
  value,
  onChange,
  error,
  hint,
}: {
  field: Field;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
}) {
  const id = `azure-${field}`;
  return (
    <div className="flex flex-col gap-1 text-xs font-medium text-slate-700">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        name={field}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        rows={4}
        spellCheck={false}
        autoComplete="off"
        placeholder="-----BEGIN CERTIFICATE-----"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        className={`w-full rounded border bg-slate-50 p-2 font-mono text-xs ${error ? "border-red-400" : "border-slate-300"}`}
      />
      <FieldHint id={`${id}-hint`} hint={hint} />
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
