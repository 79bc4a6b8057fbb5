// The native watcher (`native.Watcher`) in real processes: delivery of how editors really save,
// batching, and that watching never keeps a process alive or crashes it at exit.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Project, Running, root } from "../support/process.mjs";

const nativeURL = new URL("native.cjs", `file://${root}/`).href;

/**
 * A script that watches the given files and prints each delivery as `changed <json>`.
 * @param {string} body code run after `watcher` exists
 */
function watcherScript(body) {
	return `
import { createRequire } from "node:module";
const { Watcher } = createRequire(import.meta.url)(${JSON.stringify(nativeURL.replace("file://", ""))});
const watcher = new Watcher(paths => console.log("changed " + JSON.stringify(paths.map(p => p.split("/").pop()))), { batchMs: 20 });
${body}
`;
}

/**
 * @param {import("node:test").TestContext} t
 * @param {Record<string, string>} files
 */
function setup(t, files) {
	const project = new Project(files);
	/** @type {Running | undefined} */
	let running;
	t.after(async () => {
		await running?.kill();
		project.dispose();
	});
	return {
		project,
		/** @param {string} script */
		run(script) {
			running = new Running([script], { cwd: project.dir });
			return running;
		},
	};
}

test("a program that watches files and has nothing left to do exits promptly", async t => {
	const { project, run } = setup(t, { "a.js": "1" });
	project.write("main.mjs", watcherScript(`watcher.watch(${JSON.stringify(project.path("a.js"))}); console.log("done");`));
	const started = Date.now();
	const running = run("main.mjs");
	await running.waitFor("done");
	const exit = await running.waitForExit(5_000);
	assert.deepEqual(exit, { code: 0, signal: null }, running.output());
	assert.ok(Date.now() - started < 5_000);
});

test("edits, renames over, delete-then-create and touch are delivered; siblings are not", async t => {
	const { project, run } = setup(t, { "a.js": "1", "b.js": "1", "other.js": "1" });
	project.write("main.mjs", watcherScript(`
watcher.watch(${JSON.stringify(project.path("a.js"))});
watcher.watch(${JSON.stringify(project.path("b.js"))});
setInterval(() => {}, 1000);
console.log("ready");
process.stdin.resume();
`));
	const running = run("main.mjs");
	await running.waitFor("ready");
	project.write("other.js", "2");
	project.write("a.js", "2");
	await running.waitFor('changed ["a.js"]');
	project.writeAtomic("b.js", "2");
	await running.waitFor('changed ["b.js"]');
	project.remove("a.js");
	project.write("a.js", "3");
	await running.waitFor('changed ["a.js"]');
	const { utimesSync } = await import("node:fs");
	const future = new Date(Date.now() + 10_000);
	utimesSync(project.path("b.js"), future, future);
	await running.waitFor('changed ["b.js"]');
	assert.doesNotMatch(running.text(), /other\.js/);
});

test("a burst of saves to many files is one delivery", async t => {
	const names = Array.from({ length: 20 }, (_, i) => `m${i}.js`);
	const { project, run } = setup(t, Object.fromEntries(names.map(name => [name, "1"])));
	project.write("main.mjs", watcherScript(`
for (const name of ${JSON.stringify(names)}) watcher.watch(${JSON.stringify(project.dir)} + "/" + name);
setInterval(() => {}, 1000);
console.log("ready");
`));
	const running = run("main.mjs");
	await running.waitFor("ready");
	for (const name of names) project.write(name, "2");
	const [, paths] = await running.waitFor(/^changed (.*)$/);
	assert.deepEqual(JSON.parse(paths ?? "").sort(), [...names].sort());
});

test("a deleted file is reported when it comes back, not when it goes", async t => {
	const { project, run } = setup(t, { "a.js": "1", "b.js": "1" });
	project.write("main.mjs", watcherScript(`
watcher.watch(${JSON.stringify(project.path("a.js"))});
watcher.watch(${JSON.stringify(project.path("b.js"))});
setInterval(() => {}, 1000);
console.log("ready");
`));
	const running = run("main.mjs");
	await running.waitFor("ready");
	project.remove("a.js");
	// A later change to a sibling is delivered after (or with) the deletion's events.
	project.write("b.js", "2");
	await running.waitFor('changed ["b.js"]');
	assert.doesNotMatch(running.text(), /a\.js/);
	project.write("a.js", "2");
	await running.waitFor('changed ["a.js"]');
});

for (const ending of ["close", "exit"]) {
	test(`${ending === "close" ? "closing the watcher" : "exiting"} while events arrive does not crash or hang`, async t => {
		const { project, run } = setup(t, { "a.js": "1" });
		project.write("main.mjs", watcherScript(`
import { writeFileSync } from "node:fs";
const path = ${JSON.stringify(project.path("a.js"))};
watcher.watch(path);
let n = 0;
const writer = setInterval(() => writeFileSync(path, String(n++)), 1);
setTimeout(() => {
	${ending === "close" ? "watcher.close(); watcher.close(); clearInterval(writer);" : "process.exit(0);"}
	console.log("finished");
}, 150);
`));
		const running = run("main.mjs");
		await running.waitFor(ending === "close" ? "finished" : /^changed/);
		assert.deepEqual(await running.waitForExit(5_000), { code: 0, signal: null }, running.output());
	});
}
