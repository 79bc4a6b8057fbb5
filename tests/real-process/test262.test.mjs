// tc39/test262's module tests (test/language/module-code, expressions/dynamic-import and
// expressions/import.meta, committed under tests/conformance/test262/ at the commit its README
// names) run three ways: plain `node`, `node --import dynohot` and `node --loader dynohot`. Every
// test plain node passes must pass under dynohot too, and the other way round: the outcomes are
// compared test by test, and the committed tests/conformance/test262-results.json lists the
// known differences per Node line and mode, each with its reason. A new difference fails here,
// and so does a listed one that is gone (the list must say what is true). Each process first
// proves whether dynohot is active in it (its driver module sees `import.meta.hot`).
// Tests run a few dozen per process (no two in one process share a module file, so every
// module is evaluated fresh, as in a process of its own), processes in parallel. The run takes
// about a minute per Node line on 2 busy cores, so it runs on Node 20 and 26 only (the oldest
// and newest lines); elsewhere it is skipped, saying so. After a deliberate change,
// DYNOHOT_UPDATE_TEST262=1 rewrites the results (new differences get a placeholder reason to
// fill in); review the diff.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { node, root } from "../support/process.mjs";

const conformance = join(root, "tests/conformance");
const suite = join(conformance, "test262");
const driver = join(conformance, "test262-driver.mjs");
const resultsPath = join(conformance, "test262-results.json");
const directories = ["test/language/module-code", "test/language/expressions/dynamic-import", "test/language/expressions/import.meta"];
const loader = pathToFileURL(join(root, "loader.mjs")).href;
/** @type {Record<string, string[]>} */
const modeArgs = { node: [], import: ["--import", loader], loader: ["--loader", loader] };
/** At most this many tests per process. */
const perProcess = 40;
const placeholder = "TODO: say why";

const major = Number(/^v(\d+)/.exec(spawnSync(node, ["--version"], { encoding: "utf8" }).stdout)?.[1]);

/** @param {string} dir @returns {string[]} paths relative to the suite */
function walk(dir) {
	/** @type {string[]} */
	const out = [];
	for (const entry of readdirSync(join(suite, dir), { withFileTypes: true })) {
		const path = `${dir}/${entry.name}`;
		if (entry.isDirectory()) out.push(...walk(path));
		else out.push(path);
	}
	return out;
}

/**
 * What a test must not share with another in its process: every file it can load (itself and
 * the `./x` files it names, transitively) and, for a script test, the names it declares at top
 * level (script globals outlive the script: a second `let f` would be a redeclaration).
 * @param {string} test
 */
function filesOf(test) {
	const seen = new Set([test]);
	const source = readFileSync(join(suite, test), "utf8");
	if (!/^flags:.*\bmodule\b/m.test(source)) {
		for (const match of source.matchAll(/^(?:var|let|const|class|(?:async\s+)?function\s*\*?)\s*([\w$]+)/gm)) seen.add(`global:${match[1]}`);
	}
	const queue = [test];
	while (queue.length > 0) {
		const file = /** @type {string} */ (queue.pop());
		let source;
		try {
			source = readFileSync(join(suite, file), "utf8");
		} catch {
			continue;
		}
		for (const match of source.matchAll(/['"]\.\/([^'"\n]+)['"]/g)) {
			const target = `${dirname(file)}/${match[1]}`;
			if (!seen.has(target)) {
				seen.add(target);
				queue.push(target);
			}
		}
	}
	return seen;
}

/**
 * Groups the tests so that no two in one group load the same file.
 * @param {string[]} tests
 */
function groups(tests) {
	/** @type {{ tests: string[], files: Set<string> }[]} */
	const out = [];
	for (const test of tests) {
		const files = filesOf(test);
		let group = out.find(g => g.tests.length < perProcess && ![...files].some(f => g.files.has(f)));
		if (group === undefined) {
			group = { tests: [], files: new Set() };
			out.push(group);
		}
		group.tests.push(test);
		for (const f of files) group.files.add(f);
	}
	return out.map(g => g.tests);
}

/**
 * Runs `tests` in one process of `mode`; a process that dies early fails the test it was on and
 * the rest go on in a new one.
 * @param {string} mode
 * @param {string[]} tests
 * @returns {Promise<{ results: Map<string, { pass: boolean, detail?: string }>, hot: boolean[] }>}
 */
async function runGroup(mode, tests) {
	/** @type {Map<string, { pass: boolean, detail?: string }>} */
	const results = new Map();
	/** @type {boolean[]} */
	const hot = [];
	let remaining = tests;
	while (remaining.length > 0) {
		const child = spawn(node, [...modeArgs[mode], driver, ...remaining], { cwd: conformance, stdio: ["ignore", "pipe", "pipe"] });
		let stdout = "";
		let stderr = "";
		child.stdout.setEncoding("utf8").on("data", chunk => (stdout += chunk));
		child.stderr.setEncoding("utf8").on("data", chunk => (stderr += chunk));
		const killer = setTimeout(() => child.kill("SIGKILL"), 30_000 + 6_000 * remaining.length);
		await new Promise(resolve => child.on("close", resolve));
		clearTimeout(killer);
		for (const line of stdout.split("\n")) {
			if (line.startsWith("T262-HOT ")) hot.push(JSON.parse(line.slice(9)).hot);
			else if (line.startsWith("T262 ")) {
				const { test, pass, detail } = JSON.parse(line.slice(5));
				results.set(test, { pass, detail });
			}
		}
		const next = remaining.findIndex(t => !results.has(t));
		if (next === -1) break;
		const lastLine = stderr.trim().split("\n").filter(l => !/ExperimentalWarning|--trace-warnings|--import 'data:/.test(l)).slice(-1)[0] ?? "";
		// The process died while on this test, maybe because of an earlier one (V8 aborts some
		// processes after the test that caused it reported): the test counts as run alone.
		const blamed = remaining[next];
		if (remaining.length > 1) {
			const alone = await runGroup(mode, [blamed]);
			results.set(blamed, /** @type {{ pass: boolean, detail?: string }} */ (alone.results.get(blamed)));
		} else {
			const fatal = stderr.split("\n").find(l => /Fatal|Check failed|FATAL/.test(l));
			results.set(blamed, { pass: false, detail: `the process exited (${(fatal ?? lastLine).trim().slice(0, 200)})` });
		}
		remaining = remaining.slice(next + 1);
	}
	return { results, hot };
}

/**
 * Runs every group in every mode, `availableParallelism()` processes at a time.
 * @param {string[][]} grouped
 */
async function runAll(grouped) {
	/** @type {Record<string, Map<string, { pass: boolean, detail?: string }>>} */
	const byMode = { node: new Map(), import: new Map(), loader: new Map() };
	/** @type {Record<string, boolean[]>} */
	const hotByMode = { node: [], import: [], loader: [] };
	const jobs = Object.keys(modeArgs).flatMap(mode => grouped.map(tests => ({ mode, tests })));
	let next = 0;
	const worker = async () => {
		while (next < jobs.length) {
			const { mode, tests } = jobs[next++];
			const { results, hot } = await runGroup(mode, tests);
			for (const [test, result] of results) byMode[mode].set(test, result);
			hotByMode[mode].push(...hot);
		}
	};
	await Promise.all(Array.from({ length: Math.max(2, availableParallelism()) }, worker));
	return { byMode, hotByMode };
}

test("test262 module tests: dynohot passes exactly what plain node passes", { skip: major === 20 || major === 26 ? false : `runs on Node 20 and 26 only (this is Node ${major})`, timeout: 600_000 }, async () => {
	const tests = directories
		.flatMap(walk)
		.filter(path => path.endsWith(".js") && !path.includes("_FIXTURE"))
		.sort();
	const started = Date.now();
	const grouped = groups(tests);
	if (process.env.DYNOHOT_TEST262_GROUPS) writeFileSync(process.env.DYNOHOT_TEST262_GROUPS, JSON.stringify(grouped));
	const { byMode, hotByMode } = await runAll(grouped);
	const seconds = ((Date.now() - started) / 1000).toFixed(1);

	// dynohot is active in every process of its modes, and in none of plain node's.
	assert.ok(hotByMode.node.length > 0 && hotByMode.node.every(h => h === false), "plain node processes must not see import.meta.hot");
	for (const mode of ["import", "loader"]) assert.ok(hotByMode[mode].length > 0 && hotByMode[mode].every(h => h === true), `every --${mode} dynohot process must see import.meta.hot`);
	for (const mode of Object.keys(byMode)) assert.equal(byMode[mode].size, tests.length, `${mode}: every test has a result`);

	/** @param {string} mode */
	const passes = mode => [...byMode[mode].values()].filter(r => r.pass).length;
	/** @type {Record<string, Record<string, string>>} */
	const differences = { import: {}, loader: {} };
	for (const mode of ["import", "loader"]) {
		for (const test of tests) {
			const base = /** @type {{ pass: boolean, detail?: string }} */ (byMode.node.get(test));
			const hot = /** @type {{ pass: boolean, detail?: string }} */ (byMode[mode].get(test));
			if (base.pass !== hot.pass) differences[mode][test] = base.pass ? `fails under dynohot: ${hot.detail}` : `passes under dynohot only (node: ${base.detail})`;
		}
	}
	const all = JSON.parse(readFileSync(resultsPath, "utf8"));
	const known = all.lines?.[major] ?? { differences: { import: {}, loader: {} } };
	console.log(`test262 on Node ${major}: ${tests.length} tests in ${seconds} s; plain node passes ${passes("node")}, --import dynohot ${passes("import")}, --loader dynohot ${passes("loader")}`);

	if (process.env.DYNOHOT_UPDATE_TEST262 === "1") {
		/** @type {Record<string, Record<string, string>>} */
		const next = { import: {}, loader: {} };
		for (const mode of ["import", "loader"]) {
			for (const [test, what] of Object.entries(differences[mode])) {
				const reason = known.differences[mode]?.[test]?.reason ?? placeholder;
				next[mode][test] = /** @type {any} */ ({ reason, observed: what });
			}
		}
		all.lines ??= {};
		all.lines[major] = { tests: tests.length, node: passes("node"), import: passes("import"), loader: passes("loader"), differences: next };
		writeFileSync(resultsPath, `${JSON.stringify(all, null, "\t")}\n`);
		return;
	}
	for (const mode of ["import", "loader"]) {
		const expected = Object.keys(known.differences[mode] ?? {}).sort();
		const actual = Object.keys(differences[mode]).sort();
		const added = actual.filter(t => !expected.includes(t)).map(t => `${t}: ${differences[mode][t]}`);
		const gone = expected.filter(t => !actual.includes(t));
		assert.deepEqual({ mode, new: added, gone }, { mode, new: [], gone: [] }, `--${mode}: outcomes differ from plain node's beyond the known differences in tests/conformance/test262-results.json`);
	}
	for (const mode of ["import", "loader"]) {
		for (const [test, entry] of Object.entries(known.differences[mode] ?? {})) assert.notEqual(entry.reason, placeholder, `${test} needs a reason`);
	}
});
