import Link from "next/link";

export default function NotFound() {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-6 py-12 text-center">
      <h1 className="text-lg font-semibold">Page not found</h1>
      <Link href="/" className="mt-3 inline-block text-sky-700 underline">
        Back to the clusters
      </Link>
    </div>
  );
}
