import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { HELP, parseCommand, UsageError, type CheckCommand } from "./args";
import { loadTenant, withoutFinalNewline, type TenantFlags } from "./tenant";

const OPERATOR = "dt0c01.ABCDEFGHIJKLMNOPQRSTUVWX.0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF";
const INGEST = "dt0c01.ZYXWVUTSRQPONMLKJIHGFEDC.FEDCBA9876543210FEDCBA9876543210FEDCBA9876543210FEDCBA9876543210";
const PEM = `-----BEGIN CERTIFICATE-----
MIIBijCCAS+gAwIBAgIUEl7UMSm5qoy03l8wbpaLbtlUPDYwCgYIKoZIzj0EAwIw
GjEYMBYGA1UEAwwPZHRyZWFkeSB0ZXN0IENBMB4XDTI2MTEyMzIzMDY0NloXDTM2
MTEyMDIzMDY0NlowGjEYMBYGA1UEAwwPZHRyZWFkeSB0ZXN0IENBMFkwEwYHKoZI
zj0CAQYIKoZIzj0DAQcDQgAEZ7bgnatB0dFTA1+HdqTPiNiDebcnypxQ4xfgOycN
udvwUJ+l2BNxxROr2PeSqD78z5z6sKHpYpxYr57O2tVfwqNTMFEwHQYDVR0OBBYE
FN4dQHMuVdhTP91auTR0KsuTnIVqMB8GA1UdIwQYMBaAFN4dQHMuVdhTP91auTR0
KsuTnIVqMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSQAwRgIhANR4aZMV
PxSD356j6ZHDzaIpHVuArRd/1JZsWB1rKSehAiEAswluq2WOvnYNQe7qOKcG8IZd
7sht4j1cqTKl8OTL+yU=
-----END CERTIFICATE-----
`;

const check = (argv: string[]) => parseCommand(["check", ...argv], {}) as CheckCommand;
function usageError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error("expected a usage error");
}

const files = (contents: Record<string, string>) => (path: string) => {
  if (!(path in contents)) throw Object.assign(new Error("ENOENT"), { code: "ENOENT" });
  return contents[path]!;
};
const flags = (over: Partial<TenantFlags> = {}): TenantFlags => ({
  tenantUrl: "https://abc12345.live.dynatrace.com/api",
  operatorTokenFile: "/t/op",
  ...over,
});

describe("tenant flags on the command line", () => {
  it("maps every tenant flag, with file paths resolved", () => {
    const c = check([
      "--tenant-url", "https://abc12345.live.dynatrace.com/api", "--operator-token-file", "op.txt", "--ingest-token-file", "/secure/ingest",
      "--proxy", "http://proxy:3128", "--ca-file", "ca.pem", "--network-zone", "aks-west",
    ]);
    expect(c.tenant).toEqual({
      tenantUrl: "https://abc12345.live.dynatrace.com/api",
      operatorTokenFile: resolve("op.txt"),
      ingestTokenFile: "/secure/ingest",
      proxy: "http://proxy:3128",
      caFile: resolve("ca.pem"),
      networkZone: "aks-west",
    });
    expect(check([]).tenant).toBeUndefined();
  });

  it("refuses a token flag and says to use a file, without repeating the token", () => {
    for (const argv of [["--operator-token", OPERATOR], [`--operator-token=${OPERATOR}`], ["--api-token", "x"]]) {
      const m = usageError(() => check(argv));
      expect(m).toMatch(/^--(operator|api)-token is refused: .* pass --operator-token-file <file>\.$/);
      expect(m).not.toContain(OPERATOR);
    }
    expect(usageError(() => check(["--ingest-token", INGEST]))).toMatch(/pass --ingest-token-file <file>/);
    // Only those flags: other unknown options keep node's message.
    expect(usageError(() => check(["--constructor"]))).toBe("Unknown option '--constructor'. See dtready --help.");
  });

  it("refuses a token-shaped value anywhere on the command line, naming where and not what", () => {
    const asUrl = usageError(() => check(["--tenant-url", OPERATOR, "--operator-token-file", "f"]));
    expect(asUrl).toBe(
      "A Dynatrace token was given on the command line (as the value of --tenant-url); tokens are read from files only: pass --operator-token-file <file> or --ingest-token-file <file>.",
    );
    expect(usageError(() => check([`--context=${OPERATOR}`]))).toContain("as the value of --context");
    // Positionals are echoed by "Unexpected argument": the token must be caught before that.
    const positional = usageError(() => check([OPERATOR]));
    expect(positional).toContain("as argument 2");
    expect(positional).not.toContain(OPERATOR);
    // Even with --help, which would otherwise win.
    expect(usageError(() => parseCommand(["--help", OPERATOR], {}))).not.toContain(OPERATOR);
  });

  it("--help lists every tenant flag and says tokens come from files", () => {
    for (const flag of ["--tenant-url", "--operator-token-file", "--ingest-token-file", "--proxy", "--ca-file", "--network-zone"]) {
      expect(HELP).toContain(`  ${flag} <`);
    }
    expect(HELP).toContain("Tokens are read from files only, never from the command line");
  });

  it("needs the operator token file with a tenant, and a tenant for the other tenant flags", () => {
    expect(usageError(() => check(["--tenant-url", "https://abc12345.live.dynatrace.com/api"]))).toBe(
      "--tenant-url needs --operator-token-file <file>: the operator token is what the tenant checks use.",
    );
    expect(usageError(() => check(["--operator-token-file", "op"]))).toBe("--operator-token-file needs --tenant-url: it belongs to a Dynatrace tenant.");
    expect(usageError(() => check(["--proxy", "http://p:3128"]))).toBe("--proxy needs --tenant-url: it belongs to a Dynatrace tenant.");
    expect(usageError(() => check(["--tenant-url", ""]))).toBe("--tenant-url needs a value");
    expect(usageError(() => check(["--egress-probe-image", "curlimages/curl:8.11.1"]))).toBe("--egress-probe-image needs --egress-probe.");
  });
});

describe("loadTenant", () => {
  it("reads the token files, dropping the one newline `echo` adds, and validates the connection", () => {
    const t = loadTenant(
      flags({ ingestTokenFile: "/t/in", caFile: "/t/ca", proxy: "http://user:pw@proxy:3128", networkZone: "aks-west" }),
      files({ "/t/op": `${OPERATOR}\n`, "/t/in": `${INGEST}\r\n`, "/t/ca": PEM }),
    );
    expect(t).toEqual({
      apiUrl: "https://abc12345.live.dynatrace.com/api",
      operatorToken: OPERATOR,
      ingestToken: INGEST,
      proxyUrl: "http://user:pw@proxy:3128",
      caBundle: PEM,
      networkZone: "aks-west",
    });
  });

  it("reports whitespace beyond that one newline, naming the file", () => {
    expect(withoutFinalNewline(`${OPERATOR}\n\n`)).toBe(`${OPERATOR}\n`);
    for (const content of [`${OPERATOR}\n\n`, ` ${OPERATOR}\n`, `${OPERATOR} `]) {
      const m = usageError(() => loadTenant(flags(), files({ "/t/op": content })));
      expect(m).toMatch(/^--operator-token-file \/t\/op: The operator token has spaces or line breaks around it/);
      expect(m).not.toContain(OPERATOR);
    }
  });

  it("names the flag and file for a missing file, an empty file and a token of the wrong kind", () => {
    expect(usageError(() => loadTenant(flags(), files({})))).toBe("--operator-token-file: cannot read /t/op: no such file or directory.");
    expect(usageError(() => loadTenant(flags(), files({ "/t/op": "\n" })))).toBe("--operator-token-file /t/op: The operator token is empty.");
    expect(usageError(() => loadTenant(flags({ ingestTokenFile: "/t/in" }), files({ "/t/op": OPERATOR, "/t/in": "" })))).toBe(
      "--ingest-token-file /t/in: the file is empty.",
    );
    expect(usageError(() => loadTenant(flags({ ingestTokenFile: "/t/in" }), files({ "/t/op": OPERATOR, "/t/in": "dt0x99.hello" })))).toMatch(
      /^--ingest-token-file \/t\/in: The data-ingest token is not a Dynatrace access token/,
    );
    expect(usageError(() => loadTenant(flags(), files({ "/t/op": "hello" })))).toMatch(/^--operator-token-file \/t\/op: The operator token is not a Dynatrace access token/);
  });

  it("reads platform tokens (dt0s16…) for both the operator and the data-ingest token, today's documented default", () => {
    const op = "dt0s16.PLATFORMOPERATOR000001.ABCDEFGHIJKLMNOPQRSTUVWXYZ234567ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    const ingest = "dt0s16.PLATFORMINGEST0000001.ABCDEFGHIJKLMNOPQRSTUVWXYZ234567ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    const t = loadTenant(flags({ ingestTokenFile: "/t/in" }), files({ "/t/op": `${op}\n`, "/t/in": `${ingest}\n` }));
    expect(t).toMatchObject({ operatorToken: op, ingestToken: ingest });
  });

  it("names the flag for a bad URL, proxy, CA file or network zone", () => {
    const read = files({ "/t/op": OPERATOR, "/t/ca": "not a certificate" });
    expect(usageError(() => loadTenant(flags({ tenantUrl: "https://abc12345.live.dynatrace.com" }), read))).toBe(
      "--tenant-url: The API URL must end in /api; did you mean https://abc12345.live.dynatrace.com/api?",
    );
    expect(usageError(() => loadTenant(flags({ tenantUrl: "https://ENVIRONMENTID.live.dynatrace.com/api" }), read))).toMatch(
      /^--tenant-url: That is the documentation's example URL/,
    );
    expect(usageError(() => loadTenant(flags({ proxy: "proxy:3128" }), read))).toMatch(/^--proxy: /);
    expect(usageError(() => loadTenant(flags({ caFile: "/t/ca" }), read))).toMatch(/^--ca-file \/t\/ca: .*PEM/);
    expect(usageError(() => loadTenant(flags({ networkZone: "west zone" }), read))).toMatch(/^--network-zone: /);
  });
});
