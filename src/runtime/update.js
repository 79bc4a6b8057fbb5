// The update algorithm: from the modules that changed (new code staged, or `invalidate()`d), walk
// up through their importers. A module that accepts the change stops the walk (it is relinked to
// the new exports and its accept handlers run); a module that does not is re-executed, and the
// walk goes on to its importers. Reaching the root without acceptance, or a declined module,
// fails the update before anything runs. New code is linked completely before anything is
// disposed; then the affected modules are replaced dependencies-first. Only the changed modules'
// ancestors are visited, never the whole graph.
import { AdapterRecord } from "./adapter.js";
import { dependenciesOf } from "./application.js";
import { evaluate } from "./evaluate.js";
import { runDestructors } from "./hot.js";
import { ModuleInstance } from "./instance.js";
import { link, prepareRelink } from "./link.js";
import {
	logAcceptError,
	logDeclined,
	logFatal,
	logHandlerError,
	logLinkError,
	logStats,
	log,
	logUnaccepted,
	relative,
} from "./messages.js";
import { ModuleController as ModuleController_ } from "./controller.js";

/**
 * @typedef {import("./controller.js").ModuleController} ModuleController
 * @typedef {import("./messages.js").TreeNode} TreeNode
 * @typedef {{ loads: number, reevaluations: number, duration: number }} Stats
 * @typedef {{ type: "success", stats: Stats }
 *   | { type: "declined", declined: string[] }
 *   | { type: "unaccepted", tree: TreeNode }
 *   | { type: "linkError", error: unknown }
 *   | { type: "evaluationError", error: unknown, stats: Stats }
 *   | { type: "fatal" }
 *   | undefined} UpdateResult
 */

/** @param {UpdateResult} result */
export function logResult(result) {
	if (result === undefined) return;
	switch (result.type) {
		case "success":
			logStats(result.stats);
			break;
		case "declined":
			logDeclined(result.declined);
			break;
		case "unaccepted":
			logUnaccepted(result.tree);
			break;
		case "linkError":
			logLinkError(result.error);
			break;
		case "evaluationError":
			logStats(result.stats);
			log("Caught evaluation error:", result.error);
			break;
		case "fatal":
			logFatal();
			break;
	}
}

/**
 * @param {import("./application.js").Application} app
 * @param {ModuleController} root
 * @returns {Promise<UpdateResult>}
 */
export async function runUpdate(app, root) {
	const start = performance.now();
	if (app.fatal) return { type: "fatal" };
	const dirty = [...app.dirty];
	app.dirty.clear();
	const seeds = dirty.filter(c => c.current !== undefined && (c.staging !== undefined || c.current.isInvalidated));
	if (seeds.length === 0) return undefined;

	// Plan (no side effects): which modules re-execute (`replaced`), which of those make their
	// importers handle the change (`propagating`), which importers are only relinked.
	/** @type {Set<ModuleController>} */
	const replaced = new Set();
	/** @type {Set<ModuleController>} */
	const propagating = new Set();
	/** @type {Set<ModuleController>} */
	const relinked = new Set();
	/** @type {ModuleController[]} */
	const declined = [];
	/** @type {ModuleController[]} */
	const work = [];
	let reachedRoot = false;

	/** @param {ModuleController} controller */
	const replace = controller => {
		if (replaced.has(controller)) return;
		replaced.add(controller);
		relinked.delete(controller);
		const hot = /** @type {ModuleInstance} */ (controller.current).hot;
		if (hot?.selfAccept !== undefined) {
			relinkImporters(controller);
			return;
		}
		if (hot?.declined) declined.push(controller);
		if (controller === root) reachedRoot = true;
		propagating.add(controller);
		work.push(...controller.importers);
	};
	/**
	 * Importers read the new instance's exports through new bindings; through a module that
	 * re-exports, its importers' bindings may lead there too.
	 * @param {ModuleController} controller
	 */
	const relinkImporters = controller => {
		for (const importer of controller.importers) {
			if (replaced.has(importer) || relinked.has(importer)) continue;
			relinked.add(importer);
			const declaration = /** @type {ModuleInstance} */ (importer.current).declaration;
			if (declaration.indirectExports.size > 0 || declaration.starExports.length > 0) relinkImporters(importer);
		}
	};
	for (const seed of seeds) replace(seed);
	while (work.length > 0) {
		const importer = /** @type {ModuleController} */ (work.pop());
		if (replaced.has(importer)) continue;
		if (accepts(/** @type {ModuleInstance} */ (importer.current), propagating)) {
			relinked.add(importer);
			relinkImporters(importer);
		} else {
			replace(importer);
		}
	}
	const discard = () => {
		for (const controller of dirty) controller.staging = undefined;
	};
	// After a link or evaluation error the staged code stays: the next update (whatever starts
	// it, e.g. the edit of an importer that fixes the link error) tries it again.
	const retry = () => {
		for (const controller of dirty) {
			if (controller.staging !== undefined || controller.current?.isInvalidated === true) app.dirty.add(controller);
		}
	};
	if (declined.length > 0) {
		discard();
		return { type: "declined", declined: declined.map(c => c.url) };
	}
	if (reachedRoot) {
		discard();
		return { type: "unaccepted", tree: invalidationTree(root, propagating, new Set(seeds)) };
	}

	// Link test: new instances for every replaced module (and for modules the new code imports
	// for the first time), linked against each other and the unchanged modules; relinks prepared.
	/** @type {Map<ModuleController, ModuleInstance>} */
	const pending = new Map();
	for (const controller of replaced) {
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
		for (const instance of [...pending.values()]) link(instance, select);
		for (const controller of relinked) commits.set(controller, prepareRelink(/** @type {ModuleInstance} */ (controller.current), select));
	} catch (error) {
		// Nothing ran; the staged code stays, so the next update retries it.
		for (const instance of pending.values()) instance.unlink();
		retry();
		return { type: "linkError", error };
	}

	await Promise.all([...pending.values()].map(instance => instance.ready));

	// Apply, dependencies first (strongly connected components of the affected modules).
	const order = components([...pending.keys(), ...relinked], controller => {
		const instance = pending.get(controller) ?? /** @type {ModuleInstance} */ (controller.current);
		return dependenciesOf(instance).filter(
			/** @returns {d is ModuleController} */ d => d instanceof ModuleController_ && (pending.has(d) || relinked.has(d)),
		);
	});
	const stats = { loads: 0, reevaluations: 0, duration: 0 };
	/** @type {Map<ModuleController, ModuleInstance>} updated deps' new namespaces for accept callbacks */
	const previousDependencies = new Map();
	for (const controller of replaced) {
		for (const dependency of dependenciesOf(/** @type {ModuleInstance} */ (controller.current))) {
			if (dependency instanceof ModuleController_) previousDependencies.set(dependency, /** @type {ModuleInstance} */ (dependency.current));
		}
	}
	for (let index = 0; index < order.length; index++) {
		const component = order[index];
		// A cycle is entered, as on a first load, through a member imported from outside it: the
		// spec's evaluation order within the cycle follows from that entry point.
		const inside = new Set(component);
		const entered = (/** @type {ModuleController} */ c) => [...c.importers].some(importer => !inside.has(importer));
		const members = component.filter(c => pending.has(c)).sort((a, b) => Number(entered(b)) - Number(entered(a)));
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
					old.disposedData = old.hot === undefined ? {} : await runDestructors(old.hot, false);
				} catch (error) {
					logHandlerError(controller.url, "dispose", error);
					app.fatal = true;
					return { type: "fatal" };
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
			for (const controller of members) await evaluate(/** @type {ModuleInstance} */ (pending.get(controller)));
		} catch (error) {
			// The app keeps running the code it had: this component goes back to its previous
			// instances (already disposed: they are not disposed again), its staged code stays
			// for the next update; what was updated below it stays updated.
			for (const controller of members) app.setCurrent(controller, previous.get(controller));
			for (const rest of order.slice(index + 1)) {
				for (const controller of rest) {
					const current = controller.current;
					if (current === undefined || pending.has(controller)) continue;
					try {
						prepareRelink(current, dependency => (dependency instanceof ModuleController_ ? /** @type {ModuleInstance} */ (dependency.current) : dependency))();
					} catch {
						// Bindings that no longer fit stay as they were.
					}
				}
			}
			retry();
			stats.duration = performance.now() - start;
			return { type: "evaluationError", error, stats };
		}
		for (const controller of members) {
			const instance = /** @type {ModuleInstance} */ (pending.get(controller));
			if (controller.staging === instance.declaration) controller.staging = undefined;
			const old = previous.get(controller);
			if (old === undefined) {
				stats.loads++;
				continue;
			}
			if (old.declaration === instance.declaration) stats.reevaluations++;
			else stats.loads++;
			for (const callback of old.hot?.selfAccept ?? []) {
				try {
					await callback(instance.namespace());
				} catch (error) {
					logHandlerError(controller.url, "self-accept", error);
					// The module did not accept after all: importers that don't accept it themselves
					// are re-executed by a follow-up update (the change goes on from there).
					for (const importer of controller.importers) {
						const current = importer.current;
						if (current === undefined || replaced.has(importer) || accepts(current, new Set([controller]))) continue;
						current.invalidated = true;
						app.invalidated(importer);
					}
					break;
				}
			}
		}
		// Importers that accept: new bindings, then their accept handlers.
		for (const controller of component) {
			const commit = commits.get(controller);
			if (commit === undefined) continue;
			commit();
			const instance = /** @type {ModuleInstance} */ (controller.current);
			if (!(await runAcceptHandlers(instance, propagating))) {
				// An accept handler threw: this module did not accept the change after all. It is
				// re-executed (and the change goes on to its importers) by a follow-up update, as
				// after `invalidate()`.
				instance.invalidated = true;
				app.invalidated(controller);
			}
		}
	}

	// Prune what the new code no longer imports.
	for (const [dependency] of previousDependencies) {
		if (dependency.current !== undefined && dependency !== root && !reachesRoot(dependency, root)) {
			await prune(app, dependency, root);
		}
	}
	stats.duration = performance.now() - start;
	return { type: "success", stats };
}

/**
 * Whether `instance` accepts updates of every propagating module it imports directly.
 * @param {ModuleInstance} instance
 * @param {ReadonlySet<ModuleController>} propagating
 */
function accepts(instance, propagating) {
	const hot = instance.hot;
	const updated = dependenciesOf(instance).filter(d => d instanceof ModuleController_ && propagating.has(d));
	if (updated.length === 0) return true;
	if (hot === undefined || instance.isInvalidated) return false;
	return updated.every(dependency => hot.accepts.some(group => groupCovers(instance, group, dependency)));
}

/**
 * @param {ModuleInstance} instance
 * @param {import("./hot.js").AcceptGroup} group
 * @param {import("./controller.js").AnyController} dependency
 */
function groupCovers(instance, group, dependency) {
	const targets = group.specifiers.map(specifier => controllerOf(instance, specifier));
	if (targets.some(target => target === undefined)) {
		const missing = group.specifiers.filter((_, i) => targets[i] === undefined);
		log(`Warning: ${missing.length === 1 ? "specifier" : "specifiers"} ${missing.map(() => "%s").join(", ")} from %s could not be resolved.`, ...missing.map(s => JSON.stringify(s)), relative(instance.url));
		if (group.specifiers.length > 1) {
			log(`The entire accept group of: ${group.specifiers.map(() => "%s").join(", ")} will be ignored.`, ...group.specifiers.map(s => JSON.stringify(s)));
		}
		return false;
	}
	return targets.some(target => target === dependency);
}

/**
 * The controller a module imports by `specifier` (as written), if any.
 * DEVIATION: the original treats a non-reloadable target as unresolved, which voids the whole
 * accept group; such a target simply never updates, so we count it as resolved.
 * @param {ModuleInstance} instance
 * @param {string} specifier
 * @returns {import("./controller.js").AnyController | undefined}
 */
function controllerOf(instance, specifier) {
	const request = instance.declaration.requests.find(r => r.specifier === specifier);
	return request?.controller() ?? instance.dynamicImports.find(d => d.specifier === specifier)?.controller;
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
	for (const group of hot.accepts) {
		if (group.callback === undefined) continue;
		const targets = group.specifiers.map(specifier => controllerOf(instance, specifier));
		if (!targets.some(target => target instanceof ModuleController_ && propagating.has(target))) continue;
		try {
			await group.callback(targets.map(target => /** @type {ModuleInstance} */ (target?.current).namespace()));
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
 * Whether some chain of importers leads from `controller` to the root.
 * @param {ModuleController} controller
 * @param {ModuleController} root
 */
function reachesRoot(controller, root) {
	const seen = new Set([controller]);
	const queue = [controller];
	while (queue.length > 0) {
		const next = /** @type {ModuleController} */ (queue.pop());
		if (next === root) return true;
		for (const importer of next.importers) {
			if (!seen.has(importer)) {
				seen.add(importer);
				queue.push(importer);
			}
		}
	}
	return false;
}

/**
 * @param {import("./application.js").Application} app
 * @param {ModuleController} controller
 * @param {ModuleController} root
 */
async function prune(app, controller, root) {
	const instance = /** @type {ModuleInstance} */ (controller.current);
	const dependencies = dependenciesOf(instance);
	if (instance.hot !== undefined) {
		try {
			await runDestructors(instance.hot, true);
		} catch (error) {
			logHandlerError(controller.url, "prune", error);
			app.fatal = true;
		}
	}
	app.setCurrent(controller, undefined);
	app.unwatch(controller);
	for (const dependency of dependencies) {
		if (dependency instanceof ModuleController_ && dependency.current !== undefined && !reachesRoot(dependency, root)) {
			await prune(app, dependency, root);
		}
	}
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
 * @param {ReadonlySet<ModuleController>} propagating
 * @param {ReadonlySet<ModuleController>} origins
 * @returns {TreeNode}
 */
function invalidationTree(root, propagating, origins) {
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
		for (const dependency of dependenciesOf(instance)) {
			if (dependency instanceof ModuleController_ && propagating.has(dependency) && !origins.has(controller)) {
				created.children.push(node(dependency));
			}
		}
		return created;
	};
	return node(root);
}
