// `dynohot ...`: parse the command line, then supervise (see supervisor.js).
import { readFileSync } from "node:fs";
import { badOptionExitCode, parseArgs, usage, UsageError } from "./args.js";
import { Supervisor } from "./supervisor.js";

/** @param {readonly string[]} argv the arguments after `dynohot` */
export function main(argv) {
	/** @type {import("./args.js").CommandLine} */
	let commandLine;
	try {
		commandLine = parseArgs(argv);
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		// Node's words and exit code for a bad command line (`node: bad option: --foo`, 9).
		process.stderr.write(`dynohot: ${error.message}\nRun dynohot --help for the options.\n`);
		process.exitCode = badOptionExitCode;
		return;
	}
	if (commandLine.action === "help") {
		process.stdout.write(`${usage}\n`);
		return;
	}
	if (commandLine.action === "version") {
		const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
		process.stdout.write(`${manifest.version}\n`);
		return;
	}
	new Supervisor(commandLine).start();
}
