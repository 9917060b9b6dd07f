import type { Metadata } from "next";
import Link from "next/link";
import { KubeconfigForm } from "@/components/kubeconfig-form";

export const metadata: Metadata = { title: "Add cluster" };

export default function NewClusterPage() {
  return (
    <div className="max-w-3xl space-y-4">
      <div>
        <nav aria-label="Breadcrumb" className="text-xs text-slate-500">
          <Link href="/" className="hover:underline">
            Clusters
          </Link>{" "}
          / Add
        </nav>
        <h1 className="mt-1 text-xl font-semibold">Add cluster</h1>
        <p className="mt-1 text-sm text-slate-600">
          Paste or upload a kubeconfig, choose a context and save. Checks only read from the cluster.
        </p>
      </div>
      <KubeconfigForm />
    </div>
  );
}
