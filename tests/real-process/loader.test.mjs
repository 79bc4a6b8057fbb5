// The loader in real processes: what a program sees on first load (adapters, import.meta.url,
// stack traces, errors, exit), other loaders chained before dynohot, and `register()` options.
import assert from "node:assert/strict";
import { test } from "node:test";
import { assertNoDeprecation, modes, setup } from "../support/process.mjs";

/**
 * A TypeScript-like loader for `.ts` files, chained before dynohot (so dynohot calls it through
 * `nextLoad`). It strips `: type` annotations, appends an inline source map, injects a load
 * counter and the text of `<file>.extra` (which it watches through `context.hot.watch`), and
 * calls `context.hot.invalidate()` once, shortly after the first load of `invalidate-me.ts`.
 * It fails loudly if dynohot's `hot` attribute ever reaches it.
 */
const tsLike = `
import * as nodeModule from "node:module";
import { readFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { isMainThread } from "node:worker_threads";

const loads = new Map();
const then = (value, fn) => value instanceof Promise ? value.then(fn) : fn(value);
const check = context => {
	if (context.importAttributes && "hot" in context.importAttributes) throw new Error("the hot attribute leaked to another loader");
};

export function resolve(specifier, context, nextResolve) {
	check(context);
	return then(nextResolve(specifier, context), result =>
		result.url.endsWith(".ts") ? { ...result, format: "module" } : result);
}

export function load(url, context, nextLoad) {
	check(context);
	if (!url.endsWith(".ts")) return nextLoad(url, context);
	if (url.includes("?")) throw new Error("a backing URL leaked to another loader: " + url);
	const path = fileURLToPath(url);
	const extraPath = path + ".extra";
	const extra = existsSync(extraPath) ? readFileSync(extraPath, "utf8").trim() : "";
	const n = (loads.get(url) ?? 0) + 1;
	loads.set(url, n);
	if (context.hot) {
		context.hot.watch(new URL(url));
		context.hot.watch(new URL(url + ".extra"));
		if (url.endsWith("invalidate-me.ts") && n === 1) setTimeout(() => context.hot.invalidate(), 200);
	}
	const code = readFileSync(path, "utf8").replace(/: (number|string)/g, "") +
		"export const extra = " + JSON.stringify(extra) + ";\\nexport const hasHot = " + String(context.hot !== undefined) + ";\\n";
	return { format: "module", source: code, shortCircuit: true };
}

if (isMainThread) {
	if (nodeModule.registerHooks) nodeModule.registerHooks({ resolve, load });
	else nodeModule.register(import.meta.url);
}
`;

for (const mode of modes) {
	test(`--${mode}: a program that finishes exits promptly, though its files are watched`, async t => {
		const { start } = setup(t, {
			"main.js": `import { value } from "./value.js";\nconsole.log(\`done \${value}\`);\n`,
			"value.js": "export const value = 1;\n",
		});
		const running = start(mode);
		await running.waitFor("done 1");
		assert.deepEqual(await running.waitForExit(5_000), { code: 0, signal: null }, running.output());
		if (mode === "import") assertNoDeprecation(running);
	});

	test(`--${mode}: CommonJS, builtins, JSON, data: URLs and node_modules are usable; import.meta.url is the file URL`, async t => {
		const { project, start } = setup(t, {
			"main.js": [
				`import { readFileSync } from "node:fs";`,
				`import path from "node:path";`,
				`import cjs, { named } from "./lib.cjs";`,
				`import config from "./config.json" with { type: "json" };`,
				`import { fromData } from "data:text/javascript,export const fromData = 'data';";`,
				`import { fromPackage } from "some-package";`,
				`import { url as childURL } from "./child.js";`,
				`console.log(\`cjs=\${cjs.value} named=\${named} json=\${config.name} data=\${fromData} package=\${fromPackage}\`);`,
				`console.log(\`builtins=\${typeof readFileSync} \${typeof path.join}\`);`,
				`console.log(\`url=\${import.meta.url}\`);`,
				`console.log(\`child=\${childURL}\`);`,
				`console.log(\`resolved=\${import.meta.resolve("./child.js")}\`);`,
				`console.log(\`stack=\${new Error("here").stack?.split("\\n")[1]}\`);`,
				"",
			].join("\n"),
			"child.js": "export const url = import.meta.url;\n",
			"lib.cjs": "exports.value = 'commonjs';\nexports.named = 'named';\n",
			"config.json": `{ "name": "json" }\n`,
			"node_modules/some-package/package.json": JSON.stringify({ name: "some-package", type: "module", exports: "./index.js" }),
			"node_modules/some-package/index.js": "export const fromPackage = 'package';\n",
		});
		const running = start(mode);
		await running.waitFor("cjs=commonjs named=named json=json data=data package=package");
		await running.waitFor("builtins=function function");
		await running.waitFor(`url=${project.url("main.js")}`);
		await running.waitFor(`child=${project.url("child.js")}`);
		await running.waitFor(`resolved=${project.url("child.js")}`);
		const [stack] = await running.waitFor(/^stack=.*/);
		assert.match(stack, new RegExp(`${escape(project.url("main.js"))}:13:\\d+`));
		assert.doesNotMatch(stack, /hot=/);
		assert.deepEqual(await running.waitForExit(), { code: 0, signal: null }, running.output());
	});

	test(`--${mode}: a syntax error on first load fails the process with the diagnostic`, async t => {
		const { project, start } = setup(t, {
			"main.js": `import { value } from "./value.js";\nconsole.log(value);\n`,
			"value.js": "const a = 1;\nexport const value = ;\n",
		});
		const running = start(mode);
		const exit = await running.waitForExit();
		assert.notEqual(exit.code, 0, running.output());
		const stderr = running.text("stderr");
		assert.match(stderr, /SyntaxError/);
		assert.match(stderr, new RegExp(`${escape(project.url("value.js"))}:2:22`));
		assert.match(stderr, /> 2 \| export const value = ;/);
		assert.doesNotMatch(running.text("stdout"), /./);
	});

	test(`--${mode}: an import of a missing module fails with Node's own error`, async t => {
		const { start } = setup(t, {
			"main.js": `import { value } from "./missing.js";\nconsole.log(value);\n`,
		});
		const running = start(mode);
		const exit = await running.waitForExit();
		assert.notEqual(exit.code, 0, running.output());
		assert.match(running.text("stderr"), /ERR_MODULE_NOT_FOUND/);
		assert.match(running.text("stderr"), /Cannot find module '.*[/\\]missing\.js' imported from .*[/\\]main\.js/);
	});

	test(`--${mode}: an error thrown by the entry fails the process`, async t => {
		const { start } = setup(t, {
			"main.js": `console.log("running");\nthrow new Error("entry failed");\n`,
		});
		const running = start(mode);
		await running.waitFor("running");
		const exit = await running.waitForExit();
		assert.notEqual(exit.code, 0, running.output());
		assert.match(running.text("stderr"), /Error: entry failed/);
	});

	test(`--${mode}: a loader chained before dynohot gets real URLs, no hot attribute, and a working context.hot`, async t => {
		const { project, start } = setup(t, {
			"ts-like.mjs": tsLike,
			"main.js": [
				`import { value, extra, hasHot } from "./value.ts";`,
				`import * as invalidated from "./invalidate-me.ts";`,
				`import.meta.hot?.accept(["./value.ts", "./invalidate-me.ts"]);`,
				`console.log(\`hasHot=\${hasHot}\`);`,
				`setInterval(() => console.log(\`value=\${value} extra=\${extra} invalidated=\${invalidated.count}\`), 10);`,
				"",
			].join("\n"),
			"value.ts": "export const value: number = 1;\n",
			"invalidate-me.ts": "let loads: number = 0;\nexport const count = globalThis.__invalidateLoads = (globalThis.__invalidateLoads ?? 0) + 1;\n",
		});
		const running = start(mode, { before: ["ts-like.mjs"] });
		await running.waitFor("hasHot=true");
		await running.waitFor("value=1 extra= ");
		// invalidate() from the other loader reloads the module (no file changed).
		await running.waitFor(/invalidated=2$/);
		project.write("value.ts", "export const value: number = 2;\n");
		await running.waitFor(/^value=2 extra= /);
		// A file the other loader asked to watch.
		project.write("value.ts.extra", "sidecar\n");
		await running.waitFor(/^value=2 extra=sidecar /);
	});
}

test("--import with register({ silent, ignore }): no [hot] messages, ignored modules are not reloaded", async t => {
	const { project, start } = setup(t, {
		"setup.mjs": `import { register } from "dynohot/register";\nregister({ silent: true, ignore: /[/\\\\]vendor[/\\\\]/ });\n`,
		"main.js": [
			`import { value } from "./value.js";`,
			`import { vendor } from "./vendor/lib.js";`,
			`import.meta.hot?.accept(["./value.js", "./vendor/lib.js"]);`,
			`setInterval(() => console.log(\`value=\${value} vendor=\${vendor}\`), 10);`,
			"",
		].join("\n"),
		"value.js": "export const value = 1;\n",
		"vendor/lib.js": "export const vendor = 1;\n",
	});
	const running = start("import", { register: "setup.mjs" });
	await running.waitFor("value=1 vendor=1");
	project.write("vendor/lib.js", "export const vendor = 2;\n");
	project.write("value.js", "export const value = 2;\n");
	await running.waitFor("value=2 vendor=1");
	project.write("value.js", "export const value = 3;\n");
	await running.waitFor("value=3 vendor=1");
	assert.doesNotMatch(running.text("stderr"), /\[hot\]/);
	assertNoDeprecation(running);
});

test("importing dynohot/register has no side effect", async t => {
	const { start } = setup(t, {
		"setup.mjs": `import "dynohot/register";\n`,
		"main.js": `console.log(\`hot=\${typeof import.meta.hot}\`);\n`,
	});
	const running = start("import", { register: "setup.mjs" });
	await running.waitFor("hot=undefined");
	assert.deepEqual(await running.waitForExit(), { code: 0, signal: null }, running.output());
});

/** @param {string} text */
function escape(text) {
	return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
