// The napi-rs packaging conventions, checked against the CLI that generates them: the committed
// `native.cjs` loader and the `npm/<platform>/` packages are exactly what `napi build --js` and
// `napi create-npm-dirs` produce for this package.json (so a version bump, a rename or a CLI
// upgrade without regenerating fails here); the published file list holds every module the entry
// points reach; the exports resolve; engines admits the Node versions the tests run on.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";
import { NapiCli, readNapiConfig, writeJsBinding } from "@napi-rs/cli";
import { supportedLines } from "../../scripts/node-lines.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const packageJson = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));

/** @param {import("node:test").TestContext} t */
function tempDir(t) {
	const dir = mkdtempSync(join(tmpdir(), "dynohot-packaging-"));
	t.after(() => rmSync(dir, { recursive: true, force: true }));
	return dir;
}

/**
 * What native.d.ts declares the addon exports, in its order (napi-rs writes native.cjs's exports
 * in the same order). A `#[napi(string_enum)]` is an object of its values at run time, declared
 * as the union of those values (`constEnum: false`), so that JavaScript callers pass plain strings.
 */
function declared() {
	return [...readFileSync(join(root, "native.d.ts"), "utf8").matchAll(/^export (?:declare (?:function|class|const|enum) (\w+)|type (\w+) = ')/gm)]
		.map(([, name, union]) => name ?? union)
		.filter(name => name !== "__napiBindingTarget"); // the loader's own stamp, not the addon's
}

/** The exports of the binary built here (the one `native.cjs` loads on this machine). */
function addonExports() {
	const binaries = readdirSync(root).filter(name => /^dynohot\..+\.node$/.test(name));
	assert.equal(binaries.length, 1, `expected one local build of the addon in ${root}, found: ${binaries.join(", ") || "none (run npm run build)"}`);
	return Object.keys(createRequire(join(root, "package.json"))(`./${binaries[0]}`)).sort();
}

test("native.cjs is what napi build --js generates for this package and this addon", async t => {
	const config = await readNapiConfig(join(root, "package.json"));
	const out = tempDir(t);
	await writeJsBinding({
		platform: true,
		idents: declared(),
		jsBinding: "native.cjs",
		binaryName: config.binaryName,
		packageName: config.packageName,
		version: packageJson.version,
		outputDir: out,
	});
	assert.ok(
		readFileSync(join(out, "native.cjs"), "utf8") === readFileSync(join(root, "native.cjs"), "utf8"),
		"native.cjs is stale: run `npm run build` and commit native.cjs and native.d.ts",
	);
});

test("native.d.ts declares exactly what the addon exports", () => {
	assert.deepEqual(declared().sort(), addonExports());
});

test("npm/ holds exactly the platform packages napi create-npm-dirs generates", async t => {
	const out = tempDir(t);
	copyFileSync(join(root, "package.json"), join(out, "package.json"));
	await new NapiCli().createNpmDirs({ cwd: out });
	/** @param {string} dir */
	const tree = dir =>
		Object.fromEntries(
			readdirSync(dir, { recursive: true, withFileTypes: true })
				.filter(entry => entry.isFile())
				.map(entry => {
					const path = join(entry.parentPath, entry.name);
					return [path.slice(dir.length + 1), readFileSync(path, "utf8")];
				}),
		);
	assert.deepEqual(tree(join(root, "npm")), tree(join(out, "npm")), "npm/ is stale: run `npx napi create-npm-dirs` and commit npm/");
	// The list the missing-binary error quotes.
	const { prebuilt } = await import("../../src/native.js");
	assert.deepEqual([...prebuilt].sort(), readdirSync(join(root, "npm")).sort());
});

test("the error for a platform without a binary names it and says what to do", () => {
	const script = `
		const { createRequire } = require("node:module");
		const Module = require("node:module");
		const original = Module._load;
		// No binary fits: every candidate native.cjs tries fails, as on an unsupported platform.
		Module._load = function (request, ...rest) {
			if (/dynohot[.-]/.test(request) && !request.endsWith(".js")) throw Object.assign(new Error("Cannot find module " + request), { code: "MODULE_NOT_FOUND" });
			return original.call(this, request, ...rest);
		};
		import(${JSON.stringify(new URL("src/native.js", `file://${root}`).href)}).then(
			() => console.log("loaded"),
			error => { console.log(error.message); console.log("cause: " + error.cause?.message.split("\\n")[0]); },
		);
	`;
	const output = execFileSync(process.execPath, ["--input-type=commonjs", "-e", script], {
		encoding: "utf8",
		env: { ...process.env, NAPI_RS_NATIVE_LIBRARY_PATH: "" },
	});
	const platform = `${process.platform}-${process.arch}`;
	assert.match(output, new RegExp(`^dynohot: no native binary for ${platform}`));
	assert.match(output, /npm ci && npm run build/);
	assert.match(output, /cause: Cannot find native binding/);
	if (platform === "linux-x64") assert.match(output, /in the package dynohot-linux-x64-gnu, an optional dependency/);
});

/** The package's file list as `npm pack` makes it. @returns {string[]} */
function packedFiles() {
	const [{ files }] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8" }));
	return files.map((/** @type {{ path: string }} */ file) => file.path).sort();
}

/**
 * The repository files a module names by a relative path in a string literal (static and dynamic
 * imports, `new URL(…, import.meta.url)` for hooks and workers, `require` of native.cjs, `.node`
 * binaries), followed through every JavaScript file reached. Literals naming no existing file
 * (examples in comments) are not followed.
 * @param {string[]} entries repository-relative paths
 */
function reachable(entries) {
	const seen = new Set(entries);
	const queue = [...entries];
	for (let path = queue.pop(); path !== undefined; path = queue.pop()) {
		if (!/\.(?:mjs|cjs|js)$/.test(path)) continue;
		const source = readFileSync(join(root, path), "utf8");
		for (const [, specifier] of source.matchAll(/["'`](\.\.?\/[\w./-]+)["'`]/g)) {
			const target = relative(root, resolve(root, dirname(path), specifier));
			if (target.startsWith("..") || seen.has(target) || !existsSync(join(root, target)) || !statSync(join(root, target)).isFile()) continue;
			seen.add(target);
			queue.push(target);
		}
	}
	return [...seen].sort();
}

test("the packed files hold every module the package's entry points (exports and bin) reach, and nothing else of the repository", () => {
	const packed = packedFiles();
	/** @param {unknown} target @returns {string[]} */
	const targets = target => (typeof target === "string" ? [target] : Object.values(/** @type {object} */ (target)).flatMap(targets));
	const entries = [...new Set([...targets(packageJson.exports), ...targets(packageJson.bin ?? {})].map(target => target.replace(/^\.\//, "")))];
	const needed = reachable(entries);
	// Guards the walk itself: the runtime, the hooks worker entry and the addon loader are reached.
	for (const path of ["src/runtime/index.js", "src/loader/hooks.js", "src/loader/broadcast-listener.js", "native.cjs", "import-meta.d.ts"]) {
		assert.ok(needed.includes(path), `${path} is not reached from the exports: the walk is broken`);
	}
	assert.deepEqual(
		needed.filter(path => !packed.includes(path)),
		[],
		"reached from the exports but not packed (package.json `files`)",
	);
	// Published besides the reachable modules: the docs, the licence, the metadata, the binary built here.
	const extra = packed.filter(path => !needed.includes(path) && !/^(?:README\.md|LICENSE|package\.json|dynohot\.[\w-]+\.node)$/.test(path));
	assert.deepEqual(extra, [], "packed but reached from no entry point");
});

test("the exports resolve through the package's own name to packed files", async () => {
	const packed = packedFiles();
	for (const [specifier, file] of [
		["dynohot", "loader.mjs"],
		["dynohot/loader", "loader.mjs"],
		["dynohot/register", "register.mjs"],
		["dynohot/package.json", "package.json"],
	]) {
		const url = import.meta.resolve(specifier);
		assert.equal(url, pathToFileURL(join(root, file)).href, specifier);
		assert.ok(packed.includes(file), `${specifier} resolves to ${file}, which is not packed`);
	}
	// Types only: nothing for Node to load, as Node says.
	assert.throws(() => import.meta.resolve("dynohot/import-meta"), { code: "ERR_PACKAGE_PATH_NOT_EXPORTED" });
	assert.throws(() => import.meta.resolve("dynohot/src/runtime/index.js"), { code: "ERR_PACKAGE_PATH_NOT_EXPORTED" });
	// The `register` export is the function loader.mjs uses, not a second copy.
	const { register } = await import("dynohot/register");
	assert.equal(typeof register, "function");
});

test("engines admits every Node version the tests run on, and none the code cannot run on", () => {
	const semver = createRequire(import.meta.url)("semver");
	const range = packageJson.engines.node;
	for (const version of [process.versions.node, ...Object.values(supportedLines)]) {
		assert.ok(semver.satisfies(version, range), `engines.node ${range} excludes Node ${version}, which the tests run on`);
	}
	// Import attributes (`with`, which every shell uses for JSON and the hot attribute) arrived in
	// Node 20.10; odd-numbered lines are never tested.
	for (const version of ["20.9.0", "21.7.3", "23.11.0", "25.0.0"]) {
		assert.ok(!semver.satisfies(version, range), `engines.node ${range} admits Node ${version}`);
	}
});
