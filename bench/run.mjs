// `npm run bench`: every benchmark, written to bench/RESULTS.md. Build the release addon first
// (`npm run build`). Benchmarks are figures for people, never assertions in tests.
import { execFileSync } from "node:child_process";
import { cpus, loadavg } from "node:os";
import { readFileSync, writeFileSync } from "node:fs";
import { nodeLines } from "../scripts/node-lines.mjs";
import * as corpus from "./corpus.mjs";
import * as bursts from "./bursts.mjs";
import * as profile from "./profile.mjs";
import * as restart from "./restart.mjs";
import * as scaling from "./scaling.mjs";
import * as startup from "./startup.mjs";
import * as transform from "./transform.mjs";
import * as typescript from "./typescript.mjs";
import * as update from "./update.mjs";

// This node and Node 26 (installed by scripts/node-lines.mjs into .cache/node-26), or DYNOHOT_BENCH_NODES.
const nodes = corpus.benchNodes();
const cpu = cpus()[0]?.model ?? "unknown CPU";
const rustc = execFileSync("rustc", ["--version"], { encoding: "utf8" }).trim();
const load = loadavg()[0].toFixed(1);

console.log("transform…");
const transformResults = await transform.run();
console.log("startup…");
const startupResults = startup.run(nodes);
console.log("update…");
const updateResults = await update.run(nodes);
console.log("restart…");
const restartResults = await restart.run(nodes);
console.log("typescript…");
const node24 = nodeLines().find(line => line.major === 24)?.node;
const typescriptResults = node24 === undefined ? "Not run: Node 24 (its own type stripping) is not among DYNOHOT_NODE_LINES." : await typescript.run(node24, nodes);
console.log("bursts…");
const burstResults = await bursts.run(nodes);
console.log("profile…");
const profileResults = profile.run(nodes);
console.log("corpus…");
const corpusResults = await corpus.run(nodes);
console.log("scaling…");
const scalingResults = await scaling.run(nodes);
const loadAfter = loadavg()[0].toFixed(1);

const report = `# Benchmarks

Machine: ${cpus().length} × ${cpu}; ${rustc}; Node ${nodes.map(n => n.name).join(", ")}; 1-minute load
average ${load} at the start, ${loadAfter} at the end (the figures are only as quiet as the machine was).
Reproduce: \`npm run build && npm run bench\` (release addon; writes this file).

## Transform

${transformResults}

## Issue 12: lodash-es, date-fns, three/src

\`node bench/corpus.mjs\` alone.

${corpusResults}

## Scaling

\`node bench/scaling.mjs\` alone.

${scalingResults}

## Startup

Median wall time of a whole process. "Node's hook overhead" runs pass-through hooks registered the
way dynohot registers (\`module.registerHooks\` where it exists, else \`module.register\`, whose hooks
run in a worker thread and cost a round trip per module).

${startupResults}

## Edit to running

From the file write to the new code's output, median.

${updateResults}

## The command: edit to served, and restarts under load

\`node bench/restart.mjs [rounds]\`: the \`dynohot\` command against nodemon, \`node --watch\` and plain
\`node --import dynohot\`, on one node:http app under a bounded load loop (4 clients; a client
whose request failed waits 10 ms before its next one).

${restartResults}

## TypeScript

\`node bench/typescript.mjs\` runs this part alone.

${typescriptResults}

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
