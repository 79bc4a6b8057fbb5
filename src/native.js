// The one place the native addon is loaded (napi-rs's generated `native.cjs` picks the binary
// for this platform: next to it in a local build, else the matching `dynohot-<platform>` package).
import { createRequire } from "node:module";

/**
 * @typedef {{
 *   transform(source: string | Uint8Array, url: string, options?: { format?: "module" | "json", sourceMap?: boolean, runtime?: string }):
 *     { code: string, errors: import("./loader/diagnostics.js").Diagnostic[] },
 *   Watcher: new (onChange: (paths: string[]) => void, options?: { batchMs?: number }) =>
 *     { watch(path: string): void, unwatch(path: string): void, close(): void },
 * }} Native
 */

/** @returns {Native} */
function load() {
	try {
		return createRequire(import.meta.url)("../native.cjs");
	} catch (error) {
		const platform = `${process.platform}-${process.arch}`;
		throw new Error(
			`dynohot: no native binary for ${platform} could be loaded. Install the package built for it ` +
				`(dynohot-${platform}-*, normally pulled in as an optional dependency: reinstall without ` +
				`--no-optional / --omit=optional), or build from source with \`npm run build\` (needs Rust).`,
			{ cause: error },
		);
	}
}

export const native = load();
