// The package entry, in its uses:
// - `node --import dynohot main.js`: evaluated on the main thread, and again in each worker
//   thread the program starts (workers inherit `--import`); registers the hooks for that thread.
// - `node --loader dynohot main.js` (legacy flag): evaluated in Node's hooks thread, which uses
//   the hooks exported below; registering from there would be wrong (and is not needed).
import * as workerThreads from "node:worker_threads";
import { register } from "./register.mjs";

export { initialize, load, resolve } from "./src/loader/hooks.js";

// Node's own hooks thread (`isInternalThread` from 22.14; before it, the one thread without a
// parent port that is not the main thread). A program's workers run their modules hot too, each
// with its own runtime, watcher and hooks.
const hooksThread = workerThreads.isInternalThread ?? (!workerThreads.isMainThread && workerThreads.parentPort === null);

if (!hooksThread) {
	// Load the runtime now, natively, rather than later through our own hooks (on Node 20 each of
	// its modules would cost round trips to the hooks thread); `hot:runtime` resolves to it.
	await import("./src/runtime/index.js");
	register();
}
