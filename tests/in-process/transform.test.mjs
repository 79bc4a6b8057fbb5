// The addon's transform seen from Node: shells are valid ES modules that behave like the original
// module (getters, TDZ, hoisting, read-only imports), and their source maps lead a real
// `node --enable-source-maps` stack trace back to the original file, line and column.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import vm from "node:vm";

const { transform } = createRequire(import.meta.url)("../../native.cjs");

test("a shell parses as an ES module", () => {
	const { code, errors } = transform(
		'import a, { b } from "./x.js";\nimport * as ns from "./y.js";\nexport * from "./z.js";\nexport const c = a + b + ns.d;\nexport default class {}\nconsole.log(await import("./w.js"), import.meta.url);\n',
		"file:///app/main.js",
	);
	assert.deepEqual(errors, []);
	const module = new vm.SourceTextModule(code);
	assert.deepEqual(
		[...module.dependencySpecifiers].sort(),
		["./x.js", "./y.js", "./z.js"].sort(),
	);
});

test("requests come back as typed data in source order", () => {
	const { requests, usesTopLevelAwait, usesImportMeta, usesDynamicImport } = transform(
		'export { x } from "./b.js";\nimport a from "./a.json" with { type: "json" };\nawait 0;\n',
		"file:///app/main.js",
	);
	assert.deepEqual(requests, [
		{ specifier: "./b.js", attributes: {}, bindings: [{ type: "indirectExport", name: "x", as: "x" }] },
		{ specifier: "./a.json", attributes: { type: "json" }, bindings: [{ type: "import", name: "default", as: "a" }] },
	]);
	assert.deepEqual([usesTopLevelAwait, usesImportMeta, usesDynamicImport], [true, false, false]);
	// The loader asks for no requests (the shell carries them): none are built.
	const lean = transform('import a from "./x.js";\n', "file:///app/main.js", { requests: false });
	assert.equal(lean.requests, undefined);
	assert.deepEqual(lean.errors, []);
});

test("syntax errors are diagnostics with a code frame", () => {
	const { code, errors } = transform("let a = 1;\nlet b = ;\n", "file:///app/bad.js");
	assert.equal(code, "");
	assert.equal(errors.length, 1);
	const [error] = errors;
	assert.equal(error.code, "DYNOHOT_SYNTAX_ERROR");
	assert.equal(error.url, "file:///app/bad.js");
	assert.deepEqual([error.line, error.column], [2, 9]);
	assert.match(error.frame, /> 2 \| let b = ;\n +\| +\^/);
});

test("binary input and empty files give a result, never a crash", () => {
	// Bytes that are not UTF-8 decode as Node decodes them (each bad sequence U+FFFD).
	const binary = transform(Buffer.from([0xff, 0xfe, 0x00, 0x81]), "file:///app/bin.js");
	assert.equal(binary.errors[0].code, "DYNOHOT_SYNTAX_ERROR");
	assert.equal(binary.errors[0].message, "SyntaxError: Invalid or unexpected token");
	const empty = transform("", "file:///app/empty.js");
	assert.deepEqual(empty.errors, []);
	assert.doesNotThrow(() => new vm.SourceTextModule(empty.code));
});

/**
 * Evaluates a shell with a minimal stand-in for the runtime: runs the body's three phases and
 * returns its getters, holder setter, and a function running the body.
 * @param {string} source
 * @param {Record<string, unknown>} imports holder properties (plain values)
 * @param {{ meta?: unknown, dynamicImport?: Function }} params the body's other parameters
 */
async function instantiate(source, imports = {}, params = {}) {
	const { code, errors } = transform(source, "file:///app/main.js", { sourceMap: false, runtime: "hot:runtime" });
	assert.deepEqual(errors, []);
	/** @type {any} */
	let registered;
	const runtime = new vm.SyntheticModule(["acquire"], function () {
		this.setExport("acquire", () => ({ load: (/** @type {unknown[]} */ ...args) => (registered = args) }));
	});
	const module = new vm.SourceTextModule(code);
	await module.link(async specifier => {
		if (specifier === "hot:runtime") return runtime;
		const dependency = new vm.SyntheticModule(["default"], function () {
			this.setExport("default", () => ({}));
		});
		return dependency;
	});
	await module.evaluate();
	const [, , execute] = registered;
	/** @type {Record<string, () => unknown>} */
	let getters = {};
	/** @type {(holder: object) => void} */
	let rebind = () => {};
	const iterator = execute(params.meta ?? null, params.dynamicImport ?? (() => {}), (/** @type {any} */ r, /** @type {any} */ g) => ((rebind = r), (getters = g)));
	iterator.next();
	const holder = Object.create(null);
	for (const [name, value] of Object.entries(imports)) {
		Object.defineProperty(holder, name, {
			get: () => value,
			set() {
				throw new TypeError("Assignment to constant variable.");
			},
		});
	}
	rebind(holder);
	return { getters, run: () => iterator.next() };
}

test("getters exist before the body runs: hoisted functions work, lexical bindings are in their TDZ", async () => {
	const { getters, run } = await instantiate("export function f() { return 'hoisted'; }\nexport const c = 1;\nexport default class {}\n");
	assert.equal(/** @type {() => () => string} */ (getters.f)()(), "hoisted");
	assert.throws(() => getters.c(), ReferenceError);
	run();
	assert.equal(getters.c(), 1);
	assert.equal(/** @type {Function} */ (getters.default()).name, "default");
});

test("imports read through the holder; assigning to one is a TypeError at run time", async () => {
	const { getters, run } = await instantiate(
		'import { x } from "./x.js";\nexport const seen = x;\nexport let error;\ntry { x = 2; } catch (e) { error = e; }\n',
		{ x: 41 },
	);
	run();
	assert.equal(getters.seen(), 41);
	assert.ok(getters.error() instanceof TypeError);
	assert.equal(/** @type {Error} */ (getters.error()).message, "Assignment to constant variable.");
});

test("with --enable-source-maps a stack trace points at the original line and column, before and after lines shift", t => {
	const dir = mkdtempSync(join(tmpdir(), "dynohot-map-"));
	t.after(() => rmSync(dir, { recursive: true, force: true }));
	writeFileSync(join(dir, "runtime.mjs"), "export const acquire = () => ({ load(meta, info, execute) { const it = execute(null, null, () => {}); it.next(); it.next(); } });\n");
	const runtimeURL = pathToFileURL(join(dir, "runtime.mjs")).href;
	/** @param {string} prefix */
	const check = prefix => {
		const source = `${prefix}export const a = 1;\nfunction thrower() {\n\tconst value = 1; throw new Error("boom");\n}\nthrower();\n`;
		const url = pathToFileURL(join(dir, "original.mjs")).href;
		const { code, errors } = transform(source, url, { runtime: runtimeURL });
		assert.deepEqual(errors, []);
		writeFileSync(join(dir, "shell.mjs"), code);
		const result = spawnSync(process.execPath, ["--enable-source-maps", join(dir, "shell.mjs")], { encoding: "utf8" });
		const line = source.split("\n").findIndex(l => l.includes("throw new")) + 1;
		const column = source.split("\n")[line - 1].indexOf("new Error") + 1;
		assert.match(result.stderr, new RegExp(`original\\.mjs:${line}:${column}\\b`), result.stderr);
	};
	check("");
	check("// one\n// two\n\n\n");
});

test("calls of imports get no this, shorthands read the holder, default exports are named default", async () => {
	/** @type {unknown[]} */
	const seen = [];
	const { getters, run } = await instantiate(
		'import { f, g, v } from "./m.js";\nexport const calls = [f(), (f)(), f`t`, g?.()];\nexport const short = { v };\nexport default (function () {});\n',
		{ f: function () { seen.push(this); return 1; }, g: function () { return this; }, v: 7 },
	);
	run();
	assert.deepEqual(seen, [undefined, undefined, undefined]);
	assert.deepEqual(getters.calls(), [1, 1, 1, undefined]);
	assert.deepEqual(getters.short(), { v: 7 });
	assert.equal(/** @type {Function} */ (getters.default()).name, "default");
	const named = await instantiate("export default function () {}\nexport const early = (0, eval)('1');\n");
	assert.equal(/** @type {Function} */ (named.getters.default()).name, "default");
	const cls = await instantiate("export default class { static who() { return this.name; } }\n");
	cls.run();
	assert.equal(/** @type {any} */ (cls.getters.default()).who(), "default");
});

test("import.meta and import() become the body's parameters; top-level await makes it async", async () => {
	const meta = { url: "file:///app/main.js", hot: { accepted: false } };
	/** @type {unknown[][]} */
	const imported = [];
	const { getters, run } = await instantiate(
		'export const url = import.meta.url;\nimport.meta.hot.accepted = true;\nexport const value = await import("./x.json", { with: { type: "json" } });\n',
		{},
		{ meta, dynamicImport: (/** @type {unknown[]} */ ...args) => (imported.push(args), Promise.resolve("loaded")) },
	);
	const completion = run();
	assert.ok(completion instanceof Promise, "an async generator's next() returns a promise");
	await completion;
	assert.equal(getters.url(), "file:///app/main.js");
	assert.equal(meta.hot.accepted, true);
	assert.equal(getters.value(), "loaded");
	assert.deepEqual(imported, [["./x.json", { with: { type: "json" } }]]);
});

test("shadowed names, labels and private names that share an import's name are left alone", async () => {
	const { getters, run } = await instantiate(
		'import { x } from "./m.js";\nexport const local = (x => x)(1);\nx: for (;;) { break x; }\nclass K { #x = 2; get() { return this.#x; } }\nexport const priv = new K().get();\nexport const read = x;\n',
		{ x: "imported" },
	);
	run();
	assert.deepEqual([getters.local(), getters.priv(), getters.read()], [1, 2, "imported"]);
});

test("bad input gives a diagnostic or a result, never a crash", () => {
	const url = "file:///app/bad.js";
	const deep = transform(`export const a = ${"(".repeat(100_000)}1${")".repeat(100_000)};`, url);
	assert.equal(deep.errors[0].code, "DYNOHOT_TOO_DEEP");
	const arrays = transform(`export const a = ${"[".repeat(100_000)}${"]".repeat(100_000)};`, url);
	assert.equal(arrays.errors[0].code, "DYNOHOT_TOO_DEEP");
	const unary = transform(`export const a = ${"!".repeat(100_000)}1;`, url);
	assert.deepEqual(unary.errors, []); // V8 itself cannot parse this much nesting, but we do
	const unaryV8 = transform(`export const a = ${"!".repeat(5_000)}1;`, url);
	assert.doesNotThrow(() => new vm.SourceTextModule(unaryV8.code));
	// 10 MB of statements; and one export declared many times, where only the first error counts.
	const big = transform(`export const v = 1;\n${"[1, 2, 3].map(x => x * 2);\n".repeat(400_000)}`, url, { sourceMap: false });
	assert.deepEqual(big.errors, []);
	assert.ok(big.code.length > 10_000_000);
	const dupes = transform("export const v = [1, 2, 3].map(x => x * 2);\n".repeat(50_000), url, { sourceMap: false });
	assert.deepEqual(dupes.errors.map((/** @type {{ line: number, message: string }} */ e) => [e.line, e.message]), [[2, "SyntaxError: Identifier 'v' has already been declared"]]); // as V8 says it
	const latin1 = Buffer.from("export const a = '\xe9';", "latin1");
	const utf8 = transform(latin1, url, { sourceMap: false });
	assert.deepEqual(utf8.errors, []);
	assert.ok(utf8.code.includes("const a = '\ufffd';"), utf8.code);
	const json = transform('{ "a": 1, }', "file:///app/x.json", { format: "json" });
	assert.equal(json.errors[0].code, "DYNOHOT_SYNTAX_ERROR");
	assert.deepEqual([json.errors[0].line, json.errors[0].column], [1, 11]);
	const ok = transform('{ "a": [1, "</script>"] }', "file:///app/x.json", { format: "json" });
	assert.deepEqual(ok.errors, []);
	assert.doesNotThrow(() => new vm.SourceTextModule(ok.code));
});

test("prefetched imports give the same shells, and an edit made meanwhile wins", () => {
	const dir = mkdtempSync(join(tmpdir(), "dynohot-prefetch-"));
	try {
		const url = (/** @type {string} */ name) => pathToFileURL(join(dir, name)).href;
		/** @type {Record<string, string>} */
		const files = {
			"main.js": 'import { a } from "./a.js";\nimport d from "./d.json" with { type: "json" };\nexport const m = a + d.n;\n',
			"a.js": 'import { b } from "./lib/b.js";\nexport const a = b;\n',
			"lib/b.js": "export const b = 1;\n",
			"d.json": '{ "n": 2 }\n',
		};
		writeFileSync(join(dir, "package.json"), "{}");
		for (const [name, text] of Object.entries(files)) {
			mkdirSync(dirname(join(dir, name)), { recursive: true });
			writeFileSync(join(dir, name), text);
		}
		const options = { sourceMap: false };
		/** @param {string} name @param {boolean} prefetch */
		const shell = (name, prefetch) =>
			transform(readFileSync(join(dir, name)), url(name), { ...options, format: name.endsWith(".json") ? "json" : "module", prefetch }).code;
		const expected = Object.fromEntries(Object.keys(files).map(name => [name, shell(name, false)]));
		assert.equal(shell("main.js", true), expected["main.js"]);
		// Whether a result was ready, still running or still queued when asked for depends on timing;
		// each must give the same shell (cargo test checks the hand-over itself). b.js is an import
		// of an import: the background thread runs ahead to it.
		for (const name of ["a.js", "d.json", "lib/b.js"]) assert.equal(shell(name, true), expected[name], name);
		// Prefetched, then edited before the hook asks: the hook's bytes decide.
		shell("main.js", true);
		writeFileSync(join(dir, "a.js"), "export const a = 3;\n");
		assert.match(shell("a.js", true), /const a = 3;/);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
