// The CLI's Dynatrace tenant: tokens come from files only (a value on the command line ends up in shell
// history and in every process listing), and are validated with the same rules as the dashboard's form.
import { readFileSync } from "node:fs";
import { parseTenantInput, TenantInputError, type TenantConnection } from "@/lib/collect/dynatrace/tenant";
import { UsageError } from "./usage-error";

/** Paths and values as given on the command line; the files are read by loadTenant. */
export interface TenantFlags {
  tenantUrl: string;
  operatorTokenFile: string;
  ingestTokenFile?: string;
  proxy?: string;
  caFile?: string;
  networkZone?: string;
}

/** Flags that would take a token as their value, and the file flag to use instead. */
export const REFUSED_TOKEN_FLAGS: ReadonlyMap<string, string> = new Map([
  ["operator-token", "--operator-token-file"],
  ["api-token", "--operator-token-file"],
  ["paas-token", "--operator-token-file"],
  ["token", "--operator-token-file"],
  ["ingest-token", "--ingest-token-file"],
  ["data-ingest-token", "--ingest-token-file"],
]);

// dt0c01.<public id>…, dt0s16.…: enough of the shape to be sure without needing the whole token.
const TOKEN_SHAPE = /dt0[a-z]\d{2}\.[A-Za-z0-9]{8,}/;

/**
 * Refuses tokens on the command line before anything else looks at the arguments, so no later message can
 * echo one. Never repeats the value it found.
 */
export function refuseTokensInArguments(argv: readonly string[]): void {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const flag = /^--([^=]+)/.exec(arg)?.[1];
    const instead = flag !== undefined ? REFUSED_TOKEN_FLAGS.get(flag) : undefined;
    if (instead) {
      throw new UsageError(
        `--${flag} is refused: a token on the command line ends up in shell history and process listings. Write the token to a file and pass ${instead} <file>.`,
      );
    }
    if (TOKEN_SHAPE.test(arg)) {
      const previous = argv[i - 1];
      const previousIsFlag = previous?.startsWith("--") === true && !previous.includes("=");
      const where = flag !== undefined ? `as the value of --${flag}` : previousIsFlag ? `as the value of ${previous}` : `as argument ${i + 1}`;
      throw new UsageError(
        `A Dynatrace token was given on the command line (${where}); tokens are read from files only: pass --operator-token-file <file> or --ingest-token-file <file>.`,
      );
    }
  }
}

export type ReadText = (path: string) => string;

const readUtf8: ReadText = (path) => readFileSync(path, "utf8");

/** Reads the files and validates everything; throws UsageError naming the flag (and file) at fault. */
export function loadTenant(flags: TenantFlags, read: ReadText = readUtf8): TenantConnection {
  const operatorToken = withoutFinalNewline(readFlagFile("--operator-token-file", flags.operatorTokenFile, read));
  const ingestToken =
    flags.ingestTokenFile !== undefined ? withoutFinalNewline(readFlagFile("--ingest-token-file", flags.ingestTokenFile, read)) : undefined;
  // parseTenantInput treats an empty ingest token as "none"; an empty file given on purpose is a mistake.
  if (ingestToken === "") throw new UsageError(`--ingest-token-file ${flags.ingestTokenFile}: the file is empty.`);
  const caBundle = flags.caFile !== undefined ? readFlagFile("--ca-file", flags.caFile, read) : undefined;
  try {
    return parseTenantInput({
      apiUrl: flags.tenantUrl,
      operatorToken,
      ingestToken,
      proxyUrl: flags.proxy,
      caBundle,
      networkZone: flags.networkZone,
    });
  } catch (err) {
    if (!(err instanceof TenantInputError)) throw err;
    throw new UsageError(`${flagOf(err.field, flags)}: ${err.message}`);
  }
}

/** `echo x > f` adds one newline; anything else around the token is reported, as the operator would send it. */
export function withoutFinalNewline(text: string): string {
  return text.replace(/\r?\n$/, "");
}

function flagOf(field: TenantInputError["field"], flags: TenantFlags): string {
  switch (field) {
    case "apiUrl":
      return "--tenant-url";
    case "operatorToken":
      return `--operator-token-file ${flags.operatorTokenFile}`;
    case "ingestToken":
      return `--ingest-token-file ${flags.ingestTokenFile}`;
    case "proxyUrl":
      return "--proxy";
    case "caBundle":
      return `--ca-file ${flags.caFile}`;
    case "networkZone":
      return "--network-zone";
    case "name":
      // The CLI's tenant has no name; the dashboard's form has.
      return "tenant";
  }
}

function readFlagFile(flag: string, path: string, read: ReadText): string {
  try {
    return read(path);
  } catch (err) {
    throw new UsageError(`${flag}: cannot read ${path}: ${describeFsError(err)}.`);
  }
}

export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOENT":
      return "no such file or directory";
    case "EACCES":
      return "permission denied";
    case "EISDIR":
      return "it is a directory";
    default:
      return code ?? "unknown error";
  }
}
