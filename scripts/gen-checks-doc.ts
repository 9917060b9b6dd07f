// Writes docs/checks.md from the check registry. Run after adding or changing a check:
//   npm run docs:checks   (node --conditions=react-server --import tsx scripts/gen-checks-doc.ts)
import { writeFileSync } from "node:fs";
import { CHECKS } from "@/lib/checks/registry";
import { renderChecksDoc } from "@/lib/report/checks-doc";

const path = new URL("../docs/checks.md", import.meta.url);
writeFileSync(path, renderChecksDoc(CHECKS));
console.log(`wrote docs/checks.md (${CHECKS.length} checks)`);
