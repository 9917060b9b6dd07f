import { reportDownload } from "@/lib/api/report-download";
import { route } from "@/lib/api/route";
import { endpoints } from "@/lib/contracts/endpoints";
import { stringifySarif } from "@/lib/report/sarif";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The SARIF 2.1.0 report, for CI systems and code-scanning dashboards (attestations applied), as a download. */
export const GET = route(endpoints.reportSarif, ({ params: { id } }) => reportDownload(id, "sarif", "application/sarif+json; charset=utf-8", stringifySarif));
