// ModuleController: one per module URL, stable across versions. It holds the instance that is
// running now (`current`) and the newest loaded but not yet applied code (`staging`).
import { Declaration } from "./declaration.js";

/** @typedef {ModuleController | import("./adapter.js").AdapterRecord} AnyController */

export class ModuleController {
	/** @type {import("./instance.js").ModuleInstance | undefined} */
	current;
	/** @type {Declaration | undefined} */
	staging;
	/**
	 * @type {Declaration | undefined} code loaded by a reload whose file is not yet confirmed
	 *   unchanged since the watcher delivered it (it may have been read mid-save): no update sees it
	 *   until the application makes it `staging`
	 */
	held;
	/** A reload of this module is loading it: its code goes to `held`. */
	holding = false;
	/** A caller of the reload running now releases `held` itself (after checking the file). */
	holdReload = false;
	/** @type {Declaration | undefined} the code `current` runs, kept for a module pruned and imported again */
	declaration;
	/** Controllers whose current instance imports this one (statically or dynamically). */
	importers = new Set();
	/** Reload versions: each reload is a new Node module at `<url>?hot=<version>`. */
	version = 0;
	/** @type {Promise<void> | undefined} */
	reloading;
	reloadAgain = false;
	/** @type {string[]} the paths this controller is registered for in the watcher (kept while pruned: an edit then is staged for its return) */
	watchedPaths = [];
	/**
	 * @type {Map<string, string | undefined> | undefined} fingerprints of the watched files read
	 *   for the load in progress (before Node reads them), handed to the declaration it registers
	 */
	reading;
	/**
	 * A dispose or prune handler of this module failed (threw or never settled): its old instance
	 * is half torn down, so no update may re-execute it; updates elsewhere still apply.
	 */
	broken = false;
	/** @type {string | undefined} the missing file the last reload failed for; its appearance retries */
	waitingFor;
	/** The last reload was a retry made at once because the missing file existed by then. */
	retriedAtOnce = false;

	/**
	 * @param {import("./application.js").Application} application
	 * @param {string} url
	 */
	constructor(application, url) {
		this.application = application;
		this.url = url;
	}

	/**
	 * Called by each evaluation of this module's shell: registers that version's code.
	 * @param {ImportMeta | null} meta
	 * @param {import("./declaration.js").LoadInfo} info
	 * @param {import("./declaration.js").Execute} execute
	 */
	load(meta, info, execute) {
		const declaration = new Declaration(execute, meta, info, this.reading ?? new Map());
		this.reading = undefined;
		if (this.holding) {
			this.held = declaration;
			return;
		}
		this.staging = declaration;
		this.application.staged(this);
	}

	/** Makes the code a reload held the newest staged code (its file was read whole). */
	release() {
		const held = this.held;
		if (held === undefined) return;
		this.held = undefined;
		this.staging = held;
		this.application.staged(this);
	}

	/** Runs the program from this (the entry) module. */
	main() {
		return this.application.main(this);
	}
}
