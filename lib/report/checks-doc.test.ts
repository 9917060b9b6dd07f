import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CHECKS } from "@/lib/checks/registry";
import { CHECKS_DOC_COMMAND, renderChecksDoc } from "./checks-doc";

describe("docs/checks.md", () => {
  it(`is in sync with lib/checks/registry.ts (regenerate: ${CHECKS_DOC_COMMAND})`, () => {
    const onDisk = readFileSync(new URL("../../docs/checks.md", import.meta.url), "utf8");
    expect(onDisk, `docs/checks.md is out of date; run: ${CHECKS_DOC_COMMAND}`).toBe(renderChecksDoc(CHECKS));
  });

  it("lists every check id exactly once", () => {
    const doc = renderChecksDoc(CHECKS);
    for (const c of CHECKS) expect(doc.split(`### \`${c.id}\`\n`)).toHaveLength(2);
  });

  it("says which facts a check needs and links its documentation", () => {
    const doc = renderChecksDoc(CHECKS);
    const version = doc.slice(doc.indexOf("### `k8s.version`"));
    expect(version).toContain("- Facts: `k8s.version`");
    expect(version).toContain("- Checklist item (section 7): Kubernetes Version");
    expect(version).toMatch(/- Docs: \[Kubernetes support matrix\]\(https:\/\/docs\.dynatrace\.com\//);
  });

  it("opens with an index that links every check to its entry", () => {
    const doc = renderChecksDoc(CHECKS);
    expect(doc).toContain("| [`k8s.version`](#k8sversion) | Kubernetes version supported by the operator release | 2. Kubernetes / AKS cluster | blocking | automatic |");
  });
});
