import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "dtready", template: "%s · dtready" },
  description: "Is this Kubernetes cluster ready for the Dynatrace Operator?",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">
        <header className="border-b border-slate-800 bg-slate-900 text-slate-100">
          <div className="mx-auto flex h-12 max-w-6xl items-center gap-6 px-4">
            <Link href="/" className="font-mono text-[15px] font-semibold tracking-tight text-white">
              dtready
            </Link>
            <nav aria-label="Main" className="flex items-center gap-4 text-sm text-slate-300">
              <Link href="/" className="hover:text-white">
                Clusters
              </Link>
              <Link href="/clusters/new" className="hover:text-white">
                Add cluster
              </Link>
              <Link href="/tenants" className="hover:text-white">
                Tenants
              </Link>
              <Link href="/fleet" className="hover:text-white">
                Fleet
              </Link>
              <Link href="/azure" className="hover:text-white">
                Azure
              </Link>
            </nav>
            <span className="ml-auto hidden text-xs text-slate-400 sm:block">Dynatrace Operator readiness</span>
          </div>
        </header>
        <Providers>
          <main className="mx-auto max-w-6xl px-4 py-6">{children}</main>
        </Providers>
      </body>
    </html>
  );
}
