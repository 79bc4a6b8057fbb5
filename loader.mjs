// The package entry, in its two uses:
// - `node --import dynohot main.js`: evaluated on the main thread; registers the hooks.
// - `node --loader dynohot main.js` (legacy flag): evaluated in Node's hooks worker, which uses
//   the hooks exported below; registering from there would be wrong (and is not needed).
import { isMainThread } from "node:worker_threads";
import { register } from "./register.mjs";

export { initialize, load, resolve } from "./src/loader/hooks.js";

if (isMainThread) {
	// Load the runtime now, natively, rather than later through our own hooks (on Node 20 each of
	// its modules would cost round trips to the hooks thread); `hot:runtime` resolves to it.
	await import("./src/runtime/index.js");
	register();
}
