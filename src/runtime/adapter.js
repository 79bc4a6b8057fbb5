// Non-reloadable modules (CommonJS, builtins, node_modules, data: URLs, ignored files): Node
// loads them natively; an adapter presents their namespace to the linker as an already
// evaluated module record, which is also its own controller.
import { NAMESPACE } from "./instance.js";
import { logNotESM } from "./messages.js";

export class AdapterRecord {
	cyclic = /** @type {const} */ (false);
	status = /** @type {const} */ ("evaluated");
	/** @type {Map<string, () => unknown>} memoized: the reader's identity is the binding's */
	#readers = new Map();

	/**
	 * @param {string} url
	 * @param {Record<string, unknown>} namespace the module's real namespace object
	 */
	constructor(url, namespace) {
		this.url = url;
		this.ns = namespace;
		this.names = Object.keys(namespace);
	}

	/** @returns {this} the adapter is its own (only, permanent) instance */
	get current() {
		return this;
	}

	/** @param {string} exportName @returns {import("./instance.js").Resolution} */
	resolveExport(exportName) {
		return Object.hasOwn(this.ns, exportName) || this.names.includes(exportName) ? { module: this, bindingName: exportName } : null;
	}

	getExportedNames() {
		return this.names;
	}

	namespace() {
		return this.ns;
	}

	/** @param {string | typeof NAMESPACE} bindingName @returns {() => unknown} */
	reader(bindingName) {
		if (bindingName === NAMESPACE) return () => this.ns;
		let reader = this.#readers.get(bindingName);
		if (reader === undefined) {
			const ns = this.ns;
			reader = () => ns[bindingName];
			this.#readers.set(bindingName, reader);
		}
		return reader;
	}

	main() {
		logNotESM(this.url);
	}
}
