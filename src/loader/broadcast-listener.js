// Main-thread end of `LoaderHot.invalidate()` when the hooks run under the legacy `--loader`
// flag (a hooks worker without `initialize` data, so no MessagePort). Imported by the `hot:main`
// shim; never keeps the process alive.
import { BroadcastChannel } from "node:worker_threads";
import { channelName, invalidateInRuntime } from "./invalidate.js";

const channel = new BroadcastChannel(channelName);
channel.onmessage = (/** @type {unknown} */ event) => {
	const url = /** @type {MessageEvent} */ (event).data;
	if (typeof url === "string") invalidateInRuntime(url);
};
channel.unref();
