// The app's process: `node [node options] --import <supervised.js> --import dynohot <entry>`,
// forked as a `cluster` worker so that its listening sockets are created and kept by the
// supervisor (see handoff.js). It reports to the supervisor over the IPC channel
// (src/runtime/supervised.js); what it sends is collected here.
import cluster from "node:cluster";
import { EventEmitter } from "node:events";

/** @typedef {import("node:cluster").Worker} Worker */
/** @typedef {{ code: number | null, signal: string | null }} Exit */

const supervisedURL = new URL("../runtime/supervised.js", import.meta.url);
const loaderURL = new URL("../../loader.mjs", import.meta.url).href;

export class Child extends EventEmitter {
	/** @type {Map<string, { address: string, port: number, addressType: number | string }>} what it listens on */
	listening = new Map();
	/** @type {Set<string>} */
	graph = new Set();
	/** @type {Set<string>} */
	commonjs = new Set();
	started = false;
	/** @type {Exit | undefined} */
	exit;
	/** @type {{ error: import("./reasons.js").CrashError, origin: string } | undefined} */
	crash;
	/** The supervisor is stopping it (its exit is not a crash). */
	stopping = false;
	/** A restart is replacing it: its reports no longer count. */
	replaced = false;

	/**
	 * @param {{ entry: string, args: string[], nodeOptions: string[], silent: boolean, inspectPort?: number }} options
	 */
	constructor(options) {
		super();
		const supervised = new URL(supervisedURL);
		if (options.silent) supervised.searchParams.set("silent", "1");
		cluster.setupPrimary({
			exec: options.entry,
			args: options.args,
			// The loader's own URL: the app's process uses this dynohot, found or not from its cwd.
			execArgv: [...options.nodeOptions, "--import", supervised.href, "--import", loaderURL],
			// stdin is the supervisor's (it reads `rs` and passes the rest on).
			stdio: ["pipe", "inherit", "inherit", "ipc"],
			// With --inspect, cluster gives each worker `--inspect-port=<this>` (by default the next
			// port up, for workers that run side by side): the user's port, every time.
			...(options.inspectPort === undefined ? {} : { inspectPort: options.inspectPort }),
		});
		/** @type {Worker} */
		this.worker = cluster.fork();
		this.pid = /** @type {number} */ (this.worker.process.pid);
		this.startedAt = performance.now();
		/** When it was forked, on the clock of file modification times. */
		this.forkedAt = Date.now();
		/** @type {number | undefined} when the process it replaced was forked (set by the supervisor) */
		this.previousForkedAt = undefined;
		// Cluster answers a worker's last messages after it may already have exited (EPIPE on its
		// channel); without a listener that error would end the supervisor. The exit is handled by
		// the "exit" event.
		this.worker.on("error", () => {});
		this.worker.on("listening", address => {
			const key = `${address.addressType}:${address.address}:${address.port}`;
			this.listening.set(key, address);
			this.emit("change");
		});
		this.worker.on("message", (/** @type {unknown} */ message) => {
			const report = /** @type {{ dynohot?: { type?: string, [key: string]: unknown } } | null} */ (message)?.dynohot;
			if (report === undefined || typeof report.type !== "string") return;
			if (report.type === "graph") {
				this.graph = new Set(/** @type {string[]} */ (report.files));
				this.commonjs = new Set(/** @type {string[]} */ (report.commonjs));
			} else if (report.type === "started") {
				this.started = true;
			} else if (report.type === "crash") {
				this.crash = /** @type {NonNullable<Child["crash"]>} */ (/** @type {unknown} */ ({ error: report.error, origin: report.origin }));
			}
			this.emit("report", report);
			this.emit("change");
		});
		this.exited = /** @type {Promise<Exit>} */ (
			new Promise(resolve => {
				this.worker.process.once("exit", (code, signal) => {
					this.exit = { code, signal };
					clearTimeout(this.killTimer);
					resolve(this.exit);
					this.emit("change");
				});
			})
		);
		// A process that exits before its stdin is drained must not fail the supervisor.
		this.worker.process.stdin?.on("error", () => {});
	}

	get alive() {
		return this.exit === undefined;
	}

	/** @param {unknown} message */
	send(message) {
		if (this.alive && this.worker.isConnected()) this.worker.send(/** @type {any} */ (message));
	}

	/** @param {Buffer | string} data */
	write(data) {
		const stdin = this.worker.process.stdin;
		if (this.alive && stdin !== null && stdin.writable) stdin.write(data);
	}

	endInput() {
		this.worker.process.stdin?.end();
	}

	/**
	 * Graceful stop: SIGTERM (the child closes its servers and lets in-flight requests finish,
	 * unless the app handles SIGTERM itself), then SIGKILL after `killTimeout` ms.
	 * @param {number} killTimeout
	 * @returns {Promise<Exit>}
	 */
	stop(killTimeout) {
		if (!this.alive) return this.exited;
		if (!this.stopping) {
			this.stopping = true;
			this.worker.process.kill("SIGTERM");
			this.killTimer = setTimeout(() => this.kill(), killTimeout);
		}
		return this.exited;
	}

	kill() {
		this.stopping = true;
		if (this.alive) this.worker.process.kill("SIGKILL");
		return this.exited;
	}

	/** @type {NodeJS.Timeout | undefined} */
	killTimer;
}

/**
 * Listening sockets are created by the supervisor (the cluster primary) and shared with the
 * worker as handles; the worker accepts connections itself (no per-connection IPC, unlike
 * round-robin scheduling, and the supervisor is never on a request's path).
 */
export function setUpCluster() {
	cluster.schedulingPolicy = cluster.SCHED_NONE;
}
