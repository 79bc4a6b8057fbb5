// ModuleController: one per module URL, stable across versions. It holds the instance that is
// running now (`current`) and the newest loaded but not yet applied code (`staging`).
import { Declaration } from "./declaration.js";

/** @typedef {ModuleController | import("./adapter.js").AdapterRecord} AnyController */

export class ModuleController {
	/** @type {import("./instance.js").ModuleInstance | undefined} */
	current;
	/** @type {Declaration | undefined} */
	staging;
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
		this.staging = new Declaration(execute, meta, info, this.reading ?? new Map());
		this.reading = undefined;
		this.application.staged(this);
	}

	/** Runs the program from this (the entry) module. */
	main() {
		return this.application.main(this);
	}
}
