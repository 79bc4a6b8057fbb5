// TypeScript in real processes: `node --import dynohot main.ts` (and --loader, and register())
// runs TypeScript apps and hot-reloads their edits on every Node line, with no Node flag and no
// experimental warning. Resolution as TypeScript users write it; tsconfig.json options and paths
// (re-read when it changes); a real app compared with the same app compiled by the real tsc; a
// real TypeScript codebase from node_modules compared with its published JavaScript; types-only
// edits; syntax errors; stack traces; tsx chained before dynohot.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { assertHot, probeURL, readProbe } from "../support/hot-probe.mjs";
import { assertNoDeprecation, modes, node, root, Running, setup } from "../support/process.mjs";

const success = /^\[hot\] Loaded \d+ new modules?, reevaluated \d+ existing modules? in \d+ms\.$/;
/** An update line anywhere in a process's output. */
const updated = new RegExp(success.source, "m");
const tsc = join(root, "node_modules/typescript/bin/tsc");
const tsx = pathToFileURL(join(root, "node_modules/tsx/dist/loader.mjs")).href;
const fixture = join(root, "tests/fixtures/typescript-app");

/**
 * `node --import dynohot --import <probe> <entry>`: the probe, after dynohot, records what
 * dynohot answered for each module (proof the run was hot).
 * @param {import("node:test").TestContext} t
 * @param {import("../support/process.mjs").Project} project
 * @param {string} entry
 * @param {string[]} [nodeArgs]
 */
function startProbed(t, project, entry, nodeArgs = []) {
	const probe = project.path("probe.jsonl");
	const running = new Running([...nodeArgs, "--import", "dynohot", "--import", probeURL, entry], { cwd: project.dir, env: { DYNOHOT_TEST_PROBE: probe } });
	t.after(() => running.kill());
	return { running, loads: () => readProbe(probe) };
}

/** The ways to start dynohot: the two flags, and `register()` from a file given to --import. */
const starts = /** @type {const} */ ([...modes, "register"]);
const registerFile = `import { register } from "dynohot/register";\nregister();\n`;

/**
 * @param {ReturnType<typeof setup>} context
 * @param {typeof starts[number]} how
 * @param {Parameters<ReturnType<typeof setup>["start"]>[1]} [options]
 */
function startAs(context, how, options = {}) {
	if (how === "register") {
		context.project.write("register.mjs", registerFile);
		return context.start("import", { ...options, register: "register.mjs" });
	}
	return context.start(how, options);
}

/**
 * No warning of Node's about TypeScript (type stripping is experimental on Node 22), nor any
 * other experimental or deprecation warning (under --loader, Node's own about that flag is
 * expected).
 * @param {import("../support/process.mjs").Running} running
 * @param {typeof starts[number]} how
 */
function assertNoWarnings(running, how) {
	assert.doesNotMatch(running.text("stderr"), /Type Stripping|TypeScript/i, running.output());
	if (how !== "loader") {
		assert.doesNotMatch(running.text("stderr"), /ExperimentalWarning/, running.output());
		assertNoDeprecation(running);
	}
}

// Resolution: the specifier forms TypeScript users write, from TypeScript importers.
const resolution = {
	"tsconfig.json": `{
		// JSONC, as tsc reads it; extends a package's config and a file beside it.
		"extends": ["@acme/tsconfig", "./tsconfig.paths.json"],
		"compilerOptions": { "strict": true, },
	}`,
	"tsconfig.paths.json": JSON.stringify({ compilerOptions: { baseUrl: ".", paths: { "@/*": ["./src/*"], "#config": ["./src/config/index.ts"] } } }),
	// A package's config (like @tsconfig/node20): its experimentalDecorators shows in how a
	// decorator is called.
	"node_modules/@acme/tsconfig/package.json": JSON.stringify({ name: "@acme/tsconfig", version: "1.0.0" }),
	"node_modules/@acme/tsconfig/tsconfig.json": JSON.stringify({ compilerOptions: { target: "es2022", module: "nodenext", experimentalDecorators: true } }),
	"main.ts": [
		`import { util } from "./src/util.js";`,
		`import { esm } from "./src/esm.mjs";`,
		`import { view } from "./src/view.jsx";`,
		`import { direct } from "./src/direct.ts";`,
		`import { bare } from "./src/bare";`,
		`import { dir } from "./src/dir";`,
		`import { db } from "@/lib/db";`,
		`import { config } from "#config";`,
		`import { plain } from "./src/plain.js";`,
		`import { base } from "src/base";`,
		`import { decorators } from "./src/decorated.js";`,
		`const show = () => console.log(["resolved", util, esm, view, direct, bare, dir, db, config, plain, base, decorators].join(" "));`,
		`show();`,
		`import.meta.hot?.accept(["./src/util.js", "@/lib/db"], show);`,
		`setInterval(() => {}, 1 << 30);`,
		"",
	].join("\n"),
	"src/util.ts": `export const util = "util";\n`,
	"src/esm.mts": `export const esm = "esm";\n`,
	"src/view.tsx": `export const view = "view";\n`,
	"src/direct.ts": `export const direct = "direct";\n`,
	"src/bare.ts": `export const bare = "bare";\n`,
	"src/dir/index.ts": `export const dir = "dir";\n`,
	"src/lib/db.ts": `export const db = "db";\n`,
	"src/config/index.ts": `export const config = "config";\n`,
	// A .js file next to a .ts one of the same name: the .js file is what `./plain.js` names.
	"src/plain.js": `export const plain = "plain-js";\n`,
	"src/plain.ts": `export const plain = "plain-ts";\n`,
	"src/base.ts": `export const base = "base";\n`,
	"src/decorated.ts": [
		`export let decorators = "none";`,
		`function mark(...args: unknown[]): void { decorators = typeof args[1] === "string" ? "legacy" : "standard"; }`,
		`class Marked { @mark method(): void {} }`,
		`new Marked();`,
		"",
	].join("\n"),
};

for (const how of starts) {
	test(`${how}: a TypeScript entry imports .js→.ts, .mjs→.mts, .jsx→.tsx, .ts, extensionless, directory, paths and baseUrl specifiers (tsconfig extends of a package and a file), and edits of .ts files apply`, async t => {
		const context = setup(t, resolution);
		const running = startAs(context, how, { entry: "main.ts" });
		await running.waitFor("resolved util esm view direct bare dir db config plain-js base legacy");
		context.project.write("src/util.ts", `export const util = "util2";\n`);
		await running.waitFor("resolved util2 esm view direct bare dir db config plain-js base legacy");
		context.project.write("src/lib/db.ts", `export const db = "db2";\n`);
		await running.waitFor("resolved util2 esm view direct bare dir db2 config plain-js base legacy");
		assert.match(running.text("stderr"), updated, running.output());
		assertNoWarnings(running, how);
	});
}

test("the entry main.ts is hot itself: a self-accepting entry re-runs with its edit", async t => {
	const entry = (/** @type {number} */ n) => `const version: number = ${n};\nconsole.log("main " + version);\nimport.meta.hot?.accept();\nimport.meta.hot?.dispose(() => clearInterval(timer));\nconst timer = setInterval(() => {}, 1 << 30);\n`;
	const { project, start } = setup(t, { "main.ts": entry(1) });
	const running = start("import", { entry: "main.ts" });
	await running.waitFor("main 1");
	project.write("main.ts", entry(2));
	await running.waitFor("main 2");
});

test("an import that names no file fails with Node's own error, naming what was written", async t => {
	const { start } = setup(t, { "main.ts": `import { x } from "./missing.js";\nconsole.log(x);\n` });
	const running = start("import", { entry: "main.ts" });
	await running.waitForExit();
	assert.match(running.text("stderr"), /ERR_MODULE_NOT_FOUND/, running.output());
	assert.match(running.text("stderr"), /missing\.js/, running.output());
});

test("a changed tsconfig.json applies to the next load: new paths, and a new closer tsconfig.json", async t => {
	const { project, start } = setup(t, {
		"tsconfig.json": JSON.stringify({ compilerOptions: { paths: { "@cfg/*": ["./a/*"] } } }),
		"a/value.ts": `export const value = "from a";\n`,
		"b/value.ts": `export const value = "from b";\n`,
		"c/value.ts": `export const value = "from c";\n`,
		"app/reader.ts": `export { value } from "@cfg/value.js";\n// 1\n`,
		"main.ts": [
			`import { value } from "./app/reader.js";`,
			`const show = () => console.log("value " + value);`,
			`show();`,
			`import.meta.hot?.accept("./app/reader.js", show);`,
			`setInterval(() => {}, 1 << 30);`,
			"",
		].join("\n"),
	});
	const running = start("import", { entry: "main.ts" });
	await running.waitFor("value from a");
	project.write("tsconfig.json", JSON.stringify({ compilerOptions: { paths: { "@cfg/*": ["./b/*"] } } }));
	project.write("app/reader.ts", `export { value } from "@cfg/value.js";\n// 2\n`);
	await running.waitFor("value from b");
	// A tsconfig.json closer to the importer than the one it used so far.
	project.write("app/tsconfig.json", JSON.stringify({ compilerOptions: { paths: { "@cfg/*": ["../c/*"] } } }));
	project.write("app/reader.ts", `export { value } from "@cfg/value.js";\n// 3\n`);
	await running.waitFor("value from c");
});

/**
 * The fixture app in a fresh project, with what tsc needs to check it (@types/node).
 * @param {import("node:test").TestContext} t
 */
function appProject(t) {
	const context = setup(t, {});
	cpSync(fixture, context.project.dir, { recursive: true });
	symlinkSync(join(root, "node_modules/@types"), context.project.path("node_modules/@types"), "dir");
	return context;
}

/** The report block the app prints (up to its "-- end" line), from the cursor on. */
async function nextReport(/** @type {import("../support/process.mjs").Running} */ running) {
	const start = running.cursor;
	await running.waitFor(/^-- end$/, { stream: "stdout" });
	const lines = running.lines.slice(start, running.cursor).filter(line => line.stream === "stdout");
	const first = lines.findIndex(line => line.text.startsWith("roles "));
	return lines.slice(first).map(line => line.text).join("\n");
}

test("a real TypeScript app runs under dynohot as tsc's output does under plain node, tsc --noEmit passes, and edits of three files apply hot", async t => {
	const { project } = appProject(t);
	execFileSync(process.execPath, [tsc, "-p", ".", "--noEmit"], { cwd: project.dir, encoding: "utf8" });
	execFileSync(process.execPath, [tsc, "-p", "."], { cwd: project.dir, encoding: "utf8" });
	// tsc leaves the `@/lib/db.js` alias as written: plain node finds it as a package.
	mkdirSync(project.path("out/node_modules/@"), { recursive: true });
	symlinkSync("../../lib", project.path("out/node_modules/@/lib"), "dir");
	const plain = spawnSync(node, ["out/main.js"], { cwd: project.dir, encoding: "utf8" });
	assert.equal(plain.status, 0, plain.stderr);
	assert.match(plain.stdout, /-- end\n$/);

	const { running, loads } = startProbed(t, project, "src/main.ts");
	const first = await nextReport(running);
	assert.equal(`${first}\n`, plain.stdout);
	await running.waitFor(/^\[app\] hot, pid \d+$/);
	assertHot(loads(), pathToFileURL(`${project.dir}/`).href, "src/main.ts");

	// Three files, each edited for real: an enum, a namespace, a decorated class.
	project.write("src/roles.ts", project.read("src/roles.ts").replace(`Viewer = "viewer"`, `Viewer = "reader"`));
	assert.match(await nextReport(running), /^roles Admin,admin Editor,editor Viewer,reader$/m);
	project.write("src/geometry.ts", project.read("src/geometry.ts").replace(`export const name = "cm";`, `export const name = "mm";`));
	assert.match(await nextReport(running), /^area 13mm² v1$/m);
	project.write("src/lib/db.ts", project.read("src/lib/db.ts").replace(`name: "ada"`, `name: "lovelace"`).replace("Db.opened++;", "Db.opened += 10;"));
	const third = await nextReport(running);
	assert.match(third, /^db .* main grace opened=10$/m);
	assert.match(third, /^calls insert\(\[object Object\]\) insert\(\[object Object\]\) find\(2\)$/m);
	assert.match(running.text("stderr"), updated, running.output());
	assertNoWarnings(running, "import");
});

test("a types-only edit re-runs nothing and says so; a syntax error in a .ts edit is reported with the .ts frame and the old code keeps running", async t => {
	const { project, start } = appProject(t);
	const running = start("import", { entry: "src/main.ts" });
	await nextReport(running);
	await running.waitFor(/^\[app\] hot/);
	// The type beside the enum, and an annotation: the JavaScript stays the same.
	project.write("src/roles.ts", project.read("src/roles.ts").replace("export type RoleName = `${Role}`;", "export type RoleName = `${Role}` | \"nobody\";\nexport type Extra = { a: number };"));
	await running.waitFor(`[hot] Types-only change in ${project.url("src/roles.ts")}; nothing to re-run.`);
	const typesOnly = running.cursor - 1;
	// A syntax error: the .ts file's own line and column, and its frame.
	const good = project.read("src/roles.ts");
	project.write("src/roles.ts", good.replace("\treturn `${role}@", "\tconst broken: = 1;\n\treturn `${role}@"));
	await running.waitFor(/^\[hot\] Error in module '.*roles\.ts':$/);
	await running.waitFor(/roles\.ts:18:\d+\)$/);
	await running.waitFor(/^> 18 \| \tconst broken: = 1;$/);
	project.write("src/roles.ts", good.replace("\treturn `${role}@", "\treturn `${role}#"));
	const after = await nextReport(running);
	assert.match(after, /^describe editor#Mid\(5\)$/m);
	// Nothing re-ran for the types-only edit: since its line, one report and one update line (the
	// fix's; stdout and stderr are two pipes, so their lines are not ordered with each other).
	running.cursor = typesOnly;
	await running.waitFor(success);
	const since = running.lines.slice(typesOnly).map(line => line.text);
	assert.equal(since.filter(text => text === "-- end").length, 1, running.output());
	assert.equal(since.filter(text => success.test(text)).length, 1, running.output());
});

test("stack traces point at .ts lines and columns with --enable-source-maps, before and after an edit that moves lines", async t => {
	const thrower = (/** @type {string} */ before) =>
		[`${before}interface Point { x: number; y: number }`, `export function where(p: Point): string {`, `\tconst error: Error = new Error("here");`, `\treturn String(error.stack);`, `}`, ""].join("\n");
	const { project, start } = setup(t, {
		"thrower.ts": thrower(""),
		"main.ts": [
			`import { where } from "./thrower.js";`,
			`const show = () => console.log("frame " + /thrower\\.ts:\\d+:\\d+/.exec(where({ x: 1, y: 2 }))?.[0]);`,
			`show();`,
			`import.meta.hot?.accept("./thrower.js", show);`,
			`setInterval(() => {}, 1 << 30);`,
			"",
		].join("\n"),
	});
	const running = start("import", { entry: "main.ts", nodeArgs: ["--enable-source-maps"] });
	// `new Error` is at line 3, column 23 of the .ts file.
	await running.waitFor("frame thrower.ts:3:23");
	project.write("thrower.ts", thrower("const moved: number = 1;\nconst down: number = moved + 1;\nexport { down };\n"));
	await running.waitFor("frame thrower.ts:6:23");
});

test("a real TypeScript codebase (@jridgewell/trace-mapping's .ts sources) runs under dynohot with the namespace and results of its published JavaScript under plain node", async t => {
	const { project } = setup(t, {});
	const packageDir = join(root, "node_modules/@jridgewell/trace-mapping");
	cpSync(join(packageDir, "src"), project.path("trace-mapping"), { recursive: true });
	const version = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")).version;
	// Its dependencies, and the published package itself, from node_modules.
	mkdirSync(project.path("node_modules/@jridgewell"));
	for (const name of readdirSync(join(root, "node_modules/@jridgewell"))) {
		symlinkSync(join(root, "node_modules/@jridgewell", name), project.path(`node_modules/@jridgewell/${name}`), "dir");
	}
	const exercise = (/** @type {string} */ from) =>
		[
			`import * as namespace from ${JSON.stringify(from)};`,
			`const map = { version: 3, file: "out.js", sources: ["a.ts", "b.ts"], names: ["x"], mappings: "AAAA,CAAC;ACAAA;;EAEE" };`,
			`const traced = new namespace.TraceMap(map);`,
			`const result = {`,
			`\tnamespace: Object.keys(namespace).sort().map(key => key + ":" + typeof namespace[key]),`,
			`\toriginal: namespace.originalPositionFor(traced, { line: 2, column: 0 }),`,
			`\tgenerated: namespace.generatedPositionFor(traced, { source: "b.ts", line: 1, column: 0 }),`,
			`\tall: namespace.allGeneratedPositionsFor(traced, { source: "a.ts", line: 1, column: 0 }),`,
			`\tdecoded: namespace.decodedMappings(traced),`,
			`\teach: (() => { const seen = []; namespace.eachMapping(traced, m => seen.push(m)); return seen; })(),`,
			`\tsourceContent: namespace.sourceContentFor(traced, "a.ts"),`,
			`\tencoded: namespace.encodedMap(namespace.presortedDecodedMap(namespace.decodedMap(traced))),`,
			`};`,
			`console.log(JSON.stringify(result));`,
			`console.log("hot " + (import.meta.hot !== undefined));`,
			"",
		].join("\n");
	project.write("published.mjs", exercise("@jridgewell/trace-mapping"));
	project.write("main.ts", exercise("./trace-mapping/trace-mapping.ts"));
	const plain = spawnSync(node, ["published.mjs"], { cwd: project.dir, encoding: "utf8" });
	assert.equal(plain.status, 0, plain.stderr);
	const [expected] = plain.stdout.split("\n");
	assert.ok(JSON.parse(String(expected)).namespace.length > 10, `@jridgewell/trace-mapping@${version} exports too little: ${expected}`);

	const { running, loads } = startProbed(t, project, "main.ts");
	await running.waitForExit();
	assert.equal(running.exit?.code, 0, running.output());
	assert.equal(running.text("stdout"), `${expected}\nhot true`);
	// Every .ts file of the codebase was a dynohot shell.
	const shells = assertHot(loads(), pathToFileURL(`${project.dir}/`).href, "main.ts");
	assert.ok(shells >= readdirSync(project.path("trace-mapping")).length, `only ${shells} shells`);
});

test("tsx chained before dynohot: its JavaScript is not stripped again, its source map is composed, edits apply", async t => {
	const { project, start } = setup(t, {
		"tsconfig.json": JSON.stringify({ compilerOptions: { target: "es2022", module: "nodenext" } }),
		"color.ts": [
			`export enum Color { Red = "red", Green = "green" }`,
			`export type Shade = "light" | "dark";`,
			`export function where(): string {`,
			`\tconst error: Error = new Error("here");`,
			`\treturn /color\\.ts:\\d+:\\d+/.exec(String(error.stack))?.[0] ?? "none";`,
			`}`,
			"",
		].join("\n"),
		"main.ts": [
			`import { Color, where } from "./color.js";`,
			`const show = () => console.log(["color", Color.Red, where()].join(" "));`,
			`show();`,
			`import.meta.hot?.accept("./color.js", show);`,
			`setInterval(() => {}, 1 << 30);`,
			"",
		].join("\n"),
	});
	const running = start("import", { entry: "main.ts", nodeArgs: ["--enable-source-maps", "--import", tsx] });
	await running.waitFor("color red color.ts:4:23");
	project.write("color.ts", project.read("color.ts").replace(`Red = "red"`, `Red = "crimson"`));
	await running.waitFor("color crimson color.ts:4:23");
	// dynohot got JavaScript from tsx (lang "js"): it cannot tell a types-only edit, and re-runs.
	project.write("color.ts", project.read("color.ts").replace(`"light" | "dark"`, `"light" | "dark" | "mid"`));
	await running.waitFor("color crimson color.ts:4:23");
	assert.doesNotMatch(running.text("stderr"), /Types-only/, running.output());
});

test("JSX in .tsx and .jsx files with the automatic runtime of tsconfig's jsxImportSource; edits apply", async t => {
	const runtime = [
		`export const Fragment = "fragment";`,
		`export function jsx(type, props) { const { children, ...rest } = props; return { type, rest, children }; }`,
		`export const jsxs = jsx;`,
		"",
	].join("\n");
	const { project, start } = setup(t, {
		"tsconfig.json": JSON.stringify({ compilerOptions: { jsx: "react-jsx", jsxImportSource: "tiny", allowJs: true } }),
		"node_modules/tiny/package.json": JSON.stringify({ name: "tiny", type: "module", exports: { "./jsx-runtime": "./jsx-runtime.js", "./jsx-dev-runtime": "./jsx-runtime.js" } }),
		"node_modules/tiny/jsx-runtime.js": runtime,
		"view.tsx": `export const view = (name: string) => <p id="x">hello {name}</p>;\n`,
		"list.jsx": `export const list = () => <><li>one</li><li>two</li></>;\n`,
		"main.ts": [
			`import { view } from "./view.js";`,
			`import { list } from "./list.jsx";`,
			`const show = () => console.log("jsx " + JSON.stringify([view("ts"), list()]));`,
			`show();`,
			`import.meta.hot?.accept(["./view.js", "./list.jsx"], show);`,
			`setInterval(() => {}, 1 << 30);`,
			"",
		].join("\n"),
	});
	const running = start("import", { entry: "main.ts" });
	await running.waitFor(`jsx [{"type":"p","rest":{"id":"x"},"children":["hello ","ts"]},{"type":"fragment","rest":{},"children":[{"type":"li","rest":{},"children":"one"},{"type":"li","rest":{},"children":"two"}]}]`);
	project.write("view.tsx", `export const view = (name: string) => <b>bye {name}</b>;\n`);
	await running.waitFor(`jsx [{"type":"b","rest":{},"children":["bye ","ts"]},`);
	project.write("list.jsx", `export const list = () => <ul />;\n`);
	await running.waitFor(`jsx [{"type":"b","rest":{},"children":["bye ","ts"]},{"type":"ul","rest":{}}]`);
});
