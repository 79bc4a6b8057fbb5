// `import { register } from "dynohot/register"`: programmatic setup. Importing this file has no
// side effect; `loader.mjs` (the package entry) calls `register()` with the defaults.
import * as nodeModule from "node:module";
import { MessageChannel } from "node:worker_threads";
import { createHooks, defaultIgnore } from "./src/loader/hooks.js";
import { invalidateInRuntime } from "./src/loader/invalidate.js";

/**
 * @typedef {object} Options
 * @property {RegExp} [ignore] modules whose URL matches are used as they are, without hot reloading
 *   (default: anything under `node_modules`)
 * @property {boolean} [silent] suppress the `[hot]` messages
 * @property {number} [disposeTimeout] how long an update waits for one dispose or prune handler,
 *   in milliseconds (default 5000, or `DYNOHOT_DISPOSE_TIMEOUT_MS`; 0: no bound)
 */

let registered = false;

/**
 * Registers dynohot's hooks for this thread: in-thread with `module.registerHooks` where Node has
 * it (22.15+), else in Node's hooks worker with `module.register` (Node 20). A second call is a
 * no-op.
 * @param {Options} [options]
 */
export function register(options = {}) {
	if (registered) return;
	registered = true;
	const ignore = options.ignore ?? defaultIgnore;
	const silent = options.silent ?? false;
	const disposeTimeout = options.disposeTimeout;
	if (typeof nodeModule.registerHooks === "function") {
		// In-thread, the `next*` functions return plain values, and so do the hooks.
		const hooks = /** @type {import("node:module").RegisterHooksOptions} */ (createHooks({ ignore, silent, disposeTimeout, invalidate: invalidateInRuntime }));
		nodeModule.registerHooks(hooks);
	} else {
		const { port1, port2 } = new MessageChannel();
		port2.on("message", (/** @type {unknown} */ url) => {
			if (typeof url === "string") invalidateInRuntime(url);
		});
		port2.unref();
		nodeModule.register(new URL("./src/loader/hooks.js", import.meta.url), {
			data: { ignore, silent, disposeTimeout, port: port1 },
			transferList: [port1],
		});
	}
}
