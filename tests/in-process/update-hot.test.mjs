// The `import.meta.hot` API and every update outcome on the in-memory harness, with the exact
// `[hot]` message texts, and a regression test for each bug of the original dynohot we fixed
// (named by the behaviour it gets right).
import assert from "node:assert/strict";
import { format } from "node:util";
import { afterEach, beforeEach, test } from "node:test";
import { MemoryApp } from "../support/memory-app.mjs";
import { configureMessages, logResult, onMessage } from "../../src/runtime/messages.js";

/** @type {string[]} */
let events;
/** @type {string[]} */
let messages;
/** @type {() => void} */
let unsubscribe;
beforeEach(() => {
	events = [];
	messages = [];
	/** @type {any} */ (globalThis).events = events;
	configureMessages({ silent: true });
	unsubscribe = onMessage((message, ...params) => void messages.push(format(message, ...params)));
});
afterEach(() => unsubscribe());

/** A statement that records `text` (a JS expression). @param {string} text */
const log = text => `globalThis.events.push(${text});\n`;

/** The logged lines of a result, with the duration zeroed. @param {import("../../src/runtime/update.js").UpdateResult} result */
function logged(result) {
	const before = messages.length;
	logResult(result);
	return messages.splice(before).map(line => line.replace(/ in \d+ms\.$/, " in 0ms."));
}

test("accept(specifier, callback): the importer is relinked, not re-run; the callback sees the new value", async () => {
	const app = new MemoryApp({
		"main.js": `import { v } from "./dep.js";\n${log("`main ${v}`")}import.meta.hot.accept("./dep.js", ns => { ${log("`accept ${v} ${ns.v} ${Object.keys(ns)}`")} });\n`,
		"dep.js": `export const v = 1;\n`,
	});
	await app.main();
	const result = await app.edit({ "dep.js": `export const v = 2;\n` });
	assert.deepEqual(events, ["main 1", "accept 2 2 v"]);
	assert.deepEqual(logged(result), ["Loaded 1 new module, reevaluated 0 existing modules in 0ms."]);
});

test("accept callbacks get the group's namespaces in the group's order, only covering groups run, in registration order", async () => {
	const app = new MemoryApp({
		"main.js": `import "./a.js"; import "./b.js"; import "./c.js";
import.meta.hot.accept(["./b.js", "./a.js"], ([b, a]) => { ${log("`group ${b.name} ${a.name}`")} });
import.meta.hot.accept("./a.js", a => { ${log("`single ${a.name}`")} });
import.meta.hot.accept("./c.js", () => { ${log('"c never"')} });
import.meta.hot.accept(["./c.js", "./b.js"], ([c, b]) => { ${log("`c-b ${c.name} ${b.name}`")} });
`,
		"a.js": `export const name = "a1";`,
		"b.js": `export const name = "b1";`,
		"c.js": `export const name = "c1";`,
	});
	await app.main();
	const result = await app.edit({ "a.js": `export const name = "a2";`, "b.js": `export const name = "b2";` });
	assert.equal(result?.type, "success");
	assert.deepEqual(events, ["group b2 a2", "single a2", "c-b c1 b2"]);
});

test("self-accept: the module re-runs in place, old callbacks get the new namespace, data is handed over", async () => {
	const app = new MemoryApp({
		"main.js": `import "./self.js";\n${log('"main"')}`,
		"self.js": `export const n = 1;\n${log("`self ${n} ${JSON.stringify(import.meta.hot.data)}`")}import.meta.hot.accept(ns => { ${log("`accepted ${ns.n}`")} });\nimport.meta.hot.dispose(data => { data.count = (import.meta.hot.data?.count ?? 0) + 1; });\n`,
	});
	await app.main();
	const source = (/** @type {number} */ n) =>
		`export const n = ${n};\n${log("`self ${n} ${JSON.stringify(import.meta.hot.data)}`")}import.meta.hot.accept(ns => { ${log("`accepted ${ns.n}`")} });\nimport.meta.hot.dispose(data => { data.count = (import.meta.hot.data?.count ?? 0) + 1; });\n`;
	assert.equal((await app.edit({ "self.js": source(2) }))?.type, "success");
	assert.equal((await app.edit({ "self.js": source(3) }))?.type, "success");
	assert.deepEqual(events, ["self 1 undefined", "main", "self 2 {\"count\":1}", "accepted 2", "self 3 {\"count\":2}", "accepted 3"]);
});

test("import.meta.hot and import.meta.dynoHot are one frozen object; import.meta.url is the module URL", async () => {
	const app = new MemoryApp({
		"main.js": `${log("[import.meta.hot === import.meta.dynoHot, Object.isFrozen(import.meta.hot), Object.isFrozen(Object.getPrototypeOf(import.meta.hot)), import.meta.url].join()")}`,
	});
	await app.main();
	assert.deepEqual(events, ["true,true,true,memory:///main.js"]);
});

test("dispose and prune handlers run in reverse registration order; prune runs after the importer re-ran", async () => {
	const app = new MemoryApp({
		"main.js": `import "./gone.js";\nimport.meta.hot.accept();\n${log('"main 1"')}`,
		"gone.js": `import.meta.hot.dispose(() => { ${log('"dispose 1"')} });\nimport.meta.hot.prune(() => { ${log('"prune 2"')} });\nimport.meta.hot.dispose(() => { ${log('"dispose 3"')} });\n`,
	});
	await app.main();
	const result = await app.edit({ "main.js": `import.meta.hot.accept();\n${log('"main 2"')}` });
	assert.equal(result?.type, "success");
	assert.deepEqual(events, ["main 1", "main 2", "dispose 3", "prune 2", "dispose 1"]);
});

test("a pruned module imported again starts fresh (data undefined)", async () => {
	const gone = `${log("`gone ${JSON.stringify(import.meta.hot.data)}`")}import.meta.hot.dispose(data => { data.x = 1; });\n`;
	const app = new MemoryApp({ "main.js": `import "./gone.js";\nimport.meta.hot.accept();\n`, "gone.js": gone });
	await app.main();
	assert.equal((await app.edit({ "main.js": `import.meta.hot.accept();\n` }))?.type, "success");
	assert.equal((await app.edit({ "main.js": `import "./gone.js";\nimport.meta.hot.accept();\n` }))?.type, "success");
	assert.deepEqual(events, ["gone undefined", "gone undefined"]);
});

test("decline(): an update that would re-run the module is declined and discarded", async () => {
	const app = new MemoryApp({
		"main.js": `import "./a.js";\nimport.meta.hot.accept("./a.js");\n`,
		"a.js": `import "./b.js";\nimport.meta.hot.decline();\n`,
		"b.js": `export const b = 1;\n`,
	});
	await app.main();
	const result = await app.edit({ "b.js": `export const b = 2;\n` });
	assert.deepEqual(logged(result), ["A pending update was explicitly declined:\n- memory:///a.js"]);
	assert.equal(app.controller("b.js").staging, undefined);
});

test("unaccepted: nothing runs, the message draws the tree from the root to the change", async () => {
	const app = new MemoryApp({
		"main.js": `import "./a.js";\nimport "./b.js";\n${log('"main"')}`,
		"a.js": `import "./c.js";\nimport.meta.hot.dispose(() => { ${log('"dispose a"')} });\n`,
		"b.js": `import "./c.js";\n`,
		"c.js": `import "./e.js";\n`,
		"e.js": `export const e = 1;\n`,
	});
	await app.main();
	const result = await app.edit({ "e.js": `export const e = 2;\n` });
	assert.deepEqual(events, ["main"]);
	assert.deepEqual(logged(result), [
		[
			"A pending update was not accepted, and reached the root module:",
			"  [memory:///main.js]",
			"  ├─ [memory:///a.js]",
			"  │  └─ [memory:///c.js]",
			"  │     └─ [memory:///e.js] 🔄",
			"  └─ [memory:///b.js]",
			"     └─ [memory:///c.js]",
			"        [...]",
		].join("\n"),
	]);
});

test("a changed cycle under a root that does not accept it is unaccepted; the root never re-runs", async () => {
	const app = new MemoryApp({
		"main.js": `import "./a.js";\n${log('"main"')}`,
		"a.js": `import "./b.js";\n${log('"a"')}`,
		"b.js": `import "./a.js";\n${log('"b"')}`,
	});
	await app.main();
	const result = await app.edit({ "b.js": `import "./a.js";\n${log('"b2"')}` });
	assert.equal(result?.type, "unaccepted");
	assert.deepEqual(events, ["b", "a", "main"]);
});

test("a module importing only the unchanged member of a changed cycle does not accept it vacuously", async () => {
	const app = new MemoryApp({
		"main.js": `import "./a.js";\nimport "./p.js";\nimport.meta.hot.accept("./p.js");\n${log('"main"')}`,
		"p.js": `import "./a.js";\nimport.meta.hot.accept("./a.js", () => { ${log('"p accepts a"')} });\n`,
		"a.js": `import "./b.js";\n${log('"a"')}`,
		"b.js": `import "./a.js";\n${log('"b"')}`,
	});
	await app.main();
	// main imports a (a member of the changed cycle) without accepting it: unaccepted.
	const result = await app.edit({ "b.js": `import "./a.js";\n${log('"b2"')}` });
	assert.equal(result?.type, "unaccepted");
	assert.deepEqual(events, ["b", "a", "main"]);
});

test("link error: nothing runs, the message names the import; staged code is kept and applied once it links (also when the importer is fixed instead)", async () => {
	const app = new MemoryApp({
		"main.js": `import "./user.js";\nimport "./dep.js";\nimport.meta.hot.accept(["./user.js", "./dep.js"]);\n`,
		"user.js": `import { v } from "./dep.js";\nglobalThis.read = () => v;\n`,
		"dep.js": `export const v = 1;\nexport const w = 1;\n`,
	});
	await app.main();
	const failed = await app.edit({ "dep.js": `export const w = 2;\n` });
	assert.deepEqual(logged(failed), [
		"Caught link error:\nSyntaxError: The requested module './dep.js' does not provide an export named 'v'\n    at (memory:///user.js)",
	]);
	assert.equal(/** @type {any} */ (globalThis).read(), 1);
	// The importer stops needing `v`: both the new importer and dep's staged code apply.
	const fixed = await app.edit({ "user.js": `import { w } from "./dep.js";\nglobalThis.read = () => w;\n` });
	assert.equal(fixed?.type, "success");
	assert.equal(/** @type {any} */ (globalThis).read(), 2);
});

test("evaluation error: the stats line counts the module that threw, the old code keeps running, dispose handlers never run twice, the fix applies", async () => {
	const dep = (/** @type {string} */ body) => `${body}\nimport.meta.hot.dispose(() => { ${log('"dispose"')} });\nexport const v = 1;\n`;
	const app = new MemoryApp({
		"main.js": `import "./dep.js";\nimport "./other.js";\nimport.meta.hot.accept(["./dep.js", "./other.js"]);\n`,
		"dep.js": dep(log('"dep 1"')),
		"other.js": `export const o = 1;\n`,
	});
	await app.main();
	const failed = await app.edit({ "dep.js": dep(`${log('"dep 2"')}throw new Error("boom");`) });
	assert.equal(failed?.type, "evaluationError");
	const lines = logged(failed);
	assert.equal(lines[0], "Loaded 1 new module, reevaluated 0 existing modules in 0ms.");
	assert.match(lines[1], /^Caught evaluation error: Error: boom\n {4}at /);
	// An unrelated edit retries the staged code of dep.js: no second dispose.
	const retried = await app.edit({ "other.js": `export const o = 2;\n` });
	assert.equal(retried?.type, "evaluationError");
	const fixed = await app.edit({ "dep.js": dep(log('"dep 3"')) });
	assert.equal(fixed?.type, "success");
	assert.deepEqual(events, ["dep 1", "dispose", "dep 2", "dep 2", "dep 3"]);
});

test("a dispose handler that throws is fatal, and stays fatal", async () => {
	const app = new MemoryApp({
		"main.js": `import "./dep.js";\nimport.meta.hot.accept("./dep.js");\n`,
		"dep.js": `import.meta.hot.dispose(() => { throw new Error("no"); });\n`,
	});
	await app.main();
	const result = await app.edit({ "dep.js": `// 2\n` });
	assert.deepEqual(result, { type: "fatal" });
	assert.match(messages[0], /^Caught error in module 'memory:\/\/\/dep.js' during dispose:\nError: no\n/);
	assert.deepEqual(logged(result), ["A fatal error was encountered. The application should be restarted!"]);
	assert.deepEqual(await app.edit({ "dep.js": `// 3\n` }), { type: "fatal" });
});

test("invalidate(): the module re-runs in the next update; importers that accept it are relinked", async () => {
	const app = new MemoryApp({
		"main.js": `import { n } from "./dep.js";\nimport.meta.hot.accept("./dep.js", () => { ${log("`main sees ${n}`")} });\n`,
		"dep.js": `export const n = (globalThis.counter = (globalThis.counter ?? 0) + 1);\n${log("`dep ${n}`")}globalThis.invalidateDep = () => import.meta.hot.invalidate();\n`,
	});
	/** @type {any} */ (globalThis).counter = 0;
	await app.main();
	/** @type {any} */ (globalThis).invalidateDep();
	const result = await app.update();
	assert.equal(result?.type, "success");
	assert.deepEqual(result?.type === "success" && [result.stats.loads, result.stats.reevaluations], [0, 1]);
	assert.deepEqual(events, ["dep 1", "dep 2", "main sees 2"]);
});

test("on('message') gets every message as (format, ...params), and the unsubscribe function works", async () => {
	const app = new MemoryApp({
		"main.js": `import "./dep.js";\nimport.meta.hot.accept("./dep.js");\nconst off = import.meta.hot.on("message", (format, ...params) => globalThis.events.push([format, ...params].join("|")));\nglobalThis.off = off;\n`,
		"dep.js": `export const x = 1;\n`,
	});
	await app.main();
	logResult(await app.edit({ "dep.js": `export const x = 2;\n` }));
	/** @type {any} */ (globalThis).off();
	logResult(await app.edit({ "dep.js": `export const x = 3;\n` }));
	assert.equal(events.length, 1);
	assert.match(events[0], /^Loaded %d new module, reevaluated %d existing modules in %dms\.\|1\|0\|\d+$/);
});

test("an unresolvable accept specifier warns at every update and voids its group", async () => {
	const app = new MemoryApp({
		"main.js": `import "./dep.js";\nimport.meta.hot.accept(["./dep.js", "./nope.js"]);\nimport("./dep.js");\n`,
		"dep.js": `export const x = 1;\n`,
	});
	await app.main();
	const result = await app.edit({ "dep.js": `export const x = 2;\n` });
	assert.equal(result?.type, "unaccepted");
	assert.deepEqual(messages.slice(0, 2), ['Warning: specifier "./nope.js" from memory:///main.js could not be resolved.', 'The entire accept group of: "./dep.js", "./nope.js" will be ignored.']);
});

test("a failed reload (syntax error) logs the error and keeps the old code", async () => {
	const app = new MemoryApp({ "main.js": `import "./dep.js";\nimport.meta.hot.accept("./dep.js");\n`, "dep.js": `export const x = 1;\n` });
	await app.main();
	assert.equal(await app.save({ "dep.js": `export const = ;\n` }), false);
	assert.match(messages[0], /^Error in module 'memory:\/\/\/dep.js':\nSyntaxError: /);
	assert.equal(await app.update(), undefined);
});

test("requestUpdate while an update runs queues exactly one more that covers every change", async () => {
	const app = new MemoryApp({
		"main.js": `import "./a.js";\nimport "./b.js";\nimport.meta.hot.accept(["./a.js", "./b.js"]);\n`,
		"a.js": `await new Promise(r => setTimeout(r, 20));\n${log('"a 1"')}`,
		"b.js": `${log('"b 1"')}`,
	});
	await app.main();
	await app.save({ "a.js": `await new Promise(r => setTimeout(r, 20));\n${log('"a 2"')}` });
	const first = app.app.requestUpdate();
	await app.save({ "b.js": log('"b 2"') });
	const second = app.app.requestUpdate();
	await app.save({ "a.js": `await new Promise(r => setTimeout(r, 20));\n${log('"a 3"')}` });
	const third = app.app.requestUpdate();
	await Promise.all([first, second, third]);
	// The first update applies a 2; the one follow-up applies b 2 and a 3 together.
	assert.deepEqual(events.slice(0, 3), ["b 1", "a 1", "a 2"]);
	assert.deepEqual(events.slice(3).sort(), ["a 3", "b 2"]);
	assert.equal(messages.filter(line => line.startsWith("Loaded")).length, 2);
});

test("reloads of one module are serialized: the newest save is staged last", async () => {
	const app = new MemoryApp({ "main.js": `import { v } from "./dep.js";\nimport.meta.hot.accept("./dep.js");\nglobalThis.read = () => v;\n`, "dep.js": `export const v = 0;\n` });
	await app.main();
	const saves = [];
	for (let i = 1; i <= 10; i++) {
		app.files.set("dep.js", `export const v = ${i};\n`);
		saves.push(app.app.reload(app.controller("dep.js")));
	}
	await Promise.all(saves);
	assert.equal((await app.update())?.type, "success");
	assert.equal(/** @type {any} */ (globalThis).read(), 10);
});

test("an unexpected exception inside the update algorithm is logged through the logger, never an unhandled rejection", async () => {
	const app = new MemoryApp({ "main.js": `import "./dep.js";\nimport.meta.hot.accept("./dep.js");\n`, "dep.js": `export const x = 1;\n` });
	await app.main();
	await app.save({ "dep.js": `export const x = 2;\n` });
	const dep = app.controller("dep.js");
	// Sabotage: a controller whose importers set is broken.
	Object.defineProperty(dep, "importers", { get: () => { throw new Error("internal"); }, configurable: true });
	// Silent (as every test here), and still seen by listeners: it goes through the one logger.
	await app.app.requestUpdate();
	assert.match(messages[0], /^Internal error during update \(this is a bug in dynohot\):\nError: internal\n/);
});

test("an accept handler that throws: logged, and the module is re-executed in the same update, which goes on to its importers", async () => {
	const app = new MemoryApp({
		"main.js": `import "./mid.js";\nimport.meta.hot.accept("./mid.js", () => { ${log('"main accepts mid"')} });\n`,
		"mid.js": `import { v } from "./dep.js";\n${log("`mid ${v}`")}import.meta.hot.accept("./dep.js", () => { ${log('"handler"')} throw new Error("handler failed"); });\n`,
		"dep.js": `export const v = 1;\n`,
	});
	await app.main();
	const result = await app.edit({ "dep.js": `export const v = 2;\n` });
	assert.equal(result?.type, "success");
	assert.match(messages[0], /^Caught error in module 'memory:\/\/\/mid.js' during accept of \['\.\/dep\.js'\]:\nError: handler failed\n/);
	assert.deepEqual(events, ["mid 1", "handler", "mid 2", "main accepts mid"]);
	assert.deepEqual(logged(result), ["Loaded 1 new module, reevaluated 1 existing module in 0ms."]);
	// Nothing is left for a follow-up update.
	assert.equal(await app.update(), undefined);
});

test("an accept handler that throws under a root that does not accept the module: what applied is counted, then the tree", async () => {
	const app = new MemoryApp({
		"main.js": `import "./mid.js";\n${log('"main"')}`,
		"mid.js": `import "./dep.js";\nimport.meta.hot.accept("./dep.js", () => { throw new Error("handler failed"); });\n`,
		"dep.js": `export const v = 1;\n`,
	});
	await app.main();
	const result = await app.edit({ "dep.js": `export const v = 2;\n` });
	assert.equal(result?.type, "unaccepted");
	assert.deepEqual(logged(result), [
		"Loaded 1 new module, reevaluated 0 existing modules in 0ms.",
		["A pending update was not accepted, and reached the root module:", "  [memory:///main.js]", "  └─ [memory:///mid.js] 🔄"].join("\n"),
	]);
	assert.deepEqual(events, ["main"]);
});

test("a self-accept handler that throws: logged, the module counts as not accepted, so its importers handle the change in the same update", async () => {
	const self = (/** @type {number} */ n) => `export const n = ${n};\nimport.meta.hot.accept(() => { throw new Error("self failed"); });\n`;
	const app = new MemoryApp({
		"main.js": `import "./user.js";\nimport "./watcher.js";\nimport.meta.hot.accept(["./user.js", "./watcher.js"]);\n`,
		"user.js": `import { n } from "./self.js";\n${log("`user ${n}`")}`,
		"watcher.js": `import * as self from "./self.js";\nimport.meta.hot.accept("./self.js", ns => { ${log("`watcher sees ${ns.n}`")} });\n`,
		"self.js": self(1),
	});
	await app.main();
	const result = await app.edit({ "self.js": self(2) });
	assert.equal(result?.type, "success");
	assert.match(messages[0], /^Caught error in module 'memory:\/\/\/self.js' during self-accept:\nError: self failed\n/);
	// user.js does not accept self.js: re-executed; watcher.js accepts it: its handler runs.
	assert.deepEqual(events, ["user 1", "user 2", "watcher sees 2"]);
	assert.deepEqual(logged(result), ["Loaded 1 new module, reevaluated 1 existing module in 0ms."]);
	assert.equal(await app.update(), undefined);
});

test("a dispose handler that never settles is bounded: the module is named, the update is fatal for it, updates elsewhere still apply", async () => {
	const app = new MemoryApp({
		"main.js": `import "./dep.js";\nimport "./other.js";\nimport.meta.hot.accept(["./dep.js", "./other.js"]);\n`,
		"dep.js": `import.meta.hot.dispose(() => { ${log('"dispose"')} return new Promise(() => {}); });\n`,
		"other.js": `${log('"other 1"')}`,
	});
	app.app.disposeTimeout = 50;
	await app.main();
	const started = performance.now();
	const result = await app.edit({ "dep.js": `// 2\n` });
	assert.ok(performance.now() - started < 2000);
	assert.deepEqual(result, { type: "fatal" });
	assert.deepEqual(messages, ["A dispose handler in module 'memory:///dep.js' did not settle within 50ms; the update stops waiting for it."]);
	assert.deepEqual(logged(result), ["A fatal error was encountered. The application should be restarted!"]);
	const unrelated = await app.edit({ "other.js": `${log('"other 2"')}` });
	assert.deepEqual(logged(unrelated), ["Loaded 1 new module, reevaluated 0 existing modules in 0ms."]);
	assert.deepEqual(events, ["other 1", "dispose", "other 2"]);
	// The module itself is not re-executed (nor disposed) again.
	assert.deepEqual(await app.edit({ "dep.js": `// 3\n` }), { type: "fatal" });
	assert.deepEqual(events, ["other 1", "dispose", "other 2"]);
});

test("a dispose handler that throws: fatal for that module only, other modules' updates still apply", async () => {
	const app = new MemoryApp({
		"main.js": `import "./dep.js";\nimport "./other.js";\nimport.meta.hot.accept(["./dep.js", "./other.js"]);\n`,
		"dep.js": `import.meta.hot.dispose(() => { throw new Error("no"); });\n`,
		"other.js": `${log('"other 1"')}`,
	});
	await app.main();
	assert.deepEqual(await app.edit({ "dep.js": `// 2\n` }), { type: "fatal" });
	assert.equal((await app.edit({ "other.js": `${log('"other 2"')}` }))?.type, "success");
	assert.deepEqual(events, ["other 1", "other 2"]);
});

test("a prune handler that never settles is bounded too", async () => {
	const app = new MemoryApp({
		"main.js": `import "./gone.js";\nimport.meta.hot.accept();\n`,
		"gone.js": `import.meta.hot.prune(() => new Promise(() => {}));\n`,
	});
	app.app.disposeTimeout = 50;
	await app.main();
	const result = await app.edit({ "main.js": `import.meta.hot.accept();\n` });
	assert.deepEqual(logged(result), ["Loaded 1 new module, reevaluated 0 existing modules in 0ms.", "A fatal error was encountered. The application should be restarted!"]);
	assert.equal(messages[0], "A prune handler in module 'memory:///gone.js' did not settle within 50ms; the update stops waiting for it.");
});

test("the dispose timeout comes from DYNOHOT_DISPOSE_TIMEOUT_MS, then configure(); a bad value is reported and ignored", async () => {
	const { Application, defaultDisposeTimeout } = await import("../../src/runtime/application.js");
	const saved = process.env.DYNOHOT_DISPOSE_TIMEOUT_MS;
	try {
		delete process.env.DYNOHOT_DISPOSE_TIMEOUT_MS;
		assert.equal(new Application().disposeTimeout, defaultDisposeTimeout);
		process.env.DYNOHOT_DISPOSE_TIMEOUT_MS = "250";
		const app = new Application();
		assert.equal(app.disposeTimeout, 250);
		app.configure({ disposeTimeout: 0 });
		assert.equal(app.disposeTimeout, 0);
		app.configure({ disposeTimeout: -1 });
		assert.equal(app.disposeTimeout, 0);
		process.env.DYNOHOT_DISPOSE_TIMEOUT_MS = "soon";
		assert.equal(new Application().disposeTimeout, defaultDisposeTimeout);
		assert.deepEqual(messages, ["Ignoring disposeTimeout=-1: not a number of milliseconds.", "Ignoring DYNOHOT_DISPOSE_TIMEOUT_MS=soon: not a number of milliseconds."]);
	} finally {
		if (saved === undefined) delete process.env.DYNOHOT_DISPOSE_TIMEOUT_MS;
		else process.env.DYNOHOT_DISPOSE_TIMEOUT_MS = saved;
	}
});

test("accept() of a specifier the module does not import is reported through the logger, with where it was called", async () => {
	const app = new MemoryApp({ "main.js": `import.meta.hot.accept("./nope.js");\n` });
	await app.main();
	assert.equal(messages.length, 1);
	assert.match(messages[0], /^\.\/nope\.js was not imported by this module\n {4}at .*memory:\/\/\/main\.js:1:/);
});
