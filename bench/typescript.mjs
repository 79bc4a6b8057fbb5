// TypeScript: startup of a generated 1,000-module TypeScript app and of a real TypeScript codebase
// (@jridgewell/trace-mapping's .ts sources, copied out of node_modules), under dynohot, under Node
// 24's own type stripping (plain `node main.ts`, not hot) and under tsx (its CLI, and `node
// --import tsx`); and edit-to-running of a `.ts` leaf and a `.js` leaf under dynohot, against `tsx
// watch` and `node --watch` (restarts). Runs interleaved, medians, ratios. `node bench/typescript.mjs`
// runs it alone (release build: `npm run build`).
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dynohot } from "./package.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const tsxCli = join(root, "node_modules/tsx/dist/cli.mjs");
const tsxLoader = pathToFileURL(join(root, "node_modules/tsx/dist/loader.mjs")).href;

/**
 * 1,000 modules, each importing two others: interfaces, annotations, generics, `import type` (the
 * subset Node's own stripping runs, so all three can run the same files), `.ts` specifiers.
 */
export function generated(count = 1000) {
	const dir = mkdtempSync(join(tmpdir(), "dynohot-bench-ts-"));
	writeFileSync(join(dir, "package.json"), `{ "type": "module" }`);
	writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { target: "es2022", module: "nodenext", strict: true } }));
	writeFileSync(join(dir, "types.ts"), `export interface Row { k: number; s: string }\nexport type Pair<T> = [T, T];\n`);
	for (let i = 0; i < count; i++) {
		const deps = [2 * i + 1, 2 * i + 2].filter(j => j < count);
		const lines = [`import type { Row, Pair } from "./types.ts";`, ...deps.map(j => `import { v${j} } from "./m${j}.ts";`)];
		lines.push(`export const v${i}: number = ${i} + ${deps.length > 0 ? deps.map(j => `v${j}`).join(" + ") : "0"};`);
		lines.push(`export function f${i}<T extends number>(x: T): number { return x * ${i}; }`);
		lines.push(`export interface Shape${i} { id: number; pair: Pair<string>; rows: Row[] }`);
		lines.push(`const table: Row[] = Array.from({ length: 20 }, (_, k: number): Row => ({ k, s: String(k) }));`);
		lines.push(`export const shape${i} = { id: ${i}, pair: ["a", "b"], rows: table } satisfies Shape${i};`);
		writeFileSync(join(dir, `m${i}.ts`), lines.join("\n") + "\n");
	}
	writeFileSync(join(dir, "main.ts"), `import { v0 } from "./m0.ts";\nconst total: number = v0;\nconsole.log(total);\n`);
	return dir;
}

/** @jridgewell/trace-mapping's sources (extensionless imports: Node's own stripping cannot run them). */
export function codebase() {
	const dir = mkdtempSync(join(tmpdir(), "dynohot-bench-ts-real-"));
	writeFileSync(join(dir, "package.json"), `{ "type": "module" }`);
	cpSync(join(root, "node_modules/@jridgewell/trace-mapping/src"), join(dir, "src"), { recursive: true });
	mkdirSync(join(dir, "node_modules/@jridgewell"), { recursive: true });
	for (const name of readdirSync(join(root, "node_modules/@jridgewell"))) {
		symlinkSync(join(root, "node_modules/@jridgewell", name), join(dir, "node_modules/@jridgewell", name), "dir");
	}
	writeFileSync(join(dir, "main.ts"), `import * as tm from "./src/trace-mapping";\nconsole.log(Object.keys(tm).length);\n`);
	return dir;
}

/**
 * Median wall time of each configuration, interleaved (one of each in turn, after a warm-up
 * round). NaN for one that fails.
 * @param {{ command: string, args: string[] }[]} configs
 * @param {string} cwd
 * @param {number} runs
 */
function medians(configs, cwd, runs) {
	/** @type {number[][]} */
	const times = configs.map(() => []);
	for (let i = 0; i < runs + 1; i++) {
		configs.forEach(({ command, args }, c) => {
			if (times[c].includes(NaN)) return;
			const start = performance.now();
			const result = spawnSync(command, args, { cwd, encoding: "utf8" });
			const elapsed = performance.now() - start;
			if (result.status !== 0) {
				console.error(`${command} ${args.join(" ")} failed (${result.status ?? result.signal}) in ${cwd}:\n${result.stderr}`);
				times[c].push(NaN);
			} else if (i > 0) times[c].push(elapsed);
		});
	}
	return times.map(list => {
		if (list.includes(NaN)) return NaN;
		list.sort((x, y) => x - y);
		return list[Math.floor(list.length / 2)];
	});
}

const ms = (/** @type {number} */ t, digits = 0) => (Number.isNaN(t) ? "fails" : `${t.toFixed(digits)} ms`);
const times = (/** @type {number} */ a, /** @type {number} */ b) => (Number.isNaN(a) || Number.isNaN(b) ? "–" : `${(a / b).toFixed(2)}x`);

/**
 * From the write of `file` to the marker `v<N>` its new code prints, median of `edits` edits.
 * @param {string} command
 * @param {string[]} args
 * @param {string} dir a project whose `main` imports `file`, accepting it under dynohot
 * @param {string} file
 * @param {(version: number) => string} content
 * @param {number} edits
 */
async function latency(command, args, dir, file, content, edits) {
	writeFileSync(join(dir, file), content(0));
	const child = spawn(command, args, { cwd: dir, stdio: ["ignore", "pipe", "ignore"] });
	/** @type {(version: number) => void} */
	let seen = () => {};
	let buffer = "";
	child.stdout.on("data", chunk => {
		buffer += chunk;
		const lines = buffer.split("\n");
		buffer = lines.pop() ?? "";
		for (const line of lines) {
			const match = /^v(\d+)$/.exec(line);
			if (match) seen(Number(match[1]));
		}
	});
	const waitFor = (/** @type {number} */ version) =>
		new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`no v${version} from ${command} ${args.join(" ")}`)), 15_000);
			seen = v => {
				if (v === version) {
					clearTimeout(timer);
					resolve(undefined);
				}
			};
		});
	/** @type {number[]} */
	const measured = [];
	try {
		await waitFor(0);
		await new Promise(resolve => setTimeout(resolve, 300));
		for (let i = 1; i <= edits; i++) {
			const done = waitFor(i);
			const start = performance.now();
			writeFileSync(join(dir, file), content(i));
			await done;
			measured.push(performance.now() - start);
			await new Promise(resolve => setTimeout(resolve, 150));
		}
	} catch (error) {
		console.error(String(error));
		return NaN;
	} finally {
		child.kill();
	}
	measured.sort((a, b) => a - b);
	return measured[Math.floor(measured.length / 2)];
}

/** A small server-like app: main.ts imports a .ts leaf and a .js leaf and accepts both. */
function editApp() {
	const dir = mkdtempSync(join(tmpdir(), "dynohot-bench-ts-edit-"));
	writeFileSync(join(dir, "package.json"), `{ "type": "module" }`);
	writeFileSync(
		join(dir, "main.ts"),
		`import "./leaf.ts";\nimport "./plain.js";\nimport.meta.hot?.accept(["./leaf.ts", "./plain.js"]);\nconst tick: number = 1000;\nsetInterval(() => {}, tick);\n`,
	);
	writeFileSync(join(dir, "plain.js"), `export const plain = 0;\n`);
	return dir;
}

/**
 * @param {string} node24 Node 24 (its own type stripping)
 * @param {{ name: string, node: string }[]} nodes where dynohot and tsx also run
 */
export async function run(node24, nodes) {
	const loader = join(dynohot(), "loader.mjs");
	const out = [];
	out.push(
		"Startup: median wall time of a whole process (10 runs, interleaved, after a warm-up round). Node 24's own stripping is not hot; tsx's CLI starts a second process.",
		"",
		"| app | Node | dynohot | Node 24 stripping | tsx CLI | node --import tsx | dynohot / Node stripping | dynohot / tsx CLI | dynohot / --import tsx |",
		"| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
	);
	for (const app of [
		{ name: "1,000 generated .ts modules", dir: generated(), runs: 10 },
		{ name: "@jridgewell/trace-mapping src (9 .ts files + 2 packages)", dir: codebase(), runs: 15 },
	]) {
		for (const { name, node } of nodes) {
			const [ours, stripping, cli, imported] = medians(
				[
					{ command: node, args: ["--import", loader, "main.ts"] },
					{ command: node24, args: ["main.ts"] },
					{ command: node, args: [tsxCli, "main.ts"] },
					{ command: node, args: ["--import", tsxLoader, "main.ts"] },
				],
				app.dir,
				app.runs,
			);
			out.push(
				`| ${app.name} | ${name} | ${ms(ours)} | ${ms(stripping)} | ${ms(cli)} | ${ms(imported)} | ${times(ours, stripping)} | ${times(ours, cli)} | ${times(ours, imported)} |`,
			);
		}
	}
	const edits = 20;
	out.push(
		"",
		`Edit to running: from the write of a leaf module to its new code's output, median of ${edits} edits. dynohot re-runs the leaf in place; tsx watch and node --watch restart the process.`,
		"",
		"| Node | dynohot, .ts leaf | dynohot, .js leaf | tsx watch (.ts leaf) | node --watch (.ts leaf, Node 24) | .ts / .js |",
		"| --- | ---: | ---: | ---: | ---: | ---: |",
	);
	const tsLeaf = (/** @type {number} */ i) => `const version: number = ${i};\nexport interface Leaf { v: number }\nconsole.log("v" + version);\n`;
	const jsLeaf = (/** @type {number} */ i) => `console.log("v${i}");\n`;
	for (const { name, node } of nodes) {
		const ts = await latency(node, ["--import", loader, "main.ts"], editApp(), "leaf.ts", tsLeaf, edits);
		const js = await latency(node, ["--import", loader, "main.ts"], (dir => (writeFileSync(join(dir, "leaf.ts"), tsLeaf(0)), dir))(editApp()), "plain.js", jsLeaf, edits);
		const watch = await latency(node, [tsxCli, "watch", "--clear-screen=false", "main.ts"], editApp(), "leaf.ts", tsLeaf, edits);
		const nodeWatch = await latency(node24, ["--watch", "main.ts"], editApp(), "leaf.ts", tsLeaf, edits);
		out.push(`| ${name} | ${ms(ts, 1)} | ${ms(js, 1)} | ${ms(watch, 1)} | ${ms(nodeWatch, 1)} | ${times(ts, js)} |`);
	}
	return out.join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
	// DYNOHOT_BENCH_NODE24=<node 24 binary> instead of the pinned one under .cache.
	let node24 = process.env.DYNOHOT_BENCH_NODE24;
	if (node24 === undefined) {
		const { nodeLines } = await import("../scripts/node-lines.mjs");
		node24 = nodeLines().find(l => l.major === 24)?.node;
	}
	if (node24 === undefined) throw new Error("Node 24 is needed (DYNOHOT_NODE_LINES includes 24)");
	const version = spawnSync(node24, ["--version"], { encoding: "utf8" }).stdout.trim();
	console.log(await run(node24, [{ name: process.version, node: process.execPath }, { name: version, node: node24 }]));
}
