// Edit to served, and what a restart costs the clients: the `dynohot` command against nodemon,
// `node --watch` and plain `node --import dynohot`, on the same node:http app, under a bounded
// load loop (4 clients: 3 opening a connection per request, 1 keeping its connection alive; a
// client whose request failed waits 10 ms before the next one, so the failure counts say how
// long the app could not be reached, not how fast a client can spin).
// - route edit: routes.js changes (hot for dynohot, which accepts it; a restart for the others);
//   the time from the write to the first response with the new text;
// - unaccepted edit: config.js changes, which no module accepts (a restart for all but plain
//   `--import dynohot`, which says it cannot apply it); the time from the write to the first
//   response with the new value;
// - restart edit: package.json changes (a restart for the command and nodemon; `node --watch`
//   and plain `--import dynohot` do not restart on it); the time from the write to the first
//   response from a new process.
// Rounds interleave the tools (a new order each round); medians over every edit of every round.
// `node bench/restart.mjs [rounds]` runs it alone.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { dynohot } from "./package.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const nodemon = join(root, "node_modules/.bin/nodemon");
const routeEdits = 3;
const unacceptedEdits = 2;
const restartEdits = 2;
/** After an edit is served, the load loop goes on this long before the next edit (failures still count). */
const settleMs = 400;
/** The most an edit may take to be served. */
const boundMs = 15_000;

/**
 * @typedef {{ name: string, command: (node: string, dir: string) => string[], restartsOnPackageJson: boolean, restarts: boolean }} Tool
 * @typedef {{ route: number[], routeFailed: number[], unaccepted: number[], unacceptedFailed: number[], restart: number[], restartFailed: number[] }} Samples
 */

/** @type {Tool[]} */
const tools = [
	{ name: "dynohot (the command)", command: node => [node, join(dynohot(), "bin/dynohot.mjs"), "--quiet", "main.js"], restartsOnPackageJson: true, restarts: true },
	{ name: "node --import dynohot", command: node => [node, "--import", join(dynohot(), "loader.mjs"), "main.js"], restartsOnPackageJson: false, restarts: false },
	{ name: "nodemon", command: node => [process.execPath, nodemon, "--quiet", "--exec", node, "main.js"], restartsOnPackageJson: true, restarts: true },
	{ name: "node --watch", command: node => [node, "--watch", "main.js"], restartsOnPackageJson: false, restarts: true },
];

const app = {
	"package.json": '{ "type": "module", "private": true }\n',
	"main.js": `import { createServer } from "node:http";
import { config } from "./config.js";
import { handle } from "./routes.js";
import.meta.hot?.accept("./routes.js");
createServer((request, response) => handle(request, response, config)).listen(Number(process.env.PORT), "127.0.0.1");
`,
	"routes.js": route(0),
	"config.js": "export const config = 0;\n",
};

/** @param {number} version */
function route(version) {
	return `export function handle(request, response, config) {\n\tresponse.end(\`route=${version} config=\${config} pid=\${process.pid}\`);\n}\n`;
}

async function freePort() {
	const probe = createServer();
	await new Promise(resolve => probe.listen(0, "127.0.0.1", () => resolve(undefined)));
	const { port } = /** @type {import("node:net").AddressInfo} */ (probe.address());
	await new Promise(resolve => probe.close(resolve));
	return port;
}

/**
 * Clients requesting in a loop until stopped; `seen` gets every body (with when it came),
 * `failed` counts errors (refused, reset, timed out).
 * @param {number} port
 */
function loadLoop(port) {
	/** @type {{ stop: boolean, failed: number, seen: (body: string, at: number) => void }} */
	const state = { stop: false, failed: 0, seen: () => {} };
	/** @param {boolean} keepAlive */
	const client = async keepAlive => {
		const agent = keepAlive ? new Agent({ keepAlive: true }) : false;
		while (!state.stop) {
			const ok = await new Promise(resolve => {
				const req = request({ host: "127.0.0.1", port, path: "/", agent, timeout: 2000, headers: keepAlive ? {} : { connection: "close" } }, response => {
					let body = "";
					response.setEncoding("utf8");
					response.on("data", chunk => (body += chunk));
					response.on("end", () => {
						state.seen(body, performance.now());
						resolve(true);
					});
					response.on("error", () => resolve(false));
				});
				req.on("timeout", () => req.destroy(new Error("timed out")));
				req.on("error", () => resolve(false));
				req.end();
			});
			if (!ok) {
				state.failed++;
				await new Promise(resolve => setTimeout(resolve, 10));
			}
		}
		if (agent) agent.destroy();
	};
	const clients = [client(false), client(false), client(false), client(true)];
	return Object.assign(state, { done: () => ((state.stop = true), Promise.all(clients)) });
}

/**
 * Resolves with the time of the first body that `test` accepts, or undefined after `bound` ms.
 * @param {ReturnType<typeof loadLoop>} load
 * @param {(body: string) => boolean} test
 * @param {number} bound
 * @returns {Promise<number | undefined>}
 */
function firstBody(load, test, bound) {
	return new Promise(resolve => {
		const timer = setTimeout(() => resolve(undefined), bound);
		load.seen = (body, at) => {
			if (!test(body)) return;
			clearTimeout(timer);
			load.seen = () => {};
			resolve(at);
		};
	});
}

/**
 * One tool, started fresh: route edits, then restart edits, under the load loop.
 * @param {Tool} tool
 * @param {string} node
 * @param {Samples} samples
 */
async function measure(tool, node, samples) {
	const dir = mkdtempSync(join(tmpdir(), "dynohot-bench-restart-"));
	for (const [name, content] of Object.entries(app)) writeFileSync(join(dir, name), content);
	const port = await freePort();
	const [command, ...args] = tool.command(node, dir);
	const child = spawn(/** @type {string} */ (command), args, {
		cwd: dir,
		env: { ...process.env, PORT: String(port), NODE_OPTIONS: "" },
		stdio: ["ignore", "ignore", "ignore"],
		detached: true,
	});
	const load = loadLoop(port);
	try {
		if ((await firstBody(load, body => body.startsWith("route=0"), boundMs)) === undefined) throw new Error(`${tool.name} did not start`);
		await new Promise(resolve => setTimeout(resolve, 500));
		for (let edit = 1; edit <= routeEdits; edit++) {
			load.failed = 0;
			const served = firstBody(load, body => body.startsWith(`route=${edit} `), boundMs);
			const start = performance.now();
			writeFileSync(join(dir, "routes.js"), route(edit));
			const at = await served;
			if (at === undefined) throw new Error(`${tool.name}: route edit ${edit} not served`);
			await new Promise(resolve => setTimeout(resolve, settleMs));
			samples.route.push(at - start);
			samples.routeFailed.push(load.failed);
		}
		if (tool.restarts) {
			for (let edit = 1; edit <= unacceptedEdits; edit++) {
				load.failed = 0;
				const served = firstBody(load, body => body.includes(` config=${edit} `), boundMs);
				const start = performance.now();
				writeFileSync(join(dir, "config.js"), `export const config = ${edit};\n`);
				const at = await served;
				if (at === undefined) throw new Error(`${tool.name}: unaccepted edit ${edit} not served`);
				await new Promise(resolve => setTimeout(resolve, settleMs));
				samples.unaccepted.push(at - start);
				samples.unacceptedFailed.push(load.failed);
			}
		}
		if (!tool.restartsOnPackageJson) return;
		for (let edit = 1; edit <= restartEdits; edit++) {
			const before = await new Promise(resolve => (load.seen = (/** @type {string} */ body) => resolve(/pid=(\d+)/.exec(body)?.[1])));
			load.failed = 0;
			const served = firstBody(load, body => !body.endsWith(`pid=${before}`), boundMs);
			const start = performance.now();
			writeFileSync(join(dir, "package.json"), `{ "type": "module", "private": true, "version": "0.0.${edit}" }\n`);
			const at = await served;
			if (at === undefined) throw new Error(`${tool.name}: restart ${edit} not served`);
			await new Promise(resolve => setTimeout(resolve, settleMs));
			samples.restart.push(at - start);
			samples.restartFailed.push(load.failed);
		}
	} finally {
		await load.done();
		const exited = new Promise(resolve => child.once("exit", resolve));
		try {
			process.kill(-(/** @type {number} */ (child.pid)), "SIGINT");
		} catch {}
		const timer = setTimeout(() => {
			try {
				process.kill(-(/** @type {number} */ (child.pid)), "SIGKILL");
			} catch {}
		}, 5000);
		await exited;
		clearTimeout(timer);
		rmSync(dir, { recursive: true, force: true });
	}
}

/** @param {number[]} values */
function median(values) {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? /** @type {number} */ (sorted[middle]) : (/** @type {number} */ (sorted[middle - 1]) + /** @type {number} */ (sorted[middle])) / 2;
}

/**
 * @param {{ name: string, node: string }[]} nodes
 * @param {number} [rounds]
 */
export async function run(nodes, rounds = 3) {
	const lines = [
		`${rounds} interleaved rounds; each round starts every tool afresh, makes ${routeEdits} route edits, ${unacceptedEdits} edits no module accepts and (where it restarts on it) ${restartEdits} package.json edits. Medians of the times; failed requests: median per edit, and the total, from the write until ${settleMs} ms after the edit was served. In parentheses, how many times the command's time.`,
		"",
		"| Node | tool | route edit → new response | failed requests (median, total) | unaccepted edit → new response (a restart) | failed requests | package.json edit → served by the new process | failed requests |",
		"| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
	];
	for (const { name, node } of nodes) {
		/** @type {Map<Tool, Samples>} */
		const results = new Map(tools.map(tool => [tool, { route: [], routeFailed: [], unaccepted: [], unacceptedFailed: [], restart: [], restartFailed: [] }]));
		for (let round = 0; round < rounds; round++) {
			const order = tools.map((_, index) => /** @type {Tool} */ (tools[(index + round) % tools.length]));
			for (const tool of order) {
				try {
					await measure(tool, node, /** @type {Samples} */ (results.get(tool)));
				} catch (error) {
					console.error(String(error));
				}
			}
		}
		const ours = /** @type {Samples} */ (results.get(/** @type {Tool} */ (tools[0])));
		const ms = (/** @type {number[]} */ values, /** @type {number[]} */ base) => {
			const value = median(values);
			if (Number.isNaN(value)) return "—";
			const ratio = values === base ? "" : ` (${(value / median(base)).toFixed(value / median(base) >= 10 ? 0 : 1)}x)`;
			return `${value.toFixed(value < 100 ? 1 : 0)} ms${ratio}`;
		};
		const failures = (/** @type {number[]} */ values) => (values.length === 0 ? "—" : `${median(values)}, ${values.reduce((a, b) => a + b, 0)}`);
		for (const [tool, samples] of results) {
			const restart = tool.restartsOnPackageJson ? ms(samples.restart, ours.restart) : "does not restart";
			const unaccepted = tool.restarts ? ms(samples.unaccepted, ours.unaccepted) : "not applied (no restart)";
			lines.push(
				`| ${name} | ${tool.name} | ${ms(samples.route, ours.route)} | ${failures(samples.routeFailed)} | ${unaccepted} | ${tool.restarts ? failures(samples.unacceptedFailed) : "—"} | ${restart} | ${tool.restartsOnPackageJson ? failures(samples.restartFailed) : "—"} |`,
			);
		}
	}
	return lines.join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const rounds = Number(process.argv[2] ?? 3);
	console.log(await run([{ name: process.version, node: process.execPath }], rounds));
}
