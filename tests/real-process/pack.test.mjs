// `npm install dynohot` for real, offline, from tarballs made by `npm pack`, into fresh projects
// with `"type": "module"`; an app runs under `--import dynohot` and `--loader dynohot` and picks up
// an edit. Three layouts:
// - "local build": the tarball of this checkout, which carries the binary built here
//   (`files` includes `dynohot.*.node`): what `npm pack` gives after `npm run build`.
// - "release": what a release publishes: the root package without any binary, with the
//   `optionalDependencies` that `napi pre-publish` writes (one per `npm/` platform package; the
//   ones for other platforms cannot be fetched offline and npm skips them), plus this platform's
//   package `dynohot-<platform>` built from `npm/<platform>/` with the binary copied in.
// - "no binary": the release root package alone: starting fails with the error that names the
//   platform and the missing package.
// Runs on every Node line (`DYNOHOT_TEST_NODE`); npm itself is the machine's.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { after, before, test } from "node:test";
import { Running, root } from "../support/process.mjs";

const scratch = mkdtempSync(join(tmpdir(), "dynohot-pack-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** @param {string[]} args @param {string} cwd */
const npm = (args, cwd) => execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_update_notifier: "false" } });

/**
 * `npm pack` a directory into `scratch/<name>/`; returns the tarball's path.
 * @param {string} dir
 * @param {string} name
 */
function pack(dir, name) {
	const destination = join(scratch, `tgz-${name}`);
	mkdirSync(destination);
	npm(["pack", "--ignore-scripts", "--silent", "--pack-destination", destination], dir);
	const [tarball] = readdirSync(destination).filter(file => file.endsWith(".tgz"));
	assert.ok(tarball !== undefined, `npm pack wrote no tarball for ${dir}`);
	return join(destination, tarball);
}

/**
 * A fresh project with the tarballs installed offline.
 * @param {string} name
 * @param {string[]} tarballs
 */
function install(name, tarballs) {
	const project = join(scratch, `app-${name}`);
	mkdirSync(project);
	writeFileSync(join(project, "package.json"), JSON.stringify({ name: `app-${name}`, private: true, type: "module" }));
	npm(["install", "--offline", "--no-audit", "--no-fund", "--no-package-lock", ...tarballs], project);
	return project;
}

/**
 * The installed directories of dynohot's `dependencies`, and of theirs, transitively.
 * @returns {string[]}
 */
function runtimeDependencies() {
	/** @type {Set<string>} */
	const seen = new Set();
	/** @param {string} dir */
	const visit = dir => {
		const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
		for (const name of Object.keys(manifest.dependencies ?? {})) {
			const installed = join(root, "node_modules", name);
			if (seen.has(installed)) continue;
			seen.add(installed);
			visit(installed);
		}
	};
	visit(root);
	return [...seen];
}

/** @type {Record<"local build" | "release" | "no binary", string>} */
const projects = { "local build": "", release: "", "no binary": "" };
/** The binary built here: `dynohot.<platform>.node`. */
const binary = readdirSync(root).find(name => /^dynohot\..+\.node$/.test(name));
const platform = binary?.split(".")[1];

before(() => {
	assert.ok(binary !== undefined && platform !== undefined, "no local build of the addon: run npm run build");
	// dynohot's runtime dependencies, packed from the installed copies, so `--offline` never
	// depends on what the npm cache happens to hold.
	const dependencies = runtimeDependencies().map(dir => pack(dir, basename(dir)));
	const local = pack(root, "local");
	projects["local build"] = install("local", [local, ...dependencies]);

	// The release layout: the same package without the binary, plus the platform package.
	const staged = join(scratch, "staged");
	mkdirSync(staged);
	execFileSync("tar", ["-xzf", local, "-C", staged]);
	const rootPackage = join(staged, "package");
	rmSync(join(rootPackage, binary));
	const manifest = JSON.parse(readFileSync(join(rootPackage, "package.json"), "utf8"));
	manifest.optionalDependencies = Object.fromEntries(
		readdirSync(join(root, "npm")).map(dir => [JSON.parse(readFileSync(join(root, "npm", dir, "package.json"), "utf8")).name, manifest.version]),
	);
	assert.ok(manifest.optionalDependencies[`dynohot-${platform}`], `npm/${platform} is missing`);
	writeFileSync(join(rootPackage, "package.json"), JSON.stringify(manifest, null, 2));
	const release = pack(rootPackage, "release");
	const platformPackage = join(scratch, "platform");
	cpSync(join(root, "npm", platform), platformPackage, { recursive: true });
	copyFileSync(join(root, binary), join(platformPackage, binary));
	projects.release = install("release", [release, pack(platformPackage, "platform"), ...dependencies]);
	projects["no binary"] = install("no-binary", [release, ...dependencies]);
});

test("the installed package holds only what users need", () => {
	const installed = join(projects["local build"], "node_modules/dynohot");
	const top = readdirSync(installed).sort();
	for (const unwanted of ["tests", "target", "bench", "examples", "scripts", "docs", "npm", "Cargo.toml", ".cache"]) {
		assert.ok(!top.includes(unwanted), `${unwanted} was published: ${top.join(", ")}`);
	}
	assert.ok(top.includes(/** @type {string} */ (binary)), `the local build's binary is missing: ${top.join(", ")}`);
	assert.deepEqual(readdirSync(join(installed, "src")).sort(), ["cli", "constants.js", "loader", "native.js", "runtime"]);
	const release = readdirSync(join(projects.release, "node_modules")).sort();
	assert.deepEqual(release.filter(name => name.startsWith("dynohot")), ["dynohot", `dynohot-${platform}`]);
	assert.ok(!readdirSync(join(projects.release, "node_modules/dynohot")).some(name => name.endsWith(".node")));
});

for (const layout of /** @type {const} */ (["local build", "release"])) {
	for (const flag of ["--import", "--loader"]) {
		test(`${layout}: an installed dynohot runs an app with ${flag} dynohot and applies an edit`, async t => {
			const project = projects[layout];
			const dir = mkdtempSync(join(project, "app-"));
			writeFileSync(join(dir, "main.js"), `import { value } from "./value.js";\nimport.meta.hot?.accept("./value.js");\nconsole.log(\`hot=\${typeof import.meta.hot}\`);\nsetInterval(() => console.log(\`value=\${value}\`), 10);\n`);
			writeFileSync(join(dir, "value.js"), "export const value = 1;\n");
			const running = new Running([flag, "dynohot", "main.js"], { cwd: dir });
			t.after(() => running.kill());
			await running.waitFor("hot=object");
			await running.waitFor("value=1");
			writeFileSync(join(dir, "value.js"), "export const value = 2;\n");
			await running.waitFor(/^\[hot\] Loaded 1 new module, reevaluated 0 existing modules in \d+ms\.$/, { stream: "stderr" });
			await running.waitFor("value=2");
		});
	}
}

test("the installed types work in a TypeScript project (no @types/node needed)", () => {
	// Strict, lib checks on, both ways in: `import type {} from "dynohot"` and the reference.
	const project = mkdtempSync(join(projects["local build"], "types-"));
	writeFileSync(join(project, "import.ts"), `import type {} from "dynohot";\nimport type { Hot } from "dynohot";\nimport { register } from "dynohot/register";\nregister({ silent: true });\nconst hot: Hot<{ count: number }> | undefined = import.meta.hot;\nhot?.dispose(data => { data.count = 1; });\nimport.meta.hot?.accept(["./a.js", "./b.js"] as const, ([a, b]) => void [a, b]);\n`);
	writeFileSync(join(project, "reference.ts"), `/// <reference types="dynohot/import-meta" />\nimport.meta.dynoHot?.accept();\nexport {};\n`);
	writeFileSync(join(project, "wrong.ts"), `import type {} from "dynohot";\nimport.meta.hot?.accept(42);\n`);
	const tsc = (/** @type {string[]} */ files) =>
		spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "--noEmit", "--strict", "--module", "nodenext", "--target", "es2022", ...files], { cwd: project, encoding: "utf8" });
	for (const file of ["import.ts", "reference.ts"]) {
		const result = tsc([file]);
		assert.equal(result.status, 0, `${file}:\n${result.stdout}${result.stderr}`);
	}
	const wrong = tsc(["wrong.ts"]);
	assert.match(wrong.stdout, /^wrong\.ts\(2,25\): error TS2769/m, wrong.stdout);
});

test("no binary for the platform: starting fails with an error that says what to do", async () => {
	writeFileSync(join(projects["no binary"], "main.js"), `console.log("ran");\n`);
	const running = new Running(["--import", "dynohot", "main.js"], { cwd: projects["no binary"] });
	const exit = await running.waitForExit();
	assert.notEqual(exit.code, 0, running.output());
	assert.ok(!running.text("stdout").includes("ran"), running.output());
	const stderr = running.text("stderr");
	assert.match(stderr, new RegExp(`dynohot: no native binary for ${platform}`), running.output());
	assert.match(stderr, new RegExp(`in the package dynohot-${platform}, an optional dependency of dynohot`), running.output());
});
