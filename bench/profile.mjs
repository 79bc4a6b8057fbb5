// Where startup time goes: `--cpu-prof` of the real-packages app (lodash-es, date-fns, three.js as
// first-party code) under plain node, under pass-through hooks and under dynohot, every thread's
// samples (Node 20 runs hooks in a worker) summed by what the code is: dynohot's native transform,
// its loader hooks, its runtime, Node's module loader, the app's own code, GC, and so on.
// `node bench/profile.mjs [node binary]`; `npm run bench` includes it for every Node line it runs.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createRequire } from "node:module";
import { dynohot } from "./package.mjs";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
/** The URL of the package copy that is measured (bench/package.mjs): its frames are dynohot's. */
const copyURL = () => pathToFileURL(`${dynohot()}/`).href;

/** The startup benchmark's packages app: lodash-es, date-fns and three.js as first-party code. */
function packages() {
	const dir = mkdtempSync(join(tmpdir(), "dynohot-prof-app-"));
	writeFileSync(join(dir, "package.json"), `{ "type": "module" }`);
	cpSync(join(root, "node_modules/lodash-es"), join(dir, "lodash"), { recursive: true });
	cpSync(join(root, "node_modules/date-fns"), join(dir, "datefns"), { recursive: true });
	cpSync(join(root, "node_modules/three/src"), join(dir, "three"), { recursive: true });
	writeFileSync(
		join(dir, "main.js"),
		`import * as _ from "./lodash/lodash.js";\nimport * as d from "./datefns/index.js";\nimport * as THREE from "./three/Three.js";\nconsole.log(Object.keys(_).length + Object.keys(d).length + Object.keys(THREE).length);\n`,
	);
	return dir;
}

/** Pass-through hooks registered the way dynohot registers (as in the startup benchmark). */
function noopHooks() {
	const file = join(mkdtempSync(join(tmpdir(), "dynohot-prof-noop-")), "noop.mjs");
	writeFileSync(
		file,
		`import * as m from "node:module";
if (m.registerHooks) m.registerHooks({ resolve: (s, c, n) => n(s, c), load: (u, c, n) => n(u, c) });
else m.register("data:text/javascript,export const resolve = (s, c, n) => n(s, c); export const load = (u, c, n) => n(u, c);");
`,
	);
	return file;
}

/**
 * @typedef {{ id: number, callFrame: { functionName: string, url: string, lineNumber: number }, children?: number[] }} ProfileNode
 * @typedef {{ nodes: ProfileNode[], samples: number[], timeDeltas: number[], startTime: number, endTime: number }} Profile
 */

/**
 * What a sampled frame is. V8 shows no frame for the napi `transform` call: its samples count
 * for the hook function that calls it (`transformAlone` below measures it on its own).
 * @param {ProfileNode} node
 */
function category(node) {
	const { functionName, url } = node.callFrame;
	const rootURL = copyURL();
	if (functionName === "(garbage collector)") return "GC";
	if (functionName === "(idle)") return "idle (waiting: other thread, I/O)";
	if (functionName === "(program)") return "V8/Node native (compile, instantiate, C++ module loader)";
	if (url.startsWith(`${rootURL}src/loader/`) || url.startsWith(`${rootURL}loader.mjs`) || url.startsWith(`${rootURL}register.mjs`))
		return "dynohot: loader hooks (JS, and the native transform they call)";
	if (url.startsWith(`${rootURL}src/runtime/`)) return "dynohot: runtime (JS: link, evaluate)";
	if (url.startsWith("file://") || url.startsWith("/")) return "the app's own modules";
	if (url.startsWith("node:") || url.startsWith("internal/")) return "Node's JS (ESM loader, fs, hooks plumbing)";
	if (url.startsWith("data:")) return "pass-through hooks (data: module)";
	return "other native (builtins, JSON, regexp)";
}

/**
 * Self time per category over all profiles written into `dir` (one per thread).
 * @param {string} dir
 */
function summarise(dir) {
	/** @type {Map<string, number>} */
	const byCategory = new Map();
	/** @type {Map<string, number>} */
	const byFunction = new Map();
	let wall = 0;
	for (const name of readdirSync(dir).filter(n => n.endsWith(".cpuprofile"))) {
		/** @type {Profile} */
		const profile = JSON.parse(readFileSync(join(dir, name), "utf8"));
		wall = Math.max(wall, (profile.endTime - profile.startTime) / 1000);
		/** @type {Map<number, ProfileNode>} */
		const nodes = new Map(profile.nodes.map(n => [n.id, n]));
		profile.samples.forEach((id, i) => {
			const node = /** @type {ProfileNode} */ (nodes.get(id));
			const ms = (profile.timeDeltas[i] ?? 0) / 1000;
			const what = category(node);
			byCategory.set(what, (byCategory.get(what) ?? 0) + ms);
			if (what.startsWith("dynohot") || what.startsWith("Node's JS")) {
				const { functionName, url, lineNumber } = node.callFrame;
				const key = `${functionName || "(anonymous)"} ${url.replace(copyURL(), "").replace(/^node:internal\//, "internal/")}:${lineNumber + 1}`;
				byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
			}
		});
	}
	return { wall, byCategory, byFunction };
}

/**
 * @param {string} node
 * @param {string[]} args
 * @param {string} cwd
 */
function profile(node, args, cwd) {
	const dir = mkdtempSync(join(tmpdir(), "dynohot-prof-"));
	try {
		const result = spawnSync(node, ["--cpu-prof", "--cpu-prof-dir", dir, "--cpu-prof-interval", "200", ...args, "main.js"], { cwd, encoding: "utf8" });
		if (result.status !== 0) throw new Error(`${node} ${args.join(" ")} failed:\n${result.stderr}`);
		return summarise(dir);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * The file URLs a run of the app loads (found with counting hooks; needs `module.registerHooks`).
 * @param {string} node
 * @param {string} app
 * @returns {string[] | undefined}
 */
function loadedFiles(node, app) {
	const hooks = `import * as m from "node:module"; const seen = new Set();
if (m.registerHooks) m.registerHooks({ load(url, context, next) { if (url.startsWith("file:")) seen.add(url); return next(url, context); } });
process.on("exit", () => process.stderr.write(m.registerHooks ? JSON.stringify([...seen]) : ""));`;
	const result = spawnSync(node, ["--import", `data:text/javascript,${encodeURIComponent(hooks)}`, "main.js"], { cwd: app, encoding: "utf8" });
	return result.status === 0 && result.stderr.startsWith("[") ? JSON.parse(result.stderr) : undefined;
}

/**
 * The napi transform alone over the modules the app loads, as the load hook calls it (bytes in,
 * no source map), best of 3: the floor of what transforming costs at startup.
 * @param {string[]} urls
 */
function transformAlone(urls) {
	const { transform } = createRequire(join(dynohot(), "native.cjs"))("./native.cjs");
	const files = urls.filter(url => url.endsWith(".js")).map(url => ({ url, buffer: readFileSync(fileURLToPath(url)) }));
	let best = Infinity;
	for (let round = 0; round < 3; round++) {
		const start = performance.now();
		for (const { url, buffer } of files) transform(buffer, url, { sourceMap: false, requests: false });
		best = Math.min(best, performance.now() - start);
	}
	return { modules: files.length, bytes: files.reduce((sum, f) => sum + f.buffer.length, 0), ms: best };
}

/**
 * The mean of several profiled runs (samples land wherever a busy machine deschedules a thread:
 * one run is noisy).
 * @param {number} times
 * @param {string} node
 * @param {string[]} args
 * @param {string} cwd
 */
function profileMean(times, node, args, cwd) {
	const results = Array.from({ length: times }, () => profile(node, args, cwd));
	/** @param {(r: ReturnType<typeof summarise>) => Map<string, number>} pick */
	const mean = pick => {
		/** @type {Map<string, number>} */
		const sum = new Map();
		for (const r of results) for (const [k, v] of pick(r)) sum.set(k, (sum.get(k) ?? 0) + v / times);
		return sum;
	};
	return {
		wall: results.reduce((sum, r) => sum + r.wall / times, 0),
		byCategory: mean(r => r.byCategory),
		byFunction: mean(r => r.byFunction),
	};
}

/** @param {{ name: string, node: string }[]} nodes */
export function run(nodes, times = 3) {
	const app = packages();
	const noop = noopHooks();
	const urls = nodes.map(({ node }) => loadedFiles(node, app)).find(found => found !== undefined);
	/** @type {string[]} */
	const out = ["App: lodash-es + date-fns + three.js copied out of node_modules (the startup benchmark's second app)."];
	if (urls !== undefined) {
		const alone = transformAlone(urls);
		out.push(
			`It loads ${alone.modules} modules (${(alone.bytes / 1e6).toFixed(1)} MB); the native transform of all of them, called alone in one`,
			`process as the load hook calls it (release build, no source map), takes ${alone.ms.toFixed(0)} ms (${((alone.ms * 1000) / alone.modules).toFixed(0)} µs/module).`,
		);
	}
	out.push("");
	for (const { name, node } of nodes) {
		const runs = [
			{ name: "plain node", result: profileMean(times, node, [], app) },
			{ name: "pass-through hooks", result: profileMean(times, node, ["--import", noop], app) },
			{ name: "dynohot", result: profileMean(times, node, ["--import", join(dynohot(), "loader.mjs")], app) },
		];
		const categories = [...new Set(runs.flatMap(r => [...r.result.byCategory.keys()]))].sort(
			(a, b) => (runs[2].result.byCategory.get(b) ?? 0) - (runs[2].result.byCategory.get(a) ?? 0),
		);
		const ms = (/** @type {number | undefined} */ t) => (t === undefined ? "" : `${t.toFixed(0)}`);
		out.push(
			`### ${name}`,
			"",
			`Sampled self time in ms, summed over every thread, mean of ${times} runs (profiled wall time: ${runs.map(r => `${r.name} ${ms(r.result.wall)}`).join(", ")}).`,
			"",
			`| | ${runs.map(r => r.name).join(" | ")} |`,
			`| --- | ${runs.map(() => "---:").join(" | ")} |`,
			...categories.map(c => `| ${c} | ${runs.map(r => ms(r.result.byCategory.get(c))).join(" | ")} |`),
			"",
			"Heaviest functions under dynohot (dynohot's own and Node's loader JS), self time:",
			"",
			"| ms | function |",
			"| ---: | --- |",
			...[...runs[2].result.byFunction.entries()]
				.sort((a, b) => b[1] - a[1])
				.slice(0, 12)
				.map(([fn, t]) => `| ${t.toFixed(0)} | \`${fn}\` |`),
			"",
		);
	}
	return out.join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
	const node = resolve(process.argv[2] ?? process.execPath);
	console.log(run([{ name: node, node }]));
}
