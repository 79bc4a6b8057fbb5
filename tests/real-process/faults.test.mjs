// Faults from the user's side, in real processes (the ones watcher.test.mjs does not already hold:
// dangling symlinks, directories, unreadable files, paths with spaces): symlinked files and
// directories, binary garbage saved over a module, 10,000 watched files, two processes on one
// directory. Each: a clear `[hot]` line where something cannot apply, the app alive, the next
// good edit applied.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { test } from "node:test";
import { modes, setup, start as startIn } from "../support/process.mjs";

/** An app printing the value of `path` after each update. */
const valueApp = (/** @type {string} */ path) => ({
	"main.js": [
		`import { value } from "./${path}";`,
		`const show = () => console.log(\`value=\${value}\`);`,
		`import.meta.hot?.accept("./${path}", show);`,
		`show();`,
		`setInterval(() => {}, 1000);`,
		"",
	].join("\n"),
});

test("a symlinked module: edits of its target, and saves through the link, apply", async t => {
	const { project, start } = setup(t, { ...valueApp("src/value.js"), "shared/value.js": "export const value = 1;\n" });
	mkdirSync(project.path("src"));
	symlinkSync(project.path("shared/value.js"), project.path("src/value.js"));
	const running = start("import");
	await running.waitFor("value=1");
	project.write("shared/value.js", "export const value = 2;\n");
	await running.waitFor("value=2");
	// An in-place save through the link writes the target.
	writeFileSync(project.path("src/value.js"), "export const value = 3;\n");
	await running.waitFor("value=3");
	assert.equal(running.exit, undefined, "the app is alive");
});

test("a symlinked directory: edits of the files in it apply", async t => {
	const { project, start } = setup(t, { ...valueApp("src/lib/value.js"), "packages/lib/value.js": "export const value = 1;\n" });
	mkdirSync(project.path("src"));
	symlinkSync(project.path("packages/lib"), project.path("src/lib"), "dir");
	const running = start("import");
	await running.waitFor("value=1");
	project.write("src/lib/value.js", "export const value = 2;\n");
	await running.waitFor("value=2");
	project.writeAtomic("packages/lib/value.js", "export const value = 3;\n");
	await running.waitFor("value=3");
});

for (const mode of modes) {
	test(`--${mode}: binary garbage saved over a module is reported, the old code keeps running, the next good save applies`, async t => {
		const { project, start } = setup(t, { ...valueApp("value.js"), "value.js": "export const value = 1;\n" });
		const running = start(mode);
		await running.waitFor("value=1");
		// Random bytes with NULs and invalid UTF-8, as a stray `cp` of a binary over a source would.
		const garbage = Buffer.concat([Buffer.from([0x00, 0xff, 0xfe, 0xc3, 0x28]), randomBytes(4096)]);
		writeFileSync(project.path("value.js"), garbage);
		await running.waitFor(`[hot] Error in module '${project.url("value.js")}':`);
		// A SyntaxError (or, for bytes that are not UTF-8 where the transform refuses them, the
		// encoding error), with the file and position.
		await running.waitFor(new RegExp(`^(SyntaxError|Error)\\b.*\\(${project.url("value.js").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+:\\d+\\)`));
		project.write("value.js", "export const value = 2;\n");
		await running.waitFor("value=2");
		assert.equal(running.exit, undefined, "the app is alive");
	});
}

/**
 * A loader chained before dynohot that has `value.js` watch 10,000 more files (as a bundler-like
 * loader that reads many files for one module would), through `context.hot.watch`.
 */
const manyFilesLoader = `
export function load(url, context, nextLoad) {
	if (url.endsWith("/value.js") && context.hot) {
		context.hot.watch(new URL(url));
		for (let i = 0; i < 10000; i++) context.hot.watch(new URL("./data/d" + (i % 4) + "/f" + i + ".txt", url));
	}
	return nextLoad(url, context);
}
`;

test("10,000 watched files: the app starts, an edit of the module and of one of its files apply", async t => {
	const { project, start } = setup(t, {
		...valueApp("value.js"),
		"value.js": `export const value = 1;\n`,
		"many.mjs": manyFilesLoader,
	});
	for (let d = 0; d < 4; d++) mkdirSync(project.path(`data/d${d}`), { recursive: true });
	for (let i = 0; i < 10_000; i++) writeFileSync(project.path(`data/d${i % 4}/f${i}.txt`), "1");
	const running = start("loader", { before: ["many.mjs"] });
	await running.waitFor("value=1", { timeout: 60_000 });
	project.write("value.js", "export const value = 2;\n");
	await running.waitFor("value=2");
	// One of the 10,000 files: the module that watches it is reloaded.
	project.write("value.js", "export const value = 3;\n");
	await running.waitFor("value=3");
	project.write("data/d3/f9999.txt", "2");
	await running.waitFor(/^\[hot\] Loaded 1 new module, reevaluated 0 existing modules in \d+ms\.$/);
	await running.waitFor("value=3");
	assert.equal(running.exit, undefined, "the app is alive");
});

test("two processes on one directory: each applies every edit", async t => {
	const { project, start } = setup(t, { ...valueApp("value.js"), "value.js": "export const value = 1;\n" });
	const first = start("import");
	const second = startIn(project, "loader");
	t.after(() => second.kill());
	await first.waitFor("value=1");
	await second.waitFor("value=1");
	for (const value of [2, 3]) {
		project.write("value.js", `export const value = ${value};\n`);
		await first.waitFor(`value=${value}`);
		await second.waitFor(`value=${value}`);
	}
	// One of them exits: the other still applies edits.
	await second.kill();
	project.write("value.js", "export const value = 4;\n");
	await first.waitFor("value=4");
});
