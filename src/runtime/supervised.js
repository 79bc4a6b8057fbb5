// The child side of the `dynohot` command (src/cli/): the supervisor starts the app with
// `--import <this file> --import dynohot`, as a `cluster` worker, and this module tells it over
// Node's IPC channel what it cannot see from outside:
// - every update outcome: the runtime's structured outcome events (`supervision.onOutcome`);
// - the files of the module graph (what the runtime watches) and the CommonJS/JSON files loaded
//   through `require` (they cannot be hot: a change restarts);
// - an uncaught exception or unhandled rejection, before Node prints it and exits;
// - when the program's entry finished evaluating ("started").
// It also does the graceful stop the supervisor asks for with SIGTERM (unless the app handles
// SIGTERM itself), and opens the inspector when told to (a restarted process binds the debugger
// port only once the previous process released it).
// Messages are `{ dynohot: { type, ... } }`; anything else on the channel is the app's own.
import cluster from "node:cluster";
import diagnosticsChannel from "node:diagnostics_channel";
import inspector from "node:inspector";
import { createRequire } from "node:module";
import { EOL } from "node:os";
import * as path from "node:path";
import { format } from "node:util";
import { configure, supervision } from "./index.js";
import { relative } from "./messages.js";

/**
 * @typedef {import("./controller.js").ModuleController} ModuleController
 * @typedef {{ type: string, [key: string]: unknown }} Report
 */

const query = new URL(import.meta.url).searchParams;
// The supervisor prints instead (`--quiet`, `--json`): the runtime's text would be noise there.
if (query.get("silent") === "1") configure({ silent: true });

const require = createRequire(import.meta.url);
const nodeModules = `${path.sep}node_modules${path.sep}`;

/** @param {Report} report */
function send(report) {
	if (process.connected && process.send !== undefined) process.send({ dynohot: report }, undefined, {}, () => {});
}

// --- The module graph --------------------------------------------------------------------------

let lastGraph = "";

/** The files the runtime watches (the module graph), and CommonJS/JSON files `require` loaded. */
function graph() {
	const files = supervision.watchedFiles().sort();
	const commonjs = Object.keys(require.cache)
		.filter(file => path.isAbsolute(file) && !file.includes(nodeModules))
		.sort();
	return { files, commonjs };
}

function sendGraph() {
	try {
		const { files, commonjs } = graph();
		const signature = `${files.join("\n")}\0${commonjs.join("\n")}`;
		if (signature === lastGraph) return;
		lastGraph = signature;
		send({ type: "graph", files, commonjs });
	} catch {
		// The runtime's shape changed: the supervisor then restarts on files it sees itself.
	}
}

// Dynamic imports and lazy `require` calls join the graph at any time: look again now and then
// (cheap: one key list), without keeping the process alive.
setInterval(sendGraph, 1000).unref();

/** @type {Map<ModuleController, unknown>} each controller's running instance after the last update */
let snapshot = new Map();
function takeSnapshot() {
	snapshot = supervision.runningInstances();
}

/** @type {unknown} what the program's first evaluation threw (Node reports it as a rejection) */
let startupError;
supervision.onStarted(error => {
	if (error !== undefined) {
		startupError = error;
		return;
	}
	takeSnapshot();
	sendGraph();
	send({ type: "started" });
});

// --- Update outcomes ---------------------------------------------------------------------------
// The runtime's structured outcome events (messages.js `Outcome`), sent with the text logged for
// them (for `--json` and `--quiet`) and module paths relative to the working directory.

supervision.onOutcome((outcome, lines) => {
	const text = lines.map(([message, params]) => format(message, ...params)).join(EOL);
	/** @type {Report} */
	const report = { type: "update", outcome: outcome.kind, text };
	switch (outcome.kind) {
		case "applied":
			report.notRerun = notRerun();
			break;
		case "unaccepted":
			report.edited = outcome.edited.map(relative);
			report.entry = outcome.entry.map(relative);
			break;
		case "declined":
			report.modules = outcome.modules.map(relative);
			break;
		case "syntaxError":
		case "loadError":
		case "handlerError":
		case "handlerTimeout":
			report.module = relative(outcome.url);
			break;
	}
	// What ran before a failure counts as the state the next applied update is compared with.
	if (outcome.kind !== "applied" && "stats" in outcome) takeSnapshot();
	send(report);
	sendGraph();
});

/**
 * After an applied update: importers of a re-run module that were not re-run themselves (they,
 * or the module, accept it), so what they computed from it when they ran is unchanged. The
 * answer to "why isn't my change live?".
 * @returns {{ module: string, importer: string, acceptedBy: string }[]}
 */
function notRerun() {
	/** @type {{ module: string, importer: string, acceptedBy: string }[]} */
	const found = [];
	try {
		const before = snapshot;
		takeSnapshot();
		for (const [controller, current] of snapshot) {
			if (current === undefined || before.get(controller) === current || !before.has(controller)) continue;
			const selfAccepts = /** @type {{ hot?: { selfAccept?: unknown } }} */ (current).hot?.selfAccept !== undefined;
			for (const importer of controller.importers) {
				if (importer.current === undefined || before.get(importer) !== importer.current) continue;
				// Only an importer that reads values from it (not `import "./x.js"`, not a re-export).
				const requests = /** @type {{ declaration: import("./declaration.js").Declaration }} */ (/** @type {unknown} */ (importer.current)).declaration.requests;
				const reads = requests.some(
					request => request.controller() === controller && request.bindings.some(binding => binding.type === "import" || binding.type === "importStar"),
				);
				if (!reads) continue;
				found.push({
					module: relative(controller.url),
					importer: relative(importer.url),
					acceptedBy: relative(selfAccepts ? controller.url : importer.url),
				});
			}
		}
	} catch {
		// The runtime's shape changed: no hint rather than a wrong one.
	}
	return found;
}

// --- Crashes -----------------------------------------------------------------------------------

process.on("uncaughtExceptionMonitor", (error, origin) => {
	// An app with its own handler keeps running: not a crash.
	if (process.listenerCount("uncaughtException") > 0) return;
	sendGraph();
	const described =
		error instanceof Error
			? { name: error.name, message: error.message, stack: String(error.stack ?? "") }
			: { name: typeof error, message: format("%O", error), stack: "" };
	send({ type: "crash", origin: error === startupError && error !== undefined ? "evaluation" : origin, error: described });
});

// --- Graceful stop -----------------------------------------------------------------------------
// Stopping closes this process's listening sockets (the supervisor keeps them open for the next
// process) and lets every HTTP connection end cleanly. Node's `server.close()` (called by
// `cluster`'s disconnect) also destroys the connections that have no request in progress at that
// instant: a kept-alive connection between two requests, or one accepted a moment ago. But its
// client may have sent its next request already: that request would get a reset ("socket hang
// up"). So while stopping, a connection stays open until it is done with: a request that starts on
// it is answered with `Connection: close` (the client's next request goes to the new process), and
// the connections still idle are closed only once a server has seen no request start or end for
// `idleGraceMs`, long past the arrival of anything a client sent before it got the last response.

/** While stopping, how long a server must be quiet before its idle connections are closed. */
const idleGraceMs = 1000;

/**
 * @typedef {import("node:http").Server} HttpServer
 * @typedef {{ closeIdle: () => void, timer?: NodeJS.Timeout }} Draining
 */

/** @type {Set<import("node:http").ServerResponse>} responses not finished yet */
const inFlight = new Set();
/** @type {Set<HttpServer>} the HTTP servers that accepted a connection */
const httpServers = new Set();
/** @type {Map<HttpServer, Draining>} while stopping: each server's own `closeIdleConnections`, and its sweep */
const draining = new Map();
let stopping = false;

/** @param {unknown} server */
const isHttpServer = server =>
	typeof (/** @type {{ closeIdleConnections?: unknown } | null} */ (server)?.closeIdleConnections) === "function";

/**
 * Tracked until it closes (an app whose dispose handler closes its server and makes a new one
 * would otherwise keep every old one).
 * @param {HttpServer} server
 */
function track(server) {
	if (httpServers.has(server)) return;
	httpServers.add(server);
	server.once("close", () => httpServers.delete(server));
}

/**
 * While stopping: `server.close()` must not close its idle connections at once (see above); they
 * are closed when the server has been quiet for `idleGraceMs` (each request or response pushes
 * the sweep back).
 * @param {HttpServer} server
 */
function drain(server) {
	let state = draining.get(server);
	if (state === undefined) {
		const own = server.closeIdleConnections;
		state = { closeIdle: () => own.call(server) };
		draining.set(server, state);
		server.closeIdleConnections = () => {};
	}
	clearTimeout(state.timer);
	state.timer = setTimeout(state.closeIdle, idleGraceMs);
	// The sweep must not keep a process alive whose connections all ended.
	state.timer.unref();
}

diagnosticsChannel.subscribe(
	"net.server.socket",
	/** @type {(message: unknown) => void} */ (
		({ socket }) => {
			const server = /** @type {{ server?: unknown }} */ (socket).server;
			if (!isHttpServer(server)) return;
			track(/** @type {HttpServer} */ (server));
			if (stopping) drain(/** @type {HttpServer} */ (server));
		}
	),
);

/** @param {{ response: import("node:http").ServerResponse, server: HttpServer }} message */
const onRequestStart = ({ response, server }) => {
	inFlight.add(response);
	track(server);
	// While stopping, a request on a kept-alive connection is answered, then the connection closes
	// (`Connection: close`), so the client opens its next one to the new process.
	if (stopping) {
		response.shouldKeepAlive = false;
		drain(server);
	}
	response.once("close", () => {
		inFlight.delete(response);
		// A response whose headers went out before the stop leaves its connection open and idle.
		if (stopping) drain(server);
	});
};
diagnosticsChannel.subscribe("http.server.request.start", /** @type {(message: unknown) => void} */ (onRequestStart));

function onTerminate() {
	// The app stops itself (its own SIGTERM handler): leave it to it.
	if (process.listenerCount("SIGTERM") > 1 || stopping) return;
	stopping = true;
	for (const response of inFlight) {
		if (!response.headersSent) response.shouldKeepAlive = false;
	}
	for (const server of httpServers) drain(server);
	const die = () => {
		process.off("SIGTERM", onTerminate);
		process.kill(process.pid, "SIGTERM");
	};
	const worker = cluster.worker;
	if (worker === undefined || !process.connected) return die();
	// Closes every server of this worker (the listening socket itself stays open in the supervisor,
	// which hands it to the next process), waits for their connections to end, then disconnects.
	worker.once("disconnect", die);
	worker.disconnect();
}
process.on("SIGTERM", onTerminate);

// --- Messages from the supervisor --------------------------------------------------------------

process.on("message", (/** @type {unknown} */ message) => {
	const request = /** @type {{ dynohot?: { type?: string, host?: string, port?: number } } | null} */ (message)?.dynohot;
	if (request?.type === "inspect" && request.port !== undefined) {
		try {
			inspector.open(request.port, request.host);
		} catch (error) {
			console.error("[hot] Could not open the inspector:", error);
		}
	}
});
// The channel must not keep an app alive that would otherwise exit (a cluster worker stays
// connected, so alive, until it disconnects): it is unreferenced, except while the worker waits
// for the supervisor's answer to a `listen()` (cluster's request for the listening socket).
process.channel?.unref();
const clusterInternals = /** @type {{ _getServer?: (server: unknown, options: unknown, callback: (...args: unknown[]) => void) => unknown }} */ (
	/** @type {unknown} */ (cluster)
);
const getServer = clusterInternals._getServer;
if (cluster.isWorker && typeof getServer === "function") {
	let waiting = 0;
	clusterInternals._getServer = function (server, options, callback) {
		if (waiting++ === 0) process.channel?.ref();
		return getServer.call(this, server, options, (...args) => {
			if (--waiting === 0) process.channel?.unref();
			callback(...args);
		});
	};
}

