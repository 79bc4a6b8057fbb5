// Differential suite: every program in tests/differential/ runs under plain `node` and under
// dynohot; stdout, the error line printed for an uncaught error, and the exit code must match.
// The dynohot run carries the hot probe (tests/support/hot-probe.mjs), which proves the entry and
// every ES module of the program ran as a dynohot shell: matching output alone would also come
// from a loader that did nothing.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { assertHot, probeURL, readProbe } from "../support/hot-probe.mjs";
import { node } from "../support/process.mjs";

const programs = fileURLToPath(new URL("../differential/", import.meta.url));
const loader = new URL("../../loader.mjs", import.meta.url).href;
const names = readdirSync(programs).sort();
const scratch = mkdtempSync(join(tmpdir(), "dynohot-differential-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * @param {string} cwd
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {Promise<{ stdout: string, error: string | undefined, code: number | null }>}
 */
function run(cwd, args, env = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(node, [...args, "main.js"], { cwd, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
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
});

for (const name of names) {
	test(`differential: ${name}`, async () => {
		const cwd = programs + name;
		const probe = join(scratch, `${name}.jsonl`);
		const [native, hot] = await Promise.all([run(cwd, []), run(cwd, ["--import", loader, "--import", probeURL], { DYNOHOT_TEST_PROBE: probe })]);
		assert.deepEqual(hot, native);
		assertHot(readProbe(probe), `${pathToFileURL(cwd).href}/`, "main.js");
	});
}
