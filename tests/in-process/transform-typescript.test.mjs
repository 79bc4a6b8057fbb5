// The addon's transform of TypeScript, TSX and JSX seen from Node: the options are checked in
// Node's words, shells of erased and compiled modules run and behave as tsc's output does, their
// source maps lead a real `node --enable-source-maps` stack trace to the `.ts` line and column,
// and `codeHash` is the same for an edit that changed only types.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";

const { transform } = createRequire(import.meta.url)("../../native.cjs");

/**
 * Runs `source` (TypeScript) as a shell with a runtime that executes it once, in a real node
 * process; returns its stdout and stderr.
 * @param {import("node:test").TestContext} t
 * @param {string} source
 * @param {Record<string, unknown>} [options]
 */
function run(t, source, options = {}) {
	const dir = mkdtempSync(join(tmpdir(), "dynohot-ts-"));
	t.after(() => rmSync(dir, { recursive: true, force: true }));
	writeFileSync(join(dir, "runtime.mjs"), "export const acquire = () => ({ load(meta, info, execute) { globalThis.info = info; const it = execute(null, null, () => {}); it.next(); it.next(); } });\n");
	const url = pathToFileURL(join(dir, "original.ts")).href;
	const { code, errors } = transform(source, url, { lang: "ts", runtime: pathToFileURL(join(dir, "runtime.mjs")).href, ...options });
	assert.deepEqual(errors, []);
	writeFileSync(join(dir, "shell.mjs"), code);
	return spawnSync(process.execPath, ["--enable-source-maps", join(dir, "shell.mjs")], { encoding: "utf8" });
}

test("wrong lang and typescript options are TypeErrors in Node's words", () => {
	assert.throws(() => transform("", "file:///app/a.ts", { lang: "py" }), {
		name: "TypeError",
		code: "ERR_INVALID_ARG_VALUE",
		message: "The property 'options.lang' must be one of: 'js', 'ts', 'tsx', 'jsx'. Received 'py'",
	});
	assert.throws(() => transform("", "file:///app/a.ts", { lang: "ts", typescript: "yes" }), {
		name: "TypeError",
		code: "ERR_INVALID_ARG_TYPE",
		message: "The \"options.typescript\" property must be of type object. Received type string ('yes')",
	});
	assert.throws(() => transform("", "file:///app/a.ts", { lang: "ts", typescript: { verbatimModuleSyntax: 1 } }), {
		code: "ERR_INVALID_ARG_TYPE",
		message: "The \"options.typescript.verbatimModuleSyntax\" property must be of type boolean. Received type number (1)",
	});
	assert.throws(() => transform("", "file:///app/a.tsx", { lang: "tsx", typescript: { jsx: "solid" } }), {
		code: "ERR_INVALID_ARG_VALUE",
		message: "The property 'options.typescript.jsx' must be one of: 'react-jsx', 'react-jsxdev', 'react', 'preserve'. Received 'solid'",
	});
	// Absent (undefined) options are the defaults.
	assert.deepEqual(transform("let a: number = 1;", "file:///app/a.ts", { lang: "ts", typescript: { jsx: undefined } }).errors, []);
});

test("erased and compiled TypeScript runs as tsc's output does", t => {
	const source = [
		"interface Named { name: string }",
		"enum Color { Red, Green = \"g\" }",
		"const enum Bits { A = 1, B = A << 1 }",
		"namespace Geo { export const origin = { x: 0 }; export function f() { return origin.x; } }",
		"class Point implements Named {",
		"  declare tag: string;",
		"  constructor(public name: string, private readonly x: number = 2) {}",
		"  get double(): number { return this.x * 2; }",
		"}",
		"function logged(value: Function, context: ClassMethodDecoratorContext) { return function (this: unknown, ...args: unknown[]) { return `logged ${String(context.name)}: ${value.apply(this, args)}`; }; }",
		"class Service { @logged hello(who: string): string { return `hi ${who}`; } }",
		"const id = <T,>(v: T): T => v;",
		"console.log(JSON.stringify([Color.Red, Color[0], Color.Green, Bits.B, Geo.f(), new Point(\"p\").double, \"tag\" in new Point(\"q\"), new Service().hello(\"you\"), id(5) satisfies number]));",
	].join("\n");
	const result = run(t, source);
	assert.equal(result.stderr, "");
	assert.equal(result.stdout, "[0,\"Red\",\"g\",2,0,4,false,\"logged hello: hi you\",5]\n");
	const legacy = run(t, "function sealed(target: Function) { Object.seal(target); }\n@sealed class A { constructor(readonly a = 1) {} }\nconsole.log(Object.isSealed(A), new A().a);\n", { typescript: { experimentalDecorators: true } });
	assert.equal(legacy.stderr, "");
	assert.equal(legacy.stdout, "true 1\n");
});

test("with --enable-source-maps a stack trace points at the .ts line and column, erased or compiled", t => {
	/** @param {string} prefix */
	const check = prefix => {
		const source = `${prefix}type T = { a: number };\nfunction thrower(a: T): never {\n\tconst value: number = 1; throw new Error("boom");\n}\nthrower({ a: 1 });\n`;
		const result = run(t, source);
		const line = source.split("\n").findIndex(l => l.includes("throw new")) + 1;
		const column = source.split("\n")[line - 1].indexOf("new Error") + 1;
		assert.match(result.stderr, new RegExp(`original\\.ts:${line}:${column}\\b`), result.stderr);
	};
	check("");
	check("// one\n// two\n\n\n");
	// Compiled: an enum, a namespace and parameter properties change the line count before it.
	check("enum E {\n  A,\n  B,\n}\nnamespace N { export const x = 1; }\nclass K { constructor(private k: number) {} }\n");
});

test("codeHash is in the result and the shell's info, equal for an edit that changed only types", t => {
	/** @param {string} source */
	const hash = source => transform(source, "file:///app/a.ts", { lang: "ts" }).codeHash;
	const before = "import { User } from \"./user.js\";\nexport function name(u: User): string {\n  return u.name;\n}\n";
	const typesOnly = "import { User } from \"./user.js\";\n// renamed the parameter's type\nexport function name(u: Readonly<User>): string {\n  return u.name;\n}\n";
	const code = "import { User } from \"./user.js\";\nexport function name(u: User): string {\n  return u.name.trim();\n}\n";
	assert.match(String(hash(before)), /^[0-9a-f]{16}$/);
	assert.equal(hash(before), hash(typesOnly));
	assert.notEqual(hash(before), hash(code));
	assert.equal(transform("export {};", "file:///app/a.js").codeHash, undefined);
	const result = run(t, "const a: number = 1;\nconsole.log(JSON.stringify(globalThis.info.codeHash));\n");
	assert.match(result.stdout, /^"[0-9a-f]{16}"\n$/);
});
