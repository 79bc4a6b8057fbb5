// The resolve and load hooks. The same functions serve the three ways they run:
// `module.registerHooks` (in-thread, synchronous: `next*` return values), `module.register` and
// the legacy `--loader` (hooks worker: `next*` may return promises). `then` below bridges both.
//
// Request protocol (the `hot` import attribute, stripped before any other loader sees it):
// - absent: plain resolution; a backing-URL parent is replaced by its module URL.
// - "import": a static import from a shell or the `hot:main` shim.
// - JSON {"hot":"expression","parentURL":…}: the runtime's dynamic import() for a hot module.
// - JSON {"hot":"reload","version":N,"format"?}: the runtime reloading an absolute module URL.
// The resolved request keeps `hot` = the format the next resolver reported (or "hot" if none),
// which is how the load hook recognises a backing URL it must answer with a shell.
import { cachedNative as native } from "./cache.js";
import { fileURLToPath } from "node:url";
import { TextDecoder } from "node:util";
import { BroadcastChannel } from "node:worker_threads";
import { toError } from "./diagnostics.js";
import { channelName, runtimeURL } from "./invalidate.js";
import { adapterShell, mainShim } from "./shells.js";
import { hotAttribute, hotExpression, hotReload, hotUnknownFormat, mainSpecifier, runtimeSpecifier } from "../constants.js";
import { projectOf } from "./tsconfig.js";
import { isCommonJSTypeScript, languageOf, typescriptTarget } from "./typescript.js";
import { backingURL, moduleURLOf, versionOf } from "./urls.js";

/** @typedef {import("node:module").ResolveHookContext} ResolveContext */
/** @typedef {import("node:module").LoadHookContext} LoadContext */
/** @typedef {import("node:module").ResolveFnOutput} ResolveResult */
/** @typedef {import("node:module").LoadFnOutput} LoadResult */
/** @typedef {(specifier: string, context?: Partial<ResolveContext>) => ResolveResult | Promise<ResolveResult>} NextResolve */
/** @typedef {(url: string, context?: Partial<LoadContext> & { hot?: LoaderHot }) => LoadResult | Promise<LoadResult>} NextLoad */

/**
 * @typedef {object} HookOptions
 * @property {RegExp} [ignore] tested against the module URL; a match is used as is (adapter)
 * @property {boolean} [silent] no `[hot]` messages
 * @property {number} [disposeTimeout] the runtime's bound on one dispose or prune handler (ms)
 * @property {(moduleURL: string) => void} invalidate posts a module URL to the runtime's thread
 * @property {boolean} [broadcast] the `hot:main` shim listens on the invalidate BroadcastChannel
 */

export const defaultIgnore = /[/\\]node_modules[/\\]/;

const broadcastListenerURL = new URL("./broadcast-listener.js", import.meta.url).href;
const decoder = new TextDecoder();

/**
 * Applies `fn` to a value or to the value of a promise: synchronous hooks stay synchronous.
 * @template T, U
 * @param {T | Promise<T>} value
 * @param {(value: T) => U} fn
 * @returns {U | Promise<U>}
 */
function then(value, fn) {
	return value instanceof Promise ? value.then(fn) : fn(value);
}

/**
 * The `hot` object dynohot passes to the loaders after it (`context.hot` in `nextLoad`).
 */
export class LoaderHot {
	#moduleURL;
	#invalidate;
	/** @type {string[]} */
	watchList = [];

	/**
	 * @param {string} moduleURL
	 * @param {(moduleURL: string) => void} invalidate
	 */
	constructor(moduleURL, invalidate) {
		this.#moduleURL = moduleURL;
		this.#invalidate = invalidate;
	}

	/**
	 * Watch this file instead of (with other `watch` calls: together with) the module's own file.
	 * Call before your `load` settles.
	 * @param {URL | string} url
	 */
	watch(url) {
		this.watchList.push(String(url));
	}

	/** Reload this module (from any thread, at any time). */
	invalidate() {
		this.#invalidate(this.#moduleURL);
	}
}

/**
 * @param {Record<string, string | undefined> | undefined} attributes
 * @returns {[hot: string | undefined, rest: Record<string, string>]}
 */
function splitHot(attributes) {
	const { [hotAttribute]: hot, ...rest } = attributes ?? {};
	return [hot, /** @type {Record<string, string>} */ (rest)];
}

/**
 * @param {string} hot
 * @returns {{ hot: typeof hotExpression, parentURL: string } | { hot: typeof hotReload, version: number, format?: string } | undefined}
 */
function parsePayload(hot) {
	if (!hot.startsWith("{")) return undefined;
	return JSON.parse(hot);
}

/**
 * @param {unknown} source
 * @returns {string}
 */
function sourceText(source) {
	if (source === undefined || source === null) return "";
	if (typeof source === "string") return source;
	if (source instanceof ArrayBuffer) return decoder.decode(new Uint8Array(source));
	return decoder.decode(/** @type {Uint8Array} */ (source));
}

/**
 * @param {HookOptions} options
 */
export function createHooks(options) {
	const ignore = options.ignore ?? defaultIgnore;
	const silent = options.silent ?? false;
	/** What the `hot:main` shim passes to the runtime's `configure()`. */
	const runtimeOptions = { ...(silent ? { silent } : {}), ...(options.disposeTimeout === undefined ? {} : { disposeTimeout: options.disposeTimeout }) };
	const invalidate = options.invalidate;

	/**
	 * @param {string} specifier
	 * @param {ResolveContext} context
	 * @param {NextResolve} nextResolve
	 * @returns {ResolveResult | Promise<ResolveResult>}
	 */
	function resolve(specifier, context, nextResolve) {
		const [hot, attributes] = splitHot(context.importAttributes);
		// The program entry becomes the `hot:main` shim, which imports it through the hot path.
		if (context.parentURL === undefined && hot === undefined) {
			return { url: mainSpecifier, format: "module", importAttributes: { [hotAttribute]: specifier }, shortCircuit: true };
		}
		if (specifier === runtimeSpecifier) {
			return { url: runtimeURL, format: "module", shortCircuit: true };
		}
		const parentModuleURL = context.parentURL === undefined ? undefined : moduleURLOf(context.parentURL);
		if (hot === undefined) {
			// Plain resolution; other loaders never see a backing URL as parent.
			const target = typescriptTarget(specifier, parentModuleURL) ?? specifier;
			return nextResolve(target, parentModuleURL === undefined ? context : { ...context, parentURL: parentModuleURL });
		}
		const payload = parsePayload(hot);
		if (payload?.hot === hotReload && languageOf(specifier) !== undefined) {
			// A TypeScript file: who compiles it (Node, a loader before us, we) is what the chain's
			// resolution says of it, which the runtime's "module" does not tell.
			return then(nextResolve(specifier, { ...context, importAttributes: attributes }), result => ({
				url: backingURL(specifier, payload.version),
				format: result.format,
				importAttributes: { ...attributes, [hotAttribute]: result.format ?? hotUnknownFormat },
				shortCircuit: true,
			}));
		}
		if (payload?.hot === hotReload) {
			return {
				url: backingURL(specifier, payload.version),
				format: payload.format,
				importAttributes: { ...attributes, [hotAttribute]: payload.format ?? hotUnknownFormat },
				shortCircuit: true,
			};
		}
		// "import" from a shell (parent: a backing URL) or from `hot:main` (no parent, like the
		// entry itself), or a dynamic import() made by the runtime on a module's behalf.
		const parentURL = payload?.hot === hotExpression ? payload.parentURL : parentModuleURL;
		const target = typescriptTarget(specifier, parentURL) ?? specifier;
		return then(nextResolve(target, { ...context, importAttributes: attributes, parentURL }), result => ({
			...result,
			url: backingURL(result.url, 0),
			importAttributes: { ...attributes, ...result.importAttributes, [hotAttribute]: result.format ?? hotUnknownFormat },
		}));
	}

	/**
	 * @param {string} url
	 * @param {LoadContext} context
	 * @param {NextLoad} nextLoad
	 * @returns {LoadResult | Promise<LoadResult>}
	 */
	function load(url, context, nextLoad) {
		const [hot, attributes] = splitHot(context.importAttributes);
		if (url === mainSpecifier) {
			const entry = hot ?? "";
			const broadcastListener = options.broadcast ? broadcastListenerURL : undefined;
			return { format: "module", source: mainShim(entry, { runtimeOptions, broadcastListener }), shortCircuit: true };
		}
		if (hot === undefined) return nextLoad(url, context);
		const moduleURL = moduleURLOf(url);
		if (moduleURL === undefined) throw new Error(`dynohot: '${url}' carries the hot attribute but is not a backing URL`);
		const adapter = () => ({ format: "module", source: adapterShell(moduleURL, attributes), shortCircuit: true });
		// Used as they are, without asking the rest of the chain for a source we would discard.
		if (hot === "builtin" || moduleURL.startsWith("node:") || moduleURL.startsWith("data:") || ignore.test(moduleURL)) {
			return adapter();
		}
		if (hot === "commonjs-typescript" || isCommonJSTypeScript(moduleURL)) return adapter();
		const loaderHot = new LoaderHot(moduleURL, invalidate);
		const written = languageOf(moduleURL);
		// A TypeScript or JSX file: Node's own stripping says "module-typescript" (22.18+); a loader
		// before us that compiles it already says "module" (tsx does), so we must not strip twice;
		// no format (Node 20, .tsx, .jsx) means nobody handles it: Node reads it as "module" for us.
		/** @type {string | undefined} */
		let format = hot === "module" || hot === "commonjs" || hot === "json" || hot === "module-typescript" ? hot : undefined;
		if (written !== undefined && format === undefined) format = "module";
		const compiledBefore = written !== undefined && hot === "module";
		return then(nextLoad(moduleURL, { ...context, format, importAttributes: attributes, hot: loaderHot }), result => {
			const typescript = result.format === "module-typescript" || (written !== undefined && result.format === "module" && !compiledBefore);
			if (result.format !== "module" && result.format !== "json" && !typescript) return adapter();
			// Bytes go to Rust as they are (no UTF-16 round trip); a map only when Node uses maps.
			const source = Buffer.isBuffer(result.source) ? result.source : sourceText(result.source);
			// On a first load (version 0) the addon transforms the module's imports ahead, on its own
			// thread, while Node compiles and links this one; a reload's imports are loaded already.
			const prefetch = versionOf(url) === 0;
			const watch = loaderHot.watchList;
			/** @type {import("../../native.d.ts").TransformOptions} */
			const transformOptions = { format: result.format === "json" ? "json" : "module", sourceMap: sourceMaps, prefetch, requests: false, watch };
			/** @param {import("../../native.d.ts").Lang} lang */
			const asTypeScript = lang => ({ ...transformOptions, lang, typescript: typescriptOptions(moduleURL) });
			let { code, errors } = native.transform(source, moduleURL, typescript ? asTypeScript(written ?? "ts") : transformOptions);
			// A loader before us said "module" for a TypeScript file but left it TypeScript.
			if (errors.length > 0 && compiledBefore && written !== undefined) {
				const retry = native.transform(source, moduleURL, asTypeScript(written));
				if (retry.errors.length === 0) ({ code, errors } = retry);
			}
			if (errors.length > 0) throw toError(errors);
			return { format: "module", source: code, shortCircuit: true };
		});
	}

	return { resolve, load };
}

/**
 * The transform's TypeScript options for a module: its tsconfig.json's (read at every load).
 * @param {string} moduleURL
 */
function typescriptOptions(moduleURL) {
	return moduleURL.startsWith("file:") ? projectOf(fileURLToPath(moduleURL)).options : {};
}

/** Node applies source maps to stack traces only with --enable-source-maps (or the API). */
const sourceMaps = process.sourceMapsEnabled ?? true;

// The hooks-worker entry points (`module.register` on Node 20, legacy `--loader` everywhere).

/** @type {ReturnType<typeof createHooks> | undefined} */
let workerHooks;

/**
 * @param {{ ignore?: RegExp, silent?: boolean, disposeTimeout?: number, port?: import("node:worker_threads").MessagePort } | undefined} data
 *   undefined under `--loader`
 */
export function initialize(data) {
	const port = data?.port;
	/** @type {(moduleURL: string) => void} */
	let invalidate;
	if (port !== undefined) {
		port.unref();
		invalidate = moduleURL => port.postMessage(moduleURL);
	} else {
		const channel = new BroadcastChannel(channelName);
		channel.unref();
		invalidate = moduleURL => channel.postMessage(moduleURL);
	}
	workerHooks = createHooks({ ignore: data?.ignore, silent: data?.silent, disposeTimeout: data?.disposeTimeout, invalidate, broadcast: port === undefined });
}

/**
 * @param {string} specifier
 * @param {ResolveContext} context
 * @param {NextResolve} nextResolve
 */
export function resolve(specifier, context, nextResolve) {
	if (workerHooks === undefined) initialize(undefined);
	return /** @type {ReturnType<typeof createHooks>} */ (workerHooks).resolve(specifier, context, nextResolve);
}

/**
 * @param {string} url
 * @param {LoadContext} context
 * @param {NextLoad} nextLoad
 */
export function load(url, context, nextLoad) {
	if (workerHooks === undefined) initialize(undefined);
	return /** @type {ReturnType<typeof createHooks>} */ (workerHooks).load(url, context, nextLoad);
}
