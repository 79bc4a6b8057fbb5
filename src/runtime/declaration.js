// What one evaluation of a shell registers: the module body and its import/export tables.
// One declaration can be instantiated many times (each re-execution is a new instance).

/**
 * @typedef {{ type: "import", name: string, as: string }
 *   | { type: "importStar", as: string }
 *   | { type: "indirectExport", name: string, as: string }
 *   | { type: "indirectStarExport", as: string }
 *   | { type: "exportStar" }} Binding
 * @typedef {{ controller: () => import("./controller.js").AnyController, specifier: string,
 *   attributes: Record<string, string>, bindings: Binding[] }} Request
 * @typedef {{ format: "module" | "json", async: boolean, usesDynamicImport: boolean, requests: Request[], codeHash?: string }} LoadInfo
 *   `codeHash`: for a module compiled from TypeScript or JSX, a hash of the JavaScript it became
 *   (whitespace and comments aside): equal hashes mean an edit changed only types
 * @typedef {(rebind: (holder: object) => void, getters: Record<string, () => unknown>) => void} Bind
 * @typedef {(meta: object | null, dynamicImport: (specifier: unknown, options?: unknown) => Promise<unknown>, bind: Bind)
 *   => Generator<undefined, void, undefined> | AsyncGenerator<undefined, void, undefined>} Execute
 */

export class Declaration {
	/**
	 * @param {Execute} execute
	 * @param {ImportMeta | null} meta the shell's own `import.meta`, if the module uses `import.meta`
	 * @param {LoadInfo} info
	 * @param {Map<string, string | undefined>} fingerprints watched file path → fingerprint of the
	 *   bytes this code was loaded from (undefined: unreadable), to tell an identical rewrite
	 */
	constructor(execute, meta, info, fingerprints) {
		this.execute = execute;
		this.fingerprints = fingerprints;
		this.meta = meta;
		this.format = info.format ?? "module";
		this.async = info.async;
		this.usesDynamicImport = info.usesDynamicImport;
		this.requests = info.requests;
		this.codeHash = info.codeHash;
		/**
		 * Exported name → [request index, imported name or null for a namespace].
		 * @type {Map<string, [number, string | null]>}
		 */
		this.indirectExports = new Map();
		/** @type {number[]} requests carrying `export *`, in order */
		this.starExports = [];
		this.requests.forEach((request, index) => {
			for (const binding of request.bindings) {
				if (binding.type === "indirectExport") this.indirectExports.set(binding.as, [index, binding.name]);
				else if (binding.type === "indirectStarExport") this.indirectExports.set(binding.as, [index, null]);
				else if (binding.type === "exportStar") this.starExports.push(index);
			}
		});
	}

	/** @type {import("./controller.js").AnyController[] | undefined} */
	#controllers;

	/**
	 * The controller of each static request, by request index: asked of the shells once (each
	 * accessor returns the same controller every time), shared by every instance of this code.
	 * Read-only for callers.
	 * @returns {readonly import("./controller.js").AnyController[]}
	 */
	controllers() {
		return (this.#controllers ??= this.requests.map(request => request.controller()));
	}

	/** Whether a static request of this module is written `specifier`. */
	imports(/** @type {string} */ specifier) {
		return this.requests.some(request => request.specifier === specifier);
	}
}
