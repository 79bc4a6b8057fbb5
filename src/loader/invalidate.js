// `LoaderHot.invalidate()` posts the MODULE url to the runtime, which reloads that module.
import { logInvalidateError } from "../runtime/messages.js";

/** The BroadcastChannel used under `--loader` (no MessagePort there). */
export const channelName = "dynohot:invalidate";

/** The runtime module; the same URL `hot:runtime` resolves to, so the same instance. */
export const runtimeURL = new URL("../runtime/index.js", import.meta.url).href;

/**
 * Runs in the runtime's thread. Errors are reported, never thrown at the caller (a message
 * handler or another loader).
 * @param {string} moduleURL
 */
export function invalidateInRuntime(moduleURL) {
	import(runtimeURL)
		.then(runtime => runtime.invalidate(moduleURL))
		.catch((/** @type {unknown} */ error) => logInvalidateError(moduleURL, error));
}
