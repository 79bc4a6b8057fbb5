// Worker threads in real processes: a `new Worker(new URL("./worker.js", import.meta.url))` runs
// its modules hot in every mode (`--import dynohot`, `--loader dynohot`, and a project file
// calling `register()` through `--import`): the worker has its own `import.meta.hot`, runtime and
// watcher, and an edit of a file the worker imports is applied inside the worker.
import assert from "node:assert/strict";
import { test } from "node:test";
import { assertNoDeprecation, setup } from "../support/process.mjs";

const success = /^\[hot\] Loaded 1 new module, reevaluated 0 existing modules in \d+ms\.$/;

const files = {
	"setup.js": `import { register } from "dynohot/register";\nregister();\n`,
	"main.js": [
		`import { Worker } from "node:worker_threads";`,
		`console.log(\`main hot=\${typeof import.meta.hot}\`);`,
		`const worker = new Worker(new URL("./worker.js", import.meta.url));`,
		`worker.on("message", message => console.log(\`from worker: \${message}\`));`,
		`worker.on("error", error => console.log(\`worker failed: \${error}\`));`,
		"",
	].join("\n"),
	"worker.js": [
		`import { parentPort } from "node:worker_threads";`,
		`import { value } from "./value.js";`,
		`import "./self.js";`,
		`parentPort.postMessage(\`hot=\${typeof import.meta.hot} value=\${value}\`);`,
		`import.meta.hot?.accept("./value.js", () => parentPort.postMessage(\`accepted value=\${value}\`));`,
		// Keeps the worker alive (the watcher does not).
		`setInterval(() => {}, 1000);`,
		"",
	].join("\n"),
	"value.js": "export const value = 1;\n",
	"self.js": selfAccepting("v1"),
};

/** @param {string} version */
function selfAccepting(version) {
	return [`import { parentPort } from "node:worker_threads";`, `parentPort.postMessage("self ${version}");`, `import.meta.hot?.accept();`, ""].join("\n");
}

for (const mode of /** @type {const} */ (["import", "loader", "register"])) {
	test(`--${mode === "register" ? "import ./setup.js (register())" : `${mode} dynohot`}: a worker's modules are hot: its own import.meta.hot, edits applied inside the worker`, async t => {
		const { project, start } = setup(t, files);
		const running = start(mode === "loader" ? "loader" : "import", mode === "register" ? { register: "setup.js" } : {});
		await running.waitFor("main hot=object");
		await running.waitFor("from worker: self v1");
		await running.waitFor("from worker: hot=object value=1");
		// An edit of a dependency the worker accepts: its handler sees the new binding.
		const mark = running.cursor;
		project.write("value.js", "export const value = 2;\n");
		await running.waitFor("from worker: accepted value=2");
		// The worker's runtime reports the update (stderr may come after the worker's message).
		running.cursor = mark;
		await running.waitFor(success, { stream: "stderr" });
		// An edit of a self-accepting module in the worker: re-evaluated there.
		project.write("self.js", selfAccepting("v2"));
		await running.waitFor("from worker: self v2");
		assert.doesNotMatch(running.text(), /worker failed|not accepted/, running.output());
		if (mode !== "loader") assertNoDeprecation(running);
	});
}
