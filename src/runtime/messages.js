// The `[hot]` messages, the runtime's one logger: every line the runtime prints comes through
// `log`. People and tools grep for these texts (the original dynohot's, where it had one): change
// none of them lightly. Every message goes to `on("message")` listeners as (format, ...params),
// and to stderr as `console.error("[hot] " + format, ...params)` unless the `silent` option is set.
// What an update did is also an outcome event (`onOutcome`: a kind and its data, with the lines
// logged for it), for programs: the `dynohot` command's child side reads these, never the texts.
import { EOL } from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * @typedef {(message: string, ...params: unknown[]) => void} MessageListener
 * @typedef {import("./update.js").Stats} Stats
 * @typedef {{ kind: "applied", stats: Stats }
 *   | { kind: "unaccepted", edited: string[], entry: string[], stats?: Stats }
 *   | { kind: "declined", modules: string[], stats?: Stats }
 *   | { kind: "fatal", stats?: Stats }
 *   | { kind: "linkError", error: unknown, stats?: Stats }
 *   | { kind: "evaluationError", error: unknown, stats: Stats }
 *   | { kind: "syntaxError" | "loadError", url: string, error: unknown }
 *   | { kind: "handlerError", url: string, phase: "dispose" | "prune" | "self-accept" | "accept", error: unknown }
 *   | { kind: "handlerTimeout", url: string, phase: "dispose" | "prune", timeout: number }
 *   | { kind: "internalError", error: unknown }} Outcome
 *   What an update did (the first four and `evaluationError` end an update; the others may come
 *   during one). Modules are URLs: `edited`, the changed modules an unaccepted update started
 *   from; `entry`, the module(s) it reached (the root, or its cycle); `modules`, those declining.
 *   `syntaxError`/`loadError`: a changed file could not be loaded (the old code keeps running).
 * @typedef {(outcome: Outcome, lines: [message: string, params: unknown[]][]) => void} OutcomeListener
 *   `lines`: the messages logged for it, as given to `log`
 */

const cwd = process.cwd();

/** @type {Set<MessageListener>} */
const listeners = new Set();
let silent = false;

/** @param {{ silent?: boolean }} options */
export function configureMessages(options) {
	if (options.silent !== undefined) silent = Boolean(options.silent);
}

/**
 * @param {MessageListener} listener
 * @returns {() => void} unsubscribe
 */
export function onMessage(listener) {
	listeners.add(listener);
	return () => void listeners.delete(listener);
}

/** @type {Set<OutcomeListener>} */
const outcomeListeners = new Set();
/** @type {[string, unknown[]][] | undefined} the lines of the outcome being logged */
let outcomeLines;

/**
 * @param {OutcomeListener} listener
 * @returns {() => void} unsubscribe
 */
export function onOutcome(listener) {
	outcomeListeners.add(listener);
	return () => void outcomeListeners.delete(listener);
}

/**
 * Logs an outcome's lines (`write`), then tells the outcome listeners, with those lines.
 * @param {Outcome} outcome
 * @param {() => void} write
 */
function logOutcome(outcome, write) {
	if (outcomeListeners.size === 0) return write();
	const outer = outcomeLines;
	outcomeLines = [];
	try {
		write();
	} finally {
		const lines = outcomeLines;
		outcomeLines = outer;
		outer?.push(...lines);
		for (const listener of outcomeListeners) {
			try {
				listener(outcome, lines);
			} catch (error) {
				console.error(error);
			}
		}
	}
}

/**
 * @param {string} message
 * @param {...unknown} params
 */
export function log(message, ...params) {
	if (!silent) console.error(`[hot] ${message}`, ...params);
	outcomeLines?.push([message, params]);
	for (const listener of listeners) {
		try {
			listener(message, ...params);
		} catch (error) {
			console.error(error);
		}
	}
}

/** A path relative to the working directory at startup for `file:` URLs, else the URL. */
export function relative(/** @type {string} */ url) {
	return url.startsWith("file:") ? path.relative(cwd, fileURLToPath(url)) : url;
}

/** @param {number} count @param {string} word */
const plural = (count, word) => (count === 1 ? word : `${word}s`);

/**
 * Logs what an update did: the stats line when something was applied (it comes first, also when
 * the update then failed), then the failure.
 * @param {import("./update.js").UpdateResult} result
 */
export function logResult(result) {
	if (result === undefined) return;
	const stats = result.stats === undefined ? {} : { stats: result.stats };
	/** @type {Outcome} */
	let outcome;
	switch (result.type) {
		case "success":
			outcome = { kind: "applied", stats: result.stats };
			break;
		case "declined":
			outcome = { kind: "declined", modules: result.declined, ...stats };
			break;
		case "unaccepted":
			outcome = { kind: "unaccepted", ...unacceptedModules(result.tree), ...stats };
			break;
		case "linkError":
			outcome = { kind: "linkError", error: result.error, ...stats };
			break;
		case "evaluationError":
			outcome = { kind: "evaluationError", error: result.error, stats: result.stats };
			break;
		case "fatal":
			outcome = { kind: "fatal", ...stats };
			break;
	}
	logOutcome(outcome, () => {
		if (result.stats !== undefined) logStats(result.stats);
		switch (result.type) {
			case "success":
				break;
			case "declined":
				logDeclined(result.declined);
				break;
			case "unaccepted":
				logUnaccepted(result.tree);
				break;
			case "linkError":
				logLinkError(result.error);
				break;
			case "evaluationError":
				log("Caught evaluation error:", result.error);
				break;
			case "fatal":
				logFatal();
				break;
		}
	});
}

/**
 * The changed modules (🔄) an unaccepted update started from, and the entry it reached (the
 * tree's root node).
 * @param {TreeNode} root
 */
function unacceptedModules(root) {
	/** @type {Set<string>} */
	const edited = new Set();
	/** @type {Set<TreeNode>} */
	const seen = new Set();
	/** @param {TreeNode} node */
	const visit = node => {
		if (seen.has(node)) return;
		seen.add(node);
		if (node.origin) for (const url of node.modules) edited.add(url);
		for (const child of node.children) visit(child);
	};
	visit(root);
	return { edited: [...edited], entry: [...root.modules] };
}

/** @param {{ loads: number, reevaluations: number, duration: number }} stats */
export function logStats(stats) {
	log(
		`Loaded %d new ${plural(stats.loads, "module")}, reevaluated %d existing ${plural(stats.reevaluations, "module")} in %dms.`,
		stats.loads,
		stats.reevaluations,
		Math.round(stats.duration),
	);
}

/** @param {unknown} error */
export function logLinkError(error) {
	if (error instanceof SyntaxError && "url" in error) {
		log(`Caught link error:${EOL}%s: %s${EOL}    at (%s)`, error.name, error.message, error.url);
	} else {
		log(`Caught link error:${EOL}%O`, error);
	}
}

/** @param {readonly string[]} urls */
export function logDeclined(urls) {
	log(`A pending update was explicitly declined:${urls.map(() => `${EOL}- %s`).join(",")}`, ...urls.map(relative));
}

/**
 * @typedef {{ modules: string[], origin: boolean, children: TreeNode[] }} TreeNode
 * @param {TreeNode} root
 */
export function logUnaccepted(root) {
	/** @type {string[]} */
	const lines = [];
	/** @type {unknown[]} */
	const params = [];
	/** @type {Set<TreeNode>} */
	const printed = new Set();
	/**
	 * @param {TreeNode} node
	 * @param {string} prefix
	 * @param {string} childPrefix
	 */
	const visit = (node, prefix, childPrefix) => {
		lines.push(`  ${prefix}[${node.modules.map(() => "%s").join(", ")}]${node.origin ? " 🔄" : ""}`);
		params.push(...node.modules.map(relative));
		if (printed.has(node)) {
			if (node.children.length > 0) lines.push(`  ${childPrefix}[...]`);
			return;
		}
		printed.add(node);
		node.children.forEach((child, index) => {
			const last = index === node.children.length - 1;
			visit(child, childPrefix + (last ? "└─ " : "├─ "), childPrefix + (last ? "   " : "│  "));
		});
	};
	visit(root, "", "");
	log(`A pending update was not accepted, and reached the root module:${lines.map(line => EOL + line).join("")}`, ...params);
}

export function logFatal() {
	log("A fatal error was encountered. The application should be restarted!");
}

/**
 * An edit of a TypeScript module that left its JavaScript as it was: nothing re-runs.
 * @param {string} url
 */
export function logTypesOnly(url) {
	log("Types-only change in %s; nothing to re-run.", url);
}

/** @param {string} url @param {unknown} error */
export function logReloadError(url, error) {
	const kind = error instanceof SyntaxError ? "syntaxError" : "loadError";
	logOutcome({ kind, url, error }, () => log(`Error in module '%s':${EOL}%O`, url, error));
}

/**
 * A watched file changed into something that cannot be read (a symbolic link to a missing file,
 * a directory, no permission); the module keeps running the code it has.
 * @param {string} path @param {string} code @param {string} reason
 */
export function logUnreadable(path, code, reason) {
	log("Cannot read %s: %s (%s)", path, code, reason);
}

/** @param {string} url @param {"dispose" | "prune" | "self-accept"} phase @param {unknown} error */
export function logHandlerError(url, phase, error) {
	logOutcome({ kind: "handlerError", url, phase, error }, () => log(`Caught error in module '%s' during ${phase}:${EOL}%O`, url, error));
}

/** @param {string} url @param {"dispose" | "prune"} phase @param {number} timeout */
export function logHandlerTimeout(url, phase, timeout) {
	logOutcome({ kind: "handlerTimeout", url, phase, timeout }, () =>
		log(`A ${phase} handler in module '%s' did not settle within %dms; the update stops waiting for it.`, url, timeout),
	);
}

/** A bug in dynohot's update algorithm; reported, never an unhandled rejection. @param {unknown} error */
export function logInternalError(error) {
	logOutcome({ kind: "internalError", error }, () => log(`Internal error during update (this is a bug in dynohot):${EOL}%O`, error));
}

/**
 * `accept(specifier)` for a specifier the module does not import statically (and it has no
 * dynamic `import()` that could bring it in).
 * @param {string} specifier
 * @param {string | undefined} location where `accept` was called, as a stack frame
 */
export function logNotImported(specifier, location) {
	log(`%s was not imported by this module${location === undefined ? "" : `${EOL}%s`}`, specifier, ...(location === undefined ? [] : [location]));
}

/** The entry is not a module dynohot can reload. @param {string} url */
export function logNotESM(url) {
	log("'%s' is not ESM; hot module reloading is disabled", url);
}

/** @param {string} url @param {unknown} error */
export function logInvalidateError(url, error) {
	log(`Could not invalidate '%s':${EOL}%O`, url, error);
}

/** @param {string} name @param {string} value */
export function logBadSetting(name, value) {
	log("Ignoring %s=%s: not a number of milliseconds.", name, value);
}

/** @param {string} url @param {readonly string[]} specifiers @param {unknown} error */
export function logAcceptError(url, specifiers, error) {
	logOutcome({ kind: "handlerError", url, phase: "accept", error }, () =>
		log(`Caught error in module '%s' during accept of [${specifiers.map(() => "%s").join(", ")}]:${EOL}%O`, url, ...specifiers.map(s => `'${s}'`), error),
	);
}
