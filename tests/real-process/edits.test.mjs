// Edits that must never be lost or invented, from the user's side: an importer saved while one of
// its imports is missing runs once the import is back; a build tool that rewrites unchanged files
// together with a changed one makes only the changed one an edit (a lone `touch` still re-runs).
// The programs print to stderr, as the runtime does, so their lines and the [hot] lines keep
// their order.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { utimesSync, writeFileSync } from "node:fs";
import { test } from "node:test";
import { modes, node, setup } from "../support/process.mjs";

const keepAlive = "setInterval(() => {}, 1000);\nconsole.error('ready');\n";

for (const mode of modes) {
	test(`an importer edited while its import is missing runs once the import comes back (--${mode})`, async t => {
		const { project, start } = setup(t, {
			"main.js": `import "./importer.js";\nimport.meta.hot.accept("./importer.js");\n${keepAlive}`,
			"importer.js": `import { v } from "./dep.js";\nconsole.error(\`importer 1 \${v}\`);\n`,
			"dep.js": `export const v = "a";\n`,
		});
		const running = start(mode);
		await running.waitFor("importer 1 a");
		await running.waitFor("ready");
		project.remove("dep.js");
		project.write("importer.js", `import { v } from "./dep.js";\nconsole.error(\`importer 2 \${v}\`);\n`);
		// Node's in-thread resolution (module.registerHooks) may still resolve the deleted file
		// from its cache (the new importer then runs with the dep.js it has); else Node's error.
		const [missing] = await running.waitFor(/^(\[hot\] Error in module '.*':|importer 2 a)$/);
		if (missing !== "importer 2 a") {
			assert.equal(missing, `[hot] Error in module '${project.url("importer.js")}':`);
			await running.waitFor(`Error [ERR_MODULE_NOT_FOUND]: Cannot find module '${project.path("dep.js")}' imported from ${project.path("importer.js")}`);
		}
		project.write("dep.js", `export const v = "b";\n`);
		// The new importer, not the old one re-executed against the new dep.js.
		await running.waitFor(/^importer \d b$/);
		assert.equal(running.lines[running.cursor - 1].text, "importer 2 b", running.output());
		await running.waitFor(/^\[hot\] Loaded \d new modules?, reevaluated \d existing modules? in \d+ms\.$/);
	});
}

test("an import of a file that does not exist yet: the importer runs once the file is created", async t => {
	const { project, start } = setup(t, {
		"main.js": `import "./importer.js";\nimport.meta.hot.accept("./importer.js");\n${keepAlive}`,
		"importer.js": `console.error("importer 1");\n`,
	});
	const running = start("import");
	await running.waitFor("ready");
	project.write("importer.js", `import { v } from "./new.js";\nconsole.error(\`importer 2 \${v}\`);\n`);
	await running.waitFor(`Error [ERR_MODULE_NOT_FOUND]: Cannot find module '${project.path("new.js")}' imported from ${project.path("importer.js")}`);
	project.write("new.js", `export const v = "new";\n`);
	await running.waitFor("importer 2 new");
	await running.waitFor(/^\[hot\] Loaded 2 new modules, reevaluated 0 existing modules in \d+ms\.$/);
});

/** A root that accepts nothing, a module that accepts its leaf: only a leaf edit can apply. */
const buildOutput = {
	"main.js": `import "./mid.js";\nconsole.error("main ran");\n${keepAlive}`,
	"mid.js": `import { v } from "./leaf.js";\nconsole.error(\`mid ran with \${v}\`);\nimport.meta.hot.accept("./leaf.js", ns => console.error(\`mid accepted leaf \${ns.v}\`));\n`,
	"leaf.js": `export const v = 1;\nconsole.error("leaf ran");\n`,
};

test("a batch that rewrites unchanged files next to a changed one (a build): only the changed file is an edit", async t => {
	const { project, start } = setup(t, buildOutput);
	const running = start("import");
	await running.waitFor("ready");
	// As tsc writes its outputs: every file, back to back, most of them with the same bytes.
	writeFileSync(project.path("main.js"), buildOutput["main.js"]);
	writeFileSync(project.path("mid.js"), buildOutput["mid.js"]);
	writeFileSync(project.path("leaf.js"), `export const v = 2;\nconsole.error("leaf ran");\n`);
	await running.waitFor("mid accepted leaf 2");
	await running.waitFor(/^\[hot\] Loaded 1 new module, reevaluated 0 existing modules in \d+ms\.$/);
	assert.doesNotMatch(running.text(), /not accepted/, running.output());
	// The next build, with the next change: compared with what runs now, not with the start.
	writeFileSync(project.path("mid.js"), buildOutput["mid.js"]);
	writeFileSync(project.path("leaf.js"), `export const v = 3;\nconsole.error("leaf ran");\n`);
	await running.waitFor("mid accepted leaf 3");
	await running.waitFor(/^\[hot\] Loaded 1 new module, reevaluated 0 existing modules in \d+ms\.$/);
	assert.doesNotMatch(running.text(), /not accepted/, running.output());
});

test("a lone touch re-runs the module; a batch in which nothing changed touches each file", async t => {
	const { project, start } = setup(t, buildOutput);
	const running = start("import");
	await running.waitFor("ready");
	const later = new Date(Date.now() + 5_000);
	utimesSync(project.path("leaf.js"), later, later);
	await running.waitFor("leaf ran");
	await running.waitFor("mid accepted leaf 1");
	await running.waitFor(/^\[hot\] Loaded 1 new module, reevaluated 0 existing modules in \d+ms\.$/);
	// Both rewritten, neither changed: each is an edit, as when touched on purpose.
	writeFileSync(project.path("mid.js"), buildOutput["mid.js"]);
	writeFileSync(project.path("leaf.js"), buildOutput["leaf.js"]);
	await running.waitFor("[hot] A pending update was not accepted, and reached the root module:");
	await running.waitFor("  [main.js]");
	await running.waitFor("  └─ [mid.js] 🔄");
});

/**
 * A loader chained before dynohot (in Node's hooks thread, so it may wait) that makes the first
 * reload of b.js a read mid-save (empty text, the save completing on disk just after), and has
 * c.js watch b.js too and holds c.js's first reload for 3 s, saving a.js meanwhile: a.js's update
 * runs while the batch that read b.js half-saved still loads.
 */
const tornLoader = `
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
const loads = new Map();
export async function load(url, context, nextLoad) {
	const n = (loads.get(url) ?? 0) + 1;
	loads.set(url, n);
	if (url.endsWith("/b.js") && n === 2) {
		const path = fileURLToPath(url);
		const whole = readFileSync(path, "utf8");
		setTimeout(() => writeFileSync(path, whole + "// saved\\n"), 1500);
		return { format: "module", source: "", shortCircuit: true };
	}
	// c.js watches b.js too: a save of b.js reloads both, in one batch.
	if (url.endsWith("/c.js")) {
		context.hot.watch(new URL(url));
		context.hot.watch(new URL("./b.js", url));
	}
	if (url.endsWith("/c.js") && n === 2) {
		// Meanwhile another file is saved.
		setTimeout(() => writeFileSync(new URL("./a.js", url), "export const a = 2;\\n"), 100);
		await new Promise(resolve => setTimeout(resolve, 3000));
	}
	return nextLoad(url, context);
}
`;

test("--loader: code read mid-save is never seen by an update another file starts while the read's batch still loads", async t => {
	const { project, start } = setup(t, {
		"torn.mjs": tornLoader,
		"main.js": [
			`import { a } from "./a.js";`,
			`import { b } from "./b.js";`,
			`import { c } from "./c.js";`,
			`import.meta.hot.accept(["./a.js", "./b.js", "./c.js"], () => console.error(\`main sees a=\${a} b=\${b} c=\${c}\`));`,
			keepAlive,
		].join("\n"),
		"a.js": "export const a = 1;\n",
		"b.js": "export const b = 1;\n",
		"c.js": "export const c = 1;\n",
	});
	const running = start("loader", { before: ["torn.mjs"] });
	await running.waitFor("ready");
	// One batch reloads b.js (read half-saved) and c.js (held in the loader).
	writeFileSync(project.path("b.js"), "export const b = 2;\n");
	// a.js is saved while c.js loads: its update must not link against b.js's empty code. (On
	// Node 24 and 26 the hooks thread serves one load at a time: a.js's reload waits for c.js's,
	// and the updates come after the check either way; on 20 and 22 they overlap.) Then b.js as
	// saved whole.
	await running.waitFor("main sees a=2 b=2 c=1");
	assert.doesNotMatch(running.text(), /link error|does not provide an export/, running.output());
});

/** A loader chained before dynohot that holds the first reload of a.js for 800 ms. */
const slowLoader = `
const loads = new Map();
export async function load(url, context, nextLoad) {
	const n = (loads.get(url) ?? 0) + 1;
	loads.set(url, n);
	if (url.endsWith("/a.js") && n === 2) await new Promise(resolve => setTimeout(resolve, 800));
	return nextLoad(url, context);
}
`;

test("--loader: a batch that loads while an earlier one still loads is applied with it, in one update", async t => {
	const major = Number(/^v(\d+)/.exec(execFileSync(node, ["--version"], { encoding: "utf8" }))?.[1]);
	if (major >= 24) {
		// There Node's hooks thread serves one request at a time: the second batch only starts
		// loading once the first has loaded, so no two batches overlap for the runtime to join.
		t.skip("batches cannot overlap on this Node line (its hooks thread serves one request at a time)");
		return;
	}
	const { project, start } = setup(t, {
		"slow.mjs": slowLoader,
		"main.js": [
			`import { a } from "./a.js";`,
			`import { b } from "./b.js";`,
			`import.meta.hot.accept(["./a.js", "./b.js"], () => console.error(\`main sees a=\${a} b=\${b}\`));`,
			keepAlive,
		].join("\n"),
		"a.js": "export const a = 1;\n",
		"b.js": "export const b = 1;\n",
	});
	const running = start("loader", { before: ["slow.mjs"] });
	await running.waitFor("ready");
	// Two saves 300 ms apart: two batches of the watcher; the first loads for 800 ms.
	writeFileSync(project.path("a.js"), "export const a = 2;\n");
	await new Promise(resolve => setTimeout(resolve, 300));
	writeFileSync(project.path("b.js"), "export const b = 2;\n");
	await running.waitFor(/^main sees /);
	assert.equal(running.lines[running.cursor - 1]?.text, "main sees a=2 b=2", running.output());
	await running.waitFor(/^\[hot\] Loaded 2 new modules, reevaluated 0 existing modules in \d+ms\.$/);
});
