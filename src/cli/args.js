// The command line: `dynohot [dynohot options] [node options] main.js [app arguments]`.
// dynohot's own options are a fixed set; any other option before the entry goes to node for the
// app's process, and must be one node knows (else "bad option", like node itself, exit code 9).
import * as path from "node:path";

/** Node's exit code for an invalid command line ("bad option"): dynohot uses it too. */
export const badOptionExitCode = 9;

export class UsageError extends Error {}

/**
 * @typedef {object} Inspect
 * @property {"inspect" | "inspect-brk" | "inspect-wait"} mode
 * @property {string} host
 * @property {number} port
 *
 * @typedef {object} Options
 * @property {boolean} restart false with `--no-restart`: report what would restart, never restart
 * @property {string[]} restartOn globs (relative to the working directory)
 * @property {string[]} ignore globs whose changes never restart
 * @property {number} killTimeout ms between SIGTERM and SIGKILL
 * @property {boolean} clear
 * @property {boolean} quiet
 * @property {boolean} json
 * @property {boolean} watchExit
 *
 * @typedef {object} CommandLine
 * @property {"run" | "help" | "version"} action
 * @property {Options} options
 * @property {string[]} nodeOptions given to node for the app, as written
 * @property {string} entry
 * @property {string[]} appArgs
 * @property {string[]} envFiles absolute paths of `--env-file` / `--env-file-if-exists` files
 * @property {Inspect | undefined} inspect
 */

export const usage = `Usage: dynohot [options] [node options] <entry> [app arguments]

Runs <entry> as \`node [node options] --import dynohot <entry>\`, in a child process. Saved changes
are applied in place (hot) when modules accept them; the process restarts, and says why, only
when they cannot be: an update no module accepts, a declined update, a fatal error; a change to a
CommonJS or required JSON file, package.json, tsconfig.json, a .env file or a --restart-on file.
Listening sockets stay open across restarts: clients wait and are served by the new process.
After a crash, dynohot waits for the next change (or rs + Enter) to start again.

Options:
  --restart-on <glob>   also restart when a file matching <glob> (relative to the current
                        directory) changes; repeatable
  --ignore <glob>       never restart for files matching <glob>; repeatable
  --no-restart          report what would restart the app, but never restart it
  --kill-timeout <time> how long a stopping process may take to finish its requests after
                        SIGTERM before SIGKILL: milliseconds, or with a unit: 500ms, 5s (default 5s)
  --watch-exit          when the app exits with code 0 by itself, wait for a change instead of
                        exiting
  --clear               clear the screen before each restart
  --quiet               print only crashes, restarts (with why) and updates that were not
                        applied
  --json                one JSON object per event on stderr instead of text lines (update applied
                        or not and why, restart and why, crash, waiting, start, exit)
  -h, --help            this text
  -v, --version         dynohot's version

Node options (--inspect, --env-file, --enable-source-maps, ...) go to the app's process. With
--inspect the debugger port stays the same across restarts. Type rs and Enter to restart.

Exit status: the app's, when it exits by itself; 9 for a bad command line.`;

/** Node options that take their value as the next argument (the `--flag=value` form always works). */
const nodeOptionsWithValue = new Set([
	"-r",
	"--require",
	"--import",
	"--loader",
	"--experimental-loader",
	"--env-file",
	"--env-file-if-exists",
	"--inspect-port",
	"--debug-port",
	"-C",
	"--conditions",
	"--title",
	"--redirect-warnings",
	"--disable-warning",
	"--unhandled-rejections",
	"--input-type",
	"--icu-data-dir",
	"--openssl-config",
	"--diagnostic-dir",
	"--report-dir",
	"--report-directory",
	"--report-filename",
	"--report-signal",
	"--dns-result-order",
	"--stack-trace-limit",
	"--max-old-space-size",
	"--max-semi-space-size",
	"--secure-heap",
	"--secure-heap-min",
	"--heapsnapshot-signal",
	"--cpu-prof-dir",
	"--cpu-prof-name",
	"--heap-prof-dir",
	"--heap-prof-name",
	"--localstorage-file",
	"--experimental-config-file",
	"--watch-path",
	"--test-reporter",
]);

/** Node options that make no sense under a supervisor, with what to do instead. */
const conflicting = new Map([
	["--watch", "dynohot watches and restarts by itself: drop --watch"],
	["--watch-path", "dynohot watches by itself: use --restart-on <glob>"],
	["--watch-preserve-output", "dynohot watches by itself: drop --watch-preserve-output"],
	["--test", "run tests with node --test, not under dynohot"],
	["-e", "dynohot runs an entry file, not --eval"],
	["--eval", "dynohot runs an entry file, not --eval"],
	["-p", "dynohot runs an entry file, not --print"],
	["--print", "dynohot runs an entry file, not --print"],
	["-c", "dynohot runs an entry file, not --check"],
	["--check", "dynohot runs an entry file, not --check"],
	["-i", "dynohot runs an entry file, not the REPL"],
	["--interactive", "dynohot runs an entry file, not the REPL"],
]);

/**
 * Whether node accepts this option (as given before the entry).
 * @param {string} name the option without `=value`
 */
function isNodeOption(name) {
	if (nodeOptionsWithValue.has(name)) return true;
	const flags = process.allowedNodeEnvironmentFlags;
	if (flags.has(name)) return true;
	// `--foo_bar` is `--foo-bar` to node; V8 options are allowed with either spelling.
	const dashed = name.replaceAll("_", "-");
	if (flags.has(dashed)) return true;
	// `--no-foo` negates a boolean `--foo` (node and V8).
	if (name.startsWith("--no-") && flags.has(`--${name.slice(5)}`)) return true;
	return false;
}

/**
 * @param {string} text `5000`, `500ms`, `5s`
 * @param {string} option
 */
function parseDuration(text, option) {
	const match = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(text.trim());
	if (match === null) throw new UsageError(`${option} expects a duration like 5s, 500ms or 2000 (milliseconds), not '${text}'`);
	return Math.round(Number(match[1]) * (match[2] === "s" ? 1000 : 1));
}

/**
 * `--inspect[=[host:]port]` and its -brk/-wait forms; `--inspect-port` sets the port alone.
 * @param {string} value
 * @param {{ host: string, port: number }} defaults
 */
function hostPort(value, defaults) {
	const colon = value.lastIndexOf(":");
	const host = colon === -1 ? defaults.host : value.slice(0, colon).replace(/^\[(.*)\]$/, "$1");
	const port = Number(colon === -1 ? value : value.slice(colon + 1));
	if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`invalid inspector port in '${value}'`);
	return { host, port };
}

/**
 * @param {readonly string[]} argv the arguments after `dynohot`
 * @param {string} [cwd]
 * @returns {CommandLine}
 */
export function parseArgs(argv, cwd = process.cwd()) {
	/** @type {Options} */
	const options = {
		restart: true,
		restartOn: [],
		ignore: [],
		killTimeout: 5000,
		clear: false,
		quiet: false,
		json: false,
		watchExit: false,
	};
	/** @type {string[]} */
	const nodeOptions = [];
	/** @type {string[]} */
	const envFiles = [];
	/** @type {{ mode: Inspect["mode"] | undefined, host: string, port: number }} */
	const inspect = { mode: undefined, host: "127.0.0.1", port: 9229 };
	/** @type {"run" | "help" | "version"} */
	let action = "run";
	let index = 0;
	/**
	 * @param {string} name
	 * @param {string | undefined} inline
	 */
	const value = (name, inline) => {
		if (inline !== undefined) return inline;
		const next = argv[++index];
		if (next === undefined) throw new UsageError(`${name} requires an argument`);
		return next;
	};
	for (; index < argv.length; index++) {
		const arg = /** @type {string} */ (argv[index]);
		if (arg === "--") {
			index++;
			break;
		}
		if (!arg.startsWith("-") || arg === "-") break;
		const equals = arg.indexOf("=");
		const name = arg.startsWith("--") && equals !== -1 ? arg.slice(0, equals) : arg;
		const inline = name === arg ? undefined : arg.slice(equals + 1);
		switch (name) {
			case "-h":
			case "--help":
				action = "help";
				continue;
			case "-v":
			case "--version":
				action = "version";
				continue;
			case "--restart-on":
				options.restartOn.push(value(name, inline));
				continue;
			case "--ignore":
				options.ignore.push(value(name, inline));
				continue;
			case "--no-restart":
				options.restart = false;
				continue;
			case "--kill-timeout":
				options.killTimeout = parseDuration(value(name, inline), name);
				continue;
			case "--watch-exit":
				options.watchExit = true;
				continue;
			case "--clear":
				options.clear = true;
				continue;
			case "--quiet":
				options.quiet = true;
				continue;
			case "--json":
				options.json = true;
				continue;
		}
		const why = conflicting.get(name);
		if (why !== undefined) throw new UsageError(`${name} cannot be used with dynohot: ${why}`);
		if (!isNodeOption(name)) throw new UsageError(`bad option: ${arg}`);
		if (nodeOptionsWithValue.has(name) && inline === undefined) {
			nodeOptions.push(arg, value(name, undefined));
		} else {
			nodeOptions.push(arg);
		}
		const given = nodeOptions.at(-1) === arg ? inline : nodeOptions.at(-1);
		if (name === "--env-file" || name === "--env-file-if-exists") {
			envFiles.push(path.resolve(cwd, /** @type {string} */ (given)));
		} else if (name === "--inspect" || name === "--inspect-brk" || name === "--inspect-wait") {
			inspect.mode = /** @type {Inspect["mode"]} */ (name.slice(2));
			if (given !== undefined) Object.assign(inspect, hostPort(given, inspect));
		} else if (name === "--inspect-port" || name === "--debug-port") {
			Object.assign(inspect, hostPort(/** @type {string} */ (given), inspect));
		}
	}
	const entry = argv[index];
	if (entry === undefined && action === "run") throw new UsageError("missing the entry file to run (dynohot main.js)");
	return {
		action,
		options,
		nodeOptions,
		entry: entry ?? "",
		appArgs: argv.slice(index + 1),
		envFiles,
		inspect: inspect.mode === undefined ? undefined : { mode: inspect.mode, host: inspect.host, port: inspect.port },
	};
}
