// TypeScript (and JSX) files: which language a module URL is in, and how an import written in a
// TypeScript file finds its file. Node's ESM resolution is exact; TypeScript users write imports
// as `tsc` and bundlers resolve them, so for importers that are TypeScript or JSX files:
// - `./util.js` names `util.ts` (or `.tsx`) when no `util.js` exists, `.mjs` → `.mts`, `.cjs` →
//   `.cts`, `.jsx` → `.tsx` (the `nodenext` convention);
// - `./util` and `./dir` find `util.ts`, `util.tsx`, … and `dir/index.ts`, … (bundler resolution,
//   what tsx users expect);
// - a bare specifier matching `compilerOptions.paths` (or under `baseUrl`) of the importer's
//   nearest tsconfig.json becomes the first candidate file that exists; one matching nothing is
//   resolved by Node as usual (a package).
// A file that exists as written is always left to Node, and so is a specifier none of this
// finds (Node's own "Cannot find module" error names what the user wrote).
import { statSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { projectOf } from "./tsconfig.js";

/** @typedef {"ts" | "tsx" | "jsx"} Lang the transform's `lang` for a non-JavaScript module */

/** Extensions of modules dynohot compiles itself, with the transform's language. */
const languages = new Map(/** @type {[string, Lang][]} */ ([[".ts", "ts"], [".mts", "ts"], [".tsx", "tsx"], [".jsx", "jsx"]]));

/** The extension of a URL's path (lowercase, with the dot; "" without one). @param {string} url */
function extensionOf(url) {
	const path = url.replace(/[?#].*$/s, "");
	const match = /\.[^./]*$/.exec(path.slice(path.lastIndexOf("/") + 1));
	return match === null ? "" : match[0].toLowerCase();
}

/**
 * The transform's language for a module URL with a TypeScript or JSX extension, else undefined.
 * @param {string} url
 * @returns {Lang | undefined}
 */
export function languageOf(url) {
	return languages.get(extensionOf(url));
}

/** A CommonJS TypeScript file: not hot (as CommonJS JavaScript is not). @param {string} url */
export function isCommonJSTypeScript(url) {
	return extensionOf(url) === ".cts";
}

/** Importers whose imports resolve the TypeScript way. @param {string} url */
function isTypeScriptImporter(url) {
	return url.startsWith("file:") && (languages.has(extensionOf(url)) || extensionOf(url) === ".cts");
}

/** Written extension → the TypeScript files it may stand for. */
const substitutes = new Map([
	[".js", [".ts", ".tsx"]],
	[".jsx", [".tsx"]],
	[".mjs", [".mts"]],
	[".cjs", [".cts"]],
]);
/** Tried after an extensionless path, and after `<dir>/index`. */
const appended = [".ts", ".tsx", ".mts", ".js", ".jsx", ".mjs"];

/** @param {string} path */
function isFile(path) {
	return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

/** @param {string} path */
function isDirectory(path) {
	return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/**
 * The file a path written in a TypeScript import stands for, or undefined.
 * @param {string} path
 * @returns {string | undefined}
 */
function findFile(path) {
	if (isFile(path)) return path;
	const dot = path.lastIndexOf(".");
	const extension = dot > path.lastIndexOf("/") ? path.slice(dot).toLowerCase() : "";
	for (const substitute of substitutes.get(extension) ?? []) {
		const candidate = path.slice(0, dot) + substitute;
		if (isFile(candidate)) return candidate;
	}
	if (!substitutes.has(extension) && !languages.has(extension)) {
		for (const suffix of appended) if (isFile(path + suffix)) return path + suffix;
	}
	if (isDirectory(path)) {
		for (const suffix of appended) if (isFile(`${path}/index${suffix}`)) return `${path}/index${suffix}`;
	}
	return undefined;
}

/**
 * What to hand Node's resolution for `specifier` imported by `parentURL`: a `file:` URL of the
 * TypeScript file the import stands for, or undefined to resolve `specifier` as written.
 * @param {string} specifier
 * @param {string | undefined} parentURL the importer's module URL (undefined: the program entry)
 * @returns {string | undefined}
 */
export function typescriptTarget(specifier, parentURL) {
	if (parentURL === undefined || !isTypeScriptImporter(parentURL)) return undefined;
	const pathLike = /^(\.\.?(\/|$)|\/|file:)/.test(specifier);
	// A query or fragment of a path stays on the URL found (a bare `#name` is a name, not a fragment).
	const suffix = pathLike ? (/[?#].*$/s.exec(specifier)?.[0] ?? "") : "";
	const written = specifier.slice(0, specifier.length - suffix.length);
	/** @param {string | undefined} path */
	const asURL = path => (path === undefined ? undefined : pathToFileURL(path).href + suffix);
	if (written.startsWith("./") || written.startsWith("../") || written === "." || written === ".." || written.startsWith("/")) {
		let path;
		try {
			path = fileURLToPath(new URL(written, parentURL));
		} catch {
			return undefined;
		}
		if (isFile(path)) return undefined;
		return asURL(findFile(path));
	}
	if (written.startsWith("file:")) {
		const path = fileURLToPath(written);
		return isFile(path) ? undefined : asURL(findFile(path));
	}
	// A bare specifier (or a URL of another scheme: `node:`, `data:`, which no paths pattern maps).
	if (/^[a-z][a-z0-9+.-]*:/i.test(written)) return undefined;
	const project = projectOf(fileURLToPath(parentURL));
	if (project.paths === null) return undefined;
	for (const candidate of project.paths(written)) {
		const found = findFile(candidate);
		if (found !== undefined) return asURL(found);
	}
	return undefined;
}
