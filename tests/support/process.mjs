// Real-process test helpers: a temp project on disk, a spawned `node` running it under dynohot,
// and waits on printed lines with a bound (never bare sleeps).
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The repository root, linked as `node_modules/dynohot` into every project. */
export const root = fileURLToPath(new URL("../..", import.meta.url));

/** The Node binary under test (scripts/test.mjs sets it for the other Node lines). */
export const node = (testNode => testNode === undefined ? process.execPath : testNode.includes("/") ? resolve(testNode) : testNode)(
	process.env.DYNOHOT_TEST_NODE,
);

/** The two ways to start dynohot; every scenario runs in both. */
export const modes = /** @type {const} */ (["import", "loader"]);

/** How long any one expected line may take. Generous: CI machines are slow, debug builds too. */
export const defaultTimeout = 15_000;

/** A temp project directory with `package.json` (`"type": "module"`) and dynohot linked in. */
export class Project {
	/** @param {Record<string, string>} files relative path → content */
	constructor(files) {
		this.dir = mkdtempSync(join(tmpdir(), "dynohot-test-"));
		mkdirSync(join(this.dir, "node_modules"));
		symlinkSync(root, join(this.dir, "node_modules", "dynohot"), "dir");
		this.write("package.json", JSON.stringify({ type: "module", private: true }));
		for (const [name, content] of Object.entries(files)) this.write(name, content);
	}

	/** @param {string} name */
	path(name) {
		return join(this.dir, name);
	}

	/** @param {string} name */
	url(name) {
		return pathToFileURL(this.path(name)).href;
	}

	/** @param {string} name */
	read(name) {
		return readFileSync(this.path(name), "utf8");
	}

	/**
	 * In-place write (truncate + write), like most editors' default save.
	 * @param {string} name
	 * @param {string} content
	 */
	write(name, content) {
		mkdirSync(dirname(this.path(name)), { recursive: true });
		writeFileSync(this.path(name), content);
	}

	/**
	 * Write a temporary file next to it and rename it over the original (vim, VS Code, JetBrains).
	 * @param {string} name
	 * @param {string} content
	 */
	writeAtomic(name, content) {
		const temp = this.path(`${name}.${process.pid}.tmp`);
		writeFileSync(temp, content);
		renameSync(temp, this.path(name));
	}

	/** @param {string} name */
	remove(name) {
		unlinkSync(this.path(name));
	}

	dispose() {
		rmSync(this.dir, { recursive: true, force: true });
	}
}

/**
 * @typedef {object} Line
 * @property {"stdout" | "stderr"} stream
 * @property {string} text
 */

/** A spawned process whose output is collected line by line. */
export class Running {
	/** @type {Line[]} */
	lines = [];
	/** Index of the first line the next `waitFor` looks at. */
	cursor = 0;
	/** @type {Set<() => void>} */
	#listeners = new Set();
	/** @type {{ code: number | null, signal: NodeJS.Signals | null } | undefined} */
	exit;

	/**
	 * @param {string[]} args
	 * @param {{ cwd: string, env?: NodeJS.ProcessEnv, uid?: number, gid?: number, stdin?: "ignore" | "pipe" }} options `uid`/`gid`: run as another user
	 */
	constructor(args, options) {
		this.args = args;
		this.child = spawn(node, args, {
			cwd: options.cwd,
			...(options.uid === undefined ? {} : { uid: options.uid, gid: options.gid }),
			env: { ...process.env, NODE_OPTIONS: "", FORCE_COLOR: "0", NO_COLOR: "1", ...options.env },
			stdio: [options.stdin ?? "ignore", "pipe", "pipe"],
		});
		for (const stream of /** @type {const} */ (["stdout", "stderr"])) {
			let partial = "";
			const output = /** @type {import("node:stream").Readable} */ (this.child[stream]);
			output.setEncoding("utf8");
			output.on("data", (/** @type {string} */ chunk) => {
				const parts = (partial + chunk).split("\n");
				partial = parts.pop() ?? "";
				for (const text of parts) this.lines.push({ stream, text });
				this.#notify();
			});
			output.on("end", () => {
				if (partial !== "") this.lines.push({ stream, text: partial });
				partial = "";
				this.#notify();
			});
		}
		this.exited = new Promise(resolve => {
			this.child.on("error", error => {
				this.lines.push({ stream: "stderr", text: `(spawn failed: ${error.message})` });
				this.exit = { code: null, signal: null };
				this.#notify();
				resolve(this.exit);
			});
			this.child.on("close", (code, signal) => {
				this.exit = { code, signal };
				this.#notify();
				resolve(this.exit);
			});
		});
	}

	#notify() {
		for (const listener of this.#listeners) listener();
	}

	/** Everything printed so far, for failure messages. */
	output() {
		return this.lines.map(line => `${line.stream === "stderr" ? "err" : "out"}| ${line.text}`).join("\n");
	}

	/** @param {"stdout" | "stderr"} [stream] */
	text(stream) {
		return this.lines.filter(line => stream === undefined || line.stream === stream).map(line => line.text).join("\n");
	}

	/**
	 * Waits for the next line (from the cursor on) that matches, then moves the cursor past it.
	 * Fails with the whole output when the process exits first or the bound passes.
	 * @param {string | RegExp} pattern a substring or a RegExp
	 * @param {{ timeout?: number, stream?: "stdout" | "stderr" }} [options]
	 * @returns {Promise<RegExpExecArray>}
	 */
	waitFor(pattern, options = {}) {
		const { timeout = defaultTimeout, stream } = options;
		const regexp = typeof pattern === "string" ? new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) : pattern;
		return new Promise((resolve, reject) => {
			const check = () => {
				for (let index = this.cursor; index < this.lines.length; index++) {
					const line = /** @type {Line} */ (this.lines[index]);
					if (stream !== undefined && line.stream !== stream) continue;
					const match = regexp.exec(line.text);
					if (match !== null) {
						this.cursor = index + 1;
						finish();
						resolve(match);
						return;
					}
				}
				if (this.exit !== undefined) {
					finish();
					reject(new Error(`Process exited (${JSON.stringify(this.exit)}) before printing ${regexp}\n${this.output()}`));
				}
			};
			const timer = setTimeout(() => {
				finish();
				reject(new Error(`Timed out after ${timeout}ms waiting for ${regexp}\n${this.output()}`));
			}, timeout);
			const finish = () => {
				clearTimeout(timer);
				this.#listeners.delete(check);
			};
			this.#listeners.add(check);
			check();
		});
	}

	/**
	 * Waits for the process to exit on its own, within a bound.
	 * @param {number} [timeout]
	 */
	async waitForExit(timeout = defaultTimeout) {
		/** @type {NodeJS.Timeout | undefined} */
		let timer;
		const bound = new Promise((_resolve, reject) => {
			timer = setTimeout(() => reject(new Error(`Process still running after ${timeout}ms\n${this.output()}`)), timeout);
		});
		try {
			return await Promise.race([this.exited, bound]);
		} finally {
			clearTimeout(timer);
		}
	}

	/** Stops the process (if still running) and waits for it. */
	async kill() {
		if (this.exit === undefined) {
			this.child.kill("SIGKILL");
		}
		await this.exited;
	}
}

/**
 * Starts `node --import dynohot <entry>` or `node --loader dynohot <entry>` in the project.
 * @param {Project} project
 * @param {typeof modes[number]} mode
 * @param {{ entry?: string, before?: string[], register?: string, nodeArgs?: string[], env?: NodeJS.ProcessEnv, uid?: number, gid?: number }} [options]
 *   `before`: loaders (project-relative files) chained before dynohot, so dynohot calls into them;
 *   `register`: a project file that calls `register()` itself (replaces the package entry)
 */
export function start(project, mode, options = {}) {
	const flag = mode === "import" ? "--import" : "--loader";
	const args = [...(options.nodeArgs ?? [])];
	for (const loader of options.before ?? []) args.push(flag, `./${loader}`);
	args.push(flag, options.register === undefined ? "dynohot" : `./${options.register}`);
	args.push(options.entry ?? "main.js");
	return new Running(args, { cwd: project.dir, env: options.env, uid: options.uid, gid: options.gid });
}

/**
 * Resources of one test, released after it.
 * @param {import("node:test").TestContext} t
 * @param {Record<string, string>} files
 */
export function setup(t, files) {
	const project = new Project(files);
	/** @type {Running[]} */
	const running = [];
	t.after(async () => {
		await Promise.all(running.map(process => process.kill()));
		project.dispose();
	});
	return {
		project,
		/** @param {Parameters<typeof start>[1]} mode @param {Parameters<typeof start>[2]} [options] */
		start(mode, options) {
			const process = start(project, mode, options);
			running.push(process);
			return process;
		},
	};
}

/**
 * Asserts that no Node deprecation warning was printed (dynohot must not trigger one on any line).
 * @param {Running} process
 */
export function assertNoDeprecation(process) {
	assert.doesNotMatch(process.text("stderr"), /DeprecationWarning/, process.output());
}

/**
 * GET a URL and return the body text. Closes the connection (no keep-alive), so a server that
 * closes on dispose is not held open by the test.
 * @param {string} url
 */
export async function get(url) {
	const response = await fetch(url, { headers: { connection: "close" } });
	return await response.text();
}
