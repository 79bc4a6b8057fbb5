// The JavaScript of the runtime and the loader has one direction of dependency: no module imports,
// directly or through others, a module that imports it. (JSDoc `import("…")` types are not
// imports at run time and do not count, nor does a module importing itself: namespace.js does, to
// read a native namespace object's behaviour.)
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const src = new URL("../../src/", import.meta.url);

/** Every static import of a relative module at the top of `file`, as a path under src/. @param {string} file */
function importsOf(file) {
	const text = readFileSync(new URL(file, src), "utf8");
	const specifiers = [...text.matchAll(/^import\s+(?:[^"';]*?\s+from\s+)?["'](\.{1,2}\/[^"']+)["']/gm)].map(match => match[1]);
	return specifiers.map(specifier => fileURLToPath(new URL(specifier, new URL(file, src))).slice(fileURLToPath(src).length));
}

/** @param {Map<string, string[]>} graph @returns {string[] | undefined} a cycle, if any */
function findCycle(graph) {
	/** @type {Map<string, "open" | "done">} */
	const state = new Map();
	/** @type {string[]} */
	const path = [];
	/** @param {string} node @returns {string[] | undefined} */
	const visit = node => {
		if (state.get(node) === "done") return undefined;
		if (state.get(node) === "open") return [...path.slice(path.indexOf(node)), node];
		state.set(node, "open");
		path.push(node);
		for (const next of graph.get(node) ?? []) {
			const cycle = visit(next);
			if (cycle !== undefined) return cycle;
		}
		path.pop();
		state.set(node, "done");
		return undefined;
	};
	for (const node of graph.keys()) {
		const cycle = visit(node);
		if (cycle !== undefined) return cycle;
	}
	return undefined;
}

test("src/runtime and src/loader have no import cycle", () => {
	/** @type {Map<string, string[]>} */
	const graph = new Map();
	for (const folder of ["runtime", "loader"]) {
		for (const name of readdirSync(new URL(`${folder}/`, src))) {
			const file = `${folder}/${name}`;
			if (name.endsWith(".js")) graph.set(file, importsOf(file).filter(dependency => dependency !== file));
		}
	}
	assert.ok((graph.get("runtime/update.js") ?? []).includes("runtime/controller.js"), "the import scan finds imports");
	assert.equal(findCycle(graph)?.join(" → "), undefined);
});

test("the cycle finder finds a cycle", () => {
	assert.deepEqual(findCycle(new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]]])), ["a", "b", "c", "a"]);
});
