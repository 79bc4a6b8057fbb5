// The nearest tsconfig.json of a file, as `tsc` finds it (walking up, following `extends`, also
// into packages such as `@tsconfig/node20`), read by `get-tsconfig`. Read once per directory and
// used until one of the files it was read from changes: every use checks, by `stat`, the files
// the lookup read and the closer `tsconfig.json` paths it found missing, so an edited, created or
// deleted tsconfig.json applies to the next load (no stale cache) at a few `stat`s per load.
import { statSync } from "node:fs";
import { dirname } from "node:path";
import { createPathsMatcher, getTsconfig } from "get-tsconfig";

/**
 * The transform's TypeScript options (tsconfig compilerOptions names).
 * @typedef {object} TypeScriptOptions
 * @property {boolean} [verbatimModuleSyntax]
 * @property {boolean} [experimentalDecorators]
 * @property {boolean} [emitDecoratorMetadata]
 * @property {boolean} [useDefineForClassFields]
 * @property {"react-jsx" | "react-jsxdev" | "react" | "preserve"} [jsx]
 * @property {string} [jsxImportSource]
 * @property {string} [jsxFactory]
 * @property {string} [jsxFragmentFactory]
 */

/**
 * @typedef {object} Project what one tsconfig.json means for the files under it
 * @property {string | undefined} path the tsconfig.json found (undefined: none)
 * @property {TypeScriptOptions} options
 * @property {((specifier: string) => string[]) | null} paths `paths`/`baseUrl` candidates of a bare specifier
 */

/** @typedef {{ project: Project, checks: [path: string, stamp: string][] }} Entry */

/** @type {Map<string, Entry>} directory → its project, with the stamps it was read at */
const byDirectory = new Map();

/** @param {string} path @returns {string} size and mtime, or "-" when absent */
function stampOf(path) {
	const stats = statSync(path, { throwIfNoEntry: false });
	return stats === undefined ? "-" : `${stats.size}:${stats.mtimeMs}`;
}

/**
 * A `Map` handed to get-tsconfig as its cache, which memoizes its file-system calls under keys
 * `<fs function>:<arguments joined by ":">`: the keys tell which files the lookup depended on.
 * @extends {Map<string, unknown>}
 */
class RecordingCache extends Map {
	/** @type {Map<string, string>} file → its stamp, taken right after the lookup read it */
	files = new Map();

	/** @param {string} key @param {unknown} value */
	set(key, value) {
		/** @type {string | undefined} */
		let file;
		if (key.startsWith("readFileSync:")) file = key.slice("readFileSync:".length).replace(/:utf-?8$/, "");
		// A tsconfig.json that was missing where the walk up looked: creating it changes the answer.
		else if (key.startsWith("existsSync:") && key.endsWith("tsconfig.json") && value === false) file = key.slice("existsSync:".length);
		if (file !== undefined && !this.files.has(file)) this.files.set(file, stampOf(file));
		return super.set(key, value);
	}
}

/** The ECMAScript targets from which TypeScript defaults `useDefineForClassFields` to true. */
const defineTargets = /^es(2022|2023|2024|2025|next)$/i;
const jsxModes = new Set(["react-jsx", "react-jsxdev", "react", "preserve"]);

/**
 * compilerOptions → the transform's options (only what is set, plus the defaults tsc derives).
 * @param {Record<string, unknown>} compilerOptions
 * @returns {TypeScriptOptions}
 */
export function typescriptOptions(compilerOptions) {
	/** @type {TypeScriptOptions} */
	const options = {};
	for (const name of /** @type {const} */ (["verbatimModuleSyntax", "experimentalDecorators", "emitDecoratorMetadata"])) {
		if (typeof compilerOptions[name] === "boolean") options[name] = /** @type {boolean} */ (compilerOptions[name]);
	}
	// tsc's default: [[Define]] semantics for class fields from target ES2022 on. Without a target,
	// [[Define]] as in JavaScript itself (what Node's own stripping and tsx give too).
	const define = compilerOptions.useDefineForClassFields;
	const target = compilerOptions.target;
	if (typeof define === "boolean") options.useDefineForClassFields = define;
	else if (typeof target === "string") options.useDefineForClassFields = defineTargets.test(target);
	const jsx = typeof compilerOptions.jsx === "string" ? compilerOptions.jsx.toLowerCase() : undefined;
	if (jsx !== undefined && jsxModes.has(jsx)) options.jsx = /** @type {TypeScriptOptions["jsx"]} */ (jsx);
	for (const name of /** @type {const} */ (["jsxImportSource", "jsxFactory", "jsxFragmentFactory"])) {
		if (typeof compilerOptions[name] === "string") options[name] = /** @type {string} */ (compilerOptions[name]);
	}
	return options;
}

/**
 * The project of the file at `path` (its nearest tsconfig.json).
 * @param {string} path an absolute file path
 * @returns {Project}
 */
export function projectOf(path) {
	const directory = dirname(path);
	const cached = byDirectory.get(directory);
	if (cached !== undefined && cached.checks.every(([file, stamp]) => stampOf(file) === stamp)) return cached.project;
	const cache = new RecordingCache();
	/** @type {ReturnType<typeof getTsconfig>} */
	let found;
	try {
		found = getTsconfig(directory, "tsconfig.json", cache);
	} catch (error) {
		// e.g. an `extends` that names nothing: the module cannot be compiled as the project says.
		throw new Error(`dynohot: cannot read the tsconfig.json of ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
	}
	/** @type {Project} */
	const project = {
		path: found?.path,
		options: typescriptOptions(/** @type {Record<string, unknown>} */ (found?.config.compilerOptions ?? {})),
		paths: found === null ? null : createPathsMatcher(found),
	};
	byDirectory.set(directory, { project, checks: [...cache.files] });
	return project;
}
