// Issue 12's table: real packages copied out of node_modules (so they load as first-party, hot
// code): startup against plain node and Node's own pass-through hooks, with the transform cache
// cold (a fresh DYNOHOT_CACHE_DIR every run) and warm (the second start), peak RSS, and edits on
// the lodash-es app (a deep leaf and a hub) against the original dynohot and `node --watch`.
// Runs interleaved (one of each configuration in turn), medians.
//
// `node bench/corpus.mjs [runs] [edits]` alone (about 5 minutes with the defaults, 7 and 20);
// `npm run bench` includes it. Node lines: this node, and Node 26 if installed (scripts/node-lines.mjs
// puts it in .cache/node-26; DYNOHOT_BENCH_NODES=<path>,<path> names others).
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { noopHooks } from "./startup.mjs";
import { dynohot } from "./package.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const original = join(root, "node_modules/dynohot-js/dist/loader/register.js");

/** The Node binaries to measure: this one, and the others that are there. */
export function benchNodes() {
	const named = process.env.DYNOHOT_BENCH_NODES;
	const others = named ? named.split(",") : [join(root, ".cache/node-26/node_modules/node/bin/node"), join(root, ".private/node-26/node_modules/node/bin/node")];
	const found = others.filter(existsSync).slice(0, named ? undefined : 1);
	return [process.execPath, ...found].map(node => ({ node, name: spawnSync(node, ["--version"], { encoding: "utf8" }).stdout.trim() }));
}

/** The main module: imports the package, prints its peak RSS once it ran, self-accepts. */
const mainSource = (/** @type {string} */ entry, /** @type {boolean} */ stay) =>
	[
		`import * as pkg from ${JSON.stringify(entry)};`,
		`console.log("mark=" + (globalThis.__mark ?? 0) + " keys=" + Object.keys(pkg).length + " rss=" + process.resourceUsage().maxRSS + " cpu=" + (process.cpuUsage().user + process.cpuUsage().system));`,
		`import.meta.hot?.accept();`,
		stay ? `setInterval(() => {}, 1000);` : "",
		"",
	].join("\n");

/**
 * @param {string} name the folder under node_modules
 * @param {string} entry the package's entry, relative to that folder
 */
export function app(name, entry, sub = "") {
	const dir = mkdtempSync(join(tmpdir(), `dynohot-bench-${name.replace(/\W/g, "")}-`));
	writeFileSync(join(dir, "package.json"), `{ "type": "module", "private": true }`);
	cpSync(join(root, "node_modules", name, sub), join(dir, "pkg"), { recursive: true });
	writeFileSync(join(dir, "main.js"), mainSource(`./pkg/${entry}`, false));
	return dir;
}

/**
 * Wall time and peak RSS of each configuration, interleaved, after a warm-up round.
 * @param {string} node
 * @param {{ args: string[], env?: Record<string, string>, fresh?: boolean }[]} configs `fresh`: a new cache directory each run
 * @param {string} cwd
 * @param {number} runs
 */
export function measure(node, configs, cwd, runs) {
	/** @type {{ ms: number[], rss: number[], cpu: number[], failed?: string }[]} */
	const results = configs.map(() => ({ ms: [], rss: [], cpu: [] }));
	for (let i = 0; i < runs + 1; i++) {
		configs.forEach((config, c) => {
			const result = results[c];
			if (result === undefined || result.failed) return;
			const cache = config.fresh ? mkdtempSync(join(tmpdir(), "dynohot-bench-cache-")) : undefined;
			const env = { ...process.env, ...config.env, ...(cache ? { DYNOHOT_CACHE_DIR: cache } : {}) };
			const start = performance.now();
			const child = spawnSync(node, [...config.args, "main.js"], { cwd, encoding: "utf8", env });
			const elapsed = performance.now() - start;
			if (cache) rmSync(cache, { recursive: true, force: true });
			const rss = /rss=(\d+)/.exec(child.stdout)?.[1];
			if (child.status !== 0 || rss === undefined) {
				result.failed = `${child.status ?? child.signal}: ${child.stderr.slice(0, 300)}`;
				console.error(`${node} ${config.args.join(" ")} failed in ${cwd}: ${result.failed}`);
			} else if (i > 0) {
				result.ms.push(elapsed);
				result.rss.push(Number(rss) / 1024);
				result.cpu.push(Number(/cpu=(\d+)/.exec(child.stdout)?.[1]) / 1000);
			}
		});
	}
	return results.map(({ ms, rss, cpu, failed }) => (failed ? { ms: NaN, rss: NaN, cpu: NaN } : { ms: median(ms), rss: median(rss), cpu: median(cpu) }));
}

/** @param {number[]} list */
export function median(list) {
	const sorted = [...list].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** @param {number[]} list @param {number} p */
function percentile(list, p) {
	const sorted = [...list].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/**
 * Edit one file of a running app `edits` times; each edit sets `globalThis.__mark`, and the
 * self-accepting main prints it when it runs again (or `node --watch` restarts it).
 * @param {string} node
 * @param {string[]} args
 * @param {string} dir the app (main.js must stay alive)
 * @param {string} file the file to edit, relative to dir
 * @param {number} edits
 * @param {Record<string, string>} [env]
 */
export async function editLatency(node, args, dir, file, edits, env = {}) {
	const path = join(dir, file);
	const original = readFileSync(path, "utf8");
	const child = spawn(node, [...args, "main.js"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
	let stderr = "";
	child.stderr.on("data", chunk => (stderr += chunk));
	/** @type {(mark: number) => void} */
	let seen = () => {};
	let buffer = "";
	child.stdout.on("data", chunk => {
		buffer += chunk;
		const lines = buffer.split("\n");
		buffer = lines.pop() ?? "";
		for (const line of lines) {
			const match = /^mark=(\d+)/.exec(line);
			if (match) seen(Number(match[1]));
		}
	});
	const waitFor = (/** @type {number} */ mark) =>
		new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`no mark=${mark} from ${args.join(" ")}: ${stderr.slice(-500)}`)), 30_000);
			seen = m => {
				if (m === mark) {
					clearTimeout(timer);
					resolve(undefined);
				}
			};
		});
	/** @type {number[]} */
	const times = [];
	try {
		await waitFor(0);
		await new Promise(resolve => setTimeout(resolve, 500));
		for (let i = 1; i <= edits; i++) {
			const done = waitFor(i);
			const start = performance.now();
			writeFileSync(path, `${original}\nglobalThis.__mark = ${i};\n`);
			await done;
			times.push(performance.now() - start);
			await new Promise(resolve => setTimeout(resolve, 150));
		}
	} finally {
		child.kill();
		writeFileSync(path, original);
	}
	return { median: median(times), p95: percentile(times, 95), min: Math.min(...times), max: Math.max(...times) };
}

/** @param {number} ms */
const fmt = ms => (Number.isNaN(ms) ? "fails" : `${ms.toFixed(0)} ms`);

/**
 * @param {{ name: string, node: string }[]} nodes
 * @param {{ runs?: number, edits?: number }} [options]
 */
export async function run(nodes, options = {}) {
	const runs = options.runs ?? 7;
	const edits = options.edits ?? 20;
	const loader = join(dynohot(), "loader.mjs");
	const noop = noopHooks();
	const apps = [
		{ name: "lodash-es (644 modules)", dir: app("lodash-es", "lodash.js") },
		{ name: "date-fns (1,230 modules)", dir: app("date-fns", "index.js") },
		{ name: "three/src (757 modules)", dir: app("three", "Three.js", "src") },
	];
	const warmCache = mkdtempSync(join(tmpdir(), "dynohot-bench-warm-"));
	const out = [
		`Startup: median wall time of ${runs} interleaved runs (after a warm-up round); peak RSS (\`process.resourceUsage().maxRSS\` when main.js ran). Cold cache: a new empty \`DYNOHOT_CACHE_DIR\` every run (the first start, which also writes the cache); warm: the second start; no cache: \`DYNOHOT_CACHE=0\`.`,
		"",
		"| app | Node | plain node | pass-through hooks | dynohot, warm cache | ÷ plain | ÷ hooks | dynohot, cold cache | dynohot, no cache | original dynohot | RSS plain | RSS dynohot (warm) | RSS ratio |",
		"| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
	];
	for (const { name, dir } of apps) {
		for (const { name: version, node } of nodes) {
			console.log(`startup ${name} ${version}…`);
			const warmEnv = { DYNOHOT_CACHE_DIR: join(warmCache, version) };
			const [plain, hooks, warm, cold, none, orig] = measure(
				node,
				[
					{ args: [] },
					{ args: ["--import", noop] },
					{ args: ["--import", loader], env: warmEnv },
					{ args: ["--import", loader], fresh: true },
					{ args: ["--import", loader], env: { DYNOHOT_CACHE: "0" } },
					{ args: ["--import", original] },
				].map(config => /** @type {{ args: string[], env?: Record<string, string>, fresh?: boolean }} */ (config)),
				dir,
				runs,
			);
			const p = /** @type {{ ms: number, rss: number }} */ (plain);
			const h = /** @type {{ ms: number, rss: number }} */ (hooks);
			const w = /** @type {{ ms: number, rss: number }} */ (warm);
			out.push(
				`| ${name} | ${version} | ${fmt(p.ms)} | ${fmt(h.ms)} | **${fmt(w.ms)}** | ${(w.ms / p.ms).toFixed(2)} | ${(w.ms / h.ms).toFixed(2)} | ${fmt(cold?.ms ?? NaN)} | ${fmt(none?.ms ?? NaN)} | ${fmt(orig?.ms ?? NaN)} | ${p.rss.toFixed(0)} MB | ${w.rss.toFixed(0)} MB | ${(w.rss / p.rss).toFixed(2)}x |`,
			);
		}
	}
	rmSync(warmCache, { recursive: true, force: true });
	// Edits on the lodash-es app, kept alive.
	const lodash = /** @type {{ dir: string }} */ (apps[0]).dir;
	writeFileSync(join(lodash, "main.js"), mainSource("./pkg/lodash.js", true));
	out.push(
		"",
		`Edits on the lodash-es app (main.js self-accepts and stays alive): from the file write to the new code's output, ${edits} edits each, median / p95 (min–max). \`_freeGlobal.js\` is a deep leaf (447 modules re-run), \`_baseIteratee.js\` a hub (73). \`node --watch\`: restart to the output.`,
		"",
		"| edit | Node | dynohot | original dynohot 1.2.1 | node --watch |",
		"| --- | --- | ---: | ---: | ---: |",
	);
	const lat = (/** @type {{ median: number, p95: number, min: number, max: number }} */ r) =>
		Number.isNaN(r.median) ? "fails" : `${r.median.toFixed(1)} / ${r.p95.toFixed(1)} ms (${r.min.toFixed(0)}–${r.max.toFixed(0)})`;
	const failed = (/** @type {unknown} */ error) => {
		console.error(String(error));
		return { median: NaN, p95: NaN, min: NaN, max: NaN };
	};
	for (const file of ["pkg/_freeGlobal.js", "pkg/_baseIteratee.js"]) {
		for (const { name: version, node } of nodes) {
			console.log(`edit ${file} ${version}…`);
			const ours = await editLatency(node, ["--import", loader], lodash, file, edits).catch(failed);
			const orig = await editLatency(node, ["--import", original], lodash, file, Math.min(edits, 10)).catch(failed);
			const watch = await editLatency(node, ["--watch"], lodash, file, Math.min(edits, 10)).catch(failed);
			out.push(`| \`${file.slice(4)}\` | ${version} | **${lat(ours)}** | ${lat(orig)} | ${lat(watch)} |`);
		}
	}
	for (const { dir } of apps) rmSync(dir, { recursive: true, force: true });
	return out.join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const [runs, edits] = process.argv.slice(2).map(Number);
	console.log(await run(benchNodes(), { runs: runs || undefined, edits: edits || undefined }));
}
