// Startup time: a synthetic 300-module app and ~2,600 real modules (lodash-es, date-fns, three.js
// copied out of node_modules so they load as first-party code), under plain `node`, under
// pass-through hooks registered the way dynohot registers (Node's own hook overhead), under
// dynohot, and under the original dynohot 1.2.1. Median of 10 or more runs (after a warm-up run),
// with ratios.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { dynohot } from "./package.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));

export function synthetic() {
	const dir = mkdtempSync(join(tmpdir(), "dynohot-bench-syn-"));
	writeFileSync(join(dir, "package.json"), `{ "type": "module" }`);
	const count = 300;
	for (let i = 0; i < count; i++) {
		const deps = [2 * i + 1, 2 * i + 2].filter(j => j < count);
		const lines = deps.map(j => `import { v${j} } from "./m${j}.js";`);
		lines.push(`export const v${i} = ${i} + ${deps.length > 0 ? deps.map(j => `v${j}`).join(" + ") : "0"};`);
		lines.push(`export function f${i}(x) { return x * ${i}; }`);
		lines.push(`const table = Array.from({ length: 20 }, (_, k) => ({ k, s: String(k) }));`);
		writeFileSync(join(dir, `m${i}.js`), lines.join("\n") + "\n");
	}
	writeFileSync(join(dir, "main.js"), `import { v0 } from "./m0.js";\nconsole.log(v0);\n`);
	return dir;
}

export function packages() {
	const dir = mkdtempSync(join(tmpdir(), "dynohot-bench-pkg-"));
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

/** Pass-through hooks, registered like dynohot: registerHooks where it exists, else register. */
export function noopHooks() {
	const dir = mkdtempSync(join(tmpdir(), "dynohot-bench-noop-"));
	mkdirSync(dir, { recursive: true });
	const file = join(dir, "noop.mjs");
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
 * Median wall time of each configuration, the runs interleaved (one of each in turn, after one
 * warm-up round) so that a busy machine slows them alike. NaN for a configuration that fails.
 * @param {string} node
 * @param {string[][]} configs the node arguments of each configuration
 * @param {string} cwd
 * @param {number} runs
 */
function medians(node, configs, cwd, runs) {
	/** @type {number[][]} */
	const times = configs.map(() => []);
	for (let i = 0; i < runs + 1; i++) {
		configs.forEach((args, c) => {
			if (times[c].includes(NaN)) return;
			const start = performance.now();
			const result = spawnSync(node, [...args, "main.js"], { cwd, encoding: "utf8" });
			const elapsed = performance.now() - start;
			if (result.status !== 0) {
				console.error(`${node} ${args.join(" ")} failed (${result.status ?? result.signal}) in ${cwd}:\n${result.stderr}`);
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

/** @param {{ name: string, node: string }[]} nodes */
export function run(nodes) {
	const apps = [
		{ name: "300 generated modules", dir: synthetic(), runs: 15 },
		{ name: "lodash-es + date-fns + three (~2,600 modules)", dir: packages(), runs: 10 },
	];
	const noop = noopHooks();
	const lines = ["| app | Node | plain node | Node's hook overhead | dynohot | original dynohot | dynohot / plain | dynohot / hooks |", "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"];
	for (const app of apps) {
		for (const { name, node } of nodes) {
			const [plain, hooks, ours, original] = medians(
				node,
				[
					[],
					["--import", noop],
					["--import", join(dynohot(), "loader.mjs")],
					// Started the way its README says, `--import dynohot` (its register.js: `module.register`).
					["--import", join(root, "node_modules/dynohot-js/dist/loader/register.js")],
				],
				app.dir,
				app.runs,
			);
			const ms = (/** @type {number} */ t) => (Number.isNaN(t) ? "fails" : `${t.toFixed(0)} ms`);
			lines.push(
				`| ${app.name} | ${name} | ${ms(plain)} | ${ms(hooks)} | ${ms(ours)} | ${ms(original)} | ${(ours / plain).toFixed(2)}x | ${(ours / hooks).toFixed(2)}x |`,
			);
		}
	}
	return lines.join("\n");
}
