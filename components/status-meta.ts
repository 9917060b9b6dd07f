// The status and verdict color system. Every status has its own color AND its own icon and word, so
// nothing depends on color alone.
import type { Status, Verdict } from "@/lib/engine/types";

export interface Tone {
  label: string;
  icon: string;
  badge: string;
  dot: string;
  /** Text color for the icon where the status stands alone (counts). */
  text: string;
}

export const STATUS_TONES: Record<Status, Tone> = {
  fail: { label: "Fail", icon: "✕", badge: "bg-red-50 text-red-800 ring-red-600/25", dot: "bg-red-600", text: "text-red-700" },
  unknown: { label: "Unknown", icon: "?", badge: "bg-violet-50 text-violet-800 ring-violet-600/25", dot: "bg-violet-600", text: "text-violet-700" },
  manual: { label: "Manual", icon: "✎", badge: "bg-sky-50 text-sky-800 ring-sky-600/25", dot: "bg-sky-600", text: "text-sky-700" },
  warn: { label: "Warn", icon: "!", badge: "bg-amber-50 text-amber-900 ring-amber-600/30", dot: "bg-amber-500", text: "text-amber-600" },
  pass: { label: "Pass", icon: "✓", badge: "bg-emerald-50 text-emerald-800 ring-emerald-600/25", dot: "bg-emerald-600", text: "text-emerald-700" },
  "not-applicable": {
    label: "Not applicable",
    icon: "–",
    badge: "bg-slate-100 text-slate-600 ring-slate-400/30",
    dot: "bg-slate-400",
    text: "text-slate-500",
  },
};

export const NOT_CHECKED_TONE: Tone = {
  label: "Not checked",
  icon: "○",
  badge: "bg-white text-slate-500 ring-slate-300",
  dot: "bg-slate-300",
  text: "text-slate-400",
};

export const VERDICT_TONES: Record<Verdict, Tone> = {
  ready: { label: "Ready", icon: "✓", badge: "bg-emerald-600 text-white ring-emerald-700", dot: "bg-emerald-600", text: "text-emerald-700" },
  "ready-with-warnings": {
    label: "Ready with warnings",
    icon: "!",
    badge: "bg-amber-400 text-amber-950 ring-amber-500",
    dot: "bg-amber-500",
    text: "text-amber-600",
  },
  "not-ready": { label: "Not ready", icon: "✕", badge: "bg-red-600 text-white ring-red-700", dot: "bg-red-600", text: "text-red-700" },
  incomplete: { label: "Incomplete", icon: "?", badge: "bg-violet-600 text-white ring-violet-700", dot: "bg-violet-600", text: "text-violet-700" },
};

export const RUNNING_TONE: Tone = { label: "Running", icon: "◌", badge: "bg-sky-600 text-white ring-sky-700", dot: "bg-sky-600", text: "text-sky-700" };
export const RUN_FAILED_TONE: Tone = {
  label: "Run failed",
  icon: "✕",
  badge: "bg-slate-700 text-white ring-slate-800",
  dot: "bg-slate-700",
  text: "text-slate-700",
};
