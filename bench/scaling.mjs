// Scaling: synthetic graphs of 100, 1,000, 5,000 and 20,000 modules. A binary tree of modules,
// each also importing one shared leaf; main.js imports the tree's root and self-accepts: a leaf edit re-runs every module. Startup (warm cache) and the leaf edit,
// against plain node; the log-log slope between the smallest and the largest graph (1 = linear);
// peak RSS above plain node's, per module.
//
// `node bench/scaling.mjs [sizes] [runs]`, e.g. `node bench/scaling.mjs 100,1000,5000,20000 3`
// (about 5 minutes on Node 20 and 26); `npm run bench` includes it.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { benchNodes, editLatency, measure } from "./corpus.mjs";
import { dynohot } from "./package.mjs";

/** @param {number} count */
function graph(count) {
	const dir = mkdtempSync(join(tmpdir(), `dynohot-bench-scale-${count}-`));
	writeFileSync(join(dir, "package.json"), `{ "type": "module", "private": true }`);
	writeFileSync(join(dir, "leaf.js"), `export const leaf = 1;\n`);
	for (let i = 0; i < count; i++) {
		// A binary tree (depth log2 n, as real graphs are shallow), every node also importing the leaf.
		const children = [2 * i + 1, 2 * i + 2].filter(j => j < count);
		const imports = children.map(j => `import { v${j} } from "./m${j}.js";\n`).join("");
		const sum = children.map(j => ` + v${j}`).join("");
		writeFileSync(join(dir, `m${i}.js`), `import { leaf } from "./leaf.js";\n${imports}export const v${i} = leaf${sum};\nexport function f${i}(x) { return x * ${i}; }\n`);
	}
	writeFileSync(join(dir, "main.js"), main(false));
	return { dir, stay: () => writeFileSync(join(dir, "main.js"), main(true)) };
}

/** main.js: imports the tree, prints its mark and peak RSS, self-accepts; `stay`: keeps running. @param {boolean} stay */
const main = stay =>
	`import { v0 } from "./m0.js";\nconsole.log("mark=" + (globalThis.__mark ?? 0) + " v=" + v0 + " rss=" + process.resourceUsage().maxRSS);\nimport.meta.hot?.accept();\n${stay ? "setInterval(() => {}, 1000);\n" : ""}`;

/** @param {number} a @param {number} b @param {number} na @param {number} nb */
const slope = (a, b, na, nb) => Math.log(b / a) / Math.log(nb / na);

/**
 * @param {{ name: string, node: string }[]} nodes
 * @param {{ sizes?: number[], runs?: number, edits?: number }} [options]
 */
export async function run(nodes, options = {}) {
	const sizes = options.sizes ?? [100, 1000, 5000, 20000];
	const runs = options.runs ?? 3;
	const edits = options.edits ?? 7;
	const loader = join(dynohot(), "loader.mjs");
	const out = [
		`A binary tree of modules, each also importing one shared leaf; main.js imports the root and self-accepts, so editing the leaf re-runs every module. Startup: median of ${runs} interleaved runs, dynohot with a warm cache. Leaf edit: write to new output, median of ${edits}. RSS: peak, \`process.resourceUsage().maxRSS\`.`,
		"",
		"| modules | Node | plain node | dynohot | ÷ plain | leaf edit (all re-run) | RSS plain | RSS dynohot | extra RSS per module |",
		"| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
	];
	/** @type {Map<string, { n: number, start: number, edit: number }[]>} */
	const series = new Map();
	for (const count of sizes) {
		const { dir, stay } = graph(count);
		const cache = mkdtempSync(join(tmpdir(), "dynohot-bench-cache-"));
		for (const { name, node } of nodes) {
			console.log(`scaling ${count} ${name}…`);
			const env = { DYNOHOT_CACHE_DIR: join(cache, name) };
			const [plain, ours] = measure(node, [{ args: [] }, { args: ["--import", loader], env }], dir, runs);
			const p = /** @type {{ ms: number, rss: number }} */ (plain);
			const o = /** @type {{ ms: number, rss: number }} */ (ours);
			stay();
			const edit = await editLatency(node, ["--import", loader], dir, "leaf.js", edits, env).catch(error => {
				console.error(String(error));
				return { median: NaN, p95: NaN, min: NaN, max: NaN };
			});
			const list = series.get(name) ?? [];
			list.push({ n: count, start: o.ms, edit: edit.median });
			series.set(name, list);
			out.push(
				`| ${count.toLocaleString("en")} | ${name} | ${p.ms.toFixed(0)} ms | ${o.ms.toFixed(0)} ms | ${(o.ms / p.ms).toFixed(2)} | ${edit.median.toFixed(1)} ms | ${p.rss.toFixed(0)} MB | ${o.rss.toFixed(0)} MB | ${(((o.rss - p.rss) * 1024) / count).toFixed(1)} KB |`,
			);
			// Back to an exiting main.js for the next Node line's startup runs.
			writeFileSync(join(dir, "main.js"), main(false));
		}
		rmSync(dir, { recursive: true, force: true });
		rmSync(cache, { recursive: true, force: true });
	}
	out.push("", "Log-log slope between the smallest and the largest graph (1 = cost linear in the modules loaded / re-run):", "");
	for (const [name, list] of series) {
		const first = /** @type {{ n: number, start: number, edit: number }} */ (list[0]);
		const last = /** @type {{ n: number, start: number, edit: number }} */ (list[list.length - 1]);
		out.push(`- ${name}: startup ${slope(first.start, last.start, first.n, last.n).toFixed(2)}, leaf edit ${slope(first.edit, last.edit, first.n, last.n).toFixed(2)}`);
	}
	return out.join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const [sizes, runs] = process.argv.slice(2);
	console.log(await run(benchNodes(), { sizes: sizes ? sizes.split(",").map(Number) : undefined, runs: runs ? Number(runs) : undefined }));
}
