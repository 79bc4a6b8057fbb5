// The soak: a generated app of many modules (several importers each, some self-accepting, the
// entry accepting its direct imports) and a fixed-seed random sequence of real file edits made the
// ways editors, formatters and branch switches make them. After each batch settles, the app's
// state (which version of each module ran last, and the entry's live bindings) must equal the
// files' last good content. Used by tests/real-process/soak.test.mjs (short) and bench/soak.mjs
// (long, with memory figures).
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";

/**
 * A small fast PRNG (mulberry32): the same seed gives the same app and the same edits.
 * @param {number} seed
 */
export function random(seed) {
	let state = seed >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		next,
		/** @param {number} low @param {number} high inclusive */
		int: (low, high) => low + Math.floor(next() * (high - low + 1)),
		/** @template T @param {readonly T[]} list @returns {T} */
		pick: list => /** @type {any} */ (list[Math.floor(next() * list.length)]),
	};
}

/**
 * @typedef {object} Shape
 * @property {number} count modules m0 … m{count-1}
 * @property {number} roots the entry imports m0 … m{roots-1} and accepts them
 * @property {number[][]} imports module index → the indices it imports (all greater: no cycle)
 * @property {boolean[]} selfAccepting
 */

/**
 * The module graph: every module past the roots has at least one importer with a smaller index
 * (so everything is reachable from the entry), most have several.
 * @param {ReturnType<typeof random>} rng
 * @param {number} count
 * @returns {Shape}
 */
export function shape(rng, count) {
	const roots = Math.min(10, count);
	/** @type {Set<number>[]} */
	const imports = Array.from({ length: count }, () => new Set());
	for (let j = roots; j < count; j++) {
		const importers = rng.int(2, 4);
		for (let k = 0; k < importers; k++) {
			// Mostly from nearby modules, sometimes from far up the graph.
			const low = rng.next() < 0.7 ? Math.max(0, j - 20) : 0;
			imports[rng.int(low, j - 1)].add(j);
		}
	}
	const selfAccepting = Array.from({ length: count }, (_, i) => i >= roots && rng.next() < 0.25);
	return { count, roots, imports: imports.map(set => [...set].sort((a, b) => a - b)), selfAccepting };
}

/**
 * A module's text at `version`.
 * @param {Shape} shape
 * @param {number} i
 * @param {number} version
 * @param {{ respell?: boolean }} [options]
 */
export function moduleText(shape, i, version, options = {}) {
	// `./v<version>/../m<j>.js` names the same file, by a specifier Node has never resolved (its
	// resolution cache would otherwise answer for a file that was deleted since).
	const prefix = options.respell ? `./v${version}/../` : "./";
	const lines = shape.imports[i].map(j => `import { version as v${j} } from "${prefix}m${j}.js";`);
	lines.push(`export const version = ${version};`);
	lines.push(`export const seen = () => [${shape.imports[i].map(j => `v${j}`).join(", ")}];`);
	lines.push(`(globalThis.soak ??= {})[${i}] = version;`);
	if (shape.selfAccepting[i]) lines.push(`import.meta.hot?.accept();`);
	// Some saves change the size, some keep it (the watcher must not rely on either).
	lines.push(`// ${"x".repeat(version % 7)}`);
	return lines.join("\n") + "\n";
}

/** @param {Shape} shape */
export function entryText(shape) {
	const roots = Array.from({ length: shape.roots }, (_, i) => i);
	return [
		`import { createInterface } from "node:readline";`,
		...roots.map(i => `import { version as r${i} } from "./m${i}.js";`),
		`import.meta.hot?.accept([${roots.map(i => `"./m${i}.js"`).join(", ")}]);`,
		`const state = () => ({ ran: globalThis.soak, live: [${roots.map(i => `r${i}`).join(", ")}] });`,
		`createInterface({ input: process.stdin }).on("line", line => {`,
		`	if (line === "state") console.log("STATE " + JSON.stringify(state()));`,
		`	if (line === "mem") {`,
		`		for (let i = 0; i < 4; i++) globalThis.gc?.();`,
		`		const { rss, heapUsed } = process.memoryUsage();`,
		`		console.log("MEM " + JSON.stringify({ rss, heapUsed }));`,
		`	}`,
		`});`,
		`console.log("READY");`,
		"",
	].join("\n");
}

/**
 * The app on disk, with its last good content tracked.
 */
export class SoakApp {
	/**
	 * @param {{ seed: number, count: number, packageRoot: string, packageName?: string }} options
	 *   `packageRoot` is linked as `node_modules/<packageName>` (default `dynohot`)
	 */
	constructor(options) {
		this.rng = random(options.seed);
		this.shape = shape(this.rng, options.count);
		this.dir = mkdtempSync(join(tmpdir(), "dynohot-soak-"));
		mkdirSync(join(this.dir, "node_modules"));
		symlinkSync(options.packageRoot, join(this.dir, "node_modules", options.packageName ?? "dynohot"), "dir");
		writeFileSync(join(this.dir, "package.json"), JSON.stringify({ type: "module", private: true }));
		/** module index → the version its last good content has */
		this.good = Array.from({ length: options.count }, () => 0);
		this.nextVersion = 1;
		/** module index → its last good content */
		this.texts = Array.from({ length: options.count }, (_, i) => moduleText(this.shape, i, 0));
		for (let i = 0; i < options.count; i++) writeFileSync(this.file(i), /** @type {string} */ (this.texts[i]));
		writeFileSync(join(this.dir, "main.js"), entryText(this.shape));
		/** edits made (each write of content that differs from the file's last good content) */
		this.edits = 0;
		/** @type {Record<string, number>} how many operations of each kind ran */
		this.kinds = {};
	}

	/** @param {number} i */
	file(i) {
		return join(this.dir, `m${i}.js`);
	}

	/** What the app must report once everything settled. */
	expected() {
		return {
			ran: Object.fromEntries(this.good.map((version, i) => [String(i), version])),
			live: this.good.slice(0, this.shape.roots),
		};
	}

	/**
	 * The text of a new good version of module i (now its last good content).
	 * @param {number} i
	 * @param {{ respell?: boolean }} [options]
	 */
	#fresh(i, options) {
		const version = this.nextVersion++;
		this.good[i] = version;
		this.edits++;
		const text = moduleText(this.shape, i, version, options);
		this.texts[i] = text;
		return text;
	}

	/** @param {string} kind */
	#count(kind) {
		this.kinds[kind] = (this.kinds[kind] ?? 0) + 1;
	}

	/**
	 * One batch of operations (about `size` edits), each in a way a real tool edits files.
	 * @param {number} size
	 */
	async batch(size) {
		const { rng } = this;
		const any = () => rng.int(0, this.shape.count - 1);
		const start = this.edits;
		while (this.edits - start < size) {
			const roll = rng.next();
			if (roll < 0.35) {
				// An ordinary save, 10-50 ms after the one before.
				this.#count("save");
				const i = any();
				writeFileSync(this.file(i), this.#fresh(i));
			} else if (roll < 0.5) {
				this.#count("burst of saves of one file");
				const i = any();
				for (let k = rng.int(3, 6); k > 0; k--) {
					writeFileSync(this.file(i), this.#fresh(i));
					await delay(rng.int(2, 12));
				}
			} else if (roll < 0.58) {
				this.#count("branch switch (many files at once)");
				for (let k = rng.int(10, 40); k > 0; k--) {
					const i = any();
					writeFileSync(this.file(i), this.#fresh(i));
					if (rng.next() < 0.3) await delay(rng.int(1, 5));
				}
			} else if (roll < 0.68) {
				this.#count("truncate, then write 3-20 ms later");
				const i = any();
				writeFileSync(this.file(i), "");
				await delay(rng.int(3, 20));
				writeFileSync(this.file(i), this.#fresh(i));
			} else if (roll < 0.78) {
				this.#count("write a temp file and rename it over");
				const i = any();
				const temp = `${this.file(i)}.tmp${rng.int(0, 9999)}`;
				writeFileSync(temp, this.#fresh(i));
				renameSync(temp, this.file(i));
			} else if (roll < 0.84) {
				this.#count("delete, then recreate");
				const i = any();
				unlinkSync(this.file(i));
				await delay(rng.int(2, 30));
				writeFileSync(this.file(i), this.#fresh(i));
			} else if (roll < 0.9) {
				this.#count("syntax error, then its fix");
				const i = any();
				writeFileSync(this.file(i), `export const version = ;\n`);
				await delay(rng.int(20, 120));
				writeFileSync(this.file(i), this.#fresh(i));
			} else if (roll < 0.95) {
				this.#count("identical rewrite");
				const i = any();
				writeFileSync(this.file(i), /** @type {string} */ (this.texts[i]));
			} else {
				this.#count("dependency deleted (its importer edited meanwhile), then restored");
				const j = rng.int(this.shape.roots, this.shape.count - 1);
				const importer = this.shape.imports.findIndex(list => list.includes(j));
				unlinkSync(this.file(j));
				await delay(rng.int(20, 80));
				writeFileSync(this.file(importer), this.#fresh(importer, { respell: true }));
				// Long enough for the importer's reload to fail for want of it (the watcher's quiet
				// window grows with a burst, up to 300 ms).
				await delay(rng.int(400, 700));
				writeFileSync(this.file(j), this.#fresh(j));
			}
			await delay(rng.int(10, 50));
		}
	}

	dispose() {
		rmSync(this.dir, { recursive: true, force: true });
	}
}

/**
 * The app running under a loader: `state()` and `memory()` ask it over stdin.
 */
export class SoakProcess {
	/** @type {string[]} */
	lines = [];
	/** @type {Set<() => void>} */
	#listeners = new Set();
	/** @type {number | null | undefined} */
	exitCode;

	/**
	 * @param {string} node
	 * @param {string[]} args node arguments before `main.js`
	 * @param {string} cwd
	 */
	constructor(node, args, cwd) {
		this.child = spawn(node, [...args, "main.js"], {
			cwd,
			stdio: ["pipe", "pipe", "pipe"],
			env: { ...process.env, NODE_OPTIONS: "", FORCE_COLOR: "0", NO_COLOR: "1" },
		});
		for (const stream of [this.child.stdout, this.child.stderr]) {
			let partial = "";
			stream.setEncoding("utf8");
			stream.on("data", chunk => {
				const parts = (partial + chunk).split("\n");
				partial = parts.pop() ?? "";
				this.lines.push(...parts);
				for (const listener of this.#listeners) listener();
			});
		}
		this.child.on("close", code => {
			this.exitCode = code;
			for (const listener of this.#listeners) listener();
		});
	}

	/**
	 * The next line starting with `prefix` after index `from`, within `timeout` ms.
	 * @param {string} prefix
	 * @param {number} from
	 * @param {number} timeout
	 * @returns {Promise<string>}
	 */
	#next(prefix, from, timeout) {
		return new Promise((resolve, reject) => {
			const check = () => {
				for (let k = from; k < this.lines.length; k++) {
					const line = /** @type {string} */ (this.lines[k]);
					if (line.startsWith(prefix)) {
						done();
						resolve(line.slice(prefix.length));
						return;
					}
				}
				if (this.exitCode !== undefined) {
					done();
					reject(new Error(`the app exited (${this.exitCode}) before printing ${prefix}\n${this.tail()}`));
				}
			};
			const timer = setTimeout(() => {
				done();
				reject(new Error(`no ${prefix} within ${timeout} ms\n${this.tail()}`));
			}, timeout);
			const done = () => {
				clearTimeout(timer);
				this.#listeners.delete(check);
			};
			this.#listeners.add(check);
			check();
		});
	}

	/** @param {number} [timeout] */
	ready(timeout = 60_000) {
		return this.#next("READY", 0, timeout);
	}

	/** @returns {Promise<{ ran: Record<string, number>, live: number[] }>} */
	async state() {
		const from = this.lines.length;
		this.child.stdin.write("state\n");
		return JSON.parse(await this.#next("STATE ", from, 30_000));
	}

	/** @returns {Promise<{ rss: number, heapUsed: number }>} */
	async memory() {
		const from = this.lines.length;
		this.child.stdin.write("mem\n");
		return JSON.parse(await this.#next("MEM ", from, 30_000));
	}

	/**
	 * Asks for the state until it equals `expected` (the app has settled) or `timeout` passes.
	 * @param {{ ran: Record<string, number>, live: number[] }} expected
	 * @param {number} timeout
	 * @returns {Promise<{ settled: boolean, ms: number, state: { ran: Record<string, number>, live: number[] } }>}
	 */
	async settle(expected, timeout) {
		const started = performance.now();
		const want = JSON.stringify(expected);
		for (;;) {
			const state = await this.state();
			const ms = performance.now() - started;
			if (JSON.stringify(state) === want) return { settled: true, ms, state };
			if (ms > timeout) return { settled: false, ms, state };
			await delay(100);
		}
	}

	/** The last lines printed, for failure messages. */
	tail(count = 40) {
		return this.lines.slice(-count).join("\n");
	}

	async kill() {
		if (this.exitCode === undefined) {
			const closed = new Promise(resolve => this.child.on("close", resolve));
			this.child.kill("SIGKILL");
			await closed;
		}
	}
}

/**
 * What differs between a state and the expected one, in words.
 * @param {{ ran: Record<string, number>, live: number[] }} state
 * @param {{ ran: Record<string, number>, live: number[] }} expected
 */
export function differences(state, expected) {
	const stale = Object.keys(expected.ran).filter(key => state.ran[key] !== expected.ran[key]);
	const live = expected.live.flatMap((version, i) => (state.live[i] === version ? [] : [`r${i}: ${state.live[i]} (file: ${version})`]));
	return [
		...(stale.length > 0
			? [
					`${stale.length} modules run stale code: ${stale
						.slice(0, 10)
						.map(key => `m${key} ran ${state.ran[key]}, file has ${expected.ran[key]}`)
						.join("; ")}`,
				]
			: []),
		...(live.length > 0 ? [`live bindings of the entry: ${live.join("; ")}`] : []),
	].join("\n");
}
