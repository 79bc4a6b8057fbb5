// The persistent transform cache (src/loader/cache.js) in real processes: a second start reads
// every shell back, an edit or other options are never served from it, processes share one cache
// directory, a damaged entry is a miss that is written again, the size bound, DYNOHOT_CACHE=0.
// `DYNOHOT_CACHE_DEBUG=1` makes the cache say what it did (`dynohot cache: hit|miss|write … <url>`).
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { Project, root, Running, start } from "../support/process.mjs";

const debug = { DYNOHOT_CACHE_DEBUG: "1" };

/** A graph of `count` modules under main.js, which prints `sum=<n>` and exits. @param {number} count */
function graph(count, value = 1) {
	/** @type {Record<string, string>} */
	const files = {};
	for (let i = 0; i < count; i++) files[`m${i}.js`] = `export const v${i} = ${value} + ${i};\n// ${"padding ".repeat(40)}\n`;
	const imports = Array.from({ length: count }, (_, i) => `import { v${i} } from "./m${i}.js";`);
	files["main.js"] = `${imports.join("\n")}\nconsole.log("sum=" + (${Array.from({ length: count }, (_, i) => `v${i}`).join(" + ")}));\n`;
	return files;
}

/**
 * Runs the program to its end and returns what the cache said, by kind.
 * @param {Project} project
 * @param {{ env?: NodeJS.ProcessEnv, nodeArgs?: string[] }} [options]
 */
async function run(project, options = {}) {
	const running = start(project, "import", { env: { ...debug, ...options.env }, nodeArgs: options.nodeArgs });
	const exit = await running.waitForExit(60_000);
	assert.equal(exit.code, 0, running.output());
	return { running, ...said(running) };
}

/** @param {Running} running */
function said(running) {
	/** @type {{ hit: string[], miss: string[], write: string[], evict: string[] }} */
	const kinds = { hit: [], miss: [], write: [], evict: [] };
	for (const line of running.text("stderr").split("\n")) {
		const match = /^dynohot cache: (\w+) (.*)$/.exec(line);
		const kind = /** @type {keyof typeof kinds | undefined} */ (match?.[1]);
		if (kind !== undefined && kind in kinds) kinds[kind].push(/** @type {string} */ (match?.[2]));
	}
	return kinds;
}

/** @param {string} dir */
const entries = dir => (existsSync(dir) ? readdirSync(dir) : []);

test("a second start reads every shell from the cache and transforms nothing", async t => {
	const project = new Project(graph(20));
	t.after(() => project.dispose());
	const cache = project.path("node_modules/.cache/dynohot");
	const first = await run(project);
	assert.match(first.running.text("stdout"), /^sum=210$/m);
	assert.equal(first.miss.length, 21, first.running.output());
	assert.equal(first.hit.length, 0);
	assert.equal(entries(cache).filter(name => !name.endsWith(".tmp")).length, 21, "one entry per module");
	const second = await run(project);
	assert.match(second.running.text("stdout"), /^sum=210$/m);
	assert.deepEqual(second.miss, [], second.running.output());
	assert.equal(second.hit.length, 21);
	assert.ok(second.hit.includes(project.url("m7.js")));
	// Other transform options (a source map under --enable-source-maps) are other keys.
	const mapped = await run(project, { nodeArgs: ["--enable-source-maps"] });
	assert.equal(mapped.miss.length, 21, mapped.running.output());
});

test("an edited file is transformed again, even with the same size and modification time", async t => {
	const project = new Project(graph(3));
	t.after(() => project.dispose());
	await run(project);
	const { mtime } = statSync(project.path("m1.js"));
	project.write("m1.js", readFileSync(project.path("m1.js"), "utf8").replace("= 1 + 1", "= 5 + 1"));
	// Same length, mtime set back: only the bytes differ.
	const { utimesSync } = await import("node:fs");
	utimesSync(project.path("m1.js"), mtime, mtime);
	const second = await run(project);
	assert.match(second.running.text("stdout"), /^sum=10$/m, second.running.output());
	assert.deepEqual(second.miss, [project.url("m1.js")]);
	assert.equal(second.hit.length, 3);
});

test("processes started together share one cache directory (DYNOHOT_CACHE_DIR)", async t => {
	const dir = mkdtempSync(join(tmpdir(), "dynohot-cache-shared-"));
	const projects = [new Project(graph(40)), new Project(graph(40))];
	t.after(() => {
		for (const project of projects) project.dispose();
		rmSync(dir, { recursive: true, force: true });
	});
	// The same files at the same URLs cannot be in two projects; the same project run four times
	// at once races on every entry, and a second project adds writers of other keys.
	const env = { DYNOHOT_CACHE_DIR: dir };
	const runs = await Promise.all([run(projects[0], { env }), run(projects[0], { env }), run(projects[0], { env }), run(projects[1], { env })]);
	for (const { running } of runs) assert.match(running.text("stdout"), /^sum=820$/m);
	assert.deepEqual(
		entries(dir).filter(name => name.endsWith(".tmp")),
		[],
		"no temp file is left behind",
	);
	assert.equal(entries(dir).length, 82);
	for (const project of projects) {
		const again = await run(project, { env });
		assert.deepEqual(again.miss, [], again.running.output());
		assert.match(again.running.text("stdout"), /^sum=820$/m);
	}
});

test("a truncated or corrupted entry is a miss and is written again", async t => {
	const project = new Project(graph(2));
	t.after(() => project.dispose());
	const cache = project.path("node_modules/.cache/dynohot");
	await run(project);
	const files = entries(cache).map(name => join(cache, name));
	const of = (/** @type {string} */ module) => /** @type {string} */ (files.find(file => readFileSync(file, "utf8").includes(`export default function _$module() { return _$controller ??= globalThis[Symbol.for("dynohot")].acquire(${JSON.stringify(project.url(module))})`)));
	const truncated = of("m0.js");
	const corrupted = of("m1.js");
	assert.ok(truncated && corrupted && truncated !== corrupted);
	const text = readFileSync(truncated);
	writeFileSync(truncated, text.subarray(0, text.length >> 1));
	// Same length, one value changed inside the code: only the checksum can tell.
	writeFileSync(corrupted, readFileSync(corrupted, "utf8").replace("= 1 + 1", "= 9 + 1"));
	const second = await run(project);
	assert.match(second.running.text("stdout"), /^sum=3$/m, second.running.output());
	assert.deepEqual(second.miss.sort(), [project.url("m0.js"), project.url("m1.js")].sort());
	assert.deepEqual(second.hit, [project.url("main.js")]);
	const third = await run(project);
	assert.deepEqual(third.miss, [], third.running.output());
	assert.equal(third.hit.length, 3);
});

test("the cache stays within DYNOHOT_CACHE_MAX_MB: the oldest entries are removed", async t => {
	const project = new Project({
		...graph(60),
		"keep.js": `import "./main.js";\nconsole.log("ready");\nsetInterval(() => {}, 1000);\n`,
	});
	t.after(() => project.dispose());
	const cache = project.path("node_modules/.cache/dynohot");
	const bound = 20 * 1024;
	// Each shell is about 1 KB: 62 of them do not fit in 20 KB.
	const running = new Running(["--import", "dynohot", "keep.js"], {
		cwd: project.dir,
		env: { ...debug, DYNOHOT_CACHE_MAX_MB: String(bound / 1024 / 1024) },
	});
	t.after(() => running.kill());
	await running.waitFor(/^dynohot cache: evict \d+ entries/, { timeout: 30_000 });
	// Writes may still be settling after the first eviction: the bound holds once they have.
	const size = () => entries(cache).reduce((sum, name) => sum + (statSync(join(cache, name), { throwIfNoEntry: false })?.size ?? 0), 0);
	for (const deadline = Date.now() + 15_000; size() > bound && Date.now() < deadline; ) {
		await new Promise(resolve => setTimeout(resolve, 50));
	}
	assert.ok(size() <= bound, `${size()} bytes left, bound ${bound}`);
	assert.ok(entries(cache).length > 0, "entries within the bound are kept");
	// What is left is still good: those modules are hits next time.
	await running.kill();
	const again = await run(project);
	assert.ok(again.hit.length > 0 && again.hit.length < 62, again.running.output());
});

test("DYNOHOT_CACHE=0 turns the cache off: nothing is read or written", async t => {
	const project = new Project(graph(3));
	t.after(() => project.dispose());
	for (let i = 0; i < 2; i++) {
		const off = await run(project, { env: { DYNOHOT_CACHE: "0" } });
		assert.match(off.running.text("stdout"), /^sum=6$/m);
		assert.deepEqual([...off.hit, ...off.miss, ...off.write], []);
	}
	assert.equal(existsSync(project.path("node_modules/.cache")), false);
});

test("a package without a node_modules folder gets none made for it (no cache unless DYNOHOT_CACHE_DIR)", async t => {
	const project = new Project(graph(2));
	t.after(() => project.dispose());
	// Project links dynohot in through node_modules: take the folder away, start by path.
	rmSync(project.path("node_modules"), { recursive: true, force: true });
	const running = new Running(["--import", join(root, "loader.mjs"), "main.js"], { cwd: project.dir, env: debug });
	assert.equal((await running.waitForExit(60_000)).code, 0, running.output());
	assert.match(running.text("stdout"), /^sum=3$/m);
	assert.deepEqual(said(running).miss, []);
	assert.equal(existsSync(project.path("node_modules")), false);
});
