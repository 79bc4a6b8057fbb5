// `hot:runtime`: what shells, the `hot:main` shim and the loader call. One instance per thread
// that evaluates hot modules (the main thread, and each worker thread the program starts).
import { AdapterRecord } from "./adapter.js";
import { Application } from "./application.js";
import { configureMessages, onOutcome } from "./messages.js";
import { runtimeSymbol } from "../constants.js";

const application = new Application();

// Shells find the runtime here (no `import "hot:runtime"` per module). The `hot:main` shim
// imports this module before the program, so it is set before any shell runs.
Object.defineProperty(globalThis, runtimeSymbol, {
	value: Object.freeze({ acquire, adapter, loaded }),
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
 * The loader, in this thread, loaded `url` from bytes with this fingerprint (see `Application.loaded`).
 * @param {string} url
 * @param {string} fingerprint
 */
function loaded(url, fingerprint) {
	application.loaded(url, fingerprint);
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
 * `LoaderHot.invalidate()` from another loader: reload that module and update (before the
 * program has loaded: once it has). Never rejects: errors are logged.
 * @param {string} url
 */
export function invalidate(url) {
	return application.invalidate(url);
}

/**
 * Files another loader asked to watch for this module, instead of its own file.
 * @param {string} url
 * @param {readonly string[]} fileURLs
 */
export function watch(url, fileURLs) {
	application.watch(application.acquire(url), fileURLs);
}

/**
 * What the `dynohot` command's child side (`supervised.js`) reads: the watched files, the running
 * instances (to tell which modules an update re-ran), when the program has started, and every
 * update outcome as a structured event (`messages.js`'s `Outcome`, with the lines logged for it).
 */
export const supervision = Object.freeze({
	onOutcome,
	watchedFiles: () => application.watchedFiles(),
	runningInstances: () => application.runningInstances(),
	/** @param {(error: unknown) => void} callback */
	onStarted: callback => application.onStarted(callback),
});

/**
 * `register()`'s options that concern the runtime (the `hot:main` shim passes them).
 * @param {{ silent?: boolean, disposeTimeout?: number }} options
 */
export function configure(options) {
	configureMessages(options);
	application.configure(options);
}
