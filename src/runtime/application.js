// The application: every controller of this thread, the file watcher, reloads, dynamic imports,
// and the scheduling of updates (one at a time; a request made while one runs is never lost: it
// runs once more afterwards, covering everything that changed meanwhile).
import { native } from "../native.js";
import { statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { AdapterRecord } from "./adapter.js";
import { ModuleController } from "./controller.js";
import { evaluate } from "./evaluate.js";
import { ModuleInstance } from "./instance.js";
import { link } from "./link.js";
import { logReloadError, logUnreadable } from "./messages.js";
import { logResult, runUpdate } from "./update.js";

/** @typedef {import("./controller.js").AnyController} AnyController */

export class Application {
	/** @type {Map<string, ModuleController>} */
	controllers = new Map();
	/** @type {ModuleController | undefined} */
	root;
	/** @type {Set<string>} `LoaderHot.invalidate()` calls that came before the program loaded */
	earlyInvalidations = new Set();
	/** Controllers with new code or an invalidated instance since the last update. */
	dirty = new Set();
	fatal = false;
	/** @type {Promise<void> | undefined} */
	updating;
	updateAgain = false;
	/** @type {Map<string, Set<ModuleController>>} file path → controllers watching it */
	watched = new Map();
	/** @type {{ watch(path: string): void, unwatch(path: string): void, close(): void } | undefined} */
	#watcher;

	constructor() {
		this.requestUpdate = this.requestUpdate.bind(this);
	}

	/**
	 * The runtime's own `import()`: the loader's hooks see the `hot` attribute. The in-memory test
	 * harness replaces it.
	 * @param {string} specifier
	 * @param {Record<string, string>} attributes
	 * @returns {Promise<any>}
	 */
	importModule(specifier, attributes) {
		return import(specifier, { with: attributes });
	}

	/** @param {string} url */
	acquire(url) {
		let controller = this.controllers.get(url);
		if (controller === undefined) {
			controller = new ModuleController(this, url);
			this.controllers.set(url, controller);
			if (url.startsWith("file:")) this.watch(controller, [url]);
		}
		return controller;
	}

	/**
	 * Watch these files for `controller` instead of what it watched before.
	 * @param {ModuleController} controller
	 * @param {readonly string[]} fileURLs
	 */
	watch(controller, fileURLs) {
		this.unwatch(controller);
		controller.watchFiles = fileURLs;
		for (const url of fileURLs) {
			if (!url.startsWith("file:")) continue;
			const file = fileURLToPath(url);
			let set = this.watched.get(file);
			if (set === undefined) {
				set = new Set();
				this.watched.set(file, set);
				this.watcher().watch(file);
			}
			set.add(controller);
			controller.watchedPaths.push(file);
		}
		controller.watching = true;
	}

	/**
	 * Stops watching the files of `controller` (a pruned module); `setCurrent` watches them again
	 * if the module comes back.
	 * @param {ModuleController} controller
	 */
	unwatch(controller) {
		controller.watching = false;
		for (const file of controller.watchedPaths) {
			const set = this.watched.get(file);
			if (set?.delete(controller) && set.size === 0) {
				this.watched.delete(file);
				this.#watcher?.unwatch(file);
			}
		}
		controller.watchedPaths = [];
	}

	watcher() {
		if (this.#watcher === undefined) {
			this.#watcher = /** @type {NonNullable<Application["watcherType"]>} */ (
				new native.Watcher((paths, stamps, unreadable) => void this.filesChanged(paths, stamps, unreadable))
			);
		}
		return /** @type {NonNullable<Application["watcherType"]>} */ (this.#watcher);
	}

	/** @type {{ watch(path: string): void, unwatch(path: string): void, close(): void } | undefined} for typing only */
	watcherType;

	/** @type {Map<string, string>} file path → the stamp the watcher last delivered it with */
	#delivered = new Map();

	/**
	 * A batch from the watcher: every file in it was stable when the watcher looked, at `stamps`
	 * (`size:mtimeNs:ino`). Reloads the modules of the files, then updates, unless a file
	 * changed again before the reload read it: what was read may be a save half done (an editor
	 * truncating, then writing back), so that code is dropped and no update runs for this batch;
	 * the watcher's next batch holds the file again (it changed after the watcher looked).
	 * @param {readonly string[]} paths
	 * @param {readonly string[]} [stamps]
	 * @param {readonly { path: string, code: string, reason: string }[]} [unreadable]
	 */
	async filesChanged(paths, stamps = [], unreadable = []) {
		for (const file of unreadable) logUnreadable(file.path, file.code, file.reason);
		paths.forEach((path, index) => {
			const stamp = stamps[index];
			if (stamp !== undefined) this.#delivered.set(path, stamp);
		});
		/** @type {Map<ModuleController, string[]>} */
		const controllers = new Map();
		for (const path of paths) {
			for (const controller of this.watched.get(path) ?? []) controllers.set(controller, [...(controllers.get(controller) ?? []), path]);
		}
		const results = await Promise.all([...controllers.keys()].map(controller => this.reload(controller)));
		let settled = true;
		for (const [controller, files] of controllers) {
			// Compared with the newest delivery of the file: a later batch's reload of it is the same
			// serialized reload, so both batches judge the same read.
			const torn = files.filter(file => {
				const delivered = this.#delivered.get(file);
				const now = stampOf(file);
				return delivered !== undefined && now !== delivered;
			});
			if (torn.length === 0) continue;
			if (controller.current !== undefined) controller.staging = undefined;
			// A file that is gone is not delivered again: the rest of the batch applies now.
			if (torn.some(file => stampOf(file) !== undefined)) settled = false;
		}
		if (settled && results.some(Boolean)) await this.requestUpdate();
	}

	/**
	 * Loads the newest code of `controller` (it registers as staging). Reloads of one module are
	 * serialized so an older version can never be staged after a newer one.
	 * @param {ModuleController} controller
	 * @returns {Promise<boolean>} whether new code was staged
	 */
	reload(controller) {
		if (controller.reloading !== undefined) {
			controller.reloadAgain = true;
			return controller.reloading.then(() => true);
		}
		const run = async () => {
			let staged = false;
			do {
				controller.reloadAgain = false;
				const declaration = controller.staging ?? controller.declaration;
				const format = declaration?.format ?? "module";
				const version = ++controller.version;
				/** @type {Record<string, string>} */
				const attributes = format === "json" ? { type: "json" } : {};
				try {
					await this.importModule(controller.url, { ...attributes, hot: JSON.stringify({ hot: "reload", version, format }) });
					staged = true;
				} catch (error) {
					logReloadError(controller.url, error);
				}
			} while (controller.reloadAgain);
			controller.reloading = undefined;
			return staged;
		};
		const reloading = run();
		controller.reloading = reloading.then(() => {});
		return reloading;
	}

	/** @param {ModuleController} controller */
	staged(controller) {
		if (controller.current !== undefined) this.dirty.add(controller);
	}

	/** @param {ModuleController} controller */
	invalidated(controller) {
		this.dirty.add(controller);
		setImmediate(this.requestUpdate);
	}

	/** Runs an update now, or right after the one running. */
	requestUpdate() {
		if (this.root === undefined) return Promise.resolve();
		if (this.updating !== undefined) {
			this.updateAgain = true;
			return this.updating;
		}
		const root = this.root;
		this.updating = (async () => {
			try {
				do {
					this.updateAgain = false;
					try {
						logResult(await runUpdate(this, root));
					} catch (error) {
						// A bug in dynohot; report it, never an unhandled rejection.
						console.error("[hot] Internal error during update (this is a bug in dynohot):", error);
					}
				} while (this.updateAgain);
			} finally {
				this.updating = undefined;
			}
		})();
		return this.updating;
	}

	/**
	 * Makes `instance` the running instance of its controller, keeping the importer edges that
	 * updates walk (so an update visits the changed modules' ancestors, not the whole graph).
	 * @param {ModuleController} controller
	 * @param {ModuleInstance | undefined} instance
	 */
	setCurrent(controller, instance) {
		const previous = controller.current;
		if (previous !== undefined) {
			for (const dependency of dependenciesOf(previous)) {
				if (dependency instanceof ModuleController) dependency.importers.delete(controller);
			}
		}
		controller.current = instance;
		if (instance !== undefined) {
			if (!controller.watching) this.watch(controller, controller.watchFiles);
			controller.declaration = instance.declaration;
			for (const dependency of dependenciesOf(instance)) {
				if (dependency instanceof ModuleController) dependency.importers.add(controller);
			}
		}
	}

	/**
	 * The instance a request links to when a module graph runs for the first time.
	 * @param {AnyController} controller
	 * @returns {import("./instance.js").ModuleRecord}
	 */
	initialInstance(controller) {
		if (controller instanceof AdapterRecord) return controller;
		if (controller.current === undefined) {
			const declaration = controller.staging ?? controller.declaration;
			if (declaration === undefined) throw new Error(`dynohot: '${controller.url}' was never loaded`);
			if (controller.staging === declaration) controller.staging = undefined;
			controller.current = new ModuleInstance(controller, declaration);
			controller.declaration = declaration;
		}
		return controller.current;
	}

	/**
	 * Links (if needed) and evaluates the graph under `controller` for the first time.
	 * @param {ModuleController} controller
	 */
	async dispatch(controller) {
		const instance = /** @type {ModuleInstance} */ (this.initialInstance(controller));
		if (instance.status === "new") {
			/** @type {ModuleInstance[]} */
			const linked = [];
			link(instance, dependency => {
				const record = this.initialInstance(dependency);
				if (record instanceof ModuleInstance && record.status === "new") linked.push(record);
				return record;
			});
			for (const record of [instance, ...linked]) this.setCurrent(record.controller, record);
			await Promise.all([instance, ...linked].map(record => record.ready));
		}
		await evaluate(instance);
	}

	/** @param {ModuleController} root */
	async main(root) {
		if (this.root !== undefined) throw new Error("dynohot: main() called twice");
		this.root = root;
		await this.dispatch(root);
		const early = [...this.earlyInvalidations];
		this.earlyInvalidations.clear();
		const controllers = early.flatMap(url => this.controllers.get(url) ?? []);
		if (controllers.length > 0) {
			void Promise.all(controllers.map(controller => this.reload(controller))).then(() => this.requestUpdate());
		}
	}

	/**
	 * `import()` from a hot module.
	 * @param {ModuleInstance} instance
	 * @param {unknown} specifier
	 * @param {unknown} [options]
	 */
	async dynamicImport(instance, specifier, options) {
		const given = /** @type {{ with?: Record<string, string> } | undefined} */ (options);
		const attributes = given?.with ?? {};
		const payload = JSON.stringify({ hot: "expression", parentURL: instance.url });
		const shell = await this.importModule(String(specifier), { ...attributes, hot: payload });
		/** @type {AnyController} */
		const controller = shell.default();
		if (controller instanceof AdapterRecord) return controller.namespace();
		instance.dynamicImports.push({ controller, specifier: String(specifier) });
		if (instance.controller.current === instance) controller.importers.add(instance.controller);
		await this.dispatch(controller);
		return /** @type {ModuleInstance} */ (controller.current).namespace();
	}
}

/**
 * The watcher's stamp of a file as it is now (`undefined` if it is gone).
 * @param {string} path
 */
function stampOf(path) {
	const stats = statSync(path, { bigint: true, throwIfNoEntry: false });
	if (stats === undefined) return undefined;
	return `${stats.size}:${stats.mtimeNs}:${process.platform === "win32" ? 0n : stats.ino}`;
}

/**
 * Controllers an instance depends on: its static requests, then its dynamic imports.
 * @param {ModuleInstance} instance
 * @returns {AnyController[]}
 */
export function dependenciesOf(instance) {
	return [...instance.declaration.requests.map(request => request.controller()), ...instance.dynamicImports.map(entry => entry.controller)];
}
