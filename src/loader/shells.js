// The small modules the loader writes itself; the transform (native) writes the hot shells.
import { hotAttribute, hotImport, runtimeSpecifier, runtimeSymbolKey } from "../constants.js";

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
	const runtime = JSON.stringify(runtimeSpecifier);
	const lines = [`import ${runtime};`, `import $module from ${JSON.stringify(entry)} with { ${JSON.stringify(hotAttribute)}: ${JSON.stringify(hotImport)} };`];
	if (options.broadcastListener !== undefined) {
		lines.push(`import ${JSON.stringify(options.broadcastListener)};`);
	}
	if (Object.keys(options.runtimeOptions).length > 0) {
		lines.push(`import * as $runtime from ${runtime};`, `$runtime.configure?.(${JSON.stringify(options.runtimeOptions)});`);
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
		`export default function $module() { return $controller ??= globalThis[Symbol.for(${JSON.stringify(runtimeSymbolKey)})].adapter(${urlText}, $namespace); }`,
		"",
	].join("\n");
}
