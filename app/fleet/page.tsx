import type { Metadata } from "next";
import Link from "next/link";
import { FleetView } from "@/components/fleet-view";

export const metadata: Metadata = { title: "Fleet" };

export default function FleetPage() {
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">AKS fleet</h1>
        <p className="mt-1 text-sm text-slate-600">
          Every AKS cluster discovered through the{" "}
          <Link href="/azure" className="text-sky-700 underline">
            Azure connections
          </Link>
          , with the verdict of its latest check. Several clusters can be checked at once; a few run at a time, the others wait.
        </p>
      </div>
      <FleetView />
    </div>
  );
}
