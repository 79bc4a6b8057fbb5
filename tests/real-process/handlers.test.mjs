// Handlers that fail, from the user's side: a throwing accept or self-accept handler is handled
// within the same update (one stats line, the app never runs a half-applied graph), a module that
// throws while evaluating is counted in the stats line before the error, and a dispose handler
// that never settles is bounded, named, and stops nothing but its own module's updates.
// The programs print to stderr, as the runtime does, so their lines and the [hot] lines keep
// their order.
import assert from "node:assert/strict";
import { test } from "node:test";
import { setup } from "../support/process.mjs";

const keepAlive = "setInterval(() => {}, 1000);\nconsole.error('ready');\n";

test("an accept handler that throws: logged, the module is re-executed in the same update, which goes on to its importers", async t => {
	const { project, start } = setup(t, {
		"main.js": `import "./child.js";\nimport.meta.hot.accept("./child.js", () => console.error("main accepted child"));\n${keepAlive}`,
		"child.js": `import { v } from "./child2.js";\nconsole.error(\`child ran with \${v}\`);\nimport.meta.hot.accept("./child2.js", () => { throw new Error("accept failed"); });\n`,
		"child2.js": `export const v = 1;\n`,
	});
	const running = start("import");
	await running.waitFor("ready");
	project.write("child2.js", `export const v = 2;\n`);
	await running.waitFor(`[hot] Caught error in module '${project.url("child.js")}' during accept of ['./child2.js']:`);
	await running.waitFor(/^Error: accept failed$/);
	await running.waitFor("child ran with 2");
	await running.waitFor("main accepted child");
	// One update: child2.js loaded, child.js re-executed.
	await running.waitFor(/^\[hot\] Loaded 1 new module, reevaluated 1 existing module in \d+ms\.$/);
	assert.equal(running.text().match(/\[hot\] Loaded/g)?.length, 1, running.output());
});

test("a self-accept handler that throws: logged, the module counts as not accepted, so an importer's accept handler for it runs", async t => {
	const child = (/** @type {number} */ n) => `export const n = ${n};\nconsole.error("child ${n}");\nimport.meta.hot.accept(() => { throw new Error("self-accept failed"); });\n`;
	const { project, start } = setup(t, {
		"main.js": `import "./child.js";\nimport.meta.hot.accept("./child.js", ns => console.error(\`main accepted child \${ns.n}\`));\n${keepAlive}`,
		"child.js": child(1),
	});
	const running = start("import");
	await running.waitFor("ready");
	project.write("child.js", child(2));
	await running.waitFor("child 2");
	await running.waitFor(`[hot] Caught error in module '${project.url("child.js")}' during self-accept:`);
	await running.waitFor(/^Error: self-accept failed$/);
	await running.waitFor("main accepted child 2");
	await running.waitFor(/^\[hot\] Loaded 1 new module, reevaluated 0 existing modules in \d+ms\.$/);
	assert.doesNotMatch(running.text(), /child 1[\s\S]*child 1/);
});

test("a module that throws while evaluating is counted in the stats line, before the error", async t => {
	const { project, start } = setup(t, {
		"main.js": `import "./dep.js";\nimport.meta.hot.accept("./dep.js");\n${keepAlive}`,
		"dep.js": `export const value = 1;\n`,
	});
	const running = start("import");
	await running.waitFor("ready");
	project.write("dep.js", `throw new Error("boom");\n`);
	await running.waitFor(/^\[hot\] Loaded 1 new module, reevaluated 0 existing modules in \d+ms\.$/, { stream: "stderr" });
	// The very next line on stderr is the error.
	await running.waitFor(/\S/, { stream: "stderr" });
	assert.match(running.lines[running.cursor - 1].text, /^\[hot\] Caught evaluation error: Error: boom$/, running.output());
});

/**
 * The scenario of a dispose handler that never settles.
 * @param {import("node:test").TestContext} t
 * @param {{ env?: NodeJS.ProcessEnv, register?: string }} options
 * @param {Record<string, string>} [extra] more files
 */
async function hangingDispose(t, options, extra = {}) {
	const { project, start } = setup(t, {
		"main.js": `import "./dep.js";\nimport "./other.js";\nimport.meta.hot.accept(["./dep.js", "./other.js"]);\n${keepAlive}`,
		"dep.js": `import.meta.hot.dispose(() => { console.error("dispose started"); return new Promise(() => {}); });\n`,
		"other.js": `console.error("other 1");\n`,
		...extra,
	});
	const running = start("import", options);
	await running.waitFor("ready");
	project.write("dep.js", `// v2\n`);
	await running.waitFor("dispose started");
	return { project, running };
}

test("a dispose handler that never settles: after the timeout the module is named and the update fails; later updates of other modules apply", async t => {
	const { project, running } = await hangingDispose(t, { env: { DYNOHOT_DISPOSE_TIMEOUT_MS: "300" } });
	await running.waitFor(`[hot] A dispose handler in module '${project.url("dep.js")}' did not settle within 300ms; the update stops waiting for it.`);
	await running.waitFor("[hot] A fatal error was encountered. The application should be restarted!");
	project.write("other.js", `console.error("other 2");\n`);
	await running.waitFor("other 2");
	await running.waitFor(/^\[hot\] Loaded 1 new module, reevaluated 0 existing modules in \d+ms\.$/);
	// The module whose handler hung is not re-executed again.
	project.write("dep.js", `// v3\n`);
	await running.waitFor("[hot] A fatal error was encountered. The application should be restarted!");
	assert.equal(running.text().match(/dispose started/g)?.length, 1, running.output());
});

test("the dispose timeout is register()'s disposeTimeout option", async t => {
	const setupFile = `import { register } from "dynohot/register";\nregister({ disposeTimeout: 200 });\n`;
	const { project, running } = await hangingDispose(t, { register: "setup.mjs" }, { "setup.mjs": setupFile });
	await running.waitFor(`[hot] A dispose handler in module '${project.url("dep.js")}' did not settle within 200ms; the update stops waiting for it.`);
	await running.waitFor("[hot] A fatal error was encountered. The application should be restarted!");
});
