// The published types, checked by the real TypeScript compiler (strict) the way users consume
// them: `dynohot` resolved from node_modules, under `module: nodenext` and under
// `moduleResolution: bundler`. Correct use compiles; misuse fails with the expected errors.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const tsc = join(root, "node_modules/typescript/bin/tsc");

/**
 * @param {import("node:test").TestContext} t
 * @param {string} fixture
 * @param {Record<string, unknown>} compilerOptions
 * @param {string[]} [include] the fixture files to compile (together, as one program)
 * @param {(dir: string) => void} [prepare] more setup of the project directory
 */
function check(t, fixture, compilerOptions, include = ["main.ts"], prepare = () => {}) {
	const dir = mkdtempSync(join(tmpdir(), "dynohot-types-"));
	t.after(() => rmSync(dir, { recursive: true, force: true }));
	cpSync(join(root, "tests/fixtures", fixture), dir, { recursive: true });
	mkdirSync(join(dir, "node_modules/@types"), { recursive: true });
	symlinkSync(root, join(dir, "node_modules/dynohot"), "dir");
	symlinkSync(join(root, "node_modules/@types/node"), join(dir, "node_modules/@types/node"), "dir");
	writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
	prepare(dir);
	writeFileSync(
		join(dir, "tsconfig.json"),
		JSON.stringify({ compilerOptions: { strict: true, noEmit: true, target: "es2022", types: ["node"], ...compilerOptions }, include }),
	);
	const result = spawnSync(process.execPath, [tsc, "-p", dir], { cwd: dir, encoding: "utf8" });
	return { status: result.status, output: result.stdout + result.stderr };
}

for (const [name, options] of /** @type {[string, Record<string, unknown>][]} */ ([
	["nodenext", { module: "nodenext", moduleResolution: "nodenext" }],
	["bundler", { module: "esnext", moduleResolution: "bundler" }],
])) {
	test(`every method used correctly type-checks (${name})`, t => {
		const { status, output } = check(t, "types-ok", options);
		assert.equal(status, 0, output);
	});

	test(`a triple-slash reference alone types import.meta.hot (${name})`, t => {
		const { status, output } = check(t, "types-ok", options, ["reference.ts"]);
		assert.equal(status, 0, output);
	});

	test(`without dynohot's types, import.meta.hot is unknown to TypeScript (${name})`, t => {
		// Proves the two passing programs above get import.meta.hot from dynohot, not from elsewhere.
		const { status, output } = check(t, "types-bad", options, ["unreferenced.ts"]);
		assert.notEqual(status, 0);
		const errors = [...output.matchAll(/unreferenced\.ts\((\d+),\d+\): error (TS\d+)/g)].map(([, line, code]) => `${line}:${code}`);
		assert.deepEqual(errors, ["2:TS2339", "3:TS2339"], output);
	});

	test(`the declared types match the JavaScript that implements them (${name})`, t => {
		const { status, output } = check(t, "types-runtime", { ...options, allowJs: true }, ["main.ts"], dir => {
			symlinkSync(root, join(dir, "dynohot-source"), "dir");
		});
		assert.equal(status, 0, output);
	});

	test(`misuse fails with the expected errors (${name})`, t => {
		const { status, output } = check(t, "types-bad", options);
		assert.notEqual(status, 0);
		const errors = [...output.matchAll(/main\.ts\((\d+),\d+\): error (TS\d+)/g)].map(([, line, code]) => `${line}:${code}`);
		assert.deepEqual(errors.sort(), [
			"10:TS2322", // data.count = "one": string is not number
			"11:TS2345", // prune callback takes no parameter
			"12:TS2493", // a two-specifier group gives a two-element tuple
			"5:TS2322", // ignore must be a RegExp
			"6:TS2532", // import.meta.hot is possibly undefined
			"7:TS2769", // 42 is not a specifier or callback
			"8:TS2345", // only "message" events
			"13:TS2554", // decline takes no callback
			"14:TS2322", // silent is a boolean
			"16:TS2345", // LoaderHot.watch takes a URL, not a string
			"18:TS18046", // namespace members are unknown until narrowed
			"19:TS2540", // import.meta.hot.data is read-only: fill it in dispose
			"20:TS2345", // a message listener gets the format string first
			"21:TS2769", // a dependency's namespace is not a string
			"22:TS2345", // the dispose callback's data is the Hot's Data
			"24:TS2554", // LoaderHot.invalidate takes no argument (`module`, not only `node:module`, is augmented)
			"26:TS2322", // on() returns an unsubscribe function
		].sort(), output);
	});
}
