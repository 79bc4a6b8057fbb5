// Edit-to-running latency: a process prints a marker when new code runs; the time from the file
// write to the marker, median of 20 edits. Against the original dynohot 1.2.1 (started the way its
// README says, `--import dynohot`, i.e. its dist/loader/register.js) and `node --watch`, the time
// from the write to the restarted process's marker.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { dynohot } from "./package.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * @param {string} node
 * @param {string[]} args
 * @param {number} edits
 * @returns {Promise<number>}
 */
async function latency(node, args, edits) {
	const dir = mkdtempSync(join(tmpdir(), "dynohot-bench-update-"));
	writeFileSync(join(dir, "package.json"), `{ "type": "module" }`);
	writeFileSync(join(dir, "main.js"), `import "./dep.js";\nimport.meta.hot?.accept("./dep.js");\nsetInterval(() => {}, 1000);\n`);
	writeFileSync(join(dir, "dep.js"), `console.log("v0");\n`);
	const child = spawn(node, [...args, "main.js"], { cwd: dir, stdio: ["ignore", "pipe", "ignore"] });
	/** @type {(version: number) => void} */
	let seen = () => {};
	let buffer = "";
	child.stdout.on("data", chunk => {
		buffer += chunk;
		const lines = buffer.split("\n");
		buffer = lines.pop() ?? "";
		for (const line of lines) {
			const match = /^v(\d+)$/.exec(line);
			if (match) seen(Number(match[1]));
		}
	});
	const waitFor = (/** @type {number} */ version) =>
		new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`no v${version} from ${args.join(" ")}`)), 10_000);
			seen = v => {
				if (v === version) {
					clearTimeout(timer);
					resolve(undefined);
				}
			};
		});
	await waitFor(0);
	await new Promise(resolve => setTimeout(resolve, 300));
	/** @type {number[]} */
	const times = [];
	try {
		for (let i = 1; i <= edits; i++) {
			const done = waitFor(i);
			const start = performance.now();
			writeFileSync(join(dir, "dep.js"), `console.log("v${i}");\n`);
			await done;
			times.push(performance.now() - start);
			await new Promise(resolve => setTimeout(resolve, 100));
		}
	} finally {
		child.kill();
	}
	times.sort((a, b) => a - b);
	return times[Math.floor(times.length / 2)];
}

/**
 * @param {number} ms
 * @param {number} ours
 */
const ratio = (ms, ours) => (Number.isNaN(ms) ? "" : ` (${(ms / ours).toFixed(0)}x)`);

/** @param {unknown} error */
function failed(error) {
	console.error(String(error));
	return NaN;
}

/** @param {{ name: string, node: string }[]} nodes */
export async function run(nodes) {
	const edits = 20;
	const lines = [
		`Median of ${edits} edits each; in parentheses, how many times dynohot's latency.`,
		"",
		"| Node | dynohot | original dynohot 1.2.1 | node --watch (restart to ready) |",
		"| --- | ---: | ---: | ---: |",
	];
	for (const { name, node } of nodes) {
		const ours = await latency(node, ["--import", join(dynohot(), "loader.mjs")], edits);
		const original = await latency(node, ["--import", join(root, "node_modules/dynohot-js/dist/loader/register.js")], edits).catch(failed);
		const watch = await latency(node, ["--watch"], edits).catch(failed);
		const ms = (/** @type {number} */ t) => (Number.isNaN(t) ? "fails" : `${t.toFixed(1)} ms`);
		lines.push(`| ${name} | ${ms(ours)} | ${ms(original)}${ratio(original, ours)} | ${ms(watch)}${ratio(watch, ours)} |`);
	}
	return lines.join("\n");
}
