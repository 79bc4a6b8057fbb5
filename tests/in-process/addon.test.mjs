import assert from "node:assert/strict";
import { test } from "node:test";
import { createRequire } from "node:module";

const native = createRequire(import.meta.url)("../../native.cjs");

test("the addon loads and reports its version", () => {
	assert.match(native.version(), /^\d+\.\d+\.\d+/);
});
