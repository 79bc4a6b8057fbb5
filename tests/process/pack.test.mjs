// `npm install dynohot` for real: the package is packed, installed offline from the tarball into
// a fresh project, and an app runs under `--import dynohot` and `--loader dynohot` and picks up an
// edit. Only what users need is in the package.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Running, root } from "../helpers/process.mjs";

/** @type {string} */
let project;
before(() => {
	const packs = mkdtempSync(join(tmpdir(), "dynohot-pack-"));
	execFileSync("npm", ["pack", "--pack-destination", packs, "--silent"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
	const tarball = join(packs, readdirSync(packs).find(name => name.endsWith(".tgz")) ?? "missing.tgz");
	project = mkdtempSync(join(tmpdir(), "dynohot-installed-"));
	writeFileSync(join(project, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
	execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--silent", tarball], { cwd: project, stdio: ["ignore", "ignore", "inherit"] });
	rmSync(packs, { recursive: true, force: true });
	const contents = readdirSync(join(project, "node_modules/dynohot"));
	assert.ok(!contents.includes("tests") && !contents.includes("target") && !contents.includes("bench"), contents.join(", "));
});
after(() => rmSync(project, { recursive: true, force: true }));

for (const flag of ["--import", "--loader"]) {
	test(`an installed dynohot runs an app with ${flag} dynohot and applies an edit`, async t => {
		writeFileSync(join(project, "main.js"), `import { value } from "./value.js";\nimport.meta.hot?.accept("./value.js");\nsetInterval(() => console.log(\`value=\${value}\`), 10);\n`);
		writeFileSync(join(project, "value.js"), "export const value = 1;\n");
		const running = new Running([flag, "dynohot", "main.js"], { cwd: project });
		t.after(() => running.kill());
		await running.waitFor("value=1");
		writeFileSync(join(project, "value.js"), "export const value = 2;\n");
		await running.waitFor("value=2");
	});
}
