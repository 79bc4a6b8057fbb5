// The update algorithm: from the modules that changed (new code staged, or `invalidate()`d), walk
// up through their importers. A module that accepts the change stops the walk (it is relinked to
// the new exports and its accept handlers run); a module that does not is re-executed, and the
// walk goes on to its importers. Reaching the root without acceptance, or a declined module,
// fails the update before anything runs. New code is linked completely before anything is
// disposed; then the affected modules are replaced dependencies-first. Only the changed modules'
// ancestors are visited, never the whole graph.
//
// One update runs in rounds: plan → link test → apply, and when an accept handler throws (the
// module did not accept after all) or a self-accept handler throws (its importers must handle the
// change), a next round starts from there at once, so the update ends with the whole change
// applied (or refused) and one message says what it did. Then what nothing imports is pruned.
import { AdapterRecord } from "./adapter.js";
import { ModuleController } from "./controller.js";
import { evaluate } from "./evaluate.js";
import { HandlerTimeout, runDestructors } from "./hot.js";
import { ModuleInstance } from "./instance.js";
import { link, prepareRelink } from "./link.js";
import { log, logAcceptError, logHandlerError, logHandlerTimeout, logTypesOnly, relative } from "./messages.js";

/**
 * @typedef {import("./application.js").Application} Application
 * @typedef {import("./messages.js").TreeNode} TreeNode
 * @typedef {{ loads: number, reevaluations: number, duration: number }} Stats
 * @typedef {{ type: "success", stats: Stats }
 *   | { type: "declined", declined: string[], stats?: Stats }
 *   | { type: "unaccepted", tree: TreeNode, stats?: Stats }
 *   | { type: "linkError", error: unknown, stats?: Stats }
 *   | { type: "evaluationError", error: unknown, stats: Stats }
 *   | { type: "fatal", stats?: Stats }} Outcome
 *   `stats`, on a failure: what the update applied before it failed
 * @typedef {Outcome | undefined} UpdateResult undefined: nothing to do
 * @typedef {{ replace: ModuleController[], propagate: ModuleController[] }} Changes what a round
 *   starts from: modules to re-execute, and modules re-executed already whose importers must now
 *   handle the change (their self-accept handler threw)
 * @typedef {object} Plan
 * @property {Set<ModuleController>} replaced re-executed (new instances)
 * @property {Set<ModuleController>} propagating replaced (or already re-executed) and not accepting
 *   themselves: their importers handle the change
 * @property {Set<ModuleController>} relinked importers that accept: new bindings, accept handlers
 * @property {ModuleController[]} declined replaced although they `decline()`
 * @property {ModuleController[]} broken replaced although their last dispose failed
 * @property {boolean} reachedRoot the root would re-execute without accepting
 * @property {Set<ModuleController>} origins where the round started
 * @typedef {{ pending: Map<ModuleController, ModuleInstance>, commits: Map<ModuleController, () => void> }} Linked
 *   the new instances, linked, and the prepared relinks of accepting importers
 * @typedef {{ failure?: Outcome, notAccepted: Changes, dropped: Set<ModuleController> }} Applied
 *   `dropped`: what the replaced modules imported (pruned if nothing imports it any more)
 */

/**
 * Runs one update of the changes since the last one.
 * @param {Application} app
 * @param {ModuleController} root
 * @returns {Promise<UpdateResult>}
 */
export async function runUpdate(app, root) {
	const start = performance.now();
	const dirty = app.takeDirty().filter(c => !typesOnly(c));
	const seeds = dirty.filter(c => c.current !== undefined && (c.staging !== undefined || c.current.isInvalidated));
	if (seeds.length === 0) return undefined;
	const stats = { loads: 0, reevaluations: 0, duration: 0 };
	/** @type {Set<ModuleController>} */
	const dropped = new Set();
	const result = await runRounds(app, root, { replace: seeds, propagate: [] }, stats, dropped);
	// After a failure the code that could not apply stays staged: the next update (whatever starts
	// it, e.g. the edit of an importer that fixes a link error) tries it again.
	if (result.type === "linkError" || result.type === "evaluationError" || result.type === "fatal") {
		for (const controller of dirty) {
			if (controller.broken) continue;
			if (controller.staging !== undefined || controller.current?.isInvalidated === true) app.retryLater(controller);
		}
	}
	const pruneFailed = await pruneUnreachable(app, dropped, root);
	stats.duration = performance.now() - start;
	if (pruneFailed && result.type === "success") return { type: "fatal", stats };
	return result;
}

/**
 * New code of a TypeScript module whose JavaScript is that of the running version (an edit of
 * types only), importing the same modules, is dropped, and nothing re-runs for it; its running
 * code now stands for the new bytes of its files.
 * @param {ModuleController} controller
 * @returns {boolean} whether it was such a change (and was said so)
 */
function typesOnly(controller) {
	const { current, staging } = controller;
	if (current === undefined || staging === undefined || current.isInvalidated) return false;
	const running = current.declaration;
	if (staging.codeHash === undefined || staging.codeHash !== running.codeHash) return false;
	// The same JavaScript may import other modules now (a tsconfig.json `paths` change).
	if (staging.requests.length !== running.requests.length) return false;
	if (!staging.requests.every((request, index) => request.controller() === running.requests[index]?.controller())) return false;
	running.fingerprints = staging.fingerprints;
	controller.staging = undefined;
	logTypesOnly(controller.url);
	return true;
}

/**
 * @param {Application} app
 * @param {ModuleController} root
 * @param {Changes} changes
 * @param {Stats} stats counts what each round applied
 * @param {Set<ModuleController>} dropped collects what each round's replaced modules imported
 * @returns {Promise<Outcome>}
 */
async function runRounds(app, root, changes, stats, dropped) {
	for (let round = 0; ; round++) {
		/** What applied in earlier rounds, for a failure after them. */
		const before = () => (stats.loads + stats.reevaluations > 0 ? { stats } : {});
		const plan = planUpdate(changes, root);
		if (plan.broken.length > 0) {
			for (const controller of plan.broken) controller.staging = undefined;
			return { type: "fatal", ...before() };
		}
		if (plan.declined.length > 0 || plan.reachedRoot) {
			// The change is refused and what was loaded for it is dropped: nothing ran, so saving
			// the file again tries it again.
			for (const controller of changes.replace) controller.staging = undefined;
			if (plan.declined.length > 0) return { type: "declined", declined: plan.declined.map(c => c.url), ...before() };
			return { type: "unaccepted", tree: invalidationTree(root, plan), ...before() };
		}
		const linked = linkUpdate(plan);
		if (!("pending" in linked)) return { type: "linkError", error: linked.error, ...before() };
		await Promise.all([...linked.pending.values()].map(instance => instance.ready));
		const applied = await applyUpdate(app, plan, linked, stats);
		for (const controller of applied.dropped) dropped.add(controller);
		if (applied.failure !== undefined) return applied.failure;
		if (applied.notAccepted.replace.length === 0 && applied.notAccepted.propagate.length === 0) return { type: "success", stats };
		changes = applied.notAccepted;
	}
}

/**
 * Plan (no side effects): which modules re-execute, which of those make their importers handle
 * the change, which importers are only relinked.
 * @param {Changes} changes
 * @param {ModuleController} root
 * @returns {Plan}
 */
function planUpdate(changes, root) {
	/** @type {Plan} */
	const plan = {
		replaced: new Set(),
		propagating: new Set(),
		relinked: new Set(),
		declined: [],
		broken: [],
		reachedRoot: false,
		origins: new Set([...changes.replace, ...changes.propagate]),
	};
	/** @type {ModuleController[]} */
	const work = [];
	/** @param {ModuleController} controller */
	const replace = controller => {
		if (plan.replaced.has(controller)) return;
		plan.replaced.add(controller);
		plan.relinked.delete(controller);
		if (controller.broken) plan.broken.push(controller);
		const hot = /** @type {ModuleInstance} */ (controller.current).hot;
		if (hot?.selfAccept !== undefined) {
			relinkImporters(controller);
			return;
		}
		if (hot?.declined) plan.declined.push(controller);
		if (controller === root) plan.reachedRoot = true;
		plan.propagating.add(controller);
		work.push(...controller.importers);
	};
	/**
	 * Importers read the new instance's exports through new bindings; through a module that
	 * re-exports, its importers' bindings may lead there too.
	 * @param {ModuleController} controller
	 */
	const relinkImporters = controller => {
		for (const importer of controller.importers) {
			if (plan.replaced.has(importer) || plan.relinked.has(importer)) continue;
			plan.relinked.add(importer);
			const declaration = /** @type {ModuleInstance} */ (importer.current).declaration;
			if (declaration.indirectExports.size > 0 || declaration.starExports.length > 0) relinkImporters(importer);
		}
	};
	for (const controller of changes.replace) replace(controller);
	// Re-executed already (the root among them has no importer left to tell).
	for (const controller of changes.propagate) {
		plan.propagating.add(controller);
		work.push(...controller.importers);
	}
	while (work.length > 0) {
		const importer = /** @type {ModuleController} */ (work.pop());
		if (plan.replaced.has(importer)) continue;
		if (accepts(/** @type {ModuleInstance} */ (importer.current), plan.propagating)) {
			plan.relinked.add(importer);
			relinkImporters(importer);
		} else {
			replace(importer);
		}
	}
	return plan;
}

/**
 * Link test: new instances for every replaced module (and for modules the new code imports for
 * the first time), linked against each other and the unchanged modules; relinks prepared. Nothing
 * runs and nothing changes if it fails.
 * @param {Plan} plan
 * @returns {Linked | { error: unknown }}
 */
function linkUpdate(plan) {
	/** @type {Map<ModuleController, ModuleInstance>} */
	const pending = new Map();
	for (const controller of plan.replaced) {
		const current = /** @type {ModuleInstance} */ (controller.current);
		pending.set(controller, new ModuleInstance(controller, controller.staging ?? current.declaration));
	}
	/** @type {import("./link.js").Select} */
	const select = dependency => {
		if (dependency instanceof AdapterRecord) return dependency;
		let instance = pending.get(dependency) ?? dependency.current;
		if (instance === undefined) {
			const declaration = dependency.staging ?? dependency.declaration;
			if (declaration === undefined) throw new Error(`dynohot: '${dependency.url}' was never loaded`);
			instance = new ModuleInstance(dependency, declaration);
			pending.set(dependency, instance);
		}
		return instance;
	};
	/** @type {Map<ModuleController, () => void>} */
	const commits = new Map();
	try {
		// A snapshot: linking one instance may stage more (`select` adds them to `pending`), and those
		// are linked by the instance that reached them.
		for (const instance of Array.from(pending.values())) link(instance, select);
		for (const controller of plan.relinked) commits.set(controller, prepareRelink(/** @type {ModuleInstance} */ (controller.current), select));
	} catch (error) {
		for (const instance of pending.values()) instance.unlink();
		return { error };
	}
	return { pending, commits };
}

/**
 * Apply, dependencies first (strongly connected components of the affected modules): dispose the
 * old instances, make the new ones current and evaluate them, run the old instances' self-accept
 * handlers, then relink the accepting importers and run their accept handlers.
 * @param {Application} app
 * @param {Plan} plan
 * @param {Linked} linked
 * @param {Stats} stats
 * @returns {Promise<Applied>}
 */
async function applyUpdate(app, plan, { pending, commits }, stats) {
	const order = components([...pending.keys(), ...plan.relinked], controller => {
		const instance = pending.get(controller) ?? /** @type {ModuleInstance} */ (controller.current);
		return instance
			.dependencies()
			.filter(/** @returns {d is ModuleController} */ d => d instanceof ModuleController && (pending.has(d) || plan.relinked.has(d)));
	});
	/** @type {Set<ModuleController>} */
	const dropped = new Set();
	for (const controller of plan.replaced) {
		const old = /** @type {ModuleInstance} */ (controller.current);
		// A re-execution of the same code imports the same modules again: nothing is dropped.
		if (old.declaration === pending.get(controller)?.declaration && old.dynamicImports.length === 0) continue;
		for (const dependency of old.dependencies()) {
			if (dependency instanceof ModuleController) dropped.add(dependency);
		}
	}
	/** @type {Changes} */
	const notAccepted = { replace: [], propagate: [] };
	for (let index = 0; index < order.length; index++) {
		const component = order[index];
		// A cycle is entered, as on a first load, through a member imported from outside it: the
		// evaluation order within the cycle follows from that entry point (as in
		// https://tc39.es/ecma262/2025/#sec-innermoduleevaluation).
		const members = component.filter(c => pending.has(c));
		if (members.length > 1) {
			const inside = new Set(component);
			const entered = (/** @type {ModuleController} */ c) => [...c.importers].some(importer => !inside.has(importer));
			members.sort((a, b) => Number(entered(b)) - Number(entered(a)));
		}
		/** @type {Map<ModuleController, ModuleInstance | undefined>} */
		const previous = new Map(members.map(c => [c, c.current]));
		// Dispose the old instances (never twice: after a failed update, an old instance that
		// came back was already disposed).
		/** @type {Map<ModuleController, Record<string, unknown>>} */
		const data = new Map();
		for (const controller of members) {
			const old = previous.get(controller);
			if (old === undefined) continue;
			if (old.disposedData === undefined) {
				try {
					old.disposedData = old.hot === undefined ? {} : await runDestructors(old.hot, false, app.disposeTimeout);
				} catch (error) {
					// Its old instance is half torn down: it may never re-execute (the next update
					// that would is refused), and nothing else is affected.
					logDestructorFailure(controller.url, "dispose", error);
					controller.broken = true;
					controller.staging = undefined;
					restoreAfter(order, index, pending);
					return { failure: { type: "fatal", ...(stats.loads + stats.reevaluations > 0 ? { stats } : {}) }, notAccepted, dropped };
				}
			}
			data.set(controller, old.disposedData);
		}
		for (const controller of members) {
			const instance = /** @type {ModuleInstance} */ (pending.get(controller));
			if (instance.hot !== undefined) instance.hot.data = data.get(controller);
			app.setCurrent(controller, instance);
		}
		try {
			for (const controller of members) {
				const instance = /** @type {ModuleInstance} */ (pending.get(controller));
				const evaluated = evaluate(instance);
				// A synchronous body that completed needs no turn of the microtask queue.
				if (instance.status !== "evaluated" || instance.evaluationError !== undefined) await evaluated;
			}
		} catch (error) {
			// The app keeps running the code it had: this component goes back to its previous
			// instances (already disposed: they are not disposed again), its staged code stays
			// for the next update; what was updated below it stays updated. The stats count what
			// was tried, as the message reads "loaded … then caught".
			count(members, previous, pending, stats);
			for (const controller of members) app.setCurrent(controller, previous.get(controller));
			restoreAfter(order, index, pending);
			return { failure: { type: "evaluationError", error, stats }, notAccepted, dropped };
		}
		count(members, previous, pending, stats);
		for (const controller of members) {
			const instance = /** @type {ModuleInstance} */ (pending.get(controller));
			if (controller.staging === instance.declaration) controller.staging = undefined;
			for (const callback of previous.get(controller)?.hot?.selfAccept ?? []) {
				try {
					await callback(instance.namespace());
				} catch (error) {
					// The module did not accept after all: its importers handle the change, in the
					// next round of this update.
					logHandlerError(controller.url, "self-accept", error);
					notAccepted.propagate.push(controller);
					break;
				}
			}
		}
		// Importers that accept: new bindings, then their accept handlers.
		for (const controller of component) {
			const commit = commits.get(controller);
			if (commit === undefined) continue;
			commit();
			// A handler threw (or the module invalidated itself): it did not accept the change after
			// all, and is re-executed in the next round of this update.
			if (!(await runAcceptHandlers(/** @type {ModuleInstance} */ (controller.current), plan.propagating))) notAccepted.replace.push(controller);
		}
	}
	return { notAccepted, dropped };
}

/**
 * Counts the members of a component as loaded (new code, or a module new to the graph) or
 * reevaluated (the same code again).
 * @param {ModuleController[]} members
 * @param {Map<ModuleController, ModuleInstance | undefined>} previous
 * @param {Map<ModuleController, ModuleInstance>} pending
 * @param {Stats} stats
 */
function count(members, previous, pending, stats) {
	for (const controller of members) {
		const old = previous.get(controller);
		if (old !== undefined && old.declaration === pending.get(controller)?.declaration) stats.reevaluations++;
		else stats.loads++;
	}
}

/**
 * After a failure in component `index`: the components after it keep their current instances,
 * rebound to what is current below them now (what was updated before the failure stays updated).
 * @param {ModuleController[][]} order
 * @param {number} index
 * @param {Map<ModuleController, ModuleInstance>} pending
 */
function restoreAfter(order, index, pending) {
	for (const rest of order.slice(index + 1)) {
		for (const controller of rest) {
			const current = controller.current;
			if (current === undefined || pending.has(controller)) continue;
			try {
				prepareRelink(current, dependency => (dependency instanceof ModuleController ? /** @type {ModuleInstance} */ (dependency.current) : dependency))();
			} catch {
				// Bindings that no longer fit stay as they were.
			}
		}
	}
}

/**
 * @param {string} url
 * @param {"dispose" | "prune"} phase
 * @param {unknown} error
 */
function logDestructorFailure(url, phase, error) {
	if (error instanceof HandlerTimeout) logHandlerTimeout(url, phase, error.timeout);
	else logHandlerError(url, phase, error);
}


/**
 * Whether `instance` accepts updates of every propagating module it imports directly.
 * @param {ModuleInstance} instance
 * @param {ReadonlySet<ModuleController>} propagating
 */
function accepts(instance, propagating) {
	const hot = instance.hot;
	const updated = instance.dependencies().filter(d => d instanceof ModuleController && propagating.has(d));
	if (updated.length === 0) return true;
	if (hot === undefined || instance.isInvalidated) return false;
	const covered = acceptedBy(instance, hot);
	return updated.every(dependency => covered.has(dependency));
}

/** @type {WeakMap<ModuleInstance, { groups: number, covered: Set<import("./controller.js").AnyController> }>} */
const acceptedCache = new WeakMap();

/**
 * The controllers `instance`'s accept groups cover (a group with a specifier that resolves to
 * nothing is ignored, with a warning). Computed once per instance and number of groups: an
 * importer of many updated modules is asked about each of them (a branch switch: hundreds).
 * @param {ModuleInstance} instance
 * @param {import("./hot.js").HotState} hot
 */
function acceptedBy(instance, hot) {
	const cached = acceptedCache.get(instance);
	if (cached !== undefined && cached.groups === hot.accepts.length) return cached.covered;
	/** @type {Set<import("./controller.js").AnyController>} */
	const covered = new Set();
	const resolve = controllersOf(instance);
	for (const group of hot.accepts) {
		const targets = group.specifiers.map(resolve);
		if (targets.some(target => target === undefined)) {
			const missing = group.specifiers.filter((_, i) => targets[i] === undefined);
			log(`Warning: ${missing.length === 1 ? "specifier" : "specifiers"} ${missing.map(() => "%s").join(", ")} from %s could not be resolved.`, ...missing.map(s => JSON.stringify(s)), relative(instance.url));
			if (group.specifiers.length > 1) {
				log(`The entire accept group of: ${group.specifiers.map(() => "%s").join(", ")} will be ignored.`, ...group.specifiers.map(s => JSON.stringify(s)));
			}
			continue;
		}
		for (const target of targets) covered.add(/** @type {import("./controller.js").AnyController} */ (target));
	}
	acceptedCache.set(instance, { groups: hot.accepts.length, covered });
	return covered;
}

/**
 * The controller a module imports by a specifier (as written), if any; the requests are indexed
 * once for all the specifiers asked about.
 * DEVIATION: the original treats a non-reloadable target as unresolved, which voids the whole
 * accept group; such a target simply never updates, so we count it as resolved.
 * @param {ModuleInstance} instance
 * @returns {(specifier: string) => import("./controller.js").AnyController | undefined}
 */
function controllersOf(instance) {
	/** @type {Map<string, import("./declaration.js").Declaration["requests"][number]>} */
	const requests = new Map();
	for (const request of instance.declaration.requests) if (!requests.has(request.specifier)) requests.set(request.specifier, request);
	return specifier => requests.get(specifier)?.controller() ?? instance.dynamicImports.find(d => d.specifier === specifier)?.controller;
}

/**
 * Runs the accept handlers of groups that cover an updated dependency, in registration order,
 * with the new namespaces of the group's specifiers in the group's order.
 * @param {ModuleInstance} instance
 * @param {ReadonlySet<ModuleController>} propagating
 * @returns {Promise<boolean>} false if a handler threw (or the module invalidated itself)
 */
async function runAcceptHandlers(instance, propagating) {
	const hot = instance.hot;
	if (hot === undefined) return true;
	const resolve = controllersOf(instance);
	for (const group of hot.accepts) {
		if (group.callback === undefined) continue;
		const targets = group.specifiers.map(resolve);
		if (!targets.some(target => target instanceof ModuleController && propagating.has(target))) continue;
		try {
			await group.callback(targets.map(target => /** @type {ModuleInstance} */ (/** @type {ModuleController} */ (target).current).namespace()));
		} catch (error) {
			logAcceptError(instance.url, group.specifiers, error);
			return false;
		}
		// `invalidate()` inside a handler: the module stops accepting.
		if (hot.invalidated) return false;
	}
	return true;
}

/**
 * Whether some chain of importers leads from `controller` to the root. `reaching` remembers the
 * modules found to reach it during one prune (pruning removes only edges from modules that do
 * not), so the walks of one update together visit each importer edge about once, not once per
 * dropped module.
 * @param {ModuleController} controller
 * @param {ModuleController} root
 * @param {Set<ModuleController>} reaching
 */
function reachesRoot(controller, root, reaching) {
	/** @type {Map<ModuleController, ModuleController | undefined>} module → the one it was reached from */
	const from = new Map([[controller, undefined]]);
	const queue = [controller];
	while (queue.length > 0) {
		const next = /** @type {ModuleController} */ (queue.pop());
		if (next === root || reaching.has(next)) {
			for (let on = /** @type {ModuleController | undefined} */ (next); on !== undefined; on = from.get(on)) reaching.add(on);
			return true;
		}
		for (const importer of next.importers) {
			if (!from.has(importer)) {
				from.set(importer, next);
				queue.push(importer);
			}
		}
	}
	return false;
}

/**
 * Prune: what the replaced modules imported and nothing imports any more leaves the graph (its
 * prune and dispose handlers run), after everything else of the update ran.
 * @param {Application} app
 * @param {Iterable<ModuleController>} dropped
 * @param {ModuleController} root
 * @returns {Promise<boolean>} whether a handler failed
 */
async function pruneUnreachable(app, dropped, root) {
	let failed = false;
	/** @type {Set<ModuleController>} */
	const reaching = new Set();
	for (const dependency of dropped) {
		if (dependency.current !== undefined && dependency !== root && !reachesRoot(dependency, root, reaching)) {
			if (await prune(app, dependency, root, reaching)) failed = true;
		}
	}
	return failed;
}

/**
 * @param {Application} app
 * @param {ModuleController} controller
 * @param {ModuleController} root
 * @param {Set<ModuleController>} reaching see `reachesRoot`
 * @returns {Promise<boolean>} whether a handler failed
 */
async function prune(app, controller, root, reaching) {
	const instance = /** @type {ModuleInstance} */ (controller.current);
	const dependencies = instance.dependencies();
	let failed = false;
	if (instance.hot !== undefined) {
		try {
			await runDestructors(instance.hot, true, app.disposeTimeout);
		} catch (error) {
			logDestructorFailure(controller.url, "prune", error);
			controller.broken = true;
			failed = true;
		}
	}
	// Its files stay watched: an edit while it is out of the graph is staged, and used if it
	// comes back.
	app.setCurrent(controller, undefined);
	for (const dependency of dependencies) {
		if (dependency instanceof ModuleController && dependency.current !== undefined && !reachesRoot(dependency, root, reaching)) {
			if (await prune(app, dependency, root, reaching)) failed = true;
		}
	}
	return failed;
}

/**
 * Tarjan's strongly connected components, dependencies first.
 * @template T
 * @param {T[]} nodes
 * @param {(node: T) => T[]} edges
 * @returns {T[][]}
 */
export function components(nodes, edges) {
	/** @type {Map<T, { index: number, low: number, onStack: boolean }>} */
	const state = new Map();
	/** @type {T[]} */
	const stack = [];
	/** @type {T[][]} */
	const result = [];
	let index = 0;
	/** @param {T} node */
	const visit = node => {
		const entry = { index, low: index, onStack: true };
		index++;
		state.set(node, entry);
		stack.push(node);
		for (const next of edges(node)) {
			const nextState = state.get(next);
			if (nextState === undefined) {
				visit(next);
				entry.low = Math.min(entry.low, /** @type {{ low: number }} */ (state.get(next)).low);
			} else if (nextState.onStack) {
				entry.low = Math.min(entry.low, nextState.index);
			}
		}
		if (entry.low === entry.index) {
			/** @type {T[]} */
			const component = [];
			let member;
			do {
				member = /** @type {T} */ (stack.pop());
				/** @type {{ onStack: boolean }} */ (state.get(member)).onStack = false;
				component.push(member);
			} while (member !== node);
			result.push(component.reverse());
		}
	};
	for (const node of nodes) {
		if (!state.has(node)) visit(node);
	}
	return result;
}

/**
 * The unaccepted-update tree: from the root down through the modules that did not accept, to
 * the changes they came from (🔄).
 * @param {ModuleController} root
 * @param {Plan} plan
 * @returns {TreeNode}
 */
function invalidationTree(root, { propagating, origins }) {
	/** @type {Map<ModuleController, TreeNode>} */
	const nodes = new Map();
	/** @param {ModuleController} controller @returns {TreeNode} */
	const node = controller => {
		let existing = nodes.get(controller);
		if (existing !== undefined) return existing;
		/** @type {TreeNode} */
		const created = { modules: [controller.url], origin: origins.has(controller), children: [] };
		nodes.set(controller, created);
		const instance = /** @type {ModuleInstance} */ (controller.current);
		for (const dependency of instance.dependencies()) {
			if (dependency instanceof ModuleController && propagating.has(dependency) && !origins.has(controller)) {
				created.children.push(node(dependency));
			}
		}
		return created;
	};
	return node(root);
}
