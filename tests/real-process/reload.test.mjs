// Hot reloading in real processes: a temp project, `node --import dynohot` (or `--loader`), files
// edited on disk, and the new code observed through what the program prints or serves.
import assert from "node:assert/strict";
import { test } from "node:test";
import { assertNoDeprecation, get, modes, setup } from "../support/process.mjs";

const success = /^\[hot\] Loaded \d+ new modules?, reevaluated \d+ existing modules? in \d+ms\.$/;

/** The README example: a value imported by an accepting entry, printed on an interval. */
const interval = {
	"main.js": [
		`import { value } from "./value.js";`,
		`import.meta.hot?.accept("./value.js");`,
		`setInterval(() => console.log(\`value=\${value}\`), 10);`,
		"",
	].join("\n"),
	"value.js": "export const value = 1;\n",
};

for (const mode of modes) {
	test(`--${mode}: the README example prints new values after edits`, async t => {
		const { project, start } = setup(t, interval);
		const running = start(mode);
		await running.waitFor("value=1");
		project.write("value.js", "export const value = 2;\n");
		await running.waitFor(success);
		await running.waitFor("value=2");
		project.write("value.js", "export const value = 3;\n");
		await running.waitFor("value=3");
		if (mode === "import") assertNoDeprecation(running);
	});

	test(`--${mode}: a self-accepting HTTP server closes on dispose and the new code answers`, async t => {
		const { project, start } = setup(t, {
			"main.js": server("v1"),
		});
		const running = start(mode);
		const [, port1] = await running.waitFor(/^listening (\d+)$/);
		assert.equal(await get(`http://127.0.0.1:${port1}/`), "v1");
		project.write("main.js", server("v2"));
		await running.waitFor("closed");
		const [, port2] = await running.waitFor(/^listening (\d+)$/);
		assert.equal(await get(`http://127.0.0.1:${port2}/`), "v2");
		if (port1 !== port2) await assert.rejects(get(`http://127.0.0.1:${port1}/`));
	});

	test(`--${mode}: import.meta.hot.data is handed across a reload`, async t => {
		const generation = (/** @type {string} */ comment) =>
			[
				`const generation = (import.meta.hot?.data?.generation ?? 0) + 1;`,
				`console.log(\`generation \${generation}\`);`,
				`import.meta.hot?.dispose(data => { data.generation = generation; });`,
				`import.meta.hot?.accept();`,
				`setInterval(() => {}, 1000);`,
				`// ${comment}`,
				"",
			].join("\n");
		const { project, start } = setup(t, { "main.js": generation("one") });
		const running = start(mode);
		await running.waitFor("generation 1");
		project.write("main.js", generation("two"));
		await running.waitFor("generation 2");
		project.write("main.js", generation("three"));
		await running.waitFor("generation 3");
	});

	test(`--${mode}: a JSON module edit is applied`, async t => {
		const { project, start } = setup(t, {
			"main.js": [
				`import config from "./config.json" with { type: "json" };`,
				`import.meta.hot?.accept("./config.json");`,
				`setInterval(() => console.log(\`name=\${config.name}\`), 10);`,
				"",
			].join("\n"),
			"config.json": `{ "name": "first" }\n`,
		});
		const running = start(mode);
		await running.waitFor("name=first");
		project.write("config.json", `{ "name": "second" }\n`);
		await running.waitFor("name=second");
	});

	test(`--${mode}: a dependency accept swaps middleware without restarting the server`, async t => {
		const { project, start } = setup(t, {
			"main.js": [
				`import http from "node:http";`,
				`import { handle } from "./middleware.js";`,
				`import.meta.hot?.accept("./middleware.js");`,
				`const server = http.createServer((request, response) => handle(request, response));`,
				`server.listen(0, "127.0.0.1", () => console.log(\`listening \${server.address().port}\`));`,
				"",
			].join("\n"),
			"middleware.js": middleware("first"),
		});
		const running = start(mode);
		const [, port] = await running.waitFor(/^listening (\d+)$/);
		assert.equal(await get(`http://127.0.0.1:${port}/`), "first");
		project.write("middleware.js", middleware("second"));
		await running.waitFor(success);
		assert.equal(await get(`http://127.0.0.1:${port}/`), "second");
		assert.equal(running.lines.filter(line => line.text.startsWith("listening")).length, 1, running.output());
	});

	test(`--${mode}: saves that write a temp file and rename it over the original are applied`, async t => {
		const { project, start } = setup(t, interval);
		const running = start(mode);
		await running.waitFor("value=1");
		project.writeAtomic("value.js", "export const value = 2;\n");
		await running.waitFor("value=2");
		project.writeAtomic("value.js", "export const value = 3;\n");
		await running.waitFor("value=3");
	});

	test(`--${mode}: after 20 rapid saves the last content wins`, async t => {
		const { project, start } = setup(t, interval);
		const running = start(mode);
		await running.waitFor("value=1");
		for (let i = 2; i <= 21; i++) {
			project.write("value.js", `export const value = ${i};\n`);
			await new Promise(resolve => setImmediate(resolve));
		}
		await running.waitFor("value=21");
		// Later updates (if any were queued) must not bring back an older value.
		await running.waitFor("value=21");
		const cursor = running.cursor;
		for (let i = 0; i < 20; i++) await running.waitFor(/^value=/);
		const later = running.lines.slice(cursor).filter(line => line.text.startsWith("value="));
		assert.ok(later.every(line => line.text === "value=21"), running.output());
	});

	test(`--${mode}: a syntax error in an edit is reported, the old code keeps running, the fix applies`, async t => {
		const { project, start } = setup(t, interval);
		const running = start(mode);
		await running.waitFor("value=1");
		project.write("value.js", "export const value = ;\n");
		await running.waitFor(`[hot] Error in module '${project.url("value.js")}':`);
		await running.waitFor(/SyntaxError/);
		await running.waitFor(`${project.url("value.js")}:1:`);
		await running.waitFor("value=1");
		project.write("value.js", "export const value = 2;\n");
		await running.waitFor("value=2");
	});

	test(`--${mode}: a deleted file keeps its old code and reloads when restored`, async t => {
		const { project, start } = setup(t, interval);
		const running = start(mode);
		await running.waitFor("value=1");
		project.remove("value.js");
		for (let i = 0; i < 10; i++) await running.waitFor("value=1");
		assert.doesNotMatch(running.text("stderr"), /Error/);
		project.write("value.js", "export const value = 2;\n");
		await running.waitFor("value=2");
	});

	test(`--${mode}: an edit that imports a missing module gives Node's own error and keeps the old code`, async t => {
		const { project, start } = setup(t, interval);
		const running = start(mode);
		await running.waitFor("value=1");
		project.write("value.js", `export { value } from "./missing.js";\n`);
		await running.waitFor(`[hot] Error in module '${project.url("value.js")}':`);
		await running.waitFor(/Cannot find module '.*missing\.js' imported from .*value\.js/);
		await running.waitFor("value=1");
		project.write("missing.js", "export const value = 3;\n");
		project.write("value.js", `export { value } from "./missing.js";\n// again\n`);
		await running.waitFor("value=3");
	});

	test(`--${mode}: a declined update is reported and changes nothing`, async t => {
		const { project, start } = setup(t, {
			"main.js": [
				`import { value } from "./value.js";`,
				`setInterval(() => console.log(\`value=\${value}\`), 10);`,
				"",
			].join("\n"),
			"value.js": "import.meta.hot?.decline();\nexport const value = 1;\n",
		});
		const running = start(mode);
		await running.waitFor("value=1");
		project.write("value.js", "import.meta.hot?.decline();\nexport const value = 2;\n");
		await running.waitFor("[hot] A pending update was explicitly declined:");
		await running.waitFor("- value.js");
		await running.waitFor("value=1");
		assert.doesNotMatch(running.text("stdout"), /value=2/);
	});

	test(`--${mode}: an unaccepted update is reported with the path to the root`, async t => {
		const { project, start } = setup(t, {
			"main.js": [
				`import { value } from "./value.js";`,
				`setInterval(() => console.log(\`value=\${value}\`), 10);`,
				"",
			].join("\n"),
			"value.js": "export const value = 1;\n",
		});
		const running = start(mode);
		await running.waitFor("value=1");
		project.write("value.js", "export const value = 2;\n");
		await running.waitFor("[hot] A pending update was not accepted, and reached the root module:");
		await running.waitFor("  [main.js]");
		await running.waitFor("  └─ [value.js] 🔄");
		await running.waitFor("value=1");
		assert.doesNotMatch(running.text("stdout"), /value=2/);
	});
}

/** @param {string} body */
function server(body) {
	return [
		`import http from "node:http";`,
		`const server = http.createServer((request, response) => response.end(${JSON.stringify(body)}));`,
		`server.listen(0, "127.0.0.1", () => console.log(\`listening \${server.address().port}\`));`,
		`import.meta.hot?.accept();`,
		`import.meta.hot?.dispose(() => new Promise(resolve => {`,
		`	server.close(() => { console.log("closed"); resolve(undefined); });`,
		`	server.closeAllConnections();`,
		`}));`,
		"",
	].join("\n");
}

/** @param {string} body */
function middleware(body) {
	return `export function handle(request, response) { response.end(${JSON.stringify(body)}); }\n`;
}
