// Module namespace objects.
// https://tc39.es/ecma262/#sec-module-namespace-exotic-objects
// DEVIATION: a native namespace is an exotic object we cannot create from JavaScript; a Proxy over
// a frozen-shape, non-extensible, null-prototype target behaves the same for every operation a
// program can observe: sorted string keys, `Symbol.toStringTag` "Module", live values, a
// ReferenceError for uninitialized bindings, writes and deletes refused (TypeError in strict code).
import { inspect } from "node:util";

/**
 * @param {readonly string[]} names the unambiguous exported names
 * @param {(name: string) => () => unknown} read the live reader of each name
 * @returns {{ namespace: Record<string, unknown>, refresh: (read: (name: string) => () => unknown) => void }}
 */
export function createNamespace(names, read) {
	// https://tc39.es/ecma262/#sec-modulenamespacecreate step 7: names sorted by code units.
	const sorted = [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
	/** @type {Map<string | symbol, () => unknown>} */
	const readers = new Map(sorted.map(name => [name, read(name)]));
	const target = Object.create(null);
	for (const name of sorted) {
		Object.defineProperty(target, name, { value: undefined, writable: true, enumerable: true, configurable: false });
	}
	Object.defineProperty(target, Symbol.toStringTag, { value: "Module", writable: false, enumerable: false, configurable: false });
	// DEVIATION: util.inspect formats a Proxy's target, not the Proxy; the target carries the
	// inspect hook so `console.log(namespace)` prints live values like a native namespace. The
	// hook is visible to Reflect.ownKeys, unlike on a native namespace.
	Object.defineProperty(target, inspect.custom, { value: inspectNamespace, writable: false, enumerable: false, configurable: false });
	Object.preventExtensions(target);
	const namespace = new Proxy(target, {
		get(target, key) {
			const reader = readers.get(key);
			if (reader !== undefined) return reader();
			return Reflect.get(target, key);
		},
		getOwnPropertyDescriptor(target, key) {
			const reader = readers.get(key);
			if (reader === undefined) return Reflect.getOwnPropertyDescriptor(target, key);
			return { value: reader(), writable: true, enumerable: true, configurable: false };
		},
		set: () => false,
		defineProperty: () => false,
		deleteProperty: (target, key) => !Object.hasOwn(target, key),
		setPrototypeOf: (target, proto) => proto === null,
	});
	/** @this {unknown} @param {number} depth @param {import("node:util").InspectOptions} options */
	function inspectNamespace(depth, options) {
		const copy = Object.create(null);
		for (const [name, reader] of readers) {
			try {
				copy[name] = reader();
			} catch {
				copy[name] = uninitialized;
			}
		}
		return inspect(copy, { ...options, depth: options.depth == null ? null : options.depth }).replace(/^\[Object: null prototype\]/, "[Module: null prototype]");
	}
	/** @param {(name: string) => () => unknown} read */
	const refresh = read => {
		for (const name of sorted) readers.set(name, read(name));
	};
	return { namespace, refresh };
}

const uninitialized = { [inspect.custom]: () => "<uninitialized>" };
