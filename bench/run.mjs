// `npm run bench`: every benchmark, written to bench/RESULTS.md. Build the release addon first
// (`npm run build`). Benchmarks are figures for people, never assertions in tests.
import { execFileSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { readFileSync, writeFileSync } from "node:fs";
import { nodeLines } from "../scripts/node-lines.mjs";
import * as bursts from "./bursts.mjs";
import * as profile from "./profile.mjs";
import * as startup from "./startup.mjs";
import * as transform from "./transform.mjs";
import * as update from "./update.mjs";

const lines = nodeLines().filter(line => line.major === 24);
const nodes = [{ name: process.version, node: process.execPath }, ...lines.map(line => ({ name: `v${line.version}`, node: line.node }))];
const cpu = cpus()[0]?.model ?? "unknown CPU";
const rustc = execFileSync("rustc", ["--version"], { encoding: "utf8" }).trim();
const load = loadavg()[0].toFixed(1);

console.log("transform…");
const transformResults = await transform.run();
console.log("startup…");
const startupResults = startup.run(nodes);
console.log("update…");
const updateResults = await update.run(nodes);
console.log("bursts…");
const burstResults = await bursts.run(nodes);
console.log("profile…");
const profileResults = profile.run(nodes);
const loadAfter = loadavg()[0].toFixed(1);

const report = `# Benchmarks

Machine: ${cpus().length} × ${cpu}; ${rustc}; Node ${nodes.map(n => n.name).join(", ")}; 1-minute load
average ${load} at the start, ${loadAfter} at the end (the figures are only as quiet as the machine was).
Reproduce: \`npm run build && npm run bench\` (release addon; writes this file).

## Transform

${transformResults}

## Startup

Median wall time of a whole process. "Node's hook overhead" runs pass-through hooks registered the
way dynohot registers (\`module.registerHooks\` where it exists, else \`module.register\`, whose hooks
run in a worker thread and cost a round trip per module).

${startupResults}

## Edit to running

From the file write to the new code's output, median.

${updateResults}

## Bursts of saves

\`node bench/bursts.mjs [node …]\`: a lone save stays instant; a burst becomes one update (at most
two). 200 modules, all imported and accepted by the entry. The soak's memory figures are in
[SOAK.md](SOAK.md) (\`node bench/soak.mjs\`, several minutes).

${burstResults}

## Where startup time goes

\`node bench/profile.mjs [node]\`: \`--cpu-prof\` (200 µs interval, which slows every run down) of
the packages app.

${profileResults}
${analysis()}`;
writeFileSync(new URL("RESULTS.md", import.meta.url), report);

/** The written reading of the profiles (bench/ANALYSIS.md), kept by hand: figures above, words here. */
function analysis() {
	try {
		return `\n${readFileSync(new URL("ANALYSIS.md", import.meta.url), "utf8")}`;
	} catch {
		return "";
	}
}
console.log(report);
