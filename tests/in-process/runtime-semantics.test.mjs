// Module semantics of the hot runtime against V8's own: each program runs natively (V8 links
// `vm.SourceTextModule`s) and under the runtime (the in-memory harness, real transform), and must
// print the same lines and end the same way.
import assert from "node:assert/strict";
import { test } from "node:test";
import { hot, native } from "../support/compare.mjs";

/**
 * @param {Record<string, string>} files
 * @param {{ logs?: string[], error?: string }} [expected] what V8 does, pinned wherever the
 *   program is about an error: the exact texts V8 prints, so that a harness that lost or
 *   rewrote messages on both sides alike could not pass
 */
async function same(files, expected) {
	const reference = await native(files);
	const actual = await hot(files);
	assert.deepEqual(actual, reference);
	if (expected?.logs !== undefined) assert.deepEqual(reference.logs, expected.logs);
	if (expected !== undefined && "error" in expected) assert.equal(reference.error, expected.error);
}

test("the harness tells the two sides apart: only the hot side has import.meta.hot", async () => {
	const files = { "main.js": `log(typeof import.meta.hot); throw new Error(import.meta.hot ? "hot" : "native");` };
	assert.deepEqual(await native(files), { logs: ["undefined"], error: "Error: native" });
	assert.deepEqual(await hot(files), { logs: ["object"], error: "Error: hot" });
});

test("evaluation order: dependencies first, in request order, a cycle entered once", () =>
	same(
		{
			"main.js": `import "./a.js"; import "./c.js"; log("main");`,
			"a.js": `import "./b.js"; log("a");`,
			"b.js": `import "./a.js"; import "./c.js"; log("b");`,
			"c.js": `log("c");`,
		},
		{ logs: ["c", "b", "a", "main"] },
	));

test("request order is source order of first appearance, re-exports included", () =>
	same({
		"main.js": `export * from "./x.js"; import "./y.js"; export { z } from "./z.js"; import "./x.js"; log("main");`,
		"x.js": `log("x");`,
		"y.js": `log("y");`,
		"z.js": `log("z"); export const z = 1;`,
	}));

test("hoisted functions are callable from a cyclic importer before their module ran", () =>
	same({
		"main.js": `import "./a.js";`,
		"a.js": `import { hello } from "./b.js"; export function fromA() { return "a"; } log("a");`,
		"b.js": `import { fromA } from "./a.js"; log("b", fromA()); export function hello() {}`,
	}));

test("reading a binding before its module initialized it is a ReferenceError", () =>
	same(
		{
			"main.js": `import "./a.js";`,
			"a.js": `import { b } from "./b.js"; export const a = 1; log("a", b);`,
			"b.js": `import { a } from "./a.js"; log("b"); log(typeof a); export const b = 2;`,
		},
		{ error: "ReferenceError: Cannot access 'a' before initialization" },
	));

test("TDZ is per binding: class and let too, caught and reported", () =>
	same(
		{
			"main.js": `import "./a.js";`,
			"a.js": `import "./b.js"; export class K {} export let l = 1;`,
			"b.js": `import { K, l } from "./a.js"; for (const read of [() => K, () => l]) { try { read(); } catch (e) { log(e.constructor.name, e.message); } }`,
		},
		{
			logs: ["ReferenceError Cannot access 'K' before initialization", "ReferenceError Cannot access 'l' before initialization"],
			error: undefined,
		},
	));

test("assigning to an import is a TypeError at run time, in every form", () =>
	same(
		{
			"main.js": `import { x } from "./x.js";
for (const attempt of [() => { x = 2; }, () => { x++; }, () => { ({ x } = { x: 3 }); }, () => { for (x of [1]); }, () => { x += 1; }]) {
	try { attempt(); log("no error"); } catch (error) { log(error.constructor.name, error.message); }
}
log(x);`,
			"x.js": `export let x = 1;`,
		},
		{
			logs: [
				"TypeError Assignment to constant variable.",
				"TypeError Assignment to constant variable.",
				"TypeError Assignment to constant variable.",
				"TypeError Assignment to constant variable.",
				"TypeError Assignment to constant variable.",
				"1",
			],
			error: undefined,
		},
	));

test("live bindings: an importer sees later assignments", () =>
	same({
		"main.js": `import { count, increment } from "./counter.js"; import * as ns from "./counter.js"; log(count); increment(); log(count, ns.count);`,
		"counter.js": `export let count = 0; export function increment() { count++; }`,
	}));

test("calling an imported function: `this` is undefined", () =>
	same({
		"main.js": `import { f } from "./f.js"; log(String(f())); log(typeof f\`x\`);`,
		"f.js": `export function f() { return this; }`,
	}));

test("a missing export is V8's SyntaxError, before anything runs", () =>
	same(
		{
			"main.js": `log("main"); import { nope } from "./a.js";`,
			"a.js": `log("a"); export const yes = 1;`,
		},
		{ logs: [], error: "SyntaxError: The requested module './a.js' does not provide an export named 'nope'" },
	));

test("a missing default export", () =>
	same(
		{ "main.js": `import x from "./a.js"; log(x);`, "a.js": `export const y = 1;` },
		{
			logs: [],
			error: "SyntaxError: The requested module './a.js' does not provide an export named 'default'",
		},
	));

test("an unresolvable indirect export fails linking even when nobody imports it", () =>
	same(
		{ "main.js": `import "./a.js"; log("main");`, "a.js": `export { nope } from "./b.js";`, "b.js": `export const yes = 1;` },
		{
			logs: [],
			error: "SyntaxError: The requested module './b.js' does not provide an export named 'nope'",
		},
	));

test("star exports: ambiguity is a SyntaxError naming the conflict", () =>
	same(
		{
			"main.js": `import { x } from "./both.js"; log(x);`,
			"both.js": `export * from "./a.js"; export * from "./b.js";`,
			"a.js": `export const x = "a";`,
			"b.js": `export const x = "b";`,
		},
		{ error: "SyntaxError: The requested module './both.js' contains conflicting star exports for name 'x'" },
	));

test("star exports: an ambiguous name is left out of the namespace", () =>
	same({
		"main.js": `import * as ns from "./both.js"; log(Object.keys(ns)); log("x" in ns, ns.x);`,
		"both.js": `export * from "./a.js"; export * from "./b.js";`,
		"a.js": `export const x = "a", onlyA = 1;`,
		"b.js": `export const x = "b", onlyB = 2;`,
	}));

test("star exports: a local export shadows, the same binding twice is not ambiguous, default is never starred", () =>
	same({
		"main.js": `import * as ns from "./barrel.js"; import { x, shared } from "./barrel.js"; log(Object.keys(ns), x, shared);`,
		"barrel.js": `export * from "./a.js"; export * from "./b.js"; export const x = "local";`,
		"a.js": `export const x = "a"; export { shared } from "./shared.js"; export default 1;`,
		"b.js": `export const x = "b"; export * from "./shared.js"; export default 2;`,
		"shared.js": `export const shared = "s";`,
	}));

test("an indirect export of an ambiguous star name fails linking", () =>
	same(
		{
			"main.js": `import "./re.js";`,
			"re.js": `export { x } from "./both.js";`,
			"both.js": `export * from "./a.js"; export * from "./b.js";`,
			"a.js": `export const x = "a";`,
			"b.js": `export const x = "b";`,
		},
		{
			logs: [],
			error: "SyntaxError: The requested module './both.js' contains conflicting star exports for name 'x'",
		},
	));

test("circular export * terminates; self export * too", () =>
	same({
		"main.js": `import * as a from "./a.js"; import * as b from "./b.js"; import { fromB } from "./a.js"; log(Object.keys(a), Object.keys(b), fromB);`,
		"a.js": `export * from "./b.js"; export * from "./a.js"; export const fromA = 1;`,
		"b.js": `export * from "./a.js"; export const fromB = 2;`,
	}));

test("renamed and chained re-exports, in imports and in namespaces", () =>
	same({
		"main.js": `import { b, c, d as dd } from "./re.js"; import * as ns from "./re.js"; log(b, c, dd, Object.keys(ns), ns.b, ns.d);`,
		"re.js": `export { a as b } from "./a.js"; export { b as c } from "./re.js"; import { a } from "./a.js"; export { a as d };`,
		"a.js": `export const a = "A";`,
	}));

test("export * as ns and import * as ns: the same namespace object", () =>
	same({
		"main.js": `import { ns } from "./re.js"; import * as direct from "./a.js"; log(ns === direct, Object.keys(ns), ns.a);`,
		"re.js": `export * as ns from "./a.js";`,
		"a.js": `export const a = 1;`,
	}));

test("string export names", () =>
	same({
		"main.js": `import { "a-b" as ab, "☃" as snow } from "./a.js"; import * as ns from "./re.js"; log(ab, snow, Object.keys(ns), ns["x y"]);`,
		"a.js": `const v = 1; export { v as "a-b", v as "☃" };`,
		"re.js": `export { "a-b" as "x y" } from "./a.js";`,
	}));

test("namespace objects behave like V8's", () =>
	same(
		{
			"main.js": `import * as ns from "./a.js";
log(Object.prototype.toString.call(ns), ns[Symbol.toStringTag], Object.getPrototypeOf(ns));
log(Object.keys(ns), Object.getOwnPropertyNames(ns), Reflect.ownKeys(ns).filter(k => typeof k === "string"));
log(Object.isExtensible(ns), Object.isFrozen(ns), Object.isSealed(ns), "b" in ns, "zz" in ns);
log(Object.getOwnPropertyDescriptor(ns, "b"), Object.getOwnPropertyDescriptor(ns, Symbol.toStringTag));
log(Reflect.deleteProperty(ns, "zz"), Reflect.defineProperty(ns, "b", { value: 2 }), Reflect.setPrototypeOf(ns, null), Reflect.preventExtensions(ns));
log(Reflect.set(ns, "b", 1), Reflect.set(ns, "zz", 1), Reflect.deleteProperty(ns, "b"), Reflect.defineProperty(ns, "zz", { value: 1 }), Reflect.defineProperty(ns, "b", { value: 3 }), Reflect.setPrototypeOf(ns, {}));
const attempts = [
	() => { ns.b = 1; }, () => { ns.zz = 1; }, () => { ns[Symbol.toStringTag] = 1; }, () => { delete ns.b; }, () => { Object.freeze(ns); },
	() => { Object.defineProperty(ns, "b", { value: 3 }); }, () => { Object.defineProperty(ns, "b", { value: 2 }); }, () => { Object.defineProperty(ns, "zz", { value: 2 }); },
	() => { Object.setPrototypeOf(ns, {}); }, () => { Object.assign(ns, { a: 1 }); },
];
for (const attempt of attempts) {
	try { attempt(); log("no error"); } catch (error) { log(error.constructor.name, error.message); }
}
log(JSON.stringify(ns), { ...ns }, Object.entries(ns));`,
			"a.js": `export const c = 3, b = 2, a = 1; export const _ = 0, B = "B"; export default "d";`,
		},
		{
			logs: [
				"[object Module] Module null",
				'["B","_","a","b","c","default"] ["B","_","a","b","c","default"] ["B","_","a","b","c","default"]',
				"false false true true false",
				'{"value":2,"writable":true,"enumerable":true,"configurable":false} {"value":"Module","writable":false,"enumerable":false,"configurable":false}',
				"true true true true",
				"false false false false false false",
				"TypeError Cannot assign to read only property 'b' of object '[object Module]'",
				"TypeError Cannot add property zz, object is not extensible",
				"TypeError Cannot assign to read only property 'Symbol(Symbol.toStringTag)' of object '[object Module]'",
				"TypeError Cannot delete property 'b' of [object Module]",
				"TypeError Cannot redefine property: B",
				"TypeError Cannot redefine property: b",
				"no error",
				"TypeError Cannot redefine property: zz",
				"TypeError [object Module] is not extensible",
				"TypeError Cannot assign to read only property 'a' of object '[object Module]'",
				'{"B":"B","_":0,"a":1,"b":2,"c":3,"default":"d"} {"B":"B","_":0,"a":1,"b":2,"c":3,"default":"d"} [["B","B"],["_",0],["a",1],["b",2],["c",3],["default","d"]]',
			],
			error: undefined,
		},
	));

test("a namespace read before its module ran throws for uninitialized bindings", () =>
	same(
		{
			"main.js": `import "./a.js";`,
			"a.js": `import * as ns from "./b.js"; export const fromA = 1; log("a", ns.early);`,
			"b.js": `import * as ns from "./a.js"; try { Object.keys(ns); } catch (e) { log(e.constructor.name, e.message); } log("in", "fromA" in ns); try { log(ns.fromA); } catch (e) { log(e.message); } export const early = 1;`,
		},
		{
			logs: ["ReferenceError Cannot access 'fromA' before initialization", "in true", "Cannot access 'fromA' before initialization", "a 1"],
			error: undefined,
		},
	));

test("export default forms: names and snapshot semantics", () =>
	same({
		"main.js": `import f from "./f.js"; import C from "./c.js"; import v from "./v.js"; import snap, { change } from "./snap.js"; log(f.name, C.name, v); change(); log(snap);`,
		"f.js": `export default function () {}`,
		"c.js": `export default class {}`,
		"v.js": `export default 1 + 1;`,
		"snap.js": `let value = 1; export default value; export function change() { value = 2; }`,
	}));

// The vm reference differs here (an importer of a failed module gets another error object from
// `vm.Module#evaluate`); a plain `node` run gives the same object, as pinned below.
test("an evaluation error is cached: every later import rethrows the same object", async () =>
	assert.deepEqual(
		await hot({
			"main.js": `const errors = [];
for (let i = 0; i < 2; i++) { try { await import("./bad.js"); } catch (error) { errors.push(error); } }
try { await import("./imports-bad.js"); } catch (error) { errors.push(error); }
log(errors.length, errors[0] === errors[1], errors[1] === errors[2], errors[0].message);`,
			"bad.js": `log("bad runs"); throw new Error("boom");`,
			"imports-bad.js": `import "./bad.js"; log("never");`,
		}),
		{ logs: ["bad runs", "3 true true boom"], error: undefined },
	));

test("an error in a cycle fails every module of the cycle", () =>
	same(
		{
			"main.js": `try { await import("./a.js"); } catch (e) { log("a:", e.message); } try { await import("./b.js"); } catch (e) { log("b:", e.message); }`,
			"a.js": `import "./b.js"; log("a");`,
			"b.js": `import "./a.js"; log("b"); throw new Error("in b");`,
		},
		{
			logs: ["b", "a: in b", "b: in b"],
			error: undefined,
		},
	));

test("top-level await: siblings interleave, importers wait", () =>
	same({
		"main.js": `import "./slow.js"; import "./fast.js"; import "./sync.js"; log("main");`,
		"slow.js": `log("slow start"); await new Promise(r => setTimeout(r, 5)); log("slow end");`,
		"fast.js": `log("fast start"); await 0; log("fast end");`,
		"sync.js": `log("sync");`,
	}));

test("top-level await in a cycle", () =>
	same({
		"main.js": `import "./a.js"; log("main");`,
		"a.js": `import "./b.js"; log("a"); await 0; log("a after");`,
		"b.js": `import "./a.js"; log("b"); await 0; log("b after");`,
	}));

test("a rejected top-level await fails importers, and later imports get the same error", () =>
	same(
		{
			"main.js": `try { await import("./a.js"); } catch (e) { log("first", e.message); try { await import("./b.js"); } catch (f) { log("second", e === f); } }`,
			"a.js": `import "./b.js"; log("a never");`,
			"b.js": `await 0; throw new Error("late");`,
		},
		{
			logs: ["first late", "second true"],
			error: undefined,
		},
	));

test("importing a module whose top-level await already finished does not wait for it again", () =>
	same({
		"main.js": `import "./tla.js"; log("main"); const ns = await import("./later.js"); log("later", ns.v);`,
		"tla.js": `await 0; log("tla"); export const x = 1;`,
		"later.js": `import { x } from "./tla.js"; export const v = x + 1;`,
	}));

test("dynamic import: namespaces, identity with static imports, missing modules", () =>
	same(
		{
			"main.js": `import * as a from "./a.js";
const again = await import("./a.js");
log(again === a, Object.keys(again));
const fresh = await import("./b.js");
log(Object.keys(fresh), fresh.b);
try { await import("./missing.js"); } catch (e) { log(e.code); }`,
			"a.js": `export const a = 1;`,
			"b.js": `log("b runs"); export const b = 2;`,
		},
		{
			logs: ['true ["a"]', "b runs", '["b"] 2', "ERR_MODULE_NOT_FOUND"],
			error: undefined,
		},
	));

test("JSON modules, statically and dynamically, one object", () =>
	same({
		"main.js": `import data from "./data.json" with { type: "json" };
const again = await import("./data.json", { with: { type: "json" } });
log(data, again.default === data, Object.keys(again));`,
		"data.json": `{ "b": [1, 2], "a": "x" }`,
	}));

test("builtins through adapters: named imports, namespaces, export * from a builtin", () =>
	same({
		"main.js": `import { sep } from "node:path";
import path from "node:path";
import * as re from "./re.js";
log(sep, typeof path.join, typeof re.join, "default" in re, re.own);
const dynamic = await import("node:path");
log(dynamic.sep === sep);`,
		"re.js": `export * from "node:path"; export const own = 1;`,
	}));

test("import.meta.url is the module URL; top-level this is undefined", () =>
	same({
		"main.js": `import "./sub/a.js"; log(import.meta.url, String(this));`,
		"sub/a.js": `log(import.meta.url);`,
	}));

test("a module imported through two specifiers is one instance", () =>
	same({
		"main.js": `import { n } from "./a.js"; import { n as m } from "./sub/../a.js"; log(n === m);`,
		"a.js": `log("a once"); export const n = {};`,
	}));
