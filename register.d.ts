export interface Options {
	/** Modules whose URL matches are used as they are, without hot reloading (default: `node_modules`). */
	ignore?: RegExp;
	/** Suppress the `[hot]` messages on stderr (`import.meta.hot.on("message")` still gets them). */
	silent?: boolean;
	/**
	 * How long an update waits for one `dispose` or `prune` handler, in milliseconds: one that has
	 * not settled by then is reported (naming its module) and treated as failed. Default 5000, or
	 * the `DYNOHOT_DISPOSE_TIMEOUT_MS` environment variable; 0 waits forever.
	 */
	disposeTimeout?: number;
}

/** Registers dynohot's loader hooks with options; importing this module has no side effect. */
export declare function register(options?: Options): void;
