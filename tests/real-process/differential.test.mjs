// Differential suite: every program in tests/differential/ runs under plain `node` and under
// dynohot; stdout, the error line printed for an uncaught error, and the exit code must match.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { node, root } from "../support/process.mjs";

const programs = fileURLToPath(new URL("../differential/", import.meta.url));
const loader = new URL("../../loader.mjs", import.meta.url).href;
const names = readdirSync(programs).sort();

/**
 * @param {string} cwd
 * @param {string[]} args
 * @returns {Promise<{ stdout: string, error: string | undefined, code: number | null }>}
 */
function run(cwd, args) {
	return new Promise((resolve, reject) => {
		const child = spawn(node, [...args, "main.js"], { cwd, stdio: ["ignore", "pipe", "pipe"] });
		let stdout = "";
		let stderr = "";
		child.stdout.on("data", chunk => (stdout += chunk));
		child.stderr.on("data", chunk => (stderr += chunk));
		const timer = setTimeout(() => child.kill(), 10_000);
		child.on("error", reject);
		child.on("close", code => {
			clearTimeout(timer);
			const error = stderr.split("\n").find(line => /^[A-Za-z]*Error\b/.test(line));
			resolve({ stdout, error, code });
		});
	});
}

test("the differential suite has its programs", () => {
	assert.ok(names.length >= 100, `only ${names.length} programs in ${programs}`);
	void root;
});

for (const name of names) {
	test(`differential: ${name}`, async () => {
		const cwd = programs + name;
		const [native, hot] = await Promise.all([run(cwd, []), run(cwd, ["--import", loader])]);
		assert.deepEqual(hot, native);
	});
}
