// Link(): https://tc39.es/ecma262/2025/#sec-moduledeclarationlinking
// The dependency each request links to is chosen by a `select` function, so an update can link
// new instances against a mix of new (pending) and unchanged (current) instances.

/**
 * @typedef {import("./instance.js").ModuleInstance} ModuleInstance
 * @typedef {import("./instance.js").ModuleRecord} ModuleRecord
 * @typedef {(controller: import("./controller.js").AnyController) => ModuleRecord} Select
 */

/**
 * @param {ModuleInstance} module
 * @param {Select} select
 */
export function link(module, select) {
	// 1. Assert: module.[[Status]] is one of unlinked, linked, evaluating-async, or evaluated.
	// 2. Let stack be a new empty List.
	/** @type {ModuleInstance[]} */
	const stack = [];
	module.selector ??= select;
	try {
		// 3. Let result be Completion(InnerModuleLinking(module, stack, 0)).
		innerModuleLinking(module, stack, 0, select);
	} catch (error) {
		// 4. If result is an abrupt completion, then
		//    a. For each Cyclic Module Record m of stack, do: Assert: m.[[Status]] is linking. Set m.[[Status]] to unlinked.
		for (const m of stack) m.unlink();
		throw error;
	}
}

// https://tc39.es/ecma262/2025/#sec-InnerModuleLinking
/**
 * @param {ModuleRecord} module
 * @param {ModuleInstance[]} stack
 * @param {number} index
 * @param {Select} select
 * @returns {number}
 */
function innerModuleLinking(module, stack, index, select) {
	// 1. If module is not a Cyclic Module Record, then … Return index.
	if (!module.cyclic) return index;
	// 2. If module.[[Status]] is one of linking, linked, evaluating-async, or evaluated, then Return index.
	if (module.status !== "new") return index;
	// 4. Set module.[[Status]] to linking.
	// DEVIATION: the body's generator starts here (no user code runs) so that every module of a
	// cycle has its export getters before any of them initializes its environment.
	module.instantiate();
	module.status = "linking";
	// 5-7. Set module.[[DFSIndex]] and [[DFSAncestorIndex]] to index. Set index to index + 1.
	module.dfsIndex = index;
	module.dfsAncestorIndex = index;
	index++;
	// 8. Append module to stack.
	stack.push(module);
	// 9. For each ModuleRequest Record request of module.[[RequestedModules]], do
	module.selector ??= select;
	module.requested = [];
	module.importedModule(0);
	for (const requiredModule of module.requested) {
		if (requiredModule.cyclic) requiredModule.selector ??= select;
		// b. Set index to ? InnerModuleLinking(requiredModule, stack, index).
		index = innerModuleLinking(requiredModule, stack, index, select);
		// c. If requiredModule is a Cyclic Module Record, then
		if (requiredModule.cyclic && requiredModule.status === "linking") {
			// iii. If requiredModule.[[Status]] is linking, then set module.[[DFSAncestorIndex]] to
			//      min(module.[[DFSAncestorIndex]], requiredModule.[[DFSAncestorIndex]]).
			module.dfsAncestorIndex = Math.min(module.dfsAncestorIndex, requiredModule.dfsAncestorIndex);
		}
	}
	// 10. Perform ? module.InitializeEnvironment().
	const holder = module.environment();
	/** @type {(holder: object) => void} */ (module.rebind)(holder);
	// 13. If module.[[DFSAncestorIndex]] = module.[[DFSIndex]], then
	if (module.dfsAncestorIndex === module.dfsIndex) {
		// a-b. Repeat, while done is false: pop requiredModule from stack, set its status to linked.
		let requiredModule;
		do {
			requiredModule = /** @type {ModuleInstance} */ (stack.pop());
			requiredModule.status = "linked";
		} while (requiredModule !== module);
	}
	// 14. Return index.
	return index;
}

/**
 * Points an already linked or evaluated instance at other dependency instances (after an
 * update replaced some of them). Throws the link SyntaxErrors if the new exports don't fit;
 * nothing changes until the returned commit function runs.
 * @param {ModuleInstance} module
 * @param {Select} select
 * @returns {() => void} commits the new bindings
 */
export function prepareRelink(module, select) {
	const previous = module.requested;
	const next = module.declaration.controllers().map(select);
	for (const record of next) if (record.cyclic) record.selector ??= select;
	module.requested = next;
	try {
		const holder = module.environment();
		return () => {
			module.requested = next;
			/** @type {(holder: object) => void} */ (module.rebind)(holder);
			module.refreshNamespace();
		};
	} finally {
		module.requested = previous;
	}
}
