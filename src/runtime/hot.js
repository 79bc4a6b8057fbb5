// `import.meta.hot` (also `import.meta.dynoHot`): one frozen `Hot` per module instance.
// Handlers may be async; the update algorithm awaits them one by one.
import { logNotImported, onMessage } from "./messages.js";

/** @typedef {Record<string, unknown>} ModuleNamespace */
/** @typedef {(data: Record<string, unknown>) => unknown} DisposeHandler */
/** @typedef {() => unknown} PruneHandler */
/** @typedef {{ specifiers: readonly string[], callback: ((namespaces: ModuleNamespace[]) => unknown) | undefined }} AcceptGroup */
/** @typedef {{ kind: "dispose", handler: DisposeHandler } | { kind: "prune", handler: PruneHandler }} Destructor */

/** The per-instance state the runtime reads; user code only sees the `Hot` facade. */
export class HotState {
	/** @type {Record<string, unknown> | undefined} */
	data;
	declined = false;
	invalidated = false;
	/** @type {((namespace: ModuleNamespace) => unknown)[] | undefined} self-accept callbacks (undefined: not self-accepting) */
	selfAccept;
	/** @type {AcceptGroup[]} */
	accepts = [];
	/** @type {Destructor[]} in registration order */
	destructors = [];

	/**
	 * @param {string} url
	 * @param {() => void} requestUpdate
	 * @param {(specifier: string) => boolean} imports whether this module imports `specifier`
	 *   statically (for the "was not imported" hint)
	 * @param {boolean} usesDynamicImport
	 */
	constructor(url, requestUpdate, imports, usesDynamicImport) {
		this.url = url;
		this.requestUpdate = requestUpdate;
		this.imports = imports;
		this.usesDynamicImport = usesDynamicImport;
		this.hot = Object.freeze(new Hot(this));
	}
}

/** @type {WeakMap<Hot, HotState>} */
const states = new WeakMap();

/** @param {Hot} hot */
const state = hot => /** @type {HotState} */ (states.get(hot));

/**
 * @template {Record<keyof any, unknown>} [Data=Record<keyof any, unknown>]
 */
export class Hot {
	/** @param {HotState} hotState */
	constructor(hotState) {
		states.set(this, hotState);
	}

	/** @returns {Data | undefined} the data the previous instance's dispose handlers filled */
	get data() {
		return /** @type {Data | undefined} */ (state(this).data);
	}

	/**
	 * `accept()` / `accept(callback)`: this module re-executes in place when it changes, and the
	 * update stops here. `accept(specifier | specifiers, callback?)`: this module handles updates
	 * of those dependencies itself (it is relinked to their new exports, not re-executed).
	 * @param {string | readonly string[] | ((namespace: ModuleNamespace) => unknown)} [arg]
	 * @param {(...args: any[]) => unknown} [callback]
	 */
	accept(arg, callback) {
		const hot = state(this);
		if (arg === undefined || typeof arg === "function") {
			(hot.selfAccept ??= []).push(...(arg === undefined ? [] : [arg]));
			return;
		}
		const list = typeof arg === "string" ? [arg] : [...arg];
		for (const specifier of list) {
			if (typeof specifier !== "string") throw new TypeError("import.meta.hot.accept: specifiers must be strings");
			if (!hot.usesDynamicImport && !hot.imports(specifier)) logNotImported(specifier, callerFrame());
		}
		/** @type {AcceptGroup["callback"]} */
		const groupCallback =
			callback === undefined ? undefined : typeof arg === "string" ? namespaces => callback(namespaces[0]) : namespaces => callback(namespaces);
		hot.accepts.push({ specifiers: list, callback: groupCallback });
	}

	/** Refuse updates that would re-execute this module; they fail with "declined". */
	decline() {
		state(this).declined = true;
	}

	/** @param {(data: Data) => unknown} callback runs when this instance is replaced */
	dispose(callback) {
		state(this).destructors.push({ kind: "dispose", handler: /** @type {DisposeHandler} */ (callback) });
	}

	/** @param {() => unknown} callback runs when this module leaves the module graph */
	prune(callback) {
		state(this).destructors.push({ kind: "prune", handler: callback });
	}

	/** Re-execute this module (and whatever does not accept that) in the next update. */
	invalidate() {
		const hot = state(this);
		hot.invalidated = true;
		hot.requestUpdate();
	}

	/**
	 * @param {"message"} event
	 * @param {(message: string, ...params: unknown[]) => void} callback
	 * @returns {() => void} unsubscribe
	 */
	on(event, callback) {
		if (event !== "message") throw new TypeError(`import.meta.hot.on: unknown event '${event}'`);
		return onMessage(callback);
	}
}
Object.freeze(Hot.prototype);

/** The stack frame of the user code that called `accept`, to point at the call. */
function callerFrame() {
	// Error, callerFrame, Hot.accept, then the caller.
	return new Error().stack?.split("\n")[3];
}

/** A dispose or prune handler that did not settle within the timeout. */
export class HandlerTimeout extends Error {
	/** @param {number} timeout */
	constructor(timeout) {
		super(`a handler did not settle within ${timeout}ms`);
		this.timeout = timeout;
	}
}

/**
 * Waits for what a handler returned, at most `timeout` ms (0: no bound) if it is a promise. A
 * synchronous handler costs no timer.
 * @param {unknown} result
 * @param {number} timeout
 */
async function settle(result, timeout) {
	if (typeof (/** @type {any} */ (result)?.then) !== "function") return;
	if (timeout === 0) {
		await result;
		return;
	}
	/** @type {NodeJS.Timeout | undefined} */
	let timer;
	const expired = new Promise((_resolve, reject) => {
		// Keeps the process alive meanwhile: the update finishes, and says what happened.
		timer = setTimeout(() => reject(new HandlerTimeout(timeout)), timeout);
	});
	try {
		await Promise.race([result, expired]);
	} finally {
		clearTimeout(timer);
	}
}

/**
 * Runs an instance's dispose handlers (reverse registration order), sharing one `data` object.
 * With `prune`, prune handlers run too, interleaved in the same reverse order. Each handler gets
 * `timeout` ms to settle; then this throws a `HandlerTimeout` (and stops waiting for it).
 * @param {HotState} hot
 * @param {boolean} prune
 * @param {number} timeout
 * @returns {Promise<Record<string, unknown>>}
 */
export async function runDestructors(hot, prune, timeout) {
	/** @type {Record<string, unknown>} */
	const data = {};
	for (const destructor of [...hot.destructors].reverse()) {
		if (destructor.kind === "dispose") await settle(destructor.handler(data), timeout);
		else if (prune) await settle(destructor.handler(), timeout);
	}
	return data;
}
