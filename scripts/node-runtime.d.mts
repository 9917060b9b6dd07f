// Types of scripts/node-runtime.mjs (plain JavaScript, so it runs on any Node), for the tests.
export declare const PINNED: string;
export declare const MIN_NODE: string;
export declare function cacheRoot(): string;
export declare function compareVersions(a: string, b: string): -1 | 0 | 1;
export declare function pinnedNode(why?: string): { bin: string; dir: string };
export declare function chooseNode(options?: { tests?: boolean; current?: string; version?: string }): { bin: string; dir: string | undefined };
