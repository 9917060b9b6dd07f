import { reportDownload } from "@/lib/api/report-download";
import { route } from "@/lib/api/route";
import { endpoints } from "@/lib/contracts/endpoints";
import { stringifyJsonReport } from "@/lib/report/json";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The JSON report contract (DESIGN.md), attestations applied, as a download. */
export const GET = route(endpoints.reportJson, ({ params: { id } }) => reportDownload(id, "json", "application/json; charset=utf-8", stringifyJsonReport));
