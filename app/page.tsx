import Link from "next/link";
import { ClustersList } from "@/components/clusters-list";

export default function HomePage() {
  return (
    <div className="space-y-4">
      <div className="flex items-center justify-between">
        <h1 className="text-xl font-semibold">Clusters</h1>
        <Link href="/clusters/new" className="rounded-md bg-slate-900 px-3 py-1.5 text-sm font-semibold text-white hover:bg-slate-700">
          Add cluster
        </Link>
      </div>
      <ClustersList />
    </div>
  );
}
