// Runs one program twice, natively (V8 links it) and under the hot runtime (the in-memory
// harness), and reports what each printed through `log()` and how it ended.
import { MemoryApp, runNative } from "./memory-app.mjs";

/**
 * @typedef {{ logs: string[], error: string | undefined }} Outcome
 */

/** @param {unknown} error */
export function describeError(error) {
	if (error instanceof Error) return `${error.constructor.name}: ${error.message}`;
	return `thrown: ${String(error)}`;
}

/** Lets pending timers and microtasks of a finished program settle before its log is read. */
const settle = () => new Promise(resolve => setTimeout(resolve, 5));

/**
 * @param {(files: Record<string, string>) => Promise<void>} run
 * @param {Record<string, string>} files
 * @returns {Promise<Outcome>}
 */
async function outcome(run, files) {
	/** @type {string[]} */
	const logs = [];
	const global = /** @type {any} */ (globalThis);
	global.log = (/** @type {unknown[]} */ ...args) => void logs.push(args.map(arg => (typeof arg === "string" ? arg : describe(arg))).join(" "));
	/** @type {string | undefined} */
	let error;
	try {
		await run(files);
	} catch (caught) {
		error = describeError(caught);
	}
	await settle();
	return { logs, error };
}

/** @param {unknown} value */
function describe(value) {
	try {
		return JSON.stringify(value) ?? String(value);
	} catch {
		return String(value);
	}
}

/** @param {Record<string, string>} files */
export const native = files => outcome(runNative, files);

/** @param {Record<string, string>} files */
export const hot = files => outcome(files => new MemoryApp(files).main(), files);
