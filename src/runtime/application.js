// The application: every controller of this thread (the registry), the file watcher, reloads,
// dynamic imports, and the scheduling of updates (one at a time; a request made while one runs is
// never lost: it runs once more afterwards, covering everything that changed meanwhile).
import { native } from "../native.js";
import * as crypto from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { AdapterRecord } from "./adapter.js";
import { ModuleController } from "./controller.js";
import { evaluate } from "./evaluate.js";
import { ModuleInstance } from "./instance.js";
import { link } from "./link.js";
import { logBadSetting, logInternalError, logInvalidateError, logReloadError, logResult, logUnreadable } from "./messages.js";
import { runUpdate } from "./update.js";

/** @typedef {import("./controller.js").AnyController} AnyController */

/**
 * How long an update waits for one dispose or prune handler, by default: long enough for a server
 * to close, short enough that a handler that never settles is reported while the user still
 * looks. `register({ disposeTimeout })` or `DYNOHOT_DISPOSE_TIMEOUT_MS` change it (0: no bound).
 */
export const defaultDisposeTimeout = 5000;

/**
 * How long an update asked for by a loaded batch waits for other batches still loading, to apply
 * them together: a burst longer than the watcher's window (a branch switch on a busy machine, a
 * formatter) arrives as several batches, and reloads overlap them when they are slow.
 */
const coalesceBound = 1000;

/**
 * After a batch of several files, or one that came soon after the previous batch (a burst that
 * outlasted the watcher's window), the update waits for this long without a new batch (within
 * `coalesceBound`): the rest of the burst is applied with it. A lone save is applied at once.
 */
const burstQuiet = 100;

/** @param {unknown} value */
const isTimeout = value => typeof value === "number" && Number.isFinite(value) && value >= 0;

/**
 * The fingerprint of a file's bytes (undefined if it cannot be read): tells a rewrite with
 * identical bytes from an edit. The same digest as the loader's (src/loader/cache.js), which
 * hands over the fingerprint of what it loaded (`loaded`).
 * @param {string} path
 * @returns {string | undefined}
 */
function fingerprint(path) {
	try {
		const bytes = readFileSync(path);
		return crypto.hash === undefined ? crypto.createHash("sha256").update(bytes).digest("base64url") : crypto.hash("sha256", bytes, "base64url");
	} catch {
		return undefined;
	}
}

/**
 * The `file:` URL a failed load was missing (`ERR_MODULE_NOT_FOUND` for a file), if any.
 * @param {unknown} error
 * @returns {string | undefined}
 */
function missingFile(error) {
	const { code, url, message } = /** @type {{ code?: unknown, url?: unknown, message?: unknown }} */ (error ?? {});
	if (code !== "ERR_MODULE_NOT_FOUND") return undefined;
	if (typeof url === "string") return url.startsWith("file:") ? url : undefined;
	// Errors that crossed from Node's hooks thread may carry only the message.
	const path = typeof message === "string" ? /^Cannot find module '([^']+)' imported from /.exec(message)?.[1] : undefined;
	return path?.startsWith("/") ? pathToFileURL(path).href : undefined;
}

export class Application {
	/** @type {Map<string, ModuleController>} */
	#controllers = new Map();
	/** @type {ModuleController | undefined} */
	#root;
	/** @type {Set<string>} `LoaderHot.invalidate()` calls that came before the program loaded */
	#earlyInvalidations = new Set();
	/** @type {Set<ModuleController>} controllers with new code or an invalidated instance since the last update */
	#dirty = new Set();
	/** @type {Promise<void> | undefined} */
	#updating;
	#updateAgain = false;
	/** @type {Map<string, Set<ModuleController>>} file path → controllers watching it */
	#watched = new Map();
	/** @type {Map<string, Set<ModuleController>>} missing file path → controllers whose last reload failed for want of it */
	#waiting = new Map();
	/** @type {InstanceType<typeof native.Watcher> | undefined} */
	#watcher;
	disposeTimeout = defaultDisposeTimeout;

	constructor() {
		this.requestUpdate = this.requestUpdate.bind(this);
		const setting = process.env.DYNOHOT_DISPOSE_TIMEOUT_MS;
		if (setting !== undefined && setting !== "") {
			if (isTimeout(Number(setting))) this.disposeTimeout = Number(setting);
			else logBadSetting("DYNOHOT_DISPOSE_TIMEOUT_MS", setting);
		}
	}

	/**
	 * `register()`'s runtime options (through the `hot:main` shim).
	 * @param {{ disposeTimeout?: unknown }} options
	 */
	configure(options) {
		if (options.disposeTimeout === undefined) return;
		if (isTimeout(options.disposeTimeout)) this.disposeTimeout = /** @type {number} */ (options.disposeTimeout);
		else logBadSetting("disposeTimeout", String(options.disposeTimeout));
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

	/** The root (entry) module's controller, once `main()` ran. */
	get root() {
		return this.#root;
	}

	/**
	 * The controller of a module URL, if that module was ever loaded.
	 * @param {string} url
	 */
	controller(url) {
		return this.#controllers.get(url);
	}

	/** @type {Map<string, string>} module URL → fingerprint of the bytes the loader (in this thread) just loaded it from */
	#loaded = new Map();

	/**
	 * The loader loaded `url` from bytes with this fingerprint: on the first load, what `acquire`
	 * records instead of reading the file once more. Exact (the bytes Node compiled), so a change
	 * after that read is an edit.
	 * @param {string} url
	 * @param {string} fingerprint
	 */
	loaded(url, fingerprint) {
		if (!this.#controllers.has(url)) this.#loaded.set(url, fingerprint);
	}

	/** @param {string} url */
	acquire(url) {
		let controller = this.#controllers.get(url);
		if (controller === undefined) {
			controller = new ModuleController(this, url);
			this.#controllers.set(url, controller);
			const known = this.#loaded.get(url);
			this.#loaded.delete(url);
			if (url.startsWith("file:")) this.watch(controller, [url], known);
		}
		return controller;
	}

	/**
	 * Watch these files for `controller` instead of what it watched before. Each file's bytes are
	 * fingerprinted before its watch starts, so a change after that is always seen as an edit.
	 * @param {ModuleController} controller
	 * @param {readonly string[]} fileURLs
	 * @param {string} [known] the fingerprint of the module's own file (the only one watched) as loaded
	 */
	watch(controller, fileURLs, known) {
		this.#unwatch(controller);
		const newest = controller.staging ?? controller.declaration;
		const fingerprints = newest?.fingerprints ?? (controller.reading ??= new Map());
		for (const url of fileURLs) {
			if (!url.startsWith("file:")) continue;
			const file = fileURLToPath(url);
			if (!fingerprints.has(file)) fingerprints.set(file, known ?? fingerprint(file));
			let set = this.#watched.get(file);
			if (set === undefined) {
				set = new Set();
				this.#watched.set(file, set);
				this.#watcherInstance().watch(file);
			}
			set.add(controller);
			controller.watchedPaths.push(file);
		}
	}

	/** @param {ModuleController} controller */
	#unwatch(controller) {
		for (const file of controller.watchedPaths) {
			const set = this.#watched.get(file);
			if (set?.delete(controller) && set.size === 0) {
				this.#watched.delete(file);
				this.#watcher?.unwatch(file);
			}
		}
		controller.watchedPaths = [];
	}

	#watcherInstance() {
		if (this.#watcher === undefined) {
			this.#watcher = new native.Watcher((paths, stamps, unreadable) => void this.filesChanged(paths, stamps, unreadable));
		}
		return this.#watcher;
	}

	/** @type {Map<string, string>} file path → the stamp the watcher last delivered it with */
	#delivered = new Map();

	/**
	 * A batch of changed files from the watcher: every file in it was stable when the watcher
	 * looked, at `stamps` (`size:mtimeNs:ino`).
	 * - In a batch of several files, a file whose bytes are those of the module's newest code is
	 *   not an edit (a build tool rewrote it unchanged), unless nothing in the batch changed at all
	 *   (then it was touched on purpose: a lone `touch` re-runs the module too). A lone file is
	 *   never read here: it is reloaded at once.
	 * - A load that failed for want of one of these files is tried again.
	 * - If a file changed again before its reload read it, what was read may be a save half done
	 *   (an editor truncating, then writing back): that code is dropped and no update runs for this
	 *   batch; the watcher's next batch holds the file again (it changed after the watcher looked).
	 * @param {readonly string[]} paths
	 * @param {readonly string[]} [stamps]
	 * @param {readonly { path: string, code: string, reason: string }[]} [unreadable]
	 */
	async filesChanged(paths, stamps = [], unreadable = []) {
		this.#batchesLoading++;
		const arrived = performance.now();
		if (paths.length > 1 || arrived - this.#lastBatchAt < burstQuiet) this.#inBurst = true;
		this.#lastBatchAt = arrived;
		try {
			for (const file of unreadable) logUnreadable(file.path, file.code, file.reason);
			paths.forEach((path, index) => {
				const stamp = stamps[index];
				if (stamp !== undefined) this.#delivered.set(path, stamp);
			});
			/** @type {Map<ModuleController, string[]>} */
			const touched = new Map();
			for (const path of paths) {
				for (const controller of this.#watched.get(path) ?? []) {
					const list = touched.get(controller);
					if (list === undefined) touched.set(controller, [path]);
					else list.push(path);
				}
			}
			let reloads = [...touched.keys()];
			if (paths.length > 1) {
				const now = new Map(paths.map(path => [path, fingerprint(path)]));
				const edited = reloads.filter(controller =>
					/** @type {string[]} */ (touched.get(controller)).some(path => {
						const bytes = now.get(path);
						return bytes === undefined || (controller.staging ?? controller.declaration)?.fingerprints.get(path) !== bytes;
					}),
				);
				if (edited.length > 0) reloads = edited;
			}
			// A load that failed for want of one of these files is tried again now.
			for (const path of paths) {
				for (const controller of this.#takeWaiting(path)) if (!reloads.includes(controller)) reloads.push(controller);
			}
			const results = await Promise.all(reloads.map(controller => this.reload(controller, { hold: true })));
			let settled = true;
			for (const controller of reloads) {
				// Compared with the newest delivery of the file: a later batch's reload of it is the
				// same serialized reload, so both batches judge the same read.
				const torn = (touched.get(controller) ?? []).filter(file => {
					const delivered = this.#delivered.get(file);
					return delivered !== undefined && stampOf(file) !== delivered;
				});
				if (torn.length === 0) {
					controller.release();
					continue;
				}
				// What was read may be a save half done: it never becomes a version.
				controller.held = undefined;
				// A file that is gone is not delivered again: the rest of the batch applies now.
				if (torn.some(file => stampOf(file) !== undefined)) settled = false;
			}
			if (settled && results.some(Boolean)) this.#updateWaitingSince ??= performance.now();
		} catch (error) {
			// The watcher's callback must not throw (it would be an uncaught exception).
			logInternalError(error);
		} finally {
			this.#batchesLoading--;
			// In a burst the quiet counts from when a batch is loaded too: a reload slower than
			// `burstQuiet` does not make the burst look over.
			if (this.#inBurst) this.#lastBatchAt = performance.now();
		}
		await this.#updateForBatches();
	}

	/** Batches of changed files whose reloads are still loading. */
	#batchesLoading = 0;
	/** @type {number | undefined} when a loaded batch asked for the update that waits for them */
	#updateWaitingSince;
	/** @type {NodeJS.Timeout | undefined} */
	#updateWaitTimer;
	/** When the last batch arrived (in a burst: or was loaded). */
	#lastBatchAt = -Infinity;
	/** The batches since the last update look like a burst (see `burstQuiet`). */
	#inBurst = false;

	/**
	 * The update loaded batches asked for: now, unless other batches are still loading (then the
	 * last of them to load runs it), or a burst is still arriving (then once it has been quiet for
	 * `burstQuiet`); a timer runs it once it has waited `coalesceBound`.
	 * @returns {Promise<void>}
	 */
	#updateForBatches() {
		if (this.#updateWaitingSince === undefined) return Promise.resolve();
		const now = performance.now();
		const left = coalesceBound - (now - this.#updateWaitingSince);
		const quietLeft = this.#inBurst ? burstQuiet - (now - this.#lastBatchAt) : 0;
		if (left > 0 && (this.#batchesLoading > 0 || quietLeft > 0)) {
			// Loading batches run it when they are done; the timer is the bound, or the end of the quiet.
			const wait = this.#batchesLoading > 0 ? left : Math.min(left, quietLeft);
			clearTimeout(this.#updateWaitTimer);
			this.#updateWaitTimer = setTimeout(() => {
				this.#updateWaitTimer = undefined;
				void this.#updateForBatches();
			}, Math.max(1, wait)).unref();
			return Promise.resolve();
		}
		clearTimeout(this.#updateWaitTimer);
		this.#updateWaitTimer = undefined;
		this.#updateWaitingSince = undefined;
		this.#inBurst = false;
		return this.requestUpdate();
	}

	/**
	 * Loads the newest code of `controller` (it registers as staging). Reloads of one module are
	 * serialized so an older version can never be staged after a newer one.
	 * @param {ModuleController} controller
	 * @param {{ hold?: boolean }} [options] `hold`: the code stays in `controller.held` (no update
	 *   sees it) for the caller to release once it knows the file was not read mid-save, or to drop
	 * @returns {Promise<boolean>} whether new code was loaded
	 */
	reload(controller, options = {}) {
		if (options.hold) controller.holdReload = true;
		if (controller.reloading !== undefined) {
			controller.reloadAgain = true;
			return controller.reloading.then(() => true);
		}
		const run = async () => {
			let staged = false;
			do {
				controller.reloadAgain = false;
				this.#stopWaiting(controller);
				const declaration = controller.staging ?? controller.declaration;
				const format = declaration?.format ?? "module";
				const version = ++controller.version;
				/** @type {Record<string, string>} */
				const attributes = format === "json" ? { type: "json" } : {};
				// Read before Node reads them: if the file changes in between, the fingerprint is
				// older than the code, and the next change is seen as an edit (never the reverse).
				controller.reading = new Map(controller.watchedPaths.map(path => [path, fingerprint(path)]));
				controller.holding = true;
				try {
					await this.importModule(controller.url, { ...attributes, hot: JSON.stringify({ hot: "reload", version, format }) });
					staged = true;
					controller.retriedAtOnce = false;
				} catch (error) {
					// The newest content failed: code held from an earlier read is no longer on disk.
					controller.held = undefined;
					// Waiting first: whoever reads the message and creates the file is seen.
					this.#waitFor(controller, error);
					logReloadError(controller.url, error);
				} finally {
					controller.reading = undefined;
					controller.holding = false;
				}
			} while (controller.reloadAgain);
			controller.reloading = undefined;
			if (!controller.holdReload) controller.release();
			controller.holdReload = false;
			return staged;
		};
		const reloading = run();
		controller.reloading = reloading.then(() => {});
		return reloading;
	}

	/**
	 * After a reload failed because a file is missing: reload again when that file appears (the
	 * watcher reports a file that comes into existence). A file whose directory does not exist
	 * either cannot be watched; saving the module again retries it then.
	 * @param {ModuleController} controller
	 * @param {unknown} error
	 */
	#waitFor(controller, error) {
		const url = missingFile(error);
		if (url === undefined) return;
		const path = fileURLToPath(url);
		let set = this.#waiting.get(path);
		if (set === undefined) {
			try {
				this.#watcherInstance().watch(path);
			} catch {
				return;
			}
			set = new Set();
			this.#waiting.set(path, set);
		}
		set.add(controller);
		controller.waitingFor = path;
		// Created between the failed resolution and the watch: no event will come for it. Tried
		// again at once, but only once in a row (if Node still cannot use it, wait for a change).
		if (!controller.retriedAtOnce && statSync(path, { throwIfNoEntry: false })?.isFile()) {
			controller.retriedAtOnce = true;
			setImmediate(() => void this.filesChanged([path]));
		} else {
			controller.retriedAtOnce = false;
		}
	}

	/** @param {ModuleController} controller */
	#stopWaiting(controller) {
		const path = controller.waitingFor;
		if (path === undefined) return;
		controller.waitingFor = undefined;
		const set = this.#waiting.get(path);
		if (set?.delete(controller) && set.size === 0) {
			this.#waiting.delete(path);
			this.#watcher?.unwatch(path);
		}
	}

	/** @param {string} path @returns {ModuleController[]} the controllers that waited for it */
	#takeWaiting(path) {
		const controllers = [...(this.#waiting.get(path) ?? [])];
		for (const controller of controllers) this.#stopWaiting(controller);
		return controllers;
	}

	/** @param {ModuleController} controller */
	staged(controller) {
		if (controller.current !== undefined) this.#dirty.add(controller);
	}

	/** @param {ModuleController} controller */
	invalidated(controller) {
		this.#dirty.add(controller);
		setImmediate(this.requestUpdate);
	}

	/**
	 * The controllers that changed since the last update; the update now owns them.
	 * @returns {ModuleController[]}
	 */
	takeDirty() {
		const dirty = [...this.#dirty];
		this.#dirty.clear();
		return dirty;
	}

	/**
	 * Code an update could not apply yet (a link or evaluation error): the next update tries it
	 * again, whatever starts it.
	 * @param {ModuleController} controller
	 */
	retryLater(controller) {
		this.#dirty.add(controller);
	}

	/** Runs an update now, or right after the one running. */
	requestUpdate() {
		const root = this.#root;
		if (root === undefined) return Promise.resolve();
		if (this.#updating !== undefined) {
			this.#updateAgain = true;
			return this.#updating;
		}
		this.#updating = (async () => {
			try {
				do {
					this.#updateAgain = false;
					try {
						logResult(await runUpdate(this, root));
					} catch (error) {
						logInternalError(error);
					}
				} while (this.#updateAgain);
			} finally {
				this.#updating = undefined;
			}
		})();
		return this.#updating;
	}

	/**
	 * Makes `instance` the running instance of its controller, keeping the importer edges that
	 * updates walk (so an update visits the changed modules' ancestors, not the whole graph).
	 * @param {ModuleController} controller
	 * @param {ModuleInstance | undefined} instance
	 */
	setCurrent(controller, instance) {
		const previous = controller.current;
		// A re-execution of the same code (most of an update) imports the same modules: its edges stay.
		// (On a first run `current` is already the instance, its edges not yet made.)
		const same = previous !== undefined && previous !== instance && previous.declaration === instance?.declaration && previous.dynamicImports.length === 0 && instance.dynamicImports.length === 0;
		if (previous !== undefined && !same) {
			for (const dependency of previous.dependencies()) {
				if (dependency instanceof ModuleController) dependency.importers.delete(controller);
			}
		}
		controller.current = instance;
		if (instance !== undefined && !same) {
			controller.declaration = instance.declaration;
			for (const dependency of instance.dependencies()) {
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

	/** The files watched for the module graph (what a supervisor restarts on when the app crashed). */
	watchedFiles() {
		return [...this.#watched.keys()];
	}

	/** @returns {Map<ModuleController, ModuleInstance | undefined>} each hot module's running instance */
	runningInstances() {
		return new Map([...this.#controllers.values()].map(controller => [controller, controller.current]));
	}

	/** @type {Set<(error: unknown) => void>} called once the program's entry has evaluated */
	#onStarted = new Set();

	/** @param {(error: unknown) => void} callback called once the program's entry has evaluated, with what it threw if it did */
	onStarted(callback) {
		this.#onStarted.add(callback);
	}

	/** @param {ModuleController} root */
	async main(root) {
		if (this.#root !== undefined) throw new Error("dynohot: main() called twice");
		this.#root = root;
		try {
			await this.dispatch(root);
		} catch (error) {
			for (const callback of this.#onStarted) callback(error);
			throw error;
		}
		for (const callback of this.#onStarted) callback(undefined);
		const early = [...this.#earlyInvalidations];
		this.#earlyInvalidations.clear();
		const controllers = early.flatMap(url => this.#controllers.get(url) ?? []);
		if (controllers.length > 0) {
			void Promise.all(controllers.map(controller => this.reload(controller))).then(() => this.requestUpdate());
		}
	}

	/**
	 * `LoaderHot.invalidate()` from another loader: reload that module and update. Errors are
	 * logged, never thrown at the caller (a message handler).
	 * @param {string} url
	 */
	async invalidate(url) {
		try {
			const controller = this.#controllers.get(url);
			if (controller === undefined || this.#root === undefined) {
				// Before the program has loaded: applied once it has (never lost).
				this.#earlyInvalidations.add(url);
				return;
			}
			if (await this.reload(controller)) await this.requestUpdate();
		} catch (error) {
			logInvalidateError(url, error);
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
