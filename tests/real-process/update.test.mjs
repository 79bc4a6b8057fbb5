// The update algorithm and the import.meta.hot API in real processes: every outcome, the exact
// [hot] messages, handler order, and regression tests for the original dynohot's bugs.
import assert from "node:assert/strict";
import { test } from "node:test";
import { setup } from "../support/process.mjs";

const success = /^\[hot\] Loaded \d+ new modules?, reevaluated \d+ existing modules? in \d+ms\.$/;
const keepAlive = "setInterval(() => {}, 1000);\nconsole.log('ready');\n";

test("an evaluation error keeps the old code running; the fix applies without disposing twice", async t => {
	const { project, start } = setup(t, {
		"main.js": `import { value } from "./dep.js";\nimport.meta.hot.accept("./dep.js", () => console.log(\`accepted \${value}\`));\n${keepAlive}`,
		"dep.js": `export const value = 1;\nimport.meta.hot.dispose(() => console.log("dispose 1"));\n`,
	});
	const running = start("import");
	await running.waitFor("ready");
	project.write("dep.js", `throw new Error("boom");\nexport const value = 2;\n`);
	await running.waitFor("dispose 1");
	await running.waitFor(success);
	await running.waitFor(/^\[hot\] Caught evaluation error: Error: boom$/);
	project.write("dep.js", `export const value = 3;\n`);
	await running.waitFor("accepted 3");
	assert.equal(running.text().match(/dispose 1/g)?.length, 1, running.output());
});

test("a link error changes nothing and names the import; the fix applies", async t => {
	const { project, start } = setup(t, {
		"main.js": `import { value } from "./dep.js";\nimport.meta.hot.accept("./dep.js", () => console.log(\`accepted \${value}\`));\nconsole.log(\`main \${value}\`);\n${keepAlive}`,
		"dep.js": `export const value = 1;\nimport.meta.hot.dispose(() => console.log("disposed"));\n`,
	});
	const running = start("import");
	await running.waitFor("main 1");
	project.write("dep.js", `export const renamed = 2;\n`);
	await running.waitFor(/^\[hot\] Caught link error:$/);
	await running.waitFor("SyntaxError: The requested module './dep.js' does not provide an export named 'value'");
	await running.waitFor(`    at (${project.url("main.js")})`);
	assert.doesNotMatch(running.text(), /disposed/);
	project.write("dep.js", `export const value = 4;\n`);
	await running.waitFor("disposed");
	await running.waitFor("accepted 4");
});

test("a dispose handler that throws is fatal, and stays fatal", async t => {
	const { project, start } = setup(t, {
		"main.js": `import "./dep.js";\nimport.meta.hot.accept("./dep.js");\n${keepAlive}`,
		"dep.js": `import.meta.hot.dispose(() => { throw new Error("dispose failed"); });\n`,
	});
	const running = start("import");
	await running.waitFor("ready");
	project.write("dep.js", `// v2\n`);
	await running.waitFor(`[hot] Caught error in module '${project.url("dep.js")}' during dispose:`);
	await running.waitFor("[hot] A fatal error was encountered. The application should be restarted!");
	project.write("dep.js", `// v3\n`);
	await running.waitFor("[hot] A fatal error was encountered. The application should be restarted!");
});

test("a changed cycle under a root that does not accept it is unaccepted; the root never re-runs", async t => {
	const { project, start } = setup(t, {
		"main.js": `import "./a.js";\nconsole.log("main ran");\n${keepAlive}`,
		"a.js": `import "./b.js";\nexport const a = 1;\n`,
		"b.js": `import { a } from "./a.js";\nexport const b = 1;\n`,
	});
	const running = start("import");
	await running.waitFor("main ran");
	project.write("b.js", `import { a } from "./a.js";\nexport const b = 2;\n`);
	await running.waitFor("[hot] A pending update was not accepted, and reached the root module:");
	await running.waitFor("  [main.js]");
	await running.waitFor("  └─ [a.js]");
	await running.waitFor("     └─ [b.js] 🔄");
	assert.equal(running.text().match(/main ran/g)?.length, 1);
	assert.doesNotMatch(running.text(), /Loaded/);
});

test("accept callbacks get the group's namespaces in the group's order, only for covering groups", async t => {
	const { project, start } = setup(t, {
		"main.js": [
			`import "./a.js";`,
			`import "./b.js";`,
			`import "./c.js";`,
			`import.meta.hot.accept(["./a.js", "./b.js"], ([a, b]) => console.log(\`group \${a.name} \${b.name}\`));`,
			`import.meta.hot.accept("./c.js", c => console.log(\`single \${c.name}\`));`,
			`import.meta.hot.accept("./b.js", b => console.log(\`second \${b.name}\`));`,
			keepAlive,
		].join("\n"),
		"a.js": `export const name = "a1";\n`,
		"b.js": `export const name = "b1";\n`,
		"c.js": `export const name = "c1";\n`,
	});
	const running = start("import");
	await running.waitFor("ready");
	project.write("b.js", `export const name = "b2";\n`);
	await running.waitFor("group a1 b2");
	await running.waitFor("second b2");
	await running.waitFor(success);
	assert.doesNotMatch(running.text(), /single/);
});

test("dispose and prune handlers run in reverse order; a removed import is pruned after the importer re-ran", async t => {
	const { project, start } = setup(t, {
		"main.js": `import "./parent.js";\nimport.meta.hot.accept("./parent.js");\n${keepAlive}`,
		"parent.js": `import "./child.js";\nconsole.log("parent v1");\n`,
		"child.js": [
			`import.meta.hot.dispose(() => console.log("child dispose 1"));`,
			`import.meta.hot.prune(() => console.log("child prune 2"));`,
			`import.meta.hot.dispose(() => console.log("child dispose 3"));`,
			"",
		].join("\n"),
	});
	const running = start("import");
	await running.waitFor("parent v1");
	project.write("parent.js", `console.log("parent v2");\n`);
	await running.waitFor("parent v2");
	await running.waitFor("child dispose 3");
	await running.waitFor("child prune 2");
	await running.waitFor("child dispose 1");
	await running.waitFor(success);
});

test("self-accept callbacks receive the new namespace; data is handed over; invalidate() re-runs in place", async t => {
	const source = (/** @type {number} */ version) =>
		[
			`export const version = ${version};`,
			`const runs = (import.meta.hot.data?.runs ?? 0) + 1;`,
			`console.log(\`run \${runs} version \${version}\`);`,
			`import.meta.hot.accept(ns => console.log(\`self-accepted \${ns.version}\`));`,
			`import.meta.hot.dispose(data => { data.runs = runs; });`,
			`if (runs === 2) setTimeout(() => import.meta.hot.invalidate(), 10);`,
			keepAlive,
		].join("\n");
	const { project, start } = setup(t, { "main.js": source(1) });
	const running = start("import");
	await running.waitFor("run 1 version 1");
	project.write("main.js", source(2));
	await running.waitFor("run 2 version 2");
	await running.waitFor("self-accepted 2");
	await running.waitFor("run 3 version 2");
	await running.waitFor(/^\[hot\] Loaded 0 new modules, reevaluated 1 existing module in \d+ms\.$/);
});

test("on('message') receives every message, also when silent", async t => {
	const { project, start } = setup(t, {
		"setup.mjs": `import { register } from "dynohot/register";\nregister({ silent: true });\n`,
		"main.js": [
			`import { value } from "./dep.js";`,
			`const off = import.meta.hot.on("message", (message, ...params) => console.log("message:", message, params.length));`,
			`import.meta.hot.accept("./dep.js");`,
			keepAlive,
		].join("\n"),
		"dep.js": `export const value = 1;\n`,
	});
	const running = start("import", { register: "setup.mjs" });
	await running.waitFor("ready");
	project.write("dep.js", `export const value = 2;\n`);
	await running.waitFor(/^message: Loaded %d new module, reevaluated %d existing modules in %dms\. 3$/);
	assert.doesNotMatch(running.text("stderr"), /\[hot\]/);
});
