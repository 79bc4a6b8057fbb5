// The napi-rs packaging conventions, checked against the CLI that generates them: the committed
// `native.cjs` loader and the `npm/<platform>/` packages are exactly what `napi build --js` and
// `napi create-npm-dirs` produce for this package.json (so a version bump, a rename or a CLI
// upgrade without regenerating fails here), and the published file list holds what users need.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { NapiCli, readNapiConfig, writeJsBinding } from "@napi-rs/cli";

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
	assert.ok(packageJson.napi.targets.includes("x86_64-unknown-linux-gnu"));
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
	const output = execFileSync(process.execPath, ["--input-type=commonjs", "-e", script], { encoding: "utf8", env: { ...process.env, NAPI_RS_NATIVE_LIBRARY_PATH: "" } });
	const platform = `${process.platform}-${process.arch}`;
	assert.match(output, new RegExp(`^dynohot: no native binary for ${platform}`));
	assert.match(output, /npm ci && npm run build/);
	assert.match(output, /cause: Cannot find native binding/);
	if (platform === "linux-x64") assert.match(output, /in the package dynohot-linux-x64-gnu, an optional dependency/);
});

test("the package: exports resolve to packed files, and only what users need is packed", () => {
	assert.deepEqual(Object.keys(packageJson.exports).sort(), [".", "./import-meta", "./loader", "./package.json", "./register"]);
	assert.equal(packageJson.engines.node, ">=20.10");
	const [{ files }] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8" }));
	/** @type {string[]} */
	const packed = files.map((/** @type {{ path: string }} */ file) => file.path).sort();
	/** @param {unknown} target @returns {string[]} */
	const targets = target => (typeof target === "string" ? [target] : Object.values(/** @type {object} */ (target)).flatMap(targets));
	for (const target of targets(packageJson.exports)) assert.ok(packed.includes(target.replace(/^\.\//, "")), `${target} is exported but not packed`);
	for (const path of packed) {
		assert.match(path, /^(?:[^/]+\.(?:mjs|cjs|d\.ts|node|md|json)|src\/(?:native\.js|constants\.js|runtime\/[\w-]+\.js|loader\/[\w-]+\.js)|LICENSE)$/, `${path} should not be published`);
	}
	for (const needed of ["README.md", "package.json", "loader.mjs", "register.mjs", "native.cjs", "src/native.js", "src/constants.js", "src/runtime/index.js", "index.d.ts", "import-meta.d.ts", "register.d.ts"]) {
		assert.ok(packed.includes(needed), `${needed} is not packed`);
	}
});
