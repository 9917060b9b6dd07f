// Loaded into a measured `dtready` process by the benchmark (NODE_OPTIONS=--import=…/bench-probe.mjs) and written
// in plain JavaScript so it adds nothing to compile. At exit it writes to $DTREADY_BENCH_PROBE what only the process
// itself knows: when its first HTTP request started (start-up), how many it made, the CPU time it used (which, unlike
// wall time, hardly depends on what else runs on the machine) and its peak RSS as the kernel counted it (getrusage
// ru_maxrss, which a sampler could miss).
import { subscribe } from "node:diagnostics_channel";
import { writeFileSync } from "node:fs";

const out = process.env.DTREADY_BENCH_PROBE;
if (out) {
  let first;
  let firstCpu;
  let requests = 0;
  // node:http(s) requests (client-node and our own client); undici's fetch, should anything use it.
  const started = () => {
    requests++;
    if (first !== undefined) return;
    first = performance.now();
    const cpu = process.cpuUsage();
    firstCpu = (cpu.user + cpu.system) / 1000;
  };
  subscribe("http.client.request.start", started);
  subscribe("undici:request:create", started);
  process.on("exit", () => {
    // A launcher that starts the CLI in another process (another Node) inherits the probe too: only the process
    // that talked to the API server reports, so the launcher's exit does not overwrite the CLI's figures.
    if (requests === 0) return;
    writeFileSync(
      out,
      JSON.stringify({
        timeOrigin: performance.timeOrigin,
        firstRequestMs: first,
        firstRequestCpuMs: firstCpu,
        exitMs: performance.now(),
        requests,
        cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
        maxRssBytes: process.resourceUsage().maxRSS * 1024,
      }),
    );
  });
}
