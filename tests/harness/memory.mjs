// An in-memory harness for fast, precise linker and update tests: modules are strings, turned
// into shells by the real transform and evaluated as `vm.SourceTextModule`s (Node's
// `--experimental-vm-modules`), registered with a fresh runtime Application; an "edit" evaluates a
// new shell version and runs the update algorithm directly, returning its result object.
import { createRequire } from "node:module";
import vm from "node:vm";
import { Application } from "../../src/runtime/application.js";
import { adapter } from "../../src/runtime/index.js";
import { runUpdate } from "../../src/runtime/update.js";

const { transform } = createRequire(import.meta.url)("../../native.cjs");

/** Module URLs use a scheme the watcher ignores. */
const base = "memory:///";

export class MemoryApp {
	app = new Application();
	/** @type {Map<string, string>} path → source */
	files = new Map();
	/** @type {Map<string, vm.Module>} backing key → module */
	modules = new Map();
	version = 0;
	/** @type {vm.SyntheticModule} */
	runtime;

	/** @param {Record<string, string>} files */
	constructor(files) {
		for (const [path, source] of Object.entries(files)) this.files.set(path, source);
		const app = this.app;
		this.runtime = new vm.SyntheticModule(["acquire", "adapter"], function () {
			this.setExport("acquire", (/** @type {string} */ url) => app.acquire(url));
			this.setExport("adapter", adapter);
		});
	}

	/**
	 * The shell module of `path` at `version` (0: first load; an edit loads a new version).
	 * @param {string} path
	 * @param {number} version
	 * @returns {vm.Module}
	 */
	shell(path, version) {
		const key = `${path}?${version}`;
		let module = this.modules.get(key);
		if (module !== undefined) return module;
		const source = this.files.get(path);
		if (source === undefined) throw new Error(`Cannot find module '${path}'`);
		const url = base + path;
		const { code, errors } = transform(source, url, { format: path.endsWith(".json") ? "json" : "module", sourceMap: false, runtime: "hot:runtime" });
		if (errors.length > 0) throw new SyntaxError(errors[0].rendered);
		module = new vm.SourceTextModule(code, { identifier: key, initializeImportMeta: meta => void (meta.url = url) });
		this.modules.set(key, module);
		return module;
	}

	/** @param {vm.Module} module */
	async evaluate(module) {
		await module.link(async (specifier, referencing) => {
			if (specifier === "hot:runtime") return this.runtime;
			const from = referencing.identifier.replace(/\?\d+$/, "");
			const path = new URL(specifier, base + from).href.slice(base.length);
			return this.shell(path, 0);
		});
		await module.evaluate();
	}

	/** Loads and runs the program from `main.js`. */
	async main() {
		const shell = this.shell("main.js", 0);
		await this.evaluate(shell);
		const root = /** @type {any} */ (shell.namespace).default();
		await root.main();
	}

	/**
	 * Saves new sources and runs one update, returning its result (not logged).
	 * @param {Record<string, string>} files
	 */
	async edit(files) {
		const version = ++this.version;
		for (const [path, source] of Object.entries(files)) {
			this.files.set(path, source);
			await this.evaluate(this.shell(path, version));
		}
		return runUpdate(this.app, /** @type {any} */ (this.app.root));
	}
}
