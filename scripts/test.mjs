// One script runs everything CI runs: `npm test`. Each step prints a `=== name` header; a failed
// step does not stop the others, and the list of failed steps comes last.
//
// Steps, cheapest first: rebuild the addon if a Rust source is newer than it; rustfmt; oxlint;
// tsc over the package (runtime JSDoc, public .d.ts) and over tests/, examples/, bench/; clippy;
// the Rust unit + snapshot tests; the Node test suites on the machine's Node; then the
// real-process suites again on every other supported Node line (installed from the npm
// registry's `node` package into .cache/, see scripts/node-lines.mjs).
//
// `npm test -- lint types` runs only the named steps (`node22` etc. for one Node line; `format`,
// oxfmt's check, runs only when named);
// `npm test -- tests/in-process/transform.test.mjs [more files]` runs only those test files
// (after the rebuild check), with the flags the full run uses.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { nodeLines } from "./node-lines.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const files = args.filter(arg => arg.endsWith(".mjs") || arg.endsWith(".js"));
const only = args.filter(arg => !files.includes(arg));
/** @type {string[]} */
const failed = [];

/** The Node flags every test run uses: `vm.SourceTextModule` needs --experimental-vm-modules. */
const nodeTestFlags = ["--experimental-vm-modules", "--test", "--test-concurrency=2"];

/**
 * @param {string} name
 * @param {string} command
 * @param {string[]} commandArgs
 * @param {NodeJS.ProcessEnv} [env]
 * @param {{ optIn?: boolean }} [options] `optIn`: runs only when named (`npm test -- format`)
 */
function step(name, command, commandArgs, env, options = {}) {
	if (only.length > 0 ? !only.includes(name.split(":")[0]) : options.optIn) return;
	console.log(`\n=== ${name}: ${command} ${commandArgs.join(" ")}`);
	const result = spawnSync(command, commandArgs, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
	if (result.status !== 0) failed.push(name);
}

const testFiles = (/** @type {string} */ dir) =>
	readdirSync(new URL(`../tests/${dir}`, import.meta.url))
		.filter(name => name.endsWith(".test.mjs"))
		.sort()
		.map(name => `tests/${dir}/${name}`);

/**
 * The newest modification time under `dir` of files whose name passes `include`.
 * @param {string} dir
 * @param {(name: string) => boolean} include
 * @returns {number}
 */
function newest(dir, include) {
	let time = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) time = Math.max(time, newest(path, include));
		else if (include(entry.name)) time = Math.max(time, statSync(path).mtimeMs);
	}
	return time;
}

/**
 * Whether an ELF shared object carries DWARF (`.debug_*` sections): the dev profile writes them,
 * the release profile (`strip = "symbols"` in Cargo.toml) does not. Undefined when the file is
 * not a 64-bit little-endian ELF (macOS, Windows), where we cannot tell.
 * @param {string} path
 * @returns {boolean | undefined}
 */
function hasDebugInfo(path) {
	const elf = readFileSync(path);
	if (elf.readUInt32BE(0) !== 0x7f454c46 || elf[4] !== 2 || elf[5] !== 1) return undefined;
	const sectionHeaders = Number(elf.readBigUInt64LE(0x28));
	const entrySize = elf.readUInt16LE(0x3a);
	const count = elf.readUInt16LE(0x3c);
	const names = sectionHeaders + elf.readUInt16LE(0x3e) * entrySize;
	const namesOffset = Number(elf.readBigUInt64LE(names + 0x18));
	for (let i = 0; i < count; i++) {
		const name = namesOffset + elf.readUInt32LE(sectionHeaders + i * entrySize);
		if (elf.toString("latin1", name, name + 7) === ".debug_") return true;
	}
	return false;
}

// A Rust edit must not run the Node suites against the old binary: rebuild when any Rust input is
// newer than the addon, with the profile the existing addon was built with (CI builds release
// before `npm test`; locally that is usually debug); debug when we cannot tell or there is none.
const addon = readdirSync(root)
	.filter(name => /^dynohot\..*\.node$/.test(name))
	.map(name => join(root, name))
	.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
const rustInputs = Math.max(
	newest(join(root, "src"), name => name.endsWith(".rs")),
	...["Cargo.toml", "Cargo.lock", "build.rs"].filter(name => existsSync(join(root, name))).map(name => statSync(join(root, name)).mtimeMs),
);
if (addon === undefined || statSync(addon).mtimeMs < rustInputs) {
	const release = addon !== undefined && hasDebugInfo(addon) === false;
	const why = addon === undefined ? "no addon built yet" : "a Rust source is newer than the addon";
	console.log(`\n=== build: ${why}; rebuilding (${release ? "release, like the existing addon" : "debug"})`);
	const result = spawnSync("npm", ["run", release ? "build" : "build:debug"], { cwd: root, stdio: "inherit" });
	if (result.status !== 0) {
		console.log("\nFailed steps: build");
		process.exit(1);
	}
}

if (files.length > 0) {
	console.log(`\n=== node: ${files.join(" ")}`);
	const result = spawnSync(process.execPath, [...nodeTestFlags, ...files], { cwd: root, stdio: "inherit" });
	process.exit(result.status ?? 1);
}

step("rustfmt", "cargo", ["fmt", "--check"]);
step("lint", process.execPath, ["node_modules/oxlint/bin/oxlint", "-c", ".oxlintrc.json", "--deny-warnings"]);
step("cycles", process.execPath, ["scripts/import-cycles.mjs"]);
// Opt-in until the files other branches are rewriting have been formatted once (`npm run format`).
step("format", process.execPath, ["node_modules/oxfmt/bin/oxfmt", "--check"], {}, { optIn: true });
step("types", process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.json"]);
step("types:tests", process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.tests.json"]);
step("clippy", "cargo", ["clippy", "--all-targets", "--quiet", "--", "-D", "warnings"]);
step("cargo", "cargo", ["test", "--quiet"]);
step("node", process.execPath, [...nodeTestFlags, ...testFiles("in-process"), ...testFiles("real-process")]);
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
