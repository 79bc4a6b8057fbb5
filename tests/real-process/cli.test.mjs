// The `dynohot` command (bin/dynohot.mjs, src/cli/): a supervisor over real app processes, real
// files edited on disk, real sockets on 127.0.0.1. Every wait is on a printed line, with a bound.
import assert from "node:assert/strict";
import { Agent, request } from "node:http";
import { join } from "node:path";
import { test } from "node:test";
import { Project, Running, root } from "../support/process.mjs";

const bin = join(root, "bin", "dynohot.mjs");

/**
 * A project and the supervisors started in it, stopped (with their app processes) after the test.
 * @param {import("node:test").TestContext} t
 * @param {Record<string, string>} files
 */
function setup(t, files) {
	const project = new Project(files);
	/** @type {Running[]} */
	const running = [];
	/** @type {Set<number>} */
	const pids = new Set();
	t.after(async () => {
		await Promise.all(running.map(process => process.kill()));
		for (const process of running) for (const match of process.text().matchAll(/pid=(\d+)/g)) pids.add(Number(match[1]));
		// An app process outlives a killed supervisor only by a moment (its IPC channel closes).
		for (const pid of pids) {
			try {
				globalThis.process.kill(pid, "SIGKILL");
			} catch {}
		}
		project.dispose();
	});
	return {
		project,
		/**
		 * @param {string[]} args
		 * @param {{ stdin?: "pipe", env?: NodeJS.ProcessEnv }} [options]
		 */
		dynohot(args, options = {}) {
			const process = new Running([bin, ...args], { cwd: project.dir, ...options });
			running.push(process);
			return process;
		},
	};
}

/** @param {number} pid */
function alive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/**
 * Waits until `condition()` holds, polling, within a bound (for a process to be gone).
 * @param {() => boolean} condition
 * @param {string} what
 */
async function until(condition, what, timeout = 10_000) {
	const start = Date.now();
	while (!condition()) {
		if (Date.now() - start > timeout) throw new Error(`Timed out after ${timeout}ms waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 20));
	}
}

/** @param {Running} process @param {RegExp} pattern */
const count = (process, pattern) => process.lines.filter(line => pattern.test(line.text)).length;

const server = (/** @type {string} */ extra = "") => `import { createServer } from "node:http";
import { value } from "./value.js";
${extra}
const server = createServer((request, response) => setTimeout(() => response.end(\`value=\${value} pid=\${process.pid}\`), 20));
server.listen(0, "127.0.0.1", () => console.log(\`listening port=\${server.address().port} value=\${value} pid=\${process.pid}\`));
`;

test("an edit no module accepts restarts the app once, with one line that says why; the new code runs", async t => {
	const { project, dynohot } = setup(t, {
		"main.js": `import { value } from "./value.js";\nconsole.log(\`value=\${value} pid=\${process.pid}\`);\nsetInterval(() => {}, 1000);\n`,
		"value.js": "export const value = 1;\n",
	});
	const app = dynohot(["main.js"]);
	const [, first] = /** @type {RegExpExecArray} */ (await app.waitFor(/value=1 pid=(\d+)/));
	project.write("value.js", "export const value = 2;\n");
	const [, second] = /** @type {RegExpExecArray} */ (await app.waitFor(/value=2 pid=(\d+)/));
	assert.notEqual(second, first);
	assert.equal(count(app, /^\[hot\] restarting: /), 1, app.output());
	assert.match(app.text("stderr"), /^\[hot\] restarting: value\.js changed and no module accepts the update: it reached the entry main\.js$/m);
	await until(() => !alive(Number(first)), "the old process to exit");
});

test("an accepted edit is applied in the same process: no restart", async t => {
	const { project, dynohot } = setup(t, {
		"main.js": `import { value } from "./value.js";\nconsole.log(\`value=\${value} pid=\${process.pid}\`);\nimport.meta.hot?.accept("./value.js", ns => console.log(\`value=\${ns.value} pid=\${process.pid}\`));\nsetInterval(() => {}, 1000);\n`,
		"value.js": "export const value = 1;\n",
	});
	const app = dynohot(["main.js"]);
	const [, first] = /** @type {RegExpExecArray} */ (await app.waitFor(/value=1 pid=(\d+)/));
	project.write("value.js", "export const value = 2;\n");
	const [, second] = /** @type {RegExpExecArray} */ (await app.waitFor(/value=2 pid=(\d+)/));
	assert.equal(second, first);
	await app.waitFor("[hot] Loaded 1 new module");
	// main.js was relinked, not re-run: said once.
	await app.waitFor("[hot] value.js is live, but main.js, which imports it, was not re-run (main.js accepts it)");
	project.write("value.js", "export const value = 3;\n");
	await app.waitFor(`value=3 pid=${first}`);
	await app.waitFor("[hot] Loaded 1 new module");
	assert.equal(count(app, /^\[hot\] restarting/), 0, app.output());
	assert.equal(count(app, /was not re-run/), 1, app.output());
});

test("a crash prints the error, waits for a change, and the fix runs", async t => {
	const { project, dynohot } = setup(t, {
		"main.js": `import { tick } from "./tick.js";\nimport.meta.hot?.accept("./tick.js");\nsetInterval(() => tick(), 20);\nconsole.log(\`started pid=\${process.pid}\`);\n`,
		"tick.js": "export function tick() {}\n",
	});
	const app = dynohot(["main.js"]);
	const [, first] = /** @type {RegExpExecArray} */ (await app.waitFor(/started pid=(\d+)/));
	// The typo of the issue: the next call throws, and nothing catches it.
	project.write("tick.js", "export function tick() { return `Howdy ${undefinedThing}`; }\n");
	await app.waitFor(/^\[hot\] the app crashed \(exit code 1\) on an uncaught exception: ReferenceError: undefinedThing is not defined \(at tick .*tick\.js:1:\d+\)\)?$/);
	await app.waitFor("[hot] waiting for a change to restart (or type rs and Enter)");
	await until(() => !alive(Number(first)), "the crashed process to be gone");
	// No restart loop: nothing starts until the next save.
	await new Promise(resolve => setTimeout(resolve, 300));
	assert.equal(count(app, /started pid=/), 1, app.output());
	project.write("tick.js", "export function tick() {}\nconsole.log('fixed');\n");
	await app.waitFor("[hot] restarting: tick.js changed");
	await app.waitFor("fixed");
	await app.waitFor(/started pid=\d+/);
});

test("a change to .env (given with --env-file) restarts the app with the new value", async t => {
	const { project, dynohot } = setup(t, {
		".env": "GREETING=hello\n",
		"main.js": "console.log(`greeting=${process.env.GREETING}`);\nsetInterval(() => {}, 1000);\n",
	});
	const app = dynohot(["--env-file=.env", "main.js"]);
	await app.waitFor("greeting=hello");
	project.write(".env", "GREETING=howdy\n");
	await app.waitFor("[hot] restarting: .env changed (an environment file)");
	await app.waitFor("greeting=howdy");
});

test("CommonJS and package.json changes restart; a declined update restarts naming the module", async t => {
	const { project, dynohot } = setup(t, {
		"main.js": `import config from "./config.cjs";\nimport { value } from "./value.js";\nconsole.log(\`config=\${config.name} value=\${value}\`);\nsetInterval(() => {}, 1000);\n`,
		"config.cjs": "module.exports = { name: 'a' };\n",
		"value.js": "export const value = 1;\nimport.meta.hot?.decline();\n",
	});
	const app = dynohot(["main.js"]);
	await app.waitFor("config=a value=1");
	// The graph report (with the CommonJS files) follows the start closely.
	await new Promise(resolve => setTimeout(resolve, 300));
	project.write("config.cjs", "module.exports = { name: 'b' };\n");
	await app.waitFor("[hot] restarting: config.cjs changed (a CommonJS module, not hot)");
	await app.waitFor("config=b value=1");
	project.write("value.js", "export const value = 2;\nimport.meta.hot?.decline();\n");
	await app.waitFor("[hot] restarting: the update was declined by value.js (import.meta.hot.decline())");
	await app.waitFor("config=b value=2");
	project.write("package.json", JSON.stringify({ type: "module", private: true, name: "x" }));
	await app.waitFor("[hot] restarting: package.json changed (package.json)");
	await app.waitFor("config=b value=2");
});

test("an edited file that nothing imports is named in one [hot] line", async t => {
	const { project, dynohot } = setup(t, {
		"main.js": "import './used.js';\nconsole.log(`started pid=${process.pid}`);\nsetInterval(() => {}, 1000);\n",
		"used.js": "export {};\n",
		"lib/unused.js": "export const x = 1;\n",
	});
	const app = dynohot(["main.js"]);
	await app.waitFor("started");
	await new Promise(resolve => setTimeout(resolve, 300));
	project.write("lib/unused.js", "export const x = 2;\n");
	await app.waitFor("[hot] lib/unused.js changed, but no running module imports it: nothing was reloaded");
	assert.equal(count(app, /restarting/), 0);
});

test("listening sockets survive 5 restarts: a load loop (kept-alive connections too) has no failed request", async t => {
	const { project, dynohot } = setup(t, { "main.js": server(), "value.js": "export const value = 0;\n" });
	const app = dynohot(["main.js"]);
	const [, port] = /** @type {RegExpExecArray} */ (await app.waitFor(/listening port=(\d+) value=0/));
	let stop = false;
	/** @type {string[]} */
	const failures = [];
	/** @type {Set<string>} */
	const servedBy = new Set();
	let served = 0;
	/** @param {boolean} keepAlive */
	const loop = async keepAlive => {
		const agent = keepAlive ? new Agent({ keepAlive: true }) : false;
		while (!stop) {
			await new Promise(resolve => {
				const req = request({ host: "127.0.0.1", port: Number(port), path: "/", agent, headers: keepAlive ? {} : { connection: "close" } }, response => {
					let body = "";
					response.setEncoding("utf8");
					response.on("data", chunk => (body += chunk));
					response.on("end", () => {
						const pid = /pid=(\d+)/.exec(body)?.[1];
						if (pid === undefined) failures.push(`bad body: ${body}`);
						else servedBy.add(pid);
						served++;
						resolve(undefined);
					});
					response.on("error", error => {
						failures.push(String(error));
						resolve(undefined);
					});
				});
				req.on("error", error => {
					failures.push(`${keepAlive ? "kept-alive" : "new"} connection${req.reusedSocket ? " (reused)" : ""}: ${/** @type {NodeJS.ErrnoException} */ (error).code ?? ""} ${error.message}`);
					resolve(undefined);
				});
				req.end();
			});
		}
		if (agent) agent.destroy();
	};
	const loops = [loop(false), loop(false), loop(false), loop(true)];
	for (let restart = 1; restart <= 5; restart++) {
		await new Promise(resolve => setTimeout(resolve, 150));
		project.write("value.js", `export const value = ${restart};\n`);
		await app.waitFor(new RegExp(`listening port=${port} value=${restart}`));
	}
	await new Promise(resolve => setTimeout(resolve, 300));
	stop = true;
	await Promise.all(loops);
	assert.deepEqual(failures, [], app.output());
	assert.ok(servedBy.size >= 6, `served by ${[...servedBy].join(", ")}`);
	assert.ok(served > 50, `${served} requests`);
	assert.equal(count(app, /^\[hot\] restarting: value\.js changed/), 5, app.output());
});

/** A port nothing listens on now (the inspector needs a fixed one to compare). */
async function freePort() {
	const { createServer } = await import("node:net");
	const probe = createServer();
	await new Promise(resolve => probe.listen(0, "127.0.0.1", () => resolve(undefined)));
	const { port } = /** @type {import("node:net").AddressInfo} */ (probe.address());
	await new Promise(resolve => probe.close(resolve));
	return port;
}

for (const app of /** @type {const} */ (["server", "script"])) {
	test(`--inspect keeps its port across a restart (${app === "server" ? "a server: the processes overlap" : "no socket: stop, then start"})`, async t => {
		const files =
			app === "server"
				? { "main.js": server(), "value.js": "export const value = 0;\n" }
				: { "main.js": 'import { value } from "./value.js";\nconsole.log(`value=${value} pid=${process.pid}`);\nsetInterval(() => {}, 1000);\n', "value.js": "export const value = 0;\n" };
		const { project, dynohot } = setup(t, files);
		const port = await freePort();
		const supervisor = dynohot([`--inspect=127.0.0.1:${port}`, "main.js"]);
		const debuggers = () => count(supervisor, new RegExp(`^Debugger listening on ws://127\\.0\\.0\\.1:${port}/`));
		const [, first] = /** @type {RegExpExecArray} */ (await supervisor.waitFor(/value=0 pid=(\d+)/));
		project.write("value.js", "export const value = 1;\n");
		const [, second] = /** @type {RegExpExecArray} */ (await supervisor.waitFor(/value=1 pid=(\d+)/));
		assert.notEqual(second, first);
		await until(() => debuggers() === 2, "the new process's inspector");
		const inspected = await fetch(`http://127.0.0.1:${port}/json/list`).then(response => response.json());
		assert.match(JSON.stringify(inspected), new RegExp(`main\\.js|node`), JSON.stringify(inspected));
		assert.ok(!alive(Number(first)), "the old process is gone");
		assert.doesNotMatch(supervisor.text("stderr"), /address already in use|Starting inspector.*failed/i, supervisor.output());
	});
}

for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) {
	test(`${signal} stops the app, then the supervisor, promptly, leaving no process behind`, async t => {
		const { dynohot } = setup(t, { "main.js": server(), "value.js": "export const value = 0;\n" });
		const supervisor = dynohot(["main.js"]);
		const [, , pid] = /** @type {RegExpExecArray} */ (await supervisor.waitFor(/listening port=(\d+) value=0 pid=(\d+)/));
		const started = Date.now();
		supervisor.child.kill(signal);
		const exit = await supervisor.waitForExit(5000);
		assert.equal(exit.signal, signal, supervisor.output());
		assert.ok(Date.now() - started < 3000, `took ${Date.now() - started}ms`);
		assert.ok(!alive(Number(pid)), "the app's process is gone");
	});
}

test("a supervisor killed outright leaves no app process behind (its IPC channel closes)", async t => {
	const { dynohot } = setup(t, { "main.js": server(), "value.js": "export const value = 0;\n" });
	const supervisor = dynohot(["main.js"]);
	const [, , pid] = /** @type {RegExpExecArray} */ (await supervisor.waitFor(/listening port=(\d+) value=0 pid=(\d+)/));
	supervisor.child.kill("SIGKILL");
	await supervisor.waitForExit(5000);
	await until(() => !alive(Number(pid)), "the app's process to exit");
});

test("--json: one JSON object per event on stderr, every one parses", async t => {
	const { project, dynohot } = setup(t, {
		"main.js": 'import { value } from "./value.js";\nimport "./self.js";\nconsole.log(`value=${value} pid=${process.pid}`);\nsetInterval(() => {}, 1000);\n',
		"value.js": "export const value = 0;\n",
		"self.js": "export const x = 0;\nimport.meta.hot?.accept();\n",
	});
	const supervisor = dynohot(["--json", "main.js"]);
	const events = () => supervisor.lines.filter(line => line.stream === "stderr").map(line => JSON.parse(line.text));
	const has = (/** @type {(event: any) => boolean} */ predicate) => events().filter(predicate).length;
	await until(() => has(event => event.event === "start") === 1, "the start event");
	await supervisor.waitFor(/value=0 pid=/);
	project.write("self.js", "export const x = 1;\nimport.meta.hot?.accept();\n");
	await until(() => has(event => event.event === "update") === 1, "the update event");
	project.write("value.js", "export const value = 1;\n");
	await supervisor.waitFor(/value=1 pid=/);
	await until(() => has(event => event.event === "start") === 2, "the second start event");
	const all = events();
	const kinds = all.map(event => event.event);
	assert.deepEqual(kinds, ["start", "update", "update", "restart", "start"], supervisor.output());
	assert.equal(all[1].applied, true);
	assert.deepEqual({ applied: all[2].applied, reason: all[2].reason }, { applied: false, reason: "unaccepted" });
	assert.equal(all[3].reason, "unaccepted");
	assert.deepEqual(all[3].files, ["value.js"]);
	assert.match(all[3].why, /value\.js changed and no module accepts the update: it reached the entry main\.js/);
	assert.notEqual(all[4].pid, all[0].pid);
	// The runtime's own [hot] text is left out: stderr holds events only (and the app's output).
	assert.doesNotMatch(supervisor.text("stderr"), /^\[hot\]/m);
});

test("rs + Enter restarts; other input reaches the app; SIGHUP restarts", async t => {
	const { dynohot } = setup(t, {
		"main.js": 'process.stdin.on("data", data => console.log(`app got ${String(data).trim()}`));\nconsole.log(`started pid=${process.pid}`);\n',
	});
	const supervisor = dynohot(["main.js"], { stdin: "pipe" });
	const [, first] = /** @type {RegExpExecArray} */ (await supervisor.waitFor(/started pid=(\d+)/));
	supervisor.child.stdin?.write("hello\n");
	await supervisor.waitFor("app got hello");
	supervisor.child.stdin?.write("rs\n");
	await supervisor.waitFor("[hot] restarting: rs typed");
	const [, second] = /** @type {RegExpExecArray} */ (await supervisor.waitFor(/started pid=(\d+)/));
	assert.notEqual(second, first);
	supervisor.child.kill("SIGHUP");
	await supervisor.waitFor("[hot] restarting: SIGHUP received");
	await supervisor.waitFor(/started pid=(\d+)/);
	assert.equal(count(supervisor, /app got rs/), 0);
});

test("exit codes: an app that exits 0 ends the command with 0; --watch-exit waits; --no-restart passes a crash's code on", async t => {
	const { project, dynohot } = setup(t, { "main.js": "console.log('done');\n", "fail.js": "process.exitCode = 3;\n" });
	const done = dynohot(["main.js"]);
	assert.deepEqual(await done.waitForExit(), { code: 0, signal: null }, done.output());
	const failed = dynohot(["--no-restart", "fail.js"]);
	assert.deepEqual(await failed.waitForExit(), { code: 3, signal: null }, failed.output());
	assert.match(failed.text("stderr"), /^\[hot\] the app exited \(exit code 3\)$/m);
	const waiting = dynohot(["--watch-exit", "main.js"]);
	await waiting.waitFor("[hot] the app exited (code 0)");
	await waiting.waitFor("[hot] waiting for a change");
	project.write("main.js", "console.log('done again');\n");
	await waiting.waitFor("done again");
});

test("bad options fail like node's (exit code 9); --help documents every option", async t => {
	const { dynohot } = setup(t, { "main.js": "" });
	const bad = dynohot(["--frobnicate", "main.js"]);
	assert.deepEqual(await bad.waitForExit(), { code: 9, signal: null });
	assert.match(bad.text("stderr"), /^dynohot: bad option: --frobnicate$/m);
	const watch = dynohot(["--watch", "main.js"]);
	assert.deepEqual(await watch.waitForExit(), { code: 9, signal: null });
	assert.match(watch.text("stderr"), /--watch cannot be used with dynohot/);
	const help = dynohot(["--help"]);
	assert.deepEqual(await help.waitForExit(), { code: 0, signal: null });
	for (const option of ["--restart-on", "--ignore", "--no-restart", "--kill-timeout", "--watch-exit", "--clear", "--quiet", "--json", "--help"]) {
		assert.match(help.text("stdout"), new RegExp(`^  (-\\w, )?${option} `, "m"), option);
	}
});

test("a new process that crashes while starting leaves the old one serving; the fix restarts", async t => {
	const { project, dynohot } = setup(t, { "main.js": server(), "value.js": "export const value = 0;\n" });
	const supervisor = dynohot(["main.js"]);
	const [, port, pid] = /** @type {RegExpExecArray} */ (await supervisor.waitFor(/listening port=(\d+) value=0 pid=(\d+)/));
	project.write("value.js", "export const value = 1;\nthrow new Error('broken at startup');\n");
	await supervisor.waitFor(/^\[hot\] the new process did not start: the app crashed \(exit code 1\) on an error thrown while its modules evaluated: Error: broken at startup \(at .*value\.js:2:7\)\)?; the previous one \(pid \d+\) keeps running$/);
	await supervisor.waitFor("[hot] waiting for a change");
	const body = await fetch(`http://127.0.0.1:${port}/`, { headers: { connection: "close" } }).then(response => response.text());
	assert.equal(body, `value=0 pid=${pid}`);
	project.write("value.js", "export const value = 2;\n");
	await supervisor.waitFor(new RegExp(`listening port=${port} value=2`));
	await until(() => !alive(Number(pid)), "the old process to be stopped");
});

test("--restart-on and --ignore", async t => {
	const { project, dynohot } = setup(t, {
		"main.js": "console.log(`started pid=${process.pid}`);\nsetInterval(() => {}, 1000);\n",
		"config/app.yaml": "a: 1\n",
		".env.local": "A=1\n",
	});
	const supervisor = dynohot(["--restart-on", "config/**/*.yaml", "--ignore", ".env.local", "main.js"]);
	await supervisor.waitFor(/started pid=/);
	project.write(".env.local", "A=2\n");
	project.write("config/app.yaml", "a: 2\n");
	await supervisor.waitFor("[hot] restarting: config/app.yaml changed (--restart-on config/**/*.yaml)");
	await supervisor.waitFor(/started pid=/);
	assert.equal(count(supervisor, /restarting/), 1, supervisor.output());
});

test("update outcomes come as structured events: a syntax error waits for the fix (no restart), a dispose handler that throws restarts (fatal)", async t => {
	const { project, dynohot } = setup(t, {
		"main.js": 'import { value } from "./value.js";\nimport "./self.js";\nconsole.log(`value=${value} pid=${process.pid}`);\nsetInterval(() => {}, 1000);\n',
		"value.js": "export const value = 0;\n",
		"self.js": "export const x = 0;\nimport.meta.hot?.accept();\n",
	});
	const supervisor = dynohot(["--json", "main.js"]);
	const events = () => supervisor.lines.filter(line => line.stream === "stderr" && line.text.startsWith("{")).map(line => JSON.parse(line.text));
	const updates = () => events().filter(event => event.event === "update");
	const [, pid] = /** @type {RegExpExecArray} */ (await supervisor.waitFor(/value=0 pid=(\d+)/));
	project.write("self.js", "export const x = ;\nimport.meta.hot?.accept();\n");
	await until(() => updates().length === 1, "the syntax error's update event");
	assert.deepEqual(
		{ ...updates()[0], message: undefined, time: undefined },
		{ event: "update", applied: false, reason: "syntaxError", module: "self.js", message: undefined, time: undefined },
	);
	assert.match(updates()[0].message, /^Error in module '.*self\.js/);
	project.write("self.js", "export const x = 1;\nimport.meta.hot?.accept();\n");
	await until(() => updates().length === 2, "the fix's update event");
	assert.equal(updates()[1].applied, true, supervisor.output());
	assert.equal(events().filter(event => event.event === "restart").length, 0, supervisor.output());
	// A dispose handler that throws leaves the module half torn down: only a restart helps.
	project.write("self.js", 'export const x = 2;\nimport.meta.hot?.accept();\nimport.meta.hot?.dispose(() => { throw new Error("dispose failed"); });\n');
	await until(() => updates().length === 3, "the update that installs the handler");
	project.write("self.js", "export const x = 3;\nimport.meta.hot?.accept();\n");
	await until(() => events().some(event => event.event === "restart"), "the restart");
	const restart = events().find(event => event.event === "restart");
	assert.equal(restart.reason, "fatal", supervisor.output());
	assert.match(restart.why, /a dispose or prune handler threw/);
	const handler = updates().find(event => event.reason === "handlerError");
	assert.equal(handler?.module, "self.js", supervisor.output());
	assert.match(handler?.message ?? "", /during dispose/, supervisor.output());
	const [, second] = /** @type {RegExpExecArray} */ (await supervisor.waitFor(/value=0 pid=(\d+)/));
	assert.notEqual(second, pid);
});

test("tsconfig.json, a .env.* file and an --env-file of another name restart the app, each saying why", async t => {
	const { project, dynohot } = setup(t, {
		"tsconfig.json": '{ "compilerOptions": { "strict": true } }\n',
		".env.local": "A=1\n",
		"config/app.settings": "GREETING=hello\n",
		"main.js": "console.log(`greeting=${process.env.GREETING} pid=${process.pid}`);\nsetInterval(() => {}, 1000);\n",
	});
	const supervisor = dynohot(["--env-file", "config/app.settings", "main.js"]);
	await supervisor.waitFor(/greeting=hello pid=/);
	project.write("tsconfig.json", '{ "compilerOptions": { "strict": false } }\n');
	await supervisor.waitFor("[hot] restarting: tsconfig.json changed (TypeScript's configuration)");
	await supervisor.waitFor(/greeting=hello pid=/);
	project.write(".env.local", "A=2\n");
	await supervisor.waitFor("[hot] restarting: .env.local changed (an environment file)");
	await supervisor.waitFor(/greeting=hello pid=/);
	project.write("config/app.settings", "GREETING=howdy\n");
	await supervisor.waitFor("[hot] restarting: config/app.settings changed (an environment file)");
	await supervisor.waitFor(/greeting=howdy pid=/);
	assert.equal(count(supervisor, /^\[hot\] restarting/), 3, supervisor.output());
});

test("a restart lets an in-flight request finish on the old process, which stops once it is answered", async t => {
	const { project, dynohot } = setup(t, {
		"main.js": `import { createServer } from "node:http";
import { value } from "./value.js";
const server = createServer((request, response) => {
	if (request.url !== "/slow") return response.end(\`value=\${value} pid=\${process.pid}\`);
	console.log(\`slow request pid=\${process.pid}\`);
	// Answered only once this process stopped listening (the graceful stop began), a while after.
	const poll = setInterval(() => {
		if (server.listening) return;
		clearInterval(poll);
		setTimeout(() => response.end(\`slow value=\${value} pid=\${process.pid} stopping\`), 300);
	}, 20);
});
server.listen(0, "127.0.0.1", () => console.log(\`listening port=\${server.address().port} value=\${value} pid=\${process.pid}\`));
`,
		"value.js": "export const value = 0;\n",
	});
	const supervisor = dynohot(["main.js"]);
	const [, port, first] = /** @type {RegExpExecArray} */ (await supervisor.waitFor(/listening port=(\d+) value=0 pid=(\d+)/));
	const slow = fetch(`http://127.0.0.1:${port}/slow`).then(response => response.text());
	await supervisor.waitFor(`slow request pid=${first}`);
	project.write("value.js", "export const value = 1;\n");
	await supervisor.waitFor(new RegExp(`listening port=${port} value=1 pid=(\\d+)`));
	assert.equal(await slow, `slow value=0 pid=${first} stopping`);
	await until(() => !alive(Number(first)), "the old process to finish");
});

test("--kill-timeout: a process that ignores SIGTERM is killed after it", async t => {
	const { project, dynohot } = setup(t, {
		"main.js": `import { value } from "./value.js";
console.log(\`value=\${value} pid=\${process.pid}\`);
// Ignores SIGTERM: only SIGKILL stops it (its timer would print if it lived 3 s on).
process.on("SIGTERM", () => setTimeout(() => console.log(\`still alive pid=\${process.pid}\`), 3000));
setInterval(() => {}, 1000);
`,
		"value.js": "export const value = 0;\n",
	});
	const supervisor = dynohot(["--kill-timeout", "300ms", "main.js"]);
	const [, first] = /** @type {RegExpExecArray} */ (await supervisor.waitFor(/value=0 pid=(\d+)/));
	project.write("value.js", "export const value = 1;\n");
	await supervisor.waitFor(/value=1 pid=/);
	await until(() => !alive(Number(first)), "the process that ignores SIGTERM to be killed", 2500);
	await new Promise(resolve => setTimeout(resolve, 3500));
	assert.equal(count(supervisor, /still alive/), 0, supervisor.output());
});

test("after a crash, rs + Enter starts the app again without a change", async t => {
	const { dynohot } = setup(t, {
		"main.js": "console.log(`started pid=${process.pid}`);\nif (process.env.CRASH !== undefined) setTimeout(() => { throw new Error('boom'); }, 10);\nelse setInterval(() => {}, 1000);\n",
	});
	const supervisor = dynohot(["main.js"], { stdin: "pipe", env: { CRASH: "1" } });
	await supervisor.waitFor(/started pid=/);
	await supervisor.waitFor(/^\[hot\] the app crashed \(exit code 1\) on an uncaught exception: Error: boom/);
	await supervisor.waitFor("[hot] waiting for a change to restart (or type rs and Enter)");
	supervisor.child.stdin?.write("rs\n");
	await supervisor.waitFor("[hot] restarting: rs typed");
	await supervisor.waitFor(/started pid=/);
	await supervisor.waitFor(/^\[hot\] the app crashed/);
	assert.equal(count(supervisor, /started pid=/), 2, supervisor.output());
});

test("damping: a burst of saves restarts once, and the new process runs the last one", async t => {
	const { project, dynohot } = setup(t, {
		"main.js": 'import { value } from "./value.js";\nconsole.log(`value=${value} pid=${process.pid}`);\nsetInterval(() => {}, 1000);\n',
		"value.js": "export const value = 0;\n",
	});
	const supervisor = dynohot(["main.js"]);
	await supervisor.waitFor(/value=0 pid=/);
	for (let value = 1; value <= 5; value++) project.write("value.js", `export const value = ${value};\n`);
	await supervisor.waitFor(/value=5 pid=/);
	for (let version = 1; version <= 5; version++) project.write("package.json", JSON.stringify({ type: "module", private: true, version: `0.0.${version}` }));
	await supervisor.waitFor("[hot] restarting: package.json changed (package.json)");
	await supervisor.waitFor(/value=5 pid=/);
	// Late events of either burst would show up as another restart within this time.
	await new Promise(resolve => setTimeout(resolve, 1500));
	assert.equal(count(supervisor, /^\[hot\] restarting/), 2, supervisor.output());
	assert.equal(count(supervisor, /^value=/), 3, supervisor.output());
});

test("damping: a save made while a restart is under way, before the new process starts, does not restart it again", async t => {
	const { project, dynohot } = setup(t, {
		// Takes a second to stop (its own SIGTERM handler), so the second save comes mid-restart.
		"main.js": 'console.log(`started pid=${process.pid}`);\nprocess.on("SIGTERM", () => setTimeout(() => process.exit(0), 1000));\nsetInterval(() => {}, 1000);\n',
	});
	const supervisor = dynohot(["main.js"]);
	await supervisor.waitFor(/started pid=/);
	project.write("package.json", JSON.stringify({ type: "module", private: true, version: "0.0.1" }));
	await supervisor.waitFor("[hot] restarting: package.json changed (package.json)");
	await new Promise(resolve => setTimeout(resolve, 300));
	project.write("package.json", JSON.stringify({ type: "module", private: true, version: "0.0.2" }));
	await supervisor.waitFor(/started pid=/);
	await new Promise(resolve => setTimeout(resolve, 1500));
	assert.equal(count(supervisor, /^\[hot\] restarting/), 1, supervisor.output());
	// A save after the new process started still restarts it.
	project.write("package.json", JSON.stringify({ type: "module", private: true, version: "0.0.3" }));
	await supervisor.waitFor("[hot] restarting: package.json changed (package.json)");
	await supervisor.waitFor(/started pid=/);
});

test("--quiet: an applied update prints nothing; an update that could not apply, and a restart's reason, still print", async t => {
	const { project, dynohot } = setup(t, {
		"main.js": 'import { value } from "./value.js";\nimport "./self.js";\nconsole.log(`value=${value} pid=${process.pid}`);\nsetInterval(() => {}, 1000);\n',
		"value.js": "export const value = 0;\n",
		"self.js": "export const x = 0;\nimport.meta.hot?.accept();\nconsole.log(`self x=${x}`);\n",
	});
	const supervisor = dynohot(["--quiet", "main.js"]);
	await supervisor.waitFor(/value=0 pid=/);
	project.write("self.js", "export const x = 1;\nimport.meta.hot?.accept();\nconsole.log(`self x=${x}`);\n");
	await supervisor.waitFor("self x=1");
	project.write("self.js", "export const x = ;\n");
	await supervisor.waitFor(/^\[hot\] Error in module '.*self\.js'/);
	assert.equal(count(supervisor, /^\[hot\] Loaded/), 0, supervisor.output());
	project.write("value.js", "export const value = 1;\n");
	await supervisor.waitFor("[hot] restarting: value.js changed and no module accepts the update: it reached the entry main.js");
	// The runtime's own tree for the unaccepted update is left out: one line says it.
	assert.equal(count(supervisor, /A pending update was not accepted/), 0, supervisor.output());
});
