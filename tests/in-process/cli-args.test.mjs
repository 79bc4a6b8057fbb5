// The `dynohot` command line (src/cli/args.js): what goes to node, what to the app, and that the
// entry is passed on as written (`dynohot main.ts` runs `node … main.ts`: TypeScript entries are
// the loader's business, not the command's).
import assert from "node:assert/strict";
import { test } from "node:test";
import { parseArgs, UsageError } from "../../src/cli/args.js";

test("the entry and the app's arguments pass through untouched (main.ts too); node options before it go to node", () => {
	const line = parseArgs(["--quiet", "--inspect=127.0.0.1:9230", "--env-file", ".env", "--conditions=dev", "src/main.ts", "--port", "3", "--quiet"], "/project");
	assert.equal(line.entry, "src/main.ts");
	assert.deepEqual(line.appArgs, ["--port", "3", "--quiet"]);
	assert.deepEqual(line.nodeOptions, ["--inspect=127.0.0.1:9230", "--env-file", ".env", "--conditions=dev"]);
	assert.deepEqual(line.envFiles, ["/project/.env"]);
	assert.deepEqual(line.inspect, { mode: "inspect", host: "127.0.0.1", port: 9230 });
	assert.equal(line.options.quiet, true);
	assert.deepEqual(parseArgs(["--", "--odd-name.mts", "x"], "/project").entry, "--odd-name.mts");
});

test("--restart-on and --ignore repeat; --kill-timeout takes ms or a unit; a bad value is a usage error", () => {
	const line = parseArgs(["--restart-on", "a/*.yaml", "--restart-on=b.toml", "--ignore", "tmp/**", "--kill-timeout", "2s", "main.js"], "/project");
	assert.deepEqual(line.options.restartOn, ["a/*.yaml", "b.toml"]);
	assert.deepEqual(line.options.ignore, ["tmp/**"]);
	assert.equal(line.options.killTimeout, 2000);
	assert.equal(parseArgs(["--kill-timeout=750", "main.js"]).options.killTimeout, 750);
	assert.throws(() => parseArgs(["--kill-timeout", "soon", "main.js"]), UsageError);
	assert.throws(() => parseArgs(["--restart-on"]), UsageError);
});
