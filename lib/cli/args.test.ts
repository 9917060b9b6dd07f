import { homedir } from "node:os";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCommand, UsageError, type CheckCommand, type Env } from "./args";

const check = (argv: string[], env: Env = {}) => parseCommand(["check", ...argv], env) as CheckCommand;
const usageError = (argv: string[], env: Env = {}) => {
  try {
    parseCommand(argv, env);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error("expected a usage error");
};

describe("parseCommand", () => {
  it("defaults to the documented plan, text output and ~/.kube/config", () => {
    const c = check([]);
    expect(c.plan).toMatchObject({ mode: "application", namespace: "dynatrace", csiDriver: true });
    expect(c.format).toBe("text");
    expect(c.kubeconfigPath).toBe(resolve(homedir(), ".kube/config"));
    expect(c.budgetMs).toBeUndefined();
  });

  it("maps every flag onto the plan and the run", () => {
    const c = check([
      "--kubeconfig", "./kc.yaml", "--context", "prod", "--mode", "full-stack", "--namespace", "dt-system",
      "--operator-version", "1.9.0", "--no-csi-driver", "--format", "json", "--output", "r.json", "--timeout", "2.5",
    ]);
    expect(c).toMatchObject({ context: "prod", format: "json", output: "r.json", budgetMs: 2500, kubeconfigPath: resolve("kc.yaml") });
    expect(c.plan).toMatchObject({ mode: "full-stack", namespace: "dt-system", operatorVersion: "1.9.0", csiDriver: false });
  });

  it("takes the kubeconfig from KUBECONFIG, but refuses a list of files", () => {
    expect(check([], { KUBECONFIG: "/tmp/a.yaml" }).kubeconfigPath).toBe("/tmp/a.yaml");
    expect(check(["--kubeconfig", "/tmp/b.yaml"], { KUBECONFIG: "/tmp/a.yaml" }).kubeconfigPath).toBe("/tmp/b.yaml");
    expect(usageError(["check"], { KUBECONFIG: "/tmp/a:/tmp/b" })).toMatch(/several files.*--kubeconfig/);
  });

  it("answers --help and --version", () => {
    expect(parseCommand(["--help"], {})).toEqual({ command: "help" });
    expect(parseCommand(["check", "-h"], {})).toEqual({ command: "help" });
    expect(parseCommand(["--version"], {})).toEqual({ command: "version" });
  });

  it("says what is wrong with a bad flag value, naming the flag", () => {
    expect(usageError(["check", "--mode", "everything"])).toBe("--mode must be one of platform, application, full-stack");
    expect(usageError(["check", "--namespace", "Dyna_Trace"])).toMatch(/^--namespace: must be a DNS-1123 label/);
    expect(usageError(["check", "--operator-version", "0.1"])).toMatch(/^--operator-version: unknown operator release; known: /);
    expect(usageError(["check", "--timeout", "soon"])).toBe("--timeout must be a number of seconds");
    expect(usageError(["check", "--timeout=0"])).toBe("--timeout must be a positive number of seconds");
    expect(usageError(["check", "--format", "xml"])).toBe("--format must be one of text, json, markdown, junit, sarif");
  });

  it("rejects unknown flags, commands and missing values in one line", () => {
    expect(usageError(["check", "--verbose"])).toBe("Unknown option '--verbose'. See dtready --help.");
    expect(usageError(["apply"])).toMatch(/^Unknown command "apply"/);
    expect(usageError([])).toMatch(/^Missing command/);
    expect(usageError(["check", "--context"])).toMatch(/--context/);
    for (const m of [usageError(["check", "--verbose"]), usageError(["check", "--context"])]) expect(m).not.toContain("\n");
  });

  it("accepts every report format for check, and only text or json for the fleet listing", () => {
    for (const format of ["markdown", "junit", "sarif"]) {
      expect(parseCommand(["check", "--kubeconfig", "kc.yaml", "--format", format], {})).toMatchObject({ command: "check", format });
    }
    expect(usageError(["fleet", "--azure-connection-file", "c.json", "--format", "sarif"])).toMatch(/fleet .*--format must be text or json/);
  });
});
