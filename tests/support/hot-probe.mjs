// Proof that dynohot engaged, for suites that compare a program's output under plain node and
// under dynohot (a loader that silently did nothing would print the same as plain node).
//
// `node --import dynohot --import <this file> main.js` with DYNOHOT_TEST_PROBE=<file>: registered
// after dynohot, these hooks run before dynohot's, see what dynohot answers for every module Node
// loads, and append one JSON line per `file:` module to that file: its URL, the format Node got,
// and whether the source Node got differs from the bytes on disk (a shell does; a module used as
// it is does not). `readProbe` reads it back; `assertHot` checks that the entry and every ES module
// of the program came from dynohot's shells under a backing URL.
import assert from "node:assert/strict";
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import * as nodeModule from "node:module";
import { fileURLToPath } from "node:url";
import { isMainThread } from "node:worker_threads";

/** @typedef {{ url: string, format: string | undefined, rewritten: boolean }} Load */

const output = process.env.DYNOHOT_TEST_PROBE;

/**
 * @param {string} url
 * @param {import("node:module").LoadFnOutput} result
 */
function record(url, result) {
	if (output !== undefined && url.startsWith("file:")) {
		const path = fileURLToPath(url.replace(/[?#].*$/s, ""));
		const source = result.source === undefined || result.source === null ? undefined : Buffer.from(/** @type {any} */ (result.source));
		const rewritten = source !== undefined && existsSync(path) && !source.equals(readFileSync(path));
		appendFileSync(output, JSON.stringify({ url, format: result.format ?? undefined, rewritten }) + "\n");
	}
	return result;
}

/**
 * @param {string} url
 * @param {import("node:module").LoadHookContext} context
 * @param {(url: string, context?: Partial<import("node:module").LoadHookContext>) => import("node:module").LoadFnOutput | Promise<import("node:module").LoadFnOutput>} nextLoad
 */
export function load(url, context, nextLoad) {
	const result = nextLoad(url, context);
	return result instanceof Promise ? result.then(result => record(url, result)) : record(url, result);
}

// Registered the way dynohot registers itself (register.mjs), so both sit in the same chain: this
// one, registered later, runs first.
if (isMainThread && output !== undefined) {
	if (typeof nodeModule.registerHooks === "function") {
		nodeModule.registerHooks({ load: /** @type {any} */ (load) });
	} else {
		nodeModule.register(import.meta.url);
	}
}

/** The probe's module, for `--import`. */
export const probeURL = import.meta.url;

/**
 * The loads a probed process recorded.
 * @param {string} file the DYNOHOT_TEST_PROBE file
 * @returns {Load[]}
 */
export function readProbe(file) {
	if (!existsSync(file)) return [];
	return readFileSync(file, "utf8")
		.split("\n")
		.filter(Boolean)
		.map(line => JSON.parse(line));
}

/**
 * Asserts that dynohot ran the program in `dirURL` (a `file:` URL ending in `/`) hot: its entry
 * was loaded as a shell under a backing URL (`?hot=0`), and no ES module of the program outside
 * `node_modules` (dynohot's default `ignore`) reached Node as it is on disk. Returns how many
 * modules were shells.
 * @param {Load[]} loads
 * @param {string} dirURL
 * @param {string} entry the entry's path relative to `dirURL`
 */
export function assertHot(loads, dirURL, entry) {
	const backing = /[?&]hot=\d+$/;
	const shells = loads.filter(load => backing.test(load.url) && load.format === "module" && load.rewritten);
	assert.ok(
		shells.some(load => load.url === `${dirURL}${entry}?hot=0`),
		`the entry ${entry} was not loaded as a dynohot shell; loads seen: ${JSON.stringify(loads.slice(0, 5))}`,
	);
	const native = loads.filter(
		load => load.url.startsWith(dirURL) && !load.url.includes("/node_modules/") && load.format === "module" && !backing.test(load.url),
	);
	assert.deepEqual(native, [], "ES modules of the program ran without dynohot");
	return new Set(shells.map(load => load.url)).size;
}
