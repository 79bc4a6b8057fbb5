// Why the app restarts (or would, or did not update), in one line each. Paths are relative to
// the working directory, as the runtime's own messages print them.
import * as path from "node:path";

/**
 * @typedef {{ reason: string, why: string, files?: string[], changedAt?: number }} Reason
 *   `changedAt`: for a file's change, its modification time (ms since the epoch)
 * @typedef {{ name: string, message: string, stack: string }} CrashError
 */

/** @param {readonly string[]} list */
const and = list => (list.length <= 1 ? list.join("") : `${list.slice(0, -1).join(", ")} and ${list.at(-1)}`);

/**
 * A restart the child's update report asks for, or undefined (applied, or an error the next
 * save can fix: the old code keeps running and the runtime retries).
 * @param {Record<string, unknown>} report the child's report: outcome, edited, entry, modules
 * @returns {Reason | undefined}
 */
export function updateReason(report) {
	const strings = (/** @type {unknown} */ value) => (Array.isArray(value) ? value.map(String) : []);
	switch (report.outcome) {
		case "unaccepted": {
			const edited = strings(report.edited);
			const entry = and(strings(report.entry));
			const what = edited.length === 0 ? "a change" : `${and(edited)} changed and`;
			return {
				reason: "unaccepted",
				why: `${what} no module accepts the update: it reached the entry ${entry}`,
				files: edited,
			};
		}
		case "declined": {
			const modules = strings(report.modules);
			return { reason: "declined", why: `the update was declined by ${and(modules)} (import.meta.hot.decline())`, files: modules };
		}
		case "fatal":
			return { reason: "fatal", why: "a dispose or prune handler threw, so the app's state is unknown (fatal error)" };
	}
	return undefined;
}

/**
 * What kind of non-hot file this is, for the restart line, or undefined if its change does not
 * restart by itself.
 * @param {string} file absolute
 * @param {{ envFiles: ReadonlySet<string>, commonjs: ReadonlySet<string>, restartOn: (relative: string) => string | undefined }} known
 * @returns {{ reason: string, what: string } | undefined}
 */
export function fileReason(file, known) {
	const base = path.basename(file);
	if (known.envFiles.has(file) || base === ".env" || base.startsWith(".env.")) return { reason: "env", what: "an environment file" };
	if (base === "package.json") return { reason: "package.json", what: "package.json" };
	if (/^tsconfig(\..+)?\.json$/.test(base)) return { reason: "tsconfig", what: "TypeScript's configuration" };
	if (known.commonjs.has(file)) {
		return { reason: "commonjs", what: file.endsWith(".json") ? "JSON loaded with require, not hot" : "a CommonJS module, not hot" };
	}
	const glob = known.restartOn(path.relative(process.cwd(), file));
	if (glob !== undefined) return { reason: "restart-on", what: `--restart-on ${glob}` };
	return undefined;
}

/**
 * The crash line: the exit, and the error's first line and where it was thrown.
 * @param {{ code: number | null, signal: string | null }} exit
 * @param {CrashError | undefined} error
 * @param {string} [origin] "uncaughtException", "unhandledRejection" or "evaluation" (the program's first run)
 */
export function crashText(exit, error, origin) {
	const how = exit.signal !== null ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
	if (error === undefined) return `the app exited (${how})`;
	const kind =
		origin === "evaluation" ? "an error thrown while its modules evaluated" : origin === "unhandledRejection" ? "an unhandled rejection" : "an uncaught exception";
	const lines = error.stack.split("\n");
	const first = lines.find(line => /^\s+at /.test(line) && !line.includes("node:internal"))?.trim();
	const headline = error.stack === "" ? `${error.name}: ${error.message}` : (lines[0] ?? error.message);
	return `the app crashed (${how}) on ${kind}: ${headline}${first === undefined ? "" : ` (${first})`}`;
}
