// ModuleInstance: one link + evaluation of one declaration, a Cyclic Module Record in the spec's
// terms (https://tc39.es/ecma262/2025/#sec-cyclic-module-records). Its statuses use the spec's
// words: new (the spec's "new"/"unlinked"), linking, linked, evaluating, evaluating-async, evaluated.
import { HotState } from "./hot.js";
import { createNamespace } from "./namespace.js";

/** The binding name of a resolution that is a whole module namespace (`export * as ns`). */
export const NAMESPACE = Symbol("namespace");

/**
 * @typedef {{ module: ModuleRecord, bindingName: string | typeof NAMESPACE }} ResolvedBinding
 * @typedef {ResolvedBinding | null | "ambiguous"} Resolution
 * @typedef {ModuleInstance | import("./adapter.js").AdapterRecord} ModuleRecord
 * @typedef {"new" | "linking" | "linked" | "evaluating" | "evaluating-async" | "evaluated"} Status
 */

const throwConst = () => {
	throw new TypeError("Assignment to constant variable.");
};

/** The instance whose body is running up to its first `yield` (when it calls `bind`). @type {ModuleInstance | undefined} */
let binding;

/**
 * The `bind` every body gets (one function, not a closure per instance): a body calls it
 * synchronously in its first `next()`, before any user code, so `binding` is that instance.
 * @type {import("./declaration.js").Bind}
 */
function bind(rebind, getters) {
	const instance = /** @type {ModuleInstance} */ (binding);
	instance.rebind = rebind;
	instance.getters = getters;
}

/** What a body that never calls `import()` gets for it (its shell has no `_$import` reference). @returns {Promise<unknown>} */
async function noDynamicImport() {
	throw new Error("dynohot: import() from a module whose shell says it makes none");
}

export class ModuleInstance {
	cyclic = /** @type {const} */ (true);
	/** @type {Status} */
	status = "new";
	/** @type {Record<string, () => unknown>} */
	getters = {};
	/** @type {((holder: object) => void) | undefined} */
	rebind;
	/** @type {Generator<undefined, void, undefined> | AsyncGenerator<undefined, void, undefined> | undefined} */
	iterator;
	/** @type {HotState | undefined} */
	hot;
	/** @type {ModuleRecord[]} the instance each request links to, by request index */
	requested = [];
	/** @type {import("./link.js").Select | undefined} how this instance picks its dependencies */
	selector;
	/** @type {Promise<unknown> | undefined} an async body has reached its first `yield` when this settles */
	ready;
	/** @type {{ controller: import("./controller.js").AnyController, specifier: string }[]} */
	dynamicImports = [];
	/** Must re-execute in the next update although its code did not change (see `isInvalidated`). */
	invalidated = false;
	/** @type {Record<string, unknown> | undefined} what its dispose handlers produced, once run */
	disposedData;
	/** @type {ReturnType<typeof createNamespace> | undefined} */
	#namespace;

	// https://tc39.es/ecma262/2025/#table-cyclic-module-fields
	dfsIndex = 0;
	dfsAncestorIndex = 0;
	/** @type {ModuleInstance | undefined} */
	cycleRoot;
	/** @type {{ error: unknown } | undefined} */
	evaluationError;
	/** @type {number | "unset" | "done"} the spec's [[AsyncEvaluationOrder]] */
	asyncEvaluationOrder = /** @type {number | "unset" | "done"} */ ("unset");
	/** @type {{ promise: Promise<void>, resolve: (value: void) => void, reject: (reason: unknown) => void } | undefined} */
	topLevelCapability;
	/** @type {ModuleInstance[]} */
	asyncParentModules = [];
	pendingAsyncDependencies = 0;

	/**
	 * @param {import("./controller.js").ModuleController} controller
	 * @param {import("./declaration.js").Declaration} declaration
	 */
	constructor(controller, declaration) {
		this.controller = controller;
		this.declaration = declaration;
		this.hasTLA = declaration.async;
	}

	get url() {
		return this.controller.url;
	}

	/** Whether the next update must re-execute this instance: `invalidate()`, or a failed accept. */
	get isInvalidated() {
		return this.invalidated || this.hot?.invalidated === true;
	}

	/**
	 * The controllers this instance depends on: its static requests, then its dynamic imports.
	 * Read-only (without dynamic imports it is the declaration's own list).
	 * @returns {readonly import("./controller.js").AnyController[]}
	 */
	dependencies() {
		const statics = this.declaration.controllers();
		return this.dynamicImports.length === 0 ? statics : [...statics, ...this.dynamicImports.map(entry => entry.controller)];
	}

	/**
	 * Creates the module environment without running user code: the generator runs up to its
	 * first `yield`, handing out the export getters (hoisted functions already exist).
	 */
	instantiate() {
		if (this.iterator !== undefined) return;
		const { declaration, controller } = this;
		let meta = null;
		if (declaration.meta !== null) {
			this.hot ??= new HotState(controller.url, () => controller.application.invalidated(controller), s => declaration.imports(s), declaration.usesDynamicImport);
			const hot = this.hot.hot;
			meta = Object.create(declaration.meta, {
				url: { value: controller.url, enumerable: true, writable: true, configurable: true },
				hot: { value: hot, enumerable: true, configurable: true },
				dynoHot: { value: hot, enumerable: true, configurable: true },
			});
		}
		/** @type {(specifier: unknown, options?: unknown) => Promise<unknown>} */
		const dynamicImport = declaration.usesDynamicImport ? (specifier, options) => controller.application.dynamicImport(this, specifier, options) : noDynamicImport;
		this.iterator = declaration.execute.call(undefined, meta, dynamicImport, bind);
		// Runs synchronously up to the first `yield`, even for an async generator. An async
		// generator's `yield` takes one more tick to suspend; evaluation waits for `ready` so the
		// body then starts synchronously, as a native module body does.
		binding = this;
		let first;
		try {
			first = this.iterator.next();
		} finally {
			binding = undefined;
		}
		if (declaration.async) this.ready = /** @type {Promise<unknown>} */ (first);
	}

	/**
	 * The module record request `index` links to. Export resolution may need it before this
	 * instance is linked (a cycle reaches it first), as the spec's [[LoadedModules]] allow.
	 * @param {number} index
	 * @returns {ModuleRecord}
	 */
	importedModule(index) {
		if (this.requested.length !== this.declaration.requests.length && this.selector !== undefined) {
			const select = this.selector;
			this.requested = this.declaration.controllers().map(select);
		}
		return this.requested[index];
	}

	/** Back to "new": abandons a linked but never evaluated generator. */
	unlink() {
		if (this.status === "linking" || this.status === "linked") void this.iterator?.return(undefined);
		this.iterator = undefined;
		this.ready = undefined;
		this.rebind = undefined;
		this.getters = {};
		this.status = "new";
		this.#namespace = undefined;
	}

	// https://tc39.es/ecma262/2025/#sec-resolveexport
	/**
	 * @param {string} exportName
	 * @param {{ module: ModuleRecord, exportName: string }[]} [resolveSet]
	 * @returns {Resolution}
	 */
	resolveExport(exportName, resolveSet = []) {
		this.instantiate();
		// 2. For each Record { [[Module]], [[ExportName]] } r of resolveSet, do
		for (const r of resolveSet) {
			// a. If module and r.[[Module]] are the same Module Record and exportName is r.[[ExportName]], then
			//    i. Assert: This is a circular import request. ii. Return null.
			if (r.module === this && r.exportName === exportName) return null;
		}
		// 3. Append the Record { [[Module]]: module, [[ExportName]]: exportName } to resolveSet.
		resolveSet.push({ module: this, exportName });
		// 4. For each ExportEntry Record e of module.[[LocalExportEntries]], do
		if (Object.hasOwn(this.getters, exportName)) {
			return { module: this, bindingName: exportName };
		}
		// 5. For each ExportEntry Record e of module.[[IndirectExportEntries]], do
		const indirect = this.declaration.indirectExports.get(exportName);
		if (indirect !== undefined) {
			const [request, importName] = indirect;
			const importedModule = this.importedModule(request);
			// ii. If e.[[ImportName]] is all, then … Return ResolvedBinding { [[Module]]: importedModule, [[BindingName]]: namespace }.
			if (importName === null) return { module: importedModule, bindingName: NAMESPACE };
			// iii. Else, Return ? importedModule.ResolveExport(e.[[ImportName]], resolveSet).
			return importedModule.resolveExport(importName, resolveSet);
		}
		// 6. If exportName is "default", then … Return null.
		if (exportName === "default") return null;
		// 7. Let starResolution be null.
		/** @type {ResolvedBinding | null} */
		let starResolution = null;
		// 8. For each ExportEntry Record e of module.[[StarExportEntries]], do
		for (const request of this.declaration.starExports) {
			const importedModule = this.importedModule(request);
			const resolution = importedModule.resolveExport(exportName, resolveSet);
			// c. If resolution is ambiguous, return ambiguous.
			if (resolution === "ambiguous") return resolution;
			// d. If resolution is not null, then
			if (resolution !== null) {
				if (starResolution === null) {
					starResolution = resolution;
				} else if (resolution.module !== starResolution.module || resolution.bindingName !== starResolution.bindingName) {
					return "ambiguous";
				}
			}
		}
		// 9. Return starResolution.
		return starResolution;
	}

	// https://tc39.es/ecma262/2025/#sec-getexportednames
	/**
	 * @param {Set<ModuleRecord>} [exportStarSet]
	 * @returns {string[]}
	 */
	getExportedNames(exportStarSet = new Set()) {
		this.instantiate();
		// 2. If exportStarSet contains module, then … Return a new empty List.
		if (exportStarSet.has(this)) return [];
		exportStarSet.add(this);
		// 4-6. Local and indirect export names.
		const exportedNames = [...Object.keys(this.getters), ...this.declaration.indirectExports.keys()];
		const seen = new Set(exportedNames);
		// 7. For each ExportEntry Record e of module.[[StarExportEntries]], do
		for (const request of this.declaration.starExports) {
			for (const name of this.importedModule(request).getExportedNames(exportStarSet)) {
				// ii. If SameValue(n, "default") is false, then: If exportedNames does not contain n, append.
				if (name !== "default" && !seen.has(name)) {
					seen.add(name);
					exportedNames.push(name);
				}
			}
		}
		return exportedNames;
	}

	// https://tc39.es/ecma262/2025/#sec-getmodulenamespace
	/** @returns {Record<string, unknown>} */
	namespace() {
		if (this.#namespace === undefined) {
			/** @type {Map<string, ResolvedBinding>} */
			const unambiguous = new Map();
			for (const name of this.getExportedNames()) {
				const resolution = this.resolveExport(name);
				if (resolution !== null && resolution !== "ambiguous") unambiguous.set(name, resolution);
			}
			this.#namespace = createNamespace([...unambiguous.keys()], name => readerOf(/** @type {ResolvedBinding} */ (unambiguous.get(name))));
		}
		return this.#namespace.namespace;
	}

	/** After a relink: the namespace object stays, its names now read the new bindings. */
	refreshNamespace() {
		this.#namespace?.refresh(name => {
			const resolution = this.resolveExport(name);
			return resolution === null || resolution === "ambiguous" ? () => undefined : readerOf(resolution);
		});
	}

	/** @param {string} bindingName @returns {() => unknown} */
	reader(bindingName) {
		return this.getters[bindingName];
	}

	// https://tc39.es/ecma262/2025/#sec-source-text-module-record-initialize-environment
	/**
	 * Builds the holder through which the body reads its imports (accessor properties: live,
	 * read-only). Throws V8's SyntaxError texts for missing or ambiguous names.
	 * @returns {object}
	 */
	environment() {
		const { requests } = this.declaration;
		// 1. For each ExportEntry Record e of module.[[IndirectExportEntries]], do
		//    a. Let resolution be module.ResolveExport(e.[[ExportName]]).
		//    c. If resolution is either null or ambiguous, throw a SyntaxError exception.
		for (const [exportName, [request, importName]] of this.declaration.indirectExports) {
			if (importName === null) continue;
			const resolution = this.resolveExport(exportName);
			if (resolution === null || resolution === "ambiguous") {
				throw linkError(this, requests[request].specifier, importName, resolution);
			}
		}
		const holder = Object.create(null);
		requests.forEach((request, index) => {
			const importedModule = this.importedModule(index);
			for (const binding of request.bindings) {
				if (binding.type === "importStar") {
					// c. If in.[[ImportName]] is namespace-object, then: Let namespace be GetModuleNamespace(importedModule).
					// Made on first read (GetModuleNamespace cannot fail once linked): a namespace import that
					// is never read in this run costs nothing.
					Object.defineProperty(holder, binding.as, { get: () => importedModule.namespace(), set: throwConst, enumerable: true });
				} else if (binding.type === "import") {
					// d. Else: Let resolution be importedModule.ResolveExport(in.[[ImportName]]).
					const resolution = importedModule.resolveExport(binding.name);
					// ii. If resolution is either null or ambiguous, throw a SyntaxError exception.
					if (resolution === null || resolution === "ambiguous") {
						throw linkError(this, request.specifier, binding.name, resolution);
					}
					Object.defineProperty(holder, binding.as, { get: readerOf(resolution), set: throwConst, enumerable: true });
				}
			}
		});
		return holder;
	}
}

/** @param {ResolvedBinding} resolution @returns {() => unknown} */
function readerOf(resolution) {
	const { module, bindingName } = resolution;
	if (bindingName === NAMESPACE) return () => module.namespace();
	return module.reader(bindingName);
}

/**
 * V8's texts, so messages match a plain `node` run.
 * @param {ModuleInstance} module
 * @param {string} specifier
 * @param {string} name
 * @param {null | "ambiguous"} resolution
 */
function linkError(module, specifier, name, resolution) {
	const message =
		resolution === null
			? `The requested module '${specifier}' does not provide an export named '${name}'`
			: `The requested module '${specifier}' contains conflicting star exports for name '${name}'`;
	const error = new SyntaxError(message);
	// Not enumerable: Node prints enumerable properties of an uncaught error, V8's own has none.
	Object.defineProperty(error, "url", { value: module.url, configurable: true, writable: true });
	return error;
}
