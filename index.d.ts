/// <reference path="./import-meta.d.ts" preserve="true" />
// Types of the `dynohot` package. The entry itself only registers the loader hooks:
// `node --import dynohot main.js`.

/** A module namespace object, as `import * as ns` gives it. */
export type ModuleNamespace = Record<string, unknown>;

/**
 * `import.meta.hot`: one per module instance. Handlers may return promises; dynohot awaits them
 * one by one.
 */
export interface Hot<Data extends Record<keyof any, any> = any> {
	/**
	 * What this module's previous instance left in its dispose handlers' `data` object;
	 * `undefined` on the first load.
	 */
	readonly data?: Data;

	/**
	 * Self-accept: when this module changes (or a dependency's change reaches it), it re-executes
	 * in place and the update stops here. The callback runs after the new instance evaluated,
	 * with its namespace.
	 */
	accept(onUpdate?: (self: ModuleNamespace) => unknown): void;
	/** Accept updates of one dependency, named exactly as in this module's import. */
	accept(specifier: string, onUpdate?: (dependency: ModuleNamespace) => unknown): void;
	/**
	 * Accept updates of a group of dependencies; the callback receives their namespaces in the
	 * order of `specifiers`.
	 */
	accept<const Specifiers extends readonly string[]>(
		specifiers: Specifiers,
		onUpdate?: (dependencies: { [K in keyof Specifiers]: ModuleNamespace }) => unknown,
	): void;

	/** Refuse updates that would re-execute this module: they fail with "declined". */
	decline(): void;

	/** Runs when this instance is replaced; fill `data` for the next instance. */
	dispose(onDispose: (data: Data) => unknown): void;

	/** Runs when this module leaves the module graph (nothing imports it any more). */
	prune(onPrune: () => unknown): void;

	/** Re-execute this module in the next update, as if its file had changed. */
	invalidate(): void;

	/** Every `[hot]` message, as a format string and its parameters; returns an unsubscribe function. */
	on(event: "message", callback: (message: string, ...params: unknown[]) => void): () => void;
}

/** Given as `context.hot` to the `load` hooks of loaders that dynohot calls (loaders registered before it). */
export interface LoaderHot {
	/** Watch this file (instead of the module's own file) for changes to this module. */
	watch(url: URL): void;
	/** Reload this module (for example after an input only the loader knows about changed). */
	invalidate(): void;
}
