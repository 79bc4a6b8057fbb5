// The addon's transform seen from Node: shells are valid ES modules that behave like the original
// module (getters, TDZ, hoisting, read-only imports), and their source maps lead a real
// `node --enable-source-maps` stack trace back to the original file, line and column.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
		module.dependencySpecifiers.sort(),
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
	assert.match(error.rendered, /^file:\/\/\/app\/bad\.js:2:9\n/);
});

test("binary input and empty files give a result, never a crash", () => {
	const binary = transform(Buffer.from([0xff, 0xfe, 0x00, 0x81]), "file:///app/bin.js");
	assert.equal(binary.errors[0].code, "DYNOHOT_INVALID_ENCODING");
	const empty = transform("", "file:///app/empty.js");
	assert.deepEqual(empty.errors, []);
	assert.doesNotThrow(() => new vm.SourceTextModule(empty.code));
});

/**
 * Evaluates a shell with a minimal stand-in for the runtime: runs the body's three phases and
 * returns its getters, holder setter, and a function running the body.
 * @param {string} source
 * @param {Record<string, unknown>} imports holder properties (plain values)
 */
async function instantiate(source, imports = {}) {
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
	const iterator = execute(null, () => {}, (/** @type {any} */ r, /** @type {any} */ g) => ((rebind = r), (getters = g)));
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
