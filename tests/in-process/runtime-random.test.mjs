// Evaluation order of random module graphs (cycles, top-level await, throws, a dynamic import
// from the entry) under the hot runtime, against V8 linking the same modules itself.
import assert from "node:assert/strict";
import { test } from "node:test";
import { hot, native } from "../support/compare.mjs";
import { randomGraph } from "../support/random-graphs.mjs";

const count = Number(process.env.DYNOHOT_RANDOM_GRAPHS ?? 400);

test(`${count} random module graphs evaluate in V8's order`, async () => {
	/** @type {number[]} */
	const failed = [];
	let first = "";
	for (let seed = 0; seed < count; seed++) {
		const files = randomGraph(seed);
		const [reference, actual] = [await native(files), await hot(files)];
		try {
			assert.deepEqual(actual, reference);
		} catch (error) {
			if (failed.length === 0) first = `seed ${seed}:\n${Object.entries(files).map(([path, source]) => `// ${path}\n${source}`).join("\n")}\n${String(error)}`;
			failed.push(seed);
		}
	}
	assert.deepEqual(failed, [], first);
});
