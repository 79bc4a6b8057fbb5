// The `dynohot` command: runs the app under the loader in a child process and restarts it only
// when an update cannot be applied in place, saying why in one line. States: one app process
// running (`current`); during a restart that overlaps (see handoff.js) a second one starting
// (`next`); after a crash, none, `waiting` for a change.
import { statSync } from "node:fs";
import * as path from "node:path";
import { Child, setUpCluster } from "./child.js";
import { shouldOverlap, whenReady } from "./handoff.js";
import { Output } from "./output.js";
import { crashText, fileReason, updateReason } from "./reasons.js";
import { TreeWatcher } from "./watch.js";

/**
 * @typedef {import("./args.js").CommandLine} CommandLine
 * @typedef {import("./reasons.js").Reason} Reason
 * @typedef {{ type: string, [key: string]: unknown }} Report
 */

const scriptFile = /\.[cm]?[jt]sx?$/;

/**
 * A file changed this long before a process was forked was read by it (it reads its package.json,
 * .env files and the like while starting): its change does not restart that process again. The
 * margin covers the coarse clock file times are taken from (they lag by up to a timer tick); a
 * save closer to the fork than this restarts once more, never the reverse.
 */
const seenBeforeForkMs = 50;

/** @param {string} file */
function modifiedAt(file) {
	try {
		return statSync(file).mtimeMs;
	} catch {
		return undefined;
	}
}

/**
 * `path.matchesGlob` (Node 20.17+, 22.5+) warns that it is experimental on some lines; the
 * warning is about the API, not the user's program, so it is not shown.
 * @param {string} file relative
 * @param {string} glob
 */
function matchesGlob(file, glob) {
	const emitWarning = process.emitWarning;
	process.emitWarning = () => {};
	try {
		// A glob without a slash matches in any directory, like .gitignore (and nodemon).
		return path.matchesGlob(file, glob) || (!glob.includes("/") && path.matchesGlob(file, `**/${glob}`));
	} finally {
		process.emitWarning = emitWarning;
	}
}

export class Supervisor {
	/** @type {Child | undefined} */
	current;
	/** @type {Child | undefined} the process a restart is starting, until it is ready */
	next;
	/** Down (crashed, or exited with --watch-exit) or not restarted yet: the next change starts it. */
	waiting = false;
	waitingSince = 0;
	/** @type {Promise<void> | undefined} */
	restarting;
	/** @type {Reason | undefined} a restart asked for while one runs: done right after */
	again;
	/** @type {Set<string>} the module graph's files, as the app's process last reported them */
	graph = new Set();
	/** @type {Set<string>} CommonJS and required JSON files, likewise */
	commonjs = new Set();
	/** @type {Set<string>} hints given already (each once) */
	hinted = new Set();
	shuttingDown = false;
	stdinEnded = false;
	/** @type {number | undefined} when the last app process was forked (Date.now()) */
	lastForkedAt;
	restarts = 0;

	/** @param {CommandLine} commandLine */
	constructor(commandLine) {
		this.commandLine = commandLine;
		this.options = commandLine.options;
		this.output = new Output(this.options);
		this.cwd = process.cwd();
		this.entry = path.resolve(this.cwd, commandLine.entry);
		this.entryDirectory = path.dirname(this.entry);
		this.envFiles = new Set(commandLine.envFiles);
	}

	start() {
		setUpCluster();
		this.watcher = new TreeWatcher(this.cwd, files => this.filesChanged(files));
		if (!this.watcher.contains(this.entryDirectory)) this.watcher.watchFile(this.entry);
		for (const file of this.envFiles) this.watcher.watchFile(file);
		this.watcher.watchFile(path.join(this.entryDirectory, "package.json"));
		this.adopt(this.fork(false));
		this.listen();
	}

	listen() {
		process.on("SIGINT", () => void this.shutdown({ signal: "SIGINT" }));
		process.on("SIGTERM", () => void this.shutdown({ signal: "SIGTERM" }));
		process.on("SIGHUP", () => this.requestRestart({ reason: "SIGHUP", why: "SIGHUP received" }));
		const stdin = process.stdin;
		stdin.on("data", (/** @type {Buffer} */ data) => {
			if (/^\s*rs\s*$/.test(data.toString())) {
				this.requestRestart({ reason: "manual", why: "rs typed" });
			} else {
				this.current?.write(data);
			}
		});
		stdin.on("end", () => {
			this.stdinEnded = true;
			this.current?.endInput();
		});
		stdin.on("error", () => {});
	}

	/** @param {boolean} deferInspector start without the inspector, opened once the old process released its port */
	fork(deferInspector) {
		const inspect = this.commandLine.inspect;
		const given = this.commandLine.nodeOptions;
		// Stack traces point at the user's lines (the shells edit line 1), as under tsx; the user
		// may say --no-enable-source-maps.
		const sourceMaps = given.some(option => /^--(no-)?enable-source-maps$/.test(option)) ? [] : ["--enable-source-maps"];
		const nodeOptions = [...sourceMaps, ...(deferInspector ? withoutInspector(given) : given)];
		return new Child({
			entry: this.commandLine.entry,
			args: this.commandLine.appArgs,
			nodeOptions,
			silent: this.options.quiet || this.options.json,
			inspectPort: inspect?.port,
		});
	}

	/** @param {Child} child makes it the running app process */
	adopt(child) {
		child.previousForkedAt = this.current?.forkedAt ?? this.lastForkedAt;
		this.lastForkedAt = child.forkedAt;
		this.current = child;
		this.waiting = false;
		child.on("report", (/** @type {Report} */ report) => this.onReport(child, report));
		void child.exited.then(exit => this.onExit(child, exit));
		if (this.stdinEnded) child.endInput();
		this.output.emit({ event: "start", pid: child.pid, restarts: this.restarts }, undefined);
		this.takeGraph(child);
	}

	/** @param {Child} child */
	takeGraph(child) {
		if (child.graph.size === 0 && child.commonjs.size === 0) return;
		this.graph = child.graph;
		this.commonjs = child.commonjs;
		const watcher = /** @type {TreeWatcher} */ (this.watcher);
		for (const file of [...this.graph, ...this.commonjs]) {
			if (!watcher.contains(file)) watcher.watchFile(file);
		}
	}

	/**
	 * @param {Child} child
	 * @param {Report} report
	 */
	onReport(child, report) {
		if (child !== this.current || child.replaced) return;
		if (report.type === "graph") {
			this.takeGraph(child);
			return;
		}
		if (report.type !== "update") return;
		const text = String(report.text ?? "");
		const reason = updateReason(report);
		if (report.outcome === "applied") {
			this.output.emit({ event: "update", applied: true, message: text }, undefined);
			this.hintNotRerun(/** @type {{ module: string, importer: string, acceptedBy: string }[]} */ (report.notRerun ?? []));
		} else if (reason !== undefined) {
			this.output.emit({ event: "update", applied: false, reason: reason.reason, why: reason.why, message: text }, undefined);
			this.requestRestart(reason);
		} else {
			// An error the next save can fix (the old code keeps running): the runtime said so,
			// unless it was silenced for --quiet, where it is printed here.
			const module = typeof report.module === "string" ? { module: report.module } : {};
			this.output.emit({ event: "update", applied: false, reason: report.outcome, ...module, message: text }, undefined);
			if (this.options.quiet) this.output.raw(text);
		}
	}

	/** @param {{ module: string, importer: string, acceptedBy: string }[]} pairs */
	hintNotRerun(pairs) {
		for (const { module, importer, acceptedBy } of pairs) {
			const key = `${module}\0${importer}`;
			if (this.hinted.has(key)) continue;
			this.hinted.add(key);
			const accepts = acceptedBy === module ? `${module} accepts itself` : `${importer} accepts it`;
			this.output.emit(
				{ event: "hint", kind: "not-rerun", module, importer, acceptedBy },
				`${module} is live, but ${importer}, which imports it, was not re-run (${accepts}): what ${importer} computed from it when it ran is unchanged`,
			);
		}
	}

	/** @param {string} file */
	relative(file) {
		return path.relative(this.cwd, file);
	}

	/** @param {string} file */
	ignored(file) {
		const relative = this.relative(file);
		return this.options.ignore.some(glob => matchesGlob(relative, glob));
	}

	/** @param {{ file: string, at: number }[]} changes */
	filesChanged(changes) {
		if (this.shuttingDown) return;
		const relevant = changes.filter(({ file }) => !this.ignored(file)).map(({ file }) => file);
		const known = {
			envFiles: this.envFiles,
			commonjs: this.commonjs,
			restartOn: (/** @type {string} */ relative) => this.options.restartOn.find(glob => matchesGlob(relative, glob)),
		};
		for (const file of relevant) {
			const kind = fileReason(file, known);
			if (kind !== undefined) {
				const changedAt = modifiedAt(file);
				this.requestRestart({
					reason: kind.reason,
					why: `${this.relative(file)} changed (${kind.what})`,
					files: [this.relative(file)],
					...(changedAt === undefined ? {} : { changedAt }),
				});
				return;
			}
		}
		if (this.waiting) {
			// A save from before the crash (its events still coming in) does not count.
			const after = new Set(changes.filter(change => change.at > this.waitingSince).map(change => change.file));
			const file = relevant.find(file => after.has(file) && (this.graph.has(file) || scriptFile.test(file)));
			if (file !== undefined) this.requestRestart({ reason: "change", why: `${this.relative(file)} changed`, files: [this.relative(file)] });
			return;
		}
		// "Why isn't my change live?": a script that nothing running imports.
		for (const file of relevant) {
			if (!scriptFile.test(file) || this.graph.has(file) || this.commonjs.has(file) || this.graph.size === 0) continue;
			const inEntryDirectory = !path.relative(this.entryDirectory, file).startsWith("..");
			if (!inEntryDirectory) continue;
			this.output.emit(
				{ event: "hint", kind: "not-in-graph", file: this.relative(file) },
				`${this.relative(file)} changed, but no running module imports it: nothing was reloaded`,
			);
		}
	}

	/** @param {Reason} reason */
	requestRestart(reason) {
		if (this.shuttingDown) return;
		// Damping: the late events of a burst of saves that the running process started with
		// (they came in while it was being started) do not restart it again.
		// A file restored with an old modification time (tar, rsync -t) predates the process it
		// replaced, and restarts.
		const running = this.restarting === undefined ? this.current : undefined;
		const since = running?.previousForkedAt;
		if (reason.changedAt !== undefined && running !== undefined && since !== undefined && reason.changedAt >= since && reason.changedAt < running.forkedAt - seenBeforeForkMs) {
			return;
		}
		if (!this.options.restart) {
			this.output.emit(
				{ event: "restart", reason: reason.reason, why: reason.why, files: reason.files ?? [], skipped: true },
				`restart needed: ${reason.why} (not restarting: --no-restart)`,
				{ important: true },
			);
			return;
		}
		if (this.restarting !== undefined) {
			this.again ??= reason;
			return;
		}
		this.restarting = this.restart(reason).finally(() => {
			this.restarting = undefined;
			const again = this.again;
			this.again = undefined;
			if (again !== undefined) this.requestRestart(again);
		});
	}

	/** @param {Reason} reason */
	async restart(reason) {
		this.restarts++;
		this.output.clearScreen();
		// Said under --quiet too: the one line that says why (the runtime's own text is silenced).
		this.output.emit({ event: "restart", reason: reason.reason, why: reason.why, files: reason.files ?? [] }, `restarting: ${reason.why}`, { important: true });
		// A reason that comes while this restart runs may predate what the new process reads: only
		// those after this point restart again.
		this.again = undefined;
		this.waiting = false;
		const old = this.current;
		if (old !== undefined) old.replaced = true;
		const inspect = this.commandLine.inspect;
		// With --inspect-brk/--inspect-wait the new process waits for the debugger before running:
		// it could not take over the sockets anyway, so the old one stops first.
		if (old !== undefined && shouldOverlap(old) && (inspect === undefined || inspect.mode === "inspect")) {
			const next = this.fork(inspect !== undefined);
			this.next = next;
			const readiness = await whenReady(next, old.listening.keys());
			this.next = undefined;
			if (this.shuttingDown) return;
			if (readiness === "exited") {
				old.replaced = false;
				const exit = /** @type {import("./child.js").Exit} */ (next.exit);
				this.output.emit(
					{ event: "crash", pid: next.pid, code: exit.code, signal: exit.signal, origin: next.crash?.origin, error: next.crash?.error, starting: true },
					`the new process did not start: ${crashText(exit, next.crash?.error, next.crash?.origin)}; the previous one (pid ${old.pid}) keeps running`,
					{ important: true },
				);
				this.wait();
				return;
			}
			this.adopt(next);
			await old.stop(this.options.killTimeout);
			if (inspect !== undefined) next.send({ dynohot: { type: "inspect", host: inspect.host, port: inspect.port } });
			return;
		}
		if (old?.alive) await old.stop(this.options.killTimeout);
		if (this.shuttingDown) return;
		this.adopt(this.fork(false));
	}

	wait() {
		this.waiting = true;
		this.waitingSince = performance.now();
		this.output.emit({ event: "waiting" }, "waiting for a change to restart (or type rs and Enter)", { important: true });
	}

	/**
	 * @param {Child} child
	 * @param {import("./child.js").Exit} exit
	 */
	onExit(child, exit) {
		if (this.shuttingDown || child !== this.current || child.stopping) return;
		this.current = undefined;
		const crashed = exit.code !== 0 || exit.signal !== null;
		if (crashed) {
			this.output.emit(
				{ event: "crash", pid: child.pid, code: exit.code, signal: exit.signal, origin: child.crash?.origin, error: child.crash?.error },
				crashText(exit, child.crash?.error, child.crash?.origin),
				{ important: true },
			);
		}
		if (!this.options.restart || (!crashed && !this.options.watchExit)) {
			// The app's exit status is the command's.
			void this.shutdown(exit.signal !== null ? { signal: /** @type {NodeJS.Signals} */ (exit.signal) } : { code: exit.code ?? 1 });
			return;
		}
		if (!crashed) this.output.emit({ event: "exit", pid: child.pid, code: 0 }, "the app exited (code 0)", { important: true });
		this.wait();
	}

	/** @param {{ signal: NodeJS.Signals } | { code: number }} how */
	async shutdown(how) {
		const children = [this.current, this.next].filter(child => child !== undefined);
		if (this.shuttingDown) {
			// A second Ctrl-C: no more waiting for requests to finish.
			await Promise.all(children.map(child => child.kill()));
			return;
		}
		this.shuttingDown = true;
		this.watcher?.close();
		await Promise.all(children.map(child => child.stop(this.options.killTimeout)));
		this.output.emit({ event: "exit", ..."signal" in how ? { signal: how.signal } : { code: how.code } }, undefined);
		if ("signal" in how) {
			// Die of the same signal, as the app would have: the shell sees it (130 for Ctrl-C).
			process.removeAllListeners(how.signal);
			process.kill(process.pid, how.signal);
			// Signals that do not kill by default (none of ours) would land here.
			setTimeout(() => process.exit(1), 1000).unref();
			return;
		}
		process.exit(how.code);
	}
}

/**
 * The node options without the inspector flags (the inspector is opened later from inside).
 * @param {readonly string[]} nodeOptions
 */
function withoutInspector(nodeOptions) {
	/** @type {string[]} */
	const kept = [];
	for (let index = 0; index < nodeOptions.length; index++) {
		const option = /** @type {string} */ (nodeOptions[index]);
		if (/^--(inspect|inspect-brk|inspect-wait)(=|$)/.test(option)) continue;
		if (/^--(inspect-port|debug-port)(=|$)/.test(option)) {
			if (!option.includes("=")) index++;
			continue;
		}
		kept.push(option);
	}
	return kept;
}
