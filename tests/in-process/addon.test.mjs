import assert from "node:assert/strict";
import { test } from "node:test";
import { rmSync } from "node:fs";
import { createRequire } from "node:module";

/** @type {import("../../src/native.js").Native & { [unions in "Format" | "DiagnosticCode" | "BindingType"]: Record<string, string> }} the string unions are also objects at run time */
const native = createRequire(import.meta.url)("../../native.cjs");

test("the addon loads and reports its version", () => {
	assert.match(native.version(), /^\d+\.\d+\.\d+/);
});

/**
 * What Node itself throws for `value` as a boolean option (`fs.rmSync` validates
 * `options.recursive` with Node's own validator), with the option's name replaced.
 * @param {unknown} value
 * @param {string} name
 */
function nodeBooleanOptionError(value, name) {
	try {
		rmSync("/nonexistent/dynohot", { recursive: /** @type {boolean} */ (value) });
	} catch (error) {
		const { name: kind, code, message } = /** @type {NodeJS.ErrnoException} */ (error);
		return { name: kind, code, message: message.replace('"options.recursive"', `"options.${name}"`) };
	}
	throw new Error(`Node accepted ${String(value)} as a boolean`);
}

test("a wrong option is a TypeError in Node's words, never a silent default", () => {
	const attempt = (/** @type {Record<string, unknown>} */ options) => {
		try {
			native.transform("export {};", "file:///app/a.js", options);
		} catch (error) {
			const { name, code, message } = /** @type {NodeJS.ErrnoException} */ (error);
			return { name, code, message };
		}
		return undefined;
	};
	for (const value of ["yes", "a string that is longer than twenty-eight", "it's", 5, -0, Number.NaN, {}, [], () => {}, function named() {}, new Map(), Symbol("s"), 5n]) {
		assert.deepEqual(attempt({ sourceMap: value }), nodeBooleanOptionError(value, "sourceMap"), String(typeof value));
	}
	assert.deepEqual(attempt({ prefetch: 1 }), nodeBooleanOptionError(1, "prefetch"));
	assert.deepEqual(attempt({ format: "jsonc" }), {
		name: "TypeError",
		code: "ERR_INVALID_ARG_VALUE",
		message: "The property 'options.format' must be one of: 'module', 'json'. Received 'jsonc'",
	});
	assert.deepEqual(attempt({ format: 1 }), {
		name: "TypeError",
		code: "ERR_INVALID_ARG_TYPE",
		message: 'The "options.format" property must be of type string. Received type number (1)',
	});
	assert.deepEqual(attempt({ watch: "file:///app/a.ts" }), {
		name: "TypeError",
		code: "ERR_INVALID_ARG_TYPE",
		message: "The \"options.watch\" property must be of type string[]. Received type string ('file:///app/a.ts')",
	});
	assert.deepEqual(attempt({ watch: ["file:///app/a.ts", 2] }), {
		name: "TypeError",
		code: "ERR_INVALID_ARG_TYPE",
		message: 'The "options.watch[1]" property must be of type string. Received type number (2)',
	});
	// Absent means the default, as for Node's options.
	assert.equal(attempt({ format: undefined, sourceMap: undefined, watch: undefined }), undefined);
	assert.equal(attempt({ format: "json" }), undefined);
});

test("string unions come back as their values, and their objects list them", () => {
	assert.deepEqual({ ...native.Format }, { Module: "module", Json: "json" });
	assert.deepEqual(Object.values(native.DiagnosticCode).sort(), ["DYNOHOT_INTERNAL_ERROR", "DYNOHOT_INVALID_ENCODING", "DYNOHOT_SYNTAX_ERROR", "DYNOHOT_TOO_DEEP"]);
	assert.deepEqual(Object.values(native.BindingType).sort(), ["exportStar", "importStar", "import", "indirectExport", "indirectStarExport"].sort());
	const { errors } = native.transform("export {", "file:///app/a.js");
	assert.equal(errors[0].code, native.DiagnosticCode.SyntaxError);
	assert.equal("rendered" in errors[0], false);
	const { requests } = native.transform('import * as ns from "./b.js"; export * from "./c.js";', "file:///app/a.js");
	assert.deepEqual(
		requests?.flatMap(request => request.bindings.map(binding => binding.type)),
		[native.BindingType.ImportStar, native.BindingType.ExportStar],
	);
});
