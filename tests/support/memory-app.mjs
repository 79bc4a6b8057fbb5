// An in-memory harness for fast, precise linker and update tests: modules are strings, turned
// into shells by the real transform and evaluated as `vm.SourceTextModule`s (Node's
// `--experimental-vm-modules`), registered with a fresh runtime Application; an "edit" reloads
// the module through the application (a new shell version registers as staging) and runs the
// update algorithm directly, returning its result object instead of a log line.
//
// `runNative(files)` runs the same files as plain `vm.SourceTextModule`s linked by V8 itself, so a
// test can compare the runtime's module semantics with the engine's.
import { createRequire } from "node:module";
import vm from "node:vm";
import { Application } from "../../src/runtime/application.js";
import { AdapterRecord } from "../../src/runtime/adapter.js";
import { runUpdate } from "../../src/runtime/update.js";

const { transform } = createRequire(import.meta.url)("../../native.cjs");

/** Module URLs use a scheme the watcher ignores. */
export const base = "memory:///";

/**
 * The path a specifier names, relative to the importing module's path.
 * @param {string} specifier
 * @param {string} from
 */
export function resolvePath(specifier, from) {
	if (specifier.startsWith("node:")) return specifier;
	return new URL(specifier, base + from).href.slice(base.length);
}

/** @param {string} path */
const isJSON = path => path.endsWith(".json");

/** @param {string} path @returns {Promise<Record<string, unknown>>} */
const builtin = path => import(path);

export class MemoryApp {
	app = new Application();
	/** @type {Map<string, string>} path → source */
	files = new Map();
	/** @type {Map<string, vm.Module>} `path?version` → shell module */
	modules = new Map();
	/** @type {vm.SyntheticModule} */
	runtime;

	/** @param {Record<string, string>} files */
	constructor(files) {
		for (const [path, source] of Object.entries(files)) this.files.set(path, source);
		const app = this.app;
		// Reloads and dynamic imports of the runtime come back here instead of going to Node.
		app.importModule = (specifier, attributes) => this.#import(specifier, attributes);
		this.runtime = new vm.SyntheticModule(["acquire", "adapter"], function () {
			this.setExport("acquire", (/** @type {string} */ url) => app.acquire(url));
			this.setExport("adapter", (/** @type {string} */ url, /** @type {Record<string, unknown>} */ namespace) => new AdapterRecord(url, namespace));
		});
	}

	/**
	 * The shell module of `path` at `version` (0: first load; a reload loads a new version).
	 * @param {string} path
	 * @param {number} version
	 * @returns {Promise<vm.Module>}
	 */
	async shell(path, version) {
		const key = `${path}?${version}`;
		let module = this.modules.get(key);
		if (module !== undefined) return module;
		const url = base + path;
		if (path.startsWith("node:")) {
			const namespace = await builtin(path);
			const runtime = this.runtime;
			/** @type {unknown} */
			let controller;
			module = new vm.SyntheticModule(["default"], function () {
				this.setExport("default", () => (controller ??= /** @type {any} */ (runtime.namespace).adapter(path, namespace)));
			}, { identifier: key });
		} else {
			const source = this.files.get(path);
			if (source === undefined) throw Object.assign(new Error(`Cannot find module '${url}'`), { code: "ERR_MODULE_NOT_FOUND" });
			const { code, errors } = transform(source, url, { format: isJSON(path) ? "json" : "module", sourceMap: false, runtime: "hot:runtime" });
			if (errors.length > 0) throw Object.assign(new SyntaxError(errors[0].message.replace(/^SyntaxError: /, "")), { code: errors[0].code });
			module = new vm.SourceTextModule(code, { identifier: key, initializeImportMeta: meta => void (meta.url = url) });
		}
		this.modules.set(key, module);
		return module;
	}

	/** @param {vm.Module} module */
	async evaluate(module) {
		if (module.status === "unlinked") {
			await module.link(async (specifier, referencing) => {
				if (specifier === "hot:runtime") return this.runtime;
				return this.shell(resolvePath(specifier, referencing.identifier.replace(/\?\d+$/, "")), 0);
			});
		}
		await module.evaluate();
	}

	/**
	 * The runtime's `import(specifier, { with: attributes })`.
	 * @param {string} specifier
	 * @param {Record<string, string>} attributes
	 */
	async #import(specifier, attributes) {
		const hot = JSON.parse(attributes.hot);
		const module =
			hot.hot === "reload"
				? await this.shell(specifier.slice(base.length), hot.version)
				: await this.shell(resolvePath(specifier, hot.parentURL.slice(base.length)), 0);
		await this.evaluate(module);
		return module.namespace;
	}

	/** The controller of a path. @param {string} path */
	controller(path) {
		const controller = this.app.controller(base + path);
		if (controller === undefined) throw new Error(`${path} was never loaded`);
		return controller;
	}

	/** Loads and runs the program from `main.js`. */
	async main() {
		const shell = await this.shell("main.js", 0);
		await this.evaluate(shell);
		const root = /** @type {any} */ (shell.namespace).default();
		await root.main();
	}

	/**
	 * Saves new sources and reloads them (they register as staging) without running an update.
	 * @param {Record<string, string>} files
	 * @returns {Promise<boolean>} whether something was staged
	 */
	async save(files) {
		for (const [path, source] of Object.entries(files)) this.files.set(path, source);
		const reloads = Object.keys(files)
			.map(path => this.app.controller(base + path))
			.filter(controller => controller !== undefined)
			.map(controller => this.app.reload(controller));
		return (await Promise.all(reloads)).some(Boolean);
	}

	/**
	 * Saves new sources and runs one update, returning its result (not logged).
	 * @param {Record<string, string>} files
	 */
	async edit(files) {
		await this.save(files);
		return this.update();
	}

	/** Runs one update now and returns its result. */
	update() {
		return runUpdate(this.app, /** @type {any} */ (this.app.root));
	}
}

/**
 * Runs the files natively: V8 links and evaluates them (the reference semantics).
 * @param {Record<string, string>} files
 * @param {string} [entry]
 * @returns {Promise<void>}
 */
export async function runNative(files, entry = "main.js") {
	/** @type {Map<string, Promise<vm.Module>>} */
	const modules = new Map();
	/** @param {string} path @returns {Promise<vm.Module>} */
	const get = path => {
		let module = modules.get(path);
		if (module === undefined) {
			module = create(path);
			modules.set(path, module);
		}
		return module;
	};
	/** @param {string} path @returns {Promise<vm.Module>} */
	const create = async path => {
		if (path.startsWith("node:")) {
			const namespace = await builtin(path);
			const names = Object.keys(namespace);
			return new vm.SyntheticModule(names, function () {
				for (const name of names) this.setExport(name, namespace[name]);
			}, { identifier: path });
		}
		const source = files[path];
		if (source === undefined) throw Object.assign(new Error(`Cannot find module '${base + path}'`), { code: "ERR_MODULE_NOT_FOUND" });
		if (isJSON(path)) {
			const value = JSON.parse(source);
			return new vm.SyntheticModule(["default"], function () {
				this.setExport("default", value);
			}, { identifier: path });
		}
		return new vm.SourceTextModule(source, {
			identifier: path,
			initializeImportMeta: meta => void (meta.url = base + path),
			// @ts-ignore the types lack the attributes argument
			importModuleDynamically: async (/** @type {string} */ specifier) => {
				const module = await get(resolvePath(specifier, path));
				await instantiate(module);
				await module.evaluate();
				return module;
			},
		});
	};
	/** @param {vm.Module} module */
	const instantiate = async module => {
		if (module.status !== "unlinked") return;
		await module.link((specifier, referencing) => get(resolvePath(specifier, referencing.identifier)));
	};
	const main = await get(entry);
	await instantiate(main);
	await main.evaluate();
}
