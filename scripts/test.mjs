// One script runs everything CI runs: `npm test`.
// Steps: Rust unit + snapshot tests, type checks (runtime JSDoc + public .d.ts), the Node test
// suites on the machine's Node, then the real-process suites again on every other supported Node
// line (installed from the npm registry's `node` package into .cache/, see scripts/node-lines.mjs).
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { nodeLines } from "./node-lines.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const only = process.argv.slice(2);
/** @type {string[]} */
const failed = [];

/**
 * @param {string} name
 * @param {string} command
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} [env]
 */
function step(name, command, args, env) {
	if (only.length > 0 && !only.includes(name.split(":")[0])) return;
	console.log(`\n=== ${name}: ${command} ${args.join(" ")}`);
	const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
	if (result.status !== 0) failed.push(name);
}

const testFiles = (/** @type {string} */ dir) =>
	readdirSync(new URL(`../tests/${dir}`, import.meta.url))
		.filter(name => name.endsWith(".test.mjs"))
		.sort()
		.map(name => `tests/${dir}/${name}`);

if (!readdirSync(root).some(name => name.endsWith(".node"))) {
	step("build", "npm", ["run", "build:debug"]);
}
step("cargo", "cargo", ["test", "--quiet"]);
step("types", process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.json"]);
step("node", process.execPath, ["--experimental-vm-modules", "--test", "--test-concurrency=2", ...testFiles("in-process"), ...testFiles("real-process")]);
for (const line of nodeLines()) {
	step(`node${line.major}: real processes on Node ${line.version}`, line.node, ["--test", "--test-concurrency=2", ...testFiles("real-process")], {
		DYNOHOT_TEST_NODE: line.node,
	});
}

if (failed.length > 0) {
	console.log(`\nFailed steps: ${failed.join(", ")}`);
	process.exit(1);
}
console.log("\nAll test steps passed.");
