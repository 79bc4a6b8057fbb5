// Every `[hot]` line goes through the runtime's one logger: `silent` silences all of them, and
// `import.meta.hot.on("message")` sees all of them (also those printed outside an update).
import assert from "node:assert/strict";
import { test } from "node:test";
import { setup } from "../support/process.mjs";

const keepAlive = "setInterval(() => {}, 1000);\nconsole.log('ready');\n";
const silentSetup = `import { register } from "dynohot/register";\nregister({ silent: true, disposeTimeout: 200 });\n`;

test("silent: no [hot] line on stderr, and on('message') gets each of them", async t => {
	const { project, start } = setup(t, {
		"setup.mjs": silentSetup,
		"main.js": [
			`import { format } from "node:util";`,
			`import.meta.hot.on("message", (message, ...params) => console.log("message:", format(message, ...params).split("\\n")[0]));`,
			`import "./dep.js";`,
			`import.meta.hot.accept("./dep.js");`,
			`import.meta.hot.accept("./nope.js");`,
			keepAlive,
		].join("\n"),
		"dep.js": `import.meta.hot.dispose(() => new Promise(() => {}));\n`,
	});
	const running = start("import", { register: "setup.mjs" });
	await running.waitFor("message: ./nope.js was not imported by this module");
	await running.waitFor("ready");
	project.write("dep.js", `export const = ;\n`);
	await running.waitFor(`message: Error in module '${project.url("dep.js")}':`);
	project.write("dep.js", `// v2\n`);
	await running.waitFor(`message: A dispose handler in module '${project.url("dep.js")}' did not settle within 200ms; the update stops waiting for it.`);
	await running.waitFor("message: A fatal error was encountered. The application should be restarted!");
	assert.doesNotMatch(running.text("stderr"), /\[hot\]|Trace/, running.output());
});

test("not silent: the accept() warning is a [hot] line that points at the call", async t => {
	const { project, start } = setup(t, {
		"main.js": `console.log("main");\nimport.meta.hot.accept("./nope.js");\n${keepAlive}`,
	});
	const running = start("import");
	await running.waitFor("[hot] ./nope.js was not imported by this module", { stream: "stderr" });
	await running.waitFor(new RegExp(`^ {4}at .*${project.url("main.js").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:2:\\d+\\)?$`), { stream: "stderr" });
	assert.doesNotMatch(running.text("stderr"), /Trace/);
});

test("a CommonJS entry: the 'not ESM' line is a [hot] line, and silent silences it", async t => {
	const { start } = setup(t, {
		"setup.mjs": `import { register } from "dynohot/register";\nregister({ silent: true });\n`,
		"main.cjs": `console.log("cjs ran");\n`,
	});
	const loud = start("import", { entry: "main.cjs" });
	await loud.waitFor("cjs ran");
	await loud.waitForExit();
	assert.match(loud.text("stderr"), /^\[hot\] 'file:\/\/\/.*main\.cjs' is not ESM; hot module reloading is disabled$/m, loud.output());
	const quiet = start("import", { entry: "main.cjs", register: "setup.mjs" });
	await quiet.waitFor("cjs ran");
	await quiet.waitForExit();
	assert.equal(quiet.text("stderr"), "", quiet.output());
});
