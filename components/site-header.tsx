"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const NAV = [
  { href: "/", label: "Clusters" },
  { href: "/clusters/new", label: "Add cluster" },
  { href: "/tenants", label: "Tenants" },
  { href: "/fleet", label: "Fleet" },
  { href: "/azure", label: "Azure" },
];

/**
 * The dashboard's header. An approver behind a share link (/share/…) has no business in the team's pages,
 * so there it names the product and links nowhere.
 */
export function SiteHeader() {
  const shared = usePathname()?.startsWith("/share/") ?? false;
  return (
    <header className="border-b border-slate-800 bg-slate-900 text-slate-100">
      <div className="mx-auto flex h-12 max-w-6xl items-center gap-6 px-4">
        {shared ? (
          <span className="font-mono text-[15px] font-semibold tracking-tight text-white">dtready</span>
        ) : (
          <>
            <Link href="/" className="font-mono text-[15px] font-semibold tracking-tight text-white">
              dtready
            </Link>
            <nav aria-label="Main" className="flex items-center gap-4 text-sm text-slate-300">
              {NAV.map((n) => (
                <Link key={n.href} href={n.href} className="hover:text-white">
                  {n.label}
                </Link>
              ))}
            </nav>
          </>
        )}
        <span className="ml-auto hidden text-xs text-slate-400 sm:block">{shared ? "Shared readiness report" : "Dynatrace Operator readiness"}</span>
      </div>
    </header>
  );
}
