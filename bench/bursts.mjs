// Bursts of saves (issue 9, item 4): a lone save must stay instant, and a burst must become one
// update (at most two), never one per file. A 200-module app whose entry imports and accepts every
// module and prints the versions it sees after each update; for each scenario, the time from the
// last write to the app running the final content ("latency"), and how many updates
// (`[hot] Loaded …` lines) the scenario caused.
// - lone save: one file, then quiet (median of 10);
// - burst: five saves of one file 10 ms apart (5 runs);
// - branch switch: all 200 files rewritten over ~100 ms, 10 files every 5 ms (3 runs);
// - formatter: 50 files rewritten one after another, 2 ms apart (3 runs).
// Against the original dynohot 1.2.1 on the same scenarios.
//
//   node bench/bursts.mjs [node binary …]   (default: this node; release addon: `npm run build`)
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { dynohot } from "./package.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const count = 200;

/** @param {number} i @param {number} version */
const moduleText = (i, version) => `export const version = ${version};\n(globalThis.versions ??= [])[${i}] = version;\n`;

function makeApp() {
	const dir = mkdtempSync(join(tmpdir(), "dynohot-bench-bursts-"));
	writeFileSync(join(dir, "package.json"), `{ "type": "module" }`);
	const specifiers = Array.from({ length: count }, (_, i) => `./m${i}.js`);
	writeFileSync(
		join(dir, "main.js"),
		[
			...specifiers.map(specifier => `import ${JSON.stringify(specifier)};`),
			`const report = () => console.log("VERSIONS " + globalThis.versions.join(","));`,
			`import.meta.hot?.accept(${JSON.stringify(specifiers)}, report);`,
			`report();`,
			`setInterval(() => {}, 1000);`,
			"",
		].join("\n"),
	);
	for (let i = 0; i < count; i++) writeFileSync(join(dir, `m${i}.js`), moduleText(i, 0));
	return dir;
}

/**
 * @param {string} node
 * @param {string} loader
 */
async function measure(node, loader) {
	const dir = makeApp();
	const versions = Array.from({ length: count }, () => 0);
	let version = 0;
	const child = spawn(node, ["--no-warnings", "--import", loader, "main.js"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
	/** @type {{ text: string, at: number }[]} */
	const lines = [];
	/** @type {(() => void) | undefined} */
	let listener;
	for (const stream of [child.stdout, child.stderr]) {
		let partial = "";
		stream.setEncoding("utf8");
		stream.on("data", chunk => {
			const at = performance.now();
			const parts = (partial + chunk).split("\n");
			partial = parts.pop() ?? "";
			for (const text of parts) lines.push({ text, at });
			listener?.();
		});
	}
	/** Resolves with the time the app printed the expected versions (after line `from`). */
	const running = (/** @type {number} */ from, /** @type {number} */ timeout = 20_000) => {
		const want = `VERSIONS ${versions.join(",")}`;
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`not running the last content after ${timeout} ms`)), timeout);
			listener = () => {
				const hit = lines.slice(from).find(line => line.text === want);
				if (hit !== undefined) {
					clearTimeout(timer);
					listener = undefined;
					resolve(hit.at);
				}
			};
			listener();
		});
	};
	/** @param {number} i */
	const save = i => {
		versions[i] = ++version;
		writeFileSync(join(dir, `m${i}.js`), moduleText(i, version));
	};
	/**
	 * Runs a scenario `runs` times: its latency (median) and most updates in one run.
	 * @param {number} runs
	 * @param {() => Promise<void>} writes
	 */
	const scenario = async (runs, writes) => {
		/** @type {number[]} */
		const latencies = [];
		let most = 0;
		for (let run = 0; run < runs; run++) {
			const from = lines.length;
			await writes();
			const last = performance.now();
			try {
				latencies.push((await running(from)) - last);
			} catch {
				// Stuck on other content: the scenario's figure says so; the next one starts over.
				return { latency: NaN, updates: lines.slice(from).filter(line => line.text.startsWith("[hot] Loaded")).length };
			}
			// Quiet, so a late extra update is counted too.
			await delay(700);
			most = Math.max(most, lines.slice(from).filter(line => line.text.startsWith("[hot] Loaded")).length);
		}
		latencies.sort((a, b) => a - b);
		return { latency: /** @type {number} */ (latencies[Math.floor(latencies.length / 2)]), updates: most };
	};
	try {
		await running(0, 60_000);
		await delay(500);
		const lone = await scenario(10, async () => save(7));
		const burst = await scenario(5, async () => {
			for (let k = 0; k < 5; k++) {
				if (k > 0) await delay(10);
				save(11);
			}
		});
		const branch = await scenario(3, async () => {
			for (let group = 0; group < 20; group++) {
				if (group > 0) await delay(5);
				for (let i = group * 10; i < group * 10 + 10; i++) save(i);
			}
		});
		const formatter = await scenario(3, async () => {
			for (let i = 0; i < 50; i++) {
				if (i > 0) await delay(2);
				save(i * 3);
			}
		});
		return { lone, burst, branch, formatter };
	} finally {
		child.kill();
		rmSync(dir, { recursive: true, force: true });
	}
}

/** @param {{ latency: number, updates: number }} result */
const cell = result =>
	Number.isNaN(result.latency)
		? `stuck (not the last content after 20 s; ${result.updates} updates)`
		: `${result.latency.toFixed(0)} ms, ${result.updates} update${result.updates === 1 ? "" : "s"}`;

/** @param {{ name: string, node: string }[]} nodes */
export async function run(nodes) {
	const lines = [
		"Latency: from the last write to the app running the final content (median); updates: the most `[hot] Loaded` lines one run caused.",
		"",
		"| Node | tool | lone save | 5 saves 10 ms apart | branch switch, 200 files over ~100 ms | formatter, 50 files 2 ms apart |",
		"| --- | --- | ---: | ---: | ---: | ---: |",
	];
	for (const { name, node } of nodes) {
		for (const [tool, loader] of [
			["dynohot", join(dynohot(), "loader.mjs")],
			["original dynohot 1.2.1", join(root, "node_modules/dynohot-js/dist/loader/register.js")],
		]) {
			const result = await measure(node, loader).catch(error => String(error));
			lines.push(
				typeof result === "string"
					? `| ${name} | ${tool} | fails: ${result} | | | |`
					: `| ${name} | ${tool} | ${cell(result.lone)} | ${cell(result.burst)} | ${cell(result.branch)} | ${cell(result.formatter)} |`,
			);
			console.error(lines.at(-1));
		}
	}
	return lines.join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const paths = process.argv.length > 2 ? process.argv.slice(2) : [process.execPath];
	const nodes = paths.map(node => ({ name: execFileSync(node, ["--version"], { encoding: "utf8" }).trim(), node }));
	console.log(await run(nodes));
}
