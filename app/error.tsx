"use client";

// Last-resort boundary for a page that threw while rendering: say so and offer a retry, never a blank page.
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800">
      <p className="font-semibold">This page could not be shown.</p>
      <p className="mt-1">{error.digest ? `Error id ${error.digest}; the server log has the details.` : error.message}</p>
      <button type="button" onClick={reset} className="mt-2 rounded border border-red-300 bg-white px-2 py-1 text-xs font-medium hover:bg-red-100">
        Try again
      </button>
    </div>
  );
}
