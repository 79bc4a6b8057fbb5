// The native watcher (`native.Watcher`) in real processes: delivery of how editors really save,
// batching, and that watching never keeps a process alive or crashes it at exit; then, through
// dynohot itself, what users see: bursts of saves as one update, saves read half-written never
// applied, directories deleted and recreated, files that cannot be read.
import assert from "node:assert/strict";
import { test } from "node:test";
import { chmodSync, mkdirSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";
import { Project, Running, modes, root, setup as setupApp } from "../support/process.mjs";

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
// A watcher that is garbage-collected closes: keep it.
globalThis.watcher = watcher;
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
// Past the longest a file written without pause waits (a 300ms window, then 200ms for it to
// settle), so deliveries are under way.
setTimeout(() => {
	${ending === "close" ? "watcher.close(); watcher.close(); clearInterval(writer);" : "process.exit(0);"}
	console.log("finished");
}, 900);
`));
		const running = run("main.mjs");
		await running.waitFor(ending === "close" ? "finished" : /^changed/);
		assert.deepEqual(await running.waitForExit(5_000), { code: 0, signal: null }, running.output());
	});
}

test("10,000 watched files in four directories: registered quickly, one OS watch per directory, edits delivered", async t => {
	const { project, run } = setup(t, {});
	const names = Array.from({ length: 10_000 }, (_, i) => `d${i % 4}/m${i}.js`);
	for (const dir of ["d0", "d1", "d2", "d3"]) mkdirSync(project.path(dir));
	for (const name of names) writeFileSync(project.path(name), "1");
	project.write("main.mjs", watcherScript(`
const names = ${JSON.stringify(names)};
const started = performance.now();
for (const name of names) watcher.watch(${JSON.stringify(project.dir)} + "/" + name);
console.log("registered " + Math.round(performance.now() - started));
setInterval(() => {}, 1000);
`));
	const running = run("main.mjs");
	const [, ms] = await running.waitFor(/^registered (\d+)$/);
	assert.ok(Number(ms) < 3_000, `registering 10,000 files took ${ms}ms`);
	const edited = names.filter((_, i) => i % 1_000 === 7);
	for (const name of edited) project.write(name, "2");
	const [, delivered] = await running.waitFor(/^changed (.*)$/);
	assert.deepEqual(JSON.parse(delivered ?? "").sort(), edited.map(name => name.split("/").pop()).sort());
	// One OS watch per directory: 4 inotify watches for 10,000 files.
	if (process.platform === "linux") {
		const { readdirSync, readFileSync } = await import("node:fs");
		let watches = 0;
		for (const fd of readdirSync(`/proc/${running.child.pid}/fdinfo`)) {
			watches += (readFileSync(`/proc/${running.child.pid}/fdinfo/${fd}`, "utf8").match(/^inotify /gm) ?? []).length;
		}
		assert.equal(watches, 4);
	}
});

/** How many `[hot] Loaded` lines a process printed. */
const loadedCount = (/** @type {Running} */ running) => running.lines.filter(line => line.text.startsWith("[hot] Loaded ")).length;

for (const mode of modes) {
	test(`--${mode}: five saves of one file 10ms apart are at most two updates, and the last one runs`, async t => {
		const { project, start } = setupApp(t, {
			"main.js": [
				`import { value } from "./value.js";`,
				`import { mark } from "./sentinel.js";`,
				`const show = () => console.log(\`now value=\${value} mark=\${mark}\`);`,
				`import.meta.hot?.accept(["./value.js", "./sentinel.js"], show);`,
				`show();`,
				`setInterval(() => {}, 1000);`,
				"",
			].join("\n"),
			"value.js": "export const value = 0;\n",
			"sentinel.js": "export const mark = 0;\n",
		});
		const running = start(mode);
		await running.waitFor("now value=0 mark=0");
		for (let i = 1; i <= 5; i++) {
			project.write("value.js", `export const value = ${i};\n`);
			await delay(10);
		}
		await running.waitFor("now value=5 mark=0");
		// A later, lone edit: every update of the burst printed its line before this one.
		project.write("sentinel.js", "export const mark = 1;\n");
		await running.waitFor("now value=5 mark=1");
		const updates = loadedCount(running) - 1;
		assert.ok(updates <= 2, `${updates} updates for the burst\n${running.output()}`);
	});

	test(`--${mode}: an editor that truncates main.js and writes it back 3ms or 20ms later never runs the empty file`, async t => {
		const main = (/** @type {number} */ n) => `console.log("main v${n}");\nimport.meta.hot?.accept();\nsetInterval(() => {}, 1000);\n`;
		const { project, start } = setupApp(t, { "main.js": main(0) });
		const running = start(mode);
		await running.waitFor("main v0");
		for (let i = 1; i <= 20; i++) {
			writeFileSync(project.path("main.js"), "");
			await delay(i % 2 === 0 ? 3 : 20);
			writeFileSync(project.path("main.js"), main(i));
			await running.waitFor(`main v${i}`);
		}
		// Later saves still apply (an empty main.js, once run, would accept nothing).
		project.write("main.js", main(21));
		await running.waitFor("main v21");
		assert.doesNotMatch(running.text(), /reached the root module|Error in module/, running.output());
		// Every update ran a version that printed.
		const lines = running.lines.map(line => line.text).filter(text => /^\[hot\] Loaded |^main v/.test(text));
		lines.forEach((text, index) => {
			if (text.startsWith("[hot]")) assert.match(lines[index + 1] ?? "", /^main v/, running.output());
		});
	});
}

test("a checkout rewriting 200 interdependent files over ~100ms is at most two updates with no link error", async t => {
	// Generation g: m<i> imports `g<g>` from m<i+1> and exports `g<g>`; only a whole generation links.
	const generation = (/** @type {number} */ g) => {
		/** @type {Record<string, string>} */
		const files = {
			"main.js": [
				`import { g${g} as total } from "./m1.js";`,
				`console.log(\`total=\${total} generation=${g}\`);`,
				`import.meta.hot?.accept();`,
				`setInterval(() => {}, 1000);`,
				"",
			].join("\n"),
		};
		for (let i = 1; i < 200; i++) {
			files[`m${i}.js`] = i === 199 ? `export const g${g} = 1;\n` : `import { g${g} as next } from "./m${i + 1}.js";\nexport const g${g} = next + 1;\n`;
		}
		return files;
	};
	const { project, start } = setupApp(t, generation(1));
	const running = start("import");
	await running.waitFor("total=199 generation=1", { timeout: 60_000 });
	const files = Object.entries(generation(2));
	for (let chunk = 0; chunk < files.length; chunk += 10) {
		for (const [name, content] of files.slice(chunk, chunk + 10)) project.write(name, content);
		await delay(5);
	}
	await running.waitFor("total=199 generation=2");
	project.write("main.js", `${generation(2)["main.js"]}console.log("sentinel");\n`);
	await running.waitFor("sentinel");
	const updates = loadedCount(running) - 1;
	assert.ok(updates <= 2, `${updates} updates\n${running.output()}`);
	assert.doesNotMatch(running.text(), /link error|does not provide an export/, running.output());
});

/** An app printing the value of `src/value.js` after each update. */
const valueApp = (/** @type {string} */ path) => ({
	"main.js": [
		`import { value } from "./${path}";`,
		`const show = () => console.log(\`value=\${value}\`);`,
		`import.meta.hot?.accept("./${path}", show);`,
		`show();`,
		`setInterval(() => {}, 1000);`,
		"",
	].join("\n"),
	[path]: "export const value = 1;\n",
});

test("a watched directory deleted and recreated (rm -rf src && cp -r) is watched again", async t => {
	const { project, start } = setupApp(t, valueApp("src/lib/value.js"));
	const running = start("import");
	await running.waitFor("value=1");
	// A copy of the directory elsewhere, with an edit, copied back over the deleted one.
	mkdirSync(project.path("backup/lib"), { recursive: true });
	writeFileSync(project.path("backup/lib/value.js"), "export const value = 2;\n");
	rmSync(project.path("src"), { recursive: true });
	const { cpSync } = await import("node:fs");
	cpSync(project.path("backup"), project.path("src"), { recursive: true });
	await running.waitFor("value=2");
	project.write("src/lib/value.js", "export const value = 3;\n");
	await running.waitFor("value=3");
	// A branch switch renames the directory away and puts another in its place.
	renameSync(project.path("src"), project.path("src-old"));
	mkdirSync(project.path("src/lib"), { recursive: true });
	writeFileSync(project.path("src/lib/value.js"), "export const value = 4;\n");
	await running.waitFor("value=4");
	project.write("src-old/lib/value.js", "export const value = 666;\n");
	project.write("src/lib/value.js", "export const value = 5;\n");
	await running.waitFor("value=5");
	assert.doesNotMatch(running.text(), /value=666/);
});

test("a file replaced by a dangling symlink or a directory is reported; the next good edit applies", async t => {
	const { project, start } = setupApp(t, valueApp("src/value.js"));
	const running = start("import");
	await running.waitFor("value=1");
	const path = project.path("src/value.js");
	unlinkSync(path);
	symlinkSync(project.path("src/missing.js"), path);
	await running.waitFor(`[hot] Cannot read ${path}: ENOENT (a symbolic link to a missing file)`);
	unlinkSync(path);
	writeFileSync(path, "export const value = 2;\n");
	await running.waitFor("value=2");
	unlinkSync(path);
	mkdirSync(path);
	await running.waitFor(`[hot] Cannot read ${path}: EISDIR (a directory)`);
	rmSync(path, { recursive: true });
	writeFileSync(path, "export const value = 3;\n");
	await running.waitFor("value=3");
	assert.equal(running.exit, undefined, "the app is alive");
});

test("paths with spaces and non-ASCII characters reload", async t => {
	const { project, start } = setupApp(t, valueApp("my src/ünïcødé 名前.js"));
	const running = start("import");
	await running.waitFor("value=1");
	project.write("my src/ünïcødé 名前.js", "export const value = 2;\n");
	await running.waitFor("value=2");
});

test("a file made unreadable is reported (as a non-root user); the next good edit applies", async t => {
	const unprivileged = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
	if (process.platform === "win32") {
		t.skip("file permissions are ACLs on Windows");
		return;
	}
	const { project, start } = setupApp(t, valueApp("src/value.js"));
	// The unprivileged user must read the project (mkdtemp makes it private to its owner).
	chmodSync(project.dir, 0o755);
	const running = start("import", unprivileged);
	await running.waitFor("value=1");
	const path = project.path("src/value.js");
	chmodSync(path, 0o000);
	await running.waitFor(`[hot] Cannot read ${path}: EACCES (permission denied)`);
	writeFileSync(path, "export const value = 2;\n");
	chmodSync(path, 0o644);
	await running.waitFor("value=2");
});
