// `npx dynohot main.ts`: the command over a TypeScript app (the loader's TypeScript support and
// the supervisor together), with real files edited on disk. Every wait is on a printed line.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { Project, Running, root } from "../support/process.mjs";

const bin = join(root, "bin", "dynohot.mjs");

/**
 * @param {import("node:test").TestContext} t
 * @param {Record<string, string>} files
 */
function setup(t, files) {
	const project = new Project(files);
	/** @type {Running[]} */
	const running = [];
	t.after(async () => {
		await Promise.all(running.map(process => process.kill()));
		for (const process of running) {
			for (const match of process.text().matchAll(/pid=(\d+)/g)) {
				try {
					globalThis.process.kill(Number(match[1]), "SIGKILL");
				} catch {}
			}
		}
		project.dispose();
	});
	return {
		project,
		/** @param {string[]} args */
		dynohot(args) {
			const process = new Running([bin, ...args], { cwd: project.dir });
			running.push(process);
			return process;
		},
	};
}

const files = {
	"tsconfig.json": JSON.stringify({ compilerOptions: { module: "nodenext", strict: true, baseUrl: ".", paths: { "@/*": ["./src/*"] } } }),
	"main.ts": `import { describe } from "@/value.js";
import type { Shape } from "./src/types.js";
const shape: Shape = { kind: "square", size: 2 };
console.log(\`\${describe(shape)} pid=\${process.pid}\`);
import.meta.hot?.accept("@/value.js", ns => console.log(\`\${ns.describe(shape)} pid=\${process.pid}\`));
setInterval(() => {}, 1000);
`,
	"src/types.ts": "export interface Shape { kind: string; size: number }\n",
	"src/value.ts": `import { Shape } from "./types.js";
enum Unit { Cm = "cm", In = "in" }
export function describe(shape: Shape): string {
	return \`\${shape.kind} \${shape.size}\${Unit.Cm} v1\`;
}
`,
};

test("npx dynohot main.ts: a TypeScript app runs hot; an accepted edit keeps the process, a types-only edit re-runs nothing, an edit no module accepts restarts", async t => {
	const { project, dynohot } = setup(t, files);
	const app = dynohot(["main.ts"]);
	const [, pid] = /** @type {RegExpExecArray} */ (await app.waitFor(/^square 2cm v1 pid=(\d+)$/));

	// Accepted by main.ts (through the `paths` alias): same process, new code.
	project.write("src/value.ts", files["src/value.ts"].replace("Unit.Cm} v1", "Unit.In} v2"));
	await app.waitFor(`square 2in v2 pid=${pid}`);

	// Only types change: nothing re-runs, nothing restarts, one line says so.
	project.write("src/value.ts", files["src/value.ts"].replace("Unit.Cm} v1", "Unit.In} v2").replace("(shape: Shape): string", "(shape: Readonly<Shape>): string | undefined"));
	await app.waitFor(/^\[hot\] Types-only change in .*value\.ts; nothing to re-run\.$/);
	assert.equal(app.lines.filter(line => line.text === `square 2in v2 pid=${pid}`).length, 1, app.output());

	// main.ts itself changes and nothing accepts it: one restart, with its reason, and the new code.
	project.write("main.ts", files["main.ts"].replace("describe(shape)} pid", "describe(shape)} again pid"));
	const [, second] = /** @type {RegExpExecArray} */ (await app.waitFor(/^square 2in v2 again pid=(\d+)$/));
	assert.notEqual(second, pid);
	assert.match(app.text("stderr"), /^\[hot\] restarting: main\.ts changed/m);
	assert.equal(app.lines.filter(line => line.text.startsWith("[hot] restarting")).length, 1, app.output());
	assert.doesNotMatch(app.output(), /ExperimentalWarning/);
});
