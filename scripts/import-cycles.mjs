// Fails when the module graph has a cycle: Rust modules of the crate (src/**/*.rs, by their
// `use` paths and inline `crate::`/`super::`/child-module paths, test modules excluded) and
// JavaScript modules (src/**/*.js and the top-level *.mjs, by static and dynamic relative
// imports). Prints each graph's size, and every cycle found (a strongly connected component).
//
//   node scripts/import-cycles.mjs
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/** @param {string} dir @returns {string[]} */
function files(dir) {
	return readdirSync(dir, { withFileTypes: true }).flatMap(entry =>
		entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)],
	);
}

/**
 * Tarjan's strongly connected components; returns those with more than one node. (A module that
 * imports itself, as src/runtime/namespace.js does to compare with a native namespace object, is
 * no dependency between two modules.)
 * @param {Map<string, Set<string>>} graph
 */
function cycles(graph) {
	let counter = 0;
	/** @type {Map<string, number>} */ const index = new Map();
	/** @type {Map<string, number>} */ const low = new Map();
	/** @type {string[]} */ const stack = [];
	const onStack = new Set();
	/** @type {string[][]} */ const found = [];
	/** @param {string} node */
	const visit = node => {
		index.set(node, counter);
		low.set(node, counter);
		counter++;
		stack.push(node);
		onStack.add(node);
		for (const next of graph.get(node) ?? []) {
			if (!index.has(next)) {
				visit(next);
				low.set(node, Math.min(/** @type {number} */ (low.get(node)), /** @type {number} */ (low.get(next))));
			} else if (onStack.has(next)) {
				low.set(node, Math.min(/** @type {number} */ (low.get(node)), /** @type {number} */ (index.get(next))));
			}
		}
		if (low.get(node) === index.get(node)) {
			/** @type {string[]} */ const component = [];
			let member;
			do {
				member = /** @type {string} */ (stack.pop());
				onStack.delete(member);
				component.push(member);
			} while (member !== node);
			if (component.length > 1) found.push(component.sort());
		}
	};
	for (const node of graph.keys()) if (!index.has(node)) visit(node);
	return found;
}

// --- Rust -------------------------------------------------------------------------------------

/** `src/a/b.rs` → `crate::a::b`; `mod.rs` and `lib.rs` name their directory. @param {string} file */
function rustModule(file) {
	const parts = relative(join(root, "src"), file).replace(/\.rs$/, "").split("/");
	if (parts.at(-1) === "mod" || parts.at(-1) === "lib") parts.pop();
	return ["crate", ...parts].join("::");
}

/** Code without comments, string literals and the inline `#[cfg(test)] mod … { … }` blocks. @param {string} text */
function rustCode(text) {
	const code = text
		.replace(/\/\/[^\n]*/g, "")
		.replace(/\/\*[\s\S]*?\*\//g, "")
		.replace(/"(?:[^"\\]|\\.)*"/g, '""');
	let out = code;
	for (;;) {
		const at = out.search(/#\[cfg\(test\)\]\s*mod\s+\w+\s*\{/);
		if (at < 0) return out;
		let depth = 0;
		let end = out.indexOf("{", at);
		for (; end < out.length; end++) {
			if (out[end] === "{") depth++;
			else if (out[end] === "}" && --depth === 0) break;
		}
		out = out.slice(0, at) + out.slice(end + 1);
	}
}

/**
 * Every path a `use` tree names, e.g. `super::{a::B, c}` → `super::a::B`, `super::c`.
 * @param {string} tree
 * @returns {string[]}
 */
function expandUse(tree) {
	tree = tree.replace(/\s+/g, "");
	const open = tree.indexOf("{");
	if (open < 0) return [tree.replace(/::\*$/, "").replace(/as\w+$/, "")];
	const prefix = tree.slice(0, open);
	const inner = tree.slice(open + 1, tree.lastIndexOf("}"));
	/** @type {string[]} */ const items = [];
	let depth = 0;
	let start = 0;
	for (let i = 0; i <= inner.length; i++) {
		const c = inner[i];
		if (c === "{") depth++;
		else if (c === "}") depth--;
		else if ((c === "," && depth === 0) || i === inner.length) {
			if (i > start) items.push(inner.slice(start, i));
			start = i + 1;
		}
	}
	return items.flatMap(item => expandUse(item === "self" ? prefix.replace(/::$/, "") : prefix + item));
}

function rustGraph() {
	const sources = files(join(root, "src")).filter(file => file.endsWith(".rs"));
	const modules = new Map(sources.map(file => [rustModule(file), rustCode(readFileSync(file, "utf8"))]));
	/** @type {Map<string, Set<string>>} */ const graph = new Map();
	for (const [module, code] of modules) {
		const edges = new Set();
		const children = [...code.matchAll(/\bmod\s+(\w+)\s*;/g)].map(m => m[1]);
		/** @param {string} path an absolute (`crate::…`) path; the longest module prefix is the target */
		const add = path => {
			const parts = path.split("::");
			while (parts.length > 1 && !modules.has(parts.join("::"))) parts.pop();
			const target = parts.join("::");
			if (target !== module && modules.has(target)) edges.add(target);
		};
		/** @param {string} path */
		const absolute = path => {
			const parts = path.split("::");
			if (parts[0] === "crate") return path;
			if (parts[0] === "self") return [module, ...parts.slice(1)].join("::");
			if (parts[0] === "super") {
				const base = module.split("::");
				while (parts[0] === "super") {
					parts.shift();
					base.pop();
				}
				return [...base, ...parts].join("::");
			}
			if (children.includes(parts[0])) return [module, ...parts].join("::");
			return null;
		};
		const uses = [...code.matchAll(/\buse\s+([^;]+);/g)].flatMap(m => expandUse(m[1]));
		const inline = [...code.matchAll(/\b(?:crate|super|self|\w+)(?:::\w+)+/g)].map(m => m[0]);
		for (const path of [...uses, ...inline]) {
			const full = absolute(path);
			if (full) add(full);
		}
		graph.set(module, edges);
	}
	return graph;
}

// --- JavaScript -------------------------------------------------------------------------------

function jsGraph() {
	const sources = [
		...files(join(root, "src")).filter(file => file.endsWith(".js")),
		...readdirSync(root)
			.filter(name => name.endsWith(".mjs") || name.endsWith(".cjs"))
			.map(name => join(root, name)),
	];
	/** @type {Map<string, Set<string>>} */ const graph = new Map();
	for (const file of sources) {
		const code = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
		const specifiers = [
			...code.matchAll(/\b(?:import|export)\s[^;]*?\bfrom\s*["']([^"']+)["']/g),
			...code.matchAll(/\bimport\s*["']([^"']+)["']/g),
			...code.matchAll(/\bimport\s*\(\s*["']([^"']+)["']/g),
			...code.matchAll(/\brequire\s*\(\s*["']([^"']+)["']/g),
		].map(m => m[1]);
		const edges = new Set();
		for (const specifier of specifiers) {
			if (!specifier.startsWith(".")) continue;
			edges.add(relative(root, resolve(dirname(file), specifier)));
		}
		graph.set(relative(root, file), edges);
	}
	return graph;
}

let failed = false;
for (const [name, graph] of /** @type {const} */ ([
	["Rust", rustGraph()],
	["JavaScript", jsGraph()],
])) {
	const edges = [...graph.values()].reduce((n, set) => n + set.size, 0);
	const found = cycles(graph);
	console.log(`${name}: ${graph.size} modules, ${edges} dependencies, ${found.length} cycles`);
	for (const component of found) {
		failed = true;
		console.log(`  cycle: ${component.join(" ⇄ ")}`);
		for (const node of component) {
			const into = [...(graph.get(node) ?? [])].filter(next => component.includes(next));
			console.log(`    ${node} → ${into.join(", ")}`);
		}
	}
}
if (failed) process.exit(1);
