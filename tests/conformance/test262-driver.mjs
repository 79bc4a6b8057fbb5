// One process of the test262 run (tests/real-process/test262.test.mjs): runs the tests named on
// the command line one after the other, as tc39/test262's INTERPRETING.md says, and prints one
// `T262 {"test","pass","detail"}` line per test. The harness files (assert.js, sta.js,
// doneprintHandle.js for async tests, and a test's `includes`) are evaluated as scripts in the
// global scope, once per process; module tests are imported unmodified from the suite's
// directory (so dynohot, when it is active, transforms exactly the committed file); script tests
// are run with `vm.runInThisContext` (their `import()` goes through the loader, hooks included).
// The first line printed says whether dynohot is active here: this module is itself loaded
// through dynohot then, and gets `import.meta.hot`.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import vm from "node:vm";

const suite = join(dirname(fileURLToPath(import.meta.url)), "test262");
/** How long an async test (or a module whose evaluation never settles) may take. */
const timeout = 5_000;

process.stdout.write(`T262-HOT ${JSON.stringify({ hot: typeof import.meta.hot === "object" && import.meta.hot !== null })}\n`);

/** @type {Set<string>} */
const loaded = new Set();
/** @param {string} name */
function include(name) {
	if (loaded.has(name)) return;
	loaded.add(name);
	const path = join(suite, "harness", name);
	vm.runInThisContext(readFileSync(path, "utf8"), { filename: path });
}

/**
 * What one test's metadata says.
 * @param {string} source
 */
function metadata(source) {
	const yaml = /\/\*---([\s\S]*?)---\*\//.exec(source)?.[1] ?? "";
	const list = (/** @type {string} */ key) => {
		const inline = new RegExp(`^${key}:\\s*\\[(.*)\\]`, "m").exec(yaml);
		if (inline) return inline[1].split(",").map(s => s.trim()).filter(Boolean);
		const block = new RegExp(`^${key}:\\s*\\n((?:\\s+-.*\\n?)+)`, "m").exec(yaml);
		return block ? block[1].split("\n").map(s => s.replace(/^\s*-\s*/, "").trim()).filter(Boolean) : [];
	};
	const block = /^negative:\s*\n((?:[ \t]+\S.*\n?)+)/m.exec(yaml)?.[1];
	const negative = block === undefined ? undefined : { phase: /phase:\s*(\S+)/.exec(block)?.[1], type: /type:\s*(\S+)/.exec(block)?.[1] };
	const flags = list("flags");
	return {
		flags,
		includes: list("includes"),
		negative,
	};
}

/** The current test's async completion, fed by the harness's `print`. */
/** @type {((message: string) => void) | undefined} */
let printed;
/** @type {((error: unknown) => void) | undefined} */
let uncaught;
Object.defineProperty(globalThis, "print", {
	configurable: true,
	writable: true,
	value: (/** @type {unknown} */ message) => printed?.(String(message)),
});
// An uncaught exception fails the test; a rejection nobody handles does not (INTERPRETING.md
// counts exceptions only, and tests like `import(void 0);` leave rejections unhandled on purpose).
process.on("uncaughtException", error => uncaught?.(error));
process.on("unhandledRejection", () => {});

/** A test that did not settle within `timeout`. */
class Timeout {}

/** @param {unknown} error */
function describe(error) {
	if (error instanceof Error || (typeof error === "object" && error !== null && "constructor" in error)) {
		const name = /** @type {{ constructor?: { name?: string } }} */ (error).constructor?.name ?? "Object";
		const message = /** @type {{ message?: unknown }} */ (error).message;
		return { type: name, message: String(message ?? "").split("\n")[0].slice(0, 200) };
	}
	return { type: typeof error, message: String(error).slice(0, 200) };
}

/**
 * Runs one test; resolves to whether it passed and why not.
 * @param {string} relative path under the suite, e.g. test/language/module-code/x.js
 */
async function run(relative) {
	const path = join(suite, relative);
	const source = readFileSync(path, "utf8");
	const meta = metadata(source);
	const asynchronous = meta.flags.includes("async");
	if (!meta.flags.includes("raw")) {
		include("assert.js");
		include("sta.js");
	}
	if (asynchronous) include("doneprintHandle.js");
	for (const name of meta.includes) include(name);

	/** @type {Promise<never>} */
	/** @type {NodeJS.Timeout | undefined} */
	let timer;
	const deadline = new Promise((_, reject) => (timer = setTimeout(() => reject(new Timeout()), timeout)));
	/** @type {Promise<never>} */
	const crash = new Promise((_, reject) => (uncaught = reject));
	/** @type {Promise<string>} */
	const done = new Promise(resolve => (printed = resolve));
	/** @type {{ error?: unknown, done?: string }} */
	let outcome;
	try {
		if (meta.flags.includes("module")) {
			await Promise.race([import(pathToFileURL(path).href), deadline, crash]);
		} else {
			const strict = meta.flags.includes("onlyStrict") ? '"use strict";\n' : "";
			vm.runInThisContext(strict + source, { filename: path, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
		}
		outcome = asynchronous ? { done: await Promise.race([done, deadline, crash]) } : {};
	} catch (error) {
		outcome = error instanceof Timeout ? { done: "timeout" } : { error };
	}
	clearTimeout(timer);
	printed = uncaught = undefined;

	if (meta.negative !== undefined) {
		if (!("error" in outcome)) return { pass: false, detail: `expected ${meta.negative.type}, completed (${outcome.done ?? "no error"})` };
		const got = describe(outcome.error);
		return got.type === meta.negative.type ? { pass: true } : { pass: false, detail: `expected ${meta.negative.type}, got ${got.type}: ${got.message}` };
	}
	if ("error" in outcome) {
		const got = describe(outcome.error);
		return { pass: false, detail: `${got.type}: ${got.message}` };
	}
	if (asynchronous && outcome.done !== "Test262:AsyncTestComplete") return { pass: false, detail: String(outcome.done).slice(0, 200) };
	return { pass: true };
}

for (const relative of process.argv.slice(2)) {
	const result = await run(relative);
	process.stdout.write(`T262 ${JSON.stringify({ test: relative, ...result })}\n`);
}
process.exit(0);
