"use client";

import type { InstallPlanSection } from "@/lib/report/install-plan";
import { CopyButton } from "./copy-button";

/** The install plan's numbered sections, each with a Copy button and its notes. */
export function InstallPlanSections({ sections }: { sections: InstallPlanSection[] }) {
  return (
    <ol className="space-y-3 px-3 py-3">
      {sections.map((s, i) => (
        <li key={s.id} data-testid={`install-plan-${s.id}`}>
          <div className="mb-1 flex items-center gap-2">
            <h3 className="text-sm font-medium">
              {i + 1}. {s.title}
            </h3>
          </div>
          <div className="relative rounded-md bg-slate-900">
            <div className="absolute top-1.5 right-1.5">
              <CopyButton text={s.content} label="Copy" />
            </div>
            <pre className="overflow-x-auto p-3 pr-16 font-mono text-xs text-slate-100">{s.content}</pre>
          </div>
          {s.notes.length ? (
            <ul className="mt-1 list-disc pl-5 text-xs text-slate-600">
              {s.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
