// `import.meta.hot` for TypeScript: `/// <reference types="dynohot/import-meta" />` or
// `import type {} from "dynohot"` anywhere in a program.
import type { Hot, LoaderHot } from "./index.js";

declare global {
	interface ImportMeta {
		/** The module's hot-reload API; `undefined` when the module is not running under dynohot. */
		readonly hot?: Hot;
		/** The same object as `import.meta.hot` (for code that also runs under other HMR tools). */
		readonly dynoHot?: Hot;
	}
}

declare module "node:module" {
	interface LoadHookContext {
		/** Given by dynohot to loaders it calls: watch more files, or reload the module. */
		hot?: LoaderHot;
	}
}
