// Throwaway CAs and serving certificates for the test servers, made with openssl at start (Node cannot issue X.509).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestCertificates {
  caPem: string;
  certPem: string;
  keyPem: string;
}

/** A CA named `caName` and a certificate it signs for 127.0.0.1, ::1 and localhost (plus `extraDns`). */
export function makeTestCertificates(caName: string, extraDns: string[] = []): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), "dtready-certs-"));
  const run = (args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  try {
    run(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", `/CN=${caName}`]);
    const san = ["IP:127.0.0.1", "IP:::1", "DNS:localhost", ...extraDns.map((d) => `DNS:${d}`)].join(",");
    writeFileSync(join(dir, "server.ext"), `subjectAltName=${san}\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n`);
    run(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"]);
    run(["x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", "server.ext"]);
    return {
      caPem: readFileSync(join(dir, "ca.crt"), "utf8"),
      certPem: readFileSync(join(dir, "server.crt"), "utf8"),
      keyPem: readFileSync(join(dir, "server.key"), "utf8"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
