// Module namespace objects.
// https://tc39.es/ecma262/2025/#sec-module-namespace-exotic-objects
// DEVIATION: a native namespace is an exotic object we cannot create from JavaScript; a Proxy over
// a frozen-shape, non-extensible, null-prototype target behaves the same for every operation a
// program can observe: sorted string keys, `Symbol.toStringTag` "Module", live values, a
// ReferenceError for uninitialized bindings, writes and deletes refused (TypeError in strict code).
import { inspect } from "node:util";
// This module's own namespace: a native one, to read V8's refusal texts off (see `nativeText`).
import * as native from "./namespace.js";

/**
 * @param {readonly string[]} names the unambiguous exported names
 * @param {(name: string) => () => unknown} read the live reader of each name
 * @returns {{ namespace: Record<string, unknown>, refresh: (read: (name: string) => () => unknown) => void }}
 */
export function createNamespace(names, read) {
	// https://tc39.es/ecma262/2025/#sec-modulenamespacecreate step 7: names sorted by code units.
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
		// A refused write returns false to `Reflect.*` and throws V8's own text otherwise (see
		// `refuse`).
		set(target, key) {
			return refuse(nativeText(readers.has(key) || Object.hasOwn(target, key) ? "assign" : "add", key));
		},
		// https://tc39.es/ecma262/2025/#sec-module-namespace-exotic-objects-defineownproperty-p-desc
		defineProperty(target, key, descriptor) {
			// 1. If P is a Symbol, return ! OrdinaryDefineOwnProperty(O, P, Desc).
			if (typeof key === "symbol" && Reflect.defineProperty(target, key, descriptor)) return true;
			const reader = readers.get(key);
			if (typeof key === "string") {
				// 2-3. Let current be ? O.[[GetOwnProperty]](P). If current is undefined, return false.
				if (reader !== undefined) {
					const value = reader();
					// 4-7. A configurable, non-enumerable, accessor or non-writable descriptor: false.
					// 8. If Desc has a [[Value]] field, return SameValue(Desc.[[Value]], current.[[Value]]). 9. Return true.
					const ok =
						descriptor.configurable !== true &&
						descriptor.enumerable !== false &&
						!("get" in descriptor || "set" in descriptor) &&
						descriptor.writable !== false &&
						(!("value" in descriptor) || Object.is(descriptor.value, value));
					if (ok) return true;
				}
			}
			// (V8 says "redefine" for a string key that is not there too.)
			return refuse(nativeText(typeof key === "string" || Object.hasOwn(target, key) ? "redefine" : "define", key));
		},
		deleteProperty(target, key) {
			if (Object.hasOwn(target, key)) return refuse(nativeText("delete", key));
			return true;
		},
		setPrototypeOf(target, proto) {
			if (proto === null) return true;
			return refuse(nativeText("prototype", undefined));
		},
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

/**
 * @typedef {"assign" | "add" | "redefine" | "define" | "delete" | "prototype"} Refusal
 * What was refused: a write to an existing property or a new one, a redefinition of an existing
 * (or, for strings, any) property or a definition of a new symbol, a delete, a prototype change.
 */

/** @type {Map<string, string[]>} each refusal's native text, split around the probe key */
const texts = new Map();

/**
 * V8's own TypeError text for a refused operation on a namespace, read once per kind off a real
 * native namespace (this module's) with a probe key, and the key put in its place. V8 words these
 * differently from one Node line to the next (Node 26 says "Cannot assign to property 'b' of
 * [object Module]" where Node 20 says "Cannot assign to read only property 'b' of object
 * '[object Module]'"), so none are written down here.
 * @param {Refusal} kind
 * @param {string | symbol | undefined} key
 */
function nativeText(kind, key) {
	const symbolic = typeof key === "symbol";
	const id = `${kind}:${symbolic}`;
	let parts = texts.get(id);
	if (parts === undefined) {
		// A key the native namespace has (of the same type as `key`), or one it lacks.
		const present = kind === "assign" || kind === "delete" || (kind === "redefine" && symbolic);
		const probe = symbolic ? (present ? Symbol.toStringTag : Symbol("dynohot probe")) : present ? "createNamespace" : "dynohot probe";
		/** @type {Record<Refusal, () => unknown>} */
		const attempts = {
			assign: () => ((/** @type {any} */ (native))[probe] = 0),
			add: () => ((/** @type {any} */ (native))[probe] = 0),
			redefine: () => Object.defineProperty(native, probe, { value: 0 }),
			define: () => Object.defineProperty(native, probe, { value: 0 }),
			delete: () => delete (/** @type {any} */ (native))[probe],
			prototype: () => Object.setPrototypeOf(native, {}),
		};
		let message = "";
		try {
			attempts[kind]();
		} catch (error) {
			message = error instanceof Error ? error.message : String(error);
		}
		parts = kind === "prototype" ? [message] : message.split(String(probe));
		texts.set(id, parts);
	}
	return parts.join(String(key));
}

/**
 * A refused [[Set]], [[Delete]], [[DefineOwnProperty]] or [[SetPrototypeOf]]. For `Reflect.*` the
 * result is false, as on a native namespace. Anything else (module code is strict) gets V8's own
 * TypeError text instead of the Proxy's "trap returned falsish".
 * DEVIATION: sloppy-mode code (a CommonJS module writing to a namespace it imported) gets the
 * TypeError too, where V8 would silently ignore the write.
 * @param {string} message
 * @returns {false}
 */
function refuse(message) {
	const { prepareStackTrace, stackTraceLimit } = Error;
	/** @type {{ stack?: NodeJS.CallSite[] }} */
	const probe = {};
	try {
		Error.prepareStackTrace = (_, sites) => sites;
		Error.stackTraceLimit = 2;
		// Frames: the trap, then what called it (`Reflect.set`, or user code).
		Error.captureStackTrace(probe, refuse);
		const caller = probe.stack?.[1];
		if (caller?.getTypeName() === "Reflect") return false;
	} finally {
		Error.prepareStackTrace = prepareStackTrace;
		Error.stackTraceLimit = stackTraceLimit;
	}
	throw new TypeError(message);
}

const uninitialized = { [inspect.custom]: () => "<uninitialized>" };
