// Turns the transform's diagnostics (data) into one thrown error.

/** @typedef {import("../../native.d.ts").Diagnostic} Diagnostic */

/**
 * One error for the first diagnostic (the transform stops at the first syntax error): a
 * `SyntaxError` for syntax errors, else an `Error` ("this is a bug in dynohot"). The message
 * carries the location and the code frame, so it survives being printed, serialized across the
 * hooks thread, or logged by the runtime with `%O`.
 * @param {readonly Diagnostic[]} diagnostics
 * @returns {Error}
 */
export function toError(diagnostics) {
	const [first] = diagnostics;
	if (first === undefined) return new Error("dynohot: transform failed without a diagnostic");
	// The transform's message starts with the error's name, which the Error adds again.
	const text = first.message.replace(/^\w*Error: /, "");
	const location = first.line > 0 ? `${first.url}:${first.line}:${first.column}` : first.url;
	const frame = first.frame ? `\n\n${first.frame.replace(/\s+$/, "")}\n` : "";
	const more = diagnostics.length > 1 ? `\n(and ${diagnostics.length - 1} more)` : "";
	const message = `${text} (${location})${frame}${more}`;
	const error = first.code === "DYNOHOT_SYNTAX_ERROR" ? new SyntaxError(message) : new Error(message);
	// The hooks' own frames say nothing about the user's file: the one frame is the error's place.
	error.stack = `${error.name}: ${message}\n    at ${location}`;
	Object.assign(error, { code: first.code, url: first.url, line: first.line, column: first.column });
	return error;
}
