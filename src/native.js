// The one place the native addon is loaded: the loader hooks and the runtime import `native` from
// here. napi-rs's generated `native.cjs` picks the binary for this platform: `dynohot.<platform>.node`
// next to it (a local build, or a package that ships it), else the matching `dynohot-<platform>`
// package (an optional dependency of the published package). When neither is there, users get one
// error that names their platform, the package they are missing, and what to do.
import { createRequire } from "node:module";

/**
 * @typedef {{
 *   transform(source: string | Uint8Array, url: string, options?: { format?: "module" | "json", sourceMap?: boolean, runtime?: string, prefetch?: boolean, requests?: boolean }):
 *     { code: string, errors: import("./loader/diagnostics.js").Diagnostic[] },
 *   Watcher: new (
 *     onChange: (paths: string[], stamps: string[], unreadable: { path: string, code: string, reason: string }[]) => void,
 *     options?: { batchMs?: number, burstQuietMs?: number, maxWaitMs?: number, settleMs?: number },
 *   ) =>
 *     { watch(path: string): void, unwatch(path: string): void, close(): void },
 * }} Native
 */

/** The platform packages we publish (`package.json#napi.targets`, as `npm/` names them). */
export const prebuilt = ["linux-x64-gnu", "linux-arm64-gnu", "darwin-x64", "darwin-arm64", "win32-x64-msvc"];

/** The `npm/` name of this machine's platform, as napi-rs spells it. */
export function platformName() {
	const { platform, arch } = process;
	if (platform === "linux") {
		const report = /** @type {{ header?: { glibcVersionRuntime?: string } } | undefined} */ (process.report?.getReport());
		return `linux-${arch}-${report?.header?.glibcVersionRuntime === undefined ? "musl" : "gnu"}`;
	}
	if (platform === "win32") return `win32-${arch}-msvc`;
	return `${platform}-${arch}`;
}

/** @returns {Native} */
function load() {
	try {
		return createRequire(import.meta.url)("../native.cjs");
	} catch (error) {
		const name = platformName();
		const remedy = prebuilt.includes(name)
			? `It comes in the package dynohot-${name}, an optional dependency of dynohot that npm installs on ` +
				"this platform: reinstall without --no-optional / --omit=optional; if node_modules came from " +
				"another machine, or npm skipped it (npm/cli#4828), delete node_modules and package-lock.json " +
				"and run npm install again."
			: `No prebuilt binary is published for ${name} (prebuilt: ${prebuilt.join(", ")}).`;
		throw new Error(
			`dynohot: no native binary for ${name} (Node ${process.version}) could be loaded.\n  ${remedy}\n` +
				"  Or build it from source in a clone of dynohot: `npm ci && npm run build` (needs Rust).\n" +
				"  Every path that was tried is in the cause below.",
			{ cause: error },
		);
	}
}

export const native = load();
