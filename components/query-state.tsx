import type { ReactNode } from "react";

export function Loading({ label }: { label: string }) {
  return (
    <p role="status" className="py-8 text-center text-sm text-slate-500">
      {label}
    </p>
  );
}

export function ErrorPanel({ title, error, children }: { title: string; error: Error | null | undefined; children?: ReactNode }) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
      <p className="font-semibold">{title}</p>
      {error ? <p className="mt-1">{error.message}</p> : null}
      {children}
    </div>
  );
}
