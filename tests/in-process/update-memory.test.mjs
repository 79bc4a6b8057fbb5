// Update algorithm tests on the in-memory harness: exact results and event order, no processes.
import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";
import { MemoryApp } from "../support/memory-app.mjs";

/** @type {string[]} */
let events;
beforeEach(() => {
	events = [];
	/** @type {any} */ (globalThis).events = events;
});
const log = (/** @type {string} */ text) => `globalThis.events.push(${text});\n`;

test("an accepted dependency update relinks the importer without re-running it", async () => {
	const app = new MemoryApp({
		"main.js": `import { v } from "./dep.js";\n${log("`main ${v}`")}import.meta.hot.accept("./dep.js", () => { ${log("`accept ${v}`")} });\n`,
		"dep.js": `export const v = 1;\n${log("`dep ${v}`")}`,
	});
	await app.main();
	const result = await app.edit({ "dep.js": `export const v = 2;\n${log("`dep ${v}`")}` });
	assert.equal(result?.type, "success");
	assert.deepEqual(events, ["dep 1", "main 1", "dep 2", "accept 2"]);
	assert.deepEqual(result?.type === "success" && [result.stats.loads, result.stats.reevaluations], [1, 0]);
});

test("an unaccepted update reaches the root: nothing runs, nothing is disposed", async () => {
	const app = new MemoryApp({
		"main.js": `import "./a.js";\n${log('"main"')}`,
		"a.js": `import "./b.js";\nimport.meta.hot.dispose(() => { ${log('"dispose a"')} });\n`,
		"b.js": `export const b = 1;\n`,
	});
	await app.main();
	const result = await app.edit({ "b.js": `export const b = 2;\n` });
	assert.equal(result?.type, "unaccepted");
	assert.deepEqual(result?.type === "unaccepted" && result.tree, {
		modules: ["memory:///main.js"],
		origin: false,
		children: [{ modules: ["memory:///a.js"], origin: false, children: [{ modules: ["memory:///b.js"], origin: true, children: [] }] }],
	});
	assert.deepEqual(events, ["main"]);
});

test("a declined module fails the update", async () => {
	const app = new MemoryApp({
		"main.js": `import "./a.js";\nimport.meta.hot.accept("./a.js");\n`,
		"a.js": `import.meta.hot.decline();\n`,
	});
	await app.main();
	const result = await app.edit({ "a.js": `// edited\n` });
	assert.deepEqual(result, { type: "declined", declined: ["memory:///a.js"] });
});

test("a self-accepting module in the middle stops the walk; its importers are only relinked", async () => {
	const app = new MemoryApp({
		"main.js": `import { v } from "./mid.js";\n${log("`main ${v}`")}globalThis.read = () => v;\n`,
		"mid.js": `import { leaf } from "./leaf.js";\nexport const v = "mid " + leaf;\n${log("`mid ${leaf}`")}import.meta.hot.accept();\n`,
		"leaf.js": `export const leaf = 1;\n`,
	});
	await app.main();
	const result = await app.edit({ "leaf.js": `export const leaf = 2;\n` });
	assert.equal(result?.type, "success");
	assert.deepEqual(events, ["mid 1", "main mid 1", "mid 2"]);
	assert.equal(/** @type {any} */ (globalThis).read(), "mid 2");
});

test("a link error keeps everything as it was, and the staged code is retried", async () => {
	const app = new MemoryApp({
		"main.js": `import { v } from "./dep.js";\nimport.meta.hot.accept("./dep.js");\nglobalThis.read = () => v;\n`,
		"dep.js": `export const v = 1;\n`,
	});
	await app.main();
	const failed = await app.edit({ "dep.js": `export const w = 2;\n` });
	assert.equal(failed?.type, "linkError");
	assert.equal(failed?.type === "linkError" && String(failed.error), "SyntaxError: The requested module './dep.js' does not provide an export named 'v'");
	assert.equal(/** @type {any} */ (globalThis).read(), 1);
	const fixed = await app.edit({ "dep.js": `export const v = 3;\n` });
	assert.equal(fixed?.type, "success");
	assert.equal(/** @type {any} */ (globalThis).read(), 3);
});

test("cycles are replaced together and evaluated in spec order", async () => {
	const app = new MemoryApp({
		"main.js": `import "./a.js";\nimport.meta.hot.accept("./a.js");\n`,
		"a.js": `import "./b.js";\n${log('"a"')}`,
		"b.js": `import "./a.js";\n${log('"b"')}`,
	});
	await app.main();
	const result = await app.edit({ "b.js": `import "./a.js";\n${log('"b2"')}` });
	assert.equal(result?.type, "success");
	assert.deepEqual(events, ["b", "a", "b2", "a"]);
});

test("top-level await in an updated module is awaited before importers' accept handlers", async () => {
	const app = new MemoryApp({
		"main.js": `import { v } from "./dep.js";\nimport.meta.hot.accept("./dep.js", () => { ${log("`accept ${v}`")} });\n`,
		"dep.js": `export const v = 1;\n`,
	});
	await app.main();
	const result = await app.edit({ "dep.js": `await new Promise(r => setTimeout(r, 5));\n${log('"dep awaited"')}export const v = 2;\n` });
	assert.equal(result?.type, "success");
	assert.deepEqual(events, ["dep awaited", "accept 2"]);
});

test("a new import added by an edit is loaded, one removed is pruned", async () => {
	const app = new MemoryApp({
		"main.js": `import "./old.js";\nimport.meta.hot.accept();\n`,
		"old.js": `import.meta.hot.prune(() => { ${log('"pruned old"')} });\n`,
		"new.js": `${log('"new runs"')}`,
	});
	await app.main();
	const result = await app.edit({ "main.js": `import "./new.js";\nimport.meta.hot.accept();\n` });
	assert.equal(result?.type, "success");
	assert.deepEqual(events, ["new runs", "pruned old"]);
	assert.deepEqual(result?.type === "success" && [result.stats.loads, result.stats.reevaluations], [2, 0]);
});
