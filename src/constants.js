// Names the loader, the runtime and the shells the addon emits must agree on. The addon's copies
// are in src/constants.rs; a Rust test (`constants::tests`) fails when the two differ.

/** `globalThis[Symbol.for(runtimeSymbolKey)]` is the runtime as shells see it (set by `hot:runtime`). */
export const runtimeSymbolKey = "dynohot";
export const runtimeSymbol = Symbol.for(runtimeSymbolKey);

/** The import attribute that carries dynohot's request protocol (src/loader/hooks.js). */
export const hotAttribute = "hot";
/** `hot` of a static import from a shell or the `hot:main` shim. */
export const hotImport = "import";
/** `hot` payload (JSON) of the runtime's `import()` on a hot module's behalf. */
export const hotExpression = "expression";
/** `hot` payload (JSON) of the runtime reloading a module. */
export const hotReload = "reload";
/** `hot` of a resolved request whose format no resolver reported. */
export const hotUnknownFormat = "hot";

/** The specifier of the runtime module. */
export const runtimeSpecifier = "hot:runtime";
/** The URL the program entry is redirected to: a shim that imports it through the hot path. */
export const mainSpecifier = "hot:main";
