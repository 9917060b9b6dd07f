import type { Metadata } from "next";
import { TenantsView } from "@/components/tenants-view";

export const metadata: Metadata = { title: "Tenants" };

export default function TenantsPage() {
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Dynatrace tenants</h1>
        <p className="mt-1 text-sm text-slate-600">
          A tenant connection is checked together with a cluster: choose it in a cluster&apos;s plan. Tokens are stored encrypted and
          never shown again; only their public part (e.g. <span className="font-mono">dt0c01.ABCDEFGH…</span>) is.
        </p>
      </div>
      <TenantsView />
    </div>
  );
}
