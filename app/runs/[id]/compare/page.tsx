import Link from "next/link";
import { RunCompareView } from "@/components/run-compare-view";
import { DataError } from "@/lib/db/errors";
import { compareRunIds } from "@/lib/db/run-pairs";

export const dynamic = "force-dynamic";

export default async function RunComparePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ with?: string | string[] }> }) {
  const { id } = await params;
  const w = (await searchParams).with;
  try {
    const data = await compareRunIds(id, Array.isArray(w) ? w[0] : w);
    return <RunCompareView data={data} />;
  } catch (err) {
    if (!(err instanceof DataError)) throw err;
    return (
      <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-900">
        <p className="font-semibold">These runs cannot be compared</p>
        <p className="mt-1">{err.message}</p>
        <Link href={`/runs/${id}`} className="mt-2 inline-block underline">
          Back to the run
        </Link>
      </div>
    );
  }
}
