"use client";

import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { ErrorPanel, Loading } from "./query-state";

/** A titled list of saved connections (tenants, Azure): loading, its error, an empty state, or one row per item. */
export function SavedList<T extends { id: string }>({
  headingId,
  heading,
  query,
  loading,
  errorTitle,
  empty,
  listLabel,
  row,
}: {
  headingId: string;
  heading: string;
  query: UseQueryResult<T[]>;
  loading: string;
  errorTitle: string;
  empty: string;
  listLabel: string;
  row: (item: T) => ReactNode;
}) {
  return (
    <section aria-labelledby={headingId} className="space-y-2">
      <h2 id={headingId} className="text-base font-semibold">
        {heading}
      </h2>
      {query.isPending ? (
        <Loading label={loading} />
      ) : query.isError ? (
        <ErrorPanel title={errorTitle} error={query.error} />
      ) : query.data.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white px-4 py-6 text-center text-sm text-slate-500">{empty}</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white" aria-label={listLabel}>
          {query.data.map(row)}
        </ul>
      )}
    </section>
  );
}
