"use client";

import { ApiError } from "@/lib/web/api-client";

// Labelled inputs of the connection forms (tenants, Azure): each says what is wrong with it right under it,
// and points screen readers at that message and at its hint.

/** `${idPrefix}-${field}` is the input's id; its hint and error get that id with -hint / -error. */
export interface FieldProps {
  idPrefix: string;
  field: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
}

export function describedBy(id: string, error?: string, hint?: string): string | undefined {
  return [error ? `${id}-error` : "", hint ? `${id}-hint` : ""].filter(Boolean).join(" ") || undefined;
}

export function TextField({
  idPrefix,
  field,
  label,
  value,
  onChange,
  error,
  hint,
  placeholder,
  type = "text",
  mono,
}: FieldProps & { placeholder?: string; type?: "text" | "password"; mono?: boolean }) {
  const id = `${idPrefix}-${field}`;
  return (
    <div className="flex flex-col gap-1 text-xs font-medium text-slate-700">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={field}
        type={type}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={placeholder}
        spellCheck={false}
        autoComplete={type === "password" ? "new-password" : "off"}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, error, hint)}
        className={`h-8 rounded border bg-white px-2 text-sm ${error ? "border-red-400" : "border-slate-300"} ${mono ? "font-mono" : ""}`}
      />
      <FieldHint id={`${id}-hint`} hint={hint} />
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

export function FieldHint({ id, hint }: { id: string; hint?: string }) {
  if (!hint) return null;
  return (
    <span id={id} className="font-normal text-slate-500">
      {hint}
    </span>
  );
}

export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <span id={id} role="alert" className="font-normal text-red-700">
      {message}
    </span>
  );
}

/**
 * How a save form shows the server's 400: next to the field it names (`ApiError.field`), else above the form.
 * `shown` limits the fields that can take it (a field the form does not show cannot display an error).
 */
export function apiErrorPlacement<F extends string>(err: Error | null, shown?: ReadonlySet<F>) {
  const field = err instanceof ApiError && err.field ? (err.field as F) : undefined;
  const onField = field !== undefined && (!shown || shown.has(field)) ? field : undefined;
  return {
    errorFor: (f: F): string | undefined => (onField === f ? err?.message : undefined),
    formError: err && !onField ? err.message : undefined,
  };
}

/** The error of a whole form, above its fields. */
export function FormError({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <p role="alert" data-testid="form-error" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
      {message}
    </p>
  );
}
