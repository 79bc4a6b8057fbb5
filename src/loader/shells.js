// The small modules the loader writes itself; the transform (native) writes the hot shells.

/**
 * The program entry: import the entry module's controller accessor through the hot path and run
 * it. `await` makes an entry evaluation error fail the process like a plain `node main.js`.
 * @param {string} entry the specifier Node resolved the entry from
 * @param {{ runtimeOptions: { silent?: boolean, disposeTimeout?: number }, broadcastListener: string | undefined }} options
 *   `runtimeOptions`: `register()`'s options for the runtime, passed to its `configure()`
 * @returns {string}
 */
export function mainShim(entry, options) {
	// The runtime first: shells find it through a global it sets when it evaluates.
	const lines = [`import "hot:runtime";`, `import $module from ${JSON.stringify(entry)} with { "hot": "import" };`];
	if (options.broadcastListener !== undefined) {
		lines.push(`import ${JSON.stringify(options.broadcastListener)};`);
	}
	if (Object.keys(options.runtimeOptions).length > 0) {
		lines.push(`import * as $runtime from "hot:runtime";`, `$runtime.configure?.(${JSON.stringify(options.runtimeOptions)});`);
	}
	lines.push(`await $module().main();`);
	return lines.join("\n") + "\n";
}

/**
 * A non-reloadable module (CommonJS, builtin, node_modules, data: URL, ignored): imported natively
 * and wrapped in an adapter controller. The accessor is a hoisted function, created lazily, so it
 * is callable in an import cycle too.
 * @param {string} url
 * @param {Record<string, string>} attributes
 * @returns {string}
 */
export function adapterShell(url, attributes) {
	const urlText = JSON.stringify(url);
	return [
		`import * as $namespace from ${urlText} with ${JSON.stringify(attributes)};`,
		`var $controller;`,
		`export default function $module() { return $controller ??= globalThis[Symbol.for("dynohot")].adapter(${urlText}, $namespace); }`,
		"",
	].join("\n");
}

/**
 * Adds to a transformed shell the files another loader asked to watch instead of the module's
 * own. The line goes before the shell's trailing `//# sourceURL` and `//# sourceMappingURL`
 * comments, which stay last.
 * @param {string} code the transform's output
 * @param {string} moduleURL
 * @param {readonly string[]} watchList
 * @returns {string}
 */
export function finishShell(code, moduleURL, watchList) {
	if (watchList.length === 0) return code;
	const line = `import * as $$dynohotRuntime from "hot:runtime"; $$dynohotRuntime.watch?.(${JSON.stringify(moduleURL)}, ${JSON.stringify(watchList)});\n`;
	// The last one is the transform's (user code may carry its own, inside the body).
	const comments = code.lastIndexOf("\n//# sourceURL=");
	return comments === -1 ? `${code}\n${line}` : code.slice(0, comments + 1) + line + code.slice(comments + 1);
}
