export interface Options {
	/** Modules whose URL matches are used as they are, without hot reloading (default: `node_modules`). */
	ignore?: RegExp;
	/** Suppress the `[hot]` messages on stderr (`import.meta.hot.on("message")` still gets them). */
	silent?: boolean;
}

/** Registers dynohot's loader hooks with options; importing this module has no side effect. */
export declare function register(options?: Options): void;
