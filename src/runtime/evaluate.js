// Evaluate(): https://tc39.es/ecma262/2025/#sec-moduleevaluation
// With top-level await: https://tc39.es/ecma262/2025/#sec-execute-async-module and the
// AsyncModuleExecutionFulfilled / Rejected algorithms, so the evaluation order of a graph with
// cycles and TLA is the same as in a native `node` run.

/**
 * @typedef {import("./instance.js").ModuleInstance} ModuleInstance
 * @typedef {import("./instance.js").ModuleRecord} ModuleRecord
 */

/**
 * `Promise.withResolvers()`, which Node 20 lacks.
 * @returns {{ promise: Promise<void>, resolve: (value: void) => void, reject: (reason: unknown) => void }}
 */
export function withResolvers() {
	/** @type {(value: void) => void} */
	let resolve = () => {};
	/** @type {(reason: unknown) => void} */
	let reject = () => {};
	const promise = new Promise((res, rej) => {
		resolve = res;
		reject = rej;
	});
	return { promise, resolve, reject };
}

/**
 * Whether a rejected async module rejects its own [[TopLevelCapability]] before its
 * [[AsyncParentModules]] (ECMA-262 2026, https://tc39.es/ecma262/#sec-async-module-execution-rejected:
 * the import() promises of a failing graph settle leaf to root), as V8 14 does (Node 26), or after
 * them (ECMA-262 2025), as V8 11-13 do (Node 20, 22, 24). The order is observable (test262's
 * `top-level-await/rejection-order.js`), so the runtime follows the V8 it runs on.
 */
const rejectsLeafFirst = Number(process.versions.v8.split(".")[0]) >= 14;

/** IncrementModuleAsyncEvaluationCount(): the spec's agent-wide [[ModuleAsyncEvaluationCount]]. */
let moduleAsyncEvaluationCount = 1;

/**
 * @param {ModuleInstance} module a linked (or already evaluated) instance
 * @returns {Promise<void>}
 */
export function evaluate(module) {
	// 2. If module.[[Status]] is either evaluating-async or evaluated, then
	if (module.status === "evaluating-async" || module.status === "evaluated") {
		// a. If module.[[CycleRoot]] is not empty, set module to module.[[CycleRoot]].
		module = module.cycleRoot ?? module;
	}
	// 3. If module.[[TopLevelCapability]] is not empty, then return its promise.
	if (module.topLevelCapability !== undefined) return module.topLevelCapability.promise;
	// 4-6. Let stack be a new empty List; let capability be ! NewPromiseCapability(%Promise%).
	/** @type {ModuleInstance[]} */
	const stack = [];
	const capability = withResolvers();
	// Errors are the caller's to handle; don't report this promise as an unhandled rejection too.
	capability.promise.catch(() => {});
	module.topLevelCapability = capability;
	try {
		// 8. Let result be Completion(InnerModuleEvaluation(module, stack, 0)).
		innerModuleEvaluation(module, stack, 0);
		// 10. Else: c. If module.[[Status]] is evaluated, then resolve (else AsyncModuleExecutionFulfilled will).
		if (module.status === "evaluated") capability.resolve();
	} catch (error) {
		// 9. If result is an abrupt completion, then
		for (const m of stack) {
			// a. For each Cyclic Module Record m of stack: set status evaluated, [[EvaluationError]] result.
			m.status = "evaluated";
			m.evaluationError = { error };
		}
		// d. Perform ! Call(capability.[[Reject]], undefined, « result.[[Value]] »).
		capability.reject(error);
	}
	return capability.promise;
}

// https://tc39.es/ecma262/2025/#sec-innermoduleevaluation
/**
 * @param {ModuleRecord} module
 * @param {ModuleInstance[]} stack
 * @param {number} index
 * @returns {number}
 */
function innerModuleEvaluation(module, stack, index) {
	// 1. If module is not a Cyclic Module Record, then … (adapters are already evaluated natively).
	if (!module.cyclic) return index;
	// 2. If module.[[Status]] is either evaluating-async or evaluated, then
	if (module.status === "evaluating-async" || module.status === "evaluated") {
		// a. If module.[[EvaluationError]] is empty, return index. b. Otherwise, return ? module.[[EvaluationError]].
		if (module.evaluationError === undefined) return index;
		throw module.evaluationError.error;
	}
	// 3. If module.[[Status]] is evaluating, return index.
	if (module.status === "evaluating") return index;
	// 4. Assert: module.[[Status]] is linked.
	if (module.status !== "linked") throw new Error(`dynohot: '${module.url}' evaluated before it was linked (${module.status})`);
	// 5-10.
	module.status = "evaluating";
	module.dfsIndex = index;
	module.dfsAncestorIndex = index;
	module.pendingAsyncDependencies = 0;
	index++;
	stack.push(module);
	// 11. For each ModuleRequest Record required of module.[[RequestedModules]], do
	for (let requiredModule of module.requested) {
		// b. Set index to ? InnerModuleEvaluation(requiredModule, stack, index).
		index = innerModuleEvaluation(requiredModule, stack, index);
		// c. If requiredModule is a Cyclic Module Record, then
		if (requiredModule.cyclic) {
			if (requiredModule.status === "evaluating") {
				// iii. If requiredModule.[[Status]] is evaluating, then set module.[[DFSAncestorIndex]] to min(…).
				module.dfsAncestorIndex = Math.min(module.dfsAncestorIndex, requiredModule.dfsAncestorIndex);
			} else {
				// iv. Else: 1. Set requiredModule to requiredModule.[[CycleRoot]].
				requiredModule = requiredModule.cycleRoot ?? requiredModule;
				// 3. If requiredModule.[[EvaluationError]] is not empty, return ? requiredModule.[[EvaluationError]].
				if (requiredModule.evaluationError !== undefined) throw requiredModule.evaluationError.error;
			}
			// v. If requiredModule.[[AsyncEvaluationOrder]] is an integer, then
			if (typeof requiredModule.asyncEvaluationOrder === "number") {
				module.pendingAsyncDependencies++;
				requiredModule.asyncParentModules.push(module);
			}
		}
	}
	// 12. If module.[[PendingAsyncDependencies]] > 0 or module.[[HasTLA]] is true, then
	if (module.pendingAsyncDependencies > 0 || module.hasTLA) {
		// b. Set module.[[AsyncEvaluationOrder]] to IncrementModuleAsyncEvaluationCount().
		module.asyncEvaluationOrder = moduleAsyncEvaluationCount++;
		// c. If module.[[PendingAsyncDependencies]] = 0, perform ExecuteAsyncModule(module).
		if (module.pendingAsyncDependencies === 0) executeAsyncModule(module);
	} else {
		// 13. Otherwise, perform ? module.ExecuteModule().
		executeModuleSync(module);
	}
	// 16. If module.[[DFSAncestorIndex]] = module.[[DFSIndex]], then
	if (module.dfsAncestorIndex === module.dfsIndex) {
		let requiredModule;
		do {
			requiredModule = /** @type {ModuleInstance} */ (stack.pop());
			// v-vi. If requiredModule.[[AsyncEvaluationOrder]] is unset, set its status to evaluated; otherwise evaluating-async.
			requiredModule.status = requiredModule.asyncEvaluationOrder === "unset" ? "evaluated" : "evaluating-async";
			// viii. Set requiredModule.[[CycleRoot]] to module.
			requiredModule.cycleRoot = module;
		} while (requiredModule !== module);
	}
	return index;
}

/** @param {ModuleInstance} module */
function executeModuleSync(module) {
	const iterator = /** @type {Generator<undefined, void, undefined>} */ (module.iterator);
	iterator.next();
}

// https://tc39.es/ecma262/2025/#sec-execute-async-module
/** @param {ModuleInstance} module */
function executeAsyncModule(module) {
	const iterator = /** @type {Generator<undefined, void, undefined> | AsyncGenerator<undefined, void, undefined>} */ (module.iterator);
	/** @type {Promise<unknown>} */
	let completion;
	try {
		completion = Promise.resolve(iterator.next());
	} catch (error) {
		completion = Promise.reject(error);
	}
	completion.then(
		() => asyncModuleExecutionFulfilled(module),
		error => asyncModuleExecutionRejected(module, error),
	);
}

// https://tc39.es/ecma262/2025/#sec-gather-available-ancestors
/**
 * @param {ModuleInstance} module
 * @param {ModuleInstance[]} execList
 */
function gatherAvailableAncestors(module, execList) {
	for (const m of module.asyncParentModules) {
		// a. If execList does not contain m and m.[[CycleRoot]].[[EvaluationError]] is empty, then
		if (!execList.includes(m) && (m.cycleRoot ?? m).evaluationError === undefined) {
			// iii. Set m.[[PendingAsyncDependencies]] to m.[[PendingAsyncDependencies]] - 1.
			m.pendingAsyncDependencies--;
			// iv. If m.[[PendingAsyncDependencies]] = 0, then
			if (m.pendingAsyncDependencies === 0) {
				execList.push(m);
				// 2. If m.[[HasTLA]] is false, perform GatherAvailableAncestors(m, execList).
				if (!m.hasTLA) gatherAvailableAncestors(m, execList);
			}
		}
	}
}

// https://tc39.es/ecma262/2025/#sec-async-module-execution-fulfilled
/** @param {ModuleInstance} module */
function asyncModuleExecutionFulfilled(module) {
	// 1. If module.[[Status]] is evaluated, then Assert: module.[[EvaluationError]] is not empty. Return.
	if (module.status === "evaluated") return;
	// 5-6. Set module.[[AsyncEvaluationOrder]] to done; set module.[[Status]] to evaluated.
	// (A module that imports it later must not wait for it: see InnerModuleEvaluation 11.c.v.)
	module.asyncEvaluationOrder = "done";
	module.status = "evaluated";
	// 7. If module.[[TopLevelCapability]] is not empty, then resolve it.
	module.topLevelCapability?.resolve();
	// 8-9. Let execList be a new empty List. Perform GatherAvailableAncestors(module, execList).
	/** @type {ModuleInstance[]} */
	const execList = [];
	gatherAvailableAncestors(module, execList);
	// 10. Let sortedExecList be … sorted by [[AsyncEvaluationOrder]].
	execList.sort((a, b) => Number(a.asyncEvaluationOrder) - Number(b.asyncEvaluationOrder));
	// 12. For each Cyclic Module Record m of sortedExecList, do
	for (const m of execList) {
		// a. If m.[[Status]] is evaluated, then Assert: m.[[EvaluationError]] is not empty.
		if (m.status === "evaluated") continue;
		if (m.hasTLA) {
			// b. Else if m.[[HasTLA]] is true, then perform ExecuteAsyncModule(m).
			executeAsyncModule(m);
		} else {
			// c. Else: Let result be m.ExecuteModule().
			try {
				executeModuleSync(m);
			} catch (error) {
				// ii. If result is an abrupt completion, perform AsyncModuleExecutionRejected(m, result.[[Value]]).
				asyncModuleExecutionRejected(m, error);
				continue;
			}
			// iii. Else: set m.[[AsyncEvaluationOrder]] to done, m.[[Status]] to evaluated; resolve its [[TopLevelCapability]].
			m.asyncEvaluationOrder = "done";
			m.status = "evaluated";
			m.topLevelCapability?.resolve();
		}
	}
}

// https://tc39.es/ecma262/2025/#sec-async-module-execution-rejected
/**
 * @param {ModuleInstance} module
 * @param {unknown} error
 */
function asyncModuleExecutionRejected(module, error) {
	// 1. If module.[[Status]] is evaluated, then … Return.
	if (module.status === "evaluated") return;
	// 4-6. Set module.[[EvaluationError]] to ThrowCompletion(error); status evaluated.
	module.evaluationError = { error };
	module.status = "evaluated";
	// 7. If module.[[AsyncEvaluationOrder]] is an integer, set it to done.
	if (typeof module.asyncEvaluationOrder === "number") module.asyncEvaluationOrder = "done";
	if (rejectsLeafFirst) {
		// ECMA-262 2026: 9. If module.[[TopLevelCapability]] is not empty, reject it; 10. then the parents.
		module.topLevelCapability?.reject(error);
		for (const m of module.asyncParentModules) asyncModuleExecutionRejected(m, error);
		return;
	}
	// 8. For each Cyclic Module Record m of module.[[AsyncParentModules]], do AsyncModuleExecutionRejected(m, error).
	for (const m of module.asyncParentModules) asyncModuleExecutionRejected(m, error);
	// 9. If module.[[TopLevelCapability]] is not empty, then reject it.
	module.topLevelCapability?.reject(error);
}
