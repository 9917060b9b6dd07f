import { reportDownload } from "@/lib/api/report-download";
import { route } from "@/lib/api/route";
import { endpoints } from "@/lib/contracts/endpoints";
import { toJunit } from "@/lib/report/junit";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** The JUnit XML report, for CI systems (attestations applied), as a download. */
export const GET = route(endpoints.reportJunit, ({ params: { id } }) => reportDownload(id, "junit.xml", "application/xml; charset=utf-8", toJunit));
