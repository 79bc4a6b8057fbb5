// `hot:runtime`: what shells, the `hot:main` shim and the loader call. One instance per thread
// that evaluates hot modules (the main thread).
import { AdapterRecord } from "./adapter.js";
import { Application } from "./application.js";
import { configureMessages } from "./messages.js";
import { runtimeSymbol } from "../constants.js";

const application = new Application();

// Shells find the runtime here (no `import "hot:runtime"` per module). The `hot:main` shim
// imports this module before the program, so it is set before any shell runs.
Object.defineProperty(globalThis, runtimeSymbol, {
	value: Object.freeze({ acquire, adapter }),
	configurable: true,
});

/**
 * The controller of a hot module (created on first use). Shells call it with their module URL.
 * @param {string} url
 */
export function acquire(url) {
	return application.acquire(url);
}

/**
 * A non-reloadable module (CommonJS, builtin, node_modules, ignored) seen through its namespace.
 * @param {string} url
 * @param {Record<string, unknown>} namespace
 */
export function adapter(url, namespace) {
	return new AdapterRecord(url, namespace);
}

/**
 * `LoaderHot.invalidate()` from another loader: reload that module and update.
 * @param {string} url
 */
export async function invalidate(url) {
	const controller = application.controllers.get(url);
	if (controller === undefined || application.root === undefined) {
		// Before the program has loaded: applied once it has (never lost).
		application.earlyInvalidations.add(url);
		return;
	}
	if (await application.reload(controller)) await application.requestUpdate();
}

/**
 * Files another loader asked to watch for this module, instead of its own file.
 * @param {string} url
 * @param {readonly string[]} fileURLs
 */
export function watch(url, fileURLs) {
	application.watch(application.acquire(url), fileURLs);
}

/** @param {{ silent?: boolean }} options */
export function configure(options) {
	configureMessages(options);
}

/** For tests: run an update now and get its result instead of a log line. */
export { application as __application };
