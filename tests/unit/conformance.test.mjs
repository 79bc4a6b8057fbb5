// Conformance over real third-party code nobody here wrote: every ES module of lodash-es,
// date-fns (its ESM files), rxjs (dist/esm) and three (src/) transforms without error, and the
// shell parses as an ES module. The counts are committed in tests/conformance/results.json: a
// change in the number of modules, or a failure outside the listed known failures, fails here.
// Set DYNOHOT_UPDATE_CONFORMANCE=1 to rewrite the results after a deliberate change.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
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

test("third-party ES modules transform and parse", () => {
	/** @type {Record<string, { modules: number, bytes: number, failures: Record<string, string> }>} */
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
			const { code, errors } = transform(source, pathToFileURL(file).href, { sourceMap: false });
			const key = relative(base, file);
			if (errors.length > 0) {
				failures[key] = `transform: ${errors[0].message}`;
				continue;
			}
			try {
				new vm.SourceTextModule(code, { identifier: key });
			} catch (error) {
				failures[key] = `parse: ${String(error)}`;
			}
		}
		results[name] = { modules: files.length, bytes, failures };
		totalBytes += bytes;
		totalModules += files.length;
	}
	const seconds = (performance.now() - started) / 1000;
	console.log(`conformance: ${totalModules} modules, ${(totalBytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)}s`);
	if (process.env.DYNOHOT_UPDATE_CONFORMANCE) {
		writeFileSync(resultsPath, JSON.stringify(results, null, "\t") + "\n");
	}
	const expected = JSON.parse(readFileSync(resultsPath, "utf8"));
	assert.deepEqual(results, expected);
});
