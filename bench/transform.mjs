// Transform throughput over the conformance corpus (lodash-es, date-fns, rxjs, three: ~2,900
// modules, 7.4 MB), single thread: dynohot through napi from Node, the original dynohot's Babel
// transform, and (via the Rust example) our core directly and a bare swc parse + print + map.
// Needs the release addon: `npm run build` first (a debug addon is refused: it is ~15x slower).
// The contenders run interleaved, round by round, and each keeps its best round, so a busy
// machine slows them alike and the ratios stay meaningful.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dynohot } from "./package.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));

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
 * Runs every contender once per round, interleaved; returns each one's best round in seconds.
 * @param {Record<string, () => void>} contenders
 * @param {number} rounds
 */
function interleaved(contenders, rounds) {
	/** @type {Record<string, number>} */
	const best = Object.fromEntries(Object.keys(contenders).map(name => [name, Infinity]));
	for (let i = 0; i < rounds; i++) {
		for (const [name, work] of Object.entries(contenders)) {
			const start = performance.now();
			work();
			best[name] = Math.min(best[name], (performance.now() - start) / 1000);
		}
	}
	return best;
}

export async function run() {
	const { transform } = createRequire(import.meta.url)(join(dynohot(), "native.cjs"));
	const files = corpus();
	const sources = files.map(file => ({ url: pathToFileURL(file).href, buffer: readFileSync(file) }));
	const texts = sources.map(s => s.buffer.toString("utf8"));
	const bytes = sources.reduce((sum, s) => sum + s.buffer.length, 0);
	const row = (/** @type {string} */ name, /** @type {number} */ seconds) =>
		`| ${name} | ${(bytes / 1e6 / seconds).toFixed(1)} | ${((seconds * 1e3) / files.length).toFixed(3)} |`;

	// The original: Babel parse + traverse + generate with its source map.
	const { transformModuleSource } = await import(pathToFileURL(join(root, "node_modules/dynohot-js/dist/loader/transform.js")).href);
	let babelFailures = 0;
	const times = interleaved(
		{
			napi: () => {
				for (const { url, buffer } of sources) transform(buffer, url, { requests: false });
			},
			napiNoMap: () => {
				for (const { url, buffer } of sources) transform(buffer, url, { sourceMap: false, requests: false });
			},
			babel: () => {
				babelFailures = 0;
				sources.forEach(({ url }, i) => {
					try {
						transformModuleSource(url, {}, texts[i], null);
					} catch {
						babelFailures++;
					}
				});
			},
		},
		3,
	);

	const list = join(tmpdir(), "dynohot-corpus.txt");
	writeFileSync(list, files.join("\n"));
	// DYNOHOT_BENCH_CRATE: another checkout of the crate to build the example from (e.g. a clean
	// `git archive HEAD` while the shared working tree holds someone's unfinished edits).
	const rust = execFileSync("cargo", ["run", "--quiet", "--release", "--no-default-features", "--features", "bench", "--example", "transform_bench", "--", list], {
		cwd: process.env.DYNOHOT_BENCH_CRATE || root,
		encoding: "utf8",
		env: { ...process.env, CARGO_TARGET_DIR: process.env.CARGO_TARGET_DIR ?? join(root, "target") },
	});
	/** @param {string} name */
	const rustSeconds = name => {
		const match = new RegExp(`^${name}: [\\d.]+ MB/s, ([\\d.]+) ms/module`, "m").exec(rust);
		if (match === null) throw new Error(`transform_bench printed no "${name}" line:\n${rust}`);
		return (Number(match[1]) * files.length) / 1e3;
	};
	const core = rustSeconds("dynohot transform \\(Rust core\\)");
	const swc = rustSeconds("bare swc parse\\+print\\+map");
	const x = (/** @type {number} */ ratio) => `${ratio.toFixed(ratio < 10 ? 2 : 0)}x`;

	return [
		`Corpus: ${files.length} modules, ${(bytes / 1e6).toFixed(1)} MB (lodash-es, date-fns, rxjs dist/esm, three src), single thread, best of 3 interleaved rounds.`,
		"",
		"| transform | MB/s | ms/module |",
		"| --- | ---: | ---: |",
		row("dynohot, through napi from Node as the load hook calls it (`requests: false`), with inline source map", times.napi),
		row("dynohot, through napi from Node, `sourceMap: false`", times.napiNoMap),
		row("dynohot, Rust core (`transform_str`, with source map)", core),
		row("bare swc parse + print + source map (Rust)", swc),
		row(`original dynohot 1.2.1, Babel (${babelFailures} modules threw)`, times.babel),
		"",
		"| ratio | value | target |",
		"| --- | ---: | --- |",
		`| Babel time / dynohot (napi) time | **${x(times.babel / times.napi)}** | ≥ 20x |`,
		`| Babel time / dynohot (Rust core) time | ${x(times.babel / core)} | ≥ 20x |`,
		`| Babel time / dynohot (napi, \`sourceMap: false\`: what the loader asks for unless --enable-source-maps) | ${x(times.babel / times.napiNoMap)} | |`,
		`| dynohot (Rust core) / bare swc | **${x(core / swc)}** | ≤ 2x |`,
		`| dynohot (napi) / bare swc | ${x(times.napi / swc)} | ≤ 2x |`,
		`| napi from Node / Rust core | ${x(times.napi / core)} | |`,
		"",
		"Rust side: `cargo run --release --no-default-features --features bench --example transform_bench -- <file list>`",
		"(the `bench` feature leaves out the napi binding, whose symbols only link inside Node):",
		"",
		"```",
		rust.trim(),
		"```",
	].join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
	console.log(await run());
}
