// Transform throughput over the conformance corpus (lodash-es, date-fns, rxjs, three: ~2,900
// modules, 7.4 MB), single thread: dynohot through napi from Node, the original dynohot's Babel
// transform, and (via the Rust example) our core directly and a bare swc parse + print + map.
// Needs the release addon: `npm run build` first.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const { transform } = createRequire(import.meta.url)("../native.cjs");

/** @param {string} dir @returns {string[]} */
const walk = dir =>
	readdirSync(dir, { withFileTypes: true }).flatMap(entry => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));

export function corpus() {
	const at = (/** @type {string} */ dir) => walk(join(root, dir));
	return [
		...at("node_modules/lodash-es").filter(f => f.endsWith(".js")),
		...at("node_modules/date-fns").filter(f => f.endsWith(".js") && !/(^|\/)cdn(\.min)?\.js$/.test(f)),
		...at("node_modules/rxjs/dist/esm").filter(f => f.endsWith(".js")),
		...at("node_modules/three/src").filter(f => f.endsWith(".js")),
	].map(f => resolve(f));
}

/**
 * @param {() => void} work
 * @param {number} rounds
 */
function best(work, rounds) {
	let min = Infinity;
	for (let i = 0; i < rounds; i++) {
		const start = performance.now();
		work();
		min = Math.min(min, performance.now() - start);
	}
	return min / 1000;
}

export async function run() {
	const files = corpus();
	const sources = files.map(file => ({ url: pathToFileURL(file).href, buffer: readFileSync(file) }));
	const texts = sources.map(s => s.buffer.toString("utf8"));
	const bytes = sources.reduce((sum, s) => sum + s.buffer.length, 0);
	const line = (/** @type {string} */ name, /** @type {number} */ seconds) =>
		`| ${name} | ${(bytes / 1e6 / seconds).toFixed(1)} | ${((seconds * 1e3) / files.length).toFixed(3)} |`;

	const napi = best(() => {
		for (const { url, buffer } of sources) transform(buffer, url);
	}, 3);

	// The original: Babel parse + traverse + generate with its source map.
	const { transformModuleSource } = await import(pathToFileURL(join(root, "node_modules/dynohot-js/dist/loader/transform.js")).href);
	let babelFailures = 0;
	const babel = best(() => {
		sources.forEach(({ url }, i) => {
			try {
				transformModuleSource(url, {}, texts[i], null);
			} catch {
				babelFailures++;
			}
		});
	}, 2);

	const list = join(tmpdir(), "dynohot-corpus.txt");
	writeFileSync(list, files.join("\n"));
	const rust = execFileSync("cargo", ["run", "--quiet", "--release", "--no-default-features", "--features", "bench", "--example", "transform_bench", "--", list], {
		cwd: root,
		encoding: "utf8",
	});

	return [
		`Corpus: ${files.length} modules, ${(bytes / 1e6).toFixed(1)} MB (lodash-es, date-fns, rxjs dist/esm, three src), single thread.`,
		"",
		"| transform | MB/s | ms/module |",
		"| --- | ---: | ---: |",
		line("dynohot, through napi from Node (with source map)", napi),
		line(`original dynohot 1.2.1, Babel (${babelFailures} modules threw)`, babel),
		"",
		`dynohot is **${(babel / napi).toFixed(0)}x** faster than the original's Babel transform.`,
		"",
		"Rust side (`cargo run --release --no-default-features --features bench --example transform_bench`):",
		"",
		"```",
		rust.trim(),
		"```",
	].join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
	console.log(await run());
}
