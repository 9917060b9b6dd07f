import type { Metadata } from "next";
import { SharedRunView } from "@/components/shared-run-view";

// The token is in the URL: it must not leak to other sites through the Referer, nor be indexed.
export const metadata: Metadata = {
  title: "Shared readiness report",
  referrer: "no-referrer",
  robots: { index: false, follow: false },
};

export default async function SharePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return <SharedRunView token={token} />;
}
