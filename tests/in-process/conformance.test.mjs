// Conformance over real third-party code nobody here wrote: every ES module of lodash-es,
// date-fns (its ESM files), rxjs (dist/esm) and three (src/) transforms without error, and the
// shell parses as an ES module, both the way the loader calls it by default (no source map) and
// under --enable-source-maps (an inline map, composed with the package's own map where it ships
// one: rxjs's maps lead back to its TypeScript sources, and so must ours). The counts are
// committed in tests/conformance/results.json: a change in the number of modules or bytes, a
// failure outside the listed known failures (each named, with its reason), or a listed failure
// that now passes, fails here. After a deliberate change, DYNOHOT_UPDATE_CONFORMANCE=1 rewrites
// the results; review the diff. Duration on a debug build: ~35 s with the machine busy (2 cores,
// load average 12); release: a few seconds.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import vm from "node:vm";

const { transform } = createRequire(import.meta.url)("../../native.cjs");
const root = fileURLToPath(new URL("../..", import.meta.url));
const resultsPath = join(root, "tests/conformance/results.json");

/** Which files of each package are its ES modules. */
const corpus = {
	"lodash-es": { dir: "node_modules/lodash-es", include: (/** @type {string} */ path) => path.endsWith(".js") },
	"date-fns": {
		dir: "node_modules/date-fns",
		// The `cdn*.js` files are browser bundles (IIFE), not modules.
		include: (/** @type {string} */ path) => path.endsWith(".js") && !/(^|\/)cdn(\.min)?\.js$/.test(path),
	},
	rxjs: { dir: "node_modules/rxjs/dist/esm", include: (/** @type {string} */ path) => path.endsWith(".js") },
	three: { dir: "node_modules/three/src", include: (/** @type {string} */ path) => path.endsWith(".js") },
};

/** @param {string} dir @returns {string[]} */
function walk(dir) {
	/** @type {string[]} */
	const out = [];
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) out.push(...walk(path));
		else out.push(path);
	}
	return out.sort();
}

/**
 * The sources of the map file a module names in its last `//# sourceMappingURL=`, if it exists.
 * @param {string} file
 * @param {Buffer} source
 */
function inputMapSources(file, source) {
	const match = /\/\/# sourceMappingURL=(?!data:)(\S+)\s*$/.exec(source.toString("utf8"));
	const path = match && join(dirname(file), match[1]);
	if (path === null || !existsSync(path)) return undefined;
	return JSON.parse(readFileSync(path, "utf8")).sources;
}

/**
 * Transforms one module both ways and parses both shells; returns why it failed, if it did.
 * @param {string} file
 * @param {Buffer} source
 * @returns {string | undefined}
 */
function check(file, source) {
	const url = pathToFileURL(file).href;
	for (const sourceMap of [false, true]) {
		const { code, errors } = transform(source, url, { sourceMap });
		const how = sourceMap ? " (with source map)" : "";
		if (errors.length > 0) return `transform${how}: ${errors[0].code} ${errors[0].message} at ${errors[0].line}:${errors[0].column}`;
		try {
			new vm.SourceTextModule(code, { identifier: url });
		} catch (error) {
			return `parse${how}: ${String(error)}`;
		}
		if (!sourceMap) continue;
		const inline = /\/\/# sourceMappingURL=data:application\/json;charset=utf-8;base64,(\S+)\s*$/.exec(code);
		if (inline === null) return "map: no inline source map at the end of the shell";
		/** @type {{ version: number, sources: string[], mappings: string }} */
		let map;
		try {
			map = JSON.parse(Buffer.from(inline[1], "base64").toString("utf8"));
		} catch (error) {
			return `map: not JSON: ${String(error)}`;
		}
		// (A module of nothing but re-exports keeps no code of its own: its mappings may be empty.)
		if (map.version !== 3 || typeof map.mappings !== "string") return `map: not a version 3 source map`;
		const composed = inputMapSources(file, source);
		if (composed !== undefined && JSON.stringify(map.sources) !== JSON.stringify(composed)) {
			return `map: sources ${JSON.stringify(map.sources)}, not the package map's ${JSON.stringify(composed)}`;
		}
	}
	return undefined;
}

test("third-party ES modules transform and parse", () => {
	/** @type {Record<string, { version: string, modules: number, bytes: number, failures: Record<string, string> }>} */
	const results = {};
	let totalBytes = 0;
	let totalModules = 0;
	const started = performance.now();
	for (const [name, { dir, include }] of Object.entries(corpus)) {
		const base = join(root, dir);
		assert.ok(statSync(base, { throwIfNoEntry: false })?.isDirectory(), `corpus package ${name} is missing at ${dir}: run npm ci`);
		const files = walk(base).filter(path => include(relative(base, path)));
		/** @type {Record<string, string>} */
		const failures = {};
		let bytes = 0;
		for (const file of files) {
			const source = readFileSync(file);
			bytes += source.length;
			const failure = check(file, source);
			if (failure !== undefined) failures[relative(base, file)] = failure;
		}
		const { version } = JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8"));
		results[name] = { version, modules: files.length, bytes, failures };
		totalBytes += bytes;
		totalModules += files.length;
	}
	const seconds = (performance.now() - started) / 1000;
	console.log(`conformance: ${totalModules} modules, ${(totalBytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)}s`);
	if (process.env.DYNOHOT_UPDATE_CONFORMANCE) {
		writeFileSync(resultsPath, JSON.stringify(results, null, "\t") + "\n");
	}
	/** @type {typeof results} */
	const expected = JSON.parse(readFileSync(resultsPath, "utf8"));
	assert.deepEqual(Object.keys(results), Object.keys(expected), "the corpus packages differ from tests/conformance/results.json");
	for (const [name, actual] of Object.entries(results)) {
		const known = expected[name];
		const unexpected = Object.entries(actual.failures).filter(([file]) => !(file in known.failures));
		assert.deepEqual(unexpected, [], `${name}: modules outside the known failures of tests/conformance/results.json fail`);
		const fixed = Object.keys(known.failures).filter(file => !(file in actual.failures));
		assert.deepEqual(fixed, [], `${name}: known failures now pass: take them out of tests/conformance/results.json`);
		assert.equal(actual.version, known.version, `${name}: version ${actual.version} installed, results.json is for ${known.version}`);
		assert.equal(actual.modules, known.modules, `${name}: ${actual.modules} modules, results.json says ${known.modules}`);
		assert.equal(actual.bytes, known.bytes, `${name}: ${actual.bytes} bytes, results.json says ${known.bytes}`);
	}
	assert.deepEqual(results, expected);
});
