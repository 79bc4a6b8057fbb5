// The supervisor's own view of the files: the app's process watches its module graph itself
// (and applies updates); the supervisor watches the project tree for what the app cannot
// apply, and for the app's files while it is down (after a crash). One `fs.watch` per directory
// (recursively by hand: node_modules, .git and other dot-directories are skipped, and the number of
// directories is bounded), plus the directories of files outside the tree that matter (a
// CommonJS file in a sibling package, an `--env-file ../.env`). An event counts only when the
// file's modification time, size or inode changed (opening or reading a file is not a change),
// and a burst of events is delivered once, after a quiet moment.
import { readdirSync, statSync, watch } from "node:fs";
import * as path from "node:path";

/** At most this many directories are watched in the tree (big trees: the rest is not watched). */
export const maxDirectories = 2000;
/** Events are delivered after this many quiet milliseconds... */
export const quietMs = 60;
/** ...or at the latest this long after the first. */
export const maxDelayMs = 300;

/** @param {string} name */
const skipped = name => name === "node_modules" || name.startsWith(".");

/** @param {string} file */
function signature(file) {
	try {
		const stat = statSync(file);
		return stat.isDirectory() ? "dir" : `${stat.mtimeMs}:${stat.size}:${stat.ino}`;
	} catch {
		return undefined;
	}
}

export class TreeWatcher {
	/** @type {Map<string, import("node:fs").FSWatcher>} */
	#watchers = new Map();
	/** @type {Map<string, string | undefined>} last seen signature of each file */
	#signatures = new Map();
	/** @type {Map<string, number>} file → when its last event came (performance.now()) */
	#pending = new Map();
	/** @type {NodeJS.Timeout | undefined} */
	#quiet;
	/** @type {NodeJS.Timeout | undefined} */
	#latest;
	#treeDirectories = 0;

	/**
	 * @param {string} root watched recursively (bounded)
	 * @param {(files: { file: string, at: number }[]) => void} onChange the files that changed
	 *   (absolute paths) and when their last event came (performance.now())
	 */
	constructor(root, onChange) {
		this.root = root;
		this.onChange = onChange;
		this.#scan(root, true);
	}

	/**
	 * Watches a directory and records its files' signatures; `recursive`: its subdirectories too.
	 * @param {string} directory
	 * @param {boolean} recursive
	 */
	#scan(directory, recursive) {
		if (this.#watchers.has(directory)) return;
		if (recursive && this.#treeDirectories >= maxDirectories) return;
		/** @type {import("node:fs").Dirent[]} */
		let entries;
		/** @type {import("node:fs").FSWatcher} */
		let watcher;
		try {
			entries = readdirSync(directory, { withFileTypes: true });
			watcher = watch(directory, (_event, name) => {
				if (name !== null) this.#event(path.join(directory, name.toString()));
			});
		} catch {
			return;
		}
		watcher.on("error", () => {
			watcher.close();
			this.#watchers.delete(directory);
		});
		this.#watchers.set(directory, watcher);
		if (recursive) this.#treeDirectories++;
		for (const entry of entries) {
			const full = path.join(directory, entry.name);
			if (entry.isDirectory()) {
				if (recursive && !skipped(entry.name)) this.#scan(full, true);
			} else {
				this.#signatures.set(full, signature(full));
			}
		}
	}

	/** @param {string} file */
	contains(file) {
		const relative = path.relative(this.root, file);
		return !relative.startsWith("..") && !path.isAbsolute(relative);
	}

	/**
	 * Also watch the directory of this file (outside the tree, or in a directory the tree skips).
	 * @param {string} file
	 */
	watchFile(file) {
		this.#scan(path.dirname(file), false);
		if (!this.#signatures.has(file)) this.#signatures.set(file, signature(file));
	}

	/** @param {string} file */
	#event(file) {
		this.#pending.set(file, performance.now());
		clearTimeout(this.#quiet);
		this.#quiet = setTimeout(() => this.#deliver(), quietMs);
		this.#latest ??= setTimeout(() => this.#deliver(), maxDelayMs);
	}

	#deliver() {
		clearTimeout(this.#quiet);
		clearTimeout(this.#latest);
		this.#latest = undefined;
		const files = [...this.#pending];
		this.#pending.clear();
		/** @type {{ file: string, at: number }[]} */
		const changed = [];
		for (const [file, at] of files) {
			const now = signature(file);
			const before = this.#signatures.get(file);
			this.#signatures.set(file, now);
			if (now === "dir") {
				if (this.#watchers.has(path.dirname(file)) && this.contains(file) && !skipped(path.basename(file))) this.#scan(file, true);
				continue;
			}
			// Deleted (reported when it comes back), or unchanged (read, atime, chmod).
			if (now === undefined || now === before) continue;
			changed.push({ file, at });
		}
		if (changed.length > 0) this.onChange(changed);
	}

	close() {
		clearTimeout(this.#quiet);
		clearTimeout(this.#latest);
		for (const watcher of this.#watchers.values()) watcher.close();
		this.#watchers.clear();
	}
}
